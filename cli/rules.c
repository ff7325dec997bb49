/* ctguard rules list|show|lint|facts */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/jsonw.h"
#include "report/ruletext.h"
#include "policy/rule.h"
#include "policy/waiver.h"
#include "lib/ydoc.h"

const char cli_rules_usage[] =
    "Usage: ctguard rules list [--pack NAME]... [--rules FILE|DIR]...\n"
    "       ctguard rules show ID [--pack NAME]... [--rules FILE|DIR]...\n"
    "       ctguard rules lint FILE...\n"
    "       ctguard rules facts [--format text|json]\n"
    "list: every rule (default: the built-in packs) with severity and pack.\n"
    "show: one rule in full: its condition, references and remediation.\n"
    "lint: checks rule and waiver files; every error with file:line:column; exit 2 on any.\n"
    "facts: the facts rules can name, with their types and meanings.\n";

static int load_selected(int argc, char **argv, struct ruleset *rs, char **positional)
{
	static const struct option opts[] = {{"pack", required_argument, NULL, 'p'},
					     {"rules", required_argument, NULL, 'r'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct diag d = {0};
	bool any = false;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":p:r:h", opts, NULL)) != -1) {
		if (c == 'p') {
			ruleset_load_pack(rs, optarg, &d);
			any = true;
		} else if (c == 'r') {
			ruleset_load_path(rs, optarg, &d);
			any = true;
		} else if (c == 'h') {
			fputs(cli_rules_usage, stdout);
			return -1;
		} else {
			diag_free(&d);
			return cli_usage_error("rules", "unknown option or missing value '%s'",
					       argv[optind - 1]);
		}
	}
	if (!any)
		ruleset_load_builtin(rs, &d);
	if (positional)
		*positional = optind < argc ? argv[optind] : NULL;
	bool bad = cli_print_diag(&d);
	diag_free(&d);
	return bad ? EXIT_USAGE : 0;
}

static int cmd_list(int argc, char **argv)
{
	struct ruleset rs = {0};
	int r = load_selected(argc, argv, &rs, NULL);
	if (r == 0)
		for (size_t i = 0; i < rs.n; i++)
			printf("%-20s %-8s %-15s %s\n", rs.r[i].id, severity_name(rs.r[i].severity),
			       rs.r[i].pack, rs.r[i].title);
	ruleset_free(&rs);
	return r < 0 ? EXIT_OK : r;
}

static int cmd_show(int argc, char **argv)
{
	struct ruleset rs = {0};
	char *id = NULL;
	int r = load_selected(argc, argv, &rs, &id);
	if (r == 0 && !id)
		r = cli_usage_error("rules", "rules show needs a rule id");
	const struct rule *rule = r == 0 ? ruleset_find(&rs, id) : NULL;
	if (r == 0 && !rule) {
		cli_error("no rule '%s' (see 'ctguard rules list')", id);
		r = EXIT_FINDINGS;
	}
	if (rule) {
		struct buf b = BUF_INIT;
		ruletext_cond(&b, &rule->when, 4);
		printf("%s: %s\n  severity:    %s\n  pack:        %s\n  defined at:  %s:%zu:%zu\n",
		       rule->id, rule->title, severity_name(rule->severity), rule->pack, rule->file,
		       rule->line, rule->column);
		for (size_t i = 0; i < rule->nrefs; i++)
			printf("  ref:         %s %s\n", rule->refs[i].key, rule->refs[i].value);
		if (rule->description)
			printf("  description: %s\n", rule->description);
		if (rule->not_evaluated)
			printf("  not evaluated: %s\n", rule->not_evaluated);
		else
			printf("  fails when:\n%s", b.data ? b.data : "");
		if (rule->has_requires) {
			struct buf q = BUF_INIT;
			ruletext_cond(&q, &rule->requires, 4);
			printf("  applies when:\n%s  otherwise not evaluated: %s\n",
			       q.data ? q.data : "", rule->requires_reason);
			buf_free(&q);
		}
		if (rule->remediation)
			printf("  remediation: %s\n", rule->remediation);
		if (rule->scanner_expected)
			printf(
			    "  expected on ctguard's own container (explained as waived there)\n");
		buf_free(&b);
	}
	ruleset_free(&rs);
	return r < 0 ? EXIT_OK : r;
}

/* A file whose top level has "waivers" is a waivers file; anything else is a rule file. */
static bool is_waivers_file(const char *path)
{
	struct diag d = {0};
	struct ydoc y;
	bool w = ydoc_load_file(&y, path, &d) == 0 && ydoc_get(&y, ydoc_root(&y), "waivers");
	ydoc_free(&y);
	diag_free(&d);
	return w;
}

static int cmd_lint(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("rules", "rules lint needs at least one file");
	int status = EXIT_OK;
	for (int i = 1; i < argc; i++) {
		struct diag d = {0};
		size_t n = 0;
		if (is_waivers_file(argv[i])) {
			struct waivers ws = {0};
			waivers_load(&ws, argv[i], &d);
			n = ws.n;
			waivers_free(&ws);
		} else {
			struct ruleset rs = {0};
			ruleset_load_path(&rs, argv[i], &d);
			n = rs.n;
			ruleset_free(&rs);
		}
		if (cli_print_diag(&d))
			status = EXIT_USAGE;
		else
			printf("%s: ok (%zu %s)\n", argv[i], n,
			       is_waivers_file(argv[i]) ? "waivers" : "rules");
		diag_free(&d);
	}
	return status;
}

static int cmd_facts(int argc, char **argv)
{
	bool json = argc == 3 && strcmp(argv[1], "--format") == 0 && strcmp(argv[2], "json") == 0;
	if (argc > 1 && !json && !(argc == 3 && strcmp(argv[2], "text") == 0))
		return cli_usage_error("rules", "rules facts takes only --format text|json");
	struct jsonw w;
	if (json) {
		jsonw_init(&w, stdout, true);
		jsonw_arr_open(&w);
	}
	for (int i = 0; i < F__COUNT; i++) {
		const struct fact_def *d = fact_def((enum fact_id)i);
		if (!json) {
			printf("%-32s %-7s %s\n", d->name, fact_type_name(d->type), d->meaning);
			continue;
		}
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "name", d->name);
		jsonw_kstr(&w, "type", fact_type_name(d->type));
		jsonw_kstr(&w, "scope", d->scope == FACT_SCOPE_HOST ? "host" : "container");
		jsonw_kstr(&w, "meaning", d->meaning);
		jsonw_obj_close(&w);
	}
	if (json) {
		jsonw_arr_close(&w);
		jsonw_end(&w);
	}
	return EXIT_OK;
}

int cli_rules(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("rules", "missing subcommand (list, show, lint or facts)");
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cli_rules_usage, stdout);
		return EXIT_OK;
	}
	if (strcmp(sub, "list") == 0)
		return cmd_list(argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return cmd_show(argc - 1, argv + 1);
	if (strcmp(sub, "lint") == 0)
		return cmd_lint(argc - 1, argv + 1);
	if (strcmp(sub, "facts") == 0)
		return cmd_facts(argc - 1, argv + 1);
	return cli_usage_error("rules", "unknown subcommand '%s' (list, show, lint or facts)", sub);
}
