#!/bin/bash
# ctguard report merging audit results of several hosts (host column, per-host and fleet totals
# cross-checked with python, --fail-on, bad inputs) and audit --baseline (new and fixed
# findings, --fail-on on new ones only, fingerprints stable across restarts). Text output fits
# 100 columns throughout.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_cmd python3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27
H="$DATA/hosts" R="$DATA/report"

# fits FILE DESC: no line wider than 100 characters.
fits() {
	t_is "$(python3 -c "import sys; print(max([len(l.rstrip('\n')) for l in open(sys.argv[1], encoding='utf-8', errors='replace')] + [0]) <= 100)" "$1")" \
		True "$2: text fits 100 columns"
}

# Three fixture hosts and the documented mixed host, each under its own name.
hosts="runc-default podman-privileged-hostpid lxc"
for h in $hosts; do
	CTGUARD_HOSTNAME=node-$h "$CTGUARD" audit --proc-root "$H/$h/proc" --host-root "$H/$h/root" \
		--format json -o "$T/$h.json" >/dev/null 2>&1
	t_is "$?" 1 "audit of fixture host $h: exit 1 (failures at or above high)"
done
CTGUARD_HOSTNAME=docs "$CTGUARD" audit --from "$DATA/audit/mixed.json" --format json \
	-o "$T/docs.json"
IN="$T/runc-default.json $T/podman-privileged-hostpid.json $T/lxc.json $T/docs.json"

# shellcheck disable=SC2086
"$CTGUARD" report $IN >"$T/fleet.txt" 2>"$T/err"; rc=$?
t_is "$rc" 0 "report: exit 0 without --fail-on"
t_is "$(cat "$T/err")" "" "report: nothing on stderr"
fits "$T/fleet.txt" "fleet report"
# shellcheck disable=SC2086
"$CTGUARD" report -v $IN >"$T/fleet-v.txt"
fits "$T/fleet-v.txt" "fleet report -v"
t_like "$(head -1 "$T/fleet.txt")" "^HOST +CONTAINER +RUNTIME" "the summary table has a HOST column"
# shellcheck disable=SC2086
"$CTGUARD" report --format json -o "$T/fleet.json" $IN
t_is "$?" 0 "report --format json: exit 0"

# Cross-check text and JSON with the individual results.
# shellcheck disable=SC2086
out=$(python3 - "$T/fleet.txt" "$T/fleet.json" $IN <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read().split("\n")
merged = json.load(open(sys.argv[2]))
docs = [json.load(open(p)) for p in sys.argv[3:]]
SEV = ["critical", "high", "medium", "low", "info"]
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
# every container of every host, with its host, in the same order
want = [(d["host"]["hostname"], c["name"]) for d in docs for c in d["containers"]]
got = [(c.get("host"), c["name"]) for c in merged["containers"]]
check(sorted(want) == sorted(got), "containers %r != %r" % (got, want))
check(len(merged["containers"]) == merged["summary"]["containers"] == len(want), "container count")
# fleet totals are the sums of the hosts'
for k in ("fails", "passes", "waived", "not_evaluated"):
    check(merged["summary"]["findings"][k] == sum(d["summary"]["findings"][k] for d in docs),
          "fleet %s" % k)
for s in SEV:
    check(merged["summary"]["findings"]["fail"][s] ==
          sum(d["summary"]["findings"]["fail"][s] for d in docs), "fleet %s" % s)
# per-host totals are each host's own summary
hosts = {h["hostname"]: h for h in merged["summary"]["hosts"]}
check(sorted(hosts) == sorted(d["host"]["hostname"] for d in docs), "hosts %r" % sorted(hosts))
for d in docs:
    h = hosts.get(d["host"]["hostname"], {})
    check(h.get("findings") == d["summary"]["findings"], "host %s totals" % d["host"]["hostname"])
    check(h.get("containers") == len(d["containers"]), "host %s containers" % d["host"]["hostname"])
    # the same numbers in the text's per-host line
    f = d["summary"]["findings"]
    line = " ".join(text)
    pat = (r"host %s: %d containers?: %d failed \(critical %d, high %d, medium %d, low %d, "
           r"info %d\), %d passed, %d waived, %d not evaluated") % (
        re.escape(d["host"]["hostname"]), len(d["containers"]), f["fails"],
        *[f["fail"][s] for s in SEV], f["passes"], f["waived"], f["not_evaluated"])
    check(re.search(pat, re.sub(r"\s+", " ", line)), "text line of host %s" % d["host"]["hostname"])
    # every container row of the table carries its host (cut to 16 columns)
    for c in d["containers"]:
        row = [l for l in text if l.split(" ")[0].rstrip("~") and
               d["host"]["hostname"].startswith(l.split(" ")[0].rstrip("~")) and
               l.split()[1].rstrip("~") and c["name"].startswith(l.split()[1].rstrip("~"))]
        check(row, "table row of %s on %s" % (c["name"], d["host"]["hostname"]))
f = merged["summary"]["findings"]
pat = (r"%d hosts, %d containers, %d rules: %d failed \(critical %d, high %d, medium %d, low %d, "
       r"info %d\), %d passed, %d waived, %d not evaluated") % (
    len(docs), len(want), merged["summary"]["rules"], f["fails"], *[f["fail"][s] for s in SEV],
    f["passes"], f["waived"], f["not_evaluated"])
check(re.search(pat, re.sub(r"\s+", " ", " ".join(text))), "fleet line")
# every container header names its host
for d in docs:
    for c in d["containers"]:
        check(any(re.search(r" %s on %s \(pid %d\)" % (re.escape(c["name"]),
              re.escape(d["host"]["hostname"]), c["pid"]), l) for l in text),
              "header of %s" % c["name"])
print("; ".join(bad) if bad else "ok")
EOF
)
t_is "$out" ok "fleet: containers of every host, host column, per-host and fleet totals"

# --fail-on
# shellcheck disable=SC2086
"$CTGUARD" report --fail-on critical $IN >/dev/null; t_is "$?" 1 "--fail-on critical: exit 1"
"$CTGUARD" report --fail-on critical "$T/runc-default.json" >/dev/null
t_is "$?" 0 "--fail-on critical on a host without critical failures: exit 0"
"$CTGUARD" report --fail-on high "$T/runc-default.json" >/dev/null
t_is "$?" 1 "--fail-on high on it: exit 1"
CTGUARD_HOSTNAME=b "$CTGUARD" audit --from "$DATA/audit/best.json" --format json -o "$T/best.json"
"$CTGUARD" report --fail-on info "$T/best.json" "$T/best.json" >/dev/null
t_is "$?" 0 "--fail-on info with no failure: exit 0"
"$CTGUARD" report --fail-on severe "$T/best.json" >/dev/null 2>&1; t_is "$?" 2 "bad --fail-on: exit 2"
"$CTGUARD" report --fail-on none "$T/docs.json" >/dev/null 2>&1
t_is "$?" 0 "--fail-on none (as audit takes it): exit 0"

# Bad inputs: clear messages, exit 2 (malformed or foreign) or 3 (unreadable).
bad() { # DESC WANT_RC ERE FILE...
	d=$1 w=$2 re=$3; shift 3
	out=$("$CTGUARD" report "$@" 2>&1 >/dev/null); rc=$?
	t_is "$rc" "$w" "$d: exit $w"
	t_like "$out" "$re" "$d: says so"
}
echo '{"schema": "ctguard.audit/v1", "containers": [' >"$T/trunc.json"
bad "truncated JSON" 2 "trunc.json' is not valid JSON" "$T/docs.json" "$T/trunc.json"
bad "an inspect document" 2 "is not a ctguard audit result \(schema 'ctguard.inspect/v1'\)" \
	"$DATA/audit/mixed.json"
echo '[1, 2]' >"$T/array.json"
bad "a JSON array" 2 "is not a ctguard audit result" "$T/array.json"
echo '{"schema": "ctguard.audit/v1"}' >"$T/nocont.json"
bad "no containers" 2 "has no 'containers' list" "$T/nocont.json"
python3 -c "import json; d=json.load(open('$T/docs.json')); d['containers'][0]['findings'][0]['status']='maybe'; json.dump(d, open('$T/status.json','w'))"
bad "an unknown status" 2 "finding 0 has no valid rule or status" "$T/status.json"
python3 -c "import json; d=json.load(open('$T/docs.json')); d['containers'][0]['facts']['user.uid']='root'; json.dump(d, open('$T/type.json','w'))"
bad "a fact of the wrong type" 2 "user.uid" "$T/type.json"
bad "a missing file" 3 "reading '.*nosuch.json'" "$T/docs.json" "$T/nosuch.json"
bad "a directory" 3 "reading '" "$T"
bad "no file" 2 "no result files given"
if [ "$(id -u)" != 0 ]; then
	cp "$T/docs.json" "$T/secret.json" && chmod 000 "$T/secret.json"
	bad "an unreadable file" 3 "reading '.*secret.json'" "$T/secret.json"
else
	# root reads everything: read as nobody instead.
	chmod 755 "$T" && cp "$T/docs.json" "$T/secret.json" && chmod 000 "$T/secret.json"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$CTGUARD" report "$T/secret.json" 2>&1)
	t_is "$?" 3 "an unreadable file (read as nobody): exit 3"
	t_like "$out" "reading '.*secret.json': Permission denied" "an unreadable file named"
fi

# Baseline: web changed (host network), db restarted (new pid and id) and fixed no_new_privs,
# legacy removed, cache added.
export CTGUARD_HOSTNAME=node-a
for v in old new; do
	"$CTGUARD" audit --from "$R/baseline-$v.json" --format json -o "$T/bl-$v.json"
done
"$CTGUARD" audit --from "$R/baseline-new.json" --baseline "$T/bl-old.json" --format json \
	-o "$T/bl.json"
t_is "$?" 1 "baseline: new critical failures exit 1"
out=$(python3 - "$T/bl-old.json" "$T/bl-new.json" "$T/bl.json" <<'EOF'
import json, sys
old, new, bl = (json.load(open(p)) for p in sys.argv[1:])
def fails(d):
    return {(c["name"], c["image"], f["rule"]) for c in d["containers"] for f in c["findings"]
            if f["status"] == "fail"}
want_new, want_fixed = fails(new) - fails(old), fails(old) - fails(new)
got_new = {(c["name"], c["image"], f["rule"]) for c in bl["containers"] for f in c["findings"]}
got_fixed = {(x["container"], x["rule"]) for x in bl["baseline"]["fixed"]}
bad = []
if got_new != want_new: bad.append("new %r != %r" % (sorted(got_new), sorted(want_new)))
if got_fixed != {(n, r) for n, i, r in want_fixed}: bad.append("fixed %r" % sorted(got_fixed))
if not all(f["new"] and f["status"] == "fail" for c in bl["containers"] for f in c["findings"]):
    bad.append("a shown finding is not a new failure")
if {n for n, i, r in want_new} != {"web", "cache"}: bad.append("new on %r" % want_new)
if {n for n, i, r in want_fixed} != {"db", "legacy"}: bad.append("fixed on %r" % want_fixed)
if bl["summary"]["findings"]["fails"] != len(want_new): bad.append("summary counts")
print("; ".join(bad) if bad else "ok %d new, %d fixed" % (len(want_new), len(want_fixed)))
EOF
)
t_like "$out" "^ok [1-9][0-9]* new, [1-9][0-9]* fixed$" \
	"baseline: new and fixed findings are the differences (added, removed, changed)"
t_is "$(python3 -c "import json; d=json.load(open('$T/bl.json')); print([f['rule'] for c in d['containers'] if c['name']=='db' for f in c['findings']])")" \
	"[]" "baseline: the restarted db (new pid and id) has no new finding"
"$CTGUARD" audit --from "$R/baseline-new.json" --baseline "$T/bl-old.json" >"$T/bl.txt"
fits "$T/bl.txt" "baseline report"
t_like "$(tr '\n' ' ' <"$T/bl.txt")" "Fixed since the baseline:.* on legacy.*newly failed" \
	"baseline text: fixed findings listed"
"$CTGUARD" audit --from "$R/baseline-new.json" --baseline "$T/bl-new.json" >"$T/same.txt"
t_is "$?" 0 "baseline equal to the audit: no new finding, exit 0"
fits "$T/same.txt" "baseline equal to the audit"
"$CTGUARD" audit --from "$DATA/audit/worst.json" --baseline "$T/bl-old.json" --fail-on critical \
	>/dev/null
t_is "$?" 1 "--fail-on with a baseline: new critical failures exit 1"
"$CTGUARD" audit --from "$R/baseline-new.json" --baseline "$T/bl-old.json" --fail-on critical \
	--pack pss-baseline >/dev/null
t_is "$?" 0 "--fail-on critical: the new failures of pss-baseline are only high, exit 0"
"$CTGUARD" audit --from "$R/baseline-old.json" --baseline "$T/bl-old.json" --fail-on info >/dev/null
t_is "$?" 0 "--fail-on info: legacy's old critical failures are not new, exit 0"

# Fingerprints: stable across runs, unchanged by a restart (pid, id), changed by name or image.
fp() { # DOC NAME RULE
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([f['fingerprint'] for c in d['containers'] if c['name']==sys.argv[2] for f in c['findings'] if f['rule']==sys.argv[3]][0])" "$@"
}
"$CTGUARD" audit --from "$R/baseline-old.json" --format json -o "$T/bl-old2.json"
t_is "$(python3 -c "import json; print([[f['fingerprint'] for f in c['findings']] for c in json.load(open('$T/bl-old.json'))['containers']] == [[f['fingerprint'] for f in c['findings']] for c in json.load(open('$T/bl-old2.json'))['containers']])")" \
	True "fingerprints are the same on every run"
t_is "$(fp "$T/bl-new.json" db CIS-DOCKER-5.13)" "$(fp "$T/bl-old.json" db CIS-DOCKER-5.13)" \
	"a restart (other pid and id) keeps the fingerprint"
t_like "$(fp "$T/bl-new.json" db CIS-DOCKER-5.13)" "^[0-9a-f]{16}$" "a fingerprint is 16 hex digits"
mk() { # SRC OUT NAME KEY VALUE: one fact of container NAME changed
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); c=[c for c in d['containers'] if c['name']==sys.argv[3]][0]; c['facts'][sys.argv[4]]=sys.argv[5]; c[sys.argv[4].split('.')[1]]=sys.argv[5]; json.dump(d, open(sys.argv[2],'w'))" "$@"
}
mk "$R/baseline-old.json" "$T/renamed.json" db container.name db2
mk "$R/baseline-old.json" "$T/reimaged.json" web container.image nginx:1.28
for v in renamed reimaged; do
	"$CTGUARD" audit --from "$T/$v.json" --format json -o "$T/a-$v.json"
done
t_unlike "$(fp "$T/a-renamed.json" db2 CIS-DOCKER-5.13 2>&1)" \
	"^$(fp "$T/bl-old.json" db CIS-DOCKER-5.13)$" "another name changes the fingerprint"
t_unlike "$(fp "$T/a-reimaged.json" web CIS-DOCKER-5.13 2>&1)" \
	"^$(fp "$T/bl-old.json" web CIS-DOCKER-5.13)$" "another image changes the fingerprint"
CTGUARD_HOSTNAME=node-b "$CTGUARD" audit --from "$R/baseline-old.json" --format json -o "$T/b.json"
t_unlike "$(fp "$T/b.json" web CIS-DOCKER-5.13)" "^$(fp "$T/bl-old.json" web CIS-DOCKER-5.13)$" \
	"the same container on another host has another fingerprint"
"$CTGUARD" audit --from "$T/renamed.json" --baseline "$T/bl-old.json" --format json -o "$T/rn.json"
t_is "$(python3 -c "import json; d=json.load(open('$T/rn.json')); print(sorted({c['name'] for c in d['containers'] if c['findings']}), sorted({x['container'] for x in d['baseline']['fixed']}))")" \
	"['db2'] ['db']" "a renamed container: its failures are new and the old name's fixed"

# Fleet reports of the hostile names fit too.
"$CTGUARD" audit --from "$R/hostile-names.json" --format json -o "$T/hostile.json"
"$CTGUARD" report "$T/hostile.json" "$T/docs.json" >"$T/h.txt"
fits "$T/h.txt" "fleet report with hostile names"
t_done
