#!/bin/bash
# ctguard run: real programs run unchanged under the built-in `restricted` policy (uid 65534,
# no capabilities, no_new_privs, the default seccomp profile): busybox shell scripts,
# coreutils, python3.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
# LeakSanitizer stops the world with ptrace at exit, which a loaded seccomp filter refuses: in a
# sanitizer build its report would replace the exit status of every filtered process.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
t_need_root
t_need_cmd busybox

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
chmod 1777 "$work"
cd "$work" || exit 1
R() { "$CTGUARD" run --policy restricted -- "$@"; }

cat >"$work/script.sh" <<'SH'
set -e
n=0
for i in 1 2 3 4 5; do n=$((n + i)); done
echo "sum $n"
echo "sub $(echo nested | tr a-z A-Z)"
printf 'b\na\nc\n' | sort | paste -sd, -
cat <<HERE
here $n
HERE
( cd /tmp && pwd )
f=$(mktemp -p "$1")
echo data >"$f"; wc -c <"$f"; rm "$f"
sleep 0.01 &
wait $!
echo "bg $?"
trap 'echo trapped' EXIT
SH
out=$(R busybox sh "$work/script.sh" "$work" 2>&1); rc=$?
t_is "$rc" 0 "busybox sh script: exit 0"
t_is "$out" $'sum 15\nsub NESTED\na,b,c\nhere 15\n/tmp\n5\nbg 0\ntrapped' "busybox sh script: output"
out=$(R busybox sh -c 'busybox ls / >/dev/null && busybox id -u && busybox ps >/dev/null && echo ps')
t_is "$out" $'65534\nps' "busybox applets (ls, id, ps)"

# coreutils and friends.
printf '3\n1\n2\n' >"$work/in"
t_is "$(R sort -n "$work/in" | paste -sd,)" "1,2,3" "sort"
t_is "$(R sha256sum "$work/in" | cut -d' ' -f1)" "$(sha256sum "$work/in" | cut -d' ' -f1)" "sha256sum"
t_ok "ls -la /" R ls -la /
t_ok "date" R date -u +%s
t_ok "cp and rm in a writable directory" R /bin/sh -c "cp '$work/in' '$work/copy' && rm '$work/copy'"
t_ok "find /usr/bin | head" R /bin/sh -c 'find /usr/bin -maxdepth 1 | head -n 3 >/dev/null'
t_is "$(R id -u):$(R id -g):$(R id -G)" "65534:65534:65534" "id under restricted"
t_ok "tar round trip" R /bin/sh -c "cd '$work' && tar cf t.tar in && tar tf t.tar >/dev/null && rm t.tar"
out=$(R /bin/sh -c 'touch /etc/ctguard-test 2>&1; echo rc=$?'); 
t_like "$out" "rc=1" "non-root cannot write /etc"

# python3: imports, threads, subprocess, fork, sockets of ordinary families.
PY=/usr/bin/python3
if [ -x "$PY" ]; then
	out=$(R "$PY" -c '
import json, os, socket, subprocess, threading, tempfile, hashlib
r = []
t = threading.Thread(target=lambda: r.append(1)); t.start(); t.join()
p = subprocess.run(["echo", "sub"], capture_output=True, text=True)
pid = os.fork()
if pid == 0:
    os._exit(3)
_, st = os.waitpid(pid, 0)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.close()
u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); u.close()
with tempfile.TemporaryFile() as f:
    f.write(b"x")
print(json.dumps([os.getuid(), r, p.stdout.strip(), os.waitstatus_to_exitcode(st),
                  hashlib.sha256(b"").hexdigest()[:8]]))
' 2>&1); rc=$?
	t_is "$rc" 0 "python3: exit 0"
	t_is "$out" '[65534, [1], "sub", 3, "e3b0c442"]' "python3: threads, subprocess, fork, sockets"
else
	t_skip "no /usr/bin/python3"
fi
t_done
