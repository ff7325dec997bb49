#!/bin/bash
# The packs' verdicts that judge what admission and the CIS benchmark mean (issue 12), on real
# podman containers shared between the assertions: capabilities added beyond the runtime's
# default set, the masked /proc (and its user-namespace relaxation), sysctls set against a fresh
# namespace's, sshd, CPU priority, the container user, and LSM rules on a host without the LSM.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/integration/common.sh"
t_need_root
t_need_cmd podman runc busybox python3 tar
ct_trap
ct_tmpdir
IMAGE=localhost/ctg-bb:test
ct_podman_image "$IMAGE"

P=ctg-packs-$$
# Docker's and containerd's default capability set: podman's plus NET_RAW, AUDIT_WRITE, MKNOD.
ct_podman_run "$P-docker" --cap-add NET_RAW --cap-add AUDIT_WRITE --cap-add MKNOD --user 1000 \
	--sysctl net.ipv4.ip_unprivileged_port_start=0 --cpu-shares 512 "$IMAGE" sleep 600 ||
	t_skip_all "podman run failed: $(head -c 300 "$ct_dir/$P-docker.err")"
# A process named sshd (a shell script called sshd stays its comm while it waits for sleep).
ct_podman_run "$P-loose" --cap-add SYS_ADMIN --security-opt unmask=/proc/kcore:/proc/timer_list \
	--sysctl net.core.somaxconn=1000 --cpus 0.5 "$IMAGE" \
	sh -c 'printf "#!/bin/sh\nsleep 600\n" >/tmp/sshd && chmod +x /tmp/sshd && exec /tmp/sshd' ||
	t_skip_all "podman run failed: $(head -c 300 "$ct_dir/$P-loose.err")"
ct_podman_run "$P-userns" $(ct_podman_userns 2) --security-opt unmask=ALL "$IMAGE" sleep 600 ||
	t_skip_all "podman run with a user namespace failed: $(head -c 300 "$ct_dir/$P-userns.err")"
ct_podman_run "$P-def" "$IMAGE" sleep 600 ||
	t_skip_all "podman run failed: $(head -c 300 "$ct_dir/$P-def.err")"
for i in $(seq 1 50); do
	[ "$(podman top "$P-loose" comm 2>/dev/null | grep -c sleep)" = 1 ] && break
	sleep 0.1
done

J=$ct_dir/a.json
"$CTGUARD" audit --format json -o "$J" "$P-docker" "$P-loose" "$P-userns" "$P-def" 2>"$ct_dir/err"
t_is "$?" 1 "audit of the four containers: exit 1 (findings)"
t_is "$(python3 -c "import json; print(len(json.load(open('$J'))['containers']))")" 4 \
	"the four containers audited"
# finding NAME RULE: "status|evidence|note" of one rule for one container.
finding() {
	python3 -c "import json,sys
d=json.load(open(sys.argv[1]))
c=[c for c in d['containers'] if c['name']==sys.argv[2]]
f=[f for f in c[0]['findings'] if f['rule']==sys.argv[3]] if c else []
print('%s|%s|%s' % (f[0]['status'], f[0]['evidence'], f[0].get('note','')) if f else 'MISSING')" \
		"$J" "$@"
}
fact() {
	python3 -c "import json,sys
d=json.load(open(sys.argv[1]))
c=[c for c in d['containers'] if c['name']==sys.argv[2]]
print(json.dumps(c[0]['facts'][sys.argv[3]]) if c else 'MISSING')" "$J" "$@"
}
status() { finding "$@" | cut -d'|' -f1; }

# Capabilities: admission judges what is *added*; the runtime default set is admitted.
t_is "$(status "$P-docker" PSS-B-CAPABILITIES)" pass \
	"Docker's default capability set (with NET_RAW) passes PSS-B-CAPABILITIES"
t_like "$(finding "$P-loose" PSS-B-CAPABILITIES)" '^fail\|caps.bounding has \[CAP_SYS_ADMIN\]' \
	"--cap-add SYS_ADMIN fails PSS-B-CAPABILITIES, naming SYS_ADMIN"
t_is "$(status "$P-docker" PSS-R-CAPABILITIES)" fail "the default set still fails PSS-R-CAPABILITIES"

# procMount: masked paths, and the user-namespace relaxation of baseline.
t_like "$(finding "$P-loose" PSS-B-PROC-MOUNT)" '^fail\|.*proc.unmasked.*/proc/timer_list' \
	"unmask=/proc/kcore:/proc/timer_list fails PSS-B-PROC-MOUNT with /proc/timer_list as evidence"
t_is "$(status "$P-def" PSS-B-PROC-MOUNT)" pass "the default masks pass PSS-B-PROC-MOUNT"
t_is "$(fact "$P-def" proc.unmasked)" "[]" "the default container has nothing unmasked"
t_is "$(status "$P-userns" PSS-B-PROC-MOUNT)" pass \
	"a user namespace with --security-opt unmask=ALL passes PSS-B-PROC-MOUNT (PSA >= 1.35, hostUsers: false)"
t_like "$(finding "$P-userns" PSS-R-PROC-MOUNT)" '^fail\|.*/proc/timer_list' \
	"... and fails PSS-R-PROC-MOUNT, which restricted keeps for user namespaces"
t_is "$(status "$P-def" PSS-R-PROC-MOUNT)" pass "the default masks pass PSS-R-PROC-MOUNT"

# Sysctls: what differs from a fresh namespace is what was set.
t_like "$(fact "$P-docker" sysctl.set)" '"net.ipv4.ip_unprivileged_port_start"' \
	"--sysctl net.ipv4.ip_unprivileged_port_start=0 is seen as set"
t_is "$(status "$P-docker" PSS-B-SYSCTLS)" pass "... and passes PSS-B-SYSCTLS (a safe sysctl)"
t_like "$(finding "$P-loose" PSS-B-SYSCTLS)" '^fail\|sysctl.set has \[net.core.somaxconn\] beyond' \
	"--sysctl net.core.somaxconn=1000 fails PSS-B-SYSCTLS, naming it"
t_is "$(status "$P-def" PSS-B-SYSCTLS)" pass "a default container passes PSS-B-SYSCTLS"

# CIS 5.7, 5.12, 4.1.
t_like "$(finding "$P-loose" CIS-DOCKER-5.7)" '^fail\|processes.sshd = \[[0-9]+\]' \
	"a process named sshd fails CIS-DOCKER-5.7"
t_is "$(status "$P-def" CIS-DOCKER-5.7)" pass "no sshd: CIS-DOCKER-5.7 passes"
t_is "$(finding "$P-def" CIS-DOCKER-5.12)" 'fail|cgroup.cpu_limit = -1; cgroup.cpu_weight = 100|' \
	"no CPU quota or weight: CIS-DOCKER-5.12 fails"
t_is "$(fact "$P-loose" cgroup.cpu_limit)" 500 "--cpus 0.5 is cgroup.cpu_limit 500"
t_is "$(status "$P-loose" CIS-DOCKER-5.12)" pass "--cpus 0.5 passes CIS-DOCKER-5.12"
t_is "$(fact "$P-docker" cgroup.cpu_weight)" 50 "--cpu-shares 512 is cgroup.cpu_weight 50"
t_is "$(status "$P-docker" CIS-DOCKER-5.12)" pass "--cpu-shares 512 passes CIS-DOCKER-5.12"
t_is "$(status "$P-def" CIS-DOCKER-4.1)" fail "root in the container fails CIS-DOCKER-4.1"
t_is "$(status "$P-docker" CIS-DOCKER-4.1)" pass "--user 1000 passes CIS-DOCKER-4.1"
t_is "$(status "$P-def" CIS-DOCKER-5.19)" pass "bounded ulimits pass CIS-DOCKER-5.19"

# LSM rules on a host without the LSM: not evaluated, with the reason.
host_apparmor=$(python3 -c "import json; print(json.load(open('$J'))['host']['facts']['host.apparmor'])")
if [ "$host_apparmor" = False ]; then
	for r in CIS-DOCKER-5.2 PSS-B-APPARMOR; do
		t_like "$(finding "$P-def" $r)" \
			'^not_evaluated\|host.apparmor = false\|AppArmor is not enabled on this host' \
			"$r: not evaluated on a host without AppArmor, with the reason"
	done
else
	t_skip "AppArmor is enabled on this host"; t_skip "AppArmor is enabled on this host"
fi
if python3 -c "import json,sys; sys.exit(json.load(open('$J'))['host']['facts']['host.selinux'] != 'disabled')"; then
	for r in CIS-DOCKER-5.3 PSS-B-SELINUX; do
		t_like "$(finding "$P-def" $r)" '^not_evaluated\|host.selinux = "disabled"\|SELinux is not enabled' \
			"$r: not evaluated on a host without SELinux, with the reason"
	done
else
	t_skip "SELinux is enabled on this host"; t_skip "SELinux is enabled on this host"
fi
# A control no running state shows: listed, not evaluated, the reason as the note.
t_like "$(finding "$P-def" PSS-B-HOST-PORTS)" '^not_evaluated\|\|A hostPort is a NAT rule' \
	"PSS-B-HOST-PORTS: not evaluated, with the reason"
t_done
