/* ctguard oci check: placeholder until the check lands (owned by the oci check work). */
#include "config.h"

#include "cli/cli.h"

int cli_oci_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("oci check is not built yet");
	return EXIT_USAGE;
}
