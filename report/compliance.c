/* Compliance per framework: rules mapped to controls by their refs, states per container. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/compliance.h"

static const char *ref_of(const struct rule *r, const char *key)
{
	for (size_t i = 0; i < r->nrefs; i++)
		if (strcmp(r->refs[i].key, key) == 0)
			return r->refs[i].value;
	return NULL;
}

/* The control of framework fw that r judges, or NULL. PSS restricted includes the baseline
 * controls (as Kubernetes defines it); a control of the same name at both levels (Seccomp,
 * Capabilities) is one control of the restricted framework, judged by the rules of both. */
static const char *compliance_key(enum compliance_framework_id fw, const struct rule *r)
{
	const char *pss = ref_of(r, "pss");
	switch (fw) {
	case COMPLIANCE_CIS_DOCKER:
		return ref_of(r, "cis-docker");
	case COMPLIANCE_PSS_BASELINE:
		return pss && strcmp(pss, "baseline") == 0 ? ref_of(r, "pss-control") : NULL;
	case COMPLIANCE_PSS_RESTRICTED:
		return pss && (strcmp(pss, "baseline") == 0 || strcmp(pss, "restricted") == 0)
			   ? ref_of(r, "pss-control")
			   : NULL;
	case COMPLIANCE_ESCAPES:
		return r->pack && strcmp(r->pack, "escapes") == 0 ? r->id : NULL;
	case COMPLIANCE__FRAMEWORKS:
		break;
	}
	return NULL;
}

/* Index of the control of framework fw that r judges, or -1. Rules are matched by their key,
 * not by pointer: in a fleet report each host's findings point at that host's rules. */
ssize_t compliance_control_of(const struct compliance *c, enum compliance_framework_id fw,
			      const struct rule *r)
{
	const char *key = compliance_key(fw, r);
	for (size_t k = 0; key && k < c->f[fw].n; k++)
		if (strcmp(c->f[fw].c[k].name, key) == 0)
			return (ssize_t)k;
	return -1;
}

static int control_cmp_version(const void *x, const void *y)
{
	const struct compliance_control *a = x, *b = y;
	return strverscmp(a->name, b->name);
}

/* The controls of one framework, from every rule judged, in the order of the rules (CIS
 * sections in section order: 5.2 before 5.10). */
static int compliance_controls(struct compliance_framework *f, enum compliance_framework_id fw,
			       const struct audit_result *a)
{
	f->c = calloc(a->nrules ? a->nrules : 1, sizeof(*f->c));
	if (!f->c)
		return -ENOMEM;
	for (size_t i = 0; i < a->nrules; i++) {
		const char *key = compliance_key(fw, a->rules[i]);
		if (!key)
			continue;
		size_t k = 0;
		while (k < f->n && strcmp(f->c[k].name, key) != 0)
			k++;
		struct compliance_control *ctl = &f->c[k];
		if (k == f->n) {
			ctl->name = key;
			ctl->rules = calloc(a->nrules, sizeof(*ctl->rules));
			if (!ctl->rules)
				return -ENOMEM;
			f->n++;
		}
		ctl->rules[ctl->nrules++] = a->rules[i];
	}
	if (fw == COMPLIANCE_CIS_DOCKER)
		qsort(f->c, f->n, sizeof(*f->c), control_cmp_version);
	return 0;
}

static enum compliance_state state_of(enum finding_status s)
{
	switch (s) {
	case FINDING_FAIL:
		return COMPLIANCE_FAIL;
	case FINDING_PASS:
		return COMPLIANCE_PASS;
	case FINDING_WAIVED:
		return COMPLIANCE_WAIVED;
	case FINDING_NOT_EVALUATED:
		break;
	}
	return COMPLIANCE_NOT_EVALUATED;
}

void compliance_free(struct compliance *c)
{
	for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++) {
		for (size_t k = 0; k < c->f[fw].n; k++)
			free(c->f[fw].c[k].rules);
		free(c->f[fw].c);
		free(c->f[fw].cell);
	}
	*c = (struct compliance){0};
}

/* Judges every (container, control) pair of every framework. The real state of each finding
 * counts, also in baseline mode: a failure that is not new still fails its control. Returns 0 or
 * -ENOMEM (then out is freed). */
int compliance_compute(const struct audit_result *a, struct compliance *out)
{
	static const char *const meta[COMPLIANCE__FRAMEWORKS][3] = {
	    {"cis-docker", "CIS Docker Benchmark, 4.1 and section 5",
	     "container user and runtime controls"},
	    {"pss-baseline", "Pod Security Standards: baseline", "known privilege escalations"},
	    {"pss-restricted", "Pod Security Standards: restricted",
	     "baseline and hardening best practices"},
	    {"escapes", "Container escapes", "ctguard escape rules"},
	};
	*out = (struct compliance){.ncontainers = a->n};
	for (int fw = 0; fw < COMPLIANCE__FRAMEWORKS; fw++) {
		struct compliance_framework *f = &out->f[fw];
		f->id = meta[fw][0];
		f->title = meta[fw][1];
		f->about = meta[fw][2];
		int r = compliance_controls(f, (enum compliance_framework_id)fw, a);
		if (r >= 0 && !(f->cell = calloc(a->n * f->n + 1, sizeof(*f->cell))))
			r = -ENOMEM;
		if (r < 0) {
			compliance_free(out);
			return r;
		}
		for (size_t i = 0; i < a->n; i++) {
			enum compliance_state *row = &f->cell[i * f->n];
			for (size_t j = 0; j < a->c[i].nfindings; j++) {
				const struct finding *x = &a->c[i].findings[j];
				ssize_t k = compliance_control_of(
				    out, (enum compliance_framework_id)fw, x->rule);
				enum compliance_state s = state_of(x->status);
				if (k >= 0 && s > row[k])
					row[k] = s;
			}
			for (size_t k = 0; k < f->n; k++) {
				f->c[k].count[row[k]]++;
				f->count[row[k]]++;
			}
		}
	}
	return 0;
}
