/* Audit results as ctguard.audit/v1 JSON and as text for people. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "lib/jsonw.h"
#include "report/audit.h"
#include "report/inspect.h"
#include "report/text.h"

bool audit_shown(const struct audit_result *a, const struct finding *f)
{
	return !a->baseline || (f->status == FINDING_FAIL && f->is_new);
}

void audit_count(const struct audit_result *a, ssize_t container, struct audit_counts *out)
{
	*out = (struct audit_counts){0};
	for (size_t i = 0; i < a->n; i++) {
		if (container >= 0 && (size_t)container != i)
			continue;
		for (size_t k = 0; k < a->c[i].nfindings; k++) {
			const struct finding *f = &a->c[i].findings[k];
			switch (f->status) {
			case FINDING_FAIL:
				if (a->baseline && !f->is_new)
					break;
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

/* The counts of the containers audited on host (fleet reports). Returns how many there are. */
static size_t host_count(const struct audit_result *a, const char *host, struct audit_counts *out)
{
	size_t n = 0;
	*out = (struct audit_counts){0};
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->c[i].host ? a->c[i].host : "", host) != 0)
			continue;
		struct audit_counts c;
		audit_count(a, (ssize_t)i, &c);
		for (int s = 0; s < SEV__COUNT; s++)
			out->fail[s] += c.fail[s];
		out->fails += c.fails;
		out->passes += c.passes;
		out->waived += c.waived;
		out->not_evaluated += c.not_evaluated;
		n++;
	}
	return n;
}

/* Whether container i is the first of its host: per-host totals are listed once per host. */
static bool host_first(const struct audit_result *a, size_t i)
{
	const char *h = a->c[i].host ? a->c[i].host : "";
	for (size_t j = 0; j < i; j++)
		if (strcmp(a->c[j].host ? a->c[j].host : "", h) == 0)
			return false;
	return true;
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

/* FNV-1a, 64 bits: stable across versions and machines; not a security boundary. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= 0x1f; /* field separator */
	h *= 0x100000001b3ULL;
	return h;
}

bool audit_claimed(const struct facts *c, const char *field)
{
	const struct fact_value *v = &c->v[F_CONTAINER_CLAIMED];
	return v->known && strv_contains(&v->l, field);
}

bool audit_identity_claimed(const struct facts *c)
{
	return audit_claimed(c, "name") || audit_claimed(c, "image");
}

void audit_fingerprint(const struct finding *f, const struct facts *c, const char *host,
		       char out[17])
{
	uint64_t h = fnv1a(0xcbf29ce484222325ULL, f->rule->id);
	const char *pod = facts_str(c, F_CONTAINER_POD);
	if (*pod) {
		/* Pods move between nodes: their identity is namespace/pod/container. */
		h = fnv1a(h, "k8s");
		h = fnv1a(h, facts_str(c, F_CONTAINER_NAMESPACE));
		h = fnv1a(h, pod);
	} else {
		h = fnv1a(h, host ? host : "");
		if (audit_claimed(c, "image"))
			h = fnv1a(h, "claimed");
		h = fnv1a(h, facts_str(c, F_CONTAINER_IMAGE));
	}
	if (audit_claimed(c, "name"))
		h = fnv1a(h, "claimed");
	h = fnv1a(h, facts_str(c, F_CONTAINER_NAME));
	/* "%016" PRIx64 without snprintf: one per finding, ~7% of an audit's instructions */
	static const char hex[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--, h >>= 4)
		out[i] = hex[h & 0xf];
	out[16] = '\0';
}

static void json_refs(struct jsonw *w, const struct rule *r)
{
	jsonw_obj_open(w);
	for (size_t i = 0; i < r->nrefs; i++) {
		jsonw_key(w, r->refs[i].key);
		jsonw_str(w, r->refs[i].value);
	}
	jsonw_obj_close(w);
}

/* A rule's part of every finding of it, rendered once per rule (at the findings' depth) and
 * copied: the title, refs and remediation of 80 rules were written 250 times each, and were
 * most of an audit's output work (bench/README.md). */
struct rule_frags {
	const struct rule *const *rules; /* a->rules */
	size_t n;
	struct rule_frag {
		int depth; /* -1: not rendered yet */
		char *head, *tail;
		size_t nhead, ntail;
	} * v; /* NULL: render nothing, write every finding in full */
};

static void finding_head(struct jsonw *w, const struct rule *r)
{
	jsonw_kstr(w, "rule", r->id);
	jsonw_kstr(w, "title", r->title);
	jsonw_kstr(w, "severity", severity_name(r->severity));
}

static void finding_tail(struct jsonw *w, const struct rule *r)
{
	jsonw_kstr(w, "pack", r->pack);
	jsonw_key(w, "refs");
	json_refs(w, r);
	jsonw_kstr(w, "remediation", r->remediation ? r->remediation : "");
}

/* part(r) as w would write it now, or NULL. */
static char *render(const struct jsonw *w, const struct rule *r,
		    void (*part)(struct jsonw *, const struct rule *), size_t *n)
{
	char *p = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&p, &len);
	if (!m)
		return NULL;
	struct jsonw fw;
	jsonw_init_like(&fw, m, w);
	part(&fw, r);
	jsonw_flush(&fw);
	bool bad = ferror(m) != 0;
	if (fclose(m) != 0 || bad) {
		free(p);
		return NULL;
	}
	*n = len;
	return p;
}

/* The fragments of rule k (a guess: a live audit's findings are in rule order), rendered for w's
 * depth; NULL when the rule is not among them or rendering failed. */
static struct rule_frag *frag_of(struct rule_frags *fr, const struct jsonw *w, const struct rule *r,
				 size_t k)
{
	if (!fr->v)
		return NULL;
	if (k >= fr->n || fr->rules[k] != r)
		for (k = 0; k < fr->n && fr->rules[k] != r; k++)
			;
	if (k >= fr->n)
		return NULL;
	struct rule_frag *f = &fr->v[k];
	if (f->depth != w->depth) {
		free(f->head);
		free(f->tail);
		*f = (struct rule_frag){.depth = -1};
		/* the head follows the object's opening, the tail an item */
		struct jsonw like = *w;
		like.has_items[w->depth] = false;
		f->head = render(&like, r, finding_head, &f->nhead);
		like.has_items[w->depth] = true;
		f->tail = render(&like, r, finding_tail, &f->ntail);
		if (!f->head || !f->tail)
			return NULL;
		f->depth = w->depth;
	}
	return f;
}

static void rule_frags_free(struct rule_frags *fr)
{
	for (size_t i = 0; fr->v && i < fr->n; i++) {
		free(fr->v[i].head);
		free(fr->v[i].tail);
	}
	free(fr->v);
}

static void json_finding(struct jsonw *w, const struct audit_result *a, const struct finding *f,
			 struct rule_frags *fr, size_t k)
{
	const struct rule *r = f->rule;
	jsonw_obj_open(w);
	struct rule_frag *rf = frag_of(fr, w, r, k);
	if (rf)
		jsonw_raw_items(w, rf->head, rf->nhead);
	else
		finding_head(w, r);
	jsonw_kstr(w, "status", finding_status_name(f->status));
	jsonw_kstr(w, "evidence", f->evidence);
	if (f->note) {
		jsonw_kstr(w, "note", f->note);
	}
	jsonw_kstr(w, "fingerprint", f->fingerprint);
	if (a->baseline) {
		jsonw_kbool(w, "new", f->is_new);
	}
	if (rf)
		jsonw_raw_items(w, rf->tail, rf->ntail);
	else
		finding_tail(w, r);
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
	jsonw_kint(w, "fails", (int64_t)c->fails);
	jsonw_kint(w, "passes", (int64_t)c->passes);
	jsonw_kint(w, "waived", (int64_t)c->waived);
	jsonw_kint(w, "not_evaluated", (int64_t)c->not_evaluated);
	jsonw_obj_close(w);
}

static void json_waivers(struct jsonw *w, const struct waivers *ws)
{
	jsonw_arr_open(w);
	for (size_t i = 0; ws && i < ws->n; i++) {
		const struct waiver *v = &ws->w[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "rule", v->rule);
		jsonw_kstr(w, "owner", v->owner);
		jsonw_kstr(w, "reason", v->reason);
		jsonw_key(w, "expires");
		if (v->expires)
			jsonw_str(w, v->expires);
		else
			jsonw_null(w);
		jsonw_key(w, "location");
		char loc[512];
		snprintf(loc, sizeof(loc), "%s:%zu:%zu", v->file, v->line, v->column);
		jsonw_str(w, loc);
		jsonw_kint(w, "matched", (int64_t)v->matched);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void json_rules(struct jsonw *w, const struct audit_result *a)
{
	jsonw_arr_open(w);
	for (size_t i = 0; i < a->nrules; i++) {
		const struct rule *r = a->rules[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "id", r->id);
		jsonw_kstr(w, "title", r->title);
		jsonw_kstr(w, "severity", severity_name(r->severity));
		jsonw_kstr(w, "pack", r->pack);
		jsonw_kstr(w, "description", r->description ? r->description : "");
		jsonw_kstr(w, "remediation", r->remediation ? r->remediation : "");
		jsonw_key(w, "refs");
		json_refs(w, r);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

static void json_time(struct jsonw *w, time_t t)
{
	char ts[32];
	struct tm tm;
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	jsonw_str(w, ts);
}

static void json_container(struct jsonw *w, const struct audit_result *a, size_t i,
			   struct rule_frags *fr)
{
	const struct audit_container *c = &a->c[i];
	jsonw_obj_open(w);
	jsonw_kstr(w, "id", facts_str(c->facts, F_CONTAINER_ID));
	jsonw_kstr(w, "name", facts_str(c->facts, F_CONTAINER_NAME));
	jsonw_kstr(w, "runtime", facts_str(c->facts, F_CONTAINER_RUNTIME));
	jsonw_kint(w, "pid", c->facts->v[F_CONTAINER_PID].u.i);
	jsonw_kstr(w, "image", facts_str(c->facts, F_CONTAINER_IMAGE));
	if (a->nhosts > 1) {
		jsonw_kstr(w, "host", c->host ? c->host : "");
	}
	jsonw_kbool(w, "scanner", c->scanner);
	inspect_json_rootless(w, c->facts);
	jsonw_key(w, "facts");
	inspect_json_facts(w, c->facts, FACT_SCOPE_CONTAINER);
	jsonw_key(w, "findings");
	jsonw_arr_open(w);
	for (size_t k = 0; k < c->nfindings; k++)
		if (audit_shown(a, &c->findings[k]))
			json_finding(w, a, &c->findings[k], fr, k);
	jsonw_arr_close(w);
	struct audit_counts cnt;
	audit_count(a, (ssize_t)i, &cnt);
	jsonw_key(w, "summary");
	json_counts(w, &cnt);
	jsonw_obj_close(w);
}

static void json_baseline(struct jsonw *w, const struct audit_result *a)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "file", a->baseline_file ? a->baseline_file : "");
	jsonw_key(w, "fixed");
	jsonw_arr_open(w);
	for (size_t i = 0; i < a->nfixed; i++) {
		const struct fixed_finding *x = &a->fixed[i];
		jsonw_obj_open(w);
		jsonw_kstr(w, "fingerprint", x->fingerprint);
		jsonw_kstr(w, "rule", x->rule);
		jsonw_kstr(w, "title", x->title);
		jsonw_kstr(w, "severity", severity_name(x->severity));
		jsonw_kstr(w, "container", x->container);
		jsonw_kstr(w, "host", x->host);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
}

/* A fleet report's per-host totals: "hosts": [{"hostname", "containers", "findings"}]. */
static void json_hosts(struct jsonw *w, const struct audit_result *a)
{
	jsonw_key(w, "hosts");
	jsonw_arr_open(w);
	for (size_t i = 0; i < a->n; i++) {
		if (!host_first(a, i))
			continue;
		const char *h = a->c[i].host ? a->c[i].host : "";
		struct audit_counts c;
		size_t n = host_count(a, h, &c);
		jsonw_obj_open(w);
		jsonw_kstr(w, "hostname", h);
		jsonw_kint(w, "containers", (int64_t)n);
		jsonw_key(w, "findings");
		json_counts(w, &c);
		jsonw_obj_close(w);
	}
	jsonw_arr_close(w);
}

int audit_gap_line(const struct gap *g, struct buf *out)
{
	int r;
	if (strcmp(g->what, "process") == 0)
		r = buf_printf(out, "pid %d: process not read", g->pid);
	else
		r = buf_printf(out, "container %s (pid %d): %s unknown", g->container, g->pid,
			       g->what);
	if (r >= 0 && g->host[0])
		r = buf_printf(out, " on %s", g->host);
	if (r >= 0)
		r = buf_printf(out, " (%s: %s)", g->reason, g->detail);
	return r;
}

void audit_write_json(FILE *out, const struct audit_result *a)
{
	struct jsonw w;
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.audit/v1");
	jsonw_key(&w, "tool");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "name", "ctguard");
	jsonw_kstr(&w, "version", PACKAGE_VERSION);
	jsonw_obj_close(&w);
	jsonw_key(&w, "host");
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "hostname", a->hostname ? a->hostname : "");
	jsonw_key(&w, "time");
	json_time(&w, a->now);
	jsonw_key(&w, "duration_seconds");
	jsonw_double(&w, a->duration);
	jsonw_key(&w, "facts");
	inspect_json_facts(&w, a->host, FACT_SCOPE_HOST);
	jsonw_obj_close(&w);
	jsonw_key(&w, "rules");
	json_rules(&w, a);
	jsonw_key(&w, "containers");
	jsonw_arr_open(&w);
	struct rule_frags fr = {.rules = a->rules, .n = a->nrules};
	if (a->nrules && (fr.v = calloc(a->nrules, sizeof(*fr.v))))
		for (size_t i = 0; i < a->nrules; i++)
			fr.v[i].depth = -1;
	for (size_t i = 0; i < a->n; i++)
		json_container(&w, a, i, &fr);
	rule_frags_free(&fr);
	jsonw_arr_close(&w);
	struct audit_counts all;
	audit_count(a, -1, &all);
	jsonw_key(&w, "summary");
	jsonw_obj_open(&w);
	jsonw_kint(&w, "containers", (int64_t)a->n);
	jsonw_kint(&w, "rules", (int64_t)a->nrules);
	jsonw_kstr(&w, "fail_on", a->fail_never ? "none" : severity_name(a->fail_on));
	jsonw_kbool(&w, "failed", audit_failed(a));
	jsonw_kbool(&w, "complete", !a->gaps || !gaps_any(a->gaps));
	jsonw_key(&w, "findings");
	json_counts(&w, &all);
	if (a->nhosts > 1)
		json_hosts(&w, a);
	jsonw_obj_close(&w);
	if (a->baseline) {
		jsonw_key(&w, "baseline");
		json_baseline(&w, a);
	}
	jsonw_key(&w, "waivers");
	json_waivers(&w, a->ws);
	inspect_json_view(&w, a->gaps);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

static const char *sev_color(enum severity s)
{
	static const char *const c[] = {"\033[2m", "\033[36m", "\033[33m", "\033[31m",
					"\033[1;31m"};
	return c[s];
}

static void upper(char *dst, size_t sz, const char *src)
{
	snprintf(dst, sz, "%s", src);
	for (char *p = dst; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
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
	upper(sev, sizeof(sev), severity_name(r->severity));
	_cleanup_buf_ struct buf head = BUF_INIT;
	buf_printf(&head, "%s ", r->id);
	escape_term(&head, r->title);
	buf_puts(&head, st);
	fprintf(out, "  %s%-8s%s ", color ? sev_color(r->severity) : "", sev,
		color ? "\033[0m" : "");
	text_wrap(out, head.data, 11, TEXT_WIDTH);
	if (f->evidence && *f->evidence)
		text_line(out, "evidence", f->evidence);
	if (f->note)
		text_line(out, "note", f->note);
	if (f->status == FINDING_FAIL && r->remediation)
		text_line(out, "fix", r->remediation);
}

/* A cell of at most width columns: escaped, cut on a character boundary with "~". */
static void cell(FILE *out, const char *s, int width)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	escape_term(&b, s);
	const char *t = b.data ? b.data : "";
	size_t bytes = 0;
	int cols = 0;
	while (t[bytes] && cols < width) {
		size_t l = utf8_valid_len((const unsigned char *)t + bytes, strlen(t + bytes));
		bytes += l ? l : 1;
		cols++;
	}
	bool cut = t[bytes] != '\0';
	if (cut) {
		/* step back one character for the marker */
		while (bytes > 0 && ((unsigned char)t[bytes - 1] & 0xc0) == 0x80)
			bytes--;
		if (bytes > 0)
			bytes--;
		cols--;
	}
	fprintf(out, "%.*s%s%*s", (int)bytes, t, cut ? "~" : "", width - cols - (cut ? 1 : 0) + 1,
		"");
}

static const char *user_of(const struct facts *f, char *buf, size_t sz)
{
	const struct fact_value *uid = &f->v[F_USER_UID], *mapped = &f->v[F_USERNS_ROOT_HOST_UID];
	if (!uid->known)
		return "?";
	if (uid->u.i == 0)
		return mapped->known && mapped->u.i == 0 ? "root!" : "root";
	snprintf(buf, sz, "%" PRId64, uid->u.i);
	return buf;
}

static bool rootless(const struct facts *f)
{
	const struct fact_value *rl = &f->v[F_USERNS_ROOTLESS];
	return rl->known && rl->u.b;
}

/* The rootless containers of one owner (same host, same owner uid) come together. */
static bool same_owner(const struct audit_container *x, const struct audit_container *y)
{
	const struct fact_value *a = &x->facts->v[F_USERNS_OWNER_UID];
	const struct fact_value *b = &y->facts->v[F_USERNS_OWNER_UID];
	return a->known == b->known && (!a->known || a->u.i == b->u.i) &&
	       strcmp(x->host ? x->host : "", y->host ? y->host : "") == 0;
}

/* The heading of a rootless owner's containers: who, and the process holding their
 * namespaces, which is not a container. */
static void text_owner_heading(FILE *out, const struct audit_container *c, bool hosts)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	const struct facts *f = c->facts;
	buf_puts(&b, "rootless, user ");
	escape_term(&b, facts_str(f, F_CONTAINER_OWNER));
	if (f->v[F_USERNS_OWNER_UID].known)
		buf_printf(&b, " (uid %" PRId64 ")", f->v[F_USERNS_OWNER_UID].u.i);
	if (hosts) {
		buf_puts(&b, " on ");
		escape_term(&b, c->host ? c->host : "");
	}
	if (f->ns_holder > 0)
		buf_printf(&b, "; namespaces held by pid %" PRId64 ", not a container",
			   f->ns_holder);
	buf_puts(&b, ":");
	text_wrap(out, b.data, 2, TEXT_WIDTH);
}

static void text_row(FILE *out, const struct audit_result *a, size_t i, bool color)
{
	bool hosts = a->nhosts > 1;
	const struct audit_container *c = &a->c[i];
	struct audit_counts cnt;
	audit_count(a, (ssize_t)i, &cnt);
	int worst = -1;
	for (int s = 0; s < SEV__COUNT; s++)
		if (cnt.fail[s])
			worst = s;
	char ub[24], w[16] = "-";
	if (worst >= 0)
		upper(w, sizeof(w), severity_name((enum severity)worst));
	if (hosts)
		cell(out, c->host ? c->host : "", 16);
	cell(out, facts_str(c->facts, F_CONTAINER_NAME), hosts ? 24 : 40);
	cell(out, facts_str(c->facts, F_CONTAINER_RUNTIME), 10);
	cell(out, user_of(c->facts, ub, sizeof(ub)), 6);
	fprintf(out, "%s%-8s%s %4zu %4zu %4zu %4zu %4zu %6zu\n",
		color && worst >= 0 ? sev_color((enum severity)worst) : "", w,
		color && worst >= 0 ? "\033[0m" : "", cnt.fail[SEV_CRITICAL], cnt.fail[SEV_HIGH],
		cnt.fail[SEV_MEDIUM], cnt.fail[SEV_LOW], cnt.fail[SEV_INFO], cnt.waived);
}

static void text_summary(FILE *out, const struct audit_result *a, bool color)
{
	bool hosts = a->nhosts > 1;
	if (hosts) {
		fputs("HOST             ", out);
	}
	fprintf(out, "%-*s %-10s %-6s %-8s %4s %4s %4s %4s %4s %6s\n", hosts ? 24 : 40, "CONTAINER",
		"RUNTIME", "USER", "WORST", "CRIT", "HIGH", "MED", "LOW", "INFO", "WAIVED");
	for (size_t i = 0; i < a->n; i++)
		if (!rootless(a->c[i].facts))
			text_row(out, a, i, color);
	/* Then each rootless owner's, under a heading, in the order they first appear. */
	for (size_t i = 0; i < a->n; i++) {
		if (!rootless(a->c[i].facts))
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = rootless(a->c[j].facts) && same_owner(&a->c[j], &a->c[i]);
		if (seen)
			continue;
		text_owner_heading(out, &a->c[i], hosts);
		for (size_t j = i; j < a->n; j++)
			if (rootless(a->c[j].facts) && same_owner(&a->c[j], &a->c[i]))
				text_row(out, a, j, color);
	}
	fputc('\n', out);
}

static void text_container(FILE *out, const struct audit_result *a, size_t i, bool verbose,
			   bool color)
{
	const struct audit_container *c = &a->c[i];
	_cleanup_buf_ struct buf head = BUF_INIT;
	buf_printf(&head, "%s ", facts_str(c->facts, F_CONTAINER_RUNTIME));
	escape_term(&head, facts_str(c->facts, F_CONTAINER_NAME));
	if (audit_claimed(c->facts, "name"))
		buf_puts(&head, " (claimed)");
	if (*facts_str(c->facts, F_CONTAINER_IMAGE) && audit_claimed(c->facts, "image")) {
		buf_puts(&head, " image (claimed) ");
		escape_term(&head, facts_str(c->facts, F_CONTAINER_IMAGE));
	}
	if (a->nhosts > 1) {
		buf_puts(&head, " on ");
		escape_term(&head, c->host ? c->host : "");
	}
	if (rootless(c->facts)) {
		buf_puts(&head, " [rootless, user ");
		escape_term(&head, facts_str(c->facts, F_CONTAINER_OWNER));
		buf_puts(&head, "]");
	}
	struct audit_counts cnt;
	audit_count(a, (ssize_t)i, &cnt);
	/* Wrapped: a long name and host would pass the 100 columns. */
	_cleanup_buf_ struct buf line = BUF_INIT;
	/* A container judged from its OCI config (oci check) has no pid yet. */
	char pid[32] = "";
	if (c->facts->v[F_CONTAINER_PID].known)
		snprintf(pid, sizeof(pid), " (pid %lld)",
			 (long long)c->facts->v[F_CONTAINER_PID].u.i);
	buf_printf(&line, "%s%s%s%s: %zu failed, %zu passed, %zu waived%s", color ? "\033[1m" : "",
		   head.data, color ? "\033[0m" : "", pid, cnt.fails, cnt.passes, cnt.waived,
		   c->scanner ? " [ctguard itself]" : "");
	text_wrap(out, line.data, 4, TEXT_WIDTH);
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		for (size_t k = 0; k < c->nfindings; k++) {
			const struct finding *f = &c->findings[k];
			bool show = a->baseline ? audit_shown(a, f)
						: (f->status == FINDING_FAIL ||
						   f->status == FINDING_WAIVED || verbose);
			if (show && (int)f->rule->severity == s)
				text_finding(out, f, color);
		}
	fputc('\n', out);
}

/* A fleet report's per-host totals, before the fleet's. */
static void text_hosts(FILE *out, const struct audit_result *a)
{
	for (size_t i = 0; i < a->n; i++) {
		if (!host_first(a, i))
			continue;
		const char *h = a->c[i].host ? a->c[i].host : "";
		struct audit_counts c;
		size_t n = host_count(a, h, &c);
		_cleanup_buf_ struct buf b = BUF_INIT;
		buf_puts(&b, "host ");
		escape_term(&b, h);
		buf_printf(&b,
			   ": %zu container%s: %zu %sfailed (critical %zu, high %zu, medium %zu, "
			   "low %zu, info %zu), %zu passed, %zu waived, %zu not evaluated",
			   n, n == 1 ? "" : "s", c.fails, a->baseline ? "newly " : "",
			   c.fail[SEV_CRITICAL], c.fail[SEV_HIGH], c.fail[SEV_MEDIUM],
			   c.fail[SEV_LOW], c.fail[SEV_INFO], c.passes, c.waived, c.not_evaluated);
		text_wrap(out, b.data, 2, TEXT_WIDTH);
	}
}

void audit_write_text(FILE *out, const struct audit_result *a, bool verbose, bool color)
{
	/* First and last: a partial view must not read as a clean one. */
	inspect_text_view(out, a->gaps, color);
	if (a->n)
		text_summary(out, a, color);
	if (a->baseline)
		fprintf(out, "Compared with %s: new failures below.\n\n",
			a->baseline_file ? a->baseline_file : "the baseline");
	for (size_t i = 0; i < a->n; i++)
		text_container(out, a, i, verbose, color);
	if (a->baseline && a->nfixed) {
		fprintf(out, "Fixed since the baseline:\n");
		for (size_t i = 0; i < a->nfixed; i++) {
			_cleanup_buf_ struct buf b = BUF_INIT;
			char sev[16];
			upper(sev, sizeof(sev), severity_name(a->fixed[i].severity));
			buf_printf(&b, "%s %s ", sev, a->fixed[i].rule);
			escape_term(&b, a->fixed[i].title);
			buf_puts(&b, " on ");
			escape_term(&b, a->fixed[i].container);
			fputs("  ", out);
			text_wrap(out, b.data, 2, TEXT_WIDTH);
		}
		fputc('\n', out);
	}
	struct audit_counts all;
	audit_count(a, -1, &all);
	_cleanup_buf_ struct buf sum = BUF_INIT;
	if (a->nhosts > 1)
		buf_printf(&sum, "%zu hosts, ", a->nhosts);
	buf_printf(&sum,
		   "%zu container%s, %zu rules: %zu %sfailed (critical %zu, high %zu, medium %zu, "
		   "low %zu, info %zu), %zu passed, %zu waived, %zu not evaluated",
		   a->n, a->n == 1 ? "" : "s", a->nrules, all.fails, a->baseline ? "newly " : "",
		   all.fail[SEV_CRITICAL], all.fail[SEV_HIGH], all.fail[SEV_MEDIUM],
		   all.fail[SEV_LOW], all.fail[SEV_INFO], all.passes, all.waived,
		   all.not_evaluated);
	if (a->baseline)
		buf_printf(&sum, ", %zu fixed", a->nfixed);
	if (a->nhosts > 1)
		text_hosts(out, a);
	text_wrap(out, sum.data, 0, TEXT_WIDTH);
	if (a->gaps && gaps_any(a->gaps))
		fprintf(out,
			"%sINCOMPLETE VIEW%s: %zu process%s and %zu container%s could not be "
			"read (listed above): this is not a verdict on the whole host\n",
			color ? "\033[1;31m" : "", color ? "\033[0m" : "", a->gaps->processes,
			a->gaps->processes == 1 ? "" : "es", a->gaps->containers,
			a->gaps->containers == 1 ? "" : "s");
	for (size_t i = 0; a->ws && i < a->ws->n; i++)
		if (a->ws->w[i].matched == 0)
			fprintf(out, "waiver %s:%zu for '%s' matched nothing\n", a->ws->w[i].file,
				a->ws->w[i].line, a->ws->w[i].rule);
}
