#!/bin/bash
# ctguard audit on real podman containers: which rule ids fail and pass, and ctguard's own
# container recognised as the scanner's.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
t_need_root
t_need_cmd podman busybox python3 unshare

T=$(mktemp -d)
names="ctg-aud-priv ctg-aud-hard ctg-aud-def"
cleanup() {
	for n in $names; do podman rm -f -t 0 "$n" >/dev/null 2>&1; done
	rm -rf "$T"
}
trap cleanup EXIT
cleanup_start() { for n in $names; do podman rm -f -t 0 "$n" >/dev/null 2>&1; done; }
cleanup_start

img=localhost/ctg-aud:1
if ! podman image exists "$img"; then
	mkdir -p "$T/rootfs/bin" "$T/rootfs/proc" "$T/rootfs/sys" "$T/rootfs/dev" "$T/rootfs/etc" \
		"$T/rootfs/tmp" "$T/rootfs/run"
	cp "$(command -v busybox)" "$T/rootfs/bin/busybox"
	for a in sh sleep; do ln -s busybox "$T/rootfs/bin/$a"; done
	tar -C "$T/rootfs" -cf "$T/bb.tar" . && podman import -q "$T/bb.tar" "$img" >/dev/null ||
		t_skip_all "cannot import a busybox image into podman"
fi

run() { podman run -d --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "$@" >/dev/null; }
run --name ctg-aud-priv --privileged --pid host "$img" sleep 600 || t_skip_all "podman run failed"
# A user namespace of its own (ct_podman_userns, tests/lib.sh: not --userns=auto, which deadlocks).
run --name ctg-aud-hard $(ct_podman_userns 1) --cap-drop=all --user 1000 --security-opt no-new-privileges \
	--read-only "$img" sleep 600 || t_skip_all "podman run with a user namespace failed"
run --name ctg-aud-def "$img" sleep 600 || t_skip_all "podman run failed"

"$CTGUARD" audit --format json -o "$T/a.json" ctg-aud-priv ctg-aud-hard ctg-aud-def 2>/dev/null; rc=$?
t_is "$rc" 1 "audit of a privileged container: exit 1"
# status NAME RULE
status() {
	python3 -c "import json,sys
d=json.load(open('$T/a.json'))
c=[c for c in d['containers'] if c['name']==sys.argv[1]]
print([f['status'] for f in c[0]['findings'] if f['rule']==sys.argv[2]][0] if c else 'MISSING')" "$@"
}
# failing NAME PACK: the failing rule ids of one pack, sorted, space-separated.
failing() {
	python3 -c "import json,sys
d=json.load(open('$T/a.json'))
c=[c for c in d['containers'] if c['name']==sys.argv[1]]
print(' '.join(sorted(f['rule'] for f in c[0]['findings'] if f['status']=='fail' and f['pack'] in sys.argv[2].split(','))) if c else 'MISSING')" "$@"
}

for r in CIS-DOCKER-5.4 CIS-DOCKER-5.5 CIS-DOCKER-5.16 CIS-DOCKER-5.22 PSS-B-PRIVILEGED PSS-B-HOST-PID \
	PSS-B-SECCOMP PSS-B-PROC-MOUNT CTG-ESC-003 CTG-ESC-004 CTG-ESC-005 CTG-ESC-006 CTG-ESC-007 \
	CTG-ESC-008 CTG-ESC-009 CTG-ESC-011; do
	t_is "$(status ctg-aud-priv $r)" fail "privileged + host pid fails $r"
done
if [ -n "$(find /dev -maxdepth 1 -type b 2>/dev/null | head -n1)" ]; then
	t_is "$(status ctg-aud-priv CTG-ESC-010)" fail "privileged sees the host's block devices (CTG-ESC-010)"
else
	t_skip "no block device on this host to expose"
fi
t_is "$(status ctg-aud-priv CTG-ESC-001)" pass "no runtime socket mounted: CTG-ESC-001 passes"
t_is "$(status ctg-aud-priv CIS-DOCKER-5.10)" pass "own network namespace: CIS 5.10 passes"

t_is "$(failing ctg-aud-hard pss-restricted,pss-baseline)" "" \
	"--uidmap --cap-drop=all --user 1000 --security-opt no-new-privileges --read-only passes pss-restricted entirely"
t_is "$(failing ctg-aud-hard escapes)" "" "the hardened container has no escape surface"
t_is "$(status ctg-aud-hard CIS-DOCKER-5.31)" pass "its user namespace passes CIS 5.31"
t_is "$(status ctg-aud-hard CIS-DOCKER-5.13)" pass "--read-only passes CIS 5.13"

t_is "$(failing ctg-aud-def pss-restricted,pss-baseline)" "PSS-R-CAPABILITIES PSS-R-NON-ROOT PSS-R-NON-ROOT-USER PSS-R-PRIV-ESC" \
	"a default container fails exactly the restricted controls it violates (root, capabilities, no_new_privs)"
t_is "$(status ctg-aud-def PSS-R-SECCOMP)" pass "podman's default seccomp profile satisfies PSS seccomp"
t_is "$(failing ctg-aud-def escapes)" "" "a default container has no escape surface"

# ctguard running inside a sandbox of the host (a DaemonSet-like deployment: host pid namespace,
# its own mount namespace) recognises its own container and explains its host pid namespace.
unshare -m --propagation private "$CTGUARD" audit --format json -o "$T/s.json" 2>/dev/null
scan=$(python3 -c "import json
d=json.load(open('$T/s.json'))
c=[c for c in d['containers'] if c['scanner']]
print(len(c), c[0]['facts']['container.command'] if c else '',
      [f['status'] for f in c[0]['findings'] if f['rule']=='CIS-DOCKER-5.16'][0] if c else '',
      [f.get('note','') for f in c[0]['findings'] if f['rule']=='CIS-DOCKER-5.16'][0][:60] if c else '')")
t_like "$scan" "^1 ctguard waived expected: this is ctguard's own container" \
	"the scanner's own container is marked and its host pid namespace explained as waived"
t_done
