/* Reading ctguard.audit/v1 documents back into the result model. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "facts/factjson.h"
#include "report/load.h"

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;
	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static char *jdup(json_object *o, const char *key)
{
	const char *s = jstr(o, key);
	return strdup(s ? s : "");
}

static int fill_rule(struct rule *r, json_object *o, const char *id_key, const char *where,
		     struct error *err)
{
	const char *id = jstr(o, id_key), *sev = jstr(o, "severity");
	if (!id || !*id)
		return error_set(err, -EINVAL, "%s: a rule or finding without '%s'", where, id_key);
	*r = (struct rule){.id = strdup(id),
			   .title = jdup(o, "title"),
			   .pack = jdup(o, "pack"),
			   .description = jdup(o, "description"),
			   .remediation = jdup(o, "remediation"),
			   .file = strdup(where)};
	if (!sev || severity_parse(sev, &r->severity) < 0)
		return error_set(err, -EINVAL, "%s: rule '%s' has no valid severity", where, id);
	json_object *refs;
	if (json_object_object_get_ex(o, "refs", &refs) &&
	    json_object_is_type(refs, json_type_object)) {
		size_t n = (size_t)json_object_object_length(refs);
		r->refs = calloc(n ? n : 1, sizeof(*r->refs));
		if (!r->refs)
			return -ENOMEM;
		json_object_object_foreach(refs, k, v)
		{
			if (!json_object_is_type(v, json_type_string))
				continue;
			r->refs[r->nrefs].key = strdup(k);
			r->refs[r->nrefs].value = strdup(json_object_get_string(v));
			r->nrefs++;
		}
	}
	return 0;
}

static struct rule *find_rule(struct loaded_result *r, const char *id)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i].id, id) == 0)
			return &r->rules[i];
	return NULL;
}

/* The rules: the document's "rules" list, plus any rule only its findings name. Counted first,
 * so the array never moves once findings point into it. */
static int load_rules(struct loaded_result *r, json_object *doc, json_object *containers,
		      struct error *err)
{
	json_object *rules;
	size_t cap = 0;
	bool have_list = json_object_object_get_ex(doc, "rules", &rules) &&
			 json_object_is_type(rules, json_type_array);
	if (have_list)
		cap += json_object_array_length(rules);
	size_t nc = json_object_array_length(containers);
	for (size_t i = 0; i < nc; i++) {
		json_object *f;
		if (json_object_object_get_ex(json_object_array_get_idx(containers, i), "findings",
					      &f) &&
		    json_object_is_type(f, json_type_array))
			cap += json_object_array_length(f);
	}
	r->rules = calloc(cap ? cap : 1, sizeof(*r->rules));
	if (!r->rules)
		return -ENOMEM;
	for (size_t i = 0; have_list && i < json_object_array_length(rules); i++) {
		json_object *o = json_object_array_get_idx(rules, i);
		if (find_rule(r, jstr(o, "id") ? jstr(o, "id") : ""))
			continue;
		int e = fill_rule(&r->rules[r->nrules], o, "id", r->file, err);
		r->nrules++;
		if (e < 0)
			return e;
	}
	for (size_t i = 0; i < nc; i++) {
		json_object *fs;
		if (!json_object_object_get_ex(json_object_array_get_idx(containers, i), "findings",
					       &fs) ||
		    !json_object_is_type(fs, json_type_array))
			continue;
		for (size_t k = 0; k < json_object_array_length(fs); k++) {
			json_object *o = json_object_array_get_idx(fs, k);
			if (find_rule(r, jstr(o, "rule") ? jstr(o, "rule") : ""))
				continue;
			int e = fill_rule(&r->rules[r->nrules], o, "rule", r->file, err);
			r->nrules++;
			if (e < 0)
				return e;
		}
	}
	return 0;
}

static int parse_status(const char *s, enum finding_status *out)
{
	static const char *const names[] = {"fail", "pass", "waived", "not_evaluated"};
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum finding_status)i;
			return 0;
		}
	return -EINVAL;
}

static int load_findings(struct loaded_result *r, size_t i, json_object *fs, const char *where,
			 struct error *err)
{
	size_t n = json_object_array_length(fs);
	struct audit_container *c = &r->c[i];
	c->findings = calloc(n ? n : 1, sizeof(*c->findings));
	if (!c->findings)
		return -ENOMEM;
	for (size_t k = 0; k < n; k++) {
		json_object *o = json_object_array_get_idx(fs, k);
		struct finding *f = &c->findings[k];
		f->rule = find_rule(r, jstr(o, "rule") ? jstr(o, "rule") : "");
		if (!f->rule || parse_status(jstr(o, "status"), &f->status) < 0)
			return error_set(err, -EINVAL,
					 "%s: finding %zu has no valid rule or status", where, k);
		f->evidence = jdup(o, "evidence");
		const char *note = jstr(o, "note"), *fp = jstr(o, "fingerprint");
		f->note = note ? strdup(note) : NULL;
		if (fp)
			snprintf(f->fingerprint, sizeof(f->fingerprint), "%s", fp);
		else
			audit_fingerprint(f, &r->facts[i], r->c[i].host, f->fingerprint);
		c->nfindings++;
	}
	return 0;
}

static int load_containers(struct loaded_result *r, json_object *containers, struct error *err)
{
	size_t n = json_object_array_length(containers);
	r->facts = calloc(n ? n : 1, sizeof(*r->facts));
	r->c = calloc(n ? n : 1, sizeof(*r->c));
	r->hosts = calloc(n ? n : 1, sizeof(*r->hosts));
	if (!r->facts || !r->c || !r->hosts)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		char where[600];
		snprintf(where, sizeof(where), "%s: container %zu", r->file, i);
		json_object *c = json_object_array_get_idx(containers, i), *facts, *fs, *sc;
		if (!json_object_object_get_ex(c, "facts", &facts) ||
		    !json_object_object_get_ex(c, "findings", &fs) ||
		    !json_object_is_type(fs, json_type_array))
			return error_set(err, -EINVAL, "%s has no 'facts' or 'findings'", where);
		r->n++;
		r->c[i].facts = &r->facts[i];
		/* A merged report names each container's host; a host's own result does not. */
		const char *h = jstr(c, "host");
		r->hosts[i] = strdup(h && *h ? h : (r->hostname ? r->hostname : ""));
		if (!r->hosts[i])
			return -ENOMEM;
		r->c[i].host = r->hosts[i];
		r->c[i].scanner =
		    json_object_object_get_ex(c, "scanner", &sc) && json_object_get_boolean(sc);
		int e = facts_from_json(&r->facts[i], facts, FACT_SCOPE_CONTAINER, where, err);
		json_object *nh;
		if (e == 0 && json_object_object_get_ex(c, "namespace_holder", &nh) &&
		    json_object_is_type(nh, json_type_int) && json_object_get_int64(nh) > 0)
			r->facts[i].ns_holder = json_object_get_int64(nh);
		if (e < 0 || (e = load_findings(r, i, fs, where, err)) < 0)
			return e;
	}
	return 0;
}

int result_load(const char *path, struct loaded_result *out, struct error *err)
{
	*out = (struct loaded_result){.file = strdup(path)};
	json_object *doc;
	int r = json_doc_load(path, RESULT_MAX, &doc, err);
	if (r < 0)
		return r;
	const char *schema = jstr(doc, "schema");
	json_object *host, *containers, *facts;
	if (!schema || strcmp(schema, "ctguard.audit/v1") != 0) {
		r = error_set(err, -EINVAL, "'%s' is not a ctguard audit result (schema '%s')",
			      path, schema ? schema : "");
	} else if (!json_object_object_get_ex(doc, "containers", &containers) ||
		   !json_object_is_type(containers, json_type_array)) {
		r = error_set(err, -EINVAL, "'%s' has no 'containers' list", path);
	} else {
		json_object_object_get_ex(doc, "host", &host);
		out->hostname = jdup(host, "hostname");
		const char *t = jstr(host, "time");
		struct tm tm = {0};
		if (t && strptime(t, "%Y-%m-%dT%H:%M:%SZ", &tm))
			out->time = timegm(&tm);
		if (json_object_object_get_ex(host, "facts", &facts))
			r = facts_from_json(&out->host, facts, FACT_SCOPE_HOST, path, err);
		if (r == 0)
			r = gaps_from_json(&out->gaps, doc, path, err);
		if (r == 0)
			r = load_rules(out, doc, containers, err);
		if (r == 0)
			r = load_containers(out, containers, err);
	}
	json_object_put(doc);
	return r;
}

void result_free(struct loaded_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		findings_free(r->c[i].findings, r->c[i].nfindings);
		facts_free(&r->facts[i]);
		free(r->hosts[i]);
	}
	free(r->hosts);
	free(r->c);
	free(r->facts);
	for (size_t i = 0; i < r->nrules; i++)
		rule_release(&r->rules[i]);
	free(r->rules);
	facts_free(&r->host);
	gaps_free(&r->gaps);
	free(r->hostname);
	free(r->file);
	*r = (struct loaded_result){0};
}
