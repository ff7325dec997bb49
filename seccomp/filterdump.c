/* Reads a process's seccomp filters through a short-lived tracer process (see filterdump.h for
 * why the tracee can never be left stopped). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seccomp/filterdump.h"
#include "kernel/status.h"
#include "seccomp/verdict.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#define CAP_SYS_ADMIN_BIT 21

/* What the helper hands back, in memory shared with it. */
struct shared {
	int err;	  /* negative errno of the failed step, 0 */
	int done;	  /* the helper got to the end (it did not die on the way) */
	const char *step; /* the failed step (a string literal: same address in both) */
	uint32_t n;
	uint32_t len[FILTERDUMP_FILTERS_MAX];
	uint64_t stopped_ns, held_ns;
	/* Room for one more whole filter past the limit: the kernel writes a filter without
	 * being told the buffer's size. */
	struct sock_filter insns[FILTERDUMP_INSNS_MAX + BPF_PROG_MAX];
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fail(struct shared *sh, const char *step, int e)
{
	sh->err = -e;
	sh->step = step;
}

/* The tracer. Between PTRACE_INTERRUPT and PTRACE_DETACH it only makes the ptrace calls and
 * writes to memory that is already mapped. It returns rather than calling _exit: glibc's
 * clone then ends the process with exit(2), and ASan is not asked to unwind a stack it does
 * not know. */
static int helper(pid_t pid, pid_t parent, struct shared *sh, int test_stop_ms)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		return 1;
	/* Run as soon as the tracee stops, even on a busy machine: the helper's work is a few
	 * system calls, the parent's timeout bounds it, and the kernel's real-time throttling
	 * leaves the other tasks their share anyway. Best effort (needs CAP_SYS_NICE). */
	struct sched_param sp = {.sched_priority = 1};
	sched_setscheduler(0, SCHED_FIFO, &sp);
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) {
		fail(sh, "PTRACE_SEIZE", errno);
		return 0;
	}
	uint64_t t0 = now_ns();
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0) {
		fail(sh, "PTRACE_INTERRUPT", errno);
		return 0; /* exiting detaches */
	}
	int st = 0;
	pid_t w;
	while ((w = waitpid(pid, &st, __WALL)) < 0 && errno == EINTR)
		;
	if (w < 0 || !WIFSTOPPED(st)) {
		fail(sh, "waiting for the tracee to stop", w < 0 ? errno : ESRCH);
		return 0;
	}
	uint64_t t1 = now_ns();
	/* A signal-delivery stop (no event): the signal goes back on detach. A group stop
	 * (job control) stays: the process was being stopped anyway. */
	int sig = (st >> 16) == 0 ? WSTOPSIG(st) : 0;
	size_t off = 0;
	for (uint32_t i = 0;; i++) {
		if (i == FILTERDUMP_FILTERS_MAX || off > FILTERDUMP_INSNS_MAX) {
			fail(sh, "counting filters", E2BIG);
			break;
		}
		long n =
		    ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)(uintptr_t)i, &sh->insns[off]);
		if (n < 0) {
			if (errno != ENOENT || i == 0)
				fail(sh, "PTRACE_SECCOMP_GET_FILTER", errno);
			break;
		}
		if (n == 0 || n > BPF_PROG_MAX) {
			fail(sh, "PTRACE_SECCOMP_GET_FILTER", EINVAL);
			break;
		}
		sh->len[i] = (uint32_t)n;
		sh->n = i + 1;
		off += (size_t)n;
		if (test_stop_ms && i == 0)
			usleep((useconds_t)test_stop_ms * 1000);
	}
	if (ptrace(PTRACE_DETACH, pid, 0, (void *)(uintptr_t)sig) < 0 && sh->err == 0)
		fail(sh, "PTRACE_DETACH", errno);
	uint64_t t2 = now_ns();
	sh->stopped_ns = t2 - t0;
	sh->held_ns = t2 - t1;
	sh->done = 1;
	return 0;
}

/* The helper shares ctguard's memory (CLONE_VM, like posix_spawn's child): no page tables to
 * copy and no shared mapping to fault in; it writes the filters straight into `shared`. It is
 * still a process of its own (no CLONE_THREAD), so its exit detaches its tracee and SIGKILL
 * kills it alone. Meanwhile ctguard only waits in poll, so the two never run the same code on
 * the same data (errno, which they share, included). Static: ctguard is single-threaded and
 * dumps one process at a time. */
static struct shared shared;
static char helper_stack[64u << 10] __attribute__((aligned(64)));

struct job {
	pid_t pid, parent;
	int test_stop_ms;
	struct shared *sh;
};

static int helper_main(void *arg)
{
	const struct job *j = arg;
	return helper(j->pid, j->parent, j->sh, j->test_stop_ms);
}

/* Waits for the helper, at most timeout_ms; kills it after that. Returns 0 or -ETIMEDOUT, with
 * the helper's wait status in *status. */
static int wait_helper(pid_t child, int timeout_ms, int *status)
{
	int pfd = (int)syscall(SYS_pidfd_open, child, 0);
	int r = 0;
	if (pfd >= 0) {
		struct pollfd p = {.fd = pfd, .events = POLLIN};
		int n;
		while ((n = poll(&p, 1, timeout_ms)) < 0 && errno == EINTR)
			;
		close(pfd);
		r = n == 1 ? 0 : -ETIMEDOUT;
	} else {
		/* Kernels before 5.3: poll the child. */
		r = -ETIMEDOUT;
		for (int i = 0; i < timeout_ms; i++) {
			if (waitpid(child, status, WNOHANG) == child)
				return 0;
			usleep(1000);
		}
	}
	if (r < 0)
		kill(child, SIGKILL);
	while (waitpid(child, status, 0) < 0 && errno == EINTR)
		;
	return r;
}

static int read_status(const char *proc, pid_t pid, struct proc_status *st, int *tracer)
{
	char path[64];
	snprintf(path, sizeof(path), "%d/status", (int)pid);
	_cleanup_close_ int dfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fileio_read_at(dfd, path, 64u << 10, &b);
	if (r < 0)
		return r;
	if (status_parse(b.data, st) < 0)
		return -EINVAL;
	const char *t = strstr(b.data, "\nTracerPid:");
	*tracer = t ? atoi(t + 11) : 0;
	return 0;
}

/* The kernel's conditions for PTRACE_SECCOMP_GET_FILTER, checked first for a clear message. */
static int check_self(const char *proc, struct error *err)
{
	struct proc_status st;
	int tracer;
	if (read_status(proc, getpid(), &st, &tracer) < 0 &&
	    read_status("/proc", getpid(), &st, &tracer) < 0)
		return 0; /* let the kernel say */
	if (!(st.cap_eff & (UINT64_C(1) << CAP_SYS_ADMIN_BIT)))
		return error_set(err, -EPERM,
				 "reading a seccomp filter needs CAP_SYS_ADMIN (the kernel's rule "
				 "for PTRACE_SECCOMP_GET_FILTER): run ctguard as root");
	if (st.seccomp > 0)
		return error_set(err, -EACCES,
				 "ctguard itself runs under seccomp (mode %d): the kernel refuses "
				 "to dump filters to a filtered process",
				 st.seccomp);
	return 0;
}

static int seize_error(const char *proc, pid_t pid, const struct shared *sh, struct error *err)
{
	struct proc_status st;
	int tracer = 0;
	read_status(proc, pid, &st, &tracer);
	if (sh->err == -ESRCH)
		return error_set(err, -ESRCH, "process %d is gone", (int)pid);
	if (sh->err == -EPERM && tracer > 0)
		return error_set(err, -EPERM,
				 "cannot trace process %d: it is already traced by process %d",
				 (int)pid, tracer);
	if (sh->err == -EPERM || sh->err == -EACCES)
		return error_setn(err, sh->err,
				  "cannot trace process %d (%s; needs CAP_SYS_PTRACE, and "
				  "kernel.yama.ptrace_scope below 3)",
				  (int)pid, sh->step);
	return error_setn(err, sh->err, "reading the filters of process %d: %s", (int)pid,
			  sh->step);
}

static int take(struct filterdump *out, const struct sock_filter *insns, const uint32_t *len,
		size_t n, struct error *err)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += len[i];
	out->insns = malloc((total ? total : 1) * sizeof(*insns));
	out->progs = calloc(n ? n : 1, sizeof(*out->progs));
	if (!out->insns || !out->progs)
		return error_set(err, -ENOMEM, "out of memory");
	memcpy(out->insns, insns, total * sizeof(*insns));
	/* PTRACE_SECCOMP_GET_FILTER's index 0 is the oldest filter (get_nth_filter counts from
	 * the end of the list); the kernel runs the newest first: keep that order. */
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		struct bpf_prog *p = &out->progs[n - 1 - i];
		*p = (struct bpf_prog){out->insns + off, len[i]};
		off += len[i];
		int r = bpf_check(p->insns, p->len, err);
		if (r < 0)
			return error_prefix(err, "filter %zu (ptrace index %zu)", n - 1 - i, i);
	}
	out->n = n;
	return 0;
}

int filterdump_from_insns(const struct sock_filter *insns, size_t len, struct filterdump *out,
			  struct error *err)
{
	*out = (struct filterdump){.mode = 2};
	if (len == 0 || len > BPF_PROG_MAX)
		return error_set(err, -EINVAL, "a filter has 1 to %d instructions, not %zu",
				 BPF_PROG_MAX, len);
	uint32_t l = (uint32_t)len;
	int r = take(out, insns, &l, 1, err);
	if (r < 0)
		filterdump_free(out);
	return r;
}

int filterdump_strict(struct filterdump *out)
{
	int rd = verdict_native_nr("read"), wr = verdict_native_nr("write"),
	    ex = verdict_native_nr("exit"), rt = verdict_native_nr("rt_sigreturn");
	if (rd < 0 || wr < 0 || ex < 0 || rt < 0)
		return -ENOENT;
	const uint32_t allow = SECCOMP_RET_ALLOW, kill = SECCOMP_RET_KILL_THREAD;
	/* mode1_syscalls: native read, write, exit, rt_sigreturn; 32-bit ones (compat:
	 * read 3, write 4, exit 1, sigreturn 119 on x86 and arm); anything else is
	 * do_exit(SIGKILL) of the thread. x32 calls are compat calls whose numbers carry the
	 * x32 bit, so none matches. */
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
#if defined(__x86_64__)
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 8, 0),
#elif defined(__aarch64__)
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_ARM, 8, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 8, 0),
#endif
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)rd, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)wr, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)ex, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)rt, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, kill),
		BPF_STMT(BPF_RET | BPF_K, allow),
		BPF_STMT(BPF_RET | BPF_K, kill), /* unused padding keeps the offsets simple */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 3, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 4, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 119, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, kill),
		BPF_STMT(BPF_RET | BPF_K, allow),
	};
	uint32_t len = ARRAY_SIZE(p);
	struct error err = {0};
	*out = (struct filterdump){.mode = 1};
	int r = take(out, p, &len, 1, &err);
	if (r < 0)
		filterdump_free(out);
	return r;
}

int filterdump_read(pid_t pid, const struct filterdump_options *o, struct filterdump *out,
		    struct error *err)
{
	const char *proc = o && o->proc_root ? o->proc_root : "/proc";
	int timeout = o && o->timeout_ms > 0 ? o->timeout_ms : FILTERDUMP_TIMEOUT_MS;
	uint64_t t0 = now_ns();
	*out = (struct filterdump){0};
	struct proc_status st;
	int tracer, r = read_status(proc, pid, &st, &tracer);
	if (r == -ENOENT || r == -ESRCH)
		return error_set(err, -ESRCH, "process %d is gone", (int)pid);
	if (r < 0)
		return error_setn(err, r, "reading %s/%d/status", proc, (int)pid);
	if (st.seccomp == 1)
		return filterdump_strict(out) < 0 ? error_set(err, -ENOMEM, "out of memory") : 0;
	if (st.seccomp != 2) {
		out->mode = 0;
		out->progs = calloc(1, sizeof(*out->progs));
		return out->progs ? 0 : error_set(err, -ENOMEM, "out of memory");
	}
	out->mode = 2;
	if ((r = check_self(proc, err)) < 0)
		return r;
	struct shared *sh = &shared;
	sh->err = sh->done = 0;
	sh->step = NULL;
	sh->n = 0;
	/* Fault in the room a filter or two take now, rather than while the tracee waits. */
	memset(sh->insns, 0, 2 * BPF_PROG_MAX * sizeof(sh->insns[0]));
	struct job job = {pid, getpid(), o ? o->test_stop_ms : 0, sh};
	fflush(NULL);
	pid_t child =
	    clone(helper_main, helper_stack + sizeof(helper_stack), CLONE_VM | SIGCHLD, &job);
	if (child < 0)
		return error_setn(err, -errno, "starting the tracer process");
	int status = 0;
	r = wait_helper(child, timeout, &status);
	if (r < 0)
		error_set(err, -ETIMEDOUT,
			  "process %d did not stop within %d ms (frozen, or in an uninterruptible "
			  "sleep): its filters were not read, and it was not left stopped",
			  (int)pid, timeout);
	else if (sh->err)
		r = seize_error(proc, pid, sh, err);
	else if (!sh->done)
		r = error_set(err, -EIO,
			      "the tracer process died (%s %d) before the end: the filters of "
			      "process %d were not read; the kernel detached it",
			      WIFSIGNALED(status) ? "signal" : "exit status",
			      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
			      (int)pid);
	else if ((r = take(out, sh->insns, sh->len, sh->n, err)) < 0)
		error_prefix(err, "process %d", (int)pid);
	out->stopped_ns = sh->stopped_ns;
	out->held_ns = sh->held_ns;
	out->total_ns = now_ns() - t0;
	if (r < 0) {
		int mode = out->mode;
		filterdump_free(out);
		out->mode = mode;
	}
	return r;
}

void filterdump_free(struct filterdump *d)
{
	free(d->progs);
	free(d->insns);
	*d = (struct filterdump){0};
}
