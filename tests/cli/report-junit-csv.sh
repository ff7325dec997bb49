#!/bin/bash
# JUnit XML and CSV output: golden files, well-formedness and the structure CI tools read,
# hostile container data (markup, quotes, line breaks, ESC, invalid UTF-8, spreadsheet
# formulas), waivers, fleet reports and baselines.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

command -v xmllint >/dev/null 2>&1 || t_skip_all "needs xmllint (tests/setup.sh installs it)"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27 CTGUARD_HOSTNAME=node-a
R="$DATA/report"
A="$DATA/audit"

# xml FILE DESC: well-formed, and valid against the schema of what Jenkins and GitLab read.
xml() {
	t_ok "$2: well-formed (xmllint --noout)" xmllint --noout "$1"
	t_ok "$2: valid against tests/data/report/junit.xsd" xmllint --noout --schema "$R/junit.xsd" "$1"
}

# junit_sum FILE: the suites' counts, checked against the test cases they hold.
junit_sum() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
bad = []
tot = [0, 0, 0]
for s in root.findall("testsuite"):
    cases = s.findall("testcase")
    n = [len(cases), sum(c.find("failure") is not None for c in cases),
         sum(c.find("skipped") is not None for c in cases)]
    if [int(s.get(k)) for k in ("tests", "failures", "skipped")] != n:
        bad.append(s.get("name"))
    tot = [a + b for a, b in zip(tot, n)]
if [int(root.get(k)) for k in ("tests", "failures")] != tot[:2]:
    bad.append("testsuites")
print(len(root.findall("testsuite")), *tot, bad)
PY
}

# rows FILE: parses FILE as RFC 4180 CSV; prints the row count and any malformed row.
rows() {
	python3 - "$1" <<'PY'
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], "rb").read().decode("utf-8"), newline="")))
head = "host,container_id,container_name,runtime,image,rule,title,severity,status,evidence,note,fingerprint,refs,remediation,claimed"
bad = [i for i, r in enumerate(rows) if len(r) != 15]
if ",".join(rows[0]) != head:
    bad.append("header")
print(len(rows) - 1, bad)
PY
}

# Golden outputs of the mixed host.
"$CTGUARD" audit --from "$A/mixed.json" --format junit >"$T/mixed.xml"
t_is "$?" 1 "junit mixed: exit 1"
t_ok "junit mixed: output matches tests/data/report/mixed.junit.xml" cmp "$T/mixed.xml" "$R/mixed.junit.xml"
xml "$T/mixed.xml" "junit mixed"
t_is "$(junit_sum "$T/mixed.xml")" "3 243 65 99 []" "junit mixed: 3 suites, 243 cases, 65 failures, 99 skipped, counts agree"
t_is "$(python3 - "$T/mixed.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
s = root.findall("testsuite")
c = s[0].find("testcase")
f = c.find("failure")
p = {x.get("name"): x.get("value") for x in s[0].find("properties")}
sk = s[2].find("testcase/skipped")
print([x.get("name") for x in s], s[0].get("hostname"), s[0].get("timestamp"), c.get("classname"),
      c.get("name"), f.get("type"), f.get("message"), f.text.splitlines()[0], p["runtime"], p["image"],
      sk.get("message"))
PY
)" "['node-a/worst', 'node-a/best', 'node-a/partial'] node-a 2026-11-27T00:00:00 cis-docker CIS-DOCKER-5.2: Ensure AppArmor confines the container medium Ensure AppArmor confines the container Evidence: host.apparmor = true; lsm.apparmor = \"unconfined\" docker evil:latest not evaluated: lsm.apparmor unknown" \
	"junit mixed: suite per container, case per rule, failure typed by severity, unknown is skipped"

"$CTGUARD" audit --from "$A/mixed.json" --format csv >"$T/mixed.csv"
t_is "$?" 1 "csv mixed: exit 1"
t_ok "csv mixed: output matches tests/data/report/mixed.csv" cmp "$T/mixed.csv" "$R/mixed.csv"
t_is "$(rows "$T/mixed.csv")" "243 []" "csv mixed: header and 243 rows of 15 fields (claimed last)"
t_is "$(python3 - "$T/mixed.csv" "$T/mixed.json" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
r = rows[0]
print(r["host"], r["container_name"], r["rule"], r["severity"], r["status"], r["refs"], r["evidence"])
PY
)" 'node-a worst CIS-DOCKER-5.2 medium fail cis-docker=5.2;nist-800-190=4.4 host.apparmor = true; lsm.apparmor = "unconfined"' \
	"csv mixed: fields and refs as key=value;..."
t_unlike "$(LC_ALL=C grep -c $'[^\r]$' "$T/mixed.csv")" '^[1-9]' "csv mixed: every line ends with CRLF"

# Hostile names, images and evidence.
"$CTGUARD" audit --from "$R/hostile-export.json" --format junit >"$T/hostile.xml"
xml "$T/hostile.xml" "junit hostile"
t_is "$(junit_sum "$T/hostile.xml")" "3 243 174 63 []" "junit hostile: counts agree"
t_is "$(LC_ALL=C grep -c $'[\001-\010\013\014\016-\037]\\|<img' "$T/hostile.xml")" 0 \
	"junit hostile: no raw control character, no raw <img"
t_is "$(python3 - "$T/hostile.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")
root = ET.fromstring(raw)
s = root.findall("testsuite")
name = '<img src=x onerror=alert(1)>"quoted", \'single\'\nsecond line\ufffd[2J' + "\ufffd" * 4
p = {x.get("name"): x.get("value") for x in s[0].find("properties")}
f = [c for c in s[0].findall("testcase") if c.get("name").startswith("CIS-DOCKER-5.3:")][0].find("failure")
print(s[0].get("name") == "node-a/" + name, p["image"] == "=cmd|' /C calc'!A0",
      '<img src=x onerror=alert(1)> "q",\ufffd\n\ufffd]0;pwned\ufffd' in f.text,
      "\ufffe" not in f.text and "\uffff" not in f.text, s[2].get("name") == "node-a/\t=1+1")
PY
)" "True True True True True" "junit hostile: text and attributes survive as text; ESC, CR, U+FFFE/U+FFFF, invalid UTF-8 as U+FFFD"

"$CTGUARD" audit --from "$R/hostile-export.json" --format csv >"$T/hostile.csv"
t_is "$(rows "$T/hostile.csv")" "243 []" "csv hostile: header and 243 rows of 15 fields (claimed last)"
t_is "$(LC_ALL=C grep -c $'[\001-\010\013\014\016-\037]' "$T/hostile.csv")" 0 "csv hostile: no raw control character but tab, CR, LF"
t_is "$(python3 - "$T/hostile.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
name = '<img src=x onerror=alert(1)>"quoted", \'single\'\nsecond line\ufffd[2J' + "\ufffd" * 4
formula = [v for r in rows for v in r.values() if v[:1] in ("=", "+", "-", "@", "\t", "\r")]
first = {(r["container_id"], r["container_name"], r["image"]) for r in rows}
ev = [r["evidence"] for r in rows if r["rule"] == "CIS-DOCKER-5.3"][0]
print(len(formula), sorted(first) == sorted([
    ("0" * 64, name, "'=cmd|' /C calc'!A0"), ("'-2+3", "'@SUM(1+1)", "'+SUM(1+1)"),
    ("1" * 64, "'\t=1+1", "'\r=1+1")]), '"q",\r\n\ufffd]0;pwned\ufffd' in ev)
PY
)" "0 True True" "csv hostile: formulas defused with a leading quote, line breaks kept, ESC replaced"

# Waivers: a waived failure is a skipped case and a row with status waived and the note.
cat >"$T/w.yaml" <<'Y'
version: 1
waivers:
  - rule: CIS-DOCKER-5.2
    selector: {name: worst}
    reason: "=accepted, <b>by</b> ops"
    owner: ops
    expires: 2099-12-31
Y
"$CTGUARD" audit --from "$A/mixed.json" --waivers "$T/w.yaml" --format junit >"$T/waived.xml"
xml "$T/waived.xml" "junit waived"
t_is "$(junit_sum "$T/waived.xml")" "3 243 64 100 []" "junit waived: one failure fewer, one skipped more"
t_like "$(python3 -c 'import sys, xml.etree.ElementTree as ET; print(ET.parse(sys.argv[1]).getroot().find("testsuite/testcase/skipped").get("message"))' "$T/waived.xml")" \
	'^waived: .*=accepted, <b>by</b> ops' "junit waived: skipped with the waiver's reason"
"$CTGUARD" audit --from "$A/mixed.json" --waivers "$T/w.yaml" --format csv >"$T/waived.csv"
t_like "$(python3 -c 'import csv, sys; r = list(csv.DictReader(open(sys.argv[1], newline=""))); print(r[0]["status"], r[0]["note"])' "$T/waived.csv")" \
	'^waived .*=accepted, <b>by</b> ops' "csv waived: status waived, note with the reason"

# A fleet of two hosts merged by ctguard report.
"$CTGUARD" audit --from "$A/mixed.json" --format json -o "$T/a.json"
CTGUARD_HOSTNAME=node-b "$CTGUARD" audit --from "$A/worst.json" --format json -o "$T/b.json"
"$CTGUARD" report --format junit "$T/a.json" "$T/b.json" >"$T/fleet.xml"
t_is "$?" 0 "junit fleet: ctguard report exit 0"
xml "$T/fleet.xml" "junit fleet"
t_is "$(junit_sum "$T/fleet.xml")" "4 324 130 111 []" "junit fleet: four suites, counts agree"
t_is "$(python3 -c 'import sys, xml.etree.ElementTree as ET; print(" ".join(s.get("name") + "@" + s.get("hostname") for s in ET.parse(sys.argv[1]).getroot()))' "$T/fleet.xml")" \
	"node-a/worst@node-a node-a/best@node-a node-a/partial@node-a node-b/worst@node-b" "junit fleet: suites named and attributed by host"
"$CTGUARD" report --format csv "$T/a.json" "$T/b.json" >"$T/fleet.csv"
t_is "$(rows "$T/fleet.csv")" "324 []" "csv fleet: 324 rows"
t_is "$(python3 -c 'import csv, sys, collections; print(sorted(collections.Counter(r["host"] for r in csv.DictReader(open(sys.argv[1], newline=""))).items()))' "$T/fleet.csv")" \
	"[('node-a', 243), ('node-b', 81)]" "csv fleet: the host of every row"

# Baseline: only failures new since the baseline (which had the escapes pack only).
"$CTGUARD" audit --from "$A/mixed.json" --pack escapes --format json -o "$T/base.json"
"$CTGUARD" audit --from "$A/mixed.json" --baseline "$T/base.json" --format junit >"$T/baseline.xml"
xml "$T/baseline.xml" "junit baseline"
t_is "$(junit_sum "$T/baseline.xml")" "3 40 40 0 []" "junit baseline: only the 40 new failures"
"$CTGUARD" audit --from "$A/mixed.json" --baseline "$T/base.json" --format csv >"$T/baseline.csv"
t_is "$(python3 -c 'import csv, sys; r = list(csv.DictReader(open(sys.argv[1], newline=""))); print(len(r), {x["status"] for x in r}, any(x["rule"].startswith("CTG-ESC") for x in r))' "$T/baseline.csv")" \
	"40 {'fail'} False" "csv baseline: only the 40 new failures"

t_done
