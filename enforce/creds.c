/* Resolving and applying the identity of a launched command. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enforce/creds.h"
#include "lib/buf.h"
#include "lib/fileio.h"

#define DB_MAX (4u << 20) /* a passwd or group file larger than this is refused */

/* "123" -> 123. (uid_t)-1 is refused: to the kernel it means "leave unchanged". */
static int parse_id(const char *s, uint32_t *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10)
		return -EINVAL;
	unsigned long long v = strtoull(s, NULL, 10);
	if (v >= 0xffffffffULL)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

/* Finds the line whose field 0 (by name) or field 2 (by number, when name is NULL) matches,
 * and returns fields 2 and 3 of it. passwd: name:x:uid:gid:...; group: name:x:gid:... */
static bool db_find(const char *text, const char *name, uint32_t num, uint32_t *f2, uint32_t *f3)
{
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char l[1024];
		if (len < sizeof(l) && line[0] != '#') {
			memcpy(l, line, len);
			l[len] = '\0';
			char *fields[4] = {0};
			char *p = l;
			for (int i = 0; i < 4 && p; i++) {
				fields[i] = p;
				p = strchr(p, ':');
				if (p)
					*p++ = '\0';
			}
			uint32_t v2 = 0, v3 = 0;
			if (fields[2] && parse_id(fields[2], &v2) == 0) {
				bool has3 = fields[3] && parse_id(fields[3], &v3) == 0;
				if (name ? strcmp(fields[0], name) == 0 : v2 == num) {
					*f2 = v2;
					if (f3)
						*f3 = has3 ? v3 : 65534;
					return true;
				}
			}
		}
		line = end ? end + 1 : NULL;
	}
	return false;
}

static int read_db(int rootfd, const char *path, struct buf *b, struct error *err)
{
	/* No root (a container whose root filesystem cannot be found): numbers only. */
	int r = rootfd < 0 ? -ENOENT : fileio_read_in_root(rootfd, path, DB_MAX, b);
	if (r == -ENOENT) {
		buf_clear(b);
		return buf_puts(b, "");
	}
	if (r < 0)
		return error_setn(err, r, "reading '%s'", path);
	return 0;
}

static int resolve_group(const char *text, const char *g, gid_t *out, struct error *err)
{
	uint32_t v;
	int r = parse_id(g, &v);
	if (r == 0) {
		*out = v;
		return 0;
	}
	if (strspn(g, "0123456789") == strlen(g))
		return error_set(err, -EINVAL, "group '%s' is not a valid number", g);
	if (!db_find(text, g, 0, &v, NULL))
		return error_set(err, -ENOENT, "unknown group '%s' (not in /etc/group)", g);
	*out = v;
	return 0;
}

int creds_resolve(int rootfd, const char *user, const char *group, const struct strv *groups,
		  bool allow_root, struct creds *out, struct error *err)
{
	_cleanup_buf_ struct buf pw = BUF_INIT;
	_cleanup_buf_ struct buf gr = BUF_INIT;
	int r = read_db(rootfd, "/etc/passwd", &pw, err);
	if (r < 0)
		return r;
	r = read_db(rootfd, "/etc/group", &gr, err);
	if (r < 0)
		return r;

	const char *u = user ? user : "65534";
	uint32_t uid, primary = 65534;
	r = parse_id(u, &uid);
	if (r == 0) {
		uint32_t dummy;
		db_find(pw.data, NULL, uid, &dummy, &primary);
	} else if (strspn(u, "0123456789") == strlen(u)) {
		return error_set(err, -EINVAL, "user '%s' is not a valid number", u);
	} else if (!db_find(pw.data, u, 0, &uid, &primary)) {
		return error_set(err, -ENOENT, "unknown user '%s' (not in /etc/passwd)", u);
	}
	if (uid == 0 && !allow_root)
		return error_set(err, -EPERM, "user '%s' is uid 0, refused without allow_root", u);
	out->uid = uid;

	if (group) {
		r = resolve_group(gr.data, group, &out->gid, err);
		if (r < 0)
			return r;
	} else {
		out->gid = primary;
	}

	out->ngroups = 0;
	size_t n = groups ? groups->n : 0;
	if (n > CREDS_GROUPS_MAX)
		return error_set(err, -EINVAL, "%zu supplementary groups, at most %d", n,
				 CREDS_GROUPS_MAX);
	for (size_t i = 0; i < n; i++) {
		r = resolve_group(gr.data, groups->v[i], &out->groups[out->ngroups], err);
		if (r < 0)
			return r;
		out->ngroups++;
	}
	return 0;
}

int creds_apply(const struct creds *c, struct error *err)
{
	/* setgroups first: afterwards the process may no longer hold CAP_SETGID's meaning. */
	if (setgroups(c->ngroups, c->groups) < 0)
		return error_setn(err, -errno, "setgroups(%zu groups)", c->ngroups);
	if (setresgid(c->gid, c->gid, c->gid) < 0)
		return error_setn(err, -errno, "setresgid(%u)", (unsigned)c->gid);
	if (setresuid(c->uid, c->uid, c->uid) < 0)
		return error_setn(err, -errno, "setresuid(%u)", (unsigned)c->uid);
	return 0;
}
