#!/bin/bash
# Kubernetes report resources (--format policyreport and openreports): every document valid
# against the CRD's own openAPIV3Schema (tests/data/crd/, copied from upstream), pod containers
# in their namespace's report with the Pod (and its UID) as resource, the rest and what could
# not be read in the node's cluster report, statuses mapped one to one with the JSON result,
# waiver owner and reason, fleet merges, and --output-dir's atomic files.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

t_need_cmd python3
python3 -c 'import jsonschema, yaml' 2>/dev/null || t_skip_all "needs python3-jsonschema and python3-yaml"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27 CTGUARD_HOSTNAME=node-a
CRD="$DATA/crd"
CHECK="$top_srcdir/tests/crdcheck.py"
H="$DATA/hosts"

check() { python3 "$CHECK" "$CRD" "$@" 2>&1; }

# The checker catches what the API server would refuse (else "valid" proves nothing).
"$CTGUARD" audit --proc-root "$H/crio-kube/proc" --host-root "$H/crio-kube/root" \
	--format policyreport --fail-on none >"$T/crio.yaml"
t_is "$?" 0 "crio-kube: audit --format policyreport exits 0"
python3 - "$T/crio.yaml" "$T" <<'EOF'
import json, sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
def put(name, mutate):
    d = json.loads(json.dumps(docs))
    mutate(d)
    with open("%s/bad-%s.yaml" % (sys.argv[2], name), "w") as f:
        yaml.safe_dump_all(d, f)
put("severity", lambda d: d[1]["results"][0].update(severity="bogus"))
put("property", lambda d: d[1]["results"][0]["properties"].update(pid=12))
put("unknown", lambda d: d[1]["results"][0].update(container="x"))
put("summary", lambda d: d[1]["summary"].update(fail=d[1]["summary"]["fail"] + 1))
put("name", lambda d: d[1]["metadata"].update(name="Node_A"))
EOF
for b in severity property unknown summary name; do
	t_unlike "$(check "$T/bad-$b.yaml")" '^ok' "checker refuses a report with a bad $b"
done

# Recorded Kubernetes nodes (containerd and CRI-O CRI labels): both flavours valid.
for sc in containerd-kube crio-kube; do
	for fmt in policyreport openreports; do
		"$CTGUARD" audit --proc-root "$H/$sc/proc" --host-root "$H/$sc/root" \
			--format "$fmt" --fail-on none >"$T/$sc.$fmt.yaml"
		t_is "$(check "$T/$sc.$fmt.yaml")" "ok 2" "$sc: $fmt: two documents, valid against the CRDs"
	done
done
pods() {
	python3 - "$1" <<'EOF'
import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    res = sorted({(x["kind"], x["namespace"], x["name"], x.get("uid", "-"), x.get("fieldPath", "-"))
                  for r in d["results"] for x in r.get("resources", [])})
    print(d["kind"], d["metadata"]["name"], d["metadata"].get("namespace", "-"),
          d.get("scope", {}).get("kind", "-"), len(d["results"]), res)
EOF
}
t_is "$(pods "$T/containerd-kube.policyreport.yaml")" \
	"ClusterPolicyReport ctguard-node-a - Node 0 []
PolicyReport ctguard-node-a shop - 162 [('Pod', 'shop', 'web-7d9f8b6c5-x2x4q', '5f3c2a1e-8b7d-4c6e-9f0a-1b2c3d4e5f60', '-'), ('Pod', 'shop', 'web-7d9f8b6c5-x2x4q', '5f3c2a1e-8b7d-4c6e-9f0a-1b2c3d4e5f60', 'spec.containers{nginx}')]" \
	"containerd-kube: the pod's sandbox and its nginx container in namespace shop, Pod name and UID from the CRI labels"
t_is "$(pods "$T/crio-kube.openreports.yaml")" \
	"ClusterReport ctguard-node-a - Node 0 []
Report ctguard-node-a monitoring - 81 [('Pod', 'monitoring', 'node-exporter-abcde', '8e1b2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e', 'spec.containers{node-exporter}')]" \
	"crio-kube: openreports Report in namespace monitoring, ClusterReport for the node"
t_is "$(python3 -c 'import sys, yaml; d = list(yaml.safe_load_all(open(sys.argv[1]))); print(d[0]["apiVersion"], d[0]["source"], d[0]["scope"])' "$T/crio-kube.openreports.yaml")" \
	"openreports.io/v1alpha1 ctguard {'apiVersion': 'v1', 'kind': 'Node', 'name': 'node-a'}" \
	"openreports: apiVersion, source and the Node scope"

# A node with pods, a plain container, a pod whose names no API server gives (reported with
# the node, never as a file name), a waiver, unknown facts and an unreadable process.
python3 - "$DATA/audit/mixed.json" "$T/kube.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
worst, best, partial = d["containers"]
def pod(c, ns, name, uid):
    c["facts"]["container.namespace"] = ns
    c["facts"]["container.pod"] = name
    c["facts"]["container.cgroup"] = "/kubepods/besteffort/pod%s/%s" % (uid, c["id"])
pod(worst, "shop", "web-1", "0f2f1e8b-1c3a-4c5e-9d1e-123456789abc")
pod(partial, "../../x", "p", "11111111-2222-3333-4444-555555555555")
d["view"] = {"complete": False, "unreadable_processes": 1, "unreadable_containers": 0,
             "unreadable": [{"pid": 77, "what": "process", "container": "", "reason": "EACCES",
                             "detail": "status not readable"}]}
json.dump(d, open(sys.argv[2], "w"))
EOF
cat >"$T/waivers.yaml" <<'EOF'
version: 1
waivers:
  - rule: CIS-DOCKER-5.4
    selector:
      name: worst
    reason: accepted for the test (ticket 42)
    owner: team a (shop)
    expires: 2027-01-31
EOF
audit_kube() { "$CTGUARD" audit --from "$T/kube.json" --waivers "$T/waivers.yaml" --fail-on none --allow-partial "$@"; }
audit_kube --format json >"$T/kube.out.json"
t_is "$?" 0 "kube: audit --format json exits 0"
audit_kube --format policyreport >"$T/kube.yaml"
t_is "$?" 0 "kube: audit --format policyreport exits 0"
t_is "$(check "$T/kube.yaml")" "ok 2" "kube: two documents (namespace shop, the node), valid"
t_is "$(python3 - "$T/kube.out.json" "$T/kube.yaml" <<'EOF'
import json, sys, yaml
j = json.load(open(sys.argv[1]))
docs = list(yaml.safe_load_all(open(sys.argv[2])))
by = {}
for d in docs:
    for r in d["results"]:
        p = r["properties"]
        if "containerID" in p and "fingerprint" in p:
            by[(p["containerID"], r["rule"])] = (d["metadata"].get("namespace", "-"), r)
m = {"fail": "fail", "pass": "pass", "waived": "skip", "not_evaluated": "error"}
bad, n = [], 0
for c in j["containers"]:
    ns = "shop" if c["name"] == "worst" else "-"
    for f in c["findings"]:
        n += 1
        got = by.pop((c["id"], f["rule"]), None)
        if not got or got[0] != ns or got[1]["result"] != m[f["status"]] or \
           got[1]["severity"] != f["severity"] or got[1]["properties"]["fingerprint"] != f["fingerprint"] or \
           got[1]["properties"]["status"] != f["status"] or \
           (f["status"] == "not_evaluated") != ("reason" in got[1]["properties"] and f["status"] != "waived"):
            bad.append((c["name"], f["rule"], f["status"], got and got[1]["result"]))
waived = [r for _, r in [(0, x) for d in docs for x in d["results"]] if r["result"] == "skip"]
w = waived[0]["properties"] if len(waived) == 1 else {}
gap = [r for d in docs for r in d["results"] if r["rule"] == "unreadable-process"]
print(n, len(by), bad[:3], w.get("owner"), "|", w.get("reason"), "|",
      [(d["kind"], r["result"], r["properties"]["pid"], r["properties"]["reason"]) for d in docs for r in d["results"] if r in gap])
EOF
)" "243 0 [] team a (shop) | accepted for the test (ticket 42) | [('ClusterPolicyReport', 'error', '77', 'EACCES')]" \
	"kube: one result per finding (pass, fail, waived -> skip, not evaluated -> error), owner and reason of the waiver, the unreadable process an error of the node"

# Hostile names: characters YAML readers refuse or fold (C1 controls, U+0085, U+2028, U+FEFF,
# U+FFFE) survive exactly; YAML and JSON read each document alike.
python3 - "$DATA/audit/mixed.json" "$T/hostile.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["containers"][0]["facts"]["container.name"] = "a\u0085b\u2028c\u2029d\ufeffe\ufffff\uffff\u009b[2Jg\x7f\"\n"
d["containers"][0]["facts"]["container.namespace"] = "ns"
d["containers"][0]["facts"]["container.pod"] = "p"
json.dump(d, open(sys.argv[2], "w"))
EOF
"$CTGUARD" audit --from "$T/hostile.json" --format policyreport --fail-on none --allow-partial >"$T/hostile.yaml"
t_is "$(check "$T/hostile.yaml")" "ok 2" "hostile: valid for the CRD checker's YAML reader"
t_is "$(python3 - "$T/hostile.yaml" <<'EOF'
import json, sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
y = list(yaml.safe_load_all(text))
j = [json.loads(p) for p in text.split("---\n") if p.strip()]
names = {r["properties"].get("containerName") for d in y for r in d["results"]}
print(y == j, "a\u0085b\u2028c\u2029d\ufeffe\ufffff\uffff\u009b[2Jg\x7f\"\n" in names,
      all(ord(c) >= 0x20 and c not in "\x7f\x85\u2028\u2029\ufeff\ufffe\uffff" and not 0x80 <= ord(c) <= 0x9f
          for c in text if c not in "\n"))
EOF
)" "True True True" "hostile: the same in YAML and JSON, the name exact, no such character raw in the stream"

# --output-dir: one file per namespace and the node's, replaced atomically; a namespace that
# is gone gets an empty report (applying the directory clears it); nothing else is written.
mkdir "$T/out"
audit_kube --format policyreport --output-dir "$T/out"
t_is "$?" 0 "--output-dir exits 0"
t_is "$(cd "$T/out" && ls -A | tr '\n' ' ')" "cluster.yaml ns-shop.yaml " "--output-dir: cluster.yaml and ns-shop.yaml, no temporary file left"
t_is "$(stat -c %a "$T/out/ns-shop.yaml")" 644 "--output-dir: files readable by the publisher (0644)"
t_is "$(cat "$T/out/cluster.yaml" "$T/out/ns-shop.yaml")" "$(cat "$T/kube.yaml")" "--output-dir: the same documents as the stream"
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --format policyreport --fail-on none --output-dir "$T/out"
t_is "$(check "$T/out/ns-shop.yaml"; python3 -c 'import sys, yaml; print([(d["metadata"]["namespace"], len(d["results"]), d["summary"]) for d in yaml.safe_load_all(open(sys.argv[1]))])' "$T/out/ns-shop.yaml")" \
	"ok 1
[('shop', 0, {'pass': 0, 'fail': 0, 'warn': 0, 'error': 0, 'skip': 0})]" \
	"--output-dir: the namespace without containers now is rewritten as an empty report"
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --format json --output-dir "$T/out" >/dev/null 2>"$T/err"
t_is "$?" 2 "--output-dir with --format json: usage error"
"$CTGUARD" audit --from "$DATA/audit/mixed.json" --format policyreport --output-dir "$T/none" 2>"$T/err"
t_is "$?" 3 "--output-dir to a missing directory: exit 3"
t_like "$(cat "$T/err")" "opening '.*none'" "--output-dir to a missing directory: says which"

# Fleet merge: a report per host, each scoped to its own node.
CTGUARD_HOSTNAME=node-a audit_kube --format json >"$T/a.json"
CTGUARD_HOSTNAME=Node_B.example audit_kube --format json >"$T/b.json"
"$CTGUARD" report --format openreports --allow-partial "$T/a.json" "$T/b.json" >"$T/fleet.yaml"
t_is "$?" 0 "report --format openreports exits 0"
t_is "$(check "$T/fleet.yaml")" "ok 4" "fleet: four documents, valid"
t_is "$(python3 -c 'import sys, yaml; print(sorted((d["kind"], d["metadata"]["name"][:15], d["metadata"]["annotations"]["ctguard.io/node"], d.get("scope", {}).get("name", "-"), len(d["results"])) for d in yaml.safe_load_all(open(sys.argv[1]))))' "$T/fleet.yaml")" \
	"[('ClusterReport', 'ctguard-node-a', 'node-a', 'node-a', 163), ('ClusterReport', 'ctguard-node-b.', 'Node_B.example', 'Node_B.example', 163), ('Report', 'ctguard-node-a', 'node-a', '-', 81), ('Report', 'ctguard-node-b.', 'Node_B.example', '-', 81)]" \
	"fleet: per host a namespace report and a cluster report; a host name that is no DNS name is made one"
t_done
