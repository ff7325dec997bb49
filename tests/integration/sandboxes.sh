#!/bin/bash
# Sandboxes that are not runtime containers: a bubblewrap sandbox, an unshare pid+mount
# sandbox, a mount-only sandbox in a systemd-style ".service" cgroup (hidden unless --all), and
# inspect racing against ~200 short-lived pid namespaces.
. "$top_srcdir/tests/lib.sh"

t_need_root
t_need_cmd bwrap unshare python3 pgrep

WORK=$(mktemp -d /tmp/ctg-sb.XXXXXX)
Q="$top_srcdir/tests/jsonq.py"
CG=/sys/fs/cgroup/systemd/ctg-sb-$$.service
pids=()
churn_pid=

cleanup() {
	touch "$WORK/stop"
	[ -n "$churn_pid" ] && kill "$churn_pid" 2>/dev/null
	# unshare --fork ignores SIGTERM while it waits: SIGKILL, and --kill-child takes the sandbox.
	{
		for p in "${pids[@]}"; do kill -KILL "$p"; done
		for p in "${pids[@]}"; do wait "$p"; done
	} 2>/dev/null
	[ -n "$churn_pid" ] && wait "$churn_pid" 2>/dev/null
	[ -d "$CG" ] && rmdir "$CG" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Unique sleep arguments find our processes and nobody else's.
BW_ARG=$((700000 + $$))
UN_ARG=$((800000 + $$))
MNT_ARG=$((900000 + $$))
find_sleep() {
	for _ in $(seq 50); do
		p=$(pgrep -x -f "sleep $1" | head -n 1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}
# ns_init PID: the process that is pid 1 of PID's pid namespace (the sandbox's init).
ns_init() {
	want=$(readlink "/proc/$1/ns/pid") || return 1
	for d in /proc/[0-9]*; do
		[ "$(readlink "$d/ns/pid" 2>/dev/null)" = "$want" ] || continue
		[ "$(awk '/^NSpid:/ {print $NF}' "$d/status" 2>/dev/null)" = 1 ] && { echo "${d#/proc/}"; return 0; }
	done
	return 1
}

bwrap --ro-bind / / --dev /dev --proc /proc --unshare-pid --unshare-user --uid 1000 --die-with-parent \
	sleep "$BW_ARG" >/dev/null 2>"$WORK/bwrap.err" &
pids+=($!)
unshare --fork --pid --mount-proc --mount --kill-child sleep "$UN_ARG" >/dev/null 2>&1 &
pids+=($!)
BW_SLEEP=$(find_sleep "$BW_ARG")
UN_SLEEP=$(find_sleep "$UN_ARG")
BW_INIT=$(ns_init "$BW_SLEEP")
UN_INIT=$(ns_init "$UN_SLEEP")

J=$WORK/all.json
"$CTGUARD" inspect --format json >"$J" 2>"$WORK/inspect.err"
t_is "$?" 0 "inspect --format json exits 0 with sandboxes running"

# --- bubblewrap ---------------------------------------------------------------------------------
if [ -z "$BW_INIT" ]; then
	t_fail "bwrap sandbox started: $(head -c 300 "$WORK/bwrap.err")"
else
	S=pid=$BW_INIT
	t_is "$(count_containers "$J" "$S")" 1 "bwrap: one container has the sandbox's init pid $BW_INIT"
	t_is "$(fact "$J" "$S" container.runtime)" '"bwrap"' "bwrap: runtime bwrap"
	t_is "$(fact "$J" "$S" container.processes)" 2 "bwrap: bwrap's init and sleep"
	t_is "$(fact "$J" "$S" user.uid)" 1000 "bwrap: --uid 1000"
	t_is "$(fact "$J" "$S" user.root)" false "bwrap: not root"
	t_is "$(fact "$J" "$S" userns.enabled)" true "bwrap: --unshare-user"
	# bwrap run by root maps only the sandbox uid onto host root: "1000 0 1".
	t_is "$(fact "$J" "$S" userns.uid_map)" "[\"1000 0 1\"]" "bwrap: uid_map 1000 -> host 0"
	t_is "$(fact "$J" "$S" userns.root_host_uid)" -1 "bwrap: uid 0 is unmapped inside"
	t_is "$(fact "$J" "$S" userns.host_root_mapped)" true "bwrap: host root is mapped (as uid 1000)"
	t_is "$(fact "$J" "$S" ns.host_pid)" false "bwrap: own pid namespace"
	t_is "$(fact "$J" "$S" ns.host_mnt)" false "bwrap: own mount namespace"
	t_is "$(fact "$J" "$S" caps.effective)" '[]' "bwrap: no capabilities for uid 1000"
	t_is "$(fact "$J" "$S" mounts.rootfs_readonly)" true "bwrap: --ro-bind / /"
	t_is "$(fact "$J" "$S" no_new_privs)" true "bwrap: sets no_new_privs"
fi

# --- unshare --fork --pid --mount-proc --mount ---------------------------------------------------
if [ -z "$UN_INIT" ]; then
	t_fail "unshare sandbox started"
else
	S=pid=$UN_INIT
	t_is "$UN_INIT" "$UN_SLEEP" "unshare: sleep is pid 1 of the new pid namespace"
	t_is "$(count_containers "$J" "$S")" 1 "unshare: one container has init pid $UN_INIT"
	t_is "$(fact "$J" "$S" container.runtime)" '"unknown"' "unshare: runtime unknown"
	t_is "$(fact "$J" "$S" container.pid)" "$UN_INIT" "unshare: container.pid is the sleep"
	t_is "$(fact "$J" "$S" container.name)" '"sleep"' "unshare: named after its command"
	t_like "$(fact "$J" "$S" container.id)" '^"ns-[0-9]+"$' "unshare: id from the namespace inode"
	t_is "$(fact "$J" "$S" container.image)" '""' "unshare: no image"
	t_is "$(fact "$J" "$S" user.root)" true "unshare: root"
	t_is "$(fact "$J" "$S" userns.enabled)" false "unshare: no user namespace"
	t_is "$(fact "$J" "$S" ns.host_pid)" false "unshare: own pid namespace"
	t_is "$(fact "$J" "$S" ns.host_mnt)" false "unshare: own mount namespace"
	t_is "$(fact "$J" "$S" ns.host_net)" true "unshare: host network"
	t_is "$(fact "$J" "$S" seccomp.mode)" '"disabled"' "unshare: no seccomp"
fi

# --- a mount-only sandbox in a ".service" cgroup is a service, not a container -------------------
unshare --mount sleep "$MNT_ARG" >/dev/null 2>&1 &
MP=$!
pids+=("$MP")
find_sleep "$MNT_ARG" >/dev/null
"$CTGUARD" inspect --format json >"$J" 2>/dev/null
t_is "$(fact "$J" "pid=$MP" container.runtime)" '"unknown"' "mount-only sandbox: reported (runtime unknown) outside a service cgroup"
t_is "$(fact "$J" "pid=$MP" ns.host_pid)" true "mount-only sandbox: host pid namespace"
if mkdir "$CG" 2>/dev/null && echo "$MP" >"$CG/cgroup.procs" 2>/dev/null; then
	"$CTGUARD" inspect --format json >"$J" 2>/dev/null
	t_is "$(count_containers "$J" "pid=$MP")" 0 "mount-only sandbox in ${CG##*/}: hidden by default"
	"$CTGUARD" inspect --all --format json >"$J" 2>/dev/null
	t_is "$(count_containers "$J" "pid=$MP")" 1 "mount-only sandbox in ${CG##*/}: shown with --all"
	t_is "$(fact "$J" "pid=$MP" container.cgroup)" "\"/${CG##*/}\"" "mount-only sandbox: its cgroup"
	kill "$MP" 2>/dev/null
	wait "$MP" 2>/dev/null
	rmdir "$CG" 2>/dev/null
else
	t_skip "cannot create a name=systemd cgroup $CG"
fi

# --- race: inspect while pid namespaces come and go ----------------------------------------------
{ kill -KILL "${pids[@]}"; wait "${pids[@]}"; } 2>/dev/null
pids=()
churn() {
	i=0
	while [ "$i" -lt 200 ] || { [ ! -e "$WORK/stop" ] && [ "$i" -lt 5000 ]; }; do
		unshare --fork --pid --kill-child sleep "0.$((RANDOM % 3))" >/dev/null 2>&1 &
		c=$!
		sleep "0.0$((RANDOM % 3))"
		[ $((i % 2)) = 0 ] && kill -KILL "$c" 2>/dev/null
		i=$((i + 1))
		echo "$i" >"$WORK/churned"
	done
	wait
}
churn 2>/dev/null &
churn_pid=$!
bad=0
for r in $(seq 30); do
	"$CTGUARD" inspect --format json >"$WORK/race.json" 2>"$WORK/race.err"
	rc=$?
	msg=$(python3 - "$WORK/race.json" <<'EOF'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
except ValueError as e:
    print("invalid JSON: %s" % e)
    sys.exit(0)
for c in doc.get("containers", []):
    if not isinstance(c.get("pid"), int) or not isinstance(c["facts"].get("container.pid"), int):
        print("container %s has a null pid" % c.get("id"))
        break
EOF
)
	if [ "$rc" != 0 ] || [ -n "$msg" ]; then
		bad=$((bad + 1))
		echo "# run $r: exit $rc ${msg} $(head -c 200 "$WORK/race.err")"
	fi
done
touch "$WORK/stop"
wait "$churn_pid"
churn_pid=
t_is "$bad" 0 "30 inspect runs during churn: all exit 0 with valid JSON and no null pid"
t_like "$(cat "$WORK/churned")" '^([2-9][0-9]{2}|[0-9]{4,})$' "the churn started at least 200 pid namespaces ($(cat "$WORK/churned"))"
t_ok "the last racing run is valid JSON (json.tool)" python3 -m json.tool "$WORK/race.json"

t_done
