/* The state machine of `ctguard watch` (watch/watchstate.h): a container appears with its
 * failing findings, an unchanged finding is not repeated, a re-audit that passes fixes it and a
 * new failure is a finding, a partial audit of other groups leaves a container alone and one of
 * its group that lacks it says it is gone (with its findings fixed), a container no runtime
 * has named yet is held back, and an exec'd process holding more than the init is one
 * escalating-exec event however often it execs. The containers are this test's own process
 * and its parent (their start times and namespaces are real). */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/tap.h"
#include "watch/results.h"
#include "watch/watchstate.h"

struct log {
	char lines[64][128];
	size_t n;
};

static char last_evidence[512];
static enum severity last_severity;

static void record(const struct event *e, void *ctx)
{
	struct log *l = ctx;
	snprintf(last_evidence, sizeof(last_evidence), "%s", e->evidence ? e->evidence : "");
	last_severity = e->severity;
	if (l->n >= 64)
		return;
	const char *rule = e->rule ? e->rule->id : e->rule_id;
	snprintf(l->lines[l->n++], sizeof(l->lines[0]), "%s %s %s", event_type_name(e->type),
		 e->c.name ? e->c.name : "-", rule ? rule : "-");
}

/* The events since the last call, space-separated, one "type name rule" each. */
static const char *drain(struct log *l)
{
	static char out[4096];
	out[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strcat(out, "; ");
		strcat(out, l->lines[i]);
	}
	l->n = 0;
	return out;
}

static struct rule r1 = {.id = "R-1", .title = "one", .pack = "p", .severity = SEV_HIGH};
static struct rule r2 = {.id = "R-2", .title = "two", .pack = "p", .severity = SEV_LOW};

struct fake {
	struct facts f;
	struct finding fd[2];
	struct audit_container ac;
};

/* A container whose init is pid, named name (runtime NULL: no runtime names it), failing the
 * rules whose bits are set in fails. */
static void fake(struct fake *x, pid_t pid, const char *name, const char *runtime, int fails)
{
	facts_free(&x->f);
	*x = (struct fake){0};
	facts_set_int(&x->f, F_CONTAINER_PID, pid);
	facts_set_str(&x->f, F_CONTAINER_NAME, name);
	facts_set_str(&x->f, F_CONTAINER_ID, name);
	facts_set_str(&x->f, F_CONTAINER_RUNTIME, runtime ? runtime : "unknown");
	const struct rule *rules[2] = {&r1, &r2};
	for (int i = 0; i < 2; i++) {
		x->fd[i].rule = rules[i];
		x->fd[i].status = fails & (1 << i) ? FINDING_FAIL : FINDING_PASS;
		snprintf(x->fd[i].fingerprint, sizeof(x->fd[i].fingerprint), "%s%015d",
			 name[0] == 'a' ? "a" : "b", i);
	}
	x->ac.facts = &x->f;
	x->ac.findings = x->fd;
	x->ac.nfindings = 2;
}

static int update(struct watch_state *s, struct fake **c, size_t n, const uint64_t *keys,
		  size_t nkeys)
{
	struct audit_container ac[4];
	for (size_t i = 0; i < n; i++)
		ac[i] = c[i]->ac;
	struct audit_result res = {.c = ac, .n = n};
	return watch_state_update(s, &res, NULL, keys, nkeys);
}

int main(void)
{
	struct log log = {0};
	struct watch_state s = {.hostname = "h", .emit = record, .ctx = &log};
	/* s.host.ns stays 0: this process's pid namespace is "not the host's", its group key. */
	struct fake a = {0}, b = {0}, c = {0};
	fake(&a, getpid(), "a", "runc", 1);
	struct fake *one[] = {&a};
	is_int(update(&s, one, 1, NULL, 0), 0, "an audit with one container");
	is_str(drain(&log), "container-appeared a -; finding a R-1", "new: appeared, its failure");
	is_int(update(&s, one, 1, NULL, 0), 0, "the same audit again");
	is_str(drain(&log), "", "unchanged: nothing repeated (dedupe by fingerprint)");

	fake(&a, getpid(), "a", "runc", 2);
	update(&s, one, 1, NULL, 0);
	is_str(drain(&log), "finding a R-2; finding-fixed a R-1",
	       "changed: the new failure, the fixed one");

	uint64_t key = watch_container_key(&s, &s.c[0]);
	ok(key != 0, "the container's group key is its init's pid namespace");
	uint64_t other = key + 1;
	is_int(update(&s, NULL, 0, &other, 1), 0, "a partial audit of another group");
	is_str(drain(&log), "", "  leaves the container alone");
	is_int(s.n, 1, "  still known");

	fake(&b, getppid(), "b", "podman", 1);
	struct fake *both[] = {&a, &b};
	update(&s, both, 2, NULL, 0);
	is_str(drain(&log), "container-appeared b -; finding b R-1", "a second container appears");

	is_int(update(&s, NULL, 0, &key, 1), 0, "a partial audit of the group, the container gone");
	is_str(drain(&log),
	       "finding-fixed a R-2; container-gone a -; finding-fixed b R-1; container-gone b -",
	       "gone: its findings fixed, then gone (both share the group: the test's namespace)");
	is_int(s.n, 0, "  forgotten");

	/* A fresh child: started under WATCH_RESOLVE_S ago, no runtime names it yet. */
	pid_t child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	fake(&c, child, "a-child", NULL, 1);
	struct fake *young[] = {&c};
	update(&s, young, 1, NULL, 0);
	is_str(drain(&log), "", "a young container no runtime names: held back");
	is_int(s.unresolved, 1, "  counted as unresolved");
	fake(&c, child, "a-child", "runc", 1);
	update(&s, young, 1, NULL, 0);
	is_str(drain(&log), "container-appeared a-child -; finding a-child R-1",
	       "  announced once its runtime names it");
	is_int(s.unresolved, 0, "  resolved");

	/* Exec escalation: a process with a capability the init lacks. */
	struct watch_container *wc = watch_state_by_init(&s, child);
	ok(wc != NULL, "found by its init");
	wc->ref_ok = true;
	wc->ref.cap_eff = wc->ref.cap_prm = wc->ref.cap_bnd = 0;
	wc->ref.euid = 1000;
	struct proc_ref p = wc->ref;
	p.cap_eff = p.cap_prm = 1ull << 21; /* CAP_SYS_ADMIN */
	snprintf(p.comm, sizeof(p.comm), "sh");
	ok(watch_state_exec(&s, wc, getpid(), &p), "an exec with CAP_SYS_ADMIN: escalating");
	ok(strstr(drain(&log), "escalating-exec a-child") != NULL, "  one escalating-exec event");
	ok(!watch_state_exec(&s, wc, getpid(), &p), "the same process exec'ing again");
	is_str(drain(&log), "", "  reported once");
	struct proc_ref same = wc->ref;
	ok(!watch_state_exec(&s, wc, getppid(), &same),
	   "an exec holding what the init holds: none");
	p = wc->ref;
	p.euid = 0;
	ok(watch_state_exec(&s, wc, getppid(), &p), "an exec as a lower uid: escalating");
	drain(&log);

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	update(&s, NULL, 0, NULL, 0);
	is_str(drain(&log), "finding-fixed a-child R-1; container-gone a-child -",
	       "an audit of the whole host without it: gone");

	/* A young container that is gone before any runtime named it: announced when it goes,
	 * with the findings its audit held back (evidence and all), then fixed and gone. */
	pid_t child2 = fork();
	if (child2 == 0) {
		pause();
		_exit(0);
	}
	struct fake d = {0};
	fake(&d, child2, "a-short", NULL, 3);
	d.fd[0].evidence = "caps.effective contains CAP_SYS_ADMIN";
	struct fake *brief[] = {&d};
	update(&s, brief, 1, NULL, 0);
	is_str(drain(&log), "", "a young unnamed container with two failures: held back");
	kill(child2, SIGKILL);
	waitpid(child2, NULL, 0);
	update(&s, NULL, 0, NULL, 0);
	is_str(drain(&log),
	       "container-appeared a-short -; finding a-short R-1; finding a-short R-2; "
	       "finding-fixed a-short R-1; finding-fixed a-short R-2; container-gone a-short -",
	       "  gone before it was named: appeared, its two findings, fixed, gone");
	facts_free(&d.f);

	/* A zombie has left its namespaces: its start time reads as gone. */
	pid_t z = fork();
	if (z == 0)
		_exit(0);
	char zpath[64], zstat[512] = "";
	snprintf(zpath, sizeof(zpath), "/proc/%d/stat", (int)z);
	for (int i = 0; i < 200 && !strstr(zstat, ") Z "); i++) {
		FILE *zf = fopen(zpath, "r");
		if (zf) {
			if (!fgets(zstat, sizeof(zstat), zf))
				zstat[0] = '\0';
			fclose(zf);
		}
		usleep(10000);
	}
	ok(strstr(zstat, ") Z ") != NULL, "a child that exited, not reaped: a zombie");
	is_int((int)proc_start_time(z), 0, "  its start time reads 0 (gone)");
	ok(proc_start_time(getpid()) != 0, "  a live process's does not");
	waitpid(z, NULL, 0);

	/* A container that came and went before its audit, judged on its process at exec. */
	struct proc_ref m = {.euid = 0, .seccomp = 2};
	snprintf(m.comm, sizeof(m.comm), "true");
	for (int i = 0; i < NS__COUNT; i++)
		m.ns[i] = 100 + (uint64_t)i; /* none of them the host's (s.host.ns are 0) */
	s.host.ns[NS_USER] = m.ns[NS_USER];  /* the host's user namespace, as rootful containers */
	m.cap_eff = m.cap_prm = (1ull << 0) | (1ull << 13); /* CHOWN, NET_RAW: Docker's default */
	is_int(watch_state_missed(&s, 42, &m), SEV_MEDIUM,
	       "missed: host root, default caps: medium");
	is_str(drain(&log), "container-missed - -", "  a container-missed event");
	is_str(last_evidence, "uid 0 on the host", "  its evidence: the uid");
	m.euid = 1000;
	m.cap_eff = m.cap_prm = 0;
	is_int(watch_state_missed(&s, 42, &m), SEV_LOW, "missed: not root, no capability: low");
	is_str(last_evidence, "uid 1000 on the host; no capabilities", "  its evidence");
	m.cap_eff = m.cap_prm = 1ull << 21;
	is_int(watch_state_missed(&s, 42, &m), SEV_CRITICAL, "missed: CAP_SYS_ADMIN: critical");
	is_str(last_evidence,
	       "uid 1000 on the host; capabilities beyond the default set: CAP_SYS_ADMIN",
	       "  its evidence names the capability");
	m.cap_eff = m.cap_prm = 0;
	m.seccomp = 0;
	is_int(watch_state_missed(&s, 42, &m), SEV_CRITICAL, "missed: no seccomp filter: critical");
	m.seccomp = 2;
	s.host.ns[NS_NET] = m.ns[NS_NET];
	is_int(watch_state_missed(&s, 42, &m), SEV_CRITICAL,
	       "missed: the host's network: critical");
	ok(strstr(last_evidence, "the host's net namespace") != NULL, "  its evidence: %s",
	   last_evidence);
	/* A user namespace of its own, not the host's root: its capabilities and the host's
	 * network it shares are not the host's (any user can make such a sandbox). */
	m.ns[NS_USER] = 777;
	m.cap_eff = m.cap_prm = m.cap_bnd = ~0ull >> 23;
	is_int(watch_state_missed(&s, 42, &m), SEV_LOW,
	       "missed: every capability and the host's network in its own user namespace: low");
	ok(strstr(last_evidence, "in a user namespace of its own") != NULL,
	   "  its evidence says so: %s", last_evidence);
	m.seccomp = 0;
	is_int(watch_state_missed(&s, 42, &m), SEV_MEDIUM, "  the same without a filter: medium");
	m.euid = 0;
	is_int(watch_state_missed(&s, 42, &m), SEV_CRITICAL,
	       "  the same as the host's root: critical");
	m.ns[NS_USER] = s.host.ns[NS_USER];
	m.euid = 1000;
	m.seccomp = 2;
	s.host.ns[NS_NET] = 0;
	/* The bounding set: a set-user-ID binary turns it into capabilities. */
	m.cap_eff = m.cap_prm = 0;
	m.cap_bnd = 1ull << 21;
	is_int(watch_state_missed(&s, 42, &m), SEV_CRITICAL,
	       "missed: CAP_SYS_ADMIN in the bounding set only (--cap-add, --user 1000): critical");
	/* The worst of several execs: a container cannot choose its verdict by exec'ing an
	 * unprivileged process last. */
	struct proc_ref first = {.euid = 0, .seccomp = 0, .cap_eff = 1ull << 21},
			last = {.euid = 65534, .seccomp = 2};
	for (int i = 0; i < NS__COUNT; i++) {
		first.ns[i] = 900 + (uint64_t)i;
		last.ns[i] = 500 + (uint64_t)i;
	}
	first.ns[NS_NET] = s.host.ns[NS_NET] = 4242;
	proc_ref_worst(&last, &first, &s.host);
	ok(last.euid == 0 && last.seccomp == 0 && (last.cap_eff & (1ull << 21)) &&
	       last.ns[NS_NET] == 4242 && last.ns[NS_PID] == 500 + NS_PID,
	   "proc_ref_worst: the lower uid, no filter, the capability, the host's network kept");
	s.host.ns[NS_NET] = 0;
	is_int(watch_state_missed(&s, 42, NULL), SEV_MEDIUM,
	       "missed, never read: medium, not a pass");
	is_str(last_evidence, "it exited before its state could be read: not judged",
	       "  its evidence says so");
	drain(&log);
	/* A process that could not be read: one event, however many audits still cannot. */
	struct gap g = {.pid = getpid(), .what = "process", .reason = "EACCES"};
	struct gaps gs = {.v = &g, .n = 1};
	struct audit_result none = {0};
	watch_state_update(&s, &none, &gs, NULL, 0);
	is_str(drain(&log), "container-unreadable - -", "an unreadable process: an event");
	for (int i = 0; i < 3; i++)
		watch_state_update(&s, &none, &gs, NULL, 0);
	is_str(drain(&log), "", "  not repeated by the next audits of the whole host");
	watch_state_update(&s, &none, &gs, &key, 1);
	is_str(drain(&log), "", "  nor by a partial one");
	watch_state_update(&s, &none, NULL, NULL, 0);
	watch_state_update(&s, &none, &gs, NULL, 0);
	is_str(drain(&log), "container-unreadable - -", "  again once it was readable in between");

	/* The kept results' gaps (the metrics' unreadable gauges): a partial audit adds what it
	 * could not read at once, each entry once; the next audit of the whole host replaces them.
	 */
	struct watch_results wr = {0};
	struct container_list empty = {0};
	struct facts hf = {0};
	struct gap gm = {.pid = 10, .what = "mounts", .container = "c1", .reason = "EPERM"};
	struct gap gp = {.pid = 11, .what = "process", .reason = "EACCES"};
	struct gap gmp[] = {gm, gp};
	struct gaps full1 = {0}, part = {0}, part2 = {0}, full2 = {0};
	gaps_merge(&full1, &(struct gaps){.v = &gm, .n = 1, .containers = 1}, NULL);
	gaps_merge(&part, &(struct gaps){.v = gmp, .n = 2, .containers = 1, .processes = 1}, NULL);
	gaps_merge(&part2, &(struct gaps){.v = &gp, .n = 1, .processes = 1}, NULL);
	uint64_t k5 = 5;
	is_int(watch_results_merge(&wr, &empty, NULL, NULL, 0, &hf, &full1), 0,
	       "results: full audit");
	is_int((int)wr.gaps.n, 1, "  its gap kept");
	is_int(watch_results_merge(&wr, &empty, NULL, &k5, 1, &hf, &part), 0,
	       "results: partial audit");
	ok(wr.gaps.n == 2 && wr.gaps.processes == 1 && wr.gaps.containers == 1,
	   "  its new unreadable process counts at once, the known gap once (%zu: %zu + %zu)",
	   wr.gaps.n, wr.gaps.processes, wr.gaps.containers);
	watch_results_merge(&wr, &empty, NULL, &k5, 1, &hf, &part2);
	is_int((int)wr.gaps.n, 2, "  a partial audit that finds it again adds nothing");
	watch_results_merge(&wr, &empty, NULL, NULL, 0, &hf, &full2);
	ok(wr.gaps.n == 0 && !gaps_any(&wr.gaps),
	   "  the next audit of the whole host replaces them");
	gaps_free(&full1);
	gaps_free(&part);
	gaps_free(&part2);
	watch_results_free(&wr);

	watch_state_free(&s);
	facts_free(&a.f);
	facts_free(&b.f);
	facts_free(&c.f);
	return tap_done();
}
