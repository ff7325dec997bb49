/* Seccomp profile loaders: ctguard's YAML format and Docker/OCI JSON. JSON is checked strictly
 * with json-c, then walked through libyaml (JSON is YAML flow syntax) so that every later error
 * has a line and a column, as in ctguard's own files. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "kernel/caps.h"
#include "seccomp/verdict.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "seccomp/profile.h"
#include "lib/ydoc.h"

#define JSON_DEPTH_MAX 16

struct parser {
	struct ydoc *y;
	struct diag *d;
	struct profile *p;
	bool ok;
	bool docker;
};

static void perr(struct parser *ps, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void perr(struct parser *ps, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ydoc_err(ps->y, ps->d, n, "%s", msg);
	ps->ok = false;
}

static const struct {
	const char *yaml, *docker;
	enum profile_act act;
} actions[] = {
    {"kill_process", "SCMP_ACT_KILL_PROCESS", PROFILE_ACT_KILL_PROCESS},
    {"kill_thread", "SCMP_ACT_KILL_THREAD", PROFILE_ACT_KILL_THREAD},
    {NULL, "SCMP_ACT_KILL", PROFILE_ACT_KILL_THREAD}, /* libseccomp's old name */
    {"trap", "SCMP_ACT_TRAP", PROFILE_ACT_TRAP},
    {"errno", "SCMP_ACT_ERRNO", PROFILE_ACT_ERRNO},
    {"log", "SCMP_ACT_LOG", PROFILE_ACT_LOG},
    {"allow", "SCMP_ACT_ALLOW", PROFILE_ACT_ALLOW},
};

static const struct {
	const char *yaml, *docker;
	enum profile_op op;
} ops[] = {
    {"eq", "SCMP_CMP_EQ", PROFILE_OP_EQ},
    {"ne", "SCMP_CMP_NE", PROFILE_OP_NE},
    {"lt", "SCMP_CMP_LT", PROFILE_OP_LT},
    {"le", "SCMP_CMP_LE", PROFILE_OP_LE},
    {"gt", "SCMP_CMP_GT", PROFILE_OP_GT},
    {"ge", "SCMP_CMP_GE", PROFILE_OP_GE},
    {"masked_eq", "SCMP_CMP_MASKED_EQ", PROFILE_OP_MASKED_EQ},
};

const char *profile_action_str(struct profile_action a, char *buf, size_t len)
{
	if (a.act == PROFILE_ACT_ERRNO) {
		const char *n = strerrorname_np(a.errnum);
		if (n)
			snprintf(buf, len, "errno %s", n);
		else
			snprintf(buf, len, "errno %d", a.errnum);
		return buf;
	}
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (actions[i].act == a.act && actions[i].yaml) {
			snprintf(buf, len, "%s", actions[i].yaml);
			break;
		}
	return buf;
}

bool profile_action_eq(struct profile_action a, struct profile_action b)
{
	return a.act == b.act && (a.act != PROFILE_ACT_ERRNO || a.errnum == b.errnum);
}

int profile_errno_from_name(const char *s)
{
	if (!s || !*s)
		return -1;
	if (isdigit((unsigned char)s[0])) {
		char *end;
		errno = 0;
		long v = strtol(s, &end, 10);
		return *end || errno || v < 0 || v > PROFILE_ERRNO_MAX ? -1 : (int)v;
	}
	for (int e = 1; e <= 200; e++) {
		const char *n = strerrorname_np(e);
		if (n && strcmp(n, s) == 0)
			return e;
	}
	return -1;
}

bool profile_rule_applies(const struct profile_rule *r, uint64_t caps_keep)
{
	return (r->caps_all & caps_keep) == r->caps_all && !(r->caps_none & caps_keep);
}

static void rule_free(struct profile_rule *r, bool shared_names)
{
	if (shared_names)
		return;
	for (size_t i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->names);
	free(r->nrs);
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nrules; i++)
		rule_free(&p->rules[i], p->shared_names);
	free(p->rules);
	free(p->file);
	free(p);
}

static void profile_freep(struct profile **p)
{
	profile_free(*p);
}

/* A plain scalar read as an unsigned 64-bit number, decimal or 0x hexadecimal. */
static bool get_u64(struct parser *ps, const yaml_node_t *n, const char *what, uint64_t *out)
{
	if (ydoc_is_plain(n)) {
		const char *s = (const char *)n->data.scalar.value;
		char *end;
		errno = 0;
		unsigned long long v = strtoull(s, &end, 0);
		if (isdigit((unsigned char)s[0]) && *end == '\0' && !errno) {
			*out = v;
			return true;
		}
	}
	perr(ps, n, "%s must be an unsigned integer (decimal or 0x hexadecimal)", what);
	return false;
}

static bool get_errno(struct parser *ps, const yaml_node_t *n, const char *what, int *out)
{
	const char *s =
	    n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
	int e = profile_errno_from_name(s);
	if (e < 1) {
		perr(ps, n, "%s must be an errno name (EPERM) or a number from 1 to %d", what,
		     PROFILE_ERRNO_MAX);
		return false;
	}
	*out = e;
	return true;
}

static bool is_null(const yaml_node_t *n)
{
	return ydoc_is_plain(n) && strcmp((const char *)n->data.scalar.value, "null") == 0;
}

/* A sequence node (a JSON null counts as empty); NULL with an error otherwise. */
static const yaml_node_t *get_seq(struct parser *ps, const yaml_node_t *n, const char *what,
				  size_t max)
{
	if (ps->docker && is_null(n))
		return NULL;
	if (!n || n->type != YAML_SEQUENCE_NODE) {
		perr(ps, n, "%s must be a list", what);
		return NULL;
	}
	size_t len = n->data.sequence.items.top - n->data.sequence.items.start;
	if (len > max) {
		perr(ps, n, "%s has more than %zu items", what, max);
		return NULL;
	}
	return n;
}

#define SEQ_EACH(n, it)                                                                            \
	for (yaml_node_item_t *it = (n)->data.sequence.items.start;                                \
	     it < (n)->data.sequence.items.top; it++)

static bool get_caps(struct parser *ps, const yaml_node_t *n, const char *what, uint64_t *out)
{
	const yaml_node_t *s = get_seq(ps, n, what, 64);
	if (!s)
		return !ps->docker || is_null(n);
	bool good = true;
	SEQ_EACH(s, it)
	{
		yaml_node_t *e = ydoc_node(ps->y, *it);
		const char *c = ydoc_str(ps->y, ps->d, e, "capability");
		int bit = c ? caps_from_name(c) : -1;
		if (c && bit < 0)
			perr(ps, e, "unknown capability '%s'", c);
		if (bit < 0) {
			ps->ok = good = false;
			continue;
		}
		*out |= UINT64_C(1) << bit;
	}
	return good;
}

static int add_name(struct profile_rule *r, const char *name, int nr)
{
	if (r->nnames % 16 == 0) {
		size_t cap = r->nnames + 16;
		int *nrs = realloc(r->nrs, cap * sizeof(*nrs));
		if (!nrs)
			return -ENOMEM;
		r->nrs = nrs;
		char **names = realloc(r->names, cap * sizeof(*names));
		if (!names)
			return -ENOMEM;
		r->names = names;
	}
	char *copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	r->nrs[r->nnames] = nr;
	r->names[r->nnames++] = copy;
	return 0;
}

/* The native number of a syscall name: libseccomp's table first, then the project's own
 * (seccomp/verdict.c), which also knows the syscalls newer than the installed libseccomp (mseal,
 * listmount, lsm_*, *xattrat with 2.5.4): a profile naming them must get what it says, not the
 * default action. __NR_SCMP_ERROR when neither knows the name; another negative number when
 * libseccomp knows it but the native architecture lacks it (socketcall on x86_64). */
static int resolve_name(const char *name, bool *newer)
{
	*newer = false;
	int nr = seccomp_syscall_resolve_name(name);
	if (nr != __NR_SCMP_ERROR)
		return nr;
	nr = verdict_native_nr(name);
	*newer = nr >= 0;
	return nr >= 0 ? nr : __NR_SCMP_ERROR;
}

/* Resolves each name for the native architecture. Unknown: an error in ctguard's format, a
 * warning in Docker's (runtimes skip them, and profiles list other arches' syscalls). */
static void parse_names(struct parser *ps, struct profile_rule *r, const yaml_node_t *n)
{
	const yaml_node_t *s = get_seq(ps, n, "names", PROFILE_NAMES_MAX);
	if (!s)
		return;
	SEQ_EACH(s, it)
	{
		yaml_node_t *e = ydoc_node(ps->y, *it);
		const char *name = ydoc_str(ps->y, ps->d, e, "syscall name");
		if (!name) {
			ps->ok = false;
			continue;
		}
		bool newer;
		int nr = resolve_name(name, &newer);
		/* A negative number other than __NR_SCMP_ERROR: known to libseccomp but absent on
		 * this architecture (socketcall on x86_64); kept for lint, never compiled. */
		if (nr == __NR_SCMP_ERROR) {
			if (ps->docker)
				ydoc_err(ps->y, ps->d, e,
					 "warning: unknown syscall '%s' on this architecture: "
					 "skipped",
					 name);
			else
				perr(ps, e, "unknown syscall '%s' on this architecture", name);
			continue;
		}
		for (size_t i = 0; i < r->nnames; i++)
			if (r->nrs[i] == nr && strcmp(r->names[i], name) == 0) {
				perr(ps, e, "syscall '%s' listed twice in one rule", name);
				goto next;
			}
		if (add_name(r, name, nr) < 0)
			perr(ps, e, "out of memory");
		if (newer)
			r->newer_names = true;
	next:;
	}
}

static bool parse_action(struct parser *ps, const yaml_node_t *n, struct profile_action *a)
{
	const char *s = ydoc_str(ps->y, ps->d, n, "action");
	if (!s) {
		ps->ok = false;
		return false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
		const char *want = ps->docker ? actions[i].docker : actions[i].yaml;
		if (want && strcmp(s, want) == 0) {
			a->act = actions[i].act;
			a->errnum = EPERM; /* the safe value when no errno is given */
			return true;
		}
	}
	if (ps->docker)
		perr(ps, n,
		     "unsupported action '%s' (expected: SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, "
		     "SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, "
		     "SCMP_ACT_LOG)",
		     s);
	else
		perr(ps, n,
		     "unknown action '%s' (expected: allow, errno, kill_process, kill_thread, "
		     "trap, log)",
		     s);
	return false;
}

static const char *const yaml_arg_keys[] = {"index", "op", "value", "mask", NULL};
static const char *const docker_arg_keys[] = {"index", "value", "valueTwo", "op", NULL};

static void parse_arg(struct parser *ps, struct profile_arg *a, const yaml_node_t *n)
{
	if (!n || n->type != YAML_MAPPING_NODE) {
		perr(ps, n, "an argument condition must be a mapping");
		return;
	}
	if (!ydoc_keys_known(ps->y, ps->d, n, "an argument condition",
			     ps->docker ? docker_arg_keys : yaml_arg_keys))
		ps->ok = false;
	yaml_node_t *v;
	uint64_t x = 0;
	if (!(v = ydoc_get(ps->y, n, "index")))
		perr(ps, n, "an argument condition needs 'index'");
	else if (get_u64(ps, v, "index", &x) && x > 5)
		perr(ps, v, "index must be from 0 to 5");
	a->index = (unsigned)x;
	if (!(v = ydoc_get(ps->y, n, "op"))) {
		perr(ps, n, "an argument condition needs 'op'");
	} else {
		const char *s = ydoc_str(ps->y, ps->d, v, "op");
		size_t i = 0;
		for (; s && i < ARRAY_SIZE(ops); i++)
			if (strcmp(s, ps->docker ? ops[i].docker : ops[i].yaml) == 0)
				break;
		if (!s || i == ARRAY_SIZE(ops))
			perr(ps, v, "unknown op '%s' (expected: %s)", s ? s : "?",
			     ps->docker ? "SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, "
					  "SCMP_CMP_GT, SCMP_CMP_GE, SCMP_CMP_MASKED_EQ"
					: "eq, ne, lt, le, gt, ge, masked_eq");
		else
			a->op = ops[i].op;
	}
	bool masked = a->op == PROFILE_OP_MASKED_EQ;
	yaml_node_t *val = ydoc_get(ps->y, n, "value");
	yaml_node_t *two = ydoc_get(ps->y, n, ps->docker ? "valueTwo" : "mask");
	if (!val)
		perr(ps, n, "an argument condition needs 'value'");
	if (ps->docker) {
		/* Docker's masked_eq: value is the mask, valueTwo the masked value. */
		if (val)
			get_u64(ps, val, "value", masked ? &a->mask : &a->value);
		if (two && !get_u64(ps, two, "valueTwo", masked ? &a->value : &x))
			return;
		if (two && !masked && x != 0)
			perr(ps, two, "valueTwo is only used with SCMP_CMP_MASKED_EQ");
		return;
	}
	if (val)
		get_u64(ps, val, "value", &a->value);
	if (masked && !two)
		perr(ps, n, "op masked_eq needs 'mask'");
	else if (!masked && two)
		perr(ps, two, "'mask' is only used with op masked_eq");
	else if (two)
		get_u64(ps, two, "mask", &a->mask);
}

static void parse_args(struct parser *ps, struct profile_rule *r, const yaml_node_t *n)
{
	const yaml_node_t *s = get_seq(ps, n, "args", PROFILE_ARGS_MAX);
	if (!s)
		return;
	SEQ_EACH(s, it)
	parse_arg(ps, &r->args[r->nargs++], ydoc_node(ps->y, *it));
}

static struct profile_rule *new_rule(struct parser *ps, const yaml_node_t *n)
{
	struct profile *p = ps->p;
	if (p->nrules % 32 == 0) {
		struct profile_rule *nr = realloc(p->rules, (p->nrules + 32) * sizeof(*nr));
		if (!nr) {
			perr(ps, n, "out of memory");
			return NULL;
		}
		p->rules = nr;
	}
	struct profile_rule *r = &p->rules[p->nrules++];
	*r = (struct profile_rule){.line = n->start_mark.line + 1,
				   .column = n->start_mark.column + 1};
	return r;
}

static const char *const yaml_rule_keys[] = {"names", "action",	  "errno",   "args",
					     "caps",  "not_caps", "comment", NULL};

static void parse_yaml_rule(struct parser *ps, const yaml_node_t *n)
{
	if (!n || n->type != YAML_MAPPING_NODE) {
		perr(ps, n, "a rule must be a mapping");
		return;
	}
	struct profile_rule *r = new_rule(ps, n);
	if (!r)
		return;
	if (!ydoc_keys_known(ps->y, ps->d, n, "a rule", yaml_rule_keys))
		ps->ok = false;
	yaml_node_t *v;
	if ((v = ydoc_get(ps->y, n, "names")))
		parse_names(ps, r, v);
	else
		perr(ps, n, "a rule needs 'names'");
	if (v && v->type == YAML_SEQUENCE_NODE &&
	    v->data.sequence.items.top == v->data.sequence.items.start)
		perr(ps, v, "names must not be empty");
	if ((v = ydoc_get(ps->y, n, "action")))
		parse_action(ps, v, &r->action);
	else
		perr(ps, n, "a rule needs 'action'");
	if ((v = ydoc_get(ps->y, n, "errno"))) {
		if (r->action.act != PROFILE_ACT_ERRNO)
			perr(ps, v, "'errno' is only used with action errno");
		else
			get_errno(ps, v, "errno", &r->action.errnum);
	}
	if ((v = ydoc_get(ps->y, n, "args")))
		parse_args(ps, r, v);
	if ((v = ydoc_get(ps->y, n, "caps")))
		get_caps(ps, v, "caps", &r->caps_all);
	if ((v = ydoc_get(ps->y, n, "not_caps")))
		get_caps(ps, v, "not_caps", &r->caps_none);
	if ((v = ydoc_get(ps->y, n, "comment")) && !ydoc_str(ps->y, ps->d, v, "comment"))
		ps->ok = false;
	if (r->caps_all & r->caps_none)
		perr(ps, n, "a capability is in both caps and not_caps: the rule never applies");
}

static const char *const yaml_top_keys[] = {"version",	     "description", "default_action",
					    "default_errno", "rules",	    NULL};

static void parse_yaml(struct parser *ps, const yaml_node_t *root)
{
	struct ydoc *y = ps->y;
	if (!ydoc_keys_known(y, ps->d, root, "a seccomp profile", yaml_top_keys))
		ps->ok = false;
	yaml_node_t *v = ydoc_get(y, root, "version");
	int64_t version = 0;
	if (!v)
		perr(ps, root, "missing 'version' (this format is version 1)");
	else if (ydoc_int(y, ps->d, v, "version", &version) < 0 || version != 1)
		perr(ps, v, "unsupported version (this format is version 1)");
	if ((v = ydoc_get(y, root, "description")) && !ydoc_str(y, ps->d, v, "description"))
		ps->ok = false;
	/* Omitted default: errno EPERM, the safe value. */
	ps->p->def = (struct profile_action){PROFILE_ACT_ERRNO, EPERM};
	if ((v = ydoc_get(y, root, "default_action")))
		parse_action(ps, v, &ps->p->def);
	if ((v = ydoc_get(y, root, "default_errno"))) {
		if (ps->p->def.act != PROFILE_ACT_ERRNO)
			perr(ps, v, "'default_errno' is only used with default_action errno");
		else
			get_errno(ps, v, "default_errno", &ps->p->def.errnum);
	}
	const yaml_node_t *rules = ydoc_get(y, root, "rules");
	if (!rules)
		return;
	if (!(rules = get_seq(ps, rules, "rules", PROFILE_RULES_MAX)))
		return;
	SEQ_EACH(rules, it)
	{
		yaml_node_t *e = ydoc_node(y, *it);
		if (!ydoc_visit(y, ps->d, e)) {
			ps->ok = false;
			return;
		}
		parse_yaml_rule(ps, e);
	}
}

/* Docker names of the native architecture, as Moby's includes/excludes "arches" use them
 * (Go's GOARCH), and libseccomp's. */
static bool arch_is_native(const char *s)
{
	static const struct {
		uint32_t arch;
		const char *go, *scmp;
	} arches[] = {
	    {SCMP_ARCH_X86_64, "amd64", "SCMP_ARCH_X86_64"},
	    {SCMP_ARCH_X86, "x86", "SCMP_ARCH_X86"},
	    {SCMP_ARCH_X32, "x32", "SCMP_ARCH_X32"},
	    {SCMP_ARCH_AARCH64, "arm64", "SCMP_ARCH_AARCH64"},
	    {SCMP_ARCH_ARM, "arm", "SCMP_ARCH_ARM"},
	    {SCMP_ARCH_PPC64LE, "ppc64le", "SCMP_ARCH_PPC64LE"},
	    {SCMP_ARCH_S390X, "s390x", "SCMP_ARCH_S390X"},
	    {SCMP_ARCH_RISCV64, "riscv64", "SCMP_ARCH_RISCV64"},
	};
	uint32_t native = seccomp_arch_native();
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].arch == native)
			return strcmp(s, arches[i].go) == 0 || strcmp(s, arches[i].scmp) == 0 ||
			       (native == SCMP_ARCH_X86 && strcmp(s, "386") == 0);
	return false;
}

/* "5.8" against the running kernel's release. */
static bool kernel_at_least(struct parser *ps, const yaml_node_t *n, bool *out)
{
	const char *s = ydoc_str(ps->y, ps->d, n, "minKernel");
	unsigned want_maj, want_min, maj, min;
	char tail;
	if (!s || sscanf(s, "%u.%u%c", &want_maj, &want_min, &tail) != 2) {
		perr(ps, n, "minKernel must read MAJOR.MINOR, like '5.8'");
		return false;
	}
	struct utsname u;
	if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &maj, &min) != 2) {
		perr(ps, n, "cannot read the kernel version for minKernel");
		return false;
	}
	*out = maj > want_maj || (maj == want_maj && min >= want_min);
	return true;
}

static const char *const docker_filter_keys[] = {"caps", "arches", "minKernel", NULL};

/* includes (include = true) or excludes: fills caps and says whether arches/minKernel keep
 * the rule on this machine. */
static bool parse_filter(struct parser *ps, const yaml_node_t *n, bool include, uint64_t *caps)
{
	if (is_null(n))
		return true;
	const char *what = include ? "includes" : "excludes";
	if (n->type != YAML_MAPPING_NODE) {
		perr(ps, n, "%s must be an object", what);
		return false;
	}
	if (!ydoc_keys_known(ps->y, ps->d, n, what, docker_filter_keys))
		ps->ok = false;
	bool keep = true;
	yaml_node_t *v;
	if ((v = ydoc_get(ps->y, n, "caps")))
		get_caps(ps, v, "caps", caps);
	const yaml_node_t *s;
	if ((v = ydoc_get(ps->y, n, "arches")) && (s = get_seq(ps, v, "arches", 64)) &&
	    s->data.sequence.items.top > s->data.sequence.items.start) {
		bool native = false;
		SEQ_EACH(s, it)
		{
			const char *a = ydoc_str(ps->y, ps->d, ydoc_node(ps->y, *it), "arch");
			native |= a && arch_is_native(a);
		}
		keep &= include ? native : !native;
	}
	bool recent;
	if ((v = ydoc_get(ps->y, n, "minKernel")) && !is_null(v) && kernel_at_least(ps, v, &recent))
		keep &= include ? recent : !recent;
	return keep;
}

static const char *const docker_rule_keys[] = {"names", "name",	   "action",   "errnoRet", "errno",
					       "args",	"comment", "includes", "excludes", NULL};

static void parse_docker_rule(struct parser *ps, const yaml_node_t *n)
{
	if (!n || n->type != YAML_MAPPING_NODE) {
		perr(ps, n, "a syscalls entry must be an object");
		return;
	}
	if (!ydoc_keys_known(ps->y, ps->d, n, "a syscalls entry", docker_rule_keys))
		ps->ok = false;
	struct profile_rule tmp = {.line = n->start_mark.line + 1,
				   .column = n->start_mark.column + 1};
	yaml_node_t *v, *names = ydoc_get(ps->y, n, "names"), *name = ydoc_get(ps->y, n, "name");
	if (names)
		parse_names(ps, &tmp, names);
	else if (name) {
		const char *s = ydoc_str(ps->y, ps->d, name, "name");
		bool newer = false;
		int nr = s ? resolve_name(s, &newer) : -1;
		tmp.newer_names = newer;
		if (s && nr == __NR_SCMP_ERROR)
			ydoc_err(ps->y, ps->d, name,
				 "warning: unknown syscall '%s' on this architecture: skipped", s);
		else if (s && add_name(&tmp, s, nr) < 0)
			perr(ps, name, "out of memory");
	} else
		perr(ps, n, "a syscalls entry needs 'names'");
	if ((v = ydoc_get(ps->y, n, "action")))
		parse_action(ps, v, &tmp.action);
	else
		perr(ps, n, "a syscalls entry needs 'action'");
	if ((v = ydoc_get(ps->y, n, "errnoRet")) && !is_null(v)) {
		if (tmp.action.act != PROFILE_ACT_ERRNO)
			perr(ps, v, "errnoRet is only used with SCMP_ACT_ERRNO");
		else
			get_errno(ps, v, "errnoRet", &tmp.action.errnum);
	}
	if ((v = ydoc_get(ps->y, n, "errno")) && !ydoc_str(ps->y, ps->d, v, "errno"))
		ps->ok = false;
	if ((v = ydoc_get(ps->y, n, "comment")) && !ydoc_str(ps->y, ps->d, v, "comment"))
		ps->ok = false;
	if ((v = ydoc_get(ps->y, n, "args")))
		parse_args(ps, &tmp, v);
	bool keep = true;
	if ((v = ydoc_get(ps->y, n, "includes")))
		keep &= parse_filter(ps, v, true, &tmp.caps_all);
	if ((v = ydoc_get(ps->y, n, "excludes")))
		keep &= parse_filter(ps, v, false, &tmp.caps_none);
	if (!keep || tmp.nnames == 0) { /* another arch, an older kernel, or only unknown names */
		rule_free(&tmp, false);
		return;
	}
	struct profile_rule *r = new_rule(ps, n);
	if (!r) {
		rule_free(&tmp, false);
		return;
	}
	*r = tmp;
}

static const char *const docker_top_keys[] = {
    "defaultAction", "defaultErrnoRet", "defaultErrno", "architectures",    "archMap",
    "syscalls",	     "flags",		"listenerPath", "listenerMetadata", NULL};

static void parse_docker(struct parser *ps, const yaml_node_t *root)
{
	struct ydoc *y = ps->y;
	if (!ydoc_keys_known(y, ps->d, root, "a seccomp profile", docker_top_keys))
		ps->ok = false;
	yaml_node_t *v;
	ps->p->def = (struct profile_action){PROFILE_ACT_ERRNO, EPERM};
	if ((v = ydoc_get(y, root, "defaultAction")))
		parse_action(ps, v, &ps->p->def);
	else
		perr(ps, root, "missing 'defaultAction'");
	if ((v = ydoc_get(y, root, "defaultErrnoRet")) && !is_null(v)) {
		if (ps->p->def.act != PROFILE_ACT_ERRNO)
			perr(ps, v, "defaultErrnoRet is only used with SCMP_ACT_ERRNO");
		else
			get_errno(ps, v, "defaultErrnoRet", &ps->p->def.errnum);
	}
	if ((v = ydoc_get(y, root, "defaultErrno")) && !ydoc_str(y, ps->d, v, "defaultErrno"))
		ps->ok = false;
	/* Only the native architecture is compiled: the lists are checked for shape only. */
	if ((v = ydoc_get(y, root, "architectures")))
		get_seq(ps, v, "architectures", 64);
	if ((v = ydoc_get(y, root, "archMap")))
		get_seq(ps, v, "archMap", 64);
	if ((v = ydoc_get(y, root, "flags")))
		get_seq(ps, v, "flags", 16);
	if ((v = ydoc_get(y, root, "listenerPath")) && ydoc_str(y, ps->d, v, "listenerPath") &&
	    v->data.scalar.length > 0)
		perr(ps, v, "listenerPath (user notification) is not supported");
	const yaml_node_t *calls = ydoc_get(y, root, "syscalls");
	if (!calls || !(calls = get_seq(ps, calls, "syscalls", PROFILE_RULES_MAX)))
		return;
	SEQ_EACH(calls, it)
	{
		yaml_node_t *e = ydoc_node(y, *it);
		if (!ydoc_visit(y, ps->d, e)) {
			ps->ok = false;
			return;
		}
		parse_docker_rule(ps, e);
	}
}

/* Strict JSON syntax first: libyaml alone would accept YAML extensions in a .json file. */
static int json_check(const char *file, const char *text, size_t len, struct diag *d)
{
	struct json_tokener *tok = json_tokener_new_ex(JSON_DEPTH_MAX);
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *o = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error e = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	if (!o && e == json_tokener_continue)
		e = json_tokener_error_parse_eof;
	int r = 0;
	if (o && end < len && buf_span_ws(text + end, len - end) != len - end) {
		e = json_tokener_error_parse_unexpected;
	}
	if (e != json_tokener_success || !o) {
		size_t line = 1, col = 1;
		for (size_t i = 0; i < end && i < len; i++, col++)
			if (text[i] == '\n')
				line++, col = 0;
		diag_add(d, file, line, col, "invalid JSON: %s", json_tokener_error_desc(e));
		r = -EINVAL;
	} else if (!json_object_is_type(o, json_type_object)) {
		diag_add(d, file, 1, 1, "a Docker seccomp profile must be a JSON object");
		r = -EINVAL;
	}
	json_object_put(o);
	json_tokener_free(tok);
	return r;
}

static int profile_from_ydoc(const char *file, struct ydoc *py, bool docker, struct profile **out,
			     struct diag *d);

int profile_load_text(const char *file, const char *text, size_t len, struct profile **out,
		      struct diag *d)
{
	*out = NULL;
	size_t skip = buf_span_ws(text, len);
	bool docker = skip < len && text[skip] == '{';
	if (len > YDOC_FILE_MAX) {
		diag_add(d, file, 0, 0, "file is larger than %u bytes", YDOC_FILE_MAX);
		return -EFBIG;
	}
	if (memchr(text, '\0', len)) {
		diag_add(d, file, 0, 0, "file contains a NUL byte: not a profile");
		return -EINVAL;
	}
	int r;
	if (docker && (r = json_check(file, text, len, d)) < 0)
		return r;
	struct ydoc y;
	r = ydoc_load(&y, file, text, len, d);
	if (r < 0) {
		ydoc_free(&y);
		return r;
	}
	return profile_from_ydoc(file, &y, docker, out, d);
}

/* runc's reading of a config's linux.seccomp, straight from the json-c object (the same
 * profile, acceptance and first message as printing the members runc reads and loading the text
 * as a Docker profile: tests/fuzz/fuzz-profile.c checks both ways agree; this one skips a
 * libyaml document, 1 M instructions of every gated launch). Messages are "file:1:1: ...", as
 * the printed form's nodes had no place of their own. */
struct oparser {
	const char *file;
	struct diag *d;
	struct profile *p;
	bool ok;
};

/* A JSON value as the printed text's scalar: strings quoted, numbers, booleans and null plain,
 * as json-c prints them; objects and arrays are not scalars. */
struct oscalar {
	const char *s; /* NUL-terminated (a string may hold NULs before len) */
	size_t len;
	bool scalar, plain;
	char num[24];
};

static void oscalar(json_object *o, struct oscalar *v)
{
	*v = (struct oscalar){.s = ""};
	switch (json_object_get_type(o)) {
	case json_type_object:
	case json_type_array:
		return;
	case json_type_string:
		v->s = json_object_get_string(o);
		v->len = (size_t)json_object_get_string_len(o);
		v->scalar = true;
		return;
	case json_type_int: {
		/* json-c prints an integer as its int64 or, above INT64_MAX, its uint64 value */
		int64_t i = json_object_get_int64(o);
		if (i == INT64_MAX)
			snprintf(v->num, sizeof(v->num), "%" PRIu64, json_object_get_uint64(o));
		else
			snprintf(v->num, sizeof(v->num), "%" PRId64, i);
		v->s = v->num;
		break;
	}
	default: {
		const char *t = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
		v->s = t ? t : "";
		break;
	}
	}
	v->len = strlen(v->s);
	v->scalar = v->plain = true;
}

static void operr(struct oparser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void operr(struct oparser *ps, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(ps->d, ps->file, 1, 1, "%s", msg);
	ps->ok = false;
}

/* ydoc_str's checks: a scalar, at most YDOC_STR_MAX bytes, no NUL. Adds the message only. */
/* v: the scalar's storage (a number's text lives there) */
static const char *ostr(struct oparser *ps, json_object *o, const char *what, struct oscalar *sv)
{
	oscalar(o, sv);
	struct oscalar v = *sv;
	if (!v.scalar)
		diag_add(ps->d, ps->file, 1, 1, "%s must be a string", what);
	else if (v.len > YDOC_STR_MAX)
		diag_add(ps->d, ps->file, 1, 1, "%s is longer than %d bytes", what, YDOC_STR_MAX);
	else if (strlen(v.s) != v.len)
		diag_add(ps->d, ps->file, 1, 1, "%s contains a NUL character", what);
	else
		return sv->s;
	return NULL;
}

static bool onull(json_object *o)
{
	return !o || json_object_is_type(o, json_type_null);
}

static bool oget_u64(struct oparser *ps, json_object *o, const char *what, uint64_t *out)
{
	struct oscalar v;
	oscalar(o, &v);
	if (v.plain) {
		char *end;
		errno = 0;
		unsigned long long x = strtoull(v.s, &end, 0);
		if (isdigit((unsigned char)v.s[0]) && *end == '\0' && !errno) {
			*out = x;
			return true;
		}
	}
	operr(ps, "%s must be an unsigned integer (decimal or 0x hexadecimal)", what);
	return false;
}

static bool oget_errno(struct oparser *ps, json_object *o, const char *what, int *out)
{
	struct oscalar v;
	oscalar(o, &v);
	int e = profile_errno_from_name(v.scalar ? v.s : NULL);
	if (e < 1) {
		operr(ps, "%s must be an errno name (EPERM) or a number from 1 to %d", what,
		      PROFILE_ERRNO_MAX);
		return false;
	}
	*out = e;
	return true;
}

/* A list (null: none, no error); NULL with an error otherwise. */
static json_object *oget_seq(struct oparser *ps, json_object *o, const char *what, size_t max)
{
	if (onull(o))
		return NULL;
	if (!json_object_is_type(o, json_type_array)) {
		operr(ps, "%s must be a list", what);
		return NULL;
	}
	if (json_object_array_length(o) > max) {
		operr(ps, "%s has more than %zu items", what, max);
		return NULL;
	}
	return o;
}

/* A member of an object (NULL when o is not an object: runc's view of a non-object is empty). */
static bool omember(json_object *o, const char *key, json_object **v)
{
	*v = NULL;
	return json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, v);
}

static bool oparse_action(struct oparser *ps, json_object *o, struct profile_action *a)
{
	struct oscalar sv;
	const char *s = ostr(ps, o, "action", &sv);
	if (!s) {
		ps->ok = false;
		return false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (strcmp(s, actions[i].docker) == 0) {
			a->act = actions[i].act;
			a->errnum = EPERM;
			return true;
		}
	operr(ps,
	      "unsupported action '%s' (expected: SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL, "
	      "SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_LOG)",
	      s);
	return false;
}

static void oparse_names(struct oparser *ps, struct profile_rule *r, json_object *o)
{
	json_object *s = oget_seq(ps, o, "names", PROFILE_NAMES_MAX);
	uint64_t seen[512 / 64] = {0}; /* numbers below 512 in the rule: most need no scan */
	for (size_t i = 0; s && i < json_object_array_length(s); i++) {
		struct oscalar sv;
		const char *name = ostr(ps, json_object_array_get_idx(s, i), "syscall name", &sv);
		if (!name) {
			ps->ok = false;
			continue;
		}
		bool newer;
		int nr = resolve_name(name, &newer);
		if (nr == __NR_SCMP_ERROR) {
			diag_add(ps->d, ps->file, 1, 1,
				 "warning: unknown syscall '%s' on this architecture: skipped",
				 name);
			continue;
		}
		bool twice = false, low = nr >= 0 && nr < 512;
		if (!low || seen[nr / 64] & (UINT64_C(1) << (nr % 64)))
			for (size_t k = 0; k < r->nnames && !twice; k++)
				twice = r->nrs[k] == nr && strcmp(r->names[k], name) == 0;
		if (low)
			seen[nr / 64] |= UINT64_C(1) << (nr % 64);
		if (twice)
			operr(ps, "syscall '%s' listed twice in one rule", name);
		else if (add_name(r, name, nr) < 0)
			operr(ps, "out of memory");
		else if (newer)
			r->newer_names = true;
	}
}

static void oparse_arg(struct oparser *ps, struct profile_arg *a, json_object *o)
{
	json_object *v;
	uint64_t x = 0;
	if (!omember(o, "index", &v))
		operr(ps, "an argument condition needs 'index'");
	else if (oget_u64(ps, v, "index", &x) && x > 5)
		operr(ps, "index must be from 0 to 5");
	a->index = (unsigned)x;
	if (!omember(o, "op", &v)) {
		operr(ps, "an argument condition needs 'op'");
	} else {
		struct oscalar sv;
		const char *s = ostr(ps, v, "op", &sv);
		size_t i = 0;
		for (; s && i < ARRAY_SIZE(ops); i++)
			if (strcmp(s, ops[i].docker) == 0)
				break;
		if (!s || i == ARRAY_SIZE(ops))
			operr(ps,
			      "unknown op '%s' (expected: SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, "
			      "SCMP_CMP_LE, SCMP_CMP_GT, SCMP_CMP_GE, SCMP_CMP_MASKED_EQ)",
			      s ? s : "?");
		else
			a->op = ops[i].op;
	}
	bool masked = a->op == PROFILE_OP_MASKED_EQ;
	json_object *val, *two;
	bool has_val = omember(o, "value", &val), has_two = omember(o, "valueTwo", &two);
	if (!has_val)
		operr(ps, "an argument condition needs 'value'");
	else
		/* Docker's masked_eq: value is the mask, valueTwo the masked value. */
		oget_u64(ps, val, "value", masked ? &a->mask : &a->value);
	if (has_two && !oget_u64(ps, two, "valueTwo", masked ? &a->value : &x))
		return;
	if (has_two && !masked && x != 0)
		operr(ps, "valueTwo is only used with SCMP_CMP_MASKED_EQ");
}

static void oparse_rule(struct oparser *ps, json_object *o)
{
	struct profile_rule tmp = {.line = 1, .column = 1};
	json_object *v;
	if (omember(o, "names", &v))
		oparse_names(ps, &tmp, v);
	else
		operr(ps, "a syscalls entry needs 'names'");
	if (omember(o, "action", &v))
		oparse_action(ps, v, &tmp.action);
	else
		operr(ps, "a syscalls entry needs 'action'");
	if (omember(o, "errnoRet", &v) && !onull(v)) {
		if (tmp.action.act != PROFILE_ACT_ERRNO)
			operr(ps, "errnoRet is only used with SCMP_ACT_ERRNO");
		else
			oget_errno(ps, v, "errnoRet", &tmp.action.errnum);
	}
	json_object *args;
	if (omember(o, "args", &v) && (args = oget_seq(ps, v, "args", PROFILE_ARGS_MAX)))
		for (size_t i = 0; i < json_object_array_length(args); i++)
			oparse_arg(ps, &tmp.args[tmp.nargs++], json_object_array_get_idx(args, i));
	if (tmp.nnames == 0) { /* only unknown names */
		rule_free(&tmp, false);
		return;
	}
	struct profile *p = ps->p;
	if (p->nrules % 32 == 0) {
		struct profile_rule *nr = realloc(p->rules, (p->nrules + 32) * sizeof(*nr));
		if (!nr) {
			operr(ps, "out of memory");
			rule_free(&tmp, false);
			return;
		}
		p->rules = nr;
	}
	p->rules[p->nrules++] = tmp;
}

/* libyaml's test of a scalar (yaml_check_utf8): well-formed UTF-8, no overlong form. */
static bool yaml_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned char c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		unsigned width = (c & 0xe0) == 0xc0   ? 2
				 : (c & 0xf0) == 0xe0 ? 3
				 : (c & 0xf8) == 0xf0 ? 4
						      : 0;
		unsigned value = width == 2 ? c & 0x1f : width == 3 ? c & 0x0f : c & 0x07;
		if (!width || (size_t)(end - p) < width)
			return false;
		for (unsigned k = 1; k < width; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return false;
			value = (value << 6) + (p[k] & 0x3f);
		}
		if ((width == 2 && value < 0x80) || (width == 3 && value < 0x800) ||
		    (width == 4 && value < 0x10000))
			return false;
		p += width;
	}
	return true;
}

#define OCI_SECCOMP_DEPTH 64 /* as the printed form's reader (lib/ydoc.c) */

/* What the printed form's reader refused before any member was looked at: a string or key that
 * is not UTF-8, or nesting deeper than OCI_SECCOMP_DEPTH. */
static bool oreadable(json_object *o, int depth)
{
	if (depth > OCI_SECCOMP_DEPTH)
		return false;
	switch (json_object_get_type(o)) {
	case json_type_object: {
		json_object_object_foreach(o, k, v)
		{
			if (!yaml_utf8(k, strlen(k)) || !oreadable(v, depth + 1))
				return false;
		}
		return true;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			if (!oreadable(json_object_array_get_idx(o, i), depth + 1))
				return false;
		return true;
	case json_type_string:
		return yaml_utf8(json_object_get_string(o), (size_t)json_object_get_string_len(o));
	default:
		return true;
	}
}

static const char *const oci_seccomp_keys[] = {
    "defaultAction", "defaultErrnoRet",	 "architectures", "flags",
    "listenerPath",  "listenerMetadata", "syscalls",	  NULL};
static const char *const oci_syscall_keys[] = {"names", "action", "errnoRet", "args", NULL};
static const char *const oci_arg_keys[] = {"index", "value", "valueTwo", "op", NULL};

static bool okey_in(const char *const *keys, const char *k)
{
	for (; *keys; keys++)
		if (strcmp(*keys, k) == 0)
			return true;
	return false;
}

/* The members runc reads at one level of linux.seccomp, and the list whose items are objects of
 * the next level (syscalls, then each rule's args). */
struct olevel {
	const char *const *keys;
	const char *list;
	const struct olevel *items;
};
static const struct olevel oarg_level = {oci_arg_keys, NULL, NULL};
static const struct olevel orule_level = {oci_syscall_keys, "args", &oarg_level};
static const struct olevel otop_level = {oci_seccomp_keys, "syscalls", &orule_level};

/* Every member runc reads of o (at depth; a non-object is read as an empty one), at every
 * level, is readable (oreadable). */
static bool members_readable(json_object *o, const struct olevel *l, int depth)
{
	if (!json_object_is_type(o, json_type_object))
		return true;
	json_object_object_foreach(o, k, v)
	{
		if (!okey_in(l->keys, k))
			continue;
		if (l->list && strcmp(k, l->list) == 0 && json_object_is_type(v, json_type_array)) {
			for (size_t i = 0; i < json_object_array_length(v); i++)
				if (!members_readable(json_object_array_get_idx(v, i), l->items,
						      depth + 2))
					return false;
		} else if (!oreadable(v, depth + 1)) {
			return false;
		}
	}
	return true;
}

int profile_load_oci(const char *file, json_object *sec, struct profile **out, struct diag *d)
{
	*out = NULL;
	if (!members_readable(sec, &otop_level, 0)) {
		diag_add(d, file, 1, 1, "cannot be read (out of memory, or nested deeper than %d)",
			 OCI_SECCOMP_DEPTH);
		return -EINVAL;
	}
	__attribute__((cleanup(profile_freep))) struct profile *p = calloc(1, sizeof(*p));
	if (!p || !(p->file = strdup(file)))
		return -ENOMEM;
	p->format = PROFILE_FORMAT_DOCKER;
	p->def = (struct profile_action){PROFILE_ACT_ERRNO, EPERM};
	struct oparser ps = {.file = file, .d = d, .p = p, .ok = true};
	json_object *v;
	if (omember(sec, "defaultAction", &v))
		oparse_action(&ps, v, &p->def);
	else
		operr(&ps, "missing 'defaultAction'");
	if (omember(sec, "defaultErrnoRet", &v) && !onull(v)) {
		if (p->def.act != PROFILE_ACT_ERRNO)
			operr(&ps, "defaultErrnoRet is only used with SCMP_ACT_ERRNO");
		else
			oget_errno(&ps, v, "defaultErrnoRet", &p->def.errnum);
	}
	/* Only the native architecture is compiled: the lists are checked for shape only. */
	if (omember(sec, "architectures", &v))
		oget_seq(&ps, v, "architectures", 64);
	if (omember(sec, "flags", &v))
		oget_seq(&ps, v, "flags", 16);
	const char *lp;
	struct oscalar sv;
	if (omember(sec, "listenerPath", &v) && (lp = ostr(&ps, v, "listenerPath", &sv)) && *lp)
		operr(&ps, "listenerPath (user notification) is not supported");
	json_object *calls;
	if (omember(sec, "syscalls", &v) &&
	    (calls = oget_seq(&ps, v, "syscalls", PROFILE_RULES_MAX)))
		for (size_t i = 0; i < json_object_array_length(calls); i++)
			oparse_rule(&ps, json_object_array_get_idx(calls, i));
	if (!ps.ok)
		return -EINVAL;
	*out = TAKE_PTR(p);
	return 0;
}

/* The profile of a loaded document (freed here). */
static int profile_from_ydoc(const char *file, struct ydoc *py, bool docker, struct profile **out,
			     struct diag *d)
{
	struct ydoc y = *py;
	__attribute__((cleanup(profile_freep))) struct profile *p = calloc(1, sizeof(*p));
	if (!p || !(p->file = strdup(file))) {
		ydoc_free(&y);
		return -ENOMEM;
	}
	p->format = docker ? PROFILE_FORMAT_DOCKER : PROFILE_FORMAT_YAML;
	struct parser ps = {.y = &y, .d = d, .p = p, .ok = true, .docker = docker};
	yaml_node_t *root = ydoc_root(&y);
	if (root->type != YAML_MAPPING_NODE)
		perr(&ps, root, "a seccomp profile must be a mapping");
	else if (docker)
		parse_docker(&ps, root);
	else
		parse_yaml(&ps, root);
	ydoc_free(&y);
	if (!ps.ok)
		return -EINVAL;
	*out = TAKE_PTR(p);
	return 0;
}

/* A heap copy of a precompiled profile (the caller owns it, as a loaded one); the rules' names
 * and numbers stay the table's (shared_names): copying 300 names was a tenth of a launch's
 * instructions. */
static int profile_copy(const struct profile *src, struct profile **out)
{
	__attribute__((cleanup(profile_freep))) struct profile *p = calloc(1, sizeof(*p));
	if (!p || !(p->file = strdup(src->file)) ||
	    !(p->rules = calloc(src->nrules ? src->nrules : 1, sizeof(*p->rules))))
		return -ENOMEM;
	p->format = src->format;
	p->def = src->def;
	p->shared_names = true;
	memcpy(p->rules, src->rules, src->nrules * sizeof(*p->rules));
	p->nrules = src->nrules;
	*out = TAKE_PTR(p);
	return 0;
}

/* The built-in profile name as rules/seccomp-gen loaded it, when the names were resolved by
 * this libseccomp version: 0, or -ENOENT (parse the YAML), -ENOMEM. */
static int profile_precompiled(const char *file, struct profile **out)
{
	size_t n = 0;
	unsigned ver = 0;
	const struct profile *t =
	    profile_precompiled_table ? profile_precompiled_table(&n, &ver) : NULL;
	const struct scmp_version *v = seccomp_version();
	if (!t || !v || ver != v->major * 10000 + v->minor * 100 + v->micro)
		return -ENOENT;
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].file, file) == 0)
			return profile_copy(&t[i], out);
	return -ENOENT;
}

int profile_load(const char *name_or_path, struct profile **out, struct diag *d)
{
	*out = NULL;
	if (!strchr(name_or_path, '/')) {
		size_t n;
		const struct builtin_pack *b = builtin_profiles(&n);
		for (size_t i = 0; i < n; i++)
			if (strcmp(b[i].name, name_or_path) == 0) {
				char file[256];
				snprintf(file, sizeof(file), "builtin:%s", b[i].name);
				int r = profile_precompiled(file, out);
				return r != -ENOENT
					   ? r
					   : profile_load_text(file, b[i].text, b[i].len, out, d);
			}
	}
	_cleanup_buf_ struct buf b = BUF_INIT;
	struct error err = {0};
	int r = fileio_read_user(name_or_path, YDOC_FILE_MAX, &b, &err);
	if (r == -EFBIG)
		diag_add(d, name_or_path, 0, 0, "file is larger than %u bytes", YDOC_FILE_MAX);
	else if (r == -EINVAL || r == -EISDIR)
		diag_add(d, name_or_path, 0, 0, "%s", err.msg);
	else if (r < 0)
		diag_add(d, name_or_path, 0, 0, "cannot read: %s", strerror(-r));
	if (r < 0)
		return r;
	return profile_load_text(name_or_path, b.data ? b.data : "", b.len, out, d);
}

struct profile_action profile_action_effective(struct profile_action a, enum seccomp_mode mode)
{
	if (mode == SECCOMP_MODE_LOG && a.act != PROFILE_ACT_ALLOW)
		return (struct profile_action){PROFILE_ACT_LOG, 0};
	return a;
}
