/* Loading facts from inspect/audit JSON documents with json-c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "audit/snapshot.h"
#include "facts/factjson.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

int snapshot_load(const char *path, struct container_list *out, struct facts *host,
		  struct gaps *gaps, struct error *err)
{
	*out = (struct container_list){0};
	*host = (struct facts){0};
	json_object *doc;
	int r = json_doc_load(path, SNAPSHOT_MAX, &doc, err);
	if (r < 0)
		return r;
	json_object *schema, *containers, *hostobj;
	const char *s = json_object_object_get_ex(doc, "schema", &schema)
			    ? json_object_get_string(schema)
			    : NULL;
	if (!s || (strcmp(s, "ctguard.inspect/v1") != 0 && strcmp(s, "ctguard.audit/v1") != 0)) {
		/* s belongs to doc: format the message before releasing it. */
		error_set(err, -EINVAL,
			  "'%s' is not a ctguard inspect or audit document (schema '%s')", path,
			  s ? s : "");
		json_object_put(doc);
		return -EINVAL;
	}
	r = 0;
	struct gaps none;
	r = gaps_from_json(gaps ? gaps : &none, doc, path, err);
	if (!gaps)
		gaps_free(&none);
	if (r == 0 && json_object_object_get_ex(doc, "host", &hostobj) &&
	    json_object_is_type(hostobj, json_type_object)) {
		json_object *hf;
		/* audit documents nest the host's facts under "facts" */
		if (!json_object_object_get_ex(hostobj, "facts", &hf))
			hf = hostobj;
		r = facts_from_json(host, hf, FACT_SCOPE_HOST, "host", err);
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
		char where[600];
		snprintf(where, sizeof(where), "%s: container %zu", path, i);
		json_object *c = json_object_array_get_idx(containers, i), *facts;
		if (!json_object_object_get_ex(c, "facts", &facts)) {
			r = error_set(err, -EINVAL, "%s has no 'facts'", where);
			break;
		}
		out->n++;
		r = facts_from_json(&out->c[i], facts, FACT_SCOPE_CONTAINER, where, err);
	}
	json_object_put(doc);
	if (r < 0) {
		container_list_free(out);
		facts_free(host);
		if (gaps)
			gaps_free(gaps);
	}
	return r;
}
