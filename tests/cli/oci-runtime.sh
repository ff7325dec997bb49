#!/bin/bash
# The wrapper runtime (ctguard-runtime / ctguard oci runtime) in front of a recording stand-in
# for runc: argument pass-through, finding the bundle as runc does, the three modes, the atomic
# rewrite with the original kept, and every error leaving the bundle untouched and the runtime
# not run. Real runc and podman launches are in tests/integration/oci-runtime.sh.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_cmd python3 sha256sum

RT="$top_builddir/ctguard-runtime"
[ -x "$RT" ] || t_skip_all "ctguard-runtime is not built (make builds it)"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
chmod 755 "$T"

# A stand-in runtime: records its arguments, one per line, and the config (or process file) it
# was pointed at as it read it (fake.read), and exits 0 (7 for "state").
cat >"$T/fake-runc" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$T/fake.args"
rm -f "$T/fake.read"
for a in "\$@"; do
	case "\$a" in
	*/ctguard/bundles/*) f=\${a#*=}; [ -d "\$f" ] && f=\$f/config.json; cp "\$f" "$T/fake.read" ;;
	esac
done
[ "\$1" = state ] && exit 7
exit 0
EOF
chmod 755 "$T/fake-runc"

conf() { # conf NAME MODE [POLICY] [RUNTIME]: a runtime.yaml
	printf 'version: 1\nruntime: %s\npolicy: %s\nmode: %s\n' "${4:-$T/fake-runc}" \
		"${3:-restricted}" "$2" >"$T/$1.yaml"
	chmod 644 "$T/$1.yaml"
}
conf enforce enforce
conf reject reject
conf audit audit

# bundle DIR [PYTHON]: a config like `runc spec` writes (root, 3 capabilities, no seccomp),
# with PYTHON applied to it (the dict is c).
bundle() {
	rm -rf "$1"
	mkdir -p "$1/rootfs/etc"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$1/rootfs/etc/passwd"
	echo 'app:x:1500:1600::/:/bin/sh' >>"$1/rootfs/etc/passwd"
	python3 - "$1/config.json" "${2:-}" <<'EOF'
import json, sys
caps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
c = {
    "ociVersion": "1.0.2-dev",
    "process": {"terminal": False, "user": {"uid": 0, "gid": 0}, "args": ["sh"],
                "env": ["PATH=/bin"], "cwd": "/",
                "capabilities": {k: list(caps) for k in
                                 ("bounding", "effective", "permitted", "ambient")},
                "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
                "noNewPrivileges": True},
    "root": {"path": "rootfs", "readonly": True},
    "hostname": "runc",
    "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
    "linux": {"namespaces": [{"type": t} for t in ("pid", "network", "ipc", "uts", "mount")],
              "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"]},
}
exec(sys.argv[2], {"c": c})
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
	chmod 640 "$1/config.json"
}
digest() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
jq_() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), sort_keys=True))' "$@"; }

# --- help, check, pass-through --------------------------------------------------------------
out=$("$RT" --ctguard-help); t_is "$?" 0 "--ctguard-help exits 0"
t_like "$out" "runtime.yaml" "--ctguard-help documents the configuration file"
out=$("$CTGUARD" oci runtime --ctguard-help); t_like "$out" "Usage: ctguard-runtime" "ctguard oci runtime is the same wrapper"
out=$("$RT" --ctguard-config "$T/reject.yaml" --ctguard-check 2>&1); rc=$?
t_is "$rc" 0 "--ctguard-check with a good configuration exits 0"
t_like "$out" "mode: reject" "--ctguard-check prints the mode"
t_like "$out" "seccomp: builtin:default" "--ctguard-check prints the policy's seccomp profile"
out=$(CTGUARD_RUNTIME_CONFIG="$T/audit.yaml" "$RT" --ctguard-check 2>&1)
t_like "$out" "mode: audit" "CTGUARD_RUNTIME_CONFIG selects the configuration"
out=$(CTGUARD_RUNTIME_CONFIG="$T/none.yaml" "$RT" --ctguard-check 2>&1)
t_like "$out" "no file: the defaults" "a missing configuration means the defaults"
t_like "$out" "policy: builtin:restricted" "the default policy is restricted"
t_like "$out" "mode: enforce" "the default mode is enforce"

for args in "state ID" "--root /run/x --log /tmp/l --log-format json kill ID KILL" \
	"--root=/r delete --force ID" "exec -t ID sh" "features" "--version" "spec --bundle /x"; do
	rm -f "$T/fake.args"
	# shellcheck disable=SC2086
	"$RT" --ctguard-config "$T/enforce.yaml" $args >/dev/null 2>&1
	rc=$?
	want=$(printf '%s\n' $args)
	t_is "$(cat "$T/fake.args" 2>/dev/null)" "$want" "passes '$args' through untouched, without --ctguard-config"
done
"$RT" --ctguard-config "$T/enforce.yaml" state ID >/dev/null 2>&1
t_is "$?" 7 "the real runtime's exit status is the wrapper's"

# --- enforce: the rewrite ---------------------------------------------------------------------
B=$T/b1
bundle "$B"
before=$(cat "$B/config.json")
rm -f "$T/fake.args"
err=$("$RT" --ctguard-config "$T/enforce.yaml" --log "$T/runc.log" --log-format json create --bundle "$B" --pid-file "$T/pid" ct1 2>&1 >/dev/null)
t_is "$?" 0 "enforce: a fixable config is created"
args=$(cat "$T/fake.args")
priv=$(sed -n 7p "$T/fake.args")
t_is "${args/$priv/PRIVATE}" "--log
$T/runc.log
--log-format
json
create
--bundle
PRIVATE
--pid-file
$T/pid
ct1" "enforce: the real runtime gets the original arguments, the bundle replaced by a private copy"
t_like "$priv" "^/run/ctguard/bundles/ct1\.[A-Za-z0-9]{6}\$" "enforce: the private bundle is under /run/ctguard/bundles, named for the container"
t_is "$(stat -c '%a %U' "$priv")" "700 root" "enforce: the private bundle is root's alone"
t_is "$(jq_ "$T/fake.read" 'c')" "$(jq_ "$B/config.json" 'dict(c, root=dict(c["root"], path="'"$B"'/rootfs"))')" "enforce: runc reads the rewritten config (root.path made absolute)"
t_is "$(cat "$B/config.json.ctguard-orig")" "$before" "enforce: the original config is kept beside it"
t_is "$(jq_ "$B/config.json" 'c["process"]["user"]')" '{"additionalGids": [], "gid": 65534, "uid": 65534}' "enforce: root replaced by the policy's user"
t_is "$(jq_ "$B/config.json" 'sorted(set(sum(c["process"]["capabilities"].values(), [])))')" '[]' "enforce: every capability removed from every set"
t_is "$(jq_ "$B/config.json" 'c["linux"]["seccomp"]["defaultAction"]')" '"SCMP_ACT_ERRNO"' "enforce: the default profile is put in place"
t_is "$(jq_ "$B/config.json" 'c["linux"]["seccomp"]["architectures"]')" '["SCMP_ARCH_X86_64"]' "enforce: the profile names the native architecture"
t_is "$(jq_ "$B/config.json" '[r for r in c["linux"]["seccomp"]["syscalls"] if "clone3" in r["names"]][0]["errnoRet"]')" 38 "enforce: clone3 answers ENOSYS as under ctguard run"
t_is "$(jq_ "$B/config.json" '"/proc/kcore" in c["linux"]["maskedPaths"] and "/sys/firmware" in c["linux"]["maskedPaths"]')" true "enforce: masked paths added to the existing ones"
t_is "$(jq_ "$B/config.json" '[r for r in c["process"]["rlimits"] if r["type"] == "RLIMIT_CORE"]')" '[{"hard": 0, "soft": 0, "type": "RLIMIT_CORE"}]' "enforce: rlimits of the policy added"
t_like "$(jq_ "$B/config.json" 'c["annotations"]["io.ctguard.runtime"]')" "policy=builtin:restricted mode=enforce" "enforce: the config says it was rewritten"
t_is "$(stat -c %a "$B/config.json")" 640 "enforce: the file mode is kept"
t_is "$(ls -A "$B" | grep -c '^\.')" 0 "enforce: no temporary file is left behind"
t_unlike "$err" "capabilities: removed" "enforce: with --log (an engine calling), changes stay off stderr, which podman would print"
t_like "$(cat "$T/runc.log")" "capabilities: removed CAP_KILL" "enforce: each change is in the log"
t_like "$(cat "$T/runc.log")" '"level":"info","msg":"ctguard-runtime: user: uid 0' "enforce: changes reach runc's --log file as JSON lines"
first=$(cat "$B/config.json.ctguard-orig")
"$RT" --ctguard-config "$T/enforce.yaml" run -b "$B" ct1 >/dev/null 2>&1
t_is "$(cat "$B/config.json.ctguard-orig")" "$first" "enforce: a second launch of a rewritten bundle keeps the first original"

# The bundle is found as runc finds it: -b, --bundle=, -bundle, -b=, else the working directory.
for form in "-b DIR" "--bundle=DIR" "-bundle DIR" "-b=DIR" "cwd" "after-id"; do
	bundle "$T/b2"
	if [ "$form" = cwd ]; then
		(cd "$T/b2" && "$RT" --ctguard-config "$T/enforce.yaml" create --console-socket /x ct2 >/dev/null 2>&1)
	elif [ "$form" = after-id ]; then
		# runc reads create's options after the id too (and the last --bundle wins).
		(cd "$T" && "$RT" --ctguard-config "$T/enforce.yaml" create --bundle "$T/b1" ct2 --bundle "$T/b2" >/dev/null 2>&1)
	else
		# shellcheck disable=SC2086
		"$RT" --ctguard-config "$T/enforce.yaml" create ${form/DIR/$T/b2} ct2 >/dev/null 2>&1
	fi
	t_is "$(jq_ "$T/b2/config.json" 'c["process"]["user"]["uid"]')" 65534 "bundle given as '$form' is the one rewritten"
	t_is "$(jq_ "$T/fake.read" 'c["process"]["user"]["uid"]')" 65534 "bundle given as '$form': runc is pointed at the private copy"
	t_is "$(grep -c -- '/ctguard/bundles/' "$T/fake.args")" 1 "bundle given as '$form': once, in place of the engine's bundle"
done

# "--bundle=" (runc: "" is the working directory) is dropped with the private copy inserted:
# kept, its "" came last and runc read the engine's config.json again (a swap after judging ran).
bundle "$T/b2"
for form in "--bundle=" "-b=" "--bundle=$T/b1 --bundle="; do
	# shellcheck disable=SC2086
	rm -f "$T/fake.args"
	(cd "$T/b2" && "$RT" --ctguard-config "$T/enforce.yaml" run $form ct2 >/dev/null 2>&1)
	t_is "$(grep -c -- '^--bundle$' "$T/fake.args") $(grep -c -- '^-b=\|^--bundle=' "$T/fake.args")" "1 0" "run $form ID: runc gets only the private copy's --bundle"
done

bundle "$T/b2"
"$RT" --ctguard-config "$T/enforce.yaml" restore --image-path /x -b "$T/b2" ct2 >/dev/null 2>&1
t_is "$(jq_ "$T/b2/config.json" 'c["process"]["user"]["uid"]')" 65534 "restore (a container from a checkpoint and the bundle's config) is gated too"

# Paths runc resolves against the bundle (it runs in it) are judged resolved the same way: a
# bind of "../../../../../../etc" relative to the bundle is the host's /etc, and the gate used
# to skip relative sources. The private copy holds them absolute, as runc would have made them.
bundle "$T/b4" 'c["process"]["user"] = {"uid": 1000, "gid": 1000}
for k in c["process"]["capabilities"]: c["process"]["capabilities"][k] = []
c["mounts"].append({"destination": "/host-etc", "type": "bind", "source": "../../../../../../../../etc", "options": ["rbind", "rw"]})'
rm -f "$T/fake.read"
err=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/b4" ct4 2>&1)
t_is "$?" 1 "reject: a bind mount of the host's /etc written relative to the bundle is refused"
t_like "$err" "mounts the host's /etc on /host-etc" "reject: the relative source is judged as runc resolves it"
"$RT" --ctguard-config "$T/audit.yaml" create -b "$T/b4" ct4 >/dev/null 2>&1
t_is "$(jq_ "$T/fake.read" '[m["source"] for m in c["mounts"]]')" '["proc", "/etc"]' "audit: runc's private copy holds the bind source absolute (proc is not a bind)"
t_is "$(jq_ "$T/fake.read" 'c["root"]["path"]')" "\"$T/b4/rootfs\"" "audit: and root.path absolute against the bundle"

# A config that already complies is not rewritten.
bundle "$T/b3" 'c["process"]["user"] = {"uid": 1000, "gid": 1000}
for k in c["process"]["capabilities"]: c["process"]["capabilities"][k] = []
c["linux"]["maskedPaths"] = ["/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/devices/virtual/powercap", "/sys/firmware"]
c["linux"]["readonlyPaths"] = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
c["process"]["rlimits"].append({"type": "RLIMIT_CORE", "hard": 0, "soft": 0})'
"$RT" --ctguard-config "$T/enforce.yaml" create -b "$T/b3" ct3 >/dev/null 2>"$T/err"
t_is "$?" 0 "enforce: a config that only lacks seccomp is created"
t_like "$(cat "$T/err")" "seccomp: the policy's profile 'builtin:default' put in place \\(the config has no seccomp filter\\)" "enforce: a missing filter is the only change"
python3 - "$T/b3/config.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
json.dump(c, open(sys.argv[1], "w"), indent=1)
EOF
cp "$T/b3/config.json" "$T/b3.done"
"$RT" --ctguard-config "$T/enforce.yaml" create -b "$T/b3" ct3 >/dev/null 2>"$T/err"
t_is "$(cat "$T/b3/config.json")" "$(cat "$T/b3.done")" "enforce: a config that complies is left as it is"
t_unlike "$(cat "$T/err")" "rewritten" "enforce: nothing rewritten is logged for a compliant config"

# A config whose own filter is weaker than the policy's gets the policy's.
bundle "$T/b4" 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "keyctl", "bpf"], "action": "SCMP_ACT_ALLOW"}]}'
"$RT" --ctguard-config "$T/enforce.yaml" create -b "$T/b4" ct4 >/dev/null 2>"$T/err"
t_like "$(cat "$T/err")" "allows what the policy's profile refuses: keyctl, bpf" "enforce: a weaker filter is named by what it lets through"
t_is "$(jq_ "$T/b4/config.json" '"bpf" in sum([r["names"] for r in c["linux"]["seccomp"]["syscalls"] if r["action"] == "SCMP_ACT_ALLOW"], [])')" false "enforce: the weaker filter is replaced"

# The config's filter as runc reads it: Docker's profile keys (includes/excludes, name) are not
# runc's, so a rule allowing bpf "only with CAP_SYS_ADMIN" allows it unconditionally, and a
# rule naming a syscall by "name" names nothing.
bundle "$T/b4i" 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}, {"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}'
"$RT" --ctguard-config "$T/enforce.yaml" create -b "$T/b4i" ct4i >/dev/null 2>"$T/err"
t_like "$(cat "$T/err")" "allows what the policy's profile refuses: bpf" "enforce: a Docker-only caps condition is judged as runc reads it (unconditional)"
cat >"$T/keyctl.json" <<'EOF2'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["keyctl"], "action": "SCMP_ACT_ERRNO"}]}
EOF2
printf 'version: 1\nuser: 65534\ngroup: 65534\nseccomp: %s\n' "$T/keyctl.json" >"$T/keyctl.policy"
chmod 644 "$T/keyctl.json" "$T/keyctl.policy"
conf keyctl enforce "$T/keyctl.policy"
bundle "$T/b4n" 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"name": "keyctl", "action": "SCMP_ACT_ERRNO"}]}'
"$RT" --ctguard-config "$T/keyctl.yaml" create -b "$T/b4n" ct4n >/dev/null 2>"$T/err"
t_like "$(cat "$T/err")" "seccomp: the policy's profile .* put in place" "enforce: a refusal by Docker's 'name' is no refusal for runc: the filter is replaced"
bundle "$T/b4k" 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["keyctl"], "action": "SCMP_ACT_ERRNO"}]}'
"$RT" --ctguard-config "$T/keyctl.yaml" create -b "$T/b4k" ct4k >/dev/null 2>"$T/err"
t_unlike "$(cat "$T/err")" "seccomp:" "enforce: the same refusal by 'names' is kept"
# seccomp_mode: log: the policy's refusals log, so a config holding the policy's log-mode
# filter (what enforce wrote) is not weaker and is left alone on the next launch.
printf 'version: 1\nuser: 65534\ngroup: 65534\nseccomp: default\nseccomp_mode: log\n' >"$T/log.policy"
chmod 644 "$T/log.policy"
conf logmode enforce "$T/log.policy"
bundle "$T/b4l"
"$RT" --ctguard-config "$T/logmode.yaml" create -b "$T/b4l" ct4l >/dev/null 2>"$T/err"
t_like "$(cat "$T/err")" "seccomp: the policy's profile 'builtin:default' put in place" "log mode: the filter is put in place"
"$RT" --ctguard-config "$T/logmode.yaml" create -b "$T/b4l" ct4l >/dev/null 2>"$T/err"
t_unlike "$(cat "$T/err")" "seccomp:" "log mode: the filter enforce wrote is not replaced again"

# Syscalls newer than the installed libseccomp: runc skips their names, so a config refusing
# only them refuses nothing, and a policy profile refusing them cannot be handed to runc.
if python3 -c 'import ctypes,sys; l=ctypes.CDLL("libseccomp.so.2"); sys.exit(0 if l.seccomp_syscall_resolve_name(b"mseal") < 0 else 1)'; then
	cat >"$T/small.json" <<'EOF2'
{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"}]}
EOF2
	printf 'version: 1\nuser: 65534\ngroup: 65534\nseccomp: %s\n' "$T/small.json" >"$T/small.policy"
	chmod 644 "$T/small.json" "$T/small.policy"
	conf small enforce "$T/small.policy"
	bundle "$T/b4m" 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"}, {"names": ["mseal"], "action": "SCMP_ACT_ALLOW"}]}'
	"$RT" --ctguard-config "$T/small.yaml" create -b "$T/b4m" ct4m >/dev/null 2>"$T/err"
	t_unlike "$(cat "$T/err")" "seccomp:" "enforce: an allowed syscall runc cannot name is no allowance (runc skips the name)"
	cat >"$T/newer.json" <<'EOF2'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mseal"], "action": "SCMP_ACT_ERRNO"}]}
EOF2
	printf 'version: 1\nuser: "65534"\ngroup: "65534"\nseccomp: %s\n' "$T/newer.json" >"$T/newer.policy"
	chmod 644 "$T/newer.json" "$T/newer.policy"
	conf newer enforce "$T/newer.policy"
	bundle "$T/b4o"
	rm -f "$T/fake.args"
	"$RT" --ctguard-config "$T/newer.yaml" create -b "$T/b4o" ct4o >/dev/null 2>"$T/err"
	t_is "$?" 2 "enforce: a policy profile refusing a syscall runc cannot name is not handed to runc"
	t_like "$(cat "$T/err")" "'mseal' is unknown to the installed libseccomp, so runc would skip this refusal" "enforce: and says why"
	t_ok "enforce: and runc did not run" test ! -e "$T/fake.args"
else
	for i in 1 2 3 4; do t_skip "the installed libseccomp knows mseal: no newer syscall to test with"; done
fi

# --- the container section: isolate, remove, refuse -------------------------------------------
cat >"$T/iso.policy" <<'EOF'
version: 1
user: app
container:
  readonly_rootfs: true
  on_host_namespace: isolate
  on_forbidden_mount: remove
EOF
chmod 644 "$T/iso.policy"
conf iso enforce "$T/iso.policy"
mkdir -p "$T/run/containerd"
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$T/run/containerd/containerd.sock"
bundle "$T/b5" 'c["root"]["readonly"] = False
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] not in ("pid", "network")]
c["mounts"] += [{"destination": "/var/run/docker.sock", "type": "bind", "source": "/var/run/docker.sock", "options": ["rbind"]},
                {"destination": "/host", "type": "bind", "source": "/", "options": ["rbind", "ro"]},
                {"destination": "/c", "type": "none", "source": "'"$T"'/run/containerd/containerd.sock", "options": ["bind"]},
                {"destination": "/data", "type": "bind", "source": "/srv/data", "options": ["rbind"]}]'
"$RT" --ctguard-config "$T/iso.yaml" create -b "$T/b5" ct5 >/dev/null 2>"$T/err"
t_is "$?" 0 "isolate/remove policy: the config is made to comply"
t_is "$(jq_ "$T/b5/config.json" 'sorted(n["type"] for n in c["linux"]["namespaces"])')" '["ipc", "mount", "network", "pid", "uts"]' "isolate: host pid and network namespaces replaced by the container's own"
t_is "$(jq_ "$T/b5/config.json" '[m["destination"] for m in c["mounts"]]')" '["/proc", "/data"]' "remove: socket and / binds dropped, an ordinary bind kept"
t_is "$(jq_ "$T/b5/config.json" 'c["root"]["readonly"]')" true "readonly_rootfs: the root made read-only"
t_is "$(jq_ "$T/b5/config.json" '[c["process"]["user"]["uid"], c["process"]["user"]["gid"]]')" '[1500, 1600]' "a user name is resolved in the container's own /etc/passwd"
t_like "$(cat "$T/err")" "removed the bind of the host's $T/run/containerd/containerd.sock on /c \\(a container runtime's API socket" "remove: a socket found by its name is named in the log"

bundle "$T/b6" 'c["mounts"].append({"destination": "/s", "type": "bind", "source": "/var/run/docker.sock", "options": ["rbind"]})
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"]'
d0=$(digest "$T/b6"); rm -f "$T/fake.args"
err=$("$RT" --ctguard-config "$T/enforce.yaml" --log "$T/r6.log" --log-format json create -b "$T/b6" ct6 2>&1)
t_is "$?" 1 "enforce with refuse: a forbidden mount refuses the container (exit 1)"
t_like "$err" "mounts the host's /var/run/docker.sock on /s" "refusal names the mount"
t_like "$err" "shares the host's pid namespace; the policy lets a container share only: cgroup, time, user" "refusal names the host namespace and what is allowed"
t_like "$err" "refused by policy 'builtin:restricted' \\(enforce mode\\): 2 violations" "refusal names the policy and counts the violations"
t_is "$(digest "$T/b6")" "$d0" "refused: the bundle is untouched"
t_ok "refused: the real runtime is not run" test ! -e "$T/fake.args"
t_like "$(tail -n 1 "$T/r6.log")" '^\{"level":"error","msg":"ctguard-runtime: refused by policy' "refusal reaches runc's --log as a JSON error line (where podman looks)"
"$RT" --ctguard-config "$T/enforce.yaml" --log "$T/r6.txt" create -b "$T/b6" ct6 >/dev/null 2>&1
t_like "$(tail -n 1 "$T/r6.txt")" '^time="[0-9T:-]*Z" level=error msg="ctguard-runtime: refused' "without --log-format json the log line is runc's text format"

# A bind source is judged as the kernel mounts it: resolved ("//", "/etc/", "/tmp/..", a symlink
# to /), and runc is handed the resolved path.
ln -s / "$T/to-root"; mkdir -p "$T/datadir"; ln -s datadir "$T/to-data"
hard0='c["process"]["user"] = {"uid": 1000, "gid": 1000}
for k in c["process"]["capabilities"]: c["process"]["capabilities"][k] = []
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ERRNO"}'
bundle "$T/b7" "$hard0"'
c["mounts"] += [{"destination": "/a", "type": "bind", "source": "//", "options": ["rbind"]},
                {"destination": "/b", "type": "bind", "source": "/etc/", "options": ["rbind"]},
                {"destination": "/c", "type": "bind", "source": "/tmp/..", "options": ["rbind"]},
                {"destination": "/d", "type": "bind", "source": "'"$T"'/to-root", "options": ["rbind"]}]'
rm -f "$T/fake.args"
err=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/b7" ct7 2>&1)
t_is "$?" 1 "reject: binds of //, /etc/, /tmp/.. and a symlink to / are refused"
t_like "$err" "mounts the host's / on /a " "reject: // is judged as /"
t_like "$err" "mounts the host's /etc on /b " "reject: /etc/ is judged as /etc"
t_like "$err" "mounts the host's / on /c " "reject: /tmp/.. is judged as /"
t_like "$err" "mounts the host's / on /d " "reject: a symlink to / is judged as /"
t_ok "reject: ... and the real runtime is not run" test ! -e "$T/fake.args"
bundle "$T/b9" "$hard0"'
c["mounts"] += [{"destination": "/disk", "type": "ext4", "source": "/dev/vda", "options": ["rw"]},
                {"destination": "/o", "type": "overlay", "source": "overlay", "options": ["lowerdir=/etc"]},
                {"destination": "/p", "type": "proc", "source": "proc"},
                {"destination": "/t", "type": "tmpfs", "source": "tmpfs"}]'
err=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/b9" ct9 2>&1)
t_is "$?" 1 "reject: an ext4 mount of a block device and an overlay over /etc are refused (runc mounts them as root)"
t_like "$err" "mounts /dev/vda on /disk \\(a filesystem mount runc makes as root \\(type 'ext4'\\)" "reject: the device mount is named"
t_like "$err" "mounts overlay on /o \\(a filesystem mount runc makes as root \\(type 'overlay'\\)" "reject: the overlay is named"
t_like "$err" "mounts proc on /p \\(a procfs besides /proc" "reject: a second procfs (its sys/ not read-only) is refused"
t_unlike "$err" "on /proc " "reject: the procfs on /proc is not a violation"
t_unlike "$err" "on /t " "reject: a tmpfs is not a violation"
bundle "$T/b8" "$hard0"'
c["mounts"] += [{"destination": "/data", "type": "bind", "source": "'"$T"'/to-data", "options": ["rbind"]}]'
"$RT" --ctguard-config "$T/reject.yaml" create -b "$T/b8" ct8 >/dev/null 2>&1
t_is "$?" 0 "reject: a bind through a symlink to an ordinary directory runs"
t_is "$(jq_ "$T/fake.read" 'c["mounts"][-1]["source"]')" "\"$(realpath "$T/datadir")\"" "... with runc handed the resolved source"

# Syslog: in a mount namespace of its own with a fresh /dev, a datagram listener on /dev/log
# receives what the wrapper logs.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	bundle "$T/bsys"
	# shellcheck disable=SC2016
	unshare -m --propagation private sh -c '
		mount -t tmpfs tmpfs /dev && mknod -m 666 /dev/null c 1 3 || exit 9
		/usr/bin/python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(\"/dev/log\")
s.settimeout(5)
with open(sys.argv[1], \"w\") as out:
    try:
        while True:
            out.write(s.recv(4096).decode(\"utf-8\", \"replace\") + \"\n\")
            out.flush()
    except socket.timeout:
        pass
" "$1/syslog.txt" &
		for i in $(seq 1 50); do [ -S /dev/log ] && break; sleep 0.1; done
		"$2" --ctguard-config "$1/reject.yaml" create -b "$1/bsys" ctsys >/dev/null 2>&1
		sleep 0.3
		kill $! 2>/dev/null
		exit 0' sh "$T" "$RT"
	log=$(cat "$T/syslog.txt" 2>/dev/null)
	t_like "$log" '^<8[3-6]>.*ctguard-runtime\[[0-9]+\]: ctsys: runs as root' "syslog: each violation is sent to /dev/log (ident ctguard-runtime, LOG_AUTHPRIV)"
	t_like "$log" "ctsys: refused by policy 'builtin:restricted'" "syslog: the refusal is sent too"
else
	t_skip 2 "needs root and unshare for a private /dev/log"
fi

# --- reject and audit --------------------------------------------------------------------------
bundle "$T/b7"
d0=$(digest "$T/b7"); rm -f "$T/fake.args"
err=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/b7" ct7 2>&1)
t_is "$?" 1 "reject: a non-compliant config is refused"
t_like "$err" "runs as root \\(uid 0\\)" "reject: root named"
t_like "$err" "capabilities beyond the policy's: CAP_KILL, CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE" "reject: extra capabilities named"
t_like "$err" "seccomp: the config has no seccomp filter" "reject: the missing filter named"
t_is "$(digest "$T/b7")" "$d0" "reject: the bundle is untouched"
t_ok "reject: the real runtime is not run" test ! -e "$T/fake.args"
err=$("$RT" --ctguard-config "$T/audit.yaml" create -b "$T/b7" ct7 2>&1)
t_is "$?" 0 "audit: a non-compliant config is created"
t_like "$err" "policy violation \\(audit mode, allowed\\): runs as root" "audit: violations are logged"
t_is "$(digest "$T/b7")" "$d0" "audit: the bundle is untouched"
t_ok "audit: the real runtime runs" test -e "$T/fake.args"
bundle "$T/b8" 'c["process"]["user"] = {"uid": 1000, "gid": 1000}
for k in c["process"]["capabilities"]: c["process"]["capabilities"][k] = []
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW"}'
err=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/b8" ct8 2>&1)
t_is "$?" 0 "reject: non-root, no capabilities, NNP and a filter: created"
t_like "$err" "info: seccomp: the config's seccomp filter allows" "reject: a weaker filter is logged, not refused"

# --- exec: the process runc is asked to start in a running container ---------------------------
python3 - "$T/proc.json" <<'EOF'
import json, sys
caps = ["CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_NET_RAW"]
json.dump({"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/",
           "capabilities": {k: caps for k in ("bounding", "effective", "permitted")},
           "noNewPrivileges": False}, open(sys.argv[1], "w"))
EOF
cp "$T/proc.json" "$T/proc.orig"
err=$("$RT" --ctguard-config "$T/reject.yaml" exec --process "$T/proc.json" -d ct1 2>&1)
t_is "$?" 1 "reject: exec --process with root and CAP_SYS_ADMIN is refused"
t_like "$err" "capabilities beyond the policy's: CAP_CHOWN, CAP_NET_RAW, CAP_SYS_ADMIN" "reject: the exec'd process's capabilities are named"
t_is "$(cat "$T/proc.json")" "$(cat "$T/proc.orig")" "reject: the process file is untouched"
rm -f "$T/fake.args"
"$RT" --ctguard-config "$T/enforce.yaml" exec --process="$T/proc.json" -d ct1 >/dev/null 2>&1
t_is "$?" 0 "enforce: exec --process= is rewritten and run"
t_is "$(jq_ "$T/proc.json" '[c["user"]["uid"], c["noNewPrivileges"], sorted(set(sum(c["capabilities"].values(), [])))]')" '[65534, true, []]' "enforce: the exec'd process is non-root, NNP, without capabilities"
t_like "$(sed -n 2p "$T/fake.args")" "^--process=/run/ctguard/bundles/ct1\.[A-Za-z0-9]{6}/process.json\$" "enforce: runc gets a private copy of the --process file"
t_is "$(jq_ "$T/fake.read" 'c')" "$(jq_ "$T/proc.json" 'c')" "enforce: the private copy is the rewritten process"
rm -f "$T/fake.args"
"$RT" --ctguard-config "$T/enforce.yaml" exec -u 0:0 --cap CAP_SYS_ADMIN --cap=CAP_KILL -t ct1 sh -c 'id -u' >/dev/null 2>&1
t_is "$(cat "$T/fake.args")" "exec
-u
65534:65534
-t
ct1
sh
-c
id -u" "enforce: exec -u 0 becomes the policy's user, --cap of capabilities not kept dropped, the command kept"
err=$("$RT" --ctguard-config "$T/reject.yaml" exec --user=0 ct1 id 2>&1)
t_is "$?" 1 "reject: exec --user=0 is refused"
rm -f "$T/fake.args"
"$RT" --ctguard-config "$T/reject.yaml" exec --user 1000:1000 ct1 id >/dev/null 2>&1
t_is "$?" 0 "reject: exec as a non-root user without --cap runs"
t_ok "reject: ... and reaches the real runtime" test -e "$T/fake.args"
# runc's exec: --no-new-privs=false (context.IsSet) clears the config's no_new_privs, so a
# setuid binary in the image runs as root: judged as the process's own no_new_privs.
rm -f "$T/fake.args"
err=$("$RT" --ctguard-config "$T/reject.yaml" exec --user 1000:1000 --no-new-privs=false ct1 id 2>&1)
t_is "$?" 1 "reject: exec --no-new-privs=false is refused"
t_like "$err" "no_new_privs is not set" "reject: exec's cleared no_new_privs is named"
t_ok "reject: ... and the real runtime is not run" test ! -e "$T/fake.args"
"$RT" --ctguard-config "$T/enforce.yaml" exec -u 1000:1000 --no-new-privs=0 -t ct1 id >/dev/null 2>&1
t_is "$(cat "$T/fake.args")" "exec
-u
1000:1000
-t
ct1
id" "enforce: exec --no-new-privs=0 is dropped (the config's no_new_privs applies)"
"$RT" --ctguard-config "$T/enforce.yaml" exec -u 1000:1000 --no-new-privs ct1 id >/dev/null 2>&1
t_is "$(sed -n 4p "$T/fake.args")" "--no-new-privs" "enforce: exec --no-new-privs (true) is kept"

# --- groups, hooks, devices, labels (issue 11, defect 4) ---------------------------------------
hard='c["process"]["user"] = {"uid": 1000, "gid": 1000}
for k in c["process"]["capabilities"]: c["process"]["capabilities"][k] = []
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ERRNO"}'
bundle "$T/g1" "$hard"'
c["process"]["user"] = {"uid": 1000, "gid": 0, "additionalGids": [0, 6, 100]}'
d0=$(digest "$T/g1"); rm -f "$T/fake.args"
err=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/g1" g1 2>&1)
t_is "$?" 1 "reject: gid 0 and supplementary groups 0 and 6 refuse the container"
t_like "$err" "primary group gid 0 is forbidden by the policy \(container.allow_root_group: false\)" "reject: primary gid 0 named"
t_like "$err" "supplementary group gid 0 is forbidden" "reject: supplementary gid 0 named"
t_like "$err" "supplementary group gid 6 is forbidden by the policy \(container.forbidden_gids\)" "reject: supplementary gid 6 (disk) named"
t_unlike "$err" "gid 100" "reject: an ordinary supplementary group is not a violation"
t_is "$(digest "$T/g1")" "$d0" "reject: the bundle is untouched"
t_ok "reject: the real runtime is not run" test ! -e "$T/fake.args"
"$RT" --ctguard-config "$T/enforce.yaml" create -b "$T/g1" g1 >/dev/null 2>"$T/err"
t_is "$?" 0 "enforce: forbidden groups are rewritten"
t_is "$(jq_ "$T/g1/config.json" 'c["process"]["user"]')" '{"additionalGids": [100], "gid": 65534, "uid": 1000}' "enforce: gid 0 replaced by the policy's group, groups 0 and 6 dropped"
t_like "$(cat "$T/err")" "group: primary gid 0 replaced by the policy's group \(gid 65534\)" "enforce: the group change is logged"

bundle "$T/h1" "$hard"'
c["hooks"] = {"prestart": [{"path": "/bin/sh", "args": ["sh", "-c", "touch /tmp/x"]}],
              "poststop": [{"path": "/usr/libexec/ok-hook"}]}'
d0=$(digest "$T/h1"); rm -f "$T/fake.args"
err=$("$RT" --ctguard-config "$T/enforce.yaml" create -b "$T/h1" h1 2>&1)
t_is "$?" 1 "enforce: a hook refuses the container (hooks are never removed)"
t_like "$err" "hooks.prestart runs '/bin/sh' as root on the host and the policy does not allow it" "enforce: the prestart hook is named"
t_like "$err" "hooks.poststop runs '/usr/libexec/ok-hook'" "enforce: each hook is named"
t_is "$(digest "$T/h1")" "$d0" "enforce: a refused bundle is untouched"
t_ok "enforce: the real runtime is not run" test ! -e "$T/fake.args"
printf 'version: 1\nuser: "1000"\ncontainer:\n  allowed_hooks: [/usr/libexec/ok-hook]\n' >"$T/hooks.policy"
chmod 644 "$T/hooks.policy"
conf hooks reject "$T/hooks.policy"
err=$("$RT" --ctguard-config "$T/hooks.yaml" create -b "$T/h1" h1 2>&1)
t_like "$err" "hooks.prestart runs '/bin/sh'" "allowed_hooks: an unlisted hook is still refused"
t_unlike "$err" "ok-hook" "allowed_hooks: a listed hook is allowed"

bundle "$T/d1" "$hard"'
c["linux"]["devices"] = [{"path": "/dev/sda", "type": "b", "major": 8, "minor": 0},
                         {"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229},
                         {"path": "/dev/null", "type": "c", "major": 1, "minor": 3}]
c["linux"]["resources"] = {"devices": [{"allow": False, "access": "rwm"},
                                       {"allow": True, "access": "rwm"},
                                       {"allow": True, "type": "c", "major": 10, "minor": 229, "access": "rwm"},
                                       {"allow": True, "type": "c", "major": 136, "access": "rwm"}]}'
err=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/d1" d1 2>&1)
t_is "$?" 1 "reject: device nodes and an allow-all device rule refuse the container"
t_like "$err" "creates device nodes of b 8:0 /dev/sda" "reject: the block device node is named"
t_like "$err" "the device cgroup allows every device, c 10:229" "reject: the allow-all rule ({allow: true, access: rwm}) is named"
t_unlike "$err" "1:3|136" "reject: runc's own devices (/dev/null, ptys) are not violations"
"$RT" --ctguard-config "$T/enforce.yaml" create -b "$T/d1" d1 >/dev/null 2>"$T/err"
t_is "$?" 0 "enforce: forbidden devices are removed"
t_is "$(jq_ "$T/d1/config.json" '[d["path"] for d in c["linux"]["devices"]]')" '["/dev/null"]' "enforce: device nodes outside the policy removed"
t_is "$(jq_ "$T/d1/config.json" 'c["linux"]["resources"]["devices"]')" '[{"access": "rwm", "allow": false}, {"access": "rwm", "allow": true, "major": 136, "type": "c"}]' "enforce: allow rules outside the policy removed, the deny-all kept"
printf 'version: 1\nuser: "1000"\ncontainer:\n  allowed_devices: ["c 10:229", "b 8:0"]\n' >"$T/dev.policy"
chmod 644 "$T/dev.policy"
conf dev reject "$T/dev.policy"
bundle "$T/d1" "$hard"'
c["linux"]["devices"] = [{"path": "/dev/sda", "type": "b", "major": 8, "minor": 0},
                         {"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229}]'
"$RT" --ctguard-config "$T/dev.yaml" create -b "$T/d1" d1 >/dev/null 2>&1
t_is "$?" 0 "allowed_devices: listed devices are allowed"

bundle "$T/l1" "$hard"'
c["process"]["apparmorProfile"] = "unconfined"
c["process"]["selinuxLabel"] = "system_u:system_r:spc_t:s0"
c["linux"]["mountLabel"] = "system_u:object_r:container_file_t:s0:c1,c2"'
err=$("$RT" --ctguard-config "$T/enforce.yaml" create -b "$T/l1" l1 2>&1)
t_is "$?" 1 "enforce: unconfined AppArmor and an spc_t SELinux label refuse the container"
t_like "$err" "AppArmor profile 'unconfined': AppArmor 'unconfined' confines nothing" "enforce: unconfined named"
t_like "$err" "SELinux process label 'system_u:system_r:spc_t:s0': not system_u:system_r with a type of container.selinux_types" "enforce: the SELinux type named"
t_unlike "$err" "mount label" "a container_file_t mount label is allowed"
bundle "$T/l1" "$hard"'
c["process"]["selinuxLabel"] = "unconfined_u:system_r:container_t:s0"'
err=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/l1" l1 2>&1)
t_like "$err" "SELinux process label 'unconfined_u:system_r:container_t:s0'" "reject: an SELinux user other than system_u is refused (PSS: user not set)"
bundle "$T/l1" "$hard"
err=$("$RT" --ctguard-config "$T/reject.yaml" restore --lsm-profile apparmor:unconfined -b "$T/l1" l1 2>&1)
t_is "$?" 1 "reject: restore --lsm-profile apparmor:unconfined is refused"
t_like "$err" "restore --lsm-profile 'apparmor:unconfined'" "reject: the restore option is named"
err=$("$RT" --ctguard-config "$T/enforce.yaml" restore --lsm-mount-context system_u:object_r:etc_t:s0 -b "$T/l1" l1 2>&1)
t_is "$?" 1 "enforce: restore --lsm-mount-context outside the mount types is refused"
rm -f "$T/fake.args"
"$RT" --ctguard-config "$T/reject.yaml" restore --lsm-profile selinux:system_u:system_r:container_t:s0:c1 -b "$T/l1" l1 >/dev/null 2>&1
t_is "$?" 0 "reject: restore --lsm-profile selinux:...container_t is allowed"

# exec: -g, --user U:G, --apparmor, --process-label
err=$("$RT" --ctguard-config "$T/reject.yaml" exec -u 1000:0 -g 6 ct1 id 2>&1)
t_is "$?" 1 "reject: exec --user 1000:0 -g 6 is refused"
t_like "$err" "primary group gid 0" "reject: exec's gid 0 named"
t_like "$err" "supplementary group gid 6" "reject: exec's -g 6 named"
err=$("$RT" --ctguard-config "$T/reject.yaml" exec -u 1000:1000 --apparmor=unconfined --process-label x ct1 id 2>&1)
t_is "$?" 1 "reject: exec --apparmor unconfined is refused"
t_like "$err" "SELinux process label 'x'" "reject: exec --process-label outside the types is refused"
rm -f "$T/fake.args"
"$RT" --ctguard-config "$T/enforce.yaml" exec --user=1000:0 -g 0 -g 100 -g=6 --apparmor unconfined -t ct1 id >/dev/null 2>&1
t_is "$?" 0 "enforce: exec with forbidden groups and label is rewritten and run"
t_is "$(cat "$T/fake.args")" "exec
--user=1000:65534
-g
100
-t
ct1
id" "enforce: exec's gid replaced, -g 0, -g=6 and --apparmor dropped, the rest kept"
rm -f "$T/fake.args"
"$RT" --ctguard-config "$T/enforce.yaml" exec --user 1000 --cap CAP_SYS_ADMIN ct1 id >/dev/null 2>&1
t_is "$(cat "$T/fake.args")" "exec
--user
1000
ct1
id" "enforce: an exec --user the gate did not change is kept as given (the config's gid still applies)"
python3 - "$T/proc.json" <<'EOF'
import json, sys
json.dump({"user": {"uid": 1000, "gid": 0, "additionalGids": [6]}, "args": ["sh"], "cwd": "/",
           "apparmorProfile": "unconfined", "noNewPrivileges": True}, open(sys.argv[1], "w"))
EOF
err=$("$RT" --ctguard-config "$T/enforce.yaml" exec --process "$T/proc.json" ct1 2>&1)
t_is "$?" 1 "enforce: exec --process with unconfined AppArmor is refused (dropping it would leave none)"
t_like "$err" "AppArmor profile 'unconfined'" "enforce: the exec process's profile is named"

# --- errors: each clear, bundle untouched, runtime not run ------------------------------------
fails() { # fails DESC STATUS PATTERN ARGS...
	local desc=$1 want=$2 pat=$3 d
	shift 3
	rm -f "$T/fake.args"
	err=$("$RT" "$@" 2>&1); rc=$?
	t_is "$rc" "$want" "$desc: exit $want"
	t_like "$err" "$pat" "$desc: message"
	t_ok "$desc: the real runtime is not run" test ! -e "$T/fake.args"
}
bundle "$T/bad"
printf '{"ociVersion": "1.0.2",\n "process": {"user": {"uid": 0,}}\n}\n' >"$T/bad/config.json"
d0=$(digest "$T/bad")
fails "malformed config.json" 2 "$T/bad/config.json:2:32: .* is not valid JSON" --ctguard-config "$T/enforce.yaml" create -b "$T/bad" x
t_is "$(digest "$T/bad")" "$d0" "malformed config.json: the bundle is untouched"
echo '{"hello": "world"}' >"$T/bad/config.json"
fails "not an OCI config" 2 "not an OCI runtime config: no string 'ociVersion'" --ctguard-config "$T/enforce.yaml" create -b "$T/bad" x
echo '{"ociVersion": "1.0.2", "process": {"capabilities": {"bounding": "CAP_SYS_ADMIN"}}}' >"$T/bad/config.json"
fails "wrong field type" 2 "process.capabilities.bounding must be a list of strings" --ctguard-config "$T/enforce.yaml" create -b "$T/bad" x
fails "missing bundle" 3 "bundle or config '$T/nope': No such file or directory" --ctguard-config "$T/enforce.yaml" run --bundle "$T/nope" x
conf norunc enforce restricted /nonexistent/runc
bundle "$T/b9"; d0=$(digest "$T/b9")
fails "runtime not found" 3 "runtime '/nonexistent/runc': No such file or directory" --ctguard-config "$T/norunc.yaml" create -b "$T/b9" x
t_is "$(digest "$T/b9")" "$d0" "runtime not found: the bundle is untouched"
conf nopath enforce restricted no-such-runtime-xyz
fails "runtime not in PATH" 3 "runtime 'no-such-runtime-xyz' not found in PATH" --ctguard-config "$T/nopath.yaml" state x
conf loop enforce restricted "$RT"
fails "runtime is ctguard itself" 3 "is ctguard itself" --ctguard-config "$T/loop.yaml" state x
printf 'version: 2\nmode: sometimes\nruntime: ""\nextra: 1\n' >"$T/badconf.yaml"; chmod 644 "$T/badconf.yaml"
fails "bad runtime.yaml" 2 "badconf.yaml:1:10: unsupported version" --ctguard-config "$T/badconf.yaml" state x
t_like "$err" "badconf.yaml:2:7: mode must be enforce, reject or audit, not 'sometimes'" "bad runtime.yaml: every error with line:column"
t_like "$err" "badconf.yaml:4:1: unknown key 'extra'" "bad runtime.yaml: unknown keys are errors"
chmod 666 "$T/enforce.yaml"
fails "runtime.yaml writable by others" 2 "refusing a file writable by others" --ctguard-config "$T/enforce.yaml" state x
chmod 644 "$T/enforce.yaml"
conf badpol enforce /nonexistent/policy.yaml
fails "policy file missing" 2 "/nonexistent/policy.yaml: cannot open" --ctguard-config "$T/badpol.yaml" create -b "$T/b9" x
printf 'version: 1\nuser: nobody-here\n' >"$T/nouser.policy"; chmod 644 "$T/nouser.policy"
conf nouser enforce "$T/nouser.policy"
bundle "$T/b10"; d0=$(digest "$T/b10")
fails "policy user unknown in the container" 1 "the policy's user cannot replace it: unknown user 'nobody-here'" --ctguard-config "$T/nouser.yaml" create -b "$T/b10" x
t_is "$(digest "$T/b10")" "$d0" "policy user unknown: the bundle is untouched"

# An unwritable bundle (a read-only mount): refused, nothing changed, the runtime not run.
if [ "$(id -u)" = 0 ] && mkdir -p "$T/ro" && mount -t tmpfs tmpfs "$T/ro" 2>/dev/null; then
	bundle "$T/ro/b"
	mount -o remount,ro "$T/ro"
	d0=$(digest "$T/ro/b")
	fails "unwritable bundle" 3 "creating a temporary file next to '$T/ro/b/config.json': Read-only file system" --ctguard-config "$T/enforce.yaml" create -b "$T/ro/b" x
	t_is "$(digest "$T/ro/b")" "$d0" "unwritable bundle: untouched"
	umount "$T/ro"
else
	t_skip 4 "needs root to mount a read-only tmpfs"
fi
# --- argv: read as runc reads it (the differential against real runc is in
# tests/integration/oci-runtime-args.sh) ------------------------------------------------------------
bundle "$T/good"; bundle "$T/priv2"
d0=$(digest "$T/good")
rm -f "$T/fake.args"
"$RT" --ctguard-config "$T/enforce.yaml" restore -d --image-path IMG -b "$T/priv2" --work-path --bundle="$T/good" ID >/dev/null 2>&1
t_is "$(jq_ "$T/priv2/config.json" 'c["process"]["user"]["uid"]')" 65534 "restore -d --image-path IMG -b PRIV2 --work-path --bundle=GOOD: PRIV2 (the one runc opens) is judged"
t_is "$(digest "$T/good")" "$d0" "... and GOOD is not"
fails "unknown option of create" 2 "create: flag provided but not defined: -frobnicate" --ctguard-config "$T/enforce.yaml" create --frobnicate -b "$T/good" ID
fails "unknown global option" 2 "runc: flag provided but not defined: -frobnicate" --ctguard-config "$T/enforce.yaml" --frobnicate create -b "$T/good" ID
fails "two forms of --bundle" 2 "Cannot use two forms of the same flag: bundle b" --ctguard-config "$T/enforce.yaml" create --bundle "$T/good" -b "$T/priv2" ID
fails "run -d ID --bundle X (runc reads three arguments)" 2 "run: takes exactly 1 argument, given 3" --ctguard-config "$T/enforce.yaml" run -d ID --bundle "$T/good"
fails "exec without an id" 2 "exec: takes at least 1 argument" --ctguard-config "$T/enforce.yaml" exec --user 1000
fails "exec -g not a base-10 number" 2 "invalid value '0x6' for flag -g" --ctguard-config "$T/enforce.yaml" exec -g 0x6 ct1 id
fails "exec -g negative" 2 "exec --additional-gids '-1' is not a gid" --ctguard-config "$T/enforce.yaml" exec -g -1 ct1 id

# The private bundle lives as long as its container (runc reads it again for every exec
# without --process): the collector keeps a copy whose container runc still has a state file
# for, and removes the others once they are old and many.
if [ "$(id -u)" = 0 ]; then
	base=/run/ctguard/bundles
	bundle "$T/gc"
	"$RT" --ctguard-config "$T/audit.yaml" --root "$T/state" create -b "$T/gc" "ctg-gcalive-$$" >/dev/null 2>&1
	alive=$(grep -o "$base/ctg-gcalive-$$[^ ]*" "$T/fake.args" | head -1)
	"$RT" --ctguard-config "$T/audit.yaml" --root "$T/state" create -b "$T/gc" "ctg-gcdead-$$" >/dev/null 2>&1
	dead=$(grep -o "$base/ctg-gcdead-$$[^ ]*" "$T/fake.args" | head -1)
	mkdir -p "$T/state/ctg-gcalive-$$" && : >"$T/state/ctg-gcalive-$$/state.json"
	for n in $(seq 1 70); do mkdir -p "$base/ctg-gcfill-$$-$n.XXXXXX"; done
	touch -d '5 minutes ago' "$alive" "$dead" "$base"/ctg-gcfill-$$-* "$base/.gc" 2>/dev/null
	"$RT" --ctguard-config "$T/audit.yaml" --root "$T/state" create -b "$T/gc" "ctg-gcnext-$$" >/dev/null 2>&1
	t_ok "private bundle: kept while runc knows its container" test -f "$alive/config.json"
	t_ok "private bundle: removed once its container is gone" test ! -e "$dead"
	t_ok "private bundle: old leftovers removed" test ! -e "$base/ctg-gcfill-$$-1.XXXXXX"
	rm -rf "$alive" "$base"/ctg-gcnext-$$.* "$base"/ctg-gcfill-$$-*
else
	for i in 1 2 3; do t_skip "needs root (the private bundles of root's runc)"; done
fi

t_done
