/* JSON documents read and parsed (lib/jsondoc.h). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "lib/fileio.h"
#include "lib/jsondoc.h"

/* One-based line and column of byte off of text. */
static void text_position(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

int json_text_parse(const char *name, const char *text, size_t len, json_object **out,
		    struct error *err)
{
	*out = NULL;
	if (len > INT32_MAX)
		return error_set(err, -EFBIG, "'%s' is too large", name);
	if (memchr(text, '\0', len)) {
		size_t line, col;
		text_position(text, (size_t)((const char *)memchr(text, '\0', len) - text), &line,
			      &col);
		return error_set(err, -EINVAL, "%s:%zu:%zu: '%s' is not valid JSON: a NUL byte",
				 name, line, col, name);
	}
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *doc = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	const char *why = NULL;
	if (!doc || jerr != json_tokener_success)
		why = jerr == json_tokener_continue ? "the document ends too early"
						    : json_tokener_error_desc(jerr);
	else if (end < len && buf_span_ws(text + end, len - end) != len - end)
		why = "data after the end of the document";
	if (why) {
		if (doc)
			json_object_put(doc);
		size_t line, col;
		text_position(text, end > len ? len : end, &line, &col);
		return error_set(err, -EINVAL, "%s:%zu:%zu: '%s' is not valid JSON: %s", name, line,
				 col, name, why);
	}
	*out = doc;
	return 0;
}

int json_doc_load(const char *path, size_t cap, json_object **out, struct error *err)
{
	*out = NULL;
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fileio_read_user(path, cap, &b, err);
	if (r < 0)
		return r;
	return json_text_parse(path, b.data ? b.data : "", b.len, out, err);
}

#define JSON_PRINT_DEPTH 64

/* printable ASCII but '"' (0x22) and '\\' (0x5c): copied as they are */
static const bool json_plain[256] = {
    [0x20 ... 0x21] = true, [0x23 ... 0x5b] = true, [0x5d ... 0x7e] = true};

/* buf_append without its call: most appends here are a byte or a short name */
static inline int put(struct buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap && buf_reserve(b, n) < 0)
		return -ENOMEM;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

static int print_string(struct buf *b, const char *s, size_t len)
{
	size_t n = 0;
	while (json_plain[(unsigned char)s[n]])
		n++;
	if (n < len && strlen(s + n) != len - n)
		return -EINVAL; /* a NUL inside: a C string would cut it */
	int r = put(b, "\"", 1);
	if (r == 0)
		r = n == len ? put(b, s, n) : escape_json(b, s);
	return r < 0 ? r : put(b, "\"", 1);
}

static int print_u64(struct buf *b, uint64_t u, bool minus)
{
	char t[24], *p = t + sizeof(t);
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10));
	if (minus)
		*--p = '-';
	return put(b, p, (size_t)(t + sizeof(t) - p));
}

static int print_value(struct buf *b, json_object *o, int depth)
{
	if (depth > JSON_PRINT_DEPTH)
		return -EINVAL;
	int r = 0;
	switch (json_object_get_type(o)) {
	case json_type_null:
		return put(b, "null", 4);
	case json_type_boolean:
		return json_object_get_boolean(o) ? put(b, "true", 4) : put(b, "false", 5);
	case json_type_int: {
		/* json-c keeps integers above INT64_MAX as uint64: get_int64 clamps them */
		int64_t v = json_object_get_int64(o);
		if (v == INT64_MAX)
			return print_u64(b, json_object_get_uint64(o), false);
		return print_u64(b, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0);
	}
	case json_type_double: {
		/* json-c's own text (a parsed number keeps the text it was read from) */
		const char *t = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
		return t ? put(b, t, strlen(t)) : -ENOMEM;
	}
	case json_type_string:
		return print_string(b, json_object_get_string(o),
				    (size_t)json_object_get_string_len(o));
	case json_type_array: {
		r = put(b, "[", 1);
		size_t n = json_object_array_length(o);
		for (size_t i = 0; r == 0 && i < n; i++) {
			if (i)
				r = put(b, ",", 1);
			if (r == 0)
				r = print_value(b, json_object_array_get_idx(o, i), depth + 1);
		}
		return r < 0 ? r : put(b, "]", 1);
	}
	case json_type_object: {
		r = put(b, "{", 1);
		bool first = true;
		json_object_object_foreach(o, k, v)
		{
			if (r == 0 && !first)
				r = put(b, ",", 1);
			first = false;
			if (r == 0)
				r = print_string(b, k, strlen(k));
			if (r == 0)
				r = put(b, ":", 1);
			if (r == 0)
				r = print_value(b, v, depth + 1);
		}
		return r < 0 ? r : put(b, "}", 1);
	}
	}
	return -EINVAL;
}

int json_print(json_object *o, struct buf *out)
{
	return print_value(out, o, 0);
}
