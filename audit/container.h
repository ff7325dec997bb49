/* Internal to audit/: the parts of the host walk (audit/host.c) that read one container
 * (audit/container.c) and the per-namespace reads they share (audit/nscache.c). */
#pragma once

#include "audit/host.h"

/* Cached per-namespace reads (audit/nscache.c). host_mntns reads through piddirfd's root when
 * that view can be the whole namespace, else from the namespace root (audit/mntns.h). NULL:
 * out of memory. host_ns_cache_free frees the caches (host_close). */
const struct userns_entry *host_userns(struct host_ctx *ctx, int piddirfd, uint64_t ino);
const struct mntns_entry *host_mntns(struct host_ctx *ctx, int piddirfd, uint64_t ino);
void host_ns_cache_free(struct host_ctx *ctx);

/* audit/container.c: facts of one container from its init and its member processes.
 * self: judged from inside (no host reference for mnt/net unless the pid ns is the host's).
 * Returns 0, -ESRCH when the init is gone (the container is left out), -ENOMEM. */
int container_collect(struct host_ctx *ctx, pid_t init, const struct process *members,
		      size_t nmembers, bool self, struct facts *f);
