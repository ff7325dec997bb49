#!/bin/bash
# The mount exposure model and reachable sockets on real podman containers (issue 12): one
# container per case, each judged by `ctguard audit --format json`, asserting the facts (the
# evidence) and the exact rules that fail and pass; `ctguard oci check` of each container's
# config.json must agree with the live audit on every mount and socket fact.
#   ctl      a named volume only (compliant control)
#   procsys  -v /proc/sys:/x (a subtree of procfs, read-write)
#   varlog   -v /var/log:/var/log (a path inside a sensitive tree)
#   shadow   -v /etc/shadow:/x:ro (a credential, read-only)
#   rootro   -v /:/host:ro          rootrw  -v /:/host
#   sock     -v /run/user/N:/r --network host, with a listener named dockerd on
#            /run/user/N/docker.sock, another process on api.sock, and an abstract socket named
#            like containerd-shim's (CVE-2020-15257)
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

t_need_root
t_need_cmd podman runc busybox python3

IMAGE=localhost/ctg-bb:test
PFX=ctg-mnt-$$
WORK=$(mktemp -d /tmp/ctg-mnt.XXXXXX)
# A directory of its own under /run/user (a rootless runtime's socket directory).
RUNDIR=/run/user/$((40000 + $$ % 20000))
names=()
pids=()

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for n in "${names[@]}"; do podman rm -f -t 0 "$n" >/dev/null 2>&1; done
	podman volume rm -f "$PFX-vol" >/dev/null 2>&1
	rm -rf "$WORK" "$RUNDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run() {
	n=$PFX-$1
	shift
	names+=("$n")
	podman run -d --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
		--name "$n" "$@" "$IMAGE" sleep 600 >/dev/null 2>"$WORK/$n.err" ||
		echo "# $n did not start: $(head -c 300 "$WORK/$n.err")"
}

if ! podman image exists "$IMAGE" 2>/dev/null; then
	mkdir -p "$WORK/rootfs/bin" "$WORK/rootfs/etc" "$WORK/rootfs/tmp" "$WORK/rootfs/proc" \
		"$WORK/rootfs/sys" "$WORK/rootfs/dev" "$WORK/rootfs/run"
	cp "$(command -v busybox)" "$WORK/rootfs/bin/busybox"
	for a in sh sleep cat ls id; do ln -s busybox "$WORK/rootfs/bin/$a"; done
	tar -C "$WORK/rootfs" -cf "$WORK/bb.tar" . &&
		podman import "$WORK/bb.tar" "$IMAGE" >/dev/null 2>"$WORK/import.err" ||
		t_skip_all "podman import failed: $(head -c 300 "$WORK/import.err")"
fi

# Listening unix sockets, each process named with prctl(PR_SET_NAME) as a daemon would be.
mkdir -p "$RUNDIR"
cat >"$WORK/listen.py" <<'EOF'
import ctypes, os, socket, sys, time
ctypes.CDLL(None).prctl(15, ctypes.c_char_p(sys.argv[1].encode()), 0, 0, 0)
socks = []
for p in sys.argv[3:]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind("\0" + p[1:] if p.startswith("@") else p)
    s.listen(1)
    socks.append(s)
open(sys.argv[2], "w").close()
time.sleep(300)
EOF
SHIM="@/containerd-shim/ctg-$$/shim.sock"
python3 "$WORK/listen.py" dockerd "$WORK/l1" "$RUNDIR/docker.sock" </dev/null >/dev/null 2>&1 & pids+=($!)
python3 "$WORK/listen.py" containerd-shim "$WORK/l2" "$SHIM" </dev/null >/dev/null 2>&1 & pids+=($!)
python3 "$WORK/listen.py" python3 "$WORK/l3" "$RUNDIR/api.sock" </dev/null >/dev/null 2>&1 & pids+=($!)
for i in $(seq 50); do [ -e "$WORK/l1" ] && [ -e "$WORK/l2" ] && [ -e "$WORK/l3" ] && break; sleep 0.1; done

run ctl -v "$PFX-vol:/data"
run procsys -v /proc/sys:/x
run varlog -v /var/log:/var/log
run shadow -v /etc/shadow:/x:ro
run rootro -v /:/host:ro
run rootrw -v /:/host
run sock -v "$RUNDIR:/r" --network host

J=$WORK/audit.json
"$CTGUARD" audit --format json --fail-on none "${names[@]}" >"$J" 2>"$WORK/audit.err"
t_is "$?" 0 "audit of the ${#names[@]} containers exits 0"

# f CASE FACT: a fact of one container as compact JSON; s CASE RULE: a rule's status.
f() {
	python3 - "$J" "$PFX-$1" "$2" <<'EOF'
import json, sys
for c in json.load(open(sys.argv[1]))["containers"]:
    if c["name"] == sys.argv[2]:
        print(json.dumps(c["facts"].get(sys.argv[3]), separators=(",", ":")))
EOF
}
# statuses CASE RULE...: "RULE=status" for each rule, space separated.
statuses() {
	python3 - "$J" "$PFX-$1" "${@:2}" <<'EOF'
import json, sys
for c in json.load(open(sys.argv[1]))["containers"]:
    if c["name"] == sys.argv[2]:
        st = {x["rule"]: x["status"] for x in c["findings"]}
        print(" ".join("%s=%s" % (r, st.get(r, "absent")) for r in sys.argv[3:]))
EOF
}
has() { python3 -c 'import json,sys; sys.exit(0 if sys.argv[2] in json.loads(sys.argv[1] or "null") else 1)' "$1" "$2" 2>/dev/null; }
t_has() { if has "$1" "$2"; then t_pass "$3"; else t_fail "$3"; echo "#   got: $1"; echo "#   want item: $2"; fi; }
t_lacks() { if has "$1" "$2"; then t_fail "$3"; echo "#   got: $1"; echo "#   must lack: $2"; else t_pass "$3"; fi; }

MOUNT_RULES="CIS-DOCKER-5.6 CIS-DOCKER-5.6-RO PSS-B-HOSTPATH PSS-B-PROC-MOUNT CTG-ESC-001 CTG-ESC-003 CTG-ESC-030 CIS-DOCKER-5.32 CTG-ESC-033"

# --- the compliant control: a named volume is podman's own storage, not a hostPath ------------
t_is "$(f ctl mounts.host_paths)" '[]' "ctl: a named volume is no hostPath"
t_is "$(f ctl mounts.sensitive)/$(f ctl mounts.kernel_interfaces)/$(f ctl mounts.unix_sockets)" \
	'[]/[]/[]' "ctl: nothing sensitive, no kernel interface, no socket"
t_is "$(statuses ctl $MOUNT_RULES)" \
	"CIS-DOCKER-5.6=pass CIS-DOCKER-5.6-RO=pass PSS-B-HOSTPATH=pass PSS-B-PROC-MOUNT=pass CTG-ESC-001=pass CTG-ESC-003=pass CTG-ESC-030=pass CIS-DOCKER-5.32=pass CTG-ESC-033=pass" \
	"ctl: every mount and socket rule passes"

# --- -v /proc/sys:/x: core_pattern writable from inside, judged as /proc/sys ----------------------
if podman exec "$PFX-procsys" sh -c '[ -w /x/kernel/core_pattern ]'; then
	t_pass "procsys: /x/kernel/core_pattern is writable inside (checked without ctguard)"
else
	t_fail "procsys: /x/kernel/core_pattern is writable inside (checked without ctguard)"
fi
t_is "$(f procsys mounts.kernel_interfaces)" '["/x (proc:/sys rw)"]' "procsys: the procfs subtree is listed"
t_is "$(f procsys mounts.kernel_writable)/$(f procsys mounts.proc_sys_rw)" '["/x"]/true' \
	"procsys: /x writes the host's kernel"
t_is "$(f procsys mounts.sensitive_rw)" '["/proc/sys"]' "procsys: /proc/sys bound read-write"
t_is "$(statuses procsys $MOUNT_RULES)" \
	"CIS-DOCKER-5.6=fail CIS-DOCKER-5.6-RO=pass PSS-B-HOSTPATH=fail PSS-B-PROC-MOUNT=fail CTG-ESC-001=pass CTG-ESC-003=fail CTG-ESC-030=pass CIS-DOCKER-5.32=pass CTG-ESC-033=pass" \
	"procsys: 5.6, hostPath, procMount and the kernel-interface escape fail"

# --- -v /var/log:/var/log: inside a sensitive tree ------------------------------------------------
t_is "$(f varlog mounts.sensitive_rw)/$(f varlog mounts.host_paths)" '["/var/log"]/["/var/log"]' \
	"varlog: /var/log is a sensitive read-write hostPath"
t_is "$(statuses varlog CIS-DOCKER-5.6 CIS-DOCKER-5.6-RO PSS-B-HOSTPATH CTG-ESC-030)" \
	"CIS-DOCKER-5.6=fail CIS-DOCKER-5.6-RO=pass PSS-B-HOSTPATH=fail CTG-ESC-030=pass" \
	"varlog: 5.6 and hostPath fail"

# --- -v /etc/shadow:/x:ro: a credential read-only -------------------------------------------------
t_is "$(f shadow mounts.sensitive_ro)/$(f shadow mounts.sensitive_rw)/$(f shadow mounts.host_secrets)" \
	'["/etc/shadow"]/[]/["/etc/shadow"]' "shadow: a read-only credential"
t_is "$(statuses shadow CIS-DOCKER-5.6 CIS-DOCKER-5.6-RO PSS-B-HOSTPATH CTG-ESC-030)" \
	"CIS-DOCKER-5.6=pass CIS-DOCKER-5.6-RO=fail PSS-B-HOSTPATH=fail CTG-ESC-030=fail" \
	"shadow: 5.6-RO, hostPath and the credentials escape fail; 5.6 (read-write) passes"

# --- / read-only vs read-write -------------------------------------------------------------------
t_has "$(f rootro mounts.sensitive_ro)" "/" "rootro: / bound read-only"
t_lacks "$(f rootro mounts.sensitive_rw)" "/" "rootro: / is not read-write"
t_is "$(statuses rootro CIS-DOCKER-5.6-RO PSS-B-HOSTPATH CTG-ESC-030)" \
	"CIS-DOCKER-5.6-RO=fail PSS-B-HOSTPATH=fail CTG-ESC-030=fail" \
	"rootro: 5.6-RO, hostPath and credentials fail (the host's /etc/shadow is readable)"
t_has "$(f rootrw mounts.sensitive_rw)" "/" "rootrw: / bound read-write"
t_is "$(statuses rootrw CIS-DOCKER-5.6)" "CIS-DOCKER-5.6=fail" "rootrw: 5.6 fails"

# --- sockets under /run/user/N, by owner; the abstract shim socket with the host network ---------
t_has "$(f sock mounts.unix_sockets)" "/r/docker.sock (dockerd)" "sock: docker.sock found, owned by dockerd"
t_has "$(f sock mounts.unix_sockets)" "/r/api.sock (python3)" "sock: any listening socket is found, named by its owner"
t_is "$(f sock mounts.runtime_socket)" '["/r/docker.sock"]' "sock: only the runtime's is a runtime socket"
t_has "$(f sock net.abstract_runtime_sockets)" "$SHIM (containerd-shim)" \
	"sock: the shim's abstract socket is reachable with the host network"
t_is "$(f procsys net.abstract_runtime_sockets)" '[]' "procsys: own network, no abstract socket"
t_is "$(statuses sock CTG-ESC-001 CIS-DOCKER-5.32 CTG-ESC-033 PSS-B-HOSTPATH)" \
	"CTG-ESC-001=fail CIS-DOCKER-5.32=fail CTG-ESC-033=fail PSS-B-HOSTPATH=fail" \
	"sock: the runtime-socket and shim escapes fail"
t_like "$(python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["containers"]:
    for x in c["findings"]:
        if c["name"] == sys.argv[2] and x["rule"] == "CTG-ESC-001": print(x["evidence"])' "$J" "$PFX-sock")" \
	"/r/docker.sock" "sock: CTG-ESC-001's evidence names the path inside"

# --- oci check of each config.json agrees with the live audit on the mount and socket facts ------
FACTS="mounts.sensitive mounts.sensitive_rw mounts.sensitive_ro mounts.host_paths mounts.host_secrets
mounts.kernel_interfaces mounts.kernel_writable mounts.proc_sys_rw mounts.runtime_socket
mounts.unix_sockets mounts.fuse_writable mounts.service_account_token net.abstract_runtime_sockets"
for c in ctl procsys varlog shadow sock; do
	n=$PFX-$c
	cfg=$(podman inspect -f '{{.StaticDir}}' "$n" 2>/dev/null)/config.json
	[ -f "$cfg" ] || cfg=/run/containers/storage/overlay-containers/$(podman inspect -f '{{.Id}}' "$n")/userdata/config.json
	"$CTGUARD" oci check --format json --fail-on none "$cfg" >"$WORK/$c.oci.json" 2>"$WORK/$c.oci.err"
	# shellcheck disable=SC2086
	d=$(python3 - "$WORK/$c.oci.json" "$J" "$n" $FACTS <<'EOF'
import json, sys
o = json.load(open(sys.argv[1]))["containers"][0]["facts"]
l = [c for c in json.load(open(sys.argv[2]))["containers"] if c["name"] == sys.argv[3]][0]["facts"]
norm = lambda v: sorted(v) if isinstance(v, list) else v
bad = ["%s oci=%s live=%s" % (k, json.dumps(o.get(k)), json.dumps(l.get(k)))
       for k in sys.argv[4:] if o.get(k) is None or norm(o.get(k)) != norm(l.get(k))]
print("; ".join(bad))
EOF
	)
	t_is "$d" "" "$c: oci check agrees with the live audit on every mount and socket fact"
done
cleanup
trap - EXIT
t_done
