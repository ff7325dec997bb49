#!/bin/bash
# ctguard watch against real containers: podman (privileged, a runtime socket mounted, a
# compliant one and `podman exec --privileged` into it), runc and lxc; the events (schema-valid,
# the right rules, fixed on stop), /metrics scraped by a real Prometheus server (PromQL shows the
# privileged container's findings while it runs and not after), the PolicyReports kept in
# --output-dir (the privileged container's failure while it runs, gone after), the HTTP sink
# (every finding of the bursts delivered with the default queue; a second watch with a tiny
# queue against a receiver that is slowed then killed), SIGHUP with a broken rules file, an unreadable container
# (a watch without the privilege to read it), 200 runc containers churned (none missed, RSS
# flat, no leak), containers gone before their audit (judged on their process at exec), SIGTERM.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"

t_need_root
t_need_cmd podman runc busybox python3 curl prometheus promtool lxc-create lxc-start setpriv
python3 -c 'import jsonschema' 2>/dev/null || t_skip_all "needs python3-jsonschema"
ct_trap
ct_tmpdir
D=$ct_dir
PFX=ctg-watch-$$
IMAGE=localhost/ctg-bb:test
WQ="$top_srcdir/tests/helpers/watchq.py"
SCHEMA="$top_srcdir/schema/event-v1.schema.json"
EV=$D/events.jsonl
ct_podman_image "$IMAGE"
runc_bundle "$D/cb" || t_skip_all "cannot make a runc bundle"

# wait_for SECONDS CMD...: until CMD succeeds (every 0.1 s) or SECONDS have passed (by the
# clock: a loaded machine makes each try slower); returns its last status.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	while [ "$SECONDS" -lt "$end" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	"$@" >/dev/null 2>&1
}
has_event() { [ "$(python3 "$WQ" count "$@")" -ge 1 ]; } # FILE EVENT NAME [RULE]
nevents() { python3 "$WQ" count "$@"; }
nevents_ge() { [ "$(python3 "$WQ" count "${@:2}")" -ge "$1" ]; } # N FILE EVENT NAME [RULE]
metric() { curl -s -m 5 "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" 'index($0, m) == 1 { print $NF; exit }'; }
section() { echo "# [$SECONDS s] $*"; }
metric_gt() { [ "$(metric "$1")" -gt "$2" ]; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

section "the HTTP receiver and Prometheus"
# Not the python3 shell function of tests/lib.sh: $! must be python's own pid.
command python3 "$WQ" receiver "$D/recv.port" "$D/recv.jsonl" "$D/slow" &
RECV=$!
ct_defer "kill $RECV"
wait_for 10 test -s "$D/recv.port"
RPORT=$(cat "$D/recv.port")
PORT=$(python3 "$WQ" freeport)
PPORT=$(python3 "$WQ" freeport)

# A rules file of our own next to the packs: SIGHUP reloads it.
rule_file() { # GT TITLE
	cat <<EOF
version: 1
pack: watch-test
rules:
  - id: WATCH-TEST-001
    title: $2
    severity: info
    description: a rule of the test
    when: {fact: container.processes, gt: $1}
    remediation: none, it is a test
EOF
}
rule_file 0 "fails on every container" >"$D/extra.yaml"
"$CTGUARD" rules lint "$D/extra.yaml" >/dev/null 2>&1 || t_fail "the test's rules file lints"

# ASan keeps freed memory in a quarantine of up to 256 MiB: off, so RSS shows ctguard's own.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
mkdir "$D/reports"
"$CTGUARD" watch --listen "127.0.0.1:$PORT" --events "$EV" --per-container-metrics \
	--pack cis-docker --pack escapes --rules "$D/extra.yaml" \
	--format policyreport --output-dir "$D/reports" \
	--http-url "http://127.0.0.1:$RPORT/" --http-retries 1 --http-timeout 500 \
	2>"$D/watch.err" &
W=$!
ct_defer "kill -9 $W"
wait_for 30 curl -sf "http://127.0.0.1:$PORT/healthz"
t_is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")" 200 "/healthz: 200 after the first audit"
t_is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/nope")" 404 "another path: 404"
t_is "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/metrics")" 405 "POST: 405"
t_is "$(metric 'ctguard_event_source_up{source="proc_connector"}')" 1 "the proc connector is in use (root, initial network namespace)"

cat >"$D/prom.yml" <<EOF
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: ctguard
    static_configs: [{targets: ['127.0.0.1:$PORT']}]
EOF
prometheus --config.file="$D/prom.yml" --storage.tsdb.path="$D/tsdb" \
	--web.listen-address="127.0.0.1:$PPORT" >"$D/prom.log" 2>&1 &
PROM=$!
ct_defer "kill $PROM"
promql() { # QUERY: the values of the instant vector, sorted, space-separated
	curl -s --get "http://127.0.0.1:$PPORT/api/v1/query" --data-urlencode "query=$1" |
		python3 -c 'import json,sys; print(" ".join(sorted(r["value"][1] for r in json.load(sys.stdin)["data"]["result"])))'
}
promql_any() { [ -n "$(promql "$1")" ]; }

section "podman: privileged, a runtime socket, compliant; an exec with more privilege"
ct_unix_socket "$D/docker.sock"
t0=$(date +%s%N)
ct_podman_run "$PFX-priv" --privileged "$IMAGE" sleep 600 || t_fail "podman run --privileged: $(head -c 300 "$D/$PFX-priv.err")"
ct_podman_run "$PFX-sock" -v "$D/docker.sock:/var/run/docker.sock" "$IMAGE" sleep 600
ct_podman_run "$PFX-ok" --cap-drop=all --user 1000 --security-opt no-new-privileges --read-only \
	--memory 64m --pids-limit 64 --cpu-shares 512 "$IMAGE" sleep 600
wait_for 10 has_event "$EV" finding "$PFX-priv" CIS-DOCKER-5.5
t_ok "privileged: a finding event for CIS-DOCKER-5.5 (privileged)" has_event "$EV" finding "$PFX-priv" CIS-DOCKER-5.5
t1=$(date +%s%N)
echo "# three podman starts to the privileged one's finding: $(((t1 - t0) / 1000000)) ms"
t_ok "privileged: a container-appeared event" has_event "$EV" container-appeared "$PFX-priv"
wait_for 10 has_event "$EV" finding "$PFX-sock" CTG-ESC-001
t_ok "socket mounted: CTG-ESC-001 (runtime socket)" has_event "$EV" finding "$PFX-sock" CTG-ESC-001
wait_for 10 has_event "$EV" container-appeared "$PFX-ok"
t_ok "compliant: appeared" has_event "$EV" container-appeared "$PFX-ok"
t_is "$(nevents "$EV" finding "$PFX-ok" CIS-DOCKER-5.5)" 0 "compliant: no privileged finding"
t_is "$(nevents "$EV" finding "$PFX-ok" CTG-ESC-001)" 0 "compliant: no socket finding"
t_is "$(nevents "$EV" escalating-exec "$PFX-ok")" 0 "compliant: no escalating exec yet"

podman exec -d --privileged "$PFX-ok" sleep 30 >/dev/null 2>&1
wait_for 10 has_event "$EV" escalating-exec "$PFX-ok"
t_ok "podman exec --privileged into the compliant one: an escalating-exec event" has_event "$EV" escalating-exec "$PFX-ok"
t_like "$(grep '"escalating-exec"' "$EV" | grep -F "\"$PFX-ok\"" | head -n 1)" \
	'"priority":"Critical".*a bounding set wider than the init.s:.*CAP_SYS_ADMIN' \
	"  which names the capabilities it can gain (non-root: through its wider bounding set)"
podman exec -d --privileged --user 0 "$PFX-ok" sleep 31 >/dev/null 2>&1
wait_for 10 nevents_ge 2 "$EV" escalating-exec "$PFX-ok"
t_like "$(grep '"escalating-exec"' "$EV" | grep -F "\"$PFX-ok\"" | grep '"proc.name":"sleep"' | tail -n 1)" \
	'capabilities the init lacks:.*CAP_SYS_ADMIN.*uid 0 \(the init.s: 1000\)' \
	"podman exec --privileged --user 0: capabilities and a lower uid"
podman exec "$PFX-ok" true >/dev/null 2>&1
sleep 0.5
t_is "$(nevents "$EV" escalating-exec "$PFX-ok")" 2 "a plain podman exec is no escalation"

report_is() { [ "$(python3 "$WQ" report "$D/reports" "$1" "$2")" = "$3" ]; } # NAME RULE RESULT
wait_for 10 report_is "$PFX-priv" CIS-DOCKER-5.5 fail
t_is "$(python3 "$WQ" report "$D/reports" "$PFX-priv" CIS-DOCKER-5.5)" fail \
	"--output-dir: the cluster PolicyReport has the privileged container's CIS-DOCKER-5.5 failure"
t_is "$(python3 "$WQ" report "$D/reports" "$PFX-ok" CIS-DOCKER-5.5)" pass "  and the compliant one's pass"
no_temp() { [ "$(find "$D/reports" -name '.*' -type f | wc -l)" = 0 ]; }
wait_for 10 no_temp # a write may be under way: its temporary file goes when it is renamed
t_ok "  no temporary file left between writes (each replaced atomically)" no_temp

# De-duplicated: the priv container's findings once each, whatever re-audits ran since.
t_is "$(nevents "$EV" finding "$PFX-priv" CIS-DOCKER-5.5)" 1 "an unchanged finding is not repeated"

section "runc and lxc"
runc_bundle "$D/rb" "c['process']['capabilities'] = {k: ['CAP_SYS_ADMIN', 'CAP_KILL'] for k in ('bounding', 'effective', 'permitted')}" &&
	runc_run "$PFX-runc" "$D/rb" || t_fail "runc container"
wait_for 10 has_event "$EV" finding "$PFX-runc" CIS-DOCKER-5.4
t_ok "runc with CAP_SYS_ADMIN: CIS-DOCKER-5.4 (capabilities)" has_event "$EV" finding "$PFX-runc" CIS-DOCKER-5.4
LXC=ctg-wl-$$
ct_defer "lxc-destroy -f -n $LXC"
if lxc-create -n "$LXC" -t busybox >"$D/lxc.log" 2>&1; then
	CONF=$(lxc-config lxc.lxcpath 2>/dev/null || echo /var/lib/lxc)/$LXC/config
	sed -i '/^lxc\.net\.0\./d' "$CONF" && echo 'lxc.net.0.type = empty' >>"$CONF"
	lxc-start -n "$LXC" >>"$D/lxc.log" 2>&1
	wait_for 15 has_event "$EV" container-appeared "$LXC"
	t_ok "lxc: appeared" has_event "$EV" container-appeared "$LXC"
	t_ok "lxc (privileged, no user namespace): a finding" has_event "$EV" finding "$LXC" CTG-ESC-008
	lxc-stop -k -n "$LXC" >/dev/null 2>&1
	wait_for 10 has_event "$EV" container-gone "$LXC"
	t_ok "lxc stopped: container-gone" has_event "$EV" container-gone "$LXC"
else
	t_fail "lxc-create: $(tail -c 300 "$D/lxc.log")"
fi

section "metrics and Prometheus"
curl -s "http://127.0.0.1:$PORT/metrics" >"$D/metrics.txt"
t_ok "promtool check metrics: clean" promtool check metrics <"$D/metrics.txt"
t_like "$(grep "^ctguard_container_findings{.*container=\"$PFX-priv\".*severity=\"critical\"}" "$D/metrics.txt")" \
	' [1-9][0-9]*$' "/metrics: the privileged container's critical findings"
t_like "$(grep '^ctguard_workload_findings{namespace="",pod="",rule="CIS-DOCKER-5.5"' "$D/metrics.txt")" ' [1-9][0-9]*$' \
	"/metrics: by workload and rule"
t_like "$(grep '^ctguard_events_total{type="escalating-exec"}' "$D/metrics.txt")" ' [1-9][0-9]*$' "/metrics: events by type"
t_like "$(grep -c '^ctguard_build_info{version=' "$D/metrics.txt")" '^1$' "/metrics: ctguard_build_info"
wait_for 30 promql_any "ctguard_container_findings{container=\"$PFX-priv\",severity=\"critical\"}"
t_like "$(promql "ctguard_container_findings{container=\"$PFX-priv\",severity=\"critical\"}")" '^[1-9]' \
	"PromQL: the privileged container's critical findings while it runs"
t_like "$(promql 'ctguard_rule_failures{rule="CIS-DOCKER-5.5"}')" '^[1-9]' "PromQL: containers failing CIS-DOCKER-5.5"

section "the unreadable container: a watch that cannot read it (nobody, no capabilities)"
touch "$D/nobody.jsonl" && chmod 0666 "$D/nobody.jsonl"
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$CTGUARD" watch --events "$D/nobody.jsonl" --rescan 1 2>"$D/nobody.err" &
NB=$!
ct_defer "kill -9 $NB"
PRIVPID=$(podman inspect -f '{{.State.Pid}}' "$PFX-priv")
wait_for 20 grep -q '"container-unreadable"' "$D/nobody.jsonl"
t_like "$(grep '"container-unreadable"' "$D/nobody.jsonl" | grep "\"container.pid\":$PRIVPID[,}]")" "EACCES" \
	"unprivileged watch: the privileged container is reported unreadable (EACCES), not skipped"
kill -TERM "$NB"
wait "$NB"
t_is "$?" 0 "  and exits 0 on SIGTERM"

section "stop: fixed events, gone from Prometheus"
nfail=$(nevents "$EV" finding "$PFX-priv")
podman rm -f -t 0 "$PFX-priv" >/dev/null 2>&1
wait_for 10 has_event "$EV" container-gone "$PFX-priv"
t_ok "privileged stopped: container-gone" has_event "$EV" container-gone "$PFX-priv"
t_is "$(nevents "$EV" finding-fixed "$PFX-priv")" "$nfail" "  and one finding-fixed for each of its $nfail findings"
sleep 3
t_is "$(promql "ctguard_container_findings{container=\"$PFX-priv\"}")" "" "PromQL: no findings of the privileged container after it stopped"
t_is "$(python3 "$WQ" report "$D/reports" "$PFX-priv" CIS-DOCKER-5.5)" none "--output-dir: the stopped container's results are gone from the reports"

section "the HTTP sink: delivered; slowed and killed, nothing blocks, drops counted"
wait_for 10 has_event "$D/recv.jsonl" container-gone "$PFX-priv"
# The default queue (1024 events) holds the bursts of findings at start and of finding-fixed at a
# stop (81 rules over three containers): every one of them arrives. A host already running many
# containers (other tests', a benchmark's) can fill it with the first audit's events: then the
# drops must be counted, and some finding still arrive.
dropped=$(metric 'ctguard_events_dropped_total{sink="http",reason="queue_full"}')
if [ "$dropped" = 0 ]; then
	t_ok "HTTP: the privileged container's CIS-DOCKER-5.5 finding arrived (falcosidekick's payload)" \
		has_event "$D/recv.jsonl" finding "$PFX-priv" CIS-DOCKER-5.5
	t_ok "HTTP: the socket one's CTG-ESC-001" has_event "$D/recv.jsonl" finding "$PFX-sock" CTG-ESC-001
	t_is "$(nevents "$D/recv.jsonl" finding "$PFX-priv")" "$nfail" "HTTP: each of the privileged container's $nfail findings"
	t_is "$(nevents "$D/recv.jsonl" finding-fixed "$PFX-priv")" "$nfail" "HTTP: and each finding-fixed at its stop"
else
	echo "# the first audit's $(nevents "$EV" '*' '*') events overflowed the queue ($dropped dropped): a busy host"
	t_like "$dropped" '^[1-9]' "HTTP: the overflow is counted"
	t_ok "HTTP: the receiver got finding events (falcosidekick's payload)" has_event "$D/recv.jsonl" finding '*'
fi
t_is "$(python3 "$WQ" validate "$SCHEMA" "$D/recv.jsonl")" valid "HTTP: every posted event is schema-valid"
# A second watch with a queue of 4 events against its own receiver, slowed then killed.
command python3 "$WQ" receiver "$D/recv2.port" "$D/recv2.jsonl" "$D/slow" &
RECV2=$!
ct_defer "kill $RECV2"
wait_for 10 test -s "$D/recv2.port"
PORT2=$(python3 "$WQ" freeport)
touch "$D/slow"
"$CTGUARD" watch --listen "127.0.0.1:$PORT2" --events "$D/ev2.jsonl" --pack escapes --rules "$D/extra.yaml" \
	--http-url "http://127.0.0.1:$(cat "$D/recv2.port")/" --http-queue 4 --http-retries 1 --http-timeout 500 \
	2>"$D/watch2.err" &
W2=$!
ct_defer "kill -9 $W2"
wait_for 30 curl -sf "http://127.0.0.1:$PORT2/healthz"
metric2() { curl -s -m 5 "http://127.0.0.1:$PORT2/metrics" | awk -v m="$1" 'index($0, m) == 1 { print $NF; exit }'; }
metric2_gt() { [ "$(metric2 "$1")" -gt "$2" ]; }
t_slow=$SECONDS
runc_run "$PFX-slow" "$D/cb" || t_fail "runc container $PFX-slow"
runc_run "$PFX-slow2" "$D/cb" || t_fail "runc container $PFX-slow2"
# Each is 3 events (appeared, CTG-ESC-009, the test's rule), on top of the first audit's events of
# the containers still running: a sink that waited for the receiver (3 s a post) would need 18 s
# for these alone.
wait_for 15 nevents_ge 3 "$D/ev2.jsonl" '*' "$PFX-slow2"
t_ok "a slow receiver delays no event of the file (6 in $((SECONDS - t_slow)) s)" \
	nevents_ge 3 "$D/ev2.jsonl" '*' "$PFX-slow2"
t_ok "  (the first container's too)" nevents_ge 3 "$D/ev2.jsonl" '*' "$PFX-slow"
wait_for 15 metric2_gt 'ctguard_events_dropped_total{sink="http",reason="queue_full"}' 0
t_like "$(metric2 'ctguard_events_dropped_total{sink="http",reason="queue_full"}')" '^[1-9]' "HTTP slow: drops counted (queue full)"
kill -9 "$RECV2"
before=$(metric2 'ctguard_events_dropped_total{sink="http",reason="retries"}')
runc delete --force "$PFX-slow" >/dev/null 2>&1
runc delete --force "$PFX-slow2" >/dev/null 2>&1
wait_for 10 has_event "$D/ev2.jsonl" container-gone "$PFX-slow2"
t_ok "a dead receiver delays no event either" has_event "$D/ev2.jsonl" container-gone "$PFX-slow2"
wait_for 15 metric2_gt 'ctguard_events_dropped_total{sink="http",reason="retries"}' "$before"
t_like "$(metric2 'ctguard_events_dropped_total{sink="http",reason="retries"}')" '^[1-9]' "HTTP dead: drops counted (after the retries)"
kill -TERM "$W2"
wait "$W2"
t_is "$?" 0 "  the second watch exits 0 on SIGTERM"
rm -f "$D/slow"

section "SIGHUP: a broken rules file keeps the old set; a good one replaces it"
echo 'rules: [ {id: BROKEN' >"$D/extra.yaml"
kill -HUP "$W"
wait_for 10 has_event "$EV" reload-failed '*'
t_ok "SIGHUP with a broken rules file: a reload-failed event" has_event "$EV" reload-failed '*'
t_like "$(metric 'ctguard_reloads_total{result="failed"}')" '^1$' "  counted"
runc_run "$PFX-after" "$D/cb" || t_fail "runc container $PFX-after"
wait_for 10 has_event "$EV" finding "$PFX-after" WATCH-TEST-001
t_ok "  the old rules stay (the test's rule still judges a new container)" has_event "$EV" finding "$PFX-after" WATCH-TEST-001
rule_file 100000 "fails on no container" >"$D/extra.yaml"
kill -HUP "$W"
wait_for 10 has_event "$EV" finding-fixed "$PFX-after" WATCH-TEST-001
t_ok "SIGHUP with a good file: the removed rule's findings are fixed" has_event "$EV" finding-fixed "$PFX-after" WATCH-TEST-001
t_like "$(metric 'ctguard_reloads_total{result="ok"}')" '^1$' "  reload counted"
t_is "$(python3 "$WQ" validate "$SCHEMA" "$EV")" valid "every event of the file is schema-valid"

section "churn: 200 runc containers, 20 at a time"
ct_defer "runc list -q | grep '^$PFX-c' | xargs -r -n 1 runc delete --force"
churn() { # FIRST LAST: started 20 at a time (4 in parallel), then deleted
	local i
	for ((i = $1; i <= $2; i += 20)); do
		seq "$i" "$((i + 19 < $2 ? i + 19 : $2))" | xargs -P 4 -I{} sh -c \
			'runc run -d --bundle "$0" "$1" </dev/null >/dev/null 2>&1' "$D/cb" "$PFX-c{}"
		seq "$i" "$((i + 19 < $2 ? i + 19 : $2))" | xargs -P 4 -I{} runc delete --force "$PFX-c{}" >/dev/null 2>&1
	done
}
# The first 100 warm the allocator up (and, under the sanitizers, their shadow memory).
churn 1 100
wait_for 10 has_event "$EV" container-gone "$PFX-c100"
rss0=$(rss_kib "$W")
churn 101 200
wait_for 10 has_event "$EV" container-gone "$PFX-c200"
sleep 1
rss1=$(rss_kib "$W")
echo "# RSS after 100 containers: $rss0 KiB, after 200: $rss1 KiB"
t_ok "200 containers churned: watch still runs" kill -0 "$W"
python3 "$WQ" names "$EV" container-appeared | grep "^$PFX-c[0-9]*\$" | sort -u >"$D/seen"
t_is "$(wc -l <"$D/seen")" 200 "every churned container has its container-appeared event"
t_is "$(python3 "$WQ" names "$EV" container-gone | grep -c "^$PFX-c[0-9]*\$")" 200 "  and its container-gone event"
t_ok "RSS after the churn within 1 MiB of before ($rss0 -> $rss1 KiB)" test "$((rss1 - rss0))" -le 1024

section "containers shorter than their audit: judged on their process at exec"
# A watch whose audits come 1.5 s after an event: these containers are gone by then.
PORT3=$(python3 "$WQ" freeport)
"$CTGUARD" watch --listen "127.0.0.1:$PORT3" --events "$D/ev3.jsonl" --pack escapes \
	--debounce 1500 --rescan 0 2>"$D/watch3.err" &
W3=$!
ct_defer "kill -9 $W3"
wait_for 30 curl -sf "http://127.0.0.1:$PORT3/healthz"
# runc: root, runc spec's three capabilities, a seccomp filter, namespaces of its own
runc_bundle "$D/cbt" "c['process']['args'] = ['true']
c['linux']['seccomp'] = {'defaultAction': 'SCMP_ACT_ALLOW', 'syscalls': [{'names': ['kexec_load'], 'action': 'SCMP_ACT_ERRNO'}]}" ||
	t_fail "a runc bundle running true"
missed() { # PROC-NAME PRIORITY EVIDENCE-REGEX: is there such a container-missed event?
	python3 - "$D/ev3.jsonl" "$@" <<'PY'
import json, re, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    f = e["output_fields"]
    if (e["event"] == "container-missed" and f.get("proc.name") == sys.argv[2]
            and e["priority"] == sys.argv[3] and re.search(sys.argv[4], f.get("ctguard.evidence", ""))):
        sys.exit(0)
sys.exit(1)
PY
}
runc run --bundle "$D/cbt" "$PFX-brief" </dev/null >/dev/null 2>&1
t_is "$?" 0 "a runc container that runs true and is gone at once"
# The watch reads the process at its exec; under load `true` can be gone first (the event then
# says "not judged"): up to two more containers, each waited for by itself.
for i in 1 2; do
	wait_for 5 missed true Warning "^uid 0 on the host(; the host's cgroup namespace)?\$" && break
	echo "# no judged container-missed event for runc true yet: another container ($i)"
	runc run --bundle "$D/cbt" "$PFX-brief$i" </dev/null >/dev/null 2>&1
done
# unshare: every capability, no seccomp filter, the host's network; its process a copy of sleep
# under a name of its own (tests running beside this one may start and end sandboxes too)
SLP=ctgms$$
cp "$(command -v sleep)" "$D/$SLP"
unshare --fork --pid --mount-proc sh -c "exec '$D/$SLP' 0.2"
# Each waited for by itself: other tests' sandboxes may be missed events too, before these.
# runc spec gives no cgroup namespace: the host's is named (not critical)
wait_for 10 missed true Warning "^uid 0 on the host(; the host's cgroup namespace)?\$"
wait_for 10 missed "$SLP" Critical "."
missed true Warning "^uid 0 on the host(; the host's cgroup namespace)?\$" ||
	python3 - "$D/ev3.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "container-missed":
        print("# missed:", e["priority"], json.dumps(e["output_fields"]))
PY
t_ok "runc, true: a container-missed event, Warning, evidence the uid only (host root, default capabilities, a filter)" \
	missed true Warning "^uid 0 on the host(; the host's cgroup namespace)?\$"
t_ok "unshare, $SLP: a container-missed event, Critical: the capabilities, no filter, the host's network" \
	missed "$SLP" Critical "capabilities beyond the default set: .*CAP_SYS_ADMIN.*; no seccomp filter; the host's net namespace"
# (tests running beside this one may start and end sandboxes of their own: at least these two)
nmissed=$(nevents "$D/ev3.jsonl" container-missed '*')
t_ok "  no container-missed event for a container that watch audited" python3 - "$D/ev3.jsonl" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
audited = {e["output_fields"]["container.pid"] for e in ev if e["event"] == "container-appeared"}
sys.exit(any(e["output_fields"].get("proc.pid") in audited for e in ev if e["event"] == "container-missed"))
PY
t_is "$(nevents "$D/ev3.jsonl" container-appeared "$PFX-brief")" 0 "  the runc container was never audited (gone within the debounce)"
# (other tests' sandboxes may still come and go: at least what the file had a moment before)
mmissed=$(curl -s -m 5 "http://127.0.0.1:$PORT3/metrics" | awk '/^ctguard_events_total\{type="container-missed"\}/ { print $NF }')
t_ok "/metrics: container-missed events counted ($mmissed, the file had $nmissed)" \
	test "${mmissed:-0}" -ge "$nmissed" -a "$nmissed" -ge 2
t_is "$(python3 "$WQ" validate "$SCHEMA" "$D/ev3.jsonl")" valid "  schema-valid"
kill -TERM "$W3"
wait "$W3"
t_is "$?" 0 "  that watch exits 0 on SIGTERM"

section "--host-root: the runtimes' state directories below it are watched"
mkdir -p "$D/hr/run/runc"
PORT4=$(python3 "$WQ" freeport)
"$CTGUARD" watch --listen "127.0.0.1:$PORT4" --events "$D/ev4.jsonl" --pack escapes \
	--host-root "$D/hr" --sources inotify --rescan 0 2>"$D/watch4.err" &
W4=$!
ct_defer "kill -9 $W4"
wait_for 30 curl -sf "http://127.0.0.1:$PORT4/healthz"
metric4() { curl -s -m 5 "http://127.0.0.1:$PORT4/metrics" | awk -v m="$1" 'index($0, m) == 1 { print $NF; exit }'; }
metric4_gt() { [ "$(metric4 "$1")" -gt "$2" ]; }
a0=$(metric4 'ctguard_audits_total{scope="host"}')
t_is "$a0" 1 "--host-root, inotify only: one audit at start"
mkdir "$D/hr/run/runc/$PFX-hr"
wait_for 10 metric4_gt 'ctguard_audits_total{scope="host"}' "$a0"
t_ok "a container's directory created under DIR/run/runc: the host audited again" \
	metric4_gt 'ctguard_audits_total{scope="host"}' "$a0"
out=$("$CTGUARD" watch --host-root relative/dir 2>&1)
t_is "$?" 2 "--host-root takes an absolute path (exit 2)"
kill -TERM "$W4"
wait "$W4"
t_is "$?" 0 "  that watch exits 0 on SIGTERM"

section "SIGTERM"
kill -TERM "$W"
for _ in $(seq 50); do kill -0 "$W" 2>/dev/null || break; sleep 0.1; done
wait "$W"
t_is "$?" 0 "SIGTERM: exit 0 (and, under the sanitizers, no leak)"
t_unlike "$(cat "$D/watch.err")" "ERROR: (Address|Leak)Sanitizer|runtime error" "no sanitizer report"
t_done
