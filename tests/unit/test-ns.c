/* Namespace link parsing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/ns.h"
#include "tests/tap.h"

int main(void)
{
	uint64_t ino = 0;
	is_int(ns_parse_link("mnt:[4026531841]", NS_MNT, &ino), 0, "mnt link parses");
	ok(ino == 4026531841ULL, "mnt inode");
	is_int(ns_parse_link("pid:[4026531836]", NS_PID, &ino), 0, "pid link parses");
	ok(ino == ns_initial_inode(NS_PID), "initial pid namespace inode");
	is_int(ns_parse_link("pid:[1]", NS_MNT, &ino), -EINVAL, "wrong type rejected");
	is_int(ns_parse_link("mnt:[]", NS_MNT, &ino), -EINVAL, "empty inode rejected");
	is_int(ns_parse_link("mnt:[12]x", NS_MNT, &ino), -EINVAL, "trailing garbage rejected");
	is_int(ns_parse_link("mnt:4026531841", NS_MNT, &ino), -EINVAL, "no brackets rejected");
	is_str(ns_name(NS_CGROUP), "cgroup", "first type is cgroup");
	is_str(ns_name(NS_UTS), "uts", "last type is uts");
	ok(ns_initial_inode(NS_NET) == 0, "net has no fixed initial inode");
	ok(ns_initial_inode(NS_USER) == 0xEFFFFFFDU, "initial user namespace inode");
	/* A recorded tree may keep the link text in a regular file. */
	char dir[] = "/tmp/ctg-ns-XXXXXX";
	if (mkdtemp(dir)) {
		char p[128];
		snprintf(p, sizeof(p), "%s/ns", dir);
		mkdir(p, 0755);
		snprintf(p, sizeof(p), "%s/ns/pid", dir);
		FILE *f = fopen(p, "we");
		fputs("pid:[4026532631]\n", f);
		fclose(f);
		snprintf(p, sizeof(p), "%s/ns/mnt", dir);
		symlink("mnt:[4026532628]", p);
		int fd = open(dir, O_PATH | O_DIRECTORY);
		is_int(ns_read(fd, NS_PID, &ino), 0, "ns link recorded as a file reads");
		ok(ino == 4026532631ULL, "inode from the file");
		is_int(ns_read(fd, NS_MNT, &ino), 0, "ns link recorded as a symlink reads");
		ok(ino == 4026532628ULL, "inode from the symlink");
		is_int(ns_read(fd, NS_NET, &ino), -ENOENT, "missing ns link: ENOENT");
		close(fd);
		char cmd[160];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# cleanup failed\n");
	}
	return tap_done();
}
