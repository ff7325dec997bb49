/* A baseline applied to an audit's results (report/baseline.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cleanup.h"
#include "report/baseline.h"

/* The fingerprints of the failing findings of containers c[0..n). */
static int failing_fingerprints(const struct audit_container *c, size_t n, struct strv *out)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < c[i].nfindings; k++)
			if (c[i].findings[k].status == FINDING_FAIL &&
			    strv_push(out, c[i].findings[k].fingerprint) < 0)
				return -ENOMEM;
	return 0;
}

/* Appends f (of old's container i) to res->fixed: every field copied, or -ENOMEM. */
static int add_fixed(struct audit_result *res, const struct loaded_result *old, size_t i,
		     const struct finding *f)
{
	struct fixed_finding *n = realloc(res->fixed, (res->nfixed + 1) * sizeof(*res->fixed));
	if (!n)
		return -ENOMEM;
	res->fixed = n;
	const struct fact_value *name = &old->facts[i].v[F_CONTAINER_NAME];
	struct fixed_finding x = {
	    .fingerprint = strdup(f->fingerprint),
	    .rule = strdup(f->rule->id),
	    .title = strdup(f->rule->title),
	    .container = strdup(name->known && name->u.s ? name->u.s : ""),
	    .host = strdup(old->hostname ? old->hostname : ""),
	    .severity = f->rule->severity,
	};
	/* Listed even when incomplete, so that audit_fixed_free frees what was copied. */
	res->fixed[res->nfixed++] = x;
	return x.fingerprint && x.rule && x.title && x.container && x.host ? 0 : -ENOMEM;
}

int audit_baseline_apply(struct audit_result *res, const struct loaded_result *old)
{
	_cleanup_strv_ struct strv was = STRV_INIT;
	_cleanup_strv_ struct strv now = STRV_INIT;
	if (failing_fingerprints(old->c, old->n, &was) < 0 ||
	    failing_fingerprints(res->c, res->n, &now) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < res->n; i++)
		for (size_t k = 0; k < res->c[i].nfindings; k++) {
			struct finding *f = &res->c[i].findings[k];
			if (f->status != FINDING_FAIL)
				continue;
			/* A name or image the container claimed never matches the baseline: else a
			 * container could hide its failures behind a baselined one's identity. */
			f->is_new = audit_identity_claimed(res->c[i].facts) ||
				    !strv_contains(&was, f->fingerprint);
		}
	for (size_t i = 0; i < old->n; i++)
		for (size_t k = 0; k < old->c[i].nfindings; k++) {
			const struct finding *f = &old->c[i].findings[k];
			if (f->status != FINDING_FAIL || strv_contains(&now, f->fingerprint))
				continue;
			if (add_fixed(res, old, i, f) < 0)
				return -ENOMEM;
		}
	res->baseline = true;
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
