/* Host paths that matter to a container (policy/hostpath.h). */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "kernel/mountinfo.h" /* path_is_within */
#include "lib/cleanup.h"
#include "policy/hostpath.h"

/* Runtime API sockets: reaching one means starting a privileged container (T1611). */
static const char *const sockets[] = {
    "/run/docker.sock",
    "/var/run/docker.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
    "/run/crio/crio.sock",
    "/var/run/crio/crio.sock",
    "/run/podman/podman.sock",
    "/var/run/podman/podman.sock",
    "/run/k3s/containerd/containerd.sock",
    "/run/dockershim.sock",
    "/run/cri-dockerd.sock",
    "/run/buildkit/buildkitd.sock",
};

static const char *const socket_names[] = {
    "docker.sock",     "containerd.sock",  "crio.sock",	     "podman.sock",
    "dockershim.sock", "cri-dockerd.sock", "buildkitd.sock",
};

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

bool hostpath_socket_name(const char *p)
{
	const char *b = basename_of(p);
	for (size_t i = 0; i < ARRAY_SIZE(socket_names); i++)
		if (strcmp(b, socket_names[i]) == 0)
			return true;
	return false;
}

const char *const *hostpath_sockets(size_t *n)
{
	*n = ARRAY_SIZE(sockets);
	return sockets;
}

bool hostpath_socket(const char *hp)
{
	if (hostpath_socket_name(hp))
		return true;
	struct stat st;
	for (size_t i = 0; i < ARRAY_SIZE(sockets); i++)
		if (path_is_within(sockets[i], hp) && lstat(sockets[i], &st) == 0 &&
		    S_ISSOCK(st.st_mode))
			return true;
	return false;
}
