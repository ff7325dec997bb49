#!/bin/bash
# Every built-in rule fails on at least one fixture and passes on at least one: the saved
# documents under tests/data/audit and every recorded host under tests/data/hosts. A control
# the running state cannot show (`not_evaluated:` in its pack) is not evaluated on every one, and
# PSS-B-HOSTPROCESS (a Windows control: it holds on every Linux kernel) passes on every one.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
i=0
for doc in "$DATA"/audit/*.json; do
	i=$((i + 1))
	"$CTGUARD" audit --from "$doc" --format json -o "$T/$i.json" --fail-on none 2>/dev/null
	t_is "$?" 0 "audit of $(basename "$doc")"
done
for h in "$DATA"/hosts/*/; do
	[ -d "$h/proc" ] || continue
	i=$((i + 1))
	"$CTGUARD" audit --proc-root "$h/proc" --host-root "$h/root" --format json -o "$T/$i.json" \
		--fail-on none 2>/dev/null
	t_is "$?" 0 "audit of recorded host $(basename "$h")"
done
ids=$("$CTGUARD" rules list | awk '{print $1}')
report=$(python3 - "$T" "$top_srcdir/rules" $ids <<'PY'
import glob, json, re, sys
never = set()
for pack in glob.glob(sys.argv[2] + "/*.yaml"):
    for block in re.split(r"\n  - id: ", open(pack).read())[1:]:
        if re.search(r"^    not_evaluated:", block, re.M):
            never.add(block.split()[0])
seen = {}
for path in glob.glob(sys.argv[1] + "/*.json"):
    for c in json.load(open(path))["containers"]:
        for f in c["findings"]:
            seen.setdefault(f["rule"], set()).add(f["status"])
for rid in sys.argv[3:]:
    s = seen.get(rid, set())
    if rid in never:
        print(rid, "never", s == {"not_evaluated"})
    elif rid == "PSS-B-HOSTPROCESS":
        print(rid, "linux", s == {"pass"})
    else:
        print(rid, "fail" in s, "pass" in s)
PY
)
while read -r id fails passes; do
	case $fails in
	never) t_is "$passes" True "$id is not evaluated on any fixture (not_evaluated in its pack)" ;;
	linux) t_is "$passes" True "$id passes on every fixture (a Windows control)" ;;
	*) t_is "$fails $passes" "True True" "$id fails on one fixture and passes on another" ;;
	esac
done <<<"$report"
t_done
