/* Whether a host path the gate judged is still the same file when runc uses it: no user but
 * root and the gate's own uid can replace any component of it (the bind-source race). */
#pragma once

#include <sys/types.h>

#include "lib/error.h"

/* Walks the absolute path from / as the kernel resolves it (following symlinks, at most 40)
 * and checks that no directory on the way lets a user other than root or trusted replace or
 * create the next component: each directory must belong to root or trusted, and be writable
 * by its group or others only with the sticky bit, the entry in it then belonging to root or
 * trusted too (OpenSSH's StrictModes, sudo's checks). procfs, sysfs and cgroup directories
 * count as fixed (their entries are the kernel's), except a symlink there that leads on (a
 * process's cwd, root or fd): refused; a FUSE filesystem is refused (its server answers each
 * lookup as it likes). A missing component ends the walk (runc fails on it), once nobody
 * else can create it. Returns 0, -EPERM with err naming the component, its owner and mode,
 * or another negative errno (err set) when the path cannot be walked. */
int pathtrust_check(const char *path, uid_t trusted, struct error *err);
