/* Fuzz target: saved inspect/audit JSON documents read back for central evaluation
 * (`ctguard audit --from FILE`, snapshot_load). A document that loads is judged by the built-in
 * packs, and its facts are written again as inspect JSON, which must parse as JSON. */
#include "config.h"

#include <stdio.h>

#include "audit/host.h"
#include "audit/gaps.h"
#include "audit/snapshot.h"
#include "lib/cleanup.h"
#include "policy/eval.h"
#include "facts/factjson.h"
#include "policy/rule.h"
#include "report/inspect.h"
#include "tests/fuzz/fuzz.h"

static struct ruleset rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag d = {0};
	if (ruleset_load_builtin(&rules, &d) < 0)
		abort();
	diag_free(&d);
	return 0;
}

static void write_back(const struct container_list *l, const struct facts *host,
		       const struct gaps *gaps)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return;
	inspect_write_json(f, l->c, l->n, host, gaps);
	fclose(f);
	json_object *o = NULL;
	struct error err = {0};
	FUZZ_ASSERT(json_text_parse("inspect.json", text, len, &o, &err) == 0,
		    "inspect wrote invalid JSON: %s", err.msg);
	json_object_put(o);
	free(text);
	/* Text output goes through the terminal escaping. */
	f = fopen("/dev/null", "w");
	if (f) {
		inspect_write_text(f, l->c, l->n, host, gaps, true);
		fclose(f);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	if (!path)
		return 0;
	struct container_list l = {0};
	struct facts host = {0};
	struct gaps gaps = {0};
	struct error err = {0};
	if (snapshot_load(path, &l, &host, &gaps, &err) == 0) {
		for (size_t i = 0; i < l.n; i++) {
			struct fact_view v = {&l.c[i], &host};
			struct finding *f = NULL;
			if (eval_container(&rules, &v, NULL, 0, false, &f) == 0)
				findings_free(f, rules.n);
		}
		write_back(&l, &host, &gaps);
	}
	gaps_free(&gaps);
	container_list_free(&l);
	facts_free(&host);
	return 0;
}
