#!/bin/bash
# The command line: help, version, errors and exit codes.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

out=$("$CTGUARD" --help 2>&1); rc=$?
t_is "$rc" 0 "--help exits 0"
t_like "$out" "^Usage: ctguard COMMAND" "--help prints usage"
t_like "$out" "inspect" "--help lists inspect"
out=$("$CTGUARD" --version); t_like "$out" "^ctguard [0-9]+\.[0-9]+\.[0-9]+$" "--version"
out=$("$CTGUARD" help inspect); t_like "$out" "^Usage: ctguard inspect" "help inspect"
out2=$("$CTGUARD" inspect --help); t_is "$out2" "$out" "inspect --help equals help inspect"

out=$("$CTGUARD" 2>&1); rc=$?
t_is "$rc" 2 "no command exits 2"
t_like "$out" "missing command" "no command says so"
out=$("$CTGUARD" frobnicate 2>&1); rc=$?
t_is "$rc" 2 "unknown command exits 2"
t_like "$out" "unknown command 'frobnicate'" "unknown command named"
t_like "$out" "Try 'ctguard --help'" "usage hint"
t_is "$(printf '%s\n' "$out" | wc -l)" 2 "error is one line plus the hint"
out=$("$CTGUARD" --frob 2>&1); rc=$?
t_is "$rc" 2 "unknown global option exits 2"
out=$("$CTGUARD" inspect --frob 2>&1); rc=$?
t_is "$rc" 2 "unknown inspect option exits 2"
t_like "$out" "unknown option '--frob'" "unknown option named"
t_like "$out" "Try 'ctguard inspect --help'" "inspect usage hint"
out=$("$CTGUARD" inspect --format 2>&1); rc=$?
t_is "$rc" 2 "missing option value exits 2"
t_like "$out" "needs a value" "missing value said"
out=$("$CTGUARD" inspect --format yaml 2>&1); rc=$?
t_is "$rc" 2 "unknown format exits 2"
t_like "$out" "unknown format 'yaml'" "unknown format named"
out=$("$CTGUARD" help nope 2>&1); rc=$?
t_is "$rc" 2 "help of an unknown command exits 2"
out=$("$CTGUARD" inspect --proc-root /nonexistent/proc 2>&1); rc=$?
t_is "$rc" 3 "unreadable proc tree exits 3"
t_like "$out" "opening proc tree '/nonexistent/proc'" "unreadable proc tree named"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$("$CTGUARD" inspect --self --format json -o "$tmp/self.json" 2>&1); rc=$?
t_is "$rc" 0 "--self -o FILE exits 0"
t_ok "-o wrote valid JSON" python3 -m json.tool "$tmp/self.json"
t_is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["schema"])' "$tmp/self.json")" \
	"ctguard.inspect/v1" "schema name"
t_is "$(fact "$tmp/self.json" self container.pid)" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["containers"][0]["pid"])' "$tmp/self.json")" \
	"--self describes one process"
out=$("$CTGUARD" inspect --self -o /nonexistent/dir/x 2>&1); rc=$?
t_is "$rc" 2 "unwritable output exits 2"
out=$("$CTGUARD" inspect --host --format json 2>/dev/null); rc=$?
t_is "$rc" 0 "--host exits 0"
printf '%s' "$out" >"$tmp/host.json"
t_like "$(fact "$tmp/host.json" host host.kernel)" "^\"$(uname -r)\"$" "--host kernel release"
t_like "$(fact "$tmp/host.json" host host.cgroup_version)" '^"(v1|v2|hybrid)"$' "--host cgroup version"
t_is "$(fact "$tmp/host.json" host host.cap_last_cap)" "$(cat /proc/sys/kernel/cap_last_cap)" "--host cap_last_cap"
t_is "$(fact "$tmp/host.json" host host.seccomp)" true "--host seccomp available"
out=$(NO_COLOR=1 script -qec "$CTGUARD inspect --self" /dev/null 2>/dev/null | tr -d '\r')
t_unlike "$out" $'\033' "NO_COLOR on a terminal: no escape sequences"
out=$(script -qec "$CTGUARD inspect --self" /dev/null 2>/dev/null | tr -d '\r')
t_like "$out" $'\033\\[' "a terminal without NO_COLOR gets colour"
out=$("$CTGUARD" inspect --self | cat)
t_unlike "$out" $'\033' "a pipe gets no colour"
t_done
