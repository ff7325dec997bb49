/* Landlock file-system confinement of a launched command. */
#pragma once

#include "lib/error.h"
#include "lib/strv.h"

/* The Landlock ABI version of the running kernel, or a negative errno (-ENOSYS, -EOPNOTSUPP
 * when it is built but disabled). */
int landlock_abi(void);

/* Restricts the process to reading (and executing) beneath read[] and to everything beneath
 * write[]: every file-system right the ABI knows is handled, so any other path is refused.
 * A missing path is an error. Needs no_new_privs or CAP_SYS_ADMIN. Does not allocate. */
int landlock_apply(int abi, const struct strv *read, const struct strv *write, struct error *err);
