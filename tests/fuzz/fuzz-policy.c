/* Fuzz target: enforcement policies (man/ctguard-policy.5), and the wrapper runtime's
 * runtime.yaml read from the same text. A policy that loads must validate again unchanged
 * (policy_validate is what command-line overrides go through), and the rules it generates
 * (ctguard audit --policy) must load beside the built-in packs and evaluate. */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "lib/cleanup.h"
#include "policy/eval.h"
#include "policy/policy.h"
#include "policy/policyrules.h"
#include "policy/rtconfig.h"
#include "tests/fuzz/fuzz.h"

static struct facts facts[3];
static char rtpath[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	for (int i = 0; i < 3; i++)
		fuzz_facts(&facts[i], i);
	fuzz_scratch_dir("policy");
	snprintf(rtpath, sizeof(rtpath), "%s/runtime.yaml", fuzz_scratch_path);
	return 0;
}

static void fuzz_rtconfig(const uint8_t *data, size_t size)
{
	/* rt_config_load wants a file it can trust: ours, mode 0600. */
	_cleanup_close_ int fd = open(rtpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	struct rt_config c;
	struct diag d = {0};
	if (rt_config_load(rtpath, &c, &d) == 0) {
		rt_mode_name(c.mode);
		rt_config_free(&c);
	}
	diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct launch_policy p;
	struct diag d = {0};
	if (policy_load_text("/etc/ctguard/fuzz.yaml", (const char *)data, size, &p, &d) == 0) {
		struct diag d2 = {0};
		FUZZ_ASSERT(policy_validate(&p, &d2) == 0, "a loaded policy does not validate: %s",
			    d2.msgs.n ? d2.msgs.v[0] : "");
		diag_free(&d2);
		struct ruleset rs = {0};
		if (ruleset_load_pack(&rs, "escapes", &d2) == 0 &&
		    policyrules_add(&rs, &p, &d2) == 0) {
			for (int i = 0; i < 3; i++) {
				struct fact_view v = {&facts[i], &facts[0]};
				struct finding *f = NULL;
				if (eval_container(&rs, &v, NULL, 0, false, &f) == 0)
					findings_free(f, rs.n);
			}
		}
		FUZZ_ASSERT(!diag_any(&d2), "policy rules refused: %s", d2.msgs.v[0]);
		ruleset_free(&rs);
		diag_free(&d2);
		policy_free(&p);
	} else {
		FUZZ_ASSERT(diag_any(&d), "refused without a message");
	}
	diag_free(&d);
	fuzz_rtconfig(data, size);
	return 0;
}
