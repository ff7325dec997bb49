#!/bin/bash
# ctguard run --learn: a shell pipeline that forks is learned into a profile under a policy;
# the same workload then runs under that policy with the learned profile and succeeds, while a
# syscall it never made is refused. Also: exit statuses (failure, signal), a grandchild that
# outlives the command, threads, signal forwarding, another ABI (x32), the policy's own profile
# marks, unwritable output paths (nothing runs), and the atomic replacement of the output.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
# LeakSanitizer stops the world with ptrace at exit, which a loaded seccomp filter refuses.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
t_need_root
t_need_cmd sh ls wc cat sleep

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 0755 "$work"
cd "$work" || exit 1
# The helpers, where the command's user (65534) can reach them.
cp "$top_builddir/tests/helpers/try-syscall" "$top_builddir/tests/helpers/x32-call" "$work/" ||
	t_skip_all "the test helpers are not built (make check builds them)"
try="$work/try-syscall"

# policy FILE PROFILE: the smallest policy (uid 65534, no capabilities, no_new_privs) with
# the given seccomp profile; root-owned and not writable by others, as policies must be.
policy() {
	printf 'version: 1\nseccomp: %s\n' "$2" >"$1"
	chmod 0644 "$1"
}
policy "$work/p.yaml" ./learned.yaml
L() { "$CTGUARD" run --policy "$work/p.yaml" --learn "$@"; }

if ! "$CTGUARD" run --learn "$work/probe.yaml" -- true 2>"$work/err"; then
	if grep -q "no seccomp user notification" "$work/err"; then
		t_skip_all "the kernel has no seccomp user notification"
	fi
fi

# -- The round trip: learn a pipeline (sh forks ls, wc and cat), then enforce it.
workload='ls / | wc -l; cat /etc/hostname'
want=$(sh -c "$workload")
out=$(L "$work/learned.yaml" -- sh -c "$workload" 2>"$work/err"); rc=$?
t_is "$rc" 0 "learning: the pipeline exits 0"
t_is "$out" "$want" "learning: the pipeline's output is unchanged"
t_like "$(cat "$work/err")" "learned [0-9]+ syscalls \([0-9]+ calls\) of [0-9]+ programs into '$work/learned.yaml'" \
	"learning: a summary on stderr"
t_ok "the learned profile passes ctguard seccomp lint" "$CTGUARD" seccomp lint "$work/learned.yaml"
prof=$(cat "$work/learned.yaml")
names=$(sed -n 's/^      - \([a-z0-9_]*\) .*/\1/p' "$work/learned.yaml")
t_is "$names" "$(printf '%s\n' "$names" | LC_ALL=C sort)" "the names are sorted"
t_like "$prof" $'\ndefault_action: errno\ndefault_errno: EPERM\n' "default: errno EPERM"
t_like "$prof" "# command: sh -c 'ls / \| wc -l; cat /etc/hostname'" "the header names the command"
t_like "$prof" "# policy: $work/p.yaml; the learning filter replaced its seccomp profile" \
	"the header says the policy's profile was replaced while learning"
t_like "$prof" "- execve +# ctguard \(launcher\), /usr/bin/(dash|bash|sh)" \
	"execve: by the launcher (what the policy itself needs) and by the shell"
t_like "$prof" "- getdents64 +# .*/ls" "getdents64: by ls"
t_like "$prof" "- (vfork|clone|clone3|fork) +# .*/usr/bin/(dash|bash|sh)" "the shell's fork is learned"
t_like "$prof" "- pipe2? +# .*/usr/bin/(dash|bash|sh)" "the shell's pipe is learned"
t_like "$prof" "- exit_group +# always allowed" "exit_group is always allowed"
t_unlike "$names" "^(keyctl|mount|ptrace|clock_nanosleep)$" "nothing the workload did not call"
t_is "$(ls -A "$work" | grep -c '^\.learned')" 0 "no temporary file is left"

out=$("$CTGUARD" run --policy "$work/p.yaml" -- sh -c "$workload" 2>"$work/err"); rc=$?
t_is "$rc" 0 "under the learned profile: the pipeline exits 0"
t_is "$out" "$want" "under the learned profile: the same output"
[ "$rc" = 0 ] || sed 's/^/#   /' "$work/err"
out=$("$CTGUARD" run --policy "$work/p.yaml" -- sh -c "$workload; sleep 0.01" 2>&1); rc=$?
t_is "$rc" 1 "under the learned profile: sleep (clock_nanosleep never learned) fails"
t_like "$out" "Operation not permitted" "... with EPERM"
# The compiled profile, probed by try-syscall after its own start.
"$CTGUARD" seccomp compile "$work/learned.yaml" -o "$work/learned.bpf"
out=$("$try" --load "$work/learned.bpf" read keyctl mount ptrace 2>&1)
t_is "$out" $'read EBADF\nkeyctl EPERM\nmount EPERM\nptrace EPERM' \
	"the compiled learned profile: read allowed, keyctl/mount/ptrace refused"

# -- One program, one syscall apart: learn `try-syscall getpid`, then ask it for more.
policy "$work/p2.yaml" ./try.yaml
"$CTGUARD" run --policy "$work/p2.yaml" --learn "$work/try.yaml" -- "$try" getpid >/dev/null 2>&1
out=$("$CTGUARD" run --policy "$work/p2.yaml" -- "$try" getpid keyctl mount unshare 2>&1); rc=$?
t_is "$rc" 0 "try-syscall under its learned profile: runs"
t_is "$out" $'getpid OK\nkeyctl EPERM\nmount EPERM\nunshare EPERM' \
	"try-syscall: getpid (learned) allowed; keyctl, mount, unshare (never made) refused"

# -- Exit statuses; the profile is written whatever the command's status.
rm -f "$work/f.yaml"
L "$work/f.yaml" -- sh -c 'ls / >/dev/null; exit 3' 2>"$work/err"; rc=$?
t_is "$rc" 3 "a failing command: its status is ctguard's"
t_like "$(cat "$work/err")" "exited with status 3; the profile covers what it did" "... said"
t_like "$(cat "$work/f.yaml" 2>/dev/null)" "- getdents64 " "... and its profile is written"
L "$work/k.yaml" -- sh -c 'kill -TERM $$' 2>"$work/err"; rc=$?
t_is "$rc" 143 "a command killed by SIGTERM: 128 + 15"
t_like "$(cat "$work/err")" "killed by signal SIGTERM" "... said"
t_like "$(cat "$work/k.yaml" 2>/dev/null)" "- kill +# /usr/bin/(dash|bash|sh)" "... and kill is learned"

# An ignored SIGCHLD (inherited) would let the kernel reap the command before ctguard reads its
# status; and the command keeps the caller's dispositions, as without --learn.
if env --ignore-signal=CHLD true 2>/dev/null; then
	out=$(env --ignore-signal=CHLD "$CTGUARD" run --policy "$work/p.yaml" --learn "$work/ign.yaml" -- \
		sh -c 'grep SigIgn /proc/self/status; exit 7' 2>/dev/null); rc=$?
	t_is "$rc" 7 "SIGCHLD ignored by the caller: the status still comes through"
	plain=$(env --ignore-signal=CHLD "$CTGUARD" run --policy restricted -- \
		sh -c 'grep SigIgn /proc/self/status' 2>/dev/null)
	t_is "$out" "$plain" "... and the command's ignored signals are those of a plain run"
else
	t_skip "env --ignore-signal needs coreutils 8.31"
fi

# -- Every process the command starts: a grandchild outliving it is still learned.
L "$work/bg.yaml" -- sh -c '(sleep 0.3; cat /etc/hostname >/dev/null) & echo started' \
	>"$work/out" 2>"$work/err"; rc=$?
t_is "$rc:$(cat "$work/out")" "0:started" "a command that leaves a child behind"
t_like "$(cat "$work/bg.yaml")" "- clock_nanosleep +# /usr/bin/sleep" \
	"the orphaned grandchild (sleep, after its parent exited) is learned"
t_like "$(cat "$work/bg.yaml")" "- read +# .*/usr/bin/cat" "... and so is cat after it"

# -- Signals sent to ctguard reach the command (once it runs: it leaves a marker).
mkdir -m 1777 "$work/shared"
# Not through L: a shell function in the background is a subshell, and $! would be its pid.
"$CTGUARD" run --policy "$work/p.yaml" --learn "$work/sig.yaml" -- \
	sh -c "touch '$work/shared/up'; exec sleep 30" 2>/dev/null &
pid=$!
for _ in $(seq 100); do [ -e "$work/shared/up" ] && break; sleep 0.1; done
sleep 0.1
kill -TERM "$pid"
wait "$pid"; rc=$?
t_is "$rc" 143 "SIGTERM to ctguard --learn is forwarded to the command"
t_like "$(cat "$work/sig.yaml" 2>/dev/null)" "- clock_nanosleep +# /usr/bin/sleep" \
	"... and the profile is written, up to the signal"

# -- Threads (python3: a thread, a subprocess).
if [ -x /usr/bin/python3 ]; then
	py='import subprocess, threading
r = []
t = threading.Thread(target=lambda: r.append(1)); t.start(); t.join()
print(r, subprocess.run(["echo", "sub"], capture_output=True, text=True).stdout.strip())'
	policy "$work/p3.yaml" ./py.yaml
	out=$("$CTGUARD" run --policy "$work/p3.yaml" --learn "$work/py.yaml" -- /usr/bin/python3 -c "$py" 2>/dev/null)
	t_is "$out" "[1] sub" "python3 with a thread and a subprocess, learning"
	out=$("$CTGUARD" run --policy "$work/p3.yaml" -- /usr/bin/python3 -c "$py" 2>&1)
	t_is "$out" "[1] sub" "python3 under its learned profile"
	t_like "$(cat "$work/py.yaml")" "- (clone3|clone) +# .*python3" "python3's thread creation is learned"
else
	t_skip "no /usr/bin/python3"
fi

# -- The policy's own profile: what it would refuse is marked and said.
"$CTGUARD" run --policy restricted --learn "$work/r.yaml" -- "$try" keyctl >/dev/null 2>"$work/err"
t_like "$(cat "$work/r.yaml")" "- keyctl +# .*try-syscall \[refused by the policy's profile\]" \
	"a learned syscall the policy's profile refuses is marked"
t_like "$(cat "$work/err")" "the policy's profile 'default' refuses 1 learned syscall: keyctl" \
	"... and said on stderr"
t_like "$(cat "$work/r.yaml")" "# policy: builtin:restricted; the learning filter replaced its seccomp profile 'default'" \
	"... with the replaced profile named in the header"

# -- Another ABI: refused with ENOSYS while learning, listed, killed under the profile.
case $(uname -m) in
x86_64)
	policy "$work/p4.yaml" ./x32.yaml
	out=$("$CTGUARD" run --policy "$work/p4.yaml" --learn "$work/x32.yaml" -- "$work/x32-call" 2>"$work/err")
	t_is "$out" "ENOSYS" "an x32 call is refused with ENOSYS while learning"
	t_like "$(cat "$work/err")" "another ABI.*x32 getpid \(39\)" "... and said"
	t_like "$(cat "$work/x32.yaml")" "#   x32 getpid \(39\), 1 call, by $work/x32-call" "... and listed in the profile"
	# (the shell that reaps it reports "Bad system call": that one's stderr is discarded)
	rc=$(sh -c '"$@" >/dev/null 2>&1; echo $?' sh "$CTGUARD" run --policy "$work/p4.yaml" -- "$work/x32-call" 2>/dev/null)
	t_is "$rc" 159 "under the learned profile the x32 call kills the process (SIGSYS)"
	;;
*) t_skip "x32 is an x86_64 ABI" ;;
esac

# -- Output paths: checked before anything runs; replaced atomically.
for bad in "$work/no/such/dir/out.yaml" "$work" /proc/ctguard-learn.yaml; do
	rm -f "$work/marker"
	out=$(L "$bad" -- touch "$work/marker" 2>&1); rc=$?
	t_is "$rc" 125 "unwritable '$bad': exit 125"
	t_like "$out" "cannot write the learned profile: .*; nothing executed" "unwritable '$bad': said"
	t_ok "unwritable '$bad': the command did not run" test ! -e "$work/marker"
done
echo 'old: content' >"$work/atomic.yaml"
out=$(L "$work/atomic.yaml" -- cat "$work/atomic.yaml" 2>/dev/null)
t_is "$out" "old: content" "while the command runs, the output still holds the old file"
t_like "$(cat "$work/atomic.yaml")" "^# Seccomp profile learned" "then the new profile replaces it"
t_is "$(stat -c %a "$work/atomic.yaml")" 644 "the profile is mode 0644"
echo 'old: content' >"$work/atomic.yaml"
out=$(L "$work/atomic.yaml" -- "$work/no-such-command" 2>&1); rc=$?
t_is "$rc" 127 "a command that does not exist: 127"
t_like "$out" "no profile written" "... and no profile is written"
t_is "$(cat "$work/atomic.yaml")" "old: content" "... the old file is left alone"
t_is "$(ls -A "$work" | grep -c '^\.')" 0 "no temporary file is left anywhere"
t_done
