/* Symbolic execution of seccomp filters for one syscall (see explore.h).
 *
 * Values are constants, or one unknown input word with a chain of ALU operations. A
 * comparison of such a value with a constant is decided when what the path already knows
 * about the word settles it (an earlier identical comparison or equality, an interval, known
 * bits, excluded values); otherwise both outcomes are explored. Deciding only what is proven
 * keeps the leaves a partition of every possible input: a path that cannot happen may remain,
 * one that can is never dropped. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp/explore.h"
#include "lib/cleanup.h"

#define DOM_NE_MAX 8

struct sval {
	bool sym;
	uint32_t k; /* !sym */
	struct explore_val v;
};

struct state {
	struct sval A, X, M[BPF_MEM_WORDS];
};

/* What a path knows about one input word: a superset of the values it may take. */
struct dom {
	uint32_t lo, hi;      /* interval */
	uint32_t kmask, kval; /* known bits */
	uint32_t ne[DOM_NE_MAX];
	uint8_t nne;
};

enum tri { T_FALSE, T_TRUE, T_UNKNOWN };

struct ctx {
	const struct bpf_prog *stack;
	size_t nstack;
	uint32_t nr, arch;
	struct explore_result *r;
	struct explore_cond path[EXPLORE_CONDS_MAX];
	size_t npath;
	struct dom d[BPF_SD_WORDS];
	unsigned steps, budget;
	bool stop;
	int err;
	/* explore_pair: filters [0, split) are the first stack; ret_a is its result on the
	 * path being walked (depth-first, so the last one set is this path's). */
	bool pair;
	size_t split;
	uint32_t ret_a;
};

bool explore_val_eq(const struct explore_val *a, const struct explore_val *b)
{
	if (a->opaque || b->opaque || a->word != b->word || a->nops != b->nops)
		return false;
	for (unsigned i = 0; i < a->nops; i++)
		if (a->ops[i].op != b->ops[i].op || a->ops[i].k != b->ops[i].k)
			return false;
	return true;
}

static bool cmp(uint8_t op, uint32_t a, uint32_t k)
{
	switch (op) {
	case BPF_JEQ:
		return a == k;
	case BPF_JGT:
		return a > k;
	case BPF_JGE:
		return a >= k;
	case BPF_JSET:
		return (a & k) != 0;
	}
	return false;
}

uint32_t explore_val_apply(const struct explore_val *v, uint32_t w)
{
	for (unsigned i = 0; !v->opaque && i < v->nops; i++) {
		uint32_t k = v->ops[i].k;
		switch (v->ops[i].op) {
		case BPF_ADD:
			w += k;
			break;
		case BPF_SUB:
			w -= k;
			break;
		case BPF_MUL:
			w *= k;
			break;
		case BPF_DIV:
			w = k ? w / k : 0;
			break;
		case BPF_AND:
			w &= k;
			break;
		case BPF_OR:
			w |= k;
			break;
		case BPF_XOR:
			w ^= k;
			break;
		case BPF_LSH:
			w <<= (k & 31);
			break;
		case BPF_RSH:
			w >>= (k & 31);
			break;
		case BPF_NEG:
			w = -w;
			break;
		}
	}
	return w;
}

bool explore_cond_holds(const struct explore_cond *c, uint32_t w)
{
	if (c->v.opaque)
		return true;
	return cmp(c->op, explore_val_apply(&c->v, w), c->k) == c->taken;
}

static enum tri tri_of(bool b)
{
	return b ? T_TRUE : T_FALSE;
}

static enum tri decide_pure(const struct dom *d, uint8_t op, uint32_t k)
{
	switch (op) {
	case BPF_JEQ:
		if (k < d->lo || k > d->hi || ((k ^ d->kval) & d->kmask))
			return T_FALSE;
		for (unsigned i = 0; i < d->nne; i++)
			if (d->ne[i] == k)
				return T_FALSE;
		if (d->lo == d->hi || d->kmask == UINT32_MAX)
			return T_TRUE;
		return T_UNKNOWN;
	case BPF_JGT:
		return d->lo > k ? T_TRUE : d->hi <= k ? T_FALSE : T_UNKNOWN;
	case BPF_JGE:
		return d->lo >= k ? T_TRUE : d->hi < k ? T_FALSE : T_UNKNOWN;
	case BPF_JSET:
		if (d->kval & d->kmask & k)
			return T_TRUE;
		if ((k & ~d->kmask) == 0)
			return T_FALSE;
		return T_UNKNOWN;
	}
	return T_UNKNOWN;
}

static void refine_pure(struct dom *d, uint8_t op, uint32_t k, bool taken)
{
	switch (op) {
	case BPF_JEQ:
		if (taken) {
			d->lo = d->hi = d->kval = k;
			d->kmask = UINT32_MAX;
		} else if (k == d->lo && d->lo < d->hi) {
			d->lo++;
		} else if (k == d->hi && d->hi > d->lo) {
			d->hi--;
		} else if (d->nne < DOM_NE_MAX) {
			d->ne[d->nne++] = k;
		}
		break;
	case BPF_JGT: /* decided when k == UINT32_MAX, so k + 1 does not wrap when taken */
		if (taken && k + 1 > d->lo)
			d->lo = k + 1;
		else if (!taken && k < d->hi)
			d->hi = k;
		break;
	case BPF_JGE: /* decided when k == 0 */
		if (taken && k > d->lo)
			d->lo = k;
		else if (!taken && k - 1 < d->hi)
			d->hi = k - 1;
		break;
	case BPF_JSET:
		if (!taken) {
			d->kmask |= k;
			d->kval &= ~k;
		} else if ((k & (k - 1)) == 0) {
			d->kmask |= k;
			d->kval |= k;
		}
		break;
	}
}

/* True when no 32-bit value is left in d. */
static bool dom_empty(const struct dom *d)
{
	if (d->lo > d->hi)
		return true;
	if (d->lo != d->hi)
		return false;
	if ((d->lo ^ d->kval) & d->kmask)
		return true;
	for (unsigned i = 0; i < d->nne; i++)
		if (d->ne[i] == d->lo)
			return true;
	return false;
}

/* v == (w & m) compared with k. */
static enum tri decide_masked(const struct dom *d, uint32_t m, uint8_t op, uint32_t k)
{
	switch (op) {
	case BPF_JEQ:
		if ((k & ~m) || ((d->kval ^ k) & m & d->kmask))
			return T_FALSE;
		return (m & d->kmask) == m ? T_TRUE : T_UNKNOWN;
	case BPF_JSET:
		return decide_pure(d, BPF_JSET, m & k);
	case BPF_JGT:
		return k >= m ? T_FALSE : T_UNKNOWN;
	case BPF_JGE:
		return k > m ? T_FALSE : T_UNKNOWN;
	}
	return T_UNKNOWN;
}

static enum tri decide(const struct ctx *c, const struct explore_val *v, uint8_t op, uint32_t k)
{
	if ((op == BPF_JGE && k == 0) || (op == BPF_JGT && k == UINT32_MAX) ||
	    (op == BPF_JSET && k == 0))
		return tri_of(op == BPF_JGE);
	if (v->opaque)
		return T_UNKNOWN;
	for (size_t i = c->npath; i-- > 0;) {
		const struct explore_cond *p = &c->path[i];
		if (!explore_val_eq(&p->v, v))
			continue;
		if (p->op == op && p->k == k)
			return tri_of(p->taken);
		if (p->op == BPF_JEQ && p->taken)
			return tri_of(cmp(op, p->k, k));
	}
	const struct dom *d = &c->d[v->word];
	if (v->nops == 0)
		return decide_pure(d, op, k);
	if (v->nops == 1 && v->ops[0].op == BPF_AND)
		return decide_masked(d, v->ops[0].k, op, k);
	return T_UNKNOWN;
}

static void refine(struct ctx *c, const struct explore_val *v, uint8_t op, uint32_t k, bool taken)
{
	if (v->opaque)
		return;
	struct dom *d = &c->d[v->word];
	if (v->nops == 0) {
		refine_pure(d, op, k, taken);
	} else if (v->nops == 1 && v->ops[0].op == BPF_AND) {
		uint32_t m = v->ops[0].k;
		if (op == BPF_JEQ && taken) {
			d->kmask |= m;
			d->kval = (d->kval & ~m) | k;
		} else if (op == BPF_JSET) {
			refine_pure(d, BPF_JSET, m & k, taken);
		}
	}
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

static void leaf_approx(struct ctx *c, uint32_t ret_a, uint32_t ret, uint8_t approx)
{
	struct explore_result *r = c->r;
	if (c->err ||
	    grow((void **)&r->leaves, &r->capleaves, r->nleaves + 1, sizeof(*r->leaves)) < 0 ||
	    grow((void **)&r->conds, &r->capconds, r->nconds + c->npath, sizeof(*r->conds)) < 0) {
		c->err = -ENOMEM;
		return;
	}
	if (c->npath)
		memcpy(&r->conds[r->nconds], c->path, c->npath * sizeof(c->path[0]));
	for (size_t i = 0; i < c->npath; i++)
		if (c->path[i].v.opaque)
			approx |= EXPLORE_APPROX_OPAQUE;
	r->leaves[r->nleaves++] = (struct explore_leaf){r->nconds, c->npath, ret, ret_a, approx};
	r->approx |= approx;
	r->nconds += c->npath;
	if (r->nleaves >= EXPLORE_LEAVES_MAX)
		c->stop = true;
}

static void leaf(struct ctx *c, uint32_t ret)
{
	leaf_approx(c, c->pair ? c->ret_a : ret, ret, 0);
}

/* The result of an unknown part of the program (filter fi): anything at least as restrictive
 * as what the stack already returned; for an auditor the worst case is that nothing more
 * restricts it. explore_pair: unknown in the first stack, the second is not reached (allow
 * assumed as well). */
static void leaf_unknown(struct ctx *c, size_t fi, uint32_t best, uint8_t why)
{
	if (c->pair && fi < c->split)
		leaf_approx(c, best, SECCOMP_RET_ALLOW, why);
	else
		leaf_approx(c, c->pair ? c->ret_a : best, best, why);
}

static void walk(struct ctx *c, size_t fi, size_t pc, struct state *s, uint32_t best);

/* Explores both outcomes of "v op k" (v unknown). */
static void branch(struct ctx *c, size_t fi, struct state *s, uint32_t best,
		   const struct explore_val *v, uint8_t op, uint32_t k, size_t pc_true,
		   size_t pc_false)
{
	if (c->npath == EXPLORE_CONDS_MAX) {
		leaf_unknown(c, fi, best, EXPLORE_APPROX_DEPTH);
		return;
	}
	if (!v->opaque)
		c->r->words |= (uint16_t)(1u << v->word);
	struct state copy = *s;
	struct dom saved = v->opaque ? c->d[0] : c->d[v->word];
	for (int taken = 1; taken >= 0; taken--) {
		c->path[c->npath++] = (struct explore_cond){*v, op, k, taken == 1};
		refine(c, v, op, k, taken == 1);
		/* A way no value of the word can go (an earlier != and now a single value
		 * left, crossed bounds): no input takes it, so it needs no leaf. */
		if (v->opaque || !dom_empty(&c->d[v->word]))
			walk(c, fi, taken ? pc_true : pc_false, taken ? &copy : s, best);
		c->npath--;
		if (!v->opaque)
			c->d[v->word] = saved;
	}
}

static void alu_sym(struct sval *a, uint8_t op, uint32_t k)
{
	struct explore_val *v = &a->v;
	if (v->opaque)
		return;
	if ((op == BPF_AND && k == UINT32_MAX) ||
	    (k == 0 && (op == BPF_OR || op == BPF_XOR || op == BPF_ADD || op == BPF_SUB ||
			op == BPF_LSH || op == BPF_RSH)) ||
	    (k == 1 && (op == BPF_MUL || op == BPF_DIV)))
		return;
	if ((op == BPF_AND || op == BPF_MUL) && k == 0) {
		*a = (struct sval){.sym = false, .k = 0};
		return;
	}
	if (op == BPF_AND && v->nops && v->ops[v->nops - 1].op == BPF_AND) {
		v->ops[v->nops - 1].k &= k;
		return;
	}
	if (v->nops == EXPLORE_OPS_MAX) {
		v->opaque = true;
		return;
	}
	v->ops[v->nops].op = op;
	v->ops[v->nops].k = k;
	v->nops++;
}

static uint32_t alu_const(uint8_t op, uint32_t a, uint32_t k)
{
	struct explore_val v = {.nops = 1, .ops = {{op, k}}};
	return explore_val_apply(&v, a);
}

static struct sval load_word(const struct ctx *c, uint32_t off)
{
	if (off == 0)
		return (struct sval){.k = c->nr};
	if (off == 4)
		return (struct sval){.k = c->arch};
	return (struct sval){.sym = true, .v = {.word = (uint8_t)(off / 4)}};
}

/* A filter returned ret: combine it, then go on with the next filter of the stack (true, with
 * *fi, *pc and *s reset for it) or end the path in a leaf (false). */
static bool returned(struct ctx *c, size_t *fi, size_t *pc, struct state *s, uint32_t *best,
		     uint32_t ret)
{
	if (bpf_ret_stricter(ret, *best))
		*best = ret;
	if (c->pair && *fi + 1 == c->split) { /* the first stack is done: the second starts */
		c->ret_a = *best;
		*best = SECCOMP_RET_ALLOW;
	}
	if (*fi + 1 < c->nstack) {
		(*fi)++;
		*pc = 0;
		*s = (struct state){0};
		return true;
	}
	leaf(c, *best);
	return false;
}

/* Where a path goes on after a division by an unknown X that is 0: the filter returns 0. */
#define PC_RET0 SIZE_MAX

/* A = A op src; returns false when it branched (the walk of this path is over). */
static bool alu_step(struct ctx *c, size_t fi, size_t pc, struct state *s, uint32_t best,
		     uint8_t op, const struct sval *src)
{
	if (op == BPF_DIV && src->sym) {
		struct explore_val v = src->v;
		enum tri t = decide(c, &v, BPF_JEQ, 0);
		if (t == T_TRUE) {
			walk(c, fi, PC_RET0, s, best);
			return false;
		}
		s->A = (struct sval){.sym = true, .v = {.opaque = true}};
		if (t == T_FALSE)
			return true;
		branch(c, fi, s, best, &v, BPF_JEQ, 0, PC_RET0, pc);
		return false;
	}
	if (!s->A.sym && !src->sym) {
		s->A.k = alu_const(op, s->A.k, src->k);
	} else if (s->A.sym && !src->sym) {
		alu_sym(&s->A, op, src->k);
	} else {
		s->A = (struct sval){.sym = true, .v = {.opaque = true}};
	}
	return true;
}

/* A conditional jump; returns false when it branched (the walk of this path is over). */
static bool jump(struct ctx *c, size_t fi, size_t *pc, struct state *s, uint32_t best,
		 const struct sock_filter *in)
{
	uint8_t op = BPF_OP(in->code);
	struct sval src = BPF_SRC(in->code) == BPF_X ? s->X : (struct sval){.k = in->k};
	size_t t = *pc + in->jt, f = *pc + in->jf;
	if (!s->A.sym && !src.sym) {
		*pc = cmp(op, s->A.k, src.k) ? t : f;
		return true;
	}
	struct explore_val v;
	uint32_t k;
	if (s->A.sym && !src.sym) {
		v = s->A.v;
		k = src.k;
	} else if (!s->A.sym && (op == BPF_JEQ || op == BPF_JSET)) {
		v = src.v;
		k = s->A.k;
	} else if (!s->A.sym) {
		/* k > X is !(X >= k); k >= X is !(X > k). */
		v = src.v;
		k = s->A.k;
		op = op == BPF_JGT ? BPF_JGE : BPF_JGT;
		size_t tmp = t;
		t = f;
		f = tmp;
	} else {
		v = (struct explore_val){.opaque = true};
		k = 0;
	}
	enum tri r = decide(c, &v, op, k);
	if (r != T_UNKNOWN) {
		*pc = r == T_TRUE ? t : f;
		return true;
	}
	branch(c, fi, s, best, &v, op, k, t, f);
	return false;
}

static struct sval src_of(const struct state *s, const struct sock_filter *in)
{
	if (BPF_OP(in->code) == BPF_NEG)
		return (struct sval){.k = 0};
	return BPF_SRC(in->code) == BPF_X ? s->X : (struct sval){.k = in->k};
}

/* Runs filter fi from pc along one path, then the filters after it, down to a leaf. */
static void walk(struct ctx *c, size_t fi, size_t pc, struct state *s, uint32_t best)
{
	for (;;) {
		const struct bpf_prog *p = &c->stack[fi];
		if (c->err)
			return;
		if (pc != PC_RET0 && (c->stop || ++c->steps > c->budget || pc >= p->len)) {
			/* pc >= len cannot happen in a checked program. */
			c->stop = c->stop || c->steps > c->budget;
			leaf_unknown(c, fi, best, EXPLORE_APPROX_BUDGET);
			return;
		}
		uint32_t ret;
		const struct sock_filter *in = pc == PC_RET0 ? NULL : &p->insns[pc++];
		uint16_t code = in ? in->code : (BPF_RET | BPF_K);
		switch (BPF_CLASS(code)) {
		case BPF_LD:
			s->A = code == (BPF_LD | BPF_W | BPF_ABS) ? load_word(c, in->k)
			       : code == (BPF_LD | BPF_W | BPF_LEN)
				   ? (struct sval){.k = sizeof(struct seccomp_data)}
			       : code == (BPF_LD | BPF_MEM) ? s->M[in->k]
							    : (struct sval){.k = in->k};
			continue;
		case BPF_LDX:
			s->X = code == (BPF_LDX | BPF_W | BPF_LEN)
				   ? (struct sval){.k = sizeof(struct seccomp_data)}
			       : code == (BPF_LDX | BPF_MEM) ? s->M[in->k]
							     : (struct sval){.k = in->k};
			continue;
		case BPF_ST:
			s->M[in->k] = s->A;
			continue;
		case BPF_STX:
			s->M[in->k] = s->X;
			continue;
		case BPF_MISC:
			if (BPF_MISCOP(code) == BPF_TAX)
				s->X = s->A;
			else
				s->A = s->X;
			continue;
		case BPF_ALU: {
			struct sval src = src_of(s, in);
			if (BPF_OP(code) == BPF_DIV && !src.sym && src.k == 0) {
				ret = 0; /* the kernel's run-time division by zero */
				break;
			}
			if (!alu_step(c, fi, pc, s, best, BPF_OP(code), &src))
				return;
			continue;
		}
		case BPF_JMP:
			if (BPF_OP(code) == BPF_JA)
				pc += in->k;
			else if (!jump(c, fi, &pc, s, best, in))
				return;
			continue;
		case BPF_RET:
			if (in && BPF_RVAL(code) == BPF_A && s->A.sym) {
				leaf_unknown(c, fi, best, EXPLORE_APPROX_RET_A);
				return;
			}
			ret = !in ? 0 : BPF_RVAL(code) == BPF_A ? s->A.k : in->k;
			break;
		default:
			continue;
		}
		if (!returned(c, &fi, &pc, s, &best, ret))
			return;
	}
}

/* The common case, run concretely: a path that loads neither an argument nor the instruction
 * pointer has one leaf. True with *ret set; false when the path loads such a word or uses an
 * instruction this fast loop does not know (the symbolic walk decides then). */
static bool concrete_only(const struct bpf_prog *stack, size_t n, uint32_t nr, uint32_t arch,
			  uint32_t *ret)
{
	uint32_t best = SECCOMP_RET_ALLOW;
	for (size_t i = 0; i < n; i++) {
		const struct sock_filter *p = stack[i].insns;
		uint32_t A = 0, r = 0;
		size_t pc = 0;
		bool done = false;
		while (!done) {
			if (pc >= stack[i].len)
				return false;
			const struct sock_filter *in = &p[pc++];
			switch (in->code) {
			case BPF_LD | BPF_W | BPF_ABS:
				if (in->k >= 8)
					return false;
				A = in->k ? arch : nr;
				break;
			case BPF_JMP | BPF_JA:
				pc += in->k;
				break;
			case BPF_JMP | BPF_JEQ | BPF_K:
				pc += A == in->k ? in->jt : in->jf;
				break;
			case BPF_JMP | BPF_JGT | BPF_K:
				pc += A > in->k ? in->jt : in->jf;
				break;
			case BPF_JMP | BPF_JGE | BPF_K:
				pc += A >= in->k ? in->jt : in->jf;
				break;
			case BPF_JMP | BPF_JSET | BPF_K:
				pc += (A & in->k) ? in->jt : in->jf;
				break;
			case BPF_ALU | BPF_AND | BPF_K:
				A &= in->k;
				break;
			case BPF_RET | BPF_K:
				r = in->k;
				done = true;
				break;
			case BPF_RET | BPF_A:
				r = A;
				done = true;
				break;
			default:
				return false;
			}
		}
		if (bpf_ret_stricter(r, best))
			best = r;
	}
	*ret = best;
	return true;
}

static int one_leaf(struct explore_result *r, uint32_t ret_a, uint32_t ret)
{
	if (r->capleaves == 0) {
		r->leaves = malloc(16 * sizeof(*r->leaves));
		if (!r->leaves)
			return -ENOMEM;
		r->capleaves = 16;
	}
	r->leaves[r->nleaves++] = (struct explore_leaf){0, 0, ret, ret_a, 0};
	return 0;
}

static int explore(const struct bpf_prog *stack, size_t n, bool pair, size_t split, uint32_t nr,
		   uint32_t arch, struct explore_result *r)
{
	struct ctx *c = malloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	*c = (struct ctx){.stack = stack,
			  .nstack = n,
			  .nr = nr,
			  .arch = arch,
			  .r = r,
			  .budget = r->budget && r->budget < EXPLORE_STEPS_MAX ? r->budget
									       : EXPLORE_STEPS_MAX,
			  .pair = pair,
			  .split = split,
			  .ret_a = SECCOMP_RET_ALLOW};
	for (size_t i = 0; i < BPF_SD_WORDS; i++)
		c->d[i].hi = UINT32_MAX;
	if (n == 0) {
		leaf(c, SECCOMP_RET_ALLOW);
	} else { /* pair: with no second stack, returned() sets ret_a and leaves allow */
		struct state s = {0};
		walk(c, 0, 0, &s, SECCOMP_RET_ALLOW);
	}
	int err = c->err;
	r->steps = c->steps;
	r->complex = r->approx != 0;
	free(c);
	return err;
}

static void result_reset(struct explore_result *r)
{
	r->nleaves = r->nconds = 0;
	r->complex = false;
	r->approx = 0;
	r->words = 0;
	r->steps = 0;
}

int explore_syscall(const struct bpf_prog *stack, size_t n, uint32_t nr, uint32_t arch,
		    struct explore_result *r)
{
	result_reset(r);
	uint32_t ret;
	if (concrete_only(stack, n, nr, arch, &ret))
		return one_leaf(r, ret, ret);
	return explore(stack, n, false, 0, nr, arch, r);
}

int explore_pair(const struct bpf_prog *a, size_t na, const struct bpf_prog *b, size_t nb,
		 uint32_t nr, uint32_t arch, struct explore_result *r)
{
	result_reset(r);
	uint32_t ra, rb;
	if (concrete_only(a, na, nr, arch, &ra) && concrete_only(b, nb, nr, arch, &rb))
		return one_leaf(r, ra, rb);
	_cleanup_free_ struct bpf_prog *both = malloc((na + nb + 1) * sizeof(*both));
	if (!both)
		return -ENOMEM;
	if (na)
		memcpy(both, a, na * sizeof(*a));
	if (nb)
		memcpy(both + na, b, nb * sizeof(*b));
	return explore(both, na + nb, true, na, nr, arch, r);
}

void explore_result_free(struct explore_result *r)
{
	free(r->leaves);
	free(r->conds);
	*r = (struct explore_result){0};
}
