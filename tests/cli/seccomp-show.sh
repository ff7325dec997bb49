#!/bin/bash
# ctguard seccomp show|diff on profiles and raw BPF programs: the decision of every syscall
# (JSON contract, conditional rules), malformed programs, diff by emulation; and the emulated
# decision of sample calls checked against the kernel (tests/helpers/try-syscall loads the
# same program and makes the call).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
# A filtered try-syscall cannot be stopped by LeakSanitizer (see tests/cli/seccomp.sh).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
TRY="${top_builddir:-.}/tests/helpers/try-syscall"
CC=/usr/share/containers/seccomp.json
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
q() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

"$CTGUARD" seccomp show default --format json >"$tmp/d.json"; rc=$?
t_is "$rc" 0 "show default --format json"
t_is "$(q "$tmp/d.json" 'd["schema"], d["arch"], d["mode"], d["filters"]')" \
	"('ctguard.seccomp/v1', 'x86_64', 'filter', 1)" "schema, arch, mode, filters"
# Every name of the native table, as libseccomp names it.
names=$(python3 - "$tmp/d.json" <<'PY'
import ctypes, json, sys
lib = ctypes.CDLL("libseccomp.so.2")
lib.seccomp_syscall_resolve_num_arch.restype = ctypes.c_void_p
lib.seccomp_syscall_resolve_num_arch.argtypes = [ctypes.c_uint32, ctypes.c_int]
want = set()
for nr in range(1024):
    p = lib.seccomp_syscall_resolve_num_arch(0xc000003e, nr)
    if p:
        want.add(ctypes.string_at(p).decode())
got = set(json.load(open(sys.argv[1]))["syscalls"])
print(len(want), len(want - got))
PY
)
t_like "$names" "^[0-9]{3} 0$" "every syscall libseccomp names for x86_64 is in the JSON ($names)"
t_is "$(q "$tmp/d.json" 'd["syscalls"]["read"]')" "{'nr': 0, 'action': 'allow', 'exact': True}" "read: allow (exact)"
t_is "$(q "$tmp/d.json" 'd["syscalls"]["mount"]')" "{'nr': 165, 'action': 'errno', 'errno': 1, 'exact': True}" \
	"mount: errno 1"
t_is "$(q "$tmp/d.json" 'd["syscalls"]["fchmodat2"]["errno"]')" 38 \
	"newer syscalls answer ENOSYS (named even where libseccomp is older)"
t_is "$(q "$tmp/d.json" 'd["syscalls"]["clone"]["action"], d["syscalls"]["clone"]["args"], d["syscalls"]["clone"]["rules"], d["syscalls"]["clone"]["otherwise"]')" \
	"('conditional', [0], [{'when': 'arg0 & 0x7e020000 == 0', 'action': 'allow', 'exact': True}], {'action': 'errno', 'errno': 1, 'exact': True})" \
	"clone: conditional on arg0's namespace flags"
t_is "$(q "$tmp/d.json" 'd["syscalls"]["personality"]["text"]')" \
	"arg0 in {0, 8, 0x20000, 0x20008, 0xffffffff} -> allow; otherwise errno 1 (EPERM)" \
	"personality: the five allowed values"
t_is "$(q "$tmp/d.json" 'd["syscalls"]["socket"]["text"]')" \
	"arg0 in {38, 40} -> errno 1 (EPERM); otherwise allow" "socket: AF_ALG and AF_VSOCK refused"
t_is "$(q "$tmp/d.json" 'd["default"], d["abis"]["x86"]["reachable"], d["abis"]["x32"]["reachable"], d["abis"]["x86"]["via"]')" \
	"({'action': 'errno', 'errno': 1, 'exact': True}, False, False, 'int 0x80')" \
	"default errno 1; the 32-bit ABIs are killed (native-only compile)"
t_is "$(q "$tmp/d.json" 'sorted({v["action"] for v in d["syscalls"].values()})')" \
	"['allow', 'conditional', 'errno']" "only allow, errno and conditional in the default profile"

out=$("$CTGUARD" seccomp show default clone personality 2>&1)
t_like "$out" "clone +arg0 & 0x7e020000 == 0 -> allow; otherwise errno 1 \(EPERM\)" "text row for clone"
t_is "$(printf '%s\n' "$out" | grep -c '^ *[0-9]')" 2 "SYSCALL arguments keep only those rows"
t_like "$out" "^default: seccomp filter, 1 filter; default errno 1 \(EPERM\)" "text header"

# Caps-conditional rules: CAP_SYS_ADMIN allows namespaces.
out=$("$CTGUARD" seccomp show default --caps SYS_ADMIN clone unshare 2>&1)
t_like "$out" "clone +allow" "with SYS_ADMIN clone is allowed unconditionally"

# containers-common's profile: AF_NETLINK audit sockets need CAP_AUDIT_WRITE.
if [ -r "$CC" ]; then
	out=$("$CTGUARD" seccomp show "$CC" socket personality 2>&1)
	t_like "$out" "socket +arg0 == 16 && arg2 == 9 -> errno 22 \(EINVAL\); otherwise allow" \
		"containers-common: netlink audit socket refused with EINVAL"
	t_like "$out" "personality .* otherwise errno 38 \(ENOSYS\)" "containers-common: default ENOSYS"
	out=$("$CTGUARD" seccomp diff default "$CC" 2>&1)
	t_like "$out" "x86_64 numbers 335-423 \(no syscalls\): for every input \(proven\): A errno 1 \(EPERM\), B errno 38 \(ENOSYS\)" \
		"diff: the unused numbers compared too, in runs"
	out=$("$CTGUARD" seccomp show "$CC" --caps AUDIT_WRITE socket 2>&1)
	t_like "$out" "socket +allow" "with AUDIT_WRITE socket is allowed"
else
	t_skip "containers-common's seccomp.json is not installed"
fi

# A raw program decides the same as the profile it was compiled from.
"$CTGUARD" seccomp compile default -o "$tmp/default.bpf"
"$CTGUARD" seccomp diff default "$tmp/default.bpf" >"$tmp/diff" 2>&1; rc=$?
t_is "$rc" 0 "diff of a profile and its compiled program: no difference"
t_like "$(cat "$tmp/diff")" "^0 syscalls differ" "diff says none differs"
"$CTGUARD" seccomp diff default "bpf:$tmp/default.bpf" --abi all >/dev/null 2>&1
t_is "$?" 0 "bpf: prefix, every ABI"

# diff: what CAP_SYS_ADMIN opens, with an input that shows each difference.
"$CTGUARD" seccomp diff default default --caps SYS_ADMIN >/dev/null 2>&1
t_is "$?" 0 "the same profile with the same caps: no difference"
"$CTGUARD" seccomp compile default --caps SYS_ADMIN -o "$tmp/admin.bpf"
"$CTGUARD" seccomp diff default "$tmp/admin.bpf" --format json >"$tmp/diff.json"; rc=$?
t_is "$rc" 1 "diff exits 1 when decisions differ"
t_is "$(q "$tmp/diff.json" 'd["schema"], d["same"]')" "('ctguard.seccomp-diff/v1', False)" "diff JSON"
t_is "$(q "$tmp/diff.json" 'sorted(x["syscall"] for x in d["differences"])')" \
	"['clone', 'clone3', 'setdomainname', 'sethostname', 'setns', 'unshare']" \
	"what CAP_SYS_ADMIN opens in the default profile"
clone=$(q "$tmp/diff.json" '[x for x in d["differences"] if x["syscall"] == "clone"][0]')
t_like "$clone" "'a': \{'action': 'conditional'" "clone: conditional in A"
t_like "$clone" "'b': \{'action': 'allow'" "clone: allowed in B"
w=$(q "$tmp/diff.json" '[x for x in d["differences"] if x["syscall"] == "clone"][0]["witness"]["arg0"]')
t_is "$(( w & 0x7e020000 ? 1 : 0 ))" 1 "the witness for clone sets a namespace flag ($w)"
t_is "$("$CTGUARD" seccomp show "$tmp/admin.bpf" --call "clone($w)" | sed 's/.*: //')" allow \
	"B allows the witness"
t_is "$("$CTGUARD" seccomp show default --call "clone($w)" | sed 's/.*: //')" "errno 1 (EPERM)" \
	"A refuses the witness"
t_is "$(q "$tmp/diff.json" '[x["witness"] for x in d["differences"] if x["syscall"] == "setns"][0]')" \
	"{'a': {'action': 'errno', 'errno': 1}, 'b': {'action': 'allow'}}" \
	"setns differs for every input: no argument in the witness"

# Every action by its name: a hand-written program (nr 0 trace 5, 1 notify, 2 log, 3 trap,
# 4 kill_thread, 5 kill_process, 6 errno 13, 7 an unknown action, which the kernel treats as
# kill_process; anything else allow).
python3 - "$tmp/actions.bpf" <<'PY'
import struct, sys
rets = [0x7ff00005, 0x7fc00000, 0x7ffc0000, 0x00030000, 0x00000000, 0x80000000, 0x0005000d,
        0x00010000]
p = [(0x20, 0, 0, 0)]  # ld [0]
for i, r in enumerate(rets):
    p.append((0x15, 0, 1, i))  # jeq #i
    p.append((0x06, 0, 0, r))  # ret
p.append((0x06, 0, 0, 0x7fff0000))
open(sys.argv[1], "wb").write(b"".join(struct.pack("<HBBI", *i) for i in p))
PY
"$CTGUARD" seccomp show "$tmp/actions.bpf" --format json >"$tmp/a.json"
t_is "$(q "$tmp/a.json" '[(k, v["action"], v.get("errno", v.get("data"))) for k, v in d["syscalls"].items() if v["nr"] < 9]')" \
	"[('read', 'trace', 5), ('write', 'notify', None), ('open', 'log', None), ('close', 'trap', None), ('stat', 'kill_thread', None), ('fstat', 'kill_process', None), ('lstat', 'errno', 13), ('poll', 'kill_process', None), ('lseek', 'allow', None)]" \
	"every action named, with errno and trace data"

# Malformed programs are refused with the reason, exit 2, never a crash.
printf 'abc' >"$tmp/odd.bpf"
out=$("$CTGUARD" seccomp show "$tmp/odd.bpf" 2>&1); rc=$?
t_is "$rc" 2 "a file that is not whole instructions: exit 2"
t_like "$out" "not a BPF program" "... says so"
: >"$tmp/empty.bpf"
out=$("$CTGUARD" seccomp show "$tmp/empty.bpf" 2>&1); rc=$?
t_is "$rc" 2 "empty program: exit 2"
python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<HBBI", 0x30, 0, 0, 0) + struct.pack("<HBBI", 6, 0, 0, 0x7fff0000))' >"$tmp/byte.bpf"
out=$("$CTGUARD" seccomp show "$tmp/byte.bpf" 2>&1); rc=$?
t_is "$rc" 2 "a packet load: exit 2"
t_like "$out" "instruction 0: opcode 0x0030 is not allowed.*kernel would refuse" "... names the instruction"
python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<HBBI", 0x15, 5, 0, 1) + struct.pack("<HBBI", 6, 0, 0, 0x7fff0000))' >"$tmp/jump.bpf"
out=$("$CTGUARD" seccomp show "$tmp/jump.bpf" 2>&1); rc=$?
t_is "$rc" 2 "a jump out of the program: exit 2"
t_like "$out" "jump past the end" "... says so"
python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<HBBI", 6, 0, 0, 0x7fff0000) * 4097)' >"$tmp/big.bpf"
out=$("$CTGUARD" seccomp show "$tmp/big.bpf" 2>&1); rc=$?
t_is "$rc" 2 "4097 instructions: exit 2"
head -c 65536 /dev/urandom >"$tmp/random.bpf"
"$CTGUARD" seccomp show "$tmp/random.bpf" >/dev/null 2>&1; rc=$?
t_is "$rc" 2 "random bytes: exit 2"
out=$("$CTGUARD" seccomp show "$tmp/none.bpf" 2>&1); rc=$?
t_is "$rc" 3 "a missing file: exit 3"
"$CTGUARD" seccomp show pid:abc >/dev/null 2>&1
t_is "$?" 2 "a bad pid: exit 2"
"$CTGUARD" seccomp show default --abi mips >/dev/null 2>&1
t_is "$?" 2 "an unknown ABI: exit 2"
"$CTGUARD" seccomp diff default >/dev/null 2>&1
t_is "$?" 2 "diff needs two sources"

# The emulation against the kernel: each call made by try-syscall under the same program.
# probe NAME SYSCALL(ARGS): the arguments try-syscall passes for that probe.
probes="getpid:getpid() read:read(-1,0,0) ioctl:ioctl(-1,0,0) unshare:unshare(0x10000001)
unshare-plain:unshare(0x401) mount:mount(1,1,1,0,0) umount2:umount2(1,0) keyctl:keyctl(-1,0,0,0,0)
add_key:add_key(1,1,0,0,0) bpf:bpf(-1,0,0) ptrace:ptrace(-1,0,0,0) setns:setns(-1,0)
chroot:chroot(1) clone-newuser:clone(0x10000200) clone-plain:clone(0x10000) clone3:clone3(0,0)
socket-vsock:socket(40,-1,0) socket-alg:socket(38,-1,0) socket-inet:socket(2,-1,0)
socket-unix:socket(1,-1,0) personality-0:personality(0) personality-query:personality(0xffffffff)
personality-0x0040:personality(0x40) io_uring_setup:io_uring_setup(0,1)
userfaultfd:userfaultfd(-1) open_by_handle_at:open_by_handle_at(-1,1,0) fchmodat2:fchmodat2(-1,1,0,-1)"
# check_kernel BPF: emulated results of every probe against what the kernel answers.
check_kernel() {
	local bpf=$1 label=$2 calls=() p bad=0 n=0 emu obs
	for p in $probes; do calls+=(--call "${p#*:}"); done
	"$CTGUARD" seccomp show "$bpf" "${calls[@]}" >"$tmp/emu" 2>&1
	for p in $probes; do
		n=$((n + 1))
		emu=$(sed -n "${n}p" "$tmp/emu"); emu=${emu##*: }
		obs=$("$TRY" --load "$bpf" "${p%%:*}" 2>&1); obs=${obs#* }
		case $emu in
		errno*) [ "$obs" = "$(printf '%s' "$emu" | sed 's/.*(\(.*\))/\1/')" ] || bad=1 ;;
		allow) case $obs in EPERM | ENOSYS) bad=1 ;; esac ;;
		*) bad=1 ;;
		esac
		[ "$bad" = 1 ] && { t_fail "$label: ${p%%:*}: emulated '$emu', kernel '$obs'"; return; }
	done
	t_pass "$label: $n calls, emulated decision = the kernel's"
}
check_kernel "$tmp/default.bpf" "default"
check_kernel "$tmp/admin.bpf" "default with SYS_ADMIN"
if [ -r "$CC" ]; then
	"$CTGUARD" seccomp compile "$CC" -o "$tmp/cc.bpf"
	check_kernel "$tmp/cc.bpf" "containers-common"
	"$CTGUARD" seccomp compile "$CC" --caps SYS_ADMIN,DAC_READ_SEARCH -o "$tmp/cc-admin.bpf"
	check_kernel "$tmp/cc-admin.bpf" "containers-common with SYS_ADMIN,DAC_READ_SEARCH"
fi
t_done
