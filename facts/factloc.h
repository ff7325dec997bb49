/* Where a container's facts were read from in a file (`ctguard oci check`: its config.json),
 * for reports that point into source (SARIF physicalLocation). Live containers have none. */
#pragma once

#include "facts/fact.h"

struct fact_locations {
	char *uri; /* the file as a URI reference: relative as given, else file:///abs */
	/* Per fact, the 1-based line and column (UTF-16 code units, SARIF's default) of the
	 * member it was read from, or of its nearest present ancestor; 0: none in the file. */
	unsigned line[F__COUNT], column[F__COUNT];
};

/* The facts of evidence ("caps.effective contains CAP_SYS_ADMIN; no_new_privs = false") in
 * order: the first that has a line in loc, or -1. */
int fact_locations_pick(const struct fact_locations *loc, const char *evidence);
/* path as a URI reference: every byte but unreserved ones and '/' percent-encoded; an absolute
 * path becomes file:///... Returns a new string or NULL. */
char *fact_locations_uri(const char *path);
void fact_locations_free(struct fact_locations *loc);
