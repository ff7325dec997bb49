/* Fuzz target: waiver files. Load and validate; a file that loads is matched against fixed
 * fact sets for a few rule ids, before and after every expiry date. */
#include "config.h"

#include "policy/waiver.h"
#include "tests/fuzz/fuzz.h"

static struct facts facts[3];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	for (int i = 0; i < 3; i++)
		fuzz_facts(&facts[i], i);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ids[] = {"CIS-5.4", "escape.docker-sock", "", "x*", "policy.user"};
	struct waivers ws = {0};
	struct diag d = {0};
	if (waivers_load_text(&ws, "waivers.yaml", (const char *)data, size, &d) == 0) {
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			for (int k = 0; k < 3; k++) {
				bool expired = false;
				waivers_match(&ws, ids[i], &facts[k], 0, &expired);
				waivers_match(&ws, ids[i], &facts[k], (time_t)1 << 40, &expired);
			}
		}
	} else {
		FUZZ_ASSERT(diag_any(&d), "refused without a message");
	}
	waivers_free(&ws);
	diag_free(&d);
	return 0;
}
