#!/bin/bash
# The HTML report: self-contained, compliance numbers recomputed here from the JSON report,
# hostile names rendered as text (checked in a real browser), golden output for mixed.json.
# CTGUARD_UPDATE_GOLDEN=1 rewrites tests/data/report/mixed.html (review the diff).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
A="$DATA/audit"
R="$DATA/report"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27 CTGUARD_HOSTNAME=node-a
version=$("$CTGUARD" --version | awk '{print $2}')

cat >"$T/w.yaml" <<'YAML'
version: 1
waivers:
  - rule: CIS-DOCKER-5.13
    selector: {name: worst}
    reason: legacy app writes to /var
    owner: platform-team
  - rule: PSS-R-NON-ROOT
    selector: {name: worst}
    reason: "vendor image runs as root <until 2027>"
    owner: app-team
YAML

# --- The file itself (no browser needed) -------------------------------------------------------
"$CTGUARD" audit --from "$A/mixed.json" --format html -o "$T/mixed.html"
t_is "$?" 1 "html: exit status still says the audit failed"
"$CTGUARD" audit --from "$A/mixed.json" --format json -o "$T/mixed.json"
"$CTGUARD" audit --from "$A/mixed.json" --waivers "$T/w.yaml" --format html -o "$T/w.html" 2>/dev/null
"$CTGUARD" audit --from "$A/mixed.json" --waivers "$T/w.yaml" --format json -o "$T/w.json" 2>/dev/null
CTGUARD_HOSTNAME='<script>alert(3)</script>' \
	"$CTGUARD" audit --from "$R/hostile.json" --format html -o "$T/hostile.html"
t_is "$?" 1 "hostile document: rendered"

sed "s/ctguard $version/ctguard @VERSION@/g" "$T/mixed.html" >"$T/mixed.golden"
if [ "${CTGUARD_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$T/mixed.golden" "$R/mixed.html"; fi
if cmp -s "$T/mixed.golden" "$R/mixed.html"; then
	t_pass "mixed.json renders as the reviewed golden page (tests/data/report/mixed.html)"
else
	t_fail "mixed.json renders as the reviewed golden page (tests/data/report/mixed.html)"
	diff "$R/mixed.html" "$T/mixed.golden" | head -20 | sed 's/^/#   /'
fi

for f in mixed w hostile; do
	t_unlike "$(grep -Eio 'https?://|<link|<script[^>]*src|<iframe|<object|<embed|url\(|@import' \
		"$T/$f.html" | sort -u | tr '\n' ' ')" . "$f: no external reference (http, link, script src, url())"
done
selfcheck=$(python3 - "$T/hostile.html" "$T/mixed.html" <<'PY'
import base64, hashlib, re, sys
errs = []
for p in sys.argv[1:]:
    raw = open(p, "rb").read()
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        errs.append(p + ": not valid UTF-8"); continue
    if re.search("[\x00-\x08\x0b-\x1f\x7f]", s): errs.append(p + ": control character")
    if len(re.findall(r"<script\b", s)) != 1: errs.append(p + ": not exactly one script element")
    if len(re.findall(r"<style\b", s)) != 1: errs.append(p + ": not exactly one style element")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', s)
    if not csp or "default-src 'none'" not in csp.group(1): errs.append(p + ": no default-src 'none' CSP"); continue
    for tag, d in (("style", "style-src"), ("script", "script-src")):
        body = re.search(r"<%s>(.*?)</%s>" % (tag, tag), s, re.S).group(1)
        h = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        if "%s 'sha256-%s'" % (d, h) not in csp.group(1): errs.append("%s: %s hash is not %s" % (p, d, h))
print("ok" if not errs else "; ".join(errs))
PY
)
t_is "$selfcheck" ok "UTF-8, no control characters, one style and one script, both pinned by CSP hash"
t_unlike "$(grep -o '<img[^&]*' "$T/hostile.html" | head -3)" . "hostile: no raw <img in the file"

# --- In a browser -----------------------------------------------------------------------------
if ! command -v chromium >/dev/null 2>&1; then
	t_skip "needs chromium (tests/setup.sh installs it)"
	t_done
fi
browse() { # browse FILE.html [extra chromium flags...]: the DOM after scripts ran, on stdout
	local f=$1 prof
	shift
	prof=$(mktemp -d "$T/prof.XXXXXX")
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$prof" \
		"$@" --dump-dom "file://$f" 2>/dev/null
}
browse "$T/mixed.html" >"$T/mixed.dom"
browse "$T/w.html" >"$T/w.dom"
browse "$T/hostile.html" >"$T/hostile.dom"
# Script disabled: chromium's --dump-dom needs script itself, so the same page without its script.
sed 's|<script>.*</script>||' "$T/w.html" >"$T/noscript.html"
browse "$T/noscript.html" >"$T/noscript.dom"
t_ok "chromium rendered the pages" test -s "$T/mixed.dom" -a -s "$T/w.dom" -a -s "$T/hostile.dom" -a -s "$T/noscript.dom"

# dom.py: compares a dumped DOM with the compliance recomputed from the JSON result, prints one
# line per check ("ok NAME" or "FAIL NAME: detail").
cat >"$T/dom.py" <<'PY'
import json, sys
from html.parser import HTMLParser

class Node:
    def __init__(s, tag, attrs, parent):
        s.tag, s.attrs, s.parent, s.kids, s.text = tag, dict(attrs), parent, [], ""
    def all(s):
        yield s
        for k in s.kids:
            yield from k.all()
    def find(s, tag=None, cls=None, **a):
        for n in s.all():
            if tag and n.tag != tag: continue
            if cls and cls not in n.attrs.get("class", "").split(): continue
            if any(n.attrs.get(k.replace("_", "-")) != v for k, v in a.items()): continue
            yield n
    def one(s, *a, **k):
        return next(s.find(*a, **k), None)
    def txt(s):
        return s.text + "".join(k.txt() + k.tail for k in s.kids)

VOID = {"meta", "br", "input", "img", "link", "rect", "hr", "col", "area", "base", "source", "wbr"}
class P(HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True)
        s.root = Node("#root", [], None); s.root.tail = ""; s.cur = s.root
    def handle_starttag(s, t, a):
        n = Node(t, a, s.cur); n.tail = ""; s.cur.kids.append(n)
        if t not in VOID: s.cur = n
    def handle_startendtag(s, t, a):
        n = Node(t, a, s.cur); n.tail = ""; s.cur.kids.append(n)
    def handle_endtag(s, t):
        n = s.cur
        while n is not s.root and n.tag != t: n = n.parent
        if n is not s.root: s.cur = n.parent
    def handle_data(s, d):
        if s.cur.kids: s.cur.kids[-1].tail += d
        else: s.cur.text += d

def parse(path):
    p = P(); p.feed(open(path, encoding="utf-8").read()); return p.root

ORDER = ["none", "pass", "not_evaluated", "waived", "fail"]
FW = ["cis-docker", "pss-baseline", "pss-restricted", "escapes"]
def key(fw, f):
    r = f["refs"]
    if fw == "cis-docker": return r.get("cis-docker")
    if fw == "pss-baseline": return r.get("pss-control") if r.get("pss") == "baseline" else None
    if fw == "pss-restricted":
        return r.get("pss-control") if r.get("pss") in ("baseline", "restricted") else None
    return f["rule"] if f["pack"] == "escapes" else None

def expected(doc):
    """framework -> (controls in order, {(container index, control): state})"""
    out = {}
    for fw in FW:
        ctl = []
        for r in doc["rules"]:
            k = key(fw, {"refs": r["refs"], "rule": r["id"], "pack": r["pack"]})
            if k and k not in ctl: ctl.append(k)
        if fw == "cis-docker": ctl.sort(key=lambda v: [int(x) for x in v.split(".")])
        cell = {}
        for i, c in enumerate(doc["containers"]):
            for k in ctl: cell[i, k] = "none"
            for f in c["findings"]:
                k = key(fw, f)
                if k and ORDER.index(f["status"]) > ORDER.index(cell[i, k]): cell[i, k] = f["status"]
        out[fw] = (ctl, cell)
    return out

def pct(p, t): return "%.1f%%" % (100.0 * p / t if t else 0.0)

dom, doc = parse(sys.argv[1]), json.load(open(sys.argv[2]))
def check(name, ok, detail=""):
    print(("ok " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)))

exp = expected(doc)
cls = {"pass": "pass", "fail": "fail", "waived": "waived", "not_evaluated": "na", "none": "na"}
for fw in FW:
    ctl, cell = exp[fw]
    states = list(cell.values())
    want = pct(states.count("pass"), len(states))
    sec = dom.one("section", cls="framework", data_framework=fw)
    summ = dom.one("a", cls="fw", data_framework=fw)
    check(fw + " section and summary exist", sec is not None and summ is not None)
    if sec is None or summ is None: continue
    got = (sec.one("span", cls="pct").txt(), summ.one("span", cls="pct").txt())
    check(fw + " percentage " + want, got == (want, want), got)
    rows = [r for r in sec.find("tr") if "data-control" in r.attrs]
    check(fw + " controls in order", [r.attrs["data-control"] for r in rows] == ctl,
          [r.attrs["data-control"] for r in rows])
    bad = []
    for r in rows:
        k = r.attrs["data-control"]
        col = [cell[i, k] for i in range(len(doc["containers"]))]
        w = [str(col.count("pass")), str(col.count("fail")), str(col.count("waived")),
             str(col.count("not_evaluated") + col.count("none"))]
        g = [r.one("td", cls=c).txt() for c in ("pass", "fail", "waived", "na")]
        p = r.one("td", cls="pct").txt()
        if g != w or p != pct(col.count("pass"), len(col)): bad.append((k, g, w, p))
    check(fw + " per-control pass/fail/waived/n-a counts and percentages", not bad, bad)

m = dom.one("table", id="matrix")
ncol = sum(len(exp[fw][0]) for fw in FW)
body = m.one("tbody") if m else None
rows = [r for r in body.kids if r.tag == "tr"] if body else []
check("matrix has a row per container", len(rows) == len(doc["containers"]), len(rows))
sizes = {len([c for c in r.kids if c.tag == "td"]) for r in rows}
check("matrix has %d control columns in every row" % ncol, sizes == {ncol}, sizes)
heads = [h for h in m.find("th", cls="col")] if m else []
check("matrix has %d column headers" % ncol, len(heads) == ncol, len(heads))
bad = []
for i, r in enumerate(rows):
    cells = [c for c in r.kids if c.tag == "td"]
    want = [(cls[exp[fw][1][i, k]], k) for fw in FW for k in exp[fw][0]]
    for c, (st, k) in zip(cells, want):
        if st not in c.attrs.get("class", "").split() or not c.attrs.get("title", "").startswith(k + ":"):
            bad.append((i, k, st, c.attrs))
check("matrix cells coloured by state, titled by control", not bad, bad[:3])
bad = []
for i, r in enumerate(rows):
    cells = [c for c in r.kids if c.tag == "td"]
    want = [exp[fw] for fw in FW for k in exp[fw][0]]
    ids = [[f["rule"] for f in doc["containers"][i]["findings"] if key(fw, f) == k]
           for fw in FW for k in exp[fw][0]]
    for c, rule_ids in zip(cells, ids):
        if not all(x in c.attrs["title"] for x in rule_ids): bad.append((c.attrs["title"], rule_ids))
check("matrix cell titles name the rule ids", not bad, bad[:3])

cards = list(dom.find("article", cls="card"))
names = [c["name"] for c in doc["containers"]]
check("a card per container, in order", [c.one("h3").txt() for c in cards] == names,
      [c.one("h3").txt() for c in cards])
bad = []
for card, c in zip(cards, doc["containers"]):
    want = sorted(f["rule"] for f in c["findings"] if f["status"] in ("fail", "waived"))
    got = sorted(li.one("code", cls="rid").txt() for li in card.find("li", cls="finding"))
    if want != got: bad.append((c["name"], got, want))
    for li in card.find("li", cls="finding"):
        f = [f for f in c["findings"] if f["rule"] == li.one("code", cls="rid").txt()][0]
        if li.attrs["data-sev"] != f["severity"] or li.one("code", cls="ev").txt() != f["evidence"]:
            bad.append((f["rule"], "severity or evidence"))
        waived = "is-waived" in li.attrs["class"].split()
        if waived != (f["status"] == "waived"): bad.append((f["rule"], "waived mark"))
        if waived and li.one("p", cls="note").txt() != f["note"]: bad.append((f["rule"], "note"))
        fix = li.one("p", cls="fix")
        if not waived and (fix is None or fix.txt() != f["remediation"]): bad.append((f["rule"], "fix"))
check("cards list every failing and waived rule with severity, evidence, note or fix", not bad, bad[:3])
ident = cards[0].one("dl", cls="identity") if cards else None
dts = [n.txt() for n in ident.find("dt")] if ident else []
check("identity shows host, runtime, name, id, image, user, pid",
      all(x in dts for x in ("Host", "Runtime", "Name", "ID", "Image", "User", "PID")), dts)
tiles = {t.attrs["data-sev"]: t.one("b").txt() for t in dom.find("div", cls="tile") if "data-sev" in t.attrs}
want = {k: str(v) for k, v in doc["summary"]["findings"]["fail"].items()}
check("severity counts", tiles == want, (tiles, want))
PY
check_dom() { # check_dom DOM JSON PREFIX
	python3 "$T/dom.py" "$1" "$2" >"$T/dom.out" 2>&1 || echo "FAIL dom.py crashed: $(tail -n1 "$T/dom.out")" >>"$T/dom.out"
	while read -r st rest; do
		if [ "$st" = ok ]; then t_pass "$3: $rest"; else t_fail "$3: $rest"; fi
	done <"$T/dom.out"
}
check_dom "$T/mixed.dom" "$T/mixed.json" mixed
check_dom "$T/w.dom" "$T/w.json" "mixed with waivers"
t_like "$(grep -o 'class="cell waived"' "$T/w.dom" | wc -l)" '^ *[1-9]' "waived controls show as waived cells"
t_like "$(grep -o '<span id="f-count">[^<]*' "$T/w.dom")" '3 of 3 containers' "the script ran: filter bar shown and counting"
t_like "$(grep -o '<div id="filters"[^>]*>' "$T/noscript.dom")" 'hidden' "without script the filter bar stays hidden"
t_is "$(grep -o '<article class="card"' "$T/noscript.dom" | wc -l)" 3 "without script every card is there"
t_is "$(grep -o ' hidden[=> ]' "$T/noscript.dom" | wc -l)" 1 "without script nothing but the filter bar is hidden"

# Hostile strings: text in the DOM, no element made of them.
hostile=$(python3 - "$T/hostile.dom" <<'PY'
import sys
from html.parser import HTMLParser
tags, text = [], []
class P(HTMLParser):
    def handle_starttag(s, t, a):
        tags.append(t)
        if any(k.startswith("on") for k, v in a): tags.append("on* attribute")
    def handle_data(s, d):
        text.append(d)
        if d == "bold": tags.append("element made from <b>bold</b>")
P(convert_charrefs=True).feed(open(sys.argv[1], encoding="utf-8").read())
t = "".join(text)
errs = []
for bad in ("img", "iframe", "object", "embed", "on* attribute", "element made from <b>bold</b>"):
    if bad in tags: errs.append("found: " + bad)
if tags.count("script") != 1: errs.append("%d script elements" % tags.count("script"))
for want in ("<img src=x onerror=alert(1)>", '"><script>alert(1)</script>', "<b>bold</b>:latest",
             "<script>alert(3)</script>", "/run/</code><img src=x onerror=alert(2)>.sock",
             "\"quoted\" 'x' \ufffd[31mRED \ufffd\ufffd", "\"quoted\" & 'apos' \ufffd]0;pwned\ufffd \ufffd(tail"):
    if want not in t: errs.append("text missing: " + want)
if "\x1b" in t: errs.append("ESC in text")
print("ok" if not errs else "; ".join(errs))
PY
)
t_is "$hostile" ok "hostile names, images, host name and evidence are text, not elements"

# Visible and working: a copy of the page with the CSP removed and a probe script that measures
# the hostile card title and drives the filters, writing what it saw into the DOM.
python3 - "$T/hostile.html" "$T/probe.html" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", s)
probe = """<script>(function(){var o={};
var h=document.querySelector('#c0 h3'),r=h.getBoundingClientRect(),cs=getComputedStyle(h);
o.title=h.textContent;o.visible=r.width>50&&r.height>10&&cs.visibility==='visible'&&cs.display!=='none'&&cs.color!==cs.backgroundColor;
var t=document.getElementById('f-text');t.value='QUOTED';t.dispatchEvent(new Event('input'));
o.filtered=[].map.call(document.querySelectorAll('#cards .card'),function(c){return c.hidden?0:1;}).join('');
o.rows=[].map.call(document.querySelectorAll('#matrix tbody tr'),function(c){return c.hidden?0:1;}).join('');
t.value='';t.dispatchEvent(new Event('input'));
var b=document.querySelector('#filters input[data-sev=critical]');b.checked=false;b.dispatchEvent(new Event('change'));
o.critShown=document.querySelectorAll('li[data-sev=critical]:not([hidden])').length;
o.highShown=document.querySelectorAll('li[data-sev=high]:not([hidden])').length;
var s=document.getElementById('f-sort');s.value='name';s.dispatchEvent(new Event('change'));
o.order=[].map.call(document.querySelectorAll('#cards .card'),function(c){return c.id;}).join(',');
var p=document.createElement('pre');p.id='probe';p.textContent=JSON.stringify(o);document.body.appendChild(p);})();</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(s.replace("</body>", probe + "</body>"))
PY
browse "$T/probe.html" >"$T/probe.dom"
probe=$(python3 - "$T/probe.dom" <<'PY'
import html, json, re, sys
m = re.search(r'<pre id="probe">(.*?)</pre>', open(sys.argv[1], encoding="utf-8").read(), re.S)
print(json.dumps(json.loads(html.unescape(m.group(1))), sort_keys=True) if m else "no probe output")
PY
)
t_like "$probe" '"title": "<img src=x onerror=alert\(1\)>"' "hostile name is the card title's text"
t_like "$probe" '"visible": true' "and it is visible (laid out, not hidden, not same colour as background)"
t_like "$probe" '"filtered": "01", "highShown": [1-9][0-9]*, "order": "c1,c0", "rows": "01"' \
	"name filter hides cards and matrix rows; sort by name reorders"
t_like "$probe" '"critShown": 0' "unchecking critical hides critical findings"

# Fleet and baseline.
CTGUARD_HOSTNAME=node-b "$CTGUARD" audit --from "$A/best.json" --format json -o "$T/b.json"
"$CTGUARD" report --format html -o "$T/fleet.html" "$T/mixed.json" "$T/b.json"
t_is "$?" 0 "ctguard report --format html"
browse "$T/fleet.html" >"$T/fleet.dom"
t_like "$(grep -o '<b class="hosts">[^<]*' "$T/fleet.dom")" 'node-a, node-b \(2 hosts\)' "fleet: hosts in the header"
t_is "$(grep -o '<article class="card"' "$T/fleet.dom" | wc -l)" 4 "fleet: a card per container of every host"
t_is "$(grep -o '<span class="host">node-b</span>' "$T/fleet.dom" | wc -l)" 1 "fleet: matrix rows say the host"
"$CTGUARD" audit --from "$A/mixed.json" --baseline "$T/mixed.json" --format html -o "$T/base.html"
t_is "$?" 0 "baseline: nothing new, exit 0"
t_is "$(grep -o 'Fixed since the baseline' "$T/base.html" | wc -l) $(grep -o 'No new failing or waived rule' "$T/base.html" | wc -l)" \
	"1 3" "baseline: cards show only new failures, fixed section present"
t_done
