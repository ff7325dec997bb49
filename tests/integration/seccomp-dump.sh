#!/bin/bash
# ctguard seccomp dump|show|diff on real processes: a podman container (runc applying
# containers-common's profile), a `ctguard run` process, a stack of two filters; the emulated
# decisions checked against libseccomp's compile of the same profile with the same
# capabilities (diff by emulation) and against the kernel (tests/helpers/try-syscall making
# the calls inside); and the tracee never left stopped: ctguard or its tracer killed mid-dump,
# a frozen tracee, missing privileges.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"

t_need_root
t_need_cmd podman runc busybox python3 tar setpriv
ct_trap
# Processes under a seccomp filter cannot be stopped by LeakSanitizer (tests/cli/seccomp.sh).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
TRY="$top_builddir/tests/helpers/try-syscall"
CC=/usr/share/containers/seccomp.json
[ -r "$CC" ] || t_skip_all "containers-common's $CC is not installed"
IMAGE=localhost/ctg-bb:test
PFX=ctg-sd-$$
ct_tmpdir
W=$ct_dir
PROBES="getpid read ioctl unshare unshare-plain mount umount2 keyctl add_key bpf ptrace setns chroot
clone-newuser clone-plain clone3 socket-vsock socket-alg socket-inet socket-unix personality-0
personality-query personality-0x0040 io_uring_setup userfaultfd open_by_handle_at fchmodat2"
# The arguments try-syscall passes for each probe (tests/helpers/try-syscall.c).
call_of() {
	case $1 in
	getpid) echo 'getpid()' ;; read) echo 'read(-1,0,0)' ;; ioctl) echo 'ioctl(-1,0,0)' ;;
	unshare) echo 'unshare(0x10000001)' ;; unshare-plain) echo 'unshare(0x401)' ;;
	mount) echo 'mount(1,1,1,0,0)' ;; umount2) echo 'umount2(1,0)' ;;
	keyctl) echo 'keyctl(-1,0,0,0,0)' ;; add_key) echo 'add_key(1,1,0,0,0)' ;;
	bpf) echo 'bpf(-1,0,0)' ;; ptrace) echo 'ptrace(-1,0,0,0)' ;; setns) echo 'setns(-1,0)' ;;
	chroot) echo 'chroot(1)' ;; clone-newuser) echo 'clone(0x10000200)' ;;
	clone-plain) echo 'clone(0x10000)' ;; clone3) echo 'clone3(0,0)' ;;
	socket-vsock) echo 'socket(40,-1,0)' ;; socket-alg) echo 'socket(38,-1,0)' ;;
	socket-inet) echo 'socket(2,-1,0)' ;; socket-unix) echo 'socket(1,-1,0)' ;;
	personality-0) echo 'personality(0)' ;; personality-query) echo 'personality(0xffffffff)' ;;
	personality-0x0040) echo 'personality(0x40)' ;; io_uring_setup) echo 'io_uring_setup(0,1)' ;;
	userfaultfd) echo 'userfaultfd(-1)' ;; open_by_handle_at) echo 'open_by_handle_at(-1,1,0)' ;;
	fchmodat2) echo 'fchmodat2(-1,1,0,-1)' ;;
	esac
}

# agree LABEL SOURCE OBSERVED: the emulated decision of every probe call for SOURCE against
# the kernel's answers in OBSERVED ("probe ERRNO" lines from try-syscall). An emulated errno
# must be exactly what the call returned; an allowed call must not return what the filters
# refuse with.
agree() {
	local label=$1 src=$2 obs=$3 calls=() p n=0 emu got bad="" want
	for p in $PROBES; do calls+=(--call "$(call_of "$p")"); done
	"$CTGUARD" seccomp show "$src" "${calls[@]}" >"$W/emu" 2>"$W/emu.err" ||
		{ t_fail "$label: show --call failed: $(head -c 300 "$W/emu.err")"; return; }
	for p in $PROBES; do
		n=$((n + 1))
		emu=$(sed -n "${n}p" "$W/emu"); emu=${emu##*: }
		got=$(awk -v p="$p" '$1 == p { print $2 }' "$obs")
		case $emu in
		errno*) want=$(printf '%s' "$emu" | sed 's/.*(\(.*\))/\1/'); [ "$got" = "$want" ] ;;
		allow) [ -n "$got" ] && [ "$got" != EPERM ] && [ "$got" != ENOSYS ] ;;
		*) false ;;
		esac || bad="$bad $p(emulated '$emu', kernel '$got')"
	done
	if [ -z "$bad" ]; then t_pass "$label: $n calls, the emulated decisions are the kernel's"
	else t_fail "$label: disagree:$bad"; fi
}

# state PID: the one-letter state of /proc/PID/stat ("t" is a tracing stop).
state() { sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null; }
# wait_state PID LETTER SECONDS: true once PID is in that state.
wait_state() {
	local i
	for i in $(seq 1 $((${3} * 20))); do [ "$(state "$1")" = "$2" ] && return 0; sleep 0.05; done
	return 1
}
# beating PID FILE: the process runs on: its heartbeat file changes within two seconds.
beating() {
	local a b i
	a=$(cat "$2" 2>/dev/null)
	for i in $(seq 1 40); do
		sleep 0.05
		b=$(cat "$2" 2>/dev/null)
		[ -n "$b" ] && [ "$b" != "$a" ] && [ "$(state "$1")" != t ] && return 0
	done
	return 1
}

# ---- a podman container: runc applying containers-common's profile ---------------------------
if ! podman image exists "$IMAGE" 2>/dev/null; then
	ct_busybox_rootfs "$W/rootfs" && tar -C "$W/rootfs" -cf "$W/bb.tar" . &&
		podman import "$W/bb.tar" "$IMAGE" >/dev/null 2>&1 || t_skip_all "podman import failed"
fi
name=$PFX-pod
ct_defer "podman rm -f -t 0 '$name'"
# The host's /usr and the helpers read-only: try-syscall runs inside through the host's loader.
podman run -d --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --name "$name" \
	-v /usr:/hostusr:ro -v "$top_builddir/tests/helpers:/helpers:ro" "$IMAGE" sleep 600 \
	>/dev/null 2>"$W/pod.err" || t_skip_all "podman run failed: $(head -c 300 "$W/pod.err")"
pid=$(podman inspect -f '{{.State.Pid}}' "$name")
t_like "$pid" '^[0-9]+$' "podman container started (pid $pid)"

"$CTGUARD" seccomp dump "$pid" >"$W/dump.txt" 2>&1; rc=$?
t_is "$rc" 0 "dump of the container's init"
t_like "$(head -1 "$W/dump.txt")" "^pid $pid: seccomp filter, 1 filter .*stopped for at most [0-9]+ us" \
	"dump: one filter, how long the process was stopped"
t_like "$(cat "$W/dump.txt")" "ret #0x50026 ; errno 38 \(ENOSYS\)" "the disassembly names the actions"
"$CTGUARD" seccomp dump "$pid" --format json >"$W/dump.json"
t_is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["schema"], d["mode"], len(d["filters"]), len(d["filters"][0]["program"]) > 100)' "$W/dump.json")" \
	"ctguard.seccomp-dump/v1 filter 1 True" "dump JSON: one program of real size"
"$CTGUARD" seccomp dump "$pid" -o "$W/pod.bpf"
t_is "$(( $(stat -c %s "$W/pod.bpf") % 8 ))" 0 "dump -o writes the raw program"
t_is "$(state "$pid")" S "the container's init is not left stopped"

# The proof: the running filter is containers-common's profile for this container's
# capabilities (runc decides caps conditions with the bounding set), for every syscall number
# of the native architecture.
"$CTGUARD" seccomp diff "pid:$pid" "$CC" --caps pid >"$W/diff.txt" 2>&1; rc=$?
t_is "$rc" 0 "diff pid:$pid $CC --caps pid: the same decision for every native syscall"
t_like "$(tail -1 "$W/diff.txt")" "^0 syscalls differ" "... says so"
"$CTGUARD" seccomp diff "bpf:$W/pod.bpf" "$CC" --caps pid >/dev/null 2>&1
t_is "$?" 2 "--caps pid needs a pid: source"
"$CTGUARD" seccomp diff "pid:$pid" "$CC" >"$W/diff2.txt" 2>&1; rc=$?
t_is "$rc" 1 "without the container's capabilities the profile differs"
t_like "$(cat "$W/diff2.txt")" "x86_64 chroot:" "... chroot needs CAP_SYS_CHROOT"
"$CTGUARD" seccomp show "pid:$pid" --format json >"$W/show.json"
t_is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["abis"]["x86"]["reachable"], d["abis"]["x32"]["reachable"], d["syscalls"]["mount"]["action"], d["syscalls"]["personality"]["action"])' "$W/show.json")" \
	"True True allow conditional" \
	"runc compiles the archMap's 32-bit ABIs in; mount allowed, personality conditional"

# The kernel's answers inside the container (podman exec gets the same filter).
LD=/hostusr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
# shellcheck disable=SC2086
podman exec -e ASAN_OPTIONS=detect_leaks=0 "$name" "$LD" --library-path /hostusr/lib/x86_64-linux-gnu \
	/helpers/try-syscall $PROBES >"$W/pod.obs" 2>"$W/pod.obs.err"
if [ "$(wc -l <"$W/pod.obs")" -ge 20 ]; then
	agree "podman container" "pid:$pid" "$W/pod.obs"
else
	t_fail "try-syscall inside the container: $(head -c 300 "$W/pod.obs.err")"
fi

# ---- a `ctguard run` process --------------------------------------------------------------
"$CTGUARD" run --policy restricted -- sleep 600 </dev/null >/dev/null 2>"$W/run.err" &
rpid=$!
ct_defer "kill -9 $rpid"
for i in $(seq 1 50); do [ "$(sed -n 's/^Seccomp:\t//p' "/proc/$rpid/status" 2>/dev/null)" = 2 ] && break; sleep 0.1; done
"$CTGUARD" seccomp diff "pid:$rpid" default >"$W/rdiff.txt" 2>&1; rc=$?
t_is "$rc" 0 "diff of a 'ctguard run' process and the built-in default profile (no caps kept)"
"$CTGUARD" run --policy restricted -- "$TRY" $PROBES >"$W/run.obs" 2>"$W/run.obs.err"
agree "ctguard run" "pid:$rpid" "$W/run.obs"
kill -9 "$rpid" 2>/dev/null

# ---- a stack of two filters: most restrictive wins, the newest on a tie ---------------------
"$CTGUARD" seccomp compile default -o "$W/default.bpf"
"$CTGUARD" seccomp compile "$CC" -o "$W/cc.bpf"
"$TRY" --load "$W/default.bpf" --exec "$TRY" --load "$W/cc.bpf" --exec sleep 600 &
spid=$!
ct_defer "kill -9 $spid"
for i in $(seq 1 50); do [ "$(sed -n 's/^Seccomp_filters:\t//p' "/proc/$spid/status" 2>/dev/null)" = 2 ] && break; sleep 0.1; done
out=$("$CTGUARD" seccomp dump "$spid" 2>&1)
t_like "$(printf '%s\n' "$out" | head -1)" "2 filters" "dump of a stack: two filters"
t_is "$(printf '%s\n' "$out" | grep -c '^filter [01]: [0-9]* instructions')" 2 "both listed"
t_like "$out" "filter 0: $(( $(stat -c %s "$W/cc.bpf") / 8 )) instructions" \
	"filter 0 is the newest (containers-common's, loaded last): the first the kernel runs"
"$TRY" --load "$W/default.bpf" --exec "$TRY" --load "$W/cc.bpf" $PROBES >"$W/stack.obs" 2>&1
agree "two stacked filters" "pid:$spid" "$W/stack.obs"
t_is "$("$CTGUARD" seccomp show "pid:$spid" --call 'add_key(1,1,0,0,0)' | sed 's/.*: //')" \
	"errno 38 (ENOSYS)" "add_key: EPERM and ENOSYS tie, the newest filter's errno wins"
t_is "$(awk '$1 == "add_key" {print $2}' "$W/stack.obs")" ENOSYS "... as the kernel answers"
kill -9 "$spid" 2>/dev/null

# ---- an unfiltered process ------------------------------------------------------------------
sleep 600 &
upid=$!
ct_defer "kill -9 $upid"
out=$("$CTGUARD" seccomp show "pid:$upid" mount 2>&1); rc=$?
t_is "$rc" 0 "show of an unfiltered process"
t_like "$out" "seccomp disabled.*default allow" "no filter: everything allowed"
kill -9 "$upid" 2>/dev/null

# ---- inspect|audit --deep ---------------------------------------------------------------------
t_need_cmd bwrap
for v in adm:--cap-add=SYS_ADMIN priv:--privileged; do
	n=$PFX-${v%%:*}
	ct_defer "podman rm -f -t 0 '$n'"
	podman run -d --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --name "$n" \
		"${v#*:}" "$IMAGE" sleep 600 >/dev/null 2>"$W/$n.err" ||
		t_fail "podman run $n: $(head -c 300 "$W/$n.err")"
done
# A bwrap sandbox under ctguard's default profile (unshare allowed without namespace flags),
# the filtered command as its pid 1.
exec 7<"$W/default.bpf"
bwrap --ro-bind / / --dev /dev --proc /proc --unshare-pid --as-pid-1 --die-with-parent --seccomp 7 \
	sleep 600 >/dev/null 2>"$W/bwrap.err" &
bw=$!
exec 7<&-
ct_defer "kill -9 $bw"
sleep 0.5
bwinit=$(pgrep -P "$bw" -x sleep)
# Whether this kernel runs x32 code, found independently: getpid through the x32 bit.
x32=$(python3 -c 'import ctypes; print("true" if ctypes.CDLL(None).syscall(0x40000000 | 39) > 0 else "false")')
"$CTGUARD" inspect --deep --format json >"$W/deep.json" 2>"$W/deep.err"; rc=$?
t_is "$rc" 0 "inspect --deep"
dq() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
c=[c for c in d["containers"] if c["name"] == sys.argv[2] or str(c["pid"]) == sys.argv[2]]
print(json.dumps(c[0]["facts"][sys.argv[3]] if c else "MISSING", separators=(",", ":")))' "$W/deep.json" "$@"; }
t_is "$(dq "$name" seccomp.default_action)" '"errno ENOSYS"' "podman default: default action errno ENOSYS"
t_is "$(dq "$name" seccomp.conditional)" '["socket","personality"]' "podman default: socket and personality are conditional"
dd=$(dq "$name" seccomp.allowed_dangerous)
t_has "$dd" keyctl "podman default: keyctl allowed (containers-common allows it)"
t_has "$dd" unshare "podman default: unshare allowed with namespace flags"
t_hasnt "$dd" bpf "podman default: bpf refused without CAP_SYS_ADMIN"
t_hasnt "$dd" kexec_load "podman default: kexec_load refused"
t_is "$(dq "$name" seccomp.x32_reachable)" "$x32" "podman default: x32 reachable = the filter allows it and the kernel runs x32 ($x32)"
t_has "$(dq "$PFX-adm" seccomp.allowed_dangerous)" bpf "SYS_ADMIN: bpf allowed"
t_is "$(dq "$PFX-priv" seccomp.default_action)" '"allow"' "privileged: no filter, everything allowed"
t_is "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$(dq "$PFX-priv" seccomp.allowed_dangerous)")" 37 \
	"privileged: the whole dangerous list"
t_is "$(dq "$bwinit" seccomp.default_action)" '"errno EPERM"' "bwrap with ctguard's default: errno EPERM"
t_hasnt "$(dq "$bwinit" seccomp.allowed_dangerous)" unshare \
	"bwrap with ctguard's default: unshare is not counted (namespace flags refused)"
t_is "$(dq "$bwinit" seccomp.conditional)" '["socket","clone","personality","unshare"]' \
	"bwrap with ctguard's default: four conditional syscalls"
t_is "$(state "$pid")" S "the containers' inits are not left stopped"
"$CTGUARD" inspect --format json >"$W/plain.json" 2>/dev/null
t_is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({c["facts"]["seccomp.default_action"] for c in d["containers"]})' "$W/plain.json")" \
	"{None}" "without --deep the facts are unknown"

"$CTGUARD" audit --deep --format json -o "$W/audit.json" --fail-on none "$name" "$PFX-adm" "$PFX-priv"
st() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print([f["status"] for c in d["containers"] if c["name"] == sys.argv[2] for f in c["findings"] if f["rule"] == sys.argv[3]][0])' "$@"; }
t_is "$(st "$W/audit.json" "$PFX-adm" CTG-ESC-013)" fail "CTG-ESC-013 fails: CAP_SYS_ADMIN, no user namespace, mount allowed"
t_is "$(st "$W/audit.json" "$name" CTG-ESC-013)" pass "CTG-ESC-013 passes on the default container"
t_is "$(st "$W/audit.json" "$name" CTG-ESC-015)" fail "CTG-ESC-015 fails: keyctl allowed by containers-common"
t_is "$(st "$W/audit.json" "$PFX-priv" CTG-ESC-017)" fail "CTG-ESC-017 fails without a filter"
t_is "$(st "$W/audit.json" "$name" CTG-ESC-017)" pass "CTG-ESC-017 passes with a default-deny filter"
"$CTGUARD" audit --format json -o "$W/audit0.json" --fail-on none "$name"
t_is "$(st "$W/audit0.json" "$name" CTG-ESC-015)" not_evaluated "without --deep the seccomp rules are not evaluated"
"$CTGUARD" audit --deep --from "$top_srcdir/tests/data/audit/best.json" >/dev/null 2>&1
t_is "$?" 2 "audit --deep --from: exit 2"
"$CTGUARD" inspect --deep --proc-root /proc >/dev/null 2>&1
t_is "$?" 2 "inspect --deep --proc-root: exit 2"
kill -9 "$bw" 2>/dev/null

# ---- never left stopped ----------------------------------------------------------------------
# A tracee that beats: its counter file changes every 20 ms while it runs.
hb=$W/heartbeat
"$TRY" --load "$W/default.bpf" --exec sh -c "i=0; while :; do i=\$((i+1)); echo \$i >'$hb'; sleep 0.02; done" &
tpid=$!
ct_defer "kill -9 $tpid"
sleep 0.3
t_ok "the tracee beats" beating "$tpid" "$hb"

# ctguard killed while its tracer holds the tracee stopped (CTGUARD_TEST_DUMP_STOP_MS keeps it
# stopped for 5 s): the tracer dies with ctguard (PR_SET_PDEATHSIG) and the kernel detaches.
CTGUARD_TEST_DUMP_STOP_MS=5000 "$CTGUARD" seccomp dump "$tpid" >/dev/null 2>&1 &
cg=$!
if wait_state "$tpid" t 5; then t_pass "the tracee is stopped mid-dump"; else t_fail "the tracee never stopped"; fi
kill -9 "$cg"
wait "$cg" 2>/dev/null
t_ok "ctguard killed mid-dump: the tracee runs on within 2 s" beating "$tpid" "$hb"

# The tracer itself killed: its exit detaches.
CTGUARD_TEST_DUMP_STOP_MS=5000 "$CTGUARD" seccomp dump "$tpid" >/dev/null 2>"$W/k2.err" &
cg=$!
wait_state "$tpid" t 5
helper=$(cat "/proc/$cg/task/$cg/children" 2>/dev/null)
t_like "$helper" '^[0-9]+ ?$' "the tracer is a child of ctguard"
kill -9 $helper 2>/dev/null
wait "$cg"; rc=$?
t_is "$rc" 3 "the tracer killed: ctguard fails (exit 3)"
t_ok "the tracer killed: the tracee runs on" beating "$tpid" "$hb"

# A frozen tracee never reaches the stop: ctguard gives up after --timeout and kills its tracer,
# which takes the pending interrupt with it: after the thaw the tracee runs, never stopped.
FRZ=/sys/fs/cgroup/freezer
if [ -w "$FRZ/cgroup.procs" ]; then
	fz=$FRZ/ctg-sd-$$
	mkdir "$fz"
	ct_defer "echo THAWED >'$fz/freezer.state'; while read -r p; do echo \$p >'$FRZ/cgroup.procs'; done <'$fz/cgroup.procs'; rmdir '$fz'"
	echo "$tpid" >"$fz/cgroup.procs"
	echo FROZEN >"$fz/freezer.state"
	for i in $(seq 1 50); do [ "$(cat "$fz/freezer.state")" = FROZEN ] && break; sleep 0.05; done
	out=$("$CTGUARD" seccomp dump --timeout 300 "$tpid" 2>&1); rc=$?
	t_is "$rc" 3 "a frozen tracee: exit 3"
	t_like "$out" "did not stop within 300 ms.*not left stopped" "... says why"
	echo THAWED >"$fz/freezer.state"
	t_ok "thawed: the tracee runs and is not stopped" beating "$tpid" "$hb"
	sleep 0.3
	t_unlike "$(state "$tpid")" "^t$" "... and stays so"
else
	t_skip "no cgroup v1 freezer here"
fi

# ---- privileges -----------------------------------------------------------------------------
out=$(setpriv --bounding-set -sys_admin "$CTGUARD" seccomp dump "$tpid" 2>&1); rc=$?
t_is "$rc" 3 "without CAP_SYS_ADMIN: exit 3"
t_like "$out" "needs CAP_SYS_ADMIN" "... says what is missing"
python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<HBBI", 6, 0, 0, 0x7fff0000))' >"$W/allow.bpf"
out=$("$TRY" --load "$W/allow.bpf" --exec "$CTGUARD" seccomp dump "$tpid" 2>&1); rc=$?
t_is "$rc" 3 "ctguard under a seccomp filter: exit 3"
t_like "$out" "ctguard itself runs under seccomp" "... says why the kernel refuses"
if command -v strace >/dev/null; then
	strace -p "$tpid" -o /dev/null &
	st=$!
	sleep 0.5
	out=$("$CTGUARD" seccomp dump "$tpid" 2>&1); rc=$?
	kill "$st"; wait "$st" 2>/dev/null
	t_is "$rc" 3 "a process traced by strace: exit 3"
	t_like "$out" "already traced by process $st" "... names the tracer"
else
	t_skip "strace is not installed"
fi
out=$("$CTGUARD" seccomp dump 999999999 2>&1); rc=$?
t_is "$rc" 2 "a pid out of range: exit 2"
out=$("$CTGUARD" seccomp dump 4000000 2>&1); rc=$?
t_is "$rc" 3 "a process that does not exist: exit 3"
t_like "$out" "process 4000000 is gone" "... says so"
t_ok "after all that, the tracee still beats" beating "$tpid" "$hb"
t_done
