/* ctguard watch: the daemon is the program ctguard-watch (ctguard-watch.c), the only one linked
 * with libcurl and libmicrohttpd, whose dozens of libraries would otherwise be loaded, and their
 * pages resident, in every `ctguard audit` and `inspect` (bench/README.md). `ctguard watch ARGS`
 * runs it in place (same process: systemd's MAINPID and signals stay right): the ctguard-watch
 * beside this binary (the build tree, an install), else the one in the configured sbindir. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

#ifndef CTG_SBINDIR
#define CTG_SBINDIR "/usr/local/sbin"
#endif

#define WATCH_PROGRAM "ctguard-watch"

/* dir/ctguard-watch of the running binary's directory; false when /proc/self/exe is unreadable
 * or the path does not fit. */
static bool beside_self(char *out, size_t outsz)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return false;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (!slash)
		return false;
	*slash = '\0';
	int w = snprintf(out, outsz, "%s/" WATCH_PROGRAM, self);
	return w > 0 && (size_t)w < outsz;
}

int cli_watch_exec(int argc, char **argv)
{
	(void)argc;
	char here[PATH_MAX];
	const char *installed = CTG_SBINDIR "/" WATCH_PROGRAM;
	const char *tried[2] = {beside_self(here, sizeof(here)) ? here : NULL, installed};
	int first_err = 0;
	argv[0] = (char *)WATCH_PROGRAM;
	for (size_t i = 0; i < 2; i++) {
		if (!tried[i] || (i == 1 && tried[0] && strcmp(tried[0], tried[1]) == 0))
			continue;
		execv(tried[i], argv);
		if (!first_err || errno != ENOENT)
			first_err = errno;
	}
	cli_error("watch: cannot run %s (%s%s%s): %s; `ctguard watch` is that program, built and "
		  "installed beside ctguard",
		  WATCH_PROGRAM, tried[0] ? tried[0] : "", tried[0] ? ", " : "", installed,
		  strerror(first_err ? first_err : ENOENT));
	return EXIT_UNREADABLE;
}
