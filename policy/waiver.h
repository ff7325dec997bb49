/* Waivers: accepted risks, each for a rule (or a glob of rule ids) on the containers a selector
 * matches, with a reason, an owner and an expiry date after which it no longer waives. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/diag.h"
#include "facts/fact.h"

#define WAIVERS_MAX 5000

struct waiver {
	char *rule; /* rule id or shell glob */
	/* selector: each set field must match (shell globs); none set matches every container */
	char *name, *id, *image, *runtime, *pod, *ns;
	/* A selector field never matches a value the container claimed about itself
	 * (container.claimed) unless this is set: "match_claimed: true". */
	bool match_claimed;
	char *reason, *owner;
	char *expires;	   /* YYYY-MM-DD as written, or NULL */
	time_t expires_at; /* first second after the expiry day (UTC) */
	char *file;
	size_t line, column;
	size_t matched; /* findings it matched (waived or, once expired, not) */
};

struct waivers {
	struct waiver *w;
	size_t n;
};

/* Parses and validates a waivers file; every error goes to d. Returns 0 or -EINVAL. */
int waivers_load(struct waivers *ws, const char *path, struct diag *d);
int waivers_load_text(struct waivers *ws, const char *file, const char *text, size_t len,
		      struct diag *d);
/* The waiver for rule_id on the container described by f: an unexpired match wins; else an
 * expired match is returned with *expired set. Counts the match. NULL when none matches. */
struct waiver *waivers_match(struct waivers *ws, const char *rule_id, const struct facts *f,
			     time_t now, bool *expired);
void waivers_free(struct waivers *ws);
