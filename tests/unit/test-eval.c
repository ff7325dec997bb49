/* Every operator and combinator, three-valued logic, evidence text, and type checking. */
#include "config.h"

#include <inttypes.h>

#include "lib/buf.h"
#include "policy/eval.h"
#include "tests/tap.h"

static struct facts f;

/* Loads one rule whose when is cond_yaml; returns -1 on a load error (messages in d). */
static int check(const char *cond_yaml, enum tri want, const char *want_evidence, const char *name)
{
	char text[4096];
	snprintf(text, sizeof(text),
		 "version: 1\npack: t\nrules:\n  - id: T\n    title: t\n    severity: low\n"
		 "    when: %s\n",
		 cond_yaml);
	struct ruleset rs = {0};
	struct diag d = {0};
	if (ruleset_load_text(&rs, "t.yaml", text, strlen(text), &d) < 0) {
		ok(0, "%s: loads (%s)", name, d.msgs.n ? d.msgs.v[0] : "?");
		diag_free(&d);
		return -1;
	}
	struct fact_view v = {&f, NULL};
	struct buf e = BUF_INIT;
	enum tri t = eval_cond(&rs.r[0].when, &v, &e);
	is_int(t, want, name);
	if (want_evidence)
		is_str(e.data ? e.data : "", want_evidence, name);
	buf_free(&e);
	ruleset_free(&rs);
	return 0;
}

/* The first error message of a rule file with this condition. */
static void bad(const char *cond_yaml, const char *want, const char *name)
{
	char text[4096];
	snprintf(text, sizeof(text),
		 "version: 1\npack: t\nrules:\n  - id: T\n    title: t\n    severity: low\n"
		 "    when: %s\n",
		 cond_yaml);
	struct ruleset rs = {0};
	struct diag d = {0};
	int r = ruleset_load_text(&rs, "t.yaml", text, strlen(text), &d);
	ok(r < 0 && d.msgs.n >= 1 && strstr(d.msgs.v[0], want), "%s", name);
	if (d.msgs.n)
		printf("#   %s\n", d.msgs.v[0]);
	diag_free(&d);
	ruleset_free(&rs);
}

int main(void)
{
	facts_set_bool(&f, F_USER_ROOT, true);
	facts_set_int(&f, F_USER_UID, 0);
	facts_set_int(&f, F_CGROUP_PIDS_LIMIT, 2048);
	facts_set_str(&f, F_SECCOMP_MODE, "filter");
	facts_set_str(&f, F_LSM_APPARMOR, "");
	facts_set_str(&f, F_CONTAINER_NAME, "web-1");
	struct strv *caps = facts_list(&f, F_CAPS_EFFECTIVE);
	strv_push(caps, "CAP_CHOWN");
	strv_push(caps, "CAP_SYS_ADMIN");
	facts_list(&f, F_MOUNTS_SENSITIVE);
	strv_push(facts_list(&f, F_MOUNTS_RUNTIME_SOCKET), "/var/run/docker.sock");
	/* F_CGROUP_V1_WRITABLE stays unknown */

	check("{fact: user.root, equals: true}", TRI_TRUE, "user.root = true", "equals bool");
	check("{fact: user.uid, equals: 1000}", TRI_FALSE, "user.uid = 0", "equals int false");
	check("{fact: seccomp.mode, equals: filter}", TRI_TRUE, "seccomp.mode = \"filter\"",
	      "equals string");
	check("{fact: seccomp.mode, not_equals: disabled}", TRI_TRUE, NULL, "not_equals");
	check("{fact: caps.effective, equals: [CAP_SYS_ADMIN, CAP_CHOWN]}", TRI_TRUE, NULL,
	      "equals list ignores order");
	check("{fact: seccomp.mode, in: [strict, filter]}", TRI_TRUE, NULL, "in string");
	check("{fact: user.uid, in: [0, 1000]}", TRI_TRUE, NULL, "in int");
	check("{fact: user.uid, not_in: [1000]}", TRI_TRUE, NULL, "not_in int");
	check("{fact: caps.effective, contains: CAP_SYS_ADMIN}", TRI_TRUE,
	      "caps.effective contains CAP_SYS_ADMIN", "contains list");
	check("{fact: caps.effective, contains: CAP_SYS_MODULE}", TRI_FALSE,
	      "caps.effective lacks CAP_SYS_MODULE", "contains list false");
	check("{fact: container.name, contains: web}", TRI_TRUE, NULL, "contains substring");
	check("{fact: caps.effective, contains_any: [CAP_SYS_ADMIN, CAP_SYS_MODULE]}", TRI_TRUE,
	      "caps.effective contains [CAP_SYS_ADMIN]", "contains_any names the hits");
	check("{fact: caps.effective, contains_any: [CAP_BPF]}", TRI_FALSE,
	      "caps.effective contains none of [CAP_BPF]", "contains_any false");
	check("{fact: caps.effective, contains_all: [CAP_CHOWN, CAP_KILL]}", TRI_FALSE,
	      "caps.effective lacks [CAP_KILL]", "contains_all names what is missing");
	check("{fact: caps.effective, contains_all: [CAP_CHOWN]}", TRI_TRUE, NULL, "contains_all");
	check("{fact: caps.effective, subset_of: [CAP_CHOWN]}", TRI_FALSE,
	      "caps.effective has [CAP_SYS_ADMIN] beyond the allowed set", "subset_of false");
	check("{fact: caps.effective, subset_of: [CAP_CHOWN, CAP_SYS_ADMIN, CAP_KILL]}", TRI_TRUE,
	      NULL, "subset_of true");
	check("{fact: mounts.sensitive, not_empty: true}", TRI_FALSE, "mounts.sensitive = []",
	      "not_empty on an empty list");
	check("{fact: mounts.runtime_socket, not_empty: true}", TRI_TRUE,
	      "mounts.runtime_socket = [/var/run/docker.sock]", "not_empty lists the items");
	check("{fact: mounts.sensitive, not_empty: false}", TRI_TRUE, NULL, "not_empty: false");
	check("{fact: lsm.apparmor, not_empty: true}", TRI_FALSE, NULL, "not_empty on a string");
	check("{fact: cgroup.pids_limit, gt: 2047}", TRI_TRUE, NULL, "gt");
	check("{fact: cgroup.pids_limit, gte: 2049}", TRI_FALSE, NULL, "gte");
	check("{fact: cgroup.pids_limit, lt: 2049}", TRI_TRUE, NULL, "lt");
	check("{fact: cgroup.pids_limit, lte: 2048}", TRI_TRUE, NULL, "lte");
	check("{fact: container.name, matches: \"^web-[0-9]+$\"}", TRI_TRUE, NULL, "matches");
	check("{fact: mounts.runtime_socket, matches: \"docker\\\\.sock$\"}", TRI_TRUE,
	      "mounts.runtime_socket has [/var/run/docker.sock] matching 'docker\\.sock$'",
	      "matches on a list");
	check("{fact: cgroup.v1_writable, equals: true}", TRI_UNKNOWN, "cgroup.v1_writable unknown",
	      "unknown fact is unknown");

	check("{all: [{fact: user.root, equals: true}, {fact: seccomp.mode, equals: disabled}]}",
	      TRI_FALSE, "seccomp.mode = \"filter\"",
	      "all false: only the false child as evidence");
	check("{all: [{fact: user.root, equals: true}, {fact: user.uid, equals: 0}]}", TRI_TRUE,
	      "user.root = true; user.uid = 0", "all true: every child");
	check("{any: [{fact: user.uid, equals: 5}, {fact: user.root, equals: true}]}", TRI_TRUE,
	      "user.root = true", "any true: only the true child");
	check("{any: [{fact: user.uid, equals: 5}, {fact: user.root, equals: false}]}", TRI_FALSE,
	      "user.uid = 0; user.root = true", "any false: every child");
	check("{not: {fact: user.root, equals: true}}", TRI_FALSE, "user.root = true", "not");
	check("{all: [{fact: cgroup.v1_writable, equals: true}, {fact: user.root, equals: true}]}",
	      TRI_UNKNOWN, "cgroup.v1_writable unknown", "all with unknown and true: unknown");
	check("{all: [{fact: cgroup.v1_writable, equals: true}, {fact: user.root, equals: false}]}",
	      TRI_FALSE, "user.root = true", "all with unknown and false: false");
	check("{any: [{fact: cgroup.v1_writable, equals: true}, {fact: user.root, equals: true}]}",
	      TRI_TRUE, "user.root = true", "any with unknown and true: true");
	check("{not: {fact: cgroup.v1_writable, equals: true}}", TRI_UNKNOWN, NULL,
	      "not of unknown: unknown");
	check("{any: [{all: [{fact: user.root, equals: true}, {not: {fact: user.uid, gt: 0}}]}]}",
	      TRI_TRUE, "user.root = true; user.uid = 0", "nested combinators");

	bad("{fact: user.root, gt: 1}",
	    "operator 'gt' does not apply to fact 'user.root' of type bool", "gt on a bool");
	bad("{fact: user.uid, contains_any: [a]}", "operator 'contains_any' does not apply",
	    "contains_any on an int");
	bad("{fact: caps.effective, gte: 3}", "operator 'gte' does not apply", "gte on a list");
	bad("{fact: user.root, equals: 1}", "equals must be true or false", "int for a bool");
	bad("{fact: user.uid, equals: \"0\"}", "equals must be an integer", "quoted int");
	bad("{fact: user.uid, in: [a]}", "list item must be an integer", "in of words on an int");
	bad("{fact: seccomp.mode, subset_of: [x]}", "operator 'subset_of' does not apply",
	    "subset_of on a string");
	bad("{fact: caps.bounding, contains: SYS_ADMIN}", "unknown capability 'SYS_ADMIN'",
	    "capability without prefix");
	bad("{any: {fact: user.root, equals: true}}", "'any' takes a list of conditions",
	    "any of a mapping");
	/* Integers in the evidence, at the edges of their range (the evidence is assembled without
	 * printf: what printf would print). */
	static const int64_t ints[] = {-1, 7, -9223372036854775807 - 1, 9223372036854775807};
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		char want[64], name[64];
		facts_set_int(&f, F_CGROUP_PIDS_LIMIT, ints[i]);
		snprintf(want, sizeof(want), "cgroup.pids_limit = %" PRId64, ints[i]);
		snprintf(name, sizeof(name), "int evidence %" PRId64, ints[i]);
		check("{fact: cgroup.pids_limit, equals: 3}", TRI_FALSE, want, name);
	}
	facts_free(&f);
	return tap_done();
}
