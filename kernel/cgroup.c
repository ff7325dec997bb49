/* /proc/<pid>/cgroup parsing and limit lookup (v1, v2 and hybrid hosts). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cgroup.h"
#include "kernel/mountinfo.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

int cgroup_parse(const char *text, struct cgroup_list *out)
{
	*out = (struct cgroup_list){0};
	out->text = strdup(text);
	if (!out->text)
		return -ENOMEM;
	size_t lines = 1;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	out->e = calloc(lines, sizeof(*out->e));
	if (!out->e) {
		cgroup_list_free(out);
		return -ENOMEM;
	}
	char *save = NULL;
	for (char *line = strtok_r(out->text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2) {
			cgroup_list_free(out);
			return -EINVAL;
		}
		*c1 = *c2 = '\0';
		char *end;
		long h = strtol(line, &end, 10);
		if (end == line || *end) {
			cgroup_list_free(out);
			return -EINVAL;
		}
		out->e[out->n++] = (struct cgroup_entry){(int)h, c1 + 1, c2 + 1};
	}
	return 0;
}

void cgroup_list_free(struct cgroup_list *l)
{
	free(l->text);
	free(l->e);
	*l = (struct cgroup_list){0};
}

static bool in_comma_list(const char *list, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		if (n == wl && memcmp(p, word, n) == 0)
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

const char *cgroup_v1_path(const struct cgroup_list *l, const char *controller)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->e[i].hier != 0 && in_comma_list(l->e[i].controllers, controller))
			return l->e[i].path;
	return NULL;
}

const char *cgroup_v2_path(const struct cgroup_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->e[i].hier == 0 && l->e[i].controllers[0] == '\0')
			return l->e[i].path;
	return NULL;
}

const char *cgroup_main_path(const struct cgroup_list *l)
{
	const char *p = cgroup_v2_path(l);
	if (p && strcmp(p, "/") != 0)
		return p;
	const char *s = cgroup_v1_path(l, "name=systemd");
	if (s)
		return s;
	if (p)
		return p;
	return l->n ? l->e[0].path : NULL;
}

/* The host mount of a v1 controller (super options list it) or of cgroup2 (controller NULL). */
static const struct mount_entry *find_cgroup_mount(const struct mount_table *host,
						   const char *controller)
{
	for (size_t i = 0; i < host->n; i++) {
		const struct mount_entry *m = &host->m[i];
		if (controller && strcmp(m->fstype, "cgroup") == 0 &&
		    in_comma_list(m->super_opts, controller))
			return m;
		if (!controller && strcmp(m->fstype, "cgroup2") == 0)
			return m;
	}
	return NULL;
}

typedef int64_t (*limit_reader)(int hostrootfd, const char *path, int64_t unlimited_above);

static int64_t read_limit(int hostrootfd, const char *path, int64_t unlimited_above)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (fileio_read_at(hostrootfd, path, 64, &b) < 0)
		return -2;
	if (strncmp(b.data, "max", 3) == 0)
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(b.data, &end, 10);
	if (end == b.data || errno)
		return -2;
	if (unlimited_above > 0 && v >= unlimited_above)
		return -1;
	return v;
}

/* Lowest limit over the cgroup and its ancestors up to the hierarchy's mount point. */
static int64_t walk_limit_with(limit_reader rd, int hostrootfd, const struct mount_entry *m,
			       const char *cgpath, const char *file, int64_t unlimited_above)
{
	size_t cl = strlen(cgpath);
	if (strstr(cgpath, "/../") || (cl >= 3 && strcmp(cgpath + cl - 3, "/..") == 0))
		return -2;
	if (strcmp(cgpath, "/") == 0)
		return -1; /* the root cgroup has no limit files: nothing limits it */
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s%s", m->mountpoint + 1, cgpath);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -2;
	int64_t best = -2;
	size_t base = strlen(m->mountpoint + 1);
	for (;;) {
		size_t len = strlen(path);
		while (len > base && path[len - 1] == '/')
			path[--len] = '\0';
		char full[4200];
		snprintf(full, sizeof(full), "%s/%s", len ? path : ".", file);
		int64_t v = rd(hostrootfd, full, unlimited_above);
		if (v >= 0 && (best < 0 || v < best))
			best = v;
		else if (v == -1 && best == -2)
			best = -1;
		char *slash = strrchr(path, '/');
		if (len <= base || !slash || (size_t)(slash - path) < base)
			break;
		*slash = '\0';
	}
	return best;
}

static int64_t walk_limit(int hostrootfd, const struct mount_entry *m, const char *cgpath,
			  const char *file, int64_t unlimited_above)
{
	return walk_limit_with(read_limit, hostrootfd, m, cgpath, file, unlimited_above);
}

void cgroup_limits(int hostrootfd, const struct mount_table *host, const struct cgroup_list *l,
		   int64_t *pids, int64_t *memory)
{
	/* memory.limit_in_bytes reports PAGE_COUNTER_MAX (rounded to pages) for "no limit". */
	const int64_t v1_unlimited = 1LL << 62;
	*pids = *memory = -2;
	const struct mount_entry *m;
	const char *p;
	if ((m = find_cgroup_mount(host, "pids")) && (p = cgroup_v1_path(l, "pids")))
		*pids = walk_limit(hostrootfd, m, p, "pids.max", 0);
	else if ((m = find_cgroup_mount(host, NULL)) && (p = cgroup_v2_path(l)))
		*pids = walk_limit(hostrootfd, m, p, "pids.max", 0);
	if ((m = find_cgroup_mount(host, "memory")) && (p = cgroup_v1_path(l, "memory")))
		*memory = walk_limit(hostrootfd, m, p, "memory.limit_in_bytes", v1_unlimited);
	else if ((m = find_cgroup_mount(host, NULL)) && (p = cgroup_v2_path(l)))
		*memory = walk_limit(hostrootfd, m, p, "memory.max", 0);
}

int cgroup_devices_list(int hostrootfd, const struct mount_table *host, const struct cgroup_list *l,
			struct buf *out)
{
	const struct mount_entry *m = find_cgroup_mount(host, "devices");
	const char *p = cgroup_v1_path(l, "devices");
	if (!m || !p)
		return -ENOENT;
	/* A hierarchy mounted from below its root (ctguard itself in a container) shows the
	 * cgroup path less that root. */
	size_t rl = strcmp(m->root, "/") == 0 ? 0 : strlen(m->root);
	if (rl && (strncmp(p, m->root, rl) != 0 || (p[rl] != '/' && p[rl] != '\0')))
		return -ENOENT;
	p += rl;
	if (strstr(p, "/../") || strstr(p, "/./"))
		return -EINVAL;
	char path[4200];
	int n = snprintf(path, sizeof(path), "%s/%s/devices.list", m->mountpoint + 1,
			 p[0] == '/' ? p + 1 : p);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	/* The kernel enforces the hierarchy on every write: a cgroup's own list is effective. */
	return fileio_read_at(hostrootfd, path[0] == '/' ? path + 1 : path, 1u << 20, out);
}

/* v2 cpu.max "QUOTA PERIOD" ("max PERIOD": unlimited) in thousandths of a CPU. */
static int64_t read_cpu_max(int hostrootfd, const char *path, int64_t unused)
{
	(void)unused;
	_cleanup_buf_ struct buf b = BUF_INIT;
	long long quota, period;
	if (fileio_read_at(hostrootfd, path, 64, &b) < 0)
		return -2;
	if (strncmp(b.data, "max", 3) == 0)
		return -1;
	if (sscanf(b.data, "%lld %lld", &quota, &period) != 2 || quota <= 0 || period <= 0)
		return -2;
	return quota * 1000 / period;
}

/* v1 cpu.cfs_quota_us ("-1": unlimited) over the cpu.cfs_period_us beside it. */
static int64_t read_cfs_quota(int hostrootfd, const char *path, int64_t unused)
{
	(void)unused;
	_cleanup_buf_ struct buf b = BUF_INIT;
	char period_path[4300];
	long long quota, period;
	if (fileio_read_at(hostrootfd, path, 64, &b) < 0 || sscanf(b.data, "%lld", &quota) != 1)
		return -2;
	if (quota < 0)
		return -1;
	size_t dir = strlen(path) - strlen("cpu.cfs_quota_us");
	snprintf(period_path, sizeof(period_path), "%.*scpu.cfs_period_us", (int)dir, path);
	if (fileio_read_at(hostrootfd, period_path, 64, &b) < 0 ||
	    sscanf(b.data, "%lld", &period) != 1 || period <= 0 || quota == 0)
		return -2;
	return quota * 1000 / period;
}

static int64_t read_int_file(int hostrootfd, const char *dir, const char *file)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	char path[4200];
	long long v;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (fileio_read_at(hostrootfd, path, 64, &b) < 0 || sscanf(b.data, "%lld", &v) != 1)
		return -2;
	return v;
}

/* The cgroup's own directory below hostrootfd, or false. */
static bool own_dir(const struct mount_entry *m, const char *cgpath, char *out, size_t outsz)
{
	if (strstr(cgpath, "/..") || strcmp(cgpath, "/") == 0)
		return false;
	int n = snprintf(out, outsz, "%s%s", m->mountpoint + 1, cgpath);
	return n > 0 && (size_t)n < outsz;
}

void cgroup_cpu(int hostrootfd, const struct mount_table *host, const struct cgroup_list *l,
		int64_t *limit, int64_t *weight)
{
	const struct mount_entry *m;
	const char *p;
	char dir[4096];
	*limit = *weight = -2;
	if ((m = find_cgroup_mount(host, "cpu")) && (p = cgroup_v1_path(l, "cpu"))) {
		*limit = walk_limit_with(read_cfs_quota, hostrootfd, m, p, "cpu.cfs_quota_us", 0);
		int64_t shares = own_dir(m, p, dir, sizeof(dir))
				     ? read_int_file(hostrootfd, dir, "cpu.shares")
				     : -2;
		if (shares > 0)
			*weight = shares * 100 / 1024;
	} else if ((m = find_cgroup_mount(host, NULL)) && (p = cgroup_v2_path(l))) {
		*limit = walk_limit_with(read_cpu_max, hostrootfd, m, p, "cpu.max", 0);
		if (own_dir(m, p, dir, sizeof(dir)))
			*weight = read_int_file(hostrootfd, dir, "cpu.weight");
	}
	if (*weight < 0)
		*weight = -2;
}
