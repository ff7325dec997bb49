/* The kernel's discretionary access check (generic_permission), on host ids. */
#include "config.h"

#include <linux/capability.h>

#include "audit/access.h"

static bool mapped(const struct idmap *m, uint32_t id)
{
	return !m || idmap_to_inside(m, id) >= 0;
}

static bool in_group(const struct access_creds *c, uint32_t gid)
{
	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

bool access_as(const struct stat *st, const struct access_creds *c, int want)
{
	unsigned mode = st->st_mode;
	unsigned bits;
	if (c->fsuid == st->st_uid)
		bits = (mode >> 6) & 7;
	else if (in_group(c, st->st_gid))
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	if ((bits & (unsigned)want) == (unsigned)want)
		return true;
	if (!mapped(c->uidmap, st->st_uid) || !mapped(c->gidmap, st->st_gid))
		return false;
	if (c->caps_eff & (1ULL << CAP_DAC_OVERRIDE))
		return true;
	return want == ACCESS_READ && (c->caps_eff & (1ULL << CAP_DAC_READ_SEARCH));
}
