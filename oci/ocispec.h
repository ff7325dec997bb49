/* The OCI runtime config as runc reads it: a table of the Go structs runc 1.1.5 decodes a
 * config.json into (opencontainers/runtime-spec specs-go, the version runc 1.1.5 vendors:
 * "1.0.2-dev"), and a strict scan of the raw bytes that refuses every document Go's
 * encoding/json (Go 1.19, the one Debian's runc 1.1.5 is built with) and json-c could read
 * differently. json-c matches keys exactly and keeps the last duplicate; Go matches a key to a
 * struct field case-insensitively (ASCII case, and U+017F LONG S ~ s, U+212A KELVIN SIGN ~ k),
 * prefers an exact match, and replaces invalid UTF-8 and lone surrogates with U+FFFD. */
#pragma once

#include <stddef.h>

#include "lib/error.h"

enum ocispec_kind {
	OCISPEC_ANY,	/* not decoded by runc on Linux (windows, vm, ...): generic checks only */
	OCISPEC_SCALAR, /* a string, number or boolean (null: the zero value, as absent) */
	OCISPEC_STRUCT, /* a Go struct: keys fold onto field names */
	OCISPEC_MAP,	/* a Go map: keys are exact */
	OCISPEC_LIST,	/* a Go slice */
};

struct ocispec_field;

struct ocispec_type {
	enum ocispec_kind kind;
	const struct ocispec_field *fields; /* STRUCT: ended by a NULL name */
	const struct ocispec_type *elem;    /* MAP values, LIST items */
};

struct ocispec_field {
	const char *name; /* the json tag: the exact key */
	const struct ocispec_type *type;
};

/* specs.Spec (config.json) and specs.Process (`runc exec --process FILE`). */
extern const struct ocispec_type ocispec_spec;
extern const struct ocispec_type ocispec_process;

/* Scans text (len bytes, one JSON document) against type. Refuses, with -EINVAL and err saying
 * "name:line:column: what", in any object: a duplicate key; a key holding NUL; in an object runc
 * decodes into a struct, a key that is not a field name but that Go matches to one (runc would
 * read "Process" as process); anywhere: a string with NUL, invalid UTF-8 or a lone surrogate
 * escape, a control character; null, or another type, where runc expects an object or a list.
 * Syntax errors are left to the JSON parser (they are reported at their place here too). Keys
 * unknown to the table are allowed: runc ignores them. Returns 0 or -EINVAL. */
int ocispec_check(const char *name, const char *text, size_t len, const struct ocispec_type *type,
		  struct error *err);

/* The field of a struct type that Go's encoding/json would decode key (klen bytes, decoded
 * UTF-8) into, or NULL; *exact tells whether the key is the field's name exactly. */
const struct ocispec_field *ocispec_field(const struct ocispec_type *t, const char *key,
					  size_t klen, int *exact);
