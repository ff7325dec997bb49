/* Namespace link parsing. */
#include "config.h"

#include <errno.h>

#include "audit/ns.h"
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
	return tap_done();
}
