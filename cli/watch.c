/* ctguard watch (the program ctguard-watch, ctguard-watch.c): the options, then the engine
 * (watch/watch.h) until SIGTERM or SIGINT. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/cleanup.h"
#include "watch/watch.h"

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

static int parse_sources(const char *s, struct watch_config *a)
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

static int parse_format(const char *s, struct watch_config *a, bool *set)
{
	if (strcmp(s, "policyreport") == 0)
		a->report_flavor = POLICYREPORT_WGPOLICY;
	else if (strcmp(s, "openreports") == 0)
		a->report_flavor = POLICYREPORT_OPENREPORTS;
	else
		return cli_usage_error("watch",
				       "--format takes policyreport or openreports (the reports "
				       "written to --output-dir), not '%s'",
				       s);
	*set = true;
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
	OPT_FORMAT,
	OPT_OUTPUT_DIR,
	OPT_HOST_ROOT,
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
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
    {"host-root", required_argument, NULL, OPT_HOST_ROOT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* One option; returns 0, -1 (--help shown) or an exit status. */
static int parse_one(int c, struct watch_config *a, bool *format_set, char **argv)
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
	case OPT_FORMAT:
		return parse_format(optarg, a, format_set);
	case OPT_OUTPUT_DIR:
		a->report_dir = optarg;
		return 0;
	case OPT_HOST_ROOT:
		if (optarg[0] != '/')
			return cli_usage_error(
			    "watch", "--host-root takes an absolute path, not '%s'", optarg);
		a->hopt.host_root = optarg;
		return 0;
	case 'h':
		fputs(cli_watch_usage, stdout);
		return -1;
	case ':':
		return cli_usage_error("watch", "option '%s' needs a value", argv[optind - 1]);
	default:
		return cli_usage_error("watch", "unknown option '%s'", argv[optind - 1]);
	}
}

static int parse_args(int argc, char **argv, struct watch_config *a)
{
	watch_config_init(a);
	opterr = 0;
	optind = 1;
	bool format_set = false;
	int c, r;
	while ((c = getopt_long(argc, argv, ":p:r:w:P:l:e:h", watch_opts, NULL)) != -1)
		if ((r = parse_one(c, a, &format_set, argv)))
			return r;
	if (optind < argc)
		return cli_usage_error("watch", "watch takes no operands ('%s')", argv[optind]);
	if (format_set != (a->report_dir != NULL))
		return cli_usage_error("watch", "--format and --output-dir go together (the "
						"Kubernetes reports and their directory)");
	if (!a->sinks.to_stdout && !a->sinks.file && !a->sinks.to_syslog && !a->sinks.url)
		a->sinks.to_stdout = true;
	return 0;
}

static void print_diag(const struct diag *d)
{
	cli_print_diag(d);
}

static void warn(const char *msg)
{
	cli_warn("%s", msg);
}

int cli_watch(int argc, char **argv)
{
	struct watch_config a;
	int status = parse_args(argc, argv, &a);
	if (!status) {
		struct watch_hooks h = {
		    .hostname = cli_hostname(), .warn = warn, .diag = print_diag};
		struct error err = {0};
		int r = watch_run(&a, &h, &err);
		if (r < 0) {
			cli_error("%s", err.msg);
			status = r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
		}
	}
	strv_free(&a.judge.packs);
	strv_free(&a.judge.rules);
	return status < 0 ? EXIT_OK : status;
}
