/* Which descriptors cross execve, and whether the working directory is inside the root. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "enforce/fds.h"

static bool kept(const int *keep, size_t n, int fd)
{
	for (size_t i = 0; i < n; i++)
		if (keep[i] == fd)
			return true;
	return false;
}

static int set_cloexec(int fd, bool on)
{
	int fl = fcntl(fd, F_GETFD);
	if (fl < 0)
		return -errno;
	int want = on ? (fl | FD_CLOEXEC) : (fl & ~FD_CLOEXEC);
	if (want != fl && fcntl(fd, F_SETFD, want) < 0)
		return -errno;
	return 0;
}

/* Fallback for kernels before 5.11: one fcntl per open fd, listed without allocating. */
static int walk_proc_fds(const int *keep, size_t n, struct error *err)
{
	int dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return error_setn(err, -errno, "opening '/proc/self/fd'");
	char buf[4096] __attribute__((aligned(8)));
	for (;;) {
		long got = syscall(SYS_getdents64, dfd, buf, sizeof(buf));
		if (got < 0) {
			int r = -errno;
			close(dfd);
			return error_setn(err, r, "listing '/proc/self/fd'");
		}
		if (got == 0)
			break;
		for (long off = 0; off < got;) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			off += de->d_reclen;
			char *end;
			long fd = strtol(de->d_name, &end, 10);
			if (*end || end == de->d_name || fd < 3 || fd == dfd || fd > INT_MAX ||
			    kept(keep, n, (int)fd))
				continue;
			int r = set_cloexec((int)fd, true);
			if (r < 0 && r != -EBADF) {
				close(dfd);
				return error_setn(err, r, "marking fd %ld close-on-exec", fd);
			}
		}
	}
	close(dfd);
	return 0;
}

int fds_keep_only(const int *keep, size_t n, struct error *err)
{
	for (size_t i = 0; i < n; i++) {
		int r = set_cloexec(keep[i], false);
		if (r < 0)
			return error_setn(err, r, "kept fd %d", keep[i]);
	}
	/* The gaps between kept fds, in ascending order, each marked with one call. */
	unsigned int lo = 3;
	for (;;) {
		unsigned int next = UINT_MAX; /* smallest kept fd >= lo */
		for (size_t i = 0; i < n; i++)
			if (keep[i] >= (int)lo && (unsigned int)keep[i] < next)
				next = keep[i];
		unsigned int hi = next == UINT_MAX ? UINT_MAX : next - 1;
		if (hi >= lo && syscall(SYS_close_range, lo, hi, CLOSE_RANGE_CLOEXEC) < 0) {
			if (errno == ENOSYS || errno == EINVAL)
				return walk_proc_fds(keep, n, err);
			return error_setn(err, -errno, "close_range(%u, %u, CLOEXEC)", lo, hi);
		}
		if (next == UINT_MAX)
			return 0;
		lo = next + 1;
	}
}

int fds_check_cwd(struct error *err)
{
	char cwd[PATH_MAX];
	/* The kernel prefixes "(unreachable)" to a directory outside the root; glibc turns that
	 * into ENOENT. */
	if (!getcwd(cwd, sizeof(cwd)))
		return error_setn(err, -errno, "the working directory is not reachable");
	if (cwd[0] != '/')
		return error_set(err, -ENOENT, "the working directory '%s' is outside the root",
				 cwd);
	return 0;
}
