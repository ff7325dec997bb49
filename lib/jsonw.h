/* A streaming JSON writer: keeps no document in memory (only its own output buffer, written out
 * when full and by jsonw_end), escapes every string. Nothing else may write to the FILE between
 * jsonw_init and jsonw_end. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 32
#define JSONW_BUF	8192

struct jsonw {
	FILE *f;
	size_t n; /* bytes in out not yet written to f */
	char out[JSONW_BUF];
	int depth;
	bool pretty;
	bool after_key;
	bool has_items[JSONW_MAX_DEPTH];
};

void jsonw_init(struct jsonw *w, FILE *f, bool pretty);
void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
/* A finite number with up to 6 decimals (NaN and infinities are written as null). */
void jsonw_double(struct jsonw *w, double v);
void jsonw_null(struct jsonw *w);
/* "key": value in one call. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);
void jsonw_kbool(struct jsonw *w, const char *key, bool v);
/* Ends the document with a newline and writes out what is buffered. */
void jsonw_end(struct jsonw *w);
/* A writer for rendering a fragment once to repeat it (jsonw_raw_items): on f, in the state
 * `like` is in (its depth, indentation, whether an item precedes), for items only (not after a
 * key). */
void jsonw_init_like(struct jsonw *w, FILE *f, const struct jsonw *like);
/* Writes n bytes rendered by a jsonw_init_like writer from this writer's current state: one or
 * more whole items (key and value) of the open object. */
void jsonw_raw_items(struct jsonw *w, const char *p, size_t n);
/* Writes out what is buffered, adding nothing (a document ended without a newline). */
void jsonw_flush(struct jsonw *w);
