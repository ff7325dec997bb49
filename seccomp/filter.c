/* Compiles a seccomp profile into a BPF program with libseccomp, and loads it.
 *
 * libseccomp takes one comparison per argument in a rule (-EINVAL otherwise), and for one
 * syscall an unconditional rule silently swallows conditional rules of other actions. So this
 * file turns the conditions of a rule on each argument into a set of values (intervals, or one
 * masked comparison), emits their union as several rules of the same action (exact), and
 * refuses profiles whose rules for one syscall libseccomp would merge lossily. */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seccomp/filter.h"
#include "lib/cleanup.h"

/* Newer-syscall ENOSYS rules go up to this number. Each is a libseccomp rule and compiling 570 of
 * them cost ~20 ms per launch; the native syscall table has fewer than 512 entries on every
 * architecture ctguard builds for (x86_64 numbers past 511 are x32 ones, which the bad-arch
 * action kills), so nothing real lies beyond. */
#define FILTER_NR_MAX	 511
#define FILTER_ALTS_MAX	 130  /* single comparisons for one argument of one rule */
#define FILTER_COMBO_MAX 1024 /* libseccomp rules from one profile rule and one name */
#define FILTER_BPF_MAX	 4096 /* BPF_MAXINSNS */

struct filter {
	scmp_filter_ctx ctx;
	struct sock_filter *insns; /* precomputed: loading must not allocate */
	struct sock_fprog prog;
};

struct interval {
	uint64_t lo, hi;
};

/* The values one argument may take under all of a rule's conditions on it: either a union of
 * intervals, or (masked) one masked comparison. */
struct argset {
	struct interval iv[8];
	size_t niv;
	bool masked;
	uint64_t mask, value;
};

static uint32_t scmp_action(struct profile_action a)
{
	switch (a.act) {
	case PROFILE_ACT_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case PROFILE_ACT_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case PROFILE_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case PROFILE_ACT_ERRNO:
		return SCMP_ACT_ERRNO((uint16_t)a.errnum);
	case PROFILE_ACT_LOG:
		return SCMP_ACT_LOG;
	case PROFILE_ACT_ALLOW:
		break;
	}
	return SCMP_ACT_ALLOW;
}

/* In log mode every refusal becomes log-and-allow, so a run shows all a profile would refuse. */
/* Intersects s with the values satisfying c. Returns false when they cannot be combined. */
static bool argset_add(struct argset *s, const struct profile_arg *c)
{
	if (c->op == PROFILE_OP_MASKED_EQ) {
		if (s->niv != 1 || s->iv[0].lo != 0 || s->iv[0].hi != UINT64_MAX)
			return s->niv == 0; /* already empty: stays empty */
		uint64_t v = c->value;
		bool sat = !(v & ~c->mask) && (!s->masked || (v & s->mask) == (s->value & c->mask));
		if (!sat) {
			s->niv = 0;
			s->masked = false;
			return true;
		}
		s->value = s->masked ? (s->value | v) : v;
		s->mask = s->masked ? (s->mask | c->mask) : c->mask;
		s->masked = true;
		return true;
	}
	if (s->masked)
		return false;
	struct interval want[2];
	size_t nw = 1;
	uint64_t v = c->value;
	want[0] = (struct interval){0, UINT64_MAX};
	switch (c->op) {
	case PROFILE_OP_EQ:
		want[0] = (struct interval){v, v};
		break;
	case PROFILE_OP_NE:
		nw = 0;
		if (v > 0)
			want[nw++] = (struct interval){0, v - 1};
		if (v < UINT64_MAX)
			want[nw++] = (struct interval){v + 1, UINT64_MAX};
		break;
	case PROFILE_OP_LT:
		if (v == 0)
			nw = 0;
		else
			want[0].hi = v - 1;
		break;
	case PROFILE_OP_LE:
		want[0].hi = v;
		break;
	case PROFILE_OP_GT:
		if (v == UINT64_MAX)
			nw = 0;
		else
			want[0].lo = v + 1;
		break;
	case PROFILE_OP_GE:
		want[0].lo = v;
		break;
	case PROFILE_OP_MASKED_EQ:
		break;
	}
	struct interval out[ARRAY_SIZE(s->iv)];
	size_t n = 0;
	for (size_t i = 0; i < s->niv; i++)
		for (size_t j = 0; j < nw; j++) {
			uint64_t lo = s->iv[i].lo > want[j].lo ? s->iv[i].lo : want[j].lo;
			uint64_t hi = s->iv[i].hi < want[j].hi ? s->iv[i].hi : want[j].hi;
			if (lo > hi)
				continue;
			if (n == ARRAY_SIZE(out))
				return false;
			out[n++] = (struct interval){lo, hi};
		}
	memcpy(s->iv, out, n * sizeof(out[0]));
	s->niv = n;
	return true;
}

/* The set as single comparisons whose union is exact. *full: no comparison needed. */
static int argset_alts(const struct argset *s, unsigned index, struct scmp_arg_cmp *alts,
		       size_t *nalts, bool *full)
{
	*nalts = 0;
	*full = false;
	if (s->masked) {
		alts[(*nalts)++] = SCMP_CMP(index, SCMP_CMP_MASKED_EQ, s->mask, s->value);
		return 0;
	}
	for (size_t i = 0; i < s->niv; i++) {
		uint64_t lo = s->iv[i].lo, hi = s->iv[i].hi;
		if (lo == 0 && hi == UINT64_MAX) {
			*full = true;
			return 0;
		}
		if (*nalts + 1 > FILTER_ALTS_MAX)
			return -E2BIG;
		if (lo == hi)
			alts[(*nalts)++] = SCMP_CMP(index, SCMP_CMP_EQ, lo);
		else if (lo == 0)
			alts[(*nalts)++] = SCMP_CMP(index, SCMP_CMP_LE, hi);
		else if (hi == UINT64_MAX)
			alts[(*nalts)++] = SCMP_CMP(index, SCMP_CMP_GE, lo);
		else {
			/* A bounded range as aligned power-of-two blocks, each a masked_eq. */
			while (lo <= hi) {
				uint64_t size = lo ? (lo & -lo) : (UINT64_C(1) << 63);
				while (size > 1 && lo + (size - 1) > hi)
					size >>= 1;
				if (*nalts == FILTER_ALTS_MAX)
					return -E2BIG;
				alts[(*nalts)++] =
				    SCMP_CMP(index, SCMP_CMP_MASKED_EQ, ~(size - 1), lo);
				if (lo + (size - 1) == UINT64_MAX)
					break;
				lo += size;
			}
		}
	}
	return 0;
}

struct expanded {
	struct scmp_arg_cmp alts[6][FILTER_ALTS_MAX];
	size_t nalts[6];
	bool used[6];
	bool never; /* the conditions cannot all hold */
};

static int expand(const struct profile *p, const struct profile_rule *r, struct expanded *e,
		  struct error *err)
{
	struct argset sets[6];
	memset(e->used, 0, sizeof(e->used));
	e->never = false;
	for (size_t i = 0; i < 6; i++)
		sets[i] = (struct argset){.iv = {{0, UINT64_MAX}}, .niv = 1};
	for (size_t i = 0; i < r->nargs; i++)
		if (!argset_add(&sets[r->args[i].index], &r->args[i]))
			return error_set(err, -EINVAL,
					 "%s:%u:%u: the conditions on argument %u cannot be "
					 "combined (masked_eq with other comparisons)",
					 p->file, r->line, r->column, r->args[i].index);
	size_t combos = 1;
	for (unsigned i = 0; i < 6; i++) {
		bool full;
		if (argset_alts(&sets[i], i, e->alts[i], &e->nalts[i], &full) < 0)
			return error_set(err, -E2BIG,
					 "%s:%u:%u: the conditions on argument %u need too many "
					 "comparisons",
					 p->file, r->line, r->column, i);
		if (full)
			continue;
		if (e->nalts[i] == 0)
			e->never = true;
		e->used[i] = true;
		combos *= e->nalts[i] ? e->nalts[i] : 1;
		if (combos > FILTER_COMBO_MAX)
			return error_set(
			    err, -E2BIG,
			    "%s:%u:%u: the argument conditions need more than %d rules", p->file,
			    r->line, r->column, FILTER_COMBO_MAX);
	}
	return 0;
}

static int add_expanded(scmp_filter_ctx ctx, uint32_t act, int nr, const struct expanded *e)
{
	size_t idx[6] = {0};
	for (;;) {
		struct scmp_arg_cmp cmp[6];
		unsigned n = 0;
		for (unsigned i = 0; i < 6; i++)
			if (e->used[i])
				cmp[n++] = e->alts[i][idx[i]];
		int r = seccomp_rule_add_array(ctx, act, nr, n, cmp);
		if (r < 0)
			return r;
		unsigned i = 0;
		for (; i < 6; i++) {
			if (!e->used[i])
				continue;
			if (++idx[i] < e->nalts[i])
				break;
			idx[i] = 0;
		}
		if (i == 6)
			return 0;
	}
}

/* libseccomp keeps only the unconditional rule when a syscall also has rules of another
 * action (checked with 2.5.4): refuse instead of silently dropping a refusal. */
static int check_conflicts(const struct profile *p, const struct profile_rule **eff, size_t n,
			   enum seccomp_mode mode, struct error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (eff[i]->nargs)
			continue;
		struct profile_action a = profile_action_effective(eff[i]->action, mode);
		for (size_t j = 0; j < n; j++) {
			struct profile_action b = profile_action_effective(eff[j]->action, mode);
			if (i == j || profile_action_eq(a, b))
				continue;
			for (size_t k = 0; k < eff[i]->nnames; k++)
				for (size_t m = 0; m < eff[j]->nnames; m++)
					if (eff[i]->nrs[k] >= 0 && eff[i]->nrs[k] == eff[j]->nrs[m])
						return error_set(
						    err, -EINVAL,
						    "%s:%u:%u: syscall '%s' has an unconditional "
						    "rule and another rule with a different action "
						    "(line %u): libseccomp would keep only one",
						    p->file, eff[i]->line, eff[i]->column,
						    eff[i]->names[k], eff[j]->line);
		}
	}
	return 0;
}

/* Named by a rule that applies with these capabilities. */
static bool named(const struct profile *p, uint64_t caps_keep, int nr)
{
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].nnames; k++)
			if (p->rules[i].nrs[k] == nr &&
			    profile_rule_applies(&p->rules[i], caps_keep))
				return true;
	return false;
}

int filter_enosys_nrs(const struct profile *p, uint64_t caps_keep, struct profile_action def,
		      int *nrs, size_t *n)
{
	*n = 0;
	if (def.act == PROFILE_ACT_ALLOW || def.act == PROFILE_ACT_LOG ||
	    (def.act == PROFILE_ACT_ERRNO && def.errnum == ENOSYS))
		return 0;
	int max = -1;
	for (size_t i = 0; i < p->nrules; i++)
		for (size_t k = 0; k < p->rules[i].nnames; k++)
			if (p->rules[i].nrs[k] > max)
				max = p->rules[i].nrs[k];
	for (int nr = max + 1; nr <= FILTER_NR_MAX; nr++)
		nrs[(*n)++] = nr;
	int clone3 = seccomp_syscall_resolve_name("clone3");
	if (clone3 >= 0 && clone3 <= max && !named(p, caps_keep, clone3))
		nrs[(*n)++] = clone3;
	return 0;
}

/* Syscalls newer than any the profile names, and clone3 when it is not named, answer ENOSYS:
 * glibc falls back to the older call on ENOSYS, but fails on EPERM (clone3 since 2.34). */
static int add_newer(scmp_filter_ctx ctx, const struct profile *p, uint64_t caps_keep,
		     struct profile_action def)
{
	int nrs[FILTER_ENOSYS_MAX];
	size_t n;
	filter_enosys_nrs(p, caps_keep, def, nrs, &n);
	for (size_t i = 0; i < n; i++) {
		int r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nrs[i], 0);
		if (r < 0)
			return r;
	}
	return 0;
}

static int add_rules(struct filter *f, const struct profile *p, uint64_t caps_keep,
		     enum seccomp_mode mode, struct profile_action def, struct error *err)
{
	_cleanup_free_ const struct profile_rule **eff = calloc(p->nrules + 1, sizeof(*eff));
	_cleanup_free_ struct expanded *e = malloc(sizeof(*e));
	if (!eff || !e)
		return error_set(err, -ENOMEM, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < p->nrules; i++)
		if (profile_rule_applies(&p->rules[i], caps_keep) &&
		    !profile_action_eq(profile_action_effective(p->rules[i].action, mode), def))
			eff[n++] = &p->rules[i];
	/* Docker/OCI profiles keep what runc and crun get from libseccomp (the first
	 * unconditional rule of a syscall wins: containers-common both allows setns and refuses
	 * it without CAP_SYS_ADMIN); `ctguard seccomp lint` reports it. ctguard's own format
	 * refuses it. */
	int r = p->format == PROFILE_FORMAT_YAML ? check_conflicts(p, eff, n, mode, err) : 0;
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		if ((r = expand(p, eff[i], e, err)) < 0)
			return r;
		if (e->never)
			continue;
		uint32_t act = scmp_action(profile_action_effective(eff[i]->action, mode));
		for (size_t k = 0; k < eff[i]->nnames; k++)
			if (eff[i]->nrs[k] >= 0 &&
			    (r = add_expanded(f->ctx, act, eff[i]->nrs[k], e)) < 0)
				return error_setn(err, r, "%s:%u:%u: adding the rule for '%s'",
						  p->file, eff[i]->line, eff[i]->column,
						  eff[i]->names[k]);
	}
	return 0;
}

/* libseccomp 2.5 exports only to an fd: export once to a memfd and keep the program. */
static int precompute(struct filter *f, struct error *err)
{
	_cleanup_close_ int fd = memfd_create("ctguard-bpf", MFD_CLOEXEC);
	if (fd < 0)
		return error_setn(err, -errno, "memfd_create");
	int r = seccomp_export_bpf(f->ctx, fd);
	if (r < 0)
		return error_setn(err, r, "exporting the BPF program");
	off_t len = lseek(fd, 0, SEEK_END);
	if (len <= 0 || len % sizeof(struct sock_filter) ||
	    len / sizeof(struct sock_filter) > FILTER_BPF_MAX)
		return error_set(err, -E2BIG, "the BPF program has a bad size (%lld bytes)",
				 (long long)len);
	f->insns = malloc(len);
	if (!f->insns)
		return error_set(err, -ENOMEM, "out of memory");
	ssize_t got = pread(fd, f->insns, len, 0);
	if (got != len)
		return error_setn(err, got < 0 ? -errno : -EIO, "reading the BPF program back");
	f->prog.len = (unsigned short)(len / sizeof(struct sock_filter));
	f->prog.filter = f->insns;
	return 0;
}

int filter_compile(const struct profile *p, uint64_t caps_keep, enum seccomp_mode mode,
		   struct filter **out, struct error *err)
{
	*out = NULL;
	struct filter *f = calloc(1, sizeof(*f));
	if (!f)
		return error_set(err, -ENOMEM, "out of memory");
	struct profile_action def = profile_action_effective(p->def, mode);
	int r = -ENOMEM;
	f->ctx = seccomp_init(scmp_action(def));
	if (!f->ctx) {
		error_set(err, r, "seccomp_init failed");
		goto fail;
	}
	/* Native only: a call through another ABI (int 0x80 on x86_64) kills the process, so
	 * filters written for the native numbers cannot be bypassed through the compat table. */
	if ((r = seccomp_attr_set(f->ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0 ||
	    (r = seccomp_attr_set(f->ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) < 0 ||
	    (r = seccomp_attr_set(f->ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0) {
		error_setn(err, r, "setting filter attributes");
		goto fail;
	}
	if ((r = add_rules(f, p, caps_keep, mode, def, err)) < 0)
		goto fail;
	if ((r = add_newer(f->ctx, p, caps_keep, def)) < 0) {
		error_setn(err, r, "adding ENOSYS rules for newer syscalls");
		goto fail;
	}
	if ((r = precompute(f, err)) < 0)
		goto fail;
	*out = f;
	return 0;
fail:
	filter_free(f);
	return r;
}

int filter_export(const struct filter *f, int fd, struct error *err)
{
	const char *p = (const char *)f->insns;
	size_t left = f->prog.len * sizeof(struct sock_filter);
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return error_setn(err, n < 0 ? -errno : -EIO, "writing the BPF program");
		p += n;
		left -= n;
	}
	return 0;
}

size_t filter_size(const struct filter *f)
{
	return f->prog.len;
}

int filter_load(const struct filter *f, struct error *err)
{
	/* TSYNC: every thread gets the filter or the call fails (it returns the id of a thread
	 * that could not be synchronised), so no thread is left unfiltered. */
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &f->prog);
	if (r < 0)
		return error_setn(err, -errno, "loading the seccomp filter");
	if (r > 0)
		return error_set(err, -EAGAIN,
				 "loading the seccomp filter: thread %ld could not be synchronised",
				 r);
	return 0;
}

/* The table's entry for profile name when it applies to caps_keep and mode, else NULL. */
static const struct filter_precompiled *precompiled_entry(const char *name, uint64_t caps_keep,
							  enum seccomp_mode mode)
{
	size_t n = 0;
	const struct filter_precompiled *t =
	    filter_precompiled_table ? filter_precompiled_table(&n) : NULL;
	for (size_t i = 0; t && i < n; i++) {
		if (strcmp(t[i].name, name) != 0)
			continue;
		if (mode != SECCOMP_MODE_ENFORCE || (caps_keep & t[i].caps) ||
		    t[i].len % sizeof(struct sock_filter) || t[i].len == 0)
			return NULL;
		return &t[i];
	}
	return NULL;
}

bool filter_precompiled_applies(const char *name, uint64_t caps_keep, enum seccomp_mode mode)
{
	return precompiled_entry(name, caps_keep, mode) != NULL;
}

int filter_precompiled(const char *name, uint64_t caps_keep, enum seccomp_mode mode,
		       struct filter **out)
{
	const struct filter_precompiled *t = precompiled_entry(name, caps_keep, mode);
	if (!t)
		return -ENOENT;
	struct filter *f = calloc(1, sizeof(*f));
	if (!f || !(f->insns = malloc(t->len))) {
		free(f);
		return -ENOMEM;
	}
	memcpy(f->insns, t->program, t->len);
	f->prog.len = (unsigned short)(t->len / sizeof(struct sock_filter));
	f->prog.filter = f->insns;
	*out = f;
	return 0;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	if (f->ctx)
		seccomp_release(f->ctx);
	free(f->insns);
	free(f);
}
