/* uid_map / gid_map parsing and translation. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/idmap.h"

int idmap_parse(const char *text, struct idmap *m)
{
	m->n = 0;
	const char *p = text;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			return 0;
		unsigned long long v[3];
		for (int i = 0; i < 3; i++) {
			char *end;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p < '0' || *p > '9')
				return -EINVAL;
			errno = 0;
			v[i] = strtoull(p, &end, 10);
			if (errno || v[i] > UINT32_MAX)
				return -EINVAL;
			p = end;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\n' && *p != '\0')
			return -EINVAL;
		if (m->n >= IDMAP_MAX || v[2] == 0 || v[0] + v[2] - 1 > UINT32_MAX ||
		    v[1] + v[2] - 1 > UINT32_MAX)
			return -EINVAL;
		m->r[m->n++] = (struct idmap_range){(uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2]};
	}
}

int64_t idmap_to_inside(const struct idmap *m, uint32_t host)
{
	for (int i = 0; i < m->n; i++) {
		const struct idmap_range *r = &m->r[i];
		if (host >= r->outside && (uint64_t)host - r->outside < r->count)
			return (int64_t)r->inside + (host - r->outside);
	}
	return -1;
}

int64_t idmap_to_host(const struct idmap *m, uint32_t inside)
{
	for (int i = 0; i < m->n; i++) {
		const struct idmap_range *r = &m->r[i];
		if (inside >= r->inside && (uint64_t)inside - r->inside < r->count)
			return (int64_t)r->outside + (inside - r->inside);
	}
	return -1;
}

bool idmap_is_identity(const struct idmap *m)
{
	return m->n == 1 && m->r[0].inside == 0 && m->r[0].outside == 0 &&
	       m->r[0].count == UINT32_MAX;
}
