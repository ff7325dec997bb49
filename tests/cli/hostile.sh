#!/bin/bash
# Hostile and broken input: a recorded /proc tree built here, with what a container controls set
# to attack the auditor (escape sequences, symlinks out of its root, FIFOs, huge tables).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# mkproc PID PPID NAME PIDNS MNTNS USERNS: a process directory in the fake tree.
mkproc() {
	local d="$T/proc/$1"
	mkdir -p "$d/ns" "$d/attr" "$d/root"
	printf 'Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nPid:\t%s\nPPid:\t%s\nNSpid:\t%s\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\nCapInh:\t0000000000000000\nCapPrm:\t00000000800405fb\nCapEff:\t00000000800405fb\nCapBnd:\t00000000800405fb\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t2\nSeccomp_filters:\t1\n' \
		"$3" "$1" "$2" "$1" >"$d/status"
	for t in cgroup ipc net time uts; do ln -s "$t:[40265318$((${#t} + 30))]" "$d/ns/$t"; done
	ln -s "pid:[$4]" "$d/ns/pid"
	ln -s "mnt:[$5]" "$d/ns/mnt"
	ln -s "user:[$6]" "$d/ns/user"
	printf '         0          0 4294967295\n' >"$d/uid_map"
	cp "$d/uid_map" "$d/gid_map"
	printf '0::/\n' >"$d/cgroup"
	printf '%s\n' "1 0 254:0 / / rw,relatime - ext4 /dev/vda rw" >"$d/mountinfo"
	printf 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 1024                 files\n' >"$d/limits"
}

mkdir -p "$T/proc/sys/kernel" "$T/root"
echo 40 >"$T/proc/sys/kernel/cap_last_cap"
mkproc 1 0 init 4026531836 4026531841 4026531837
# Container A: hostile names and a symlink planted at /run/.containerenv.
mkproc 100 1 $'\033]0;pwned\007evil\033[2J' 4026532001 4026532002 4026531837
printf '0::/system.slice/hostile.scope\n' >"$T/proc/100/cgroup"
printf '1 0 0:40 / / rw - overlay overlay rw\n2 1 254:0 /etc /etc\\040x\\012y rw - ext4 /dev/vda rw\n' \
	>"$T/proc/100/mountinfo"
echo 'name="HOST-SECRET-NAME"' >"$T/secret"
mkdir -p "$T/proc/100/root/run"
ln -s "$T/secret" "$T/proc/100/root/run/.containerenv"
# Container B: .containerenv with control characters and invalid UTF-8, and a FIFO as .dockerenv.
mkproc 200 1 sleep 4026532011 4026532012 4026531837
mkdir -p "$T/proc/200/root/run"
printf 'engine="podman-4.3.1"\nname="<img src=x onerror=alert(1)>\033[31m\377\376"\nid="abc"\n' \
	>"$T/proc/200/root/run/.containerenv"
mkfifo "$T/proc/200/root/.dockerenv"
# Container C: 10,000 mounts with escaped names; a member process; a zombie-like broken status.
mkproc 300 1 big 4026532021 4026532022 4026531837
mkproc 301 300 child 4026532021 4026532022 4026531837
python3 - "$T/proc/300/mountinfo" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("1 0 0:40 / / ro - overlay overlay rw\n")
    for i in range(10000):
        f.write(f"{i+2} 1 0:{i+100} / /mnt/m\\040{i} rw shared:{i+1} - tmpfs tmpfs rw\n")
PY
mkproc 302 300 broken 4026532021 4026532022 4026531837
printf 'Name:\tbroken\n' >"$T/proc/302/status"
# Container D: files missing (no mountinfo, no cgroup, no limits): facts unknown, no crash.
mkproc 400 1 sparse 4026532031 4026532032 4026532033
rm "$T/proc/400/mountinfo" "$T/proc/400/cgroup" "$T/proc/400/limits" "$T/proc/400/uid_map"
# A process that vanished: directory with no files at all.
mkdir -p "$T/proc/500"

run() { "$CTGUARD" inspect --proc-root "$T/proc" --host-root "$T/root" "$@"; }
json="$T/out.json"
run --format json >"$json" 2>"$T/err"; rc=$?
t_is "$rc" 0 "hostile tree: exit 0"
t_ok "hostile tree: valid JSON" python3 -m json.tool "$json"
t_is "$(count_containers "$json" pid=100)" 1 "container A found"
t_is "$(count_containers "$json" pid=500)" 0 "vanished process left out"
t_unlike "$(cat "$json")" $'\033' "JSON carries no raw escape character"
t_like "$(fact "$json" pid=100 container.command)" '^"\\u001b\]0;pwned\\u0007evil\\u001b\[2J"$' \
	"comm escaped in JSON"
t_unlike "$(cat "$json")" "HOST-SECRET-NAME" "symlinked .containerenv never discloses the host file"
t_is "$(fact "$json" pid=200 container.name)" '"<img src=x onerror=alert(1)>\u001b[31m\ufffd\ufffd"' \
	"container-controlled name escaped, invalid UTF-8 replaced"
t_is "$(fact "$json" pid=200 container.runtime)" '"podman"' "containerenv engine fills an unknown runtime"
t_like "$(fact "$json" pid=100 mounts.sensitive)" '"/etc"' "escaped mount point still judged"
t_is "$(fact "$json" pid=300 container.processes)" 2 "broken member status skipped, others counted"
t_is "$(fact "$json" pid=300 mounts.rootfs_readonly)" true "10,000-mount table judged"
t_is "$(fact "$json" pid=400 container.cgroup)" null "missing cgroup file: unknown, not invented"
t_is "$(fact "$json" pid=400 rlimit.nofile)" null "missing limits file: unknown"
t_is "$(fact "$json" pid=400 mounts.rootfs_readonly)" null "missing mountinfo: unknown"
t_is "$(fact "$json" pid=400 userns.enabled)" true "own user namespace seen without uid_map"
t_is "$(fact "$json" pid=400 userns.root_host_uid)" -1 "unreadable uid_map: root not claimed mapped"

text=$(run 2>&1); rc=$?
t_is "$rc" 0 "text output: exit 0"
t_unlike "$text" $'\033' "text carries no raw escape character"
t_like "$text" '\\x1b\]0;pwned\\x07evil' "comm shown escaped in text"
t_unlike "$text" "HOST-SECRET-NAME" "text never discloses the host file"
t_like "$text" 'onerror=alert\(1\)>\\x1b\[31m\\xff\\xfe' "name escaped in text"

# A symlink inside the container that points at the container's own file is followed inside.
mkdir -p "$T/proc/200/root/etc"
rm "$T/proc/200/root/run/.containerenv"
printf 'name="inside-name"\n' >"$T/proc/200/root/etc/cenv"
ln -s /etc/cenv "$T/proc/200/root/run/.containerenv"
run --format json >"$json" 2>/dev/null
t_is "$(fact "$json" pid=200 container.name)" '"inside-name"' "absolute symlink resolved inside the root"

# An oversized .containerenv is refused, not read.
rm "$T/proc/200/root/run/.containerenv"
head -c 100000 /dev/zero | tr '\0' 'x' >"$T/proc/200/root/run/.containerenv"
run --format json >"$json" 2>/dev/null; rc=$?
t_is "$rc" 0 "oversized .containerenv: exit 0"
t_is "$(fact "$json" pid=200 container.name)" '"sleep"' "oversized .containerenv ignored"

# A mountinfo that reads empty (an exiting process; found on a busy host by the sanitizers: the
# table was leaked): no view of the mounts, so unknown mount facts, never "none".
printf '' >"$T/proc/100/mountinfo"
run --format json >"$json" 2>"$T/err"; rc=$?
t_is "$rc" 0 "empty mountinfo: exit 0 (no leak under the sanitizers)"
t_is "$(fact "$json" pid=100 mounts.sensitive)" null "empty mountinfo: mounts.sensitive unknown"
t_is "$(fact "$json" pid=100 mounts.runtime_socket)" null "empty mountinfo: mounts.runtime_socket unknown"
t_done
