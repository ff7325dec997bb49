/* Positions of facts in their source file, and the URI of that file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "facts/factloc.h"

static bool fact_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

int fact_locations_pick(const struct fact_locations *loc, const char *evidence)
{
	for (const char *p = evidence ? evidence : ""; *p;) {
		while (*p && !fact_char(*p))
			p++;
		size_t n = 0;
		while (fact_char(p[n]))
			n++;
		char name[64];
		if (n && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			int id = fact_lookup(name);
			if (id >= 0 && loc->line[id])
				return id;
		}
		p += n;
	}
	return -1;
}

char *fact_locations_uri(const char *path)
{
	struct buf b = BUF_INIT;
	int e = path[0] == '/' ? buf_puts(&b, "file://") : 0;
	for (const unsigned char *p = (const unsigned char *)path; *p && e >= 0; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			e = buf_putc(&b, (char)*p);
		else
			e = buf_printf(&b, "%%%02X", *p);
	}
	if (e < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

void fact_locations_free(struct fact_locations *loc)
{
	free(loc->uri);
	loc->uri = NULL;
}
