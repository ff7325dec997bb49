/* Saved ctguard.audit/v1 results read back: for `ctguard report` (fleet merge) and for
 * `ctguard audit --baseline`. */
#pragma once

#include <time.h>

#include "lib/error.h"
#include "report/audit.h"

#define RESULT_MAX (256u << 20)

struct loaded_result {
	char *file;
	char *hostname;
	time_t time;
	struct facts host;
	struct rule *rules; /* owned; findings point into it */
	size_t nrules;
	struct facts *facts; /* per container */
	char **hosts;	     /* per container: its "host" (a merged report), else hostname */
	struct audit_container *c;
	size_t n;
	struct gaps gaps; /* the document's "view" */
};

/* Reads an audit/v1 document. Returns 0, -EINVAL (err says what is wrong and where) for a
 * malformed or foreign document, or a negative errno when it cannot be read. */
int result_load(const char *path, struct loaded_result *out, struct error *err);
void result_free(struct loaded_result *r);
