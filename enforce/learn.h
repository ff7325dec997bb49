/* Profile learning (ctguard run --learn): the command runs in a child of ctguard, through the
 * launch sequence of its policy, with a SECCOMP_RET_USER_NOTIF filter in place of the policy's
 * profile. ctguard, unfiltered, records every syscall and the executable that made it, lets the
 * call continue, and writes a ctguard YAML profile that allows what was seen. */
#pragma once

#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/error.h"

struct launch_plan;
struct learnrec;

/* The child's end of the handoff, sent once. */
struct learn_msg {
	int code; /* 0: the listener rides along; < 0: launch_exec failed */
	char step[32];
	char msg[1024];
};

/* The learned profile is written through a struct fileio_atomic (lib/fileio.h), opened before
 * the command runs so that an unwritable path fails first. */
struct fileio_atomic;

/* Child side (enforce/learnfilter.c), called by launch_exec in place of loading the policy's
 * filter: loads the learning
 * filter into the calling (single-threaded) process and passes its listener to the supervisor
 * over sock. Does not allocate. The filter notifies every syscall except exit and exit_group
 * (always allowed, so that a child whose supervisor is gone can still end) and the one sendmsg
 * that passes the listener. */
int learn_filter_install(int sock, struct error *err);

struct learn_result {
	bool started;	    /* the child reached the learning filter */
	bool launch_failed; /* a launch step or execve failed: step, code and msg say which */
	char step[32];
	int code; /* negative errno of the failed step */
	char msg[1024];
	int wstatus;	/* wait status of the command's process */
	uint64_t calls; /* notifications answered */
	uint64_t gone;	/* notifications whose caller went away before the answer */
};

/* Blocks SIGCHLD and the signals the supervisor forwards (SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGUSR1, SIGUSR2), so that none ends ctguard between creating the temporary file and
 * committing or removing it; old receives the mask before. The caller restores it at the end. */
void learn_signals_block(sigset_t *old);

/* Forks; the child (with signal mask old, the one from before learn_signals_block) runs
 * launch_exec(plan) with the learning filter; this process supervises until the command and
 * every process it started have exited (it becomes their subreaper), forwarding the blocked
 * signals sent to it by kill (the terminal's reach the command's process group by themselves).
 * The child closes out's descriptor. Returns 0 with *rec set (the caller frees it with
 * learnrec_free) and res filled, or a negative errno with err set when supervising itself
 * failed (the command is killed then). */
int learn_run(struct launch_plan *plan, const struct fileio_atomic *out, const sigset_t *old,
	      struct learnrec **rec, struct learn_result *res, struct error *err);
