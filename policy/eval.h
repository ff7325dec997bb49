/* Judging facts with rules: three-valued (a condition on an unknown fact is unknown), with the
 * evidence that decided each result. */
#pragma once

#include <time.h>

#include "lib/buf.h"
#include "policy/rule.h"
#include "policy/waiver.h"

/* TRI_ERROR: the condition could not be evaluated (out of memory): never a result, the caller
 * fails (eval_container returns -ENOMEM). */
enum tri { TRI_FALSE, TRI_TRUE, TRI_UNKNOWN, TRI_ERROR };

enum finding_status { FINDING_FAIL, FINDING_PASS, FINDING_WAIVED, FINDING_NOT_EVALUATED };

const char *finding_status_name(enum finding_status s);

struct finding {
	const struct rule *rule; /* borrowed from the ruleset */
	enum finding_status status;
	char *evidence; /* "caps.effective contains CAP_SYS_ADMIN; cgroup.v1_writable = true" */
	char *note;	/* why waived, that a waiver expired, or why the scanner has it */
	char fingerprint[17];
	bool is_new; /* with a baseline: fails now and did not fail in it */
};

/* The facts a rule sees: the container's, and the host's for host.* names (may be NULL). */
struct fact_view {
	const struct facts *container;
	const struct facts *host;
};

const struct fact_value *fact_view_get(const struct fact_view *v, enum fact_id id);

/* Evaluates c; appends to evidence ("; "-separated) the facts that decided the result.
 * TRI_ERROR when an allocation failed on the way (in any child: never a pass). */
enum tri eval_cond(const struct cond *c, const struct fact_view *v, struct buf *evidence);

/* Judges one container with every rule of rs. Waivers (may be NULL) turn failures into waived
 * ones (or say the waiver expired); scanner says the container is ctguard's own. Returns 0 or
 * -ENOMEM; *out is an array of rs->n findings in rule order. */
int eval_container(const struct ruleset *rs, const struct fact_view *v, struct waivers *ws,
		   time_t now, bool scanner, struct finding **out);
void findings_free(struct finding *f, size_t n);
