/* Facts from JSON objects (saved inspect and audit documents), checked against the registry. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "facts/factjson.h"

static int fill_value(struct facts *f, enum fact_id id, json_object *v, const char *where,
		      struct error *err)
{
	const struct fact_def *d = fact_def(id);
	if (!v || json_object_is_type(v, json_type_null))
		return 0; /* unknown */
	switch (d->type) {
	case FACT_BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			break;
		facts_set_bool(f, id, json_object_get_boolean(v));
		return 0;
	case FACT_INT:
		if (!json_object_is_type(v, json_type_int))
			break;
		facts_set_int(f, id, json_object_get_int64(v));
		return 0;
	case FACT_STRING:
		if (!json_object_is_type(v, json_type_string))
			break;
		return facts_set_str(f, id, json_object_get_string(v));
	case FACT_LIST: {
		if (!json_object_is_type(v, json_type_array))
			break;
		struct strv *l = facts_list(f, id);
		size_t n = json_object_array_length(v);
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(v, i);
			if (!json_object_is_type(e, json_type_string))
				return error_set(err, -EINVAL,
						 "%s: fact '%s' item %zu is not a string", where,
						 d->name, i);
			if (strv_push(l, json_object_get_string(e)) < 0)
				return -ENOMEM;
		}
		return 0;
	}
	}
	return error_set(err, -EINVAL, "%s: fact '%s' is not a %s", where, d->name,
			 fact_type_name(d->type));
}

int facts_from_json(struct facts *f, json_object *obj, enum fact_scope scope, const char *where,
		    struct error *err)
{
	if (!json_object_is_type(obj, json_type_object))
		return error_set(err, -EINVAL, "%s: 'facts' is not an object", where);
	for (int i = 0; i < F__COUNT; i++) {
		if (fact_def((enum fact_id)i)->scope != scope)
			continue;
		json_object *v;
		if (!json_object_object_get_ex(obj, fact_def((enum fact_id)i)->name, &v))
			continue;
		int r = fill_value(f, (enum fact_id)i, v, where, err);
		if (r < 0)
			return r;
	}
	/* The runtime names the contract allows: a document naming another was not written by
	 * this version of ctguard and would produce output outside the schema. */
	const struct fact_value *rt = &f->v[F_CONTAINER_RUNTIME];
	if (scope == FACT_SCOPE_CONTAINER && rt->known && !fact_runtime_known(rt->u.s))
		return error_set(err, -EINVAL, "%s: unknown container.runtime '%s'", where,
				 rt->u.s ? rt->u.s : "");
	return 0;
}

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
