/* The learned profile written from a record: sorted names with their callers, the always-allowed
 * names, the policy's profile marks, other ABIs and unnamed numbers in comments, hostile caller
 * names and command lines (newlines, YAML's other line breaks, control bytes) kept inside their
 * comments, bounds, and the result loaded back by the profile parser. */
#include "config.h"

#include <linux/audit.h>
#include <seccomp.h>
#include <string.h>

#include "seccomp/learnrec.h"
#include "lib/cleanup.h"
#include "seccomp/profile.h"
#include "tests/tap.h"

static int nr(const char *name)
{
	return seccomp_syscall_resolve_name(name);
}

/* The profile text loads back (every error printed). */
static struct profile *reload(const char *text)
{
	struct diag d = {0};
	struct profile *p = NULL;
	int r = profile_load_text("learned.yaml", text, strlen(text), &p, &d);
	for (size_t i = 0; i < d.msgs.n; i++)
		printf("#   %s\n", d.msgs.v[i]);
	diag_free(&d);
	return r == 0 ? p : NULL;
}

static bool allows(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].nnames; k++)
			if (strcmp(p->rules[i].names[k], name) == 0)
				return p->rules[i].action.act == PROFILE_ACT_ALLOW;
	return false;
}

/* The comment line of name in text ("" when it is not listed). */
static const char *line_of(const char *text, const char *name)
{
	static char buf[2048];
	char key[64];
	snprintf(key, sizeof(key), "\n      - %s ", name);
	const char *s = strstr(text, key);
	buf[0] = '\0';
	if (s) {
		s += 7;
		size_t n = strcspn(s, "\n");
		snprintf(buf, sizeof(buf), "%.*s", (int)n, s);
	}
	return buf;
}

static void test_basic(void)
{
	struct learnrec *r = learnrec_new();
	uint32_t sh = learnrec_prog(r, "/usr/bin/dash");
	uint32_t ls = learnrec_prog(r, "/usr/bin/ls");
	uint32_t me = learnrec_prog(r, "ctguard (launcher)");
	is_int(learnrec_prog(r, "/usr/bin/ls"), ls, "a label has one id");
	learnrec_native(r, nr("write"), ls);
	learnrec_native(r, nr("write"), sh);
	learnrec_native(r, nr("write"), ls);
	learnrec_native(r, nr("execve"), me);
	learnrec_native(r, nr("execve"), sh);
	learnrec_native(r, nr("getdents64"), ls);
	learnrec_native(r, nr("keyctl"), sh);
	learnrec_native(r, nr("rt_sigreturn"), sh);
	learnrec_native(r, 460, sh);  /* no name in libseccomp 2.5 */
	learnrec_native(r, 5000, sh); /* no syscall */
	learnrec_native(r, -1, sh);
	learnrec_other(r, AUDIT_ARCH_I386, 20, sh);
	learnrec_other(r, AUDIT_ARCH_I386, 20, sh);
	learnrec_other(r, AUDIT_ARCH_X86_64, 0x40000000 | 39, ls);

	struct profile *def = NULL;
	struct diag d = {0};
	ok(profile_load("default", &def, &d) == 0, "the built-in default profile loads");
	diag_free(&d);
	char *argv[] = {"sh", "-c", "ls / | wc -l", NULL};
	struct learnrec_header h = {.argv = argv,
				    .policy = "builtin:restricted",
				    .replaced = "default",
				    .profile = def,
				    .caps_keep = 0};
	_cleanup_buf_ struct buf b = BUF_INIT;
	_cleanup_strv_ struct strv refused = STRV_INIT, other = STRV_INIT;
	is_int(learnrec_yaml(r, &h, &b, &refused, &other), 0, "written");
	const char *t = b.data;
	ok(strstr(t, "# command: sh -c 'ls / | wc -l'\n") != NULL,
	   "the command, quoted as a shell would");
	ok(strstr(t,
		  "# policy: builtin:restricted; the learning filter replaced its seccomp profile "
		  "'default'\n") != NULL,
	   "the policy and the profile replaced");
	if (!ok(strstr(t, "# 14 calls of 6 syscalls by 3 programs.") != NULL,
		"counts: every call, the native syscalls seen, the callers"))
		printf("#   %.300s\n", t);
	is_str(line_of(t, "write"), "- write                  # /usr/bin/ls, /usr/bin/dash",
	       "write: its callers, in the order seen, once each");
	is_str(line_of(t, "execve"), "- execve                 # ctguard (launcher), /usr/bin/dash",
	       "execve: the launcher and the shell");
	is_str(line_of(t, "keyctl"),
	       "- keyctl                 # /usr/bin/dash [refused by the policy's profile]",
	       "keyctl: marked as refused by the default profile");
	is_str(line_of(t, "exit_group"),
	       "- exit_group             # always allowed (not recorded): ending a process",
	       "exit_group: always allowed");
	is_str(line_of(t, "rt_sigreturn"), "- rt_sigreturn           # /usr/bin/dash",
	       "rt_sigreturn seen: its caller, not the always-allowed reason");
	is_int(refused.n, 1, "one refused name");
	is_str(refused.n ? refused.v[0] : NULL, "keyctl", "... keyctl");
	is_int(other.n, 2, "two other-ABI syscalls");
	is_str(other.n ? other.v[0] : NULL, "i386 getpid (20), 2 calls, by /usr/bin/dash",
	       "i386 getpid, counted");
	is_str(other.n > 1 ? other.v[1] : NULL, "x32 getpid (39), 1 call, by /usr/bin/ls",
	       "x32 getpid");
	ok(strstr(t, "#   460 by /usr/bin/dash\n") != NULL, "a number libseccomp cannot name");
	ok(strstr(t, "(no syscall has such a number): 2\n") != NULL,
	   "numbers out of range, counted");

	/* Names sorted. */
	const char *prev = "";
	bool sorted = true;
	size_t names = 0;
	for (const char *s = strstr(t, "\n      - "); s; s = strstr(s + 1, "\n      - ")) {
		static char cur[64];
		sscanf(s + 9, "%63[a-z0-9_]", cur);
		sorted = sorted && strcmp(prev, cur) < 0;
		static char keep[64];
		snprintf(keep, sizeof(keep), "%s", cur);
		prev = keep;
		names++;
	}
	ok(sorted, "the names are sorted");
	is_int(names, 8, "5 named seen + exit, exit_group, restart_syscall = 8 names");

	struct profile *p = reload(t);
	ok(p != NULL, "the profile loads back");
	if (p) {
		ok(p->def.act == PROFILE_ACT_ERRNO && p->def.errnum == EPERM,
		   "default errno EPERM");
		is_int(p->nrules, 1, "one rule");
		ok(allows(p, "getdents64") && allows(p, "keyctl") && allows(p, "exit"),
		   "it allows what was seen and the always-allowed names");
		ok(!allows(p, "mount") && !allows(p, "getpid"), "and nothing else");
		profile_free(p);
	}
	profile_free(def);
	learnrec_free(r);
}

/* Bytes from /proc and the command line: nothing may leave its comment. */
static void test_hostile(void)
{
	struct learnrec *r = learnrec_new();
	uint32_t evil =
	    learnrec_prog(r, "/tmp/x\nrules: []\r\xc2\x85\xe2\x80\xa8\xe2\x80\xa9\x1b[2J\\");
	learnrec_native(r, nr("read"), evil);
	char *argv[] = {"sh", "-c", "echo hi\ndefault_action: allow", "it's", NULL};
	struct learnrec_header h = {.argv = argv, .policy = "p\nversion: 2", .replaced = NULL};
	_cleanup_buf_ struct buf b = BUF_INIT;
	learnrec_yaml(r, &h, &b, NULL, NULL);
	const char *t = b.data;
	is_str(line_of(t, "read"),
	       "- read                   # /tmp/x\\x0arules: "
	       "[]\\x0d\\xc2\\x85\\xe2\\x80\\xa8\\xe2\\x80"
	       "\\xa9\\x1b[2J\\\\",
	       "a caller's name: newline, CR, NEL, LS, PS, ESC and backslash escaped");
	ok(strstr(t, "# command: sh -c 'echo hi\\x0adefault_action: allow' 'it'\\''s'\n") != NULL,
	   "the command line: escaped, on one line");
	ok(strstr(t, "# policy: p\\x0aversion: 2") != NULL, "the policy name: escaped");
	bool ascii = true;
	for (const char *s = t; *s; s++)
		ascii = ascii && ((unsigned char)*s < 0x7f) && (*s >= 0x20 || *s == '\n');
	ok(ascii, "the whole file is printable ASCII");
	struct profile *p = reload(t);
	ok(p && p->def.act == PROFILE_ACT_ERRNO && p->nrules == 1 && allows(p, "read"),
	   "it loads back with the one rule and default errno");
	profile_free(p);
	learnrec_free(r);
}

/* Bounds: callers per comment, callers in all, other-ABI entries. */
static void test_bounds(void)
{
	struct learnrec *r = learnrec_new();
	char label[64];
	uint32_t last = 0;
	for (int i = 0; i < 5000; i++) {
		snprintf(label, sizeof(label), "/bin/p%d", i);
		last = learnrec_prog(r, label);
		learnrec_native(r, nr("read"), last);
	}
	ok(last != LEARNREC_PROG_NONE, "callers past the limit share one id");
	snprintf(label, sizeof(label), "/bin/p%d", 4999);
	is_int(learnrec_prog(r, label), last, "... the same for every one of them");
	for (int i = 0; i < 300; i++)
		learnrec_other(r, AUDIT_ARCH_I386, i, 0);
	char *argv[] = {"x", NULL};
	struct learnrec_header h = {.argv = argv};
	_cleanup_buf_ struct buf b = BUF_INIT;
	_cleanup_strv_ struct strv other = STRV_INIT;
	learnrec_yaml(r, &h, &b, NULL, &other);
	is_str(line_of(b.data, "read"),
	       "- read                   # /bin/p0, /bin/p1, /bin/p2, /bin/p3, /bin/p4, /bin/p5 "
	       "(+4091 "
	       "more)",
	       "six callers named, the others counted (4096 callers and '(other programs)')");
	is_int(other.n, 256, "256 other-ABI syscalls listed");
	ok(strstr(b.data, "#   and 44 more calls\n") != NULL, "... the rest counted");
	size_t nsys, nprog;
	uint64_t calls;
	learnrec_counts(r, &nsys, &calls, &nprog);
	is_int(calls, 5300, "counts: every call");
	is_int(nsys, 1, "counts: one native syscall");
	is_int(nprog, 4097, "counts: 4096 callers and one for the rest");
	learnrec_free(r);
}

int main(void)
{
	test_basic();
	test_hostile();
	test_bounds();
	return tap_done();
}
