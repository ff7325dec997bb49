#!/bin/bash
# Enforcement policies (ctguard-policy(5)) through tests/helpers/policy-lint, which loads them as
# `ctguard run --check` does: the bad-file corpus with exact messages, the good files, the
# built-ins, and the doas-style refusal of files others could have written.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
LINT="$top_builddir/tests/helpers/policy-lint"
[ -x "$LINT" ] || t_skip_all "tests/helpers/policy-lint is not built (make check builds it)"

# Work on copies: the checkout may belong to another user than the one running the suite (root
# in CI), and a policy file must be owned by root or by the caller.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$DATA"/policies/*.yaml "$DATA"/policies/*.expected "$tmp/"
chmod 644 "$tmp"/*
cd "$tmp" || exit 1

n=0
for f in bad-*.yaml; do
	n=$((n + 1))
	err=$("$LINT" "$f" 2>&1 >/dev/null); rc=$?
	t_is "$rc" 2 "$f: exit 2"
	t_is "$err" "$(cat "${f%.yaml}.expected")" "$f: exact messages"
done
t_ok "corpus holds at least 20 bad files ($n)" test "$n" -ge 20

out=$("$LINT" --dump good-full.yaml 2>&1); rc=$?
t_is "$rc" 0 "good-full.yaml loads"
t_like "$out" "capabilities: CAP_CHOWN CAP_NET_BIND_SERVICE CAP_SYS_ADMIN" "capabilities in any case and prefix"
t_like "$out" "rlimits: nofile=1024 nproc=512 core=0 as=unlimited fsize=unlimited memlock=65536 stack=8388608 cpu=60" "rlimits in file order, unlimited"
t_like "$out" "env.set: TZ=UTC EMPTY= NUMBER=42" "env.set as NAME=value"
t_like "$out" "seccomp: ./profiles/web.json" "relative profile path beside the policy"
t_like "$out" "container.readonly_rootfs: true" "container.readonly_rootfs"
t_like "$out" "container.host_namespaces: net uts" "OCI namespace names accepted (network -> net)"
t_like "$out" "container.on_host_namespace: isolate" "container.on_host_namespace"
t_like "$out" "container.forbidden_mounts: runtime_sockets
container.on_forbidden_mount: remove" "container.forbidden_mounts replaces the default list"
t_like "$out" "container.masked_paths: /proc/kcore
container.readonly_paths:
" "container path lists replace the defaults, an empty one too"
out=$("$LINT" --dump good-minimal.yaml 2>&1)
t_like "$out" "container.host_namespaces: cgroup time user
container.on_host_namespace: refuse
container.forbidden_mounts: runtime_sockets sensitive_paths
container.on_forbidden_mount: refuse" "container defaults: what runc and podman share, both mount classes, refuse"
t_like "$out" "container.masked_paths: /proc/acpi /proc/asound /proc/interrupts /proc/kcore" "default masked paths"
t_like "$out" "container.readonly_paths: /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger" "default read-only paths"
mkdir sub && cp good-full.yaml sub/ && chmod 755 sub
t_like "$("$LINT" --dump sub/good-full.yaml 2>&1)" "seccomp: sub/./profiles/web.json" \
	"relative profile path resolved against the policy's directory"
out=$("$LINT" --dump good-minimal.yaml 2>&1); rc=$?
t_is "$rc" 0 "good-minimal.yaml loads"
t_like "$out" $'user: 65534\ngroup: \\(primary\\)' "omitted user: 65534, group: the user's primary group"
t_like "$out" $'no_new_privileges: true\nseccomp: default\nseccomp_mode: enforce' "omitted: nnp and the default profile"
t_like "$out" $'fds.close: true' "omitted: fds closed"

for p in restricted baseline; do
	out=$("$LINT" --dump "$p" 2>&1); rc=$?
	t_is "$rc" 0 "built-in $p loads"
	t_like "$out" "file: builtin:$p" "built-in $p named as such"
	t_like "$out" $'user: 65534\ngroup: 65534\ngroups:\nallow_root: false' "built-in $p: nobody, no groups"
	t_like "$out" $'no_new_privileges: true\nseccomp: default' "built-in $p: nnp and the default profile"
	t_like "$out" "rlimits: core=0" "built-in $p: no core dumps"
done
t_like "$("$LINT" --dump restricted)" $'capabilities:\n' "restricted keeps no capability"
t_like "$("$LINT" --dump baseline)" \
	"capabilities: CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_NET_BIND_SERVICE CAP_SYS_CHROOT CAP_MKNOD CAP_AUDIT_WRITE CAP_SETFCAP" \
	"baseline keeps the runtime-default capability set"

# A file named like a built-in is reached with ./; an unknown bare name says what exists.
cp good-full.yaml restricted
t_like "$("$LINT" --dump restricted)" "file: builtin:restricted" "a bare built-in name is the built-in"
t_like "$("$LINT" --dump ./restricted)" "file: ./restricted" "./name is the file"
err=$("$LINT" restrictd 2>&1); rc=$?
t_is "$rc" 2 "unknown name: exit 2"
t_is "$err" "restrictd: cannot open: No such file or directory (and 'restrictd' is not a built-in policy: baseline, restricted)" "unknown name: built-ins listed"
err=$("$LINT" /nonexistent/p.yaml 2>&1); rc=$?
t_is "$err" "/nonexistent/p.yaml: cannot open: No such file or directory" "missing file named"

# doas's rule: whoever can write the file decides what the command may do.
cp good-minimal.yaml gw.yaml && chmod 664 gw.yaml
err=$("$LINT" gw.yaml 2>&1); rc=$?
t_is "$rc" 2 "group-writable policy: exit 2"
t_is "$err" "gw.yaml: refusing a file writable by its group (mode 0664): anyone who can write it would decide what the command may do" "group-writable policy refused"
cp good-minimal.yaml ow.yaml && chmod 646 ow.yaml
t_is "$("$LINT" ow.yaml 2>&1)" "ow.yaml: refusing a file writable by others (mode 0646): anyone who can write it would decide what the command may do" "world-writable policy refused"
cp good-minimal.yaml owned.yaml
if chown 12345 owned.yaml 2>/dev/null; then
	t_is "$("$LINT" owned.yaml 2>&1)" "owned.yaml: refusing a file owned by uid 12345, neither root nor the caller (uid $(id -u)): its owner would decide what the command may do" "policy owned by someone else refused"
else
	# Only root (outside a user namespace) can give a file away; test-policy checks the
	# rule itself on a synthetic stat for everyone.
	t_pass "foreign owner: covered by test-policy (chown needs real root)"
fi
mkfifo fifo.yaml
err=$(timeout 10 "$LINT" fifo.yaml 2>&1); rc=$?
t_is "$rc" 2 "a FIFO is refused without blocking"
t_is "$err" "fifo.yaml: refusing a policy that is not a regular file" "FIFO: said why"
ln -s good-minimal.yaml link.yaml
t_ok "a symlink to a trusted file loads" "$LINT" link.yaml
{ echo "version: 1"; head -c 70000 /dev/zero | tr '\0' '#'; } >big.yaml
t_is "$("$LINT" big.yaml 2>&1)" "big.yaml: file is larger than 65536 bytes" "oversized policy refused"
printf 'version: 1\n\0' >nul.yaml
t_is "$("$LINT" nul.yaml 2>&1)" "nul.yaml: file contains a NUL byte: not a YAML text" "NUL byte refused"
{ printf 'version: 1\nuser: '; head -c 65000 /dev/zero | tr '\0' '['; } >deep.yaml
"$LINT" deep.yaml >/dev/null 2>&1; rc=$?
t_is "$rc" 2 "64 KiB of nesting: refused, no crash"
err=$("$LINT" good-minimal.yaml bad-root-name.yaml 2>&1); rc=$?
t_is "$rc" 2 "one bad policy among good ones: exit 2"
t_done
