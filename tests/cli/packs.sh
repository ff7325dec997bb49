#!/bin/bash
# Every framework pack lists every control of its standard (CIS Docker Benchmark v1.6 4.1 and
# section 5; the Pod Security Standards' baseline and restricted controls, as pod-security-admission
# checks them); controls the running state cannot judge are reported not evaluated with their
# reason in every format, and a not-evaluated control never counts as passing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
H=$DATA/hosts/docker-cgroupfs
audit() { "$CTGUARD" audit --proc-root "$H/proc" --host-root "$H/root" "$@" 2>/dev/null; }
audit --format json -o "$T/a.json"
t_ok "audit of a recorded Docker host" test -s "$T/a.json"

# controls PACK KEY [LEVEL]: the sorted controls (refs KEY) of the rules defined in PACK.
controls() {
	python3 -c "import json,sys
d=json.load(open(sys.argv[1]))
s=set(r['refs'][sys.argv[3]] for r in d['rules'] if r['pack']==sys.argv[2] and sys.argv[3] in r['refs']
      and (len(sys.argv) < 5 or r['refs'].get('pss')==sys.argv[4]))
print('\n'.join(sorted(s)))" "$T/a.json" "$@"
}
want=$(printf '%s\n' 4.1 $(seq -f '5.%g' 1 32) | sort)
t_is "$(controls cis-docker cis-docker)" "$want" "cis-docker lists 4.1 and every control 5.1-5.32"
want=$(printf '%s\n' "HostProcess" "Host Namespaces" "Privileged Containers" "Capabilities" \
	"HostPath Volumes" "Host Ports" "AppArmor" "SELinux" "/proc Mount Type" "Seccomp" "Sysctls" \
	"Host Probes / Lifecycle Hooks" | sort)
t_is "$(controls pss-baseline pss-control baseline)" "$want" \
	"pss-baseline lists every baseline control of the Pod Security Standards"
want=$(printf '%s\n' "Volume Types" "Privilege Escalation" "Running as Non-root" \
	"Running as Non-root user" "Seccomp" "Capabilities" "/proc Mount Type" | sort)
t_is "$(controls pss-restricted pss-control restricted)" "$want" \
	"pss-restricted lists every restricted control of the Pod Security Standards"

# Every container has one finding per rule; the controls not judgeable are not evaluated, with
# their reason as the note.
chk=$(python3 -c "import json
d=json.load(open('$T/a.json'))
ids=[r['id'] for r in d['rules']]
bad=[c['name'] for c in d['containers'] if [f['rule'] for f in c['findings']]!=ids]
ne=[f for c in d['containers'] for f in c['findings'] if f['rule'] in ('PSS-B-HOST-PORTS','CIS-DOCKER-5.8','PSS-R-VOLUMES')]
print(len(d['containers']) > 0, bad, set(f['status'] for f in ne), all(f.get('note') for f in ne))")
t_is "$chk" "True [] {'not_evaluated'} True" \
	"one finding per rule and container; controls no running state shows are not evaluated, with a note"

# The reason in every format.
t_like "$(audit --format text -v)" "PSS-B-HOST-PORTS Host ports are disallowed \(not evaluated\)" \
	"text -v: status"
t_like "$(audit --format text -v)" "note +A hostPort is a NAT rule" "text -v: the reason"
t_like "$(audit --format junit)" '<skipped message="not evaluated: A hostPort is a NAT rule' \
	"junit: the reason in the skipped message"
t_like "$(audit --format junit)" \
	'<skipped message="not evaluated: AppArmor is not enabled on this host[^"]*\(host.apparmor = false\)"' \
	"junit: an unmet requires gives its reason and the fact"
t_like "$(audit --format csv)" ',PSS-B-HOST-PORTS,Host ports are disallowed,high,not_evaluated,,"A hostPort is a NAT rule' \
	"csv: status and the reason in the note column"
audit --format sarif -o "$T/s.sarif"
t_is "$(python3 -c "import json
d=json.load(open('$T/s.sarif'))
r={x['id']: x['properties'] for x in d['runs'][0]['tool']['driver']['rules']}
print(r['PSS-B-HOST-PORTS'].get('notEvaluated','')[:26], '|', r['CIS-DOCKER-5.2'].get('notEvaluatedWhenUnmet','')[:32])")" \
	"A hostPort is a NAT rule o | AppArmor is not enabled on this " \
	"sarif: the rules carry why they are never judged, or judged only where a requirement holds"
t_like "$(audit --format html)" 'title="Host Ports: not evaluated \(PSS-B-HOST-PORTS not_evaluated: A hostPort is a NAT rule' \
	"html: the reason in the compliance matrix"
t_like "$(audit --format prometheus)" "ctguard_not_evaluated_findings [1-9]" \
	"prometheus: the not-evaluated findings counted"

# The score: a not-evaluated control is not a pass.
t_like "$(audit --format html)" \
	'data-control="Host Ports">.*<td class="num pct">0.0%</td><td class="n pass">0</td>' \
	"html: a control never evaluated scores 0% passing, not 100%"
t_done
