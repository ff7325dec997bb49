/* Fuzz target: runtime state files on the host, which echo strings chosen by whoever started a
 * container. The input becomes, at once, every file audit/runtime.c reads in a scratch host
 * root: runc and Docker state.json, crun status, containerd's runc shim state, containers-storage
 * containers.json, Docker config.v2.json, containerd and CRI-O bundle config.json; then
 * identities of each runtime are enriched from it. */
#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "audit/identity.h"
#include "audit/runtime.h"
#include "lib/cleanup.h"
#include "tests/fuzz/fuzz.h"

#define CID "0123456789abcdef"

static const char *const files[] = {
    "run/runc/" CID "/state.json",
    "run/crun/" CID "/status",
    "run/docker/runtime-runc/moby/" CID "/state.json",
    "run/containerd/runc/k8s.io/" CID "/state.json",
    "var/lib/containers/storage/overlay-containers/containers.json",
    "var/lib/docker/containers/" CID "/config.v2.json",
    "run/containerd/io.containerd.runtime.v2.task/k8s.io/" CID "/config.json",
    "run/containers/storage/overlay-containers/" CID "/userdata/config.json",
};

static int rootfd = -1;

static int mkdir_p(int dirfd, const char *path)
{
	char p[512];
	snprintf(p, sizeof(p), "%s", path);
	for (char *s = strchr(p, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdirat(dirfd, p, 0700) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rootfd = fuzz_scratch_dir("runtime");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (mkdir_p(rootfd, files[i]) < 0)
			abort();
	return 0;
}

static void put(const char *path, const uint8_t *data, size_t size)
{
	_cleanup_close_ int fd =
	    openat(rootfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		const char *runtime, *id;
		bool kube;
	} who[] = {
	    {"", "", false},	    {"unknown", "", false},	{"podman", CID, false},
	    {"docker", CID, false}, {"containerd", CID, false}, {"cri-o", CID, false},
	    {"unknown", CID, true}, {"runc", CID, true},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		put(files[i], data, size);
	struct runtime_state *rs = runtime_state_new(rootfd);
	if (!rs)
		return 0;
	/* A rootless owner's files are read too: a namespace mapping every uid. */
	static struct idmap all = {.r = {{0, 0, 4294967295u}}, .n = 1};
	const struct runtime_owner owner = {.uid = -1, .host_user = 0, .uidmap = &all};
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		struct identity id = {0};
		identity_copy(id.runtime, sizeof(id.runtime), who[i].runtime);
		identity_copy(id.id, sizeof(id.id), who[i].id);
		id.kube = who[i].kube;
		/* init pids a state file may name: 1, and the one of the seeds */
		runtime_enrich(rs, i % 2 ? 1 : 4242, &owner, &id);
		FUZZ_ASSERT(memchr(id.name, '\0', sizeof(id.name)) &&
				memchr(id.image, '\0', sizeof(id.image)) &&
				memchr(id.pod, '\0', sizeof(id.pod)) &&
				memchr(id.runtime, '\0', sizeof(id.runtime)),
			    "an identity field is not terminated");
	}
	runtime_state_free(rs);
	return 0;
}
