/* Host paths that matter to a container: the sensitive host directories (CIS Docker 5.6's list
 * plus runtime and kubelet state) and the container runtimes' API sockets. One list, judged
 * alike for a live container's mounts (audit/mounts.c) and an OCI config's bind sources
 * (enforce/ocigate.c, audit/ocifacts.c). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Host paths judged without a mount table (an OCI config's bind sources): sensitive when the
 * path is, or holds, one of the sensitive host directories; a runtime socket when it is named
 * like one or holds a known socket path that is a socket on this host. */
bool hostpath_sensitive(const char *hostpath);
bool hostpath_socket(const char *hostpath);
/* Whether a path's last component is a runtime socket's name (docker.sock, ...). */
bool hostpath_socket_name(const char *path);
/* The known runtime socket paths (absolute, host view). */
const char *const *hostpath_sockets(size_t *n);
