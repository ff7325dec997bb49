#!/bin/bash
# Every file a user names is opened without blocking and refused unless it is a regular file:
# a FIFO (with no writer) given to any command must end it promptly with a message naming it,
# never hang it (issue 11, defect 13). timeout turns a regression into a failure (status 124).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
F="$tmp/fifo"
mkfifo "$F"

# fifo WANT DESC CMD...: CMD ends within 5 s with status WANT and says F is a FIFO.
fifo() {
	local want=$1 desc=$2; shift 2
	local out rc
	out=$(timeout 5 "$@" 2>&1 </dev/null); rc=$?
	t_is "$rc" "$want" "$desc: exit $want (124 would be a hang)"
	t_like "$out" "$F'?:? .*not a regular file" "$desc: the message names the FIFO"
}

fifo 2 "seccomp show PROFILE" "$CTGUARD" seccomp show "$F"
fifo 2 "seccomp show bpf:FILE" "$CTGUARD" seccomp show "bpf:$F"
fifo 2 "seccomp compile" "$CTGUARD" seccomp compile "$F" -o "$tmp/out.bpf"
fifo 2 "seccomp diff" "$CTGUARD" seccomp diff default "bpf:$F"
fifo 2 "audit --rules FILE" "$CTGUARD" audit --rules "$F"
mkdir "$tmp/rules"; mkfifo "$tmp/rules/a.yaml"
out=$(timeout 5 "$CTGUARD" audit --rules "$tmp/rules" 2>&1 </dev/null); rc=$?
t_is "$rc" 2 "audit --rules DIR holding a FIFO named a.yaml: exit 2"
t_like "$out" "a.yaml.*is a FIFO" "audit --rules DIR: the message names the FIFO"
fifo 2 "audit --waivers" "$CTGUARD" audit --waivers "$F"
fifo 2 "audit --from" "$CTGUARD" audit --from "$F"
"$CTGUARD" inspect --format json -o "$tmp/inspect.json" >/dev/null 2>&1
fifo 2 "audit --baseline" "$CTGUARD" audit --from "$tmp/inspect.json" --baseline "$F"
fifo 2 "report" "$CTGUARD" report "$F"
fifo 2 "rules lint" "$CTGUARD" rules lint "$F"
fifo 2 "run --check --seccomp" "$CTGUARD" run --check --seccomp "$F" -- /bin/true
fifo 125 "run --seccomp" "$CTGUARD" run --seccomp "$F" -- /bin/true
fifo 2 "run --policy" "$CTGUARD" run --check --policy "$F" -- /bin/true
t_done
