/* ctguard oci: OCI runtime configs, checked before launch (check) and gated at launch
 * (runtime, the wrapper in front of runc; also run as `ctguard-runtime`). */
#include "config.h"

#include <string.h>

#include "cli/cli.h"

const char cli_oci_usage[] =
    "Usage: ctguard oci check [OPTION...] BUNDLE|CONFIG.JSON...\n"
    "       ctguard oci runtime [RUNC-ARGUMENTS...]   (also: ctguard-runtime ...)\n"
    "check judges OCI runtime configs (a bundle's config.json) with the rules 'ctguard audit'\n"
    "uses on running containers; 'ctguard oci check --help' shows its options.\n"
    "runtime is a wrapper runtime in front of runc: for create and run it applies the policy\n"
    "of /etc/ctguard/runtime.yaml (CTGUARD_RUNTIME_CONFIG overrides the path) to the bundle's\n"
    "config.json, then runs the real runtime with the same arguments; every other command\n"
    "passes through untouched. 'ctguard oci runtime --ctguard-help' shows how. See ctguard(8).\n";

int cli_oci(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("oci", "missing subcommand (check or runtime)");
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cli_oci_usage, stdout);
		return EXIT_OK;
	}
	if (strcmp(sub, "check") == 0)
		return cli_oci_check(argc - 1, argv + 1);
	if (strcmp(sub, "runtime") == 0)
		return cli_oci_runtime(argc - 1, argv + 1);
	return cli_usage_error("oci", "unknown subcommand '%s' (expected check or runtime)", sub);
}
