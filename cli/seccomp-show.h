/* ctguard seccomp dump|show|diff: cli/seccomp-show.c (options, sources, dump, show) and
 * cli/seccomp-diff.c (diff), dispatched from cli/seccomp.c; the renderers are report/'s
 * (report/screport.h), the sources seccomp/'s (seccomp/scsource.h). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report/screport.h"
#include "seccomp/scsource.h"

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

/* Options of the three subcommands; -1 when --help was printed, else 0 or an exit status. */
int cli_sc_parse_opts(const char *cmd, int argc, char **argv, struct sc_opts *o);
int cli_sc_parse_caps(const char *s, uint64_t *out);
/* Loads s->spec (pid:N, a profile with s->caps, a raw program) and decides every syscall;
 * 0 or an exit status (the message printed). */
int cli_sc_load(struct scsource *s, const struct sc_opts *o);
/* Standard output for NULL or "-"; NULL (message printed) when the file cannot be opened. */
FILE *cli_sc_open_out(const char *path);
int cli_sc_close_out(FILE *f);

int cli_seccomp_dump(int argc, char **argv);
int cli_seccomp_show(int argc, char **argv);
int cli_seccomp_diff(int argc, char **argv);
