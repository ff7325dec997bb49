/* The latest result of every container `ctguard watch` knows, kept between audits: an audit of
 * the whole host replaces it, a partial audit (watch/watch.c: the containers an event is
 * about) replaces the containers of the groups it audited. /metrics and the Kubernetes reports
 * are rendered from it, so they always show every container, whichever audit ran last. */
#pragma once

#include <stdint.h>

#include "audit/gaps.h"
#include "audit/host.h"
#include "report/audit.h"

struct watch_entry {
	uint64_t key;		   /* its group (audit/host.h, container_list.key) */
	struct facts facts;	   /* owned */
	struct audit_container ac; /* ac.facts is &facts; the findings are owned */
};

struct watch_results {
	struct watch_entry **e; /* by init pid */
	size_t n;
	struct facts host; /* the host's facts, of the latest audit */
	struct gaps gaps; /* what could not be read: replaced by each audit of the whole host, added
			     to by partial ones */
};

/* Takes the containers of list and their judged results ac[0..list->n) (the facts and
 * findings move: list is left empty, ac's findings NULL). With nkeys == 0 (an audit of the
 * whole host) every entry is replaced, and gaps moves in; else only the entries whose key is
 * in keys or is a new container's (gaps stays as it is). host moves in either way. Returns 0
 * or -ENOMEM (then nothing moved and r is as it was). */
int watch_results_merge(struct watch_results *r, struct container_list *list,
			struct audit_container *ac, const uint64_t *keys, size_t nkeys,
			struct facts *host, struct gaps *gaps);
/* The containers of r as an audit result's array (malloc'd; the entries stay r's). Returns it,
 * or NULL when out of memory. */
struct audit_container *watch_results_containers(const struct watch_results *r);
/* A digest of what a report of r shows: each container's identity, each finding's rule,
 * status, evidence, note and fingerprint, and the gaps. Equal digests: nothing to rewrite. */
uint64_t watch_results_digest(const struct watch_results *r);
void watch_results_free(struct watch_results *r);
