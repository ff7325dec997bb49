/* Audit results as CSV (RFC 4180) for spreadsheets: a row per shown finding. Cells are quoted
 * when needed and defused against formula injection, since a spreadsheet evaluates a cell such
 * as =HYPERLINK(...) taken from a container's name or image (CWE-1236). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "report/report.h"

static const char *const columns[] = {
    "host", "container_id", "container_name", "runtime",     "image",
    "rule", "title",	    "severity",	      "status",	     "evidence",
    "note", "fingerprint",  "refs",	      "remediation", "claimed",
};

/* The cell's text: invalid UTF-8 and control characters other than tab, CR and LF become U+FFFD
 * (a CSV file is also read with cat, and an escape sequence would reach the terminal). */
static int clean(struct buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	int r = 0;
	for (size_t i = 0; i < n && r >= 0;) {
		unsigned char c = s[i];
		size_t l = c < 0x80 ? 1 : utf8_valid_len(s + i, n - i);
		bool control = (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f ||
			       (l == 2 && c == 0xc2 && s[i + 1] < 0xa0);
		if (l == 0 || control) {
			r = buf_puts(b, "\xef\xbf\xbd");
			i += l ? l : 1;
		} else {
			r = buf_append(b, s + i, l);
			i += l;
		}
	}
	return r;
}

/* One cell: a leading ' when a spreadsheet would read a formula (= + - @, or tab and CR, which
 * some strip before looking), then quotes when the cell holds a separator, quote or line break. */
static int cell(struct buf *row, const char *s, bool first)
{
	_cleanup_buf_ struct buf t = BUF_INIT;
	int r = 0;
	if (*s && strchr("=+-@\t\r", *s))
		r = buf_putc(&t, '\'');
	if (r >= 0)
		r = clean(&t, s);
	if (r >= 0 && !first)
		r = buf_putc(row, ',');
	if (r < 0)
		return r;
	const char *v = t.data ? t.data : "";
	if (!strpbrk(v, ",\"\r\n"))
		return buf_puts(row, v);
	r = buf_putc(row, '"');
	for (; *v && r >= 0; v++)
		r = *v == '"' ? buf_puts(row, "\"\"") : buf_putc(row, *v);
	return r < 0 ? r : buf_putc(row, '"');
}

/* One CSV record of n cells, CRLF-terminated, written whole or not at all. */
static int put_row(FILE *out, const char *const *v, size_t n)
{
	_cleanup_buf_ struct buf line = BUF_INIT;
	int e = 0;
	for (size_t i = 0; i < n && e >= 0; i++)
		e = cell(&line, v[i], i == 0);
	if (e >= 0)
		e = buf_puts(&line, "\r\n");
	if (e < 0)
		return e;
	fwrite(line.data, 1, line.len, out);
	return 0;
}

static int refs_of(struct buf *b, const struct rule *r)
{
	int e = buf_puts(b, "");
	for (size_t i = 0; i < r->nrefs && e >= 0; i++)
		e = buf_printf(b, "%s%s=%s", i ? ";" : "", r->refs[i].key, r->refs[i].value);
	return e;
}

static int row(FILE *out, const struct audit_result *a, const struct audit_container *c,
	       const struct finding *f)
{
	const struct rule *r = f->rule;
	_cleanup_buf_ struct buf refs = BUF_INIT;
	int e = refs_of(&refs, r);
	if (e < 0)
		return e;
	/* Identity fields the container wrote about itself, space-separated. */
	_cleanup_buf_ struct buf claimed = BUF_INIT;
	const struct fact_value *cl = &c->facts->v[F_CONTAINER_CLAIMED];
	for (size_t i = 0; cl->known && i < cl->l.n && e >= 0; i++)
		e = buf_printf(&claimed, "%s%s", i ? " " : "", cl->l.v[i]);
	if (e < 0)
		return e;
	const char *v[] = {
	    c->host	  ? c->host
	    : a->hostname ? a->hostname
			  : "",
	    facts_str(c->facts, F_CONTAINER_ID),
	    facts_str(c->facts, F_CONTAINER_NAME),
	    facts_str(c->facts, F_CONTAINER_RUNTIME),
	    facts_str(c->facts, F_CONTAINER_IMAGE),
	    r->id,
	    r->title,
	    severity_name(r->severity),
	    finding_status_name(f->status),
	    f->evidence ? f->evidence : "",
	    f->note ? f->note : "",
	    f->fingerprint,
	    refs.data,
	    r->remediation ? r->remediation : "",
	    claimed.data ? claimed.data : "",
	};
	return e < 0 ? e : put_row(out, v, sizeof(v) / sizeof(v[0]));
}

/* What the scan could not read: a row each, status "unreadable", so a sheet of a partial view
 * says so. */
static int gap_row(FILE *out, const struct audit_result *a, const struct gap *g)
{
	_cleanup_buf_ struct buf ev = BUF_INIT;
	char pid[24];
	snprintf(pid, sizeof(pid), "%d", g->pid);
	int e = audit_gap_line(g, &ev);
	const char *v[] = {
	    g->host[0]	  ? g->host
	    : a->hostname ? a->hostname
			  : "",
	    g->container,
	    "",
	    "",
	    "",
	    strcmp(g->what, "process") == 0 ? "view.unreadable_process"
					    : "view.unreadable_container",
	    "could not be read: the view is incomplete",
	    "high",
	    "unreadable",
	    ev.data ? ev.data : "",
	    g->reason,
	    "",
	    "",
	    "run as root with CAP_SYS_PTRACE and CAP_SYS_ADMIN",
	    "",
	};
	return e < 0 ? e : put_row(out, v, sizeof(v) / sizeof(v[0]));
}

int csv_write(FILE *out, const struct audit_result *a)
{
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		fprintf(out, "%s%s", i ? "," : "", columns[i]);
	fputs("\r\n", out);
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < a->c[i].nfindings; k++)
			if (audit_shown(a, &a->c[i].findings[k])) {
				int e = row(out, a, &a->c[i], &a->c[i].findings[k]);
				if (e < 0)
					return e;
			}
	for (size_t i = 0; a->gaps && i < a->gaps->n; i++) {
		int e = gap_row(out, a, &a->gaps->v[i]);
		if (e < 0)
			return e;
	}
	return ferror(out) ? -EIO : 0;
}
