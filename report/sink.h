/* Where `ctguard watch` sends its events: standard output, a file (reopened on request, for
 * logrotate), syslog, and an HTTP POST of each event to a URL (falcosidekick's input accepts
 * the payload). The HTTP sink runs in a thread of its own behind a bounded queue: a slow or
 * dead receiver delays nothing else; what the queue cannot hold, and what still fails after
 * the retries, is dropped and counted. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

struct sink_config {
	bool to_stdout;
	const char *file;    /* appended to; NULL for none */
	bool to_syslog;	     /* LOG_DAEMON, one message per event */
	const char *url;     /* HTTP POST, application/json; NULL for none */
	size_t queue;	     /* HTTP: events held while the receiver is slow (default
			      * SINK_HTTP_QUEUE_DEFAULT; at most 8 MiB of them whatever it is) */
	unsigned retries;    /* HTTP: attempts after the first (default 3) */
	unsigned timeout_ms; /* HTTP: one attempt at most (default 2000) */
	unsigned backoff_ms; /* HTTP: the first retry's wait, doubled for each next (100) */
};

/* Room for the burst of a few containers starting at once (81 rules each) without dropping. */
#define SINK_HTTP_QUEUE_DEFAULT 1024

struct sink_stats {
	uint64_t http_sent, http_failed_attempts;
	uint64_t dropped_queue_full, dropped_after_retries;
	size_t queued;
};

struct sinks;

/* Opens every sink of cfg (the file, syslog, the HTTP thread). Returns 0 or a negative errno
 * with err set. */
int sinks_open(struct sinks **out, const struct sink_config *cfg, struct error *err);
/* Sends one event line (ending in '\n') to every sink; never blocks on the HTTP receiver.
 * Returns 0, or the negative errno of a failed local write (stdout, file). */
int sinks_emit(struct sinks *s, const char *line, size_t len, int syslog_priority);
/* Reopens the file (after logrotate moved it). Returns 0 or a negative errno with err set: the
 * old file stays in use. */
int sinks_reopen(struct sinks *s, struct error *err);
/* Counters for /metrics (any thread). */
void sinks_stats(struct sinks *s, struct sink_stats *out);
/* Stops the HTTP thread (an attempt in flight ends within its timeout; what is queued is
 * dropped and counted) and closes everything. NULL is a no-op. */
void sinks_close(struct sinks *s);
