/* Profile learning: the output file, the user-notification filter loaded in the child, and the
 * supervisor loop in ctguard that records each call (seccomp/learnrec.c) and lets it continue.
 *
 * Only the child is ever under the filter: the supervisor must answer every notification, so a
 * filtered supervisor would wait on itself. The child passes the listener back over a socketpair
 * (SCM_RIGHTS); that one sendmsg is let through by comparing both its fd and its msghdr address,
 * which no program executed later can reproduce by chance. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enforce/launch.h"
#include "enforce/learn.h"
#include "seccomp/learnrec.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define LEARN_CACHE	1024 /* pid -> caller slots (direct-mapped) */
#define LEARN_LABEL_MAX 512  /* bytes of a caller's name kept */
#define X32_SYSCALL_BIT 0x40000000U

/* Linux 6.6; Debian 12's headers predate it. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* ---- the supervisor ---- */

struct slot {
	pid_t pid; /* 0: empty */
	uint32_t prog;
};

struct sup {
	struct learnrec *rec;
	struct learn_result *res;
	uint32_t arch; /* native AUDIT_ARCH_* */
	pid_t main_pid;
	bool all_gone; /* no child left: every process of the command has been reaped */
	int listener, sock, sigfd;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size, resp_size;
	struct slot cache[LEARN_CACHE];
	char self_exe[PATH_MAX];
};

/* The caller's executable (its comm in brackets when the link cannot be read). Read while the
 * caller waits in the notified call; the pid may still have died and been reused meanwhile,
 * which NOTIF_ID_VALID tells. Cached per pid; the cache is emptied at each execve and at each
 * call that creates a process or thread (see serve), so a reused pid is never misattributed. */
static uint32_t caller(struct sup *s, pid_t pid, uint64_t id)
{
	if (pid <= 0) /* not visible in ctguard's pid namespace */
		return learnrec_prog(s->rec, "?");
	struct slot *sl = &s->cache[(unsigned)pid % LEARN_CACHE];
	if (sl->pid == pid)
		return sl->prog;
	char path[64], exe[LEARN_LABEL_MAX];
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	ssize_t n = readlink(path, exe, sizeof(exe) - 1);
	if (n >= 0) {
		exe[n] = '\0';
	} else {
		snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
		_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
		char comm[32] = "";
		ssize_t c = fd >= 0 ? read(fd, comm, sizeof(comm) - 1) : -1;
		comm[c > 0 ? c : 0] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
		snprintf(exe, sizeof(exe), "[%s]", c > 0 ? comm : "?");
	}
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0)
		return learnrec_prog(s->rec, "?");
	bool launcher = pid == s->main_pid && s->self_exe[0] && strcmp(exe, s->self_exe) == 0;
	uint32_t prog = learnrec_prog(s->rec, launcher ? "ctguard (launcher)" : exe);
	*sl = (struct slot){pid, prog};
	return prog;
}

static bool native_call(uint32_t arch, const struct seccomp_data *d)
{
	if (d->arch != arch)
		return false;
	/* x32 shares AUDIT_ARCH_X86_64 and marks its numbers; compiled profiles kill it. */
	return arch != AUDIT_ARCH_X86_64 || !(d->nr & X32_SYSCALL_BIT);
}

/* A new program image makes the caller's cached executable stale; a new process or thread
 * may reuse the pid of one that has exited. Every process of the command is created by one of
 * these calls, notified before the process exists, so emptying the cache then keeps it exact. */
static bool starts_something(int nr)
{
	return nr == __NR_execve || nr == __NR_execveat || nr == __NR_clone ||
#ifdef __NR_fork
	       nr == __NR_fork ||
#endif
#ifdef __NR_vfork
	       nr == __NR_vfork ||
#endif
#ifdef __NR_clone3
	       nr == __NR_clone3 ||
#endif
	       false;
}

/* Receives one notification, records it, and lets the call continue (native ABI) or answers
 * ENOSYS (another ABI: a compiled profile covers the native one only and kills the rest). */
static int serve(struct sup *s, struct error *err)
{
	memset(s->req, 0, s->req_size);
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, s->req) < 0) {
		/* ENOENT: the caller died or was interrupted before we took the notification. */
		if (errno == EINTR || errno == ENOENT)
			return 0;
		return error_setn(err, -errno, "receiving a seccomp notification");
	}
	const struct seccomp_data *d = &s->req->data;
	bool native = native_call(s->arch, d);
	uint32_t prog = caller(s, (pid_t)s->req->pid, s->req->id);
	if (native)
		learnrec_native(s->rec, d->nr, prog);
	else
		learnrec_other(s->rec, d->arch, d->nr, prog);
	memset(s->resp, 0, s->resp_size);
	s->resp->id = s->req->id;
	if (native)
		s->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else
		s->resp->error = -ENOSYS;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, s->resp) < 0) {
		if (errno != ENOENT && errno != EINTR)
			return error_setn(err, -errno, "answering a seccomp notification");
		s->res->gone++;
	} else {
		s->res->calls++;
	}
	if (native && starts_something(d->nr))
		memset(s->cache, 0, sizeof(s->cache));
	return 0;
}

/* Every exited child: the command's process, its children, and orphans of its descendants
 * (this process is their subreaper). */
static void reap(struct sup *s)
{
	for (;;) {
		int st;
		pid_t p = waitpid(-1, &st, WNOHANG | __WALL);
		if (p > 0) {
			if (p == s->main_pid) {
				s->res->wstatus = st;
				s->main_pid = -1;
			}
			continue;
		}
		if (p < 0 && errno == ECHILD)
			s->all_gone = true;
		return;
	}
}

/* Signals sent to ctguard go on to the command; those of the terminal (SI_KERNEL) reach the
 * command's process group by themselves. */
static void on_signals(struct sup *s)
{
	struct signalfd_siginfo si;
	while (read(s->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		if (si.ssi_signo != SIGCHLD && si.ssi_code != SI_KERNEL && s->main_pid > 0)
			kill(s->main_pid, (int)si.ssi_signo);
	reap(s);
}

/* The child's messages: first the listener, or why the launch failed. */
static void on_sock(struct sup *s)
{
	struct learn_msg m;
	struct iovec iov = {.iov_base = &m, .iov_len = sizeof(m)};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = ctl.buf,
			    .msg_controllen = sizeof(ctl.buf)};
	ssize_t n = recvmsg(s->sock, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) { /* closed: the command was executed, or the child is gone */
		close(s->sock);
		s->sock = -1;
		return;
	}
	int fd = -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	if (n == (ssize_t)sizeof(m) && m.code == 0 && fd >= 0 && s->listener < 0) {
		s->listener = fd;
		s->res->started = true;
		/* The caller and ctguard hand the CPU to each other at each call instead of
		 * waking through the scheduler (Linux 6.6; older kernels refuse, which is fine). */
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
		return;
	}
	if (fd >= 0)
		close(fd);
	if (n == (ssize_t)sizeof(m) && m.code < 0) {
		s->res->launch_failed = true;
		s->res->code = m.code;
		m.step[sizeof(m.step) - 1] = '\0';
		m.msg[sizeof(m.msg) - 1] = '\0';
		memcpy(s->res->step, m.step, sizeof(m.step));
		memcpy(s->res->msg, m.msg, sizeof(m.msg));
	}
}

static int supervise(struct sup *s, struct error *err)
{
	while (!s->all_gone) {
		struct pollfd pf[3] = {{s->sigfd, POLLIN, 0}};
		int k = 1, isock = -1, ilis = -1;
		if (s->sock >= 0)
			isock = k, pf[k++] = (struct pollfd){s->sock, POLLIN, 0};
		if (s->listener >= 0)
			ilis = k, pf[k++] = (struct pollfd){s->listener, POLLIN, 0};
		if (poll(pf, k, -1) < 0) {
			if (errno == EINTR)
				continue;
			return error_setn(err, -errno, "poll");
		}
		if (ilis >= 0 && (pf[ilis].revents & POLLIN)) {
			int r = serve(s, err);
			if (r < 0)
				return r;
		} else if (ilis >= 0 && pf[ilis].revents) {
			/* POLLHUP: no process is left under the filter. */
			close(s->listener);
			s->listener = -1;
		}
		if (isock >= 0 && pf[isock].revents)
			on_sock(s);
		if (pf[0].revents)
			on_signals(s);
	}
	/* A failing child sends its message and exits: the message may still wait. */
	while (s->sock >= 0)
		on_sock(s);
	return 0;
}

/* The fds step clears close-on-exec on the kept fds (it touches nothing else). */
static bool fd_kept(const struct launch_plan *plan, int fd)
{
	const struct launch_policy *p = plan->policy;
	for (size_t i = 0; p->fds_close && i < p->nfds_keep; i++)
		if (p->fds_keep[i] == fd)
			return true;
	return false;
}

/* The child: ctguard's descriptors stay out of the command, then the launch sequence. */
static void __attribute__((noreturn))
child(struct launch_plan *plan, const struct fileio_atomic *out, int sock, const struct sup *s,
      const sigset_t *old, const struct sigaction *chld)
{
	close(s->sock);
	close(s->sigfd);
	if (out && out->fd >= 0)
		close(out->fd);
	sigaction(SIGCHLD, chld, NULL);
	sigprocmask(SIG_SETMASK, old, NULL);
	/* The plan's /proc/self/status was opened by the parent and shows the parent. */
	if (plan->status_fd >= 0)
		close(plan->status_fd);
	plan->status_fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	/* A kept fd number is left open by the fds step: the socket must not be one. */
	int hi = 3;
	for (size_t i = 0; i < plan->policy->nfds_keep; i++)
		if (plan->policy->fds_keep[i] >= hi)
			hi = plan->policy->fds_keep[i] + 1;
	if (fd_kept(plan, sock)) {
		int moved = fcntl(sock, F_DUPFD_CLOEXEC, hi);
		close(sock);
		sock = moved;
	}
	struct error e = {0};
	int r = sock < 0 ? error_setn(&e, -errno, "moving the supervisor socket")
			 : (plan->learn_sock = sock, launch_exec(plan, &e));
	struct learn_msg m = {.code = r < 0 ? r : -EIO};
	snprintf(m.step, sizeof(m.step), "%s", plan->failed_step ? plan->failed_step : "learn");
	snprintf(m.msg, sizeof(m.msg), "%s", e.msg);
	if (sock >= 0)
		send(sock, &m, sizeof(m), MSG_NOSIGNAL);
	_exit(125);
}

static int prepare(struct sup *s, struct error *err)
{
	struct seccomp_notif_sizes sz;
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		return error_setn(err, -errno, "the kernel has no seccomp user notification");
	s->req_size = sz.seccomp_notif > sizeof(*s->req) ? sz.seccomp_notif : sizeof(*s->req);
	s->resp_size =
	    sz.seccomp_notif_resp > sizeof(*s->resp) ? sz.seccomp_notif_resp : sizeof(*s->resp);
	s->req = calloc(1, s->req_size);
	s->resp = calloc(1, s->resp_size);
	s->rec = learnrec_new();
	if (!s->req || !s->resp || !s->rec)
		return error_set(err, -ENOMEM, "out of memory");
	s->arch = seccomp_arch_native();
	ssize_t n = readlink("/proc/self/exe", s->self_exe, sizeof(s->self_exe) - 1);
	s->self_exe[n > 0 ? n : 0] = '\0';
	return 0;
}

static void sup_free(struct sup *s)
{
	free(s->req);
	free(s->resp);
	learnrec_free(s->rec);
	if (s->listener >= 0)
		close(s->listener);
	if (s->sock >= 0)
		close(s->sock);
	if (s->sigfd >= 0)
		close(s->sigfd);
}

/* When supervising fails nobody answers any more: once the listener is closed, every call of
 * the command's processes but exit fails with ENOSYS. The command's process is killed; the
 * others, which may sleep in a call that already continued, are left to end that way. */
static void stop(struct sup *s)
{
	if (s->listener >= 0)
		close(s->listener);
	s->listener = -1;
	if (s->main_pid > 0) {
		kill(s->main_pid, SIGKILL);
		while (waitpid(s->main_pid, &s->res->wstatus, __WALL) < 0 && errno == EINTR)
			;
	}
}

/* The signals the supervisor reads from a signalfd. */
static void handled(sigset_t *set)
{
	static const int sigs[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
	sigemptyset(set);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(set, sigs[i]);
}

void learn_signals_block(sigset_t *old)
{
	sigset_t set;
	handled(&set);
	sigprocmask(SIG_BLOCK, &set, old);
}

int learn_run(struct launch_plan *plan, const struct fileio_atomic *out, const sigset_t *old,
	      struct learnrec **rec, struct learn_result *res, struct error *err)
{
	memset(res, 0, sizeof(*res));
	*rec = NULL;
	struct sup s = {.res = res, .listener = -1, .sock = -1, .sigfd = -1};
	int r = prepare(&s, err);
	if (r < 0)
		return sup_free(&s), r;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return sup_free(&s), error_setn(err, -errno, "socketpair");
	s.sock = sv[0];
	sigset_t set;
	handled(&set);
	/* An ignored SIGCHLD (inherited) would have the kernel reap the children itself, and
	 * the command's status would be lost: default while supervising, restored after and in
	 * the child (an ignored signal stays ignored across execve). */
	struct sigaction chld, dfl = {.sa_handler = SIG_DFL};
	sigaction(SIGCHLD, &dfl, &chld);
	s.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (s.sigfd < 0 || prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		r = error_setn(err, -errno, "preparing to supervise");
		close(sv[1]);
		goto out;
	}
	fflush(NULL);
	s.main_pid = fork();
	if (s.main_pid == 0)
		child(plan, out, sv[1], &s, old, &chld);
	close(sv[1]);
	if (s.main_pid < 0) {
		r = error_setn(err, -errno, "fork");
		goto out;
	}
	r = supervise(&s, err);
	if (r < 0)
		stop(&s);
out:
	prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	sigaction(SIGCHLD, &chld, NULL);
	if (r == 0)
		*rec = TAKE_PTR(s.rec);
	sup_free(&s);
	return r;
}
