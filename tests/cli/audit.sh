#!/bin/bash
# ctguard audit on saved inspect documents: exit codes, packs, evidence, waivers, JSON contract.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
A="$DATA/audit"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27

"$CTGUARD" audit --from "$A/worst.json" >"$T/out" 2>&1; rc=$?
t_is "$rc" 1 "worst: exit 1 (findings at or above high)"
# All but CIS-DOCKER-5.23/5.24 (an init that is root with every privilege leaves no member process a
# way to hold more: tests/data/hosts/podman-exec fails them) and PSS-B-HOSTPROCESS (never on Linux); the
# controls no running state shows are not evaluated.
t_like "$(tail -n2 "$T/out" | tr "\n" " ")" "^1 container, 81 rules: 65 failed .* 4 passed, 0 waived, 12 not evaluated" \
	"worst: every judged built-in rule fails but four"
"$CTGUARD" audit --from "$A/best.json" >"$T/out" 2>&1; rc=$?
t_is "$rc" 0 "best: exit 0"
t_like "$(tail -n2 "$T/out" | tr "\n" " ")" "0 failed .* 69 passed, 0 waived, 12 not evaluated" "best: every built-in rule passes"
"$CTGUARD" audit --from "$A/worst.json" --fail-on none >/dev/null 2>&1; t_is "$?" 0 "--fail-on none: exit 0"
"$CTGUARD" audit --from "$A/worst.json" --pack cis-docker --fail-on critical >/dev/null 2>&1
t_is "$?" 1 "--fail-on critical with a critical failure: exit 1"
"$CTGUARD" audit --from "$A/worst.json" --rules "$DATA/rules/good-custom.yaml" --fail-on critical \
	>/dev/null 2>&1
t_is "$?" 0 "--fail-on critical with only lower failures: exit 0"
"$CTGUARD" audit --from "$A/worst.json" --fail-on severe >/dev/null 2>&1; t_is "$?" 2 "bad --fail-on: exit 2"
"$CTGUARD" audit --from "$A/worst.json" --format xml >/dev/null 2>&1; t_is "$?" 2 "bad --format: exit 2"
"$CTGUARD" audit --from /nonexistent.json >/dev/null 2>&1; t_is "$?" 3 "unreadable --from: exit 3"
echo '{"schema": "ctguard.inspect/v1", "containers": [' >"$T/broken.json"
out=$("$CTGUARD" audit --from "$T/broken.json" 2>&1); rc=$?
t_is "$rc" 2 "malformed JSON: exit 2"
t_like "$out" "is not valid JSON" "malformed JSON said"
echo '{"schema": "other/v1", "containers": []}' >"$T/other.json"
out=$("$CTGUARD" audit --from "$T/other.json" 2>&1); rc=$?
t_is "$rc" 2 "foreign document: exit 2"
t_like "$out" "not a ctguard inspect or audit document \(schema 'other/v1'\)" "foreign schema named"
echo '{"schema": "ctguard.inspect/v1", "containers": [{"facts": {"user.root": "yes"}}]}' >"$T/type.json"
out=$("$CTGUARD" audit --from "$T/type.json" 2>&1); rc=$?
t_is "$rc" 2 "wrongly typed fact: exit 2"
t_like "$out" "container 0: fact 'user.root' is not a bool" "wrong type named"
echo '{"schema": "ctguard.inspect/v1", "containers": [{"facts": {"container.runtime": "kata"}}]}' >"$T/rt.json"
out=$("$CTGUARD" audit --from "$T/rt.json" 2>&1); rc=$?
t_is "$rc" 2 "a runtime outside the contract: exit 2"
t_like "$out" "container 0: unknown container.runtime 'kata'" "unknown runtime named"
out=$("$CTGUARD" audit --from "$A/worst.json" --rules "$DATA/rules/bad-severity.yaml" 2>&1); rc=$?
t_is "$rc" 2 "bad rule file: exit 2 before auditing"
t_like "$out" "bad-severity.yaml:6:15: bad severity 'severe'" "bad rule file positioned"

# JSON contract.
"$CTGUARD" audit --from "$A/mixed.json" --format json -o "$T/a.json"; rc=$?
t_is "$rc" 1 "mixed: exit 1"
check=$(python3 - "$T/a.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
errs = []
if d.get("schema") != "ctguard.audit/v1": errs.append("schema")
for k in ("tool", "host", "containers", "summary", "waivers"):
    if k not in d: errs.append("missing " + k)
for c in d["containers"]:
    for k in ("id", "name", "runtime", "pid", "facts", "findings", "summary"):
        if k not in c: errs.append("container missing " + k)
    for f in c["findings"]:
        for k in ("rule", "title", "severity", "status", "evidence", "refs", "remediation"):
            if k not in f: errs.append("finding missing " + k)
        if f["status"] not in ("fail", "pass", "waived", "not_evaluated"): errs.append("status " + f["status"])
        if f["severity"] not in ("info", "low", "medium", "high", "critical"): errs.append("severity")
print("ok" if not errs else "; ".join(sorted(set(errs))))
PY
)
t_is "$check" ok "audit/v1 JSON has every contract field"
q() { python3 -c "import json,sys
d=json.load(open('$T/a.json'))
c=[c for c in d['containers'] if c['name']==sys.argv[1]][0]
f=[f for f in c['findings'] if f['rule']==sys.argv[2]][0]
print(f[sys.argv[3]])" "$@"; }
t_is "$(q worst CTG-ESC-002 evidence)" \
	"caps.effective contains CAP_SYS_ADMIN; cgroup.v1_writable = true; userns.enabled = false" \
	"evidence names every fact of a failing all"
t_is "$(q best CTG-ESC-002 evidence)" "caps.effective lacks CAP_SYS_ADMIN; cgroup.v1_writable = false; userns.enabled = true" \
	"evidence of a pass names the false conditions"
t_is "$(q best CIS-DOCKER-5.4 status)" pass "best passes CIS 5.4"
t_is "$(q worst CIS-DOCKER-5.4 evidence)" \
	"caps.bounding has [CAP_DAC_READ_SEARCH, CAP_LINUX_IMMUTABLE, CAP_NET_BROADCAST, CAP_NET_ADMIN, CAP_IPC_LOCK, CAP_IPC_OWNER, CAP_SYS_MODULE, CAP_SYS_RAWIO, (+19 more)] beyond the allowed set" \
	"subset_of evidence lists what is beyond, capped"
t_is "$(q partial CTG-ESC-002 status)" not_evaluated "an unknown fact gives not_evaluated"
t_is "$(q partial CTG-ESC-002 evidence)" "cgroup.v1_writable unknown" "not_evaluated evidence names the unknown fact"
t_is "$(q partial CTG-ESC-004 status)" pass "a decided result stands despite unknown facts"
t_is "$(q worst CIS-DOCKER-5.5 refs)" "{'cis-docker': '5.5', 'pss': 'baseline', 'mitre': 'T1611'}" "refs carried"
t_is "$(python3 -c "import json; print(json.load(open('$T/a.json'))['summary']['findings']['not_evaluated'])")" 99 \
	"not_evaluated counted"

# Packs and filters.
"$CTGUARD" audit --from "$A/mixed.json" --pack escapes --format json -o "$T/e.json"
t_is "$(python3 -c "import json; d=json.load(open('$T/e.json')); print(d['summary']['rules'], len(d['containers'][0]['findings']))")" \
	"26 26" "--pack escapes judges 26 rules"
"$CTGUARD" audit --from "$A/mixed.json" --format json -o "$T/f.json" best
t_is "$(python3 -c "import json; d=json.load(open('$T/f.json')); print([c['name'] for c in d['containers']])")" \
	"['best']" "filter keeps one container"
"$CTGUARD" audit --from "$A/mixed.json" nosuch >/dev/null 2>&1; t_is "$?" 1 "filter matching nothing: exit 1"

# Waivers: a live one, an expired one, one that matches nothing.
cat >"$T/w.yaml" <<'YAML'
version: 1
waivers:
  - rule: CIS-DOCKER-5.13
    selector: {name: "wor*", runtime: docker}
    reason: legacy app writes to /var
    owner: platform-team
    expires: 2027-01-31
  - rule: "CTG-ESC-00[12]"
    selector: {image: "evil:*"}
    reason: lab
    owner: lab-team
    expires: 2026-11-26
  - rule: CIS-DOCKER-5.2
    selector: {name: nobody}
    reason: never matches
    owner: x
YAML
"$CTGUARD" audit --from "$A/worst.json" --waivers "$T/w.yaml" --format json -o "$T/w.json" 2>"$T/werr"
wq() { python3 -c "import json,sys
d=json.load(open('$T/w.json'))
f=[f for f in d['containers'][0]['findings'] if f['rule']==sys.argv[1]][0]
print(f[sys.argv[2]])" "$@"; }
t_is "$(wq CIS-DOCKER-5.13 status)" waived "a matching waiver waives"
t_like "$(wq CIS-DOCKER-5.13 note)" "waived by platform-team .*w.yaml:3\): legacy app writes to /var \(until 2027-01-31\)" \
	"the waiver's owner, place, reason and expiry are shown"
t_is "$(wq CTG-ESC-001 status)" fail "an expired waiver no longer waives"
t_like "$(wq CTG-ESC-001 note)" "expired on 2026-11-26: no longer waives" "and says so"
t_like "$(cat "$T/werr")" "waiver at .*w.yaml:13 \(rule 'CIS-DOCKER-5.2'\) matched no finding" \
	"a waiver that matched nothing is reported"
t_is "$(python3 -c "import json; d=json.load(open('$T/w.json')); print([w['matched'] for w in d['waivers']])")" \
	"[1, 2, 0]" "match counts per waiver in JSON"
CTGUARD_NOW=2027-02-01 "$CTGUARD" audit --from "$A/worst.json" --waivers "$T/w.yaml" --format json -o "$T/w.json" 2>/dev/null
t_is "$(wq CIS-DOCKER-5.13 status)" fail "the same waiver after its expiry day: fail"
CTGUARD_NOW=2027-01-31 "$CTGUARD" audit --from "$A/worst.json" --waivers "$T/w.yaml" --format json -o "$T/w.json" 2>/dev/null
t_is "$(wq CIS-DOCKER-5.13 status)" waived "on its expiry day it still waives"
out=$("$CTGUARD" audit --from "$A/worst.json" --waivers "$DATA/rules/bad-waiver-date.yaml" 2>&1); rc=$?
t_is "$rc" 2 "bad waivers file: exit 2"
t_like "$out" "bad-waiver-date.yaml:6:14: bad date '2027-02-30'" "bad waiver positioned"

# Issue 11, defect 7: a claimed name or image (container.claimed) matches no selector unless
# the waiver says match_claimed, and never matches a baseline.
python3 -c "import json,sys
d=json.load(open(sys.argv[1])); d['containers'][0]['facts']['container.claimed']=['name','image']
json.dump(d, open(sys.argv[2], 'w'))" "$A/worst.json" "$T/claimed.json"
CTGUARD_NOW=2027-01-01 "$CTGUARD" audit --from "$T/claimed.json" --waivers "$T/w.yaml" --format json -o "$T/w.json" 2>/dev/null
t_is "$(wq CIS-DOCKER-5.13 status)" fail "a claimed name matches no waiver selector"
sed 's/^    owner: platform-team$/    owner: platform-team\n    match_claimed: true/' "$T/w.yaml" >"$T/w2.yaml"
CTGUARD_NOW=2027-01-01 "$CTGUARD" audit --from "$T/claimed.json" --waivers "$T/w2.yaml" --format json -o "$T/w.json" 2>/dev/null
t_is "$(wq CIS-DOCKER-5.13 status)" waived "match_claimed: true opts in"
"$CTGUARD" audit --from "$T/claimed.json" --fail-on none --format json -o "$T/cbase.json" 2>/dev/null
"$CTGUARD" audit --from "$T/claimed.json" --fail-on none --baseline "$T/cbase.json" --format json -o "$T/w.json" 2>/dev/null
t_is "$(wq CIS-DOCKER-5.13 new)" True "a claimed identity never matches the baseline: still new"
"$CTGUARD" audit --from "$A/worst.json" --fail-on none --baseline "$T/cbase.json" --format json -o "$T/w.json" 2>/dev/null
t_is "$(python3 -c "import json
fs=[f for c in json.load(open('$T/w.json'))['containers'] for f in c['findings']]
print(len(fs) > 0 and all(f.get('new') for f in fs))")" True \
	"a baseline of a claimed identity vouches for no trusted container's failures"
"$CTGUARD" audit --from "$T/claimed.json" --fail-on none --format text 2>/dev/null >"$T/claimed.txt"
t_like "$(cat "$T/claimed.txt")" "worst \(claimed\) image \(claimed\) evil:latest" "text marks the claimed name and image"

# A merged report merged again keeps every container's host.
CTGUARD_HOSTNAME=node-a "$CTGUARD" audit --from "$A/worst.json" --format json -o "$T/ha.json" 2>/dev/null
CTGUARD_HOSTNAME=node-b "$CTGUARD" audit --from "$A/best.json" --format json -o "$T/hb.json" 2>/dev/null
"$CTGUARD" report --format json -o "$T/m1.json" "$T/ha.json" "$T/hb.json"
"$CTGUARD" report --format json -o "$T/m2.json" "$T/m1.json"
t_is "$(python3 -c "import json; print(sorted(c['host'] for c in json.load(open('$T/m2.json'))['containers']))")" \
	"['node-a', 'node-b']" "re-merging a fleet report keeps the hosts"

# Text output.
txt=$(NO_COLOR=1 "$CTGUARD" audit --from "$A/mixed.json" 2>/dev/null)
t_like "$txt" "CRITICAL CTG-ESC-001 Container runtime API socket reachable" "text lists failures with severity"
t_like "$txt" "evidence  mounts.runtime_socket = \[/var/run/docker.sock\]" "text shows evidence"
t_unlike "$(printf '%s\n' "$txt" | sed -n '/^docker best/,/^$/p')" "CTG-" "text hides passes by default"
t_like "$(NO_COLOR=1 "$CTGUARD" audit -v --from "$A/best.json")" "CTG-ESC-001 .*\(pass\)" "-v shows passes"
t_done
