/* JSON documents: read from a file (bounded) or parsed from a text, with positions in errors. */
#pragma once

#include <json-c/json.h>
#include <stddef.h>

#include "lib/buf.h"
#include "lib/error.h"

/* Reads and parses a JSON document of at most cap bytes. Returns 0 with *out owned by the
 * caller (json_object_put), a negative errno when it cannot be read ("reading 'path'"), or
 * -EINVAL when it is not JSON; err says which. */
int json_doc_load(const char *path, size_t cap, json_object **out, struct error *err);
/* Parses a JSON text (name is used in messages). Errors say "name:LINE:COLUMN: ..."; data
 * after the document is an error. Returns 0 with *out owned by the caller, or -EINVAL. */
int json_text_parse(const char *name, const char *text, size_t len, json_object **out,
		    struct error *err);
/* Appends o as compact JSON text: what json-c prints, with strings escaped as lib/escape.c's
 * escape_json does (bytes that are not UTF-8 as \ufffd, what Go reads them as) and without
 * json-c's per-node buffers (a quarter of the gate's instructions went there). Refuses
 * (-EINVAL) a string holding a NUL and nesting deeper than 64; -ENOMEM. */
int json_print(json_object *o, struct buf *out);
