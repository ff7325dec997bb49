/* The ctguard.event/v1 stream of `ctguard watch`: one JSON object per line, with the field
 * names Falco's outputs use (time, hostname, source, rule, priority, output, tags,
 * output_fields) so a pipeline that routes Falco events (falcosidekick, a log shipper) routes
 * these too. The JSON Schema is schema/event-v1.schema.json. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "lib/buf.h"
#include "policy/rule.h"

enum event_type {
	EVENT_CONTAINER_APPEARED,
	EVENT_CONTAINER_GONE,
	EVENT_FINDING,	     /* a failing finding appeared */
	EVENT_FINDING_FIXED, /* it no longer fails: the container stopped or a re-audit passes */
	EVENT_ESCALATING_EXEC,
	EVENT_CONTAINER_UNREADABLE,
	EVENT_RELOAD_FAILED,
	EVENT_CONTAINER_MISSED, /* came and went before it could be audited: judged on its exec */
	EVENT__COUNT,
};

/* "container-appeared", "finding", ... (the "event" member and the metrics' type label). */
const char *event_type_name(enum event_type t);

/* The container an event is about; any member may be NULL (unknown: written as null). */
struct event_container {
	const char *id, *name, *image, *runtime, *k8s_ns, *k8s_pod;
	pid_t pid; /* its init's host pid; 0 when none */
};

struct event {
	enum event_type type;
	struct timespec time; /* CLOCK_REALTIME */
	const char *hostname;
	enum severity severity;	     /* of the rule, or of the event itself (priority) */
	const struct rule *rule;     /* finding; NULL otherwise */
	const char *rule_id, *title; /* finding-fixed (the rule may be gone after a reload) */
	const char *evidence;	     /* finding, escalating-exec: what decided it */
	const char *fingerprint;     /* finding, finding-fixed */
	const char *reason;	     /* finding-fixed, unreadable, reload-failed: why */
	pid_t exec_pid;		     /* escalating-exec: the process that entered; container-missed:
				      * the one seen */
	const char *exec_comm;
	struct event_container c;
};

/* Appends e as one line of JSON (ending in '\n') to out. Returns 0 or -ENOMEM. */
int event_format(const struct event *e, struct buf *out);
