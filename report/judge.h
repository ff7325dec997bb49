/* An audit's results: every container judged with the rules, and a baseline's new and fixed
 * findings. Shared by `ctguard audit` and `ctguard oci check` (cli/audit.c). */
#pragma once

#include "audit/host.h"
#include "policy/eval.h"
#include "report/audit.h"
#include "report/load.h"

/* Judges every container of list (facts borrowed into res->c, which holds list->n entries)
 * with every rule of rs; ws (may be NULL) waives; each finding gets its fingerprint.
 * res->hostname and res->now must be set. Returns 0 or -ENOMEM. */
int audit_judge(const struct ruleset *rs, struct waivers *ws, struct container_list *list,
		const struct facts *host, struct audit_result *res);

/* Against a saved result old: marks the failures of res that old did not have as new, and
 * lists old's failures that are gone as fixed (res->fixed). Returns 0, or -ENOMEM: then no
 * finding may be read as new or fixed (the caller fails; audit_fixed_free frees what was
 * listed). */
int audit_baseline_apply(struct audit_result *res, const struct loaded_result *old);
void audit_fixed_free(struct audit_result *res);
