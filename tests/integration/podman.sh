#!/bin/bash
# Real podman containers (runc runtime, local busybox image): what ctguard inspect reports for
# the default configuration, --privileged --pid host, a hardened user-namespaced one, sensitive
# bind mounts, cgroup limits, and how NAME/ID/RUNTIME filters select containers.
. "$top_srcdir/tests/lib.sh"

t_need_root
t_need_cmd podman runc busybox python3 tar

IMAGE=localhost/ctg-bb:test
PFX=ctg-pod-$$
WORK=$(mktemp -d /tmp/ctg-pod.XXXXXX)
names=()

cleanup() {
	for n in "${names[@]}"; do podman rm -f -t 0 "$n" >/dev/null 2>&1; done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The flags every podman run needs here (ENVIRONMENT.md): runc, and rlimits this sandbox allows.
run() {
	n=$1; shift
	names+=("$n")
	podman run -d --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
		--name "$n" "$@" "$IMAGE" sleep 600 >/dev/null 2>"$WORK/$n.err"
}
pid_of() { podman inspect -f '{{.State.Pid}}' "$1" 2>/dev/null; }

Q="$top_srcdir/tests/jsonq.py"
t_has() { if python3 "$Q" has "$1" "$2" 2>/dev/null; then t_pass "$3"; else t_fail "$3"; echo "#   got: $1"; echo "#   want item: $2"; fi; }
t_lacks() { if python3 "$Q" has "$1" "$2" 2>/dev/null; then t_fail "$3"; echo "#   got: $1"; echo "#   must lack: $2"; else t_pass "$3"; fi; }
# Capability names of a /proc status mask, decoded independently of ctguard.
caps_json() { python3 "$Q" caps "$1" "$(cat /proc/sys/kernel/cap_last_cap)"; }
count_all() { python3 "$Q" len "$1" 2>/dev/null; }

# --- the image: a busybox rootfs imported once, reused afterwards -------------------------------
if ! podman image exists "$IMAGE" 2>/dev/null; then
	mkdir -p "$WORK/rootfs/bin" "$WORK/rootfs/etc" "$WORK/rootfs/tmp" "$WORK/rootfs/proc" \
		"$WORK/rootfs/sys" "$WORK/rootfs/dev" "$WORK/rootfs/run"
	cp "$(command -v busybox)" "$WORK/rootfs/bin/busybox"
	for a in sh sleep cat ls id; do ln -s busybox "$WORK/rootfs/bin/$a"; done
	tar -C "$WORK/rootfs" -cf "$WORK/bb.tar" . &&
		podman import "$WORK/bb.tar" "$IMAGE" >/dev/null 2>"$WORK/import.err" ||
		t_skip_all "podman import failed: $(head -c 300 "$WORK/import.err")"
fi

run "$PFX-default" || t_skip_all "podman run failed: $(head -c 300 "$WORK/$PFX-default.err")"
run "$PFX-priv" --privileged --pid host
# A user namespace of its own (ct_podman_userns, tests/lib.sh: not --userns=auto, which deadlocks).
run "$PFX-userns" $(ct_podman_userns 4) --cap-drop=all --user 1000 --security-opt no-new-privileges --read-only
run "$PFX-mounts" -v /run:/host-run -v /etc:/host-etc:ro
run "$PFX-limits" --memory 64m --pids-limit 100
for n in "${names[@]}"; do
	[ -n "$(pid_of "$n")" ] && [ "$(pid_of "$n")" != 0 ] ||
		echo "# $n did not start: $(head -c 300 "$WORK/$n.err")"
done

J=$WORK/all.json
"$CTGUARD" inspect --format json >"$J" 2>"$WORK/inspect.err"
t_is "$?" 0 "inspect --format json exits 0 with podman containers running"
t_ok "inspect output is valid JSON" python3 -m json.tool "$J"

# --- (a) default container ----------------------------------------------------------------------
n=$PFX-default
p=$(pid_of "$n")
S=pid=$p
t_is "$(count_containers "$J" "$S")" 1 "default: one container has init pid $p"
t_is "$(fact "$J" "$S" container.runtime)" '"podman"' "default: runtime podman"
t_is "$(fact "$J" "$S" container.name)" "\"$n\"" "default: name is the podman name"
t_is "$(fact "$J" "$S" container.id)" "\"$(podman inspect -f '{{.Id}}' "$n")\"" \
	"default: id is the full podman id"
t_is "$(fact "$J" "$S" container.image)" "\"$IMAGE\"" "default: image is the local tag"
t_is "$(fact "$J" "$S" container.pid)" "$p" "default: container.pid is the host pid of init"
t_is "$(fact "$J" "$S" user.root)" true "default: runs as root"
t_is "$(fact "$J" "$S" user.uid)" 0 "default: uid 0"
default_caps='["CAP_CHOWN","CAP_DAC_OVERRIDE","CAP_FOWNER","CAP_FSETID","CAP_KILL","CAP_SETGID","CAP_SETUID","CAP_SETPCAP","CAP_NET_BIND_SERVICE","CAP_SYS_CHROOT","CAP_SETFCAP"]'
t_is "$(fact "$J" "$S" caps.effective)" "$default_caps" "default: the 11 capabilities of podman's default set"
t_is "$(caps_json "$(awk '/^CapEff:/ {print $2}' "/proc/$p/status")")" "$default_caps" \
	"default: /proc CapEff decodes to the same 11 (0x800405fb)"
t_is "$(fact "$J" "$S" caps.bounding)" "$default_caps" "default: bounding set is the same 11"
t_is "$(fact "$J" "$S" caps.privileged)" false "default: not privileged"
t_is "$(fact "$J" "$S" seccomp.mode)" '"filter"' "default: seccomp filter"
t_is "$(fact "$J" "$S" no_new_privs)" false "default: no_new_privs off"
t_is "$(fact "$J" "$S" ns.host_pid)" false "default: own pid namespace"
t_lacks "$(fact "$J" "$S" ns.shared)" pid "default: pid not in ns.shared"
t_lacks "$(fact "$J" "$S" ns.shared)" mnt "default: mnt not in ns.shared"
t_is "$(fact "$J" "$S" userns.enabled)" false "default: no user namespace"
t_is "$(fact "$J" "$S" userns.host_root_mapped)" true "default: host root is root inside"
t_like "$(fact "$J" "$S" cgroup.pids_limit)" '^[1-9][0-9]*$' "default: a positive pids limit"
t_is "$(fact "$J" "$S" cgroup.pids_limit)" \
	"$(podman inspect -f '{{.HostConfig.PidsLimit}}' "$n")" "default: pids limit is podman's"
t_is "$(fact "$J" "$S" cgroup.memory_limit)" -1 "default: no memory limit"
t_is "$(fact "$J" "$S" mounts.proc_sys_rw)" false "default: /proc/sys read-only"
t_is "$(fact "$J" "$S" mounts.rootfs_readonly)" false "default: writable rootfs"
t_is "$(fact "$J" "$S" mounts.sensitive_rw)" '[]' "default: no sensitive host path mounted rw"
t_is "$(fact "$J" "$S" devices.block)" '[]' "default: no block devices"

# --- (b) --privileged --pid host -----------------------------------------------------------------
n=$PFX-priv
p=$(pid_of "$n")
S=pid=$p
t_is "$(fact "$J" "$S" container.name)" "\"$n\"" "privileged: name"
t_is "$(fact "$J" "$S" container.runtime)" '"podman"' "privileged: runtime podman"
t_is "$(fact "$J" "$S" caps.privileged)" true "privileged: caps.privileged"
# This host's pid 1 lacks CAP_SYS_RESOURCE, so "every capability" is every one pid 1 can hold.
t_is "$(fact "$J" "$S" caps.bounding)" \
	"$(caps_json "$(awk '/^CapBnd:/ {print $2}' /proc/1/status)")" \
	"privileged: bounding set is every capability the host's pid 1 holds"
t_has "$(fact "$J" "$S" caps.effective)" CAP_SYS_ADMIN "privileged: CAP_SYS_ADMIN effective"
t_is "$(fact "$J" "$S" seccomp.mode)" '"disabled"' "privileged: no seccomp"
t_is "$(fact "$J" "$S" ns.host_pid)" true "privileged: host pid namespace"
t_has "$(fact "$J" "$S" ns.shared)" pid "privileged: ns.shared holds pid"
t_lacks "$(fact "$J" "$S" ns.shared)" mnt "privileged: own mount namespace"
t_is "$(fact "$J" "$S" mounts.proc_sys_rw)" true "privileged: /proc/sys writable"
host_blk=$(find /dev -maxdepth 1 -type b | sort | python3 -c 'import json,sys; print(json.dumps(sorted(sys.stdin.read().split()), separators=(",", ":")))')
if [ "$host_blk" = '[]' ]; then
	t_skip "privileged: this host has no block device in /dev"
else
	t_is "$(fact "$J" "$S" devices.block)" "$host_blk" "privileged: the host's block devices are in /dev"
fi

# --- (c) hardened: --uidmap --cap-drop=all --user 1000 nnp --read-only ----------------------
n=$PFX-userns
p=$(pid_of "$n")
S=pid=$p
t_is "$(fact "$J" "$S" container.name)" "\"$n\"" "userns: name"
t_is "$(fact "$J" "$S" userns.enabled)" true "userns: user namespace"
root_host=$(awk '$1 == 0 {print $2}' "/proc/$p/uid_map")
t_is "$(fact "$J" "$S" userns.root_host_uid)" "${root_host:-?}" "userns: root maps to host uid $root_host (uid_map)"
t_unlike "$(fact "$J" "$S" userns.root_host_uid)" '^(0|-1)$' "userns: root is neither host root nor unmapped"
t_is "$(fact "$J" "$S" userns.host_root_mapped)" false "userns: host root not mapped"
t_lacks "$(fact "$J" "$S" ns.shared)" user "userns: user not in ns.shared"
t_is "$(fact "$J" "$S" caps.effective)" '[]' "userns: no effective capabilities"
t_is "$(fact "$J" "$S" caps.bounding)" '[]' "userns: empty bounding set"
t_is "$(fact "$J" "$S" caps.privileged)" false "userns: not privileged"
t_is "$(fact "$J" "$S" no_new_privs)" true "userns: no_new_privs"
t_is "$(fact "$J" "$S" user.uid)" 1000 "userns: uid 1000 inside"
t_is "$(fact "$J" "$S" user.root)" false "userns: not root"
t_is "$(fact "$J" "$S" mounts.rootfs_readonly)" true "userns: read-only rootfs"
t_is "$(fact "$J" "$S" seccomp.mode)" '"filter"' "userns: seccomp filter"
t_is "$(count_containers "$J" conmon)" 0 "userns: conmon's private mount namespace is not a container"

# --- (d) sensitive bind mounts --------------------------------------------------------------------
n=$PFX-mounts
S=pid=$(pid_of "$n")
t_has "$(fact "$J" "$S" mounts.sensitive)" /run "mounts: -v /run is sensitive"
t_has "$(fact "$J" "$S" mounts.sensitive_rw)" /run "mounts: -v /run is sensitive and writable"
t_has "$(fact "$J" "$S" mounts.sensitive)" /etc "mounts: -v /etc:ro is sensitive"
t_lacks "$(fact "$J" "$S" mounts.sensitive_rw)" /etc "mounts: -v /etc:ro is not in sensitive_rw"

# --- (e) cgroup limits ----------------------------------------------------------------------------
n=$PFX-limits
S=pid=$(pid_of "$n")
t_is "$(fact "$J" "$S" cgroup.memory_limit)" 67108864 "limits: --memory 64m"
t_is "$(fact "$J" "$S" cgroup.pids_limit)" 100 "limits: --pids-limit 100"

# --- (f) filters ----------------------------------------------------------------------------------
n=$PFX-limits
F=$WORK/f.json
"$CTGUARD" inspect --format json "$n" >"$F" 2>/dev/null
t_is "$?" 0 "filter NAME exits 0"
t_is "$(count_all "$F")" 1 "filter NAME keeps one container"
t_is "$(fact "$F" "$n" container.pid)" "$(pid_of "$n")" "filter NAME keeps that container"

id=$(podman inspect -f '{{.Id}}' "$PFX-userns")
"$CTGUARD" inspect --format json "${id:0:12}" >"$F" 2>/dev/null
t_is "$?" 0 "filter ID-PREFIX exits 0"
t_is "$(count_all "$F")" 1 "filter ID-PREFIX keeps one container"
t_is "$(fact "$F" "${id:0:12}" container.name)" "\"$PFX-userns\"" "filter ID-PREFIX keeps the right one"

"$CTGUARD" inspect --format json podman >"$F" 2>/dev/null
t_is "$?" 0 "filter RUNTIME exits 0"
t_is "$(count_containers "$F" runtime=podman)" "$(count_all "$F")" "filter podman keeps only podman containers"
for s in default priv userns mounts limits; do
	t_is "$(count_containers "$F" "$PFX-$s")" 1 "filter podman keeps $PFX-$s"
done

"$CTGUARD" inspect --format json "$PFX-default" "$PFX-priv" >"$F" 2>/dev/null
t_is "$(count_all "$F")" 2 "two NAME filters keep two containers"

"$CTGUARD" inspect "no-such-name-$$" >"$F" 2>"$WORK/err"
t_is "$?" 1 "filter matching nothing exits 1"
t_like "$(cat "$WORK/err")" "no container matches 'no-such-name-$$'" "filter matching nothing says so"

"$CTGUARD" inspect "$PFX-default" >"$F" 2>/dev/null
t_is "$?" 0 "text output for one container exits 0"
t_like "$(cat "$F")" "$PFX-default" "text output names the container"

t_done
