#!/bin/bash
# Every built-in rule fails on at least one fixture and passes on at least one: the saved
# documents under tests/data/audit and every recorded host under tests/data/hosts.
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
report=$(python3 - "$T" $ids <<'PY'
import glob, json, sys
seen = {}
for path in glob.glob(sys.argv[1] + "/*.json"):
    for c in json.load(open(path))["containers"]:
        for f in c["findings"]:
            seen.setdefault(f["rule"], set()).add(f["status"])
for rid in sys.argv[2:]:
    s = seen.get(rid, set())
    print(rid, "fail" in s, "pass" in s)
PY
)
while read -r id fails passes; do
	t_is "$fails $passes" "True True" "$id fails on one fixture and passes on another"
done <<<"$report"
t_done
