/* JSON documents read and parsed (lib/jsondoc.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
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
