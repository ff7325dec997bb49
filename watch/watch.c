/* The engine of `ctguard watch` (watch/watch.h). */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "audit/procconn.h"
#include "lib/cleanup.h"
#include "report/event.h"
#include "report/metricsd.h"
#include "report/report.h"
#include "watch/results.h"
#include "watch/watch.h"
#include "watch/watchstate.h"

/* Groups waiting for a partial audit; more at once is an audit of the whole host. */
#define PENDING_MAX 256
/* Pid namespaces a partial audit found no container in, not audited again for each exec. */
#define IGNORED_MAX 4096
/* A container its runtime has not named yet is audited again this soon. */
#define RESOLVE_RETRY_S 0.1
/* /metrics and the Kubernetes reports are rendered at most this often (a report of every rule
 * of every container is megabytes on a busy node): the changes in between together. */
#define OUTPUT_INTERVAL_S 1.0

/* Counters the metrics thread reads: updated with atomics. */
struct watch_counters {
	uint64_t events[EVENT__COUNT];
	uint64_t event_write_errors;
	uint64_t audits, partial_audits, audit_errors;
	uint64_t reloads_ok, reloads_failed;
	uint64_t procconn_overflows;
	uint64_t report_writes, report_write_errors;
	int64_t last_scan_ms; /* CLOCK_REALTIME */
	int source_up[2];     /* proc connector, inotify */
};

struct watcher {
	const struct watch_config *a;
	const struct watch_hooks *h;
	struct ruleset rs;
	struct waivers ws;
	struct watch_state st;
	struct watch_results res;
	struct sinks *sinks;
	struct metricsd *md;
	struct watch_counters n;
	int pcfd, infd, sigfd;
	double due;	    /* monotonic: when the pending audit runs; 0: none pending */
	bool full_due;	    /* the pending audit is of the whole host */
	uint64_t *keys;	    /* or of these groups */
	pid_t *kpid;	    /* the process whose exec asked for each (0: an exit, a retry) */
	struct snap *ksnap; /* that process as its exec left it (a group not known yet) */
	size_t nkeys;
	double rescan_at;
	struct ignored_ns *ignored;
	size_t nignored;
	uint64_t report_digest; /* of the reports last written */
	bool reports_written;
	double output_due;    /* monotonic: when the changed results are rendered; 0: none */
	double output_last;   /* when they were last rendered */
	double last_duration; /* of the last audit */
	bool trim_due;	      /* an audit ran since the heap was last trimmed */
	bool stop;
};

/* A process of a group not known yet, read at its exec: if its container is gone before the
 * audit (a container that lives less than the debounce and one audit), this is what is judged
 * (watch_state_missed). */
struct snap {
	bool pidns; /* the group is a private pid namespace (a container, not a mount sandbox) */
	bool ok;    /* ref was read */
	unsigned long long start; /* of the process; 0: it was gone already */
	struct proc_ref ref;
};

/* A group a partial audit found no container in, while pid (started at start) lives in it: a
 * namespace's inode is reused once it is freed, and it cannot be freed while pid lives. */
struct ignored_ns {
	uint64_t key;
	pid_t pid;
	unsigned long long start;
};

#define ATOMIC_INC(x) __atomic_add_fetch(&(x), 1, __ATOMIC_RELAXED)
#define ATOMIC_GET(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

void watch_config_init(struct watch_config *c)
{
	*c = (struct watch_config){0};
	c->rescan_s = 300;
	c->debounce_ms = 10;
	c->sinks.retries = 3;
	c->use_procconn = c->use_inotify = true;
}

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void warnf(struct watcher *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warnf(struct watcher *w, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (w->h->warn)
		w->h->warn(msg);
}

/* The syslog priority of an event: its Falco priority's. */
static int syslog_priority(const struct event *e)
{
	static const int p[SEV__COUNT] = {LOG_INFO, LOG_NOTICE, LOG_WARNING, LOG_ERR, LOG_CRIT};
	return e->severity < SEV__COUNT ? p[e->severity] : LOG_INFO;
}

static void emit(const struct event *e, void *ctx)
{
	struct watcher *w = ctx;
	_cleanup_buf_ struct buf line = BUF_INIT;
	if (event_format(e, &line) < 0 ||
	    sinks_emit(w->sinks, line.data, line.len, syslog_priority(e)) < 0)
		ATOMIC_INC(w->n.event_write_errors);
	ATOMIC_INC(w->n.events[e->type]);
}

/* The live part of a scrape: the counters that move between audits. */
static int metrics_live(struct buf *b, void *ctx)
{
	struct watcher *w = ctx;
	struct sink_stats ss;
	sinks_stats(w->sinks, &ss);
	int r = buf_puts(b, "# HELP ctguard_events_total Events emitted, by type.\n"
			    "# TYPE ctguard_events_total counter\n");
	for (int t = 0; r >= 0 && t < EVENT__COUNT; t++)
		r = buf_printf(b, "ctguard_events_total{type=\"%s\"} %llu\n",
			       event_type_name((enum event_type)t),
			       (unsigned long long)ATOMIC_GET(w->n.events[t]));
	if (r >= 0)
		r = buf_printf(
		    b,
		    "# HELP ctguard_events_dropped_total Events a sink could not deliver: the "
		    "HTTP queue was full, the receiver still failed after the retries, or a local "
		    "write failed.\n"
		    "# TYPE ctguard_events_dropped_total counter\n"
		    "ctguard_events_dropped_total{sink=\"http\",reason=\"queue_full\"} %llu\n"
		    "ctguard_events_dropped_total{sink=\"http\",reason=\"retries\"} %llu\n"
		    "ctguard_events_dropped_total{sink=\"local\",reason=\"write_error\"} %llu\n"
		    "# HELP ctguard_http_events_sent_total Events the HTTP receiver accepted.\n"
		    "# TYPE ctguard_http_events_sent_total counter\n"
		    "ctguard_http_events_sent_total %llu\n"
		    "# HELP ctguard_http_queue_events Events waiting for the HTTP receiver.\n"
		    "# TYPE ctguard_http_queue_events gauge\n"
		    "ctguard_http_queue_events %zu\n",
		    (unsigned long long)ss.dropped_queue_full,
		    (unsigned long long)ss.dropped_after_retries,
		    (unsigned long long)ATOMIC_GET(w->n.event_write_errors),
		    (unsigned long long)ss.http_sent, ss.queued);
	if (r >= 0)
		r = buf_printf(
		    b,
		    "# HELP ctguard_audits_total Audits, of the whole host (start, re-scans, "
		    "reloads, an event source's overflow) or of the containers an event is "
		    "about.\n"
		    "# TYPE ctguard_audits_total counter\n"
		    "ctguard_audits_total{scope=\"host\"} %llu\n"
		    "ctguard_audits_total{scope=\"containers\"} %llu\n"
		    "# HELP ctguard_audit_errors_total Audits that could not read /proc.\n"
		    "# TYPE ctguard_audit_errors_total counter\n"
		    "ctguard_audit_errors_total %llu\n"
		    "# HELP ctguard_last_full_scan_timestamp_seconds When the last audit of the "
		    "whole host ended.\n"
		    "# TYPE ctguard_last_full_scan_timestamp_seconds gauge\n"
		    "ctguard_last_full_scan_timestamp_seconds %.3f\n"
		    "# HELP ctguard_reloads_total SIGHUP reloads of the rules and waivers.\n"
		    "# TYPE ctguard_reloads_total counter\n"
		    "ctguard_reloads_total{result=\"ok\"} %llu\n"
		    "ctguard_reloads_total{result=\"failed\"} %llu\n",
		    (unsigned long long)ATOMIC_GET(w->n.audits),
		    (unsigned long long)ATOMIC_GET(w->n.partial_audits),
		    (unsigned long long)ATOMIC_GET(w->n.audit_errors),
		    ATOMIC_GET(w->n.last_scan_ms) / 1000.0,
		    (unsigned long long)ATOMIC_GET(w->n.reloads_ok),
		    (unsigned long long)ATOMIC_GET(w->n.reloads_failed));
	if (r >= 0)
		r = buf_printf(
		    b,
		    "# HELP ctguard_report_writes_total Writes of the Kubernetes reports "
		    "(--output-dir), each when the results changed.\n"
		    "# TYPE ctguard_report_writes_total counter\n"
		    "ctguard_report_writes_total{result=\"ok\"} %llu\n"
		    "ctguard_report_writes_total{result=\"failed\"} %llu\n"
		    "# HELP ctguard_proc_connector_overflows_total Times the kernel dropped "
		    "process events (each forces a re-scan).\n"
		    "# TYPE ctguard_proc_connector_overflows_total counter\n"
		    "ctguard_proc_connector_overflows_total %llu\n"
		    "# HELP ctguard_event_source_up Whether an event source is in use (1) or not "
		    "(0: re-scans only catch what it would have).\n"
		    "# TYPE ctguard_event_source_up gauge\n"
		    "ctguard_event_source_up{source=\"proc_connector\"} %d\n"
		    "ctguard_event_source_up{source=\"inotify\"} %d\n"
		    "# HELP ctguard_build_info The ctguard version.\n"
		    "# TYPE ctguard_build_info gauge\n"
		    "ctguard_build_info{version=\"%s\"} 1\n",
		    (unsigned long long)ATOMIC_GET(w->n.report_writes),
		    (unsigned long long)ATOMIC_GET(w->n.report_write_errors),
		    (unsigned long long)ATOMIC_GET(w->n.procconn_overflows), w->n.source_up[0],
		    w->n.source_up[1], PACKAGE_VERSION);
	return r < 0 ? r : 0;
}

/* Every container's latest result as one audit result (res->c malloc'd). */
static int results_view(struct watcher *w, double duration, struct audit_result *res,
			const struct rule ***rules)
{
	*res = (struct audit_result){0};
	*rules = calloc(w->rs.n ? w->rs.n : 1, sizeof(**rules));
	res->c = watch_results_containers(&w->res);
	if (!*rules || !res->c) {
		free(*rules);
		free(res->c);
		return -ENOMEM;
	}
	for (size_t i = 0; i < w->rs.n; i++)
		(*rules)[i] = &w->rs.r[i];
	res->rules = *rules;
	res->nrules = w->rs.n;
	res->n = w->res.n;
	res->host = &w->res.host;
	res->ws = w->a->judge.waivers ? &w->ws : NULL;
	res->hostname = w->st.hostname;
	res->nhosts = 1;
	res->now = time(NULL);
	res->duration = duration;
	res->fail_on = SEV_HIGH;
	res->gaps = &w->res.gaps;
	return 0;
}

/* The audit families of every container, rendered once per change for the next scrapes. */
static void publish_metrics(struct watcher *w, const struct audit_result *res)
{
	if (!w->md)
		return;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return;
	struct prometheus_options o = {.per_container = w->a->per_container, .workloads = true};
	int r = prometheus_write_families(f, res, &o);
	if (fclose(f) != 0 || r < 0) {
		free(text);
		return;
	}
	metricsd_publish(w->md, text, len);
}

/* The Kubernetes reports of every container, rewritten (atomically, by policyreport.c) when
 * what they show changed since they were last written. */
static void write_reports(struct watcher *w, const struct audit_result *res)
{
	uint64_t digest = watch_results_digest(&w->res);
	if (w->reports_written && digest == w->report_digest)
		return;
	struct error err = {0};
	if (policyreport_write_dir(w->a->report_dir, res, w->a->report_flavor, &err) < 0) {
		warnf(w, "--output-dir: %s", err.msg);
		ATOMIC_INC(w->n.report_write_errors);
		return;
	}
	ATOMIC_INC(w->n.report_writes);
	w->report_digest = digest;
	w->reports_written = true;
}

/* /metrics and the reports, rendered from the kept results. */
static void write_outputs(struct watcher *w)
{
	w->output_due = 0;
	w->output_last = monotonic();
	const struct rule **rules;
	struct audit_result res;
	if (results_view(w, w->last_duration, &res, &rules) < 0)
		return;
	publish_metrics(w, &res);
	if (w->a->report_dir)
		write_reports(w, &res);
	free(res.c);
	free(rules);
}

/* The outputs now, or once OUTPUT_INTERVAL_S has passed since they were last rendered (the
 * changes in between are rendered together). */
static void publish(struct watcher *w, double duration)
{
	w->last_duration = duration;
	if ((!w->md && !w->a->report_dir) || w->output_due)
		return;
	double now = monotonic();
	if (!w->output_last || now >= w->output_last + OUTPUT_INTERVAL_S)
		write_outputs(w);
	else
		w->output_due = w->output_last + OUTPUT_INTERVAL_S;
}

/* The host's containers now, all or those of keys. Returns 0 or a negative errno. */
static int scan(struct watcher *w, const uint64_t *keys, size_t nkeys, struct container_list *list,
		struct facts *host, struct gaps *gaps)
{
	struct host_ctx ctx;
	struct error err = {0};
	int r = host_open(&ctx, &w->a->hopt, &err);
	if (r >= 0 && (r = host_facts(&ctx, host, &err)) >= 0)
		r = nkeys ? host_scan_some(&ctx, keys, nkeys, list, &err)
			  : host_scan(&ctx, list, &err);
	if (r < 0)
		warnf(w, "%s", err.msg);
	*gaps = ctx.gaps;
	ctx.gaps = (struct gaps){0};
	if (ctx.deep_failed)
		warnf(w, "--deep: the seccomp filters of %u container%s could not be read: %s",
		      ctx.deep_failed, ctx.deep_failed == 1 ? "" : "s", ctx.deep_error);
	host_close(&ctx);
	return r;
}

/* Whether the audit found the container of key's group that a process started at start (0:
 * unknown) was in: one whose init started no later. A namespace's inode is reused once it is
 * freed, and a newer container that took it (any user can make one) is not the one that went. */
static bool key_known_since(const struct watch_state *s, uint64_t key, unsigned long long start)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct watch_container *c = &s->c[i];
		if ((watch_container_key(s, c) == key || c->ref.ns[NS_MNT] == key) &&
		    (!start || !c->start || c->start <= start))
			return true;
	}
	return false;
}

static uint64_t group_of(struct watcher *w, pid_t pid, uint64_t ns[NS__COUNT]);

/* Whether key is ignored: its entry's process still lives in it (else the entry goes: the
 * inode may be a new namespace's). */
static bool ignored(struct watcher *w, uint64_t key)
{
	for (size_t i = 0; i < w->nignored; i++) {
		struct ignored_ns *x = &w->ignored[i];
		if (x->key != key)
			continue;
		uint64_t ns[NS__COUNT] = {0};
		if (proc_start_time(x->pid) == x->start && group_of(w, x->pid, ns) == key)
			return true;
		*x = w->ignored[--w->nignored];
		return false;
	}
	return false;
}

/* A group that a partial audit found no container in is not audited again for every exec in
 * it (a sandbox ctguard does not count as a container) while pid, whose exec asked for the
 * audit, lives; the audits of the whole host forget them. */
static void ignore(struct watcher *w, uint64_t key, pid_t pid)
{
	unsigned long long start = pid > 0 ? proc_start_time(pid) : 0;
	if (!start || w->nignored >= IGNORED_MAX || ignored(w, key))
		return;
	struct ignored_ns *n = realloc(w->ignored, (w->nignored + 1) * sizeof(*n));
	if (n) {
		w->ignored = n;
		w->ignored[w->nignored++] = (struct ignored_ns){key, pid, start};
	}
}

/* The group of c: from its init's namespaces, else from the scan that found it; 0 when
 * neither knows. */
static uint64_t key_of(const struct watcher *w, const struct watch_container *c)
{
	return watch_container_key(&w->st, c);
}

static void schedule_at(struct watcher *w, double when)
{
	if (!w->due || when < w->due)
		w->due = when;
}

/* An audit of the whole host, after the debounce. */
static void schedule_full(struct watcher *w)
{
	w->full_due = true;
	schedule_at(w, monotonic() + w->a->debounce_ms / 1000.0);
}

/* A later exec in the same pending group: its process is the one whose end says the group is
 * gone, but what is judged is the most privilege of every exec read (a container must not
 * choose its verdict by exec'ing an unprivileged or short-lived process last), and an unread
 * exec never replaces a read one. */
static void snap_add(struct watcher *w, struct snap *have, const struct snap *now)
{
	struct snap old = *have;
	*have = *now;
	have->pidns |= old.pidns;
	if (old.ok && now->ok)
		proc_ref_worst(&have->ref, &old.ref, &w->st.host);
	else if (old.ok)
		have->ref = old.ref, have->ok = true;
}

/* An audit of group key, after the debounce (or delay seconds from now, when later); pid: the
 * process whose exec asked for it, or 0; snap: that process at its exec, or NULL. */
static void schedule_key(struct watcher *w, uint64_t key, double delay, pid_t pid,
			 const struct snap *snap)
{
	if (!key) {
		schedule_full(w);
		return;
	}
	double when = monotonic() + (delay > 0 ? delay : w->a->debounce_ms / 1000.0);
	for (size_t i = 0; i < w->nkeys; i++)
		if (w->keys[i] == key) {
			if (pid)
				w->kpid[i] = pid;
			if (snap) /* the latest exec, with the most privilege of all read */
				snap_add(w, &w->ksnap[i], snap);
			schedule_at(w, when);
			return;
		}
	uint64_t *n = w->nkeys < PENDING_MAX ? realloc(w->keys, (w->nkeys + 1) * sizeof(*n)) : NULL;
	if (n)
		w->keys = n;
	pid_t *np = n ? realloc(w->kpid, (w->nkeys + 1) * sizeof(*np)) : NULL;
	if (np)
		w->kpid = np;
	struct snap *ns = np ? realloc(w->ksnap, (w->nkeys + 1) * sizeof(*ns)) : NULL;
	if (!ns) {
		schedule_full(w);
		return;
	}
	w->ksnap = ns;
	w->keys[w->nkeys] = key;
	w->ksnap[w->nkeys] = snap ? *snap : (struct snap){0};
	w->kpid[w->nkeys++] = pid;
	schedule_at(w, when);
}

/* Judges list, emits the differences, keeps the results. */
static int judge_and_keep(struct watcher *w, struct container_list *list, struct facts *host,
			  struct gaps *gaps, const uint64_t *keys, size_t nkeys, double started)
{
	struct audit_container *ac = calloc(list->n ? list->n : 1, sizeof(*ac));
	if (!ac)
		return -ENOMEM;
	const char *hostname = w->st.hostname;
	int r = judge_containers(&w->rs, w->a->judge.waivers ? &w->ws : NULL, list, host, hostname,
				 time(NULL), ac);
	if (r >= 0) {
		struct audit_result res = {.c = ac, .n = list->n, .hostname = hostname};
		r = watch_state_update(&w->st, &res, gaps, keys, nkeys);
	}
	/* The scan's group of each container whose init's namespaces could not be read. */
	for (size_t i = 0; r >= 0 && list->key && i < list->n; i++) {
		struct watch_container *c =
		    watch_state_by_init(&w->st, (pid_t)list->c[i].v[F_CONTAINER_PID].u.i);
		if (c && !c->ref_ok)
			c->key = list->key[i];
	}
	if (r >= 0)
		r = watch_results_merge(&w->res, list, ac, keys, nkeys, host, gaps);
	for (size_t i = 0; i < list->n; i++)
		findings_free(ac[i].findings, ac[i].nfindings);
	free(ac);
	if (r >= 0)
		publish(w, monotonic() - started);
	return r;
}

/* Audits the whole host (nkeys 0) or the groups of keys; emits the differences, publishes
 * the metrics and reports. */
static int audit(struct watcher *w, const uint64_t *keys, size_t nkeys)
{
	struct container_list list = {0};
	struct facts host = {0};
	struct gaps gaps = {0};
	double started = monotonic();
	int r = scan(w, keys, nkeys, &list, &host, &gaps);
	if (r >= 0)
		r = judge_and_keep(w, &list, &host, &gaps, keys, nkeys, started);
	if (r >= 0 && !nkeys) {
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		__atomic_store_n(&w->n.last_scan_ms,
				 (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000,
				 __ATOMIC_RELAXED);
	}
	if (r >= 0)
		ATOMIC_INC(*(nkeys ? &w->n.partial_audits : &w->n.audits));
	else
		ATOMIC_INC(w->n.audit_errors);
	container_list_free(&list);
	facts_free(&host);
	gaps_free(&gaps);
	/* An audit of the whole host allocates and frees a few MiB: give it back, a daemon's
	 * RSS stays flat. The audits of a few containers give theirs back when the burst of
	 * events that asked for them is over (wait_once). */
	if (!nkeys)
		malloc_trim(0);
	else
		w->trim_due = true;
	return r;
}

/* The containers no runtime has named yet are audited again soon (watch/watchstate.h); one
 * whose group is not known waits for the next event or re-scan (never an audit of the whole
 * host every RESOLVE_RETRY_S). */
static void retry_unresolved(struct watcher *w)
{
	for (size_t i = 0; w->st.unresolved && i < w->st.n; i++) {
		uint64_t k = w->st.c[i].announced ? 0 : key_of(w, &w->st.c[i]);
		if (k)
			schedule_key(w, k, RESOLVE_RETRY_S, 0, NULL);
	}
}

/* The pending audit, when due. */
static void run_due(struct watcher *w, double now)
{
	bool rescan = w->rescan_at && now >= w->rescan_at;
	if (!rescan && (!w->due || now < w->due))
		return;
	_cleanup_free_ uint64_t *keys = TAKE_PTR(w->keys);
	_cleanup_free_ pid_t *kpid = TAKE_PTR(w->kpid);
	_cleanup_free_ struct snap *ksnap = TAKE_PTR(w->ksnap);
	size_t nkeys = w->nkeys, pending = w->nkeys;
	bool full = rescan || w->full_due;
	w->nkeys = 0;
	w->due = 0;
	w->full_due = false;
	if (full) {
		if (w->a->rescan_s)
			w->rescan_at = now + w->a->rescan_s;
		w->nignored = 0;
		nkeys = 0;
	}
	if (audit(w, keys, nkeys) < 0)
		return;
	for (size_t i = 0; i < pending; i++) {
		struct snap *sn = &ksnap[i];
		if (key_known_since(&w->st, keys[i], sn->pidns ? sn->start : 0))
			continue;
		/* Its container came and went before this audit: what its processes held at exec
		 * is all there is to judge (its process gone: not a sandbox the scan skips). */
		if (sn->pidns && kpid[i] > 0 &&
		    (!sn->start || proc_start_time(kpid[i]) != sn->start)) {
			watch_state_missed(&w->st, kpid[i], sn->ok ? &sn->ref : NULL);
			continue;
		}
		if (i < nkeys)
			ignore(w, keys[i], kpid[i]);
	}
	retry_unresolved(w);
}

/* SIGHUP: the rules and waivers are replaced only when every file loads. */
static void reload(struct watcher *w)
{
	struct ruleset rs = {0};
	struct waivers ws = {0};
	struct diag d = {0};
	struct error err = {0};
	if (sinks_reopen(w->sinks, &err) < 0)
		warnf(w, "SIGHUP: %s (events still go to the old file)", err.msg);
	if (judge_load(&w->a->judge, &rs, &ws, &d) < 0) {
		if (w->h->diag)
			w->h->diag(&d);
		warnf(w, "SIGHUP: the rules or waivers have errors: the previous ones stay");
		ATOMIC_INC(w->n.reloads_failed);
		struct event e = {.type = EVENT_RELOAD_FAILED,
				  .hostname = w->st.hostname,
				  .severity = SEV_HIGH,
				  .reason = d.msgs.n ? d.msgs.v[0] : "a rule or waiver file"};
		clock_gettime(CLOCK_REALTIME, &e.time);
		emit(&e, w);
		ruleset_free(&rs);
		waivers_free(&ws);
		diag_free(&d);
		return;
	}
	diag_free(&d);
	/* The kept findings point into the old rules: gone with them, and every container is
	 * judged again now. */
	watch_results_free(&w->res);
	ruleset_free(&w->rs);
	waivers_free(&w->ws);
	w->rs = rs;
	w->ws = ws;
	ATOMIC_INC(w->n.reloads_ok);
	w->full_due = true;
	w->due = monotonic();
}

/* The group of a process: its pid namespace, or in the host's its mount namespace; 0 for a
 * host process or one that is gone. Costs one stat (two in the host's pid namespace). */
static uint64_t group_of(struct watcher *w, pid_t pid, uint64_t ns[NS__COUNT])
{
	char path[64];
	struct stat sb;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	if (stat(path, &sb) < 0)
		return 0;
	ns[NS_PID] = sb.st_ino;
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
	if (sb.st_ino != w->st.host.ns[NS_PID])
		return ns[NS_PID];
	if (stat(path, &sb) < 0 || sb.st_ino == w->st.host.ns[NS_MNT])
		return 0;
	ns[NS_MNT] = sb.st_ino;
	return sb.st_ino;
}

/* An exec: in a known container, compared with its init (or, for the init itself, a
 * re-audit of that container); in a group not known, a container may be starting: that group
 * is audited. */
static void on_exec(struct watcher *w, pid_t pid)
{
	struct proc_ref probe = {0};
	uint64_t key = group_of(w, pid, probe.ns);
	if (!key)
		return;
	if (key == probe.ns[NS_MNT])
		probe.ns[NS_PID] = w->st.host.ns[NS_PID];
	struct watch_container *c = watch_state_by_ns(&w->st, &probe);
	if (c) {
		if (pid == c->init) {
			schedule_key(w, key_of(w, c), 0, 0, NULL);
			return;
		}
		struct proc_ref p;
		if (proc_ref_read(pid, &p) == 0)
			watch_state_exec(&w->st, c, pid, &p);
		return;
	}
	if (ignored(w, key))
		return;
	/* A group not known: read its process now, in case its container is gone by its audit */
	struct snap snap = {.pidns = key == probe.ns[NS_PID], .start = proc_start_time(pid)};
	snap.ok =
	    snap.start && proc_ref_read(pid, &snap.ref) == 0 && proc_start_time(pid) == snap.start;
	schedule_key(w, key, 0, pid, &snap);
}

static void read_procconn(struct watcher *w)
{
	struct procconn_event ev[256];
	for (;;) {
		int n = procconn_read(w->pcfd, ev, ARRAY_SIZE(ev));
		if (n == -ENOBUFS) {
			ATOMIC_INC(w->n.procconn_overflows);
			schedule_full(w);
			continue;
		}
		if (n <= 0)
			return;
		for (int i = 0; i < n; i++) {
			if (ev[i].pid != ev[i].tgid)
				continue;
			if (ev[i].kind == PROCCONN_EXEC) {
				on_exec(w, ev[i].tgid);
				continue;
			}
			struct watch_container *c = watch_state_by_init(&w->st, ev[i].tgid);
			if (c)
				schedule_key(w, key_of(w, c), 0, 0, NULL);
		}
		if ((size_t)n < ARRAY_SIZE(ev))
			return;
	}
}

/* Runtime state directories: a container's directory appears at create and goes at delete. */
static const char *const state_dirs[] = {
    "/run/runc",
    "/run/crun",
    "/run/docker/runtime-runc/moby",
    "/run/containerd/runc/k8s.io",
    "/run/containerd/runc/default",
    "/run/lxc/lock/var/lib/lxc",
    "/var/lib/lxc",
};

/* The runtimes' state directories below root (--host-root; NULL or "/": the host's own). */
static int open_inotify(const char *root)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return -errno;
	unsigned watched = 0;
	if (root && strcmp(root, "/") == 0)
		root = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(state_dirs); i++) {
		char path[PATH_MAX];
		if (snprintf(path, sizeof(path), "%s%s", root ? root : "", state_dirs[i]) >=
		    (int)sizeof(path))
			continue;
		watched += inotify_add_watch(fd, path,
					     IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_ONLYDIR) >= 0;
	}
	if (!watched) {
		close(fd);
		return -ENOENT;
	}
	return fd;
}

/* A runtime's state directory named name came or went: the container of that id or name is
 * audited again. Its processes' execs and exits are what the proc connector reports, so with
 * it nothing else is; without it the whole host is audited. */
static void on_state_dir(struct watcher *w, const char *name)
{
	if (w->pcfd < 0) {
		schedule_full(w);
		return;
	}
	for (size_t i = 0; i < w->st.n; i++) {
		const struct watch_container *c = &w->st.c[i];
		if ((c->id && strcmp(c->id, name) == 0) || (c->name && strcmp(c->name, name) == 0))
			schedule_key(w, key_of(w, c), 0, 0, NULL);
	}
}

static void drain_inotify(struct watcher *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t len;
	while ((len = read(w->infd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *e = (const struct inotify_event *)p;
			if (e->mask & IN_Q_OVERFLOW)
				schedule_full(w);
			else if (e->len)
				on_state_dir(w, e->name);
			p += sizeof(*e) + e->len;
		}
	}
}

static int open_sources(struct watcher *w)
{
	struct error err = {0};
	w->pcfd = w->infd = -1;
	if (w->a->use_procconn) {
		w->pcfd = procconn_open(&err);
		if (w->pcfd < 0)
			warnf(w,
			      "%s: new containers are seen through inotify and the re-scans "
			      "only, escalating execs not at all",
			      err.msg);
	}
	if (w->a->use_inotify && (w->infd = open_inotify(w->a->hopt.host_root)) < 0)
		warnf(w, "inotify: no runtime state directory could be watched");
	w->n.source_up[0] = w->pcfd >= 0;
	w->n.source_up[1] = w->infd >= 0;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	w->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return w->sigfd < 0 ? -errno : 0;
}

static void on_signal(struct watcher *w)
{
	struct signalfd_siginfo si;
	while (read(w->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP)
			reload(w);
		else
			w->stop = true;
	}
}

/* Waits for the next source, pending audit or re-scan; no other wakeup. */
static void wait_once(struct watcher *w)
{
	struct pollfd p[3] = {{w->sigfd, POLLIN, 0}, {w->pcfd, POLLIN, 0}, {w->infd, POLLIN, 0}};
	double now = monotonic(), next = w->rescan_at;
	if (w->due && (!next || w->due < next))
		next = w->due;
	if (w->output_due && (!next || w->output_due < next))
		next = w->output_due;
	int timeout = !next ? -1 : next <= now ? 0 : (int)((next - now) * 1000) + 1;
	if (w->trim_due && !w->due && !w->output_due) {
		malloc_trim(0);
		w->trim_due = false;
	}
	if (poll(p, 3, timeout) < 0 && errno != EINTR)
		return;
	if (p[0].revents)
		on_signal(w);
	if (p[1].revents)
		read_procconn(w);
	if (p[2].revents)
		drain_inotify(w);
	if (w->stop)
		return;
	run_due(w, monotonic());
	if (w->output_due && monotonic() >= w->output_due)
		write_outputs(w);
}

static int start(struct watcher *w, struct error *err)
{
	struct diag d = {0};
	int r = judge_load(&w->a->judge, &w->rs, &w->ws, &d);
	if (w->h->diag)
		w->h->diag(&d);
	diag_free(&d);
	if (r < 0)
		return error_set(err, -EINVAL, "the rules or waivers have errors");
	w->st.hostname = w->h->hostname;
	w->st.emit = emit;
	w->st.ctx = w;
	struct host_ctx ctx;
	r = host_open(&ctx, &w->a->hopt, err);
	memcpy(w->st.host.ns, ctx.ref_ns, sizeof(w->st.host.ns));
	host_close(&ctx);
	if (r < 0)
		return r;
	if ((r = sinks_open(&w->sinks, &w->a->sinks, err)) < 0)
		return r;
	if (w->a->listen && (r = metricsd_start(&w->md, w->a->listen, metrics_live, w, err)) < 0) {
		char msg[sizeof(err->msg)];
		snprintf(msg, sizeof(msg), "%s", err->msg);
		return error_set(err, r, "--listen: %s", msg);
	}
	if ((r = open_sources(w)) < 0)
		return error_setn(err, r, "signalfd");
	return 0;
}

static void finish(struct watcher *w)
{
	metricsd_stop(w->md);
	sinks_close(w->sinks);
	int fds[] = {w->pcfd, w->infd, w->sigfd};
	for (size_t i = 0; i < ARRAY_SIZE(fds); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(w->ignored);
	free(w->keys);
	free(w->kpid);
	free(w->ksnap);
	watch_results_free(&w->res);
	watch_state_free(&w->st);
	ruleset_free(&w->rs);
	waivers_free(&w->ws);
}

int watch_run(const struct watch_config *cfg, const struct watch_hooks *h, struct error *err)
{
	struct watcher w = {.a = cfg, .h = h, .pcfd = -1, .infd = -1, .sigfd = -1};
	/* Blocked in every thread (the servers inherit the mask), read through the signalfd. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	/* libcurl (and its TLS library) set up only for an HTTP sink: without one their pages are
	 * never touched (about 3 MiB of RSS on Debian 12). */
	bool curl = cfg->sinks.url && curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	int r = start(&w, err);
	if (r >= 0 && (r = audit(&w, NULL, 0)) < 0)
		error_setn(err, r, "the first audit of the host");
	if (r >= 0) {
		retry_unresolved(&w);
		w.rescan_at = cfg->rescan_s ? monotonic() + cfg->rescan_s : 0;
		while (!w.stop)
			wait_once(&w);
		if (w.output_due)
			write_outputs(&w);
	}
	finish(&w);
	if (curl)
		curl_global_cleanup();
	return r < 0 ? r : 0;
}
