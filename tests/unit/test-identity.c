/* Identity from cgroup paths and /run/.containerenv. */
#include "config.h"

#include "audit/identity.h"
#include "tests/tap.h"

#define ID64 "251711833ac27581fd8b228a294d8da2cb1f1bcba6ba3b9ac99fc6dc99b9914e"

static void check(const char *path, const char *runtime, const char *id, const char *name)
{
	struct identity i = {0};
	bool found = identity_from_cgroup(path, &i);
	if (!runtime) {
		ok(!found, "no match: %s", path);
		return;
	}
	ok(found && strcmp(i.runtime, runtime) == 0 && strcmp(i.id, id) == 0 &&
	       (!name || strcmp(i.name, name) == 0),
	   "%s -> %s %s", path, runtime, id);
	if (found && strcmp(i.runtime, runtime))
		printf("#   got runtime %s id %s\n", i.runtime, i.id);
}

int main(void)
{
	check("/libpod_parent/libpod-" ID64, "podman", ID64, NULL);
	check("/machine.slice/libpod-" ID64 ".scope", "podman", ID64, NULL);
	check("/machine.slice/libpod-" ID64 ".scope/container", "podman", ID64, NULL);
	check("/machine.slice/libpod-conmon-" ID64 ".scope", NULL, NULL, NULL);
	check("/system.slice/docker-" ID64 ".scope", "docker", ID64, NULL);
	check("/docker/" ID64, "docker", ID64, NULL);
	check("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1234.slice/"
	      "cri-containerd-" ID64 ".scope",
	      "containerd", ID64, NULL);
	check("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podab.slice/crio-" ID64
	      ".scope",
	      "cri-o", ID64, NULL);
	check("/machine.slice/crio-conmon-" ID64 ".scope", NULL, NULL, NULL);
	check("/kubepods/besteffort/pod0f2f1e8b-1c3a-4c5e-9d1e-123456789abc/" ID64, "unknown", ID64,
	      NULL);
	check("/lxc.payload.web1", "lxc", "web1", "web1");
	check("/lxc.payload.web1/init.scope", "lxc", "web1", "web1");
	check("/lxc/old1", "lxc", "old1", "old1");
	check("/machine.slice/machine-my\\x2dbox.scope", "nspawn", "my-box", "my-box");
	check("/machine.slice/machine-my\\x2dbox.scope/payload", "nspawn", "my-box", "my-box");
	check("/user.slice/user-0.slice/session-1.scope", NULL, NULL, NULL);
	check("/", NULL, NULL, NULL);
	check("/docker/" ID64 "/docker/"
	      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	      "docker", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NULL);
	check("/system.slice/docker-XYZ.scope", NULL, NULL, NULL);

	struct identity i = {0};
	identity_from_containerenv("engine=\"podman-4.3.1\"\nname=\"web\"\nid=\"abc\"\n"
				   "image=\"localhost/bb:1\"\nrootless=0\n",
				   &i);
	is_str(i.runtime, "podman", "containerenv: engine gives podman");
	is_str(i.name, "web", "containerenv: name");
	is_str(i.image, "localhost/bb:1", "containerenv: image");
	is_int(i.claimed, IDENTITY_ID | IDENTITY_NAME | IDENTITY_IMAGE | IDENTITY_RUNTIME,
	       "containerenv: every field it filled is claimed");
	struct identity j = {.runtime = "lxc", .name = "host-said"};
	identity_from_containerenv("engine=\"podman-4\"\nname=\"forged\"\n", &j);
	is_str(j.runtime, "lxc", "containerenv never overrides the host's runtime");
	is_str(j.name, "host-said", "containerenv never overrides the host's name");
	is_int(j.claimed, 0, "a field the host filled is not claimed");
	struct identity k = {0};
	identity_from_containerenv("", &k);
	is_str(k.name, "", "empty containerenv fills nothing");
	return tap_done();
}
