#!/bin/bash
# The wrapper runtime gating real launches: podman --runtime ctguard-runtime and
# ctguard-runtime on a runc bundle. Reject mode refuses a privileged container and one
# mounting a runtime socket with the policy's reason; enforce mode brings a default container
# up non-root, without capabilities, with no_new_privs and a seccomp filter, as `ctguard
# inspect` sees it live; stop, exec and rm work through the wrapper.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"

t_need_root
t_need_cmd podman runc busybox python3 tar
ct_trap
ct_tmpdir
W=$ct_dir
RT="$top_builddir/ctguard-runtime"
[ -x "$RT" ] || t_skip_all "ctguard-runtime is not built"

IMAGE=localhost/ctg-bb:test
PFX=ctg-ocirt-$$
ct_podman_image "$IMAGE"

conf() { # conf NAME MODE [POLICY]
	printf 'version: 1\nruntime: runc\npolicy: %s\nmode: %s\n' "${3:-restricted}" "$2" >"$W/$1.yaml"
	chmod 644 "$W/$1.yaml"
}
conf reject reject
conf enforce enforce

# prun CONF NAME [PODMAN-RUN-ARGS...] -- CMD...: podman run through the wrapper.
prun() {
	local c=$1 n=$2
	shift 2
	ct_defer "podman rm -f -t 0 '$n'"
	podman --runtime "$RT" --runtime-flag "ctguard-config=$W/$c.yaml" run --name "$n" \
		--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "$@"
}

# --- podman, reject mode ------------------------------------------------------------------------
out=$(prun reject "$PFX-priv" --rm --privileged "$IMAGE" id 2>&1); rc=$?
t_isnt() { if [ "$1" != "$2" ]; then t_pass "$3"; else t_fail "$3"; echo "#   got: $1"; fi; }
t_isnt "$rc" 0 "reject: podman --privileged fails"
t_unlike "$out" "uid=" "reject: the privileged container's command never ran"
t_like "$out" "refused by policy 'builtin:restricted' \(reject mode\)" "reject: podman shows the policy's refusal"
t_like "$out" "runs as root \(uid 0\)" "reject: root is a reason"
t_like "$out" "capabilities beyond the policy's: CAP_CHOWN.*CAP_SYS_ADMIN" "reject: the privileged capabilities are a reason"
t_like "$out" "seccomp: the config has no seccomp filter" "reject: the absent seccomp filter is a reason"
t_is "$(podman ps -a --filter "name=^$PFX-priv\$" --format '{{.Names}}' 2>/dev/null)" "" "reject: no privileged container is left"

ct_unix_socket "$W/docker.sock"
hard="--user 65534:65534 --cap-drop all --security-opt no-new-privileges"
# shellcheck disable=SC2086
out=$(prun reject "$PFX-sock" --rm $hard -v "$W/docker.sock:/var/run/docker.sock" "$IMAGE" id 2>&1); rc=$?
t_isnt "$rc" 0 "reject: a container mounting a runtime socket fails"
t_like "$out" "mounts the host's $W/docker.sock on /var/run/docker.sock \(a container runtime's API socket" "reject: the socket mount is the reason"
t_unlike "$out" "runs as root|capabilities beyond" "reject: a hardened container has no other violation"

# shellcheck disable=SC2086
out=$(prun reject "$PFX-ok" --rm $hard "$IMAGE" id 2>&1); rc=$?
t_is "$rc" 0 "reject: a compliant container (non-root, no capabilities, NNP, podman's filter) runs"
t_like "$out" "uid=65534" "reject: the compliant container's command ran"

# --- podman, enforce mode: a default container comes up confined -----------------------------------
n=$PFX-enf
prun enforce "$n" -d "$IMAGE" sleep 600 >"$W/enf.out" 2>"$W/enf.err"
t_is "$?" 0 "enforce: a default podman container starts through the wrapper"
pid=$(podman inspect -f '{{.State.Pid}}' "$n" 2>/dev/null)
t_ok "enforce: it runs (pid $pid)" test -n "$pid" -a "$pid" != 0
ct_inspect "$W/i.json"
ct_facts "$W/i.json" "pid=$pid" "$W/enf.facts"
t_is "$(ct_fact "$W/enf.facts" container.runtime)" '"podman"' "enforce: ctguard inspect sees the podman container"
t_is "$(ct_fact "$W/enf.facts" user.uid)" 65534 "enforce: runs as the policy's user"
t_is "$(ct_fact "$W/enf.facts" user.root)" false "enforce: not root"
t_is "$(ct_fact "$W/enf.facts" caps.effective)" '[]' "enforce: no effective capability"
t_is "$(ct_fact "$W/enf.facts" caps.bounding)" '[]' "enforce: no capability in the bounding set"
t_is "$(ct_fact "$W/enf.facts" no_new_privs)" true "enforce: no_new_privs"
t_is "$(ct_fact "$W/enf.facts" seccomp.mode)" '"filter"' "enforce: a seccomp filter is loaded"
st=$(cat "/proc/$pid/status")
t_like "$st" $'NoNewPrivs:\t1' "enforce: /proc status NoNewPrivs 1"
t_like "$st" $'CapBnd:\t0000000000000000' "enforce: /proc status CapBnd empty"
t_like "$st" $'Seccomp:\t2' "enforce: /proc status Seccomp 2"
ud=$(podman inspect -f '{{.StaticDir}}' "$n" 2>/dev/null)
[ -d "$ud" ] || ud=/var/lib/containers/storage/overlay-containers/$(podman inspect -f '{{.Id}}' "$n")/userdata
t_ok "enforce: the original config.json is kept in podman's bundle" test -s "$ud/config.json.ctguard-orig"
t_is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["process"]["user"]["uid"])' "$ud/config.json.ctguard-orig" 2>&1)" 0 "enforce: the kept original is podman's (uid 0)"
# The filter is the policy's: a syscall the default profile refuses fails inside, one it allows works.
# podman exec hands runc a process.json of its own (root, podman's default capabilities): the
# wrapper judges it too, or exec would be the way around the policy.
out=$(podman --runtime "$RT" --runtime-flag "ctguard-config=$W/enforce.yaml" exec "$n" sh -c 'id -u; grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status' 2>&1)
t_like "$out" "^65534" "podman exec through the wrapper runs as the policy's user"
t_like "$out" $'CapEff:\t0000000000000000' "podman exec: no effective capability"
t_like "$out" $'CapBnd:\t0000000000000000' "podman exec: empty bounding set"
t_like "$out" $'NoNewPrivs:\t1' "podman exec: no_new_privs"
t_like "$out" $'Seccomp:\t2' "podman exec: under the container's filter"
out=$(podman --runtime "$RT" --runtime-flag "ctguard-config=$W/reject.yaml" exec --user 0 "$n" id 2>&1)
t_like "$out" "refused by policy .* \(reject mode\)" "reject: podman exec --user 0 is refused"
t_unlike "$out" "uid=0" "reject: the root exec never ran"
podman --runtime "$RT" --runtime-flag "ctguard-config=$W/enforce.yaml" stop -t 1 "$n" >/dev/null 2>&1
t_is "$?" 0 "podman stop works through the wrapper"
podman --runtime "$RT" --runtime-flag "ctguard-config=$W/enforce.yaml" rm "$n" >/dev/null 2>&1
t_is "$?" 0 "podman rm works through the wrapper"
t_is "$(podman ps -a --filter "name=^$n\$" --format '{{.Names}}')" "" "the container is gone"

# --- runc directly: ctguard-runtime run -b BUNDLE ID ------------------------------------------------
B=$W/bundle
runc_bundle "$B" "c['process']['capabilities'] = {k: ['CAP_SYS_ADMIN', 'CAP_NET_RAW', 'CAP_KILL'] for k in ('bounding', 'effective', 'permitted')}
c['process']['noNewPrivileges'] = False" || t_skip_all "cannot write a runc bundle"
id=ctg-ocirt-runc-$$
ct_defer "runc delete --force '$id'"
"$RT" --ctguard-config "$W/reject.yaml" run -d -b "$B" "$id" </dev/null >"$W/r.out" 2>&1
t_is "$?" 1 "runc, reject: a root container with CAP_SYS_ADMIN is refused"
t_is "$(runc_state "$id" status)" "" "runc, reject: no container was created"
"$RT" --ctguard-config "$W/enforce.yaml" run -d -b "$B" "$id" </dev/null >"$W/r.out" 2>&1
t_is "$?" 0 "runc, enforce: the same bundle runs once rewritten"
for i in $(seq 1 50); do [ "$(runc_state "$id" status)" = running ] && break; sleep 0.1; done
rpid=$(runc_state "$id" pid)
t_ok "runc, enforce: running (pid $rpid)" test -n "$rpid"
ct_inspect "$W/r.json"
ct_facts "$W/r.json" "pid=$rpid" "$W/r.facts"
t_is "$(ct_fact "$W/r.facts" container.runtime)" '"runc"' "runc, enforce: inspect sees a runc container"
t_is "$(ct_fact "$W/r.facts" user.uid)" 65534 "runc, enforce: non-root"
t_is "$(ct_fact "$W/r.facts" caps.permitted)" '[]' "runc, enforce: no permitted capability"
t_is "$(ct_fact "$W/r.facts" no_new_privs)" true "runc, enforce: no_new_privs"
t_is "$(ct_fact "$W/r.facts" seccomp.mode)" '"filter"' "runc, enforce: seccomp filter"
# The filter the wrapper writes for runc is the one `ctguard run` loads: every syscall
# try-syscall knows answers the same inside the gated container as under ctguard run.
TRY="$top_builddir/tests/helpers/try-syscall"
if [ -x "$TRY" ]; then
	B2=$W/try
	"$TRY" --list >"$W/names"
	runc_bundle "$B2" "c['process']['args'] = ['/try-syscall'] + open('$W/names').read().split()
c['process']['env'].append('ASAN_OPTIONS=detect_leaks=0')"
	cp "$TRY" "$B2/rootfs/try-syscall"
	# Its shared libraries (libc, and the sanitizers' runtimes in a sanitizer build).
	for lib in $(ldd "$TRY" | grep -o '/[^ ]*'); do
		mkdir -p "$B2/rootfs$(dirname "$lib")" && cp -L "$lib" "$B2/rootfs$lib"
	done
	# shellcheck disable=SC2046
	want=$(ASAN_OPTIONS=detect_leaks=0 "$CTGUARD" run --policy restricted -- "$TRY" $(cat "$W/names") 2>&1)
	got=$("$RT" --ctguard-config "$W/enforce.yaml" run -b "$B2" "ctg-ocirt-try-$$" </dev/null 2>"$W/try.err")
	t_is "$got" "$want" "the gated container's filter answers $(wc -w <"$W/names") syscalls exactly as ctguard run's"
	t_like "$got" "keyctl EPERM" "inside the gated container keyctl is refused"
	t_like "$got" "clone3 ENOSYS" "inside the gated container clone3 answers ENOSYS (glibc falls back)"
else
	t_skip 3 "tests/helpers/try-syscall is not built"
fi

# --- hooks, groups and devices (issue 11, defect 4) -------------------------------------------------
# A prestart hook runs on the host as root: the wrapper refuses it in reject and enforce mode,
# and the hook never runs. runc alone runs it (the control).
HB=$W/hook
runc_bundle "$HB" "c['process']['user'] = {'uid': 65534, 'gid': 65534}
c['hooks'] = {'prestart': [{'path': '/bin/sh', 'args': ['sh', '-c', 'touch $W/hook-ran']}]}" ||
	t_skip_all "cannot write a runc bundle"
for mode in reject enforce; do
	hid=ctg-ocirt-hook-$mode-$$
	ct_defer "runc delete --force '$hid'"
	"$RT" --ctguard-config "$W/$mode.yaml" run -d -b "$HB" "$hid" </dev/null >"$W/h.out" 2>&1
	t_is "$?" 1 "runc, $mode: a config with a prestart hook is refused"
	t_like "$(cat "$W/h.out")" "hooks.prestart runs '/bin/sh' as root on the host" "runc, $mode: the hook is the reason"
	t_ok "runc, $mode: the hook never ran on the host" test ! -e "$W/hook-ran"
	t_is "$(runc_state "$hid" status)" "" "runc, $mode: no container was created"
done
hid=ctg-ocirt-hook-ctl-$$
ct_defer "runc delete --force '$hid'"
runc run -d -b "$HB" "$hid" </dev/null >/dev/null 2>&1
t_ok "control: runc alone runs the prestart hook on the host" test -e "$W/hook-ran"

# Groups: podman --group-add 6 (disk), podman exec --user U:0.
out=$(prun reject "$PFX-grp6" --rm $hard --group-add 6 "$IMAGE" id 2>&1)
t_like "$out" "supplementary group gid 6 is forbidden" "reject: podman --group-add 6 (disk) is refused"
t_unlike "$out" "uid=" "reject: the container's command never ran"
out=$(prun enforce "$PFX-grp6e" --rm $hard --group-add 6 "$IMAGE" id -G 2>&1)
t_like "$out" "^65534$" "enforce: podman --group-add 6 runs without group 6 (id -G: $out)"
n=$PFX-grp
prun enforce "$n" -d $hard "$IMAGE" sleep 600 >/dev/null 2>&1
out=$(podman --runtime "$RT" --runtime-flag "ctguard-config=$W/reject.yaml" exec --user 65534:0 "$n" id 2>&1)
t_like "$out" "primary group gid 0 is forbidden" "reject: podman exec --user 65534:0 is refused"
t_unlike "$out" "uid=" "reject: the exec never ran"
out=$(podman --runtime "$RT" --runtime-flag "ctguard-config=$W/enforce.yaml" exec --user 65534:0 "$n" id -g 2>/dev/null)
t_is "$out" 65534 "enforce: podman exec --user 65534:0 runs with the policy's group"
out=$("$RT" --ctguard-config "$W/enforce.yaml" exec --user 65534:0 -g 0 -g 6 "$(podman inspect -f '{{.Id}}' "$n")" id -G 2>/dev/null)
t_is "$out" 65534 "enforce: runc exec --user 65534:0 -g 0 -g 6 is rewritten: gid 65534, no group 0 or 6"

# Devices: podman --device adds a node and an allow rule.
if [ -c /dev/loop-control ]; then
	out=$(prun reject "$PFX-dev" --rm $hard --device /dev/loop-control "$IMAGE" id 2>&1)
	t_like "$out" "creates device nodes of c 10:237 /dev/loop-control" "reject: podman --device /dev/loop-control is refused"
	t_unlike "$out" "uid=" "reject: the container's command never ran"
	out=$(prun enforce "$PFX-deve" --rm $hard --device /dev/loop-control "$IMAGE" sh -c 'ls /dev/loop-control; echo end' 2>&1)
	t_like "$out" "No such file" "enforce: the device node is not created"
else
	t_skip 3 "no /dev/loop-control"
fi

"$RT" --ctguard-config "$W/enforce.yaml" kill "$id" KILL >/dev/null 2>&1
t_is "$?" 0 "runc: kill passes through the wrapper"
for i in $(seq 1 50); do [ "$(runc_state "$id" status)" = stopped ] && break; sleep 0.1; done
"$RT" --ctguard-config "$W/enforce.yaml" delete "$id" >/dev/null 2>&1
t_is "$?" 0 "runc: delete passes through the wrapper"
t_is "$(runc_state "$id" status)" "" "runc: the container is gone"
t_done
