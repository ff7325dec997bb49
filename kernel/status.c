/* /proc/<pid>/status parser. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/caps.h"
#include "kernel/status.h"

enum {
	SEEN_PPID = 1 << 0,
	SEEN_UID = 1 << 1,
	SEEN_GID = 1 << 2,
	SEEN_CAPEFF = 1 << 3,
	SEEN_CAPPRM = 1 << 4,
	SEEN_CAPBND = 1 << 5,
	SEEN_REQUIRED = (1 << 6) - 1,
};

static int parse_ids(const char *v, uint32_t out[4])
{
	char *end;
	for (int i = 0; i < 4; i++) {
		errno = 0;
		unsigned long x = strtoul(v, &end, 10);
		if (end == v || errno || x > UINT32_MAX)
			return -EINVAL;
		out[i] = (uint32_t)x;
		v = end;
	}
	return 0;
}

static int parse_int(const char *v, int *out)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (end == v || errno || x < INT32_MIN || x > INT32_MAX)
		return -EINVAL;
	*out = (int)x;
	return 0;
}

static void parse_groups(const char *v, struct proc_status *st)
{
	char *end;
	for (;;) {
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v == '\0' || *v == '\n')
			return;
		unsigned long x = strtoul(v, &end, 10);
		if (end == v)
			return;
		if (st->ngroups < STATUS_MAX_GROUPS)
			st->groups[st->ngroups++] = (uint32_t)x;
		else
			st->groups_truncated = true;
		v = end;
	}
}

/* The last of the NSpid fields: the pid inside the innermost namespace. */
static void parse_nspid(const char *v, pid_t *out)
{
	char *end;
	for (;;) {
		long x = strtol(v, &end, 10);
		if (end == v)
			return;
		*out = (pid_t)x;
		v = end;
	}
}

static int parse_line(const char *key, size_t klen, const char *v, struct proc_status *st,
		      unsigned *seen)
{
#define KEY(s) (klen == sizeof(s) - 1 && memcmp(key, s, klen) == 0)
	int r = 0;
	if (KEY("Name")) {
		size_t n = strcspn(v, "\n");
		if (n >= sizeof(st->name))
			n = sizeof(st->name) - 1;
		memcpy(st->name, v, n);
		st->name[n] = '\0';
	} else if (KEY("PPid")) {
		int x = 0;
		r = parse_int(v, &x);
		st->ppid = x;
		*seen |= SEEN_PPID;
	} else if (KEY("NSpid")) {
		parse_nspid(v, &st->nspid_inner);
	} else if (KEY("Uid")) {
		r = parse_ids(v, st->uid);
		*seen |= SEEN_UID;
	} else if (KEY("Gid")) {
		r = parse_ids(v, st->gid);
		*seen |= SEEN_GID;
	} else if (KEY("Groups")) {
		parse_groups(v, st);
	} else if (KEY("CapInh")) {
		r = caps_parse_mask(v, &st->cap_inh);
	} else if (KEY("CapPrm")) {
		r = caps_parse_mask(v, &st->cap_prm);
		*seen |= SEEN_CAPPRM;
	} else if (KEY("CapEff")) {
		r = caps_parse_mask(v, &st->cap_eff);
		*seen |= SEEN_CAPEFF;
	} else if (KEY("CapBnd")) {
		r = caps_parse_mask(v, &st->cap_bnd);
		*seen |= SEEN_CAPBND;
	} else if (KEY("CapAmb")) {
		r = caps_parse_mask(v, &st->cap_amb);
	} else if (KEY("NoNewPrivs")) {
		r = parse_int(v, &st->no_new_privs);
	} else if (KEY("Seccomp")) {
		r = parse_int(v, &st->seccomp);
	} else if (KEY("Seccomp_filters")) {
		r = parse_int(v, &st->seccomp_filters);
	}
#undef KEY
	return r;
}

int status_parse(const char *text, struct proc_status *st)
{
	*st = (struct proc_status){.no_new_privs = -1, .seccomp = -1, .seccomp_filters = -1};
	unsigned seen = 0;
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		const char *colon = memchr(line, ':', nl ? (size_t)(nl - line) : strlen(line));
		if (colon) {
			const char *v = colon + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			if (parse_line(line, (size_t)(colon - line), v, st, &seen) < 0)
				return -EINVAL;
		}
		line = nl ? nl + 1 : NULL;
	}
	if ((seen & SEEN_REQUIRED) != SEEN_REQUIRED)
		return -EINVAL;
	if (st->nspid_inner == 0)
		st->nspid_inner = -1;
	return 0;
}

bool status_is_sshd(const struct proc_status *st)
{
	return strcmp(st->name, "sshd") == 0 || strncmp(st->name, "sshd-", 5) == 0;
}
