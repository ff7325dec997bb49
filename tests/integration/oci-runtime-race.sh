#!/bin/bash
# What runc uses is what the gate judged, for host paths too (issue 11, the bind-source race): a
# non-root user who owns a directory on a bind source's path swaps it for a symlink to / in a
# loop (renameat2 RENAME_EXCHANGE) while containers launch through ctguard-runtime; none may
# see the host's /etc, and every launch is refused naming the directory and its owner. The
# siblings: sticky and group-writable directories, a missing component others can create,
# namespace paths, root.path, --pid-file and --console-socket under such a directory.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"

t_need_root
t_need_cmd runc busybox python3 setpriv
ct_trap
ct_tmpdir
W=$ct_dir
RT="$top_builddir/ctguard-runtime"
[ -x "$RT" ] || t_skip_all "ctguard-runtime is not built"
NOBODY=65534

printf 'version: 1\nruntime: runc\npolicy: restricted\nmode: reject\n' >"$W/reject.yaml"
printf 'version: 1\nruntime: /bin/true\npolicy: restricted\nmode: enforce\n' >"$W/true.yaml"
chmod 644 "$W"/*.yaml

# A compliant bundle (enforce mode's output on `runc spec`), printing what /host-etc is.
B=$W/b
runc_bundle "$B" "c['process']['args'] = ['sh', '-c', 'ls /host-etc']
c['process']['user'] = {'uid': 1000, 'gid': 1000}
c['root']['readonly'] = True" || t_skip_all "cannot write a runc bundle"
"$RT" --ctguard-config "$W/true.yaml" create -b "$B" prep >/dev/null 2>&1
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c.pop("annotations", None); c["root"]["path"] = sys.argv[2]; json.dump(c, open(sys.argv[1], "w"))' "$B/config.json" "$B/rootfs"
cp "$B/config.json" "$W/good.json"

# bundle DIR SOURCE: the compliant config with SOURCE bound read-only on /host-etc.
bundle() {
	mkdir -p "$1"
	python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["mounts"].append({"destination": "/host-etc", "type": "bind", "source": sys.argv[2], "options": ["rbind", "ro"]}); json.dump(c, open(sys.argv[3], "w"))' "$W/good.json" "$2" "$1/config.json"
}

# A decoy that looks harmless when judged: U/x/etc (a directory with one file), U owned by nobody.
U=$W/u
mkdir -p "$U/x/etc" && touch "$U/x/etc/decoy" && ln -s / "$U/xl" && chown -R -h "$NOBODY:$NOBODY" "$U"

# Control: the same layout owned by root runs, and the container sees the decoy.
R=$W/r
mkdir -p "$R/x/etc" && touch "$R/x/etc/decoy"
bundle "$W/ok" "$R/x/etc"
id=ctg-race-ok-$$
ct_defer "runc delete --force '$id'"
out=$("$RT" --ctguard-config "$W/reject.yaml" run -b "$W/ok" "$id" </dev/null 2>&1)
t_is "$?" 0 "a bind source whose directories are root's runs through the wrapper"
t_is "$out" decoy "the container sees the judged directory"

# --- the race -------------------------------------------------------------------------------
bundle "$W/race" "$U/x/etc"
setpriv --reuid "$NOBODY" --regid "$NOBODY" --clear-groups /usr/bin/python3 -c '
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
os.chdir(sys.argv[1])
while True:
    libc.renameat2(-100, b"x", -100, b"xl", 2)  # RENAME_EXCHANGE
' "$U" &
swapper=$!
ct_defer "kill $swapper 2>/dev/null"
N=${RACE_LAUNCHES:-25}
wins=0 decoy=0 refused=0 said=0 etc=0
for i in $(seq 1 "$N"); do
	id=ctg-race-$$-$i
	ct_defer "runc delete --force '$id'"
	out=$("$RT" --ctguard-config "$W/reject.yaml" run -b "$W/race" "$id" </dev/null 2>&1)
	if [[ $out == *passwd* ]]; then
		wins=$((wins + 1))
	elif [[ $out == decoy ]]; then
		decoy=$((decoy + 1))
	elif [[ $out == *"refused by policy"* ]]; then
		refused=$((refused + 1))
		# realpath met the decoy (the directory is judged) or the symlink (/etc is)
		if [[ $out == *"the bind source $U/x/etc on /host-etc could be another path when runc mounts it: '$U' belongs to uid $NOBODY (mode 0755)"* ]]; then
			said=$((said + 1))
		elif [[ $out == *"mounts the host's /etc on /host-etc (a sensitive host path)"* ]]; then
			etc=$((etc + 1))
		fi
	fi
done
t_ok "bind-source race: the swapper ran throughout" kill -0 "$swapper"
kill "$swapper" 2>/dev/null
wait "$swapper" 2>/dev/null
echo "# bind-source race: $N launches, $wins saw the host's /etc, $decoy the decoy, $refused refused ($said as swappable, $etc as /etc)"
t_is "$wins" 0 "bind-source race: no container saw the host's /etc"
t_is "$refused" "$N" "bind-source race: every launch was refused"
t_is "$((said + etc))" "$N" "bind-source race: each refusal says why (nobody's directory, or /etc itself)"
t_ok "bind-source race: the refusal names the directory, its owner and mode" test "$said" -gt 0

# --- the class, judged without runc (runtime /bin/true) ------------------------------------------
# gate NAME BUNDLE [ARGS...]: the wrapper's exit status and message in enforce mode.
gate() {
	out=$("$RT" --ctguard-config "$W/true.yaml" run "${@:3}" -b "$2" "ctg-race-$1-$$" </dev/null 2>&1)
	rc=$?
}
refused() { # refused NAME WHY-ERE BUNDLE [ARGS...]
	gate "$1" "${@:3}"
	t_is "$rc" 1 "$1: refused"
	t_like "$out" "$2" "$1: the reason"
}
S=$W/sticky
mkdir -p "$S/root-owned" "$S/nobodys" && chmod 1777 "$S" && chown "$NOBODY" "$S/nobodys"
bundle "$W/b-sticky-ok" "$S/root-owned"
gate sticky-ok "$W/b-sticky-ok"
t_is "$rc" 0 "a root-owned directory in a sticky, world-writable directory is fine"
bundle "$W/b-sticky" "$S/nobodys"
refused sticky "'$S/nobodys' belongs to uid $NOBODY in the sticky directory '$S' \(mode 1777\)" "$W/b-sticky"
bundle "$W/b-missing" "$S/none/etc"
refused missing "'none' does not exist, and any user can create it in '$S'" "$W/b-missing"
G=$W/grp
mkdir -p "$G/d" && chmod 0775 "$G" && chgrp 100 "$G"
bundle "$W/b-group" "$G/d"
refused group-writable "'$G' \(uid 0, gid 100, mode 0775\) is writable by its group without the sticky bit" "$W/b-group"
# The swapper is gone; the cases below use a directory of nobody's that nothing changes.
V=$W/v
mkdir -p "$V/x/etc" && touch "$V/x/etc/decoy" && cp -a "$B/rootfs" "$V/x/rootfs" &&
	chown -R -h "$NOBODY:$NOBODY" "$V"
mkdir -p "$W/lnk" && ln -s "$V/x" "$W/lnk/l"
bundle "$W/b-link" "$W/lnk/l/etc"
refused via-symlink "'$V' belongs to uid $NOBODY" "$W/b-link"

# A namespace path and root.path under nobody's directory; pid file and console socket too.
mkdir -p "$W/b-ns"
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "network"] + [{"type": "network", "path": sys.argv[2]}]; json.dump(c, open(sys.argv[3], "w"))' "$W/good.json" "$V/x/etc/decoy" "$W/b-ns/config.json"
refused netns-path "namespace path $V/x/etc/decoy could be another file when runc opens it: '$V' belongs to uid $NOBODY" "$W/b-ns"
mkdir -p "$W/b-root"
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["root"]["path"] = sys.argv[2]; json.dump(c, open(sys.argv[3], "w"))' "$W/good.json" "$V/x/rootfs" "$W/b-root/config.json"
refused root-path "root.path $V/x/rootfs could be another directory when runc mounts it: '$V' belongs to uid $NOBODY" "$W/b-root"
mkdir -p "$W/b-pid" && cp "$W/good.json" "$W/b-pid/config.json"
refused pid-file "--pid-file $V/x/pid could be another file when runc writes it: '$V' belongs to uid $NOBODY" "$W/b-pid" --pid-file "$V/x/pid"
refused console-socket "--console-socket $V/x/sock could be another file when runc opens it: '$V' belongs to uid $NOBODY" "$W/b-pid" --console-socket "$V/x/sock"
gate pid-ok "$W/b-pid" --pid-file "$W/pid"
t_is "$rc" 0 "a pid file in a root-owned directory is fine"
t_done
