/* A rule's conditions as `ctguard rules show` prints them: one line per fact test
 * ("caps.effective contains_any [CAP_SYS_ADMIN]"), "all of:", "any of:" and "not:" with their
 * members indented under them. */
#pragma once

#include "lib/buf.h"
#include "policy/rule.h"

/* Appends c to b, indented by indent spaces (nested conditions by two more each). */
void ruletext_cond(struct buf *b, const struct cond *c, int indent);
