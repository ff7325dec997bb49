/* Parser of /proc/<pid>/cgroup, and effective limits read from the host's cgroup mounts. */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct buf;
struct mount_table;

struct cgroup_entry {
	int hier;		 /* 0 for the v2 hierarchy */
	const char *controllers; /* "pids", "cpu,cpuacct", "name=systemd", "" for v2 */
	const char *path;
};

struct cgroup_list {
	char *text; /* owned copy the entries point into */
	struct cgroup_entry *e;
	size_t n;
};

/* Returns 0 or -EINVAL (a line without the two colons), -ENOMEM. */
int cgroup_parse(const char *text, struct cgroup_list *out);
void cgroup_list_free(struct cgroup_list *l);
/* Path of the v1 hierarchy holding controller (exact match in the comma list), or NULL. */
const char *cgroup_v1_path(const struct cgroup_list *l, const char *controller);
/* Path of the v2 hierarchy ("0::/x"), or NULL. */
const char *cgroup_v2_path(const struct cgroup_list *l);
/* The path people know the process by: v2, else name=systemd, else the first; NULL if none. */
const char *cgroup_main_path(const struct cgroup_list *l);

/* Effective pids and memory limits (-1 unlimited, the lowest limit of the cgroup and its
 * ancestors), read below hostrootfd through the host's cgroup mounts in host. Values that
 * cannot be read are left unknown (returned as -2). */
void cgroup_limits(int hostrootfd, const struct mount_table *host, const struct cgroup_list *l,
		   int64_t *pids, int64_t *memory);
/* The v1 device cgroup's rules of the process (its devices.list, effective: the kernel keeps a
 * child within its parent), read below hostrootfd through the host's devices mount. Returns 0,
 * -ENOENT without a v1 devices hierarchy (cgroup v2: the rules are a BPF program), or the
 * negative errno of the read. */
int cgroup_devices_list(int hostrootfd, const struct mount_table *host, const struct cgroup_list *l,
			struct buf *out);

/* Effective CPU quota in thousandths of a CPU (-1 unlimited; the lowest of the cgroup and its
 * ancestors) and the cgroup's own CPU weight (cpu.weight; v1 cpu.shares scaled so 1024 is 100).
 * -2: unknown. */
void cgroup_cpu(int hostrootfd, const struct mount_table *host, const struct cgroup_list *l,
		int64_t *limit, int64_t *weight);
