/* Comparison of two filter stacks by emulation (see vdiff.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp/vdiff.h"
#include "lib/cleanup.h"

#define CANDS_MAX	 128
#define FULL_PRODUCT_MAX 16384 /* inputs tried exhaustively over the candidate values */
#define RANDOM_INPUTS	 8192  /* beyond that: each word alone, then random combinations */
/* Inputs for all the numbers together (a pair of hostile filters leaves every number to
 * probing: about a second); past it, fewer random ones per number. */
#define INPUTS_MAX	   (1u << 20)
#define RANDOM_INPUTS_LATE 64
/* Symbolic steps for all the numbers together, as verdict.c bounds them, then a small budget
 * each (past it a number is approximate: probed, never proven). */
#define VDIFF_STEPS_MAX	 (4u << 20)
#define VDIFF_LATE_STEPS 1024

struct cands {
	uint32_t v[CANDS_MAX];
	size_t n;
};

static void add(struct cands *c, uint32_t v)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i] == v)
			return;
	if (c->n < CANDS_MAX)
		c->v[c->n++] = v;
}

/* Values on both sides of one comparison. */
static void from_cond(const struct explore_cond *p, struct cands *c)
{
	uint32_t k = p->k;
	if (p->v.nops == 0 && p->op != BPF_JSET) {
		add(c, k - 1);
		add(c, k);
		add(c, k + 1);
		return;
	}
	uint32_t m = p->op == BPF_JSET ? k : UINT32_MAX;
	uint32_t want = p->op == BPF_JSET ? 0 : k;
	if (p->v.nops == 1 && p->v.ops[0].op == BPF_AND)
		m &= p->v.ops[0].k;
	else if (p->v.nops > 0) {
		/* Other operations: their inverse is not kept; probe around k and at random
		 * (below). */
		add(c, k);
		add(c, k - 1);
		add(c, k + 1);
	}
	add(c, want);
	add(c, want | ~m);
	add(c, m);
	for (unsigned b = 0; b < 32; b++)
		if (m & (1u << b))
			add(c, want ^ (1u << b));
}

struct words {
	uint8_t w[BPF_SD_WORDS];
	struct cands c[BPF_SD_WORDS];
	size_t n;
};

/* 0, 1, 2^31 - 1, 2^31, 2^32 - 1 (as the high word: 2^63 and the high bits). */
static void base(struct cands *c)
{
	add(c, 0);
	add(c, UINT32_MAX);
	add(c, 1);
	add(c, 0x80000000u);
	add(c, 0x7fffffffu);
}

static size_t word_slot(struct words *ws, uint8_t w)
{
	size_t k = 0;
	while (k < ws->n && ws->w[k] != w)
		k++;
	if (k == ws->n) {
		ws->w[ws->n] = w;
		ws->c[ws->n] = (struct cands){0};
		base(&ws->c[ws->n]);
		ws->n++;
	}
	return k;
}

static void collect(const struct verdict_sys *s, struct words *ws)
{
	for (size_t i = 0; s && i < s->nprobes; i++) {
		const struct explore_cond *p = &s->probes[i];
		from_cond(p, &ws->c[word_slot(ws, p->v.word)]);
	}
}

/* The comparisons on the paths of a joint exploration. */
static void collect_paths(const struct explore_result *r, struct words *ws)
{
	for (size_t i = 0; i < r->nconds && i < 4096; i++) {
		const struct explore_cond *p = &r->conds[i];
		if (p->v.opaque)
			continue;
		size_t k = word_slot(ws, p->v.word);
		from_cond(p, &ws->c[k]);
	}
}

/* Every word of the input (ip and the six arguments, both halves): where a decision is
 * approximate the words that matter are not all known. */
static void collect_all(struct words *ws)
{
	for (uint8_t w = 2; w < BPF_SD_WORDS; w++)
		word_slot(ws, w);
}

struct probe {
	const struct bpf_prog *sa, *sb;
	size_t na, nb;
	struct seccomp_data d;
	size_t runs;
};

static bool differs(struct probe *p, uint32_t *ra, uint32_t *rb)
{
	p->runs++;
	*ra = verdict_ret_norm(bpf_run_stack(p->sa, p->na, &p->d));
	*rb = verdict_ret_norm(bpf_run_stack(p->sb, p->nb, &p->d));
	return *ra != *rb;
}

static void set_word(struct seccomp_data *d, unsigned w, uint32_t v)
{
	memcpy((char *)d + w * 4, &v, sizeof(v));
}

/* Searches an input on which the stacks disagree; true when found (left in p->d). */
static bool search(struct probe *p, const struct words *ws, uint32_t *ra, uint32_t *rb)
{
	size_t total = 1;
	for (size_t i = 0; i < ws->n && total <= FULL_PRODUCT_MAX; i++)
		total *= ws->c[i].n;
	size_t idx[BPF_SD_WORDS] = {0};
	if (total <= FULL_PRODUCT_MAX) {
		for (;;) {
			for (size_t i = 0; i < ws->n; i++)
				set_word(&p->d, ws->w[i], ws->c[i].v[idx[i]]);
			if (differs(p, ra, rb))
				return true;
			size_t i = 0;
			while (i < ws->n && ++idx[i] == ws->c[i].n)
				idx[i++] = 0;
			if (i == ws->n)
				return false;
		}
	}
	for (size_t i = 0; i < ws->n; i++) {
		for (size_t k = 0; k < ws->n; k++)
			set_word(&p->d, ws->w[k], ws->c[k].v[0]);
		for (size_t v = 0; v < ws->c[i].n; v++) {
			set_word(&p->d, ws->w[i], ws->c[i].v[v]);
			if (differs(p, ra, rb))
				return true;
		}
	}
	/* Seeded (the same witness on every run): a candidate, or one time in four any
	 * 32-bit value. */
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t random = p->runs < INPUTS_MAX ? RANDOM_INPUTS : RANDOM_INPUTS_LATE;
	for (size_t t = 0; t < random; t++)
		for (size_t i = 0; i < ws->n; i++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			uint32_t v = ((seed >> 60) & 3) == 0
					 ? (uint32_t)(seed >> 16)
					 : ws->c[i].v[(seed >> 33) % ws->c[i].n];
			set_word(&p->d, ws->w[i], v);
			if (i + 1 == ws->n && differs(p, ra, rb))
				return true;
		}
	return false;
}

static void witness(struct vdiff_item *it, const struct words *ws, const struct seccomp_data *d)
{
	for (size_t i = 0; i < ws->n; i++) {
		unsigned field = (ws->w[i] - 2) / 2;
		it->fields |= (uint8_t)(1u << field);
	}
	it->value[0] = d->instruction_pointer;
	for (unsigned i = 0; i < 6; i++)
		it->value[i + 1] = d->args[i];
}

static int push(struct vdiff *out, const struct vdiff_item *it)
{
	struct vdiff_item *n = realloc(out->items, (out->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	out->items = n;
	out->items[out->n++] = *it;
	return 0;
}

static bool same_stacks(const struct bpf_prog *sa, size_t na, const struct bpf_prog *sb, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (sa[i].len != sb[i].len ||
		    memcmp(sa[i].insns, sb[i].insns, sa[i].len * sizeof(*sa[i].insns)) != 0)
			return false;
	return true;
}

static const struct verdict_sys *sys_of(const struct verdict_abi *abi, uint32_t nr)
{
	size_t lo = 0, hi = abi->n; /* sorted by number (verdict.c decides them in order) */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (abi->sys[mid].nr == nr)
			return &abi->sys[mid];
		if (abi->sys[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* What the joint exploration proved: 1 equal for every input, 2 different for every input
 * (the same two results on every path: *ra, *rb), 0 nothing (*ra, *rb: a path that differs,
 * if one does). */
static int proven(const struct explore_result *r, uint32_t *ra, uint32_t *rb)
{
	*ra = *rb = 0;
	if (r->nleaves == 0) /* not explored: nothing proven */
		return 0;
	bool anydiff = false, alldiff = true;
	uint32_t fa = verdict_ret_norm(r->leaves[0].ret_a), fb = verdict_ret_norm(r->leaves[0].ret);
	*ra = fa;
	*rb = fb;
	for (size_t i = 0; i < r->nleaves; i++) {
		uint32_t a = verdict_ret_norm(r->leaves[i].ret_a),
			 b = verdict_ret_norm(r->leaves[i].ret);
		if (a != b && !anydiff) {
			*ra = a;
			*rb = b;
		}
		anydiff |= a != b;
		alldiff &= a != b && a == fa && b == fb;
	}
	if (r->approx)
		return 0;
	return !anydiff ? 1 : alldiff ? 2 : 0;
}

static int push_number(struct vdiff *out, const struct vdiff_item *it)
{
	struct vdiff_item *last = out->n ? &out->items[out->n - 1] : NULL;
	if (last && !last->a && it->every && last->every && last->abi == it->abi &&
	    last->nr_last + 1 == it->nr && last->ret_a == it->ret_a && last->ret_b == it->ret_b) {
		last->nr_last = it->nr;
		return 0;
	}
	return push(out, it);
}

/* One number of one ABI: nothing pushed when proven equal. */
static int compare_nr(struct probe *p, const struct verdict_abi *A, const struct verdict_abi *B,
		      size_t a, uint32_t nr, struct explore_result *er, uint64_t *steps,
		      struct vdiff *out)
{
	struct vdiff_item it = {.abi = a, .nr = nr, .nr_last = nr};
	it.a = sys_of(A, nr);
	it.b = it.a ? sys_of(B, nr) : NULL;
	if (!it.b)
		it.a = NULL;
	er->budget = *steps < VDIFF_STEPS_MAX ? 0 : VDIFF_LATE_STEPS;
	int r = explore_pair(p->sa, p->na, p->sb, p->nb, nr, A->arch, er);
	*steps += er->steps;
	if (r < 0)
		return r;
	int pr = proven(er, &it.ret_a, &it.ret_b);
	if (pr == 1)
		return 0;
	it.approx = er->approx;
	if (pr == 2) {
		it.every = true;
	} else {
		struct words ws = {0};
		collect(it.a, &ws);
		collect(it.b, &ws);
		collect_paths(er, &ws);
		if (er->approx)
			collect_all(&ws);
		p->d = (struct seccomp_data){.nr = (int)nr, .arch = A->arch};
		uint32_t ra, rb;
		if (search(p, &ws, &ra, &rb)) {
			it.ret_a = ra;
			it.ret_b = rb;
			witness(&it, &ws, &p->d);
		} else {
			it.status = VDIFF_UNPROVEN;
		}
	}
	if (it.status == VDIFF_UNPROVEN)
		out->unproven++;
	else if (it.a)
		out->syscalls++;
	else
		out->numbers++;
	return it.a ? push(out, &it) : push_number(out, &it);
}

int vdiff_compute(const struct bpf_prog *sa, size_t na, const struct verdict *va,
		  const struct bpf_prog *sb, size_t nb, const struct verdict *vb, size_t nabi,
		  struct vdiff *out)
{
	*out = (struct vdiff){.nabi = nabi < va->nabi ? nabi : va->nabi};
	if (same_stacks(sa, na, sb, nb)) {
		/* The same programs decide the same for every input. */
		out->identical = true;
		return 0;
	}
	struct probe p = {.sa = sa, .sb = sb, .na = na, .nb = nb};
	struct explore_result er = {0};
	uint64_t steps = 0;
	int r = 0;
	for (size_t a = 0; a < out->nabi && a < vb->nabi && r == 0; a++) {
		const struct verdict_abi *A = &va->abi[a], *B = &vb->abi[a];
		for (uint32_t nr = 0; nr < VERDICT_NR_SCAN && r == 0; nr++)
			r = compare_nr(&p, A, B, a, nr | A->nr_bit, &er, &steps, out);
	}
	explore_result_free(&er);
	out->inputs = p.runs;
	if (r < 0) {
		vdiff_free(out);
		return -ENOMEM;
	}
	return 0;
}

void vdiff_free(struct vdiff *d)
{
	free(d->items);
	*d = (struct vdiff){0};
}
