#!/bin/bash
# ctguard audit --policy: live runc and podman containers judged against an enforcement policy
# (the built-in restricted one and a custom file): a compliant container passes every policy.*
# rule, a privileged one fails the user, capability, no_new_privs and seccomp rules with
# evidence, in every report format; oci check --policy says the same of the configs.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"
t_need_root
t_need_cmd runc busybox python3
ct_trap
ct_tmpdir
T=$ct_dir
P=ctgap$$
export CTGUARD_NOW=2026-11-27

# st FILE NAME RULE / ev FILE NAME RULE: status / evidence of a finding; fails NAME: failing
# policy rules of a container, space-separated.
q() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
c = [x for x in d["containers"] if x["name"] == sys.argv[2]]
if not c:
    print("MISSING"); sys.exit()
c = c[0]
if sys.argv[3] == "fails":
    print(" ".join(f["rule"] for f in c["findings"] if f["status"] == "fail"))
elif sys.argv[3] == "statuses":
    print(" ".join(sorted(set(f["status"] for f in c["findings"]))))
else:
    f = [f for f in c["findings"] if f["rule"] == sys.argv[3]][0]
    print(f[sys.argv[4]])' "$@"
}

# A compliant runc container for restricted: uid 1000, no capability, no_new_privs, a seccomp
# filter, its own namespaces but cgroup/time/user, no forbidden mount.
runc_bundle "$T/$P-ok" "c['process']['user'] = {'uid': 1000, 'gid': 1000}
c['process']['capabilities'] = {k: [] for k in ('bounding', 'effective', 'permitted', 'inheritable', 'ambient')}
c['process']['noNewPrivileges'] = True
c['linux']['seccomp'] = {'defaultAction': 'SCMP_ACT_ALLOW', 'architectures': ['SCMP_ARCH_X86_64'],
    'syscalls': [{'names': ['kexec_load', 'open_by_handle_at'], 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 1}]}" ||
	t_skip_all "cannot write a runc bundle"
# A privileged one: every capability this host grants, no seccomp, no no_new_privs, root.
runc_bundle "$T/$P-priv" "names = 'CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN'.split()
c['process']['capabilities'] = {k: ['CAP_' + n for n in names] for k in ('bounding', 'effective', 'permitted')}
c['process']['noNewPrivileges'] = False
c['root']['readonly'] = False
c['linux']['namespaces'] = [n for n in c['linux']['namespaces'] if n['type'] != 'pid']" ||
	t_skip_all "cannot write a runc bundle"
runc_run "$P-ok" "$T/$P-ok" || t_skip_all "runc cannot start a container with a seccomp filter"
runc_run "$P-priv" "$T/$P-priv" || t_skip_all "runc cannot start a privileged container"

"$CTGUARD" audit --policy restricted --format json -o "$T/r.json" "$P-ok" "$P-priv" 2>/dev/null
t_is "$?" 1 "restricted: the privileged container fails: exit 1"
t_is "$(q "$T/r.json" "$P-ok" statuses)" "not_evaluated pass" "restricted: the compliant runc container passes every policy rule it can be judged on"
# Hooks and devices.added exist only in a config: a live audit says so, never pass.
t_is "$(q "$T/r.json" "$P-ok" policy.hooks status)" not_evaluated "live: policy.hooks is not evaluated (oci.hooks unknown)"
t_is "$(q "$T/r.json" "$P-ok" policy.devices status)" not_evaluated "live: policy.devices is not evaluated (devices.added unknown)"
t_is "$(q "$T/r.json" "$P-ok" policy.groups status)" pass "live: policy.groups is judged from /proc (gid 1000)"
t_is "$(q "$T/r.json" "$P-priv" fails)" "policy.user policy.caps policy.no_new_privs policy.seccomp policy.host_namespaces policy.groups" \
	"restricted: the privileged one fails user, caps, no_new_privs, seccomp and host namespaces"
t_is "$(q "$T/r.json" "$P-priv" policy.user evidence)" "user.uid = 0; user.euid = 0" "policy.user evidence"
t_like "$(q "$T/r.json" "$P-priv" policy.caps evidence)" \
	"^caps.effective has \[CAP_CHOWN, CAP_DAC_OVERRIDE, .*\] beyond the allowed set; caps.permitted has .*; caps.bounding has " \
	"policy.caps evidence lists the capabilities beyond the kept set, per set"
t_is "$(q "$T/r.json" "$P-priv" policy.no_new_privs evidence)" "no_new_privs = false" "policy.no_new_privs evidence"
t_is "$(q "$T/r.json" "$P-priv" policy.seccomp evidence)" 'seccomp.mode = "disabled"' "policy.seccomp evidence"
t_is "$(q "$T/r.json" "$P-priv" policy.host_namespaces evidence)" "ns.shared has [pid] beyond the allowed set" \
	"policy.host_namespaces evidence"
t_is "$(q "$T/r.json" "$P-priv" policy.caps severity)" high "policy rules are high"

# Every report format carries the policy's findings.
for fmt in text junit sarif csv prometheus html; do
	"$CTGUARD" audit --policy restricted --format "$fmt" "$P-priv" >"$T/r.$fmt" 2>/dev/null
	t_like "$(cat "$T/r.$fmt")" "policy\.caps" "--format $fmt names policy.caps"
done
t_like "$(grep -A1 'policy.seccomp' "$T/r.text" | tr '\n' ' ')" 'seccomp.mode = "disabled"' "text: evidence shown"

# A custom policy: root allowed, runc spec's three capabilities kept, no seccomp asked, a
# read-only root and the host's pid namespace allowed.
cat >"$T/custom.yaml" <<'EOF'
version: 1
user: 0
allow_root: true
capabilities: [AUDIT_WRITE, KILL, NET_BIND_SERVICE]
no_new_privileges: true
seccomp: none
container:
  readonly_rootfs: true
  host_namespaces: [cgroup, time, user, pid]
  allow_root_group: true
EOF
chmod 600 "$T/custom.yaml"
runc_bundle "$T/$P-spec" "" && runc_run "$P-spec" "$T/$P-spec" || t_skip_all "runc cannot start runc spec's container"
"$CTGUARD" audit --policy "$T/custom.yaml" --format json -o "$T/c.json" "$P-spec" "$P-priv" 2>/dev/null
t_is "$?" 1 "custom policy: exit 1"
t_is "$(python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(open(sys.argv[1]))["rules"]))' "$T/c.json")" \
	"policy.caps policy.no_new_privs policy.host_namespaces policy.mounts.sockets policy.mounts.sensitive policy.rootfs_readonly policy.groups policy.hooks policy.devices policy.apparmor_unconfined policy.selinux" \
	"custom policy: only the rules it asks for (no user rule with allow_root, no seccomp rule with none)"
t_is "$(q "$T/c.json" "$P-spec" statuses)" "not_evaluated pass" "custom policy: runc spec's container passes every rule it can be judged on"
t_is "$(q "$T/c.json" "$P-priv" fails)" "policy.caps policy.no_new_privs policy.rootfs_readonly" \
	"custom policy: the privileged one fails caps, no_new_privs and the writable root (host pid allowed)"
t_is "$(q "$T/c.json" "$P-priv" policy.rootfs_readonly evidence)" "mounts.rootfs_readonly = false" \
	"policy.rootfs_readonly evidence"
t_is "$(q "$T/c.json" "$P-priv" policy.caps refs)" "{'policy': '$T/custom.yaml'}" "refs name the policy file"

# oci check --policy says the same of the configs, before they run.
"$CTGUARD" oci check --policy restricted --format json "$T/$P-ok" "$T/$P-priv" >"$T/o.json" 2>/dev/null
t_is "$(q "$T/o.json" "$P-ok" statuses)" pass "oci check --policy: the compliant config passes (hooks and devices judged)"
t_is "$(q "$T/o.json" "$P-priv" fails)" "$(q "$T/r.json" "$P-priv" fails)" \
	"oci check --policy: the privileged config fails the rules its running container fails"

# podman: a compliant container and a privileged one.
if ! command -v podman >/dev/null 2>&1; then
	t_skip "podman is not installed"
	t_done
fi
img=localhost/ctg-oc:1
ct_podman_image "$img"
prun() { ct_podman_run "$1" "${@:2}" "$img" sleep 600; }
prun "$P-pok" --user 1000:1000 --cap-drop=all --security-opt no-new-privileges || t_skip_all "podman run failed"
prun "$P-ppriv" --privileged || t_skip_all "podman run --privileged failed"
"$CTGUARD" audit --policy restricted --format json -o "$T/p.json" "$P-pok" "$P-ppriv" 2>/dev/null
t_is "$(q "$T/p.json" "$P-pok" statuses)" "not_evaluated pass" \
	"podman --user 1000:1000 --cap-drop=all --security-opt no-new-privileges passes restricted"
t_is "$(q "$T/p.json" "$P-ppriv" fails)" "policy.user policy.caps policy.no_new_privs policy.seccomp policy.groups" \
	"podman --privileged fails user, caps, no_new_privs, seccomp and groups"
t_like "$(q "$T/p.json" "$P-ppriv" policy.caps evidence)" \
	'^caps.effective has \[CAP_CHOWN, .*, \(\+3[0-9] more\)\] beyond the allowed set' \
	"podman --privileged: evidence lists the capabilities beyond the set (the first 8, then a count)"
"$CTGUARD" audit --policy baseline --format json -o "$T/pb.json" "$P-pok" 2>/dev/null
t_is "$(q "$T/pb.json" "$P-pok" statuses)" "not_evaluated pass" "the compliant podman container passes baseline too"
t_done
