/* The OCI gate: an OCI runtime config judged against an enforcement policy and, in enforce
 * mode, rewritten to comply. What each policy field does to a config is in ctguard-policy(5)
 * ("CONTAINERS") and ctguard(8) ("oci runtime"). */
#pragma once

#include <json-c/json.h>

#include "lib/error.h"
#include "lib/strv.h"
#include "policy/policy.h"
#include "seccomp/profile.h"
#include "policy/rtconfig.h"

struct oci_gate {
	const struct launch_policy *policy;
	const struct profile *profile; /* the policy's seccomp profile; NULL for seccomp: none */
	enum rt_mode mode;
	int rootfd; /* the container's root filesystem (names of users and groups); -1: none */
	bool process_only;	/* `runc exec --process FILE`: cfg is {"process": ...}; only the
				 * process keys are judged (user, capabilities, no_new_privs,
				 * AppArmor, labels) */
	bool process_from_argv; /* ...built from exec's command line: a label the policy refuses
				 * is dropped in enforce mode (runc then applies the config's,
				 * judged at create) */
	/* restore --lsm-profile ("apparmor:NAME" or "selinux:LABEL") and --lsm-mount-context
	 * (NULL: not given), judged like the config's labels (never rewritten) */
	const char *lsm_profile, *lsm_mount_context;
};

/* What the gate decided, one sentence each. */
struct oci_decisions {
	struct strv changed;	/* enforce mode: what was rewritten */
	struct strv violations; /* requirements the config does not meet (and, in enforce mode,
				 * that could not be rewritten): the launch is refused unless
				 * the mode is audit */
	struct strv notes;	/* hardening enforce mode would add (masked and read-only paths,
				 * rlimits), and facts worth logging */
};

/* Judges cfg (already checked with oci_config_check) against g->policy. In enforce mode cfg is
 * changed in place; in reject and audit modes it is not touched. Returns 0 (see d for the
 * verdict), or a negative errno with err set when the gate itself failed (out of memory, the
 * policy's profile cannot be written for runc): the launch must then be refused. */
int oci_gate_apply(const struct oci_gate *g, json_object *cfg, struct oci_decisions *d,
		   struct error *err);
void oci_decisions_free(struct oci_decisions *d);
