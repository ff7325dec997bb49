/* Seccomp profiles: the model of ctguard's YAML format (man/ctguard-seccomp.5) and of the
 * Docker/OCI JSON format, and their loaders. Loading never changes the process
 * (seccomp/filter.c compiles and loads). Syscall names are resolved for the native
 * architecture only, at load time. */
#pragma once

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"
#include "lib/embed.h"

/* How a policy applies its profile: refusals as written, or every refusal logged and allowed
 * (the policy's seccomp_mode: log). */
enum seccomp_mode { SECCOMP_MODE_ENFORCE, SECCOMP_MODE_LOG };

#define PROFILE_RULES_MAX 4096 /* rules in one profile */
#define PROFILE_NAMES_MAX 1024 /* names in one rule */
#define PROFILE_ARGS_MAX  12   /* argument conditions in one rule (several may share an index) */
#define PROFILE_ERRNO_MAX 4095 /* the kernel clamps SECCOMP_RET_ERRNO data to MAX_ERRNO */

enum profile_format { PROFILE_FORMAT_YAML, PROFILE_FORMAT_DOCKER };

enum profile_act {
	PROFILE_ACT_KILL_PROCESS,
	PROFILE_ACT_KILL_THREAD,
	PROFILE_ACT_TRAP,
	PROFILE_ACT_ERRNO,
	PROFILE_ACT_LOG,
	PROFILE_ACT_ALLOW,
};

struct profile_action {
	enum profile_act act;
	int errnum; /* PROFILE_ACT_ERRNO only: 1..PROFILE_ERRNO_MAX */
};

enum profile_op {
	PROFILE_OP_EQ,
	PROFILE_OP_NE,
	PROFILE_OP_LT,
	PROFILE_OP_LE,
	PROFILE_OP_GT,
	PROFILE_OP_GE,
	PROFILE_OP_MASKED_EQ
};

/* One comparison of a syscall argument. Conditions of a rule are ANDed, also when several
 * compare the same index (runc ORs those: see man/ctguard-seccomp.5). */
struct profile_arg {
	unsigned index; /* 0..5 */
	enum profile_op op;
	uint64_t value; /* compared value; for masked_eq the value after masking */
	uint64_t mask;	/* masked_eq only */
};

struct profile_rule {
	int *nrs; /* native syscall numbers (owned, as names); negative: a syscall libseccomp knows
		   * that the native architecture lacks (never compiled); unknown Docker names are
		   * dropped */
	char **names; /* the names, parallel to nrs (owned, unless the profile has shared_names) */
	size_t nnames;
	struct profile_action action;
	struct profile_arg args[PROFILE_ARGS_MAX];
	size_t nargs;
	uint64_t caps_all;     /* applies only when every one of these capabilities is kept */
	uint64_t caps_none;    /* applies only when none of these is kept */
	unsigned line, column; /* where the rule starts (one-based; 0 when unknown) */
	bool newer_names;      /* some name is known to the project's syscall table only, not to the
				* installed libseccomp (mseal with 2.5.4): runc, which resolves names
				* with libseccomp, ignores such a name */
};

struct profile {
	char *file; /* display name: a path or "builtin:default" */
	enum profile_format format;
	struct profile_action def;
	struct profile_rule *rules;
	size_t nrules;
	bool shared_names; /* the rules' names and nrs are the precompiled table's (a copy of a
			    * built-in profile): read-only, never freed */
};

/* The built-in profiles as loaded at build time (rules/seccomp-gen writes them into
 * rules/precompiled.c), so a launch copies them instead of parsing their YAML; *libseccomp is
 * the libseccomp version (major * 10000 + minor * 100 + micro) that resolved their names, used
 * only when the running one is the same. Weak: the library and the generator link without it. */
const struct profile *profile_precompiled_table(size_t *n, unsigned *libseccomp)
    __attribute__((weak));

/* Loads a built-in profile name ("default") or a file: ctguard YAML, or Docker/OCI JSON when
 * the text starts with '{'. A name without '/' that is a built-in profile is the built-in one
 * (write ./default for a file of that name). Every error goes to d as file:line:column.
 * Unknown syscall names are errors in ctguard's format and warnings in Docker JSON (added to d
 * as "file:line:column: warning: ..." lines; loading still succeeds). Returns 0 or a negative
 * errno; on success the caller owns *out (profile_free). */
int profile_load(const char *name_or_path, struct profile **out, struct diag *d);
/* The same from a text in memory; file is the display name (borrowed). */
int profile_load_text(const char *file, const char *text, size_t len, struct profile **out,
		      struct diag *d);
/* A config's linux.seccomp (sec, already parsed) as runc 1.1 reads it: only the members of the
 * runtime spec (specs.LinuxSeccomp, LinuxSyscall, LinuxSeccompArg); Docker's includes/excludes,
 * name, archMap, comment, ... are ignored as runc ignores them (a rule allowing mount "only with
 * CAP_SYS_ADMIN" is unconditional for runc). The same profile, acceptance and messages as
 * profile_load_text on the printed text of those members alone (messages at 1:1). */
int profile_load_oci(const char *file, json_object *sec, struct profile **out, struct diag *d);
void profile_free(struct profile *p);

/* True when r is part of the filter for a process keeping caps_keep. */
bool profile_rule_applies(const struct profile_rule *r, uint64_t caps_keep);
/* "errno EPERM", "allow", ... into buf; returns buf. */
const char *profile_action_str(struct profile_action a, char *buf, size_t len);
bool profile_action_eq(struct profile_action a, struct profile_action b);
/* The action a rule (or the default) takes under mode: in SECCOMP_MODE_LOG every refusal is
 * logged and allowed. One definition for the compiler (seccomp/filter.c) and the OCI form
 * (seccomp/ociseccomp.c). */
struct profile_action profile_action_effective(struct profile_action a, enum seccomp_mode mode);
/* Errno number of a name ("EPERM") or a decimal number; -1 when neither. */
int profile_errno_from_name(const char *s);

/* The embedded rules/seccomp/NAME.yaml files (generated profiles.c). */
const struct builtin_pack *builtin_profiles(size_t *n);
