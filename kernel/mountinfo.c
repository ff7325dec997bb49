/* mountinfo parsing. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/mountinfo.h"

/* Undoes the kernel's \ooo escapes (space, tab, newline, backslash) in place. */
static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r;) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)(((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static char *next_field(char **p)
{
	char *s = *p;
	while (*s == ' ')
		s++;
	if (*s == '\0')
		return NULL;
	char *e = strchr(s, ' ');
	if (e) {
		*e = '\0';
		*p = e + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

static bool has_opt(const char *opts, const char *o)
{
	size_t ol = strlen(o);
	for (const char *p = opts; *p;) {
		size_t n = strcspn(p, ",");
		if (n == ol && memcmp(p, o, n) == 0)
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

static int parse_line(char *line, struct mount_entry *m)
{
	char *p = line;
	char *f[6];
	for (int i = 0; i < 6; i++)
		if (!(f[i] = next_field(&p)))
			return -EINVAL;
	char *end;
	m->id = (int)strtol(f[0], &end, 10);
	if (*end)
		return -EINVAL;
	m->parent = (int)strtol(f[1], &end, 10);
	if (*end)
		return -EINVAL;
	if (sscanf(f[2], "%u:%u", &m->major, &m->minor) != 2)
		return -EINVAL;
	m->root = f[3];
	m->mountpoint = f[4];
	m->opts = f[5];
	/* Optional fields up to the lone "-" separator. */
	char *opt_start = p;
	char *sep = NULL;
	for (char *q = p;;) {
		char *fld = next_field(&q);
		if (!fld)
			return -EINVAL;
		if (strcmp(fld, "-") == 0) {
			sep = fld;
			p = q;
			break;
		}
	}
	/* Fields were split in place: rejoin the optional ones with spaces. */
	for (char *q = opt_start; q < sep; q++)
		if (*q == '\0')
			*q = ' ';
	while (sep > opt_start && sep[-1] == ' ')
		*--sep = '\0';
	*sep = '\0';
	m->optional = opt_start;
	if (!(m->fstype = next_field(&p)) || !(m->source = next_field(&p)))
		return -EINVAL;
	m->super_opts = next_field(&p);
	if (!m->super_opts)
		m->super_opts = p; /* empty */
	unescape(m->root);
	unescape(m->mountpoint);
	unescape(m->source);
	m->ro = has_opt(m->opts, "ro");
	const char *sh = strstr(m->optional, "shared:");
	m->shared_group = sh ? atoi(sh + 7) : 0;
	return 0;
}

int mountinfo_parse(const char *text, size_t max_entries, struct mount_table *t)
{
	*t = (struct mount_table){0};
	size_t lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	lines++;
	if (lines > max_entries + 1)
		return -E2BIG;
	t->text = strdup(text);
	t->m = calloc(lines, sizeof(*t->m));
	if (!t->text || !t->m) {
		mount_table_free(t);
		return -ENOMEM;
	}
	char *save = NULL;
	for (char *line = strtok_r(t->text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (t->n >= max_entries) {
			mount_table_free(t);
			return -E2BIG;
		}
		if (parse_line(line, &t->m[t->n]) < 0) {
			mount_table_free(t);
			return -EINVAL;
		}
		t->n++;
	}
	return 0;
}

void mount_table_free(struct mount_table *t)
{
	free(t->text);
	free(t->m);
	*t = (struct mount_table){0};
}

bool path_is_within(const char *path, const char *parent)
{
	if (strcmp(parent, "/") == 0)
		return path[0] == '/';
	size_t n = strlen(parent);
	return strncmp(path, parent, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const struct mount_entry *mount_table_covering(const struct mount_table *t, const char *path)
{
	const struct mount_entry *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct mount_entry *m = &t->m[i];
		if (!path_is_within(path, m->mountpoint))
			continue;
		size_t l = strlen(m->mountpoint);
		if (!best || l >= best_len) {
			best = m;
			best_len = l;
		}
	}
	return best;
}
