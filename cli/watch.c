/* ctguard watch: audits every container once, then again whenever the kernel says something
 * changed (an exec in a new pid namespace, an init's exit, a runtime's state directory), with a
 * periodic full re-scan as the safety net; sends the differences as ctguard.event/v1 events
 * and serves the latest results on /metrics. One thread audits; libmicrohttpd serves in its
 * own, the HTTP sink posts in its own. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "audit/host.h"
#include "audit/procconn.h"
#include "cli/cli.h"
#include "cli/watchstate.h"
#include "lib/cleanup.h"
#include "report/event.h"
#include "report/judge.h"
#include "report/metricsd.h"
#include "report/report.h"
#include "report/sink.h"

const char cli_watch_usage[] =
    "Usage: ctguard watch [OPTION...]\n"
    "Audits every container on this host, then each new container as it starts and each one\n"
    "again when it changes; prints one ctguard.event/v1 JSON line per change (a finding\n"
    "appeared or was fixed, a container appeared or went away, an escalating exec) and serves\n"
    "the results to Prometheus. Runs until SIGTERM or SIGINT; SIGHUP reloads the rules and\n"
    "waivers (a bad file keeps the old set) and reopens --events.\n\n"
    "  -p, --pack NAME        a built-in pack (repeatable); default every built-in pack\n"
    "  -r, --rules FILE|DIR   rules from a file or every *.yaml of a directory (repeatable)\n"
    "  -w, --waivers FILE     accepted risks: rule, selector, reason, owner, expires\n"
    "  -P, --policy POLICY    rules from an enforcement policy (restricted, baseline or a file)\n"
    "      --deep             also read each container's seccomp filters (as audit --deep)\n"
    "  -l, --listen ADDR:PORT serve /metrics and /healthz (e.g. 127.0.0.1:9617, [::1]:9617,\n"
    "                         :9617 for every address)\n"
    "      --per-container-metrics  add ctguard_container_findings (one series per failing\n"
    "                         container: cardinality grows with the containers)\n"
    "  -e, --events FILE      append events to FILE ('-': standard output, the default when\n"
    "                         no other sink is named)\n"
    "      --syslog           send events to syslog (LOG_DAEMON)\n"
    "      --http-url URL     POST each event to URL (e.g. falcosidekick)\n"
    "      --http-queue N     events held for a slow receiver before dropping (default 1000)\n"
    "      --http-retries N   retries of a failed POST, with doubling backoff (default 3)\n"
    "      --http-timeout MS  one POST at most (default 2000)\n"
    "      --rescan SECONDS   full re-scan period, the safety net (default 300; 0: never)\n"
    "      --debounce MS      coalesce the events of a container start (default 30)\n"
    "      --sources LIST     event sources: proc-connector,inotify (default both; 'none':\n"
    "                         re-scans only)\n"
    "  -h, --help             show this help\n\n"
    "See ctguard(8), section WATCH, for what each event source needs. Exit status: 0 after\n"
    "SIGTERM or SIGINT, 2 bad usage or a bad rule/waiver file at start, 3 cannot listen, open a\n"
    "sink or read /proc.\n";

struct watch_args {
	struct judge_config judge;
	struct host_options hopt;
	struct sink_config sinks;
	const char *listen;
	bool per_container;
	unsigned rescan_s, debounce_ms;
	bool use_procconn, use_inotify;
};

/* Counters the metrics thread reads: updated with atomics. */
struct watch_counters {
	uint64_t events[EVENT__COUNT];
	uint64_t event_write_errors;
	uint64_t audits, audit_errors;
	uint64_t reloads_ok, reloads_failed;
	uint64_t procconn_overflows;
	uint64_t escalating_checks;
	int64_t last_scan_ms; /* CLOCK_REALTIME */
	int source_up[2];     /* proc connector, inotify */
};

struct watcher {
	struct watch_args a;
	struct ruleset rs;
	struct waivers ws;
	struct watch_state st;
	struct sinks *sinks;
	struct metricsd *md;
	struct watch_counters n;
	int pcfd, infd, sigfd;
	double debounce_at; /* monotonic; 0: nothing pending */
	double rescan_at;
	uint64_t *ignored; /* pid namespaces a re-audit found no container in */
	size_t nignored;
	bool stop;
};

#define ATOMIC_INC(x) __atomic_add_fetch(&(x), 1, __ATOMIC_RELAXED)
#define ATOMIC_GET(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_uint(const char *cmd, const char *opt, const char *s, unsigned max, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > max || s[0] == '-')
		return cli_usage_error(cmd, "%s takes a number from 0 to %u, not '%s'", opt, max,
				       s);
	*out = (unsigned)v;
	return 0;
}

static int parse_sources(const char *s, struct watch_args *a)
{
	a->use_procconn = a->use_inotify = false;
	if (strcmp(s, "none") == 0)
		return 0;
	_cleanup_free_ char *copy = strdup(s);
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "proc-connector") == 0)
			a->use_procconn = true;
		else if (strcmp(t, "inotify") == 0)
			a->use_inotify = true;
		else
			return cli_usage_error("watch",
					       "unknown event source '%s' (expected "
					       "proc-connector, inotify or none)",
					       t);
	}
	return 0;
}

enum {
	OPT_DEEP = 256,
	OPT_PER_CONTAINER,
	OPT_SYSLOG,
	OPT_HTTP_URL,
	OPT_HTTP_QUEUE,
	OPT_HTTP_RETRIES,
	OPT_HTTP_TIMEOUT,
	OPT_RESCAN,
	OPT_DEBOUNCE,
	OPT_SOURCES,
};

static const struct option watch_opts[] = {
    {"pack", required_argument, NULL, 'p'},
    {"rules", required_argument, NULL, 'r'},
    {"waivers", required_argument, NULL, 'w'},
    {"policy", required_argument, NULL, 'P'},
    {"deep", no_argument, NULL, OPT_DEEP},
    {"listen", required_argument, NULL, 'l'},
    {"per-container-metrics", no_argument, NULL, OPT_PER_CONTAINER},
    {"events", required_argument, NULL, 'e'},
    {"syslog", no_argument, NULL, OPT_SYSLOG},
    {"http-url", required_argument, NULL, OPT_HTTP_URL},
    {"http-queue", required_argument, NULL, OPT_HTTP_QUEUE},
    {"http-retries", required_argument, NULL, OPT_HTTP_RETRIES},
    {"http-timeout", required_argument, NULL, OPT_HTTP_TIMEOUT},
    {"rescan", required_argument, NULL, OPT_RESCAN},
    {"debounce", required_argument, NULL, OPT_DEBOUNCE},
    {"sources", required_argument, NULL, OPT_SOURCES},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* One option; returns 0, -1 (--help shown) or an exit status. */
static int parse_one(int c, struct watch_args *a, char **argv)
{
	unsigned v;
	int r = 0;
	switch (c) {
	case 'p':
		return strv_push(&a->judge.packs, optarg) < 0 ? EXIT_UNREADABLE : 0;
	case 'r':
		return strv_push(&a->judge.rules, optarg) < 0 ? EXIT_UNREADABLE : 0;
	case 'w':
		a->judge.waivers = optarg;
		return 0;
	case 'P':
		a->judge.policy = optarg;
		return 0;
	case OPT_DEEP:
		a->hopt.deep = true;
		return 0;
	case 'l':
		a->listen = optarg;
		return 0;
	case OPT_PER_CONTAINER:
		a->per_container = true;
		return 0;
	case 'e':
		if (strcmp(optarg, "-") == 0)
			a->sinks.to_stdout = true;
		else
			a->sinks.file = optarg;
		return 0;
	case OPT_SYSLOG:
		a->sinks.to_syslog = true;
		return 0;
	case OPT_HTTP_URL:
		a->sinks.url = optarg;
		return 0;
	case OPT_HTTP_QUEUE:
		if (!(r = parse_uint("watch", "--http-queue", optarg, 1000000, &v)) && v == 0)
			return cli_usage_error("watch", "--http-queue must be at least 1");
		a->sinks.queue = v;
		return r;
	case OPT_HTTP_RETRIES:
		r = parse_uint("watch", "--http-retries", optarg, 100, &a->sinks.retries);
		return r;
	case OPT_HTTP_TIMEOUT:
		if (!(r = parse_uint("watch", "--http-timeout", optarg, 600000, &v)) && v == 0)
			return cli_usage_error("watch", "--http-timeout must be at least 1");
		a->sinks.timeout_ms = v;
		return r;
	case OPT_RESCAN:
		return parse_uint("watch", "--rescan", optarg, 86400, &a->rescan_s);
	case OPT_DEBOUNCE:
		return parse_uint("watch", "--debounce", optarg, 10000, &a->debounce_ms);
	case OPT_SOURCES:
		return parse_sources(optarg, a);
	case 'h':
		fputs(cli_watch_usage, stdout);
		return -1;
	case ':':
		return cli_usage_error("watch", "option '%s' needs a value", argv[optind - 1]);
	default:
		return cli_usage_error("watch", "unknown option '%s'", argv[optind - 1]);
	}
}

static int parse_args(int argc, char **argv, struct watch_args *a)
{
	a->rescan_s = 300;
	a->debounce_ms = 30;
	a->sinks.retries = 3;
	a->use_procconn = a->use_inotify = true;
	opterr = 0;
	optind = 1;
	int c, r;
	while ((c = getopt_long(argc, argv, ":p:r:w:P:l:e:h", watch_opts, NULL)) != -1)
		if ((r = parse_one(c, a, argv)))
			return r;
	if (optind < argc)
		return cli_usage_error("watch", "watch takes no operands ('%s')", argv[optind]);
	if (!a->sinks.to_stdout && !a->sinks.file && !a->sinks.to_syslog && !a->sinks.url)
		a->sinks.to_stdout = true;
	return 0;
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
		    "# HELP ctguard_audits_total Audits of the whole host (start, changes, "
		    "re-scans, reloads).\n"
		    "# TYPE ctguard_audits_total counter\n"
		    "ctguard_audits_total %llu\n"
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
		    "ctguard_reloads_total{result=\"failed\"} %llu\n"
		    "# HELP ctguard_proc_connector_overflows_total Times the kernel dropped "
		    "process "
		    "events (each forces a re-scan).\n"
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
		    (unsigned long long)ATOMIC_GET(w->n.audits),
		    (unsigned long long)ATOMIC_GET(w->n.audit_errors),
		    ATOMIC_GET(w->n.last_scan_ms) / 1000.0,
		    (unsigned long long)ATOMIC_GET(w->n.reloads_ok),
		    (unsigned long long)ATOMIC_GET(w->n.reloads_failed),
		    (unsigned long long)ATOMIC_GET(w->n.procconn_overflows), w->n.source_up[0],
		    w->n.source_up[1], PACKAGE_VERSION);
	return r < 0 ? r : 0;
}

/* The audit families of res, published for the next scrapes. */
static void publish_metrics(struct watcher *w, const struct audit_result *res)
{
	if (!w->md)
		return;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return;
	struct prometheus_options o = {.per_container = w->a.per_container, .workloads = true};
	int r = prometheus_write_families(f, res, &o);
	if (fclose(f) != 0 || r < 0) {
		free(text);
		return;
	}
	metricsd_publish(w->md, text, len);
}

/* The host's containers now. Returns 0 or a negative errno (the message printed). */
static int scan(struct watcher *w, struct container_list *list, struct facts *host,
		struct gaps *gaps)
{
	struct host_ctx ctx;
	struct error err = {0};
	int r = host_open(&ctx, &w->a.hopt, &err);
	if (r >= 0 && (r = host_facts(&ctx, host, &err)) >= 0)
		r = host_scan(&ctx, list, &err);
	if (r < 0)
		cli_error("%s", err.msg);
	*gaps = ctx.gaps;
	ctx.gaps = (struct gaps){0};
	if (ctx.deep_failed)
		cli_warn("--deep: the seccomp filters of %u container%s could not be read: %s",
			 ctx.deep_failed, ctx.deep_failed == 1 ? "" : "s", ctx.deep_error);
	host_close(&ctx);
	return r;
}

/* Audits the whole host, emits the differences, publishes the metrics. */
static int audit_host(struct watcher *w)
{
	struct container_list list = {0};
	struct facts host = {0};
	struct gaps gaps = {0};
	double started = monotonic();
	int r = scan(w, &list, &host, &gaps);
	_cleanup_free_ const struct rule **rules = calloc(w->rs.n ? w->rs.n : 1, sizeof(*rules));
	struct audit_result res = {0};
	res.c = calloc(list.n ? list.n : 1, sizeof(*res.c));
	if (r >= 0 && (!rules || !res.c))
		r = -ENOMEM;
	if (r >= 0) {
		for (size_t i = 0; i < w->rs.n; i++)
			rules[i] = &w->rs.r[i];
		res.rules = rules;
		res.nrules = w->rs.n;
		res.n = list.n;
		res.host = &host;
		res.ws = w->a.judge.waivers ? &w->ws : NULL;
		res.hostname = w->st.hostname;
		res.nhosts = 1;
		res.now = time(NULL);
		res.fail_on = SEV_HIGH;
		res.gaps = &gaps;
		r = judge_containers(&w->rs, res.ws ? &w->ws : NULL, &list, &host, res.hostname,
				     res.now, res.c);
	}
	if (r >= 0) {
		res.duration = monotonic() - started;
		r = watch_state_update(&w->st, &res, &gaps);
		if (w->st.unresolved && !w->debounce_at)
			w->debounce_at = monotonic() + 0.1;
		publish_metrics(w, &res);
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		__atomic_store_n(&w->n.last_scan_ms,
				 (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000,
				 __ATOMIC_RELAXED);
		ATOMIC_INC(w->n.audits);
	} else {
		ATOMIC_INC(w->n.audit_errors);
	}
	for (size_t i = 0; res.c && i < res.n; i++)
		findings_free(res.c[i].findings, res.c[i].nfindings);
	free(res.c);
	container_list_free(&list);
	facts_free(&host);
	gaps_free(&gaps);
	/* An audit allocates and frees a few MiB: give it back, a daemon's RSS stays flat. */
	malloc_trim(0);
	return r;
}

/* SIGHUP: the rules and waivers are replaced only when every file loads. */
static void reload(struct watcher *w)
{
	struct ruleset rs = {0};
	struct waivers ws = {0};
	struct diag d = {0};
	struct error err = {0};
	if (sinks_reopen(w->sinks, &err) < 0)
		cli_warn("SIGHUP: %s (events still go to the old file)", err.msg);
	if (judge_load(&w->a.judge, &rs, &ws, &d) < 0) {
		cli_print_diag(&d);
		cli_warn("SIGHUP: the rules or waivers have errors: the previous ones stay");
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
	ruleset_free(&w->rs);
	waivers_free(&w->ws);
	w->rs = rs;
	w->ws = ws;
	ATOMIC_INC(w->n.reloads_ok);
	w->debounce_at = monotonic();
}

static void schedule(struct watcher *w)
{
	if (!w->debounce_at)
		w->debounce_at = monotonic() + w->a.debounce_ms / 1000.0;
}

static bool ignored(const struct watcher *w, uint64_t pidns)
{
	for (size_t i = 0; i < w->nignored; i++)
		if (w->ignored[i] == pidns)
			return true;
	return false;
}

/* A namespace that a re-audit found no container in is not re-audited for every exec in it
 * (a sandbox ctguard does not count as a container); the periodic re-scan forgets them. */
static void ignore(struct watcher *w, uint64_t pidns)
{
	if (w->nignored >= 4096 || ignored(w, pidns))
		return;
	uint64_t *n = realloc(w->ignored, (w->nignored + 1) * sizeof(*n));
	if (n) {
		w->ignored = n;
		w->ignored[w->nignored++] = pidns;
	}
}

/* An exec: in a known container, compared with its init; in an unknown pid namespace, a
 * container may be starting. Host processes cost one stat of their pid namespace (and of the
 * mount one). */
static void on_exec(struct watcher *w, pid_t pid, uint64_t *pending, size_t *npending)
{
	char path[64];
	struct stat sb;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	if (stat(path, &sb) < 0)
		return;
	if (sb.st_ino == w->st.host.ns[NS_PID]) {
		snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
		if (stat(path, &sb) < 0 || sb.st_ino == w->st.host.ns[NS_MNT])
			return;
	}
	struct proc_ref p;
	if (proc_ref_read(pid, &p) < 0)
		return;
	ATOMIC_INC(w->n.escalating_checks);
	struct watch_container *c = watch_state_by_ns(&w->st, &p);
	if (c) {
		if (pid == c->init)
			schedule(w); /* the init exec'd its command: re-audit it */
		else
			watch_state_exec(&w->st, c, pid, &p);
		return;
	}
	if (ignored(w, p.ns[NS_PID]))
		return;
	if (*npending < 64)
		pending[(*npending)++] = p.ns[NS_PID];
	schedule(w);
}

static void read_procconn(struct watcher *w, uint64_t *pending, size_t *npending)
{
	struct procconn_event ev[256];
	for (;;) {
		int n = procconn_read(w->pcfd, ev, ARRAY_SIZE(ev));
		if (n == -ENOBUFS) {
			ATOMIC_INC(w->n.procconn_overflows);
			schedule(w);
			continue;
		}
		if (n <= 0)
			return;
		for (int i = 0; i < n; i++) {
			if (ev[i].pid != ev[i].tgid)
				continue;
			if (ev[i].kind == PROCCONN_EXEC)
				on_exec(w, ev[i].tgid, pending, npending);
			else if (watch_state_by_init(&w->st, ev[i].tgid))
				schedule(w);
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

static int open_inotify(struct watcher *w)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return -errno;
	unsigned watched = 0;
	for (size_t i = 0; i < ARRAY_SIZE(state_dirs); i++)
		watched += inotify_add_watch(fd, state_dirs[i],
					     IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_ONLYDIR) >= 0;
	if (!watched) {
		close(fd);
		return -ENOENT;
	}
	return fd;
}

static void drain_inotify(struct watcher *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool any = false;
	while (read(w->infd, buf, sizeof(buf)) > 0)
		any = true;
	if (any)
		schedule(w);
}

static int open_sources(struct watcher *w)
{
	struct error err = {0};
	w->pcfd = w->infd = -1;
	if (w->a.use_procconn) {
		w->pcfd = procconn_open(&err);
		if (w->pcfd < 0)
			cli_warn("%s: new containers are seen through inotify and the re-scans "
				 "only, escalating execs not at all",
				 err.msg);
	}
	if (w->a.use_inotify && (w->infd = open_inotify(w)) < 0)
		cli_warn("inotify: no runtime state directory could be watched");
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

/* Waits for the next source, debounce deadline or re-scan. */
static void wait_once(struct watcher *w)
{
	struct pollfd p[3] = {{w->sigfd, POLLIN, 0}, {w->pcfd, POLLIN, 0}, {w->infd, POLLIN, 0}};
	double now = monotonic(), next = w->rescan_at ? w->rescan_at : now + 3600;
	if (w->debounce_at && w->debounce_at < next)
		next = w->debounce_at;
	int timeout = next <= now ? 0 : (int)((next - now) * 1000) + 1;
	if (poll(p, 3, timeout) < 0 && errno != EINTR)
		return;
	uint64_t pending[64];
	size_t npending = 0;
	if (p[0].revents)
		on_signal(w);
	if (p[1].revents)
		read_procconn(w, pending, &npending);
	if (p[2].revents)
		drain_inotify(w);
	now = monotonic();
	bool full = w->rescan_at && now >= w->rescan_at;
	if (w->stop || (!full && (!w->debounce_at || now < w->debounce_at)))
		return;
	w->debounce_at = 0;
	if (full) {
		w->rescan_at = now + w->a.rescan_s;
		w->nignored = 0;
	}
	audit_host(w);
	for (size_t i = 0; i < npending; i++) {
		struct proc_ref probe = {0};
		probe.ns[NS_PID] = pending[i];
		if (!watch_state_by_ns(&w->st, &probe))
			ignore(w, pending[i]);
	}
}

static int start(struct watcher *w)
{
	struct diag d = {0};
	struct error err = {0};
	int r = judge_load(&w->a.judge, &w->rs, &w->ws, &d);
	cli_print_diag(&d);
	diag_free(&d);
	if (r < 0)
		return EXIT_USAGE;
	w->st.hostname = cli_hostname();
	w->st.emit = emit;
	w->st.ctx = w;
	struct host_ctx ctx;
	r = host_open(&ctx, &w->a.hopt, &err);
	memcpy(w->st.host.ns, ctx.ref_ns, sizeof(w->st.host.ns));
	host_close(&ctx);
	if (r < 0) {
		cli_error("%s", err.msg);
		return EXIT_UNREADABLE;
	}
	if (sinks_open(&w->sinks, &w->a.sinks, &err) < 0) {
		cli_error("%s", err.msg);
		return EXIT_UNREADABLE;
	}
	if (w->a.listen && metricsd_start(&w->md, w->a.listen, metrics_live, w, &err) < 0) {
		cli_error("--listen: %s", err.msg);
		return err.code == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
	}
	if (open_sources(w) < 0) {
		cli_error("signalfd: %s", strerror(errno));
		return EXIT_UNREADABLE;
	}
	return 0;
}

int cli_watch(int argc, char **argv)
{
	struct watcher w = {.pcfd = -1, .infd = -1, .sigfd = -1};
	int status = parse_args(argc, argv, &w.a);
	/* Blocked in every thread (the servers inherit the mask), read through the signalfd. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	bool curl = false;
	if (!status) {
		sigprocmask(SIG_BLOCK, &set, NULL);
		curl = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
		status = start(&w);
	}
	if (!status) {
		if (audit_host(&w) < 0)
			status = EXIT_UNREADABLE;
		w.rescan_at = w.a.rescan_s ? monotonic() + w.a.rescan_s : 0;
		while (!status && !w.stop)
			wait_once(&w);
	}
	metricsd_stop(w.md);
	sinks_close(w.sinks);
	if (curl)
		curl_global_cleanup();
	int fds[] = {w.pcfd, w.infd, w.sigfd};
	for (size_t i = 0; i < ARRAY_SIZE(fds); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(w.ignored);
	watch_state_free(&w.st);
	ruleset_free(&w.rs);
	waivers_free(&w.ws);
	strv_free(&w.a.judge.packs);
	strv_free(&w.a.judge.rules);
	return status < 0 ? EXIT_OK : status;
}
