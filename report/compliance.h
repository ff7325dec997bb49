/* Compliance per framework: every rule judged is mapped to the control of each framework it
 * belongs to (its refs), and every (container, control) pair gets a state. Used by the HTML
 * report; pure computation over an audit result. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "report/audit.h"

/* A control's state for one container: the worst of the states of the rules that judge it.
 * Declared in precedence order: a control with one rule passing and one not evaluated is not
 * evaluated (not proven), one failing rule fails it. NONE: no rule of it was judged there. */
enum compliance_state {
	COMPLIANCE_NONE,
	COMPLIANCE_PASS,
	COMPLIANCE_NOT_EVALUATED,
	COMPLIANCE_WAIVED,
	COMPLIANCE_FAIL,
	COMPLIANCE__STATES
};

enum compliance_framework_id {
	COMPLIANCE_CIS_DOCKER,
	COMPLIANCE_PSS_BASELINE,
	COMPLIANCE_PSS_RESTRICTED,
	COMPLIANCE_ESCAPES,
	COMPLIANCE__FRAMEWORKS
};

struct compliance_control {
	const char *name; /* borrowed from the rules: "5.4", "Capabilities", "CTG-ESC-001" */
	const struct rule **rules; /* the rules judging it, borrowed from the audit result */
	size_t nrules;
	size_t count[COMPLIANCE__STATES]; /* containers in each state */
};

struct compliance_framework {
	const char *id, *title, *about;
	struct compliance_control *c;
	size_t n;
	size_t count[COMPLIANCE__STATES]; /* (container, control) pairs in each state */
	enum compliance_state *cell;	  /* [container * n + control] */
};

struct compliance {
	struct compliance_framework f[COMPLIANCE__FRAMEWORKS];
	size_t ncontainers;
};

/* Judges every (container, control) pair of every framework. The real state of each finding
 * counts, also in baseline mode: a failure that is not new still fails its control. Returns 0 or
 * -ENOMEM (then out is freed). */
int compliance_compute(const struct audit_result *a, struct compliance *out);
/* Index of the control of framework fw that r judges, or -1. Rules are matched by their key,
 * not by pointer: in a fleet report each host's findings point at that host's rules. */
ssize_t compliance_control_of(const struct compliance *c, enum compliance_framework_id fw,
			      const struct rule *r);
void compliance_free(struct compliance *c);
