/* Device classes by number, /proc/devices, the v1 device cgroup's rules, and the walk of a
 * tree of real nodes (made with mknod when run as root). */
#include "config.h"

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
#include "tests/tap.h"

static const char proc_devices[] = "Character devices:\n"
				   "  1 mem\n"
				   "  4 /dev/vc/0\n"
				   " 10 misc\n"
				   "245 hidraw\n"
				   "248 bsg\n"
				   "249 watchdog\n"
				   "\n"
				   "Block devices:\n"
				   "  7 loop\n"
				   "254 virtblk\n";

static void test_classes(void)
{
	struct device_majors m;
	is_int(devices_majors_parse(proc_devices, &m), 0, "/proc/devices parses");
	is_int((int)m.n, 8, "eight majors");
	const struct {
		char type;
		unsigned major, minor;
		const char *class;
	} cases[] = {
	    {'c', 1, 3, NULL},	       {'c', 1, 9, NULL},      {'c', 5, 0, NULL},
	    {'c', 5, 2, NULL},	       {'c', 136, 4, NULL},    {'c', 1, 1, "memory"},
	    {'c', 1, 2, "memory"},     {'c', 1, 4, "memory"},  {'c', 1, 11, "kernel-log"},
	    {'c', 10, 229, "fuse"},    {'c', 10, 232, "kvm"},  {'c', 10, 200, "tun"},
	    {'c', 10, 237, "loop"},    {'c', 10, 1, "misc"},   {'c', 13, 64, "input"},
	    {'c', 21, 0, "raw-io"},    {'c', 226, 0, "gpu"},   {'c', 195, 255, "gpu"},
	    {'c', 202, 0, "cpu"},      {'c', 4, 1, "tty"},     {'c', 248, 0, "raw-io"},
	    {'c', 249, 0, "watchdog"}, {'c', 245, 0, "input"}, {'c', 240, 0, "other"},
	    {'b', 7, 1, "loop"},       {'b', 8, 0, "disk"},    {'b', 254, 0, "disk"},
	    {'b', 1, 3, "disk"}, /* a block device with null's numbers is not null */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *c = devices_class(&m, cases[i].type, cases[i].major, cases[i].minor);
		ok(c == cases[i].class || (c && cases[i].class && strcmp(c, cases[i].class) == 0),
		   "%c %u:%u is %s (got %s)", cases[i].type, cases[i].major, cases[i].minor,
		   cases[i].class ? cases[i].class : "harmless", c ? c : "harmless");
	}
	is_str(devices_class(NULL, 'c', 249, 0), "other", "a dynamic major without names: other");
	devices_majors_free(&m);
}

static void test_cgroup(void)
{
	/* runc's defaults plus one disk: what devices.list shows for a --device container. */
	const char *runc = "c 1:3 rwm\nc 1:5 rwm\nc *:* m\nb *:* m\nc 136:* rwm\nb 7:1 rwm\n";
	is_int(devices_cgroup_allows(runc, 'c', 1, 3), 1, "null allowed");
	is_int(devices_cgroup_allows(runc, 'b', 7, 1), 1, "the passed loop device allowed");
	is_int(devices_cgroup_allows(runc, 'b', 7, 0), 0, "another loop denied (mknod only)");
	is_int(devices_cgroup_allows(runc, 'c', 136, 9), 1, "a pts by wildcard minor");
	is_int(devices_cgroup_allows(runc, 'c', 1, 1), 0, "mem denied");
	is_int(devices_cgroup_allows(runc, 'c', 7, 1), 0, "a char device with a block's numbers");
	is_int(devices_cgroup_allows("a *:* rwm\n", 'b', 8, 0), 1, "privileged: a *:* allows");
	is_int(devices_cgroup_allows("", 'c', 1, 3), 0, "an empty list denies all");
	is_int(devices_cgroup_allows("c 1:31 rwm\nb 8:0 m\n", 'c', 1, 3), 0, "1:31 is not 1:3");
	is_int(devices_cgroup_allows("garbage\nc 1:\n", 'c', 1, 3), 0,
	       "malformed lines allow nothing");
}

static bool listed(const struct device_list *l, const char *path, char type, unsigned maj,
		   unsigned min)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].path, path) == 0)
			return l->v[i].type == type && l->v[i].major == maj && l->v[i].minor == min;
	return false;
}

static void test_scan(void)
{
	if (geteuid() != 0) {
		for (int i = 0; i < 7; i++)
			tap_skip("mknod needs root");
		return;
	}
	char dir[] = "/tmp/ctg-devices.XXXXXX";
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	char p[256], out[256];
	snprintf(out, sizeof(out), "%s-outside", dir);
	mkdir(out, 0700);
	snprintf(p, sizeof(p), "%s/secret", out);
	mknod(p, S_IFBLK | 0600, makedev(8, 0));
	const char *dirs[] = {"/dev", "/dev/xvd", "/dev/a", "/dev/a/b", "/mnt"};
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(p, sizeof(p), "%s%s", dir, dirs[i]);
		mkdir(p, 0755);
	}
	const struct {
		const char *path;
		mode_t mode;
		unsigned maj, min;
	} nodes[] = {
	    {"/dev/null", S_IFCHR, 1, 3},
	    {"/dev/xvd/loop1", S_IFBLK, 7, 1},
	    {"/dev/a/b/kmsg", S_IFCHR, 1, 11},
	    {"/mnt/disk", S_IFBLK, 8, 1},
	};
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		snprintf(p, sizeof(p), "%s%s", dir, nodes[i].path);
		mknod(p, nodes[i].mode | 0600, makedev(nodes[i].maj, nodes[i].min));
	}
	/* A symlink to a directory outside the root is never walked. */
	snprintf(p, sizeof(p), "%s/dev/escape", dir);
	symlink(out, p);
	int rootfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct mount_entry me = {.root = "/sdb1", .mountpoint = "/mnt/disk", .fstype = "tmpfs"};
	struct mount_entry plain = {.root = "/", .mountpoint = "/mnt", .fstype = "ext4"};
	struct mount_entry ents[] = {plain, me};
	struct mount_table t = {.m = ents, .n = 2};
	struct device_list l = {0};
	is_int(devices_scan(rootfd, &t, &l), 0, "scan");
	ok(listed(&l, "/dev/null", 'c', 1, 3),
	   "/dev/null listed (its class decides, not the scan)");
	ok(listed(&l, "/dev/xvd/loop1", 'b', 7, 1), "a nested block node");
	ok(listed(&l, "/dev/a/b/kmsg", 'c', 1, 11), "a node two directories down");
	ok(listed(&l, "/mnt/disk", 'b', 8, 1), "a device file bound outside /dev");
	is_int((int)l.n, 4, "nothing else: the symlink out of the root is not followed");
	ok(!l.truncated, "not truncated");
	device_list_free(&l);
	close(rootfd);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, out);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

int main(void)
{
	test_classes();
	test_cgroup();
	test_scan();
	return tap_done();
}
