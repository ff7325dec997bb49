/* mountinfo parsing: escapes, optional fields, huge tables, bad lines. */
#include "config.h"

#include <errno.h>

#include "kernel/mountinfo.h"
#include "tests/tap.h"

static void test_podman(void)
{
	char *text = tap_data("mountinfo-podman-default.txt");
	struct mount_table t;
	is_int(mountinfo_parse(text, 100000, &t), 0, "podman mountinfo parses");
	is_int(t.n, 30, "30 mounts");
	is_str(t.m[0].mountpoint, "/", "first mount is /");
	is_str(t.m[0].fstype, "overlay", "root is overlay");
	ok(!t.m[0].ro, "root is read-write");
	const struct mount_entry *ps = mount_table_covering(&t, "/proc/sys");
	ok(ps && ps->ro && strcmp(ps->root, "/sys") == 0, "/proc/sys is the read-only bind");
	const struct mount_entry *kcore = mount_table_covering(&t, "/proc/sys/kernel/x");
	ok(kcore == ps, "paths below /proc/sys are covered by it");
	const struct mount_entry *cg = mount_table_covering(&t, "/sys/fs/cgroup/pids");
	ok(cg && strcmp(cg->fstype, "cgroup") == 0 && cg->ro, "cgroup v1 pids mount read-only");
	ok(cg && strcmp(cg->super_opts, "rw,pids") == 0, "super options kept");
	ok(t.m[0].major == 0 && t.m[0].minor == 39, "major:minor");
	mount_table_free(&t);
	free(text);
}

static void test_escapes(void)
{
	const char *text = "36 35 98:0 /mnt\\040dir /a\\040b rw,noatime master:1 shared:7 - ext3 "
			   "/dev/r\\011oot rw\n"
			   "37 35 98:0 /x\\012y /new\\012line ro - ext4 /dev/sda1 rw\n"
			   "38 35 98:0 / /back\\134slash rw - tmpfs none\n";
	struct mount_table t;
	is_int(mountinfo_parse(text, 100, &t), 0, "escaped mountinfo parses");
	is_str(t.m[0].root, "/mnt dir", "\\040 is a space in root");
	is_str(t.m[0].mountpoint, "/a b", "\\040 is a space in the mount point");
	is_str(t.m[0].source, "/dev/r\toot", "\\011 is a tab in the source");
	is_str(t.m[0].optional, "master:1 shared:7", "two optional fields kept");
	is_int(t.m[0].shared_group, 7, "shared peer group");
	is_str(t.m[1].mountpoint, "/new\nline", "\\012 is a newline");
	ok(t.m[1].ro, "ro flag");
	is_str(t.m[1].optional, "", "no optional fields");
	is_int(t.m[1].shared_group, 0, "not shared");
	is_str(t.m[2].mountpoint, "/back\\slash", "\\134 is a backslash");
	is_str(t.m[2].super_opts, "", "missing super options are empty");
	mount_table_free(&t);
}

static void test_huge(void)
{
	size_t n = 10000;
	char *text = malloc(n * 120);
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(
		    text + len, "%zu 1 0:%zu / /mnt/m%zu rw,relatime shared:%zu - tmpfs tmpfs rw\n",
		    i + 100, i, i, i + 1);
	struct mount_table t;
	is_int(mountinfo_parse(text, 200000, &t), 0, "10,000 mounts parse");
	is_int(t.n, 10000, "10,000 entries");
	is_str(t.m[9999].mountpoint, "/mnt/m9999", "last entry intact");
	ok(mount_table_covering(&t, "/mnt/m5000/x") == &t.m[5000],
	   "covering lookup in a big table");
	mount_table_free(&t);
	is_int(mountinfo_parse(text, 5000, &t), -E2BIG, "over the entry cap is E2BIG");
	free(text);
}

static void test_bad(void)
{
	struct mount_table t;
	is_int(mountinfo_parse("36 35 98:0 /\n", 100, &t), -EINVAL, "truncated line");
	is_int(mountinfo_parse("36 35 98:0 / /x rw shared:1 ext4 /dev/sda rw\n", 100, &t), -EINVAL,
	       "no separator");
	is_int(mountinfo_parse("a 35 98:0 / /x rw - ext4 /dev/sda rw\n", 100, &t), -EINVAL,
	       "id not a number");
	is_int(mountinfo_parse("36 35 98 / /x rw - ext4 /dev/sda rw\n", 100, &t), -EINVAL,
	       "device without colon");
	is_int(mountinfo_parse("36 35 98:0 / /x rw -\n", 100, &t), -EINVAL,
	       "nothing after separator");
	is_int(mountinfo_parse("", 100, &t), 0, "empty table parses");
	is_int(t.n, 0, "empty table has no entries");
	mount_table_free(&t);
}

int main(void)
{
	test_podman();
	test_escapes();
	test_huge();
	test_bad();
	ok(path_is_within("/var/run/docker.sock", "/var/run"), "within: child");
	ok(path_is_within("/var/run", "/var/run"), "within: itself");
	ok(!path_is_within("/var/running", "/var/run"), "within: not a prefix match");
	ok(path_is_within("/etc", "/"), "within: root holds all");
	return tap_done();
}
