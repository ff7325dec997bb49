/* Mount facts of a container: its mount table judged against the host's. */
#pragma once

#include "audit/mountinfo.h"
#include "policy/fact.h"

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

/* Host paths judged without a mount table (an OCI config's bind sources): sensitive when the
 * path is, or holds, one of the sensitive host directories (CIS Docker 5.6's list plus runtime
 * state); a runtime socket when it is named like one or holds a known socket path that is a
 * socket on this host. */
bool mounts_path_sensitive(const char *hostpath);
bool mounts_path_socket(const char *hostpath);
/* The file name of path is one of a runtime API socket's (docker.sock, containerd.sock, ...). */
bool mounts_runtime_socket_name(const char *path);
