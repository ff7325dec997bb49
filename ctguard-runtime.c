/* main() of ctguard-runtime, the OCI wrapper runtime in front of runc: a program of its own so
 * that it links only the gate (cli/ociruntime.c and the library objects it needs, no libcurl or
 * libmicrohttpd) and, where the libraries' .a files exist, as a static-pie binary: it runs on
 * every container start (bench/README.md). `ctguard oci runtime` is the same code in ctguard. */
#include "config.h"

#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_oci_runtime(argc, argv);
}
