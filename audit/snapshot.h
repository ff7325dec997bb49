/* Facts from a saved `ctguard inspect --format json` (or audit) document: central evaluation of
 * facts collected elsewhere. */
#pragma once

#include "audit/host.h"
#include "lib/error.h"

#define SNAPSHOT_MAX (256u << 20)

/* Reads path; fills containers and host facts (host->v all unknown when the document has none).
 * Facts the document lacks are unknown; names this ctguard does not know are ignored. Returns 0,
 * or -EINVAL (err: what is wrong and where) for a malformed document or a value of the wrong
 * type, or a negative errno when it cannot be read. gaps (may be NULL) gets the document's
 * "view": what its scan could not read. */
int snapshot_load(const char *path, struct container_list *out, struct facts *host,
		  struct gaps *gaps, struct error *err);
