#!/bin/bash
# The JSON Schemas of schema/ against every JSON document ctguard writes: inspect (--self, --host,
# every recorded fixture host), audit (every saved document, waivers, --baseline, hostile names)
# and ctguard report merges; the schemas reject broken documents; the committed schemas are
# what schema/gen.py makes from the fact registry.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_cmd python3
python3 -c 'import jsonschema' 2>/dev/null || t_skip_all "needs python3-jsonschema"
S="$top_srcdir/schema"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27

# validate SCHEMA FILE...: prints, per file, "valid" or its first errors.
cat >"$T/validate.py" <<'EOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for p in sys.argv[2:]:
    try:
        doc = json.load(open(p, encoding="utf-8"))
    except Exception as e:
        print("not JSON: %s" % e)
        continue
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
    print("valid" if not errs else "; ".join(
        "%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:160]) for e in errs[:3]))
EOF
valid() { # DESC SCHEMA FILE
	t_is "$(python3 "$T/validate.py" "$S/$2" "$3")" valid "$1"
}

# The committed schemas are the generated ones: a fact added to the registry changes them.
mkdir "$T/gen"
python3 "$S/gen.py" "$CTGUARD" "$T/gen"
t_is "$?" 0 "schema/gen.py runs"
for f in inspect-v1.schema.json audit-v1.schema.json; do
	t_ok "schema/$f is what schema/gen.py makes (regenerate it)" cmp "$S/$f" "$T/gen/$f"
done
# Every fact of the registry is in the schema with its scope, nothing else.
got=$(python3 - "$S/inspect-v1.schema.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))["$defs"]
print(len(s["container_facts"]["properties"]) + len(s["host_facts"]["properties"]))
EOF
)
t_is "$got" "$("$CTGUARD" rules facts --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
	"the schema has as many facts as the registry"

# inspect
"$CTGUARD" inspect --self --format json >"$T/self.json" 2>/dev/null
valid "inspect --self" inspect-v1.schema.json "$T/self.json"
"$CTGUARD" inspect --host --format json >"$T/host.json" 2>/dev/null
valid "inspect --host" inspect-v1.schema.json "$T/host.json"
"$CTGUARD" inspect --format json >"$T/live.json" 2>/dev/null
valid "inspect on this host" inspect-v1.schema.json "$T/live.json"
n=0
for dir in "$DATA"/hosts/*/; do
	sc=$(basename "$dir")
	[ -d "$dir/proc" ] || continue
	n=$((n + 1))
	"$CTGUARD" inspect --format json --proc-root "$dir/proc" --host-root "$dir/root" \
		>"$T/i-$sc.json" 2>/dev/null
	valid "inspect fixture $sc" inspect-v1.schema.json "$T/i-$sc.json"
	"$CTGUARD" inspect --all --format json --proc-root "$dir/proc" --host-root "$dir/root" \
		>"$T/ia-$sc.json" 2>/dev/null
	valid "inspect --all fixture $sc" inspect-v1.schema.json "$T/ia-$sc.json"
	CTGUARD_HOSTNAME=$sc "$CTGUARD" audit --format json --proc-root "$dir/proc" \
		--host-root "$dir/root" -o "$T/a-$sc.json" 2>/dev/null
	valid "audit fixture $sc" audit-v1.schema.json "$T/a-$sc.json"
done
t_like "$n" "^([4-9]|[1-9][0-9]+)$" "at least 4 fixture hosts found ($n)"
# (tests/data/report/hostile-names.json is deliberately not UTF-8: an input, not an output.)
for f in "$DATA"/audit/*.json; do
	valid "saved document $(basename "$f") is an inspect document" inspect-v1.schema.json "$f"
done

# audit
for f in "$DATA"/audit/*.json "$DATA"/report/hostile-names.json; do
	b=$(basename "$f" .json)
	"$CTGUARD" audit --from "$f" --format json -o "$T/audit-$b.json"
	valid "audit --from $b" audit-v1.schema.json "$T/audit-$b.json"
	"$CTGUARD" audit --from "$f" --pack escapes --fail-on none --format json -o "$T/esc-$b.json"
	valid "audit --from $b --pack escapes --fail-on none" audit-v1.schema.json "$T/esc-$b.json"
done
"$CTGUARD" audit --from "$T/audit-worst.json" --format json -o "$T/again.json"
valid "audit --from a saved audit result" audit-v1.schema.json "$T/again.json"
"$CTGUARD" audit --format json -o "$T/aself.json" 2>/dev/null
valid "audit on this host" audit-v1.schema.json "$T/aself.json"
cat >"$T/w.yaml" <<'YAML'
version: 1
waivers:
  - rule: CIS-DOCKER-5.13
    selector: {name: "wor*"}
    reason: legacy app writes to /var
    owner: platform-team
    expires: 2027-01-31
  - rule: "CTG-ESC-00[12]"
    selector: {name: "worst"}
    reason: lab
    owner: lab-team
    expires: 2026-11-26
  - rule: CIS-DOCKER-5.2
    selector: {name: nobody}
    reason: never matches
    owner: x
YAML
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --waivers "$T/w.yaml" --format json \
	-o "$T/waived.json" 2>/dev/null
valid "audit with waivers (live, expired, unmatched)" audit-v1.schema.json "$T/waived.json"
t_like "$(python3 -c "import json; d=json.load(open('$T/waived.json')); print(sorted({f['status'] for c in d['containers'] for f in c['findings']}), [w['expires'] for w in d['waivers']])")" \
	"'not_evaluated', 'pass', 'waived'.*None" "the waiver document has every status and a null expiry"
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --baseline "$T/audit-best.json" --format json \
	-o "$T/base.json"
valid "audit --baseline (new failures)" audit-v1.schema.json "$T/base.json"
"$CTGUARD" audit --from "$DATA/audit/best.json" --baseline "$T/audit-mixed.json" --format json \
	-o "$T/fixed.json"
valid "audit --baseline (fixed failures)" audit-v1.schema.json "$T/fixed.json"
t_like "$(python3 -c "import json; print(len(json.load(open('$T/fixed.json'))['baseline']['fixed']))")" \
	"^[1-9]" "the baseline document lists fixed findings"

# ctguard report
"$CTGUARD" report --format json -o "$T/r1.json" "$T/audit-mixed.json"
valid "report of one result" audit-v1.schema.json "$T/r1.json"
"$CTGUARD" report --format json -o "$T/rn.json" "$T"/a-*.json "$T/audit-mixed.json"
valid "report merging every fixture host" audit-v1.schema.json "$T/rn.json"
t_like "$(python3 -c "import json; d=json.load(open('$T/rn.json')); print(len(d['summary']['hosts']), all('host' in c for c in d['containers']))")" \
	"^([3-9]|[1-9][0-9]+) True$" "the merged report has hosts and a host on every container"
"$CTGUARD" report --format json -o "$T/rr.json" "$T/rn.json" "$T/waived.json"
valid "report of a report and a waived result" audit-v1.schema.json "$T/rr.json"
"$CTGUARD" report --format json --fail-on low -o "$T/rf.json" "$T/base.json" "$T/fixed.json"
valid "report of baseline results" audit-v1.schema.json "$T/rf.json"

# The schemas reject broken documents (so this test can fail).
cat >"$T/break.py" <<'EOF'
import json, sys
src, kind, out = sys.argv[1:]
d = json.load(open(src))
c = d["containers"][0]
if kind == "missing-summary": del d["summary"]
elif kind == "missing-fact": del c["facts"]["caps.effective"]
elif kind == "unknown-fact": c["facts"]["caps.magic"] = True
elif kind == "bool-fact-string": c["facts"]["no_new_privs"] = "false"
elif kind == "int-fact-float": c["facts"]["user.uid"] = 0.5
elif kind == "list-fact-of-int": c["facts"]["caps.effective"] = [1]
elif kind == "pid-string": c["pid"] = "4242"
elif kind == "unknown-runtime": c["runtime"] = "kata"
elif kind == "unknown-status": c["findings"][0]["status"] = "failed"
elif kind == "unknown-severity": c["findings"][0]["severity"] = "severe"
elif kind == "missing-rule": del c["findings"][0]["rule"]
elif kind == "bad-fingerprint": c["findings"][0]["fingerprint"] = "xyz"
elif kind == "extra-key": d["extra"] = 1
elif kind == "wrong-schema": d["schema"] = "ctguard.audit/v2"
elif kind == "negative-count": d["summary"]["findings"]["fails"] = -1
elif kind == "host-fact-in-container": c["facts"]["host.kernel"] = "6.1"
elif kind == "old-finding-in-baseline":
    d["baseline"] = {"file": "x", "fixed": []}
    c["findings"][0]["new"] = False
json.dump(d, open(out, "w"))
EOF
for kind in missing-summary missing-fact unknown-fact bool-fact-string int-fact-float \
	list-fact-of-int pid-string unknown-runtime unknown-status unknown-severity missing-rule \
	bad-fingerprint extra-key wrong-schema negative-count host-fact-in-container \
	old-finding-in-baseline; do
	python3 "$T/break.py" "$T/audit-worst.json" "$kind" "$T/broken.json"
	t_unlike "$(python3 "$T/validate.py" "$S/audit-v1.schema.json" "$T/broken.json")" "^valid$" \
		"the audit schema rejects $kind"
done
for kind in missing-fact unknown-fact bool-fact-string list-fact-of-int pid-string \
	unknown-runtime extra-key; do
	python3 "$T/break.py" "$DATA/audit/worst.json" "$kind" "$T/broken.json"
	t_unlike "$(python3 "$T/validate.py" "$S/inspect-v1.schema.json" "$T/broken.json")" "^valid$" \
		"the inspect schema rejects $kind"
done
t_unlike "$(python3 "$T/validate.py" "$S/inspect-v1.schema.json" "$T/audit-worst.json")" "^valid$" \
	"the inspect schema rejects an audit result"
t_done
