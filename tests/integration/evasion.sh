#!/bin/bash
# Real containers that try to fool the audit or make it fail open (issue 11):
#  - defect 5: a podman and a runc container whose init chroots into a jail, with a runtime
#    socket, a loop device and /etc mounted: the facts come from the namespace's root;
#    without CAP_SYS_ADMIN (no namespace view) they are unknown and the view is incomplete;
#  - defect 6: an audit without CAP_SYS_PTRACE as nobody exits 4, not 0, and every format
#    names the processes it could not read;
#  - defect 7: a runc bundle and a bwrap sandbox that write a "trusted" image into their own
#    /run/.containerenv get no waiver and no baseline match from it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"

t_need_root
t_need_cmd podman runc busybox python3 losetup capsh setpriv bwrap
ct_trap
ct_tmpdir
W=$ct_dir
PFX=ctg-ev-$$
IMAGE=localhost/ctg-bb:test
ct_podman_image "$IMAGE"
Q="$top_srcdir/tests/jsonq.py"
t_has() { if python3 "$Q" has "$1" "$2" 2>/dev/null; then t_pass "$3"; else t_fail "$3"; echo "#   got: $1"; echo "#   want item: $2"; fi; }
# view FILE: the unreadable entries of a document's "view" as "pid:what:reason" lines.
view() {
	python3 -c 'import json,sys
for u in json.load(open(sys.argv[1]))["view"]["unreadable"]:
    print("%s:%s:%s" % (u["pid"], u["what"], u["reason"]))' "$1"
}
# status FILE NAME RULE: a finding's status in an audit document.
status() {
	python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["containers"]:
    if c["name"] == sys.argv[2]:
        print(" ".join(f["status"] + ("/new" if f.get("new") else "") for f in c["findings"] if f["rule"] == sys.argv[3]))' "$1" "$2" "$3"
}

# --- defect 5: the jailed containers -----------------------------------------------------------
truncate -s 8M "$W/disk.img"
LOOP=$(losetup -f --show "$W/disk.img") || t_skip_all "losetup failed"
ct_defer "losetup -d '$LOOP'"
ct_unix_socket "$W/docker.sock"
JAIL='mkdir -p /jail/bin /jail/dev && busybox cp /bin/busybox /jail/bin/ && exec busybox chroot /jail /bin/busybox sleep 600'
ct_podman_run "$PFX-pod" --device "$LOOP" -v /etc:/host-etc -v "$W/docker.sock:/var/run/docker.sock" \
	"$IMAGE" sh -c "$JAIL" || t_skip_all "podman run: $(head -c 300 "$W/$PFX-pod.err")"
runc_bundle "$W/b" "
c['root']['readonly'] = False
c['process']['args'] = ['sh', '-c', '''$JAIL''']
for k in ('bounding', 'effective', 'permitted'):
    c['process']['capabilities'][k].append('CAP_SYS_CHROOT')
c['mounts'] += [
  {'destination': '/host-etc', 'type': 'bind', 'source': '/etc', 'options': ['rbind', 'ro']},
  {'destination': '/run/docker.sock', 'type': 'bind', 'source': '$W/docker.sock', 'options': ['bind']},
]
st = __import__('os').stat('$LOOP')
c['linux']['devices'] = [{'path': '$LOOP', 'type': 'b', 'major': __import__('os').major(st.st_rdev),
  'minor': __import__('os').minor(st.st_rdev), 'fileMode': 0o660, 'uid': 0, 'gid': 0}]
c['linux']['resources']['devices'] = [{'allow': True, 'type': 'b', 'major': __import__('os').major(st.st_rdev), 'access': 'rw'}]
" || t_skip_all "runc bundle failed"
runc_run "$PFX-runc" "$W/b" || t_skip_all "runc run failed"
PPID_POD=$(podman inspect -f '{{.State.Pid}}' "$PFX-pod")
PPID_RUNC=$(runc_state "$PFX-runc" pid)
# Wait until both inits are in their jail: their root then holds only bin and dev.
for i in $(seq 1 100); do
	[ ! -e "/proc/$PPID_POD/root/etc" ] && [ ! -e "/proc/$PPID_RUNC/root/etc" ] && break
	sleep 0.1
done
t_ok "podman init chrooted (its root has no /etc)" test ! -e "/proc/$PPID_POD/root/etc"
t_ok "runc init chrooted (its root has no /etc)" test ! -e "/proc/$PPID_RUNC/root/etc"
t_is "$(wc -l <"/proc/$PPID_POD/mountinfo")" 0 "the podman init's own mountinfo is empty (what fooled the audit)"

J="$W/jail.json"
"$CTGUARD" inspect --format json "$PFX-pod" "$PFX-runc" >"$J" 2>"$W/err"
t_is "$?" 0 "inspect as root: exit 0 (the namespace view was read)"
for n in "$PFX-pod" "$PFX-runc"; do
	t_has "$(fact "$J" "$n" mounts.sensitive)" /etc "$n: /etc bound outside the jail is seen"
	t_like "$(fact "$J" "$n" mounts.runtime_socket)" 'docker\.sock' "$n: the runtime socket outside the jail is seen"
	t_has "$(fact "$J" "$n" devices.block)" "$LOOP" "$n: the loop device in the namespace's /dev is seen"
	t_is "$(fact "$J" "$n" mounts.rootfs_readonly)" false "$n: the namespace's / judged, not the jail"
done
A="$W/jail-audit.json"
"$CTGUARD" audit --pack escapes --format json -o "$A" "$PFX-pod" "$PFX-runc" 2>/dev/null
t_is "$?" 1 "audit: findings, exit 1"
for n in "$PFX-pod" "$PFX-runc"; do
	t_is "$(status "$A" "$n" CTG-ESC-001)" fail "$n: CTG-ESC-001 (runtime socket) fails"
	t_is "$(status "$A" "$n" CTG-ESC-010)" fail "$n: CTG-ESC-010 (block device) fails"
done

# Without CAP_SYS_ADMIN the namespace cannot be entered: unknown, and said, never "none".
U="$W/jail-noadmin.json"
capsh --drop=cap_sys_admin -- -c "exec '$CTGUARD' inspect --format json '$PFX-pod' '$PFX-runc'" >"$U" 2>"$W/err"
t_is "$?" 4 "no CAP_SYS_ADMIN: exit 4 (incomplete view)"
for n in "$PFX-pod" "$PFX-runc"; do
	t_is "$(fact "$U" "$n" mounts.sensitive)" null "$n without the namespace view: mounts.sensitive unknown"
	t_is "$(fact "$U" "$n" devices.block)" null "$n without the namespace view: devices.block unknown"
done
t_like "$(view "$U")" "^$PPID_POD:mounts:EPERM" "the podman container is listed: mounts, EPERM"
t_like "$(view "$U")" "$PPID_RUNC:mounts:EPERM" "the runc container is listed: mounts, EPERM"
capsh --drop=cap_sys_admin -- -c "exec '$CTGUARD' inspect --allow-partial --format json '$PFX-pod'" >/dev/null 2>&1
t_is "$?" 0 "no CAP_SYS_ADMIN with --allow-partial: exit 0"

# --- defect 6: an audit that cannot read root's processes --------------------------------------
ct_podman_run "$PFX-priv" --privileged "$IMAGE" sleep 600 || t_fail "podman --privileged: $(head -c 300 "$W/$PFX-priv.err")"
PRIV=$(podman inspect -f '{{.State.Pid}}' "$PFX-priv")
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$CTGUARD" "$@"; }
nobody audit --fail-on critical --format json >"$W/nobody.json" 2>"$W/nobody.err"
t_is "$?" 4 "audit as nobody without CAP_SYS_PTRACE: exit 4, not 0"
t_like "$(cat "$W/nobody.err")" "incomplete view: [0-9]+ process" "stderr says the view is incomplete"
t_is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["view"]["complete"])' "$W/nobody.json")" False \
	"json: view.complete false"
t_like "$(view "$W/nobody.json")" "^$PRIV:process:EACCES" "json: the privileged container's init is named, EACCES"
t_is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["complete"])' "$W/nobody.json")" False \
	"json: summary.complete false"
nobody audit --fail-on critical --allow-partial --format json >/dev/null 2>&1
t_like "$?" '^[01]$' "--allow-partial: exit 0 or 1 by the findings"
nobody audit --fail-on critical >"$W/nobody.txt" 2>/dev/null
t_like "$(head -n 1 "$W/nobody.txt")" "^INCOMPLETE VIEW: [0-9]+ process(es)? could not be read \(EACCES.*: pids [0-9]" \
	"text: the first line says how many could not be read, why, and their pids"
t_like "$(tail -n 3 "$W/nobody.txt")" "INCOMPLETE VIEW" "text: said again at the end"
nobody audit --format junit >"$W/nobody.xml" 2>/dev/null
t_is "$(python3 -c 'import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
e = r.find("testsuite[@name=\"ctguard/view\"]/testcase/error")
print(r.get("errors"), e.get("type"), ("pid %s:" % sys.argv[2]) in e.text)' "$W/nobody.xml" "$PRIV")" "1 EACCES True" \
	"junit: a test case in error naming the pid"
nobody audit --format sarif >"$W/nobody.sarif" 2>/dev/null
t_is "$(python3 -c 'import json,sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
print(inv["executionSuccessful"], any(n["properties"]["pid"] == int(sys.argv[2]) for n in inv["toolExecutionNotifications"]))' "$W/nobody.sarif" "$PRIV")" \
	"False True" "sarif: executionSuccessful false, a notification names the pid"
nobody audit --format html >"$W/nobody.html" 2>/dev/null
t_like "$(cat "$W/nobody.html")" "INCOMPLETE</div>.*Incomplete view.*pid $PRIV: process not read \(EACCES" "html: verdict and the list"
nobody audit --format prometheus >"$W/nobody.prom" 2>/dev/null
t_like "$(grep '^ctguard_view_complete \|^ctguard_unreadable_processes ' "$W/nobody.prom" | tr '\n' ' ')" \
	"^ctguard_view_complete 0 ctguard_unreadable_processes [1-9]" "prometheus: gauges"
nobody audit --format csv >"$W/nobody.csv" 2>/dev/null
t_like "$(grep ",unreadable," "$W/nobody.csv")" "pid $PRIV: process not read" "csv: an unreadable row names the pid"
"$CTGUARD" audit --from "$W/nobody.json" --format json >"$W/from.json" 2>/dev/null
t_is "$?" 4 "--from a partial document: exit 4"
t_like "$(view "$W/from.json")" "^$PRIV:process:EACCES" "--from keeps the view"
"$CTGUARD" report "$W/nobody.json" >"$W/report.txt" 2>/dev/null
t_is "$?" 4 "report of a partial result: exit 4"
t_like "$(cat "$W/report.txt")" "INCOMPLETE VIEW" "report keeps the view"

# --- defect 7: identity claimed from inside ----------------------------------------------------
CLAIM='engine="podman-4.3.1"\nname="trusted-db"\nid="abc"\nimage="registry.example.com/trusted:1"\n'
runc_bundle "$W/c" "c['process']['args'] = ['sleep', '600']" || t_fail "runc bundle"
printf "$CLAIM" >"$W/c/rootfs/run/.containerenv"
runc_run "$PFX-claim" "$W/c" || t_fail "runc run"
ct_busybox_rootfs "$W/bw" && printf "$CLAIM" >"$W/bw/run/.containerenv"
bwrap --bind "$W/bw" / --dev /dev --proc /proc --unshare-pid --die-with-parent sleep 600 \
	>/dev/null 2>"$W/bwrap.err" &
BW=$!
ct_defer "kill $BW"
for i in $(seq 1 50); do pgrep -P "$BW" >/dev/null && break; sleep 0.1; done
cat >"$W/waivers.yaml" <<EOF
version: 1
waivers:
  - rule: "*"
    selector: {image: "registry.example.com/trusted:1"}
    reason: the trusted image is reviewed
    owner: sec
EOF
C="$W/claim.json"
"$CTGUARD" audit --waivers "$W/waivers.yaml" --fail-on none --format json -o "$C" 2>/dev/null
python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["containers"]:
    if c["facts"]["container.image"] == "registry.example.com/trusted:1":
        print(c["runtime"], c["facts"]["container.claimed"], sorted({f["status"] for f in c["findings"]}))' "$C" >"$W/claim.txt"
t_like "$(cat "$W/claim.txt")" "^runc \['image'\] \[.*'fail'" "runc: the image is claimed, its failures are not waived"
t_like "$(cat "$W/claim.txt")" "bwrap \['id', 'name', 'image'\] \[.*'fail'" "bwrap: name, id, image claimed, not waived"
t_unlike "$(cat "$W/claim.txt")" "waived" "no finding of a claiming container is waived"
sed -i 's/^    owner: sec/    owner: sec\n    match_claimed: true/' "$W/waivers.yaml"
"$CTGUARD" audit --waivers "$W/waivers.yaml" --fail-on none --format json -o "$C" 2>/dev/null
t_is "$(python3 -c 'import json,sys
print(sorted({f["status"] for c in json.load(open(sys.argv[1]))["containers"]
              if c["facts"]["container.image"] == "registry.example.com/trusted:1" for f in c["findings"]} - {"pass", "not_evaluated"}))' "$C")" \
	"['waived']" "match_claimed: true opts in: waived"
"$CTGUARD" audit --fail-on none --format text "$PFX-claim" >"$W/claim-text.txt" 2>/dev/null
t_like "$(cat "$W/claim-text.txt")" "image \(claimed\) registry.example.com/trusted:1" "text: image (claimed)"
"$CTGUARD" inspect "$PFX-claim" >"$W/claim-inspect.txt" 2>/dev/null
t_like "$(cat "$W/claim-inspect.txt")" "image \(claimed\) registry" "inspect text: image (claimed)"
# A baseline never matches a claimed identity: the same failures are new again.
"$CTGUARD" audit --fail-on none --format json -o "$W/base.json" "$PFX-claim" "$PFX-pod" 2>/dev/null
"$CTGUARD" audit --fail-on none --baseline "$W/base.json" --format json -o "$W/again.json" "$PFX-claim" "$PFX-pod" 2>/dev/null
t_like "$(status "$W/again.json" "$PFX-claim" PSS-R-NON-ROOT)" "fail/new" "baseline: the claiming container's failures stay new"
t_is "$(status "$W/again.json" "$PFX-pod" PSS-R-NON-ROOT)" "" "baseline: a trusted container's known failures match the baseline"
t_done
