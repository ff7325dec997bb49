/* ctguard seccomp: being written (issue 5). */
#include "config.h"

#include "cli/cli.h"

const char cli_seccomp_usage[] = "Usage: ctguard seccomp compile|lint PROFILE [OPTION...]\n";

int cli_seccomp(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("'seccomp' is not available yet");
	return EXIT_USAGE;
}
