/* Parser and lookups of /proc/<pid>/uid_map and gid_map, read from the host. Each line is
 * "inside outside count"; outside is in the reader's user namespace. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define IDMAP_MAX 340 /* the kernel's limit on lines since 4.15 */

struct idmap_range {
	uint32_t inside, outside, count;
};

struct idmap {
	struct idmap_range r[IDMAP_MAX];
	int n;
};

/* Returns 0 or -EINVAL on a malformed line or more than IDMAP_MAX lines. An empty map (a user
 * namespace with no mapping written yet) is valid. */
int idmap_parse(const char *text, struct idmap *m);
/* The id inside that host id maps to, or -1 when unmapped. */
int64_t idmap_to_inside(const struct idmap *m, uint32_t host);
/* The host id that id inside maps to, or -1 when unmapped. */
int64_t idmap_to_host(const struct idmap *m, uint32_t inside);
/* The full identity map "0 0 4294967295" of the initial user namespace. */
bool idmap_is_identity(const struct idmap *m);
