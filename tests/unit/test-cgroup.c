/* /proc/<pid>/cgroup parsing. */
#include "config.h"

#include <errno.h>

#include "kernel/cgroup.h"
#include "tests/tap.h"

int main(void)
{
	char *text = tap_data("cgroup-podman-hybrid.txt");
	struct cgroup_list l;
	is_int(cgroup_parse(text, &l), 0, "hybrid podman cgroup parses");
	is_int(l.n, 10, "ten hierarchies");
	const char *want = "/libpod_parent/libpod-"
			   "251711833ac27581fd8b228a294d8da2cb1f1bcba6ba3b9ac99fc6dc99b9914e";
	is_str(cgroup_v1_path(&l, "pids"), want, "v1 pids path");
	is_str(cgroup_v1_path(&l, "name=systemd"), want, "name=systemd path");
	is_str(cgroup_v2_path(&l), want, "v2 path");
	is_str(cgroup_main_path(&l), want, "main path is the v2 one");
	ok(cgroup_v1_path(&l, "cpuacct") != NULL, "cpuacct found");
	ok(cgroup_v1_path(&l, "cpu,cpuacct") == NULL, "no partial-list match");
	ok(cgroup_v1_path(&l, "hugetlb") == NULL, "absent controller is NULL");
	cgroup_list_free(&l);
	free(text);

	is_int(cgroup_parse("4:cpu,cpuacct:/a\n0::/b\n", &l), 0, "joint controllers parse");
	is_str(cgroup_v1_path(&l, "cpuacct"), "/a", "cpuacct inside a comma list");
	is_str(cgroup_v1_path(&l, "cpu"), "/a", "cpu inside a comma list");
	cgroup_list_free(&l);

	is_int(cgroup_parse("0::/\n", &l), 0, "pure v2 root parses");
	is_str(cgroup_main_path(&l), "/", "root v2 path");
	cgroup_list_free(&l);

	is_int(cgroup_parse("0::/with:colon/x\n", &l), 0, "colon inside the path kept");
	is_str(cgroup_v2_path(&l), "/with:colon/x", "path with colon");
	cgroup_list_free(&l);

	is_int(cgroup_parse("garbage\n", &l), -EINVAL, "line without colons rejected");
	is_int(cgroup_parse("x:cpu:/\n", &l), -EINVAL, "non-numeric hierarchy rejected");
	return tap_done();
}
