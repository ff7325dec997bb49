#!/bin/bash
# A rootless user's metadata is attacker input (issue 14): the files below /run/user/UID and the
# user's home (runc's state.json, containers-storage's containers.json, podman's pause.pid) are
# the user's to write. Here a hostile user makes them a FIFO, symlinks to /etc/shadow and to a
# root-only file, a file over the size cap, a file owned by root, and a state.json claiming a
# rootful sandbox's pid with a containers.json naming it; then audits as that user (item 4:
# exit 4, what could not be read listed). No podman: the user's "containers" are unshare
# sandboxes in user namespaces the user owns, described by hand-written podman files in their
# real formats, so that nothing here touches another test's rootless podman storage.
. "$top_srcdir/tests/lib.sh"

t_need_root
t_need_cmd unshare runuser useradd python3 timeout mkfifo
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

U=ctgrl2
id "$U" >/dev/null 2>&1 || useradd -m -s /bin/sh "$U" || t_skip_all "useradd failed"
UID_=$(id -u "$U")
HOME_=$(getent passwd "$U" | cut -d: -f6)
XDG=/run/user/$UID_
mkdir -p "$XDG" && chown "$U:" "$XDG" && chmod 700 "$XDG"
WORK=$(mktemp -d /tmp/ctg-rf.XXXXXX)
chmod 755 "$WORK"
SECRET=/root/ctg-rf-secret-$$.json
pids=()
cleanup() {
	for p in "${pids[@]}" $P_GOOD $P_SHADOW $P_SECRET $P_HUGE $P_OWNER $P_ROOT $P_HOLD; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$WORK" "$SECRET" "$XDG/runc" "$XDG/libpod" "$HOME_"/ctg-rf-*
}
trap cleanup EXIT
trap 'exit 130' INT TERM
as_user() { (cd "$WORK" && runuser -u "$U" -- env HOME="$HOME_" XDG_RUNTIME_DIR="$XDG" "$@"); }
cp "$CTGUARD" "$WORK/ctguard"
CTG=$WORK/ctguard

# sandbox VAR CMD...: starts CMD ending in "sleep 600.<unique>" in the background and sets VAR
# to the host pid of that sleep (the sandbox's init), found among the descendants of CMD.
mark=$$
n_sb=0
sandbox() {
	local var=$1 p= q
	shift
	n_sb=$((n_sb + 1))
	local want="sleep 600.$mark$n_sb"
	"$@" sleep "600.$mark$n_sb" </dev/null >/dev/null 2>&1 &
	pids+=($!)
	for _ in $(seq 100); do
		local todo=($!)
		while [ "${#todo[@]}" -gt 0 ] && [ -z "$p" ]; do
			q=${todo[0]}
			todo=("${todo[@]:1}")
			[ "$(tr '\0' ' ' <"/proc/$q/cmdline" 2>/dev/null)" = "$want " ] && p=$q
			todo+=($(cat /proc/"$q"/task/*/children 2>/dev/null))
		done
		[ -n "$p" ] && break
		sleep 0.1
	done
	printf -v "$var" '%s' "$p"
}
userns() { runuser -u "$U" -- unshare --user --map-root-user --pid --fork --mount-proc "$@"; }
hexid() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }

# fake TAG PID NAME: a rootless podman container as podman and runc leave it: runc's
# state.json (init pid, libpod label, bundle label) below $XDG/runc, and containers-storage's
# containers.json (names, image in metadata) in the storage the bundle lies in. Prints the id.
fake() {
	id=$(hexid)
	st=$HOME_/ctg-rf-$1/vfs-containers
	mkdir -p "$XDG/runc/$id" "$st/$id/userdata"
	printf '{"id":"%s","init_process_pid":%s,"config":{"labels":["io.container.manager=libpod","bundle=%s/%s/userdata"]}}\n' \
		"$id" "$2" "$st" "$id" >"$XDG/runc/$id/state.json"
	printf '[{"id":"%s","names":["%s"],"image":"0","metadata":"{\\"image-name\\":\\"localhost/ctg-rf:1\\"}"}]\n' \
		"$id" "$3" >"$st/containers.json"
	chown -R "$U:" "$XDG/runc" "$HOME_/ctg-rf-$1"
	printf '%s\n' "$id"
}

sandbox P_GOOD userns
sandbox P_SHADOW userns
sandbox P_SECRET userns
sandbox P_HUGE userns
sandbox P_OWNER userns
sandbox P_ROOT unshare --pid --fork --mount-proc
t_ok "the sandboxes run" test -n "$P_GOOD" -a -n "$P_SHADOW" -a -n "$P_SECRET" -a -n "$P_HUGE" \
	-a -n "$P_OWNER" -a -n "$P_ROOT"
I_GOOD=$(fake good "$P_GOOD" ctg-rf-good)
I_SHADOW=$(fake shadow "$P_SHADOW" ctg-rf-shadow)
I_SECRET=$(fake secret "$P_SECRET" ctg-rf-secret)
I_HUGE=$(fake huge "$P_HUGE" ctg-rf-huge)
I_OWNER=$(fake owner "$P_OWNER" ctg-rf-owner)
I_EVIL=$(fake evil "$P_ROOT" ctg-rf-evil)
# The hostile variants of containers.json.
ln -sf /etc/shadow "$HOME_/ctg-rf-shadow/vfs-containers/containers.json"
cp "$HOME_/ctg-rf-secret/vfs-containers/containers.json" "$SECRET" && chmod 600 "$SECRET"
ln -sf "$SECRET" "$HOME_/ctg-rf-secret/vfs-containers/containers.json"
python3 -c 'import sys; t = open(sys.argv[1]).read(); open(sys.argv[1], "w").write(t + " " * (5 << 20))' \
	"$HOME_/ctg-rf-huge/vfs-containers/containers.json"
chown -h "$U:" "$HOME_"/ctg-rf-*/vfs-containers/containers.json
chown root:root "$HOME_/ctg-rf-owner/vfs-containers/containers.json"

J=$WORK/i.json
timeout 300 "$CTGUARD" inspect --format json -o "$J" 2>"$WORK/i.err"
t_is "$?" 0 "inspect as root"
sel() { printf 'pid=%s' "$1"; }
t_is "$(fact "$J" "$(sel "$P_GOOD")" container.name)" '"ctg-rf-good"' "well-formed files: the name"
t_is "$(fact "$J" "$(sel "$P_GOOD")" container.image)" '"localhost/ctg-rf:1"' "well-formed files: the image"
t_is "$(fact "$J" "$(sel "$P_GOOD")" container.runtime)" '"podman"' "well-formed files: the runtime"
t_is "$(fact "$J" "$(sel "$P_GOOD")" container.owner)" "\"$U\"" "well-formed files: the owner"
t_is "$(fact "$J" "$(sel "$P_SHADOW")" container.name)" "\"$I_SHADOW\"" \
	"containers.json a symlink to /etc/shadow: not followed (the name is runc's id)"
t_unlike "$(cat "$J")" '"root:[^"]*:[0-9]+:' "nothing of /etc/shadow in the output"
t_is "$(fact "$J" "$(sel "$P_SECRET")" container.name)" "\"$I_SECRET\"" \
	"containers.json a symlink to a root-only file: not followed"
t_is "$(count_containers "$J" ctg-rf-secret)" 0 "the root-only file's content is not shown"
t_is "$(fact "$J" "$(sel "$P_HUGE")" container.name)" "\"$I_HUGE\"" \
	"containers.json over the size cap (5 MiB): refused"
t_is "$(fact "$J" "$(sel "$P_OWNER")" container.name)" "\"$I_OWNER\"" \
	"containers.json owned by root in the user's storage: refused"
# The rootful sandbox: the user's state.json claims its pid, the user's containers.json names it.
t_is "$(fact "$J" "$(sel "$P_ROOT")" container.owner)" '"root"' "a rootful sandbox stays root's"
t_is "$(fact "$J" "$(sel "$P_ROOT")" container.runtime)" '"unknown"' \
	"the user's state.json cannot give it a runtime"
t_unlike "$(fact "$J" "$(sel "$P_ROOT")" container.id)" "$I_EVIL" "nor an id"
t_is "$(count_containers "$J" ctg-rf-evil)" 0 "nor a name: no container named by the user's file"

# A FIFO as containers.json and as pause.pid (read for a user group in the host's pid
# namespace): the audit must not hang on them.
sandbox P_HOLD runuser -u "$U" -- unshare --user --map-root-user --mount
mkdir -p "$XDG/libpod/tmp" && mkfifo "$XDG/libpod/tmp/pause.pid"
st=$HOME_/ctg-rf-good/vfs-containers
mv "$st/containers.json" "$st/containers.json.orig" && mkfifo "$st/containers.json"
chown -R "$U:" "$XDG/libpod" "$st"
timeout 120 "$CTGUARD" inspect --format json -o "$WORK/fifo.json" 2>/dev/null
t_is "$?" 0 "FIFOs as containers.json and pause.pid: inspect returns"
t_is "$(fact "$WORK/fifo.json" "$(sel "$P_GOOD")" container.name)" "\"$I_GOOD\"" \
	"the FIFO is not read (the name is runc's id)"
t_is "$(count_containers "$WORK/fifo.json" "pid=$P_HOLD")" 1 \
	"a FIFO as pause.pid hides nothing (the user's group is listed)"
rm -f "$st/containers.json" "$XDG/libpod/tmp/pause.pid"
mv "$st/containers.json.orig" "$st/containers.json"

# --- audit as the user (item 4) -----------------------------------------------------------------
UW=$WORK/u # the user's outputs
mkdir -p "$UW" && chown "$U:" "$UW"
as_user "$CTG" audit --format json --fail-on none -o "$UW/user.json" >"$WORK/user.out" 2>"$WORK/user.err"
t_is "$?" 4 "audit as the user: exit 4 (other users' processes cannot be read)"
t_like "$(cat "$WORK/user.err")" "could not be read" "stderr says the view is partial"
t_is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
v = d["view"]
print(v["complete"], v["unreadable_processes"] > 0,
      any(g["pid"] == int(sys.argv[2]) and g["what"] == "process" for g in v["unreadable"]))' \
	"$UW/user.json" "$P_ROOT")" "False True True" \
	"the JSON view lists the root sandbox among the processes that could not be read"
t_is "$(fact "$UW/user.json" "$(sel "$P_GOOD")" container.name)" '"ctg-rf-good"' \
	"as the user: its own container, with identity"
t_is "$(fact "$UW/user.json" "$(sel "$P_GOOD")" userns.rootless)" true "as the user: owner known"
t_is "$(count_containers "$UW/user.json" "pid=$P_ROOT")" 0 "as the user: root's sandbox not judged"
as_user "$CTG" audit --fail-on none >"$WORK/user.txt" 2>&1
t_like "$(cat "$WORK/user.txt")" "INCOMPLETE VIEW: [0-9]+ process(es)? could not be read \\([A-Z]+" \
	"the text says how many processes could not be read, and why"

# --- ctguard run as the user with a built-in policy (item 3) ------------------------------------
# Their uid/gid 65534 stand for "an unprivileged id": the user keeps its own, and is told.
GID_=$(id -g "$U")
out=$(as_user "$CTG" run -- /bin/cat /proc/self/status 2>"$WORK/run.err")
t_is "$?" 0 "run as the user under the built-in policy, no --user: exit 0"
field() { printf '%s\n' "$out" | awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }'; }
t_is "$(field Uid | tr -s ' \t' ' ')" "$UID_ $UID_ $UID_ $UID_" "the caller's uid kept"
t_is "$(field Gid | tr -s ' \t' ' ')" "$GID_ $GID_ $GID_ $GID_" "the caller's gid kept"
t_is "$(field NoNewPrivs)" 1 "NoNewPrivs 1"
t_is "$(field Seccomp)" 2 "Seccomp 2"
t_is "$(field CapEff)$(field CapPrm)" 00000000000000000000000000000000 "no capabilities"
t_like "$(cat "$WORK/run.err")" "uid 65534 gid 65534 stand for an unprivileged id.*keeping the caller's uid $UID_ gid $GID_" \
	"it says so"
t_like "$(as_user "$CTG" run --explain -- /bin/true 2>&1)" "ids: kept, the caller's: .*stand-in ids gave way" \
	"--explain says so"
# Ids asked for in so many words still fail closed: --user/--group, a policy file.
printf 'version: 1\nuser: 65534\ngroup: 65534\n' >"$WORK/ids.yaml" && chmod 644 "$WORK/ids.yaml"
for how in "--user 65534 --group 65534" "--policy $WORK/ids.yaml"; do
	# shellcheck disable=SC2086
	err=$(as_user "$CTG" run $how -- /bin/true 2>&1)
	t_is "$?" 125 "run $how as the user: refused (125)"
	t_like "$err" "asks for uid 65534 gid 65534; .*keeps the caller's uid $UID_" "run $how: says why"
done
t_done
