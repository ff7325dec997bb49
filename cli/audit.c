/* ctguard audit: judge every container's facts with YAML rules. The pipeline (rules, waivers,
 * policy rules, judging, baseline, report, exit status) is shared with every other source of
 * facts: `ctguard oci check` gives it OCI configs instead of this host's /proc. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/host.h"
#include "audit/snapshot.h"
#include "cli/cli.h"
#include "report/audit.h"
#include "report/baseline.h"
#include "report/judge.h"
#include "report/load.h"
#include "report/report.h"

const char cli_audit_usage[] =
    "Usage: ctguard audit [OPTION...] [NAME|ID-PREFIX|RUNTIME...]\n"
    "Judges the effective state of every container on this host with YAML rules: by default\n"
    "every built-in pack (cis-docker, pss-baseline, pss-restricted, "
    "escapes).\n\n" CLI_JUDGE_OPTIONS_HELP
    "      --from FILE        judge a saved 'ctguard inspect --format json' instead of /proc\n"
    "      --deep             also read each container's seccomp filters (its init is\n"
    "                         stopped for well under a millisecond; needs root) for the\n"
    "                         seccomp.default_action, .allowed_dangerous, .conditional and\n"
    "                         .x32_reachable facts\n"
    "      --proc-root DIR    read this /proc tree instead of /proc\n"
    "      --host-root DIR    where runtime state and cgroup files are read (default /)\n"
    "  -h, --help             show this help\n\n"
    "With --pack, --rules or --policy only those rules apply. CTGUARD_NOW=YYYY-MM-DD fixes the "
    "date\n"
    "(waiver expiry, report time) and CTGUARD_HOSTNAME the host name, for reproducible\n"
    "reports. Exit status: 0 no failing finding at or above --fail-on, 1 some, 2 bad usage\n"
    "or a bad rule/waiver/baseline file, 3 could not read /proc, --from or --baseline,\n"
    "4 the view is incomplete: processes or containers could not be read (listed in the\n"
    "report; 4 wins over 1; --allow-partial gives 0 or 1 instead).\n";

struct audit_args {
	struct judge_config judge; /* --pack, --rules, --policy, --waivers */
	const char *output, *output_dir, *baseline;
	enum report_format format;
	enum severity fail_on;
	bool fail_never, verbose, allow_partial;
	struct audit_input in;
};

static int parse_args(int argc, char **argv, const struct audit_source *src, struct audit_args *a)
{
	enum {
		OPT_FAIL_ON = 256,
		OPT_FROM,
		OPT_PROC_ROOT,
		OPT_HOST_ROOT,
		OPT_DEEP,
		OPT_PARTIAL,
		OPT_OUTPUT_DIR
	};
	const char *format = "text", *live_only = NULL;
	static const struct option opts[] = {
	    {"pack", required_argument, NULL, 'p'},
	    {"rules", required_argument, NULL, 'r'},
	    {"waivers", required_argument, NULL, 'w'},
	    {"policy", required_argument, NULL, 'P'},
	    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
	    {"verbose", no_argument, NULL, 'v'},
	    {"baseline", required_argument, NULL, 'b'},
	    {"from", required_argument, NULL, OPT_FROM},
	    {"proc-root", required_argument, NULL, OPT_PROC_ROOT},
	    {"host-root", required_argument, NULL, OPT_HOST_ROOT},
	    {"deep", no_argument, NULL, OPT_DEEP},
	    {"allow-partial", no_argument, NULL, OPT_PARTIAL},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	a->fail_on = SEV_HIGH;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":p:r:w:P:f:o:b:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			strv_push(&a->judge.packs, optarg);
			break;
		case 'r':
			strv_push(&a->judge.rules, optarg);
			break;
		case 'w':
			a->judge.waivers = optarg;
			break;
		case 'P':
			a->judge.policy = optarg;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "none") == 0)
				a->fail_never = true;
			else if (severity_parse(optarg, &a->fail_on) < 0)
				return cli_usage_error(
				    src->cmd,
				    "unknown severity '%s' for --fail-on (expected "
				    "info, low, medium, high, critical or none)",
				    optarg);
			break;
		case 'f':
			format = optarg;
			break;
		case 'b':
			a->baseline = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'v':
			a->verbose = true;
			break;
		case OPT_OUTPUT_DIR:
			a->output_dir = optarg;
			break;
		case OPT_FROM:
			a->in.from = optarg;
			live_only = "--from";
			break;
		case OPT_PROC_ROOT:
			a->in.hopt.proc_root = optarg;
			live_only = "--proc-root";
			break;
		case OPT_HOST_ROOT:
			a->in.hopt.host_root = optarg;
			live_only = "--host-root";
			break;
		case OPT_DEEP:
			a->in.hopt.deep = true;
			live_only = "--deep";
			break;
		case OPT_PARTIAL:
			a->allow_partial = true;
			break;
		case 'h':
			fputs(src->usage, stdout);
			return -1;
		case ':':
			return cli_usage_error(src->cmd, "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error(src->cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (report_format_parse(format, &a->format) < 0)
		return cli_usage_error(src->cmd,
				       "unknown format '%s' (expected " REPORT_FORMATS ")", format);
	if (cli_check_output_dir(src->cmd, a->output_dir, a->output, (int)a->format))
		return EXIT_USAGE;
	if (!src->live && live_only)
		return cli_usage_error(src->cmd, "%s is for 'ctguard audit' (this host's /proc)",
				       live_only);
	if (a->in.from && (a->in.hopt.proc_root || a->in.hopt.host_root))
		return cli_usage_error(src->cmd, "--from judges a saved document: it takes no "
						 "--proc-root or --host-root");
	if (a->in.hopt.deep && (a->in.from || a->in.hopt.proc_root))
		return cli_usage_error(src->cmd, "--deep reads live processes: it takes no --from "
						 "or --proc-root");
	a->in.operands = argv + optind;
	a->in.noperands = argc - optind;
	return 0;
}

/* Loads the rules and waivers; prints every error of every file. Returns 0 or EXIT_USAGE. */
static int load_rules(struct audit_args *a, struct ruleset *rs, struct waivers *ws)
{
	struct diag d = {0};
	int r = judge_load(&a->judge, rs, ws, &d);
	int status = cli_print_diag(&d) || r < 0 ? EXIT_USAGE : 0;
	diag_free(&d);
	return status;
}

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This host's containers (or those of a saved --from document), kept by the NAME|ID|RUNTIME
 * operands. */
static int gather_live(const struct audit_input *in, struct container_list *list,
		       struct facts *host)
{
	struct error err = {0};
	int status = 0;
	if (in->from) {
		int r = snapshot_load(in->from, list, host, in->gaps, &err);
		if (r < 0)
			cli_error("%s", err.msg);
		status = r == -EINVAL ? EXIT_USAGE : r < 0 ? EXIT_UNREADABLE : 0;
	} else {
		struct host_ctx ctx;
		if (host_open(&ctx, &in->hopt, &err) < 0 || host_facts(&ctx, host, &err) < 0 ||
		    host_scan(&ctx, list, &err) < 0) {
			cli_error("%s", err.msg);
			status = EXIT_UNREADABLE;
		} else {
			cli_warn_gaps(&ctx.gaps);
			*in->gaps = ctx.gaps;
			ctx.gaps = (struct gaps){0};
		}
		if (ctx.deep_failed)
			cli_warn("--deep: the seccomp filters of %u container%s could not be read "
				 "(their seccomp.* facts stay unknown): %s",
				 ctx.deep_failed, ctx.deep_failed == 1 ? "" : "s", ctx.deep_error);
		host_close(&ctx);
	}
	if (status)
		return status;
	return cli_filter(list, in->operands, in->noperands);
}

/* Marks failures absent from the baseline as new and lists the baseline's failures that are
 * gone as fixed. Returns 0 or an exit status. */
static int apply_baseline(struct audit_args *args, struct audit_result *res)
{
	struct loaded_result old;
	struct error err = {0};
	int r = result_load(args->baseline, &old, &err);
	if (r < 0) {
		cli_error("%s", err.msg);
		result_free(&old);
		return r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
	}
	r = audit_baseline_apply(res, &old);
	result_free(&old);
	if (r < 0) {
		cli_error("out of memory");
		return EXIT_UNREADABLE;
	}
	res->baseline_file = args->baseline;
	return 0;
}

int cli_audit_pipeline(int argc, char **argv, const struct audit_source *src)
{
	struct audit_args a = {0};
	struct ruleset rs = {0};
	struct waivers ws = {0};
	struct container_list list = {0};
	struct facts host = {0};
	struct audit_result res = {0};
	struct gaps gaps = {0};
	struct fact_locations *locs = NULL;
	const struct rule **rules = NULL;
	double started = monotonic();
	int status = parse_args(argc, argv, src, &a);
	if (status)
		goto out;
	if ((status = load_rules(&a, &rs, &ws)))
		goto out;
	a.in.gaps = &gaps;
	a.in.locs = &locs;
	if ((status = src->gather(&a.in, &list, &host)))
		goto out;
	rules = calloc(rs.n ? rs.n : 1, sizeof(*rules));
	res.c = calloc(list.n ? list.n : 1, sizeof(*res.c));
	if (!rules || !res.c) {
		status = EXIT_UNREADABLE;
		goto out;
	}
	for (size_t i = 0; i < rs.n; i++)
		rules[i] = &rs.r[i];
	res.rules = rules;
	res.nrules = rs.n;
	res.n = list.n;
	res.host = &host;
	res.ws = a.judge.waivers ? &ws : NULL;
	res.hostname = cli_hostname();
	res.nhosts = 1;
	res.now = cli_now();
	res.fail_on = a.fail_on;
	res.fail_never = a.fail_never;
	res.gaps = &gaps;
	if (judge_containers(&rs, a.judge.waivers ? &ws : NULL, &list, &host, res.hostname, res.now,
			     res.c) < 0) {
		cli_error("out of memory");
		status = EXIT_UNREADABLE;
		goto out;
	}
	for (size_t i = 0; locs && i < res.n; i++)
		res.c[i].loc = &locs[i];
	if (a.baseline && (status = apply_baseline(&a, &res)))
		goto out;
	res.duration = getenv("CTGUARD_NOW") ? 0 : monotonic() - started;
	struct report_options ro = {.verbose = a.verbose, .output_dir = a.output_dir};
	status = cli_write_report(a.output, a.format, &res, &ro);
	for (size_t i = 0; i < ws.n; i++)
		if (ws.w[i].matched == 0)
			cli_warn("waiver at %s:%zu (rule '%s') matched no finding", ws.w[i].file,
				 ws.w[i].line, ws.w[i].rule);
	if (status == 0)
		status = gaps_any(&gaps) && !a.allow_partial ? EXIT_INCOMPLETE
			 : audit_failed(&res)		     ? EXIT_FINDINGS
							     : EXIT_OK;
out:
	if (!CLI_FREE_AT_EXIT)
		return status < 0 ? EXIT_OK : status; /* main() exits with it */
	gaps_free(&gaps);
	for (size_t i = 0; locs && i < list.n; i++)
		fact_locations_free(&locs[i]);
	free(locs);
	for (size_t i = 0; res.c && i < res.n; i++)
		findings_free(res.c[i].findings, res.c[i].nfindings);
	free(res.c);
	audit_fixed_free(&res);
	free(rules);
	container_list_free(&list);
	facts_free(&host);
	waivers_free(&ws);
	ruleset_free(&rs);
	strv_free(&a.judge.packs);
	strv_free(&a.judge.rules);
	return status < 0 ? EXIT_OK : status;
}

static const struct audit_source live_source = {
    .cmd = "audit",
    .usage = cli_audit_usage,
    .live = true,
    .gather = gather_live,
};

int cli_audit(int argc, char **argv)
{
	return cli_audit_pipeline(argc, argv, &live_source);
}
