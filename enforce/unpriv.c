/* The rootless launch: which steps of the sequence an unprivileged caller can skip, and why
 * each is not needed (or, when it would be, the refusal). */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>

#include "enforce/unpriv.h"

bool unpriv_detect(const struct proc_status *st)
{
	if (st->cap_eff & (1ULL << CAP_SETPCAP))
		return false;
	for (int i = 0; i < 4; i++)
		if (st->uid[i] == 0)
			return false;
	return true;
}

static bool holds_group(const struct proc_status *st, gid_t g)
{
	if (st->gid[0] == g)
		return true;
	for (int i = 0; i < st->ngroups; i++)
		if (st->groups[i] == g)
			return true;
	return false;
}

static bool in_creds(const struct creds *c, gid_t g)
{
	for (size_t i = 0; i < c->ngroups; i++)
		if (c->groups[i] == g)
			return true;
	return false;
}

static int check_groups(const struct proc_status *st, const struct creds *c, struct error *err)
{
	for (size_t i = 0; i < c->ngroups; i++)
		if (!holds_group(st, c->groups[i]))
			return error_set(
			    err, -EPERM,
			    "the policy asks for supplementary group %u, which the "
			    "caller does not hold (without privilege ctguard run keeps "
			    "the caller's groups)",
			    (unsigned)c->groups[i]);
	/* The caller's primary gid listed again grants nothing more; any other group would stay
	 * against the policy's list, since setgroups needs CAP_SETGID. */
	for (int i = 0; i < st->ngroups; i++)
		if (st->groups[i] != c->gid && !in_creds(c, st->groups[i]))
			return error_set(err, -EPERM,
					 "the policy drops supplementary group %u, which needs "
					 "CAP_SETGID: add it with --groups or run as root",
					 (unsigned)st->groups[i]);
	return st->groups_truncated ? error_set(err, -EPERM,
						"the caller's groups are too many "
						"to compare with the policy")
				    : 0;
}

/* The caller's four uids and four gids each one value (no setuid program half-way). */
static bool ids_uniform(const struct proc_status *st)
{
	for (int i = 1; i < 4; i++)
		if (st->uid[i] != st->uid[0] || st->gid[i] != st->gid[0])
			return false;
	return true;
}

int unpriv_check(const struct proc_status *st, struct creds *c, uint64_t keep, bool nnp,
		 bool stand_in, struct unpriv *u, struct error *err)
{
	*u = (struct unpriv){
	    .on = true, .bounding = st->cap_bnd, .uid = st->uid[0], .gid = st->gid[0]};
	if (stand_in && ids_uniform(st) && st->uid[0] != 0 && st->gid[0] != 0 &&
	    (c->uid != st->uid[0] || c->gid != st->gid[0])) {
		u->ids_replaced = true;
		u->asked_uid = c->uid;
		u->asked_gid = c->gid;
		c->uid = st->uid[0];
		c->gid = st->gid[0];
	}
	for (int i = 0; i < 4; i++)
		if (st->uid[i] != c->uid || st->gid[i] != c->gid)
			return error_set(err, -EPERM,
					 "the policy asks for uid %u gid %u; without privilege "
					 "(no CAP_SETPCAP, CAP_SETUID) ctguard run keeps the "
					 "caller's uid %u gid %u: use --user %u --group %u (or a "
					 "policy saying so), or run as root",
					 (unsigned)c->uid, (unsigned)c->gid, (unsigned)st->uid[i],
					 (unsigned)st->gid[i], (unsigned)st->uid[i],
					 (unsigned)st->gid[i]);
	int r = check_groups(st, c, err);
	if (r < 0)
		return r;
	if (keep)
		return error_set(err, -EPERM,
				 "the policy keeps capabilities, which an unprivileged caller "
				 "cannot grant: run as root");
	if (!nnp)
		return error_set(err, -EPERM,
				 "without no_new_privileges the bounding set must be emptied "
				 "(a setuid or file-capability program would gain what it "
				 "holds), which needs CAP_SETPCAP: set no_new_privileges or run "
				 "as root");
	if (st->ngroups > CREDS_GROUPS_MAX)
		return error_set(err, -EPERM, "the caller holds more than %d groups",
				 CREDS_GROUPS_MAX);
	/* The groups stay the caller's: the verify step compares with these. */
	c->ngroups = (size_t)st->ngroups;
	for (int i = 0; i < st->ngroups; i++)
		c->groups[i] = st->groups[i];
	return 0;
}

void unpriv_explain_bounding(const struct unpriv *u, struct buf *b)
{
	buf_printf(b,
		   "unchanged (%016llx): the caller lacks CAP_SETPCAP; not needed: the "
		   "capability steps leave no capability to lose, no_new_privs stops setuid and "
		   "file-capability gains at execve, uid %u is not 0",
		   (unsigned long long)u->bounding, (unsigned)u->uid);
}

void unpriv_explain_securebits(const struct unpriv *u, struct buf *b)
{
	buf_printf(b, "not set: the caller lacks CAP_SETPCAP; not needed: no uid is 0 (noroot) and "
		      "ids do not change (no_setuid_fixup, keep_caps); ambient raising needs a "
		      "permitted and inheritable capability, and none is left");
	(void)u;
}

void unpriv_explain_ids(const struct unpriv *u, struct buf *b)
{
	buf_printf(b,
		   "the policy's uid %u gid %u stand for an unprivileged id; without privilege "
		   "(no CAP_SETUID, CAP_SETGID) ids cannot change: keeping the caller's uid %u "
		   "gid %u (--user and --group require particular ids)",
		   (unsigned)u->asked_uid, (unsigned)u->asked_gid, (unsigned)u->uid,
		   (unsigned)u->gid);
}
