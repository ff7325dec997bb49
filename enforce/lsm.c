/* AppArmor exec transitions through libapparmor. */
#include "config.h"

#include <errno.h>
#include <sys/apparmor.h>

#include "enforce/lsm.h"

bool lsm_apparmor_enabled(void)
{
	return aa_is_enabled() == 1;
}

int lsm_apparmor_onexec(const char *profile, struct error *err)
{
	/* change_onexec, not change_profile: the label applies at execve, so ctguard's own
	 * remaining steps are not constrained by the command's profile. */
	if (aa_change_onexec(profile) < 0)
		return error_setn(err, -errno, "aa_change_onexec('%s')", profile);
	return 0;
}
