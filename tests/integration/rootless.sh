#!/bin/bash
# Rootless (issue 14), with a real unprivileged user: rootless podman containers (default,
# --privileged, --userns=keep-id, a bind of the user's own files) audited as root and as that
# user; a rootful uid-1000 container beside a root-owned runtime socket (reachable, not
# usable); and `ctguard run` as that user.
#
# What works here (Debian 12, podman 4.3.1, runc 1.1.5), found by running it: a user with
# subordinate ranges in /etc/subuid and /etc/subgid (useradd adds one itself on Debian 12: add
# one only when none is there, a second identical line makes newuidmap fail with EINVAL), the
# uidmap package (newuidmap, newgidmap), XDG_RUNTIME_DIR=/run/user/UID made by hand (no
# logind session: no loginctl enable-linger), `runuser -u USER --`, then
# `podman --runtime runc run --network none` with the usual --ulimit flags. Storage driver:
# vfs (no fuse-overlayfs). No cgroups for rootless containers on this hybrid-cgroup host: their
# cgroup path is "/". The pause process is `podman pause` (podman's own binary, pid in
# $XDG_RUNTIME_DIR/libpod/tmp/pause.pid); it shares the host's pid, network and IPC namespaces.
. "$top_srcdir/tests/lib.sh"
t0=$(date +%s)

t_need_root
t_need_cmd podman runc busybox python3 tar newuidmap runuser useradd
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

U=ctgrl
IMAGE=localhost/ctg-rl:1
PFX=ctg-rl-$$
WORK=$(mktemp -d /tmp/ctg-rl.XXXXXX)
chmod 755 "$WORK"
rootful=()
Q="$top_srcdir/tests/jsonq.py"

# --- the user: idempotent ---------------------------------------------------------------------
id "$U" >/dev/null 2>&1 || useradd -m -s /bin/sh "$U" || t_skip_all "useradd failed"
for f in /etc/subuid /etc/subgid; do
	grep -q "^$U:" "$f" 2>/dev/null || echo "$U:100000:65536" >>"$f"
done
UID_=$(id -u "$U")
GID_=$(id -g "$U")
HOME_=$(getent passwd "$U" | cut -d: -f6)
XDG=/run/user/$UID_
mkdir -p "$XDG" && chown "$U:" "$XDG" && chmod 700 "$XDG"
as_user() { (cd "$WORK" && runuser -u "$U" -- env HOME="$HOME_" XDG_RUNTIME_DIR="$XDG" "$@"); }
upod() { as_user podman --runtime runc "$@"; }

cleanup() {
	upod rm -f -t 0 "$PFX-default" "$PFX-priv" "$PFX-keep" "$PFX-bind" >/dev/null 2>&1
	[ "${#rootful[@]}" -eq 0 ] || podman rm -f -t 0 "${rootful[@]}" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The binaries the user runs must be readable by the user.
cp "$CTGUARD" "$WORK/ctguard"
cp "${top_builddir:-.}/tests/helpers/try-syscall" "$WORK/try-syscall" 2>/dev/null
CTG=$WORK/ctguard
UW=$WORK/u # the user's outputs
mkdir -p "$UW" && chown "$U:" "$UW"

# --- the image, in the user's storage -----------------------------------------------------------
if ! upod image exists "$IMAGE" 2>/dev/null; then
	mkdir -p "$WORK/rootfs/bin" "$WORK/rootfs/tmp"
	cp "$(command -v busybox)" "$WORK/rootfs/bin/busybox"
	for a in sh sleep cat id; do ln -s busybox "$WORK/rootfs/bin/$a"; done
	tar -C "$WORK/rootfs" -cf "$WORK/bb.tar" . && chmod 644 "$WORK/bb.tar"
	upod import "$WORK/bb.tar" "$IMAGE" >/dev/null 2>"$WORK/import.err" ||
		t_skip_all "rootless podman import failed: $(head -c 300 "$WORK/import.err")"
fi
mkdir -p "$HOME_/ctg-rl-data" && chown "$U:" "$HOME_/ctg-rl-data"
urun() {
	n=$1
	shift
	upod run -d --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
		--name "$PFX-$n" "$@" "$IMAGE" sleep 600 >/dev/null 2>"$WORK/$n.err"
}
urun default || t_skip_all "rootless podman run failed: $(head -c 300 "$WORK/default.err")"
urun priv --privileged
urun keep --userns=keep-id
urun bind -v "$HOME_/ctg-rl-data:/data"
PAUSE=$(cat "$XDG/libpod/tmp/pause.pid" 2>/dev/null)
t_ok "the user's pause process runs (pid ${PAUSE:-none})" test -n "$PAUSE" -a -d "/proc/$PAUSE"

# --- identity and owner, as root ----------------------------------------------------------------
J=$WORK/inspect.json
"$CTGUARD" inspect --format json -o "$J" 2>"$WORK/inspect.err"
t_is "$?" 0 "inspect as root"
for n in default priv keep bind; do
	id=$(upod inspect -f '{{.Id}}' "$PFX-$n" 2>/dev/null)
	t_is "$(fact "$J" "$PFX-$n" container.runtime)" '"podman"' "$n: runtime podman"
	t_is "$(fact "$J" "$PFX-$n" container.id)" "\"$id\"" "$n: podman's id"
	t_is "$(fact "$J" "$PFX-$n" container.image)" "\"$IMAGE\"" "$n: image from the user's storage"
	t_is "$(fact "$J" "$PFX-$n" container.claimed)" '[]' "$n: nothing claimed"
	t_is "$(fact "$J" "$PFX-$n" container.owner)" "\"$U\"" "$n: owner is the user"
	t_is "$(fact "$J" "$PFX-$n" userns.owner_uid)" "$UID_" "$n: the user owns the namespace"
	t_is "$(fact "$J" "$PFX-$n" userns.rootless)" true "$n: rootless"
done
t_is "$(fact "$J" "$PFX-keep" user.uid)" "$UID_" "keep-id: the user's uid inside"
t_is "$(count_containers "$J" "pid=$PAUSE")" 0 "the pause process is not a container"
# The holder (pause, with conmon joining it) shares the host's pid namespace, not its user
# namespace: no process group of the user's that looks like that may be listed.
t_is "$(python3 -c 'import json,os,sys
d = json.load(open(sys.argv[1]))
n = 0
for c in d["containers"]:
    f = c["facts"]
    try:
        mine = os.stat("/proc/%d" % f["container.pid"]).st_uid == int(sys.argv[2])
    except OSError:
        mine = False
    n += mine and f.get("ns.host_pid") is True and f.get("ns.host_user") is False
print(n)' "$J" "$UID_")" 0 "no holder of the user's namespaces (pause, conmon) listed"

# --- judged as the host sees it ------------------------------------------------------------------
A=$WORK/audit.json
"$CTGUARD" audit --format json --fail-on none -o "$A" "$PFX-default" "$PFX-priv" "$PFX-keep" \
	"$PFX-bind" 2>/dev/null
t_is "$?" 0 "audit as root"
status() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for c in d["containers"]:
    if c["name"] == sys.argv[2]:
        print(" ".join(f["status"] for f in c["findings"] if f["rule"] == sys.argv[3]) or "NORULE")' "$A" "$1" "$2"
}
t_is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sum(1 for c in d["containers"] for f in c["findings"] if f["status"] == "fail" and f["severity"] == "critical"))' "$A")" \
	0 "no critical finding for any rootless container"
t_is "$(status "$PFX-priv" CTG-ESC-101)" fail "rootless --privileged: CTG-ESC-101 (medium)"
t_is "$(status "$PFX-priv" CIS-DOCKER-5.5)" pass "rootless --privileged: not CIS-DOCKER-5.5 (host)"
t_is "$(status "$PFX-priv" PSS-B-PRIVILEGED)" pass "rootless --privileged: not PSS-B-PRIVILEGED"
t_is "$(status "$PFX-default" CTG-ESC-101)" pass "rootless default: not privileged"
t_like "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for c in d["containers"]:
    for f in c["findings"]:
        if c["name"] == sys.argv[2] and f["rule"] == "CTG-ESC-101":
            print(f["evidence"])' "$A" "$PFX-priv")" "userns.owner_uid = $UID_; userns.uid_map = \[0 $UID_ 1, " \
	"the evidence shows the owner and the mapping"

# --- audit as the user ------------------------------------------------------------------------
as_user "$CTG" audit --format json -o "$UW/user.json" >/dev/null 2>"$WORK/user.err"
rc=$?
t_is "$rc" 4 "audit as the user: exit 4, the view is partial (other users' processes)"
t_like "$(cat "$WORK/user.err")" "could not be read" "and says what it could not read"
for n in default priv keep bind; do
	t_is "$(fact "$UW/user.json" "$PFX-$n" container.name)" "\"$PFX-$n\"" "as the user: $n listed"
	t_is "$(fact "$UW/user.json" "$PFX-$n" container.image)" "\"$IMAGE\"" "as the user: $n identity"
done
t_is "$(fact "$UW/user.json" "$PFX-priv" userns.rootless)" true "as the user: owner known"
as_user "$CTG" audit --allow-partial --fail-on none "$PFX-default" >/dev/null 2>&1
t_is "$?" 0 "as the user with --allow-partial: exit 0"

# --- access, not only reachability: a rootful uid-1000 container and a root 0660 socket ----------
if podman image exists localhost/ctg-bb:test 2>/dev/null || podman import "$WORK/bb.tar" localhost/ctg-bb:test >/dev/null 2>&1; then
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$WORK/docker.sock"
	chmod 0660 "$WORK/docker.sock"
	for who in 1000 0; do
		n=$PFX-sock$who
		rootful+=("$n")
		podman run -d --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
			--name "$n" --user "$who:$who" -v "$WORK/docker.sock:/var/run/docker.sock" \
			localhost/ctg-bb:test sleep 600 >/dev/null 2>"$WORK/$n.err"
	done
	"$CTGUARD" inspect --format json -o "$WORK/sock.json" "$PFX-sock1000" "$PFX-sock0" 2>/dev/null
	t_is "$(fact "$WORK/sock.json" "$PFX-sock1000" mounts.runtime_socket)" '["/var/run/docker.sock"]' \
		"uid 1000: the socket is reachable"
	t_is "$(fact "$WORK/sock.json" "$PFX-sock1000" mounts.runtime_socket_usable)" '[]' \
		"uid 1000: root 0660 socket not usable"
	t_is "$(fact "$WORK/sock.json" "$PFX-sock0" mounts.runtime_socket_usable)" '["/var/run/docker.sock"]' \
		"uid 0: the same socket is usable"
	"$CTGUARD" audit --format json --fail-on none -o "$A" "$PFX-sock1000" "$PFX-sock0" 2>/dev/null
	t_is "$(status "$PFX-sock1000" CTG-ESC-001)" pass "uid 1000: not an escape (CTG-ESC-001 passes)"
	t_is "$(status "$PFX-sock0" CTG-ESC-001)" fail "uid 0: CTG-ESC-001 fails"
else
	t_skip "no rootful image for the socket check"
fi

# --- ctguard run as the user --------------------------------------------------------------------
out=$(as_user "$CTG" run --user "$UID_" --group "$GID_" -- /bin/cat /proc/self/status 2>&1)
t_is "$?" 0 "run as the user with its own ids: exit 0"
field() { printf '%s\n' "$out" | awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }'; }
t_is "$(field Uid | tr -s ' \t' ' ')" "$UID_ $UID_ $UID_ $UID_" "uid kept"
t_is "$(field Gid | tr -s ' \t' ' ')" "$GID_ $GID_ $GID_ $GID_" "gid kept"
t_is "$(field NoNewPrivs)" 1 "NoNewPrivs 1"
t_is "$(field Seccomp)" 2 "Seccomp 2"
for s in CapEff CapPrm CapInh CapAmb; do t_is "$(field $s)" 0000000000000000 "$s empty"; done
ex=$(as_user "$CTG" run --user "$UID_" --group "$GID_" --explain -- /bin/true 2>&1)
t_like "$ex" "bounding set: unchanged .*not needed" "--explain says why the bounding set stays"
t_like "$ex" "securebits: not set: .*not needed" "--explain says why securebits are not set"
if [ -x "$WORK/try-syscall" ]; then
	t_unlike "$(as_user "$WORK/try-syscall" keyctl 2>&1)" "EPERM|ENOSYS" "without ctguard: keyctl is not filtered"
	t_is "$(as_user "$CTG" run --user "$UID_" --group "$GID_" -- "$WORK/try-syscall" keyctl getpid 2>&1 | tr '\n' ' ')" \
		"keyctl EPERM getpid OK " "the default profile blocks keyctl, allows getpid"
else
	t_skip "tests/helpers/try-syscall not built"
fi
# Each refusal: exit 125, nothing executed (the marker a run that is allowed does create).
M=$UW/ran
as_user "$CTG" run --user "$UID_" --group "$GID_" -- /bin/sh -c "touch $M" 2>/dev/null
t_ok "an allowed run creates the marker" test -e "$M"
refuse() {
	rm -f "$M"
	err=$(as_user "$CTG" run "$@" -- /bin/sh -c "touch $M" 2>&1)
	rc=$?
	t_is "$rc" 125 "refused: ${*:-the default policy} (exit 125)"
	t_ok "refused: ${*:-the default policy}: nothing executed" test ! -e "$M"
}
refuse --user 65534 --group 65534
t_like "$err" "asks for uid 65534 gid 65534; .*keeps the caller's uid $UID_" "another uid: says why"
refuse --user "$UID_" --group "$GID_" --cap-keep CAP_NET_BIND_SERVICE
t_like "$err" "keeps capabilities" "a kept capability: says why"
printf 'version: 1\nuser: %s\ngroup: %s\nno_new_privileges: false\nseccomp: none\n' "$UID_" "$GID_" \
	>"$WORK/nonnp.yaml"
chmod 644 "$WORK/nonnp.yaml"
refuse --policy "$WORK/nonnp.yaml"
t_like "$err" "without no_new_privileges the bounding set must be emptied" "no no_new_privs: says why"
refuse --user "$UID_" --group "$GID_" --groups 0
t_like "$err" "supplementary group 0" "a group the caller lacks: says why"
echo "# $(($(date +%s) - t0)) s"
t_done
