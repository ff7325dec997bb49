/* ctguard.event/v1 lines (report/event.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cleanup.h"
#include "lib/jsonw.h"
#include "report/event.h"

static const char *const type_names[EVENT__COUNT] = {
    [EVENT_CONTAINER_APPEARED] = "container-appeared",
    [EVENT_CONTAINER_GONE] = "container-gone",
    [EVENT_FINDING] = "finding",
    [EVENT_FINDING_FIXED] = "finding-fixed",
    [EVENT_ESCALATING_EXEC] = "escalating-exec",
    [EVENT_CONTAINER_UNREADABLE] = "container-unreadable",
    [EVENT_RELOAD_FAILED] = "reload-failed",
    [EVENT_CONTAINER_MISSED] = "container-missed",
};

const char *event_type_name(enum event_type t)
{
	return t < EVENT__COUNT ? type_names[t] : "unknown";
}

/* Falco's priorities (its "priority" field), from ctguard's severities. */
static const char *priority(enum severity s)
{
	static const char *const p[SEV__COUNT] = {
	    [SEV_INFO] = "Informational", [SEV_LOW] = "Notice",	       [SEV_MEDIUM] = "Warning",
	    [SEV_HIGH] = "Error",	  [SEV_CRITICAL] = "Critical",
	};
	return s < SEV__COUNT ? p[s] : "Informational";
}

/* The rule field: the ctguard rule for findings, else a name of the event itself. */
static const char *rule_name(const struct event *e)
{
	if (e->rule)
		return e->rule->id;
	if (e->rule_id)
		return e->rule_id;
	switch (e->type) {
	case EVENT_CONTAINER_APPEARED:
		return "ctguard container appeared";
	case EVENT_CONTAINER_GONE:
		return "ctguard container gone";
	case EVENT_ESCALATING_EXEC:
		return "ctguard escalating exec";
	case EVENT_CONTAINER_UNREADABLE:
		return "ctguard container unreadable";
	case EVENT_RELOAD_FAILED:
		return "ctguard reload failed";
	case EVENT_CONTAINER_MISSED:
		return "ctguard container missed";
	default:
		return "ctguard";
	}
}

static const char * or (const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

/* One line for people: "<what> (container NAME, image IMAGE, runtime R): details". */
static int output_line(const struct event *e, struct buf *b)
{
	const struct event_container *c = &e->c;
	const char *title = e->rule ? e->rule->title : e->title;
	int r = 0;
	switch (e->type) {
	case EVENT_FINDING:
		r = buf_printf(b, "%s: %s", rule_name(e), or (title, ""));
		break;
	case EVENT_FINDING_FIXED:
		r = buf_printf(b, "fixed %s: %s", rule_name(e), or (title, ""));
		break;
	case EVENT_ESCALATING_EXEC:
		r = buf_printf(b, "process %d (%s) entered with more privilege than the init",
			       (int)e->exec_pid, or (e->exec_comm, "?"));
		break;
	case EVENT_RELOAD_FAILED:
		return buf_printf(b, "reload failed, the previous rules and waivers stay: %s",
				  or (e->reason, "?"));
	case EVENT_CONTAINER_MISSED:
		r = buf_printf(b,
			       "a container came and went before it could be audited; its process "
			       "%d (%s) at exec",
			       (int)e->exec_pid, or (e->exec_comm, "?"));
		break;
	default:
		r = buf_puts(b, rule_name(e) + strlen("ctguard "));
		break;
	}
	if (r >= 0)
		r = buf_printf(b, " (container %s, image %s, runtime %s, pid %d)",
			       or (c->name, or (c->id, "?")), or (c->image, "?"),
			       or (c->runtime, "?"), (int)c->pid);
	if (r >= 0 && e->evidence && *e->evidence)
		r = buf_printf(b, ": %s", e->evidence);
	if (r >= 0 && e->reason && *e->reason)
		r = buf_printf(b, " [%s]", e->reason);
	return r;
}

static void kstr_or_null(struct jsonw *w, const char *key, const char *v)
{
	jsonw_key(w, key);
	if (v && *v)
		jsonw_str(w, v);
	else
		jsonw_null(w);
}

static void write_time(struct jsonw *w, const struct timespec *ts)
{
	struct tm tm;
	char s[64];
	gmtime_r(&ts->tv_sec, &tm);
	size_t n = strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(s + n, sizeof(s) - n, ".%09ldZ", (long)ts->tv_nsec);
	jsonw_kstr(w, "time", s);
}

static void write_fields(struct jsonw *w, const struct event *e)
{
	const struct event_container *c = &e->c;
	jsonw_key(w, "output_fields");
	jsonw_obj_open(w);
	kstr_or_null(w, "container.id", c->id);
	kstr_or_null(w, "container.name", c->name);
	kstr_or_null(w, "container.image.repository", c->image);
	kstr_or_null(w, "container.runtime", c->runtime);
	kstr_or_null(w, "k8s.ns.name", c->k8s_ns);
	kstr_or_null(w, "k8s.pod.name", c->k8s_pod);
	jsonw_key(w, "container.pid");
	if (c->pid > 0)
		jsonw_int(w, c->pid);
	else
		jsonw_null(w);
	if (e->type == EVENT_ESCALATING_EXEC || e->type == EVENT_CONTAINER_MISSED) {
		jsonw_kint(w, "proc.pid", e->exec_pid);
		kstr_or_null(w, "proc.name", e->exec_comm);
	}
	jsonw_kstr(w, "ctguard.event", event_type_name(e->type));
	jsonw_kstr(w, "ctguard.severity", severity_name(e->severity));
	if (e->rule || e->rule_id)
		kstr_or_null(w, "ctguard.title", e->rule ? e->rule->title : e->title);
	if (e->evidence)
		jsonw_kstr(w, "ctguard.evidence", e->evidence);
	if (e->fingerprint)
		jsonw_kstr(w, "ctguard.fingerprint", e->fingerprint);
	if (e->reason)
		jsonw_kstr(w, "ctguard.reason", e->reason);
	jsonw_obj_close(w);
}

static void write_event(FILE *f, const struct event *e, const char *output)
{
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.event/v1");
	write_time(&w, &e->time);
	jsonw_kstr(&w, "hostname", or (e->hostname, ""));
	jsonw_kstr(&w, "source", "ctguard");
	jsonw_kstr(&w, "event", event_type_name(e->type));
	jsonw_kstr(&w, "rule", rule_name(e));
	jsonw_kstr(&w, "priority", priority(e->severity));
	jsonw_kstr(&w, "output", output);
	jsonw_key(&w, "tags");
	jsonw_arr_open(&w);
	jsonw_str(&w, "ctguard");
	jsonw_str(&w, event_type_name(e->type));
	if (e->rule && e->rule->pack)
		jsonw_str(&w, e->rule->pack);
	jsonw_arr_close(&w);
	write_fields(&w, e);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

int event_format(const struct event *e, struct buf *out)
{
	_cleanup_buf_ struct buf line = BUF_INIT;
	if (output_line(e, &line) < 0)
		return -ENOMEM;
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	if (!f)
		return -ENOMEM;
	write_event(f, e, line.data ? line.data : "");
	if (fclose(f) != 0)
		return -ENOMEM;
	return buf_append(out, data, len);
}
