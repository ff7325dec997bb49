/* Comparison of two filter stacks by emulation (see vdiff.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit/vdiff.h"
#include "lib/cleanup.h"

#define CANDS_MAX	 128
#define FULL_PRODUCT_MAX 16384 /* inputs tried exhaustively over the candidate values */
#define RANDOM_INPUTS	 8192  /* beyond that: each word alone, then random combinations */

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

static void collect(const struct verdict_sys *s, struct words *ws)
{
	for (size_t i = 0; s && i < s->nprobes; i++) {
		const struct explore_cond *p = &s->probes[i];
		size_t k = 0;
		while (k < ws->n && ws->w[k] != p->v.word)
			k++;
		if (k == ws->n) {
			ws->w[ws->n] = p->v.word;
			ws->c[ws->n] = (struct cands){0};
			add(&ws->c[ws->n], 0);
			add(&ws->c[ws->n], UINT32_MAX);
			add(&ws->c[ws->n], 1);
			add(&ws->c[ws->n], 0x80000000u);
			ws->n++;
		}
		from_cond(p, &ws->c[k]);
	}
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
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	for (size_t t = 0; t < RANDOM_INPUTS; t++)
		for (size_t i = 0; i < ws->n; i++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			set_word(&p->d, ws->w[i], ws->c[i].v[(seed >> 33) % ws->c[i].n]);
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

/* The numbers an ABI leaves undefined: the same answer is expected whatever the arguments. */
static int unnamed(struct probe *p, const struct verdict_abi *abi, size_t a, struct vdiff *out)
{
	bool named[VERDICT_NR_SCAN] = {false};
	for (size_t i = 0; i < abi->n; i++)
		named[(abi->sys[i].nr & ~abi->nr_bit) % VERDICT_NR_SCAN] = true;
	for (uint32_t nr = 0; nr < VERDICT_NR_SCAN; nr++) {
		if (named[nr])
			continue;
		struct vdiff_item it = {
		    .abi = a, .nr = nr | abi->nr_bit, .nr_last = nr | abi->nr_bit};
		p->d = (struct seccomp_data){.nr = (int)it.nr, .arch = abi->arch};
		if (!differs(p, &it.ret_a, &it.ret_b))
			continue;
		out->numbers++;
		struct vdiff_item *last = out->n ? &out->items[out->n - 1] : NULL;
		if (last && !last->a && last->abi == a && last->nr_last + 1 == it.nr &&
		    last->ret_a == it.ret_a && last->ret_b == it.ret_b)
			last->nr_last = it.nr;
		else if (push(out, &it) < 0)
			return -ENOMEM;
	}
	return 0;
}

int vdiff_compute(const struct bpf_prog *sa, size_t na, const struct verdict *va,
		  const struct bpf_prog *sb, size_t nb, const struct verdict *vb, size_t nabi,
		  struct vdiff *out)
{
	*out = (struct vdiff){0};
	struct probe p = {.sa = sa, .sb = sb, .na = na, .nb = nb};
	for (size_t a = 0; a < nabi && a < va->nabi && a < vb->nabi; a++) {
		const struct verdict_abi *A = &va->abi[a], *B = &vb->abi[a];
		for (size_t i = 0; i < A->n && i < B->n; i++) {
			const struct verdict_sys *x = &A->sys[i], *y = &B->sys[i];
			struct vdiff_item it = {.abi = a, .a = x, .b = y, .nr = x->nr};
			if (!x->conditional && !y->conditional) {
				if (x->ret == y->ret)
					continue;
				it.ret_a = x->ret;
				it.ret_b = y->ret;
			} else {
				struct words ws = {0};
				collect(x, &ws);
				collect(y, &ws);
				p.d = (struct seccomp_data){.nr = (int)x->nr, .arch = A->arch};
				if (!search(&p, &ws, &it.ret_a, &it.ret_b))
					continue;
				witness(&it, &ws, &p.d);
			}
			out->syscalls++;
			if (push(out, &it) < 0) {
				vdiff_free(out);
				return -ENOMEM;
			}
		}
	}
	for (size_t a = 0; a < nabi && a < va->nabi && a < vb->nabi; a++)
		if (unnamed(&p, &va->abi[a], a, out) < 0) {
			vdiff_free(out);
			return -ENOMEM;
		}
	out->inputs = p.runs;
	return 0;
}

void vdiff_free(struct vdiff *d)
{
	free(d->items);
	*d = (struct vdiff){0};
}
