/* Mount facts of a container: its mount table judged against the host's. */
#pragma once

#include "kernel/mountinfo.h"
#include "facts/fact.h"

/* Fills mounts.* and cgroup.v1_writable from ct (the container's mountinfo).
 * host: the host's mount table, used to turn a container mount back into the host path it shows;
 * NULL when ctguard runs inside the container (--self): the source root then stands for the
 * host path, which is exact for binds of the host's root filesystem.
 * hostrootfd: where runtime sockets are looked up on the host (-1: look inside ctrootfd).
 * Returns 0 or -ENOMEM. */
int mounts_facts(const struct mount_table *host, const struct mount_table *ct, int hostrootfd,
		 int ctrootfd, struct facts *f);

/* The host path a container mount shows, written into out; false when it is not a host path. */
bool mounts_host_path(const struct mount_table *host, const struct mount_entry *m, char *out,
		      size_t outsz);
