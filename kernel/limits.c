/* /proc/<pid>/limits parsing: fixed-width columns after a 26-character name. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/limits.h"

static int64_t soft_value(const char *p)
{
	while (*p == ' ')
		p++;
	if (strncmp(p, "unlimited", 9) == 0)
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(p, &end, 10);
	if (end == p || errno)
		return -2;
	return v;
}

int limits_parse(const char *text, struct proc_limits *out)
{
	*out = (struct proc_limits){-2, -2, -2};
	if (strncmp(text, "Limit", 5) != 0)
		return -EINVAL;
	static const struct {
		const char *name;
		size_t off;
	} keys[] = {
	    {"Max open files", offsetof(struct proc_limits, nofile)},
	    {"Max processes", offsetof(struct proc_limits, nproc)},
	    {"Max core file size", offsetof(struct proc_limits, core)},
	};
	for (const char *line = text; line && *line;) {
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			size_t n = strlen(keys[i].name);
			if (strncmp(line, keys[i].name, n) == 0 && line[n] == ' ')
				*(int64_t *)((char *)out + keys[i].off) = soft_value(line + n);
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return 0;
}
