/* The per-namespace reads of a host walk, cached in struct host_ctx (audit/container.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/container.h"
#include "audit/devices.h"
#include "audit/rootless.h"
#include "audit/mntns.h"
#include "kernel/idmap.h"
#include "kernel/mountinfo.h"
#include "kernel/status.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define MOUNTINFO_MAX	  (64u << 20)
#define MOUNT_ENTRIES_MAX 200000
#define IDMAP_FILE_MAX	  (64u << 10)

const struct userns_entry *host_userns(struct host_ctx *ctx, int piddirfd, uint64_t ino)
{
	for (size_t i = 0; i < ctx->nuserns; i++)
		if (ctx->userns[i].ino == ino)
			return &ctx->userns[i];
	struct userns_entry *n = realloc(ctx->userns, (ctx->nuserns + 1) * sizeof(*n));
	if (!n)
		return NULL;
	ctx->userns = n;
	struct userns_entry *e = &n[ctx->nuserns];
	e->ino = ino;
	e->owner = ctx->live ? rootless_userns_owner(piddirfd) : -1;
	_cleanup_buf_ struct buf b = BUF_INIT;
	e->ok = fileio_read_at(piddirfd, "uid_map", IDMAP_FILE_MAX, &b) == 0 &&
		idmap_parse(b.data, &e->uid) == 0 &&
		fileio_read_at(piddirfd, "gid_map", IDMAP_FILE_MAX, &b) == 0 &&
		idmap_parse(b.data, &e->gid) == 0;
	if (!e->ok)
		return e; /* not cached: another member may read it */
	ctx->nuserns++;
	return e;
}

static void mntns_entry_free(struct mntns_entry *e)
{
	mount_table_free(&e->t);
	device_list_free(&e->dev);
}

/* The namespace through init's root when that can be all of it (cheap: one ioctl), else from
 * the namespace root (a helper process: see bench/README.md for the cost). An empty view is
 * never "no mounts": it is unknown unless the namespace root's own view says otherwise. */
static void read_mntns(struct host_ctx *ctx, int piddirfd, struct mntns_entry *e)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	e->err = fileio_read_at(piddirfd, "mountinfo", MOUNTINFO_MAX, &b);
	if (e->err == 0)
		e->err = mountinfo_parse(b.data, MOUNT_ENTRIES_MAX, &e->t);
	if (e->err < 0)
		return;
	if (!ctx->live) {
		/* A recorded tree: its files are all there is. */
		if (e->t.n == 0) {
			mount_table_free(&e->t);
			e->err = -ENODATA;
			e->why = "the recorded mountinfo is empty";
		}
		return;
	}
	_cleanup_close_ int nsfd = openat(piddirfd, "ns/mnt", O_RDONLY | O_CLOEXEC);
	unsigned nr = 0;
	int r = nsfd < 0 ? -errno : mntns_count(nsfd, &nr);
	if (r == 0 && mntns_view_complete(e->t.n, nr))
		return;
	/* Before Linux 6.12 the kernel cannot say how many mounts there are. */
	bool uncounted = r == -ENOTTY || r == -EINVAL;
	struct mount_table own = e->t;
	e->t = (struct mount_table){0};
	if (nsfd < 0) {
		mount_table_free(&own);
		e->err = r;
		e->why = "the mount namespace cannot be opened";
		return;
	}
	ctx->ns_views++;
	r = mntns_read_root_view(&ctx->helper, ctx->procfd, nsfd, MOUNT_ENTRIES_MAX, MOUNTINFO_MAX,
				 &e->t, &e->dev);
	if (r == 0) {
		mount_table_free(&own);
		e->ns_view = e->dev_known = true;
		return;
	}
	device_list_free(&e->dev);
	/* Uncounted and not enterable (no CAP_SYS_ADMIN on an older kernel): init's own view
	 * stands when it shows a mount at its "/" (a chroot into a plain directory shows none);
	 * a chroot onto a mount point is then not seen (man ctguard(8), MOUNT NAMESPACES). */
	if (uncounted && r == -EPERM && mount_table_covering(&own, "/") &&
	    strcmp(mount_table_covering(&own, "/")->mountpoint, "/") == 0) {
		e->t = own;
		return;
	}
	mount_table_free(&own);
	e->err = r;
	e->why = r == -EPERM ? "the init's root hides part of its mount namespace, and entering "
			       "the namespace needs CAP_SYS_ADMIN"
			     : "the init's root hides part of its mount namespace, which could not "
			       "be read from its root";
}

/* Has the process of piddirfd exited (a zombie, or reaped) since it was listed? Its mount
 * namespace may then read empty or half torn down: a race, not a hidden view. */
static bool has_exited(int piddirfd)
{
	char st[512];
	_cleanup_close_ int fd = openat(piddirfd, "stat", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, st, sizeof(st) - 1) : -1;
	if (n <= 0)
		return true;
	st[n] = '\0';
	const char *paren = strrchr(st, ')');
	return !paren || paren[1] != ' ' || paren[2] == 'Z' || paren[2] == 'X' || paren[2] == 'x';
}

const struct mntns_entry *host_mntns(struct host_ctx *ctx, int piddirfd, uint64_t ino)
{
	for (size_t i = 0; i < ctx->nmntns; i++)
		if (ctx->mntns[i].ino == ino)
			return &ctx->mntns[i];
	struct mntns_entry *n = realloc(ctx->mntns, (ctx->nmntns + 1) * sizeof(*n));
	if (!n)
		return NULL;
	ctx->mntns = n;
	struct mntns_entry *e = &n[ctx->nmntns];
	*e = (struct mntns_entry){.ino = ino};
	read_mntns(ctx, piddirfd, e);
	if (e->err == 0 && !e->ns_view) {
		/* The nodes as the table's root sees them: the process's root. */
		_cleanup_close_ int rootfd =
		    openat(piddirfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (rootfd >= 0 && devcache_scan(&ctx->devcache, rootfd, &e->t, &e->devs) < 0)
			e->err = -ENOMEM;
		e->dev_known = rootfd >= 0;
	} else if (e->ns_view) {
		e->devs = &e->dev;
	}
	if (e->err == -ENOMEM) {
		mntns_entry_free(e);
		return NULL;
	}
	if (e->err < 0 && ctx->live && !proc_gone(e->err) && has_exited(piddirfd))
		e->err = -ESRCH;
	if (proc_gone(e->err)) {
		mntns_entry_free(e);
		return e; /* a race: not cached, another member may read it */
	}
	ctx->nmntns++;
	return e;
}

void host_ns_cache_free(struct host_ctx *ctx)
{
	free(ctx->userns);
	for (size_t i = 0; i < ctx->nmntns; i++)
		mntns_entry_free(&ctx->mntns[i]);
	free(ctx->mntns);
	ctx->userns = NULL;
	ctx->mntns = NULL;
	ctx->nuserns = ctx->nmntns = 0;
}
