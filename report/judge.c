/* Rule loading and judging for every caller of the audit pipeline (report/judge.h). */
#include "config.h"

#include <errno.h>

#include "policy/policy.h"
#include "policy/policyrules.h"
#include "report/judge.h"

/* The policy.* rules of an enforcement policy (a built-in name or a file). */
static void load_policy_rules(const char *name, struct ruleset *rs, struct diag *d)
{
	struct launch_policy p;
	if (policy_load(name, &p, d) < 0) {
		if (!diag_any(d))
			diag_add(d, name, 0, 0, "cannot load the policy");
		return;
	}
	if (policyrules_add(rs, &p, d) < 0 && !diag_any(d))
		diag_add(d, name, 0, 0, "out of memory");
	policy_free(&p);
}

int judge_load(const struct judge_config *cfg, struct ruleset *rs, struct waivers *ws,
	       struct diag *d)
{
	if (cfg->packs.n == 0 && cfg->rules.n == 0 && !cfg->policy)
		ruleset_load_builtin(rs, d);
	for (size_t i = 0; i < cfg->packs.n; i++)
		ruleset_load_pack(rs, cfg->packs.v[i], d);
	for (size_t i = 0; i < cfg->rules.n; i++)
		ruleset_load_path(rs, cfg->rules.v[i], d);
	if (cfg->policy)
		load_policy_rules(cfg->policy, rs, d);
	if (diag_any(d))
		return -EINVAL;
	if (cfg->waivers && (waivers_load(ws, cfg->waivers, d) < 0 || diag_any(d)))
		return -EINVAL;
	return 0;
}

int judge_containers(const struct ruleset *rs, struct waivers *ws,
		     const struct container_list *list, const struct facts *host,
		     const char *hostname, time_t now, struct audit_container *out)
{
	for (size_t i = 0; i < list->n; i++) {
		struct fact_view v = {&list->c[i], host};
		struct audit_container *c = &out[i];
		const struct fact_value *sc = &list->c[i].v[F_CONTAINER_SCANNER];
		c->facts = &list->c[i];
		c->host = hostname;
		c->scanner = sc->known && sc->u.b;
		if (eval_container(rs, &v, ws, now, c->scanner, &c->findings) < 0)
			return -ENOMEM;
		c->nfindings = rs->n;
		for (size_t k = 0; k < c->nfindings; k++)
			audit_fingerprint(&c->findings[k], c->facts, c->host,
					  c->findings[k].fingerprint);
	}
	return 0;
}
