#!/bin/bash
# make check-layers (tools/check-layers.sh): the source tree passes; a deliberately bad include,
# a matrix with a cycle, a call cycle between two objects and a fix-includes rewrite are caught.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

check=$top_srcdir/tools/check-layers.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$(sh "$check" "$top_srcdir" 2>&1); rc=$?
t_is "$rc" 0 "the source tree follows ARCHITECTURE.md's order"
[ "$rc" = 0 ] || echo "$out" | sed 's/^/#   /'

# A copy of the tree's sources and the matrix, then one bad include at a time.
mk_copy() {
	rm -rf "$tmp/src"
	mkdir -p "$tmp/src"
	cp "$top_srcdir/ARCHITECTURE.md" "$tmp/src/"
	(cd "$top_srcdir" && find lib kernel facts oci seccomp policy audit enforce report watch cli \
		-name '*.[ch]' | tar cf - -T -) | (cd "$tmp/src" && tar xf -)
}
mk_copy
out=$(sh "$check" "$tmp/src" 2>&1); rc=$?
t_is "$rc" 0 "a copy passes"
printf '#include "cli/cli.h"\n' >>"$tmp/src/lib/buf.c"
out=$(sh "$check" "$tmp/src" 2>&1); rc=$?
t_is "$rc" 1 "lib/ including cli/ fails"
t_like "$out" "lib/buf.c includes cli/cli.h: 'lib' may not include 'cli'" "the bad include is named"

mk_copy
printf '#include "enforce/launch.h"\n' >>"$tmp/src/audit/host.h"
out=$(sh "$check" "$tmp/src" 2>&1); rc=$?
t_is "$rc" 1 "audit/ including enforce/ (peers) fails"
t_like "$out" "audit/host.h includes enforce/launch.h" "the peer include is named"

mk_copy
printf '#include "nowhere/x.h"\n' >>"$tmp/src/policy/eval.c"
out=$(sh "$check" "$tmp/src" 2>&1); rc=$?
t_is "$rc" 1 "an include of an unknown folder fails"

mk_copy
sed -i 's/^lib:$/lib: cli/' "$tmp/src/ARCHITECTURE.md"
out=$(sh "$check" "$tmp/src" 2>&1); rc=$?
t_is "$rc" 1 "a matrix letting a folder include one below it in the list fails"
t_like "$out" "'lib' may include 'cli', which is not above it" "the cycle is named"

# Call cycles: two objects calling each other.
if command -v cc >/dev/null && command -v nm >/dev/null; then
	printf 'int b(int);\nint a(int x) { return x ? b(x - 1) : 0; }\n' >"$tmp/a.c"
	printf 'int a(int);\nint b(int x) { return x ? a(x - 1) : 1; }\n' >"$tmp/b.c"
	printf 'int a(int);\nint c(int x) { return a(x); }\n' >"$tmp/c.c"
	cc -c -o "$tmp/a.o" "$tmp/a.c" && cc -c -o "$tmp/b.o" "$tmp/b.c" && cc -c -o "$tmp/c.o" "$tmp/c.c"
	mk_copy
	out=$(sh "$check" "$tmp/src" --calls "$tmp/a.o" "$tmp/c.o" 2>&1); rc=$?
	t_is "$rc" 0 "calls one way pass"
	out=$(sh "$check" "$tmp/src" --calls "$tmp/a.o" "$tmp/b.o" "$tmp/c.o" 2>&1); rc=$?
	t_is "$rc" 1 "a call cycle between two files fails"
	t_like "$out" "call cycle" "the call cycle is reported"
	t_like "$out" "$tmp/b.o" "its members are named"
else
	t_skip "needs cc and nm"
fi

# tools/fix-includes.sh: a file written against the old layout is rewritten by the map.
printf '#include "audit/caps.h"\n#include "policy/profile.h"\n#include "enforce/launch.h"\n' >"$tmp/old.c"
sh "$top_srcdir/tools/fix-includes.sh" "$tmp/old.c"
t_is "$(cat "$tmp/old.c")" "$(printf '#include "kernel/caps.h"\n#include "seccomp/profile.h"\n#include "enforce/launch.h"')" \
	"fix-includes.sh rewrites moved headers and keeps the others"
t_done
