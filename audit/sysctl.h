/* Namespaced sysctls a container set: its network and IPC namespaces' values against a fresh
 * namespace's (what Kubernetes' securityContext.sysctls and podman's --sysctl change). */
#pragma once

#include <stdbool.h>

#include "lib/strv.h"
#include "facts/fact.h"

struct sysctl_cache {
	bool tried, ok;
	int procsysfd;		   /* the host's /proc/sys */
	int own_net, own_ipc;	   /* ctguard's namespaces, to come back to */
	struct strv names, values; /* a fresh namespace's: "net.ipv4.x" and its value */
};

/* Fills sysctl.set with the names whose value in the namespaces of the process at piddirfd
 * differs from a fresh namespace's; a namespace shared with the host (host_net, host_ipc) has
 * nothing set by the container. Needs a live /proc and CAP_SYS_ADMIN (setns, unshare): without
 * them the fact stays unknown. Returns 0, -ENOMEM, or -ENOTRECOVERABLE when ctguard could not
 * return to its own namespaces. */
int sysctl_facts(struct sysctl_cache *c, int procfd, int piddirfd, bool host_net, bool host_ipc,
		 struct facts *f);
void sysctl_cache_free(struct sysctl_cache *c);
