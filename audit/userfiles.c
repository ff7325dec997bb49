/* Reads of a rootless user's own files: beneath the user's directory, no symlink, no FIFO, capped,
 * owned by the user (audit/userfiles.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/userfiles.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

/* 0 when fd's file belongs to uid (or uid < 0: any owner), -EPERM when not. */
static int owned_by(int fd, int64_t uid)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	return uid >= 0 && (int64_t)st.st_uid != uid ? -EPERM : 0;
}

int userfile_base(int hostrootfd, const char *base, int64_t uid)
{
	_cleanup_close_ int fd = fileio_open_in_root(hostrootfd, base, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fd;
	int r = owned_by(fd, uid);
	return r < 0 ? r : TAKE_FD(fd);
}

int userfile_read(int hostrootfd, const char *base, const char *rel, int64_t uid, size_t cap,
		  struct buf *out)
{
	_cleanup_close_ int dfd = userfile_base(hostrootfd, base, uid);
	if (dfd < 0)
		return dfd;
	return fileio_read_owned_beneath(dfd, rel, uid < 0 ? (uid_t)-1 : (uid_t)uid, cap, out);
}

int userfile_opendir(int hostrootfd, const char *base, const char *rel, int64_t uid)
{
	_cleanup_close_ int dfd = userfile_base(hostrootfd, base, uid);
	if (dfd < 0)
		return dfd;
	_cleanup_close_ int fd = fileio_open_beneath(dfd, rel, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	int r = owned_by(fd, uid);
	return r < 0 ? r : TAKE_FD(fd);
}
