#!/bin/sh
# ctguard inspect on recorded and hand-written host fixtures (tests/data/hosts/<scenario>/):
# every fact of expected.json, the schema, and every fact of vocabulary v1 for every container.
# The fixtures are plain files: no root, no runtime. Recorded ones come from real containers
# through tests/record-fixture.sh; docker, containerd, cri-o and nspawn ones are hand-written in
# those runtimes' file formats.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

t_need_cmd python3

# DESIGN.md, fact vocabulary v1.
V1_FACTS="container.id container.name container.runtime container.image container.pid
container.processes user.uid user.gid user.root user.groups userns.enabled userns.root_host_uid
userns.host_root_mapped ns.shared ns.host_pid ns.host_net ns.host_ipc ns.host_uts ns.host_user
ns.host_mnt ns.host_cgroup caps.effective caps.permitted caps.inheritable caps.bounding
caps.ambient caps.privileged seccomp.mode seccomp.filters no_new_privs lsm.apparmor lsm.selinux
mounts.rootfs_readonly mounts.sensitive mounts.sensitive_rw mounts.runtime_socket
mounts.proc_sys_rw cgroup.v1_writable cgroup.pids_limit cgroup.memory_limit"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

found=0
for exp in "$DATA"/hosts/*/expected.json; do
	[ -f "$exp" ] || continue
	found=1
	dir=${exp%/expected.json}
	sc=${dir##*/}
	J=$TMP/$sc.json
	"$CTGUARD" inspect --format json --proc-root "$dir/proc" --host-root "$dir/root" >"$J" 2>"$TMP/$sc.err"
	rc=$?
	t_is "$rc" 0 "$sc: inspect exits 0"
	[ "$rc" = 0 ] || { sed 's/^/#   /' "$TMP/$sc.err"; continue; }
	schema=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("schema"))' "$J")
	t_is "$schema" "ctguard.inspect/v1" "$sc: schema"

	# Every v1 fact present (and known: a fixture holds every file ctguard reads) in every
	# container.
	# shellcheck disable=SC2086
	missing=$(python3 - "$J" $V1_FACTS <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
for c in doc.get("containers", []):
    f = c.get("facts", {})
    bad = [n for n in sys.argv[2:] if n not in f or f[n] is None]
    print("%s %s" % (c.get("id"), ",".join(bad) if bad else "-"))
EOF
	)
	while read -r id bad; do
		t_is "$bad" "-" "$sc: container $id has every v1 fact"
	done <<EOF
$missing
EOF

	# One line per expected fact: selector <TAB> fact <TAB> want <TAB> got, values as compact
	# JSON chosen the way lib.sh's fact() chooses them (jsonq.matches), in one python run per
	# scenario rather than one per fact.
	python3 - "$top_srcdir/tests" "$exp" "$J" >"$TMP/$sc.exp" <<'EOF'
import json, sys
sys.path.insert(0, sys.argv[1])
import jsonq
doc = json.load(open(sys.argv[3]))
def dump(v):
    return json.dumps(v, separators=(",", ":"))
for sel, facts in json.load(open(sys.argv[2])).items():
    found = [c for c in doc.get("containers", []) if jsonq.matches(c, sel)]
    for name, value in facts.items():
        if len(found) != 1:
            got = "MISSING" if not found else "AMBIGUOUS"
        else:
            got = dump(found[0]["facts"][name]) if name in found[0]["facts"] else "NOFACT"
        print("%s\t%s\t%s\t%s" % (sel, name, dump(value), got))
EOF
	while IFS="	" read -r sel name want got; do
		t_is "$got" "$want" "$sc: $sel $name"
	done <"$TMP/$sc.exp"
done
[ "$found" = 1 ] || t_skip "no fixtures under $DATA/hosts"
t_done
