/* Mount namespaces read from their root. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit/mntns.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define DEV_ENTRIES_MAX 4096

/* include/uapi/linux/nsfs.h (Linux 6.12); not in older headers. */
struct mntns_info {
	uint32_t size;
	uint32_t nr_mounts;
	uint64_t mnt_ns_id;
};
#define MNTNS_NSIO	     0xb7
#define MNTNS_GET_INFO	     _IOR(MNTNS_NSIO, 10, struct mntns_info)
#define MNTNS_INFO_SIZE_VER0 16

int mntns_count(int nsfd, unsigned *nr)
{
	struct mntns_info info = {.size = MNTNS_INFO_SIZE_VER0};
	if (ioctl(nsfd, MNTNS_GET_INFO, &info) < 0)
		return -errno;
	*nr = info.nr_mounts;
	return 0;
}

bool mntns_view_complete(size_t entries, unsigned nr_mounts)
{
	return entries > 0 && entries + 1 >= nr_mounts;
}

int mntns_block_devices(int rootfd, struct strv *out)
{
	_cleanup_close_ int fd = fileio_open_in_root(rootfd, "/dev", O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return 0;
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d)
		return 0;
	int dfd = TAKE_FD(fd);
	struct dirent *de;
	for (int count = 0; (de = readdir(d)) && count < DEV_ENTRIES_MAX; count++) {
		struct stat st;
		if (de->d_type != DT_BLK && de->d_type != DT_UNKNOWN)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISBLK(st.st_mode))
			continue;
		char path[300];
		snprintf(path, sizeof(path), "/dev/%s", de->d_name);
		if (strv_push_unique(out, path) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The child: enter the namespace, say whether it worked, wait for the parent to be done.
 * It runs nothing and opens nothing of the container's: only its root and cwd move. */
static _Noreturn void helper(int nsfd, int ready, int done)
{
	int e = setns(nsfd, CLONE_NEWNS) < 0 ? errno : 0;
	if (write(ready, &e, sizeof(e)) != sizeof(e))
		_exit(1);
	char c;
	while (read(done, &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

static int read_child(int procfd, pid_t child, size_t max_entries, size_t max_bytes,
		      struct mount_table *t, struct strv *dev)
{
	char path[48];
	_cleanup_buf_ struct buf b = BUF_INIT;
	snprintf(path, sizeof(path), "%d/mountinfo", child);
	int r = fileio_read_at(procfd, path, max_bytes, &b);
	if (r < 0)
		return r;
	r = mountinfo_parse(b.data, max_entries, t);
	if (r < 0)
		return r;
	if (t->n == 0) {
		mount_table_free(t);
		return -ENODATA;
	}
	snprintf(path, sizeof(path), "%d/root", child);
	_cleanup_close_ int rootfd = openat(procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		r = -errno;
		mount_table_free(t);
		return r;
	}
	r = mntns_block_devices(rootfd, dev);
	if (r < 0)
		mount_table_free(t);
	return r;
}

int mntns_read_root_view(int procfd, int nsfd, size_t max_entries, size_t max_bytes,
			 struct mount_table *t, struct strv *dev)
{
	*t = (struct mount_table){0};
	int ready[2], done[2];
	if (pipe2(ready, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(done, O_CLOEXEC) < 0) {
		int e = -errno;
		close(ready[0]);
		close(ready[1]);
		return e;
	}
	pid_t child = fork();
	if (child == 0) {
		close(ready[0]);
		close(done[1]);
		helper(nsfd, ready[1], done[0]);
	}
	int r = child < 0 ? -errno : 0;
	close(ready[1]);
	close(done[0]);
	int e = 0;
	if (r == 0) {
		ssize_t n;
		while ((n = read(ready[0], &e, sizeof(e))) < 0 && errno == EINTR)
			;
		r = n != sizeof(e) ? -EIO : e ? -e : 0;
	}
	if (r == 0)
		r = read_child(procfd, child, max_entries, max_bytes, t, dev);
	close(ready[0]);
	close(done[1]); /* the child's read ends: it exits */
	if (child > 0)
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
	return r;
}
