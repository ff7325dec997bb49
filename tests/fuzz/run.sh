#!/bin/bash
# Runs the libFuzzer targets built by `make fuzz`, each for a fixed time, two at a time.
#   tests/fuzz/run.sh [-t SECONDS] [-j PARALLEL] [-o DIR] [TARGET...]
# Each target starts from its seed corpus (tests/fuzz/corpus/NAME, read only) and a dictionary
# (tests/fuzz/dict: YAML keys and fact names, JSON keys); what it learns goes to
# DIR/corpus/NAME (default: a temporary directory, removed at the end unless something was
# found). Exits 1 when any target crashed, leaked, broke an invariant, timed out or ran out of
# memory, after printing the reproducer's path and the end of the target's log.
set -u
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
builddir=${top_builddir:-.}
seconds=20 jobs=2 out=
while getopts t:j:o: opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	j) jobs=$OPTARG ;;
	o) out=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
targets=${*:-rules waivers policy profile oci proc runtime bpf vdiff snapshot result}
bin=$(cd "$builddir/tests/fuzz/out" 2>/dev/null && pwd) || bin="$builddir/tests/fuzz/out"
for t in $targets; do
	[ -x "$bin/fuzz-$t" ] || { echo "fuzz: $bin/fuzz-$t is missing: run 'make fuzz' first" >&2; exit 2; }
done
keep=1
if [ -z "$out" ]; then
	out=$(mktemp -d /tmp/ctguard-fuzz.XXXXXX)
	keep=0
fi
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)

run_one() { # run_one TARGET: its exit status is the fuzzer's
	local t=$1 dict
	mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
	case $t in
	rules | waivers | policy) dict=$srcdir/tests/fuzz/dict/yaml.dict ;;
	profile) # both formats
		dict=$out/profile.dict
		cat "$srcdir/tests/fuzz/dict/yaml.dict" "$srcdir/tests/fuzz/dict/json.dict" >"$dict" ;;
	proc) dict=$srcdir/tests/fuzz/dict/proc.dict ;;
	bpf | vdiff) dict= ;; # binary: no tokens
	*) dict=$srcdir/tests/fuzz/dict/json.dict ;;
	esac
	# -timeout: one input running this long is a finding (a hang an attacker can cause);
	# -rss_limit_mb: so is memory growth past 2 GiB. Leak detection is ASan's (on by default).
	(cd "$out/artifacts/$t" && exec "$bin/fuzz-$t" -max_total_time="$seconds" \
		-timeout=30 -rss_limit_mb=2048 -print_final_stats=1 ${dict:+-dict="$dict"} \
		-artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" "$srcdir/tests/fuzz/corpus/$t") \
		>"$out/$t.log" 2>&1
}

report() { # report TARGET STATUS
	local t=$1 rc=$2 execs cov
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
	cov=$(grep -o 'cov: [0-9]*' "$out/$t.log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		printf 'fuzz: %-9s ok: %s inputs in %s s, %s\n' "$t" "${execs:-?}" "$seconds" "${cov:-cov: ?}"
		return 0
	fi
	printf 'fuzz: %-9s FAILED (exit %s)\n' "$t" "$rc"
	for a in "$out/artifacts/$t"/*; do
		[ -f "$a" ] && echo "fuzz: $t: reproducer $a (replay: $bin/fuzz-$t $a)"
	done
	if grep -qE '^==[0-9]+==ERROR|fuzz: invariant violated|^ALARM|out-of-memory' "$out/$t.log"; then
		grep -E -A 30 '^==[0-9]+==ERROR|fuzz: invariant violated|^ALARM|out-of-memory' \
			"$out/$t.log" | head -n 60 | sed "s/^/fuzz: $t: /"
	else
		tail -n 20 "$out/$t.log" | sed "s/^/fuzz: $t: /"
	fi
	return 1
}

# A smaller quarantine and shorter allocation stacks: on this project's VMs the page faults
# of ASan's default 256 MiB quarantine cost more than the targets (3x fewer inputs).
export ASAN_OPTIONS="quarantine_size_mb=16:malloc_context_size=5${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
failed=0
declare -A pid_of=()
running=0
for t in $targets; do
	if [ "$running" -ge "$jobs" ]; then
		wait -n -p done_pid
		rc=$?
		for k in "${!pid_of[@]}"; do
			[ "${pid_of[$k]}" = "$done_pid" ] && { report "$k" "$rc" || failed=1; unset "pid_of[$k]"; }
		done
		running=$((running - 1))
	fi
	run_one "$t" &
	pid_of[$t]=$!
	running=$((running + 1))
done
for k in "${!pid_of[@]}"; do
	wait "${pid_of[$k]}"
	report "$k" $? || failed=1
done
if [ "$failed" -ne 0 ]; then
	echo "fuzz: findings kept in $out" >&2
	exit 1
fi
[ "$keep" -eq 1 ] || rm -rf "$out"
exit 0
