/* Writers of `ctguard audit` results. */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "policy/eval.h"
#include "policy/fact.h"
#include "policy/rule.h"
#include "policy/waiver.h"

struct audit_container {
	const struct facts *facts;
	struct finding *findings; /* rs->n of them, in rule order */
	bool scanner;
};

struct audit_result {
	const struct ruleset *rs;
	struct audit_container *c;
	size_t n;
	const struct facts *host; /* may have no known facts */
	const struct waivers *ws; /* may be NULL */
	const char *hostname;
	time_t now;
	enum severity fail_on;
	bool fail_never;
};

/* Counts of one container or of the whole result (container index -1). */
struct audit_counts {
	size_t fail[SEV__COUNT];
	size_t fails, passes, waived, not_evaluated;
};

void audit_count(const struct audit_result *a, ssize_t container, struct audit_counts *out);
/* True when a failing finding is at or above fail_on. */
bool audit_failed(const struct audit_result *a);

/* ctguard.audit/v1 JSON. */
void audit_write_json(FILE *out, const struct audit_result *a);
/* For people: per container its failing (and, verbose, all) findings with evidence. */
void audit_write_text(FILE *out, const struct audit_result *a, bool verbose, bool color);
