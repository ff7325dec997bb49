/* ctguard report: merge saved audit results of many hosts into one report. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/load.h"
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

struct merged {
	struct loaded_result *docs;
	size_t ndocs;
	const struct rule **rules;
	struct audit_container *c;
	struct strv hosts;
	struct gaps gaps;
};

static void merged_free(struct merged *m)
{
	for (size_t i = 0; i < m->ndocs; i++)
		result_free(&m->docs[i]);
	free(m->docs);
	free(m->rules);
	free(m->c);
	strv_free(&m->hosts);
	gaps_free(&m->gaps);
}

/* One rule list (by id, first definition wins) and one container list across documents. */
static int merge(struct merged *m, struct audit_result *res)
{
	size_t nrules = 0, n = 0;
	for (size_t d = 0; d < m->ndocs; d++) {
		nrules += m->docs[d].nrules;
		n += m->docs[d].n;
		/* Hosts by container, so that a merged report merged again keeps them. */
		if (m->docs[d].n == 0)
			strv_push_unique(&m->hosts, m->docs[d].hostname ? m->docs[d].hostname : "");
		for (size_t i = 0; i < m->docs[d].n; i++)
			strv_push_unique(&m->hosts,
					 m->docs[d].c[i].host ? m->docs[d].c[i].host : "");
	}
	m->rules = calloc(nrules ? nrules : 1, sizeof(*m->rules));
	m->c = calloc(n ? n : 1, sizeof(*m->c));
	if (!m->rules || !m->c)
		return -1;
	for (size_t d = 0; d < m->ndocs; d++) {
		for (size_t i = 0; i < m->docs[d].nrules; i++) {
			const struct rule *r = &m->docs[d].rules[i];
			bool seen = false;
			for (size_t k = 0; k < res->nrules && !seen; k++)
				seen = strcmp(m->rules[k]->id, r->id) == 0;
			if (!seen)
				m->rules[res->nrules++] = r;
		}
		for (size_t i = 0; i < m->docs[d].n; i++)
			m->c[res->n++] = m->docs[d].c[i];
		/* What each host's scan could not read stays with the merged report. */
		if (gaps_merge(&m->gaps, &m->docs[d].gaps,
			       m->ndocs > 1 ? m->docs[d].hostname : NULL) < 0)
			return -1;
	}
	res->gaps = &m->gaps;
	res->rules = m->rules;
	res->c = m->c;
	res->nhosts = m->hosts.n;
	if (m->ndocs == 1) {
		res->hostname = m->docs[0].hostname;
		res->host = &m->docs[0].host;
	}
	return 0;
}

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
	struct merged m = {.docs = calloc((size_t)(argc - optind), sizeof(*m.docs))};
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
	if (status == 0 && merge(&m, &res) < 0)
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
	merged_free(&m);
	return status;
}
