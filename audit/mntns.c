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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit/mntns.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

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

static int send_fd(int sock, int fd)
{
	char byte = 0, ctl[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -errno;
}

/* -1 on end of file or error. */
static int recv_fd(int sock)
{
	char byte, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl)};
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* The helper: enter each namespace it is sent, say whether it worked, wait for the next. Only
 * its root and cwd move; it never resolves a path, so nothing of a container's is opened. */
static _Noreturn void helper_main(int sock)
{
	for (;;) {
		int fd = recv_fd(sock);
		if (fd < 0)
			_exit(0);
		int e = setns(fd, CLONE_NEWNS) < 0 ? errno : 0;
		close(fd);
		if (send(sock, &e, sizeof(e), MSG_NOSIGNAL) != sizeof(e))
			_exit(1);
	}
}

static int helper_start(struct mntns_helper *h)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = -errno;
		close(sv[0]);
		close(sv[1]);
		return e;
	}
	if (pid == 0) {
		close(sv[0]);
		helper_main(sv[1]);
	}
	close(sv[1]);
	h->pid = pid;
	h->sock = sv[0];
	return 0;
}

void mntns_helper_stop(struct mntns_helper *h)
{
	if (h->pid <= 0)
		return;
	close(h->sock);
	while (waitpid(h->pid, NULL, 0) < 0 && errno == EINTR)
		;
	*h = (struct mntns_helper){0};
}

static int read_child(int procfd, pid_t child, size_t max_entries, size_t max_bytes,
		      struct mount_table *t, struct device_list *dev)
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
	r = devices_scan(rootfd, t, dev);
	if (r < 0)
		mount_table_free(t);
	return r;
}

int mntns_read_root_view(struct mntns_helper *h, int procfd, int nsfd, size_t max_entries,
			 size_t max_bytes, struct mount_table *t, struct device_list *dev)
{
	*t = (struct mount_table){0};
	int r = h->pid > 0 ? 0 : helper_start(h);
	if (r < 0)
		return r;
	int e = 0;
	r = send_fd(h->sock, nsfd);
	if (r == 0) {
		ssize_t n;
		while ((n = recv(h->sock, &e, sizeof(e), 0)) < 0 && errno == EINTR)
			;
		r = n != sizeof(e) ? -EIO : e ? -e : 0;
	}
	if (r == -EIO || r == -EPIPE || r == -ECONNRESET) {
		mntns_helper_stop(h); /* a dead helper: the next read starts another */
		return -EIO;
	}
	return r < 0 ? r : read_child(procfd, h->pid, max_entries, max_bytes, t, dev);
}
