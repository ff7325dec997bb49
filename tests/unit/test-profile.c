/* Seccomp profiles: ctguard YAML and Docker JSON parsing, caps includes/excludes, unknown
 * names, bad files with their exact messages, and compiling the conditions. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "kernel/caps.h"
#include "seccomp/filter.h"
#include "seccomp/profile.h"
#include "tests/ociseccomp-ref.h"
#include "tests/tap.h"

static struct diag d;

static struct profile *load(const char *text, int *rc)
{
	struct profile *p = NULL;
	diag_free(&d);
	d = (struct diag){0};
	*rc = profile_load_text("t.yaml", text, strlen(text), &p, &d);
	return p;
}

static char *msgs(void)
{
	static char buf[4096];
	char *j = strv_join(&d.msgs, "\n");
	snprintf(buf, sizeof(buf), "%s", j ? j : "");
	free(j);
	return buf;
}

static void bad(const char *text, const char *want, const char *name)
{
	int rc;
	struct profile *p = load(text, &rc);
	ok(rc == -EINVAL && !p, "%s: refused", name);
	is_str(msgs(), want, name);
	profile_free(p);
}

static void test_yaml(void)
{
	int rc;
	struct profile *p =
	    load("version: 1\n"
		 "default_action: errno\n"
		 "default_errno: EACCES\n"
		 "rules:\n"
		 "  - names: [getpid, read]\n"
		 "    action: allow\n"
		 "  - names: [socket]\n"
		 "    action: errno\n"
		 "    errno: 97\n"
		 "    args: [{index: 0, op: ne, value: 2}, {index: 0, op: ne, value: 10}]\n"
		 "  - names: [clone]\n"
		 "    action: allow\n"
		 "    args: [{index: 0, op: masked_eq, mask: 0x7E020000, value: 0}]\n"
		 "    not_caps: [CAP_SYS_ADMIN]\n"
		 "  - names: [clone]\n"
		 "    action: allow\n"
		 "    caps: [sys_admin]\n",
		 &rc);
	is_int(rc, 0, "yaml: loads");
	if (!p)
		return;
	is_int(p->format, PROFILE_FORMAT_YAML, "yaml: format");
	is_int(p->def.act, PROFILE_ACT_ERRNO, "yaml: default action");
	is_int(p->def.errnum, EACCES, "yaml: default errno by name");
	is_int(p->nrules, 4, "yaml: 4 rules");
	is_int(p->rules[0].nnames, 2, "yaml: two names");
	is_int(p->rules[0].nrs[0], 39, "yaml: getpid resolved natively (x86_64: 39)");
	is_int(p->rules[1].action.errnum, 97, "yaml: errno by number");
	is_int(p->rules[1].nargs, 2, "yaml: two conditions on one index kept");
	is_int(p->rules[2].args[0].mask, 0x7E020000, "yaml: hex mask");
	is_int(p->rules[2].args[0].op, PROFILE_OP_MASKED_EQ, "yaml: masked_eq");
	is_int(p->rules[2].caps_none, UINT64_C(1) << 21, "yaml: not_caps");
	is_int(p->rules[3].caps_all, UINT64_C(1) << 21, "yaml: caps any case, no prefix");
	is_int(p->rules[2].line, 11, "yaml: rule line");
	ok(profile_rule_applies(&p->rules[2], 0), "not_caps rule applies without the cap");
	ok(!profile_rule_applies(&p->rules[2], UINT64_C(1) << 21), "...not with it");
	ok(!profile_rule_applies(&p->rules[3], 0), "caps rule needs the cap");
	ok(profile_rule_applies(&p->rules[3], ~UINT64_C(0)), "...and applies with it");

	struct filter *f = NULL;
	struct error err = {0};
	is_int(filter_compile(p, 0, SECCOMP_MODE_ENFORCE, &f, &err), 0,
	       "yaml: compiles (ne AND ne on one index)");
	ok(f && filter_size(f) > 10, "a program came out");
	filter_free(f);
	is_int(filter_compile(p, ~UINT64_C(0), SECCOMP_MODE_LOG, &f, &err), 0,
	       "yaml: compiles in log mode with every cap");
	filter_free(f);
	profile_free(p);

	p = load("version: 1\n", &rc);
	ok(rc == 0 && p && p->def.act == PROFILE_ACT_ERRNO && p->def.errnum == EPERM &&
	       p->nrules == 0,
	   "omitted default: errno EPERM, no rules");
	profile_free(p);
}

static void test_yaml_bad(void)
{
	bad("version: 1\nrules:\n  - names: [getpid, no_such_call]\n    action: allow\n",
	    "t.yaml:3:21: unknown syscall 'no_such_call' on this architecture", "unknown syscall");
	bad("version: 1\nrule: []\n",
	    "t.yaml:2:1: unknown key 'rule' in a seccomp profile (expected: version, description, "
	    "default_action, default_errno, rules)",
	    "unknown top key");
	bad("version: 1\nrules:\n  - names: [read]\n    action: allow\n    arg: []\n",
	    "t.yaml:5:5: unknown key 'arg' in a rule (expected: names, action, errno, args, caps, "
	    "not_caps, comment)",
	    "unknown rule key");
	bad("version: 2\n", "t.yaml:1:10: unsupported version (this format is version 1)",
	    "version 2");
	bad("default_action: errno\n", "t.yaml:1:1: missing 'version' (this format is version 1)",
	    "no version");
	bad("version: 1\ndefault_action: deny\n",
	    "t.yaml:2:17: unknown action 'deny' (expected: allow, errno, kill_process, "
	    "kill_thread, trap, log)",
	    "unknown action");
	bad("version: 1\ndefault_errno: EWHAT\n",
	    "t.yaml:2:16: default_errno must be an errno name (EPERM) or a number from 1 to 4095",
	    "bad errno");
	bad("version: 1\nrules:\n  - names: [read]\n    action: allow\n    errno: EPERM\n",
	    "t.yaml:5:12: 'errno' is only used with action errno", "errno with allow");
	bad("version: 1\nrules:\n  - names: [read]\n    action: allow\n"
	    "    args: [{index: 6, op: eq, value: 1}]\n",
	    "t.yaml:5:20: index must be from 0 to 5", "index 6");
	bad("version: 1\nrules:\n  - names: [read]\n    action: allow\n"
	    "    args: [{index: 0, op: like, value: 1}]\n",
	    "t.yaml:5:27: unknown op 'like' (expected: eq, ne, lt, le, gt, ge, masked_eq)",
	    "bad op");
	bad("version: 1\nrules:\n  - names: [read]\n    action: allow\n"
	    "    args: [{index: 0, op: eq, value: 1, mask: 3}]\n",
	    "t.yaml:5:47: 'mask' is only used with op masked_eq", "mask with eq");
	bad("version: 1\nrules:\n  - names: [read]\n    action: allow\n"
	    "    args: [{index: 0, op: masked_eq, value: 1}]\n",
	    "t.yaml:5:12: op masked_eq needs 'mask'", "masked_eq without mask");
	bad("version: 1\nrules:\n  - names: [read]\n    action: allow\n"
	    "    args: [{index: 0, op: eq, value: -1}]\n",
	    "t.yaml:5:38: value must be an unsigned integer (decimal or 0x hexadecimal)",
	    "negative value");
	bad("version: 1\nrules:\n  - names: [read]\n    action: allow\n    caps: [CAP_NOPE]\n",
	    "t.yaml:5:12: unknown capability 'CAP_NOPE'", "unknown cap");
	bad("version: 1\nrules:\n  - action: allow\n", "t.yaml:3:5: a rule needs 'names'",
	    "rule without names");
	bad("version: 1\nrules:\n  - names: [read, read]\n    action: allow\n",
	    "t.yaml:3:19: syscall 'read' listed twice in one rule", "name twice");
	bad("version: 1\nrules: [\n",
	    "t.yaml:3:1: did not find expected node content while "
	    "parsing a flow node",
	    "YAML syntax error");
	/* Several errors of one file, all reported. */
	bad("version: 1\nrules:\n  - names: [nope1]\n    action: allow\n  - names: [nope2]\n"
	    "    action: allow\n",
	    "t.yaml:3:13: unknown syscall 'nope1' on this architecture\n"
	    "t.yaml:5:13: unknown syscall 'nope2' on this architecture",
	    "every error reported");

	int rc;
	struct profile *p = load("version: 1\nrules:\n  - names: [read]\n    action: allow\n"
				 "  - names: [read]\n    action: kill_process\n"
				 "    args: [{index: 0, op: eq, value: 99}]\n",
				 &rc);
	struct filter *f = NULL;
	struct error err = {0};
	is_int(filter_compile(p, 0, SECCOMP_MODE_ENFORCE, &f, &err), -EINVAL,
	       "unconditional rule next to another action: refused");
	is_str(err.msg,
	       "t.yaml:3:5: syscall 'read' has an unconditional rule and another rule with a "
	       "different action (line 5): libseccomp would keep only one",
	       "...with a message");
	filter_free(f);
	profile_free(p);
	p = load("version: 1\nrules:\n  - names: [read]\n    action: kill_process\n"
		 "    args: [{index: 0, op: masked_eq, mask: 1, value: 1},"
		 " {index: 0, op: gt, value: 5}]\n",
		 &rc);
	is_int(filter_compile(p, 0, SECCOMP_MODE_ENFORCE, &f, &err), -EINVAL,
	       "masked_eq with a range on one index: refused");
	is_str(err.msg,
	       "t.yaml:3:5: the conditions on argument 0 cannot be combined (masked_eq with other "
	       "comparisons)",
	       "...with a message");
	profile_free(p);
}

static const char docker[] =
    "{\n"
    "  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
    "  \"defaultErrnoRet\": 38,\n"
    "  \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": []}],\n"
    "  \"syscalls\": [\n"
    "    {\"names\": [\"read\", \"no_such_call\", \"socketcall\"], \"action\": "
    "\"SCMP_ACT_ALLOW\", \"args\": null, \"comment\": \"\"},\n"
    "    {\"names\": [\"bpf\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": "
    "[\"CAP_SYS_ADMIN\"]}},\n"
    "    {\"names\": [\"bpf\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1, "
    "\"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
    "    {\"names\": [\"arch_prctl\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
    "{\"arches\": [\"amd64\", \"x32\"]}},\n"
    "    {\"names\": [\"set_tls\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"arches\": "
    "[\"arm\"]}},\n"
    "    {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
    "{\"minKernel\": \"99.0\"}},\n"
    "    {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
    "{\"minKernel\": \"3.0\"}},\n"
    "    {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
    "\"value\": 2114060288, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}\n"
    "  ]\n"
    "}\n";

static void test_docker(void)
{
	int rc;
	struct profile *p = load(docker, &rc);
	is_int(rc, 0, "docker: loads despite an unknown name");
	is_str(msgs(),
	       "t.yaml:6:24: warning: unknown syscall 'no_such_call' on this architecture: "
	       "skipped",
	       "docker: unknown name is a positioned warning");
	if (!p)
		return;
	is_int(p->format, PROFILE_FORMAT_DOCKER, "docker: format");
	ok(p->def.act == PROFILE_ACT_ERRNO && p->def.errnum == ENOSYS, "docker: default ENOSYS");
	is_int(p->nrules, 6, "docker: other arches and newer kernels dropped");
	is_int(p->rules[0].nnames, 2, "docker: read and socketcall kept");
	ok(p->rules[0].nrs[1] < 0, "docker: socketcall is not native on x86_64");
	is_int(p->rules[1].caps_all, UINT64_C(1) << 21, "docker: includes.caps");
	is_int(p->rules[2].caps_none, UINT64_C(1) << 21, "docker: excludes.caps");
	is_int(p->rules[2].action.errnum, 1, "docker: errnoRet");
	is_str(p->rules[3].names[0], "arch_prctl", "docker: native arch rule kept");
	is_str(p->rules[4].names[0], "getppid", "docker: minKernel 99.0 dropped, 3.0 kept");
	ok(p->rules[5].args[0].mask == 0x7E020000 && p->rules[5].args[0].value == 0,
	   "docker: masked_eq value is the mask, valueTwo the value");
	struct filter *f = NULL;
	struct error err = {0};
	is_int(filter_compile(p, 0, SECCOMP_MODE_ENFORCE, &f, &err), 0, "docker: compiles");
	filter_free(f);
	profile_free(p);
}

static void test_docker_bad(void)
{
	bad("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n \"syscalls\": [,]}\n",
	    "t.yaml:2:15: invalid JSON: unexpected character", "json syntax error positioned");
	bad("{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}",
	    "t.yaml:1:19: unsupported action 'SCMP_ACT_NOTIFY' (expected: SCMP_ACT_ALLOW, "
	    "SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, "
	    "SCMP_ACT_TRAP, SCMP_ACT_LOG)",
	    "notify refused");
	bad("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"sycalls\": []}",
	    "t.yaml:1:37: unknown key 'sycalls' in a seccomp profile (expected: defaultAction, "
	    "defaultErrnoRet, defaultErrno, architectures, archMap, syscalls, flags, listenerPath, "
	    "listenerMetadata)",
	    "docker: unknown key");
	bad("{\"syscalls\": []}", "t.yaml:1:1: missing 'defaultAction'", "no defaultAction");
	bad("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	    "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
	    "\"SCMP_CMP_EQ\", \"valueTwo\": 4}]}]}",
	    "t.yaml:1:165: valueTwo is only used with SCMP_CMP_MASKED_EQ", "valueTwo with EQ");
	bad("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], "
	    "\"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"minKernel\": \"five\"}}]}",
	    "t.yaml:1:124: minKernel must read MAJOR.MINOR, like '5.8'", "bad minKernel");
}

static void test_builtin(void)
{
	struct profile *p = NULL;
	struct diag dd = {0};
	is_int(profile_load("default", &p, &dd), 0, "built-in default loads");
	ok(!diag_any(&dd), "...without a message");
	ok(p && p->def.act == PROFILE_ACT_ERRNO && p->def.errnum == EPERM,
	   "...default errno EPERM");
	struct filter *f = NULL;
	struct error err = {0};
	is_int(filter_compile(p, 0, SECCOMP_MODE_ENFORCE, &f, &err), 0, "...compiles");
	ok(f && filter_size(f) < 4096, "...within BPF_MAXINSNS (%zu)", f ? filter_size(f) : 0);
	filter_free(f);
	profile_free(p);
	diag_free(&dd);
	dd = (struct diag){0};
	is_int(profile_load("/nonexistent/p.yaml", &p, &dd), -ENOENT, "missing file");
	is_str(dd.msgs.n ? dd.msgs.v[0] : NULL,
	       "/nonexistent/p.yaml: cannot read: No such file or directory", "...named");
	diag_free(&dd);
}

/* A config's linux.seccomp read directly (profile_load_oci) and through its printed text (the
 * reference): same acceptance, profile and first message. want: 0 or -EINVAL; msg: the direct
 * reader's first message, or NULL for none. */
static void oci_same(const char *json, int want, const char *msg, const char *name)
{
	json_object *o = json_tokener_parse(json);
	ok(o != NULL, "%s: the test's JSON parses", name);
	struct profile *a = NULL, *b = NULL;
	struct diag da = {0}, db = {0};
	int ra = profile_load_oci("linux.seccomp", o, &a, &da);
	int rb = ref_load("linux.seccomp", o, &b, &db);
	char l[256];
	snprintf(l, sizeof(l), "%s: direct reader", name);
	is_int(ra, want, l);
	snprintf(l, sizeof(l), "%s: reference", name);
	is_int(rb, want, l);
	char why[128];
	const char *diff = a && b ? ref_diff(a, b, why, sizeof(why)) : NULL;
	ok(!diff, "%s: same profile%s%s", name, diff ? ": " : "", diff ? diff : "");
	snprintf(l, sizeof(l), "%s: message", name);
	if (msg)
		is_str(da.msgs.n ? da.msgs.v[0] : "(none)", msg, l);
	else
		ok(da.msgs.n == 0, "%s: no message", name);
	snprintf(l, sizeof(l), "%s: the reference's message", name);
	if (msg && db.msgs.n && strncmp(msg, "linux.seccomp:1:1: ", 19) == 0 &&
	    !strstr(msg, "cannot be read"))
		is_str(ref_msg(db.msgs.v[0], "linux.seccomp"), msg + 19, l);
	snprintf(l, sizeof(l), "%s: as many messages", name);
	if (!strstr(msg ? msg : "", "cannot be read"))
		is_int(da.msgs.n, db.msgs.n, l);
	profile_free(a);
	profile_free(b);
	diag_free(&da);
	diag_free(&db);
	json_object_put(o);
}

static void test_oci(void)
{
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, "
		 "\"architectures\": [\"SCMP_ARCH_X86_64\"], \"flags\": null, "
		 "\"listenerPath\": \"\", \"syscalls\": [{\"names\": [\"read\", \"write\", "
		 "\"mseal\"], \"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"clone\"], "
		 "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": "
		 "2114060288, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}, {\"names\": "
		 "[\"socket\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": \"EACCES\"}]}",
		 0, NULL, "a runc config's filter");
	/* runc ignores Docker's extras: includes/excludes do not make a rule conditional */
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrno\": \"x\", "
		 "\"archMap\": 5, \"comment\": 1, \"syscalls\": [{\"names\": [\"mount\"], "
		 "\"name\": \"umount2\", \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
		 "{\"caps\": [\"CAP_SYS_ADMIN\"]}, \"comment\": [], \"args\": [{\"index\": 1, "
		 "\"value\": 2, \"op\": \"SCMP_CMP_NE\", \"mask\": \"?\"}]}]}",
		 0, NULL, "Docker's members ignored");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
		 "[\"no_such_call\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
		 0,
		 "linux.seccomp:1:1: warning: unknown syscall 'no_such_call' on this "
		 "architecture: skipped",
		 "an unknown name is skipped with a warning");
	oci_same("[1]", -EINVAL, "linux.seccomp:1:1: missing 'defaultAction'",
		 "not an object: read as an empty one");
	oci_same("{\"defaultAction\": null}", -EINVAL,
		 "linux.seccomp:1:1: unsupported action 'null' (expected: SCMP_ACT_ALLOW, "
		 "SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, "
		 "SCMP_ACT_TRAP, SCMP_ACT_LOG)",
		 "a null action");
	oci_same("{\"defaultAction\": {}}", -EINVAL, "linux.seccomp:1:1: action must be a string",
		 "an object as action");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1}", -EINVAL,
		 "linux.seccomp:1:1: defaultErrnoRet is only used with SCMP_ACT_ERRNO",
		 "defaultErrnoRet with allow");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 1.0}", -EINVAL,
		 "linux.seccomp:1:1: defaultErrnoRet must be an errno name (EPERM) or a number "
		 "from 1 to 4095",
		 "a fractional errno");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": {}, \"flags\": "
		 "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]}",
		 -EINVAL, "linux.seccomp:1:1: architectures must be a list", "shapes of the lists");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"listenerPath\": null}", -EINVAL,
		 "linux.seccomp:1:1: listenerPath (user notification) is not supported",
		 "a null listenerPath (refused as the printed form did)");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [5, null, {}]}", -EINVAL,
		 "linux.seccomp:1:1: a syscalls entry needs 'names'",
		 "entries that are not objects");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
		 "[\"read\", \"read\", 7, [], \"a\\u0000b\"], \"action\": \"SCMP_ACT_ALLOW\", "
		 "\"errnoRet\": 1}]}",
		 -EINVAL, "linux.seccomp:1:1: syscall 'read' listed twice in one rule",
		 "bad names and errnoRet with allow");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
		 "[\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [1, {\"index\": 6, "
		 "\"op\": \"SCMP_CMP_XX\", \"value\": -1, \"valueTwo\": \"2\"}, {\"index\": "
		 "\"0\", \"op\": \"SCMP_CMP_EQ\", \"value\": 18446744073709551615, "
		 "\"valueTwo\": 3}]}]}",
		 -EINVAL, "linux.seccomp:1:1: an argument condition needs 'index'",
		 "bad argument conditions");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
		 "[\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
		 "[{},{},{},{},{},{},{},{},{},{},{},{},{}]}]}",
		 -EINVAL, "linux.seccomp:1:1: args has more than 12 items", "too many conditions");
	oci_same("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": "
		 "[\"\xff\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		 -EINVAL,
		 "linux.seccomp:1:1: cannot be read (out of memory, or nested deeper than 64)",
		 "not UTF-8");
}

/* linux.seccomp {"defaultAction": ..., "flags": [[...]]} with the innermost list depth levels
 * below the object (the old in-memory document refused more than 64). */
static json_object *nested_flags(int depth)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "defaultAction", json_object_new_string("SCMP_ACT_ALLOW"));
	json_object *in = json_object_new_array();
	json_object_object_add(o, "flags", in);
	for (int k = 1; k < depth; k++) {
		json_object *n = json_object_new_array();
		json_object_array_add(in, n);
		in = n;
	}
	return o;
}

static int oci_load(json_object *o, struct diag *dd)
{
	struct profile *p = NULL;
	*dd = (struct diag){0};
	int r = profile_load_oci("s", o, &p, dd);
	profile_free(p);
	return r;
}

/* The checks the old in-memory document made before any member was read, which the printed
 * reference cannot show: nesting up to 64 levels, libyaml's UTF-8 rule (no overlong form). */
static void test_oci_limits(void)
{
	struct diag dd;
	json_object *o = nested_flags(64);
	is_int(oci_load(o, &dd), 0, "oci: a list 64 levels deep is read");
	diag_free(&dd);
	json_object_put(o);
	o = nested_flags(65);
	is_int(oci_load(o, &dd), -EINVAL, "oci: 65 levels are refused");
	is_str(dd.msgs.n ? dd.msgs.v[0] : "",
	       "s:1:1: cannot be read (out of memory, or nested deeper than 64)",
	       "oci: ...as the old document refused them");
	diag_free(&dd);
	json_object_put(o);
	/* the same limit two levels down: an argument's value, the list deepest at 64 and 65 */
	for (int depth = 64; depth <= 65; depth++) {
		o = json_object_new_object();
		json_object_object_add(o, "defaultAction",
				       json_object_new_string("SCMP_ACT_ALLOW"));
		json_object *arg = json_object_new_object(), *in = json_object_new_array();
		json_object_object_add(arg, "index", json_object_new_int(0));
		json_object_object_add(arg, "op", json_object_new_string("SCMP_CMP_EQ"));
		json_object_object_add(arg, "value", in);
		for (int k = 6; k <= depth; k++) { /* value at 5; its innermost list at depth */
			json_object *n = json_object_new_array();
			json_object_array_add(in, n);
			in = n;
		}
		json_object *args = json_object_new_array(), *rule = json_object_new_object();
		json_object_array_add(args, arg);
		json_object *names = json_object_new_array();
		json_object_array_add(names, json_object_new_string("read"));
		json_object_object_add(rule, "names", names);
		json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_ALLOW"));
		json_object_object_add(rule, "args", args);
		json_object *calls = json_object_new_array();
		json_object_array_add(calls, rule);
		json_object_object_add(o, "syscalls", calls);
		is_int(oci_load(o, &dd), -EINVAL, "oci: a list as an argument's value is refused");
		is_str(dd.msgs.n ? dd.msgs.v[0] : "",
		       depth == 64
			   ? "s:1:1: value must be an unsigned integer (decimal or 0x hexadecimal)"
			   : "s:1:1: cannot be read (out of memory, or nested deeper than 64)",
		       depth == 64
			   ? "oci: ...64 levels deep, read and found not a number"
			   : "oci: ...65 levels deep, not read at all (as the old document)");
		diag_free(&dd);
		json_object_put(o);
	}
	static const struct {
		const char *name;
		int want;
		const char *what;
	} utf8[] = {
	    {"\xc0\xaf", -EINVAL, "an overlong '/'"},
	    {"\xe0\x80\xaf", -EINVAL, "an overlong 3-byte form"},
	    {"\xed\xa0\x80", 0, "a surrogate (libyaml takes it; the strict scan refuses it first)"},
	    {"\xf0\x9f\x98\x80", 0, "a 4-byte character"},
	    {"\xf4\x90\x80\x80", 0, "beyond U+10FFFF (libyaml takes it)"},
	    {"\xf8\x88\x80\x80\x80", -EINVAL, "a 5-byte form"},
	    {"a\xc3", -EINVAL, "a cut sequence"},
	};
	for (size_t i = 0; i < sizeof(utf8) / sizeof(utf8[0]); i++) {
		o = json_object_new_object();
		json_object_object_add(o, "defaultAction",
				       json_object_new_string("SCMP_ACT_ALLOW"));
		json_object *rule = json_object_new_object(), *names = json_object_new_array();
		json_object_array_add(names, json_object_new_string(utf8[i].name));
		json_object_object_add(rule, "names", names);
		json_object_object_add(rule, "action", json_object_new_string("SCMP_ACT_ERRNO"));
		json_object *calls = json_object_new_array();
		json_object_array_add(calls, rule);
		json_object_object_add(o, "syscalls", calls);
		char l[128];
		snprintf(l, sizeof(l), "oci: a syscall name with %s", utf8[i].what);
		is_int(oci_load(o, &dd), utf8[i].want, l);
		diag_free(&dd);
		json_object_put(o);
	}
}

int main(void)
{
	test_yaml();
	test_yaml_bad();
	test_docker();
	test_docker_bad();
	test_builtin();
	test_oci();
	test_oci_limits();
	diag_free(&d);
	return tap_done();
}
