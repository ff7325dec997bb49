/* Saved audit results of many hosts as one result (`ctguard report`): one rule list (by id, the
 * first definition wins), every container with its host, the hosts counted, and what each
 * host's scan could not read kept. */
#pragma once

#include <stddef.h>

#include "lib/strv.h"
#include "report/audit.h"
#include "report/load.h"

struct merge_set {
	struct loaded_result *docs; /* the caller loads them (result_load); owned */
	size_t ndocs;
	const struct rule **rules;
	struct audit_container *c;
	struct strv hosts;
	struct gaps gaps;
};

/* Sets res's rules, containers, host count and gaps (and, for one document, its host and host
 * name) from m's documents; res points into m afterwards. Returns 0 or -ENOMEM. */
int merge_results(struct merge_set *m, struct audit_result *res);
/* Frees m and its documents. */
void merge_set_free(struct merge_set *m);
