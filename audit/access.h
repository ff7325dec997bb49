/* Access, not only reachability: whether a process with given host credentials could open a
 * file it can reach, by the kernel's discretionary checks (owner, group, other bits, and
 * CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH where they count). A pure function of its inputs, for
 * every reader that finds a socket, device or file reachable from a container. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "kernel/idmap.h"

struct access_creds {
	uint32_t fsuid, fsgid;	/* host view */
	const uint32_t *groups; /* supplementary gids, host view */
	int ngroups;
	uint64_t caps_eff;	    /* effective capabilities, held in the process's user ns */
	const struct idmap *uidmap; /* that namespace's maps; NULL: the host's (all mapped) */
	const struct idmap *gidmap;
};

enum access_want { ACCESS_READ = 4, ACCESS_WRITE = 2 };

/* True when creds may open the file described by st for want (ACCESS_READ | ACCESS_WRITE; a
 * unix socket is connected to with write permission). Capabilities count only when the file's
 * owner and group are mapped in the process's user namespace, as the kernel's
 * capable_wrt_inode_uidgid() requires: a rootless container's capabilities do not override the
 * mode of a host file owned by root. LSMs and the device cgroup may refuse more: this answers
 * "could", never "could not" for them. */
bool access_as(const struct stat *st, const struct access_creds *c, int want);
