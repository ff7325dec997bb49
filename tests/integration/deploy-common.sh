# Helpers shared by tests/cli/deploy.sh and tests/integration/deploy-*.sh: run the systemd unit
# of deploy/systemd as systemd would (systemd is not PID 1 on the test machines), check its
# system call filter, and turn the DaemonSet's pod spec into a podman command line.
# Source after tests/lib.sh; needs bash and python3.

DEPLOY="$top_srcdir/deploy"

# unit_script UNIT CTGUARD STATEDIR HOSTNAME: prints a bash script that runs the unit's
# ExecStart= and ExecStartPost= lines in order, each as systemd would start it here: the
# Environment= variables, UMask=, a cgroup named like a service, private mount, UTS and network
# namespaces (PrivateMounts=, ProtectHostname=, PrivateNetwork=), the CapabilityBoundingSet=
# and NoNewPrivileges=. %H is HOSTNAME, the installed paths are the build's binary and STATEDIR.
# A command failing stops the script with its status unless the line starts with "-".
unit_script() {
	python3 - "$@" <<'EOF'
import configparser, shlex, sys
unit, ctguard, state, host = sys.argv[1:5]
exec_lines, env, caps, nnp, umask = [], [], None, False, "0022"
ns = []
section = None
for raw in open(unit, encoding="utf-8"):
    line = raw.strip()
    if not line or line[0] in "#;":
        continue
    if line.startswith("["):
        section = line
        continue
    if section != "[Service]":
        continue
    key, _, value = line.partition("=")
    value = value.replace("%H", host)
    if key in ("ExecStart", "ExecStartPost"):
        exec_lines.append(value)
    elif key == "Environment":
        env += shlex.split(value)
    elif key == "CapabilityBoundingSet":
        caps = value.split()
    elif key == "NoNewPrivileges":
        nnp = value == "yes"
    elif key == "UMask":
        umask = value
    elif key in ("PrivateMounts", "ProtectSystem", "PrivateTmp") and value not in ("no", "false"):
        ns.append("--mount")
    elif key == "ProtectHostname" and value == "yes":
        ns.append("--uts")
    elif key == "PrivateNetwork" and value == "yes":
        ns.append("--net")
setpriv = ["setpriv", "--inh-caps", "-all"]
if caps is not None:
    spec = "-all" + "".join(",+" + c.lower().removeprefix("cap_") for c in caps)
    setpriv += ["--bounding-set", spec]
if nnp:
    setpriv.append("--no-new-privs")
unshare = ["unshare"] + sorted(set(ns)) + ["--propagation", "private"] if ns else []
print("set -u")
print("cg=/sys/fs/cgroup/unified/ctguard-audit-test-$$.service")
print("mkdir -p \"$cg\" 2>/dev/null || cg=")
print("umask %s" % umask)
for cmd in exec_lines:
    ignore = cmd.startswith("-")
    argv = shlex.split(cmd.lstrip("-"))
    argv = [a.replace("/usr/local/sbin/ctguard", ctguard).replace("/var/lib/ctguard", state)
            for a in argv]
    full = ["env"] + env + unshare + setpriv + ["--"] + argv
    line = "sh -c 'if [ -n \"$1\" ]; then echo $$ >\"$1/cgroup.procs\"; fi; shift; exec \"$@\"' cg \"$cg\" " + shlex.join(full)
    print(line + (" || true" if ignore else " || { rc=$?; [ -n \"$cg\" ] && rmdir \"$cg\"; exit $rc; }"))
print("[ -z \"$cg\" ] || rmdir \"$cg\" 2>/dev/null || true")
EOF
}

# unit_syscalls_outside UNIT SYSCALL...: prints the system calls of the list that the unit's
# SystemCallFilter= lines refuse, as systemd-analyze expands its sets.
unit_syscalls_outside() {
	python3 - "$@" <<'EOF'
import subprocess, sys
out = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True, text=True,
                     check=True).stdout
groups, cur = {}, None
for line in out.splitlines():
    s = line.strip()
    if not s or s.startswith("#"):
        continue
    if not line[0].isspace() and s.startswith("@"):
        cur = groups.setdefault(s, [])
    elif cur is not None:
        cur.append(s)
def expand(name):
    if not name.startswith("@"):
        return {name}
    if name not in groups:
        raise SystemExit("unknown syscall set %s" % name)
    return set().union(*[expand(m) for m in groups[name]])
allowed = None
for raw in open(sys.argv[1], encoding="utf-8"):
    line = raw.strip()
    if not line.startswith("SystemCallFilter="):
        continue
    spec = line.split("=", 1)[1]
    neg = spec.startswith("~")
    names = set().union(*[expand(n) for n in spec.lstrip("~").split()])
    if allowed is None:  # the first line decides: an allow list (systemd adds @default)
        if neg:
            raise SystemExit("deny-list filters are not handled here")
        allowed = names | expand("@default")
    elif neg:
        allowed -= names
    else:
        allowed |= names
used = set(sys.argv[2:])
print(" ".join(sorted(u for u in used if allowed is not None and u not in allowed)))
EOF
}

# pod_podman_args DAEMONSET NODE RESULTS CONFIGMAPS EMPTY IMAGE: the podman run arguments
# (each ended by a NUL: read them with mapfile -d '') that start the DaemonSet's container as the kubelet would on node NODE:
# host namespaces, user, capabilities, no_new_privs, read-only root, seccomp, memory limit,
# environment (spec.nodeName and $(VAR) references resolved), volumes, command and args.
# The writable hostPath is RESULTS; configMap volumes are written below CONFIGMAPS; a
# DirectoryOrCreate hostPath missing here is EMPTY (what the kubelet would create, without
# creating it on this machine). recursiveReadOnly mount points are listed after an item "--rro", for
# a runtime that knows the option (podman 4 does not).
pod_podman_args() {
	python3 - "$@" <<'EOF'
import os, sys, yaml
path, node, results, cmdir, empty, image = sys.argv[1:7]
docs = [d for d in yaml.safe_load_all(open(path, encoding="utf-8")) if d]
ds = next(d for d in docs if d["kind"] == "DaemonSet")
cms = {d["metadata"]["name"]: d for d in docs if d["kind"] == "ConfigMap"}
spec = ds["spec"]["template"]["spec"]
(c,) = spec["containers"]
a, rro = [], []
for key, flag in (("hostPID", "--pid"), ("hostNetwork", "--network"), ("hostIPC", "--ipc")):
    if spec.get(key):
        a += [flag, "host"]
sc = c.get("securityContext", {})
if "runAsUser" in sc:
    a += ["--user", "%d:%d" % (sc["runAsUser"], sc.get("runAsGroup", 0))]
if sc.get("privileged"):
    a.append("--privileged")
for cap in sc.get("capabilities", {}).get("drop", []):
    a += ["--cap-drop", cap.lower()]
for cap in sc.get("capabilities", {}).get("add", []):
    a += ["--cap-add", cap.lower()]
if sc.get("allowPrivilegeEscalation") is False:
    a += ["--security-opt", "no-new-privileges"]
if sc.get("readOnlyRootFilesystem"):
    a += ["--read-only", "--read-only-tmpfs=false"]
if sc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
    a += ["--security-opt", "seccomp=unconfined"]
mem = c.get("resources", {}).get("limits", {}).get("memory")
if mem:
    a += ["--memory", mem.replace("Mi", "m").replace("Gi", "g")]
env = {}
for e in c.get("env", []):
    if "value" in e:
        v = e["value"]
        for k, old in env.items():
            v = v.replace("$(%s)" % k, old)
    elif e["valueFrom"]["fieldRef"]["fieldPath"] == "spec.nodeName":
        v = node
    else:
        raise SystemExit("unsupported env source in %r" % e)
    env[e["name"]] = v
for k, v in env.items():
    a += ["--env", "%s=%s" % (k, v)]
vols = {v["name"]: v for v in spec.get("volumes", [])}
for m in c.get("volumeMounts", []):
    vol = vols[m["name"]]
    ro = bool(m.get("readOnly"))
    if "configMap" in vol:
        src = os.path.join(cmdir, m["name"])
        os.makedirs(src, exist_ok=True)
        for fname, text in cms[vol["configMap"]["name"]]["data"].items():
            with open(os.path.join(src, fname), "w", encoding="utf-8") as f:
                f.write(text)
    else:
        src, typ = vol["hostPath"]["path"], vol["hostPath"].get("type", "")
        if not ro:
            src = results
        elif not os.path.exists(src):
            if typ != "DirectoryOrCreate":
                raise SystemExit("hostPath %s missing and not DirectoryOrCreate" % src)
            src = empty
    a += ["-v", "%s:%s:%s" % (src, m["mountPath"], "ro" if ro else "rw")]
    if m.get("recursiveReadOnly") == "Enabled":
        rro.append(m["mountPath"])
a += ["--entrypoint", __import__("json").dumps(c["command"]), image] + c.get("args", [])
sys.stdout.write("".join(x + "\0" for x in a + (["--rro"] + rro if rro else [])))
EOF
}
