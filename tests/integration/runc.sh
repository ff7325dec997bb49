#!/bin/bash
# Real runc containers started from generated config.json files: for each configuration,
# `ctguard inspect --format json` must report the facts the kernel really gives its init.
# Containers are named ctg-runc-*-PID and are always deleted, even when a test fails.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"

t_need_root
t_need_cmd runc busybox python3
[ -x "$CTGUARD" ] || t_skip_all "no ctguard binary at '$CTGUARD'"
ct_trap
ct_tmpdir || t_skip_all "cannot create a temporary directory"
TMP=$ct_dir
CAP_LAST=$(cat /proc/sys/kernel/cap_last_cap)

# start TAG PYTHON: bundle TAG with config.json edited by PYTHON (see ct_json_edit), run it as
# ctg-runc-TAG-$$, then inspect the host. Sets NAME, PID and J; one test for the start.
start() {
	NAME=ctg-runc-$1-$$
	PID=
	J=$TMP/$1.json
	if runc_bundle "$TMP/$1" "$2" && runc_run "$NAME" "$TMP/$1"; then
		PID=$(runc_state "$NAME" pid)
	fi
	if [ -n "$PID" ] && [ "$PID" -gt 0 ] 2>/dev/null; then
		t_pass "$1: runc started $NAME (host pid $PID)"
		reinspect
		return 0
	fi
	t_fail "$1: runc started $NAME"
	return 1
}

# reinspect: inspect the host again, and keep the facts of the container with init PID.
reinspect() {
	ct_inspect "$J"
	ct_facts "$J" "pid=$PID" "$J.facts"
}

f() { ct_fact "$J.facts" "$1"; }

# identity TAG: found by its host pid, named by runc's id, runtime runc, pid is runc's.
identity() {
	t_is "$(awk -F '\t' '$1 == "#count" { print $2 }' "$J.facts")" 1 \
		"$1: inspect reports the container once, by host pid"
	t_is "$(f container.runtime)" '"runc"' "$1: container.runtime"
	t_is "$(f container.id)" "\"$NAME\"" "$1: container.id is the runc id"
	t_is "$(f container.pid)" "$PID" "$1: container.pid is runc's init pid"
}

# 1. `runc spec` as it comes: its own namespaces, three capabilities, no seccomp, NNP, ro root.
if start defaults ''; then
	identity defaults
	t_is "$(f user.uid)" 0 "defaults: user.uid"
	t_is "$(f user.root)" true "defaults: user.root"
	t_is "$(f seccomp.mode)" '"disabled"' "defaults: seccomp.mode (runc spec has no seccomp)"
	t_is "$(f seccomp.filters)" 0 "defaults: seccomp.filters"
	t_is "$(f no_new_privs)" true "defaults: no_new_privs"
	t_is "$(ct_sorted "$(f caps.effective)")" \
		'["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"]' "defaults: caps.effective"
	t_is "$(ct_sorted "$(f caps.bounding)")" \
		'["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"]' "defaults: caps.bounding"
	t_is "$(f caps.privileged)" false "defaults: caps.privileged"
	t_is "$(ct_sorted "$(f ns.shared)")" '["cgroup","time","user"]' \
		"defaults: ns.shared (no cgroup, time or user namespace in runc spec)"
	t_is "$(f ns.host_pid)" false "defaults: ns.host_pid"
	t_is "$(f ns.host_net)" false "defaults: ns.host_net"
	t_is "$(f userns.enabled)" false "defaults: userns.enabled"
	t_is "$(f userns.root_host_uid)" 0 "defaults: userns.root_host_uid"
	t_is "$(f userns.host_root_mapped)" true "defaults: userns.host_root_mapped"
	t_is "$(f mounts.rootfs_readonly)" true "defaults: mounts.rootfs_readonly (runc spec sets root.readonly)"
	t_is "$(f mounts.proc_sys_rw)" false "defaults: mounts.proc_sys_rw"
	t_is "$(f mounts.sensitive)" '[]' "defaults: mounts.sensitive"
	t_is "$(f mounts.runtime_socket)" '[]' "defaults: mounts.runtime_socket"
	t_is "$(f cgroup.v1_writable)" false "defaults: cgroup.v1_writable (runc mounts cgroups ro)"
	t_is "$(f container.processes)" 1 "defaults: container.processes"
	t_is "$(f user.root_processes)" 1 "defaults: user.root_processes"
fi

# 2. Every capability in every set, NNP off, writable root. "Every" is every capability this
# host can grant: a bounding set only shrinks, so nothing holds what pid 1's lacks (runc
# refuses to start otherwise); ctguard judges caps.privileged against that same set.
bnd() { awk '/^CapBnd:/ { print $2 }' "$1"; }
GRANT=$((0x$(bnd /proc/1/status) & 0x$(bnd /proc/self/status) & ((2 << CAP_LAST) - 1)))
NGRANT=0
for ((i = 0; i <= CAP_LAST; i++)); do
	NGRANT=$((NGRANT + ((GRANT >> i) & 1)))
done
if start allcaps "
names = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID',
         'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE',
         'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW',
         'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT',
         'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE',
         'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE',
         'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE',
         'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ',
         'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE']
caps = [n for i, n in enumerate(names) if ($GRANT >> i) & 1]
for s in ('bounding', 'effective', 'permitted', 'inheritable', 'ambient'):
    c['process']['capabilities'][s] = caps
c['process']['noNewPrivileges'] = False
c['root']['readonly'] = False"; then
	identity allcaps
	t_is "$(f caps.privileged)" true "allcaps: caps.privileged"
	t_has "$(f caps.effective)" CAP_SYS_ADMIN "allcaps: caps.effective holds CAP_SYS_ADMIN"
	t_has "$(f caps.ambient)" CAP_SYS_ADMIN "allcaps: caps.ambient holds CAP_SYS_ADMIN"
	t_has "$(f caps.inheritable)" CAP_SYS_MODULE "allcaps: caps.inheritable holds CAP_SYS_MODULE"
	t_is "$(ct_count "$(f caps.bounding)")" "$NGRANT" \
		"allcaps: caps.bounding holds the $NGRANT capabilities this host grants"
	t_is "$(f no_new_privs)" false "allcaps: no_new_privs off"
	t_is "$(f mounts.rootfs_readonly)" false "allcaps: mounts.rootfs_readonly false with root.readonly off"
fi

# 3. No pid and no network namespace in linux.namespaces: the host's are shared.
if start hostns '
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] not in ("pid", "network")]
c["root"]["readonly"] = False'; then
	identity hostns
	t_is "$(f ns.host_pid)" true "hostns: ns.host_pid"
	t_is "$(f ns.host_net)" true "hostns: ns.host_net"
	t_has "$(f ns.shared)" pid "hostns: ns.shared holds pid"
	t_has "$(f ns.shared)" net "hostns: ns.shared holds net"
	t_hasnt "$(f ns.shared)" mnt "hostns: ns.shared lacks mnt"
	t_is "$(f ns.host_mnt)" false "hostns: ns.host_mnt"
	t_is "$(f ns.host_uts)" false "hostns: ns.host_uts"
	t_is "$(f container.processes)" 1 "hostns: container.processes"
fi

# 4. A user namespace mapping 0 -> 100000 (65536 ids).
if start userns '
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["root"]["readonly"] = False'; then
	identity userns
	t_is "$(f userns.enabled)" true "userns: userns.enabled"
	t_is "$(f userns.root_host_uid)" 100000 "userns: userns.root_host_uid"
	t_is "$(f userns.host_root_mapped)" false "userns: userns.host_root_mapped"
	t_is "$(f user.uid)" 0 "userns: user.uid is 0 inside"
	t_is "$(f user.gid)" 0 "userns: user.gid is 0 inside"
	t_is "$(f user.root)" true "userns: user.root (root inside)"
	t_is "$(f user.root_processes)" 1 "userns: user.root_processes counts inside ids"
	t_is "$(f ns.host_user)" false "userns: ns.host_user"
	t_hasnt "$(f ns.shared)" user "userns: ns.shared lacks user"
	t_is "$(f userns.uid_map)" '["0 100000 65536"]' "userns: userns.uid_map"
fi

# 5. Read-only root, set explicitly; writing to / must really fail.
if start readonly '
c["root"]["readonly"] = True'; then
	identity readonly
	t_is "$(f mounts.rootfs_readonly)" true "readonly: mounts.rootfs_readonly"
	t_like "$(runc exec "$NAME" touch /ctg-probe </dev/null 2>&1)" 'Read-only file system' \
		"readonly: writing / really fails in the container"
	t_is "$(f mounts.proc_sys_rw)" false "readonly: mounts.proc_sys_rw"
fi

# 6. Host /run bound read-only at /host-run, and a real unix socket at /var/run/docker.sock.
# A listening socket at the host's /run/containerd/containerd.sock (made only where nothing
# is) must be found through the /run mount.
CTD_SOCK=/run/containerd/containerd.sock
ctd=
if [ ! -e "$CTD_SOCK" ] && [ ! -L "$CTD_SOCK" ]; then
	[ -d /run/containerd ] || { mkdir /run/containerd && ct_defer "rmdir /run/containerd"; }
	ct_defer "rm -f '$CTD_SOCK'"
	ct_unix_socket "$CTD_SOCK" listen && ctd=made
	ct_defer "kill $ct_bg_pid"
elif [ -S "$CTD_SOCK" ]; then
	ctd=there
fi
mkdir -p "$TMP/sock"
ct_unix_socket "$TMP/sock/api.sock"
if start mounts "
c['root']['readonly'] = False
c['mounts'].append({'destination': '/host-run', 'type': 'bind', 'source': '/run',
                    'options': ['bind', 'ro']})
c['mounts'].append({'destination': '/var/run/docker.sock', 'type': 'bind',
                    'source': '$TMP/sock/api.sock', 'options': ['bind', 'rw']})"; then
	identity mounts
	t_has "$(f mounts.sensitive)" /run "mounts: mounts.sensitive holds /run"
	t_hasnt "$(f mounts.sensitive_rw)" /run "mounts: mounts.sensitive_rw lacks the read-only /run"
	t_has "$(f mounts.runtime_socket)" /var/run/docker.sock \
		"mounts: mounts.runtime_socket holds /var/run/docker.sock"
	if [ -n "$ctd" ]; then
		t_has "$(f mounts.runtime_socket)" /host-run/containerd/containerd.sock \
			"mounts: mounts.runtime_socket holds /host-run/containerd/containerd.sock ($ctd)"
	else
		t_skip "mounts: no socket at $CTD_SOCK (something else is there, or binding failed)"
	fi
	t_hasnt "$(f mounts.sensitive)" "$TMP/sock/api.sock" "mounts: a socket under /tmp is not a sensitive path"
fi

# 7. A seccomp filter (allow all, mkdir fails with EPERM), NNP, and uid/gid 1000.
if start seccomp '
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW",
                         "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
                         "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO",
                                       "errnoRet": 1}]}
c["process"]["noNewPrivileges"] = True
c["process"]["user"] = {"uid": 1000, "gid": 1000}
c["root"]["readonly"] = False'; then
	identity seccomp
	t_is "$(f seccomp.mode)" '"filter"' "seccomp: seccomp.mode"
	t_like "$(f seccomp.filters)" '^[1-9][0-9]*$' "seccomp: seccomp.filters >= 1"
	t_is "$(f no_new_privs)" true "seccomp: no_new_privs"
	t_is "$(f user.uid)" 1000 "seccomp: user.uid"
	t_is "$(f user.gid)" 1000 "seccomp: user.gid"
	t_is "$(f user.root)" false "seccomp: user.root"
	t_is "$(f user.root_processes)" 0 "seccomp: user.root_processes"
	# Root may mkdir in a writable root: only the filter answers EPERM.
	t_like "$(runc exec --user 0:0 "$NAME" mkdir /ctg-probe </dev/null 2>&1)" \
		'Operation not permitted' "seccomp: the filter really answers mkdir with EPERM"
	# A second process as the configured user, then a third one as root.
	t_ok "seccomp: runc exec -d as uid 1000" runc_exec_d "$NAME" sleep 3600
	t_ok "seccomp: runc exec -d as uid 0" runc_exec_d --user 0:0 "$NAME" sleep 3600
	reinspect
	t_is "$(f container.processes)" 3 "seccomp: container.processes counts exec'd processes"
	t_is "$(f user.root_processes)" 1 "seccomp: user.root_processes counts the root one only"
	t_is "$(f user.uid)" 1000 "seccomp: init is still the representative"
fi

# 8. Identity through runc's state file, the inspect filter, and exec'd processes.
if start identity ''; then
	identity identity
	t_ok "identity: /run/runc/$NAME/state.json is where ctguard reads it" \
		test -f "/run/runc/$NAME/state.json"
	F=$TMP/identity-filtered.json
	"$CTGUARD" inspect --format json "$NAME" >"$F" 2>/dev/null
	t_is "$?" 0 "identity: inspect with the container id as filter exits 0"
	t_is "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["containers"]))' "$F" 2>&1)" \
		1 "identity: the filter keeps one container"
	t_is "$(fact "$F" "pid=$PID" container.id)" "\"$NAME\"" "identity: the filter keeps this one"
	t_ok "identity: runc exec -d a second process" runc_exec_d "$NAME" sleep 3600
	reinspect
	t_is "$(f container.processes)" 2 "identity: container.processes after runc exec -d"
	t_is "$(f user.root_processes)" 2 "identity: user.root_processes after runc exec -d"
	t_is "$(f container.pid)" "$PID" "identity: init stays the representative after exec"
fi

t_done
