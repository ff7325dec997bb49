/* Parser of /proc/<pid>/mountinfo (proc(5)), with the kernel's octal escapes undone. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct mount_entry {
	int id, parent;
	unsigned major, minor;
	char *root;	  /* path inside the source filesystem */
	char *mountpoint; /* relative to the reader's root */
	char *opts;	  /* per-mount options */
	char *optional;	  /* "shared:N master:M ..." (may be "") */
	char *fstype;
	char *source;
	char *super_opts;
	bool ro;
	int shared_group; /* N of shared:N, 0 when not shared */
};

struct mount_table {
	char *text; /* owned copy the entries point into */
	struct mount_entry *m;
	size_t n;
};

/* Returns 0, -EINVAL on a malformed line, -E2BIG past max_entries, -ENOMEM. */
int mountinfo_parse(const char *text, size_t max_entries, struct mount_table *t);
void mount_table_free(struct mount_table *t);
/* The mount visible at path (the last mounted on the longest mount point that is path or one
 * of its parents), or NULL. */
const struct mount_entry *mount_table_covering(const struct mount_table *t, const char *path);
/* True when parent is path or one of its parent directories ("/" is a parent of all). */
bool path_is_within(const char *path, const char *parent);
