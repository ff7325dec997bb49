#!/bin/bash
# ctguard run: the kernel's view of the launched command (/proc/self/status) for the built-in
# and test policies, fail-closed for each step (a marker the command would create never
# appears), rlimits, environment, fds, --explain, --check and the exit statuses.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
# LeakSanitizer stops the world with ptrace at exit, which a loaded seccomp filter refuses: in a
# sanitizer build its report would replace the exit status of every filtered process.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
t_need_root
RUN="$DATA/run"

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 1777 "$work"
cd "$work" || exit 1

# field STATUS NAME: the value of NAME: in a status text, tabs squeezed.
field() { printf '%s\n' "$1" | awk -v k="$2:" 'index($0, k "\t") == 1 { print substr($0, length(k) + 2); exit }'; }
self=$(cat /proc/self/status)
filters0=$(field "$self" Seccomp_filters)
filters0=${filters0:-0}

# expect_status DESC "ARGS" UID GID GROUPS CAPS(hex, for the 5 sets but bounding) BND NNP SECCOMP
expect_status() {
	local desc=$1 args=$2 uid=$3 gid=$4 groups=$5 caps=$6 bnd=$7 nnp=$8 sc=$9
	local st rc
	# shellcheck disable=SC2086
	st=$("$CTGUARD" run $args -- cat /proc/self/status 2>"$work/err"); rc=$?
	t_is "$rc" 0 "$desc: runs"
	[ "$rc" = 0 ] || sed 's/^/#   /' "$work/err"
	t_is "$(field "$st" Uid)" "$uid	$uid	$uid	$uid" "$desc: uid"
	t_is "$(field "$st" Gid)" "$gid	$gid	$gid	$gid" "$desc: gid"
	t_is "$(field "$st" Groups | sed 's/ *$//')" "$groups" "$desc: groups"
	t_is "$(field "$st" CapInh)" "$caps" "$desc: CapInh"
	t_is "$(field "$st" CapPrm)" "$caps" "$desc: CapPrm"
	t_is "$(field "$st" CapEff)" "$caps" "$desc: CapEff"
	t_is "$(field "$st" CapBnd)" "$bnd" "$desc: CapBnd"
	t_is "$(field "$st" CapAmb)" "$caps" "$desc: CapAmb"
	t_is "$(field "$st" NoNewPrivs)" "$nnp" "$desc: NoNewPrivs"
	t_is "$(field "$st" Seccomp)" "$sc" "$desc: Seccomp"
	if [ "$sc" = 2 ]; then
		t_is "$(field "$st" Seccomp_filters)" "$((filters0 + 1))" "$desc: one filter more"
	else
		t_is "$(field "$st" Seccomp_filters)" "$filters0" "$desc: no filter added"
	fi
}

Z=0000000000000000
nobody_gid=$(awk -F: '$3 == 65534 { print $4; exit }' /etc/passwd)
daemon_gid=$(awk -F: '$1 == "daemon" { print $3; exit }' /etc/group)
users_gid=$(awk -F: '$1 == "users" { print $3; exit }' /etc/group)
# baseline keeps the capabilities of the Pod Security Standards' baseline level.
BASE=00000000a80405fb
expect_status "restricted (default)" "" 65534 65534 "" $Z $Z 1 2
expect_status "restricted" "--policy restricted" 65534 65534 "" $Z $Z 1 2
expect_status "baseline" "--policy baseline" 65534 65534 "" $BASE $BASE 1 2
expect_status "caps-net" "--policy $RUN/caps-net.yaml" 65534 65534 "" 0000000000000400 \
	0000000000000400 1 2
expect_status "groups" "--policy $RUN/groups.yaml" 65534 "$daemon_gid" \
	"$(printf '%s\n' 4 "$users_gid" | sort -n | paste -sd' ')" $Z $Z 1 2
expect_status "root allowed" "--policy $RUN/root-allowed.yaml" 0 0 "" $Z $Z 1 2
expect_status "no_new_privileges off" "--policy $RUN/nnp-off.yaml" 65534 65534 "" \
	0000000000200000 0000000000200000 0 2
expect_status "seccomp none" "--policy $RUN/seccomp-none.yaml" 65534 65534 "" $Z $Z 1 0
expect_status "overrides" "--user 1 --group 2 --groups 3 --cap-keep KILL,CHOWN --seccomp none" \
	1 2 3 0000000000000021 0000000000000021 1 0
expect_status "landlock" "--policy $RUN/landlock.yaml" 65534 65534 "" $Z $Z 1 2
expect_status "custom Docker JSON profile" "--policy $RUN/custom-profile.yaml" 65534 65534 "" $Z $Z \
	1 2
# The profile answers EPERM to mount; without a filter an unknown fs type is ENODEV.
mnt='import ctypes, os; l = ctypes.CDLL(None, use_errno=True)
l.mount(b"none", b"/mnt", b"ctguard-nofs", 0, None); print(os.strerror(ctypes.get_errno()))'
t_is "$("$CTGUARD" run --policy "$RUN/custom-profile.yaml" --cap-keep SYS_ADMIN -- /usr/bin/python3 -c "$mnt")" \
	"Operation not permitted" "custom profile: mount refused by the filter (EPERM)"
t_is "$("$CTGUARD" run --seccomp none --cap-keep SYS_ADMIN -- /usr/bin/python3 -c "$mnt")" \
	"No such device" "no filter: the same mount reaches the kernel (ENODEV)"
expect_status "primary group from passwd" "--user nobody" 65534 "$nobody_gid" "" $Z $Z 1 2

# Fail closed: each step made to fail; the command would have created a marker.
# fails DESC WANT_STEP_RE ARGS...
fails() {
	local desc=$1 want=$2; shift 2
	rm -f "$work/marker"
	local err rc
	err=$("$CTGUARD" run "$@" -- /bin/sh -c "touch $work/marker" 2>&1 >/dev/null); rc=$?
	t_is "$rc" 125 "fail closed, $desc: exit 125"
	t_like "$err" "$want" "fail closed, $desc: message names it"
	t_like "$err" "nothing executed" "fail closed, $desc: says nothing ran"
	t_ok "fail closed, $desc: the command never ran" test ! -e "$work/marker"
}
fails "unknown user" "unknown user 'ctguard-no-such-user'" --policy "$RUN/unknown-user.yaml"
fails "unknown user (option)" "unknown user 'ctguard-nope'" --user ctguard-nope
fails "unknown group" "unknown group 'ctguard-no-such-group'" --policy "$RUN/unknown-group.yaml"
fails "uid 0 without allow_root" "uid 0" --user 0
fails "root by name without allow_root" "uid 0|allow_root" --user root
fails "bad seccomp profile" "/nonexistent/ctguard-profile.json" --policy "$RUN/bad-seccomp.yaml"
fails "invalid policy" "bad-policy.yaml:3:34: unknown capability" --policy "$RUN/bad-policy.yaml"
fails "missing policy file" "no-such-policy.yaml" --policy "$work/no-such-policy.yaml"
fails "unknown capability" "unknown capability 'CAP_NOPE'" --cap-keep CAP_NOPE
fails "rlimit above the hard limit" "step 'rlimits': setrlimit\(nofile\): .*\(EPERM\)" \
	--policy "$RUN/rlimit-above-hard.yaml"
fails "rlimit override above the hard limit" "step 'rlimits'" --rlimit nofile=1073741816
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
	fails "AppArmor required but absent" \
		"step 'apparmor': profile 'ctguard-default' is required and the kernel has no AppArmor" \
		--policy "$RUN/apparmor-required.yaml"
	err=$("$CTGUARD" run --policy "$RUN/apparmor-optional.yaml" -- true 2>&1); rc=$?
	t_is "$rc" 0 "AppArmor asked, not required, absent: runs"
	t_like "$err" "warning.*no AppArmor" "AppArmor asked, not required, absent: warns"
else
	t_skip "the kernel has AppArmor: the absent-AppArmor cases cannot run"
fi
if "$CTGUARD" run --policy "$RUN/landlock.yaml" --explain -- true | grep -q 'abi [0-9]'; then
	fails "Landlock path missing" "step 'landlock': path '/nonexistent-ctguard-path'.*\(ENOENT\)" \
		--policy "$RUN/landlock-missing.yaml"
	out=$("$CTGUARD" run --policy "$RUN/landlock.yaml" -- /bin/sh -c \
		'ls /var >/dev/null 2>&1 && echo var; ls /usr >/dev/null && echo usr; echo x >/tmp/.ctg-ll.$$ && echo tmp; rm -f /tmp/.ctg-ll.$$')
	t_is "$out" $'usr\ntmp' "Landlock: /usr readable, /tmp writable, /var refused"
else
	t_skip "the kernel has no Landlock"
fi
exec 9</dev/null
exec 9<&-
fails "kept fd not open" "step 'fds': kept fd 9: Bad file descriptor \(EBADF\)" --keep-fd 9
fails "kept fd not open (policy)" "step 'fds': kept fd 8" --policy "$RUN/fds-keep.yaml"
# The lowest free number is the one ctguard's own /proc/self/status descriptor would take: keeping
# it must not hand that descriptor to the command in place of the caller's (which is not open).
low=$(python3 -c 'import os; fd = os.open("/dev/null", os.O_RDONLY); print(fd)' 2>/dev/null)
fails "kept fd not open, the number ctguard's own descriptor takes" "step 'fds': kept fd $low: Bad file descriptor" --keep-fd "$low"

# Working directory outside the root (CVE-2024-21626): a removed directory is unreachable.
mkdir "$work/gone"
err=$(cd "$work/gone" && rmdir "$work/gone" && "$CTGUARD" run -- /bin/sh -c "touch $work/marker" 2>&1); rc=$?
t_is "$rc" 125 "deleted working directory: exit 125"
t_like "$err" "step 'working directory'" "deleted working directory: step named"
t_ok "deleted working directory: the command never ran" test ! -e "$work/marker"

# Exit statuses of the command itself.
"$CTGUARD" run -- /bin/sh -c 'exit 7'; t_is "$?" 7 "the command's exit status is passed through"
err=$("$CTGUARD" run -- /nonexistent/ctguard-cmd 2>&1); rc=$?
t_is "$rc" 127 "command not found: 127"
t_like "$err" "step 'execve': '/nonexistent/ctguard-cmd': No such file or directory" "not found said"
err=$("$CTGUARD" run --env-set PATH=/usr/bin:/bin -- ctguard-no-such-cmd 2>&1); rc=$?
t_is "$rc" 127 "command not found in PATH: 127"
printf 'not a program\n' >"$work/notexec"; chmod 644 "$work/notexec"
err=$("$CTGUARD" run -- "$work/notexec" 2>&1); rc=$?
t_is "$rc" 126 "command not executable: 126"
t_like "$err" "Permission denied \(EACCES\)" "not executable said"
err=$("$CTGUARD" run 2>&1); rc=$?
t_is "$rc" 125 "no command: 125"
err=$("$CTGUARD" run --frob -- true 2>&1); rc=$?
t_is "$rc" 125 "unknown option: 125"

# Same pid: the command replaces ctguard.
out=$(/bin/sh -c 'echo $$; exec "$0" run -- /bin/sh -c "echo \$\$"' "$CTGUARD")
t_is "$(printf '%s\n' "$out" | sort -u | wc -l)" 1 "the command runs in ctguard's pid"

# rlimits hold, soft and hard.
out=$("$CTGUARD" run --policy "$RUN/rlimits.yaml" -- cat /proc/self/limits |
	awk '/^Max (open files|processes|core file size|file size)/ { print $(NF-2), $(NF-1) }')
t_is "$out" $'1048576 1048576\n0 0\n4096 4096\n256 256' \
	"rlimits: fsize, core, nproc, nofile, soft and hard"
t_is "$("$CTGUARD" run --rlimit nofile=100 -- /bin/sh -c 'ulimit -n')" 100 "--rlimit overrides"

# Environment rules.
out=$(CTG_KEPT=old CTG_DROPPED=x "$CTGUARD" run --policy "$RUN/env.yaml" -- /usr/bin/env | sort)
t_is "$out" "$(printf '%s\n' "CTG_KEPT=replaced" "CTG_SET=hello world" "PATH=$PATH" | sort)" \
	"env: cleared, PATH kept, set overrides a kept one"
out=$(CTG_DROPPED=x "$CTGUARD" run -- /usr/bin/env)
t_like "$out" "CTG_DROPPED=x" "env: not cleared by default"

# fds: one the parent opened is not visible; a kept one is.
out=$(exec 7<"$work"; "$CTGUARD" run -- /bin/ls /proc/self/fd)
t_unlike "$out" "^7$" "fd 7 (a directory the parent opened) is not visible"
t_is "$(printf '%s\n' "$out" | sort -n | paste -sd' ')" "0 1 2 3" "only 0 1 2 and ls's own fd"
out=$(exec 7<"$work" 8</dev/null; "$CTGUARD" run --policy "$RUN/fds-keep.yaml" -- /bin/ls /proc/self/fd)
t_is "$(printf '%s\n' "$out" | sort -n | paste -sd' ')" "0 1 2 3 8" "a kept fd (8) crosses, 7 does not"
out=$(exec 7<"$work"; "$CTGUARD" run --keep-fd 7 -- /bin/sh -c 'ls /proc/self/fd/7/ >/dev/null && echo seen')
t_is "$out" seen "--keep-fd 7 keeps it"

# --explain changes nothing and lists the steps in order.
rm -f "$work/marker"
out=$("$CTGUARD" run --explain -- /bin/sh -c "touch $work/marker"); rc=$?
t_is "$rc" 0 "--explain: exit 0"
t_ok "--explain: the command did not run" test ! -e "$work/marker"
t_is "$(printf '%s\n' "$out" | sed -n 's/^ *[0-9]*\. \([a-z_ /]*\):.*/\1/p' | paste -sd,)" \
	"seccomp compile,rlimits,dumpable,apparmor,bounding set,securebits,ids,securebits,capabilities,ambient,no_new_privs,landlock,fds,seccomp load,verify /proc/self/status,execve" \
	"--explain: the steps in order"
t_like "$out" "ids: groups \[\] gid 65534 uid 65534" "--explain: ids"
t_like "$out" "seccomp compile: default \(enforce" "--explain: seccomp"
t_like "$("$CTGUARD" run --policy baseline --explain -- true)" \
	"bounding set: keep CAP_CHOWN,.*CAP_NET_BIND_SERVICE" "--explain: kept capabilities"
t_like "$("$CTGUARD" run --explain -- true)" "^policy builtin:restricted" "--explain: policy named"
out=$("$CTGUARD" run --explain --user ctguard-nope -- true 2>&1); rc=$?
t_is "$rc" 125 "--explain with an unknown user: 125"

# --check.
out=$("$CTGUARD" run --check --policy "$RUN/caps-net.yaml" 2>&1); rc=$?
t_is "$rc" 0 "--check of a good policy: 0"
t_like "$out" "caps-net.yaml: ok" "--check says ok"
t_is "$("$CTGUARD" run --check 2>&1; echo $?)" $'builtin:restricted: ok\n0' "--check of the default"
out=$("$CTGUARD" run --check --policy "$RUN/bad-policy.yaml" 2>&1); rc=$?
t_is "$rc" 2 "--check of a bad policy: 2"
t_like "$out" "bad-policy.yaml:3:34: unknown capability 'CAP_NO_SUCH'" "--check: first error, file:line:column"
t_like "$out" "bad-policy.yaml:4:1: unknown key 'frobnicate'" "--check: every error"
out=$("$CTGUARD" run --check --policy "$RUN/bad-seccomp.yaml" 2>&1); rc=$?
t_is "$rc" 2 "--check of a policy naming a missing profile: 2"
t_done
