/* access_as: the kernel's discretionary check on host ids, and capabilities that count only
 * where the file's owner and group are mapped in the process's user namespace. */
#include "config.h"

#include <sys/stat.h>
#include <linux/capability.h>

#include "audit/access.h"
#include "tests/tap.h"

static struct stat file(unsigned mode, unsigned uid, unsigned gid)
{
	struct stat st = {0};
	st.st_mode = mode;
	st.st_uid = uid;
	st.st_gid = gid;
	return st;
}

int main(void)
{
	const uint64_t all = ~0ULL >> 23;
	struct stat dockersock = file(S_IFSOCK | 0660, 0, 998); /* root:docker 0660 */
	struct stat rootsock = file(S_IFSOCK | 0755, 0, 0);
	struct stat disk = file(S_IFBLK | 0660, 0, 6); /* root:disk */
	struct stat open = file(S_IFSOCK | 0666, 0, 0);

	struct access_creds u1000 = {.fsuid = 1000, .fsgid = 1000};
	ok(!access_as(&dockersock, &u1000, ACCESS_WRITE), "uid 1000: root:docker 0660 socket no");
	ok(!access_as(&rootsock, &u1000, ACCESS_WRITE), "uid 1000: root 0755 socket no (no w)");
	ok(access_as(&rootsock, &u1000, ACCESS_READ), "uid 1000: root 0755 readable");
	ok(access_as(&open, &u1000, ACCESS_WRITE), "uid 1000: a 0666 socket yes");
	ok(!access_as(&disk, &u1000, ACCESS_READ), "uid 1000: root:disk 0660 disk no");

	uint32_t docker[] = {998};
	struct access_creds ingroup = {
	    .fsuid = 1000, .fsgid = 1000, .groups = docker, .ngroups = 1};
	ok(access_as(&dockersock, &ingroup, ACCESS_WRITE), "supplementary group docker: yes");
	struct access_creds primary = {.fsuid = 1000, .fsgid = 998};
	ok(access_as(&dockersock, &primary, ACCESS_WRITE), "primary group docker: yes");
	struct stat grp_less = file(S_IFSOCK | 0606, 0, 998);
	ok(!access_as(&grp_less, &ingroup, ACCESS_WRITE),
	   "group bits decide for a member even when other bits allow (kernel order)");

	struct access_creds root_host = {.fsuid = 0, .fsgid = 0, .caps_eff = all};
	ok(access_as(&dockersock, &root_host, ACCESS_WRITE), "host root: yes");
	struct access_creds uid1000_dac = {
	    .fsuid = 1000, .fsgid = 1000, .caps_eff = 1ULL << CAP_DAC_OVERRIDE};
	ok(access_as(&disk, &uid1000_dac, ACCESS_WRITE),
	   "CAP_DAC_OVERRIDE in the host's user namespace overrides the mode");
	struct access_creds rs = {
	    .fsuid = 1000, .fsgid = 1000, .caps_eff = 1ULL << CAP_DAC_READ_SEARCH};
	ok(access_as(&disk, &rs, ACCESS_READ), "CAP_DAC_READ_SEARCH reads");
	ok(!access_as(&disk, &rs, ACCESS_WRITE), "CAP_DAC_READ_SEARCH does not write");

	/* A rootless container: uid 0 inside is host 1001, subordinate ids 100000+; every
	 * capability, in a namespace where host root is not mapped. */
	struct idmap um, gm;
	idmap_parse("0 1001 1\n1 100000 65536\n", &um);
	idmap_parse("0 1001 1\n1 100000 65536\n", &gm);
	struct access_creds rootless = {
	    .fsuid = 1001, .fsgid = 1001, .caps_eff = all, .uidmap = &um, .gidmap = &gm};
	ok(!access_as(&dockersock, &rootless, ACCESS_WRITE),
	   "rootless privileged: capabilities do not count on a root-owned socket");
	ok(!access_as(&disk, &rootless, ACCESS_READ), "rootless privileged: nor on a root disk");
	struct stat mine = file(S_IFSOCK | 0600, 1001, 1001);
	ok(access_as(&mine, &rootless, ACCESS_WRITE), "rootless: the user's own socket yes");
	struct stat sub = file(S_IFREG | 0600, 100005, 100005);
	ok(access_as(&sub, &rootless, ACCESS_WRITE),
	   "rootless: capabilities count on a file of its subordinate ids");
	struct stat half = file(S_IFREG | 0600, 100005, 0);
	ok(!access_as(&half, &rootless, ACCESS_WRITE),
	   "rootless: not when the file's group is unmapped");
	return tap_done();
}
