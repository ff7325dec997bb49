/* The record of a learning run (ctguard run --learn, enforce/learn.h): each native syscall
 * seen, how often and by which executables, the calls through another ABI; and the ctguard
 * YAML profile (man/ctguard-seccomp.5, LEARNING) written from it. Bounded: numbers past 1023
 * are only counted, callers past 4096 and other-ABI calls past 256 are lumped together. */
#pragma once

#include <stdint.h>

#include "lib/buf.h"
#include "lib/strv.h"
#include "seccomp/profile.h"

struct learnrec;

#define LEARNREC_PROG_NONE UINT32_MAX /* no caller (out of memory): the call is still counted */

/* NULL on ENOMEM. */
struct learnrec *learnrec_new(void);
void learnrec_free(struct learnrec *r);
/* The id of a caller's label (an executable path, "ctguard (launcher)", ...), added when new;
 * LEARNREC_PROG_NONE when it cannot be remembered. */
uint32_t learnrec_prog(struct learnrec *r, const char *label);
/* One call of native syscall nr by prog. */
void learnrec_native(struct learnrec *r, int nr, uint32_t prog);
/* One call through another ABI (arch an AUDIT_ARCH_*; x32 numbers keep their bit 30). */
void learnrec_other(struct learnrec *r, uint32_t arch, int nr, uint32_t prog);

/* What the header of the learned profile says. */
struct learnrec_header {
	char *const *argv;	       /* the command */
	const char *policy;	       /* policy name or file */
	const char *replaced;	       /* the policy's seccomp profile, NULL with none */
	const struct profile *profile; /* that profile loaded, to mark what it refuses; or NULL */
	uint64_t caps_keep;	       /* decides its caps-conditional rules */
};

/* The learned profile as ctguard YAML: default errno EPERM, one allow rule with every native
 * syscall seen (sorted, each followed by a comment naming its callers), plus exit, exit_group,
 * rt_sigreturn and restart_syscall. Calls through another ABI (refused while learning) and
 * numbers libseccomp cannot name are listed in comments. refused receives the learned names
 * that h->profile refuses whatever the arguments; other_abi one line per other-ABI syscall
 * (both may be NULL). Returns 0 or -ENOMEM. */
int learnrec_yaml(const struct learnrec *r, const struct learnrec_header *h, struct buf *out,
		  struct strv *refused, struct strv *other_abi);

/* Counts for the summary line. */
void learnrec_counts(const struct learnrec *r, size_t *syscalls, uint64_t *calls, size_t *programs);
