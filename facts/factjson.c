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
