/* The judging half of the audit pipeline, shared by `ctguard audit` (one pass) and
 * `ctguard watch` (every re-audit): loading the rules (packs, files, a policy's policy.* rules)
 * and waivers, and judging a list of containers into an audit result's containers. */
#pragma once

#include <time.h>

#include "audit/host.h"
#include "lib/strv.h"
#include "lib/diag.h"
#include "policy/rule.h"
#include "policy/waiver.h"
#include "report/audit.h"

struct judge_config {
	struct strv packs, rules; /* --pack NAME, --rules FILE|DIR */
	const char *policy;	  /* --policy NAME|FILE, or NULL */
	const char *waivers;	  /* --waivers FILE, or NULL */
};

/* Loads the rules (every built-in pack when no pack, rule file or policy is named) and the
 * waivers into rs and ws (which start empty). Every error of every file goes to d; returns 0,
 * or -EINVAL when there was any (rs and ws then hold what did load: the caller frees them). */
int judge_load(const struct judge_config *cfg, struct ruleset *rs, struct waivers *ws,
	       struct diag *d);

/* Judges every container of list with rs (and ws when not NULL) into out[0..list->n), which
 * borrows list's facts, host and the rules. Returns 0 or -ENOMEM. */
int judge_containers(const struct ruleset *rs, struct waivers *ws,
		     const struct container_list *list, const struct facts *host,
		     const char *hostname, time_t now, struct audit_container *out);
