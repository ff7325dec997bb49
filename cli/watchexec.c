/* ctguard watch: the daemon is the program ctguard-watch (ctguard-watch.c), the only one linked
 * with libcurl and libmicrohttpd, whose dozens of libraries would otherwise be loaded, and their
 * pages resident, in every `ctguard audit` and `inspect` (bench/README.md). `ctguard watch ARGS`
 * runs it in place (same process: systemd's MAINPID and signals stay right): the ctguard-watch
 * beside this binary (the build tree, an install), else the one in the configured sbindir; only
 * a file that nobody but root (or this user) could have put there: ctguard runs as root, and a
 * copy of it run from /tmp must not run another user's /tmp/ctguard-watch. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

#ifndef CTG_SBINDIR
#define CTG_SBINDIR "/usr/local/sbin"
#endif

#define WATCH_PROGRAM "ctguard-watch"

/* dir/ctguard-watch of the running binary's directory; false when /proc/self/exe is unreadable,
 * not a path (a memfd), or the path does not fit. */
static bool beside_self(char *out, size_t outsz)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0 || self[0] != '/')
		return false;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	*slash = '\0';
	int w = snprintf(out, outsz, "%s/" WATCH_PROGRAM, self);
	return w > 0 && (size_t)w < outsz;
}

/* Owned by root or by this user, and not writable by group or others. */
static bool owned_safely(const struct stat *st)
{
	return (st->st_uid == 0 || st->st_uid == geteuid()) && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* path resolved into real (PATH_MAX bytes) when it is a regular file that only root or this user
 * could have put there: the file owned safely, its directory too or sticky (so that nobody else
 * can swap the file between this check and the exec). Returns 0, -ENOENT, or another negative
 * errno with why set. */
static int trusted(const char *path, char *real, const char **why)
{
	*why = NULL;
	if (!realpath(path, real))
		return -errno;
	struct stat st, dst;
	if (stat(real, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		return -EPERM;
	}
	if (!owned_safely(&st)) {
		*why = st.st_mode & (S_IWGRP | S_IWOTH) ? "writable by its group or others"
							: "not owned by root";
		return -EPERM;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", real);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	if (stat(dir, &dst) < 0)
		return -errno;
	if ((dst.st_uid != 0 && dst.st_uid != geteuid()) ||
	    ((dst.st_mode & (S_IWGRP | S_IWOTH)) && !(dst.st_mode & S_ISVTX))) {
		*why = "in a directory others may write to";
		return -EPERM;
	}
	return 0;
}

int cli_watch_exec(int argc, char **argv)
{
	(void)argc;
	char here[PATH_MAX], real[PATH_MAX];
	const char *installed = CTG_SBINDIR "/" WATCH_PROGRAM;
	const char *tried[2] = {beside_self(here, sizeof(here)) ? here : NULL, installed};
	argv[0] = (char *)WATCH_PROGRAM;
	for (size_t i = 0; i < 2; i++) {
		if (!tried[i] || (i == 1 && tried[0] && strcmp(tried[0], tried[1]) == 0))
			continue;
		const char *why;
		int r = trusted(tried[i], real, &why);
		if (r == -ENOENT)
			continue; /* not there: the next place */
		if (r == 0) {
			execv(real, argv);
			r = -errno;
		}
		/* There but not runnable: said, never replaced by another copy elsewhere. */
		cli_error("watch: refusing to run %s: %s", tried[i], why ? why : strerror(-r));
		return EXIT_UNREADABLE;
	}
	cli_error("watch: cannot run %s (%s%s%s): %s; `ctguard watch` is that program, built and "
		  "installed beside ctguard",
		  WATCH_PROGRAM, tried[0] ? tried[0] : "", tried[0] ? ", " : "", installed,
		  strerror(ENOENT));
	return EXIT_UNREADABLE;
}
