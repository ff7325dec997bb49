/* main(): dispatches argv[1] to a subcommand in cli/. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
	/* Installed as a symlink, the binary is the OCI wrapper runtime: every argument is runc's.
	 */
	if (argc > 0 && strcmp(base_name(argv[0]), "ctguard-runtime") == 0)
		return cli_oci_runtime(argc, argv);
	if (argc < 2)
		return cli_usage_error(NULL, "missing command");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return cli_main_help();
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("ctguard %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (cmd[0] == '-')
		return cli_usage_error(NULL, "unknown option '%s'", cmd);
	const struct cli_command *c = cli_find(cmd);
	if (!c)
		return cli_usage_error(NULL, "unknown command '%s'", cmd);
	return c->run(argc - 1, argv + 1);
}
