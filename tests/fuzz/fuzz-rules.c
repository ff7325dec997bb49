/* Fuzz target: rule files (man/ctguard-rules.5). Load and validate; a file that loads is then
 * evaluated on fixed fact sets (risky, hardened, all unknown) with and without a waiver. */
#include "config.h"

#include <time.h>

#include "policy/eval.h"
#include "policy/rule.h"
#include "policy/waiver.h"
#include "tests/fuzz/fuzz.h"

static struct facts facts[3], host;
static struct waivers waivers;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char w[] = "version: 1\nwaivers:\n  - rule: '*'\n    selector: {name: 'd*'}\n"
				"    reason: fuzz\n    owner: fuzz\n    expires: 2031-01-01\n";
	struct diag d = {0};
	for (int i = 0; i < 3; i++)
		fuzz_facts(&facts[i], i);
	fuzz_facts(&host, 0);
	if (waivers_load_text(&waivers, "waivers.yaml", w, sizeof(w) - 1, &d) < 0) {
		fprintf(stderr, "fuzz-rules: %s\n", d.msgs.n ? d.msgs.v[0] : "loading the waiver");
		abort();
	}
	diag_free(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs = {0};
	struct diag d = {0};
	if (ruleset_load_text(&rs, "fuzz.yaml", (const char *)data, size, &d) == 0) {
		for (size_t i = 0; i < rs.n; i++)
			FUZZ_ASSERT(ruleset_find(&rs, rs.r[i].id) != NULL, "rule '%s' not found",
				    rs.r[i].id);
		for (int i = 0; i < 3; i++) {
			struct fact_view v = {&facts[i], i == 2 ? NULL : &host};
			struct finding *f = NULL;
			if (eval_container(&rs, &v, i == 0 ? &waivers : NULL, 1700000000, i == 1,
					   &f) == 0)
				findings_free(f, rs.n);
		}
	} else {
		FUZZ_ASSERT(diag_any(&d), "refused without a message");
		FUZZ_ASSERT(rs.n == 0, "%zu rules kept from a refused file", rs.n);
	}
	ruleset_free(&rs);
	diag_free(&d);
	return 0;
}
