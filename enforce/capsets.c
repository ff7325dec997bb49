/* Capability sets of the launched command. Every function that runs after the credential
 * change works on states prepared before it, so none allocates. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <linux/securebits.h>

#include "enforce/capsets.h"

static int read_last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int v = -1;
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v >= 0 && v < 64 ? v : CAP_LAST_CAP;
}

static cap_t build(uint64_t pe, uint64_t inh, int last)
{
	cap_t s = cap_init();
	if (!s)
		return NULL;
	for (int i = 0; i <= last; i++) {
		cap_value_t v = i;
		if (pe & (1ULL << i)) {
			if (cap_set_flag(s, CAP_PERMITTED, 1, &v, CAP_SET) < 0 ||
			    cap_set_flag(s, CAP_EFFECTIVE, 1, &v, CAP_SET) < 0)
				goto fail;
		}
		if ((inh & (1ULL << i)) && cap_set_flag(s, CAP_INHERITABLE, 1, &v, CAP_SET) < 0)
			goto fail;
	}
	return s;
fail:
	cap_free(s);
	return NULL;
}

int capsets_prepare(struct capsets *c, uint64_t keep, uint64_t transient, struct error *err)
{
	c->last_cap = read_last_cap();
	uint64_t all = c->last_cap >= 63 ? ~0ULL : (1ULL << (c->last_cap + 1)) - 1;
	c->keep = keep & all;
	c->ambient = c->keep;
	c->transient = transient & ~c->keep;
	c->set = build(c->keep | c->transient, c->ambient, c->last_cap);
	c->final = c->transient ? build(c->keep, c->ambient, c->last_cap) : NULL;
	if (!c->set || (c->transient && !c->final)) {
		capsets_free(c);
		return error_setn(err, -ENOMEM, "preparing capability sets");
	}
	return 0;
}

void capsets_free(struct capsets *c)
{
	if (c->set)
		cap_free(c->set);
	if (c->final)
		cap_free(c->final);
	c->set = c->final = NULL;
}

uint64_t capsets_inheritable(const struct capsets *c)
{
	return c->ambient;
}

int capsets_drop_bounding(const struct capsets *c, struct error *err)
{
	for (int i = 0; i <= c->last_cap; i++) {
		if (c->keep & (1ULL << i))
			continue;
		/* EINVAL: a capability this kernel does not know; nothing to drop. */
		if (prctl(PR_CAPBSET_DROP, i, 0, 0, 0) < 0 && errno != EINVAL)
			return error_setn(err, -errno,
					  "dropping capability %d from the bounding set", i);
	}
	return 0;
}

int capsets_securebits(const struct capsets *c, bool keep_caps, struct error *err)
{
	/* NOROOT: uid 0 gains no capabilities at execve; NO_SETUID_FIXUP: changing ids leaves the
	 * sets alone (the next step sets them exactly). Locked so that the command cannot undo
	 * them even if it keeps CAP_SETPCAP. */
	unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
			     SECBIT_NO_SETUID_FIXUP_LOCKED;
	if (keep_caps)
		bits |= SECBIT_KEEP_CAPS;
	else if (!c->ambient)
		bits |= SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
	if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) < 0)
		return error_setn(err, -errno, "prctl(PR_SET_SECUREBITS, 0x%lx)", bits);
	return 0;
}

int capsets_apply(const struct capsets *c, struct error *err)
{
	if (cap_set_proc(c->set) < 0)
		return error_setn(err, -errno, "setting permitted/effective/inheritable");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		return error_setn(err, -errno, "clearing the ambient set");
	for (int i = 0; i <= c->last_cap; i++)
		if ((c->ambient & (1ULL << i)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, i, 0, 0) < 0)
			return error_setn(err, -errno, "raising capability %d in the ambient set",
					  i);
	return 0;
}

int capsets_finish(const struct capsets *c, struct error *err)
{
	if (c->final && cap_set_proc(c->final) < 0)
		return error_setn(err, -errno, "dropping the transient capabilities");
	return 0;
}
