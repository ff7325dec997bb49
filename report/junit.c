/* Audit results as JUnit XML for CI test reports: a test suite per container, a test case per
 * rule. The attributes are those the Jenkins xUnit schema (junit-10.xsd) allows and those the
 * Ant schema requires of a suite, so Jenkins, GitLab and xunit validators all accept it. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "report/report.h"

struct junit_counts {
	size_t tests, failures, skipped;
};

/* escape_html, plus what XML needs beyond HTML: U+FFFE and U+FFFF are not XML characters, and
 * an attribute keeps its line breaks and tabs only as character references (a parser turns
 * literal ones into spaces). */
static int xml_escape(struct buf *b, const char *s, bool attr)
{
	_cleanup_buf_ struct buf e = BUF_INIT;
	int r = escape_html(&e, s);
	for (size_t i = 0; r >= 0 && i < e.len; i++) {
		const unsigned char *p = (const unsigned char *)e.data + i;
		if (i + 2 < e.len && p[0] == 0xef && p[1] == 0xbf &&
		    (p[2] == 0xbe || p[2] == 0xbf)) {
			r = buf_puts(b, "\xef\xbf\xbd");
			i += 2;
		} else if (attr && (*p == '\n' || *p == '\t')) {
			r = buf_printf(b, "&#%d;", *p);
		} else {
			r = buf_putc(b, (char)*p);
		}
	}
	return r < 0 ? r : 0;
}

/* One attribute: every value, trusted or not, is escaped here. */
static int put_attr(FILE *out, const char *name, const char *value)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = xml_escape(&b, value, true);
	if (r < 0)
		return r;
	fprintf(out, " %s=\"%s\"", name, b.data ? b.data : "");
	return 0;
}

static int put_text(FILE *out, const char *s)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = xml_escape(&b, s, false);
	if (r < 0)
		return r;
	fputs(b.data ? b.data : "", out);
	return 0;
}

static void count(const struct audit_result *a, const struct audit_container *c,
		  struct junit_counts *n)
{
	for (size_t k = 0; k < c->nfindings; k++) {
		const struct finding *f = &c->findings[k];
		if (!audit_shown(a, f))
			continue;
		n->tests++;
		if (f->status == FINDING_FAIL)
			n->failures++;
		else if (f->status != FINDING_PASS)
			n->skipped++;
	}
}

static int property(FILE *out, const char *name, const char *value)
{
	fprintf(out, "      <property");
	int r = put_attr(out, "name", name);
	if (r >= 0)
		r = put_attr(out, "value", value);
	fputs("/>\n", out);
	return r;
}

static int failure_body(FILE *out, const struct finding *f)
{
	const struct rule *r = f->rule;
	_cleanup_buf_ struct buf b = BUF_INIT;
	int e = buf_printf(&b, "Evidence: %s\n", f->evidence ? f->evidence : "");
	if (e >= 0 && f->note)
		e = buf_printf(&b, "Note: %s\n", f->note);
	if (e >= 0)
		e = buf_printf(&b, "Remediation: %s\n", r->remediation ? r->remediation : "");
	for (size_t i = 0; e >= 0 && i < r->nrefs; i++)
		e = buf_printf(&b, "%s%s %s%s", i ? ", " : "References: ", r->refs[i].key,
			       r->refs[i].value, i + 1 == r->nrefs ? "\n" : "");
	if (e >= 0)
		e = buf_printf(&b, "Fingerprint: %s", f->fingerprint);
	return e < 0 ? e : put_text(out, b.data);
}

static int testcase(FILE *out, const struct finding *f)
{
	const struct rule *r = f->rule;
	_cleanup_buf_ struct buf name = BUF_INIT;
	_cleanup_buf_ struct buf msg = BUF_INIT;
	int e = buf_printf(&name, "%s: %s", r->id, r->title);
	if (e < 0)
		return e;
	fputs("    <testcase", out);
	if ((e = put_attr(out, "classname", r->pack && *r->pack ? r->pack : "rules")) < 0 ||
	    (e = put_attr(out, "name", name.data)) < 0)
		return e;
	fputs(" time=\"0\"", out);
	switch (f->status) {
	case FINDING_PASS:
		fputs("/>\n", out);
		return 0;
	case FINDING_FAIL:
		fputs(">\n      <failure", out);
		if ((e = put_attr(out, "type", severity_name(r->severity))) < 0 ||
		    (e = put_attr(out, "message", r->title)) < 0)
			return e;
		fputs(">", out);
		if ((e = failure_body(out, f)) < 0)
			return e;
		fputs("</failure>\n    </testcase>\n", out);
		return 0;
	case FINDING_WAIVED:
		e = buf_printf(&msg, "waived: %s", f->note ? f->note : "");
		break;
	case FINDING_NOT_EVALUATED:
		if (f->note)
			e = buf_printf(&msg, "not evaluated: %s%s%s%s", f->note,
				       f->evidence && *f->evidence ? " (" : "",
				       f->evidence ? f->evidence : "",
				       f->evidence && *f->evidence ? ")" : "");
		else
			e = buf_printf(&msg, "not evaluated: %s", f->evidence ? f->evidence : "");
		break;
	}
	if (e < 0)
		return e;
	fputs(">\n      <skipped", out);
	if ((e = put_attr(out, "message", msg.data)) < 0)
		return e;
	fputs("/>\n    </testcase>\n", out);
	return 0;
}

static int suite_open(FILE *out, const struct audit_result *a, size_t i, const char *ts)
{
	const struct audit_container *c = &a->c[i];
	const char *host = c->host ? c->host : a->hostname ? a->hostname : "";
	const char *name = facts_str(c->facts, F_CONTAINER_NAME);
	struct junit_counts n = {0};
	count(a, c, &n);
	_cleanup_buf_ struct buf sname = BUF_INIT;
	int e =
	    buf_printf(&sname, "%s/%s", host, *name ? name : facts_str(c->facts, F_CONTAINER_ID));
	if (e < 0)
		return e;
	fputs("  <testsuite", out);
	if ((e = put_attr(out, "name", sname.data)) < 0)
		return e;
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\"",
		n.tests, n.failures, n.skipped);
	fprintf(out, " timestamp=\"%s\"", ts);
	/* The Ant schema wants a host name; "localhost" is its word for an unknown one. */
	if ((e = put_attr(out, "hostname", *host ? host : "localhost")) < 0 ||
	    (e = put_attr(out, "package", *host ? host : "localhost")) < 0)
		return e;
	fprintf(out, " id=\"%zu\">\n    <properties>\n", i);
	if ((e = property(out, "host", host)) < 0 ||
	    (e = property(out, "id", facts_str(c->facts, F_CONTAINER_ID))) < 0 ||
	    (e = property(out, "runtime", facts_str(c->facts, F_CONTAINER_RUNTIME))) < 0 ||
	    (e = property(out, "image", facts_str(c->facts, F_CONTAINER_IMAGE))) < 0)
		return e;
	const struct fact_value *cl = &c->facts->v[F_CONTAINER_CLAIMED];
	if (cl->known) {
		/* Identity fields the container wrote about itself. */
		_cleanup_buf_ struct buf b = BUF_INIT;
		for (size_t k = 0; k < cl->l.n; k++)
			buf_printf(&b, "%s%s", k ? " " : "", cl->l.v[k]);
		if ((e = property(out, "claimed", b.data ? b.data : "")) < 0)
			return e;
	}
	fputs("    </properties>\n", out);
	return 0;
}

/* An incomplete view is an error of the run, not a failure of a container: one suite with one
 * test case in error, listing what could not be read. */
static int view_suite(FILE *out, const struct audit_result *a, const char *ts)
{
	const struct gaps *g = a->gaps;
	fprintf(out,
		"  <testsuite name=\"ctguard/view\" tests=\"1\" failures=\"0\" errors=\"1\" "
		"skipped=\"0\" time=\"0\" timestamp=\"%s\"",
		ts);
	int e = put_attr(out, "hostname", a->hostname && *a->hostname ? a->hostname : "localhost");
	if (e < 0 || (e = put_attr(out, "package", "ctguard")) < 0)
		return e;
	fprintf(out,
		" id=\"%zu\">\n    <testcase name=\"view-complete\" classname=\"ctguard.view\" "
		"time=\"0\">\n      <error",
		a->n);
	_cleanup_buf_ struct buf msg = BUF_INIT, body = BUF_INIT;
	buf_printf(&msg, "incomplete view: %zu process%s and %zu container%s could not be read",
		   g->processes, g->processes == 1 ? "" : "es", g->containers,
		   g->containers == 1 ? "" : "s");
	for (size_t i = 0; i < g->n; i++) {
		audit_gap_line(&g->v[i], &body);
		buf_puts(&body, "\n");
	}
	if ((e = put_attr(out, "message", msg.data)) < 0 ||
	    (e = put_attr(out, "type", g->n ? g->v[0].reason : "incomplete")) < 0)
		return e;
	fputs(">", out);
	if ((e = put_text(out, body.data ? body.data : "")) < 0)
		return e;
	fputs("</error>\n    </testcase>\n  </testsuite>\n", out);
	return 0;
}

int junit_write(FILE *out, const struct audit_result *a)
{
	/* The Ant schema's timestamp has no zone; it is UTC, like every time ctguard prints. */
	char ts[32];
	struct tm tm;
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", gmtime_r(&a->now, &tm));
	struct junit_counts all = {0};
	for (size_t i = 0; i < a->n; i++)
		count(a, &a->c[i], &all);
	bool incomplete = a->gaps && gaps_any(a->gaps);
	/* junit-10.xsd allows no skipped or timestamp here: they are on each suite. */
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"ctguard\" tests=\"%zu\" failures=\"%zu\" errors=\"%d\" "
		"time=\"%.3f\">\n",
		all.tests + (incomplete ? 1 : 0), all.failures, incomplete ? 1 : 0, a->duration);
	if (incomplete) {
		int e = view_suite(out, a, ts);
		if (e < 0)
			return e;
	}
	for (size_t i = 0; i < a->n; i++) {
		int e = suite_open(out, a, i, ts);
		for (size_t k = 0; e >= 0 && k < a->c[i].nfindings; k++)
			if (audit_shown(a, &a->c[i].findings[k]))
				e = testcase(out, &a->c[i].findings[k]);
		if (e < 0)
			return e;
		fputs("  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
	return ferror(out) ? -EIO : 0;
}
