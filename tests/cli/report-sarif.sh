#!/bin/bash
# SARIF output: a golden file, the official validator (zero errors and warnings) and the SARIF
# JSON schema, hostile container data, waivers as suppressions, fleet reports and baselines.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27 CTGUARD_HOSTNAME=node-a
R="$DATA/report"
A="$DATA/audit"

# The multitool's native binary: the npm wrapper runs it through a shell, which splits the
# "Error;Warning;Note" argument at each ';'.
MT=${SARIF_MULTITOOL:-}
if [ -z "$MT" ]; then
	for c in /opt/ctguard-tools/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
		[ -x "$c" ] && MT=$c
	done
fi
[ -n "$MT" ] && [ -x "$MT" ] || t_skip_all "needs the SARIF multitool (tests/setup.sh installs it)"
SCHEMA=$(dirname "$MT")/sarif-2.1.0.json

sarif() { "$CTGUARD" audit --format sarif "$@"; }

# validate FILE: "errors=N warnings=N" from the validator's own SARIF log. Its exit status is
# 0 even when it finds errors, so the log is what counts (notes are advice: see below).
validate() {
	"$MT" validate "$1" -o "$1.log" --log ForceOverwrite --level "Error;Warning;Note" \
		>"$1.out" 2>&1 || { echo "validator failed: $(cat "$1.out")"; return; }
	python3 - "$1.log" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
n = {l: [r for r in res if r.get("level", "warning") == l] for l in ("error", "warning")}
print("errors=%d warnings=%d" % (len(n["error"]), len(n["warning"])))
for r in n["error"] + n["warning"]:
    print("#  ", r["ruleId"], r["message"].get("arguments"))
PY
}

# schema FILE: the errors of FILE against the SARIF 2.1.0 schema the multitool ships, which
# also catches what the multitool lets through (such as an unknown "level").
schema() {
	python3 - "$SCHEMA" "$1" <<'PY'
import json, sys
try:
    import jsonschema
except ImportError:
    print("no-jsonschema"); sys.exit()
s = json.load(open(sys.argv[1]))
errs = list(jsonschema.validators.validator_for(s)(s).iter_errors(json.load(open(sys.argv[2]))))
print(len(errs))
for e in errs[:5]:
    print("#  ", list(e.path), e.message[:200])
PY
}

# github FILE: what GitHub code scanning requires of each result beyond the schema: the
# validator's GHAS rules, then a physical location with a relative or file: URI and a line.
github() {
	"$MT" validate "$1" -o "$1.gh" --log ForceOverwrite --level "Error;Warning" --rule-kind Ghas \
		>"$1.out" 2>&1 || { echo "validator failed: $(cat "$1.out")"; return; }
	python3 - "$1.gh" "$1" <<'PY'
import json, re, sys
n = len(json.load(open(sys.argv[1]))["runs"][0]["results"])
bad = 0
for r in json.load(open(sys.argv[2]))["runs"][0]["results"]:
    p = (r.get("locations") or [{}])[0].get("physicalLocation", {})
    uri = p.get("artifactLocation", {}).get("uri", "")
    if not uri or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", uri) and not uri.startswith("file:") or \
       p.get("region", {}).get("startLine", 0) < 1:
        bad += 1
print("ghas=%d unlocated=%d" % (n, bad))
PY
}

check_valid() {
	t_is "$(validate "$1" | head -1)" "errors=0 warnings=0" "$2: official validator: no error, no warning"
	t_is "$(github "$1")" "ghas=0 unlocated=0" "$2: GitHub code scanning: every result has a file location with a line"
	local s
	s=$(schema "$1")
	if [ "$s" = no-jsonschema ]; then t_skip "$2: needs python3-jsonschema"; else t_is "$s" 0 "$2: valid against the SARIF 2.1.0 schema"; fi
}

# The checks catch a broken log (else "zero errors" proves nothing).
echo '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[{"level":"bogus","message":{"text":"x."}}]}]}' >"$T/bad.sarif"
t_like "$(validate "$T/bad.sarif")" '^errors=[1-9]' "validator reports errors of a broken log"
t_unlike "$(schema "$T/bad.sarif" | head -1)" '^0$' "schema check reports errors of a broken log"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); [r.pop("locations") for r in d["runs"][0]["results"]]; json.dump(d, open(sys.argv[2], "w"))' \
	"$R/mixed.sarif" "$T/unlocated.sarif"
t_unlike "$(github "$T/unlocated.sarif")" "ghas=0 unlocated=0" "GitHub check reports results without a location"

# Golden output of the mixed host (worst fails everything, best passes, partial is unknown).
sarif --from "$A/mixed.json" >"$T/mixed.sarif"
t_is "$?" 1 "mixed: exit 1 (failures at or above high)"
ver=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["version"])' "$T/mixed.sarif")
sed "s/\"$ver\"/\"@VERSION@\"/g" "$T/mixed.sarif" >"$T/mixed.norm"
t_ok "mixed: output matches tests/data/report/mixed.sarif (version as @VERSION@)" cmp "$T/mixed.norm" "$R/mixed.sarif"
check_valid "$T/mixed.sarif" mixed

"$CTGUARD" audit --from "$A/mixed.json" --format json -o "$T/mixed.json"
t_is "$(python3 - "$T/mixed.sarif" "$T/mixed.json" <<'PY'
import json, sys
s, j = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
run, = s["runs"]
drv = run["tool"]["driver"]
bad = []
if [r["id"] for r in drv["rules"]] != [r["id"] for r in j["rules"]]:
    bad.append("rules")
lv = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
ss = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
for r, m in zip(drv["rules"], j["rules"]):
    if r["defaultConfiguration"]["level"] != lv[m["severity"]] or \
       r["properties"]["security-severity"] != ss[m["severity"]] or \
       r["shortDescription"]["text"] != m["title"] or m["pack"] not in r["properties"]["tags"] or \
       m["remediation"] not in r["help"]["text"]:
        bad.append(r["id"])
want = [(c["name"], f["rule"], f["fingerprint"]) for c in j["containers"] for f in c["findings"]
        if f["status"] in ("fail", "waived")]
got = []
for x in run["results"]:
    loc = x["locations"][0]["logicalLocations"][0]
    got.append((loc["name"], x["ruleId"], x["partialFingerprints"]["ctguard/v1"]))
    if drv["rules"][x["ruleIndex"]]["id"] != x["ruleId"] or \
       x["level"] != drv["rules"][x["ruleIndex"]]["defaultConfiguration"]["level"] or \
       loc["fullyQualifiedName"] != "node-a/docker/worst" or loc["kind"] != "resource" or \
       x["properties"]["host"] != "node-a" or x["properties"]["image"] != "evil:latest" or \
       x["locations"][0]["physicalLocation"] != {"artifactLocation": {"uri": "containers/node-a/docker/worst"},
                                                 "region": {"startLine": 1}} or "suppressions" in x:
        bad.append(x["ruleId"])
if got != want:
    bad.append("results")
if run["invocations"] != [{"executionSuccessful": True, "endTimeUtc": "2026-11-27T00:00:00Z"}]:
    bad.append("invocations")
print(len(drv["rules"]), len(run["results"]), bad)
PY
)" "81 65 []" "mixed: a rule per judged rule, a result per failure, each matching the JSON result"

# Hostile names, images and evidence: valid JSON and SARIF, every byte escaped.
sarif --from "$R/hostile-export.json" >"$T/hostile.sarif"
check_valid "$T/hostile.sarif" hostile
t_ok "hostile: output is valid UTF-8 JSON" python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))' "$T/hostile.sarif"
t_unlike "$(tr -d '\n' <"$T/hostile.sarif" | LC_ALL=C tr -dc '\000-\037\177')" . "hostile: no raw control character"
t_is "$(python3 - "$T/hostile.sarif" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
x = [x for x in r if x["ruleId"] == "CIS-DOCKER-5.3"][0]
loc = x["locations"][0]["logicalLocations"][0]
name = '<img src=x onerror=alert(1)>"quoted", \'single\'\nsecond line\x1b[2J' + "\ufffd" * 4
print(loc["name"] == name, loc["fullyQualifiedName"] == "node-a/docker/" + name,
      x["properties"]["image"] == "=cmd|' /C calc'!A0",
      '"q",\r\n\x1b]0;pwned\x07' in x["message"]["text"], len({y["locations"][0]["logicalLocations"][0]["name"] for y in r}))
PY
)" "True True True True 3" "hostile: names, image and evidence survive exactly, invalid UTF-8 as U+FFFD"

# Waivers: a waived failure is a result with an external, accepted suppression.
cat >"$T/w.yaml" <<'Y'
version: 1
waivers:
  - rule: CIS-DOCKER-5.2
    selector: {name: worst}
    reason: "<b>accepted</b> by ops, \"see\" TICKET-1"
    owner: ops
    expires: 2099-12-31
Y
sarif --from "$A/mixed.json" --waivers "$T/w.yaml" >"$T/waived.sarif"
check_valid "$T/waived.sarif" waived
t_is "$(python3 - "$T/waived.sarif" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
w = [x for x in r if "suppressions" in x]
s = w[0]["suppressions"]
print(len(r), len(w), w[0]["ruleId"], w[0]["properties"]["status"], s[0]["kind"], s[0]["status"],
      '<b>accepted</b> by ops, "see" TICKET-1' in s[0]["justification"])
PY
)" "65 1 CIS-DOCKER-5.2 waived external accepted True" "waived: suppressed with the waiver's reason"

# A fleet: two hosts merged by ctguard report.
"$CTGUARD" audit --from "$A/mixed.json" --format json -o "$T/a.json"
CTGUARD_HOSTNAME=node-b "$CTGUARD" audit --from "$A/worst.json" --format json -o "$T/b.json"
"$CTGUARD" report --format sarif "$T/a.json" "$T/b.json" >"$T/fleet.sarif"
t_is "$?" 0 "fleet: ctguard report exit 0"
check_valid "$T/fleet.sarif" fleet
t_is "$(python3 - "$T/fleet.sarif" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
print(len(r), sorted({x["properties"]["host"] for x in r}),
      sorted({x["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for x in r}),
      len({x["partialFingerprints"]["ctguard/v1"] for x in r}))
PY
)" "130 ['node-a', 'node-b'] ['node-a/docker/worst', 'node-b/docker/worst'] 130" \
	"fleet: both hosts' results, told apart by host and fingerprint"

# Baseline: only failures new since the baseline (the escapes pack's) are results.
"$CTGUARD" audit --from "$A/mixed.json" --pack escapes --format json -o "$T/base.json"
sarif --from "$A/mixed.json" --baseline "$T/base.json" >"$T/baseline.sarif"
check_valid "$T/baseline.sarif" baseline
t_is "$(python3 - "$T/baseline.sarif" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
r = run["results"]
print(len(r), {x["baselineState"] for x in r}, any(x["ruleId"].startswith("CTG-ESC") for x in r),
      len(run["tool"]["driver"]["rules"]))
PY
)" "40 {'new'} False 81" "baseline: only the 40 new failures, marked new"

# oci check: each result points at its config.json (as given, relative) and at the line and
# column of the member its deciding fact was read from (an absent member: its parent).
mkdir -p "$T/oci/b"
python3 - "$DATA/oci/runc/ctg-spec/config.json" "$T/oci/b/config.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["process"]["noNewPrivileges"] = False
d["linux"]["namespaces"] = [n for n in d["linux"]["namespaces"] if n["type"] != "pid"]
d["process"]["capabilities"]["bounding"].append("CAP_SYS_ADMIN")
json.dump(d, open(sys.argv[2], "w"), indent=3)
PY
(cd "$T/oci" && "$CTGUARD" oci check --format sarif b/config.json >oci.sarif)
t_is "$?" 1 "oci check --format sarif: exit 1 (failures)"
check_valid "$T/oci/oci.sarif" "oci check"
t_is "$(python3 - "$T/oci/oci.sarif" "$T/oci/b/config.json" <<'PY'
import json, sys
lines = open(sys.argv[2]).read().split("\n")
at, bad = {}, []
for r in json.load(open(sys.argv[1]))["runs"][0]["results"]:
    p = r["locations"][0]["physicalLocation"]
    ln, col = p["region"]["startLine"], p["region"].get("startColumn", 1)
    text = lines[ln - 1][col - 1:]
    at[r["ruleId"]] = text.split(":")[0]
    if p["artifactLocation"]["uri"] != "b/config.json" or not text.startswith('"'):
        bad.append(r["ruleId"])
print(bad, [at.get(k) for k in ("PSS-R-PRIV-ESC", "PSS-B-HOST-PID", "PSS-R-NON-ROOT",
                                "PSS-B-CAPABILITIES", "CIS-DOCKER-5.11")])
PY
)" "[] ['\"noNewPrivileges\"', '\"namespaces\"', '\"uid\"', '\"bounding\"', '\"resources\"']" \
	"oci check: results at the member that decided them (memory limit absent: linux.resources)"

t_done
