/* The record of what a scan could not read. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/gaps.h"

static void errno_name(int err, char *out, size_t outsz)
{
	const char *n = err ? strerrorname_np(-err) : NULL;
	if (n)
		snprintf(out, outsz, "%s", n);
	else
		snprintf(out, outsz, "E%d", -err);
}

static int push(struct gaps *g, const struct gap *x)
{
	if (strcmp(x->what, "process") == 0)
		g->processes++;
	else
		g->containers++;
	if (g->n >= GAPS_MAX)
		return 0;
	/* Doubling: an unprivileged scan of a busy host has thousands (one realloc each was
	 * quadratic, minutes under the sanitizers). */
	if (g->n >= g->cap) {
		size_t cap = g->n < 8 ? 16 : g->n * 2 > GAPS_MAX ? GAPS_MAX : g->n * 2;
		struct gap *n = realloc(g->v, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		g->v = n;
		g->cap = cap;
	}
	g->v[g->n++] = *x;
	return 0;
}

int gaps_add(struct gaps *g, pid_t pid, const char *what, const char *container, int err,
	     const char *detail)
{
	struct gap x = {.pid = pid};
	snprintf(x.what, sizeof(x.what), "%s", what);
	snprintf(x.container, sizeof(x.container), "%s", container ? container : "");
	errno_name(err, x.reason, sizeof(x.reason));
	snprintf(x.detail, sizeof(x.detail), "%s", detail ? detail : strerror(-err));
	return push(g, &x);
}

int gaps_merge(struct gaps *dst, const struct gaps *src, const char *host)
{
	for (size_t i = 0; i < src->n; i++) {
		struct gap x = src->v[i];
		if (!x.host[0])
			snprintf(x.host, sizeof(x.host), "%s", host ? host : "");
		if (push(dst, &x) < 0)
			return -ENOMEM;
	}
	/* Counts past the kept entries of src. */
	size_t kept_p = 0;
	for (size_t i = 0; i < src->n; i++)
		kept_p += strcmp(src->v[i].what, "process") == 0;
	dst->processes += src->processes - kept_p;
	dst->containers += src->containers - (src->n - kept_p);
	return 0;
}

bool gaps_any(const struct gaps *g)
{
	return g->processes || g->containers;
}

void gaps_free(struct gaps *g)
{
	free(g->v);
	*g = (struct gaps){0};
}

static const char *member_str(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

static int64_t member_int(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return -1;
	return json_object_get_int64(v);
}

int gaps_from_json(struct gaps *g, json_object *doc, const char *where, struct error *err)
{
	*g = (struct gaps){0};
	json_object *view, *list;
	if (!json_object_object_get_ex(doc, "view", &view))
		return 0;
	if (!json_object_is_type(view, json_type_object) ||
	    !json_object_object_get_ex(view, "unreadable", &list) ||
	    !json_object_is_type(list, json_type_array))
		return error_set(err, -EINVAL,
				 "%s: 'view' is not an object with an 'unreadable' list", where);
	size_t n = json_object_array_length(list);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(list, i);
		if (!json_object_is_type(o, json_type_object))
			return error_set(err, -EINVAL, "%s: view.unreadable[%zu] is not an object",
					 where, i);
		struct gap x = {.pid =
				    (pid_t)(member_int(o, "pid") > 0 ? member_int(o, "pid") : 0)};
		snprintf(x.what, sizeof(x.what), "%s", member_str(o, "what"));
		if (!x.what[0])
			snprintf(x.what, sizeof(x.what), "process");
		snprintf(x.container, sizeof(x.container), "%s", member_str(o, "container"));
		snprintf(x.reason, sizeof(x.reason), "%s", member_str(o, "reason"));
		snprintf(x.detail, sizeof(x.detail), "%s", member_str(o, "detail"));
		snprintf(x.host, sizeof(x.host), "%s", member_str(o, "host"));
		if (push(g, &x) < 0)
			return -ENOMEM;
	}
	/* The counts say how many there were, also past the listed ones. */
	int64_t p = member_int(view, "unreadable_processes"),
		c = member_int(view, "unreadable_containers");
	if (p > (int64_t)g->processes)
		g->processes = (size_t)p;
	if (c > (int64_t)g->containers)
		g->containers = (size_t)c;
	bool complete = true;
	json_object *cv;
	if (json_object_object_get_ex(view, "complete", &cv) &&
	    json_object_is_type(cv, json_type_boolean))
		complete = json_object_get_boolean(cv);
	if (!complete && !gaps_any(g))
		g->containers = 1; /* says incomplete without saying what: still incomplete */
	return 0;
}
