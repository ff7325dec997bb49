/* ctguard run's launch sequence: a policy turned into a plan (every name resolved, the seccomp
 * filter compiled, the environment built), then applied step by step in the calling process,
 * which ends by execve'ing the command in place (same pid). Fails closed: when a step fails,
 * the command is not executed. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "enforce/capsets.h"
#include "enforce/creds.h"
#include "enforce/unpriv.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/diag.h"
#include "policy/policy.h"

struct filter;

struct launch_plan {
	const struct launch_policy *policy; /* borrowed: must outlive the plan */
	char **argv;			    /* borrowed; argv[0] is the command */
	struct creds creds;
	struct capsets caps;
	struct unpriv unpriv;  /* .on: an unprivileged caller (enforce/unpriv.h) */
	bool no_new_privs;     /* set by the sequence */
	bool apparmor_enabled; /* the kernel has AppArmor */
	int landlock_abi;      /* < 0: the kernel has no Landlock */
	struct filter *filter; /* owned; NULL with seccomp none or when learning */
	char **envp;	       /* owned, NULL-terminated */
	int status_fd;	       /* /proc/self/status, opened before the drop */
	struct strv warnings;  /* said before the sequence starts */
	/* What /proc/self/status must say right before execve. */
	bool want_nnp;
	int want_seccomp, want_seccomp_filters; /* filters -1: the kernel does not say */
	/* On failure: the step that failed ("execve" when only the command could not run). */
	const char *failed_step;
	/* Learning (enforce/learn.h): the learning filter replaces the policy's profile, and its
	 * listener goes to ctguard over learn_sock (set in the child). */
	bool learn;
	int learn_sock;
};

/* Builds the plan of policy p for argv (the environment is taken from envp). Profile errors
 * go to d. Changes nothing in the process. Returns 0 or a negative errno with err set; on
 * failure the plan holds nothing to free. */
int launch_plan_build(const struct launch_policy *p, char **argv, char **envp,
		      struct launch_plan *plan, struct diag *d, struct error *err);
/* The same for ctguard run --learn: the policy's seccomp profile is neither loaded nor
 * compiled; the sequence loads the learning filter in its place (plan->learn_sock must be set
 * before launch_exec). */
int launch_plan_build_learning(const struct launch_policy *p, char **argv, char **envp,
			       struct launch_plan *plan, struct diag *d, struct error *err);
void launch_plan_free(struct launch_plan *plan);

/* The ordered steps with the values each sets, one per line, for --explain. */
int launch_plan_explain(const struct launch_plan *plan, struct buf *out);

/* Applies the sequence and execve's the command. Returns only on failure: a negative errno,
 * err naming the step and the error, plan->failed_step set. After the credential change it
 * does not allocate. */
int launch_exec(struct launch_plan *plan, struct error *err);

/* Name of an RLIMIT_* resource as policies spell it ("nofile"), NULL if unknown; and back. */
const char *launch_rlimit_name(int resource);
int launch_rlimit_from_name(const char *name);
