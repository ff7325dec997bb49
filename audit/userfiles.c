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

int userfile_base(int hostrootfd, const char *base, int64_t uid)
{
	_cleanup_close_ int fd = fileio_open_in_root(hostrootfd, base, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fd;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (uid >= 0 && (int64_t)st.st_uid != uid)
		return -EPERM;
	return TAKE_FD(fd);
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
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (uid >= 0 && (int64_t)st.st_uid != uid)
		return -EPERM;
	return TAKE_FD(fd);
}
