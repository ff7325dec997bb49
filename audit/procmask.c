/* The default procMount, seen in a container's mount table: runc, crun and containerd mask a set
 * of /proc and /sys paths (a /dev/null bind over a file, a read-only tmpfs over a directory) and
 * remount another set read-only; `--security-opt unmask=...`, --privileged and Kubernetes'
 * procMount: Unmasked leave them as they are. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/procmask.h"
#include "lib/cleanup.h"

/* The masked paths that runc's, containerd's and podman's defaults share. */
static const char *const masked[] = {
    "/proc/acpi",	   "/proc/asound",     "/proc/kcore",	    "/proc/keys",
    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
    "/proc/scsi",	   "/sys/firmware",
};

static const char *const readonly[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

/* The last mount of ct at exactly path, or NULL. */
static const struct mount_entry *mount_at(const struct mount_table *ct, const char *path)
{
	for (size_t i = ct->n; i-- > 0;)
		if (strcmp(ct->m[i].mountpoint, path) == 0)
			return &ct->m[i];
	return NULL;
}

/* The mount that shows path: the last one whose mount point is path or its nearest parent. */
static const struct mount_entry *covering(const struct mount_table *ct, const char *path)
{
	const struct mount_entry *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < ct->n; i++) {
		const char *mp = ct->m[i].mountpoint;
		size_t l = strlen(mp);
		bool parent = strcmp(mp, "/") == 0 ||
			      (strncmp(path, mp, l) == 0 && (path[l] == '/' || path[l] == '\0'));
		if (parent && (l == 1 ? 0 : l) >= best_len) {
			best = &ct->m[i];
			best_len = l == 1 ? 0 : l;
		}
	}
	return best;
}

static bool exists_in(int ctrootfd, const char *path)
{
	struct stat st;
	return fstatat(ctrootfd, path + 1, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

int procmask_facts(const struct mount_table *ct, int ctrootfd, struct facts *f)
{
	if (ctrootfd < 0)
		return 0; /* unknown */
	struct strv *l = facts_list(f, F_PROC_UNMASKED);
	for (size_t i = 0; i < ARRAY_SIZE(masked); i++)
		if (!mount_at(ct, masked[i]) && exists_in(ctrootfd, masked[i]) &&
		    strv_push(l, masked[i]) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(readonly); i++) {
		const struct mount_entry *m = covering(ct, readonly[i]);
		if (m && !m->ro && exists_in(ctrootfd, readonly[i]) &&
		    strv_push(l, readonly[i]) < 0)
			return -ENOMEM;
	}
	return 0;
}
