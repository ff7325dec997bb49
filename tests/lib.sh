# TAP helpers for the shell tests (tests/cli, tests/integration). Source it:
#   . "$top_srcdir/tests/lib.sh"
# A skip is a failure when CTGUARD_TESTS_MUST_RUN=1 (set by CI).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${CTGUARD:=$top_builddir/ctguard}"
DATA="$top_srcdir/tests/data"
# Debian's python3 starts in ~40 ms; a pyenv shim earlier in PATH can take a second per call,
# and the tests call python3 hundreds of times.
if [ -x /usr/bin/python3 ]; then
	python3() { /usr/bin/python3 "$@"; }
fi
# No podman call may hang the suite: podman 4.3.1 (Debian 12) deadlocks now and then (below),
# and a stuck call would hold the test, then CI, to its time limit. A call that runs out of time
# fails with the locks and podman processes of the moment on stderr (the test's log).
if ct_podman_bin=$(command -v podman 2>/dev/null) && [ -x "$ct_podman_bin" ]; then
	podman() {
		local rc
		timeout -k 10 "${CT_PODMAN_TIMEOUT:-240}" "$ct_podman_bin" "$@"
		rc=$?
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			{
				echo "podman $*: no answer in ${CT_PODMAN_TIMEOUT:-240} s; file locks and podman processes:"
				lslocks 2>/dev/null | grep -E 'podman|conmon|COMMAND'
				ps -eo pid,ppid,stat,etime,wchan:24,args | grep -E '[p]odman|[c]onmon' | cut -c1-240
			} | sed 's/^/# /' >&2
		fi
		return "$rc"
	}
fi
# A user namespace for podman without --userns=auto: podman 4.3.1 takes userns.lock, then the
# layer and image locks, then storage.lock for --userns=auto, while a `podman container cleanup`
# (conmon's exit command when any container stops) holds storage.lock and waits for the layer
# lock; both wait forever (reproduced here: 2 of 5 runs beside a `podman rm -f`). An explicit
# mapping takes no userns.lock. ct_podman_userns N: the options mapping container root to
# 65536 host ids of their own (N = 0..15 picks a range high above any user's subordinate ids).
ct_podman_userns() {
	local base=$((1879048192 + ${1:-0} * 65536))
	echo "--uidmap 0:$base:65536 --gidmap 0:$base:65536"
}
t_n=0
t_failed=0

t_pass() { t_n=$((t_n + 1)); echo "ok $t_n - $*"; }
t_fail() { t_n=$((t_n + 1)); t_failed=$((t_failed + 1)); echo "not ok $t_n - $*"; }

# t_ok DESC CMD... : passes when CMD exits 0.
t_ok() {
	d=$1; shift
	if "$@" >/dev/null 2>&1; then t_pass "$d"; else t_fail "$d"; echo "#   command failed: $*"; fi
}

# t_is GOT WANT DESC
t_is() {
	if [ "$1" = "$2" ]; then t_pass "$3"; else t_fail "$3"; echo "#   got:  $1"; echo "#   want: $2"; fi
}

# t_like GOT ERE DESC: GOT matches the extended regular expression.
t_like() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then t_pass "$3"; else t_fail "$3"; echo "#   got:  $1"; echo "#   want match: $2"; fi
}

# t_unlike GOT ERE DESC
t_unlike() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then t_fail "$3"; echo "#   got:  $1"; echo "#   must not match: $2"; else t_pass "$3"; fi
}

t_must_run() { [ "${CTGUARD_TESTS_MUST_RUN:-0}" = 1 ]; }

# t_skip REASON: one skipped test (a failure under CTGUARD_TESTS_MUST_RUN=1).
t_skip() {
	if t_must_run; then t_fail "must run but would skip: $*"; else t_n=$((t_n + 1)); echo "ok $t_n # SKIP $*"; fi
}

# t_skip_all REASON: the whole script cannot run here.
t_skip_all() {
	if t_must_run; then echo "not ok 1 - must run but would skip: $*"; echo "1..1"; exit 1; fi
	echo "1..0 # SKIP $*"
	exit 0
}

t_done() {
	echo "1..$t_n"
	[ "$t_failed" -eq 0 ]
	exit $?
}

t_need_root() { [ "$(id -u)" = 0 ] || t_skip_all "needs root"; }

# t_linking BINARY MAKEVAR NAME: configure's choice (MAKEVAR of the Makefile: -static-pie or
# empty) and BINARY agree: static-pie means no program interpreter and no shared library; dynamic
# linking only for a reason configure knows (sanitizers, --disable-static-binary, its probe for
# NAME failed). Needs readelf.
t_linking() {
	local bin=$1 var=$2 name=$3 static interp needed why=none
	static=$(sed -n "s/^$var = *//p" "$top_builddir/Makefile")
	interp=$(readelf -l "$bin" 2>/dev/null | grep -c 'program interpreter')
	needed=$(readelf -d "$bin" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
	if [ "$static" = -static-pie ]; then
		t_is "$interp:$needed" "0:" "configure chose static-pie: $name has no interpreter and no shared library"
		t_like "$(readelf -h "$bin")" 'DYN \(Position-Independent Executable file\)|DYN \(Shared object file\)' \
			"... and is position-independent (ASLR kept)"
		return
	fi
	t_is "$interp" 1 "configure chose dynamic linking: $name has a program interpreter"
	grep -q '^SAN_CFLAGS = .*-fsanitize' "$top_builddir/Makefile" && why=sanitizers
	grep -q -- '--disable-static-binary' "$top_builddir/config.log" 2>/dev/null && why=disabled
	grep -q "$name links as a static-pie binary\.\.\. no" "$top_builddir/config.log" 2>/dev/null && why=probe
	t_unlike "$why" '^none$' "... for a reason configure knows: $why"
}
t_need_cmd() { for c in "$@"; do command -v "$c" >/dev/null 2>&1 || t_skip_all "needs $c"; done; }

# fact FILE SELECTOR NAME: prints one fact of one container of an inspect JSON document, as
# compact JSON. SELECTOR is a name, an id prefix or pid=N. Prints MISSING when no container matches.
fact() {
	python3 "$top_srcdir/tests/jsonq.py" fact "$1" "$2" "$3"
}
# count FILE SELECTOR: how many containers match.
count_containers() {
	python3 "$top_srcdir/tests/jsonq.py" count "$1" "$2"
}
