/* What a stack of seccomp filters decides for every syscall: of the native architecture, and of
 * the 32-bit ABIs a process of that architecture can call (x86 through int 0x80, x32 through
 * the x32 syscall bit on x86_64; arm on aarch64). Each decision is one action, or conditional:
 * then it is described by rules on the arguments, exact because they come from the explorer's
 * partition of the inputs (seccomp/explore.h). Pure: nothing here touches the system. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seccomp/bpf.h"
#include "seccomp/explore.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/strv.h"

/* In the kernel's order, most restrictive first. */
enum verdict_action {
	VERDICT_KILL_PROCESS,
	VERDICT_KILL_THREAD,
	VERDICT_TRAP,
	VERDICT_ERRNO,
	VERDICT_NOTIFY,
	VERDICT_TRACE,
	VERDICT_LOG,
	VERDICT_ALLOW,
	VERDICT__ACTIONS
};

/* The action the kernel takes for a filter result (unknown actions kill the process). */
enum verdict_action verdict_action_of(uint32_t ret);
/* kill_process, kill_thread, trap, errno, notify, trace, log, allow */
const char *verdict_action_name(enum verdict_action a);
/* The errno an ERRNO result returns, clamped to 4095 as the kernel does. */
int verdict_errno(uint32_t ret);
/* "allow", "errno 1 (EPERM)", "trace 7", ... into buf; returns buf. */
const char *verdict_ret_str(uint32_t ret, char *buf, size_t len);
/* The result with what does not change the kernel's behaviour cleared (the data of allow, log,
 * kill and notify), so that equal behaviours compare equal. */
uint32_t verdict_ret_norm(uint32_t ret);

/* One branch of a conditional decision: when every condition holds, ret. The rules of one
 * syscall are disjoint, so their order does not matter. */
struct verdict_rule {
	struct explore_cond *conds;
	size_t nconds;
	uint32_t ret;
	uint8_t approx; /* VERDICT_APPROX_* of its path; 0: exact */
};

/* Why a decision is approximate (explore.h's reasons, and one of its own); 0: exact. */
#define VERDICT_APPROX_BUDGET EXPLORE_APPROX_BUDGET
#define VERDICT_APPROX_DEPTH  EXPLORE_APPROX_DEPTH
#define VERDICT_APPROX_RET_A  EXPLORE_APPROX_RET_A
#define VERDICT_APPROX_OPAQUE EXPLORE_APPROX_OPAQUE
#define VERDICT_APPROX_PATHS  0x10 /* more paths than rules written out: the worst assumed */
#define VERDICT_APPROX_ARGS   0x20 /* the default action: depends on the arguments */

/* The reasons in approx as JSON names ("budget", "depth", "ret_a", "inexpressible", "paths",
 * "arguments"), appended to out. Returns 0 or -ENOMEM. */
int verdict_approx_names(unsigned approx, struct strv *out);
/* The same in words for people, separated by "; ", into out. */
int verdict_approx_text(unsigned approx, struct buf *out);

struct verdict_sys {
	char *name;
	uint32_t nr;	  /* as seccomp_data.nr carries it (x32: with the 0x40000000 bit) */
	uint32_t ret;	  /* the result; when conditional, the result otherwise */
	bool conditional; /* the result depends on the arguments or the instruction pointer */
	bool complex;	  /* approx != 0 */
	uint8_t approx;	  /* VERDICT_APPROX_* of any path: the decision assumes the worst
			   * (allow) where it cannot tell; 0: exact for every input */
	uint8_t approx_otherwise; /* those of the paths that end in ret */
	uint16_t words; /* bit w: word w of seccomp_data was compared (4: arg0, 5: its high
			 * half on little-endian machines, 2-3: instruction_pointer) */
	unsigned may;	/* bit per verdict_action that some input reaches */
	struct verdict_rule *rules;
	size_t nrules;
	/* Conditional: every distinct comparison the paths made (of all leaves), whose
	 * constants are the boundaries to probe when comparing decisions (seccomp/vdiff.c). */
	struct explore_cond *probes;
	size_t nprobes;
};

struct verdict_abi {
	const char *name; /* x86_64, x86, x32, aarch64, arm */
	const char *via;  /* "native", "int 0x80", "x32 syscall bit", "32-bit mode" */
	uint32_t arch;	  /* AUDIT_ARCH_* as seccomp_data.arch carries it */
	uint32_t nr_bit;  /* or-ed into every number (x32: 0x40000000) */
	struct verdict_sys *sys;
	size_t n;
	size_t allowed; /* syscalls that allow or log for some input */
};

#define VERDICT_ABIS_MAX 3
#define VERDICT_NR_SCAN	 1024 /* syscall numbers looked at in each ABI */

struct verdict {
	struct verdict_abi abi[VERDICT_ABIS_MAX]; /* abi[0]: the native one */
	size_t nabi;
	uint32_t default_ret;	/* the decision for numbers the native table leaves undefined */
	uint8_t default_approx; /* VERDICT_APPROX_*: default_ret is not the same for every input
				 * (then it is the most permissive result seen) */
	bool complex;		/* some decision (or the default) is approximate */
};

/* Decides every syscall of every ABI for the stack (index 0 first, see bpf_run_stack; the
 * programs must have passed bpf_check). Returns 0 or -ENOMEM; the caller owns *out
 * (verdict_free). */
int verdict_compute(const struct bpf_prog *stack, size_t n, struct verdict *out, struct error *err);
void verdict_free(struct verdict *v);

/* The syscall called name in abi, or NULL. */
const struct verdict_sys *verdict_lookup(const struct verdict_abi *abi, const char *name);
/* True when some input is allowed (or logged and allowed). */
bool verdict_sys_allows(const struct verdict_sys *s);

/* A conditional decision's rules for people, with rules that test one argument for equality
 * and lead to the same result (and are as exact) merged ("arg0 in {0, 8, 0x20000}"): appends
 * one "when" text per rule to when, its result to *rets and, when approx is not NULL, its
 * VERDICT_APPROX_* reasons to *approx (caller frees both). Returns 0 or -ENOMEM. */
int verdict_sys_rules(const struct verdict_sys *s, struct strv *when, uint32_t **rets,
		      uint8_t **approx);
/* The whole decision as one line: "allow", or "arg0 == 40 -> errno 1 (EPERM); otherwise
 * allow". An approximate decision starts with '~', marks each approximate result with '~'
 * ("arg0 == 5 -> ~allow") and ends with " [approximate: WHY; the worst is assumed]". */
int verdict_sys_text(const struct verdict_sys *s, struct buf *out);

/* Number of a syscall name in the native table, or -1 (libseccomp's names, and the newer ones
 * it may not know). */
int verdict_native_nr(const char *name);
/* The name of native syscall nr in the same table, or NULL. */
const char *verdict_native_name(int nr);
