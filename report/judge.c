/* An audit's results (report/judge.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/judge.h"

int audit_judge(const struct ruleset *rs, struct waivers *ws, struct container_list *list,
		const struct facts *host, struct audit_result *res)
{
	for (size_t i = 0; i < list->n; i++) {
		struct fact_view v = {&list->c[i], host};
		struct audit_container *c = &res->c[i];
		const struct fact_value *sc = &list->c[i].v[F_CONTAINER_SCANNER];
		c->facts = &list->c[i];
		c->host = res->hostname;
		c->scanner = sc->known && sc->u.b;
		if (eval_container(rs, &v, ws, res->now, c->scanner, &c->findings) < 0)
			return -ENOMEM;
		c->nfindings = rs->n;
		for (size_t k = 0; k < c->nfindings; k++)
			audit_fingerprint(&c->findings[k], c->facts, c->host,
					  c->findings[k].fingerprint);
	}
	return 0;
}

int audit_baseline_apply(struct audit_result *res, const struct loaded_result *old)
{
	struct strv was = STRV_INIT, now = STRV_INIT;
	for (size_t i = 0; i < old->n; i++)
		for (size_t k = 0; k < old->c[i].nfindings; k++)
			if (old->c[i].findings[k].status == FINDING_FAIL)
				strv_push(&was, old->c[i].findings[k].fingerprint);
	for (size_t i = 0; i < res->n; i++)
		for (size_t k = 0; k < res->c[i].nfindings; k++) {
			struct finding *f = &res->c[i].findings[k];
			if (f->status != FINDING_FAIL)
				continue;
			/* A name or image the container claimed never matches the baseline: else a
			 * container could hide its failures behind a baselined one's identity. */
			f->is_new = audit_identity_claimed(res->c[i].facts) ||
				    !strv_contains(&was, f->fingerprint);
			strv_push(&now, f->fingerprint);
		}
	for (size_t i = 0; i < old->n; i++)
		for (size_t k = 0; k < old->c[i].nfindings; k++) {
			const struct finding *f = &old->c[i].findings[k];
			if (f->status != FINDING_FAIL || strv_contains(&now, f->fingerprint))
				continue;
			struct fixed_finding *n =
			    realloc(res->fixed, (res->nfixed + 1) * sizeof(*res->fixed));
			if (!n)
				break;
			res->fixed = n;
			const struct fact_value *name = &old->facts[i].v[F_CONTAINER_NAME];
			res->fixed[res->nfixed++] = (struct fixed_finding){
			    .fingerprint = strdup(f->fingerprint),
			    .rule = strdup(f->rule->id),
			    .title = strdup(f->rule->title),
			    .container = strdup(name->known && name->u.s ? name->u.s : ""),
			    .host = strdup(old->hostname ? old->hostname : ""),
			    .severity = f->rule->severity,
			};
		}
	res->baseline = true;
	strv_free(&was);
	strv_free(&now);
	return 0;
}

void audit_fixed_free(struct audit_result *res)
{
	for (size_t i = 0; i < res->nfixed; i++) {
		struct fixed_finding *x = &res->fixed[i];
		free(x->fingerprint);
		free(x->rule);
		free(x->title);
		free(x->container);
		free(x->host);
	}
	free(res->fixed);
	res->fixed = NULL;
	res->nfixed = 0;
}
