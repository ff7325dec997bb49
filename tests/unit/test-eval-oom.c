/* Evaluation fails closed: when an allocation fails while a list operator collects its items,
 * judging is an error (-ENOMEM), never a pass. Built with -Wl,--wrap=strv_push (tests/tests.mk):
 * the library's calls to strv_push go through __wrap_strv_push below, which fails on demand. */
#include "config.h"

#include <errno.h>

#include "lib/strv.h"
#include "policy/eval.h"
#include "tests/tap.h"

int __real_strv_push(struct strv *l, const char *s);
int __wrap_strv_push(struct strv *l, const char *s);

static bool failing;

int __wrap_strv_push(struct strv *l, const char *s)
{
	if (failing)
		return -ENOMEM;
	return __real_strv_push(l, s);
}

/* Judges one rule whose when is cond_yaml with every strv_push failing; returns what
 * eval_container returned, *status the finding's status when it returned 0. */
static int judge_failing(const struct facts *f, const char *cond_yaml, enum finding_status *status)
{
	char text[4096];
	snprintf(text, sizeof(text),
		 "version: 1\npack: t\nrules:\n  - id: T\n    title: t\n    severity: low\n"
		 "    when: %s\n",
		 cond_yaml);
	struct ruleset rs = {0};
	struct diag d = {0};
	if (ruleset_load_text(&rs, "t.yaml", text, strlen(text), &d) < 0) {
		diag_free(&d);
		return -EINVAL;
	}
	struct fact_view v = {f, NULL};
	struct finding *out = NULL;
	failing = true;
	int r = eval_container(&rs, &v, NULL, 0, false, &out);
	failing = false;
	if (r == 0)
		*status = out[0].status;
	findings_free(out, r == 0 ? rs.n : 0);
	ruleset_free(&rs);
	return r;
}

static void fails_closed(const struct facts *f, const char *cond_yaml, const char *name)
{
	enum finding_status st = FINDING_NOT_EVALUATED;
	int r = judge_failing(f, cond_yaml, &st);
	ok(r == -ENOMEM, "%s: an evaluation error (got %d%s%s)", name, r, r == 0 ? ", " : "",
	   r == 0 ? finding_status_name(st) : "");
}

int main(void)
{
	struct facts f = {0};
	struct strv *caps = facts_list(&f, F_CAPS_EFFECTIVE);
	strv_push(caps, "CAP_CHOWN");
	strv_push(caps, "CAP_SYS_ADMIN");
	strv_push(facts_list(&f, F_MOUNTS_RUNTIME_SOCKET), "/var/run/docker.sock");

	/* Each of these fails (the rule's condition holds) when evaluation works. */
	fails_closed(&f, "{fact: caps.effective, contains_any: [CAP_SYS_ADMIN]}", "contains_any");
	fails_closed(&f, "{not: {fact: caps.effective, subset_of: [CAP_CHOWN]}}",
		     "not subset_of (policy.caps)");
	fails_closed(&f, "{not: {fact: caps.effective, contains_all: [CAP_KILL]}}",
		     "not contains_all");
	fails_closed(&f, "{fact: mounts.runtime_socket, matches: 'docker'}", "matches");
	fails_closed(&f, "{any: [{fact: caps.effective, contains_any: [CAP_SYS_ADMIN]}]}",
		     "an error inside any");
	facts_free(&f);
	return tap_done();
}
