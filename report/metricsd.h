/* The /metrics and /healthz endpoint of `ctguard watch`, served by libmicrohttpd in its own
 * thread: the port faces the network, so no HTTP parsing of ours. /metrics answers with the
 * text the auditing thread last published plus what the live callback appends (counters that
 * move between audits); /healthz answers 503 until the first full audit is published, then
 * 200. Any other path is 404, any method but GET and HEAD 405. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"
#include "lib/error.h"

struct metricsd;

/* Appends the live part of a scrape to out (in the server's thread); returns 0 or -ENOMEM. */
typedef int (*metricsd_live_fn)(struct buf *out, void *ctx);

/* Listens on listen ("ADDR:PORT", "[ADDR6]:PORT" or ":PORT" for every address). Returns 0 or a
 * negative errno with err set (-EINVAL for a malformed address). */
int metricsd_start(struct metricsd **out, const char *listen, metricsd_live_fn live, void *ctx,
		   struct error *err);
/* Replaces the published text (takes ownership of text, malloc'd) and marks the endpoint
 * ready. */
void metricsd_publish(struct metricsd *m, char *text, size_t len);
/* Stops the thread and frees everything; NULL is a no-op. */
void metricsd_stop(struct metricsd *m);
