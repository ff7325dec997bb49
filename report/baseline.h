/* `ctguard audit --baseline`: an audit's results against a saved one (cli/audit.c). */
#pragma once

#include "report/audit.h"
#include "report/load.h"

/* Against a saved result old: marks the failures of res that old did not have as new, and
 * lists old's failures that are gone as fixed (res->fixed). Returns 0, or -ENOMEM: then no
 * finding may be read as new or fixed (the caller fails; audit_fixed_free frees what was
 * listed). */
int audit_baseline_apply(struct audit_result *res, const struct loaded_result *old);
void audit_fixed_free(struct audit_result *res);
