/* The results kept between audits (watch/results.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cleanup.h"
#include "watch/results.h"

static void entry_free(struct watch_entry *e)
{
	if (!e)
		return;
	findings_free(e->ac.findings, e->ac.nfindings);
	facts_free(&e->facts);
	free(e);
}

static bool key_in(uint64_t k, const uint64_t *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i] == k)
			return true;
	return false;
}

static int cmp_entry(const void *x, const void *y)
{
	const struct watch_entry *a = *(struct watch_entry *const *)x;
	const struct watch_entry *b = *(struct watch_entry *const *)y;
	int64_t pa = a->facts.v[F_CONTAINER_PID].u.i, pb = b->facts.v[F_CONTAINER_PID].u.i;
	return pa < pb ? -1 : pa > pb;
}

/* Whether an entry of r stays: not in an audited group, and not the group of a new one. */
static bool stays(const struct watch_entry *e, const struct container_list *list,
		  const uint64_t *keys, size_t nkeys)
{
	if (!nkeys)
		return false;
	return !key_in(e->key, keys, nkeys) && !(list->key && key_in(e->key, list->key, list->n));
}

/* What a partial audit could not read counts at once (the metrics' unreadable gauges and the
 * reports' view), each process and fact once; the next audit of the whole host replaces the
 * list, which drops what is readable or gone by then. */
static int merge_partial_gaps(struct gaps *kept, const struct gaps *now)
{
	struct gaps fresh = {0};
	for (size_t i = 0; i < now->n; i++) {
		const struct gap *g = &now->v[i];
		bool known = false;
		for (size_t k = 0; !known && k < kept->n; k++)
			known = kept->v[k].pid == g->pid && strcmp(kept->v[k].what, g->what) == 0 &&
				strcmp(kept->v[k].container, g->container) == 0;
		if (known)
			continue;
		struct gap *v = realloc(fresh.v, (fresh.n + 1) * sizeof(*v));
		if (!v) {
			free(fresh.v);
			return -ENOMEM;
		}
		fresh.v = v;
		fresh.v[fresh.n++] = *g;
		if (strcmp(g->what, "process") == 0)
			fresh.processes++;
		else
			fresh.containers++;
	}
	int r = gaps_merge(kept, &fresh, NULL);
	free(fresh.v);
	return r;
}

int watch_results_merge(struct watch_results *r, struct container_list *list,
			struct audit_container *ac, const uint64_t *keys, size_t nkeys,
			struct facts *host, struct gaps *gaps)
{
	size_t keep = 0;
	for (size_t i = 0; i < r->n; i++)
		keep += stays(r->e[i], list, keys, nkeys);
	_cleanup_free_ struct watch_entry **e = calloc(keep + list->n + 1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	for (size_t i = 0; i < list->n; i++)
		if (!(e[keep + i] = calloc(1, sizeof(**e)))) {
			for (size_t k = 0; k < i; k++)
				free(e[keep + k]);
			return -ENOMEM;
		}
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (stays(r->e[i], list, keys, nkeys))
			e[n++] = r->e[i];
		else
			entry_free(r->e[i]);
	}
	for (size_t i = 0; i < list->n; i++, n++) {
		struct watch_entry *x = e[n];
		x->key = list->key ? list->key[i] : 0;
		x->facts = list->c[i];
		list->c[i] = (struct facts){0};
		x->ac = ac[i];
		x->ac.facts = &x->facts;
		ac[i].findings = NULL;
		ac[i].nfindings = 0;
	}
	if (n)
		qsort(e, n, sizeof(*e), cmp_entry);
	free(r->e);
	r->e = TAKE_PTR(e);
	r->n = n;
	facts_free(&r->host);
	r->host = *host;
	*host = (struct facts){0};
	if (!nkeys && gaps) {
		gaps_free(&r->gaps);
		r->gaps = *gaps;
		*gaps = (struct gaps){0};
	} else if (gaps) {
		return merge_partial_gaps(&r->gaps, gaps);
	}
	return 0;
}

struct audit_container *watch_results_containers(const struct watch_results *r)
{
	struct audit_container *c = calloc(r->n ? r->n : 1, sizeof(*c));
	for (size_t i = 0; c && i < r->n; i++)
		c[i] = r->e[i]->ac;
	return c;
}

/* FNV-1a, 64 bits, over s and its terminating NUL (NULL hashes as a lone 0xff). */
static uint64_t mix(uint64_t h, const char *s)
{
	if (!s)
		return (h ^ 0xff) * 0x100000001b3ull;
	do
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	while (*s++);
	return h;
}

static uint64_t mix_int(uint64_t h, int64_t v)
{
	char b[24];
	snprintf(b, sizeof(b), "%lld", (long long)v);
	return mix(h, b);
}

uint64_t watch_results_digest(const struct watch_results *r)
{
	static const enum fact_id ids[] = {F_CONTAINER_ID,	  F_CONTAINER_NAME,
					   F_CONTAINER_IMAGE,	  F_CONTAINER_RUNTIME,
					   F_CONTAINER_NAMESPACE, F_CONTAINER_POD};
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < r->n; i++) {
		const struct watch_entry *e = r->e[i];
		h = mix_int(h, e->facts.v[F_CONTAINER_PID].u.i);
		for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
			h = mix(h, facts_str(&e->facts, ids[k]));
		for (size_t k = 0; k < e->ac.nfindings; k++) {
			const struct finding *f = &e->ac.findings[k];
			h = mix(h, f->rule ? f->rule->id : NULL);
			h = mix_int(h, f->status);
			h = mix(h, f->evidence);
			h = mix(h, f->note);
			h = mix(h, f->fingerprint);
		}
	}
	for (size_t i = 0; i < r->gaps.n; i++) {
		const struct gap *g = &r->gaps.v[i];
		h = mix_int(h, g->pid);
		h = mix(h, g->what);
		h = mix(h, g->container);
		h = mix(h, g->reason);
	}
	return h;
}

void watch_results_free(struct watch_results *r)
{
	for (size_t i = 0; i < r->n; i++)
		entry_free(r->e[i]);
	free(r->e);
	facts_free(&r->host);
	gaps_free(&r->gaps);
	*r = (struct watch_results){0};
}
