/* Device nodes of a container: the walk, the classes (Documentation/admin-guide/devices.txt and
 * /proc/devices) and the v1 device cgroup's verdict. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "audit/devices.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define DEVICES_DEPTH_MAX 8
#define DEVICES_PATH_MAX  1024 /* longer paths are left out of the walk */

int devices_majors_parse(const char *text, struct device_majors *out)
{
	*out = (struct device_majors){0};
	out->text = strdup(text);
	size_t lines = 1;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	out->e = calloc(lines, sizeof(*out->e));
	if (!out->text || !out->e) {
		devices_majors_free(out);
		return -ENOMEM;
	}
	char type = 0, *save = NULL;
	for (char *line = strtok_r(out->text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strcmp(line, "Character devices:") == 0)
			type = 'c';
		else if (strcmp(line, "Block devices:") == 0)
			type = 'b';
		char *end;
		unsigned long major = strtoul(line, &end, 10);
		if (!type || end == line || *end != ' ' || major > 4095)
			continue;
		out->e[out->n].type = type;
		out->e[out->n].major = (unsigned)major;
		out->e[out->n++].name = end + 1;
	}
	return 0;
}

void devices_majors_free(struct device_majors *m)
{
	free(m->text);
	free(m->e);
	*m = (struct device_majors){0};
}

static const char *major_name(const struct device_majors *m, char type, unsigned major)
{
	for (size_t i = 0; m && i < m->n; i++)
		if (m->e[i].type == type && m->e[i].major == major)
			return m->e[i].name;
	return NULL;
}

/* Majors the kernel hands out at run time: only the driver's name says what they are. */
static const char *class_by_name(const char *name)
{
	static const struct {
		const char *prefix, *class;
	} names[] = {
	    {"watchdog", "watchdog"}, {"bsg", "raw-io"},   {"vfio", "raw-io"},
	    {"hidraw", "input"},      {"nvidia", "gpu"},   {"drm", "gpu"},
	    {"kfd", "gpu"},	      {"macvtap", "tun"},  {"tap", "tun"},
	    {"dax", "memory"},	      {"cpu/", "cpu"},	   {"usb", "usb"},
	    {"tpm", "tpm"},	      {"rtc", "misc"},	   {"ttyS", "tty"},
	    {"ipmi", "raw-io"},	      {"ndctl", "memory"}, {"dimmctl", "memory"},
	    {"hpet", "misc"},	      {"mei", "misc"},
	};
	for (size_t i = 0; name && i < ARRAY_SIZE(names); i++)
		if (strncmp(name, names[i].prefix, strlen(names[i].prefix)) == 0)
			return names[i].class;
	return "other";
}

/* Major 10: one driver per minor. */
static const char *class_misc(unsigned minor)
{
	switch (minor) {
	case 229:
		return "fuse";
	case 232:
		return "kvm";
	case 200:
		return "tun";
	case 130:
		return "watchdog";
	case 237:
		return "loop";
	case 236: /* device-mapper control: makes block devices of any disk */
		return "disk";
	case 223:
		return "input"; /* uinput */
	case 231:
		return "memory"; /* snapshot: the hibernation image */
	case 238:
	case 241:
		return "kvm"; /* vhost-net, vhost-vsock */
	case 224:
		return "tpm";
	default:
		return "misc";
	}
}

static const char *class_char(unsigned major, unsigned minor)
{
	switch (major) {
	case 1:
		if (minor == 3 || minor == 5 || minor == 7 || minor == 8 || minor == 9)
			return NULL; /* null zero full random urandom */
		if (minor == 1 || minor == 2 || minor == 4 || minor == 12)
			return "memory"; /* mem kmem port oldmem */
		return minor == 11 ? "kernel-log" : "other";
	case 5:
		return minor <= 2 ? NULL : "tty"; /* tty console ptmx */
	case 136 ... 143:
		return NULL; /* pseudo-terminal slaves (/dev/pts) */
	case 4:
	case 7:
	case 128 ... 135:
		return "tty";
	case 10:
		return class_misc(minor);
	case 13:
		return "input";
	case 21:
	case 162:
		return "raw-io"; /* sg, raw */
	case 29:
	case 195:
	case 226:
		return "gpu"; /* fb, nvidia, dri */
	case 180:
	case 189:
		return "usb";
	case 202:
	case 203:
		return "cpu"; /* msr, cpuid */
	default:
		return NULL;
	}
}

const char *devices_class(const struct device_majors *majors, char type, unsigned major,
			  unsigned minor)
{
	if (type == 'b')
		return major == 7 ? "loop" : "disk";
	switch (major) {
	case 1:
	case 4 ... 5:
	case 7:
	case 10:
	case 13:
	case 21:
	case 29:
	case 128 ... 143:
	case 162:
	case 180:
	case 189:
	case 195:
	case 202 ... 203:
	case 226:
		return class_char(major, minor);
	default:
		return class_by_name(major_name(majors, 'c', major));
	}
}

struct walk {
	struct device_list *out;
	size_t visited;
};

int device_list_add(struct device_list *l, const char *path, char type, unsigned major,
		    unsigned minor)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].path, path) == 0)
			return 0;
	struct device_node *n = realloc(l->v, (l->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	l->v = n;
	char *copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	n[l->n++] =
	    (struct device_node){.type = type, .major = major, .minor = minor, .path = copy};
	return 0;
}

static int push(struct walk *w, const char *path, const struct stat *st)
{
	return device_list_add(w->out, path, S_ISBLK(st->st_mode) ? 'b' : 'c', major(st->st_rdev),
			       minor(st->st_rdev));
}

/* Walks the directory dfd (owned) named path. Subdirectories are opened with O_NOFOLLOW, so a
 * symlink planted by the container leads nowhere; "." and ".." are never entered. */
static int walk_dir(struct walk *w, int dfd, const char *path, int depth)
{
	_cleanup_closedir_ DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (++w->visited > DEVICES_NODES_MAX) {
			w->out->truncated = true;
			return 0;
		}
		if (de->d_type != DT_BLK && de->d_type != DT_CHR && de->d_type != DT_DIR &&
		    de->d_type != DT_UNKNOWN)
			continue;
		char sub[DEVICES_PATH_MAX];
		int len = snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (len < 0 || (size_t)len >= sizeof(sub))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)) {
			if (push(w, sub, &st) < 0)
				return -ENOMEM;
		} else if (S_ISDIR(st.st_mode) && depth < DEVICES_DEPTH_MAX) {
			int fd = openat(dirfd(d), de->d_name,
					O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd >= 0 && walk_dir(w, fd, sub, depth + 1) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* One path inside rootfd, named shown_as: a device node is recorded, a directory walked when
 * walk is set. */
static int scan_path(struct walk *w, int rootfd, const char *path, const char *shown_as, bool walk)
{
	_cleanup_close_ int fd = fileio_open_in_root(rootfd, path, O_PATH | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		return 0;
	if (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode))
		return push(w, shown_as, &st);
	if (!walk || !S_ISDIR(st.st_mode))
		return 0;
	/* Reopened from the descriptor, not resolved again: the directory it already is. */
	int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	return walk_dir(w, dfd, strcmp(shown_as, "/") == 0 ? "" : shown_as, 1);
}

int devices_scan_path(int rootfd, const char *path, const char *shown_as, struct device_list *out)
{
	struct walk w = {.out = out};
	return scan_path(&w, rootfd, path, shown_as, true);
}

int devices_scan(int rootfd, const struct mount_table *t, struct device_list *out)
{
	struct walk w = {.out = out};
	int r = scan_path(&w, rootfd, "/dev", "/dev", true);
	for (size_t i = 0; r == 0 && t && i < t->n; i++) {
		const struct mount_entry *m = &t->m[i];
		if (path_is_within(m->mountpoint, "/dev"))
			continue; /* walked above */
		/* A devtmpfs anywhere holds the host's nodes; a bind whose source is below its
		 * filesystem's root may be a single device file (-v /dev/sda:/x). */
		bool devtmpfs = strcmp(m->fstype, "devtmpfs") == 0;
		if (devtmpfs || strcmp(m->root, "/") != 0)
			r = scan_path(&w, rootfd, m->mountpoint, m->mountpoint, devtmpfs);
	}
	return r;
}

void device_list_free(struct device_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	*l = (struct device_list){0};
}

static bool number_matches(const char *s, size_t len, unsigned v)
{
	if (len == 1 && s[0] == '*')
		return true;
	char tmp[16];
	if (len == 0 || len >= sizeof(tmp))
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	char *end;
	unsigned long n = strtoul(tmp, &end, 10);
	return *end == '\0' && n == v;
}

/* "c 1:3 rwm": the kernel's own format (devcgroup_seq_show). */
static bool entry_allows(const char *line, size_t len, char type, unsigned major, unsigned minor)
{
	if (len < 7 || line[1] != ' ' || (line[0] != 'a' && line[0] != type))
		return false;
	const char *num = line + 2, *colon = memchr(num, ':', len - 2);
	const char *sp = colon ? memchr(colon, ' ', len - (size_t)(colon - line)) : NULL;
	if (!sp)
		return false;
	if (line[0] != 'a' && (!number_matches(num, (size_t)(colon - num), major) ||
			       !number_matches(colon + 1, (size_t)(sp - colon - 1), minor)))
		return false;
	size_t acc = len - (size_t)(sp + 1 - line);
	return memchr(sp + 1, 'r', acc) || memchr(sp + 1, 'w', acc);
}

int devices_cgroup_allows(const char *devices_list, char type, unsigned major, unsigned minor)
{
	for (const char *p = devices_list; *p;) {
		size_t len = strcspn(p, "\n");
		if (entry_allows(p, len, type, major, minor))
			return 1;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

static const enum fact_id fact_ids[] = {F_DEVICES_BLOCK, F_DEVICES_CHAR, F_DEVICES_CLASSES,
					F_DEVICES_CGROUP};

void devices_facts_begin(struct facts *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(fact_ids); i++)
		facts_list(f, fact_ids[i]);
}

int devices_facts_add(const struct device_majors *majors, const struct device_node *d, int cgroup,
		      struct facts *f)
{
	const char *class = devices_class(majors, d->type, d->major, d->minor);
	if (!class)
		return 0; /* the harmless set, by number: a disk named /dev/null is still a disk */
	static const char *const verdicts[] = {"unknown", "denied", "allowed"};
	char item[DEVICES_ITEM_MAX];
	snprintf(item, sizeof(item), "%s %c %u:%u %s %s", d->path, d->type, d->major, d->minor,
		 class,
		 verdicts[cgroup < 0 ? 0
			  : cgroup   ? 2
				     : 1]);
	if (strv_push_unique(facts_list(f, F_DEVICES_CGROUP), item) < 0)
		return -ENOMEM;
	if (cgroup == 0)
		return 0; /* present, but the device cgroup refuses to open it */
	snprintf(item, sizeof(item), "%s c %u:%u %s", d->path, d->major, d->minor, class);
	if (strv_push_unique(facts_list(f, F_DEVICES_CLASSES), class) < 0 ||
	    strv_push_unique(facts_list(f, d->type == 'b' ? F_DEVICES_BLOCK : F_DEVICES_CHAR),
			     d->type == 'b' ? d->path : item) < 0)
		return -ENOMEM;
	return 0;
}

void devices_facts_end(struct facts *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(fact_ids); i++)
		strv_sort(facts_list(f, fact_ids[i]));
}

int devices_facts_copy(const struct facts *from, struct facts *to)
{
	for (size_t i = 0; i < ARRAY_SIZE(fact_ids); i++) {
		if (!from->v[fact_ids[i]].known)
			continue;
		struct strv *l = facts_list(to, fact_ids[i]);
		strv_free(l);
		if (strv_copy(l, &from->v[fact_ids[i]].l) < 0)
			return -ENOMEM;
	}
	return 0;
}
