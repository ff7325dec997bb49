/* The capability state of a launched command: bounding set, securebits, the permitted,
 * effective and inheritable sets (through libcap) and the ambient set. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"

struct capsets {
	uint64_t keep;	    /* bounding, permitted, effective */
	uint64_t ambient;   /* also inheritable: the kernel raises ambient only from P & I */
	uint64_t transient; /* held in permitted/effective until capsets_finish (CAP_SYS_ADMIN to
			       load seccomp/Landlock without no_new_privs), else 0 */
	int last_cap;	    /* /proc/sys/kernel/cap_last_cap */
	void *set;	    /* prepared cap_t, so that applying does not allocate */
	void *final;	    /* prepared cap_t without the transient capabilities */
};

/* Builds the libcap states for keep (+ transient). Ambient is keep when keep is not empty
 * (a non-root command keeps capabilities across execve only through ambient) and the
 * inheritable set equals it, else both are empty (CVE-2022-29162: a non-empty inheritable set
 * hands capabilities to programs with file-inheritable bits). */
int capsets_prepare(struct capsets *c, uint64_t keep, uint64_t transient, struct error *err);
void capsets_free(struct capsets *c);

/* Drops every capability not kept from the bounding set (needs CAP_SETPCAP). */
int capsets_drop_bounding(const struct capsets *c, struct error *err);
/* Sets SECBIT_NOROOT and SECBIT_NO_SETUID_FIXUP with their LOCKED bits, plus KEEP_CAPS while
 * ids change (keep_caps true) or, after (false), without it; with no ambient set, also locks
 * SECBIT_NO_CAP_AMBIENT_RAISE. */
int capsets_securebits(const struct capsets *c, bool keep_caps, struct error *err);
/* Permitted, effective, inheritable, then ambient: cleared and raised. */
int capsets_apply(const struct capsets *c, struct error *err);
/* Leaves the transient capabilities, if any. */
int capsets_finish(const struct capsets *c, struct error *err);
/* Expected state of the five sets once applied and finished. */
uint64_t capsets_inheritable(const struct capsets *c);
