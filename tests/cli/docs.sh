#!/bin/bash
# Docs move with code: every fact the binary emits is documented in ctguard(8), and every
# documented fact exists.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
man="$top_srcdir/man/ctguard.8"
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
"$CTGUARD" inspect --self --host --format json >"$tmp" 2>/dev/null
names=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print("\n".join(list(d["host"]) + list(d["containers"][0]["facts"])))' "$tmp")
t_is "$(printf '%s\n' "$names" | wc -l)" 101 "101 facts emitted (update the man page when adding one)"
for n in $names; do
	if grep -q "^$(printf '%s' "$n" | sed 's/\./\\./g')	" "$man"; then t_pass "documented: $n"; else t_fail "not in ctguard(8): $n"; fi
done
documented=$(grep -E '^[a-z_]+\.[a-z0-9_.]+	|^no_new_privs	' "$man" | cut -f1 | sort)
t_is "$documented" "$(printf '%s\n' "$names" | sort)" "the man page documents no fact the binary lacks"
t_done
