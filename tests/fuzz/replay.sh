#!/bin/bash
# The fuzz targets' seed corpora (and the crash reproducers kept in them) replayed through
# each target built with the project's compiler and sanitizers (tests/fuzz/replay-NAME): every
# input must run to the end without a sanitizer report or a broken invariant.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

targets="rules waivers policy profile oci proc runtime bpf vdiff snapshot result"
for t in $targets; do
	bin="$top_builddir/tests/fuzz/replay-$t"
	corpus="$top_srcdir/tests/fuzz/corpus/$t"
	n=$(find "$corpus" -type f | wc -l)
	if [ "$n" -eq 0 ]; then
		t_fail "$t: the seed corpus is empty"
		continue
	fi
	out=$("$bin" "$corpus" 2>&1); rc=$?
	if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | tail -n 1)" = "replayed $n inputs" ]; then
		t_pass "$t: $n seeds replay cleanly"
	else
		t_fail "$t: replaying $corpus (exit $rc)"
		printf '%s\n' "$out" | tail -n 30 | sed 's/^/#   /'
	fi
done
# The check above could pass with a target that does nothing: a broken invariant must fail.
out=$(CTGUARD_FUZZ_SELFTEST=1 "$top_builddir/tests/fuzz/replay-proc" "$top_srcdir/tests/fuzz/corpus/proc/ns-link" 2>&1)
rc=$?
t_is "$rc" 134 "a broken invariant aborts the replay (SIGABRT)"
t_like "$out" "fuzz: invariant violated" "and says which"
t_done
