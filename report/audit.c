/* Audit results as ctguard.audit/v1 JSON and as text for people. */
#include "config.h"

#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "lib/jsonw.h"
#include "report/audit.h"
#include "report/inspect.h"
#include "report/text.h"

void audit_count(const struct audit_result *a, ssize_t container, struct audit_counts *out)
{
	*out = (struct audit_counts){0};
	for (size_t i = 0; i < a->n; i++) {
		if (container >= 0 && (size_t)container != i)
			continue;
		for (size_t k = 0; k < a->rs->n; k++) {
			const struct finding *f = &a->c[i].findings[k];
			switch (f->status) {
			case FINDING_FAIL:
				out->fail[f->rule->severity]++;
				out->fails++;
				break;
			case FINDING_PASS:
				out->passes++;
				break;
			case FINDING_WAIVED:
				out->waived++;
				break;
			case FINDING_NOT_EVALUATED:
				out->not_evaluated++;
				break;
			}
		}
	}
}

bool audit_failed(const struct audit_result *a)
{
	if (a->fail_never)
		return false;
	struct audit_counts c;
	audit_count(a, -1, &c);
	for (int s = a->fail_on; s < SEV__COUNT; s++)
		if (c.fail[s])
			return true;
	return false;
}

static const char *str_of(const struct facts *f, enum fact_id id)
{
	return f->v[id].known && f->v[id].u.s ? f->v[id].u.s : "";
}

static void json_finding(struct jsonw *w, const struct finding *f)
{
	const struct rule *r = f->rule;
	jsonw_obj_open(w);
	jsonw_key(w, "rule");
	jsonw_str(w, r->id);
	jsonw_key(w, "title");
	jsonw_str(w, r->title);
	jsonw_key(w, "severity");
	jsonw_str(w, severity_name(r->severity));
	jsonw_key(w, "status");
	jsonw_str(w, finding_status_name(f->status));
	jsonw_key(w, "evidence");
	jsonw_str(w, f->evidence);
	if (f->note) {
		jsonw_key(w, "note");
		jsonw_str(w, f->note);
	}
	jsonw_key(w, "pack");
	jsonw_str(w, r->pack);
	jsonw_key(w, "refs");
	jsonw_obj_open(w);
	for (size_t i = 0; i < r->nrefs; i++) {
		jsonw_key(w, r->refs[i].key);
		jsonw_str(w, r->refs[i].value);
	}
	jsonw_obj_close(w);
	jsonw_key(w, "remediation");
	jsonw_str(w, r->remediation ? r->remediation : "");
	jsonw_obj_close(w);
}

static void json_counts(struct jsonw *w, const struct audit_counts *c)
{
	jsonw_obj_open(w);
	jsonw_key(w, "fail");
	jsonw_obj_open(w);
	for (int s = 0; s < SEV__COUNT; s++) {
		jsonw_key(w, severity_name((enum severity)s));
		jsonw_int(w, (int64_t)c->fail[s]);
	}
	jsonw_obj_close(w);
	jsonw_key(w, "fails");
	jsonw_int(w, (int64_t)c->fails);
	jsonw_key(w, "passes");
	jsonw_int(w, (int64_t)c->passes);
	jsonw_key(w, "waived");
	jsonw_int(w, (int64_t)c->waived);
	jsonw_key(w, "not_evaluated");
	jsonw_int(w, (int64_t)c->not_evaluated);
	jsonw_obj_close(w);
}

static void json_waivers(struct jsonw *w, const struct waivers *ws)
{
	jsonw_arr_open(w);
	for (size_t i = 0; ws && i < ws->n; i++) {
		const struct waiver *v = &ws->w[i];
		jsonw_obj_open(w);
		jsonw_key(w, "rule");
		jsonw_str(w, v->rule);
		jsonw_key(w, "owner");
		jsonw_str(w, v->owner);
		jsonw_key(w, "reason");
		jsonw_str(w, v->reason);
		jsonw_key(w, "expires");
		if (v->expires)
			jsonw_str(w, v->expires);
		else
			jsonw_null(w);
		jsonw_key(w, "location");
		char loc[512];
		snprintf(loc, sizeof(loc), "%s:%zu:%zu", v->file, v->line, v->column);
		jsonw_str(w, loc);
		jsonw_key(w, "matched");
		jsonw_int(w, (int64_t)v->matched);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

void audit_write_json(FILE *out, const struct audit_result *a)
{
	struct jsonw w;
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_key(&w, "schema");
	jsonw_str(&w, "ctguard.audit/v1");
	jsonw_key(&w, "tool");
	jsonw_obj_open(&w);
	jsonw_key(&w, "name");
	jsonw_str(&w, "ctguard");
	jsonw_key(&w, "version");
	jsonw_str(&w, PACKAGE_VERSION);
	jsonw_obj_close(&w);
	jsonw_key(&w, "host");
	jsonw_obj_open(&w);
	jsonw_key(&w, "hostname");
	jsonw_str(&w, a->hostname ? a->hostname : "");
	jsonw_key(&w, "time");
	char ts[32];
	struct tm tm;
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&a->now, &tm));
	jsonw_str(&w, ts);
	jsonw_key(&w, "facts");
	inspect_json_facts(&w, a->host, FACT_SCOPE_HOST);
	jsonw_obj_close(&w);
	jsonw_key(&w, "containers");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < a->n; i++) {
		const struct audit_container *c = &a->c[i];
		jsonw_obj_open(&w);
		jsonw_key(&w, "id");
		jsonw_str(&w, str_of(c->facts, F_CONTAINER_ID));
		jsonw_key(&w, "name");
		jsonw_str(&w, str_of(c->facts, F_CONTAINER_NAME));
		jsonw_key(&w, "runtime");
		jsonw_str(&w, str_of(c->facts, F_CONTAINER_RUNTIME));
		jsonw_key(&w, "pid");
		jsonw_int(&w, c->facts->v[F_CONTAINER_PID].u.i);
		jsonw_key(&w, "image");
		jsonw_str(&w, str_of(c->facts, F_CONTAINER_IMAGE));
		jsonw_key(&w, "scanner");
		jsonw_bool(&w, c->scanner);
		jsonw_key(&w, "facts");
		inspect_json_facts(&w, c->facts, FACT_SCOPE_CONTAINER);
		jsonw_key(&w, "findings");
		jsonw_arr_open(&w);
		for (size_t k = 0; k < a->rs->n; k++)
			json_finding(&w, &c->findings[k]);
		jsonw_arr_close(&w);
		struct audit_counts cnt;
		audit_count(a, (ssize_t)i, &cnt);
		jsonw_key(&w, "summary");
		json_counts(&w, &cnt);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	struct audit_counts all;
	audit_count(a, -1, &all);
	jsonw_key(&w, "summary");
	jsonw_obj_open(&w);
	jsonw_key(&w, "containers");
	jsonw_int(&w, (int64_t)a->n);
	jsonw_key(&w, "rules");
	jsonw_int(&w, (int64_t)a->rs->n);
	jsonw_key(&w, "packs");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < a->rs->packs.n; i++)
		jsonw_str(&w, a->rs->packs.v[i]);
	jsonw_arr_close(&w);
	jsonw_key(&w, "fail_on");
	jsonw_str(&w, a->fail_never ? "none" : severity_name(a->fail_on));
	jsonw_key(&w, "failed");
	jsonw_bool(&w, audit_failed(a));
	jsonw_key(&w, "findings");
	json_counts(&w, &all);
	jsonw_obj_close(&w);
	jsonw_key(&w, "waivers");
	json_waivers(&w, a->ws);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

static const char *sev_color(enum severity s)
{
	static const char *const c[] = {"\033[2m", "\033[36m", "\033[33m", "\033[31m",
					"\033[1;31m"};
	return c[s];
}

static void text_line(FILE *out, const char *label, const char *s)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	escape_term(&b, s);
	fprintf(out, "      %-9s ", label);
	text_wrap(out, b.data ? b.data : "", 16, TEXT_WIDTH);
}

static void text_finding(FILE *out, const struct finding *f, bool color)
{
	const struct rule *r = f->rule;
	const char *st = f->status == FINDING_FAIL     ? ""
			 : f->status == FINDING_WAIVED ? " (waived)"
			 : f->status == FINDING_PASS   ? " (pass)"
						       : " (not evaluated)";
	char sev[16];
	snprintf(sev, sizeof(sev), "%s", severity_name(r->severity));
	for (char *p = sev; *p; p++)
		*p = (char)(*p - 32 * (*p >= 'a' && *p <= 'z'));
	_cleanup_buf_ struct buf title = BUF_INIT;
	escape_term(&title, r->title);
	fprintf(out, "  %s%-8s%s %s %s%s\n", color ? sev_color(r->severity) : "", sev,
		color ? "\033[0m" : "", r->id, title.data, st);
	text_line(out, "evidence", f->evidence);
	if (f->note)
		text_line(out, "note", f->note);
	if (f->status == FINDING_FAIL && r->remediation)
		text_line(out, "fix", r->remediation);
}

void audit_write_text(FILE *out, const struct audit_result *a, bool verbose, bool color)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct audit_container *c = &a->c[i];
		_cleanup_buf_ struct buf name = BUF_INIT;
		escape_term(&name, str_of(c->facts, F_CONTAINER_NAME));
		struct audit_counts cnt;
		audit_count(a, (ssize_t)i, &cnt);
		fprintf(out, "%s%s %s%s (pid %lld): %zu failed, %zu passed, %zu waived%s\n",
			color ? "\033[1m" : "", str_of(c->facts, F_CONTAINER_RUNTIME), name.data,
			color ? "\033[0m" : "", (long long)c->facts->v[F_CONTAINER_PID].u.i,
			cnt.fails, cnt.passes, cnt.waived, c->scanner ? " [ctguard itself]" : "");
		/* Most severe first. */
		for (int s = SEV__COUNT - 1; s >= 0; s--)
			for (size_t k = 0; k < a->rs->n; k++) {
				const struct finding *f = &c->findings[k];
				bool show = f->status == FINDING_FAIL ||
					    f->status == FINDING_WAIVED || verbose;
				if (show && (int)f->rule->severity == s)
					text_finding(out, f, color);
			}
		fputc('\n', out);
	}
	struct audit_counts all;
	audit_count(a, -1, &all);
	_cleanup_buf_ struct buf sum = BUF_INIT;
	buf_printf(
	    &sum,
	    "%zu container%s, %zu rules: %zu failed (critical %zu, high %zu, medium %zu, low "
	    "%zu, info %zu), %zu passed, %zu waived, %zu not evaluated",
	    a->n, a->n == 1 ? "" : "s", a->rs->n, all.fails, all.fail[SEV_CRITICAL],
	    all.fail[SEV_HIGH], all.fail[SEV_MEDIUM], all.fail[SEV_LOW], all.fail[SEV_INFO],
	    all.passes, all.waived, all.not_evaluated);
	text_wrap(out, sum.data, 0, TEXT_WIDTH);
	for (size_t i = 0; a->ws && i < a->ws->n; i++)
		if (a->ws->w[i].matched == 0)
			fprintf(out, "waiver %s:%zu for '%s' matched nothing\n", a->ws->w[i].file,
				a->ws->w[i].line, a->ws->w[i].rule);
}
