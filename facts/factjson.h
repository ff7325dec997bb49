/* Facts read back from ctguard's own JSON documents. */
#pragma once

#include <json-c/json.h>

#include "lib/error.h"
#include "facts/fact.h"

/* Fills f with the facts of scope found in obj ({"name": value, ...}); null or absent facts stay
 * unknown, names this version does not know are ignored. Returns 0, or -EINVAL with err naming
 * where and which fact has the wrong type. */
int facts_from_json(struct facts *f, json_object *obj, enum fact_scope scope, const char *where,
		    struct error *err);

/* Reads and parses a JSON document of at most cap bytes. Returns 0 with *out owned by the
 * caller (json_object_put), a negative errno when it cannot be read ("reading 'path'"), or
 * -EINVAL when it is not JSON; err says which. */
int json_doc_load(const char *path, size_t cap, json_object **out, struct error *err);
/* Parses a JSON text (name is used in messages). Errors say "name:LINE:COLUMN: ..."; data
 * after the document is an error. Returns 0 with *out owned by the caller, or -EINVAL. */
int json_text_parse(const char *name, const char *text, size_t len, json_object **out,
		    struct error *err);
