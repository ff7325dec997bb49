/* Device walks shared by namespaces that show the same nodes: shared only when the root and
 * every mount that decides the walk match, and the judged facts copied only for the same rules.
 * The tree of real nodes is made with mknod (root). */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "audit/devcache.h"
#include "lib/cleanup.h"
#include "tests/tap.h"

static int make_root(const char *dir)
{
	char p[512];
	const char *dirs[] = {"", "/dev", "/dev/xvd", "/mnt"};
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
	    {"/dev/kmsg", S_IFCHR, 1, 11},
	    {"/dev/xvd/loop1", S_IFBLK, 7, 1},
	    {"/mnt/disk", S_IFBLK, 8, 1},
	};
	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		snprintf(p, sizeof(p), "%s%s", dir, nodes[i].path);
		if (mknod(p, nodes[i].mode | 0600, makedev(nodes[i].maj, nodes[i].min)) < 0)
			return -1;
	}
	return open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static struct mount_entry ent(const char *mp, unsigned minor, const char *root, const char *fs)
{
	return (struct mount_entry){.major = 0,
				    .minor = minor,
				    .root = (char *)root,
				    .mountpoint = (char *)mp,
				    .fstype = (char *)fs};
}

static bool has(const struct strv *l, const char *s)
{
	return strv_contains(l, s);
}

static void test_walks(int rootfd, int otherfd)
{
	struct devcache c = {0};
	/* Two sandboxes of one root: their own /proc each (another minor), the same /dev. */
	struct mount_entry a[] = {ent("/", 1, "/", "ext4"), ent("/proc", 20, "/", "proc"),
				  ent("/mnt/disk", 1, "/sdb1", "ext4")};
	struct mount_entry b[] = {ent("/", 1, "/", "ext4"), ent("/proc", 21, "/", "proc"),
				  ent("/mnt/disk", 1, "/sdb1", "ext4")};
	struct mount_table ta = {.m = a, .n = 3}, tb = {.m = b, .n = 3};
	const struct device_list *la = NULL, *lb = NULL, *lx = NULL;
	is_int(devcache_scan(&c, rootfd, &ta, &la), 0, "first namespace walked");
	ok(la && la->n == 4, "its four nodes (/dev and the device file bound on /mnt/disk)");
	is_int(devcache_scan(&c, rootfd, &tb, &lb), 0, "second namespace");
	ok(lb == la && c.walks == 1 && c.reused == 1,
	   "same root, same /dev and binds (only /proc differs): the walk is shared");

	/* A bind inside /dev, an over-mount of a visited path, another root: walked again. */
	struct mount_entry d[] = {ent("/", 1, "/", "ext4"), ent("/proc", 22, "/", "proc"),
				  ent("/mnt/disk", 1, "/sdb1", "ext4"),
				  ent("/dev/xvd/loop1", 5, "/loop1", "devtmpfs")};
	struct mount_table td = {.m = d, .n = 4};
	is_int(devcache_scan(&c, rootfd, &td, &lx), 0, "a namespace with a bind in /dev");
	ok(lx != la && c.walks == 2, "a mount in /dev makes another walk");
	struct mount_entry e[] = {ent("/", 1, "/", "ext4"), ent("/proc", 23, "/", "proc"),
				  ent("/mnt/disk", 1, "/sdb1", "ext4"),
				  ent("/mnt", 30, "/", "tmpfs")};
	struct mount_table te = {.m = e, .n = 4};
	is_int(devcache_scan(&c, rootfd, &te, &lx), 0, "a namespace with /mnt over-mounted");
	ok(lx != la && c.walks == 3, "a mount over a visited path makes another walk");
	is_int(devcache_scan(&c, otherfd, &ta, &lx), 0, "another root, the same table");
	ok(lx != la && c.walks == 4 && c.reused == 1, "another root makes another walk");

	/* The facts: copied for the same list and rules, judged again for other rules. */
	struct device_majors majors = {0};
	struct facts f1 = {0}, f2 = {0}, f3 = {0};
	is_int(devcache_facts(&c, la, &majors, "a *:* rwm\n", &f1), 0, "judged");
	is_int(devcache_facts(&c, la, &majors, "a *:* rwm\n", &f2), 0, "copied");
	is_int(devcache_facts(&c, la, &majors, "c 1:3 rwm\n", &f3), 0, "judged with other rules");
	ok(has(&f1.v[F_DEVICES_BLOCK].l, "/mnt/disk") &&
	       has(&f1.v[F_DEVICES_BLOCK].l, "/dev/xvd/loop1"),
	   "everything allowed: both block nodes listed");
	bool same = f1.v[F_DEVICES_BLOCK].l.n == f2.v[F_DEVICES_BLOCK].l.n &&
		    f1.v[F_DEVICES_CHAR].l.n == f2.v[F_DEVICES_CHAR].l.n &&
		    f1.v[F_DEVICES_CGROUP].l.n == f2.v[F_DEVICES_CGROUP].l.n &&
		    f2.v[F_DEVICES_CLASSES].known && f2.v[F_DEVICES_CGROUP].known;
	for (size_t i = 0; same && i < f1.v[F_DEVICES_CGROUP].l.n; i++)
		same = strcmp(f1.v[F_DEVICES_CGROUP].l.v[i], f2.v[F_DEVICES_CGROUP].l.v[i]) == 0;
	ok(same, "the copy holds the same lists as the judgement");
	ok(f3.v[F_DEVICES_BLOCK].known && f3.v[F_DEVICES_BLOCK].l.n == 0 &&
	       has(&f3.v[F_DEVICES_CGROUP].l, "/mnt/disk b 8:1 disk denied"),
	   "other rules are judged, not copied: the denied disk is not usable");
	struct facts f4 = {0};
	is_int(devcache_facts(&c, la, &majors, NULL, &f4), 0, "judged with the rules unknown");
	ok(has(&f4.v[F_DEVICES_CGROUP].l, "/mnt/disk b 8:1 disk unknown"),
	   "unknown rules are not the memo's known ones");
	facts_free(&f1);
	facts_free(&f2);
	facts_free(&f3);
	facts_free(&f4);
	devcache_free(&c);
}

int main(void)
{
	if (geteuid() != 0) {
		tap_skip("device nodes need root (mknod)");
		return tap_done();
	}
	char dir[] = "/tmp/ctg-devcache.XXXXXX", other[] = "/tmp/ctg-devcache2.XXXXXX";
	if (!mkdtemp(dir) || !mkdtemp(other))
		return 1;
	_cleanup_close_ int rootfd = make_root(dir);
	_cleanup_close_ int otherfd = make_root(other);
	if (rootfd < 0 || otherfd < 0)
		tap_skip("mknod failed (no CAP_MKNOD here)");
	else
		test_walks(rootfd, otherfd);
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, other);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
