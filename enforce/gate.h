/* The wrapper runtime's gate flow (`ctguard oci runtime`, ctguard-runtime): its setup
 * (runtime.yaml, the policy and its seccomp profile), the real runtime to run, and for create,
 * run, restore and exec the judging of what runc is about to start (enforce/ocigate.h), the
 * judged copy runc is handed (enforce/gatebundle.h) and runc's argv rewritten to name it.
 * Any failure refuses the launch and leaves the engine's files as they were. Messages go
 * through a caller's gate_log; the caller picks the exit status from enum gate_status. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <syslog.h>

#include "enforce/gateargs.h"
#include "enforce/ocigate.h"
#include "lib/error.h"
#include "policy/policy.h"
#include "policy/rtconfig.h"
#include "seccomp/profile.h"

/* The annotation an enforce-mode rewrite leaves in config.json, and the suffix of the
 * original kept beside it. */
#define GATE_MARK_KEY	 "io.ctguard.runtime"
#define GATE_ORIG_SUFFIX ".ctguard-orig"

/* What became of a gated step. */
enum gate_status {
	GATE_GO = 0,	  /* go on with the real runtime */
	GATE_REFUSED = 1, /* the policy refused the container or process */
	GATE_BAD = 2,	  /* a bad configuration, policy, config.json or command line */
	GATE_FAILED = 3,  /* the bundle could not be read or written, the runtime not found */
};

/* Where the gate's decisions go (stderr, syslog, runc's --log in ctguard-runtime). prio is a
 * syslog priority (LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO); msg is raw text (the sink
 * escapes it). phase, when not NULL, marks the end of a timed phase. */
struct gate_log {
	void (*say)(void *ctx, int prio, const char *msg);
	void (*phase)(void *ctx, const char *what);
	void *ctx;
};

/* One formatted message to l->say (at most 2 KiB). */
void gate_say(const struct gate_log *l, int prio, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

struct gate_setup {
	struct rt_config conf;
	struct launch_policy policy;
	struct profile *profile; /* NULL for seccomp: none */
	bool conf_missing;	 /* no runtime.yaml: the defaults */
	/* The caller execs the runtime or exits right after the gate: what the gate read is left
	 * to the exec instead of freed (the config's json-c tree: 0.13 M instructions a launch).
	 * Only where no leak checker looks (ctguard-runtime outside the sanitizer build). */
	bool leave_to_exec;
};

/* Loads the runtime configuration at path (a missing file: the defaults) and, when
 * need_policy, its policy and seccomp profile; errors are said through l. Returns GATE_GO or
 * GATE_BAD. Free s with gate_setup_free in every case. */
int gate_setup_load(struct gate_setup *s, const char *path, bool need_policy,
		    const struct gate_log *l);
void gate_setup_free(struct gate_setup *s);
/* The real runtime: a path, or a name looked up in PATH; never ctguard itself. Returns 0 or a
 * negative errno with err set. */
int gate_find_runtime(const char *name, char *out, size_t outsz, struct error *err);
/* --pid-file and --console-socket: runc writes its pid file and connects to the socket by path,
 * as root; another user able to swap a directory on the way decides which file that is.
 * Returns GATE_GO or GATE_REFUSED (audit mode: warned, GATE_GO). */
int gate_check_paths(const struct gateargs *a, const struct gate_setup *s,
		     const struct gate_log *l);
/* create, run, restore: judges the bundle's config.json (enforce mode: rewritten in place, the
 * original kept) and points nv (runc's argv, gateargs_runc_argv) at a private copy of the
 * judged config. Returns a gate_status. */
int gate_create(const struct gateargs *a, const struct gate_setup *s, const struct gate_log *l,
		char **nv);
/* exec: judges the process to start (--process FILE, else the command line's options); in
 * enforce mode the file is rewritten and handed over as a private copy, or the options are
 * rewritten in nv. Returns a gate_status. */
int gate_exec(const struct gateargs *a, const struct gate_setup *s, const struct gate_log *l,
	      char **nv);
/* exec without --process, given the container's root filesystem (-1: unknown): builds the
 * process from the options, judges it, rewrites nv in enforce mode. Returns a gate_status. */
int gate_exec_args(const struct gateargs *a, const struct gate_setup *s, const struct gate_log *l,
		   int rootfd, char **nv);
