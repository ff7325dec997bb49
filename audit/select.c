/* The containers operands select (audit/select.h). */
#include "config.h"

#include <string.h>

#include "audit/select.h"

bool select_matches(const struct facts *f, const char *arg)
{
	const char *name = f->v[F_CONTAINER_NAME].u.s, *id = f->v[F_CONTAINER_ID].u.s;
	const char *rt = f->v[F_CONTAINER_RUNTIME].u.s;
	return (name && strcmp(name, arg) == 0) || (rt && strcmp(rt, arg) == 0) ||
	       (id && *arg && strncmp(id, arg, strlen(arg)) == 0);
}

bool select_any(const struct container_list *l, const char *arg)
{
	for (size_t i = 0; i < l->n; i++)
		if (select_matches(&l->c[i], arg))
			return true;
	return false;
}

void select_keep(struct container_list *l, char **operands, int n)
{
	if (n == 0)
		return;
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		bool keep = false;
		for (int k = 0; k < n && !keep; k++)
			keep = select_matches(&l->c[i], operands[k]);
		if (keep)
			l->c[w++] = l->c[i];
		else
			facts_free(&l->c[i]);
	}
	l->n = w;
}
