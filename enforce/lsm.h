/* Linux security module labels of a launched command (AppArmor). */
#pragma once

#include <stdbool.h>

#include "lib/error.h"

/* True when the kernel has AppArmor enabled (libapparmor's aa_is_enabled). */
bool lsm_apparmor_enabled(void);
/* Asks that the next execve switch to profile (aa_change_onexec). Returns 0 or a negative
 * errno with err set. */
int lsm_apparmor_onexec(const char *profile, struct error *err);
