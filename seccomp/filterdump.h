/* Reading the seccomp filters of a running process with PTRACE_SECCOMP_GET_FILTER, without ever
 * leaving it stopped.
 *
 * A helper process does the tracing: PTRACE_SEIZE (which sends no SIGSTOP, unlike
 * PTRACE_ATTACH), PTRACE_INTERRUPT, one PTRACE_SECCOMP_GET_FILTER per filter into shared
 * memory, PTRACE_DETACH at once. The kernel detaches a tracer's tracees when the tracer exits,
 * whatever the way (exit_ptrace), and clears a pending interrupt then, so:
 *  - ctguard killed: the helper has PR_SET_PDEATHSIG=SIGKILL and dies with it;
 *  - the helper killed or crashed: its tracee is detached and runs on;
 *  - the tracee never stops (frozen cgroup, uninterruptible sleep): ctguard kills the helper
 *    after the timeout, and the pending interrupt dies with it.
 * A signal that arrives while the tracee is stopped is handed back on PTRACE_DETACH; a
 * process stopped by job control stays stopped. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "seccomp/bpf.h"
#include "lib/error.h"

#define FILTERDUMP_FILTERS_MAX 1024
#define FILTERDUMP_INSNS_MAX   32768 /* MAX_INSNS_PER_PATH: every filter of a process together */
#define FILTERDUMP_TIMEOUT_MS  500

struct filterdump_options {
	const char *proc_root; /* default "/proc" */
	int timeout_ms;	       /* 0: FILTERDUMP_TIMEOUT_MS */
	/* Tests only: the helper sleeps this long while the tracee is stopped, so a test can
	 * kill ctguard mid-dump (CTGUARD_TEST_DUMP_STOP_MS). */
	int test_stop_ms;
};

struct filterdump {
	int mode; /* 0 disabled, 1 strict, 2 filter (as /proc/PID/status says) */
	size_t n; /* filters in the kernel's order: progs[0] is the newest, the first it runs
		   * (PTRACE_SECCOMP_GET_FILTER numbers them the other way: index 0 is the
		   * oldest) */
	struct bpf_prog *progs;
	struct sock_filter *insns; /* owned; progs point into it */
	/* The tracee was stopped at most stopped_ns: from PTRACE_INTERRUPT (it stops a little
	 * later: when the scheduler runs it) to the return of PTRACE_DETACH. held_ns is the part
	 * after the helper saw the stop: what the dump itself costs the tracee. */
	uint64_t stopped_ns, held_ns;
	uint64_t total_ns; /* the whole dump, helper included */
};

/* Reads the filters of pid (mode 2), or describes mode 0 (no filter) and mode 1 (strict: a
 * synthesised program allowing read, write, exit and rt_sigreturn, as the kernel does). Every
 * program is checked with bpf_check. Needs CAP_SYS_ADMIN and an unfiltered ctguard (the
 * kernel's conditions for PTRACE_SECCOMP_GET_FILTER), plus the right to ptrace pid. Errors:
 * -EPERM/-EACCES (with the reason in err), -ESRCH (gone), -ETIMEDOUT (never stopped), -EINVAL
 * (a program the kernel would not have accepted), -ENOMEM. The caller owns *out
 * (filterdump_free). */
int filterdump_read(pid_t pid, const struct filterdump_options *o, struct filterdump *out,
		    struct error *err);
void filterdump_free(struct filterdump *d);

/* A one-filter stack from a program (a file, a compiled profile): copied and checked with
 * bpf_check (-EINVAL with err set). */
int filterdump_from_insns(const struct sock_filter *insns, size_t len, struct filterdump *out,
			  struct error *err);

/* The strict-mode program for the native ABI and its 32-bit ones (tests, and mode 1). */
int filterdump_strict(struct filterdump *out);
