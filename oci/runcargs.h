/* runc 1.1's command line as runc reads it: urfave/cli v1.22 (reorderArgs, then Go's flag
 * package, then normalizeFlags) over one table of runc's flags. The wrapper runtime judges what
 * this finds, so it must find what runc finds; what runc would refuse is refused here too. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "lib/error.h"

enum ra_kind { RA_BOOL, RA_STRING, RA_INT, RA_STRINGS, RA_INT64S };

/* The options whose values the wrapper uses (RA_OTHER: known, passed on, not used). */
enum ra_key {
	RA_OTHER,
	RA_HELP,
	RA_VERSION,
	RA_LOG,
	RA_LOG_FORMAT,
	RA_ROOT,
	RA_CT_CONFIG, /* ctguard's own global options, removed before runc runs */
	RA_CT_HELP,
	RA_CT_CHECK,
	RA_CT_ARGS,
	RA_BUNDLE,
	RA_PROCESS,
	RA_USER,
	RA_GIDS,
	RA_CAP,
	RA_APPARMOR,
	RA_PROCESS_LABEL,
	RA_NO_NEW_PRIVS, /* exec --no-new-privs[=BOOL]: false clears the config's */
	RA_LSM_PROFILE,
	RA_LSM_MOUNT_CONTEXT,
	RA_PID_FILE, /* files runc writes or opens by path: checked like bind sources */
	RA_CONSOLE_SOCKET,
	RA__COUNT
};

struct ra_flag {
	const char *names; /* urfave's "long, short" */
	enum ra_kind kind;
	enum ra_key key;
};

/* One option as parsed: argv[at] is its token; its value is argv[value_at] (value_at > at) or
 * inline after the '=' of argv[at] (value_at == at); a bool without "=v" has value NULL. */
struct ra_opt {
	const struct ra_flag *flag;
	const char *value;
	int at, value_at;
};

struct runc_args {
	const char *command; /* NULL: none (runc --version, ...) */
	int command_at;
	bool gated;	     /* create, run, restore, exec: every option known and checked */
	bool help;	     /* the command's --help: runc prints help and runs nothing */
	struct ra_opt *opts; /* global ones first, then the command's */
	size_t nopts, nglobal;
	int *pos; /* the command's positional arguments (argv indices), in runc's order */
	size_t npos;
};

/* Parses argv. Returns 0, -ENOMEM, or -EINVAL with err saying why (an option runc does not
 * know, a missing value, two forms of one option, a wrong number of arguments: argv runc would
 * refuse, or that the wrapper cannot read as runc does). */
int runc_args_parse(int argc, char **argv, struct runc_args *a, struct error *err);
void runc_args_free(struct runc_args *a);
/* The last value given for key (runc's StringFlag: the last one wins), or NULL. global: among
 * the global options, else among the command's. */
const char *runc_args_get(const struct runc_args *a, enum ra_key key, bool global);
/* Go's strconv.ParseBool. Returns 0/1, or -1 when s is not a boolean. */
int runc_parse_bool(const char *s);
/* Go's strconv.ParseInt(s, 10, 64). Returns 0 or -EINVAL. */
int runc_parse_int64(const char *s, long long *out);
