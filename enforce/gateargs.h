/* The wrapper runtime's reading of runc's command line (oci/runcargs.h reads it as runc does):
 * the command, container, bundle and files the gate needs; runc's argv as the gate hands it on
 * (ctguard's own options dropped, values replaced); and for `runc exec` without --process, the
 * process its options ask for and, in enforce mode, those options rewritten to what the gate
 * decided. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "oci/runcargs.h"

struct gateargs {
	char **argv;	       /* the original arguments (argv[0] included) */
	int argc;	       /* including argv[0] */
	struct runc_args ra;   /* argv as runc reads it */
	const char *command;   /* create, run, state, ... (NULL: none, e.g. --version) */
	const char *bundle;    /* create/run/restore: --bundle value, else "." */
	const char *id;	       /* create/run/restore/exec: the container id */
	const char *log;       /* --log FILE */
	const char *logformat; /* --log-format text|json */
	const char *config;    /* --ctguard-config FILE */
	const char *root;      /* --root DIR (runc's state directory) */
	const char *process;   /* exec --process FILE (non-empty) */
	bool ctguard_help, ctguard_check, ctguard_args;
};

/* Reads argv (kept, not copied) into a. Returns 0, or a negative errno with err set: argv runc
 * would refuse, or read otherwise than the wrapper can (-EINVAL), or -ENOMEM. The fields read
 * before the failure (log, config, the --ctguard-* switches) are set either way; free a with
 * gateargs_free in every case. */
int gateargs_parse(int argc, char **argv, struct gateargs *a, struct error *err);
void gateargs_free(struct gateargs *a);
/* A bool option given (the last occurrence true: "--x", "--x=true"); global: among the global
 * options, else among the command's. */
bool gateargs_true(const struct runc_args *ra, enum ra_key key, bool global);
/* A string option as runc uses it: the last value, "" counting as not given (NULL). */
const char *gateargs_str(const struct runc_args *ra, enum ra_key key, bool global);
/* runc --help, --version or COMMAND --help: runc prints and runs nothing. */
bool gateargs_help(const struct gateargs *a);

/* runc's argv to be: a new array of argc + 3 slots, a copy of argv less ctguard's own global
 * options (NULL where a token is dropped; the two spare slots for an inserted --bundle).
 * NULL when out of memory. The strings are argv's until the gate replaces some. */
char **gateargs_runc_argv(const struct gateargs *a);
/* Removes the NULL slots of nv (argc + 3 slots, from gateargs_runc_argv) and ends it with a
 * NULL; returns the number of arguments. */
int gateargs_compact(char **nv, int argc);
/* Sets the option value value_at (a pointer into one of argv's strings, as gateargs_parse
 * recorded it: the whole token or the part after '=') to repl in nv; when value_at points into
 * none of them (the bundle defaulted to the working directory), "OPT repl" is inserted after
 * the command. The new strings are allocated and live until exec. Returns 0 or -ENOMEM. */
int gateargs_set_value(const struct gateargs *a, char **nv, const char *value_at, const char *opt,
		       const char *repl);

/* The uid and gid exec's process gets where the command line gives none: the config's apply
 * (judged at create), stood in for by a non-root id. */
#define GATEARGS_STANDIN_ID 65534

/* exec without --process: sets wrap's "process" to the process the command line asks for
 * (--user, --additional-gids, --cap as the bounding set, --no-new-privs, --apparmor,
 * --process-label), as far as the command line decides it. Returns 0, -EINVAL with err set (a
 * --user or --additional-gids runc would not read as ids), or -ENOMEM. */
int gateargs_exec_process(const struct gateargs *a, json_object *wrap, struct error *err);
/* Enforce mode: exec's options in nv rewritten to the process the gate left in wrap (kept: the
 * capabilities the policy keeps): each option the gate changed gets its new value in its own
 * spelling ("-u=V", "--user V") or is dropped with its value. Returns 0 or -ENOMEM. */
int gateargs_exec_rewrite(const struct gateargs *a, json_object *wrap, uint64_t kept, char **nv);
