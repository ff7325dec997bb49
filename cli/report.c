/* ctguard report: merge saved audit results of many hosts into one report. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/load.h"
#include "report/merge.h"
#include "report/report.h"

const char cli_report_usage[] =
    "Usage: ctguard report [OPTION...] RESULT.json...\n"
    "Merges 'ctguard audit --format json' results from many hosts into one report, with the\n"
    "host of every container and per-host and fleet totals.\n\n"
    "  -f, --format FORMAT    text (default), json, junit, sarif, csv, prometheus, html,\n"
    "                         policyreport (wgpolicyk8s.io) or openreports (openreports.io)\n"
    "  -o, --output FILE      write to FILE instead of standard output\n"
    "      --output-dir DIR   policyreport, openreports: ns-NAMESPACE.yaml per namespace and\n"
    "                         cluster.yaml in DIR, each replaced atomically\n"
    "      --fail-on SEV      exit 1 when a finding at or above SEV fails (default: never)\n"
    "  -v, --verbose          text: show passing rules too\n"
    "      --allow-partial    accept results whose scan could not read everything\n"
    "  -h, --help             show this help\n\n"
    "Exit status: 0 success (or nothing at or above --fail-on), 1 a failing finding at or\n"
    "above --fail-on, 2 bad usage or a malformed result, 3 a result could not be read,\n"
    "4 a result's view is incomplete (processes or containers its scan could not read;\n"
    "wins over 1; --allow-partial accepts it).\n";

int cli_report(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},	  {"output", required_argument, NULL, 'o'},
	    {"output-dir", required_argument, NULL, 'D'}, {"fail-on", required_argument, NULL, 'F'},
	    {"verbose", no_argument, NULL, 'v'},	  {"help", no_argument, NULL, 'h'},
	    {"allow-partial", no_argument, NULL, 'P'},	  {NULL, 0, NULL, 0},
	};
	bool allow_partial = false;
	const char *format = "text", *output = NULL;
	struct audit_result res = {.fail_never = true};
	struct report_options ro = {0};
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":f:o:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'D':
			ro.output_dir = optarg;
			break;
		case 'F':
			/* "none" as audit takes it: a result saved with --fail-on none merges. */
			res.fail_never = strcmp(optarg, "none") == 0;
			if (!res.fail_never && severity_parse(optarg, &res.fail_on) < 0)
				return cli_usage_error(
				    "report", "unknown severity '%s' for --fail-on", optarg);
			break;
		case 'v':
			ro.verbose = true;
			break;
		case 'P':
			allow_partial = true;
			break;
		case 'h':
			fputs(cli_report_usage, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error("report", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("report", "unknown option '%s'", argv[optind - 1]);
		}
	}
	enum report_format fmt;
	if (report_format_parse(format, &fmt) < 0)
		return cli_usage_error("report",
				       "unknown format '%s' (expected " REPORT_FORMATS ")", format);
	if (cli_check_output_dir("report", ro.output_dir, output, (int)fmt))
		return EXIT_USAGE;
	if (optind >= argc)
		return cli_usage_error("report", "no result files given");
	struct merge_set m = {.docs = calloc((size_t)(argc - optind), sizeof(*m.docs))};
	struct facts nohost = {0};
	int status = 0;
	if (!m.docs)
		return EXIT_UNREADABLE;
	for (int i = optind; i < argc && status == 0; i++) {
		struct error err = {0};
		int r = result_load(argv[i], &m.docs[m.ndocs++], &err);
		if (r < 0) {
			cli_error("%s", err.msg);
			status = r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
		}
	}
	if (status == 0 && merge_results(&m, &res) < 0)
		status = EXIT_UNREADABLE;
	if (status == 0) {
		if (!res.host)
			res.host = &nohost;
		if (!res.hostname)
			res.hostname = "";
		res.now = cli_now();
		status = cli_write_report(output, fmt, &res, &ro);
		if (status == 0 && gaps_any(&m.gaps) && !allow_partial)
			status = EXIT_INCOMPLETE;
		else if (status == 0 && audit_failed(&res))
			status = EXIT_FINDINGS;
	}
	merge_set_free(&m);
	return status;
}
