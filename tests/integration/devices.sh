#!/bin/bash
# Devices and every process on real podman containers (issue 12): a loop device passed at a
# nested path and bound as a file, character devices, a node made with mknod that the device
# cgroup denies, and processes exec'd into a non-root container with --privileged and -u 0.
# Asserts the facts (with their evidence) and the exact rule ids that fail and pass.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"

t_need_root
t_need_cmd podman runc busybox python3 losetup
ct_trap
ct_tmpdir || t_skip_all "cannot make a temporary directory"
T=$ct_dir
P=ctg-dev-$$

# The image: busybox with mknod (the shared test images lack it).
img=localhost/ctg-devices:1
if ! podman image exists "$img" 2>/dev/null; then
	ct_busybox_rootfs "$T/rootfs" && ln -sf busybox "$T/rootfs/bin/mknod" &&
		tar -C "$T/rootfs" -cf "$T/img.tar" . &&
		podman import -q "$T/img.tar" "$img" >/dev/null 2>"$T/img.err" ||
		t_skip_all "cannot import a busybox image into podman: $(head -c 300 "$T/img.err")"
fi

# A loop device of our own over a small file: a host disk as far as the container can tell.
truncate -s 4M "$T/disk.img"
LOOP=$(losetup -f --show "$T/disk.img") || t_skip_all "losetup cannot attach a loop device"
ct_defer "losetup -d '$LOOP'"
LMIN=$(($(stat -c '0x%T' "$LOOP")))

# dev: --device at a nested path, the same disk bound as a file, kmsg and fuse.
ct_podman_run "$P-dev" --device "$LOOP:/dev/xvd/loop1" -v "$LOOP:/hostdisk" \
	--device /dev/kmsg --device /dev/fuse "$img" sleep 600 ||
	t_skip_all "podman run failed: $(head -c 300 "$T/$P-dev.err")"
# mknod: CAP_MKNOD but no device passed: the node it makes is there, the cgroup denies it.
ct_podman_run "$P-mknod" --cap-add MKNOD "$img" sleep 600 ||
	t_fail "podman run --cap-add MKNOD: $(head -c 300 "$T/$P-mknod.err")"
podman exec "$P-mknod" mknod /dev/ctgdisk b 7 "$LMIN" ||
	t_fail "mknod inside the container failed"
# user: a compliant non-root container; processes are exec'd into it below.
ct_podman_run "$P-user" --user 1000 --security-opt no-new-privileges "$img" sleep 600 ||
	t_fail "podman run --user 1000: $(head -c 300 "$T/$P-user.err")"

audit() { "$CTGUARD" audit --format json -o "$1" "$P-dev" "$P-mknod" "$P-user" 2>"$1.err"; }
# facts FILE NAME FACT...: one line per fact, compact JSON.
facts() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["containers"] if c["name"] == sys.argv[2]]
for f in sys.argv[3:]:
    print(json.dumps(c[0]["facts"].get(f, "NOFACT"), separators=(",", ":")) if c else "MISSING")' "$@"
}
# verdicts FILE NAME: "RULE=status" of the rules issue 12's devices and processes own.
verdicts() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["containers"] if c["name"] == sys.argv[2]]
own = sys.argv[3].split()
print(" ".join(f["rule"] + "=" + f["status"] for f in c[0]["findings"] if f["rule"] in own) if c else "MISSING")' \
		"$1" "$2" "CIS-DOCKER-5.18 CIS-DOCKER-5.23 CIS-DOCKER-5.24 CTG-ESC-010 CTG-ESC-040 CTG-ESC-041 CTG-ESC-042 CTG-ESC-043"
}
# evidence FILE NAME RULE
evidence() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["containers"] if c["name"] == sys.argv[2]][0]
print([f.get("evidence", "") for f in c["findings"] if f["rule"] == sys.argv[3]][0])' "$@"
}

A=$T/before.json
audit "$A"
t_like "$?" '^[01]$' "audit judges the three containers"

# --- devices --------------------------------------------------------------------------------
n=$P-dev
t_is "$(facts "$A" $n devices.block)" '["/dev/xvd/loop1","/hostdisk"]' \
	"dev: the loop device at its nested path and bound as a file"
t_is "$(facts "$A" $n devices.char)" '["/dev/fuse c 10:229 fuse","/dev/kmsg c 1:11 kernel-log"]' \
	"dev: kmsg and fuse, classed by number; null, tty, ptmx and pts are left out"
t_is "$(facts "$A" $n devices.classes)" '["fuse","kernel-log","loop"]' "dev: classes"
t_is "$(facts "$A" $n devices.cgroup)" \
	"[\"/dev/fuse c 10:229 fuse allowed\",\"/dev/kmsg c 1:11 kernel-log allowed\",\"/dev/xvd/loop1 b 7:$LMIN loop allowed\",\"/hostdisk b 7:$LMIN loop allowed\"]" \
	"dev: the v1 device cgroup allows each (podman --device writes the rules)"
t_is "$(verdicts "$A" $n)" \
	"CIS-DOCKER-5.18=fail CIS-DOCKER-5.23=pass CIS-DOCKER-5.24=pass CTG-ESC-010=fail CTG-ESC-040=pass CTG-ESC-041=pass CTG-ESC-042=fail CTG-ESC-043=fail" \
	"dev: 5.18, ESC-010 (disk), ESC-042 (kmsg), ESC-043 (fuse) fail"
t_is "$(evidence "$A" $n CTG-ESC-010)" "devices.block_usable = [/dev/xvd/loop1, /hostdisk]" "dev: CTG-ESC-010 evidence"

n=$P-mknod
t_is "$(facts "$A" $n devices.block devices.char)" '[]
[]' "mknod: the node made inside is not usable"
t_is "$(facts "$A" $n devices.cgroup)" "[\"/dev/ctgdisk b 7:$LMIN loop denied\"]" \
	"mknod: reported as present and denied by the device cgroup"
t_is "$(verdicts "$A" $n)" \
	"CIS-DOCKER-5.18=pass CIS-DOCKER-5.23=pass CIS-DOCKER-5.24=pass CTG-ESC-010=pass CTG-ESC-040=pass CTG-ESC-041=pass CTG-ESC-042=pass CTG-ESC-043=pass" \
	"mknod: every device and process rule passes"

# --- every process: the compliant control, then processes exec'd into it --------------------
n=$P-user
t_is "$(facts "$A" $n processes.escalated processes.lower_uid devices.block devices.char)" '[]
[]
[]
[]' "user (control): no escalated process, no device"
t_is "$(verdicts "$A" $n)" \
	"CIS-DOCKER-5.18=pass CIS-DOCKER-5.23=pass CIS-DOCKER-5.24=pass CTG-ESC-010=pass CTG-ESC-040=pass CTG-ESC-041=pass CTG-ESC-042=pass CTG-ESC-043=pass" \
	"user (control): every device and process rule passes"

podman exec -d --privileged "$n" sleep 7001 >/dev/null 2>"$T/exec1.err" || t_fail "podman exec --privileged: $(cat "$T/exec1.err")"
podman exec -d -u 0 "$n" sleep 7002 >/dev/null 2>"$T/exec2.err" || t_fail "podman exec -u 0: $(cat "$T/exec2.err")"
pid_of_arg() { # the process running "sleep ARG"
	local d
	for d in /proc/[0-9]*; do
		[ "$(tr '\0' ' ' 2>/dev/null <"$d/cmdline")" = "sleep $1 " ] && { echo "${d#/proc/}"; return; }
	done
}
for i in $(seq 1 50); do
	e1=$(pid_of_arg 7001) e2=$(pid_of_arg 7002)
	[ -n "$e1" ] && [ -n "$e2" ] && break
	sleep 0.1
done
[ -n "$e1" ] && [ -n "$e2" ] || t_fail "the exec'd processes are running (got '$e1' '$e2')"
B=$T/after.json
audit "$B"
esc=$(facts "$B" $n processes.escalated)
t_like "$esc" "^\\[\"$e1 sleep: capabilities beyond init's: CAP_[A-Z_]*, " \
	"exec --privileged: pid $e1 escalated, with the capabilities beyond init's bounding set"
t_unlike "$esc" "\"$e2 " "exec -u 0: not escalated (its capabilities stay in init's bounding set)"
t_is "$(facts "$B" $n processes.lower_uid)" "[\"$e2 sleep: euid 0, init's 1000\"]" \
	"exec -u 0: pid $e2 runs as root where init runs as 1000"
t_is "$(verdicts "$B" $n)" \
	"CIS-DOCKER-5.18=pass CIS-DOCKER-5.23=fail CIS-DOCKER-5.24=fail CTG-ESC-010=pass CTG-ESC-040=pass CTG-ESC-041=pass CTG-ESC-042=pass CTG-ESC-043=pass" \
	"user with exec'd processes: 5.23 and 5.24 fail"
t_is "$(facts "$B" $n user.uid)" 1000 "user: init's uid is still what container.* and user.* report"

t_done
