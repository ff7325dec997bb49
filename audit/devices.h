/* Device nodes a container can reach: found by walking its /dev tree and the mounts that hold
 * device nodes elsewhere, classed by their numbers (never by their names, which the container
 * chooses), and judged against the device cgroup (v1 devices.list) where it can be read. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "kernel/mountinfo.h"
#include "facts/fact.h"

#define DEVICES_NODES_MAX 4096 /* directory entries visited per namespace */
#define DEVICES_ITEM_MAX  1100 /* a path (at most 1024) and its numbers, class, verdict */

struct device_node {
	char type; /* 'b' or 'c' */
	unsigned major, minor;
	char *path; /* as the container names it (untrusted: escape on output) */
};

struct device_list {
	struct device_node *v;
	size_t n;
	bool truncated; /* DEVICES_NODES_MAX was reached: the list is a lower bound */
};

/* Driver names of character and block majors (/proc/devices), for the dynamic majors. */
struct device_majors {
	char *text; /* owned copy the names point into */
	struct {
		char type;
		unsigned major;
		const char *name;
	} * e;
	size_t n;
};

/* Parses the text of /proc/devices. Returns 0, -ENOMEM. Lines it does not understand are
 * skipped. */
int devices_majors_parse(const char *text, struct device_majors *out);
void devices_majors_free(struct device_majors *m);

/* The class of a device number ("disk", "loop", "memory", "kernel-log", "kvm", "fuse", "tun",
 * "gpu", "input", "raw-io", "cpu", "watchdog", "tty", "usb", "misc", "other"), or NULL for the
 * harmless set every runtime creates (null, zero, full, random, urandom, tty, console, ptmx,
 * pts). majors may be NULL (then dynamic majors class as "other"). */
const char *devices_class(const struct device_majors *majors, char type, unsigned major,
			  unsigned minor);

/* Every block and character node below rootfd's /dev (nested directories included), and in
 * each mount of t elsewhere that holds device nodes: a devtmpfs, or a bind of a device file.
 * Nothing is followed out of rootfd: /dev is opened with fileio_open_in_root and directories
 * below it with O_NOFOLLOW; at most DEVICES_NODES_MAX entries are visited. t may be NULL.
 * Appends to out (deduplicated by path). Returns 0 or -ENOMEM. */
int devices_scan(int rootfd, const struct mount_table *t, struct device_list *out);
/* One path inside rootfd (resolved as fileio_open_in_root does): a device node is recorded, a
 * directory walked; entries are named shown_as followed by their path below path (a host
 * directory bound on /dev: path "/", shown_as "/dev"). Returns 0 or -ENOMEM. */
int devices_scan_path(int rootfd, const char *path, const char *shown_as, struct device_list *out);
/* Appends one node (deduplicated by path). Returns 0 or -ENOMEM. */
int device_list_add(struct device_list *l, const char *path, char type, unsigned major,
		    unsigned minor);
void device_list_free(struct device_list *l);
#define _cleanup_device_list_ __attribute__((cleanup(device_list_free)))

/* The device cgroup v1 rules (devices.list text) applied to one node: 1 when it can be opened
 * (an entry of its type or 'a' grants r or w), 0 when not. */
int devices_cgroup_allows(const char *devices_list, char type, unsigned major, unsigned minor);

/* The device facts of one container, the same for a live audit and a config: begin marks
 * devices.block, .char, .classes and .cgroup known (empty); add judges one node (cgroup 1
 * allowed, 0 denied, -1 unknown): the harmless set is skipped, every other node is listed in
 * devices.cgroup with its verdict and, unless denied, in devices.block (its path) or
 * devices.char ("PATH c MAJOR:MINOR CLASS") and its class in devices.classes; end sorts. */
void devices_facts_begin(struct facts *f);
int devices_facts_add(const struct device_majors *majors, const struct device_node *d, int cgroup,
		      struct facts *f);
void devices_facts_end(struct facts *f);
/* Copies the device facts that from has (known) into to, replacing them. Returns 0, -ENOMEM. */
int devices_facts_copy(const struct facts *from, struct facts *to);
