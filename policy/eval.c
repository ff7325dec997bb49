/* Rule evaluation with evidence. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/eval.h"

#define EVIDENCE_ITEMS 8 /* list items shown before "(+N more)" */

static const char *const status_names[] = {"fail", "pass", "waived", "not_evaluated"};

const char *finding_status_name(enum finding_status s)
{
	return status_names[s];
}

const struct fact_value *fact_view_get(const struct fact_view *v, enum fact_id id)
{
	static const struct fact_value unknown = {0};
	const struct facts *f = fact_def(id)->scope == FACT_SCOPE_HOST ? v->host : v->container;
	return f ? &f->v[id] : &unknown;
}

static void sep(struct buf *e)
{
	if (e->len)
		buf_puts(e, "; ");
}

/* The evidence is built from pieces, not printf formats: it is written for every rule of every
 * container, and vsnprintf was a quarter of `ctguard audit`'s instructions (bench/README.md). */
static void put3(struct buf *e, const char *a, const char *b, const char *c)
{
	buf_puts(e, a ? a : "");
	buf_puts(e, b ? b : "");
	if (c)
		buf_puts(e, c);
}

static void put_i64(struct buf *e, int64_t v)
{
	char t[24], *p = t + sizeof(t);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		*--p = '-';
	buf_append(e, p, (size_t)(t + sizeof(t) - p));
}

static void put_list(struct buf *e, const struct strv *l)
{
	buf_putc(e, '[');
	for (size_t i = 0; i < l->n && i < EVIDENCE_ITEMS; i++) {
		if (i)
			buf_puts(e, ", ");
		buf_puts(e, l->v[i]);
	}
	if (l->n > EVIDENCE_ITEMS)
		buf_printf(e, ", (+%zu more)", l->n - EVIDENCE_ITEMS);
	buf_putc(e, ']');
}

/* "name = value" for any fact. */
static void put_value(struct buf *e, const char *name, const struct fact_value *v, enum fact_type t)
{
	put3(e, name, " = ", NULL);
	switch (t) {
	case FACT_BOOL:
		buf_puts(e, v->u.b ? "true" : "false");
		break;
	case FACT_INT:
		put_i64(e, v->u.i);
		break;
	case FACT_STRING:
		put3(e, "\"", v->u.s ? v->u.s : "", "\"");
		break;
	case FACT_LIST:
		put_list(e, &v->l);
		break;
	}
}

static bool scalar_in(const struct fact_value *v, enum fact_type t, const struct strv *set)
{
	char tmp[32];
	const char *s = v->u.s ? v->u.s : "";
	if (t == FACT_INT) {
		snprintf(tmp, sizeof(tmp), "%" PRId64, v->u.i);
		s = tmp;
	}
	return strv_contains(set, s);
}

static bool lists_equal(const struct strv *a, const struct strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!strv_contains(b, a->v[i]))
			return false;
	return true;
}

static bool scalar_equal(const struct cond *c, const struct fact_value *v, enum fact_type t)
{
	switch (t) {
	case FACT_BOOL:
		return v->u.b == c->want.u.b;
	case FACT_INT:
		return v->u.i == c->want.u.i;
	case FACT_STRING:
		return strcmp(v->u.s ? v->u.s : "", c->want.u.s ? c->want.u.s : "") == 0;
	case FACT_LIST:
		return lists_equal(&v->l, &c->want.l);
	}
	return false;
}

/* Items of have that are (in = true) or are not (in = false) in set. */
static int pick(const struct strv *have, const struct strv *set, bool in, struct strv *out)
{
	for (size_t i = 0; i < have->n; i++)
		if (strv_contains(set, have->v[i]) == in && strv_push(out, have->v[i]) < 0)
			return -ENOMEM;
	return 0;
}

/* Items of l matching re. */
static int pick_matching(const struct strv *l, const regex_t *re, struct strv *out)
{
	for (size_t i = 0; i < l->n; i++)
		if (regexec(re, l->v[i], 0, NULL, 0) == 0 && strv_push(out, l->v[i]) < 0)
			return -ENOMEM;
	return 0;
}

/* 1 (true), 0 (false), or -ENOMEM when the items could not be collected: never a result. */
static int list_ops(const struct cond *c, const char *name, const struct fact_value *v,
		    struct buf *e)
{
	struct strv hit = STRV_INIT;
	bool r = false;
	int err = 0;
	switch (c->op) {
	case OP_CONTAINS:
		r = strv_contains(&v->l, c->want.u.s);
		put3(e, name, r ? " contains " : " lacks ", c->want.u.s);
		break;
	case OP_CONTAINS_ANY:
		if ((err = pick(&v->l, &c->want.l, true, &hit)) < 0)
			break;
		r = hit.n > 0;
		if (r) {
			put3(e, name, " contains ", NULL);
			put_list(e, &hit);
		} else {
			put3(e, name, " contains none of ", NULL);
			put_list(e, &c->want.l);
		}
		break;
	case OP_CONTAINS_ALL:
		if ((err = pick(&c->want.l, &v->l, false, &hit)) < 0)
			break;
		r = hit.n == 0;
		if (r) {
			put3(e, name, " contains all of ", NULL);
			put_list(e, &c->want.l);
		} else {
			put3(e, name, " lacks ", NULL);
			put_list(e, &hit);
		}
		break;
	case OP_SUBSET_OF:
		if ((err = pick(&v->l, &c->want.l, false, &hit)) < 0)
			break;
		r = hit.n == 0;
		if (r) {
			put_value(e, name, v, FACT_LIST);
		} else {
			put3(e, name, " has ", NULL);
			put_list(e, &hit);
			buf_puts(e, " beyond the allowed set");
		}
		break;
	case OP_NOT_EMPTY:
		r = (v->l.n > 0) == c->want.u.b;
		put_value(e, name, v, FACT_LIST);
		break;
	case OP_MATCHES:
		if ((err = pick_matching(&v->l, &c->re, &hit)) < 0)
			break;
		r = hit.n > 0;
		if (r) {
			put3(e, name, " has ", NULL);
			put_list(e, &hit);
			put3(e, " matching '", c->want.u.s, "'");
		} else {
			put3(e, "no item of ", name, " matches '");
			put3(e, c->want.u.s, "'", NULL);
		}
		break;
	default:
		r = scalar_equal(c, v, FACT_LIST) == (c->op == OP_EQUALS);
		put_value(e, name, v, FACT_LIST);
		break;
	}
	strv_free(&hit);
	return err < 0 ? err : r;
}

static bool scalar_ops(const struct cond *c, const char *name, const struct fact_value *v,
		       enum fact_type t, struct buf *e)
{
	const char *s = v->u.s ? v->u.s : "";
	put_value(e, name, v, t);
	switch (c->op) {
	case OP_EQUALS:
		return scalar_equal(c, v, t);
	case OP_NOT_EQUALS:
		return !scalar_equal(c, v, t);
	case OP_IN:
		return scalar_in(v, t, &c->want.l);
	case OP_NOT_IN:
		return !scalar_in(v, t, &c->want.l);
	case OP_CONTAINS:
		return strstr(s, c->want.u.s) != NULL;
	case OP_NOT_EMPTY:
		return (*s != '\0') == c->want.u.b;
	case OP_GT:
		return v->u.i > c->want.u.i;
	case OP_GTE:
		return v->u.i >= c->want.u.i;
	case OP_LT:
		return v->u.i < c->want.u.i;
	case OP_LTE:
		return v->u.i <= c->want.u.i;
	case OP_MATCHES:
		return regexec(&c->re, s, 0, NULL, 0) == 0;
	default:
		return false;
	}
}

static enum tri eval_fact(const struct cond *c, const struct fact_view *view, struct buf *e)
{
	const struct fact_def *d = fact_def(c->fact);
	const struct fact_value *v = fact_view_get(view, c->fact);
	sep(e);
	if (!v->known) {
		put3(e, d->name, " unknown", NULL);
		return TRI_UNKNOWN;
	}
	int r = d->type == FACT_LIST ? list_ops(c, d->name, v, e)
				     : scalar_ops(c, d->name, v, d->type, e);
	if (r < 0)
		return TRI_ERROR;
	return r ? TRI_TRUE : TRI_FALSE;
}

/* all/any: Kleene logic. The evidence names the children that decided the result: the false
 * one(s) of a false "all", the true one(s) of a true "any", the unknown ones of an unknown
 * result, and every child when all of them agreed. */
static enum tri eval_group(const struct cond *c, const struct fact_view *v, struct buf *e)
{
	enum tri decisive = c->kind == COND_ALL ? TRI_FALSE : TRI_TRUE;
	enum tri res[RULE_CHILDREN_MAX];
	/* The children's evidence, one after the other in one buffer (a buffer per child was a
	 * third of the judging's allocations): child i's is [from[i], to[i]). A child appending to
	 * a non-empty buffer starts with sep()'s "; ", which is not part of its own text. */
	size_t from[RULE_CHILDREN_MAX], to[RULE_CHILDREN_MAX];
	_cleanup_buf_ struct buf sc = BUF_INIT;
	bool seen_decisive = false, seen_unknown = false, seen_error = false;
	for (size_t i = 0; i < c->nsub; i++) {
		size_t start = sc.len;
		res[i] = eval_cond(&c->sub[i], v, &sc);
		if (start && sc.len >= start + 2 && memcmp(sc.data + start, "; ", 2) == 0)
			start += 2;
		from[i] = start;
		to[i] = sc.len;
		seen_decisive |= res[i] == decisive;
		seen_unknown |= res[i] == TRI_UNKNOWN;
		seen_error |= res[i] == TRI_ERROR;
	}
	enum tri r = seen_decisive ? decisive
				   : (seen_unknown ? TRI_UNKNOWN
						   : (decisive == TRI_TRUE ? TRI_FALSE : TRI_TRUE));
	if (seen_error)
		r = TRI_ERROR; /* even when another child decided: the caller fails */
	for (size_t i = 0; i < c->nsub; i++) {
		bool show = seen_decisive ? res[i] == decisive
					  : (seen_unknown ? res[i] == TRI_UNKNOWN : true);
		if (show && to[i] > from[i]) {
			sep(e);
			buf_append(e, sc.data + from[i], to[i] - from[i]);
		}
	}
	return r;
}

enum tri eval_cond(const struct cond *c, const struct fact_view *v, struct buf *e)
{
	switch (c->kind) {
	case COND_FACT:
		return eval_fact(c, v, e);
	case COND_ALL:
	case COND_ANY:
		return eval_group(c, v, e);
	case COND_NOT: {
		enum tri t = eval_cond(c->sub, v, e);
		if (t == TRI_UNKNOWN || t == TRI_ERROR)
			return t;
		return t == TRI_TRUE ? TRI_FALSE : TRI_TRUE;
	}
	}
	return TRI_UNKNOWN;
}

/* Whether the rule judges this container at all: TRUE, or not (FALSE, UNKNOWN) with the
 * reason in *why: a control the running state cannot judge, or an unmet `requires` (an LSM the
 * host does not run). An unknown `requires` leaves its unknown facts as the evidence. */
static enum tri precondition(const struct rule *r, const struct fact_view *v, struct buf *e,
			     const char **why)
{
	if (r->not_evaluated) {
		*why = r->not_evaluated;
		return TRI_FALSE;
	}
	if (!r->has_requires)
		return TRI_TRUE;
	enum tri t = eval_cond(&r->requires, v, e);
	if (t == TRI_FALSE)
		*why = r->requires_reason;
	return t;
}

static int judge(const struct rule *r, const struct fact_view *v, struct waivers *ws, time_t now,
		 bool scanner, struct finding *f)
{
	struct buf e = BUF_INIT;
	const char *why = NULL;
	enum tri t = precondition(r, v, &e, &why);
	if (t == TRI_TRUE) {
		/* As in an "all": a failure shows the requirement met and what failed; a pass or
		 * an unknown only what decided it. */
		size_t pre = e.len; /* the requirement's evidence, then "; " and the rule's */
		t = eval_cond(&r->when, v, &e);
		if (t != TRI_TRUE && pre) {
			size_t drop =
			    e.len >= pre + 2 && memcmp(e.data + pre, "; ", 2) == 0 ? pre + 2 : pre;
			memmove(e.data, e.data + drop, e.len - drop + 1);
			e.len -= drop;
		}
	} else {
		t = TRI_UNKNOWN;
	}
	*f = (struct finding){.rule = r, .evidence = buf_steal(&e)};
	if (!f->evidence || t == TRI_ERROR || (why && !(f->note = strdup(why))))
		return -ENOMEM; /* fail closed; the caller frees f->evidence */
	f->status = t == TRI_TRUE    ? FINDING_FAIL
		    : t == TRI_FALSE ? FINDING_PASS
				     : FINDING_NOT_EVALUATED;
	if (f->status != FINDING_FAIL)
		return 0;
	bool expired = false;
	struct waiver *w = ws ? waivers_match(ws, r->id, v->container, now, &expired) : NULL;
	struct buf note = BUF_INIT;
	if (w && !expired) {
		f->status = FINDING_WAIVED;
		buf_printf(&note, "waived by %s (%s:%zu): %s", w->owner, w->file, w->line,
			   w->reason);
		if (w->expires)
			buf_printf(&note, " (until %s)", w->expires);
	} else if (w) {
		buf_printf(&note, "waiver by %s (%s:%zu) expired on %s: no longer waives", w->owner,
			   w->file, w->line, w->expires);
	} else if (scanner && r->scanner_expected) {
		f->status = FINDING_WAIVED;
		buf_puts(&note,
			 "expected: this is ctguard's own container, whose documented "
			 "deployment needs the host's pid namespace and read-only access to the "
			 "host's /proc and runtime state");
	}
	f->note = note.len ? buf_steal(&note) : NULL;
	buf_free(&note);
	return 0;
}

int eval_container(const struct ruleset *rs, const struct fact_view *v, struct waivers *ws,
		   time_t now, bool scanner, struct finding **out)
{
	struct finding *f = calloc(rs->n ? rs->n : 1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < rs->n; i++)
		if (judge(&rs->r[i], v, ws, now, scanner, &f[i]) < 0) {
			findings_free(f, i + 1); /* f is zeroed: f[i] holds at most its evidence */
			return -ENOMEM;
		}
	*out = f;
	return 0;
}

void findings_free(struct finding *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++) {
		free(f[i].evidence);
		free(f[i].note);
	}
	free(f);
}
