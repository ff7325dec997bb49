/* Sensitive host paths, runtime sockets, writable /proc/sys and cgroup v1 inside a container. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/exposure.h"
#include "audit/mounts.h"
#include "policy/hostpath.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

bool mounts_host_path(const struct mount_table *host, const struct mount_entry *m, char *out,
		      size_t outsz)
{
	return exposure_host_path(host, m, out, outsz);
}

/* Does the host have a socket at path? (lstat below hostrootfd, or inside the container.) */
static bool socket_exists(int dirfd, const char *path, bool in_root)
{
	struct stat st;
	if (in_root) {
		_cleanup_close_ int fd = fileio_open_in_root(dirfd, path, O_PATH | O_NOFOLLOW);
		return fd >= 0 && fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
	}
	return fstatat(dirfd, path + 1, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISSOCK(st.st_mode);
}

static int sockets_of_mount(const struct mount_entry *m, const char *hp, int hostrootfd,
			    struct strv *out)
{
	int r = 0;
	if (hostpath_socket_name(m->mountpoint) || (hp && hostpath_socket_name(hp)))
		r = strv_push_unique(out, m->mountpoint);
	if (!hp || hostrootfd < 0)
		return r;
	size_t nsockets;
	const char *const *sockets = hostpath_sockets(&nsockets);
	for (size_t i = 0; i < nsockets && r >= 0; i++) {
		if (strcmp(hp, sockets[i]) == 0 || !path_is_within(sockets[i], hp))
			continue;
		if (!socket_exists(hostrootfd, sockets[i], false))
			continue;
		char inside[4096];
		const char *rest = sockets[i] + (strcmp(hp, "/") == 0 ? 0 : strlen(hp));
		snprintf(inside, sizeof(inside), "%s%s",
			 strcmp(m->mountpoint, "/") == 0 ? "" : m->mountpoint, rest);
		r = strv_push_unique(out, inside);
	}
	return r;
}

static bool shared_with_host(const struct mount_table *host, int group)
{
	if (!host || group == 0)
		return false;
	for (size_t i = 0; i < host->n; i++)
		if (host->m[i].shared_group == group)
			return true;
	return false;
}

/* A kernel interface mount: listed unless it is the runtime's own, and its writable part. A
 * writable procfs sys/ or sysfs anywhere (lxc leaves rw instances at /dev/.lxc/proc and
 * /dev/.lxc/sys; `-v /proc/sys:/x` binds the host's) is as much /proc/sys as the one there. */
static int kernel_of_mount(const struct mount_table *ct, const struct mount_entry *m,
			   struct facts *f, bool *proc_sys_rw)
{
	if (!exposure_kernel_fs(m->fstype))
		return 0;
	int r = 0;
	if (!exposure_default_kernel_mount(m)) {
		char item[4200];
		snprintf(item, sizeof(item), "%s (%s:%s %s)", m->mountpoint, m->fstype, m->root,
			 m->ro ? "ro" : "rw");
		r = strv_push_unique(facts_list(f, F_MOUNTS_KERNEL_INTERFACES), item);
	}
	char path[4200];
	if (r >= 0 && exposure_kernel_writable(ct, m, path, sizeof(path))) {
		r = strv_push_unique(facts_list(f, F_MOUNTS_KERNEL_WRITABLE), path);
		if (strcmp(m->fstype, "proc") == 0 || strcmp(m->fstype, "sysfs") == 0)
			*proc_sys_rw = true;
	}
	return r;
}

static bool is_fuse(const char *fstype)
{
	return (strcmp(fstype, "fuse") == 0 || strncmp(fstype, "fuse.", 5) == 0) &&
	       strcmp(fstype, "fuse.fuse-overlayfs") != 0;
}

/* A bind of a host path: hostPath unless under a managed root, then its relation to the
 * sensitive trees and the credentials, and whether it is a service-account token. */
static int host_path_of_mount(const struct mount_entry *m, const char *path, struct facts *f)
{
	/* One spelling of a host path: "/run/netns/" (a mount's root joined to a directory) is
	 * "/run/netns", as the live audit and oci check must agree. */
	char hp[4096];
	int n = snprintf(hp, sizeof(hp), "%s", path);
	while (n > 1 && n < (int)sizeof(hp) && hp[n - 1] == '/')
		hp[--n] = '\0';
	int r = 0;
	if (exposure_sa_token(hp, m->mountpoint))
		r = strv_push_unique(facts_list(f, F_MOUNTS_SERVICE_ACCOUNT_TOKEN), m->mountpoint);
	if (r >= 0 && is_fuse(m->fstype) && !m->ro) {
		char item[4200];
		snprintf(item, sizeof(item), "%s (%s)", m->mountpoint, m->fstype);
		r = strv_push_unique(facts_list(f, F_MOUNTS_FUSE_WRITABLE), item);
	}
	if (r < 0 || exposure_managed(hp))
		return r;
	r = strv_push_unique(facts_list(f, F_MOUNTS_HOST_PATHS), hp);
	if (r >= 0 && exposure_sensitive(hp, !m->ro)) {
		r = strv_push_unique(facts_list(f, F_MOUNTS_SENSITIVE), hp);
		if (r >= 0)
			r = strv_push_unique(
			    facts_list(f, m->ro ? F_MOUNTS_SENSITIVE_RO : F_MOUNTS_SENSITIVE_RW),
			    hp);
	}
	if (r >= 0 && exposure_secret(hp))
		r = strv_push_unique(facts_list(f, F_MOUNTS_HOST_SECRETS), hp);
	return r;
}

static int judge_mount(const struct mount_table *host, const struct mount_table *ct,
		       const struct mount_entry *m, int hostrootfd, struct facts *f,
		       bool *proc_sys_rw)
{
	int r = kernel_of_mount(ct, m, f, proc_sys_rw);
	char hp[4096];
	bool have = r >= 0 && !exposure_default_kernel_mount(m) &&
		    mounts_host_path(host, m, hp, sizeof(hp));
	/* The container's / is its image, never a hostPath. */
	if (r >= 0 && have && strcmp(m->mountpoint, "/") != 0)
		r = host_path_of_mount(m, hp, f);
	if (r >= 0)
		r = sockets_of_mount(m, have ? hp : NULL, hostrootfd,
				     facts_list(f, F_MOUNTS_RUNTIME_SOCKET));
	if (r >= 0 && shared_with_host(host, m->shared_group))
		r = strv_push_unique(facts_list(f, F_MOUNTS_SHARED_PROPAGATION), m->mountpoint);
	return r;
}

int mounts_facts(const struct mount_table *host, const struct mount_table *ct, int hostrootfd,
		 int ctrootfd, struct facts *f)
{
	static const enum fact_id lists[] = {
	    F_MOUNTS_SENSITIVE,		F_MOUNTS_SENSITIVE_RW,
	    F_MOUNTS_RUNTIME_SOCKET,	F_MOUNTS_SHARED_PROPAGATION,
	    F_MOUNTS_KERNEL_INTERFACES, F_MOUNTS_KERNEL_WRITABLE,
	    F_MOUNTS_HOST_PATHS,	F_MOUNTS_HOST_SECRETS,
	    F_MOUNTS_FUSE_WRITABLE,	F_MOUNTS_SERVICE_ACCOUNT_TOKEN,
	    F_MOUNTS_SENSITIVE_RO,
	};
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		facts_list(f, lists[i]);
	bool cg_rw = false, proc_sys_rw = false;
	int r = 0;
	for (size_t i = 0; i < ct->n && r >= 0; i++) {
		const struct mount_entry *m = &ct->m[i];
		r = judge_mount(host, ct, m, hostrootfd, f, &proc_sys_rw);
		if (strcmp(m->fstype, "cgroup") == 0 && !m->ro)
			cg_rw = true;
	}
	if (r < 0)
		return r;
	struct strv *socks = facts_list(f, F_MOUNTS_RUNTIME_SOCKET);
	/* Inside the container (--self): a known socket path that exists is reachable. */
	size_t nsockets;
	const char *const *sockets = hostpath_sockets(&nsockets);
	for (size_t i = 0; hostrootfd < 0 && ctrootfd >= 0 && i < nsockets && r >= 0; i++)
		if (socket_exists(ctrootfd, sockets[i], true))
			r = strv_push_unique(socks, sockets[i]);
	const struct mount_entry *root = mount_table_covering(ct, "/");
	facts_set_bool(f, F_MOUNTS_ROOTFS_READONLY, root && root->ro);
	facts_set_bool(f, F_MOUNTS_PROC_SYS_RW, proc_sys_rw);
	facts_set_bool(f, F_CGROUP_V1_WRITABLE, cg_rw);
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		strv_sort(facts_list(f, lists[i]));
	return r;
}
