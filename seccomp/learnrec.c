/* The record of a learning run (ctguard run --learn): each syscall seen, how often and by which
 * executables, and the ctguard YAML profile written from it. */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp/learnrec.h"
#include "lib/cleanup.h"

#define LEARN_NR_MAX	    1024 /* native numbers recorded one by one; others: counted only */
#define LEARN_PROGS_MAX	    4096 /* distinct callers remembered; more are counted as one */
#define LEARN_OTHER_MAX	    256	 /* distinct (arch, nr) calls through another ABI */
#define LEARN_COMMENT_PROGS 6	 /* callers named in one comment */
#define X32_SYSCALL_BIT	    0x40000000U

/* Always in the profile, seen or not: ending a process or thread and returning from a signal
 * handler must never fail (a refused rt_sigreturn returns into garbage). */
static const struct {
	const char *name, *why;
} always[] = {
    {"exit", "always allowed (not recorded): ending a thread"},
    {"exit_group", "always allowed (not recorded): ending a process"},
    {"restart_syscall", "always allowed: resuming a call a signal interrupted"},
    {"rt_sigreturn", "always allowed: returning from a signal handler"},
};

struct sysrec {
	uint64_t count;
	uint32_t *progs;
	size_t nprogs, cap;
};

struct other_rec {
	uint32_t arch;
	int nr;
	uint64_t count;
	uint32_t prog;
};

struct learnrec {
	struct sysrec native[LEARN_NR_MAX];
	uint64_t beyond; /* native numbers outside 0..LEARN_NR_MAX-1 */
	struct other_rec other[LEARN_OTHER_MAX];
	size_t nother;
	uint64_t other_dropped;
	struct strv progs; /* caller labels, index = prog id */
	uint32_t overflow; /* prog id standing for callers past LEARN_PROGS_MAX */
};

struct learnrec *learnrec_new(void)
{
	struct learnrec *r = calloc(1, sizeof(*r));
	if (r)
		r->overflow = LEARNREC_PROG_NONE;
	return r;
}

uint32_t learnrec_prog(struct learnrec *rec, const char *label)
{
	for (size_t i = 0; i < rec->progs.n; i++)
		if (strcmp(rec->progs.v[i], label) == 0)
			return (uint32_t)i;
	if (rec->progs.n < LEARN_PROGS_MAX && strv_push(&rec->progs, label) == 0)
		return (uint32_t)(rec->progs.n - 1);
	if (rec->overflow == LEARNREC_PROG_NONE && strv_push(&rec->progs, "(other programs)") == 0)
		rec->overflow = (uint32_t)(rec->progs.n - 1);
	return rec->overflow;
}

static void add_prog(struct sysrec *sr, uint32_t prog)
{
	if (prog == LEARNREC_PROG_NONE)
		return;
	for (size_t i = 0; i < sr->nprogs; i++)
		if (sr->progs[i] == prog)
			return;
	if (sr->nprogs == sr->cap) {
		size_t cap = sr->cap ? sr->cap * 2 : 4;
		uint32_t *p = realloc(sr->progs, cap * sizeof(*p));
		if (!p)
			return; /* the call is still counted; only its caller is not named */
		sr->progs = p;
		sr->cap = cap;
	}
	sr->progs[sr->nprogs++] = prog;
}

void learnrec_other(struct learnrec *rec, uint32_t arch, int nr, uint32_t prog)
{
	for (size_t i = 0; i < rec->nother; i++)
		if (rec->other[i].arch == arch && rec->other[i].nr == nr) {
			rec->other[i].count++;
			return;
		}
	if (rec->nother == LEARN_OTHER_MAX) {
		rec->other_dropped++;
		return;
	}
	rec->other[rec->nother++] = (struct other_rec){arch, nr, 1, prog};
}

void learnrec_native(struct learnrec *rec, int nr, uint32_t prog)
{
	if (nr < 0 || nr >= LEARN_NR_MAX) {
		rec->beyond++;
		return;
	}
	rec->native[nr].count++;
	add_prog(&rec->native[nr], prog);
}

void learnrec_free(struct learnrec *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < LEARN_NR_MAX; i++)
		free(r->native[i].progs);
	strv_free(&r->progs);
	free(r);
}

/* Comment text: printable ASCII only, so that nothing read from /proc or the command line can
 * end the comment (YAML also breaks lines at NEL, LS and PS) or disturb a terminal. */
static void put_char(struct buf *b, unsigned char c)
{
	if (c == '\\')
		buf_puts(b, "\\\\");
	else if (c >= 0x20 && c < 0x7f)
		buf_putc(b, (char)c);
	else
		buf_printf(b, "\\x%02x", c);
}

static void put_text(struct buf *b, const char *s, size_t max)
{
	size_t n = 0;
	for (; *s && n < max; s++, n++)
		put_char(b, (unsigned char)*s);
	if (*s)
		buf_puts(b, "...");
}

/* As a shell would read it: words of safe characters bare, others in single quotes. */
static void put_command(struct buf *b, char *const *argv)
{
	size_t total = 0;
	for (size_t i = 0; argv && argv[i]; i++) {
		const char *a = argv[i];
		bool plain = *a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					     "0123456789_./=:,+-") == strlen(a);
		if (total > 400) {
			buf_puts(b, " ...");
			return;
		}
		buf_puts(b, i ? " " : "");
		buf_puts(b, plain ? "" : "'");
		size_t n = 0;
		for (const char *c = a; *c && n < 400; c++, n++)
			if (*c == '\'')
				buf_puts(b, "'\\''");
			else
				put_char(b, (unsigned char)*c);
		buf_puts(b, strlen(a) > 400 ? "..." : "");
		buf_puts(b, plain ? "" : "'");
		total += strlen(a) + 3;
	}
}

enum verdict { V_ALLOW, V_SOME_ARGS, V_REFUSE };

/* What the policy's own profile does with syscall nr for a process keeping caps; the first
 * unconditional rule wins, as libseccomp keeps it. */
static enum verdict policy_verdict(const struct profile *p, uint64_t caps, int nr)
{
	bool allow_some = false, refuse_some = false;
	bool def_allows = p->def.act == PROFILE_ACT_ALLOW || p->def.act == PROFILE_ACT_LOG;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (!profile_rule_applies(r, caps))
			continue;
		bool allows =
		    r->action.act == PROFILE_ACT_ALLOW || r->action.act == PROFILE_ACT_LOG;
		for (size_t k = 0; k < r->nnames; k++) {
			if (r->nrs[k] != nr)
				continue;
			if (!r->nargs)
				return allows ? V_ALLOW : V_REFUSE;
			if (allows)
				allow_some = true;
			else
				refuse_some = true;
		}
	}
	if (def_allows)
		return refuse_some ? V_SOME_ARGS : V_ALLOW;
	return allow_some ? V_SOME_ARGS : V_REFUSE;
}

struct entry {
	char *name;
	int nr;		 /* -1: in the profile without being seen */
	const char *why; /* with nr -1 */
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void put_callers(struct buf *b, const struct learnrec *r, const struct sysrec *sr)
{
	for (size_t i = 0; i < sr->nprogs && i < LEARN_COMMENT_PROGS; i++) {
		buf_puts(b, i ? ", " : "");
		put_text(b, r->progs.v[sr->progs[i]], 200);
	}
	if (sr->nprogs > LEARN_COMMENT_PROGS)
		buf_printf(b, " (+%zu more)", sr->nprogs - LEARN_COMMENT_PROGS);
}

static const char *abi_name(uint32_t arch, int nr)
{
	if (arch == AUDIT_ARCH_I386)
		return "i386";
	if (arch == AUDIT_ARCH_X86_64 && (nr & X32_SYSCALL_BIT))
		return "x32";
	if (arch == AUDIT_ARCH_ARM)
		return "arm";
	return "another ABI";
}

static void put_other(struct buf *b, const struct learnrec *r, struct strv *other_abi)
{
	if (!r->nother)
		return;
	buf_puts(b, "# Calls through another ABI, refused with ENOSYS while learning (the compiled "
		    "profile\n# covers the native one only and kills the process on any other):\n");
	for (size_t i = 0; i < r->nother; i++) {
		const struct other_rec *o = &r->other[i];
		bool x32 = o->arch == AUDIT_ARCH_X86_64 && (o->nr & X32_SYSCALL_BIT);
		_cleanup_free_ char *name =
		    seccomp_syscall_resolve_num_arch(x32 ? SCMP_ARCH_X32 : o->arch, o->nr);
		_cleanup_buf_ struct buf line = BUF_INIT;
		if (name)
			buf_printf(&line, "%s %s (%d)", abi_name(o->arch, o->nr), name,
				   o->nr & ~(int)X32_SYSCALL_BIT);
		else
			buf_printf(&line, "%s number 0x%x", abi_name(o->arch, o->nr),
				   (unsigned)o->nr);
		buf_printf(&line, ", %llu call%s, by ", (unsigned long long)o->count,
			   o->count == 1 ? "" : "s");
		put_text(&line, o->prog == LEARNREC_PROG_NONE ? "?" : r->progs.v[o->prog], 200);
		buf_printf(b, "#   %s\n", line.data);
		if (other_abi)
			strv_push(other_abi, line.data);
	}
	if (r->other_dropped)
		buf_printf(b, "#   and %llu more calls\n", (unsigned long long)r->other_dropped);
}

static void put_unnamed(struct buf *b, const struct learnrec *r)
{
	bool any = false;
	for (int nr = 0; nr < LEARN_NR_MAX; nr++) {
		if (!r->native[nr].count)
			continue;
		_cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		if (name)
			continue;
		if (!any)
			buf_puts(
			    b, "# Syscalls libseccomp has no name for (not allowed: numbered above "
			       "every name\n# here, they answer ENOSYS, and glibc falls back):\n");
		any = true;
		buf_printf(b, "#   %d by ", nr);
		put_callers(b, r, &r->native[nr]);
		buf_putc(b, '\n');
	}
	if (r->beyond)
		buf_printf(b,
			   "# Calls numbered outside 0..%d (no syscall has such a number): %llu\n",
			   LEARN_NR_MAX - 1, (unsigned long long)r->beyond);
}

static int collect(const struct learnrec *r, struct entry **out, size_t *n)
{
	struct entry *e = calloc(LEARN_NR_MAX + ARRAY_SIZE(always), sizeof(*e));
	if (!e)
		return -ENOMEM;
	size_t k = 0;
	for (int nr = 0; nr < LEARN_NR_MAX; nr++) {
		if (!r->native[nr].count)
			continue;
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		if (name)
			e[k++] = (struct entry){name, nr, NULL};
	}
	for (size_t i = 0; i < ARRAY_SIZE(always); i++) {
		int nr = seccomp_syscall_resolve_name(always[i].name);
		if (nr >= 0 && nr < LEARN_NR_MAX && r->native[nr].count)
			continue;
		e[k].why = always[i].why;
		if (!(e[k].name = strdup(always[i].name))) {
			for (size_t j = 0; j < k; j++)
				free(e[j].name);
			free(e);
			return -ENOMEM;
		}
		e[k++].nr = -1;
	}
	qsort(e, k, sizeof(*e), entry_cmp);
	*out = e;
	*n = k;
	return 0;
}

static void put_header(struct buf *b, const struct learnrec *r, const struct learnrec_header *h)
{
	size_t nsys, nprogs;
	uint64_t calls;
	learnrec_counts(r, &nsys, &calls, &nprogs);
	buf_puts(b, "# Seccomp profile learned by `ctguard run --learn` (man ctguard-seccomp.5).\n"
		    "# command: ");
	put_command(b, h->argv);
	buf_puts(b, "\n# policy: ");
	put_text(b, h->policy ? h->policy : "restricted", 300);
	if (h->replaced) {
		buf_puts(b, "; the learning filter replaced its seccomp profile '");
		put_text(b, h->replaced, 300);
		buf_puts(b, "'\n#   while the command ran");
		if (h->profile)
			buf_puts(b, ": what that profile would refuse is marked below");
	}
	buf_printf(
	    b,
	    ".\n# %llu calls of %zu syscalls by %zu programs. After each name, the programs "
	    "that\n# called it; \"ctguard (launcher)\" is ctguard itself between loading the "
	    "filter and\n# executing the command. It allows what this run did and nothing "
	    "more: review it.\n",
	    (unsigned long long)calls, nsys, nprogs);
}

int learnrec_yaml(const struct learnrec *r, const struct learnrec_header *h, struct buf *b,
		  struct strv *refused, struct strv *other_abi)
{
	struct entry *e = NULL;
	size_t n = 0;
	if (collect(r, &e, &n) < 0)
		return -ENOMEM;
	put_header(b, r, h);
	put_unnamed(b, r);
	put_other(b, r, other_abi);
	buf_puts(b, "version: 1\n"
		    "description: \"learned by ctguard run --learn\"\n"
		    "default_action: errno\n"
		    "default_errno: EPERM\n"
		    "rules:\n"
		    "  - comment: \"what the command and its children called\"\n"
		    "    action: allow\n"
		    "    names:\n");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "      - %-22s #", e[i].name);
		if (e[i].nr < 0) {
			buf_printf(b, " %s\n", e[i].why);
			free(e[i].name);
			continue;
		}
		buf_putc(b, ' ');
		put_callers(b, r, &r->native[e[i].nr]);
		enum verdict v =
		    h->profile ? policy_verdict(h->profile, h->caps_keep, e[i].nr) : V_ALLOW;
		if (v == V_REFUSE)
			buf_puts(b, " [refused by the policy's profile]");
		else if (v == V_SOME_ARGS)
			buf_puts(b, " [the policy's profile allows some arguments only]");
		if (v == V_REFUSE && refused)
			strv_push(refused, e[i].name);
		buf_putc(b, '\n');
		free(e[i].name);
	}
	free(e);
	return b->data ? 0 : -ENOMEM;
}

void learnrec_counts(const struct learnrec *r, size_t *syscalls, uint64_t *calls, size_t *programs)
{
	size_t k = 0;
	uint64_t c = r->beyond + r->other_dropped;
	for (int nr = 0; nr < LEARN_NR_MAX; nr++) {
		k += r->native[nr].count > 0;
		c += r->native[nr].count;
	}
	for (size_t i = 0; i < r->nother; i++)
		c += r->other[i].count;
	*syscalls = k;
	*calls = c;
	*programs = r->progs.n;
}
