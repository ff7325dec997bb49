/* Fuzz target: saved ctguard.audit/v1 results (`ctguard report FILE...`, `ctguard audit
 * --baseline`, result_load). A result that loads is written in every report format; the JSON
 * writer's output must parse as JSON again (every hostile string escaped). */
#include "config.h"

#include <stdio.h>

#include "lib/cleanup.h"
#include "facts/factjson.h"
#include "report/audit.h"
#include "report/load.h"
#include "report/report.h"
#include "tests/fuzz/fuzz.h"

static void write_all(const struct loaded_result *lr)
{
	_cleanup_free_ const struct rule **rules = calloc(lr->nrules + 1, sizeof(*rules));
	if (!rules)
		return;
	for (size_t i = 0; i < lr->nrules; i++)
		rules[i] = &lr->rules[i];
	struct audit_result a = {
	    .rules = rules,
	    .nrules = lr->nrules,
	    .c = lr->c,
	    .n = lr->n,
	    .host = &lr->host,
	    .hostname = lr->hostname,
	    .nhosts = 1,
	    .now = lr->time,
	    .fail_never = true,
	};
	FILE *null = fopen("/dev/null", "w");
	if (!null)
		return;
	static const enum report_format formats[] = {REPORT_TEXT, REPORT_JUNIT,	     REPORT_SARIF,
						     REPORT_CSV,  REPORT_PROMETHEUS, REPORT_HTML};
	struct report_options o = {.verbose = true, .color = true};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		report_write(null, formats[i], &a, &o);
	fclose(null);
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return;
	report_write(m, REPORT_JSON, &a, &o);
	fclose(m);
	json_object *j = NULL;
	struct error err = {0};
	FUZZ_ASSERT(json_text_parse("audit.json", text, len, &j, &err) == 0,
		    "the JSON report is not JSON: %s", err.msg);
	json_object_put(j);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	if (!path)
		return 0;
	struct loaded_result lr = {0};
	struct error err = {0};
	if (result_load(path, &lr, &err) == 0)
		write_all(&lr);
	result_free(&lr);
	return 0;
}
