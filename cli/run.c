/* ctguard run: being written (issue 5). */
#include "config.h"

#include "cli/cli.h"

const char cli_run_usage[] = "Usage: ctguard run [--policy P] [--explain] [--check] [OPTION...] -- CMD [ARG...]\n";

int cli_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("'run' is not available yet");
	return EXIT_USAGE;
}
