/* Audit results as SARIF 2.1.0 for code-scanning dashboards: one run, a rule per judged rule,
 * a result per failing or waived finding, located by container and, from `oci check`, by the
 * line of its config.json. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "lib/jsonw.h"
#include "lib/strv.h"
#include "report/report.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* AC_INIT has no URL yet; the manual page is where the tool is documented. */
#define SARIF_INFO_URI (PACKAGE_URL[0] ? PACKAGE_URL : "man:ctguard(8)")

/* GitHub's scale: critical is 9.0 and up, high 7.0-8.9, medium 4.0-6.9, low below. */
static const char *security_severity(enum severity s)
{
	static const char *const v[] = {"1.0", "3.0", "5.5", "8.0", "9.5"};
	return v[s];
}

static const char *level_of(enum severity s)
{
	return s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" : "note";
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* SARIF wants a "friendly name" that is one Pascal-case identifier: the title's words, each
 * capitalised and the rest lower case, without the article "a" (the validator rejects two
 * capitals in a row, as in "SELinux", "IPC" or "AUser"). */
static int pascal_name(struct buf *b, const struct rule *r)
{
	const char *p = r->title;
	while (*p) {
		while (*p && !is_alnum(*p))
			p++;
		size_t n = 0;
		while (is_alnum(p[n]))
			n++;
		if (n == 1 && (*p == 'a' || *p == 'A')) {
			p++;
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			char c = p[i];
			if (i == 0 && c >= 'a' && c <= 'z')
				c = (char)(c - 32);
			else if (i > 0 && c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			int e = buf_putc(b, c);
			if (e < 0)
				return e;
		}
		p += n;
	}
	return b->len ? 0 : buf_puts(b, r->id);
}

/* Markdown from rule text, which a merged report reads from other hosts' files: characters
 * that make links, images, HTML or emphasis are backslash-escaped, line breaks become spaces
 * (so no heading or list can start), and control characters are dropped. */
static int md_escape(struct buf *b, const char *s)
{
	int e = 0;
	if (*s && strchr("-+#>", *s))
		e = buf_putc(b, '\\');
	for (; *s && e >= 0; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n' || c == '\r' || c == '\t')
			e = buf_putc(b, ' ');
		else if (c < 0x20 || c == 0x7f)
			continue;
		else if (strchr("\\`*_[]<>!|~&", c))
			e = buf_printf(b, "\\%c", c);
		else
			e = buf_putc(b, (char)c);
	}
	return e;
}

/* A saved result holds "" for a rule without a description: GitHub requires a non-empty one. */
static const char *description(const struct rule *r)
{
	return r->description && *r->description ? r->description : r->title;
}

static int refs_text(struct buf *b, const struct rule *r)
{
	int e = 0;
	for (size_t i = 0; i < r->nrefs && e >= 0; i++)
		e = buf_printf(b, "%s%s %s", i ? ", " : "", r->refs[i].key, r->refs[i].value);
	return e;
}

static int rule_help(struct jsonw *w, const struct rule *r)
{
	_cleanup_buf_ struct buf text = BUF_INIT;
	_cleanup_buf_ struct buf md = BUF_INIT;
	_cleanup_buf_ struct buf refs = BUF_INIT;
	const char *desc = description(r);
	int e = refs_text(&refs, r);
	if (e >= 0)
		e = buf_printf(&text, "%s\n\nRemediation: %s", desc,
			       r->remediation ? r->remediation : "none given");
	if (e >= 0 && refs.len)
		e = buf_printf(&text, "\n\nReferences: %s", refs.data);
	if (e >= 0)
		e = md_escape(&md, desc);
	if (e >= 0)
		e = buf_puts(&md, "\n\n**Remediation:** ");
	if (e >= 0)
		e = md_escape(&md, r->remediation ? r->remediation : "none given");
	if (e >= 0 && refs.len) {
		e = buf_puts(&md, "\n\n**References:** ");
		if (e >= 0)
			e = md_escape(&md, refs.data);
	}
	if (e < 0)
		return e;
	jsonw_key(w, "help");
	jsonw_obj_open(w);
	jsonw_kstr(w, "text", text.data);
	jsonw_kstr(w, "markdown", md.data);
	jsonw_obj_close(w);
	return 0;
}

/* Tags must be unique (the schema says so): the pack, "security" (GitHub shows
 * security-severity only then) and one external/<framework>/<id> per reference. */
static int rule_tags(struct jsonw *w, const struct rule *r)
{
	_cleanup_strv_ struct strv tags = STRV_INIT;
	int e = strv_push_unique(&tags, "security");
	if (e >= 0 && r->pack && *r->pack)
		e = strv_push_unique(&tags, r->pack);
	for (size_t i = 0; i < r->nrefs && e >= 0; i++) {
		_cleanup_buf_ struct buf t = BUF_INIT;
		e = buf_printf(&t, "external/%s/%s", r->refs[i].key, r->refs[i].value);
		if (e >= 0)
			e = strv_push_unique(&tags, t.data);
	}
	if (e < 0)
		return e;
	jsonw_key(w, "tags");
	jsonw_arr_open(w);
	for (size_t i = 0; i < tags.n; i++)
		jsonw_str(w, tags.v[i]);
	jsonw_arr_close(w);
	return 0;
}

static void text_obj(struct jsonw *w, const char *key, const char *text)
{
	jsonw_key(w, key);
	jsonw_obj_open(w);
	jsonw_kstr(w, "text", text);
	jsonw_obj_close(w);
}

static int sarif_rule(struct jsonw *w, const struct rule *r)
{
	_cleanup_buf_ struct buf name = BUF_INIT;
	int e = pascal_name(&name, r);
	if (e < 0)
		return e;
	jsonw_obj_open(w);
	jsonw_kstr(w, "id", r->id);
	jsonw_kstr(w, "name", name.data);
	text_obj(w, "shortDescription", r->title);
	text_obj(w, "fullDescription", description(r));
	if ((e = rule_help(w, r)) < 0)
		return e;
	jsonw_key(w, "defaultConfiguration");
	jsonw_obj_open(w);
	jsonw_kstr(w, "level", level_of(r->severity));
	jsonw_obj_close(w);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	if ((e = rule_tags(w, r)) < 0)
		return e;
	jsonw_kstr(w, "security-severity", security_severity(r->severity));
	/* Findings are judged from the container's observed state, not guessed from code. */
	jsonw_kstr(w, "precision", "high");
	jsonw_kstr(w, "severity", severity_name(r->severity));
	/* Why the rule is never judged, or where it is not: its results are not listed. */
	if (r->not_evaluated) {
		jsonw_kstr(w, "notEvaluated", r->not_evaluated);
	}
	if (r->requires_reason) {
		jsonw_kstr(w, "notEvaluatedWhenUnmet", r->requires_reason);
	}
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	return 0;
}

/* The index of f's rule in a->rules: findings come in rule order, so try k first. */
static ssize_t rule_index(const struct audit_result *a, const struct finding *f, size_t k)
{
	if (k < a->nrules && a->rules[k] == f->rule)
		return (ssize_t)k;
	for (size_t i = 0; i < a->nrules; i++)
		if (a->rules[i] == f->rule || strcmp(a->rules[i]->id, f->rule->id) == 0)
			return (ssize_t)i;
	return -1;
}

/* One segment of a relative URI: unreserved bytes as they are, every other one (and a segment
 * of only dots, which would climb) percent-encoded; "-" for an empty one. */
static int uri_segment(struct buf *b, const char *s)
{
	if (!*s)
		return buf_putc(b, '-');
	bool dots = strspn(s, ".") == strlen(s);
	int e = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && e >= 0; p++) {
		if (!dots && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || strchr("-._~", *p)))
			e = buf_putc(b, (char)*p);
		else
			e = buf_printf(b, "%%%02X", *p);
	}
	return e;
}

/* GitHub code scanning refuses a result without an artifact location (with a line) and any URI
 * scheme but file: a container from a config gets the config and the line of the member its
 * deciding fact was read from; a live one the stable relative path containers/HOST/RUNTIME/NAME
 * (what its fingerprint survives restarts by), which no repository holds but every upload accepts.
 */
static void physical_location(struct jsonw *w, const struct audit_container *c, const char *host,
			      const struct finding *f)
{
	_cleanup_buf_ struct buf uri = BUF_INIT;
	int id = -1;
	if (c->loc && c->loc->uri) {
		buf_puts(&uri, c->loc->uri);
		id = fact_locations_pick(c->loc, f->evidence);
	} else {
		int e = buf_puts(&uri, "containers/");
		if (e >= 0)
			e = uri_segment(&uri, host);
		if (e >= 0)
			e = buf_putc(&uri, '/');
		if (e >= 0)
			e = uri_segment(&uri, facts_str(c->facts, F_CONTAINER_RUNTIME));
		if (e >= 0)
			e = buf_putc(&uri, '/');
		if (e >= 0)
			uri_segment(&uri, facts_str(c->facts, F_CONTAINER_NAME));
	}
	jsonw_key(w, "physicalLocation");
	jsonw_obj_open(w);
	jsonw_key(w, "artifactLocation");
	jsonw_obj_open(w);
	jsonw_kstr(w, "uri", uri.data ? uri.data : "containers");
	jsonw_obj_close(w);
	/* GitHub wants a line in every result: the file's first when no member decided it. */
	jsonw_key(w, "region");
	jsonw_obj_open(w);
	jsonw_kint(w, "startLine", id >= 0 ? c->loc->line[id] : 1);
	if (id >= 0)
		jsonw_kint(w, "startColumn", c->loc->column[id]);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

static void result_location(struct jsonw *w, const struct audit_container *c, const char *host,
			    const struct finding *f)
{
	const char *name = facts_str(c->facts, F_CONTAINER_NAME);
	_cleanup_buf_ struct buf fqn = BUF_INIT;
	buf_printf(&fqn, "%s/%s/%s", host, facts_str(c->facts, F_CONTAINER_RUNTIME), name);
	jsonw_key(w, "locations");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	physical_location(w, c, host, f);
	jsonw_key(w, "logicalLocations");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", name);
	jsonw_kstr(w, "fullyQualifiedName", fqn.data ? fqn.data : "");
	jsonw_kstr(w, "kind", "resource");
	jsonw_obj_close(w);
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_arr_close(w);
}

static void result_properties(struct jsonw *w, const struct audit_container *c, const char *host,
			      const struct finding *f)
{
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	jsonw_kstr(w, "host", host);
	jsonw_kstr(w, "containerId", facts_str(c->facts, F_CONTAINER_ID));
	jsonw_kstr(w, "containerName", facts_str(c->facts, F_CONTAINER_NAME));
	jsonw_kstr(w, "image", facts_str(c->facts, F_CONTAINER_IMAGE));
	jsonw_kstr(w, "runtime", facts_str(c->facts, F_CONTAINER_RUNTIME));
	/* Identity fields the container wrote about itself (container.claimed). */
	const struct fact_value *cl = &c->facts->v[F_CONTAINER_CLAIMED];
	if (cl->known) {
		jsonw_key(w, "claimedIdentity");
		jsonw_arr_open(w);
		for (size_t i = 0; i < cl->l.n; i++)
			jsonw_str(w, cl->l.v[i]);
		jsonw_arr_close(w);
	}
	jsonw_kstr(w, "status", finding_status_name(f->status));
	jsonw_kstr(w, "severity", severity_name(f->rule->severity));
	jsonw_kstr(w, "evidence", f->evidence ? f->evidence : "");
	if (f->note) {
		jsonw_kstr(w, "note", f->note);
	}
	jsonw_obj_close(w);
}

static void sarif_result(struct jsonw *w, const struct audit_result *a,
			 const struct audit_container *c, size_t k)
{
	const struct finding *f = &c->findings[k];
	const char *host = c->host ? c->host : a->hostname ? a->hostname : "";
	ssize_t idx = rule_index(a, f, k);
	_cleanup_buf_ struct buf msg = BUF_INIT;
	buf_printf(&msg, "%s: %s.", f->rule->title,
		   f->evidence && *f->evidence ? f->evidence : "-");

	jsonw_obj_open(w);
	jsonw_kstr(w, "ruleId", f->rule->id);
	if (idx >= 0) {
		jsonw_kint(w, "ruleIndex", idx);
	}
	jsonw_kstr(w, "level", level_of(f->rule->severity));
	text_obj(w, "message", msg.data ? msg.data : "");
	result_location(w, c, host, f);
	jsonw_key(w, "partialFingerprints");
	jsonw_obj_open(w);
	jsonw_kstr(w, "ctguard/v1", f->fingerprint);
	jsonw_obj_close(w);
	if (a->baseline) {
		jsonw_kstr(w, "baselineState", f->is_new ? "new" : "unchanged");
	}
	if (f->status == FINDING_WAIVED) {
		jsonw_key(w, "suppressions");
		jsonw_arr_open(w);
		jsonw_obj_open(w);
		jsonw_kstr(w, "kind", "external");
		jsonw_kstr(w, "status", "accepted");
		jsonw_kstr(w, "justification", f->note ? f->note : "");
		jsonw_obj_close(w);
		jsonw_arr_close(w);
	}
	result_properties(w, c, host, f);
	jsonw_obj_close(w);
}

static void sarif_invocation(struct jsonw *w, const struct audit_result *a)
{
	char ts[32];
	struct tm tm;
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&a->now, &tm));
	jsonw_key(w, "invocations");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	bool complete = !a->gaps || !gaps_any(a->gaps);
	/* A scan that could not read every process did not do its job: SARIF says so here. */
	jsonw_kbool(w, "executionSuccessful", complete);
	jsonw_kstr(w, "endTimeUtc", ts);
	if (!complete) {
		jsonw_key(w, "toolExecutionNotifications");
		jsonw_arr_open(w);
		for (size_t i = 0; i < a->gaps->n; i++) {
			const struct gap *g = &a->gaps->v[i];
			_cleanup_buf_ struct buf b = BUF_INIT;
			audit_gap_line(g, &b);
			jsonw_obj_open(w);
			jsonw_kstr(w, "level", "error");
			text_obj(w, "message", b.data ? b.data : "");
			jsonw_key(w, "descriptor");
			jsonw_obj_open(w);
			jsonw_kstr(w, "id",
				   strcmp(g->what, "process") == 0 ? "unreadable-process"
								   : "unreadable-container");
			jsonw_obj_close(w);
			jsonw_key(w, "properties");
			jsonw_obj_open(w);
			jsonw_kint(w, "pid", g->pid);
			jsonw_kstr(w, "what", g->what);
			jsonw_kstr(w, "container", g->container);
			jsonw_kstr(w, "reason", g->reason);
			jsonw_kint(w, "unreadable_processes", (int64_t)a->gaps->processes);
			jsonw_kint(w, "unreadable_containers", (int64_t)a->gaps->containers);
			jsonw_obj_close(w);
			jsonw_obj_close(w);
		}
		jsonw_arr_close(w);
	}
	jsonw_obj_close(w);
	jsonw_arr_close(w);
}

static int sarif_driver(struct jsonw *w, const struct audit_result *a)
{
	jsonw_key(w, "tool");
	jsonw_obj_open(w);
	jsonw_key(w, "driver");
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", "ctguard");
	jsonw_kstr(w, "version", PACKAGE_VERSION);
	jsonw_kstr(w, "semanticVersion", PACKAGE_VERSION);
	jsonw_kstr(w, "informationUri", SARIF_INFO_URI);
	jsonw_key(w, "rules");
	jsonw_arr_open(w);
	for (size_t i = 0; i < a->nrules; i++) {
		int e = sarif_rule(w, a->rules[i]);
		if (e < 0)
			return e;
	}
	jsonw_arr_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	return 0;
}

int sarif_write(FILE *out, const struct audit_result *a)
{
	struct jsonw w;
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "$schema", SARIF_SCHEMA);
	jsonw_kstr(&w, "version", "2.1.0");
	jsonw_key(&w, "runs");
	jsonw_arr_open(&w);
	jsonw_obj_open(&w);
	int e = sarif_driver(&w, a);
	if (e < 0)
		return e;
	sarif_invocation(&w, a);
	jsonw_key(&w, "results");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < a->c[i].nfindings; k++) {
			const struct finding *f = &a->c[i].findings[k];
			if ((f->status == FINDING_FAIL || f->status == FINDING_WAIVED) &&
			    audit_shown(a, f))
				sarif_result(&w, a, &a->c[i], k);
		}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_end(&w);
	return ferror(out) ? -EIO : 0;
}
