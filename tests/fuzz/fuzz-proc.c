/* Fuzz target: the parsers of what /proc shows about a process, which a container's processes
 * partly control (names, mount points, cgroup paths): status, mountinfo (with the mount facts
 * of the table judged against itself), cgroup (with the identity read from its paths), uid_map
 * and gid_map, limits, namespace links, capability masks and lists, and /run/.containerenv.
 * Every parser sees every input: they are cheap, and one input often reaches several. */
#include "config.h"

#include "kernel/caps.h"
#include "kernel/cgroup.h"
#include "audit/identity.h"
#include "kernel/idmap.h"
#include "kernel/limits.h"
#include "kernel/mountinfo.h"
#include "audit/mounts.h"
#include "kernel/ns.h"
#include "kernel/status.h"
#include "lib/cleanup.h"
#include "tests/fuzz/fuzz.h"

static void fuzz_mountinfo(const char *text)
{
	struct mount_table t = {0};
	if (mountinfo_parse(text, 4096, &t) == 0) {
		static const char *const paths[] = {"/", "/proc", "/var/run/docker.sock", "/etc/"};
		for (size_t i = 0; i < 4; i++)
			mount_table_covering(&t, paths[i]);
		for (size_t i = 0; i < t.n; i++) {
			char out[4096];
			mounts_host_path(&t, &t.m[i], out, sizeof(out));
			path_is_within(t.m[i].mountpoint, t.m[i].root);
		}
		struct facts f = {0};
		mounts_facts(&t, &t, -1, -1, &f);
		facts_free(&f);
		f = (struct facts){0};
		mounts_facts(NULL, &t, -1, -1, &f);
		facts_free(&f);
	}
	mount_table_free(&t);
}

static void fuzz_cgroup(const char *text)
{
	struct cgroup_list l = {0};
	if (cgroup_parse(text, &l) == 0) {
		cgroup_v1_path(&l, "pids");
		cgroup_v1_path(&l, "memory");
		cgroup_v2_path(&l);
		const char *main = cgroup_main_path(&l);
		struct identity id = {0};
		if (main)
			identity_from_cgroup(main, &id);
		for (size_t i = 0; i < l.n; i++) {
			struct identity id2 = {0};
			identity_from_cgroup(l.e[i].path, &id2);
		}
	}
	cgroup_list_free(&l);
}

static void fuzz_idmap(const char *text)
{
	struct idmap m;
	if (idmap_parse(text, &m) == 0) {
		static const uint32_t ids[] = {0, 1, 1000, 65534, 100000, 4294967294u};
		for (size_t i = 0; i < 6; i++) {
			int64_t in = idmap_to_inside(&m, ids[i]);
			if (in >= 0) {
				/* An id a host id maps to maps back to some host id. */
				FUZZ_ASSERT(idmap_to_host(&m, (uint32_t)in) >= 0,
					    "%u -> %lld does not map back", ids[i], (long long)in);
			}
			idmap_to_host(&m, ids[i]);
		}
		idmap_is_identity(&m);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	_cleanup_free_ char *text = fuzz_strdup(data, size);
	if (!text)
		return 0;
	/* tests/fuzz/replay.sh checks that a broken invariant fails the replay. */
	FUZZ_ASSERT(!getenv("CTGUARD_FUZZ_SELFTEST"), "self-test");
	struct proc_status st;
	status_parse(text, &st);
	fuzz_mountinfo(text);
	fuzz_cgroup(text);
	fuzz_idmap(text);
	struct proc_limits lim;
	limits_parse(text, &lim);
	uint64_t ino, mask;
	for (int t = 0; t < NS__COUNT; t++)
		ns_parse_link(text, t, &ino);
	caps_parse_mask(text, &mask);
	char bad[64];
	caps_parse_list(text, &mask, bad, sizeof(bad));
	caps_from_name(text);
	struct identity id = {0};
	identity_from_containerenv(text, &id);
	identity_from_cgroup(text, &id);
	return 0;
}
