/* Waiver files: parse, validate, match. */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cleanup.h"
#include "policy/waiver.h"
#include "lib/ydoc.h"

static char *dup_str(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *what,
		     bool *ok)
{
	const char *s = ydoc_str(y, d, n, what);
	if (!s) {
		*ok = false;
		return NULL;
	}
	if (!*s) {
		ydoc_err(y, d, n, "%s must not be empty", what);
		*ok = false;
		return NULL;
	}
	return strdup(s);
}

/* A calendar date YYYY-MM-DD; the waiver holds through that whole day (UTC). */
static bool parse_date(const char *s, time_t *end)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return false;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + 1};
	*end = timegm(&tm);
	return true;
}

static void parse_selector(struct ydoc *y, struct diag *d, const yaml_node_t *n, struct waiver *w,
			   bool *ok)
{
	static const char *const keys[] = {"name", "id",	"image", "runtime",
					   "pod",  "namespace", NULL};
	if (n->type != YAML_MAPPING_NODE) {
		ydoc_err(y, d, n,
			 "selector must be a mapping of name, id, image, runtime, pod, "
			 "namespace");
		*ok = false;
		return;
	}
	if (!ydoc_keys_known(y, d, n, "a selector", keys))
		*ok = false;
	char **fields[] = {&w->name, &w->id, &w->image, &w->runtime, &w->pod, &w->ns};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		yaml_node_t *v = ydoc_get(y, n, keys[i]);
		if (v)
			*fields[i] = dup_str(y, d, v, keys[i], ok);
	}
}

static void parse_waiver(struct ydoc *y, struct diag *d, const yaml_node_t *n, struct waiver *w,
			 bool *ok)
{
	static const char *const keys[] = {"rule",    "selector",      "reason", "owner",
					   "expires", "match_claimed", NULL};
	*w = (struct waiver){.line = n->start_mark.line + 1,
			     .column = n->start_mark.column + 1,
			     .file = strdup(y->file)};
	if (n->type != YAML_MAPPING_NODE) {
		ydoc_err(y, d, n, "a waiver must be a mapping");
		*ok = false;
		return;
	}
	if (!ydoc_keys_known(y, d, n, "a waiver", keys))
		*ok = false;
	static const char *const required[] = {"rule", "reason", "owner"};
	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		if (!ydoc_get(y, n, required[i])) {
			ydoc_err(y, d, n, "waiver is missing '%s'", required[i]);
			*ok = false;
		}
	yaml_node_t *v;
	if ((v = ydoc_get(y, n, "rule")))
		w->rule = dup_str(y, d, v, "rule", ok);
	if ((v = ydoc_get(y, n, "reason")))
		w->reason = dup_str(y, d, v, "reason", ok);
	if ((v = ydoc_get(y, n, "owner")))
		w->owner = dup_str(y, d, v, "owner", ok);
	if ((v = ydoc_get(y, n, "selector")))
		parse_selector(y, d, v, w, ok);
	if ((v = ydoc_get(y, n, "match_claimed")) &&
	    ydoc_bool(y, d, v, "match_claimed", &w->match_claimed) < 0)
		*ok = false;
	if ((v = ydoc_get(y, n, "expires"))) {
		w->expires = dup_str(y, d, v, "expires", ok);
		if (w->expires && !parse_date(w->expires, &w->expires_at)) {
			ydoc_err(y, d, v, "bad date '%s' for expires (expected YYYY-MM-DD)",
				 w->expires);
			*ok = false;
		}
	}
}

static void waiver_free(struct waiver *w)
{
	char *fields[] = {w->rule, w->name,   w->id,	w->image,   w->runtime, w->pod,
			  w->ns,   w->reason, w->owner, w->expires, w->file};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		free(fields[i]);
}

static int load_doc(struct waivers *ws, struct ydoc *y, struct diag *d)
{
	bool ok = true;
	yaml_node_t *root = ydoc_root(y);
	static const char *const keys[] = {"version", "waivers", NULL};
	yaml_node_t *list = ydoc_get(y, root, "waivers");
	if (!root || root->type != YAML_MAPPING_NODE || !list || list->type != YAML_SEQUENCE_NODE) {
		ydoc_err(y, d, list ? list : root,
			 "a waivers file is a mapping with version: 1 and a list 'waivers'");
		return -EINVAL;
	}
	if (!ydoc_keys_known(y, d, root, "a waivers file", keys))
		ok = false;
	yaml_node_t *v = ydoc_get(y, root, "version");
	int64_t version = 0;
	if (!v) {
		ydoc_err(y, d, root,
			 "waivers file is missing 'version' (this ctguard reads version 1)");
		ok = false;
	} else if (ydoc_int(y, d, v, "version", &version) < 0 || version != 1) {
		ydoc_err(y, d, v, "unsupported version (this ctguard reads version 1)");
		ok = false;
	}
	size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
	if (n > WAIVERS_MAX) {
		ydoc_err(y, d, list, "%zu waivers (at most %d)", n, WAIVERS_MAX);
		return -EINVAL;
	}
	struct waiver *parsed = calloc(n ? n : 1, sizeof(*parsed));
	if (!parsed)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		parse_waiver(y, d, ydoc_node(y, list->data.sequence.items.start[i]), &parsed[i],
			     &ok);
	struct waiver *nw = ok ? realloc(ws->w, (ws->n + n + 1) * sizeof(*nw)) : NULL;
	if (!nw) {
		for (size_t i = 0; i < n; i++)
			waiver_free(&parsed[i]);
		free(parsed);
		return ok ? -ENOMEM : -EINVAL;
	}
	ws->w = nw;
	memcpy(ws->w + ws->n, parsed, n * sizeof(*parsed));
	ws->n += n;
	free(parsed);
	return 0;
}

int waivers_load_text(struct waivers *ws, const char *file, const char *text, size_t len,
		      struct diag *d)
{
	struct ydoc y;
	int r = ydoc_load(&y, file, text, len, d);
	if (r == 0)
		r = load_doc(ws, &y, d);
	ydoc_free(&y);
	return r;
}

int waivers_load(struct waivers *ws, const char *path, struct diag *d)
{
	struct ydoc y;
	int r = ydoc_load_file(&y, path, d);
	if (r == 0)
		r = load_doc(ws, &y, d);
	ydoc_free(&y);
	return r;
}

/* Identity a container wrote about itself (its /run/.containerenv, its comm) would let it
 * pick the waivers it gets: such a value matches no selector unless the waiver opts in.
 * Documents saved before container.claimed existed leave it unknown: trusted as before (a
 * saved document is only as trustworthy as whoever wrote it). */
static bool is_claimed(const struct facts *f, const char *field)
{
	const struct fact_value *c = &f->v[F_CONTAINER_CLAIMED];
	return c->known && strv_contains(&c->l, field);
}

static bool glob_ok(const struct waiver *w, const char *pattern, const struct facts *f,
		    enum fact_id id, const char *field)
{
	if (!pattern)
		return true;
	if (field && !w->match_claimed && is_claimed(f, field))
		return false;
	const char *v = f->v[id].known && f->v[id].u.s ? f->v[id].u.s : "";
	return fnmatch(pattern, v, 0) == 0;
}

static bool selects(const struct waiver *w, const struct facts *f)
{
	return glob_ok(w, w->name, f, F_CONTAINER_NAME, "name") &&
	       glob_ok(w, w->id, f, F_CONTAINER_ID, "id") &&
	       glob_ok(w, w->image, f, F_CONTAINER_IMAGE, "image") &&
	       glob_ok(w, w->runtime, f, F_CONTAINER_RUNTIME, "runtime") &&
	       glob_ok(w, w->pod, f, F_CONTAINER_POD, NULL) &&
	       glob_ok(w, w->ns, f, F_CONTAINER_NAMESPACE, NULL);
}

struct waiver *waivers_match(struct waivers *ws, const char *rule_id, const struct facts *f,
			     time_t now, bool *expired)
{
	struct waiver *stale = NULL;
	*expired = false;
	for (size_t i = 0; i < ws->n; i++) {
		struct waiver *w = &ws->w[i];
		if (fnmatch(w->rule, rule_id, 0) != 0 || !selects(w, f))
			continue;
		if (!w->expires || now < w->expires_at) {
			w->matched++;
			return w;
		}
		if (!stale)
			stale = w;
	}
	if (stale) {
		stale->matched++;
		*expired = true;
	}
	return stale;
}

void waivers_free(struct waivers *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		waiver_free(&ws->w[i]);
	free(ws->w);
	*ws = (struct waivers){0};
}
