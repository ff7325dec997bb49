#!/bin/bash
# ctguard oci check on OCI runtime configs in their real formats (tests/data/oci): runc spec's,
# configs podman wrote here (default, --privileged --pid host, --userns=auto hardened) with
# their containers-storage names, containerd CRI and CRI-O configs written from their
# documented annotations; broken, foreign, wrongly typed and hostile configs; every format;
# --policy, --waivers, --baseline; rules on runtime-only facts reported "not evaluated".
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_cmd python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export CTGUARD_NOW=2026-11-27 CTGUARD_HOSTNAME=node-1
O="$DATA/oci"
PODMAN="$O/podman/overlay-containers"
PDEF="$PODMAN/46927d3886144de484832629fb2d3bb2bf31b81a24b88080fe16d478565b8b95/userdata"
PPRIV="$PODMAN/9727273e56ee46a72ea53892024262227499a08c51b97e1a735658f5c02bac10/userdata"
PHARD="$PODMAN/f598ad43bb23c4978c1fed570651489be0dfd5576b31b0d212940a93330d3d4d/userdata"
CTD="$O/containerd/k8s.io/4d1c8e0f9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d"
CRIO="$O/crio/0b2f7f26e19929fa8eba5cc498197bbd2eb5a8968e5657d4f57ee25fe3c2ae12/userdata"
RUNC="$O/runc/ctg-spec"

check() { "$CTGUARD" oci check "$@"; }

# q FILE PYTHON-EXPR: evaluates EXPR with the document as d and c(name) giving a container;
# prints compact JSON (strings bare).
q() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def c(n):
    return [x for x in d["containers"] if x["name"] == n][0]
def st(n, rule):
    return [f["status"] for f in c(n)["findings"] if f["rule"] == rule][0]
def ev(n, rule):
    return [f["evidence"] for f in c(n)["findings"] if f["rule"] == rule][0]
v = eval(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v, separators=(",", ":")))' "$1" "$2"
}

# ---- usage and bad input -------------------------------------------------------------------
check >/dev/null 2>"$T/err"
t_is "$?" 2 "no config: exit 2"
t_like "$(cat "$T/err")" "missing BUNDLE or CONFIG.JSON" "no config: said"
t_like "$(check --help)" "^Usage: ctguard oci check" "--help"
check --from x.json "$RUNC" >/dev/null 2>"$T/err"
t_is "$?" 2 "--from: exit 2"
t_like "$(cat "$T/err")" "--from is for 'ctguard audit'" "--from belongs to audit: said"
check --proc-root /proc "$RUNC" >/dev/null 2>&1
t_is "$?" 2 "--proc-root: exit 2"
check --bogus "$RUNC" >/dev/null 2>&1
t_is "$?" 2 "unknown option: exit 2"
check --format yaml "$RUNC" >/dev/null 2>&1
t_is "$?" 2 "unknown format: exit 2"

check "$T/no-such-bundle" >"$T/out" 2>"$T/err"
t_is "$?" 3 "missing bundle: exit 3"
t_is "$(cat "$T/err")" "ctguard: bundle or config '$T/no-such-bundle': No such file or directory" \
	"missing bundle: named"
mkdir "$T/empty-bundle"
check "$T/empty-bundle" >/dev/null 2>"$T/err"
t_is "$?" 3 "bundle without config.json: exit 3"
t_is "$(cat "$T/err")" "ctguard: reading '$T/empty-bundle/config.json': No such file or directory" \
	"bundle without config.json: named"
mkfifo "$T/fifo.json"
check "$T/fifo.json" >/dev/null 2>"$T/err"
t_is "$?" 2 "a FIFO as config: exit 2, no hang"
t_like "$(cat "$T/err")" "is not a regular file" "a FIFO as config: said"

B="$O/bad"
bad() { # FILE MESSAGE
	check "$B/$1" >"$T/out" 2>"$T/err"
	t_is "$?" 2 "$1: exit 2"
	t_is "$(cat "$T/err")" "ctguard: $B/$2" "$1: message"
	t_is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$1: no report"
}
bad malformed-json.json "malformed-json.json:4:23: '$B/malformed-json.json' is not valid JSON: unexpected character"
bad empty.json "empty.json:1:1: '$B/empty.json' is not valid JSON: the document ends too early"
bad not-oci.json "not-oci.json: not an OCI runtime config: no string 'ociVersion' (is this a bundle's config.json?)"
bad version-not-string.json "version-not-string.json: not an OCI runtime config: no string 'ociVersion' (is this a bundle's config.json?)"
bad not-an-object.json "not-an-object.json: not an OCI runtime config: the document is not an object"
bad wrong-type-uid.json "wrong-type-uid.json: process.user.uid must be a number from 0 to 4294967295"
bad wrong-type-caps.json "wrong-type-caps.json: process.capabilities.bounding must be a list of strings"
bad mount-without-destination.json "mount-without-destination.json: mounts[0] must be an object with a string destination"
# Fail closed: one bad config among good ones gives no report at all.
check "$RUNC" "$B/not-oci.json" "$PDEF" >"$T/out" 2>"$T/err"
t_is "$?" 2 "a bad config among good ones: exit 2"
t_is "$(wc -c <"$T/out" | tr -d ' ')" 0 "a bad config among good ones: no report"
check "$RUNC" "$T/gone" >"$T/out" 2>/dev/null
t_is "$?" 3 "a missing config among good ones: exit 3"

# ---- facts of each real format ----------------------------------------------------------------
check --format json "$RUNC" "$PDEF" "$PPRIV" "$PHARD" "$CTD" "$CRIO" "$O/joined/ctg-joined" \
	>"$T/all.json" 2>"$T/err"
t_is "$?" 1 "seven configs: findings, exit 1"
t_is "$(q "$T/all.json" '[x["name"] for x in d["containers"]]')" \
	'["ctg-spec","podman-default","podman-privileged","podman-hardened","node-exporter","nginx","ctg-joined"]' \
	"one container per config, named by annotation, containers-storage or bundle directory"
t_is "$(q "$T/all.json" '[x["runtime"] for x in d["containers"]]')" \
	'["unknown","podman","podman","podman","containerd","cri-o","unknown"]' \
	"runtime from the annotations each runtime writes"
f() { q "$T/all.json" "c('$1')['facts']['$2']"; }

# runc spec: root with runc's three capabilities, read-only root, no_new_privs, no seccomp.
t_is "$(f ctg-spec container.id)" ctg-spec "runc: id is the bundle directory"
t_is "$(f ctg-spec container.command)" sh "runc: command is args[0]"
t_is "$(f ctg-spec user.root)" true "runc: root"
t_is "$(f ctg-spec caps.effective)" '["CAP_KILL","CAP_NET_BIND_SERVICE","CAP_AUDIT_WRITE"]' "runc: effective"
t_is "$(f ctg-spec caps.ambient)" '[]' "runc: ambient needs inheritable, which runc spec leaves empty"
t_is "$(f ctg-spec no_new_privs)/$(f ctg-spec mounts.rootfs_readonly)" true/true "runc: nnp, read-only root"
t_is "$(f ctg-spec seccomp.mode)" disabled "runc: no linux.seccomp: disabled"
t_is "$(f ctg-spec ns.shared)" '["cgroup","time","user"]' "runc: absent namespace types are the host's"
t_is "$(f ctg-spec userns.enabled)/$(f ctg-spec ns.host_user)" false/true "runc: no user namespace"
t_is "$(f ctg-spec mounts.proc_sys_rw)" false "runc: readonlyPaths keeps /proc/sys read-only"
t_is "$(f ctg-spec rlimit.nofile)/$(f ctg-spec rlimit.nproc)" 1024/null \
	"runc: a configured rlimit is known, an inherited one unknown"
for x in container.pid container.processes container.cgroup user.root_processes seccomp.filters; do
	t_is "$(f ctg-spec $x)" null "runc: $x exists only at runtime: unknown"
done
t_is "$(q "$T/all.json" 'c("ctg-spec")["pid"]')" 0 "the JSON pid of a config is 0 (the schema's integer)"

# podman default: its name and image from containers-storage's containers.json.
t_is "$(f podman-default container.image)" localhost/bb:1 "podman: image from containers.json"
t_is "$(f podman-default container.id)" 46927d3886144de484832629fb2d3bb2bf31b81a24b88080fe16d478565b8b95 \
	"podman: id is the directory above userdata"
t_is "$(f podman-default caps.bounding)" \
	'["CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FOWNER","CAP_FSETID","CAP_KILL","CAP_SETGID","CAP_SETUID","CAP_SETPCAP","CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_SETFCAP"]' \
	"podman: its eleven default capabilities"
t_is "$(f podman-default seccomp.mode)/$(f podman-default cgroup.pids_limit)" filter/2048 "podman: seccomp, pids limit"
t_is "$(f podman-default ns.host_net)" null "podman: a network namespace path that is not here: unknown"
t_is "$(q "$T/all.json" 'st("podman-default", "PSS-B-HOST-NET")')" not_evaluated \
	"podman: the rule on ns.host_net is not evaluated"
t_is "$(q "$T/all.json" 'ev("podman-default", "PSS-B-HOST-NET")')" "ns.host_net unknown" \
	"podman: its evidence says which fact is unknown"
t_is "$(f podman-default mounts.sensitive)" '[]' "podman: its own binds are not sensitive"
# podman --privileged --pid host
t_is "$(f podman-privileged caps.privileged)" true "privileged: every capability"
t_is "$(f podman-privileged seccomp.mode)/$(f podman-privileged ns.host_pid)" disabled/true \
	"privileged: no seccomp, host pid"
t_is "$(f podman-privileged mounts.proc_sys_rw)/$(f podman-privileged cgroup.v1_writable)" true/true \
	"privileged: /sys and cgroups writable"
t_like "$(f podman-privileged devices.block)" '^\["/dev/' "privileged: the host's block devices from linux.devices"
# podman --userns=auto --cap-drop=all --user 1000 --security-opt no-new-privileges --read-only
t_is "$(f podman-hardened userns.uid_map)" '["0 2147483647 1024"]' "hardened: uid map from uidMappings"
t_is "$(f podman-hardened userns.root_host_uid)/$(f podman-hardened userns.host_root_mapped)" \
	2147483647/false "hardened: root is an unprivileged host uid"
t_is "$(f podman-hardened user.uid)/$(f podman-hardened caps.effective)" '1000/[]' "hardened: uid 1000, no capability"
# Its filter (containers-common's, decided statically) lets user namespaces and keyctl through:
# the two seccomp escape rules, which the live audit judges only with --deep.
t_is "$(q "$T/all.json" '[f["rule"] for f in c("podman-hardened")["findings"] if f["status"] == "fail" and f["pack"] != "cis-docker"]')" \
	'["CTG-ESC-014","CTG-ESC-015"]' "hardened: passes pss-baseline, pss-restricted and escapes but the two judging its filter"
t_like "$(q "$T/all.json" '[f["evidence"] for f in c("podman-hardened")["findings"] if f["rule"] == "CTG-ESC-015"]')" \
	"keyctl" "hardened: the filter's evidence names keyctl"

# containerd CRI: a node-exporter DaemonSet (hostPID, hostNetwork, host / read-only, uid 65534).
t_is "$(f node-exporter container.pod)/$(f node-exporter container.namespace)" node-exporter-8kq2z/monitoring \
	"containerd: pod and namespace annotations"
t_is "$(f node-exporter container.image)" quay.io/prometheus/node-exporter:v1.7.0 "containerd: image annotation"
t_is "$(f node-exporter ns.shared)" '["net","pid","time","user"]' "containerd: host pid and network"
t_is "$(f node-exporter ns.host_ipc)/$(f node-exporter ns.host_uts)" null/null \
	"containerd: namespaces joined through a pid that is not here: unknown"
t_is "$(f node-exporter mounts.sensitive)/$(f node-exporter mounts.sensitive_rw)" '["/"]/[]' \
	"containerd: host / read-only; the host network's /sys is the runtime's own sysfs, not a hostPath"
t_is "$(f node-exporter caps.effective)/$(f node-exporter caps.bounding | cut -c1-13)" '[]/["CAP_CHOWN",' \
	"containerd: a non-root user keeps no effective capability (no ambient set)"
t_is "$(f node-exporter cgroup.memory_limit)" 188743680 "containerd: memory limit"
# CRI-O: a hardened nginx (uid 101, NET_BIND_SERVICE as ambient, read-only root).
t_is "$(f nginx container.pod)/$(f nginx container.namespace)/$(f nginx container.image)" \
	web-0/shop/docker.io/library/nginx:1.25 "cri-o: pod, namespace, image annotations"
t_is "$(f nginx caps.effective)/$(f nginx caps.ambient)" '["CAP_NET_BIND_SERVICE"]/["CAP_NET_BIND_SERVICE"]' \
	"cri-o: the ambient capability is effective after execve"
t_is "$(f nginx cgroup.pids_limit)/$(f nginx cgroup.memory_limit)" 1024/268435456 "cri-o: limits"
# Namespaces joined by path.
t_is "$(f ctg-joined ns.host_net)" true "joined: /proc/self/ns/net is the host's network namespace"
t_is "$(f ctg-joined ns.host_ipc)/$(f ctg-joined ns.host_user)" null/null "joined: unreadable paths: unknown"
t_is "$(f ctg-joined userns.uid_map)" null "joined: the maps of an unknown user namespace are unknown"
t_is "$(f ctg-joined ns.shared)" '["net","time"]' "joined: ns.shared lists the known shared ones"
# Host facts are this machine's.
t_is "$(q "$T/all.json" 'd["host"]["facts"]["host.kernel"]')" "$(uname -r)" "host facts: this machine's kernel"
t_is "$(f ctg-spec lsm.apparmor)" "$(q "$T/all.json" '"" if not d["host"]["facts"]["host.apparmor"] else "unconfined"')" \
	"lsm.apparmor: \"\" without AppArmor on this host, else unconfined"

# A relative config path and a bundle given as "."
(cd "$RUNC" && "$CTGUARD" oci check --format json config.json) >"$T/rel.json" 2>/dev/null
t_is "$(q "$T/rel.json" 'd["containers"][0]["name"]')" ctg-spec "config.json in the current directory"
(cd "$RUNC" && "$CTGUARD" oci check --format json .) >"$T/dot.json" 2>/dev/null
t_is "$(q "$T/dot.json" 'd["containers"][0]["name"]')" ctg-spec "bundle '.'"

# ---- rules on runtime-only facts ---------------------------------------------------------------
cat >"$T/runtime.yaml" <<'EOF'
version: 1
pack: local
rules:
  - id: LOCAL-ONE-FILTER
    title: Exactly one seccomp filter
    severity: high
    when: {not: {fact: seccomp.filters, equals: 1}}
  - id: LOCAL-FEW-ROOT
    title: No root process but init
    severity: medium
    when: {fact: user.root_processes, gt: 1}
  - id: LOCAL-NNP
    title: no_new_privs
    severity: low
    when: {fact: no_new_privs, equals: false}
EOF
check --format json --rules "$T/runtime.yaml" "$RUNC" >"$T/rt.json"
t_is "$?" 0 "runtime-only rules: nothing fails, exit 0"
t_is "$(q "$T/rt.json" '[f["status"] for f in c("ctg-spec")["findings"]]')" \
	'["not_evaluated","not_evaluated","pass"]' "rules on runtime-only facts are not evaluated, the others judged"
t_is "$(q "$T/rt.json" 'ev("ctg-spec", "LOCAL-ONE-FILTER")')" "seccomp.filters unknown" "not evaluated: evidence names the fact"
t_is "$(q "$T/rt.json" 'd["summary"]["findings"]["not_evaluated"]')" 2 "summary counts them"

# ---- every format ------------------------------------------------------------------------------
for fmt in text json junit sarif csv prometheus html; do
	check --format "$fmt" -o "$T/out.$fmt" "$PDEF" "$CRIO" 2>/dev/null
	t_is "$?" 1 "--format $fmt: exit 1"
done
t_like "$(cat "$T/out.text")" "podman-default" "text: names the container"
t_unlike "$(cat "$T/out.text")" "pid 0" "text: no made-up pid"
t_like "$(cat "$T/out.csv")" "nginx" "csv: names the container"
t_like "$(cat "$T/out.prometheus")" 'ctguard_' "prometheus: metrics"
t_like "$(cat "$T/out.html")" "<html" "html: a page"
if command -v xmllint >/dev/null 2>&1; then
	t_ok "junit: well-formed XML" xmllint --noout "$T/out.junit"
else
	t_skip "xmllint (libxml2-utils) is not installed"
fi
t_ok "sarif: JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out.sarif"
if python3 -c 'import jsonschema' 2>/dev/null; then
	t_is "$(python3 -c 'import json,sys,jsonschema
s = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))
e = list(jsonschema.Draft202012Validator(s).iter_errors(d))
print("valid" if not e else e[0].message[:200])' "$top_srcdir/schema/audit-v1.schema.json" "$T/all.json")" valid \
		"json: valid against schema/audit-v1.schema.json"
else
	t_skip "python3-jsonschema is not installed"
fi
check --fail-on none "$PPRIV" >/dev/null 2>&1
t_is "$?" 0 "--fail-on none: exit 0"
check --fail-on critical --pack pss-restricted "$PHARD" >/dev/null 2>&1
t_is "$?" 0 "the hardened config passes pss-restricted: exit 0"

# ---- waivers and baseline ----------------------------------------------------------------------
cat >"$T/waivers.yaml" <<'EOF'
version: 1
waivers:
  - rule: PSS-R-NON-ROOT
    selector: {name: podman-default}
    reason: legacy image, tracked in OPS-1
    owner: platform-team
EOF
check --format json --waivers "$T/waivers.yaml" "$PDEF" >"$T/w.json" 2>/dev/null
t_is "$(q "$T/w.json" 'st("podman-default", "PSS-R-NON-ROOT")')" waived "--waivers applies to configs"
check --format json -o "$T/base.json" "$PDEF" 2>/dev/null
check --format json --baseline "$T/base.json" "$PDEF" "$PPRIV" >"$T/b.json" 2>/dev/null
t_is "$(q "$T/b.json" 'len([f for f in c("podman-default")["findings"] if f.get("new")])')" 0 \
	"--baseline: nothing new for the same config"
t_like "$(q "$T/b.json" 'len([f for f in c("podman-privileged")["findings"] if f.get("new")])')" '^[1-9]' \
	"--baseline: a new config's failures are new"

# ---- --policy ----------------------------------------------------------------------------------
check --format json --policy restricted "$PDEF" "$PHARD" "$PPRIV" >"$T/p.json" 2>"$T/err"
t_is "$?" 1 "--policy restricted: exit 1"
t_is "$(q "$T/p.json" '[r["id"] for r in d["rules"]]')" \
	'["policy.user","policy.caps","policy.no_new_privs","policy.seccomp","policy.host_namespaces","policy.mounts.sockets","policy.mounts.sensitive","policy.groups","policy.hooks","policy.devices","policy.apparmor_unconfined","policy.selinux"]' \
	"--policy alone: only the policy's rules"
t_is "$(q "$T/p.json" '[f["rule"] for f in c("podman-default")["findings"] if f["status"] == "fail"]')" \
	'["policy.user","policy.caps","policy.no_new_privs","policy.groups"]' "podman default: root, capabilities, no_new_privs, gid 0"
# podman --user 1000 leaves the process in group 0 (gid 0, additionalGids [0]): the one failure.
t_is "$(q "$T/p.json" '[f["rule"] for f in c("podman-hardened")["findings"] if f["status"] != "pass"]')" \
	'["policy.groups"]' "hardened: passes every rule of restricted but the root group"
t_like "$(q "$T/p.json" 'ev("podman-hardened", "policy.groups")')" "user.groups contains \\[0\\]" "groups evidence names group 0"
t_is "$(q "$T/p.json" '[f["rule"] for f in c("podman-privileged")["findings"] if f["status"] == "fail"]')" \
	'["policy.user","policy.caps","policy.no_new_privs","policy.seccomp","policy.host_namespaces","policy.groups","policy.devices"]' \
	"privileged: fails user, caps, nnp, seccomp, host namespaces, groups, devices"
# Hooks, devices and labels, as the gate judges them (tests/cli/oci-runtime.sh).
mkdir -p "$T/hk"
python3 - "$T/hk/config.json" <<'EOF'
import json, sys
json.dump({"ociVersion": "1.0.2", "root": {"path": "rootfs"},
           "process": {"user": {"uid": 1000, "gid": 1000, "additionalGids": [6]}, "args": ["sh"], "cwd": "/",
                       "selinuxLabel": "system_u:system_r:spc_t:s0"},
           "hooks": {"prestart": [{"path": "/usr/bin/nvidia-hook"}]},
           "linux": {"devices": [{"path": "/dev/sda", "type": "b", "major": 8, "minor": 0}],
                     "resources": {"devices": [{"allow": True, "access": "rwm"}]}}},
          open(sys.argv[1], "w"))
EOF
check --format json --policy restricted "$T/hk" >"$T/hk.json" 2>/dev/null
t_is "$(q "$T/hk.json" '[f["rule"] for f in d["containers"][0]["findings"] if f["status"] == "fail"]')" \
	'["policy.no_new_privs","policy.seccomp","policy.host_namespaces","policy.groups","policy.hooks","policy.devices"]' \
	"a config with a hook, a block device, an allow-all rule and group 6: each rule fails"
t_like "$(q "$T/hk.json" 'ev(d["containers"][0]["name"], "policy.hooks")')" "/usr/bin/nvidia-hook" "hooks evidence names the hook"
t_like "$(q "$T/hk.json" 'ev(d["containers"][0]["name"], "policy.devices")')" "a \\*:\\*.*b 8:0|b 8:0.*a \\*:\\*" "devices evidence names the allow-all rule and the block device"
# linux.seccomp {} or {"defaultAction": ""}: runc runs no filter (its SetupSeccomp): disabled
for v in '{}' '{"defaultAction": "", "syscalls": []}'; do
	mkdir -p "$T/sce"
	python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["linux"]["seccomp"]=json.loads(sys.argv[2]); json.dump(c, open(sys.argv[3], "w"))' \
		"$RUNC/config.json" "$v" "$T/sce/config.json"
	check --format json --policy restricted "$T/sce" >"$T/sce.json" 2>/dev/null
	t_is "$(q "$T/sce.json" 'd["containers"][0]["facts"]["seccomp.mode"]')" disabled "linux.seccomp $v: seccomp.mode disabled"
	t_is "$(q "$T/sce.json" 'st(d["containers"][0]["name"], "policy.seccomp")')" fail "linux.seccomp $v: policy.seccomp fails"
done
printf 'version: 1\nuser: "1000"\ncapabilities: []\ncontainer:\n  allowed_hooks: [/usr/bin/nvidia-hook]\n  allowed_devices: ["b 8:0", "a *:*"]\n  forbidden_gids: []\n' >"$T/hkpol.yaml"
chmod 600 "$T/hkpol.yaml"
check --format json --policy "$T/hkpol.yaml" "$T/hk" >"$T/hk2.json" 2>/dev/null
t_is "$(q "$T/hk2.json" '[st(d["containers"][0]["name"], r) for r in ("policy.groups", "policy.hooks", "policy.devices")]')" \
	'["pass","pass","pass"]' "a policy listing the hook, the devices and no forbidden gid: those rules pass"
t_like "$(q "$T/p.json" 'ev("podman-privileged", "policy.host_namespaces")')" "ns.shared has \[pid\] beyond the allowed set" \
	"policy evidence names the forbidden namespace"
t_is "$(q "$T/p.json" '[r["refs"] for r in d["rules"]][0]')" '{"policy":"builtin:restricted"}' "refs name the policy"
cat >"$T/pol.yaml" <<'EOF'
version: 1
user: 1000
capabilities: [NET_BIND_SERVICE]
container:
  readonly_rootfs: true
EOF
chmod 600 "$T/pol.yaml"
check --format json --policy "$T/pol.yaml" --pack escapes "$CRIO" >"$T/p2.json" 2>"$T/err"
t_is "$?" 0 "a custom policy and a pack: the CRI-O config complies, exit 0"
t_is "$(q "$T/p2.json" 'sorted(set(r["pack"] for r in d["rules"]))')" '["escapes","policy"]' \
	"--policy with --pack: both rule sets"
t_is "$(q "$T/p2.json" 'st("nginx", "policy.rootfs_readonly")')" pass "readonly_rootfs judged"
echo 'version: 1
bogus: 1' >"$T/badpol.yaml"
chmod 600 "$T/badpol.yaml"
check --policy "$T/badpol.yaml" "$RUNC" >/dev/null 2>"$T/err"
t_is "$?" 2 "a bad policy: exit 2"
t_like "$(cat "$T/err")" "badpol.yaml:2:1: " "a bad policy: positioned error"

# ---- hostile strings ---------------------------------------------------------------------------
H="$O/hostile/evil"
check "$H" >"$T/h.txt" 2>&1
t_is "$?" 1 "hostile config judged"
t_is "$(tr -d '\n' <"$T/h.txt" | LC_ALL=C grep -c $'[\001-\010\013-\037\177]')" 0 \
	"text: no raw control character from the config reaches the terminal"
t_like "$(cat "$T/h.txt")" 'web\\x1b\[31m' "text: escapes shown as \\x1b"
check --format json "$H" >"$T/h.json"
t_is "$(q "$T/h.json" 'd["containers"][0]["name"][:10]')" "$(printf 'web\033[31m"<')" "json: the name round-trips exactly"
t_is "$(q "$T/h.json" 'd["containers"][0]["facts"]["container.command"][:10]')" "$(printf '\033[2J\033]0;pw')" \
	"json: command (args[0]'s last path element, 15 bytes as comm) round-trips"
check --format html "$H" >"$T/h.html"
t_unlike "$(cat "$T/h.html")" "<script>alert" "html: no script from the config"
t_like "$(cat "$T/h.html")" "&lt;script&gt;" "html: escaped"
# The config's filter as runc reads it: Docker's caps conditions (includes/excludes) are not in
# the runtime spec, so runc allows bpf unconditionally.
python3 - "$RUNC/config.json" "$T/incl.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
    {"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}
json.dump(c, open(sys.argv[2], "w"))
EOF
check --format json "$T/incl.json" >"$T/incl.out" 2>/dev/null
t_like "$(q "$T/incl.out" 'd["containers"][0]["facts"]["seccomp.allowed_dangerous"]')" '"bpf"' \
	"a Docker-only caps condition is read as runc reads it: bpf allowed"

t_done
