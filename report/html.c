/* The HTML report: one self-contained page (inline CSS, SVG and script, no external resource)
 * with compliance per framework, a container-by-control matrix and a card per container. Every
 * string in it may come from inside a container, so every string goes through escape_html, and
 * a Content-Security-Policy allows only this file's own style and script (by hash): markup that
 * slipped through could neither run nor load anything. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "report/compliance.h"
#include "report/report.h"

/* ---- Assets: the whole style and script, inline. HTML_CSP carries their SHA-256 (base64);
 * tests/cli/report-html.sh recomputes it, so a change here without a new hash fails there. ---- */

#define HTML_CSS                                                                                   \
	":root{--fg:#1f2328;--muted:#57606a;--line:#d8dee4;--bg:#f5f6f8;--card:#fff;"              \
	"--critical:#a40e4c;--high:#d1242f;--medium:#bc4c00;--low:#0969da;--info:#6e7781;"         \
	"--pass:#1a7f37;--fail:#d1242f;--waived:#8250df;--na:#eaeef2}"                             \
	"*{box-sizing:border-box}[hidden]{display:none!important}"                                 \
	"body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,"             \
	"-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',sans-serif}"           \
	"main{max-width:1240px;margin:0 auto;padding:24px 20px 40px}"                              \
	"code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',"         \
	"monospace}"                                                                               \
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 12px}"                   \
	"h3{font-size:16px;margin:0}.muted,.meta,.gate{color:var(--muted)}"                        \
	"header.top{display:flex;justify-content:space-between;align-items:center;gap:16px;"       \
	"padding-bottom:16px;border-bottom:1px solid var(--line)}.meta{margin:0}"                  \
	".hosts{color:var(--fg);word-break:break-all}"                                             \
	".verdict{font-weight:700;font-size:15px;padding:8px 16px;border-radius:8px;"              \
	"border:1px solid}.verdict.bad{color:#82071e;background:#ffebe9;border-color:#ffb8b0}"     \
	".verdict.good{color:#116329;background:#dafbe1;border-color:#aceebb}"                     \
	".totals,.sevs{display:grid;gap:12px;margin-top:16px}"                                     \
	".totals{grid-template-columns:repeat(6,1fr)}.sevs{grid-template-columns:repeat(5,1fr)}"   \
	".tile{background:var(--card);border:1px solid var(--line);border-radius:8px;"             \
	"padding:10px 14px;color:var(--muted);font-size:13px}"                                     \
	".tile b{display:block;font-size:24px;line-height:1.2;color:var(--fg)}"                    \
	".sevs .tile{border-left-width:5px}.gate{grid-column:1/-1;margin:0;font-size:13px}"        \
	".tile.sev-critical{border-left-color:var(--critical)}"                                    \
	".tile.sev-high{border-left-color:var(--high)}"                                            \
	".tile.sev-medium{border-left-color:var(--medium)}"                                        \
	".tile.sev-low{border-left-color:var(--low)}.tile.sev-info{border-left-color:var(--info)}" \
	".baseline{background:#fff8c5;border:1px solid #eac54f;border-radius:8px;"                 \
	"padding:8px 12px}"                                                                        \
	".fws{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}"                          \
	"a.fw{display:flex;flex-direction:column;gap:4px;background:var(--card);"                  \
	"border:1px solid var(--line);border-radius:10px;padding:14px 16px;color:inherit;"         \
	"text-decoration:none}a.fw:hover{border-color:var(--low)}"                                 \
	".fw-title{font-weight:600}.fw-about,.fw-sub{color:var(--muted);font-size:12px}"           \
	".fw .pct{font-size:30px;font-weight:700;line-height:1.2}"                                 \
	"svg.bar{display:block;width:100%;height:12px;border-radius:3px;background:var(--na)}"     \
	"svg.small{width:150px;height:10px}"                                                       \
	".s-pass{fill:var(--pass)}.s-fail{fill:var(--fail)}.s-waived{fill:var(--waived)}"          \
	".s-na{fill:#c9d1d9}"                                                                      \
	"section.framework{background:var(--card);border:1px solid var(--line);"                   \
	"border-radius:10px;padding:14px 16px;margin-top:16px}"                                    \
	"section.framework h3{display:flex;justify-content:space-between;margin-bottom:8px}"       \
	"table.controls{width:100%;border-collapse:collapse;font-size:13px}"                       \
	"table.controls th,table.controls td{padding:6px 8px;border-top:1px solid var(--line);"    \
	"text-align:left;vertical-align:middle}"                                                   \
	"table.controls thead th{border-top:0;color:var(--muted);font-weight:600;font-size:12px}"  \
	"table.controls tbody th{white-space:nowrap;width:170px}td.rules{color:var(--muted)}"      \
	"td.rules code{color:var(--fg)}.num{text-align:right!important;"                           \
	"font-variant-numeric:tabular-nums}.barcol{width:166px}"                                   \
	"td.n.pass{color:var(--pass)}td.n.fail{color:var(--fail)}"                                 \
	"td.n.waived{color:var(--waived)}td.n.na{color:var(--muted)}"                              \
	".scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);"             \
	"border-radius:10px;padding:10px}"                                                         \
	"#matrix{border-collapse:separate;border-spacing:2px;font-size:12px}"                      \
	"#matrix th{font-weight:600;color:var(--muted)}"                                           \
	"#matrix th.group{text-align:left;font-size:11px;text-transform:uppercase;"                \
	"letter-spacing:.04em;border-bottom:2px solid var(--line);padding:2px 4px}"                \
	"#matrix th.col{vertical-align:bottom;padding:4px 0}"                                      \
	"#matrix th.col span{writing-mode:vertical-rl;transform:rotate(180deg);"                   \
	"white-space:nowrap;display:inline-block}"                                                 \
	"#matrix th.corner{text-align:left;vertical-align:bottom}"                                 \
	"#matrix tbody th{text-align:left;width:190px;max-width:190px;overflow:hidden;"            \
	"text-overflow:ellipsis;white-space:nowrap;padding-right:8px}"                             \
	"#matrix tbody th a{color:var(--fg)}.host{display:block;font-weight:400;font-size:11px}"   \
	"#matrix .first{border-left:8px solid transparent;background-clip:padding-box}"            \
	".cell{display:table-cell;width:18px;min-width:18px;height:18px;text-align:center;"        \
	"font-weight:700;font-size:11px;border-radius:3px;color:#fff}"                             \
	"span.cell{display:inline-block;line-height:18px;margin-left:8px}"                         \
	".cell.pass{background:var(--pass)}.cell.fail{background:var(--fail)}"                     \
	".cell.waived{background:var(--waived)}.cell.na{background:var(--na);color:var(--muted)}"  \
	".legend{color:var(--muted);font-size:12px}"                                               \
	"#filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:10px 20px;"      \
	"align-items:center;background:var(--card);border:1px solid var(--line);"                  \
	"border-radius:10px;padding:10px 14px;margin-top:24px;box-shadow:0 2px 6px #0000000d}"     \
	"#filters input[type=search]{font:inherit;padding:4px 8px;width:220px;"                    \
	"border:1px solid var(--line);border-radius:6px}"                                          \
	"#filters select{font:inherit;padding:3px 6px}#filters label{white-space:nowrap}"          \
	"#f-count{margin-left:auto;color:var(--muted)}"                                            \
	".card{display:grid;grid-template-columns:290px 1fr;gap:12px 24px;"                        \
	"background:var(--card);border:1px solid var(--line);border-radius:10px;"                  \
	"padding:16px 18px;margin-bottom:16px}"                                                    \
	".card>header{grid-column:1/-1;display:flex;flex-wrap:wrap;align-items:center;gap:8px;"    \
	"padding-bottom:10px;border-bottom:1px solid var(--line)}"                                 \
	".card h3{font-size:18px;word-break:break-all}"                                            \
	".cnt{margin-left:auto;color:var(--muted);font-size:13px}"                                 \
	"dl.identity{display:grid;grid-template-columns:72px 1fr;gap:4px 8px;margin:0;"            \
	"font-size:13px;align-self:start;position:sticky;top:72px}dl.identity "                    \
	"dt{color:var(--muted)}"                                                                   \
	"dl.identity dd{margin:0;overflow-wrap:anywhere}.warn{color:var(--fail);font-weight:600}"  \
	"ul.findings{list-style:none;margin:0;padding:0;min-width:0}"                              \
	"li.finding{border:1px solid var(--line);border-left:5px solid var(--info);"               \
	"border-radius:6px;padding:8px 12px;margin-bottom:8px}"                                    \
	"li[data-sev=critical]{border-left-color:var(--critical)}"                                 \
	"li[data-sev=high]{border-left-color:var(--high)}"                                         \
	"li[data-sev=medium]{border-left-color:var(--medium)}"                                     \
	"li[data-sev=low]{border-left-color:var(--low)}"                                           \
	"li.is-waived{border-left-color:var(--waived);background:#fbf8ff}"                         \
	".fhead{display:flex;flex-wrap:wrap;align-items:center;gap:8px}"                           \
	".rid{font-weight:600}.ftitle{font-weight:600}"                                            \
	".fbody{display:grid;grid-template-columns:64px 1fr;gap:4px 8px;margin-top:6px;"           \
	"font-size:13px}.fbody p{margin:0}"                                                        \
	".k{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.04em;"      \
	"padding-top:2px}"                                                                         \
	"code.ev{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;"                  \
	"border-radius:4px;padding:2px 6px}"                                                       \
	".sev,.tag{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11px;"        \
	"font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:#fff;"                \
	"background:var(--info)}"                                                                  \
	".sev.sev-critical{background:var(--critical)}.sev.sev-high{background:var(--high)}"       \
	".sev.sev-medium{background:var(--medium)}.sev.sev-low{background:var(--low)}"             \
	".tag.waived{background:var(--waived)}.tag.ok{background:var(--pass)}"                     \
	"ul.fixed{background:var(--card);border:1px solid var(--line);border-radius:10px;"         \
	"padding:10px 14px 10px 32px}"                                                             \
	"footer{margin-top:32px;text-align:center;color:var(--muted);font-size:12px}"              \
	"@media (max-width:900px){.fws,.totals{grid-template-columns:repeat(2,1fr)}"               \
	".card{grid-template-columns:1fr}}"                                                        \
	"@media print{#filters{display:none!important}body{background:#fff}}"

/* The filter bar is hidden until the script shows it: without script nothing is filtered and
 * no control that cannot work is shown. */
#define HTML_FILTER_BAR                                                                            \
	"<div id=\"filters\" hidden><label>Container <input type=\"search\" id=\"f-text\" "        \
	"placeholder=\"filter by name\" aria-label=\"filter containers by name\"></label>"         \
	"<span>Severity <label><input type=\"checkbox\" data-sev=\"critical\" checked> "           \
	"critical</label> <label><input type=\"checkbox\" data-sev=\"high\" checked> high"         \
	"</label> <label><input type=\"checkbox\" data-sev=\"medium\" checked> medium</label> "    \
	"<label><input type=\"checkbox\" data-sev=\"low\" checked> low</label> <label><input "     \
	"type=\"checkbox\" data-sev=\"info\" checked> info</label></span><label>Sort "             \
	"<select id=\"f-sort\"><option value=\"idx\">as audited</option><option "                  \
	"value=\"worst\">worst first</option><option value=\"fails\">most failures</option>"       \
	"<option value=\"name\">name</option></select></label><span id=\"f-count\"></span></div>"

/* Reads only data-* attributes and moves existing nodes: nothing from a container is ever
 * parsed as markup by the script. */
#define HTML_JS                                                                                    \
	"(function(){'use strict';"                                                                \
	"var bar=document.getElementById('filters');if(!bar)return;bar.hidden=false;"              \
	"var text=document.getElementById('f-text'),sort=document.getElementById('f-sort'),"       \
	"count=document.getElementById('f-count'),cards=document.getElementById('cards'),"         \
	"mbody=document.querySelector('#matrix tbody'),"                                           \
	"boxes=Array.prototype.slice.call(bar.querySelectorAll('input[data-sev]'));"               \
	"function kids(p){return p?Array.prototype.slice.call(p.children):[];}"                    \
	"function has(el,t){return el.getAttribute('data-name').toLowerCase().indexOf(t)>=0;}"     \
	"function apply(){var t=text.value.trim().toLowerCase(),on={},shown=0,all=kids(cards);"    \
	"boxes.forEach(function(b){on[b.getAttribute('data-sev')]=b.checked;});"                   \
	"all.forEach(function(c){c.hidden=!has(c,t);if(!c.hidden)shown++;"                         \
	"Array.prototype.forEach.call(c.querySelectorAll('li[data-sev]'),function(f){"             \
	"f.hidden=!on[f.getAttribute('data-sev')];});});"                                          \
	"kids(mbody).forEach(function(r){r.hidden=!has(r,t);});"                                   \
	"count.textContent=shown+' of '+all.length+' containers';}"                                \
	"function key(el,k){return k==='name'?el.getAttribute('data-name').toLowerCase():"         \
	"Number(el.getAttribute('data-'+k));}"                                                     \
	"function order(){var k=sort.value,dir=(k==='worst'||k==='fails')?-1:1;"                   \
	"function cmp(a,b){var x=key(a,k),y=key(b,k);if(x<y)return -dir;if(x>y)return dir;"        \
	"return key(a,'idx')-key(b,'idx');}"                                                       \
	"[cards,mbody].forEach(function(p){kids(p).sort(cmp).forEach(function(e){"                 \
	"p.appendChild(e);});});}"                                                                 \
	"text.addEventListener('input',apply);sort.addEventListener('change',order);"              \
	"boxes.forEach(function(b){b.addEventListener('change',apply);});apply();})();"

#define HTML_CSP                                                                                   \
	"default-src 'none'; img-src data:; style-src "                                            \
	"'sha256-j5IvsvNFoKu1qU6DG4u7aqp+JzPVz6BIbqNCFmUqwHA='; script-src "                       \
	"'sha256-Hi9TfRbTBtXv4RPdBKYp7i3JuPvomguLH4+RVb1nC/w='; base-uri 'none'; form-action "     \
	"'none'"

/* ---- The page. ---- */

/* Output goes through a buffer flushed every 64 KiB; the first error sticks. */
struct html {
	FILE *out;
	struct buf b;
	int err;
};

static void h_flush(struct html *h)
{
	if (h->err >= 0 && h->b.len && fwrite(h->b.data, 1, h->b.len, h->out) != h->b.len)
		h->err = -EIO;
	buf_clear(&h->b);
}

static void h_check(struct html *h, int r)
{
	if (r < 0 && h->err >= 0)
		h->err = r;
	if (h->b.len >= 65536)
		h_flush(h);
}

/* Markup written here: constant strings only. */
static void h_raw(struct html *h, const char *s)
{
	h_check(h, buf_puts(&h->b, s));
}

/* Markup with numbers: never pass a string that did not come from this file. */
__attribute__((format(printf, 2, 3))) static void h_printf(struct html *h, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	h_check(h, n < 0 || (size_t)n >= sizeof(tmp) ? -EINVAL : buf_puts(&h->b, tmp));
}

/* Any string from a rule, a result file or a container: text or an attribute value. */
static void h_text(struct html *h, const char *s)
{
	h_check(h, escape_html(&h->b, s ? s : ""));
}

static const char *const state_class[COMPLIANCE__STATES] = {"na", "pass", "na", "waived", "fail"};
static const char *const state_label[COMPLIANCE__STATES] = {"not judged", "pass", "not evaluated",
							    "waived", "fail"};
static const char *const state_mark[COMPLIANCE__STATES] = {"\xe2\x80\x93", "\xe2\x9c\x93",
							   "\xe2\x80\x93", "W", "\xe2\x9c\x97"};

static double pct(size_t part, size_t total)
{
	return total ? 100.0 * (double)part / (double)total : 0.0;
}

/* A stacked bar of pass, waived, fail and not evaluated: SVG attributes, so no inline style. */
static void h_bar(struct html *h, const size_t count[COMPLIANCE__STATES], const char *cls)
{
	static const enum compliance_state order[] = {COMPLIANCE_PASS, COMPLIANCE_WAIVED,
						      COMPLIANCE_FAIL, COMPLIANCE_NOT_EVALUATED};
	size_t total = 0;
	for (int s = 0; s < COMPLIANCE__STATES; s++)
		total += count[s];
	h_printf(h,
		 "<svg class=\"%s\" viewBox=\"0 0 100 4\" preserveAspectRatio=\"none\" "
		 "role=\"img\" aria-label=\"%.1f%% passing\">",
		 cls, pct(count[COMPLIANCE_PASS], total));
	double x = 0;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		size_t n = count[order[i]] +
			   (order[i] == COMPLIANCE_NOT_EVALUATED ? count[COMPLIANCE_NONE] : 0);
		if (!n)
			continue;
		double w = pct(n, total);
		h_printf(h, "<rect class=\"s-%s\" x=\"%.3f\" y=\"0\" width=\"%.3f\" height=\"4\"/>",
			 state_class[order[i]], x, w);
		x += w;
	}
	if (!total)
		h_raw(h, "<rect class=\"s-na\" x=\"0\" y=\"0\" width=\"100\" height=\"4\"/>");
	h_raw(h, "</svg>");
}

static void h_counts(struct html *h, const size_t count[COMPLIANCE__STATES], const char *tag)
{
	h_printf(h,
		 "<%s class=\"n pass\">%zu</%s><%s class=\"n fail\">%zu</%s>"
		 "<%s class=\"n waived\">%zu</%s><%s class=\"n na\">%zu</%s>",
		 tag, count[COMPLIANCE_PASS], tag, tag, count[COMPLIANCE_FAIL], tag, tag,
		 count[COMPLIANCE_WAIVED], tag, tag,
		 count[COMPLIANCE_NOT_EVALUATED] + count[COMPLIANCE_NONE], tag);
}

static size_t total_of(const size_t count[COMPLIANCE__STATES])
{
	size_t t = 0;
	for (int s = 0; s < COMPLIANCE__STATES; s++)
		t += count[s];
	return t;
}

static void h_framework_summary(struct html *h, const struct compliance_framework *f)
{
	size_t total = total_of(f->count);
	h_printf(h, "<a class=\"fw\" href=\"#fw-%s\" data-framework=\"%s\">", f->id, f->id);
	h_printf(h, "<span class=\"fw-title\">%s</span><span class=\"fw-about\">%s</span>",
		 f->title, f->about);
	h_printf(h, "<span class=\"pct\">%.1f%%</span>", pct(f->count[COMPLIANCE_PASS], total));
	h_bar(h, f->count, "bar");
	h_printf(h,
		 "<span class=\"fw-sub\">%zu of %zu container \xc2\xb7 control pairs pass "
		 "(%zu controls)</span></a>",
		 f->count[COMPLIANCE_PASS], total, f->n);
}

static void h_framework_table(struct html *h, const struct compliance_framework *f)
{
	size_t total = total_of(f->count);
	h_printf(h, "<section class=\"framework\" id=\"fw-%s\" data-framework=\"%s\">", f->id,
		 f->id);
	h_printf(h, "<h3>%s <span class=\"pct\">%.1f%%</span></h3>", f->title,
		 pct(f->count[COMPLIANCE_PASS], total));
	h_raw(h,
	      "<table class=\"controls\"><thead><tr><th>Control</th><th>Rules</th>"
	      "<th class=\"barcol\">Passing</th><th class=\"num\">%</th><th class=\"num\">Pass</th>"
	      "<th class=\"num\">Fail</th><th class=\"num\">Waived</th><th class=\"num\">N/A</th>"
	      "</tr></thead><tbody>\n");
	for (size_t k = 0; k < f->n; k++) {
		const struct compliance_control *c = &f->c[k];
		h_raw(h, "<tr data-control=\"");
		h_text(h, c->name);
		h_raw(h, "\"><th scope=\"row\">");
		h_text(h, c->name);
		h_raw(h, "</th><td class=\"rules\">");
		for (size_t r = 0; r < c->nrules; r++) {
			h_raw(h, r ? "<br><code>" : "<code>");
			h_text(h, c->rules[r]->id);
			h_raw(h, "</code> ");
			h_text(h, c->rules[r]->title);
		}
		h_raw(h, "</td><td class=\"barcol\">");
		h_bar(h, c->count, "bar small");
		h_printf(h, "</td><td class=\"num pct\">%.1f%%</td>",
			 pct(c->count[COMPLIANCE_PASS], total_of(c->count)));
		h_counts(h, c->count, "td");
		h_raw(h, "</tr>\n");
	}
	h_raw(h, "</tbody></table></section>\n");
}

static int worst_of(const struct audit_counts *c)
{
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		if (c->fail[s])
			return s;
	return -1;
}

/* The rule ids and states behind each cell of one container's row: the title attributes. */
static int matrix_titles(const struct audit_result *a, const struct compliance *cp, size_t i,
			 struct buf *titles)
{
	const struct audit_container *c = &a->c[i];
	for (size_t j = 0; j < c->nfindings; j++) {
		const struct finding *x = &c->findings[j];
		size_t col = 0;
		for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++) {
			ssize_t k =
			    compliance_control_of(cp, (enum compliance_framework_id)fw, x->rule);
			if (k >= 0) {
				struct buf *t = &titles[col + (size_t)k];
				bool why = x->status == FINDING_NOT_EVALUATED && x->note;
				int r = buf_printf(t, "%s%s %s%s%s", t->len ? ", " : "",
						   x->rule->id, finding_status_name(x->status),
						   why ? ": " : "", why ? x->note : "");
				if (r < 0)
					return r;
			}
			col += cp->f[fw].n;
		}
	}
	return 0;
}

static void h_matrix_row(struct html *h, const struct audit_result *a, const struct compliance *cp,
			 size_t i, struct buf *titles)
{
	const struct audit_container *c = &a->c[i];
	struct audit_counts cnt;
	audit_count(a, (ssize_t)i, &cnt);
	h_raw(h, "<tr data-name=\"");
	h_text(h, facts_str(c->facts, F_CONTAINER_NAME));
	h_printf(h,
		 "\" data-idx=\"%zu\" data-worst=\"%d\" data-fails=\"%zu\"><th scope=\"row\">"
		 "<a href=\"#c%zu\">",
		 i, worst_of(&cnt), cnt.fails, i);
	h_text(h, facts_str(c->facts, F_CONTAINER_NAME));
	h_raw(h, "</a>");
	if (a->nhosts > 1) {
		h_raw(h, "<span class=\"host\">");
		h_text(h, c->host);
		h_raw(h, "</span>");
	}
	h_raw(h, "</th>");
	size_t col = 0;
	for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++) {
		const struct compliance_framework *f = &cp->f[fw];
		for (size_t k = 0; k < f->n; k++, col++) {
			enum compliance_state s = f->cell[i * f->n + k];
			h_printf(h, "<td class=\"cell %s%s\" title=\"", state_class[s],
				 k == 0 ? " first" : "");
			h_text(h, f->c[k].name);
			h_printf(h, ": %s", state_label[s]);
			if (titles[col].len) {
				h_raw(h, " (");
				h_text(h, titles[col].data);
				h_raw(h, ")");
			}
			h_printf(h, "\">%s</td>", state_mark[s]);
			buf_clear(&titles[col]);
		}
	}
	h_raw(h, "</tr>\n");
}

static void h_matrix(struct html *h, const struct audit_result *a, const struct compliance *cp)
{
	size_t ncols = 0;
	for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++)
		ncols += cp->f[fw].n;
	h_raw(h, "<section id=\"matrix-section\"><h2>Containers by control</h2>");
	if (!ncols || !a->n) {
		h_raw(h, "<p class=\"muted\">No container or no framework control to show.</p>"
			 "</section>");
		return;
	}
	h_raw(h, "<div class=\"scroll\"><table id=\"matrix\"><thead><tr><th></th>");
	for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++)
		if (cp->f[fw].n)
			h_printf(h, "<th class=\"group first\" colspan=\"%zu\">%s</th>",
				 cp->f[fw].n, cp->f[fw].id);
	h_raw(h, "</tr><tr><th class=\"corner\">Container</th>");
	for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++)
		for (size_t k = 0; k < cp->f[fw].n; k++) {
			h_printf(h, "<th class=\"col%s\"><span>", k == 0 ? " first" : "");
			h_text(h, cp->f[fw].c[k].name);
			h_raw(h, "</span></th>");
		}
	h_raw(h, "</tr></thead><tbody>\n");
	struct buf *titles = calloc(ncols, sizeof(*titles));
	if (!titles) {
		h_check(h, -ENOMEM);
		return;
	}
	for (size_t i = 0; i < a->n; i++) {
		h_check(h, matrix_titles(a, cp, i, titles));
		h_matrix_row(h, a, cp, i, titles);
	}
	for (size_t k = 0; k < ncols; k++)
		buf_free(&titles[k]);
	free(titles);
	h_raw(h, "</tbody></table></div><p class=\"legend\"><span class=\"cell pass\">\xe2\x9c\x93"
		 "</span> pass <span class=\"cell fail\">\xe2\x9c\x97</span> fail "
		 "<span class=\"cell waived\">W</span> waived <span class=\"cell na\">\xe2\x80\x93"
		 "</span> not evaluated \xc2\xb7 hover a cell for its rules</p></section>");
}

static void h_user(struct html *h, const struct facts *f)
{
	const struct fact_value *uid = &f->v[F_USER_UID], *host = &f->v[F_USERNS_ROOT_HOST_UID];
	if (!uid->known) {
		h_raw(h, "unknown");
		return;
	}
	h_printf(h, "%" PRId64, uid->u.i);
	if (uid->u.i == 0 && host->known && host->u.i == 0)
		h_raw(h, " <span class=\"warn\">(root, and root on the host)</span>");
	else if (uid->u.i == 0 && host->known)
		h_printf(h, " (root, host uid %" PRId64 ")", host->u.i);
	else if (uid->u.i == 0)
		h_raw(h, " (root)");
}

static void h_identity(struct html *h, const struct audit_result *a, size_t i)
{
	const struct audit_container *c = &a->c[i];
	static const struct {
		const char *label;
		enum fact_id id;
		const char *field; /* as container.claimed names it */
	} rows[] = {{"Runtime", F_CONTAINER_RUNTIME, "runtime"},
		    {"Name", F_CONTAINER_NAME, "name"},
		    {"ID", F_CONTAINER_ID, "id"},
		    {"Image", F_CONTAINER_IMAGE, "image"},
		    {"Pod", F_CONTAINER_POD, NULL},
		    {"Namespace", F_CONTAINER_NAMESPACE, NULL}};
	h_raw(h, "<dl class=\"identity\"><dt>Host</dt><dd>");
	h_text(h, a->nhosts > 1 ? c->host : a->hostname);
	h_raw(h, "</dd>");
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const char *v = facts_str(c->facts, rows[r].id);
		if (!*v && (rows[r].id == F_CONTAINER_POD || rows[r].id == F_CONTAINER_NAMESPACE))
			continue;
		h_printf(h, "<dt>%s</dt><dd><code>", rows[r].label);
		h_text(h, v);
		h_raw(h, "</code>");
		/* Written by the container about itself: shown as such, never trusted. */
		if (rows[r].field && audit_claimed(c->facts, rows[r].field))
			h_raw(h, " <span class=\"warn\">(claimed)</span>");
		h_raw(h, "</dd>");
	}
	h_raw(h, "<dt>User</dt><dd>");
	h_user(h, c->facts);
	h_raw(h, "</dd><dt>PID</dt><dd>");
	if (c->facts->v[F_CONTAINER_PID].known)
		h_printf(h, "%" PRId64, c->facts->v[F_CONTAINER_PID].u.i);
	else
		h_raw(h, "unknown");
	h_raw(h, "</dd></dl>\n");
}

static void h_finding(struct html *h, const struct finding *f)
{
	const struct rule *r = f->rule;
	const char *sev = severity_name(r->severity);
	bool waived = f->status == FINDING_WAIVED;
	h_printf(h, "<li class=\"finding%s\" data-sev=\"%s\"><div class=\"fhead\">",
		 waived ? " is-waived" : "", sev);
	h_printf(h, "<span class=\"sev sev-%s\">%s</span>", sev, sev);
	if (waived)
		h_raw(h, "<span class=\"tag waived\">waived</span>");
	h_raw(h, "<code class=\"rid\">");
	h_text(h, r->id);
	h_raw(h, "</code> <span class=\"ftitle\"");
	if (r->description && *r->description) {
		h_raw(h, " title=\"");
		h_text(h, r->description);
		h_raw(h, "\"");
	}
	h_raw(h, ">");
	h_text(h, r->title);
	h_raw(h, "</span></div><div class=\"fbody\"><span class=\"k\">Evidence</span><code "
		 "class=\"ev\">");
	h_text(h, f->evidence);
	h_raw(h, "</code>");
	if (f->note) {
		h_raw(h, "<span class=\"k\">Note</span><p class=\"note\">");
		h_text(h, f->note);
		h_raw(h, "</p>");
	}
	if (!waived && r->remediation) {
		h_raw(h, "<span class=\"k\">Fix</span><p class=\"fix\">");
		h_text(h, r->remediation);
		h_raw(h, "</p>");
	}
	h_raw(h, "</div></li>\n");
}

static void h_card(struct html *h, const struct audit_result *a, size_t i)
{
	const struct audit_container *c = &a->c[i];
	struct audit_counts cnt;
	audit_count(a, (ssize_t)i, &cnt);
	int worst = worst_of(&cnt);
	h_printf(h,
		 "<article class=\"card\" id=\"c%zu\" data-idx=\"%zu\" data-worst=\"%d\" "
		 "data-fails=\"%zu\" data-name=\"",
		 i, i, worst, cnt.fails);
	h_text(h, facts_str(c->facts, F_CONTAINER_NAME));
	h_raw(h, "\"><header><h3>");
	h_text(h, facts_str(c->facts, F_CONTAINER_NAME));
	h_raw(h, "</h3>");
	if (worst >= 0)
		h_printf(h, "<span class=\"sev sev-%s\">worst: %s</span>",
			 severity_name((enum severity)worst), severity_name((enum severity)worst));
	else if (cnt.not_evaluated)
		h_raw(h, "<span class=\"tag\">nothing fails, not all evaluated</span>");
	else
		h_raw(h, "<span class=\"tag ok\">nothing fails</span>");
	if (c->scanner)
		h_raw(h, "<span class=\"tag\">ctguard itself</span>");
	h_printf(h,
		 "<span class=\"cnt\">%zu %sfailed \xc2\xb7 %zu passed \xc2\xb7 %zu waived "
		 "\xc2\xb7 %zu not evaluated</span></header>",
		 cnt.fails, a->baseline ? "newly " : "", cnt.passes, cnt.waived, cnt.not_evaluated);
	h_identity(h, a, i);
	h_raw(h, "<ul class=\"findings\">");
	size_t shown = 0;
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		for (size_t k = 0; k < c->nfindings; k++) {
			const struct finding *f = &c->findings[k];
			bool show = f->status == FINDING_FAIL || f->status == FINDING_WAIVED;
			if ((int)f->rule->severity == s && show && audit_shown(a, f)) {
				h_finding(h, f);
				shown++;
			}
		}
	h_raw(h, "</ul>");
	if (!shown)
		h_printf(h, "<p class=\"muted\">No %sfailing or waived rule.</p>",
			 a->baseline ? "new " : "");
	h_raw(h, "</article>\n");
}

static void h_fixed(struct html *h, const struct audit_result *a)
{
	h_raw(h, "<section id=\"fixed\"><h2>Fixed since the baseline</h2>");
	if (!a->nfixed)
		h_raw(h, "<p class=\"muted\">Nothing.</p>");
	else
		h_raw(h, "<ul class=\"fixed\">");
	for (size_t i = 0; i < a->nfixed; i++) {
		const struct fixed_finding *x = &a->fixed[i];
		h_printf(h, "<li><span class=\"sev sev-%s\">%s</span> <code>",
			 severity_name(x->severity), severity_name(x->severity));
		h_text(h, x->rule);
		h_raw(h, "</code> ");
		h_text(h, x->title);
		h_raw(h, " on <b>");
		h_text(h, x->container);
		if (a->nhosts > 1) {
			h_raw(h, "</b> (");
			h_text(h, x->host);
			h_raw(h, ")<b>");
		}
		h_raw(h, "</b></li>\n");
	}
	h_raw(h, a->nfixed ? "</ul></section>" : "</section>");
}

static void h_hosts(struct html *h, const struct audit_result *a)
{
	if (a->nhosts <= 1) {
		h_text(h, a->hostname);
		return;
	}
	struct strv seen = {0};
	for (size_t i = 0; i < a->n; i++) {
		const char *host = a->c[i].host ? a->c[i].host : "";
		bool dup = false;
		for (size_t k = 0; k < seen.n && !dup; k++)
			dup = strcmp(seen.v[k], host) == 0;
		if (dup)
			continue;
		if (seen.n < 20) {
			h_raw(h, seen.n ? ", " : "");
			h_text(h, host);
		}
		h_check(h, strv_push(&seen, host));
	}
	if (a->nhosts > seen.n || seen.n > 20)
		h_printf(h, " and others");
	h_printf(h, " (%zu hosts)", a->nhosts);
	strv_free(&seen);
}

/* A partial view, said before any number: which processes and containers were not read. */
static void h_gaps(struct html *h, const struct gaps *g)
{
	h_printf(h,
		 "<section class=\"verdict bad\" id=\"incomplete\"><h2>Incomplete view</h2><p>%zu "
		 "process%s and %zu container%s could not be read: the results below cover part "
		 "of the host.</p><ul>",
		 g->processes, g->processes == 1 ? "" : "es", g->containers,
		 g->containers == 1 ? "" : "s");
	for (size_t i = 0; i < g->n; i++) {
		_cleanup_buf_ struct buf b = BUF_INIT;
		audit_gap_line(&g->v[i], &b);
		h_raw(h, "<li>");
		h_text(h, b.data ? b.data : "");
		h_raw(h, "</li>");
	}
	if (g->processes + g->containers > g->n)
		h_printf(h, "<li>%zu more not listed</li>", g->processes + g->containers - g->n);
	h_raw(h, "</ul></section>");
}

static void h_header(struct html *h, const struct audit_result *a)
{
	char ts[32];
	struct tm tm;
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M UTC", gmtime_r(&a->now, &tm));
	struct audit_counts all;
	audit_count(a, -1, &all);
	bool failed = audit_failed(a);
	h_raw(h, "<header class=\"top\"><div><h1>ctguard audit report</h1><p class=\"meta\">");
	h_raw(h, a->nhosts > 1 ? "Hosts " : "Host ");
	h_raw(h, "<b class=\"hosts\">");
	h_hosts(h, a);
	h_printf(h, "</b> \xc2\xb7 <time>%s</time> \xc2\xb7 ctguard %s</p></div>", ts,
		 PACKAGE_VERSION);
	bool incomplete = a->gaps && gaps_any(a->gaps);
	h_printf(h, "<div class=\"verdict %s\">%s</div></header>",
		 failed || incomplete ? "bad" : "good",
		 incomplete	 ? "INCOMPLETE"
		 : a->fail_never ? "not gated"
		 : failed	 ? "FAILED"
				 : "PASSED");
	if (incomplete)
		h_gaps(h, a->gaps);
	h_printf(
	    h,
	    "<section class=\"totals\"><div class=\"tile\"><b>%zu</b>containers</div>"
	    "<div class=\"tile\"><b>%zu</b>rules</div><div class=\"tile\"><b>%zu</b>%sfailed</div>"
	    "<div class=\"tile\"><b>%zu</b>passed</div><div class=\"tile\"><b>%zu</b>waived</div>"
	    "<div class=\"tile\"><b>%zu</b>not evaluated</div></section>",
	    a->n, a->nrules, all.fails, a->baseline ? "newly " : "", all.passes, all.waived,
	    all.not_evaluated);
	h_raw(h, "<section class=\"sevs\" id=\"severity\">");
	for (int s = SEV__COUNT - 1; s >= 0; s--)
		h_printf(h, "<div class=\"tile sev-%s\" data-sev=\"%s\"><b>%zu</b>%s</div>",
			 severity_name((enum severity)s), severity_name((enum severity)s),
			 all.fail[s], severity_name((enum severity)s));
	h_printf(h, "<p class=\"gate\">%s by severity; %s%s%s.</p></section>",
		 a->baseline ? "New failures" : "Failures",
		 a->fail_never ? "--fail-on none: the audit never fails" : "the audit fails at ",
		 a->fail_never ? "" : severity_name(a->fail_on), a->fail_never ? "" : " and above");
	if (a->baseline) {
		h_raw(h, "<p class=\"baseline\">Compared with <code>");
		h_text(h, a->baseline_file ? a->baseline_file : "the baseline");
		h_raw(h, "</code>: the cards show new failures only; compliance shows the current "
			 "state.</p>");
	}
}

static void h_body(struct html *h, const struct audit_result *a, const struct compliance *cp)
{
	h_header(h, a);
	h_raw(h, "<section id=\"compliance\"><h2>Compliance</h2><div class=\"fws\">");
	for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++)
		if (cp->f[fw].n)
			h_framework_summary(h, &cp->f[fw]);
	h_raw(h, "</div><p class=\"muted\">Share of (container, control) pairs that pass: a "
		 "control passes when every rule judging it passes; waived, failed and not "
		 "evaluated pairs do not.</p>");
	for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++)
		if (cp->f[fw].n)
			h_framework_table(h, &cp->f[fw]);
	h_raw(h, "</section>");
	h_raw(h, HTML_FILTER_BAR);
	h_matrix(h, a, cp);
	h_raw(h, "<section id=\"containers\"><h2>Containers</h2><div id=\"cards\">");
	for (size_t i = 0; i < a->n; i++)
		h_card(h, a, i);
	h_raw(h, "</div></section>");
	if (a->baseline)
		h_fixed(h, a);
}

int html_write(FILE *out, const struct audit_result *a)
{
	struct compliance cp;
	int r = compliance_compute(a, &cp);
	if (r < 0)
		return r;
	struct html h = {.out = out, .b = BUF_INIT};
	h_raw(&h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		  "<meta http-equiv=\"Content-Security-Policy\" content=\"" HTML_CSP "\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		  "<meta name=\"referrer\" content=\"no-referrer\"><title>ctguard audit: ");
	h_hosts(&h, a);
	h_raw(&h, "</title><style>" HTML_CSS "</style></head>\n<body><main>");
	h_body(&h, a, &cp);
	h_printf(&h,
		 "<footer>ctguard %s \xc2\xb7 a self-contained page: no external resource, "
		 "no network.</footer></main>",
		 PACKAGE_VERSION);
	h_raw(&h, "<script>" HTML_JS "</script></body></html>\n");
	compliance_free(&cp);
	h_flush(&h);
	buf_free(&h.b);
	if (h.err >= 0 && fflush(out) != 0)
		h.err = -EIO;
	return h.err;
}
