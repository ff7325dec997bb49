/* Resource limits by name: "nofile" for RLIMIT_NOFILE, as policies (rlimits:), ctguard run
 * --rlimit and OCI configs ("RLIMIT_NOFILE") name them. The one table of them. */
#pragma once

#define RLIMIT_NAMES 16 /* every RLIMIT_* of Linux */

struct rlimit_name {
	const char *name; /* lower case, without RLIMIT_ */
	int resource;
};

/* In the order of the names. */
extern const struct rlimit_name rlimit_names[RLIMIT_NAMES];

/* The name of resource ("nofile"), or NULL. */
const char *rlimit_name(int resource);
/* The resource of a name ("nofile", "NOFILE" or "RLIMIT_NOFILE", any case), or -1. */
int rlimit_from_name(const char *name);
