#!/bin/bash
# ctguard run --learn, the options: help, combinations refused, --explain with --learn (the
# learning filter in the plan, nothing written), and nothing created when the policy or the
# plan fails. The learning itself runs in tests/integration/learn.sh.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

help=$("$CTGUARD" run --help)
t_like "$help" "ctguard run --learn OUT.yaml \[--policy P\]" "--help: the --learn synopsis"
t_like "$help" "--learn OUT.yaml +learn a seccomp profile" "--help: --learn explained"
t_like "$help" "128 \+ its number" "--help: the exit status of a killed command"

out=$("$CTGUARD" run --learn out.yaml --check 2>&1); rc=$?
t_is "$rc" 125 "--learn with --check: refused"
t_like "$out" "--learn runs the command: it cannot go with --check" "... said"
out=$("$CTGUARD" run --learn '' -- true 2>&1); rc=$?
t_is "$rc" 125 "--learn '': refused"
t_like "$out" "--learn needs a file name" "... said"
out=$("$CTGUARD" run --learn 2>&1); rc=$?
t_is "$rc" 125 "--learn without a value: refused"
t_like "$out" "missing value '--learn'" "... said"

out=$("$CTGUARD" run --learn out.yaml --explain -- true 2>&1); rc=$?
t_is "$rc" 0 "--learn --explain: exit 0"
t_like "$out" "seccomp compile: none: the learning filter replaces 'default'" \
	"--explain: the policy's profile is replaced"
t_like "$out" "seccomp load: learning filter \(user notification\), listener passed to ctguard" \
	"--explain: the learning filter is loaded last"
t_like "$out" "NoNewPrivs 1, Seccomp 2" "--explain: the status check expects a filter"
t_is "$(ls -A)" "" "--explain: nothing written"

out=$("$CTGUARD" run --learn out.yaml --policy ./no-such-policy.yaml -- touch marker 2>&1); rc=$?
t_is "$rc" 125 "a policy that does not load: 125"
t_is "$(ls -A)" "" "... nothing written, nothing run"
out=$("$CTGUARD" run --learn out.yaml --user no-such-user-ctguard -- touch marker 2>&1); rc=$?
t_is "$rc" 125 "a plan that fails (unknown user): 125"
t_like "$out" "no-such-user-ctguard" "... said"
t_is "$(ls -A)" "" "... nothing written, nothing run"
t_done
