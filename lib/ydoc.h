/* YAML documents for ctguard's own files (rules, waivers, policies): loaded with libyaml, with
 * caps on size, nesting and node visits, and helpers that report positions one-based. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <yaml.h>

#include "lib/diag.h"

#define YDOC_FILE_MAX  (1u << 20) /* 1 MiB */
#define YDOC_DEPTH_MAX 16
#define YDOC_STR_MAX   4096

struct ydoc {
	yaml_document_t doc;
	bool loaded;
	const char *file; /* borrowed display name */
	unsigned visits;  /* node visits, capped: aliases cannot blow up a traversal */
};

/* Parses text (len bytes). On a syntax error adds "file:line:col: message" and returns -EINVAL.
 * An empty document is an error too. */
int ydoc_load(struct ydoc *y, const char *file, const char *text, size_t len, struct diag *d);
/* Reads path (at most YDOC_FILE_MAX bytes) and parses it; errors are added to d. */
int ydoc_load_file(struct ydoc *y, const char *path, struct diag *d);
void ydoc_free(struct ydoc *y);

yaml_node_t *ydoc_root(struct ydoc *y);
yaml_node_t *ydoc_node(struct ydoc *y, int index);
/* Adds an error positioned at node n. */
void ydoc_err(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with a va_list, for parsers' own error helpers. */
void ydoc_verr(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Counts a node visit; false (with an error) once the document is too complex. */
bool ydoc_visit(struct ydoc *y, struct diag *d, const yaml_node_t *n);

/* The scalar text of n, or NULL (with an error naming what) when n is not a scalar or is longer
 * than YDOC_STR_MAX. */
const char *ydoc_str(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *what);
/* A plain (unquoted) true/false scalar. Returns 0 or -EINVAL with an error. */
int ydoc_bool(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *what, bool *out);
/* A plain integer scalar. Returns 0 or -EINVAL with an error. */
int ydoc_int(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *what, int64_t *out);
/* True when n is an unquoted scalar that reads as a boolean or an integer. */
bool ydoc_is_plain(const yaml_node_t *n);
/* Checks that a mapping has only keys from allowed (NULL-terminated); each other key is an
 * error "unknown key 'x' in <what> (expected: a, b, c)". Returns false when any was found. */
bool ydoc_keys_known(struct ydoc *y, struct diag *d, const yaml_node_t *map, const char *what,
		     const char *const *allowed);
/* The value of key in a mapping, or NULL. */
yaml_node_t *ydoc_get(struct ydoc *y, const yaml_node_t *map, const char *key);
