/* ctguard seccomp dump|show|diff: cli/seccomp-show.c (sources, dump, show) and
 * cli/seccomp-diff.c (diff), dispatched from cli/seccomp.c. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "seccomp/filterdump.h"
#include "seccomp/verdict.h"
#include "lib/buf.h"
#include "lib/jsonw.h"

enum sc_fmt { FMT_TEXT, FMT_JSON };

struct sc_opts {
	enum sc_fmt format;
	const char *out, *abi, *caps;
	int index, timeout_ms;
	const char *calls[64]; /* --call NAME(ARGS): evaluate these calls */
	int ncalls;
	char **args;
	int nargs;
};

enum src_kind { SRC_PID, SRC_PROFILE, SRC_BPF };

struct sc_source {
	const char *spec;
	enum src_kind kind;
	pid_t pid;
	uint64_t caps;
	struct filterdump d;
	struct verdict v;
};

/* Options of the three subcommands; -1 when --help was printed, else 0 or an exit status. */
int cli_sc_parse_opts(const char *cmd, int argc, char **argv, struct sc_opts *o);
/* "N" or "pid:N"; 0 or -EINVAL. */
int cli_sc_parse_pid(const char *s, pid_t *pid);
int cli_sc_parse_caps(const char *s, uint64_t *out);
/* Loads s->spec (pid:N, a profile with s->caps, a raw program) and decides every syscall;
 * 0 or an exit status (the message printed). */
int cli_sc_load(struct sc_source *s, const struct sc_opts *o);
void cli_sc_free(struct sc_source *s);
const char *cli_sc_mode_name(int mode);
/* Standard output for NULL or "-"; NULL (message printed) when the file cannot be opened. */
FILE *cli_sc_open_out(const char *path);
int cli_sc_close_out(FILE *f);
/* "action" (and "errno" or "data") of a result into the current JSON object. */
void cli_sc_put_ret(struct jsonw *w, uint32_t ret);
/* "exact": true, or false with "approx": [the reasons, verdict_approx_names]. */
void cli_sc_put_exact(struct jsonw *w, unsigned approx);

int cli_seccomp_dump(int argc, char **argv);
int cli_seccomp_show(int argc, char **argv);
int cli_seccomp_diff(int argc, char **argv);
