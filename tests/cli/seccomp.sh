#!/bin/bash
# ctguard seccomp: compile the built-in profile and containers-common's Docker profile, probe
# them with tests/helpers/try-syscall, run real programs under them, lint.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
# LeakSanitizer stops the world with ptrace at exit, which a loaded seccomp filter refuses: in a
# sanitizer build its report would replace the exit status of every filtered process.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
TRY="${top_builddir:-.}/tests/helpers/try-syscall"
DATA_SC="$top_srcdir/tests/data/seccomp"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# probe BPF NAME WANT...: the errno NAME answers under BPF is one of WANT.
probe() {
	local bpf=$1 name=$2; shift 2
	local got; got=$("$TRY" --load "$bpf" "$name" 2>&1)
	got=${got#"$name "}
	for w in "$@"; do [ "$got" = "$w" ] && { t_pass "$(basename "$bpf"): $name -> $got"; return; }; done
	t_fail "$(basename "$bpf"): $name -> $got (want $*)"
}

"$CTGUARD" seccomp compile default -o "$tmp/default.bpf"; rc=$?
t_is "$rc" 0 "compile the built-in default profile"
t_ok "the program is whole BPF instructions" test $(( $(stat -c %s "$tmp/default.bpf") % 8 )) = 0
D="$tmp/default.bpf"
for s in unshare mount umount2 pivot_root keyctl add_key request_key bpf kexec_load \
	kexec_file_load init_module finit_module delete_module ptrace perf_event_open userfaultfd \
	open_by_handle_at setns chroot clone-newuser socket-vsock socket-alg personality-0x0040 \
	io_uring_setup; do
	probe "$D" "$s" EPERM
done
probe "$D" getpid OK
probe "$D" read EBADF
probe "$D" ioctl EBADF
probe "$D" socket-inet EINVAL
probe "$D" socket-unix EINVAL
probe "$D" personality-0 OK
probe "$D" personality-query OK
probe "$D" clone-plain EINVAL
probe "$D" unshare-plain EINVAL
probe "$D" clone3 ENOSYS
probe "$D" fchmodat2 ENOSYS

# CAP_SYS_ADMIN kept: namespaces and clone3 allowed (the kernel still checks the capability).
"$CTGUARD" seccomp compile default --caps SYS_ADMIN -o "$tmp/admin.bpf"
probe "$tmp/admin.bpf" clone-newuser EINVAL
probe "$tmp/admin.bpf" clone3 EINVAL
probe "$tmp/admin.bpf" mount EPERM

# Log mode: nothing refused.
"$CTGUARD" seccomp compile default --mode log -o "$tmp/log.bpf"
probe "$tmp/log.bpf" keyctl EOPNOTSUPP
probe "$tmp/log.bpf" socket-vsock EINVAL

# Real programs run unchanged under the default profile.
out=$("$TRY" --load "$D" --exec busybox sh -c 'echo a | tr a b; ls / >/dev/null && echo ls' 2>&1)
t_is "$out" $'b\nls' "busybox sh, tr, ls"
out=$("$TRY" --load "$D" --exec ls -la /etc/passwd 2>&1); t_like "$out" "/etc/passwd" "ls -la"
out=$("$TRY" --load "$D" --exec cat /etc/hostname 2>&1); t_is "$out" "$(cat /etc/hostname)" "cat"
out=$("$TRY" --load "$D" --exec sh -c 'sort -r </etc/passwd | head -1 | wc -l; date +%Y >/dev/null; echo $?' 2>&1)
t_is "$out" $'1\n0' "sh, sort, head, wc, date"
if command -v python3 >/dev/null; then
	out=$("$TRY" --load "$D" --exec python3 -c 'import threading, subprocess, socket, os
t = threading.Thread(target=lambda: None); t.start(); t.join()
print(subprocess.run(["true"]).returncode, int(socket.socket().family), os.getpid() > 0)' 2>&1)
	t_is "$out" "0 2 True" "python3: threads, subprocess, socket"
else
	t_skip "python3 not installed"
fi
if command -v node >/dev/null; then
	out=$("$TRY" --load "$D" --exec node -e 'console.log(require("child_process").execSync("echo x").toString().trim(), require("fs").readFileSync("/etc/hostname").length > 0)' 2>&1)
	t_is "$out" "x true" "node: child_process, fs"
else
	t_skip "node not installed"
fi

# containers-common's Docker profile: default ENOSYS, explicit EPERM lists, caps groups.
CC=/usr/share/containers/seccomp.json
if [ -r "$CC" ]; then
	"$CTGUARD" seccomp compile "$CC" -o "$tmp/cc.bpf"; rc=$?
	t_is "$rc" 0 "compile containers-common's seccomp.json"
	probe "$tmp/cc.bpf" io_uring_setup ENOSYS       # not listed: its default, ENOSYS
	probe "$tmp/cc.bpf" personality-0x0040 ENOSYS   # only 0, 8, 0x20000, 0x20008, 0xffffffff
	probe "$tmp/cc.bpf" personality-0 OK
	probe "$tmp/cc.bpf" kexec_load EPERM            # its explicit errnoRet 1 list
	probe "$tmp/cc.bpf" bpf EPERM                   # excludes CAP_SYS_ADMIN -> errno 1
	probe "$tmp/cc.bpf" chroot EPERM                # excludes CAP_SYS_CHROOT
	probe "$tmp/cc.bpf" read EBADF
	probe "$tmp/cc.bpf" mount EFAULT                # allowed there
	probe "$tmp/cc.bpf" socket-inet EINVAL
	"$CTGUARD" seccomp compile "$CC" --caps SYS_ADMIN,SYS_CHROOT -o "$tmp/cc-admin.bpf"
	probe "$tmp/cc-admin.bpf" bpf EINVAL            # includes CAP_SYS_ADMIN -> allowed
	probe "$tmp/cc-admin.bpf" chroot EFAULT
	out=$("$TRY" --load "$tmp/cc.bpf" --exec busybox sh -c 'echo ok' 2>&1)
	t_is "$out" ok "busybox sh runs under containers-common's profile"
	out=$("$CTGUARD" seccomp lint "$CC"); rc=$?
	t_is "$rc" 1 "lint containers-common: warnings"
	t_like "$out" "'setns' also has an unconditional rule" "lint: setns merged away by libseccomp"
	t_like "$out" "socketcall is allowed" "lint: socketcall bypass"
else
	t_skip "containers-common's seccomp.json is not installed"
fi

# Lint and bad files.
out=$("$CTGUARD" seccomp lint default); rc=$?
t_is "$rc" 0 "the built-in profile lints clean"
t_like "$out" "builtin:default: ok" "lint summary"
cd "$DATA_SC" || exit 1
err=$("$CTGUARD" seccomp lint bad-unknown-syscall.yaml 2>&1 >/dev/null); rc=$?
t_is "$rc" 2 "unknown syscall: exit 2"
t_is "$err" "$(cat bad-unknown-syscall.expected)" "unknown syscall: exact message"
out=$("$CTGUARD" seccomp lint lint-findings.yaml); rc=$?
t_is "$rc" 1 "lint findings: exit 1"
t_like "$out" "lint-findings.yaml:5:5: warning: the rule has the default action .errno EPERM.: it changes nothing" "lint: default action"
t_like "$out" "lint-findings.yaml:7:5: warning: clone3 answers EPERM" "lint: clone3 EPERM"
t_like "$out" "lint-findings.yaml:12:5: warning: socket is filtered by its arguments but socketcall is allowed" "lint: socketcall"
t_like "$out" "lint-findings.yaml:12:5: warning: several conditions on argument 0" "lint: conditions ANDed"
"$CTGUARD" seccomp compile and-range.yaml -o "$tmp/and.bpf"
probe "$tmp/and.bpf" socket-vsock EACCES
probe "$tmp/and.bpf" socket-alg EACCES
probe "$tmp/and.bpf" socket-inet EINVAL
probe "$tmp/and.bpf" socket-unix EINVAL
"$CTGUARD" seccomp compile default -o /dev/null --mode nope 2>/dev/null; rc=$?
t_is "$rc" 2 "bad mode: exit 2"
"$CTGUARD" seccomp compile default 2>/dev/null; rc=$?
t_is "$rc" 2 "no -o: exit 2"
# ctguard run uses the built-in profile compiled at build time (rules/seccomp-gen) when no
# capability its rules name is kept: it must be the very program compiled at run time.
gen="${top_builddir:-$top_srcdir}/rules/seccomp-gen"
if [ -x "$gen" ]; then
	"$gen" --raw default >"$tmp/pre.bpf"
	t_ok "the precompiled default program equals the one compiled at run time" \
		cmp "$tmp/pre.bpf" "$tmp/default.bpf"
else
	t_fail "no rules/seccomp-gen in the build tree"
fi
# Built-in profiles are also precompiled as data (rules/precompiled.c, used by the gate): the
# built-in name and the same YAML read from its file must give the same programs and the same
# OCI filter, for caps-conditional rules and log mode too.
Y="$top_srcdir/rules/seccomp/default.yaml"
same=0
for args in "" "--caps CAP_SYS_ADMIN,CAP_SYS_PTRACE,CAP_SYSLOG,CAP_SYS_BOOT" "--mode log" \
	"--caps CAP_SYS_CHROOT,CAP_SYS_MODULE,CAP_SYS_PACCT,CAP_SYS_RAWIO,CAP_SYS_TIME,CAP_SYS_TTY_CONFIG,CAP_SYS_NICE,CAP_SYS_RESOURCE,CAP_BPF,CAP_PERFMON,CAP_DAC_READ_SEARCH,CAP_NET_ADMIN"; do
	# shellcheck disable=SC2086
	"$CTGUARD" seccomp compile default $args -o "$tmp/b1.bpf" 2>/dev/null &&
		"$CTGUARD" seccomp compile "$Y" $args -o "$tmp/b2.bpf" 2>/dev/null &&
		cmp -s "$tmp/b1.bpf" "$tmp/b2.bpf" && same=$((same + 1))
done
t_is "$same" 4 "the precompiled default profile compiles as its YAML does (4 capability/mode sets)"
mkdir -p "$tmp/pb/rootfs"
printf '{"ociVersion":"1.0.2","process":{"user":{"uid":1000,"gid":1000},"args":["true"],"cwd":"/","noNewPrivileges":true},"root":{"path":"rootfs","readonly":true},"linux":{"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"network"},{"type":"ipc"},{"type":"uts"}]}}' >"$tmp/pb/config.json"
sed "s|^seccomp: default|seccomp: $Y|" "$top_srcdir/rules/policies/restricted.yaml" >"$tmp/pol-file.yaml"
for v in builtin file; do
	pol=restricted
	[ "$v" = file ] && pol=$tmp/pol-file.yaml
	cp -r "$tmp/pb" "$tmp/pb-$v"
	printf 'version: 1\nruntime: /bin/true\npolicy: %s\nmode: enforce\n' "$pol" >"$tmp/rt-$v.yaml"
	"$top_builddir/ctguard-runtime" --ctguard-config "$tmp/rt-$v.yaml" create -b "$tmp/pb-$v" "pre-$v" >/dev/null 2>&1
	python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["linux"].get("seccomp"), sort_keys=True))' "$tmp/pb-$v/config.json" >"$tmp/sec-$v.json" 2>/dev/null
done
t_ok "the gate writes the same OCI filter from the precompiled profile as from its YAML" \
	cmp "$tmp/sec-builtin.json" "$tmp/sec-file.json"
t_like "$(head -c 100 "$tmp/sec-builtin.json")" "defaultAction" "the gate wrote an OCI filter"
# The exported program is what bubblewrap loads with --seccomp FD.
if command -v bwrap >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	out=$(bwrap --ro-bind / / --dev /dev --proc /proc --seccomp 3 sh -c \
		'grep "^Seccomp:" /proc/self/status; unshare -U true 2>&1; echo "unshare=$?"' 3<"$tmp/default.bpf")
	t_like "$out" "Seccomp:.2" "bwrap --seccomp loads the exported filter"
	t_like "$out" "Operation not permitted" "under bwrap the filter refuses unshare(CLONE_NEWUSER)"
	t_like "$out" "unshare=1" "and the command sees the failure"
else
	t_skip "bwrap --seccomp needs bwrap and root"
fi
# Docker profiles naming syscalls newer than the installed libseccomp (2.5.4 here lacks mseal,
# listmount, lsm_get_self_attr, setxattrat): resolved through the project's own table, so the
# compiled filter does what the profile says for those numbers (issue 11, defect 10). Before,
# a deny-list let them through (the default action allow) and an allow-list refused them.
newer_nr() { case $1 in listmount) echo 458 ;; lsm_get_self_attr) echo 459 ;; mseal) echo 462 ;; setxattrat) echo 463 ;; esac; }
# Harmless bad arguments: each fails with EINVAL or EFAULT when it reaches the kernel.
newer_probe() { case $1 in listmount) echo 458,1,0,0,0 ;; lsm_get_self_attr) echo 459,0,0,0,0 ;; mseal) echo 462,1,0,0 ;; setxattrat) echo 463,-1,1,0,0,0 ;; esac; }
for kind in deny allow; do
	prof="$DATA_SC/docker-newer-names-$kind.json"
	"$CTGUARD" seccomp compile "$prof" -o "$tmp/newer-$kind.bpf" 2>"$tmp/newer-$kind.err"; rc=$?
	t_is "$rc" 0 "newer names ($kind-list): compiles"
	t_unlike "$(cat "$tmp/newer-$kind.err")" "mseal|listmount|lsm_get_self_attr|setxattrat" \
		"newer names ($kind-list): none of the four is unknown"
	"$CTGUARD" seccomp show "bpf:$tmp/newer-$kind.bpf" --format json >"$tmp/newer-$kind.json"
	for n in mseal listmount lsm_get_self_attr setxattrat; do
		got=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["syscalls"][sys.argv[2]]; print(s["nr"], s["action"], s.get("errno", ""))' "$tmp/newer-$kind.json" "$n")
		if [ $kind = deny ]; then want="$(newer_nr $n) errno 1"; else want="$(newer_nr $n) allow "; fi
		t_is "$got" "$want" "newer names ($kind-list): $n decided as the profile says (emulator)"
		got=$("$TRY" --load "$tmp/newer-$kind.bpf" "$(newer_probe $n)" 2>&1); got=${got##* }
		if [ $kind = deny ]; then
			t_is "$got" EPERM "newer names ($kind-list): $n refused by the kernel"
		else
			t_like "$got" '^(EINVAL|EFAULT|EBADF|OK)$' "newer names ($kind-list): $n reaches the kernel ($got)"
		fi
	done
done
t_like "$(cat "$tmp/newer-deny.err")" "docker-newer-names-deny.json:11:.*unknown syscall 'no_such_syscall_ever'" \
	"a name no table knows: a positioned warning, per name"

t_done
