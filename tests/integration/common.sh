# Shared helpers for the integration tests (bundles, runtimes). Source after tests/lib.sh:
#   . "$top_srcdir/tests/lib.sh"; . "$top_srcdir/tests/integration/common.sh"
# Needs bash (`local`).

# Cleanup stack: ct_defer CMD registers a shell command run at exit, last registered first,
# whatever the way out (t_done, t_skip_all, a failed command, SIGINT/SIGTERM). Failures of
# cleanup commands are ignored so one stuck container does not leak the others.
ct_deferred=""
ct_defer() {
	ct_deferred="$1
$ct_deferred"
}
ct_cleanup() {
	local rc=$? line
	trap - EXIT
	while IFS= read -r line; do
		[ -n "$line" ] && eval "$line" >/dev/null 2>&1
	done <<EOF
$ct_deferred
EOF
	ct_deferred=""
	exit "$rc"
}
ct_trap() {
	trap ct_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# ct_tmpdir: a fresh directory, removed at exit, left in ct_dir (not printed: a command
# substitution would register the removal in a subshell). Readable by everyone so that an
# id-mapped container root (host uid 100000) can still walk down to its rootfs.
ct_tmpdir() {
	ct_dir=$(mktemp -d "${TMPDIR:-/tmp}/ctg-it.XXXXXX") || return 1
	chmod 0755 "$ct_dir"
	ct_defer "rm -rf '$ct_dir'"
}

# ct_busybox_rootfs DIR: a minimal root filesystem: static busybox plus the applets the
# tests run, and the directories runtimes mount on.
ct_busybox_rootfs() {
	local root=$1 bb a
	bb=$(command -v busybox) || return 1
	mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/etc" \
		"$root/run" "$root/var" "$root/root" || return 1
	cp "$bb" "$root/bin/busybox" || return 1
	for a in sh sleep cat id ls touch mkdir uname true false ps echo; do
		ln -sf busybox "$root/bin/$a" || return 1
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
	echo 'root:x:0:' >"$root/etc/group"
}

# ct_json_edit FILE PYTHON: runs PYTHON with the parsed document bound to `c` and writes it
# back (jq is not installed on the test machines).
ct_json_edit() {
	python3 -c '
import json
import sys

path, code = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    c = json.load(f)
exec(code, {"c": c, "json": json})
with open(path, "w", encoding="utf-8") as f:
    json.dump(c, f, indent=1)
' "$1" "$2"
}

# ct_unix_socket PATH [listen]: creates a real unix socket file at PATH. With "listen", a
# background python3 keeps it bound and listening; its pid is left in ct_bg_pid (kill it by
# that pid, then remove PATH).
ct_unix_socket() {
	local i
	if [ "${2:-}" != listen ]; then
		python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$1"
		return
	fi
	# Not through the python3 shell function of tests/lib.sh: $! must be python's own pid.
	local py=/usr/bin/python3
	[ -x "$py" ] || py=$(command -v python3)
	"$py" -c 'import socket,sys,time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(1)
time.sleep(3600)' "$1" </dev/null >/dev/null 2>&1 &
	ct_bg_pid=$!
	for i in $(seq 1 100); do
		[ -S "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# ct_inspect OUT: `ctguard inspect --format json` of the whole host into OUT (stderr in
# OUT.err); prints a TAP comment when it fails.
ct_inspect() {
	"$CTGUARD" inspect --format json >"$1" 2>"$1.err" ||
		echo "#   ctguard inspect exited $?: $(head -c 300 "$1.err")"
}

# ct_facts JSON SELECTOR CACHE: every fact of the container SELECTOR picks (the selectors of
# tests/jsonq.py) as "name<TAB>compact JSON" lines in CACHE, after a line "#count<TAB>N".
# One python3 start per inspect instead of one per fact: where python3 is a pyenv shim,
# each start costs a second.
ct_facts() {
	python3 -c '
import json
import sys

sys.path.insert(0, sys.argv[1])
import jsonq

with open(sys.argv[2], encoding="utf-8") as f:
    doc = json.load(f)
found = [c for c in doc.get("containers", []) if jsonq.matches(c, sys.argv[3])]
print("#count\t%d" % len(found))
for name, value in (found[0]["facts"].items() if found else []):
    print("%s\t%s" % (name, json.dumps(value, separators=(",", ":"))))
' "$top_srcdir/tests" "$1" "$2" >"$3"
}

# ct_fact CACHE NAME: one fact as compact JSON, like `fact` of tests/lib.sh: MISSING when no
# container matched, NOFACT when it has no such fact.
ct_fact() {
	awk -F '\t' -v n="$2" '
		$1 == "#count" && $2 == 0 { print "MISSING"; found = 1; exit }
		$1 == n { print $2; found = 1; exit }
		END { if (!found) print "NOFACT" }' "$1"
}

# ct_list_has JSONLIST ITEM: the compact JSON list of strings holds ITEM (quotes delimit items).
ct_list_has() {
	case $1 in
	\[*\"$2\"*\]) return 0 ;;
	esac
	return 1
}

# ct_sorted JSONLIST: the list of plain strings, sorted (for order-free comparisons).
ct_sorted() {
	local items
	items=$(printf '%s' "$1" | sed 's/^\[//; s/\]$//' | tr ',' '\n' | LC_ALL=C sort | paste -sd, -)
	printf '[%s]\n' "$items"
}

# ct_count JSONLIST: number of items of a list of plain strings.
ct_count() {
	if [ "$1" = "[]" ]; then
		echo 0
	else
		printf '%s\n' "$1" | tr ',' '\n' | wc -l | tr -d ' '
	fi
}

# t_has JSONLIST ITEM DESC / t_hasnt JSONLIST ITEM DESC: list membership as one test.
t_has() {
	if ct_list_has "$1" "$2"; then t_pass "$3"; else t_fail "$3"; echo "#   got:  $1"; echo "#   want item: $2"; fi
}
t_hasnt() {
	if ct_list_has "$1" "$2"; then t_fail "$3"; echo "#   got:  $1"; echo "#   must not hold: $2"; else t_pass "$3"; fi
}

# ---- podman -------------------------------------------------------------------------------

# ct_podman_image IMAGE: a busybox image (ct_busybox_rootfs) imported once and reused; skips the
# whole test when podman cannot import it. Needs ct_dir (ct_tmpdir).
ct_podman_image() {
	podman image exists "$1" 2>/dev/null && return 0
	ct_busybox_rootfs "$ct_dir/img-rootfs" && tar -C "$ct_dir/img-rootfs" -cf "$ct_dir/img.tar" . &&
		podman import -q "$ct_dir/img.tar" "$1" >/dev/null 2>"$ct_dir/img.err" ||
		t_skip_all "cannot import a busybox image into podman: $(head -c 300 "$ct_dir/img.err")"
}

# ct_podman_run NAME [PODMAN-RUN-ARGS...] IMAGE CMD...: a detached container with the flags
# every podman run needs here (ENVIRONMENT.md: runc, and rlimits this sandbox allows), removed
# at exit; podman's stderr in $ct_dir/NAME.err.
ct_podman_run() {
	local name=$1
	shift
	ct_defer "podman rm -f -t 0 '$name'"
	podman run -d --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --name "$name" \
		"$@" >/dev/null 2>"$ct_dir/$name.err"
}

# ---- runc --------------------------------------------------------------------------------

# runc_bundle DIR [PYTHON]: a busybox bundle from `runc spec` with terminal off and a long
# sleep as init, then PYTHON applied to config.json as in ct_json_edit.
runc_bundle() {
	local b=$1
	mkdir -p "$b" && ct_busybox_rootfs "$b/rootfs" || return 1
	(cd "$b" && runc spec) || return 1
	ct_json_edit "$b/config.json" "
c['process']['terminal'] = False
c['process']['args'] = ['sleep', '3600']
${2:-}"
}

# runc_run NAME BUNDLE: starts a detached container, registers its deletion, and waits until
# runc reports it running. runc's stdio goes to BUNDLE/runc.log (an inherited pipe would keep
# the TAP harness waiting on the container's sleep).
runc_run() {
	local name=$1 b=$2 i
	ct_defer "runc delete --force '$name'"
	if ! runc run -d --bundle "$b" "$name" </dev/null >"$b/runc.log" 2>&1; then
		sed 's/^/#   runc: /' "$b/runc.log"
		return 1
	fi
	for i in $(seq 1 100); do
		[ "$(runc_state "$name" status)" = running ] && return 0
		sleep 0.1
	done
	echo "#   $name did not reach running"
	return 1
}

# runc_state NAME KEY: one top-level string or number field of `runc state NAME` (runc
# indents its JSON, one key a line).
runc_state() {
	runc state "$1" 2>/dev/null |
		sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" | head -n 1
}

# runc_exec_d ARGS...: `runc exec -d ARGS...` (options, NAME, command) with closed stdio.
runc_exec_d() {
	runc exec -d "$@" </dev/null >/dev/null 2>&1
}
