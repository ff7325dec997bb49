/* Enforcement policies (man/ctguard-policy.5): what a command launched by `ctguard run` (or a
 * container gated by the OCI wrapper) may keep. Parse and validate here; enforce/ applies. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>

#include "lib/strv.h"
#include "policy/diag.h"

#define POLICY_RLIMITS_MAX 16
#define POLICY_FDS_MAX	   64

enum seccomp_mode { SECCOMP_MODE_ENFORCE, SECCOMP_MODE_LOG };

struct policy_rlimit {
	int resource; /* RLIMIT_* */
	rlim_t value; /* soft and hard; RLIM_INFINITY for "unlimited" */
};

struct launch_policy {
	char *file; /* where it came from ("builtin:restricted", a path) */
	/* Identity. Names are resolved later, against the target's /etc/passwd and /etc/group. */
	char *user;  /* name or number; default "65534" */
	char *group; /* name or number; default: the user's primary group, else "65534" */
	struct strv groups; /* supplementary; default none */
	bool allow_root;    /* uid 0 refused unless true */
	uint64_t caps_keep; /* capabilities kept (bit n = capability n); default none */
	bool no_new_privs;  /* default true */
	/* Seccomp: a built-in profile name, a path (ctguard YAML or Docker/OCI JSON), or "none"
	 * (only when explicitly written). Default "default". */
	char *seccomp;
	enum seccomp_mode seccomp_mode;
	char *apparmor_profile; /* NULL: none asked */
	bool apparmor_required; /* refuse to run when AppArmor is absent */
	bool landlock;		/* a landlock section was given */
	struct strv landlock_read, landlock_write;
	struct policy_rlimit rlimits[POLICY_RLIMITS_MAX];
	size_t nrlimits;
	bool fds_close; /* close every fd from 3 up but the kept ones; default true */
	int fds_keep[POLICY_FDS_MAX];
	size_t nfds_keep;
	bool env_clear;	      /* default false */
	struct strv env_keep; /* with env_clear: the variables kept */
	struct strv env_set;  /* "NAME=value" */
};

/* Loads a policy file; every error goes to d as file:line:column. Omitted fields take the safe
 * values above. Returns 0 or -EINVAL (and nothing is kept). */
int policy_load_file(const char *path, struct launch_policy *p, struct diag *d);
/* A built-in policy: "restricted" or "baseline". */
int policy_load_builtin(const char *name, struct launch_policy *p, struct diag *d);
/* Text of a file that is either a built-in name or a path. */
int policy_load(const char *name_or_path, struct launch_policy *p, struct diag *d);
void policy_free(struct launch_policy *p);
