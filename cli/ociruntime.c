/* ctguard oci runtime: work in progress. */
#include "config.h"

#include "cli/cli.h"

int cli_oci_runtime(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("oci runtime is not built yet");
	return EXIT_USAGE;
}
