/* Is a judged host path replaceable by another user before runc uses it? runc 1.1 mounts a bind
 * source, joins a namespace path, writes its pid file by the path it is given: whoever can swap
 * a directory on that path for a symlink between the gate's check and runc's use decides what
 * runc gets (7 of 25 launches mounted the host's /etc that way). Rather than trust timing,
 * the gate refuses paths another user can change. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "enforce/pathtrust.h"

#define PT_PROC_MAGIC	 0x9fa0
#define PT_SYSFS_MAGIC	 0x62656572
#define PT_CGROUP_MAGIC	 0x27e0eb
#define PT_CGROUP2_MAGIC 0x63677270
#define PT_FUSE_MAGIC	 0x65735546
#define PT_MAX_LINKS	 40

struct walk {
	char cur[PATH_MAX];  /* the resolved directory so far, no symlinks */
	char rest[PATH_MAX]; /* what is left to resolve */
	struct stat st;	     /* cur's */
	long fstype;	     /* cur's filesystem */
	uid_t trusted;
};

static bool uid_trusted(const struct walk *w, uid_t uid)
{
	return uid == 0 || uid == w->trusted;
}

static int walk_enter(struct walk *w, struct error *err)
{
	struct statfs sf;
	if (lstat(w->cur, &w->st) < 0 || statfs(w->cur, &sf) < 0)
		return error_setn(err, -errno, "'%s'", w->cur);
	w->fstype = (long)sf.f_type;
	return 0;
}

/* cur + "/" + name, into cur. */
static int walk_push(struct walk *w, const char *name, size_t len, struct error *err)
{
	size_t n = strlen(w->cur);
	if (n + 1 + len >= sizeof(w->cur))
		return error_set(err, -ENAMETOOLONG, "a path longer than %d bytes", PATH_MAX);
	if (n > 1)
		w->cur[n++] = '/';
	memcpy(w->cur + n, name, len);
	w->cur[n + len] = '\0';
	return 0;
}

static void walk_pop(struct walk *w)
{
	char *slash = strrchr(w->cur, '/');
	if (slash)
		slash[slash == w->cur] = '\0';
}

static bool kernel_fs(long type)
{
	return type == PT_PROC_MAGIC || type == PT_SYSFS_MAGIC || type == PT_CGROUP_MAGIC ||
	       type == PT_CGROUP2_MAGIC;
}

/* Can a user other than root and the trusted one replace or create child (st: its lstat, NULL
 * when missing) in the directory cur? Returns 0 or -EPERM with err saying who and how. */
static int dir_guards(const struct walk *w, const char *child, const struct stat *st,
		      struct error *err)
{
	mode_t mode = w->st.st_mode & 07777;
	if (w->fstype == PT_FUSE_MAGIC)
		return error_set(err, -EPERM,
				 "'%s' is on a FUSE filesystem, whose server answers each lookup "
				 "as it likes",
				 w->cur);
	if (!uid_trusted(w, w->st.st_uid))
		return error_set(err, -EPERM,
				 "'%s' belongs to uid %u (mode %04o): that user can replace '%s' "
				 "in it with a symlink after the check",
				 w->cur, (unsigned)w->st.st_uid, (unsigned)mode, child);
	if (!(mode & (S_IWGRP | S_IWOTH)))
		return 0;
	if (!(mode & S_ISVTX))
		return error_set(err, -EPERM,
				 "'%s' (uid %u, gid %u, mode %04o) is writable by %s without the "
				 "sticky bit: they can replace '%s' in it with a symlink after the "
				 "check",
				 w->cur, (unsigned)w->st.st_uid, (unsigned)w->st.st_gid,
				 (unsigned)mode, mode & S_IWOTH ? "every user" : "its group",
				 child);
	if (!st)
		return error_set(err, -EPERM,
				 "'%s' does not exist, and any user can create it in '%s' (mode "
				 "%04o) after the check",
				 child, w->cur, (unsigned)mode);
	if (!uid_trusted(w, st->st_uid))
		return error_set(err, -EPERM,
				 "'%s/%s' belongs to uid %u in the sticky directory '%s' (mode "
				 "%04o): that user can replace it with a symlink after the check",
				 strcmp(w->cur, "/") ? w->cur : "", child, (unsigned)st->st_uid,
				 w->cur, (unsigned)mode);
	return 0;
}

/* The next component of rest, cut off it, into name; returns its length (0 at the end; name is
 * empty when the length is namesz or more). */
static size_t next_name(struct walk *w, char *name, size_t namesz, bool *last)
{
	char *p = w->rest;
	while (*p == '/')
		p++;
	size_t len = strcspn(p, "/");
	memcpy(name, p, len < namesz ? len : 0);
	name[len < namesz ? len : 0] = '\0';
	p += len;
	while (*p == '/')
		p++;
	*last = !*p;
	memmove(w->rest, p, strlen(p) + 1);
	return len;
}

/* A symlink met on the way: its target goes in front of what is left. */
static int follow(struct walk *w, const char *link, struct error *err)
{
	char target[PATH_MAX], joined[PATH_MAX];
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return error_setn(err, -errno, "'%s'", link);
	target[n] = '\0';
	if (snprintf(joined, sizeof(joined), "%s/%s", target, w->rest) >= (int)sizeof(joined))
		return error_set(err, -ENAMETOOLONG, "'%s': the path is too long", link);
	memcpy(w->rest, joined, sizeof(joined));
	if (target[0] == '/') {
		strcpy(w->cur, "/");
		return walk_enter(w, err);
	}
	return 0;
}

int pathtrust_check(const char *path, uid_t trusted, struct error *err)
{
	struct walk w = {.cur = "/", .trusted = trusted};
	if (!path || path[0] != '/')
		return error_set(err, -EINVAL, "'%s' is not an absolute path", path ? path : "");
	if (snprintf(w.rest, sizeof(w.rest), "%s", path) >= (int)sizeof(w.rest))
		return error_set(err, -ENAMETOOLONG, "a path longer than %d bytes", PATH_MAX);
	int r = walk_enter(&w, err), links = 0;
	char name[NAME_MAX + 1];
	bool last = false;
	size_t len;
	while (r == 0 && (len = next_name(&w, name, sizeof(name), &last))) {
		if (len > NAME_MAX)
			return error_set(err, -ENAMETOOLONG, "'%s': a name longer than %d bytes",
					 path, NAME_MAX);
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			walk_pop(&w);
			r = walk_enter(&w, err);
			continue;
		}
		char child[PATH_MAX];
		snprintf(child, sizeof(child), "%s/%s", strcmp(w.cur, "/") ? w.cur : "", name);
		struct stat st;
		bool exists = lstat(child, &st) == 0;
		if (!exists && errno != ENOENT)
			return error_setn(err, -errno, "'%s'", child);
		if (kernel_fs(w.fstype)) {
			/* The kernel's entries; a link there (cwd, root, fd/N, self) is a
			 * process's to change, and only a namespace file may end in one. */
			if (!exists || (S_ISLNK(st.st_mode) && last))
				return 0;
			if (S_ISLNK(st.st_mode) && strcmp(child, "/proc/self") != 0 &&
			    strcmp(child, "/proc/thread-self") != 0)
				return error_set(err, -EPERM,
						 "'%s' is a link a process can point elsewhere "
						 "after the check",
						 child);
		} else if ((r = dir_guards(&w, name, exists ? &st : NULL, err)) < 0) {
			return r;
		}
		if (!exists)
			return 0;
		if (S_ISLNK(st.st_mode)) {
			if (++links > PT_MAX_LINKS)
				return error_set(err, -ELOOP, "'%s': too many symlinks", path);
			r = follow(&w, child, err);
		} else if (S_ISDIR(st.st_mode)) {
			if ((r = walk_push(&w, name, strlen(name), err)) == 0)
				r = walk_enter(&w, err);
		} else {
			return 0; /* a file: the end (or runc fails on the rest) */
		}
	}
	return r;
}
