/* Classes of exposure: kernel interfaces and host trees (see exposure.h). */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "policy/exposure.h"
#include "lib/cleanup.h"

enum relation { REL_NONE, REL_EQUAL, REL_PARENT, REL_INSIDE };

/* How hp relates to pattern, component by component (a component of pattern may hold
 * wildcards): equal, a parent of it, inside it, or unrelated. */
static enum relation relation(const char *pattern, const char *hp)
{
	const char *p = pattern, *h = hp;
	for (;;) {
		while (*p == '/')
			p++;
		while (*h == '/')
			h++;
		if (!*p)
			return *h ? REL_INSIDE : REL_EQUAL;
		if (!*h)
			return REL_PARENT;
		size_t pl = strcspn(p, "/"), hl = strcspn(h, "/");
		/* Most components are literal: compared without fnmatch (a tenth of a scan's
		 * instructions went there, bench/README.md). */
		size_t wild = strcspn(p, "*?[\\/");
		if (wild >= pl) {
			if (pl != hl || memcmp(p, h, pl) != 0)
				return REL_NONE;
			p += pl;
			h += hl;
			continue;
		}
		char pc[256], hc[256];
		if (pl >= sizeof(pc) || hl >= sizeof(hc))
			return REL_NONE;
		memcpy(pc, p, pl);
		pc[pl] = '\0';
		memcpy(hc, h, hl);
		hc[hl] = '\0';
		if (fnmatch(pc, hc, FNM_PERIOD) != 0)
			return REL_NONE;
		p += pl;
		h += hl;
	}
}

static const char *const kernel_fs[] = {
    "proc",	 "sysfs",    "cgroup",	 "cgroup2",	"debugfs",  "tracefs", "securityfs",
    "bpf",	 "efivarfs", "configfs", "binfmt_misc", "devtmpfs", "pstore",  "fusectl",
    "selinuxfs", "smackfs",  "nfsd",	 "rpc_pipefs",	"resctrl",
};

bool exposure_kernel_fs(const char *fstype)
{
	for (size_t i = 0; i < ARRAY_SIZE(kernel_fs); i++)
		if (strcmp(fstype, kernel_fs[i]) == 0)
			return true;
	return false;
}

/* Device nodes every runtime gives a container (bound from the host's /dev by rootless ones). */
static bool harmless_node(const char *root)
{
	static const char *const nodes[] = {"/null", "/zero",	"/full",
					    "/tty",  "/random", "/urandom"};
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++)
		if (strcmp(root, nodes[i]) == 0)
			return true;
	return false;
}

/* m shows the same subtree of its filesystem as where it is mounted below top ("/proc"). */
static bool same_subtree(const struct mount_entry *m, const char *top)
{
	if (!path_is_within(m->mountpoint, top))
		return false;
	const char *rest = m->mountpoint + strlen(top);
	return strcmp(m->root, *rest ? rest : "/") == 0;
}

bool exposure_default_kernel_mount(const struct mount_entry *m)
{
	if (strcmp(m->fstype, "proc") == 0)
		return same_subtree(m, "/proc");
	if (strcmp(m->fstype, "sysfs") == 0)
		return same_subtree(m, "/sys");
	if (strcmp(m->fstype, "cgroup") == 0 || strcmp(m->fstype, "cgroup2") == 0)
		return path_is_within(m->mountpoint, "/sys/fs/cgroup");
	if (strcmp(m->fstype, "devtmpfs") == 0)
		return harmless_node(m->root);
	/* Terminals (lxc's console is a pty of the host's devpts) and message queues are the
	 * runtime's; device nodes are judged as devices. */
	return strcmp(m->fstype, "devpts") == 0 || strcmp(m->fstype, "mqueue") == 0;
}

/* path inside the container is still shown by m (not over-mounted by another mount). */
static bool shows(const struct mount_table *ct, const struct mount_entry *m, const char *path)
{
	return mount_table_covering(ct, path) == m;
}

bool exposure_kernel_writable(const struct mount_table *ct, const struct mount_entry *m, char *out,
			      size_t outsz)
{
	if (m->ro || !exposure_kernel_fs(m->fstype) || strcmp(m->fstype, "cgroup") == 0 ||
	    strcmp(m->fstype, "cgroup2") == 0)
		return false;
	const char *mp = strcmp(m->mountpoint, "/") == 0 ? "" : m->mountpoint;
	if (strcmp(m->fstype, "proc") == 0) {
		if (path_is_within(m->root, "/sys") || strcmp(m->root, "/sysrq-trigger") == 0) {
			snprintf(out, outsz, "%s", m->mountpoint);
			return shows(ct, m, m->mountpoint);
		}
		if (strcmp(m->root, "/") != 0)
			return false;
		/* The whole instance: its sys/ unless something read-only is mounted there. */
		snprintf(out, outsz, "%s/sys", mp);
		const struct mount_entry *c = mount_table_covering(ct, out);
		return c == m; /* a proc mount of /sys over it is judged by itself */
	}
	if (strcmp(m->fstype, "devtmpfs") == 0 && harmless_node(m->root))
		return false;
	snprintf(out, outsz, "%s", m->mountpoint);
	return shows(ct, m, m->mountpoint);
}

/* Roots the runtime manages for the container itself: what lies inside one is the container's
 * own (rootfs, hosts files, named volumes, the kubelet's pod volumes). */
static const char *const managed[] = {
    "/var/lib/containers/storage/volumes/*",
    "/var/lib/containers/storage/overlay/*",
    "/var/lib/containers/storage/overlay-containers/*/userdata",
    "/run/containers/storage/overlay-containers/*/userdata",
    "/var/run/containers/storage/overlay-containers/*/userdata",
    "/home/*/.local/share/containers/storage/volumes/*",
    "/home/*/.local/share/containers/storage/overlay/*",
    "/home/*/.local/share/containers/storage/overlay-containers/*/userdata",
    "/run/user/*/containers/overlay-containers/*/userdata",
    "/var/lib/docker/volumes/*",
    "/var/lib/docker/containers/*",
    "/var/lib/docker/overlay2/*",
    "/var/lib/kubelet/pods/*/volumes/*/*",
    "/var/lib/kubelet/pods/*/etc-hosts",
    "/var/lib/kubelet/pods/*/containers/*/*",
    "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/*",
    "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/*",
    "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/*",
    "/run/containerd/io.containerd.runtime.v2.task/*/*",
    "/var/lib/lxc/*/rootfs",
    "/var/lib/machines/*",
};

bool exposure_managed(const char *hp)
{
	for (size_t i = 0; i < ARRAY_SIZE(managed); i++) {
		enum relation r = relation(managed[i], hp);
		if (r == REL_EQUAL || r == REL_INSIDE)
			return true;
	}
	return false;
}

#define T_PARENT    1u /* the tree itself or a parent of it */
#define T_INSIDE    2u /* anything inside it */
#define T_INSIDE_RW 4u /* anything inside it, mounted writable */

struct tree {
	const char *path;
	unsigned how;
};

#define ALL (T_PARENT | T_INSIDE)
#define SYS (T_PARENT | T_INSIDE_RW)

/* CIS Docker 5.6's system directories, then runtime, kubelet and PKI state, logs, homes. */
static const struct tree sensitive[] = {
    {"/", T_PARENT},
    {"/boot", ALL},
    {"/dev", ALL},
    {"/etc", ALL},
    {"/proc", ALL},
    {"/sys", ALL},
    {"/usr", SYS},
    {"/usr/lib/modules", T_PARENT},
    {"/lib/modules", T_PARENT},
    {"/lib", SYS},
    {"/lib32", SYS},
    {"/lib64", SYS},
    {"/bin", SYS},
    {"/sbin", SYS},
    {"/root", ALL},
    {"/home", T_PARENT},
    {"/home/*/.ssh", ALL},
    {"/home/*/.aws", ALL},
    {"/home/*/.azure", ALL},
    {"/home/*/.config/gcloud", ALL},
    {"/home/*/.kube", ALL},
    {"/home/*/.docker", ALL},
    {"/home/*/.gnupg", ALL},
    {"/run", T_PARENT},
    {"/var/run", T_PARENT},
    {"/run/containerd", ALL},
    {"/run/docker", ALL},
    {"/run/crio", ALL},
    {"/run/containers", ALL},
    {"/run/podman", ALL},
    {"/run/k3s", ALL},
    {"/var/run/containerd", ALL},
    {"/var/run/docker", ALL},
    {"/var/run/crio", ALL},
    {"/var/run/containers", ALL},
    {"/var/log", ALL},
    {"/var/lib/docker", ALL},
    {"/var/lib/containerd", ALL},
    {"/var/lib/containers", ALL},
    {"/var/lib/kubelet", ALL},
    {"/var/lib/etcd", ALL},
    {"/var/lib/rancher", ALL},
    {"/var/lib/lxc", ALL},
    {"/var/lib/lxd", ALL},
    {"/var/lib/incus", ALL},
};

/* Credentials: reading one is enough. */
static const char *const secrets[] = {
    "/etc/shadow",
    "/etc/gshadow",
    "/etc/ssh",
    "/etc/ssl/private",
    "/etc/kubernetes",
    "/etc/docker",
    "/root",
    "/home/*/.ssh",
    "/home/*/.aws",
    "/home/*/.azure",
    "/home/*/.config/gcloud",
    "/home/*/.kube",
    "/home/*/.docker",
    "/home/*/.gnupg",
    "/var/lib/kubelet/pki",
    "/var/lib/kubelet/kubeconfig",
    "/var/lib/etcd",
    "/var/lib/rancher/k3s/server",
};

bool exposure_sensitive(const char *hp, bool writable)
{
	for (size_t i = 0; i < ARRAY_SIZE(sensitive); i++) {
		enum relation r = relation(sensitive[i].path, hp);
		unsigned how = sensitive[i].how;
		if (((r == REL_EQUAL || r == REL_PARENT) && (how & T_PARENT)) ||
		    (r == REL_INSIDE && ((how & T_INSIDE) || (writable && (how & T_INSIDE_RW)))))
			return true;
	}
	return false;
}

bool exposure_secret(const char *hp)
{
	for (size_t i = 0; i < ARRAY_SIZE(secrets); i++)
		if (relation(secrets[i], hp) != REL_NONE)
			return true;
	return false;
}

bool exposure_sa_token(const char *hp, const char *mountpoint)
{
	static const char *const tokens[] = {
	    "/var/lib/kubelet/pods/*/volumes/kubernetes.io~projected/kube-api-access-*",
	    "/var/lib/kubelet/pods/*/volumes/kubernetes.io~secret/*-token-*",
	};
	for (size_t i = 0; hp && i < ARRAY_SIZE(tokens); i++) {
		enum relation r = relation(tokens[i], hp);
		if (r == REL_EQUAL || r == REL_INSIDE)
			return true;
	}
	return fnmatch("*/secrets/kubernetes.io/serviceaccount", mountpoint, 0) == 0;
}

bool exposure_host_path(const struct mount_table *host, const struct mount_entry *m, char *out,
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
	/* The host's own mount of the device: the one showing the most of it (shortest root),
	 * then the shortest mount point; not a bind of part of it made elsewhere (a kubelet
	 * subPath, a bind mount of /var/log somewhere), which would name that place instead. */
	const struct mount_entry *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < host->n; i++) {
		const struct mount_entry *h = &host->m[i];
		if (h->major != m->major || h->minor != m->minor ||
		    !path_is_within(m->root, h->root))
			continue;
		size_t l = strlen(h->root);
		if (!best || l < best_len ||
		    (l == best_len && strlen(h->mountpoint) < strlen(best->mountpoint))) {
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

bool exposure_bind_sensitive(const struct mount_table *host, const char *src, const char *dest,
			     bool ro)
{
	char hp[4096];
	const struct mount_entry *h = host ? mount_table_covering(host, src) : NULL;
	if (h) {
		/* The mount the bind makes: the host's filesystem there, showing src inside it. */
		char root[8192];
		const char *rest =
		    src + (strcmp(h->mountpoint, "/") == 0 ? 0 : strlen(h->mountpoint));
		snprintf(root, sizeof(root), "%s%s", strcmp(h->root, "/") == 0 ? "" : h->root,
			 *rest ? rest : "/");
		struct mount_entry m = *h;
		m.root = root;
		m.mountpoint = (char *)dest;
		m.ro = ro;
		if (exposure_default_kernel_mount(&m) ||
		    !exposure_host_path(host, &m, hp, sizeof(hp)))
			snprintf(hp, sizeof(hp), "%s", src);
	} else {
		snprintf(hp, sizeof(hp), "%s", src);
	}
	/* One spelling, as the live audit's (audit/mounts.c): no trailing slash. */
	size_t n = strlen(hp);
	while (n > 1 && hp[n - 1] == '/')
		hp[--n] = '\0';
	return !exposure_managed(hp) && exposure_sensitive(hp, !ro);
}
