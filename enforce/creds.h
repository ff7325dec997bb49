/* Credentials of a launched command: names resolved against the target's /etc/passwd and
 * /etc/group (never through NSS, which would load code chosen by the host's nsswitch.conf),
 * then applied with setgroups, setresgid and setresuid. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "lib/error.h"
#include "lib/strv.h"

#define CREDS_GROUPS_MAX 64

struct creds {
	uid_t uid;
	gid_t gid;
	gid_t groups[CREDS_GROUPS_MAX];
	size_t ngroups;
};

/* Resolves user, group (NULL: the user's primary group from passwd, else 65534) and the
 * supplementary groups. Numbers are taken as is; names are looked up in rootfd's /etc/passwd
 * and /etc/group (rootfd -1: no files, so numbers only). uid 0 is refused unless allow_root.
 * Returns 0, -ENOENT (unknown name), -EINVAL (bad number, too many groups) or -EPERM (root
 * refused), with err set. */
int creds_resolve(int rootfd, const char *user, const char *group, const struct strv *groups,
		  bool allow_root, struct creds *out, struct error *err);

/* setgroups, setresgid, setresuid, in that order; the caller holds CAP_SETUID/CAP_SETGID.
 * Does not allocate. Returns 0 or a negative errno with err naming the call. */
int creds_apply(const struct creds *c, struct error *err);
