/* The container runtimes' API sockets by name and known path, judged alike for a live
 * container's mounts (audit/mounts.c) and an OCI config's bind sources (enforce/ocigate.c,
 * audit/ocifacts.c). Sensitive host paths are classed by policy/exposure.h. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* A bind source (no mount table): a runtime socket when it is named like one or holds a known
 * socket path that is a socket on this host. */
bool hostpath_socket(const char *hostpath);
/* Whether a path's last component is a runtime socket's name (docker.sock, ...). */
bool hostpath_socket_name(const char *path);
/* The known runtime socket paths (absolute, host view). */
const char *const *hostpath_sockets(size_t *n);
