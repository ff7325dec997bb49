#!/bin/bash
# Rootless layouts on recorded trees (issue 14): podman's pause process and RootlessKit's
# engine are namespace holders, not containers; a rootless --privileged is judged for what its
# user can do (CTG-ESC-101), not as a host escape. tests/data/hosts/podman-rootless is recorded
# from real rootless podman; docker-rootless and nerdctl-rootless are built from it by
# tests/data/hosts/rootless-engines.py with each engine's state files in their real formats.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
t_need_cmd python3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
H=$DATA/hosts

P=$H/podman-rootless
"$CTGUARD" inspect --format json --proc-root "$P/proc" --host-root "$P/root" -o "$T/p.json"
t_is "$?" 0 "podman-rootless: inspect"
pause=$(cat "$P/root/run/user/1001/libpod/tmp/pause.pid")
t_is "$(cat "$P/proc/$pause/comm")" "podman pause" "the recording holds the pause process"
t_is "$(count_containers "$T/p.json" "pid=$pause")" 0 "the pause process is not a container"
t_is "$(count_containers "$T/p.json" "pid=3024")" 0 "nor conmon, which joined its namespaces"
t_is "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["containers"]))' "$T/p.json")" 4 \
	"the four rootless containers, nothing else"
# Without the pid file the same group is an unknown container again: the evidence matters.
cp -a "$P" "$T/nopause"
rm "$T/nopause/root/run/user/1001/libpod/tmp/pause.pid"
"$CTGUARD" inspect --format json --proc-root "$T/nopause/proc" --host-root "$T/nopause/root" -o "$T/n.json"
t_is "$(count_containers "$T/n.json" "pid=3024")" 1 "without pause.pid the group is listed"

"$CTGUARD" audit --format json --fail-on none --proc-root "$P/proc" --host-root "$P/root" -o "$T/a.json"
q() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for c in d["containers"]:
    if c["name"] == sys.argv[2]:
        print(" ".join(f["status"] for f in c["findings"] if f["rule"] == sys.argv[3]))' "$T/a.json" "$1" "$2"
}
t_is "$(q rl-priv CTG-ESC-101)" fail "rootless --privileged: CTG-ESC-101"
t_is "$(q rl-priv CIS-DOCKER-5.5)" pass "rootless --privileged: not CIS-DOCKER-5.5"
t_is "$(q rl-test1 CTG-ESC-101)" pass "rootless default: not CTG-ESC-101"
t_is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sum(1 for c in d["containers"] for f in c["findings"] if f["status"] == "fail" and f["severity"] == "critical"))' "$T/a.json")" \
	0 "no critical finding"

# Grouping (issue 14): each rootless container names its owner and the pause process holding
# its namespaces; the text lists the owner's containers under one heading naming that process.
t_is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sorted({(c["owner"], c["owner_uid"], c["namespace_holder"]) for c in d["containers"]}))' "$T/a.json")" \
	"[('ctgrl', 1001, $pause)]" "JSON: owner, owner_uid and the pause pid on each container"
t_is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sorted({(c["owner"], c["namespace_holder"]) for c in d["containers"]}))' "$T/p.json")" \
	"[('ctgrl', $pause)]" "inspect JSON: the same"
"$CTGUARD" audit --fail-on none --proc-root "$P/proc" --host-root "$P/root" >"$T/a.txt"
t_is "$(grep -c "^rootless, user ctgrl (uid 1001); namespaces held by pid $pause, not a container:\$" "$T/a.txt")" 1 \
	"text: one heading for the user, naming the pause process"
t_is "$(sed -n '/^rootless, user ctgrl/,/^$/p' "$T/a.txt" | grep -c '^rl-')" 4 "text: its four containers under it"
t_like "$(cat "$T/a.txt")" "podman rl-priv \[rootless, user ctgrl\] \(pid" "text: each section says whose"
"$CTGUARD" report --fail-on none "$T/a.json" >"$T/r.txt" 2>/dev/null
t_is "$(grep -c "^rootless, user ctgrl (uid 1001); namespaces held by pid $pause" "$T/r.txt")" 1 \
	"a saved result read back groups the same"
t_is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sum(1 for c in d["containers"] if "owner" in c))' "$T/n.json")" 4 \
	"without pause.pid: still the owner"
t_is "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sorted({str(c.get("namespace_holder")) for c in d["containers"] if "owner" in c}))' "$T/n.json")" \
	"['None']" "without pause.pid: no holder named (null)"

for k in docker nerdctl; do
	D=$H/$k-rootless
	"$CTGUARD" inspect --format json --proc-root "$D/proc" --host-root "$D/root" -o "$T/$k.json"
	t_is "$(python3 -c 'import json,sys; print([c["pid"] for c in json.load(open(sys.argv[1]))["containers"]])' "$T/$k.json")" \
		"[4410]" "$k-rootless: the container only, not RootlessKit's engine"
	t_is "$(python3 -c 'import json,sys; print([c.get("namespace_holder") for c in json.load(open(sys.argv[1]))["containers"]])' "$T/$k.json")" \
		"[4120]" "$k-rootless: RootlessKit's child named as the namespace holder"
	cp -a "$D" "$T/$k"
	echo other >"$T/$k/proc/4100/comm"
	"$CTGUARD" inspect --format json --proc-root "$T/$k/proc" --host-root "$T/$k/root" -o "$T/$k-x.json"
	t_is "$(count_containers "$T/$k-x.json" pid=4120)" 1 "$k-rootless: listed when its parent is not rootlesskit"
done
t_done
