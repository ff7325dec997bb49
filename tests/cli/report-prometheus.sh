#!/bin/bash
# --format prometheus: the golden output, promtool check metrics (no error, no lint warning),
# hostile container names, and every value cross-checked against the JSON of the same audit.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_cmd python3 promtool
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27 CTGUARD_HOSTNAME=node-a
R="$DATA/report"

# promtool_clean FILE DESC: exit 0 and nothing printed (lint problems are printed, exit 3).
promtool_clean() {
	out=$(promtool check metrics <"$1" 2>&1); rc=$?
	t_is "$rc:$out" "0:" "$2: promtool check metrics passes without lint warnings"
}

# check.py PROM JSON: parses the exposition (unescaping label values) and compares every value
# with the audit JSON; prints "ok" or what differs.
cat >"$T/check.py" <<'EOF'
import calendar, json, re, sys, time
prom, doc = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
fleet = len({c.get("host") for c in doc["containers"]}) > 1 or "hosts" in doc["summary"]
problems, series, families = [], {}, {}
LINE = re.compile(r'^([a-z_]+)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-z_]+)="((?:[^"\\]|\\.)*)"(,|$)')
for line in open(prom, encoding="utf-8").read().split("\n")[:-1]:
    if line.startswith("# "):
        kind, name = line.split(" ")[1:3]
        families.setdefault(name, set()).add(kind)
        continue
    m = LINE.match(line)
    if not m:
        problems.append("not a sample line: %r" % line); continue
    labels, rest = {}, m.group(2) or ""
    while rest:
        l = LABEL.match(rest)
        if not l:
            problems.append("bad labels: %r" % rest); break
        v = l.group(2)
        labels[l.group(1)] = re.sub(r'\\(.)', lambda e: {"n": "\n"}.get(e.group(1), e.group(1)), v)
        rest = rest[l.end():]
    key = (m.group(1), tuple(sorted(labels.items())))
    if key in series:
        problems.append("duplicate series %r" % (key,))
    series[key] = float(m.group(3))
for name, kinds in families.items():
    if kinds != {"HELP", "TYPE"}:
        problems.append("%s lacks HELP or TYPE" % name)
def get(name, **labels):
    return series.get((name, tuple(sorted(labels.items()))))
def want(got, exp, what):
    if got != exp:
        problems.append("%s: got %r, want %r" % (what, got, exp))
SEV = ["info", "low", "medium", "high", "critical"]
hosts = {}
for c in doc["containers"]:
    hosts.setdefault(c.get("host", doc["host"]["hostname"]) if fleet else None, []).append(c)
for h, cs in hosts.items():
    hl = {"host": h} if fleet else {}
    for s in SEV:
        want(get("ctguard_findings", severity=s, status="fail", **hl),
             sum(c["summary"]["fail"][s] for c in cs), "findings %s %s" % (h, s))
    want(get("ctguard_containers_audited", **hl), len(cs), "containers %s" % h)
    want(get("ctguard_waived_findings", **hl), sum(c["summary"]["waived"] for c in cs), "waived")
    want(get("ctguard_not_evaluated_findings", **hl),
         sum(c["summary"]["not_evaluated"] for c in cs), "not evaluated")
    for r in doc["rules"]:
        n = sum(any(f["rule"] == r["id"] and f["status"] == "fail" for f in c["findings"])
                for c in cs)
        want(get("ctguard_rule_failures", rule=r["id"], severity=r["severity"],
                 pack=r["pack"], **hl), n, "rule %s on %s" % (r["id"], h))
if not fleet:
    for s in SEV:
        want(get("ctguard_findings", severity=s, status="fail"),
             doc["summary"]["findings"]["fail"][s], "fleet findings %s" % s)
# Per container: label values are the names with control characters (but \n) as U+FFFD.
def clean(s):
    return re.sub("[\x00-\x09\x0b-\x1f\x7f-\x9f]", "\ufffd", s)
exp = {}
for c in doc["containers"]:
    k = (c.get("host", doc["host"]["hostname"]), clean(c["name"]), c["runtime"])
    e = exp.setdefault(k, [0] * 5)
    for i, s in enumerate(SEV):
        e[i] += c["summary"]["fail"][s]
got_containers = {tuple(dict(l)[x] for x in ("host", "container", "runtime"))
                  for (n, l) in series if n == "ctguard_container_findings"}
want(got_containers, {k for k, v in exp.items() if sum(v)}, "containers with failures")
for k, v in exp.items():
    for i, s in enumerate(SEV):
        if sum(v):
            want(get("ctguard_container_findings", host=k[0], container=k[1], runtime=k[2],
                     severity=s), v[i], "container %r %s" % (k, s))
want(get("ctguard_rules"), len(doc["rules"]), "rules")
want(get("ctguard_audit_failed"), 1 if doc["summary"]["failed"] else 0, "failed")
want(get("ctguard_audit_timestamp_seconds"),
     calendar.timegm(time.strptime(doc["host"]["time"], "%Y-%m-%dT%H:%M:%SZ")), "timestamp")
want(get("ctguard_audit_duration_seconds"), doc["host"]["duration_seconds"], "duration")
if fleet:
    want(get("ctguard_hosts"), len(doc["summary"]["hosts"]), "hosts")
if "baseline" in doc:
    want(get("ctguard_fixed_findings"), len(doc["baseline"]["fixed"]), "fixed")
print("; ".join(problems[:5]) if problems else "ok")
EOF

# Golden output, byte for byte (hand-reviewed: the counts are those of the text report).
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --format prometheus >"$T/mixed.prom"
t_is "$?" 1 "audit --format prometheus keeps the --fail-on exit status"
t_ok "golden output (tests/data/report/mixed.prom)" cmp "$T/mixed.prom" "$R/mixed.prom"
diff -u "$R/mixed.prom" "$T/mixed.prom" | head -20 | sed 's/^/#   /'
promtool_clean "$T/mixed.prom" "mixed"
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --format json -o "$T/mixed.json"
t_is "$(python3 "$T/check.py" "$T/mixed.prom" "$T/mixed.json")" ok "mixed: values match the JSON"
t_is "$(grep -c '^# TYPE .* gauge$' "$T/mixed.prom")" 13 "mixed: thirteen gauge families (three say whether the view is complete)"
t_is "$(grep -c '^ctguard_findings{' "$T/mixed.prom")" 5 "every severity has a series"

for d in best worst; do
	"$CTGUARD" audit --from "$DATA/audit/$d.json" --format prometheus -o "$T/$d.prom"
	"$CTGUARD" audit --from "$DATA/audit/$d.json" --format json -o "$T/$d.json"
	promtool_clean "$T/$d.prom" "$d"
	t_is "$(python3 "$T/check.py" "$T/$d.prom" "$T/$d.json")" ok "$d: values match the JSON"
done
t_is "$(grep -c '^ctguard_container_findings{' "$T/best.prom")" 0 \
	"best: a container with no failure has no per-container series"
t_like "$(grep '^ctguard_audit_failed' "$T/best.prom")" " 0$" "best: ctguard_audit_failed 0"
"$CTGUARD" audit --from "$DATA/audit/worst.json" --fail-on none --format prometheus -o "$T/n.prom"
t_like "$(grep '^ctguard_audit_failed' "$T/n.prom")" " 0$" "--fail-on none: ctguard_audit_failed 0"

# Hostile names: quotes, backslashes, newlines, markup, escape sequences, invalid UTF-8.
"$CTGUARD" audit --from "$R/hostile-names.json" --format prometheus -o "$T/h.prom"
"$CTGUARD" audit --from "$R/hostile-names.json" --format json -o "$T/h.json"
promtool_clean "$T/h.prom" "hostile names"
t_is "$(python3 "$T/check.py" "$T/h.prom" "$T/h.json")" ok \
	"hostile names: label values round-trip and values match the JSON"
t_ok "hostile names: the output is valid UTF-8" python3 -c "open('$T/h.prom', encoding='utf-8').read()"
t_is "$(LC_ALL=C grep -c $'[\x01-\x09\x0b-\x1f\x7f]' "$T/h.prom")" 0 \
	"hostile names: no control character reaches the file"
t_like "$(grep -F 'container="new\nline' "$T/h.prom" | head -1)" '^ctguard_container_findings\{' \
	"hostile names: a newline is escaped, not a line break"
t_is "$(grep -c '^# HELP fake' "$T/h.prom")" 0 "hostile names: no forged comment line"
t_is "$(grep -c '^ctguard_container_findings{.*container="dup"' "$T/h.prom")" 5 \
	"two containers of one name are one series per severity"
t_like "$(grep -F 'container="dup"' "$T/h.prom" | grep 'severity="critical"')" " 20$" \
	"and their counts add up"

# Waivers and a baseline.
cat >"$T/w.yaml" <<'YAML'
version: 1
waivers:
  - rule: "CIS-DOCKER-*"
    selector: {name: worst}
    reason: test
    owner: qa
    expires: 2027-01-31
YAML
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --waivers "$T/w.yaml" --format prometheus \
	-o "$T/w.prom" 2>/dev/null
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --waivers "$T/w.yaml" --format json \
	-o "$T/w.json" 2>/dev/null
promtool_clean "$T/w.prom" "waivers"
t_is "$(python3 "$T/check.py" "$T/w.prom" "$T/w.json")" ok "waivers: values match the JSON"
t_like "$(grep '^ctguard_waived_findings' "$T/w.prom")" " 23$" "waivers: 23 waived findings"
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --baseline "$T/w.json" --format prometheus \
	-o "$T/b.prom"
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --baseline "$T/w.json" --format json \
	-o "$T/b.json"
promtool_clean "$T/b.prom" "baseline"
t_is "$(python3 "$T/check.py" "$T/b.prom" "$T/b.json")" ok "baseline: values match the JSON"
t_is "$(grep -E '^ctguard_findings\{' "$T/b.prom" | awk '{s += $2} END {print s}')" 23 \
	"baseline: only the 23 newly failing (formerly waived) findings count"
t_like "$(grep '^ctguard_fixed_findings' "$T/b.prom")" " 0$" "baseline: ctguard_fixed_findings"

# A fleet: per-host series with a host label.
H="$DATA/hosts"
for h in runc-default podman-privileged-hostpid lxc; do
	CTGUARD_HOSTNAME=$h "$CTGUARD" audit --proc-root "$H/$h/proc" --host-root "$H/$h/root" \
		--format json -o "$T/fleet-$h.json"
done
"$CTGUARD" report --format prometheus "$T"/fleet-*.json "$T/mixed.json" >"$T/f.prom"
t_is "$?" 0 "report --format prometheus: exit 0"
"$CTGUARD" report --format json "$T"/fleet-*.json "$T/mixed.json" >"$T/f.json"
promtool_clean "$T/f.prom" "fleet"
t_is "$(python3 "$T/check.py" "$T/f.prom" "$T/f.json")" ok "fleet: per-host values match the JSON"
t_is "$(grep -E '^ctguard_(findings|rule_failures|containers_audited|waived_findings|not_evaluated_findings)\{' "$T/f.prom" | grep -vc 'host="')" 0 \
	"fleet: every per-host series has a host label"
t_like "$(grep '^ctguard_hosts' "$T/f.prom")" " 4$" "fleet: ctguard_hosts 4"
t_is "$(grep -c 'host=' "$T/mixed.prom")" 5 "one host: a host label only on per-container series"
t_done
