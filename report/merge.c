/* Saved audit results merged into one (report/merge.h). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report/merge.h"

void merge_set_free(struct merge_set *m)
{
	for (size_t i = 0; i < m->ndocs; i++)
		result_free(&m->docs[i]);
	free(m->docs);
	free(m->rules);
	free(m->c);
	strv_free(&m->hosts);
	gaps_free(&m->gaps);
}

int merge_results(struct merge_set *m, struct audit_result *res)
{
	size_t nrules = 0, n = 0;
	for (size_t d = 0; d < m->ndocs; d++) {
		nrules += m->docs[d].nrules;
		n += m->docs[d].n;
		/* Hosts by container, so that a merged report merged again keeps them. */
		if (m->docs[d].n == 0)
			strv_push_unique(&m->hosts, m->docs[d].hostname ? m->docs[d].hostname : "");
		for (size_t i = 0; i < m->docs[d].n; i++)
			strv_push_unique(&m->hosts,
					 m->docs[d].c[i].host ? m->docs[d].c[i].host : "");
	}
	m->rules = calloc(nrules ? nrules : 1, sizeof(*m->rules));
	m->c = calloc(n ? n : 1, sizeof(*m->c));
	if (!m->rules || !m->c)
		return -ENOMEM;
	for (size_t d = 0; d < m->ndocs; d++) {
		for (size_t i = 0; i < m->docs[d].nrules; i++) {
			const struct rule *r = &m->docs[d].rules[i];
			bool seen = false;
			for (size_t k = 0; k < res->nrules && !seen; k++)
				seen = strcmp(m->rules[k]->id, r->id) == 0;
			if (!seen)
				m->rules[res->nrules++] = r;
		}
		for (size_t i = 0; i < m->docs[d].n; i++)
			m->c[res->n++] = m->docs[d].c[i];
		/* What each host's scan could not read stays with the merged report. */
		if (gaps_merge(&m->gaps, &m->docs[d].gaps,
			       m->ndocs > 1 ? m->docs[d].hostname : NULL) < 0)
			return -ENOMEM;
	}
	res->gaps = &m->gaps;
	res->rules = m->rules;
	res->c = m->c;
	res->nhosts = m->hosts.n;
	if (m->ndocs == 1) {
		res->hostname = m->docs[0].hostname;
		res->host = &m->docs[0].host;
	}
	return 0;
}
