/* Where in an OCI config's text each fact of `ctguard oci check` comes from. */
#pragma once

#include "oci/oci.h"
#include "facts/factloc.h"

/* Fills loc for c: the URI of c->path and, per fact read from a member of the config, the line
 * and column of that member's key (or of its nearest present ancestor, the document when none
 * is: a fact about an absent member points where it belongs). Facts of the host and those that
 * only exist at runtime get none. Returns 0 or -ENOMEM. */
int ocilocate(const struct oci_config *c, struct fact_locations *loc);
