#!/bin/bash
# A real lxc container (busybox template, privileged, no network): identity from the
# lxc.payload.NAME cgroup, and the effective credentials, seccomp and mounts lxc gives it.
. "$top_srcdir/tests/lib.sh"

t_need_root
t_need_cmd lxc-create lxc-start lxc-stop lxc-destroy lxc-info lxc-wait busybox python3

N=ctg-lxc-$$
WORK=$(mktemp -d /tmp/ctg-lxc.XXXXXX)
Q="$top_srcdir/tests/jsonq.py"
created=0

cleanup() {
	if [ "$created" = 1 ]; then
		lxc-stop -k -n "$N" >/dev/null 2>&1
		lxc-destroy -n "$N" >/dev/null 2>&1
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_has() { if python3 "$Q" has "$1" "$2" 2>/dev/null; then t_pass "$3"; else t_fail "$3"; echo "#   got: $1"; echo "#   want item: $2"; fi; }
t_lacks() { if python3 "$Q" has "$1" "$2" 2>/dev/null; then t_fail "$3"; echo "#   got: $1"; echo "#   must lack: $2"; else t_pass "$3"; fi; }
caps_json() { python3 "$Q" caps "$1" "$(cat /proc/sys/kernel/cap_last_cap)"; }

created=1
lxc-create -n "$N" -t busybox >"$WORK/create.log" 2>&1 ||
	t_skip_all "lxc-create -t busybox failed: $(tail -c 300 "$WORK/create.log")"
CONF=$(lxc-config lxc.lxcpath 2>/dev/null || echo /var/lib/lxc)/$N/config
# No lxcbr0 bridge here (ENVIRONMENT.md): a private, empty network namespace instead.
sed -i '/^lxc\.net\.0\./d' "$CONF" && echo 'lxc.net.0.type = empty' >>"$CONF"
lxc-start -n "$N" >"$WORK/start.log" 2>&1 &&
	lxc-wait -n "$N" -s RUNNING -t 30 >/dev/null 2>&1 ||
	t_skip_all "lxc-start failed: $(tail -c 300 "$WORK/start.log")"
P=$(lxc-info -n "$N" -p -H 2>/dev/null)
[ -n "$P" ] && [ -d "/proc/$P" ] || t_skip_all "lxc-info gives no init pid for $N"
# The busybox init forks its children just after start: wait until it has some.
for _ in $(seq 50); do [ -n "$(cat /proc/"$P"/task/*/children 2>/dev/null)" ] && break; sleep 0.1; done

J=$WORK/all.json
"$CTGUARD" inspect --format json >"$J" 2>"$WORK/inspect.err"
t_is "$?" 0 "inspect --format json exits 0 with an lxc container running"
t_ok "inspect output is valid JSON" python3 -m json.tool "$J"

S=pid=$P
t_is "$(count_containers "$J" "$S")" 1 "one container has init pid $P (lxc-info)"
t_is "$(fact "$J" "$S" container.runtime)" '"lxc"' "runtime lxc"
t_is "$(fact "$J" "$S" container.name)" "\"$N\"" "name is the lxc name"
t_is "$(fact "$J" "$S" container.id)" "\"$N\"" "id is the lxc name"
t_is "$(fact "$J" "$S" container.cgroup)" "\"/lxc.payload.$N\"" "cgroup lxc.payload.NAME"
t_like "$(fact "$J" "$S" container.processes)" '^[1-9][0-9]*$' "processes counted"
t_is "$(fact "$J" "$S" user.root)" true "runs as root"
t_is "$(fact "$J" "$S" user.uid)" 0 "uid 0"
t_is "$(fact "$J" "$S" userns.enabled)" false "privileged lxc: no user namespace"
t_is "$(fact "$J" "$S" userns.host_root_mapped)" true "privileged lxc: root is host root"

# Seccomp as the kernel reports it (ENVIRONMENT.md: none here; the busybox template loads none).
sc=$(awk '/^Seccomp:/ {print $2}' "/proc/$P/status")
t_is "$sc" 0 "/proc says the lxc init has no seccomp filter"
t_is "$(fact "$J" "$S" seccomp.mode)" '"disabled"' "seccomp.mode disabled"
t_is "$(fact "$J" "$S" seccomp.filters)" 0 "no seccomp filters"
t_is "$(fact "$J" "$S" no_new_privs)" false "no_new_privs off"

t_is "$(fact "$J" "$S" caps.effective)" \
	"$(caps_json "$(awk '/^CapEff:/ {print $2}' "/proc/$P/status")")" "caps.effective matches /proc"
t_is "$(fact "$J" "$S" caps.bounding)" \
	"$(caps_json "$(awk '/^CapBnd:/ {print $2}' "/proc/$P/status")")" "caps.bounding matches /proc"
t_has "$(fact "$J" "$S" caps.effective)" CAP_SYS_ADMIN "CAP_SYS_ADMIN kept (privileged lxc)"
for c in $(sed -n 's/^lxc\.cap\.drop *= *//p' "$CONF"); do
	C=CAP_$(echo "$c" | tr '[:lower:]' '[:upper:]')
	t_lacks "$(fact "$J" "$S" caps.bounding)" "$C" "lxc.cap.drop $c: $C not in the bounding set"
done
t_is "$(fact "$J" "$S" caps.privileged)" false "not every capability: lxc drops some"

t_is "$(fact "$J" "$S" ns.host_pid)" false "own pid namespace"
t_is "$(fact "$J" "$S" ns.host_mnt)" false "own mount namespace"
t_is "$(fact "$J" "$S" ns.host_net)" false "own (empty) network namespace"
t_is "$(fact "$J" "$S" ns.host_uts)" false "own uts namespace"
t_has "$(fact "$J" "$S" ns.shared)" user "ns.shared holds user (no user namespace)"
t_lacks "$(fact "$J" "$S" ns.shared)" pid "ns.shared lacks pid"

# lxc.mount.auto = proc:mixed sys:ro cgroup:mixed; the template binds /lib and /usr/lib read-only.
t_like "$(awk '$5 == "/proc/sys" {print $6}' "/proc/$P/mountinfo" | tail -n 1)" '^ro' \
	"proc:mixed: /proc/sys itself is read-only"
# ...but lxc leaves writable proc and sysfs instances at /dev/.lxc/proc and /dev/.lxc/sys, where
# root inside can write kernel.core_pattern: that is /proc/sys writable all the same.
if awk '($5 == "/dev/.lxc/proc" || $5 == "/dev/.lxc/sys") && $6 ~ /^rw/ {f = 1} END {exit !f}' \
	"/proc/$P/mountinfo"; then
	t_is "$(fact "$J" "$S" mounts.proc_sys_rw)" true "rw proc/sysfs at /dev/.lxc: proc_sys_rw"
else
	t_is "$(fact "$J" "$S" mounts.proc_sys_rw)" false "no writable proc/sysfs inside: not proc_sys_rw"
fi
t_is "$(fact "$J" "$S" cgroup.v1_writable)" false "cgroup:mixed: hierarchies read-only"
t_is "$(fact "$J" "$S" mounts.sensitive_rw)" '[]' "template binds are read-only"
t_is "$(fact "$J" "$S" mounts.rootfs_readonly)" false "writable rootfs"

F=$WORK/f.json
"$CTGUARD" inspect --format json "$N" >"$F" 2>/dev/null
t_is "$?" 0 "filter by lxc name exits 0"
t_is "$(python3 "$Q" len "$F")" 1 "filter by lxc name keeps one container"
"$CTGUARD" inspect --format json lxc >"$F" 2>/dev/null
t_is "$(count_containers "$F" "$N")" 1 "filter lxc (runtime) keeps it"
t_is "$(count_containers "$F" runtime=lxc)" "$(python3 "$Q" len "$F")" "filter lxc keeps only lxc containers"

t_done
