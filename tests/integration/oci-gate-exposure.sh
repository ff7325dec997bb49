#!/bin/bash
# The OCI gate, `oci check` and the live audit agree on mounts and devices (issue 12): one
# exposure model (policy/exposure.h) for all three. For each podman container of a set of
# configs: the live audit's verdict on policy.mounts.sensitive and policy.devices (--policy
# restricted), `oci check --policy restricted`'s on the config.json podman wrote for runc, and
# whether the gate (ctguard-runtime in reject mode before a stand-in runc) refuses that config
# for a sensitive host path or a device (live, policy.devices is not evaluated: the nodes a
# runtime added are not known; the nodes themselves are compared instead). The gate used to judge bind sources by a list of
# directories and their parents: -v /proc/sys, /var/log, /etc/shadow:ro and a writable bind
# inside /usr passed it while the live audit failed them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"
t_need_root
t_need_cmd podman python3
ct_trap
ct_tmpdir || t_skip_all "cannot make a temporary directory"
T=$ct_dir
P=ctg-gx-$$
RT="$top_builddir/ctguard-runtime"
[ -L "$RT" ] || [ -x "$RT" ] || t_skip_all "ctguard-runtime is not built (make builds it)"
img=localhost/ctg-oc:1
ct_podman_image "$img"

printf '#!/bin/sh\nexit 0\n' >"$T/fake-runc"
chmod 755 "$T/fake-runc"
printf 'version: 1\nruntime: %s\npolicy: restricted\nmode: reject\n' "$T/fake-runc" >"$T/reject.yaml"
chmod 644 "$T/reject.yaml"
mkdir -p "$T/data"

# name|podman flags|expected policy.mounts.sensitive|expected policy.devices
cases=(
	"procsys|-v /proc/sys:/x|fail|pass"
	"varlog|-v /var/log:/var/log|fail|pass"
	"shadow|-v /etc/shadow:/x:ro|fail|pass"
	"usrrw|-v /usr/share:/y|fail|pass"
	"usrro|-v /usr/share:/y:ro|pass|pass"
	"data|-v $T/data:/data|pass|pass"
	"volume|-v $P-vol:/vol|pass|pass"
	"kmsg|--device /dev/kmsg|pass|fail"
)
ct_defer "podman volume rm -f '$P-vol' >/dev/null 2>&1"
names=()
for c in "${cases[@]}"; do
	IFS='|' read -r n flags _ _ <<<"$c"
	# shellcheck disable=SC2086
	ct_podman_run "$P-$n" $flags "$img" sleep 600 || t_fail "$n: podman run ($(head -c 200 "$T/$P-$n.err"))"
	names+=("$P-$n")
done
"$CTGUARD" audit --policy restricted --format json --fail-on none "${names[@]}" >"$T/live.json" 2>"$T/live.err"

# fact FILE NAME FACT: one list fact of that container ("" for the only one), sorted JSON.
fact() {
	python3 - "$@" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
cs = [c for c in d["containers"] if not sys.argv[2] or c["name"] == sys.argv[2]]
print(json.dumps(sorted(cs[0]["facts"].get(sys.argv[3]) or []), separators=(",", ":")) if cs else "MISSING")
EOF
}

# verdict FILE NAME RULE: the rule's status for that container ("" for the only one).
verdict() {
	python3 - "$@" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
cs = [c for c in d["containers"] if not sys.argv[2] or c["name"] == sys.argv[2]]
print(" ".join(f["status"] for c in cs for f in c["findings"] if f["rule"] == sys.argv[3]) or "MISSING")
EOF
}

for c in "${cases[@]}"; do
	IFS='|' read -r n flags want_m want_d <<<"$c"
	id=$(podman inspect -f '{{.Id}}' "$P-$n" 2>/dev/null)
	cfg=/var/lib/containers/storage/overlay-containers/$id/userdata/config.json
	[ -f "$cfg" ] || cfg=/run/containers/storage/overlay-containers/$id/userdata/config.json
	# A copy: the gate never touches podman's state.
	mkdir -p "$T/b-$n" && cp "$cfg" "$T/b-$n/config.json"
	"$CTGUARD" oci check --policy restricted --format json --fail-on none "$T/b-$n" \
		>"$T/$n.oci.json" 2>"$T/$n.oci.err"
	gate=$("$RT" --ctguard-config "$T/reject.yaml" create -b "$T/b-$n" "$P-$n-g" 2>&1)
	gm=pass gd=pass
	case "$gate" in *"(a sensitive host path)"*) gm=fail ;; esac
	case "$gate" in *"container.allowed_devices"*) gd=fail ;; esac
	lm=$(verdict "$T/live.json" "$P-$n" policy.mounts.sensitive)
	om=$(verdict "$T/$n.oci.json" "" policy.mounts.sensitive)
	od=$(verdict "$T/$n.oci.json" "" policy.devices)
	t_is "live=$lm oci=$om gate=$gm" "live=$want_m oci=$want_m gate=$want_m" \
		"$n ($flags): sensitive host path, the same verdict live, in oci check and at the gate"
	# The live audit cannot tell which nodes the runtime added (policy.devices is not
	# evaluated there): it must see the same nodes the config gives.
	t_is "oci=$od gate=$gd" "oci=$want_d gate=$want_d" "$n ($flags): devices, oci check and the gate agree"
	t_is "$(fact "$T/live.json" "$P-$n" devices.char)" "$(fact "$T/$n.oci.json" "" devices.char)" \
		"$n: the live audit sees the character devices the config gives"
done
t_done
