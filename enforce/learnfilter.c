/* Profile learning, the child's side (enforce/learn.h): the user-notification filter loaded in
 * the child by launch_exec, and the handoff of its listener to the supervisor
 * (enforce/learn.c). Apart from learn.c so that the launch sequence and the supervisor, which
 * runs launch_exec in its child, do not call each other. */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "enforce/learn.h"
#include "lib/cleanup.h"

/* ---- the child: the learning filter ---- */

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#else
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#endif

int learn_filter_install(int sock, struct error *err)
{
	struct learn_msg m = {0};
	struct iovec iov = {.iov_base = &m, .iov_len = sizeof(m)};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	memset(&ctl, 0, sizeof(ctl));
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = ctl.buf,
			    .msg_controllen = sizeof(ctl.buf)};
	uint64_t mhp = (uintptr_t)&mh;
	uint32_t arch = seccomp_arch_native();
	/* Jump offsets count from the next instruction: ALLOW is 14, NOTIFY 15. */
	struct sock_filter prog[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 0, 13),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit, 10, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 9, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendmsg, 0, 9),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)sock, 0, 7),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(0)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 5),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(1)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)mhp, 0, 3),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(1)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(mhp >> 32), 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog fp = {.len = ARRAY_SIZE(prog), .filter = prog};
	/* The supervisor's death must not leave the command running with nobody to answer
	 * (its calls would fail with ENOSYS). Set after the id change, which clears it. */
	pid_t parent = getppid();
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return error_setn(err, -errno, "prctl(PR_SET_PDEATHSIG)");
	if (getppid() != parent)
		return error_set(err, -ESRCH, "ctguard, the supervisor, is gone");
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC |
			      SECCOMP_FILTER_FLAG_TSYNC_ESRCH,
			  &fp);
	if (fd < 0)
		return error_setn(err, -errno, "loading the learning filter");
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	int ifd = (int)fd;
	memcpy(CMSG_DATA(c), &ifd, sizeof(ifd));
	/* The listener stays open here until execve (the kernel made it close-on-exec): closing
	 * it would be a notified call. */
	if (sendmsg(sock, &mh, MSG_NOSIGNAL) != (ssize_t)sizeof(m))
		return error_setn(err, -errno, "passing the listener to ctguard");
	return 0;
}
