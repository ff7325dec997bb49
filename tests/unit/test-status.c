/* status_parse on recorded and broken inputs. */
#include "config.h"

#include <errno.h>

#include "kernel/status.h"
#include "tests/tap.h"

static void test_podman_default(void)
{
	char *text = tap_data("status-podman-default.txt");
	struct proc_status st;
	is_int(status_parse(text, &st), 0, "podman default: parses");
	is_str(st.name, "sleep", "podman default: name");
	is_int(st.ppid, 3895, "podman default: ppid");
	is_int(st.nspid_inner, 1, "podman default: innermost NSpid is 1");
	is_int(st.uid[0], 0, "podman default: real uid 0");
	is_int(st.ngroups, 0, "podman default: no supplementary groups");
	ok(st.cap_eff == 0x800405fbULL, "podman default: CapEff 0x800405fb");
	ok(st.cap_bnd == 0x800405fbULL, "podman default: CapBnd 0x800405fb");
	ok(st.cap_inh == 0 && st.cap_amb == 0, "podman default: no inheritable or ambient");
	is_int(st.no_new_privs, 0, "podman default: NoNewPrivs 0");
	is_int(st.seccomp, 2, "podman default: Seccomp 2");
	is_int(st.seccomp_filters, 1, "podman default: one filter");
	free(text);
}

static void test_kthread(void)
{
	char *text = tap_data("status-kthreadd.txt");
	struct proc_status st;
	is_int(status_parse(text, &st), 0, "kthreadd: parses");
	is_int(st.ppid, 0, "kthreadd: ppid 0");
	is_str(st.name, "kthreadd", "kthreadd: name");
	free(text);
}

static void test_synthetic(void)
{
	struct proc_status st;
	const char *ids =
	    "Name:\tx\nPPid:\t7\nUid:\t1000\t1001\t1002\t1003\nGid:\t5\t6\t7\t8\n"
	    "Groups:\t10 20 30 \nCapInh:\t0000000000000400\nCapPrm:\t0\nCapEff:\t0\n"
	    "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000400\nNSpid:\t900\t40\t3\n";
	is_int(status_parse(ids, &st), 0, "synthetic: parses");
	ok(st.uid[0] == 1000 && st.uid[1] == 1001 && st.uid[2] == 1002 && st.uid[3] == 1003,
	   "synthetic: all four uids");
	ok(st.gid[0] == 5 && st.gid[3] == 8, "synthetic: gids");
	ok(st.ngroups == 3 && st.groups[0] == 10 && st.groups[2] == 30, "synthetic: three groups");
	is_int(st.nspid_inner, 3, "synthetic: nested NSpid takes the innermost");
	ok(st.cap_amb == 0x400, "synthetic: ambient");
	is_int(st.seccomp, -1, "synthetic: Seccomp absent is -1");
	is_int(st.seccomp_filters, -1, "synthetic: Seccomp_filters absent is -1");
	is_int(st.no_new_privs, -1, "synthetic: NoNewPrivs absent is -1");
}

static void test_many_groups(void)
{
	char text[8192] =
	    "PPid:\t1\nUid:\t0 0 0 0\nGid:\t0 0 0 0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t0\n"
	    "Groups:\t";
	for (int i = 0; i < 300; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%d ", i);
	strcat(text, "\n");
	struct proc_status st;
	is_int(status_parse(text, &st), 0, "300 groups: parses");
	is_int(st.ngroups, STATUS_MAX_GROUPS, "300 groups: capped at STATUS_MAX_GROUPS");
	ok(st.groups_truncated, "300 groups: truncation is flagged");
}

static void test_bad(void)
{
	struct proc_status st;
	static const struct {
		const char *text, *what;
	} bad[] = {
	    {"", "empty file"},
	    {"Name:\tx\nPPid:\t1\nGid:\t0 0 0 0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t0\n",
	     "no Uid line"},
	    {"PPid:\t1\nUid:\t0 0 0\nGid:\t0 0 0 0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t0\n",
	     "Uid with three fields"},
	    {"PPid:\t1\nUid:\t0 0 0 0\nGid:\t0 0 0 0\nCapPrm:\t0\nCapEff:\tzz\nCapBnd:\t0\n",
	     "CapEff not hex"},
	    {"PPid:\tx\nUid:\t0 0 0 0\nGid:\t0 0 0 0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t0\n",
	     "PPid not a number"},
	    {"PPid:\t1\nUid:\t99999999999 0 0 0\nGid:\t0 0 0 "
	     "0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t0\n",
	     "uid above 32 bits"},
	    {"PPid:\t1\nUid:\t0 0 0 0\nGid:\t0 0 0 0\nCapPrm:\t0\nCapEff:\t0\n",
	     "no CapBnd (truncated read)"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(status_parse(bad[i].text, &st), -EINVAL, bad[i].what);
}

int main(void)
{
	test_podman_default();
	test_kthread();
	test_synthetic();
	test_many_groups();
	test_bad();
	return tap_done();
}
