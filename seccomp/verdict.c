/* Per-syscall decisions of a seccomp filter stack (see verdict.h).
 *
 * Each syscall of each ABI is explored symbolically (seccomp/explore.c). When every leaf gives
 * the same result the decision is that result; otherwise the leaves become rules. One result
 * is left unwritten as "otherwise": the one whose omission leaves the shortest description
 * (the refusal of an allow-list, the allowance of a deny-list). The leaves of the other
 * results are written out with their conditions, simplified where an equality makes the other
 * tests on the same word redundant. */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp/verdict.h"
#include "lib/cleanup.h"

#define NR_SCAN VERDICT_NR_SCAN
/* Symbolic steps for all the syscalls of a stack together: a filter built to explode the
 * number of paths (a hostile container's) costs at most about a second; past this budget the
 * remaining syscalls get a small one each, and approximate decisions. */
#define TOTAL_STEPS_MAX (16u << 20)
#define LATE_STEPS	4096
#define RULES_MAX	64  /* paths of one syscall written out as rules */
#define PROBES_MAX	256 /* distinct comparisons kept for diff (seccomp/vdiff.c) */

struct abi_def {
	const char *name, *via;
	uint32_t arch, nr_bit, scmp;
};

static const struct abi_def abis[] = {
#if defined(__x86_64__)
    {"x86_64", "native", AUDIT_ARCH_X86_64, 0, SCMP_ARCH_X86_64},
    {"x86", "int 0x80", AUDIT_ARCH_I386, 0, SCMP_ARCH_X86},
    {"x32", "x32 syscall bit", AUDIT_ARCH_X86_64, 0x40000000, SCMP_ARCH_X32},
#elif defined(__aarch64__)
    {"aarch64", "native", AUDIT_ARCH_AARCH64, 0, SCMP_ARCH_AARCH64},
    {"arm", "32-bit mode", AUDIT_ARCH_ARM, 0, SCMP_ARCH_ARM},
#elif defined(__i386__)
    {"x86", "native", AUDIT_ARCH_I386, 0, SCMP_ARCH_X86},
#else
#error "verdict.c: add this architecture's ABIs"
#endif
};

/* Syscalls numbered the same on every architecture since 424, newer than some libseccomp
 * releases know (2.5.4 stops at 450 or so). */
#define NEWER_FIRST 451
static const char *const newer[] = {
    "cachestat",	 "fchmodat2",	      "map_shadow_stack", "futex_wake",
    "futex_wait",	 "futex_requeue",     "statmount",	  "listmount",
    "lsm_get_self_attr", "lsm_set_self_attr", "lsm_list_modules", "mseal",
    "setxattrat",	 "getxattrat",	      "listxattrat",	  "removexattrat",
    "open_tree_attr",	 "file_getattr",      "file_setattr",	  "listns",
};

/* Names of every number of each ABI, resolved once per process (libseccomp's lookups cost
 * about a microsecond each). */
static char *names[ARRAY_SIZE(abis)][NR_SCAN];
static bool names_done;

static int names_load(void)
{
	if (names_done)
		return 0;
	for (size_t a = 0; a < ARRAY_SIZE(abis); a++)
		for (uint32_t nr = 0; nr < NR_SCAN; nr++) {
			char *s = seccomp_syscall_resolve_num_arch(abis[a].scmp,
								   (int)(nr | abis[a].nr_bit));
			if (!s && nr >= NEWER_FIRST && nr - NEWER_FIRST < ARRAY_SIZE(newer) &&
			    (a == 0 || nr <= 1023)) {
				s = strdup(newer[nr - NEWER_FIRST]);
				if (!s)
					return -ENOMEM;
			}
			names[a][nr] = s;
		}
	names_done = true;
	return 0;
}

int verdict_native_nr(const char *name)
{
	if (names_load() < 0)
		return -1;
	for (uint32_t nr = 0; nr < NR_SCAN; nr++)
		if (names[0][nr] && strcmp(names[0][nr], name) == 0)
			return (int)nr;
	return -1;
}

const char *verdict_native_name(int nr)
{
	if (nr < 0 || (uint32_t)nr >= NR_SCAN || names_load() < 0)
		return NULL;
	return names[0][nr];
}

enum verdict_action verdict_action_of(uint32_t ret)
{
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_THREAD:
		return VERDICT_KILL_THREAD;
	case SECCOMP_RET_TRAP:
		return VERDICT_TRAP;
	case SECCOMP_RET_ERRNO:
		return VERDICT_ERRNO;
	case SECCOMP_RET_USER_NOTIF:
		return VERDICT_NOTIFY;
	case SECCOMP_RET_TRACE:
		return VERDICT_TRACE;
	case SECCOMP_RET_LOG:
		return VERDICT_LOG;
	case SECCOMP_RET_ALLOW:
		return VERDICT_ALLOW;
	}
	return VERDICT_KILL_PROCESS; /* the kernel's default branch */
}

const char *verdict_action_name(enum verdict_action a)
{
	static const char *const n[] = {"kill_process", "kill_thread", "trap", "errno",
					"notify",	"trace",       "log",  "allow"};
	return a < VERDICT__ACTIONS ? n[a] : "kill_process";
}

int verdict_errno(uint32_t ret)
{
	uint32_t data = ret & SECCOMP_RET_DATA;
	return data > 4095 ? 4095 : (int)data;
}

uint32_t verdict_ret_norm(uint32_t ret)
{
	switch (verdict_action_of(ret)) {
	case VERDICT_ERRNO:
		return SECCOMP_RET_ERRNO | (uint32_t)verdict_errno(ret);
	case VERDICT_TRAP:
	case VERDICT_TRACE:
		return ret;
	case VERDICT_KILL_PROCESS:
		return SECCOMP_RET_KILL_PROCESS;
	default:
		return ret & SECCOMP_RET_ACTION_FULL;
	}
}

const char *verdict_ret_str(uint32_t ret, char *buf, size_t len)
{
	enum verdict_action a = verdict_action_of(ret);
	uint32_t data = ret & SECCOMP_RET_DATA;
	if (a == VERDICT_ERRNO) {
		int e = verdict_errno(ret);
		const char *n = strerrorname_np(e);
		if (n)
			snprintf(buf, len, "errno %d (%s)", e, n);
		else
			snprintf(buf, len, "errno %d", e);
	} else if ((a == VERDICT_TRAP || a == VERDICT_TRACE) && data) {
		snprintf(buf, len, "%s %u", verdict_action_name(a), data);
	} else {
		snprintf(buf, len, "%s", verdict_action_name(a));
	}
	return buf;
}

bool verdict_sys_allows(const struct verdict_sys *s)
{
	return (s->may & ((1u << VERDICT_ALLOW) | (1u << VERDICT_LOG))) != 0;
}

const struct verdict_sys *verdict_lookup(const struct verdict_abi *abi, const char *name)
{
	for (size_t i = 0; i < abi->n; i++)
		if (strcmp(abi->sys[i].name, name) == 0)
			return &abi->sys[i];
	return NULL;
}

static bool pure(const struct explore_cond *c)
{
	return !c->v.opaque && c->v.nops == 0;
}

/* Copies the conditions of a leaf without those an equality on the same word implies. Returns
 * the number kept, or -1 when the equality contradicts another condition (the path cannot be
 * taken and needs no rule). */
static ssize_t simplify(const struct explore_cond *in, size_t n, struct explore_cond *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct explore_cond *c = &in[i];
		bool implied = false;
		for (size_t j = 0; j < n && !implied; j++) {
			const struct explore_cond *e = &in[j];
			if (j == i || !pure(e) || e->op != BPF_JEQ || !e->taken || c->v.opaque ||
			    e->v.word != c->v.word)
				continue;
			if (!explore_cond_holds(c, e->k))
				return -1;
			/* The equality itself stays once (the first one). */
			implied = !(pure(c) && c->op == BPF_JEQ && c->taken && j > i);
		}
		if (!implied)
			out[k++] = *c;
	}
	return (ssize_t)k;
}

static int add_rule(struct verdict_sys *s, const struct explore_cond *conds, size_t n, uint32_t ret,
		    uint8_t approx)
{
	struct verdict_rule *nr = realloc(s->rules, (s->nrules + 1) * sizeof(*nr));
	if (!nr)
		return -ENOMEM;
	s->rules = nr;
	struct verdict_rule *r = &s->rules[s->nrules];
	*r = (struct verdict_rule){.nconds = n, .ret = ret, .approx = approx};
	if (n) {
		r->conds = malloc(n * sizeof(*conds));
		if (!r->conds)
			return -ENOMEM;
		memcpy(r->conds, conds, n * sizeof(*conds));
	}
	s->nrules++;
	return 0;
}

static void rules_free(struct verdict_sys *s)
{
	for (size_t k = 0; k < s->nrules; k++)
		free(s->rules[k].conds);
	free(s->rules);
	s->rules = NULL;
	s->nrules = 0;
}

static bool rule_empty(const struct verdict_rule *r);

/* The rules for the leaves whose result is not s->ret. */
static int rules_for(struct verdict_sys *s, const struct explore_result *r)
{
	struct explore_cond tmp[EXPLORE_CONDS_MAX];
	for (size_t i = 0; i < r->nleaves; i++) {
		const struct explore_leaf *l = &r->leaves[i];
		if (verdict_ret_norm(l->ret) == s->ret)
			continue;
		ssize_t k = simplify(&r->conds[l->first], l->n, tmp);
		struct verdict_rule v = {tmp, (size_t)k, 0, 0};
		if (k < 0 || rule_empty(&v))
			continue;
		if (add_rule(s, tmp, (size_t)k, verdict_ret_norm(l->ret), l->approx) < 0)
			return -ENOMEM;
	}
	return 0;
}

static size_t rules_len(const struct verdict_sys *s);

static int add_probes(struct verdict_sys *s, const struct explore_result *r)
{
	s->probes = malloc((r->nconds ? r->nconds : 1) * sizeof(*s->probes));
	if (!s->probes)
		return -ENOMEM;
	for (size_t i = 0; i < r->nconds && s->nprobes < PROBES_MAX; i++) {
		const struct explore_cond *c = &r->conds[i];
		bool seen = c->v.opaque;
		for (size_t j = 0; j < s->nprobes && !seen; j++)
			seen = s->probes[j].op == c->op && s->probes[j].k == c->k &&
			       explore_val_eq(&s->probes[j].v, &c->v);
		if (!seen)
			s->probes[s->nprobes++] = *c;
	}
	return 0;
}

static int build_sys_rules(struct verdict_sys *s, const struct explore_result *r);

static int build_sys(struct verdict_sys *s, const struct explore_result *r)
{
	s->approx = r->approx;
	int ret = build_sys_rules(s, r);
	s->complex = s->approx != 0;
	for (size_t i = 0; i < r->nleaves; i++)
		if (verdict_ret_norm(r->leaves[i].ret) == s->ret)
			s->approx_otherwise |= r->leaves[i].approx;
	if (s->approx & VERDICT_APPROX_PATHS)
		s->approx_otherwise = s->approx;
	return ret;
}

static int build_sys_rules(struct verdict_sys *s, const struct explore_result *r)
{
	s->words = r->words;
	for (size_t i = 0; i < r->nleaves; i++)
		s->may |= 1u << verdict_action_of(r->leaves[i].ret);
	s->ret = verdict_ret_norm(r->leaves[0].ret);
	bool same = true;
	for (size_t i = 1; i < r->nleaves; i++)
		same &= verdict_ret_norm(r->leaves[i].ret) == s->ret;
	if (same)
		return 0;
	s->conditional = true;
	if (add_probes(s, r) < 0)
		return -ENOMEM;
	if (r->nleaves > RULES_MAX) {
		/* Too many paths to write out: no rules, and "otherwise" the most permissive
		 * result reached (the worst case for an auditor). */
		s->approx |= VERDICT_APPROX_PATHS;
		s->ret = verdict_ret_norm(r->leaves[0].ret);
		for (size_t i = 1; i < r->nleaves; i++)
			if (bpf_ret_stricter(s->ret, r->leaves[i].ret))
				s->ret = verdict_ret_norm(r->leaves[i].ret);
		return 0;
	}
	/* "Otherwise" is the result that leaves the shortest description of the others (so
	 * the refusal of an allow-list, the allowance of a deny-list); on a tie, the stricter. */
	uint32_t cand[VERDICT__ACTIONS * 2];
	size_t ncand = 0, best_len = SIZE_MAX;
	for (size_t i = 0; i < r->nleaves; i++) {
		uint32_t ret = verdict_ret_norm(r->leaves[i].ret);
		size_t k = 0;
		while (k < ncand && cand[k] != ret)
			k++;
		if (k == ncand && ncand < ARRAY_SIZE(cand))
			cand[ncand++] = ret;
	}
	struct verdict_sys best = {0};
	for (size_t k = 0; k < ncand; k++) {
		struct verdict_sys t = *s;
		t.ret = cand[k];
		t.rules = NULL;
		t.nrules = 0;
		size_t len;
		if (rules_for(&t, r) < 0 || (len = rules_len(&t)) == SIZE_MAX) {
			rules_free(&t);
			rules_free(&best);
			return -ENOMEM;
		}
		if (len < best_len || (len == best_len && bpf_ret_stricter(t.ret, best.ret))) {
			rules_free(&best);
			best = t;
			best_len = len;
		} else {
			rules_free(&t);
		}
	}
	s->ret = best.ret;
	s->rules = best.rules;
	s->nrules = best.nrules;
	return 0;
}

static int compute_abi(const struct bpf_prog *stack, size_t n, size_t a, struct verdict_abi *out,
		       struct explore_result *er, uint64_t *total)
{
	*out = (struct verdict_abi){.name = abis[a].name,
				    .via = abis[a].via,
				    .arch = abis[a].arch,
				    .nr_bit = abis[a].nr_bit};
	size_t count = 0;
	for (uint32_t nr = 0; nr < NR_SCAN; nr++)
		count += names[a][nr] != NULL;
	out->sys = calloc(count ? count : 1, sizeof(*out->sys));
	if (!out->sys)
		return -ENOMEM;
	for (uint32_t nr = 0; nr < NR_SCAN; nr++) {
		if (!names[a][nr])
			continue;
		struct verdict_sys *s = &out->sys[out->n++];
		s->nr = nr | abis[a].nr_bit;
		if (!(s->name = strdup(names[a][nr])))
			return -ENOMEM;
		er->budget = *total < TOTAL_STEPS_MAX ? 0 : LATE_STEPS;
		int r = explore_syscall(stack, n, s->nr, abis[a].arch, er);
		*total += er->steps;
		if (r < 0 || (r = build_sys(s, er)) < 0)
			return r;
		out->allowed += verdict_sys_allows(s);
	}
	return 0;
}

/* The decision for numbers the native table leaves undefined below its highest one (a
 * filter cannot name them, so they get its default action); the most common one wins. Tables
 * without holes use the numbers just above the highest name. */
static uint32_t default_ret(const struct bpf_prog *stack, size_t n)
{
	uint32_t top = 0;
	for (uint32_t nr = 0; nr < NR_SCAN; nr++)
		if (names[0][nr])
			top = nr;
	uint32_t seen[8] = {0}, count[8] = {0};
	size_t nseen = 0;
	for (int pass = 0; pass < 2 && nseen == 0; pass++)
		for (uint32_t nr = pass ? top + 1 : 0; nr < (pass ? top + 17 : top); nr++) {
			if (!pass && names[0][nr])
				continue;
			struct seccomp_data d = {.nr = (int)nr, .arch = abis[0].arch};
			uint32_t ret = verdict_ret_norm(bpf_run_stack(stack, n, &d));
			size_t i = 0;
			while (i < nseen && seen[i] != ret)
				i++;
			if (i == nseen && nseen < ARRAY_SIZE(seen))
				seen[nseen++] = ret;
			if (i < nseen)
				count[i]++;
		}
	size_t best = 0;
	for (size_t i = 1; i < nseen; i++)
		if (count[i] > count[best])
			best = i;
	return seen[best];
}

/* Whether the numbers default_ret ran (once each, with every argument 0) decide the same for
 * every input: explored like a syscall; when not, the reasons, and *ret becomes the most
 * permissive result reached (the worst case). */
static uint8_t default_approx(const struct bpf_prog *stack, size_t n, struct explore_result *er,
			      uint32_t *ret)
{
	uint32_t top = 0;
	for (uint32_t nr = 0; nr < NR_SCAN; nr++)
		if (names[0][nr])
			top = nr;
	uint8_t approx = 0;
	unsigned tried = 0;
	for (uint32_t nr = 0; nr < top + 17 && nr < NR_SCAN && tried < 32; nr++) {
		if (names[0][nr])
			continue;
		tried++;
		er->budget = LATE_STEPS;
		if (explore_syscall(stack, n, nr, abis[0].arch, er) < 0)
			return VERDICT_APPROX_BUDGET;
		approx |= er->approx;
		for (size_t i = 0; i < er->nleaves; i++) {
			uint32_t r = verdict_ret_norm(er->leaves[i].ret);
			if (r != *ret)
				approx |= VERDICT_APPROX_ARGS;
			if (bpf_ret_stricter(*ret, r))
				*ret = r;
		}
	}
	return approx;
}

int verdict_compute(const struct bpf_prog *stack, size_t n, struct verdict *out, struct error *err)
{
	*out = (struct verdict){0};
	if (names_load() < 0)
		return error_set(err, -ENOMEM, "out of memory");
	struct explore_result er = {0};
	uint64_t total = 0;
	int r = 0;
	for (size_t a = 0; a < ARRAY_SIZE(abis) && r == 0; a++) {
		r = compute_abi(stack, n, a, &out->abi[a], &er, &total);
		out->nabi = a + 1;
		for (size_t i = 0; i < out->abi[a].n; i++)
			out->complex |= out->abi[a].sys[i].complex;
	}
	if (r == 0) {
		out->default_ret = default_ret(stack, n);
		out->default_approx = default_approx(stack, n, &er, &out->default_ret);
		out->complex |= out->default_approx != 0;
	}
	explore_result_free(&er);
	if (r < 0) {
		verdict_free(out);
		return error_set(err, r, "out of memory");
	}
	return 0;
}

void verdict_free(struct verdict *v)
{
	for (size_t a = 0; a < v->nabi; a++) {
		for (size_t i = 0; i < v->abi[a].n; i++) {
			struct verdict_sys *s = &v->abi[a].sys[i];
			rules_free(s);
			free(s->probes);
			free(s->name);
		}
		free(v->abi[a].sys);
	}
	*v = (struct verdict){0};
}

/* ---- rendering ---------------------------------------------------------------------- */

/* Word w of seccomp_data: field 0 is instruction_pointer, 1..6 are args[0..5]. */
static unsigned field_of(unsigned w)
{
	return (w - 2) / 2;
}

static bool is_high(unsigned w)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (w - 2) % 2 == 1;
#else
	return (w - 2) % 2 == 0;
#endif
}

static void field_name(unsigned field, char *buf, size_t len)
{
	if (field == 0)
		snprintf(buf, len, "ip");
	else
		snprintf(buf, len, "arg%u", field - 1);
}

static int put_num(struct buf *b, uint64_t v)
{
	return v < 4096 ? buf_printf(b, "%llu", (unsigned long long)v)
			: buf_printf(b, "0x%llx", (unsigned long long)v);
}

static const char *op_str(uint8_t op, bool taken)
{
	switch (op) {
	case BPF_JEQ:
		return taken ? "==" : "!=";
	case BPF_JGT:
		return taken ? ">" : "<=";
	case BPF_JGE:
		return taken ? ">=" : "<";
	}
	return "?";
}

static int put_cond(struct buf *b, const struct explore_cond *c)
{
	if (c->v.opaque) {
		/* Two unknown words combined: the condition cannot be put in terms of one. */
		uint8_t op = c->op == BPF_JSET ? BPF_JEQ : c->op;
		bool taken = c->op == BPF_JSET ? !c->taken : c->taken;
		if (buf_printf(b, "(value computed from several words%s) %s ",
			       c->op == BPF_JSET ? ", masked" : "", op_str(op, taken)) < 0)
			return -ENOMEM;
		return put_num(b, c->k) < 0 ? -ENOMEM : 0;
	}
	char f[8];
	field_name(field_of(c->v.word), f, sizeof(f));
	const char *half = is_high(c->v.word) ? ".hi" : ".lo";
	/* A mask within the low word isolates the same bits of the whole argument. */
	bool masked =
	    (c->v.nops == 1 && c->v.ops[0].op == BPF_AND) || (c->v.nops == 0 && c->op == BPF_JSET);
	if (masked && !is_high(c->v.word))
		half = "";
	int r = 0;
	for (unsigned i = 0; i < c->v.nops && c->v.nops > 1; i++)
		r |= buf_putc(b, '(');
	r |= buf_printf(b, "%s%s", f, half);
	static const char *const ops[] = {[BPF_ADD >> 4] = "+",	  [BPF_SUB >> 4] = "-",
					  [BPF_MUL >> 4] = "*",	  [BPF_DIV >> 4] = "/",
					  [BPF_OR >> 4] = "|",	  [BPF_AND >> 4] = "&",
					  [BPF_LSH >> 4] = "<<",  [BPF_RSH >> 4] = ">>",
					  [BPF_NEG >> 4] = "neg", [BPF_XOR >> 4] = "^"};
	for (unsigned i = 0; i < c->v.nops; i++) {
		uint8_t op = c->v.ops[i].op;
		const char *o = (op >> 4) < ARRAY_SIZE(ops) && ops[op >> 4] ? ops[op >> 4] : "?";
		if (op == BPF_NEG)
			r |= buf_puts(b, " negated");
		else
			r |= buf_printf(b, " %s 0x%x", o, c->v.ops[i].k);
		if (c->v.nops > 1)
			r |= buf_putc(b, ')');
	}
	if (c->op == BPF_JSET) {
		r |= buf_printf(b, " & 0x%x %s 0", c->k, c->taken ? "!=" : "==");
		return r < 0 ? -ENOMEM : 0;
	}
	r |= buf_printf(b, " %s ", op_str(c->op, c->taken));
	r |= put_num(b, c->k);
	return r < 0 ? -ENOMEM : 0;
}

/* What the plain comparisons (==, !=, >, >=, <, <=) of a rule say about each word: an
 * interval without some values. */
#define SUM_NE_MAX   16
#define SUM_LIST_MAX 16 /* a set this small is listed: "arg0 in {38, 40}" */

struct wsum {
	bool used;
	uint32_t lo, hi;
	uint32_t ne[SUM_NE_MAX];
	size_t nne;
};

static bool plain(const struct explore_cond *c)
{
	return pure(c) && c->op != BPF_JSET;
}

/* Returns false when a word has too many excluded values to summarise (left as conditions). */
static bool summarize(const struct verdict_rule *r, struct wsum *ws)
{
	for (unsigned w = 0; w < BPF_SD_WORDS; w++)
		ws[w] = (struct wsum){.hi = UINT32_MAX};
	for (size_t i = 0; i < r->nconds; i++) {
		const struct explore_cond *c = &r->conds[i];
		if (!plain(c))
			continue;
		struct wsum *w = &ws[c->v.word];
		uint32_t k = c->k;
		w->used = true;
		if (c->op == BPF_JEQ && c->taken) {
			w->lo = k > w->lo ? k : w->lo;
			w->hi = k < w->hi ? k : w->hi;
		} else if (c->op == BPF_JEQ) {
			if (w->nne == SUM_NE_MAX)
				return false;
			w->ne[w->nne++] = k;
		} else if ((c->op == BPF_JGT) == c->taken) { /* > k, or >= k not taken: < k */
			uint32_t lo = c->op == BPF_JGT ? k + 1 : 0;
			if (c->op == BPF_JGT && lo > w->lo)
				w->lo = lo;
			if (c->op == BPF_JGE && k - 1 < w->hi)
				w->hi = k - 1;
		} else if (c->op == BPF_JGE) { /* >= k */
			w->lo = k > w->lo ? k : w->lo;
		} else { /* > k not taken: <= k */
			w->hi = k < w->hi ? k : w->hi;
		}
	}
	return true;
}

static bool excluded(const struct wsum *w, uint32_t v)
{
	for (size_t i = 0; i < w->nne; i++)
		if (w->ne[i] == v)
			return true;
	return false;
}

/* The values a word may take when there are at most SUM_LIST_MAX; SIZE_MAX otherwise. */
static size_t wsum_values(const struct wsum *w, uint32_t *out)
{
	if (w->lo > w->hi)
		return 0;
	if (w->hi - w->lo >= SUM_LIST_MAX + SUM_NE_MAX)
		return SIZE_MAX;
	size_t n = 0;
	for (uint64_t v = w->lo; v <= w->hi; v++)
		if (!excluded(w, (uint32_t)v)) {
			if (n == SUM_LIST_MAX)
				return SIZE_MAX;
			out[n++] = (uint32_t)v;
		}
	return n;
}

/* Word indexes of the two halves of a field. */
static void halves(unsigned field, unsigned *lo, unsigned *hi)
{
	unsigned a = 2 + 2 * field, b = a + 1;
	*lo = is_high(a) ? b : a;
	*hi = is_high(a) ? a : b;
}

/* True when some word of the rule can take no value: no input meets it. */
static bool rule_empty(const struct verdict_rule *r)
{
	struct wsum ws[BPF_SD_WORDS];
	uint32_t vals[SUM_LIST_MAX];
	if (!summarize(r, ws))
		return false;
	for (unsigned w = 0; w < BPF_SD_WORDS; w++)
		if (ws[w].used && wsum_values(&ws[w], vals) == 0)
			return true;
	return false;
}

/* The 64-bit values of a field when both halves have few: hi known, lo listed. */
static size_t field_values(const struct wsum *ws, unsigned field, uint64_t *out)
{
	unsigned lo, hi;
	halves(field, &lo, &hi);
	uint32_t h[SUM_LIST_MAX], l[SUM_LIST_MAX];
	if (!ws[lo].used || !ws[hi].used || wsum_values(&ws[hi], h) != 1)
		return 0;
	size_t n = wsum_values(&ws[lo], l);
	if (n == SIZE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint64_t)h[0] << 32 | l[i];
	return n;
}

/* When the rule is only "field in {values}", sets *field and the values. */
static size_t rule_values(const struct verdict_rule *r, unsigned *field, uint64_t *out)
{
	struct wsum ws[BPF_SD_WORDS];
	if (!summarize(r, ws))
		return 0;
	for (size_t i = 0; i < r->nconds; i++)
		if (!plain(&r->conds[i]) ||
		    field_of(r->conds[i].v.word) != field_of(r->conds[0].v.word))
			return 0;
	*field = r->nconds ? field_of(r->conds[0].v.word) : 0;
	return r->nconds ? field_values(ws, *field, out) : 0;
}

static int put_set(struct buf *b, const char *name, const uint64_t *v, size_t n)
{
	int r = buf_printf(b, n == 1 ? "%s == " : "%s in {", name);
	for (size_t i = 0; i < n; i++) {
		r |= buf_puts(b, i ? ", " : "");
		r |= put_num(b, v[i]);
	}
	r |= n == 1 ? 0 : buf_putc(b, '}');
	return r;
}

/* One half of a field: its values, or its bounds and the values it excludes. */
static int put_half(struct buf *b, const char *name, const struct wsum *w, bool *first)
{
	uint32_t v[SUM_LIST_MAX];
	uint64_t wide[SUM_LIST_MAX];
	size_t n = wsum_values(w, v);
	int r = buf_puts(b, *first ? "" : " && ");
	*first = false;
	if (n != SIZE_MAX) {
		for (size_t i = 0; i < n; i++)
			wide[i] = v[i];
		return r | put_set(b, name, wide, n);
	}
	const char *sep = "";
	if (w->lo > 0) {
		r |= buf_printf(b, "%s >= ", name) | put_num(b, w->lo);
		sep = " && ";
	}
	if (w->hi < UINT32_MAX) {
		r |= buf_printf(b, "%s%s <= ", sep, name) | put_num(b, w->hi);
		sep = " && ";
	}
	for (size_t i = 0; i < w->nne; i++)
		if (w->ne[i] >= w->lo && w->ne[i] <= w->hi) {
			r |= buf_printf(b, "%s%s != ", sep, name) | put_num(b, w->ne[i]);
			sep = " && ";
		}
	return r;
}

/* One rule as text: the arguments, then the instruction pointer, then what is not a plain
 * comparison of one word. */
static int rule_text(const struct verdict_rule *r, struct buf *b)
{
	struct wsum ws[BPF_SD_WORDS];
	bool sum = summarize(r, ws), first = true;
	int ret = 0;
	for (unsigned k = 0; sum && k < 7; k++) {
		unsigned field = (k + 1) % 7, lo, hi;
		char name[16];
		uint64_t vals[SUM_LIST_MAX];
		halves(field, &lo, &hi);
		field_name(field, name, sizeof(name));
		size_t n = field_values(ws, field, vals);
		if (n) {
			ret |= buf_puts(b, first ? "" : " && ") | put_set(b, name, vals, n);
			first = false;
			continue;
		}
		size_t len = strlen(name);
		if (ws[lo].used) {
			snprintf(name + len, sizeof(name) - len, ".lo");
			ret |= put_half(b, name, &ws[lo], &first);
		}
		if (ws[hi].used) {
			snprintf(name + len, sizeof(name) - len, ".hi");
			ret |= put_half(b, name, &ws[hi], &first);
		}
	}
	for (size_t i = 0; i < r->nconds; i++) {
		if (sum && plain(&r->conds[i]))
			continue;
		ret |= buf_puts(b, first ? "" : " && ") | put_cond(b, &r->conds[i]);
		first = false;
	}
	if (first)
		ret |= buf_puts(b, "always");
	return ret < 0 ? -ENOMEM : 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Rules that only list values of one field, with the same result, become one. */
static int merged_text(const struct verdict_sys *s, size_t i, bool *done, struct buf *b)
{
	unsigned f;
	uint64_t vals[64];
	size_t n = rule_values(&s->rules[i], &f, vals);
	if (n == 0)
		return rule_text(&s->rules[i], b);
	for (size_t j = i + 1; j < s->nrules; j++) {
		unsigned f2;
		uint64_t v2[SUM_LIST_MAX];
		size_t n2;
		if (done[j] || s->rules[j].ret != s->rules[i].ret ||
		    s->rules[j].approx != s->rules[i].approx ||
		    (n2 = rule_values(&s->rules[j], &f2, v2)) == 0 || f2 != f ||
		    n + n2 > ARRAY_SIZE(vals))
			continue;
		done[j] = true;
		memcpy(vals + n, v2, n2 * sizeof(v2[0]));
		n += n2;
	}
	qsort(vals, n, sizeof(vals[0]), cmp_u64);
	char name[8];
	field_name(f, name, sizeof(name));
	return put_set(b, name, vals, n) < 0 ? -ENOMEM : 0;
}

int verdict_sys_rules(const struct verdict_sys *s, struct strv *when, uint32_t **rets,
		      uint8_t **approx)
{
	uint32_t *out = calloc(s->nrules + 1, sizeof(*out));
	uint8_t *ap = calloc(s->nrules + 1, sizeof(*ap));
	bool *done = calloc(s->nrules + 1, sizeof(*done));
	int r = out && done && ap ? 0 : -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < s->nrules && r == 0; i++) {
		if (done[i])
			continue;
		_cleanup_buf_ struct buf b = BUF_INIT;
		r = merged_text(s, i, done, &b);
		if (r == 0 && (r = strv_push(when, b.data)) == 0) {
			ap[n] = s->rules[i].approx;
			out[n++] = s->rules[i].ret;
		}
	}
	free(done);
	if (r < 0) {
		free(out);
		free(ap);
		return -ENOMEM;
	}
	*rets = out;
	if (approx)
		*approx = ap;
	else
		free(ap);
	return 0;
}

static const struct {
	unsigned bit;
	const char *name, *why;
} approx_reasons[] = {
    {VERDICT_APPROX_BUDGET, "budget", "exploration budget exhausted"},
    {VERDICT_APPROX_DEPTH, "depth", "too many comparisons on one path"},
    {VERDICT_APPROX_RET_A, "ret_a", "returns a value computed from the input (RET A)"},
    {VERDICT_APPROX_OPAQUE, "inexpressible", "compares values computed from several words"},
    {VERDICT_APPROX_PATHS, "paths", "too many paths to write out"},
    {VERDICT_APPROX_ARGS, "arguments", "depends on the arguments"},
};

int verdict_approx_names(unsigned approx, struct strv *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(approx_reasons); i++)
		if ((approx & approx_reasons[i].bit) && strv_push(out, approx_reasons[i].name) < 0)
			return -ENOMEM;
	return 0;
}

int verdict_approx_text(unsigned approx, struct buf *out)
{
	int r = 0;
	const char *sep = "";
	for (size_t i = 0; i < ARRAY_SIZE(approx_reasons); i++)
		if (approx & approx_reasons[i].bit) {
			r |= buf_printf(out, "%s%s", sep, approx_reasons[i].why);
			sep = "; ";
		}
	return r < 0 ? -ENOMEM : 0;
}

static size_t rules_len(const struct verdict_sys *s)
{
	_cleanup_strv_ struct strv when = STRV_INIT;
	_cleanup_free_ uint32_t *rets = NULL;
	if (verdict_sys_rules(s, &when, &rets, NULL) < 0)
		return SIZE_MAX;
	size_t n = 0;
	for (size_t i = 0; i < when.n; i++)
		n += strlen(when.v[i]) + 16;
	return n;
}

/* " [approximate: WHY; WHY]" */
static int approx_note(unsigned approx, struct buf *out)
{
	if (!approx)
		return 0;
	int r = buf_puts(out, " [approximate: ");
	r |= verdict_approx_text(approx, out);
	r |= buf_puts(out, "; the worst is assumed]");
	return r < 0 ? -ENOMEM : 0;
}

int verdict_sys_text(const struct verdict_sys *s, struct buf *out)
{
	char a[48];
	int r = s->approx ? buf_putc(out, '~') : 0;
	if (!s->conditional) {
		r |= buf_puts(out, verdict_ret_str(s->ret, a, sizeof(a)));
		r |= approx_note(s->approx, out);
		return r < 0 ? -ENOMEM : 0;
	}
	if (s->nrules == 0) {
		/* Too many paths (see build_sys): what is reached, and the assumption. */
		r |=
		    buf_puts(out, "depends on the arguments in too many ways to describe; reaches");
		for (int k = VERDICT__ACTIONS - 1; k >= 0; k--)
			if (s->may & (1u << k))
				r |= buf_printf(out, " %s", verdict_action_name(k));
		r |= buf_printf(out, "; assumed %s", verdict_ret_str(s->ret, a, sizeof(a)));
		r |= approx_note(s->approx, out);
		return r < 0 ? -ENOMEM : 0;
	}
	_cleanup_strv_ struct strv when = STRV_INIT;
	_cleanup_free_ uint32_t *rets = NULL;
	_cleanup_free_ uint8_t *ap = NULL;
	if (verdict_sys_rules(s, &when, &rets, &ap) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < when.n; i++)
		r |= buf_printf(out, "%s -> %s%s; ", when.v[i], ap[i] ? "~" : "",
				verdict_ret_str(rets[i], a, sizeof(a)));
	r |= buf_printf(out, "otherwise %s%s", s->approx_otherwise ? "~" : "",
			verdict_ret_str(s->ret, a, sizeof(a)));
	r |= approx_note(s->approx, out);
	return r < 0 ? -ENOMEM : 0;
}
