/* ctguard --help, ctguard help CMD, and the table of subcommands. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char help_usage[] = "Usage: ctguard help [COMMAND]\n"
				 "Shows the usage of ctguard or of one command.\n";

const struct cli_command cli_commands[] = {
    {"inspect", "show the effective security state of every container on this host",
     cli_inspect_usage, cli_inspect},
    {"audit", "judge every container with YAML rules (CIS Docker, PSS, escapes)", cli_audit_usage,
     cli_audit},
    {"watch", "audit continuously: events on changes, a Prometheus /metrics endpoint",
     cli_watch_usage, cli_watch_exec},
    {"rules", "list, show and lint rules; list the facts rules can use", cli_rules_usage,
     cli_rules},
    {"report", "merge saved audit results of many hosts into one report", cli_report_usage,
     cli_report},
    {"run", "launch a command under an enforced policy, failing closed", cli_run_usage, cli_run},
    {"seccomp", "compile, lint, dump, show and diff seccomp filters", cli_seccomp_usage,
     cli_seccomp},
    {"oci", "check OCI bundles before launch; gate launches as a runtime in front of runc",
     cli_oci_usage, cli_oci},
    {"help", "show help for a command", help_usage, cli_help},
    {NULL, NULL, NULL, NULL},
};

const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int cli_main_help(void)
{
	printf("Usage: ctguard COMMAND [OPTION...]\n"
	       "Audits the effective isolation of a host's containers.\n\n"
	       "Commands:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	printf("\nOptions:\n"
	       "  -h, --help     show this help\n"
	       "  -V, --version  show the version\n\n"
	       "'ctguard help COMMAND' or 'ctguard COMMAND --help' shows a command's options.\n"
	       "Exit status: 0 success, 1 findings (or nothing matched), 2 bad usage or input,\n"
	       "3 could not read what it needed. See ctguard(8).\n");
	return EXIT_OK;
}

int cli_help(int argc, char **argv)
{
	if (argc < 2)
		return cli_main_help();
	if (argc > 2)
		return cli_usage_error("help", "help takes one command name");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help_usage, stdout);
		return EXIT_OK;
	}
	const struct cli_command *c = cli_find(argv[1]);
	if (!c)
		return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
	fputs(c->usage, stdout);
	return EXIT_OK;
}
