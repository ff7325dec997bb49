/* Facts read back from ctguard's own JSON documents. */
#pragma once

#include <json-c/json.h>

#include "lib/error.h"
#include "lib/jsondoc.h" /* json_doc_load, json_text_parse */
#include "facts/fact.h"

/* Fills f with the facts of scope found in obj ({"name": value, ...}); null or absent facts stay
 * unknown, names this version does not know are ignored. Returns 0, or -EINVAL with err naming
 * where and which fact has the wrong type. */
int facts_from_json(struct facts *f, json_object *obj, enum fact_scope scope, const char *where,
		    struct error *err);
