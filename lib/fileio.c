/* Bounded file reads; confined resolution inside container roots (never followed out). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

#include "lib/cleanup.h"
#include "lib/fileio.h"

#ifndef RESOLVE_NO_MAGICLINKS
struct open_how {
	unsigned long long flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_IN_ROOT	      0x10
#endif
#ifndef RESOLVE_NO_SYMLINKS
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH	    0x08
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

int fileio_read_fd(int fd, size_t cap, struct buf *out)
{
	buf_clear(out);
	for (;;) {
		int r = buf_reserve(out, 4096);
		if (r < 0)
			return r;
		size_t room = out->cap - out->len - 1;
		if (out->len + room > cap + 1)
			room = cap + 1 - out->len;
		ssize_t n = read(fd, out->data + out->len, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len > cap)
			return -EFBIG;
	}
	if (!out->data && buf_reserve(out, 0) < 0)
		return -ENOMEM;
	out->data[out->len] = '\0';
	return 0;
}

int fileio_read_at(int dirfd, const char *path, size_t cap, struct buf *out)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	return fileio_read_fd(fd, cap, out);
}

static const char *file_kind(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFIFO:
		return "a FIFO";
	case S_IFDIR:
		return "a directory";
	case S_IFCHR:
		return "a character device";
	case S_IFBLK:
		return "a block device";
	case S_IFSOCK:
		return "a socket";
	default:
		return "of an unknown kind";
	}
}

int fileio_open_user(const char *path, int dir_ok, struct error *err)
{
	/* O_NONBLOCK: open(2) of a FIFO with no writer would block forever. */
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return error_setn(err, -errno, "reading '%s'", path);
	struct stat st;
	if (fstat(fd, &st) < 0)
		return error_setn(err, -errno, "reading '%s'", path);
	if (S_ISREG(st.st_mode) || (dir_ok && S_ISDIR(st.st_mode)))
		return TAKE_FD(fd);
	/* A directory is what read(2) would have failed on (EISDIR): unreadable as before. The
	 * other kinds are refused as bad input before anything waits on them. */
	return error_set(err, S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL,
			 "reading '%s': it is %s, not a regular file", path, file_kind(st.st_mode));
}

int fileio_read_user(const char *path, size_t cap, struct buf *out, struct error *err)
{
	_cleanup_close_ int fd = fileio_open_user(path, 0, err);
	if (fd < 0)
		return fd;
	int r = fileio_read_fd(fd, cap, out);
	if (r == -EFBIG)
		return error_set(err, r, "'%s' is larger than %zu bytes", path, cap);
	if (r < 0)
		return error_setn(err, r, "reading '%s'", path);
	return 0;
}

int fileio_readlink_at(int dirfd, const char *path, char *out, size_t outsz)
{
	ssize_t n = readlinkat(dirfd, path, out, outsz - 1);
	if (n < 0)
		return -errno;
	if ((size_t)n >= outsz - 1)
		return -ENAMETOOLONG;
	out[n] = '\0';
	return 0;
}

int fileio_readlink_or_text_at(int dirfd, const char *path, char *out, size_t outsz)
{
	int r = fileio_readlink_at(dirfd, path, out, outsz);
	if (r != -EINVAL)
		return r;
	/* Only a regular file: a FIFO planted in a recorded tree must not block the reader. */
	_cleanup_close_ int fd =
	    openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	struct buf b = BUF_INIT;
	r = fileio_read_fd(fd, outsz - 1, &b);
	if (r == 0) {
		size_t n = b.len ? strcspn(b.data, "\n") : 0;
		memcpy(out, b.data ? b.data : "", n);
		out[n] = '\0';
	}
	buf_free(&b);
	return r == -EFBIG ? -ENAMETOOLONG : r;
}

/* Fallback for kernels without openat2: every component opened with O_NOFOLLOW, so a symlink
 * anywhere on the path is refused (ELOOP) instead of resolved. ".." is refused too. */
static int open_walk_nofollow(int rootfd, const char *path, int flags)
{
	_cleanup_close_ int dir = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -errno;
	const char *p = path;
	for (;;) {
		while (*p == '/')
			p++;
		const char *end = strchrnul(p, '/');
		size_t len = (size_t)(end - p);
		char comp[256];
		if (len == 0)
			return fcntl(dir, F_DUPFD_CLOEXEC, 3) < 0 ? -errno : TAKE_FD(dir);
		if (len >= sizeof(comp))
			return -ENAMETOOLONG;
		memcpy(comp, p, len);
		comp[len] = '\0';
		if (strcmp(comp, "..") == 0)
			return -EXDEV;
		bool last = (*end == '\0') || end[strspn(end, "/")] == '\0';
		int fd = openat(dir, comp,
				last ? (flags | O_NOFOLLOW | O_CLOEXEC)
				     : (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
		if (fd < 0)
			return -errno;
		if (last)
			return fd;
		close(dir);
		dir = fd;
		p = end;
	}
}

/* openat2 with resolve, or on a kernel without it (ENOSYS, remembered) the component walk that
 * follows no symlink at all. */
static int openat2_or_walk(int dirfd, const char *path, int oflags, unsigned long long resolve,
			   int walk_flags)
{
	static int have_openat2 = 1;
	if (have_openat2) {
		struct open_how how = {.flags = (unsigned long long)(oflags | O_CLOEXEC),
				       .resolve = resolve};
		long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != ENOSYS)
			return -errno;
		have_openat2 = 0;
	}
	return open_walk_nofollow(dirfd, path, walk_flags);
}

int fileio_open_in_root(int rootfd, const char *path, int flags)
{
	while (*path == '/')
		path++;
	if (*path == '\0')
		path = ".";
	return openat2_or_walk(rootfd, path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, flags);
}

int fileio_open_beneath(int dirfd, const char *path, int flags)
{
	if (*path == '/' || *path == '\0')
		return -EXDEV;
	return openat2_or_walk(dirfd, path, flags | O_NOFOLLOW,
			       RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
			       flags);
}

int fileio_read_owned_beneath(int dirfd, const char *path, uid_t uid, size_t cap, struct buf *out)
{
	/* O_NONBLOCK: a FIFO planted by the file's owner must not hang the reader. */
	_cleanup_close_ int fd = fileio_open_beneath(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (uid != (uid_t)-1 && st.st_uid != uid)
		return -EPERM;
	if ((uint64_t)st.st_size > cap)
		return -EFBIG;
	return fileio_read_fd(fd, cap, out);
}

int fileio_read_in_root(int rootfd, const char *path, size_t cap, struct buf *out)
{
	/* O_NONBLOCK: a FIFO planted by the container must not hang the auditor. */
	_cleanup_close_ int fd =
	    fileio_open_in_root(rootfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return fileio_read_fd(fd, cap, out);
}

int fileio_exists_in_root(int rootfd, const char *path)
{
	_cleanup_close_ int fd = fileio_open_in_root(rootfd, path, O_PATH | O_NOFOLLOW);
	return fd >= 0;
}

int fileio_atomic_open(const char *path, mode_t mode, struct fileio_atomic *a, struct error *err)
{
	*a = (struct fileio_atomic){.fd = -1};
	struct stat st;
	size_t len = strlen(path);
	if (!len)
		return error_set(err, -EINVAL, "empty path");
	if (path[len - 1] == '/')
		return error_set(err, -EISDIR, "'%s' names a directory", path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return error_set(err, -EINVAL, "'%s' exists and is not a regular file", path);
	const char *slash = strrchr(path, '/');
	_cleanup_buf_ struct buf tmp = BUF_INIT;
	if ((slash ? buf_printf(&tmp, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
		   : buf_printf(&tmp, ".%s.XXXXXX", path)) < 0)
		return error_set(err, -ENOMEM, "out of memory");
	int fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0)
		return error_setn(err, -errno, "creating a temporary file next to '%s'", path);
	int r = fchmod(fd, mode) < 0 ? error_setn(err, -errno, "chmod '%s'", tmp.data) : 0;
	if (r == 0 && !(a->path = strdup(path)))
		r = error_set(err, -ENOMEM, "out of memory");
	if (r < 0) {
		close(fd);
		unlink(tmp.data);
		return r;
	}
	a->tmp = buf_steal(&tmp);
	a->fd = fd;
	return 0;
}

void fileio_atomic_abort(struct fileio_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	*a = (struct fileio_atomic){.fd = -1};
}

int fileio_atomic_commit(struct fileio_atomic *a, const char *text, size_t len, const char *keep_as,
			 struct error *err)
{
	int r = 0;
	for (size_t done = 0; r == 0 && done < len;) {
		ssize_t n = write(a->fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = error_setn(err, n < 0 ? -errno : -EIO, "writing '%s'", a->tmp);
		else
			done += (size_t)n;
	}
	if (r == 0 && !a->no_sync && fsync(a->fd) < 0)
		r = error_setn(err, -errno, "fsync '%s'", a->tmp);
	if (r == 0 && keep_as) {
		/* A second name for the current file (unique: the temporary one's plus .keep),
		 * then moved over keep_as in one step. */
		_cleanup_buf_ struct buf k = BUF_INIT;
		if (buf_printf(&k, "%s.keep", a->tmp) < 0)
			r = error_set(err, -ENOMEM, "out of memory");
		else if (link(a->path, k.data) < 0)
			r = error_setn(err, -errno, "keeping the original as '%s'", keep_as);
		else if (rename(k.data, keep_as) < 0) {
			r = error_setn(err, -errno, "keeping the original as '%s'", keep_as);
			unlink(k.data);
		}
	}
	if (r == 0 && rename(a->tmp, a->path) < 0)
		r = error_setn(err, -errno, "renaming '%s' to '%s'", a->tmp, a->path);
	if (r == 0) {
		/* The rename itself reaches the disk with the directory. */
		const char *slash = strrchr(a->path, '/');
		_cleanup_buf_ struct buf dir = BUF_INIT;
		if (slash)
			buf_printf(&dir, "%.*s", slash == a->path ? 1 : (int)(slash - a->path),
				   a->path);
		else
			buf_puts(&dir, ".");
		_cleanup_close_ int dfd = dir.data && !a->no_sync
					      ? open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
					      : -1;
		if (dfd >= 0)
			fsync(dfd);
		free(a->tmp);
		a->tmp = NULL;
	}
	fileio_atomic_abort(a);
	return r;
}
