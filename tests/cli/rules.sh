#!/bin/bash
# ctguard rules: the bad-file corpus (exact messages), lint, list, show, facts.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
cd "$DATA/rules" || exit 1

n=0
for f in bad-*.yaml; do
	n=$((n + 1))
	err=$("$CTGUARD" rules lint "$f" 2>&1 >/dev/null); rc=$?
	t_is "$rc" 2 "$f: exit 2"
	t_is "$err" "$(cat "${f%.yaml}.expected")" "$f: exact messages"
done
t_ok "corpus holds at least 30 bad files ($n)" test "$n" -ge 30

out=$("$CTGUARD" rules lint good-custom.yaml good-waivers.yaml); rc=$?
t_is "$rc" 0 "good rule and waiver files lint clean"
t_is "$out" $'good-custom.yaml: ok (3 rules)\ngood-waivers.yaml: ok (2 waivers)' "lint summary"
out=$("$CTGUARD" rules lint good-custom.yaml bad-severity.yaml 2>&1); rc=$?
t_is "$rc" 2 "one bad file among good ones: exit 2"
t_like "$out" "good-custom.yaml: ok" "the good file still reported"
out=$("$CTGUARD" rules lint /nonexistent.yaml 2>&1); rc=$?
t_is "$rc" 2 "missing file: exit 2"
t_like "$out" "/nonexistent.yaml: cannot read: No such file or directory" "missing file named"
big=$(mktemp); trap 'rm -f "$big"' EXIT
head -c 1100000 /dev/zero | tr '\0' '#' >"$big"
out=$("$CTGUARD" rules lint "$big" 2>&1); rc=$?
t_is "$rc" 2 "oversized file: exit 2"
t_like "$out" "larger than 1048576 bytes" "oversized file said"

list=$("$CTGUARD" rules list); rc=$?
t_is "$rc" 0 "rules list"
t_is "$(printf '%s\n' "$list" | wc -l)" 81 "81 built-in rules"
for p in cis-docker pss-baseline pss-restricted escapes; do
	t_like "$list" " $p " "pack $p listed"
done
t_is "$("$CTGUARD" rules list --pack escapes | wc -l)" 26 "escapes pack alone"
t_is "$("$CTGUARD" rules list --pack pss-restricted | wc -l)" 21 "pss-restricted includes baseline"
t_is "$("$CTGUARD" rules list --pack pss-restricted --pack pss-baseline | wc -l)" 21 \
	"a pack selected twice loads once"
t_is "$("$CTGUARD" rules list --rules good-custom.yaml | wc -l)" 3 "user rules alone"
out=$("$CTGUARD" rules list --pack nope 2>&1); rc=$?
t_is "$rc" 2 "unknown pack: exit 2"
t_like "$out" "unknown pack 'nope' \(built-in packs: cis-docker, escapes, pss-baseline, pss-restricted\)" \
	"unknown pack lists the real ones"
out=$("$CTGUARD" rules show CTG-ESC-002); rc=$?
t_is "$rc" 0 "rules show"
t_like "$out" "cgroup.v1_writable equals true" "show prints the condition"
t_like "$out" "ref: +mitre T1611" "show prints refs"
t_unlike "$out" "cve CVE-2022-0492" "CTG-ESC-002 does not cite CVE-2022-0492 (the unprivileged variant)"
t_like "$out" "builtin:escapes.yaml:[0-9]+:[0-9]+" "show says where it is defined"
out=$("$CTGUARD" rules show CIS-DOCKER-5.2)
t_like "$out" "applies when:" "show prints a rule's requirement"
t_like "$out" "otherwise not evaluated: AppArmor is not enabled on this host" "... and its reason"
t_like "$("$CTGUARD" rules show PSS-B-HOST-PORTS)" "not evaluated: A hostPort is a NAT rule" \
	"show prints why a rule is never evaluated"
out=$("$CTGUARD" rules show NOPE 2>&1); rc=$?
t_is "$rc" 1 "show of an unknown id: exit 1"
facts=$("$CTGUARD" rules facts --format json)
t_is "$(printf '%s' "$facts" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 101 \
	"rules facts lists the registry"
t_like "$("$CTGUARD" rules facts)" "caps.effective +list +effective capabilities" "facts as text"
out=$("$CTGUARD" rules frob 2>&1); rc=$?
t_is "$rc" 2 "unknown rules subcommand: exit 2"
t_done
