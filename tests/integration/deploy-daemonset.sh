#!/bin/bash
# The DaemonSet of deploy/kubernetes, run for real as far as this machine allows: its pod spec
# becomes podman run flags (tests/integration/deploy-common.sh), its image is built by
# build-image.sh, and it audits real podman and runc containers. Checks that the pod writes a
# schema-valid result named after the node; that it sees the other containers exactly as a
# full-capability ctguard on the host does; what its own container looks like (one capability,
# nothing writable or socket-bearing from the host, the scanner_expected findings waived with
# their reason, the rest waived by the ConfigMap's waivers once the pod has its Kubernetes
# identity); and, with the spec's capability removed, that the containers the README says go
# missing do go missing (the measurement behind CAP_SYS_PTRACE).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"
. "$top_srcdir/tests/integration/deploy-common.sh"

t_need_root
t_need_cmd podman runc busybox python3 tar
python3 -c 'import yaml' 2>/dev/null || t_skip_all "needs python3-yaml"
ct_trap
ct_tmpdir
W=$ct_dir
export ASAN_OPTIONS=detect_leaks=0 # the pod runs under seccomp (LeakSanitizer cannot work there)
CTGUARD=$(cd "$(dirname "$CTGUARD")" && pwd)/$(basename "$CTGUARD")
PFX=ctg-depds-$$
TARGET_IMAGE=localhost/ctg-bb:test
POD_IMAGE=localhost/ctg-deploy-audit:$$
PODMAN=(podman run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

# --- the image, by the script the README tells users to run ----------------------------------
ct_defer "podman rmi -f '$POD_IMAGE'"
out=$("$DEPLOY/kubernetes/build-image.sh" "$CTGUARD" "$POD_IMAGE" 2>&1)
t_is "$?" 0 "build-image.sh builds the DaemonSet's image"
out=$(podman run --rm --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
	"$POD_IMAGE" 2>&1)
t_like "$out" "^Usage: ctguard COMMAND" "the image runs ctguard (its default command prints the usage)"
out=$(podman run --rm --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
	"$POD_IMAGE" /usr/local/sbin/ctguard watch --help 2>&1)
t_like "$out" "^Usage: ctguard watch" "the image runs ctguard watch (ctguard-watch and its libraries are in it)"

# --- the containers to audit: podman default and privileged, and a runc bundle ----------------
if ! podman image exists "$TARGET_IMAGE" 2>/dev/null; then
	ct_busybox_rootfs "$W/bbroot" && tar -C "$W/bbroot" -cf "$W/bb.tar" . &&
		podman import "$W/bb.tar" "$TARGET_IMAGE" >/dev/null 2>&1 ||
		t_skip_all "podman import of a busybox image failed"
fi
for n in default priv; do
	ct_defer "podman rm -f -t 0 '$PFX-$n'"
done
"${PODMAN[@]}" --runtime runc --name "$PFX-default" "$TARGET_IMAGE" sleep 600 >/dev/null 2>"$W/default.err" ||
	t_skip_all "podman run failed: $(head -c 300 "$W/default.err")"
"${PODMAN[@]}" --runtime runc --name "$PFX-priv" --privileged "$TARGET_IMAGE" sleep 600 >/dev/null
runc_bundle "$W/bundle" && runc_run "$PFX-runc" "$W/bundle" || t_skip_all "runc run failed"
"$CTGUARD" inspect --format json >"$W/host.json" 2>/dev/null

# --- the pod: podman flags from the spec; runc applies "rro" to the recursiveReadOnly mounts ---
# run_pod NAME DAEMONSET NODE: starts the pod; leaves its results directory in pod_out.
run_pod() {
	local name=$1 ds=$2 node=$3 a=() args=() rro=() seen=0 x
	pod_out="$W/$name-out"
	mkdir -p "$pod_out" "$W/$name-cm" "$W/empty"
	mapfile -d '' a < <(pod_podman_args "$ds" "$node" "$pod_out" "$W/$name-cm" "$W/empty" "$POD_IMAGE")
	for x in "${a[@]}"; do
		if [ "$x" = --rro ]; then seen=1; elif [ $seen = 1 ]; then rro+=("$x"); else args+=("$x"); fi
	done
	# podman 4 has no "rro" volume option; this runtime adds it to config.json for runc.
	cat >"$W/rro-runc" <<EOF
#!/bin/sh
b=""; prev=""
for a; do
	[ "\$prev" = --bundle ] && b=\$a
	prev=\$a
done
if [ -n "\$b" ] && [ -f "\$b/config.json" ]; then
	/usr/bin/python3 - "\$b/config.json" ${rro[*]} <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for m in c.get("mounts", []):
    if m.get("destination") in sys.argv[2:]:
        m["options"] = [o for o in m.get("options", []) if o not in ("ro", "rw")] + ["rro"]
json.dump(c, open(sys.argv[1], "w"))
PY
fi
exec runc "\$@"
EOF
	chmod +x "$W/rro-runc"
	ct_defer "podman rm -f -t 0 '$name'"
	"${PODMAN[@]}" --runtime "$W/rro-runc" --name "$name" --env ASAN_OPTIONS=detect_leaks=0 \
		"${args[@]}" >/dev/null 2>"$W/$name.err" || {
		echo "#   podman run: $(head -c 400 "$W/$name.err")"
		return 1
	}
	for _ in $(seq 1 150); do
		[ -s "$pod_out/audit-$node.json" ] && return 0
		sleep 0.2
	done
	echo "#   no result after 30 s; pod log: $(podman logs "$name" 2>&1 | head -c 400)"
	return 1
}

run_pod "$PFX-pod" "$DEPLOY/kubernetes/daemonset.yaml" node-a
t_is "$?" 0 "the DaemonSet's pod starts and writes /var/lib/ctguard/audit-node-a.json"
R=$pod_out/audit-node-a.json
t_is "$(ls "$pod_out")" "audit-node-a.json
policyreports" "the result was renamed into place (no .new left), next to the reports directory"
t_unlike "$(podman logs "$PFX-pod" 2>&1)" "failed with status" "the pod's loop reports no failed audit"
# ctguard watch beside the loop: /metrics on the port the PodMonitor scrapes, ready once its
# first audit is done, the events on the pod's log.
pod_metrics() { podman exec "$PFX-pod" busybox wget -q -O - "http://127.0.0.1:9753/$1" 2>/dev/null; }
for _ in $(seq 1 150); do
	pod_metrics healthz >/dev/null && break
	sleep 0.2
done
t_like "$(pod_metrics metrics)" 'ctguard_containers_audited [1-9]' \
	"the pod's ctguard watch serves /metrics on 9753 (the PodMonitor's port), containers audited"
t_like "$(podman logs "$PFX-pod" 2>/dev/null | grep -c '"schema":"ctguard.event/v1"')" '^[1-9]' \
	"  and its events are on the pod's log"
t_unlike "$(podman logs "$PFX-pod" 2>&1)" "ctguard watch exited" "  it never stopped"

# --- the result -------------------------------------------------------------------------------
cat >"$W/judge.py" <<'EOF'
import json, sys
mode, path = sys.argv[1], sys.argv[2]
d = json.load(open(path))
cs = d["containers"]
def by(name):
    return next((c for c in cs if c["name"] == name), None)
if mode == "schema":
    import jsonschema
    v = jsonschema.Draft202012Validator(json.load(open(sys.argv[3])))
    errs = list(v.iter_errors(d))
    print("valid" if not errs else errs[0].message[:200], d["host"]["hostname"])
elif mode == "scanner":
    sc = [c for c in cs if c.get("scanner")]
    print(len(sc), sc[0]["name"] if sc else "-")
elif mode == "facts":
    c = by(sys.argv[3])
    print(json.dumps(None if c is None else [c["facts"][k] for k in sys.argv[4:]]))
elif mode == "status":
    c = by(sys.argv[3])
    want = sys.argv[4]
    print(" ".join(sorted(f["rule"] for f in c["findings"] if f["status"] == want)) if c else "MISSING")
elif mode == "notes":
    c = by(sys.argv[3])
    print(sorted({(f.get("note") or "")[:60] for f in c["findings"] if f["status"] == "waived"}))
elif mode == "same":
    # every fact but the per-run ones equals the host-side inspect's, for each named container
    host = {c["name"]: c for c in json.load(open(sys.argv[3]))["containers"]}
    for name in sys.argv[4:]:
        c, h = by(name), host.get(name)
        if c is None or h is None:
            print(name, "MISSING", "pod" if c is None else "host")
            continue
        skip = {"container.processes", "container.scanner", "sysctl.set"}  # sysctl.set needs CAP_SYS_ADMIN
        diff = sorted(k for k in h["facts"] if k not in skip and c["facts"].get(k) != h["facts"][k])
        print(name, "same" if not diff else "differs: " + " ".join(diff))
elif mode == "as-pod":
    # the Kubernetes identity containerd or CRI-O annotations give the pod
    for c in cs:
        if c.get("scanner"):
            c["facts"]["container.pod"] = "ctguard-audit-x7k2p"
            c["facts"]["container.namespace"] = "ctguard"
    json.dump(d, open(sys.argv[3], "w"))
EOF
j() { python3 "$W/judge.py" "$@"; }

# --- the PolicyReports the loop writes for the publisher (real podman and runc containers) ---
P=$pod_out/policyreports
for _ in $(seq 1 50); do [ -s "$P/cluster.yaml" ] && break; sleep 0.2; done
t_is "$(ls "$P" 2>&1)" "cluster.yaml" "the pod writes the node's ClusterPolicyReport (no namespace here: no pod has CRI labels)"
t_is "$(python3 "$top_srcdir/tests/crdcheck.py" "$DATA/crd" "$P/cluster.yaml")" "ok 1" \
	"cluster.yaml is valid against the wgpolicyk8s.io CRD"
t_is "$(python3 - "$P/cluster.yaml" "$R" "$PFX-priv" "$PFX-default" <<'EOF'
import json, sys, yaml
(d,) = yaml.safe_load_all(open(sys.argv[1]))
j = json.load(open(sys.argv[2]))
m = {"fail": "fail", "pass": "pass", "waived": "skip", "not_evaluated": "error"}
want = sorted((c["id"], f["rule"], m[f["status"]]) for c in j["containers"] for f in c["findings"])
got = sorted((r["properties"]["containerID"], r["rule"], r["result"]) for r in d["results"])
priv = {r["rule"]: r["result"] for r in d["results"] if r["properties"].get("containerName") == sys.argv[3]}
dflt = {r["rule"]: r["result"] for r in d["results"] if r["properties"].get("containerName") == sys.argv[4]}
print(d["scope"]["name"], got == want, priv.get("PSS-B-PRIVILEGED"), dflt.get("PSS-B-PRIVILEGED"))
EOF
)" "node-a True fail pass" \
	"the node's report holds every finding of the result; the privileged podman container fails PSS-B-PRIVILEGED, the default one passes"
if python3 -c 'import jsonschema' 2>/dev/null; then
	t_is "$(j schema "$R" "$top_srcdir/schema/audit-v1.schema.json")" "valid node-a" \
		"the result validates against the audit schema and names the node (CTGUARD_HOSTNAME)"
else
	t_skip "needs python3-jsonschema"
fi
t_is "$(j same "$R" "$W/host.json" "$PFX-default" "$PFX-priv" "$PFX-runc")" \
	"$PFX-default same
$PFX-priv same
$PFX-runc same" \
	"the pod sees the default, privileged and runc containers as ctguard on the host does"

# --- the pod's own container -----------------------------------------------------------------
t_is "$(j scanner "$R")" "1 $PFX-pod" "the pod's container is the one marked container.scanner"
t_is "$(j facts "$R" "$PFX-pod" caps.effective caps.bounding ns.host_pid ns.host_net no_new_privs \
	mounts.rootfs_readonly seccomp.mode user.root)" \
	'[["CAP_SYS_PTRACE"], ["CAP_SYS_PTRACE"], true, false, true, true, "filter", true]' \
	"the pod: CAP_SYS_PTRACE only, host pid only, no_new_privs, read-only root, seccomp, root"
t_is "$(j facts "$R" "$PFX-pod" mounts.sensitive mounts.sensitive_rw mounts.runtime_socket \
	cgroup.v1_writable mounts.proc_sys_rw)" '[["/run/containers/storage", "/sys", "/sys/fs/cgroup", "/sys/fs/cgroup/blkio", "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpuset", "/sys/fs/cgroup/devices", "/sys/fs/cgroup/freezer", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified", "/var/lib/containers/storage/overlay-containers"], [], [], false, false]' \
	"the pod: /sys read-only, nothing sensitive writable, no runtime socket, cgroup v1 not writable"
t_is "$(j status "$R" "$PFX-pod" waived)" \
	"CIS-DOCKER-5.16 CIS-DOCKER-5.6-RO CTG-ESC-007 PSS-B-HOST-PID PSS-B-HOSTPATH" \
	"its scanner_expected findings are waived"
t_like "$(j notes "$R" "$PFX-pod")" "^\[.expected: this is ctguard.s own container[^]]*\]$" \
	"with the explanation that this is ctguard's own container"
t_is "$(j status "$R" "$PFX-pod" fail)" \
	"CIS-DOCKER-4.1 CIS-DOCKER-5.12 CIS-DOCKER-5.31 CIS-DOCKER-5.4 CTG-ESC-006 CTG-ESC-008 PSS-B-CAPABILITIES PSS-R-CAPABILITIES PSS-R-NON-ROOT PSS-R-NON-ROOT-USER" \
	"what it fails beyond them is root with CAP_SYS_PTRACE (the README's list)"
# With the Kubernetes identity the runtimes give it, the ConfigMap's waivers cover exactly that.
j as-pod "$R" "$W/as-pod.json"
"$CTGUARD" audit --from "$W/as-pod.json" --waivers "$W/$PFX-pod-cm/waivers/waivers.yaml" \
	--format json --fail-on none -o "$W/waived.json" 2>"$W/waived.err"
t_is "$?" 0 "the ConfigMap's waivers load"
t_is "$(j status "$W/waived.json" "$PFX-pod" fail)" "" "as a pod ctguard-audit-* in namespace ctguard it fails nothing"
for n in default priv runc; do
	t_is "$(j status "$W/waived.json" "$PFX-$n" fail)" "$(j status "$R" "$PFX-$n" fail)" \
		"the waivers change nothing for $PFX-$n"
done

# --- the same pod without CAP_SYS_PTRACE: the containers the README says go missing -----------
python3 - "$DEPLOY/kubernetes/daemonset.yaml" "$W/noptrace.yaml" <<'EOF'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:
    if d["kind"] == "DaemonSet":
        d["spec"]["template"]["spec"]["containers"][0]["securityContext"]["capabilities"]["add"] = []
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
EOF
podman rm -f -t 0 "$PFX-pod" >/dev/null 2>&1
# Issue 11, defect 6: such a view is incomplete: ctguard exits 4, the pod's loop keeps the last
# complete result, and the new one (audit-node-b.json.new) says what it could not read.
run_pod "$PFX-nocap" "$W/noptrace.yaml" node-b >/dev/null
t_is "$?" 1 "the pod without capabilities keeps no new result (the view is incomplete)"
t_like "$(podman logs "$PFX-nocap" 2>&1)" "ctguard audit failed with status 4" "its audit exits 4"
R2=$pod_out/audit-node-b.json.new
t_is "$(j same "$R2" "$W/host.json" "$PFX-default" "$PFX-priv" "$PFX-runc")" \
	"$PFX-default MISSING pod
$PFX-priv MISSING pod
$PFX-runc MISSING pod" \
	"without CAP_SYS_PTRACE the root containers with capabilities are missing"
t_is "$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["view"]; print(v["complete"], v["unreadable_processes"] > 0, {u["reason"] for u in v["unreadable"]})' "$R2")" \
	"False True {'EACCES'}" "and the result lists them as unreadable (EACCES), not silently"
t_like "$(podman logs "$PFX-nocap" 2>&1)" "incomplete view: [0-9]+ processes could not be read" \
	"and ctguard says the view is incomplete"
# Its PolicyReport is published all the same: what it could not read is an error of the node.
t_is "$(python3 - "$pod_out/policyreports/cluster.yaml" "$R2" <<'EOF'
import json, sys, yaml
(d,) = yaml.safe_load_all(open(sys.argv[1]))
v = json.load(open(sys.argv[2]))["view"]
err = [r for r in d["results"] if r["rule"] == "unreadable-process"]
print(d["scope"]["name"], len(err) == len(v["unreadable"]) > 0, {r["result"] for r in err},
      d["summary"]["error"] >= len(err))
EOF
)" "node-b True {'error'} True" "the incomplete view's ClusterPolicyReport lists each unreadable process as an error"
t_done
