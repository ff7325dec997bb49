/* A rule's conditions as text (report/ruletext.h). */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>

#include "facts/fact.h"
#include "report/ruletext.h"

void ruletext_cond(struct buf *b, const struct cond *c, int indent)
{
	buf_printf(b, "%*s", indent, "");
	if (c->kind == COND_FACT) {
		buf_printf(b, "%s %s ", fact_def(c->fact)->name, cond_op_name(c->op));
		if (c->want_type == FACT_LIST) {
			char *j = strv_join(&c->want.l, ", ");
			buf_printf(b, "[%s]", j ? j : "");
			free(j);
		} else if (c->want_type == FACT_BOOL) {
			buf_puts(b, c->want.u.b ? "true" : "false");
		} else if (c->want_type == FACT_INT) {
			buf_printf(b, "%" PRId64, c->want.u.i);
		} else {
			buf_printf(b, "\"%s\"", c->want.u.s ? c->want.u.s : "");
		}
		buf_putc(b, '\n');
		return;
	}
	buf_puts(b, c->kind == COND_ALL	  ? "all of:\n"
		    : c->kind == COND_ANY ? "any of:\n"
					  : "not:\n");
	for (size_t i = 0; i < c->nsub; i++)
		ruletext_cond(b, &c->sub[i], indent + 2);
}
