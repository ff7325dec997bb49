/* The private copies of judged configs handed to runc (enforce/gatebundle.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "enforce/gatebundle.h"
#include "lib/cleanup.h"

/* The private copies of judged configs runc is pointed at (root's; /run is normally tmpfs);
 * collected when their container is gone, after RT_PRIVATE_TTL seconds, once RT_PRIVATE_KEEP
 * have piled up. */
#define RT_PRIVATE_DIR	"/run/ctguard"
#define RT_PRIVATE_TTL	60
#define RT_PRIVATE_KEEP 64

/* runc's container ids (libcontainer validateID): ^[\w+-\.]+$ -- the class holds the range
 * '+'..'.', so also ',' -- and never "." or "..". Only such an id names a private directory
 * (runc refuses the others itself). */
bool gatebundle_id_valid(const char *id)
{
	if (!id || !*id || strcmp(id, ".") == 0 || strcmp(id, "..") == 0 || strlen(id) > 200)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || (*p >= '+' && *p <= '.')))
			return false;
	return true;
}

/* Where the private copies live: root-owned tmpfs (or the caller's runtime directory when not
 * root, as runc's own state). */
static int private_base(struct buf *base, struct stat *st, struct error *err)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	if (geteuid() != 0 && xdg && xdg[0] == '/')
		buf_printf(base, "%s/ctguard", xdg);
	else
		buf_puts(base, RT_PRIVATE_DIR);
	if (!base->data)
		return error_set(err, -ENOMEM, "out of memory");
	mkdir(base->data, 0700);
	buf_puts(base, "/bundles");
	if (!base->data)
		return error_set(err, -ENOMEM, "out of memory");
	mkdir(base->data, 0700);
	/* Only ours: a directory (not a symlink) owned by this user that nobody else can write,
	 * so no one can swap the file runc is about to read. */
	if (lstat(base->data, st) < 0)
		return error_setn(err, -errno, "'%s'", base->data);
	if (!S_ISDIR(st->st_mode) || st->st_uid != geteuid() || (st->st_mode & 0077))
		return error_set(err, -EPERM,
				 "'%s' is not a private directory (a directory of uid %u, mode "
				 "0700)",
				 base->data, (unsigned)geteuid());
	return 0;
}

#define STATE_NOTE "runc-state"

static int private_note_state(const char *dir, const char *state)
{
	_cleanup_buf_ struct buf p = BUF_INIT;
	if (buf_printf(&p, "%s/" STATE_NOTE, dir) < 0)
		return -ENOMEM;
	_cleanup_close_ int fd =
	    open(p.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	size_t len = strlen(state);
	return fd >= 0 && write(fd, state, len) == (ssize_t)len ? 0 : -EIO;
}

static void private_remove(const char *dir)
{
	_cleanup_close_ int sub = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (sub >= 0) {
		unlinkat(sub, "config.json", 0);
		unlinkat(sub, "process.json", 0);
		unlinkat(sub, STATE_NOTE, 0);
	}
	rmdir(dir);
}

/* Is the container of the private bundle sub (an open directory) still known to runc? */
static bool private_in_use(int sub)
{
	_cleanup_close_ int fd = openat(sub, STATE_NOTE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	char state[PATH_MAX];
	ssize_t n = fd >= 0 ? read(fd, state, sizeof(state) - 1) : -1;
	if (n <= 0)
		return false;
	state[n] = '\0';
	return access(state, F_OK) == 0;
}

/* Removes the private copies older than RT_PRIVATE_TTL seconds whose container runc no longer
 * knows: runc reads a config when it starts and again for every `exec` without --process (from
 * the bundle its state records), so a copy lives as long as its container; a launch still that
 * far from reading its copy has failed. Copies of launches under way are younger; a race
 * between two collectors only fails an unlink. At most once per RT_PRIVATE_TTL (the mtime of
 * base/.gc says when it last ran) and only once RT_PRIVATE_KEEP copies have piled up (st is the
 * base directory's; its link count is 2 plus its subdirectories): most launches pay one
 * fstatat, not a readdir. */
static void private_gc(const char *base, const struct stat *st)
{
	if (st->st_nlink < 2 + RT_PRIVATE_KEEP)
		return;
	_cleanup_buf_ struct buf stamp = BUF_INIT;
	struct stat sst;
	time_t now = time(NULL);
	if (buf_printf(&stamp, "%s/.gc", base) < 0 ||
	    (lstat(stamp.data, &sst) == 0 && sst.st_mtime > now - RT_PRIVATE_TTL))
		return;
	int sfd = open(stamp.data, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (sfd < 0)
		return;
	futimens(sfd, NULL);
	close(sfd);
	_cleanup_close_ int dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d)
		return;
	TAKE_FD(dfd);
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat est;
		if (e->d_name[0] == '.' ||
		    fstatat(dirfd(d), e->d_name, &est, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(est.st_mode) || est.st_mtime > now - RT_PRIVATE_TTL)
			continue;
		int sub =
		    openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (sub < 0)
			continue;
		bool keep = private_in_use(sub);
		if (!keep) {
			unlinkat(sub, "config.json", 0);
			unlinkat(sub, "process.json", 0);
			unlinkat(sub, STATE_NOTE, 0);
		}
		close(sub);
		if (!keep)
			unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

/* Writes text (len bytes: the judged object's) as base/ID.XXXXXX/name, a directory made for this
 * launch only (mode 0700, O_EXCL file): the copy runc reads is the judged object, whatever happens
 * to the engine's file. No fsync: /run is normally tmpfs, and after a crash the launch is gone too.
 * Sets *path (the directory for config.json, the file otherwise). */
int gatebundle_write(const char *id, const char *state, const char *text, size_t len,
		     const char *name, struct buf *path, struct error *err)
{
	_cleanup_buf_ struct buf base = BUF_INIT;
	struct stat st;
	int r = private_base(&base, &st, err);
	if (r < 0)
		return r;
	private_gc(base.data, &st);
	if (buf_printf(path, "%s/%s.XXXXXX", base.data,
		       gatebundle_id_valid(id) ? id : "container") < 0)
		return error_set(err, -ENOMEM, "out of memory");
	if (!mkdtemp(path->data))
		return error_setn(err, -errno, "creating a private bundle in '%s'", base.data);
	size_t dirlen = path->len;
	buf_printf(path, "/%s", name);
	if (!path->data)
		return error_set(err, -ENOMEM, "out of memory");
	int fd = open(path->data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return error_setn(err, -errno, "'%s'", path->data);
	ssize_t w = write(fd, text, len);
	r = w == (ssize_t)len ? 0 : w < 0 ? -errno : -EIO;
	close(fd);
	if (r < 0) {
		unlink(path->data);
		path->data[dirlen] = '\0';
		rmdir(path->data);
		return error_setn(err, r, "writing a private copy of %s", name);
	}
	if (strcmp(name, "config.json") == 0) {
		path->len = dirlen;
		path->data[dirlen] = '\0';
		/* runc reads this config again for every `exec` without --process: the copy lives
		 * as long as the container, whose runc state file is named here for the collector.
		 */
		if (state && private_note_state(path->data, state) < 0) {
			private_remove(path->data);
			return error_set(err, -EIO, "writing the private bundle's state note");
		}
	}
	return 0;
}
