/* The engine of `ctguard watch`: audits every container once, then again the containers the
 * kernel says changed (an exec in a new pid namespace, an init's exit, a runtime's state
 * directory), each event re-auditing only the container(s) it is about, with a periodic audit
 * of the whole host as the safety net; sends the differences as ctguard.event/v1 events,
 * serves the latest results on /metrics and writes the Kubernetes reports of every container.
 * One thread audits; libmicrohttpd serves in its own, the HTTP sink posts in its own. */
#pragma once

#include <stdbool.h>

#include "audit/host.h"
#include "lib/diag.h"
#include "lib/error.h"
#include "report/judge.h"
#include "report/policyreport.h"
#include "report/sink.h"

struct watch_config {
	struct judge_config judge;
	struct host_options hopt;
	struct sink_config sinks;
	const char *listen; /* ADDR:PORT of /metrics and /healthz; NULL: none */
	bool per_container; /* ctguard_container_findings */
	unsigned rescan_s;  /* the whole host's period (0: never) */
	unsigned debounce_ms;
	bool use_procconn, use_inotify;
	const char *report_dir; /* the Kubernetes reports' directory; NULL: none */
	enum policyreport_flavor report_flavor;
};

/* What the engine says to the operator (the command prints it). */
struct watch_hooks {
	const char *hostname;
	void (*warn)(const char *msg);	    /* one line, no newline */
	void (*diag)(const struct diag *d); /* the errors of the rule and waiver files */
};

/* The defaults: rescan 300 s, debounce 10 ms, both event sources, 3 HTTP retries. */
void watch_config_init(struct watch_config *c);

/* Runs until SIGTERM or SIGINT (blocked in every thread, read through a signalfd); SIGHUP
 * reloads the rules and waivers and reopens the events file. Returns 0 after the signal, or a
 * negative errno with err set: -EINVAL for a bad rule or waiver file (the diagnostics went to
 * h->diag) or a malformed --listen address, another for what cannot be opened or read. */
int watch_run(const struct watch_config *cfg, const struct watch_hooks *h, struct error *err);
