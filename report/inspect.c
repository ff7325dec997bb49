/* inspect output: JSON per the ctguard.inspect/v1 contract, aligned text for people. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "report/inspect.h"
#include "report/text.h"

#define NAME_WIDTH 26

static void json_value(struct jsonw *w, const struct fact_value *v, enum fact_type t)
{
	if (!v->known) {
		jsonw_null(w);
		return;
	}
	switch (t) {
	case FACT_BOOL:
		jsonw_bool(w, v->u.b);
		break;
	case FACT_INT:
		jsonw_int(w, v->u.i);
		break;
	case FACT_STRING:
		jsonw_str(w, v->u.s ? v->u.s : "");
		break;
	case FACT_LIST:
		jsonw_arr_open(w);
		for (size_t i = 0; i < v->l.n; i++)
			jsonw_str(w, v->l.v[i]);
		jsonw_arr_close(w);
		break;
	}
}

void inspect_json_facts(struct jsonw *w, const struct facts *f, enum fact_scope scope)
{
	jsonw_obj_open(w);
	for (int i = 0; i < F__COUNT; i++) {
		const struct fact_def *d = fact_def((enum fact_id)i);
		if (d->scope != scope)
			continue;
		jsonw_key(w, d->name);
		json_value(w, &f->v[i], d->type);
	}
	jsonw_obj_close(w);
}

void inspect_json_rootless(struct jsonw *w, const struct facts *f)
{
	const struct fact_value *rl = &f->v[F_USERNS_ROOTLESS];
	if (!rl->known || !rl->u.b)
		return;
	jsonw_kstr(w, "owner", facts_str(f, F_CONTAINER_OWNER));
	jsonw_key(w, "owner_uid");
	if (f->v[F_USERNS_OWNER_UID].known)
		jsonw_int(w, f->v[F_USERNS_OWNER_UID].u.i);
	else
		jsonw_null(w);
	jsonw_key(w, "namespace_holder");
	if (f->ns_holder > 0)
		jsonw_int(w, f->ns_holder);
	else
		jsonw_null(w);
}

void inspect_json_view(struct jsonw *w, const struct gaps *g)
{
	jsonw_key(w, "view");
	jsonw_obj_open(w);
	jsonw_kbool(w, "complete", !g || !gaps_any(g));
	jsonw_kint(w, "unreadable_processes", g ? (int64_t)g->processes : 0);
	jsonw_kint(w, "unreadable_containers", g ? (int64_t)g->containers : 0);
	jsonw_key(w, "unreadable");
	jsonw_arr_open(w);
	for (size_t i = 0; g && i < g->n; i++) {
		const struct gap *x = &g->v[i];
		jsonw_obj_open(w);
		if (x->pid > 0)
			jsonw_kint(w, "pid", x->pid);
		else {
			jsonw_key(w, "pid");
			jsonw_null(w);
		}
		jsonw_kstr(w, "what", x->what);
		jsonw_kstr(w, "container", x->container);
		jsonw_kstr(w, "reason", x->reason);
		jsonw_kstr(w, "detail", x->detail);
		if (x->host[0])
			jsonw_kstr(w, "host", x->host);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

/* Up to this many pids are listed in text; JSON lists them all (up to GAPS_MAX). */
#define TEXT_PIDS_MAX 20

void inspect_text_view(FILE *out, const struct gaps *g, bool color)
{
	if (!g || !gaps_any(g))
		return;
	const char *on = color ? "\033[1;31m" : "", *off = color ? "\033[0m" : "";
	if (g->processes) {
		_cleanup_buf_ struct buf b = BUF_INIT;
		size_t listed = 0;
		const char *why = "";
		for (size_t i = 0; i < g->n; i++) {
			const struct gap *x = &g->v[i];
			if (strcmp(x->what, "process") != 0)
				continue;
			if (!*why)
				why = x->reason;
			if (listed++ < TEXT_PIDS_MAX)
				buf_printf(&b, "%s%d", listed > 1 ? " " : "", x->pid);
		}
		if (listed > TEXT_PIDS_MAX || g->processes > listed)
			buf_puts(&b, " ...");
		const struct gap *first = NULL;
		for (size_t i = 0; i < g->n && !first; i++)
			if (strcmp(g->v[i].what, "process") == 0)
				first = &g->v[i];
		fprintf(out, "%sINCOMPLETE VIEW%s: %zu process%s could not be read (%s", on, off,
			g->processes, g->processes == 1 ? "" : "es", why);
		if (first) {
			_cleanup_buf_ struct buf d = BUF_INIT;
			escape_term(&d, first->detail);
			fprintf(out, ": %s", d.data ? d.data : "");
		}
		fprintf(out, "); the containers they belong to are missing: pids %s\n",
			b.data ? b.data : "");
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct gap *x = &g->v[i];
		if (strcmp(x->what, "process") == 0)
			continue;
		_cleanup_buf_ struct buf d = BUF_INIT;
		escape_term(&d, x->container);
		buf_printf(&d, " (pid %d", x->pid);
		if (x->host[0]) {
			buf_puts(&d, " on ");
			escape_term(&d, x->host);
		}
		buf_printf(&d, "): %s unknown, %s: ", x->what, x->reason);
		escape_term(&d, x->detail);
		fprintf(out, "%sINCOMPLETE VIEW%s: container %s\n", on, off, d.data);
	}
}

void inspect_write_json(FILE *out, const struct facts *cs, size_t n, const struct facts *host,
			const struct gaps *gaps)
{
	struct jsonw w;
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.inspect/v1");
	if (host) {
		jsonw_key(&w, "host");
		inspect_json_facts(&w, host, FACT_SCOPE_HOST);
	}
	jsonw_key(&w, "containers");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < n; i++) {
		const struct facts *f = &cs[i];
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "id", facts_str(f, F_CONTAINER_ID));
		jsonw_kstr(&w, "name", facts_str(f, F_CONTAINER_NAME));
		jsonw_kstr(&w, "runtime", facts_str(f, F_CONTAINER_RUNTIME));
		jsonw_kint(&w, "pid", f->v[F_CONTAINER_PID].u.i);
		inspect_json_rootless(&w, f);
		jsonw_key(&w, "facts");
		inspect_json_facts(&w, f, FACT_SCOPE_CONTAINER);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	inspect_json_view(&w, gaps);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

int inspect_format_value(const struct fact_value *v, enum fact_type t, struct buf *out)
{
	if (!v->known)
		return buf_puts(out, "?");
	switch (t) {
	case FACT_BOOL:
		return buf_puts(out, v->u.b ? "true" : "false");
	case FACT_INT:
		return buf_printf(out, "%" PRId64, v->u.i);
	case FACT_STRING:
		if (!v->u.s || !v->u.s[0])
			return buf_puts(out, "\"\"");
		return escape_term(out, v->u.s);
	case FACT_LIST:
		if (v->l.n == 0)
			return buf_puts(out, "-");
		for (size_t i = 0; i < v->l.n; i++) {
			int r = (i ? buf_puts(out, ", ") : 0);
			if (r < 0 || (r = escape_term(out, v->l.v[i])) < 0)
				return r;
		}
		return 0;
	}
	return 0;
}

/* Identity the container wrote about itself (container.claimed). */
static bool claimed(const struct facts *f, const char *field)
{
	const struct fact_value *v = &f->v[F_CONTAINER_CLAIMED];
	return v->known && strv_contains(&v->l, field);
}

static bool is_identity(int id)
{
	return id == F_CONTAINER_ID || id == F_CONTAINER_NAME || id == F_CONTAINER_RUNTIME ||
	       id == F_CONTAINER_IMAGE || id == F_CONTAINER_PID;
}

static void text_facts(FILE *out, const struct facts *f, enum fact_scope scope, bool color)
{
	for (int i = 0; i < F__COUNT; i++) {
		const struct fact_def *d = fact_def((enum fact_id)i);
		if (d->scope != scope || (scope == FACT_SCOPE_CONTAINER && is_identity(i)))
			continue;
		_cleanup_buf_ struct buf b = BUF_INIT;
		if (inspect_format_value(&f->v[i], d->type, &b) < 0)
			continue;
		bool risky = fact_value_risky((enum fact_id)i, &f->v[i]);
		fprintf(out, "%s%c %-*s ", risky && color ? "\033[1;31m" : "", risky ? '!' : ' ',
			NAME_WIDTH, d->name);
		text_wrap(out, b.data ? b.data : "", NAME_WIDTH + 3, TEXT_WIDTH);
		if (risky && color)
			fputs("\033[0m", out);
	}
}

static void text_header(FILE *out, const struct facts *f, bool color)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	buf_puts(&b, facts_str(f, F_CONTAINER_RUNTIME));
	if (claimed(f, "runtime"))
		buf_puts(&b, " (claimed)");
	buf_puts(&b, " ");
	escape_term(&b, facts_str(f, F_CONTAINER_NAME));
	if (claimed(f, "name"))
		buf_puts(&b, " (claimed)");
	buf_printf(&b, "  id ");
	const char *id = facts_str(f, F_CONTAINER_ID);
	char shortid[13];
	snprintf(shortid, sizeof(shortid), "%s", id);
	escape_term(&b, strlen(id) == 64 ? shortid : id);
	if (claimed(f, "id"))
		buf_puts(&b, " (claimed)");
	buf_printf(&b, "  pid %" PRId64, f->v[F_CONTAINER_PID].u.i);
	if (*facts_str(f, F_CONTAINER_IMAGE)) {
		buf_puts(&b, claimed(f, "image") ? "  image (claimed) " : "  image ");
		escape_term(&b, facts_str(f, F_CONTAINER_IMAGE));
	}
	fprintf(out, "%s%s%s\n", color ? "\033[1m" : "", b.data, color ? "\033[0m" : "");
}

void inspect_write_text(FILE *out, const struct facts *cs, size_t n, const struct facts *host,
			const struct gaps *gaps, bool color)
{
	inspect_text_view(out, gaps, color);
	if (host) {
		fprintf(out, "%shost%s\n", color ? "\033[1m" : "", color ? "\033[0m" : "");
		text_facts(out, host, FACT_SCOPE_HOST, color);
		if (n)
			fputc('\n', out);
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc('\n', out);
		text_header(out, &cs[i], color);
		text_facts(out, &cs[i], FACT_SCOPE_CONTAINER, color);
	}
	if (!host && n == 0)
		fprintf(out, gaps && gaps_any(gaps) ? "no containers could be read\n"
						    : "no containers found\n");
}
