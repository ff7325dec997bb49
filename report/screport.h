/* The renderers of `ctguard seccomp dump|show|diff` (report/seccomp-text.c, text;
 * report/seccomp-json.c, the ctguard.seccomp-dump/v1, ctguard.seccomp/v1 and
 * ctguard.seccomp-diff/v1 documents). They write what seccomp/ found: a process's filter stack
 * (seccomp/filterdump.h), what a filter decides for every syscall (seccomp/verdict.h), where
 * two filters differ (seccomp/vdiff.h). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "lib/jsonw.h"
#include "seccomp/filterdump.h"
#include "seccomp/scsource.h"
#include "seccomp/vdiff.h"
#include "seccomp/verdict.h"

/* What `show` lists. */
struct screport_select {
	const char *abi; /* "native" (default), "all", or one ABI's name: the ABIs whose
			  * syscalls are listed (and --call evaluates) */
	char **names;	 /* these syscalls only; all when nnames is 0 */
	int nnames;
	const char **calls; /* --call NAME(ARGS): text shows what the stack returns for these */
	int ncalls;
};

/* The syscalls listed: those named, else all. */
static inline bool screport_wanted(const struct screport_select *o, const char *name)
{
	for (int i = 0; i < o->nnames; i++)
		if (strcmp(o->names[i], name) == 0)
			return true;
	return o->nnames == 0;
}

/* The native ABI's syscalls always; another's with --abi all or its name. */
static inline bool screport_abi_listed(const struct screport_select *o, size_t a, const char *name)
{
	return a == 0 || strcmp(o->abi, "all") == 0 || strcmp(o->abi, name) == 0;
}

/* "disabled", "strict" or "filter" for /proc's Seccomp: 0, 1, 2. */
const char *screport_mode_name(int mode);

/* dump: the mode and every filter's program (text: disassembled; JSON: the instructions). */
void screport_dump_text(FILE *f, pid_t pid, const struct filterdump *d);
void screport_dump_json(FILE *f, pid_t pid, const struct filterdump *d);
/* show: every syscall's decision per ABI, or with calls what the kernel returns for them. */
void screport_show_text(FILE *f, const struct scsource *s, const struct screport_select *sel);
void screport_show_json(FILE *f, const struct scsource *s, const struct screport_select *sel);
/* diff: where a and b decide differently, each with a witness input. */
void screport_diff_text(FILE *f, const struct scsource *a, const struct scsource *b,
			const struct vdiff *d);
void screport_diff_json(FILE *f, const struct scsource *a, const struct scsource *b,
			const struct vdiff *d);
/* "action" (and "errno" or "data") of a result into the current JSON object. */
void screport_put_ret(struct jsonw *w, uint32_t ret);
/* "exact": true, or false with "approx": [the reasons, verdict_approx_names]. */
void screport_put_exact(struct jsonw *w, unsigned approx);
