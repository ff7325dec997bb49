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
	bool ids_replaced; /* the policy's stand-in ids gave way to the caller's */
	uid_t asked_uid;   /* what the policy asked, then */
	gid_t asked_gid;
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
 * saying what the policy asks and how to run it.
 * stand_in (launch_policy.ids_stand_in): the policy's uid and gid only mean "not root", as the
 * built-in policies' 65534 does; then a caller whose real, effective, saved and filesystem ids
 * are each one non-root value keeps them: c's uid and gid become the caller's and
 * u->ids_replaced says so (the caller is told; --explain shows it). Ids named with --user,
 * --group or in a policy file are never replaced: those still fail closed. */
int unpriv_check(const struct proc_status *st, struct creds *c, uint64_t keep, bool nnp,
		 bool stand_in, struct unpriv *u, struct error *err);

/* The warning said before the launch when the caller's ids replaced the policy's stand-in
 * ones (u->ids_replaced). */
void unpriv_explain_ids(const struct unpriv *u, struct buf *b);

/* --explain: the lines of the steps an unprivileged caller skips, each saying why it is not
 * needed. */
void unpriv_explain_bounding(const struct unpriv *u, struct buf *b);
void unpriv_explain_securebits(const struct unpriv *u, struct buf *b);
