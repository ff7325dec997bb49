/* File descriptors and working directory a launched command inherits. */
#pragma once

#include <stddef.h>

#include "lib/error.h"

/* Marks every fd from 3 up close-on-exec except keep[0..n) (sorted or not), whose
 * close-on-exec flag is cleared so that they are inherited. A kept fd that is not open is an
 * error (-EBADF). Uses close_range(CLOSE_RANGE_CLOEXEC), else walks /proc/self/fd with
 * getdents64 on a stack buffer. Does not allocate. */
int fds_keep_only(const int *keep, size_t n, struct error *err);

/* Refuses a working directory the kernel reports unreachable from the process root (a
 * directory opened outside it and inherited: CVE-2024-21626). Does not allocate. */
int fds_check_cwd(struct error *err);
