#!/bin/bash
# Hostile filters (issue 11, defects 8 and 9): decisions the explorer can only approximate
# (RET A of an argument, an exhausted budget) are marked on their own rows, and seccomp diff
# never says "equal" (exit 0) without a proof: it finds a witness that the kernel confirms
# (exit 1), or says "could not prove equal" (exit 4).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
TRY="${top_builddir:-.}/tests/helpers/try-syscall"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
q() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# Raw programs (x86_64 numbers: getpid 39, mount 165; the same tests apply on any ABI).
python3 - "$tmp" <<'PY'
import struct, sys
d = sys.argv[1]
LD, JEQ, JSET, RETK, RETA, XOR = 0x20, 0x15, 0x45, 0x06, 0x16, 0xa4
ALLOW, EPERM = 0x7fff0000, 0x00050001
def ins(code, jt=0, jf=0, k=0): return struct.pack("<HBBI", code, jt, jf, k)
def arg(i): return 16 + 8 * i
def w(name, prog): open(f"{d}/{name}", "wb").write(b"".join(prog))
# getpid returns arg0 as its action (RET A); the rest allowed. Looks like "allow".
w("reta.bpf", [ins(LD, k=0), ins(JEQ, 0, 2, 39), ins(LD, k=arg(0)), ins(RETA), ins(RETK, k=ALLOW)])
# The same action computed another way (two xors): equal in the kernel, not provably so here.
w("reta2.bpf", [ins(LD, k=0), ins(JEQ, 0, 4, 39), ins(LD, k=arg(0)), ins(XOR, k=0xffffffff),
                ins(XOR, k=0xffffffff), ins(RETA), ins(RETK, k=ALLOW)])
w("allow.bpf", [ins(RETK, k=ALLOW)])
# mount: 14 comparisons whose outcomes all go on (2^14 paths, past the 512-path budget), then
# refused; the kernel refuses mount for every input.
chain = []
for i in range(14):
    chain += [ins(LD, k=arg(i % 6)), ins(JSET, 0, 0, 1 << i)]
chain.append(ins(RETK, k=EPERM))
w("budget.bpf", [ins(LD, k=0), ins(JEQ, 0, len(chain), 165)] + chain + [ins(RETK, k=ALLOW)])
w("mount-eperm.bpf", [ins(LD, k=0), ins(JEQ, 0, 1, 165), ins(RETK, k=EPERM), ins(RETK, k=ALLOW)])
w("mount-eperm2.bpf", [ins(LD, k=0), ins(0x05, k=0), ins(JEQ, 0, 4, 165), ins(LD, k=arg(1)),
                       ins(JEQ, 0, 1, 7), ins(RETK, k=EPERM), ins(RETK, k=EPERM), ins(RETK, k=ALLOW)])
PY

# ---- show: approximate rows are marked, text and JSON ----------------------------------------
out=$("$CTGUARD" seccomp show "bpf:$tmp/reta.bpf" getpid read 2>&1)
t_like "$out" " 39  getpid +~allow \[approximate: returns a value computed from the input \(RET A\)" \
	"show: RET A row marked ~ with its reason"
t_like "$out" "  0  read +allow$" "show: an exact row is not marked"
t_like "$out" "x86_64 \(native\): [0-9]+ syscalls: [0-9]+ allow \(1 approximate, marked ~\)" \
	"show: the summary counts the approximate rows"
"$CTGUARD" seccomp show "bpf:$tmp/reta.bpf" --format json >"$tmp/reta.json"
t_is "$(q "$tmp/reta.json" 'd["syscalls"]["getpid"]')" \
	"{'nr': 39, 'action': 'allow', 'exact': False, 'approx': ['ret_a']}" "show JSON: getpid exact false, approx [ret_a]"
t_is "$(q "$tmp/reta.json" 'd["syscalls"]["read"], d["approximate"], d["default"]')" \
	"({'nr': 0, 'action': 'allow', 'exact': True}, True, {'action': 'allow', 'exact': True})" \
	"show JSON: read exact, the document approximate, the default exact"
t_is "$(q "$tmp/reta.json" 'sorted(k for k, v in d["syscalls"].items() if not v["exact"])')" "['getpid']" \
	"show JSON: only getpid is approximate"
"$CTGUARD" seccomp show "bpf:$tmp/budget.bpf" --format json mount >"$tmp/budget.json"
t_is "$(q "$tmp/budget.json" 'd["syscalls"]["mount"]["exact"], d["syscalls"]["mount"]["approx"], d["syscalls"]["mount"]["otherwise"]')" \
	"(False, ['budget', 'paths'], {'action': 'allow', 'exact': False, 'approx': ['budget', 'paths']})" \
	"show JSON: budget-exhausted mount, the worst (allow) assumed and marked"
t_like "$(q "$tmp/budget.json" 'd["syscalls"]["mount"]["text"]')" "^~.*\[approximate: exploration budget exhausted" \
	"show: budget row text marked"

# ---- diff: never "equal" without a proof ------------------------------------------------------
# RET A vs allow: both look like "allow"; the kernel disagrees.
"$CTGUARD" seccomp diff "bpf:$tmp/reta.bpf" "bpf:$tmp/allow.bpf" >"$tmp/d1" 2>&1; rc=$?
t_is "$rc" 1 "diff RET A vs allow: exit 1 (they differ)"
t_like "$(cat "$tmp/d1")" "for this input: ip = 0x[0-9a-f]+, arg0 = 0x[0-9a-f]+.*: A [a-z_]+.*, B allow" \
	"diff: the witness is one input, said so"
t_unlike "$(cat "$tmp/d1")" "for every input" "diff: no claim for every input"
"$CTGUARD" seccomp diff "bpf:$tmp/reta.bpf" "bpf:$tmp/allow.bpf" --format json >"$tmp/d1.json"
t_is "$(q "$tmp/d1.json" 'd["result"], d["same"], [(x["syscall"], x["status"], x["every_input"]) for x in d["differences"]]')" \
	"('differ', False, [('getpid', 'differ', False)])" "diff JSON: getpid differs, for this input"
# The kernel confirms the witness: each filter loaded by try-syscall, getpid called with it.
args=$(q "$tmp/d1.json" '",".join(str(int(d["differences"][0]["witness"].get("arg%d" % i, "0x0"), 16)) for i in range(6))')
wa=$(q "$tmp/d1.json" 'd["differences"][0]["witness"]["a"]["action"]')
got_b=$("$TRY" --load "$tmp/allow.bpf" "39,$args" 2>&1)
t_is "${got_b##* }" OK "kernel: B allows getpid($args)"
got_a=$("$TRY" --load "$tmp/reta.bpf" "39,$args" 2>&1); rc=$?
case $wa in
kill_thread | kill_process) t_is "$rc" 159 "kernel: A kills on getpid($args) (SIGSYS), as the witness says ($wa)" ;;
errno) t_like "${got_a##* }" "^E" "kernel: A answers an errno on getpid($args) ($got_a)" ;;
*) t_fail "kernel: unexpected witness action $wa" ;;
esac

# Equal in the kernel but not provably: exit 4, never 0.
"$CTGUARD" seccomp diff "bpf:$tmp/reta.bpf" "bpf:$tmp/reta2.bpf" >"$tmp/d2" 2>&1; rc=$?
t_is "$rc" 4 "diff RET A vs the same value computed otherwise: exit 4 (not proven)"
t_like "$(cat "$tmp/d2")" "could not prove equal \(returns a value computed from the input \(RET A\); no input found" \
	"diff: says could not prove equal, and why"
t_like "$(tail -1 "$tmp/d2")" "1 number could not be proven equal" "diff: the summary counts it"
"$CTGUARD" seccomp diff "bpf:$tmp/reta.bpf" "bpf:$tmp/reta2.bpf" --format json >"$tmp/d2.json"
t_is "$(q "$tmp/d2.json" 'd["result"], d["same"], d["unproven"], d["differences"][0]["status"], d["differences"][0]["approx"]')" \
	"('unproven', False, 1, 'unproven', ['ret_a'])" "diff JSON: result unproven"
# Budget exhausted on one side: the kernel refuses mount in both, but that is not proven.
"$CTGUARD" seccomp diff "bpf:$tmp/budget.bpf" "bpf:$tmp/mount-eperm.bpf" >"$tmp/d3" 2>&1; rc=$?
t_is "$rc" 4 "diff budget-exhausted vs exact: exit 4, not 0"
t_like "$(cat "$tmp/d3")" "could not prove equal \(exploration budget exhausted" "diff: budget named"
for c in "39,0" "165,0,0,0,0,0,0" "165,-1,-1,-1,-1,-1,-1"; do
	ga=$("$TRY" --load "$tmp/budget.bpf" "$c" 2>&1); gb=$("$TRY" --load "$tmp/mount-eperm.bpf" "$c" 2>&1)
	t_is "$ga" "$gb" "kernel: the two decide $c alike ($ga)"
done
# Proven cases: identical programs, and a profile and its own compiled program.
"$CTGUARD" seccomp diff "bpf:$tmp/reta.bpf" "bpf:$tmp/reta.bpf" >"$tmp/d4" 2>&1
t_is "$?" 0 "diff of identical RET A programs: exit 0 (the same programs)"
"$CTGUARD" seccomp compile default -o "$tmp/default.bpf"
"$CTGUARD" seccomp diff default "bpf:$tmp/default.bpf" >"$tmp/d5" 2>&1; rc=$?
t_is "$rc" 0 "diff of a profile and its compiled program: exit 0"
t_like "$(tail -1 "$tmp/d5")" "equal for every input of [a-z0-9_]+ \((proven|the same programs)\)" "diff: equal, on the native ABI"
"$CTGUARD" seccomp diff default "bpf:$tmp/default.bpf" --abi all >"$tmp/d5" 2>&1; rc=$?
t_is "$rc" 0 "diff --abi all of a profile and its compiled program: exit 0"
t_like "$(tail -1 "$tmp/d5")" "equal for every input of [a-z0-9_]+, [a-z0-9_]+.* \((proven|the same programs)\)" "diff --abi all: every ABI named"
# Other programs with the same decisions (a no-op jump, an argument test both ways alike).
"$CTGUARD" seccomp diff "bpf:$tmp/mount-eperm.bpf" "bpf:$tmp/mount-eperm2.bpf" >"$tmp/d7" 2>&1; rc=$?
t_is "$rc" 0 "diff of two programs written differently that decide alike: exit 0"
t_like "$(tail -1 "$tmp/d7")" "equal for every input of [a-z0-9_]+ \(proven\)" "diff: proven, not just the same bytes"
"$CTGUARD" seccomp compile default --caps SYS_ADMIN -o "$tmp/admin.bpf"
"$CTGUARD" seccomp diff default "bpf:$tmp/admin.bpf" >"$tmp/d6" 2>&1
t_like "$(grep -A3 '^x86_64 setns:' "$tmp/d6")" "for every input \(proven\): A errno 1 \(EPERM\), B allow" "diff: an unconditional difference is proven for every input"
t_done
