/* Rootless containers seen from the host: who owns a user namespace, and which process groups
 * are a user's namespace holders (podman's pause process, RootlessKit's engine) rather than
 * containers. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/host.h"
#include "audit/identity.h"

/* The host uid owning the user namespace of the process whose /proc directory is piddirfd
 * (NS_GET_OWNER_UID; live /proc only), or -1 when it cannot be had. */
int64_t rootless_userns_owner(int piddirfd);

/* The container.owner, userns.owner_uid and userns.rootless facts. owner is the namespace's
 * owner uid (-1: unknown), host_user whether it is the host's user namespace (-1 unknown).
 * Returns 0 or -ENOMEM. */
int rootless_facts(int hostrootfd, int64_t owner, int host_user, struct facts *f);

/* True when a process group with facts f is a rootless user's namespace holder, not a
 * container: it shares the host's pid namespace and not the host's user namespace, every
 * member runs as one non-root UID (the namespace's owner, when the kernel says), and it holds
 * podman's pause process (the pid in run/user/UID/libpod/tmp/pause.pid) with only conmon,
 * slirp4netns or rootlessport beside it; or its init is the child of a host rootlesskit (a
 * rootless Docker or containerd engine). */
struct rootless_holder {
	pid_t pid;    /* the pause process, or the RootlessKit child at the group's top */
	uint32_t uid; /* its user */
};

/* When true, out (if not NULL) says which process holds the namespaces and for whom. */
bool rootless_is_holder(struct host_ctx *ctx, const struct process *members, size_t n,
			const struct facts *f, struct rootless_holder *out);

/* Sets ns_holder of every rootless container of c (n of them) whose owner has a holder among
 * h (nh of them). */
void rootless_mark_holders(const struct rootless_holder *h, size_t nh, struct facts *c, size_t n);
