/* Enforcement policies: every key parsed, the safe defaults, the built-ins, capability and
 * rlimit names, contradictions, policy_validate after overrides, and doas's file rule. */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>

#include "policy/policy.h"
#include "tests/tap.h"

#define BIT(c) (UINT64_C(1) << (c))

/* Loads text; on failure the first message goes to *first (static buffer). */
static int load(const char *text, struct launch_policy *p, const char **first)
{
	static char msg[1024];
	struct diag d = {0};
	int r = policy_load_text("t.yaml", text, strlen(text), p, &d);
	snprintf(msg, sizeof(msg), "%s", d.msgs.n ? d.msgs.v[0] : "");
	if (first)
		*first = msg;
	diag_free(&d);
	return r;
}

/* The first error of a policy body (after "version: 1\n"), exactly. */
static void bad(const char *body, const char *want, const char *name)
{
	char text[4096];
	snprintf(text, sizeof(text), "version: 1\n%s", body);
	struct launch_policy p;
	const char *first;
	int r = load(text, &p, &first);
	ok(r == -EINVAL && p.file == NULL, "%s: refused, nothing kept", name);
	is_str(first, want, name);
}

static void good(const char *body, struct launch_policy *p, const char *name)
{
	char text[4096];
	snprintf(text, sizeof(text), "version: 1\n%s", body);
	const char *first;
	if (!ok(load(text, p, &first) == 0, "%s: loads", name))
		printf("#   %s\n", first);
}

static void test_defaults(void)
{
	struct launch_policy p;
	good("", &p, "version only");
	is_str(p.file, "t.yaml", "file kept");
	is_str(p.user, "65534", "default user 65534");
	ok(p.group == NULL, "default group: the user's primary group");
	is_int(p.groups.n, 0, "default: no supplementary groups");
	ok(!p.allow_root, "default: root refused");
	is_int(p.caps_keep, 0, "default: no capabilities");
	ok(p.no_new_privs, "default: no_new_privs");
	is_str(p.seccomp, "default", "default seccomp profile");
	is_int(p.seccomp_mode, SECCOMP_MODE_ENFORCE, "default: enforce");
	ok(!p.apparmor_profile && !p.apparmor_required, "default: no apparmor asked");
	ok(!p.landlock, "default: no landlock");
	is_int(p.nrlimits, 0, "default: no rlimits");
	ok(p.fds_close && p.nfds_keep == 0, "default: fds closed, none kept");
	ok(!p.env_clear && p.env_keep.n == 0 && p.env_set.n == 0, "default: env untouched");
	is_int(policy_validate(&p, &(struct diag){0}), 0, "defaults validate");
	policy_free(&p);
}

static void test_every_key(void)
{
	struct launch_policy p;
	good("user: app\ngroup: 1000\ngroups: [audio, \"44\"]\nallow_root: true\n"
	     "capabilities: [NET_BIND_SERVICE, cap_sys_admin, Chown]\n"
	     "no_new_privileges: false\nseccomp: /etc/ctguard/web.json\nseccomp_mode: log\n"
	     "apparmor: {profile: ctguard-default, required: true}\n"
	     "landlock: {read: [/usr, /etc], write: [/tmp]}\n"
	     "rlimits: {nofile: 1024, nproc: 512, core: 0, as: unlimited, stack: \"unlimited\"}\n"
	     "fds: {close: true, keep: [3, 7]}\n"
	     "env: {clear: true, keep: [PATH, HOME], set: {TZ: UTC, N: 42, E: ''}}\n",
	     &p, "every key");
	is_str(p.user, "app", "user");
	is_str(p.group, "1000", "group");
	ok(p.groups.n == 2 && strcmp(p.groups.v[0], "audio") == 0 &&
	       strcmp(p.groups.v[1], "44") == 0,
	   "groups in order");
	ok(p.allow_root, "allow_root");
	is_int(p.caps_keep, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_SYS_ADMIN) | BIT(CAP_CHOWN),
	       "capabilities with and without CAP_, any case");
	ok(!p.no_new_privs, "no_new_privileges false");
	is_str(p.seccomp, "/etc/ctguard/web.json", "seccomp path");
	is_int(p.seccomp_mode, SECCOMP_MODE_LOG, "seccomp_mode log");
	is_str(p.apparmor_profile, "ctguard-default", "apparmor.profile");
	ok(p.apparmor_required, "apparmor.required");
	ok(p.landlock && p.landlock_read.n == 2 && p.landlock_write.n == 1 &&
	       strcmp(p.landlock_write.v[0], "/tmp") == 0,
	   "landlock read and write");
	is_int(p.nrlimits, 5, "five rlimits");
	ok(p.rlimits[0].resource == RLIMIT_NOFILE && p.rlimits[0].value == 1024, "nofile 1024");
	ok(p.rlimits[2].resource == RLIMIT_CORE && p.rlimits[2].value == 0, "core 0");
	ok(p.rlimits[3].resource == RLIMIT_AS && p.rlimits[3].value == RLIM_INFINITY,
	   "as unlimited");
	ok(p.rlimits[4].resource == RLIMIT_STACK && p.rlimits[4].value == RLIM_INFINITY,
	   "quoted \"unlimited\"");
	ok(p.fds_close && p.nfds_keep == 2 && p.fds_keep[0] == 3 && p.fds_keep[1] == 7, "fds.keep");
	ok(p.env_clear && p.env_keep.n == 2, "env.clear and env.keep");
	ok(p.env_set.n == 3 && strcmp(p.env_set.v[0], "TZ=UTC") == 0 &&
	       strcmp(p.env_set.v[1], "N=42") == 0 && strcmp(p.env_set.v[2], "E=") == 0,
	   "env.set as NAME=value");
	is_int(policy_validate(&p, &(struct diag){0}), 0, "a loaded policy validates");
	policy_free(&p);
	ok(p.user == NULL && p.file == NULL, "policy_free zeroes");

	good("seccomp: none\n", &p, "seccomp none written explicitly");
	is_str(p.seccomp, "none", "seccomp none kept");
	policy_free(&p);
	good("seccomp: my-profile_2\n", &p, "built-in profile name");
	is_str(p.seccomp, "my-profile_2", "profile name kept");
	policy_free(&p);
	char text[] = "version: 1\nseccomp: profiles/x.yaml\n";
	struct diag d = {0};
	ok(policy_load_text("/etc/ctguard/p.yaml", text, strlen(text), &p, &d) == 0,
	   "relative profile path loads");
	is_str(p.seccomp, "/etc/ctguard/profiles/x.yaml",
	       "resolved against the policy's directory");
	policy_free(&p);
	good("user: 0\nallow_root: true\n", &p, "uid 0 with allow_root");
	policy_free(&p);
	good("user: www-data\ngroup: 4294967294\n", &p, "names with '-' and the largest id");
	policy_free(&p);
}

static void test_caps(void)
{
	struct launch_policy p;
	good("capabilities: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, "
	     "NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, CAP_BPF, "
	     "cap_checkpoint_restore, PerfMon]\n",
	     &p, "capability names");
	is_int(__builtin_popcountll(p.caps_keep), 16, "sixteen kept");
	ok(p.caps_keep & BIT(40), "CHECKPOINT_RESTORE (40), the last known");
	policy_free(&p);
	bad("capabilities: [ALL]\n",
	    "t.yaml:2:16: capability 'ALL' is not accepted: list each capability to keep", "ALL");
	bad("capabilities: [cap_all]\n",
	    "t.yaml:2:16: capability 'cap_all' is not accepted: list each capability to keep",
	    "cap_all");
	bad("capabilities: [SYS_ADMN]\n",
	    "t.yaml:2:16: unknown capability 'SYS_ADMN' (expected a name like NET_BIND_SERVICE)",
	    "typo");
	bad("capabilities: [KILL, CAP_KILL]\n",
	    "t.yaml:2:22: capability 'CAP_KILL' is listed twice", "duplicate");
	bad("capabilities: [\"\"]\n",
	    "t.yaml:2:16: unknown capability '' (expected a name like NET_BIND_SERVICE)",
	    "empty name");
}

static void test_rlimits(void)
{
	static const char *const names[] = {
	    "as",   "core",   "cpu",   "data", "fsize",	 "locks",  "memlock",	 "msgqueue",
	    "nice", "nofile", "nproc", "rss",  "rtprio", "rttime", "sigpending", "stack"};
	static const int res[] = {RLIMIT_AS,	 RLIMIT_CORE,	RLIMIT_CPU,	   RLIMIT_DATA,
				  RLIMIT_FSIZE,	 RLIMIT_LOCKS,	RLIMIT_MEMLOCK,	   RLIMIT_MSGQUEUE,
				  RLIMIT_NICE,	 RLIMIT_NOFILE, RLIMIT_NPROC,	   RLIMIT_RSS,
				  RLIMIT_RTPRIO, RLIMIT_RTTIME, RLIMIT_SIGPENDING, RLIMIT_STACK};
	char body[2048] = "rlimits:\n";
	for (size_t i = 0; i < 16; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body), "  %s: %zu\n", names[i],
			 i + 1);
	struct launch_policy p;
	good(body, &p, "all sixteen rlimit names");
	is_int(p.nrlimits, 16, "sixteen rlimits");
	for (size_t i = 0; i < 16 && p.nrlimits == 16; i++) {
		char what[64];
		snprintf(what, sizeof(what), "rlimit %s", names[i]);
		ok(p.rlimits[i].resource == res[i] && p.rlimits[i].value == i + 1, "%s", what);
		is_str(policy_rlimit_name(res[i]), names[i], "policy_rlimit_name");
	}
	policy_free(&p);
	good("rlimits: {core: unlimited, fsize: 18446744073709551614}\n", &p,
	     "unlimited and the largest number");
	ok(p.rlimits[0].value == RLIM_INFINITY && p.rlimits[1].value == RLIM_INFINITY - 1,
	   "values kept");
	policy_free(&p);
	bad("rlimits: {nofile: unlimited}\n",
	    "t.yaml:2:19: rlimits.nofile cannot be unlimited (the kernel refuses more than "
	    "fs.nr_open)",
	    "nofile unlimited");
	bad("rlimits: {nproc: -1}\n",
	    "t.yaml:2:18: rlimits.nproc must be a non-negative integer or unlimited", "negative");
	bad("rlimits: {core: 18446744073709551615}\n",
	    "t.yaml:2:17: rlimits.core must be a non-negative integer or unlimited",
	    "RLIM_INFINITY as a number");
	bad("rlimits: {core: 1k}\n",
	    "t.yaml:2:17: rlimits.core must be a non-negative integer or unlimited", "suffix");
	bad("rlimits: {files: 1}\n",
	    "t.yaml:2:11: unknown key 'files' in rlimits (expected: as, core, cpu, data, fsize, "
	    "locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, "
	    "stack)",
	    "unknown rlimit");
}

static void test_contradictions(void)
{
	bad("user: root\n", "t.yaml:2:7: user 'root' is uid 0, which needs allow_root: true",
	    "root by name");
	bad("user: \"000\"\nallow_root: false\n",
	    "t.yaml:2:7: user '000' is uid 0, which needs allow_root: true", "root by number");
	bad("no_new_privileges: false\n",
	    "t.yaml:2:20: no_new_privileges: false needs CAP_SYS_ADMIN in capabilities to load "
	    "the seccomp filter (or seccomp: none)",
	    "nnp false with seccomp");
	struct launch_policy p;
	good("no_new_privileges: false\ncapabilities: [SYS_ADMIN]\n", &p,
	     "nnp false with CAP_SYS_ADMIN kept");
	policy_free(&p);
	good("no_new_privileges: false\nseccomp: none\n", &p, "nnp false with seccomp none");
	policy_free(&p);
	bad("no_new_privileges: false\nseccomp: none\nlandlock: {read: [/]}\n",
	    "t.yaml:2:20: no_new_privileges: false needs CAP_SYS_ADMIN in capabilities to "
	    "enforce landlock",
	    "nnp false with landlock");
	bad("seccomp: none\nseccomp_mode: log\n",
	    "t.yaml:3:15: seccomp_mode 'log' has nothing to log with seccomp: none", "log none");
	bad("apparmor: {required: true}\n", "t.yaml:2:22: apparmor.required needs apparmor.profile",
	    "apparmor required alone");
	/* The container section's groups, hooks, devices and labels. */
	bad("container:\n  forbidden_gids: [disk]\n",
	    "t.yaml:3:20: container.forbidden_gids item 'disk' is not a gid (a number, 0 to "
	    "4294967294)",
	    "forbidden_gids: numbers only");
	bad("container:\n  allowed_hooks: [hook]\n",
	    "t.yaml:3:19: container.allowed_hooks path 'hook' is not absolute",
	    "allowed_hooks: absolute paths");
	bad("container:\n  allowed_devices: [\"c 10\"]\n",
	    "t.yaml:3:21: container.allowed_devices item 'c 10' is not a device ('c MAJOR:MINOR' "
	    "or "
	    "'b MAJOR:MINOR', '*' for any; 'a *:*' for every device)",
	    "allowed_devices: TYPE MAJOR:MINOR");
	bad("container:\n  selinux_types: [\"spc_t:s0\"]\n",
	    "t.yaml:3:19: container.selinux_types item 'spc_t:s0' is not an SELinux type (letters, "
	    "digits, '_')",
	    "selinux_types: a type name");
	{
		struct launch_policy cp;
		const char *first;
		ok(load("version: 1\n", &cp, &first) == 0 && !cp.ct.allow_root_group &&
		       cp.ct.forbidden_gids.n == 2 && cp.ct.allowed_hooks.n == 0 &&
		       cp.ct.allowed_devices.n == 0 && !cp.ct.allow_apparmor_unconfined &&
		       strv_contains(&cp.ct.selinux_types, "container_t") &&
		       strv_contains(&cp.ct.selinux_mount_types, "container_file_t"),
		   "container defaults: root group refused, disk and kmem forbidden, no hook, no "
		   "device, no unconfined, PSS SELinux types");
		policy_free(&cp);
	}
	bad("landlock: {}\n",
	    "t.yaml:2:11: landlock with no read or write paths would deny everything, even "
	    "running the command",
	    "empty landlock");
	bad("fds: {close: false, keep: [3]}\n",
	    "t.yaml:2:27: fds.keep needs close: true (with close: false every fd stays open)",
	    "fds keep without close");
	bad("env: {keep: [PATH]}\n",
	    "t.yaml:2:13: env.keep needs clear: true (without it every variable is kept)",
	    "env keep without clear");
	bad("env: {clear: false, keep: [PATH]}\n",
	    "t.yaml:2:27: env.keep needs clear: true (without it every variable is kept)",
	    "env keep with clear false");
	/* A key that failed is not judged again: one typo, one message. */
	struct diag d = {0};
	const char *text = "version: 1\nenv: {clear: yes, keep: [PATH]}\n";
	ok(policy_load_text("t.yaml", text, strlen(text), &p, &d) < 0 && d.msgs.n == 1,
	   "a bad key is reported once, not again as a contradiction");
	diag_free(&d);
	text = "version: 1\nuser: root\nno_new_privileges: false\nfds: {close: false, keep: [3]}\n";
	ok(policy_load_text("t.yaml", text, strlen(text), &p, &d) < 0 && d.msgs.n == 3,
	   "every contradiction of a file reported");
	ok(d.msgs.n == 3 && strncmp(d.msgs.v[0], "t.yaml:2:", 9) == 0 &&
	       strncmp(d.msgs.v[2], "t.yaml:4:", 9) == 0,
	   "in file order");
	diag_free(&d);
}

static void test_values(void)
{
	bad("user: \"\"\n",
	    "t.yaml:2:7: bad user '' (a number, or a name of letters, digits, '_', '.', '-'; at "
	    "most 32 characters)",
	    "empty user");
	bad("user: 4294967295\n", "t.yaml:2:7: user '4294967295' is out of range (0 to 4294967294)",
	    "uid -1 refused");
	bad("user: abcdefghijabcdefghijabcdefghijabc\n",
	    "t.yaml:2:7: bad user 'abcdefghijabcdefghijabcdefghijabc' (a number, or a name of "
	    "letters, digits, '_', '.', '-'; at most 32 characters)",
	    "name too long");
	bad("landlock: {read: [tmp]}\n", "t.yaml:2:19: landlock.read path 'tmp' is not absolute",
	    "relative landlock path");
	bad("fds: {keep: [2]}\n",
	    "t.yaml:2:14: fds.keep lists fd 2: 0, 1 and 2 are always kept, list fds from 3",
	    "fd 2");
	bad("env: {clear: true, set: {A B: x}}\n",
	    "t.yaml:2:26: bad env.set variable name 'A B' (letters, digits and '_', not starting "
	    "with a digit; at most 128)",
	    "env.set name");
	bad("apparmor: {profile: \"a\\tb\"}\n",
	    "t.yaml:2:21: apparmor.profile contains a control character", "apparmor control char");
	bad("version: 1\n", "t.yaml:2:1: duplicate key 'version' in a policy", "duplicate version");
	bad("seccomp: \"\"\n",
	    "t.yaml:2:10: bad seccomp '' (a built-in profile name such as default, a path "
	    "containing '/', or none)",
	    "empty seccomp");
}

static void test_validate(void)
{
	struct launch_policy p;
	struct diag d = {0};
	ok(policy_load_builtin("restricted", &p, &d) == 0, "restricted loads");
	free(p.user);
	p.user = strdup("root");
	ok(policy_validate(&p, &d) == -EINVAL, "override to root refused");
	is_str(d.msgs.n ? d.msgs.v[0] : "",
	       "builtin:restricted: user 'root' is uid 0, which needs allow_root: true",
	       "override error names the policy, no position");
	diag_free(&d);
	p.allow_root = true;
	p.caps_keep = BIT(CAP_SYS_ADMIN);
	p.no_new_privs = false;
	ok(policy_validate(&p, &d) == 0,
	   "override to root with allow_root, nnp off with SYS_ADMIN");
	free(p.seccomp);
	p.seccomp = strdup("Bad Name");
	p.fds_keep[p.nfds_keep++] = 2;
	ok(policy_validate(&p, &d) == -EINVAL && d.msgs.n == 2, "bad overrides: every error");
	diag_free(&d);
	policy_free(&p);
}

static void test_builtins(void)
{
	struct launch_policy p;
	struct diag d = {0};
	ok(policy_load("restricted", &p, &d) == 0, "policy_load restricted");
	is_str(p.file, "builtin:restricted", "restricted named");
	ok(strcmp(p.user, "65534") == 0 && strcmp(p.group, "65534") == 0 && p.groups.n == 0,
	   "restricted: 65534:65534, no groups");
	ok(p.caps_keep == 0 && p.no_new_privs && !p.allow_root, "restricted: no caps, nnp");
	is_str(p.seccomp, "default", "restricted: default profile");
	ok(p.nrlimits == 1 && p.rlimits[0].resource == RLIMIT_CORE && p.rlimits[0].value == 0,
	   "restricted: core 0");
	ok(p.fds_close && !p.env_clear, "restricted: fds closed");
	policy_free(&p);
	ok(policy_load("baseline", &p, &d) == 0, "policy_load baseline");
	uint64_t want = BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) |
			BIT(CAP_FOWNER) | BIT(CAP_FSETID) | BIT(CAP_KILL) | BIT(CAP_SETGID) |
			BIT(CAP_SETUID) | BIT(CAP_SETPCAP) | BIT(CAP_SYS_CHROOT) |
			BIT(CAP_AUDIT_WRITE) | BIT(CAP_MKNOD) | BIT(CAP_SETFCAP);
	is_int(p.caps_keep, want, "baseline: the runtime-default capability set");
	ok(strcmp(p.user, "65534") == 0 && p.no_new_privs && strcmp(p.seccomp, "default") == 0,
	   "baseline: non-root, nnp, default profile");
	policy_free(&p);
	is_int(d.msgs.n, 0, "built-ins load without a message");
	ok(policy_load_builtin("nope", &p, &d) == -EINVAL, "unknown built-in");
	is_str(d.msgs.n ? d.msgs.v[0] : "",
	       "nope: unknown built-in policy 'nope' (built-in: baseline, restricted)",
	       "unknown built-in: the list");
	diag_free(&d);
	is_str(policy_builtin_names(), "baseline, restricted", "policy_builtin_names");
}

static void test_trusted(void)
{
	struct error err = {0};
	struct stat st = {.st_mode = S_IFREG | 0644, .st_uid = 0};
	is_int(policy_file_trusted(&st, 1000, &err), 0, "root-owned 0644: trusted");
	st.st_uid = 1000;
	is_int(policy_file_trusted(&st, 1000, &err), 0, "caller-owned 0644: trusted");
	st.st_mode = S_IFREG | 0600;
	is_int(policy_file_trusted(&st, 1000, &err), 0, "caller-owned 0600: trusted");
	is_int(policy_file_trusted(&st, 0, &err), -EPERM, "another user's file, caller root");
	is_str(err.msg,
	       "refusing a file owned by uid 1000, neither root nor the caller (uid 0): its owner "
	       "would decide what the command may do",
	       "foreign owner said");
	st = (struct stat){.st_mode = S_IFREG | 0664, .st_uid = 0};
	is_int(policy_file_trusted(&st, 0, &err), -EPERM, "group-writable refused");
	is_str(err.msg,
	       "refusing a file writable by its group (mode 0664): anyone who can write it would "
	       "decide what the command may do",
	       "group-writable said");
	st.st_mode = S_IFREG | 01777;
	is_int(policy_file_trusted(&st, 0, &err), -EPERM, "world-writable refused");
	st.st_mode = S_IFDIR | 0755;
	is_int(policy_file_trusted(&st, 0, &err), -EPERM, "directory refused");
}

int main(void)
{
	test_defaults();
	test_every_key();
	test_caps();
	test_rlimits();
	test_contradictions();
	test_values();
	test_validate();
	test_builtins();
	test_trusted();
	return tap_done();
}
