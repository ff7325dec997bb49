/* The reference for profile_load_oci (seccomp/profile.c): the members of a linux.seccomp object
 * runc reads, copied at every level (a syscalls entry or argument that is not an object is read
 * by runc as an empty one), printed, and loaded as a Docker profile text through libyaml: what
 * the gate did before it read the object directly. tests/unit/test-profile.c and
 * tests/fuzz/fuzz-profile.c check that both give the same profile, acceptance and messages. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "seccomp/profile.h"

static const char *const ref_top_keys[] = {
    "defaultAction", "defaultErrnoRet",	 "architectures", "flags",
    "listenerPath",  "listenerMetadata", "syscalls",	  NULL};
static const char *const ref_rule_keys[] = {"names", "action", "errnoRet", "args", NULL};
static const char *const ref_arg_keys[] = {"index", "value", "valueTwo", "op", NULL};

__attribute__((unused)) static json_object *ref_only(json_object *o, const char *const *keys)
{
	json_object *c = json_object_new_object();
	if (!c || !json_object_is_type(o, json_type_object))
		return c;
	json_object_object_foreach(o, k, v)
	{
		for (const char *const *w = keys; *w; w++)
			if (strcmp(*w, k) == 0)
				json_object_object_add(c, k, json_object_get(v));
	}
	return c;
}

__attribute__((unused)) static json_object *ref_view(json_object *sec)
{
	json_object *top = ref_only(sec, ref_top_keys), *calls = NULL;
	if (!json_object_object_get_ex(top, "syscalls", &calls) ||
	    !json_object_is_type(calls, json_type_array))
		return top;
	json_object *nc = json_object_new_array();
	for (size_t i = 0; i < json_object_array_length(calls); i++) {
		json_object *r = ref_only(json_object_array_get_idx(calls, i), ref_rule_keys),
			    *args;
		if (json_object_object_get_ex(r, "args", &args) &&
		    json_object_is_type(args, json_type_array)) {
			json_object *na = json_object_new_array();
			for (size_t k = 0; k < json_object_array_length(args); k++)
				json_object_array_add(
				    na, ref_only(json_object_array_get_idx(args, k), ref_arg_keys));
			json_object_object_add(r, "args", na);
		}
		json_object_array_add(nc, r);
	}
	json_object_object_add(top, "syscalls", nc);
	return top;
}

/* The reference load; NULL text (cannot print) gives -ENOMEM. */
__attribute__((unused)) static int ref_load(const char *file, json_object *sec,
					    struct profile **out, struct diag *d)
{
	json_object *v = ref_view(sec);
	const char *t = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
	int r = t ? profile_load_text(file, t, strlen(t), out, d) : -ENOMEM;
	json_object_put(v);
	return r;
}

/* A message without its "file:line:column: " (the reference's lines and columns are the
 * printed text's, the direct reader's 1:1). */
__attribute__((unused)) static const char *ref_msg(const char *m, const char *file)
{
	size_t n = strlen(file);
	if (strncmp(m, file, n) != 0 || m[n] != ':')
		return m;
	m += n + 1;
	m += strspn(m, "0123456789");
	if (*m == ':')
		m++, m += strspn(m, "0123456789");
	if (*m == ':')
		m++;
	return *m == ' ' ? m + 1 : m;
}

/* Where a and b differ (into why), or NULL when they are the same profile. */
__attribute__((unused)) static const char *ref_diff(const struct profile *a,
						    const struct profile *b, char *why, size_t len)
{
	if (a->format != b->format || !profile_action_eq(a->def, b->def) ||
	    a->nrules != b->nrules) {
		snprintf(why, len, "format %d/%d, default %d.%d/%d.%d, %zu/%zu rules", a->format,
			 b->format, a->def.act, a->def.errnum, b->def.act, b->def.errnum, a->nrules,
			 b->nrules);
		return why;
	}
	for (size_t i = 0; i < a->nrules; i++) {
		const struct profile_rule *x = &a->rules[i], *y = &b->rules[i];
		bool same = x->nnames == y->nnames && profile_action_eq(x->action, y->action) &&
			    x->nargs == y->nargs && x->caps_all == y->caps_all &&
			    x->caps_none == y->caps_none && x->newer_names == y->newer_names;
		for (size_t k = 0; same && k < x->nnames; k++)
			same = x->nrs[k] == y->nrs[k] && strcmp(x->names[k], y->names[k]) == 0;
		for (size_t k = 0; same && k < x->nargs; k++)
			same = x->args[k].index == y->args[k].index &&
			       x->args[k].op == y->args[k].op &&
			       x->args[k].value == y->args[k].value &&
			       x->args[k].mask == y->args[k].mask;
		if (!same) {
			snprintf(why, len, "rule %zu differs", i);
			return why;
		}
	}
	return NULL;
}
