#!/bin/sh
# Records a /proc fixture tree from live processes, for `ctguard inspect --proc-root OUT/proc
# --host-root OUT/root`.
#
#   tests/record-fixture.sh OUT PID...
#
# OUT/proc/<pid>/ gets the files ctguard reads of each PID and of the reference process that
# stands for the host's namespaces (pid 1, or kthreadd where pid 1 cannot be read): status,
# cgroup, uid_map, gid_map, mountinfo, limits, comm, attr labels when readable, and ns/<type> as
# plain files holding the live link text ("pid:[4026532123]"): make dist archives with tar -h,
# which drops dangling symlinks, and ctguard reads such a file where it finds no link. OUT/proc/<pid>/root/ is
# a real directory holding only run/.containerenv and .dockerenv when the container has them.
# OUT/root/ (the host root) gets the runtime state files naming these containers and the cgroup
# limit files along their cgroup paths. No rootfs, no device nodes: a fixture is kilobytes.
# Run as root (reading other processes' maps and roots needs it). Recording is read-only.
set -eu

usage() {
	echo "usage: $0 OUT PID..." >&2
	exit 2
}
[ $# -ge 2 ] || usage
OUT=$1
shift
for p in "$@"; do
	case $p in '' | *[!0-9]*) usage ;; esac
	[ -d "/proc/$p" ] || { echo "$0: no process $p" >&2; exit 1; }
done
PROC=$OUT/proc
HROOT=$OUT/root
mkdir -p "$PROC" "$HROOT"

# copy_small SRC DST: a file of at most 1 MiB; a file that cannot be read is left out.
copy_small() {
	if head -c 1048576 "$1" >"$2.tmp" 2>/dev/null; then
		mv "$2.tmp" "$2"
	else
		rm -f "$2.tmp"
		return 1
	fi
}

# The reference process: pid 1 when its namespace links can be read, else kthreadd.
ref=1
if ! readlink /proc/1/ns/pid >/dev/null 2>&1 || ! readlink /proc/1/ns/mnt >/dev/null 2>&1; then
	ref=2
fi

# Reads a file inside a container's root through /proc/<pid>/root without following any
# symlink (an absolute link in the container would resolve against the host's /), only a
# regular file, at most 16 KiB.
read_in_root() {
	python3 - "$1" "$2" "$3" <<'EOF'
import os, stat, sys
pid, rel, dst = sys.argv[1], sys.argv[2], sys.argv[3]
fd = os.open("/proc/%s/root" % pid, os.O_PATH | os.O_DIRECTORY)
try:
    parts = rel.split("/")
    for comp in parts[:-1]:
        nfd = os.open(comp, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
        os.close(fd)
        fd = nfd
    f = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
except OSError:
    sys.exit(1)
with os.fdopen(f, "rb") as fh:
    if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
        sys.exit(1)
    data = fh.read(16384)
os.makedirs(os.path.dirname(dst), exist_ok=True)
with open(dst, "wb") as out:
    out.write(data)
EOF
}

record_pid() {
	pid=$1
	d=$PROC/$pid
	mkdir -p "$d/ns" "$d/attr" "$d/root"
	for f in status cgroup uid_map gid_map mountinfo limits comm; do
		copy_small "/proc/$pid/$f" "$d/$f" || echo "$0: warning: cannot read /proc/$pid/$f" >&2
	done
	# attr/current is the SELinux (or the first LSM's) label; AppArmor's own file where built in.
	copy_small "/proc/$pid/attr/current" "$d/attr/current" || true
	if [ -e "/proc/$pid/attr/apparmor/current" ]; then
		mkdir -p "$d/attr/apparmor"
		copy_small "/proc/$pid/attr/apparmor/current" "$d/attr/apparmor/current" ||
			rmdir "$d/attr/apparmor"
	fi
	rmdir "$d/attr" 2>/dev/null || true
	for l in /proc/"$pid"/ns/*; do
		t=${l##*/}
		if target=$(readlink "$l" 2>/dev/null); then
			printf '%s\n' "$target" >"$d/ns/$t"
		fi
	done
	[ "$pid" = "$ref" ] && return 0
	read_in_root "$pid" run/.containerenv "$d/root/run/.containerenv" || true
	read_in_root "$pid" .dockerenv "$d/root/.dockerenv" || true
}

record_pid "$ref"
# pid 1's bounding set is what the host can grant (caps.privileged): its status may be
# readable where its namespace links are not. Without ns links it is not taken as reference.
if [ "$ref" != 1 ]; then
	mkdir -p "$PROC/1"
	copy_small /proc/1/status "$PROC/1/status" || rmdir "$PROC/1"
fi
for p in "$@"; do
	[ "$p" = "$ref" ] || record_pid "$p"
done

mkdir -p "$PROC/sys/kernel/seccomp"
for f in cap_last_cap osrelease seccomp/actions_avail; do
	copy_small "/proc/sys/kernel/$f" "$PROC/sys/kernel/$f" || true
done

# --- host root: runtime state naming these containers -------------------------------------
# ids: the state directories whose init pid is one of ours, plus 64-hex ids in cgroup paths.
ids=$(
	for p in "$@"; do
		grep -oE '[0-9a-f]{64}' "/proc/$p/cgroup" 2>/dev/null || true
	done
)
# Rootless runtimes (issue 14) keep theirs under run/user/UID (runc, Docker, containerd).
# The patterns are expanded against the host's /, wherever this script runs from.
roots=$(cd / && printf '%s\n' run/runc run/crun run/docker/runtime-runc/moby run/containerd/runc/* \
	run/user/*/runc run/user/*/docker/runtime-runc/moby run/user/*/containerd/runc/*)
for root in $roots; do
	[ -d "/$root" ] || continue
	for sd in "/$root"/*/; do
		[ -d "$sd" ] || continue
		id=$(basename "$sd")
		for f in state.json status; do
			[ -f "$sd$f" ] || continue
			pid=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(d.get("init_process_pid", d.get("pid", 0)))' "$sd$f" 2>/dev/null || echo 0)
			for p in "$@"; do
				if [ "$p" = "$pid" ]; then
					mkdir -p "$HROOT/$root/$id"
					copy_small "$sd$f" "$HROOT/$root/$id/$f"
					ids="$ids
$id"
				fi
			done
		done
	done
done
ids=$(printf '%s\n' "$ids" | grep . | sort -u || true)

# containers-storage names, trimmed to these containers.
cj=var/lib/containers/storage/overlay-containers/containers.json
if [ -f "/$cj" ] && [ -n "$ids" ]; then
	mkdir -p "$HROOT/${cj%/*}"
	python3 - "/$cj" "$HROOT/$cj" "$ids" <<'EOF'
import json, sys
src, dst, ids = sys.argv[1], sys.argv[2], set(sys.argv[3].split())
with open(src) as f:
    doc = json.load(f)
keep = [c for c in doc if c.get("id") in ids]
if keep:
    with open(dst, "w") as f:
        json.dump(keep, f)
EOF
	[ -s "$HROOT/$cj" ] || rm -f "$HROOT/$cj"
fi

# Rootless podman: the user's containers.json beside each recorded bundle (runc's "bundle="
# label), trimmed to these containers; the pause process's pid file of each user.
for st in "$HROOT"/run/user/*/runc/*/state.json; do
	[ -f "$st" ] || continue
	b=$(python3 -c 'import json,sys
for l in json.load(open(sys.argv[1])).get("config", {}).get("labels", []):
    if l.startswith("bundle="): print(l[7:])' "$st")
	case $b in /*-containers/*/userdata) ;; *) continue ;; esac
	cjr=${b%/*/userdata}/containers.json
	[ -f "$cjr" ] || continue
	mkdir -p "$HROOT${cjr%/*}"
	python3 - "$cjr" "$HROOT$cjr" "$ids" <<'EOF'
import json, sys
src, dst, ids = sys.argv[1], sys.argv[2], set(sys.argv[3].split())
keep = [c for c in json.load(open(src)) if c.get("id") in ids]
if keep:
    with open(dst, "w") as f:
        json.dump(keep, f)
EOF
done
for pf in /run/user/*/libpod/tmp/pause.pid; do
	[ -f "$pf" ] || continue
	mkdir -p "$HROOT${pf%/*}"
	copy_small "$pf" "$HROOT$pf"
done
# The owners' names: the host's passwd lines of the uids under run/user.
for u in "$HROOT"/run/user/*; do
	[ -d "$u" ] || continue
	mkdir -p "$HROOT/etc"
	awk -F: -v u="${u##*/}" '$3 == u' /etc/passwd >>"$HROOT/etc/passwd"
done

# Docker, containerd and CRI-O metadata where those runtimes run.
for id in $ids; do
	for f in var/lib/docker/containers/"$id"/config.v2.json \
		run/containers/storage/overlay-containers/"$id"/userdata/config.json \
		run/containerd/io.containerd.runtime.v2.task/*/"$id"/config.json; do
		[ -f "/$f" ] || continue
		mkdir -p "$HROOT/${f%/*}"
		copy_small "/$f" "$HROOT/$f"
	done
done

# --- host root: cgroup limit files along each container's cgroup paths ---------------------
# Mount points come from the reference process's mountinfo, as ctguard reads them: field 5 is
# the mount point; after " - " come the fstype and the super options.
cgmounts=$(awk '{
	for (i = 7; i <= NF && $i != "-"; i++) ;
	if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print $(i + 1), $5, $(i + 3)
}' "/proc/$ref/mountinfo")

# copy_limits MOUNTPOINT CGPATH FILE...: FILE at every level from the cgroup up to the mount.
copy_limits() {
	mp=$1 cg=$2
	shift 2
	case $cg in *..*) return 0 ;; esac
	while :; do
		dir=$mp$cg
		for f in "$@"; do
			if [ -f "$dir/$f" ]; then
				mkdir -p "$HROOT$dir"
				copy_small "$dir/$f" "$HROOT$dir/$f" || true
			fi
		done
		[ "$cg" = "/" ] || [ -z "$cg" ] && break
		cg=${cg%/*}
		[ -n "$cg" ] || cg=/
	done
}

in_list() {
	case ",$1," in *",$2,"*) return 0 ;; esac
	return 1
}

for p in "$@"; do
	while IFS= read -r line; do
		hier=${line%%:*}
		rest=${line#*:}
		ctl=${rest%%:*}
		cg=${rest#*:}
		printf '%s\n' "$cgmounts" | while read -r fstype mp opts; do
			[ -n "$fstype" ] || continue
			if [ "$hier" = 0 ] && [ -z "$ctl" ] && [ "$fstype" = cgroup2 ]; then
				copy_limits "$mp" "$cg" pids.max memory.max
			elif [ "$fstype" = cgroup ]; then
				for c in pids memory; do
					if in_list "$ctl" "$c" && in_list "$opts" "$c"; then
						copy_limits "$mp" "$cg" pids.max memory.limit_in_bytes
					fi
				done
			fi
		done
	done <"$PROC/$p/cgroup"
done
