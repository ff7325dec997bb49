/* The containers NAME|ID|RUNTIME operands select (audit/select.c): a name or a runtime matches
 * whole, an id by any non-empty prefix; the others are dropped, the order kept. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit/select.h"
#include "tests/tap.h"

static void add(struct container_list *l, const char *name, const char *id, const char *rt)
{
	struct facts *f = &l->c[l->n++];
	memset(f, 0, sizeof(*f));
	if (name)
		facts_set_str(f, F_CONTAINER_NAME, name);
	facts_set_str(f, F_CONTAINER_ID, id);
	facts_set_str(f, F_CONTAINER_RUNTIME, rt);
}

static struct container_list make(void)
{
	struct container_list l = {.c = calloc(4, sizeof(struct facts))};
	add(&l, "web", "3f9a1c", "podman");
	add(&l, "db", "77b2e0", "runc");
	add(&l, NULL, "3fe001", "lxc");
	add(&l, "cache", "a1b2c3", "podman");
	return l;
}

static const char *id_of(const struct facts *f)
{
	return facts_str(f, F_CONTAINER_ID);
}

int main(void)
{
	struct container_list l = make();
	ok(select_matches(&l.c[0], "web"), "a name matches whole");
	ok(!select_matches(&l.c[0], "we"), "a part of a name does not");
	ok(select_matches(&l.c[0], "3f9"), "an id prefix matches");
	ok(!select_matches(&l.c[0], "f9a"), "an id's middle does not");
	ok(!select_matches(&l.c[0], ""), "an empty operand matches nothing");
	ok(select_matches(&l.c[1], "runc"), "a runtime matches");
	ok(select_any(&l, "lxc") && !select_any(&l, "nosuch"), "any: one, and none");

	char *ops[] = {(char *)"3f", (char *)"cache"};
	select_keep(&l, ops, 2);
	is_int((int)l.n, 3, "keep: the two 3f... ids and 'cache'");
	is_str(id_of(&l.c[0]), "3f9a1c", "keep: the order kept (1)");
	is_str(id_of(&l.c[1]), "3fe001", "keep: the order kept (2)");
	is_str(id_of(&l.c[2]), "a1b2c3", "keep: the order kept (3)");
	select_keep(&l, NULL, 0);
	is_int((int)l.n, 3, "keep without operands: all kept");
	container_list_free(&l);
	return tap_done();
}
