#!/bin/bash
# deploy/podman/containers.conf for real: with CONTAINERS_CONF naming a copy whose runtime path
# is this build's ctguard-runtime, `podman --runtime ctguard run` starts containers through the
# wrapper (the policy is applied: config.json rewritten, the original kept), `runtime =
# "ctguard"` makes it podman's default, and the wrapper's configuration decides: reject refuses
# a privileged container, audit lets it run unchanged. The configuration goes by
# --runtime-flag ctguard-config=FILE: podman's environment does not reach the runtime (conmon
# starts it), so CTGUARD_RUNTIME_CONFIG cannot be used from here.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"
. "$top_srcdir/tests/integration/deploy-common.sh"

t_need_root
t_need_cmd podman runc busybox python3 tar
"$CTGUARD" oci runtime --ctguard-help >/dev/null 2>&1 ||
	t_skip_all "the OCI wrapper (ctguard oci runtime) is not in this build"
ct_trap
ct_tmpdir
W=$ct_dir
export ASAN_OPTIONS=detect_leaks=0 # the wrapper runs under conmon; containers under seccomp
CTGUARD=$(cd "$(dirname "$CTGUARD")" && pwd)/$(basename "$CTGUARD")
# The build makes $(top_builddir)/ctguard-runtime; any symlink named so works the same.
RT=$(dirname "$CTGUARD")/ctguard-runtime
if [ ! -x "$RT" ]; then
	RT=$W/ctguard-runtime
	ln -s "$CTGUARD" "$RT"
fi
IMAGE=localhost/ctg-bb:test
PFX=ctg-deppod-$$
if ! podman image exists "$IMAGE" 2>/dev/null; then
	ct_busybox_rootfs "$W/bbroot" && tar -C "$W/bbroot" -cf "$W/bb.tar" . &&
		podman import "$W/bb.tar" "$IMAGE" >/dev/null 2>&1 ||
		t_skip_all "podman import of a busybox image failed"
fi

# The snippet with this build's path instead of the install paths, as a user would edit it.
python3 - "$DEPLOY/podman/containers.conf" "$RT" "$W/containers.conf" "$W/default.conf" <<'EOF'
import sys, tomllib
src, rt, out, out_default = sys.argv[1:]
text = open(src).read()
assert '"/usr/local/sbin/ctguard-runtime",' in text and '"/usr/sbin/ctguard-runtime",' in text
text = text.replace('"/usr/local/sbin/ctguard-runtime",', '"%s",' % rt)
text = text.replace('  "/usr/sbin/ctguard-runtime",\n', "")
open(out, "w").write(text)
assert '# runtime = "ctguard"' in text
default = text.replace('# runtime = "ctguard"', 'runtime = "ctguard"')
open(out_default, "w").write(default)
for p in (out, out_default):
    tomllib.load(open(p, "rb"))
EOF
t_is "$?" 0 "the snippet, with this build's ctguard-runtime, is still valid TOML"
export CONTAINERS_CONF=$W/containers.conf
rtconf() { printf 'version: 1\nruntime: %s\npolicy: %s\nmode: %s\n' "$(command -v runc)" "$1" "$2" >"$W/rt-$2.yaml"; }
rtconf restricted enforce
rtconf baseline reject
rtconf baseline audit
LIM=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
userdata() { echo "/var/lib/containers/storage/overlay-containers/$(podman inspect -f '{{.Id}}' "$1")/userdata"; }
status_of() { grep -E "^($2):" "/proc/$(podman inspect -f '{{.State.Pid}}' "$1")/status" | tr -s '\t' ' ' | paste -sd ';'; }

# --- podman --runtime ctguard, enforce restricted -----------------------------------------------
ct_defer "CONTAINERS_CONF='$W/containers.conf' podman rm -f -t 0 '$PFX-enf'"
podman --runtime ctguard --runtime-flag "ctguard-config=$W/rt-enforce.yaml" run "${LIM[@]}" -d --name "$PFX-enf" "$IMAGE" \
	sleep 600 >/dev/null 2>"$W/enf.err"
t_is "$?" 0 "podman --runtime ctguard run starts a container"
[ -s "$W/enf.err" ] && sed 's/^/#   /' "$W/enf.err" | head -5
t_is "$(podman inspect -f '{{.State.Status}} {{.OCIRuntime}}' "$PFX-enf" 2>/dev/null)" "running ctguard" \
	"it runs, with ctguard as its OCI runtime"
u=$(userdata "$PFX-enf")
t_ok "the wrapper kept the original config.json" test -s "$u/config.json.ctguard-orig"
t_like "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["annotations"].get("io.ctguard.runtime"))' "$u/config.json")" \
	"^policy=builtin:restricted mode=enforce changes=[1-9]" "and marked the rewritten one (restricted, enforce)"
t_is "$(status_of "$PFX-enf" 'Uid|CapEff|NoNewPrivs|Seccomp')" \
	"Uid: 65534 65534 65534 65534;CapEff: 0000000000000000;NoNewPrivs: 1;Seccomp: 2" \
	"the container runs as the restricted policy says: nobody, no capabilities, no_new_privs, seccomp"
# podman exec passes through the wrapper untouched: the process runs as podman asks, but inside
# the container's bounding set, which the policy emptied.
out=$(podman exec "$PFX-enf" cat /proc/self/status 2>&1 | grep -E '^(CapBnd|CapEff)' | tr -s '\t' ' ' | paste -sd ';')
t_is "$out" "CapEff: 0000000000000000;CapBnd: 0000000000000000" \
	"a podman exec process cannot hold a capability the policy removed"

# --- runtime = "ctguard": podman's default -------------------------------------------------------
t_is "$(CONTAINERS_CONF=$W/default.conf podman info --format '{{.Host.OCIRuntime.Name}} {{.Host.OCIRuntime.Path}}' 2>/dev/null)" \
	"ctguard $RT" "runtime = \"ctguard\" makes the wrapper podman's default runtime"
ct_defer "CONTAINERS_CONF='$W/default.conf' podman rm -f -t 0 '$PFX-def'"
CONTAINERS_CONF=$W/default.conf \
	podman --runtime-flag "ctguard-config=$W/rt-enforce.yaml" run "${LIM[@]}" -d --name "$PFX-def" "$IMAGE" sleep 600 >/dev/null 2>&1
t_is "$(CONTAINERS_CONF=$W/default.conf podman inspect -f '{{.OCIRuntime}}' "$PFX-def" 2>/dev/null)" ctguard \
	"a plain podman run then uses it"

# --- the wrapper's configuration reaches it through podman and conmon ---------------------------
ct_defer "CONTAINERS_CONF='$W/containers.conf' podman rm -f -t 0 '$PFX-rej'"
out=$(podman --runtime ctguard --runtime-flag "ctguard-config=$W/rt-reject.yaml" run "${LIM[@]}" -d --name "$PFX-rej" \
	--privileged "$IMAGE" sleep 600 2>&1)
t_unlike "$?" "^0$" "mode reject: a privileged container is refused"
t_like "$out" "refused by policy 'builtin:baseline' \(reject mode\)" "and podman's error carries the wrapper's reason"
t_unlike "$(podman inspect -f '{{.State.Status}}' "$PFX-rej" 2>/dev/null)" "running" "nothing runs"
ct_defer "CONTAINERS_CONF='$W/containers.conf' podman rm -f -t 0 '$PFX-aud'"
podman --runtime ctguard --runtime-flag "ctguard-config=$W/rt-audit.yaml" run "${LIM[@]}" -d --name "$PFX-aud" \
	--privileged "$IMAGE" sleep 600 >/dev/null 2>"$W/aud.err"
t_is "$?" 0 "mode audit: the same privileged container runs"
ct_defer "CONTAINERS_CONF='$W/containers.conf' podman rm -f -t 0 '$PFX-ref'"
podman --runtime runc run "${LIM[@]}" -d --name "$PFX-ref" --privileged "$IMAGE" sleep 600 >/dev/null 2>&1
t_is "$(status_of "$PFX-aud" 'CapEff|NoNewPrivs|Seccomp')" "$(status_of "$PFX-ref" 'CapEff|NoNewPrivs|Seccomp')" \
	"unchanged: the same capabilities, no_new_privs and seccomp as under runc alone"
t_ok "and its config.json was left as it was (no original kept aside)" \
	test ! -e "$(userdata "$PFX-aud")/config.json.ctguard-orig"
t_done
