/* Facts of a container that is not running yet: what an OCI runtime config (a bundle's
 * config.json) says it will be, judged for this host. Read-only, like audit/: the source of
 * `ctguard oci check`, judged by the same rules as the live facts of `ctguard audit`. */
#pragma once

#include "audit/host.h"
#include "oci/oci.h"
#include "lib/error.h"
#include "facts/fact.h"

/* Fills f (zeroed by the caller) from the loaded config c. The host is the machine the
 * container will run on, seen through ctx (host_open: the reference namespaces, the host's
 * mount table, the capabilities it can grant, SELinux) and its facts (host_facts: AppArmor,
 * cgroup version). The mapping of each field is documented in ctguard(8), "oci check":
 *   - what exists only at runtime (container.pid, .processes, .cgroup, user.root_processes,
 *     seccomp.filters) is left unknown, and so are rlimits the config does not set (they are
 *     inherited from the runtime's caller);
 *   - a namespace type the config does not list is the runtime caller's, i.e. the host's; one
 *     joined by path is the host's when the path's inode is the host's namespace (unknown when
 *     the path cannot be read);
 *   - bind sources are judged as host paths (relative ones against the bundle), exactly as
 *     the live audit judges the host paths its mounts show.
 * Returns 0 or -ENOMEM (err set). */
int ocifacts_collect(const struct oci_config *c, struct host_ctx *ctx, const struct facts *host,
		     struct facts *f, struct error *err);
