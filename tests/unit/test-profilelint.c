/* The review of a seccomp profile (seccomp/profilelint.c): each check on a profile written to
 * trip it, a clean profile, and Docker's format's rules libseccomp merges away. */
#include "config.h"

#include <string.h>

#include "lib/cleanup.h"
#include "seccomp/profilelint.h"
#include "tests/tap.h"

static int lint(const char *file, const char *text, struct strv *out)
{
	struct profile *p = NULL;
	struct diag d = {0};
	int r = profile_load_text(file, text, strlen(text), &p, &d);
	for (size_t i = 0; i < d.msgs.n; i++)
		printf("# %s\n", d.msgs.v[i]);
	diag_free(&d);
	if (r < 0)
		return -1000;
	r = profilelint_run(p, 0, out);
	profile_free(p);
	return r;
}

static void test_findings(void)
{
	static const char text[] = "version: 1\n"
				   "default_action: errno\n"
				   "rules:\n"
				   "  - names: [getpid]\n"
				   "    action: errno\n"
				   "  - names: [clone3]\n"
				   "    action: errno\n"
				   "    errno: EPERM\n"
				   "  - names: [socketcall]\n"
				   "    action: allow\n"
				   "  - names: [socket]\n"
				   "    action: allow\n"
				   "    args: [{index: 0, op: ne, value: 38}, {index: 0, op: ne, "
				   "value: 40}]\n";
	_cleanup_strv_ struct strv w = STRV_INIT;
	is_int(lint("f.yaml", text, &w), 5, "five warnings");
	is_int((int)w.n, 5, "five lines");
	if (w.n != 5)
		return;
	is_str(w.v[0],
	       "f.yaml:4:5: warning: the rule has the default action (errno EPERM): it "
	       "changes nothing",
	       "a rule with the default action, at its line and column");
	is_str(w.v[2],
	       "f.yaml:6:5: warning: clone3 answers EPERM: glibc falls back to clone only "
	       "on ENOSYS, so threads and posix_spawn fail",
	       "clone3 answering EPERM");
	ok(strstr(w.v[3], "f.yaml:11:5: warning: socket is filtered by its arguments but "
			  "socketcall is allowed") != NULL,
	   "socket filtered while socketcall is allowed");
	ok(strstr(w.v[4], "several conditions on argument 0") != NULL,
	   "two conditions on one argument");
}

static void test_clean(void)
{
	static const char text[] = "version: 1\n"
				   "default_action: errno\n"
				   "rules:\n"
				   "  - names: [read, write]\n"
				   "    action: allow\n";
	_cleanup_strv_ struct strv w = STRV_INIT;
	is_int(lint("ok.yaml", text, &w), 0, "a clean profile: no warning");
	is_int((int)w.n, 0, "a clean profile: no line");
}

static void test_docker_conflict(void)
{
	static const char text[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    "{\"names\": [\"setns\"], \"action\": \"SCMP_ACT_ALLOW\"},"
	    "{\"names\": [\"setns\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, "
	    "\"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}";
	_cleanup_strv_ struct strv w = STRV_INIT;
	int n = lint("d.json", text, &w);
	ok(n >= 1 && strstr(w.v[w.n - 1], "'setns' also has an unconditional rule (line") &&
	       strstr(w.v[w.n - 1], "libseccomp keeps only that one"),
	   "Docker's format: a conditional rule next to an unconditional one of another action "
	   "(%d)",
	   n);
}

int main(void)
{
	test_findings();
	test_clean();
	test_docker_conflict();
	return tap_done();
}
