/* Sensitive host paths, runtime sockets, writable /proc/sys and cgroup v1 inside a container. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/mounts.h"
#include "policy/hostpath.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

bool mounts_host_path(const struct mount_table *host, const struct mount_entry *m, char *out,
		      size_t outsz)
{
	if (!host) {
		/* Inside the container: binds of the root filesystem show their host path as root.
		 */
		static const char *const virt[] = {"overlay", "proc",	 "sysfs",
						   "tmpfs",   "devpts",	 "mqueue",
						   "cgroup",  "cgroup2", "fuse-overlayfs"};
		for (size_t i = 0; i < ARRAY_SIZE(virt); i++)
			if (strcmp(m->fstype, virt[i]) == 0)
				return false;
		snprintf(out, outsz, "%s", m->root);
		return true;
	}
	const struct mount_entry *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < host->n; i++) {
		const struct mount_entry *h = &host->m[i];
		if (h->major != m->major || h->minor != m->minor ||
		    !path_is_within(m->root, h->root))
			continue;
		size_t l = strlen(h->root);
		if (!best || l > best_len) {
			best = h;
			best_len = l;
		}
	}
	if (!best)
		return false;
	const char *rest = m->root + (strcmp(best->root, "/") == 0 ? 0 : best_len);
	if (strcmp(rest, "/") == 0)
		rest = "";
	if (strcmp(best->mountpoint, "/") == 0)
		snprintf(out, outsz, "%s", *rest ? rest : "/");
	else
		snprintf(out, outsz, "%s%s", best->mountpoint, rest);
	return true;
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

static void sensitive_of_mount(const struct mount_entry *m, const char *hp, struct strv *sens,
			       struct strv *rw, int *r)
{
	if (*r < 0 || !hostpath_sensitive(hp))
		return;
	*r = strv_push_unique(sens, hp);
	if (*r >= 0 && !m->ro)
		*r = strv_push_unique(rw, hp);
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

/* A writable procfs or sysfs instance anywhere inside exposes the host's sysctls and sysfs as much
 * as one at /proc/sys or /sys: lxc leaves rw ones at /dev/.lxc/proc and /dev/.lxc/sys, where a
 * root init can write kernel.core_pattern. The instance's /sys (proc) or its whole tree (sysfs)
 * counts when it is not overmounted read-only. */
static bool kernel_tree_writable(const struct mount_table *ct)
{
	for (size_t i = 0; i < ct->n; i++) {
		const struct mount_entry *m = &ct->m[i];
		bool proc = strcmp(m->fstype, "proc") == 0;
		if ((!proc && strcmp(m->fstype, "sysfs") != 0) || m->ro ||
		    strcmp(m->root, "/") != 0)
			continue;
		char path[4200];
		snprintf(path, sizeof(path), "%s%s",
			 strcmp(m->mountpoint, "/") ? m->mountpoint : "", proc ? "/sys" : "");
		const struct mount_entry *c = mount_table_covering(ct, path[0] ? path : "/");
		if (c && !c->ro && strcmp(c->fstype, m->fstype) == 0 &&
		    (c == m || strcmp(c->root, proc ? "/sys" : "/") == 0))
			return true;
	}
	return false;
}

int mounts_facts(const struct mount_table *host, const struct mount_table *ct, int hostrootfd,
		 int ctrootfd, struct facts *f)
{
	struct strv *sens = facts_list(f, F_MOUNTS_SENSITIVE);
	struct strv *rw = facts_list(f, F_MOUNTS_SENSITIVE_RW);
	struct strv *socks = facts_list(f, F_MOUNTS_RUNTIME_SOCKET);
	struct strv *shared = facts_list(f, F_MOUNTS_SHARED_PROPAGATION);
	bool cg_rw = false;
	int r = 0;
	for (size_t i = 0; i < ct->n && r >= 0; i++) {
		const struct mount_entry *m = &ct->m[i];
		char hp[4096];
		bool have = mounts_host_path(host, m, hp, sizeof(hp));
		if (have)
			sensitive_of_mount(m, hp, sens, rw, &r);
		if (r >= 0)
			r = sockets_of_mount(m, have ? hp : NULL, hostrootfd, socks);
		if (strcmp(m->fstype, "cgroup") == 0 && !m->ro)
			cg_rw = true;
		if (r >= 0 && shared_with_host(host, m->shared_group))
			r = strv_push_unique(shared, m->mountpoint);
	}
	if (r < 0)
		return r;
	/* Inside the container (--self): a known socket path that exists is reachable. */
	size_t nsockets;
	const char *const *sockets = hostpath_sockets(&nsockets);
	for (size_t i = 0; hostrootfd < 0 && ctrootfd >= 0 && i < nsockets && r >= 0; i++)
		if (socket_exists(ctrootfd, sockets[i], true))
			r = strv_push_unique(socks, sockets[i]);
	const struct mount_entry *root = mount_table_covering(ct, "/");
	facts_set_bool(f, F_MOUNTS_ROOTFS_READONLY, root && root->ro);
	const struct mount_entry *ps = mount_table_covering(ct, "/proc/sys");
	const struct mount_entry *sys = mount_table_covering(ct, "/sys");
	bool ps_rw = ps && !ps->ro && strcmp(ps->fstype, "proc") == 0;
	bool sys_rw = sys && !sys->ro && strcmp(sys->fstype, "sysfs") == 0;
	facts_set_bool(f, F_MOUNTS_PROC_SYS_RW, ps_rw || sys_rw || kernel_tree_writable(ct));
	facts_set_bool(f, F_CGROUP_V1_WRITABLE, cg_rw);
	strv_sort(sens);
	strv_sort(rw);
	strv_sort(socks);
	return r;
}
