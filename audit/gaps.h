/* What a scan could not read, and why: the processes and containers missing from a view (or
 * only partly seen), carried from the /proc walk through saved results to every report, so a
 * partial view is never mistaken for a clean one. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/error.h"

#define GAPS_MAX 10000 /* entries kept; the counts go on past it */

struct gap {
	pid_t pid;	     /* host pid of the process (a container's init); 0 when none */
	char what[16];	     /* "process" (left out whole) or the facts left unknown: "mounts" */
	char container[160]; /* the container's id; "" for a process */
	char reason[24];     /* errno name: EACCES, EPERM, ENODATA, ... */
	char detail[160];    /* one line for people */
	char host[128];	     /* the host it was seen on ("" for this one) */
};

struct gaps {
	struct gap *v;
	size_t n;
	size_t processes, containers; /* all of them, also those past GAPS_MAX */
	size_t cap;		      /* entries allocated (grown by doubling) */
};

/* Records a gap; err is the negative errno of the failed read. Returns 0 or -ENOMEM. */
int gaps_add(struct gaps *g, pid_t pid, const char *what, const char *container, int err,
	     const char *detail);
/* Appends every gap of src (a merged fleet report), naming host where src's gaps name none. */
int gaps_merge(struct gaps *dst, const struct gaps *src, const char *host);
bool gaps_any(const struct gaps *g);
void gaps_free(struct gaps *g);
/* Reads the "view" member of a saved inspect or audit document (absent: complete). Returns 0
 * or -EINVAL with err set for a member of the wrong shape. */
int gaps_from_json(struct gaps *g, json_object *doc, const char *where, struct error *err);
