/* ctguard run without privilege: what a caller without CAP_SETPCAP (an ordinary user) can and
 * cannot do to itself, decided while planning so that nothing is executed when the policy asks
 * for more than can be done. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "kernel/status.h"
#include "enforce/creds.h"
#include "lib/buf.h"
#include "lib/error.h"

struct unpriv {
	bool on;	   /* the caller cannot drop its bounding set nor change ids */
	uint64_t bounding; /* the caller's bounding set, which stays */
	uid_t uid;	   /* the caller's ids, which stay */
	gid_t gid;
};

/* True when st (the caller's /proc/self/status) describes a caller that lacks CAP_SETPCAP and
 * none of whose uids is 0. A uid-0 caller without capabilities is not one: uid 0 regains the
 * bounding set at execve unless a locked securebit (which needs CAP_SETPCAP) stops it. */
bool unpriv_detect(const struct proc_status *st);

/* Checks that the plan asks nothing an unprivileged caller cannot do: the same uid and gid as
 * the caller, no supplementary group beyond the caller's gid that the caller does not hold
 * already, no capability kept, and no_new_privs (without it, no execve of a setuid file or a
 * file with capabilities is prevented, and dropping the bounding set would be needed). Fills
 * u, and c's supplementary groups with the caller's (they stay). Returns 0 or -EPERM with err
 * saying what the policy asks and how to run it. */
int unpriv_check(const struct proc_status *st, struct creds *c, uint64_t keep, bool nnp,
		 struct unpriv *u, struct error *err);

/* --explain: the lines of the steps an unprivileged caller skips, each saying why it is not
 * needed. */
void unpriv_explain_bounding(const struct unpriv *u, struct buf *b);
void unpriv_explain_securebits(const struct unpriv *u, struct buf *b);
