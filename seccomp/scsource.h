/* A seccomp filter to look at, from any of the sources `ctguard seccomp show|diff` take: a
 * running process (pid:N), a raw BPF program (bpf:FILE or FILE.bpf), or a profile compiled
 * the way `ctguard run` would load it; with the decision of every syscall (seccomp/verdict.h).
 * Also the small syntaxes of those commands: pid:N and --call NAME(ARGS). */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "lib/diag.h"
#include "lib/error.h"
#include "seccomp/filterdump.h"
#include "seccomp/verdict.h"

enum scsource_kind { SCSOURCE_PID, SCSOURCE_PROFILE, SCSOURCE_BPF };

struct scsource {
	const char *spec; /* as given: "pid:N", "bpf:FILE", "FILE.bpf", a profile */
	enum scsource_kind kind;
	pid_t pid;     /* SCSOURCE_PID */
	uint64_t caps; /* a profile's caps-conditional rules are decided for these */
	struct filterdump d;
	struct verdict v;
};

/* "N" or "pid:N"; 0 or -EINVAL. */
int scsource_parse_pid(const char *s, pid_t *pid);
/* "socket(40,-1,0x10)": a name (up to 63 bytes) and up to six 64-bit values (negative ones
 * two's complement, the others zero). Returns 0 or -EINVAL. */
int scsource_parse_call(const char *call, char name[64], uint64_t args[6]);
/* Loads s->spec (s->caps set by the caller for a profile) and decides every syscall; fo for a
 * pid:N source. A profile's diagnostics (warnings too) go to diag. Returns 0, -EINVAL with err
 * set for a source that is wrong (a bad profile or program, a bad pid), or another negative
 * errno with err set when it could not be read. A profile that does not load leaves err empty:
 * diag says why. Free s with scsource_free in every case. */
int scsource_load(struct scsource *s, const struct filterdump_options *fo, struct diag *diag,
		  struct error *err);
void scsource_free(struct scsource *s);
/* The bounding set of process pid (what runtimes decide their profiles' caps-conditional rules
 * with). Returns 0 or a negative errno with err set. */
int scsource_pid_bounding(pid_t pid, uint64_t *caps, struct error *err);
