/* main() of ctguard-watch, the daemon behind `ctguard watch` (cli/watch.c over watch/): a program
 * of its own because it alone needs libcurl (the HTTP sink) and libmicrohttpd (/metrics), whose
 * libraries (gnutls, nettle, krb5, ...: 39 shared objects) cost every other command about 6 MiB
 * of resident pages and the time to load them; without them ctguard links as static-pie
 * (bench/README.md). `ctguard watch ARGS` execs it (cli/watchexec.c). */
#include "config.h"

#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_watch(argc, argv);
}
