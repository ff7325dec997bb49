/* Loading facts from inspect/audit JSON documents with json-c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "audit/snapshot.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

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

static int fill_facts(struct facts *f, json_object *obj, enum fact_scope scope, const char *where,
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
	return 0;
}

int snapshot_load(const char *path, struct container_list *out, struct facts *host,
		  struct error *err)
{
	*out = (struct container_list){0};
	*host = (struct facts){0};
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fileio_read_at(AT_FDCWD, path, SNAPSHOT_MAX, &b);
	if (r < 0)
		return error_setn(err, r, "reading '%s'", path);
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_object *doc = json_tokener_parse_ex(tok, b.data, (int)b.len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	json_tokener_free(tok);
	if (!doc || jerr != json_tokener_success) {
		if (doc)
			json_object_put(doc);
		return error_set(err, -EINVAL, "'%s' is not valid JSON: %s", path,
				 json_tokener_error_desc(jerr));
	}
	json_object *schema, *containers, *hostobj;
	const char *s = json_object_object_get_ex(doc, "schema", &schema)
			    ? json_object_get_string(schema)
			    : NULL;
	if (!s || (strcmp(s, "ctguard.inspect/v1") != 0 && strcmp(s, "ctguard.audit/v1") != 0)) {
		json_object_put(doc);
		return error_set(err, -EINVAL,
				 "'%s' is not a ctguard inspect or audit document (schema '%s')",
				 path, s ? s : "");
	}
	r = 0;
	if (json_object_object_get_ex(doc, "host", &hostobj) &&
	    json_object_is_type(hostobj, json_type_object)) {
		json_object *hf;
		/* audit documents nest the host's facts under "facts" */
		if (!json_object_object_get_ex(hostobj, "facts", &hf))
			hf = hostobj;
		r = fill_facts(host, hf, FACT_SCOPE_HOST, "host", err);
	}
	if (r == 0 && (!json_object_object_get_ex(doc, "containers", &containers) ||
		       !json_object_is_type(containers, json_type_array)))
		r = error_set(err, -EINVAL, "'%s' has no 'containers' list", path);
	size_t n = r == 0 ? json_object_array_length(containers) : 0;
	if (n) {
		out->c = calloc(n, sizeof(*out->c));
		if (!out->c)
			r = -ENOMEM;
	}
	for (size_t i = 0; r == 0 && i < n; i++) {
		char where[64];
		snprintf(where, sizeof(where), "%s: container %zu", path, i);
		json_object *c = json_object_array_get_idx(containers, i), *facts;
		if (!json_object_object_get_ex(c, "facts", &facts)) {
			r = error_set(err, -EINVAL, "%s has no 'facts'", where);
			break;
		}
		out->n++;
		r = fill_facts(&out->c[i], facts, FACT_SCOPE_CONTAINER, where, err);
	}
	json_object_put(doc);
	if (r < 0) {
		container_list_free(out);
		facts_free(host);
	}
	return r;
}
