/* The containers a command's NAME|ID|RUNTIME operands select (`ctguard inspect`, `audit`): a
 * container matches an operand equal to its name or runtime, or a prefix of its id. */
#pragma once

#include <stdbool.h>

#include "audit/host.h"
#include "facts/fact.h"

/* Does the container f match arg (its name, its runtime, or a non-empty prefix of its id)? */
bool select_matches(const struct facts *f, const char *arg);
/* Does any container of l match arg? */
bool select_any(const struct container_list *l, const char *arg);
/* Keeps the containers of l that some operand matches (all when n is 0), in their order; frees
 * the others. */
void select_keep(struct container_list *l, char **operands, int n);
