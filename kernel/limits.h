/* Parser of /proc/<pid>/limits. */
#pragma once

#include <stdint.h>

struct proc_limits {
	int64_t nofile, nproc, core; /* soft limits; -1 unlimited, -2 absent */
};

/* Returns 0 or -EINVAL when the header line is missing. */
int limits_parse(const char *text, struct proc_limits *out);
