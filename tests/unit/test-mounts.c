/* Mount judgements: host paths, sensitive mounts, runtime sockets, writable /proc/sys. */
#include "config.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "audit/mounts.h"
#include "tests/tap.h"

static const char host_text[] = "26 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
				"30 26 0:27 / /run rw,nosuid shared:5 - tmpfs tmpfs rw\n"
				"31 26 254:1 / /var rw,relatime - ext4 /dev/vdb rw\n";

static const char ct_text[] =
    "76 49 0:39 / / ro,relatime - overlay overlay rw\n"
    "77 76 0:42 / /proc rw,nosuid - proc proc rw\n"
    "53 77 0:42 /sys /proc/sys ro,nosuid - proc proc rw\n"
    "79 76 0:44 / /sys ro,nosuid - sysfs sysfs ro\n"
    "80 76 254:0 /etc /host-etc ro,relatime - ext4 /dev/vda rw\n"
    "81 76 0:27 / /host-run rw,relatime shared:5 - tmpfs tmpfs rw\n"
    "82 76 254:0 /tmp/x/docker.sock /var/run/docker.sock rw - ext4 /dev/vda rw\n"
    "83 76 254:1 /lib/docker/volumes/v1/_data /data rw - ext4 /dev/vdb rw\n"
    "84 76 254:1 /lib/kubelet /kubelet rw - ext4 /dev/vdb rw\n"
    "85 76 254:0 /run/containers/storage/overlay-containers/x/userdata/hosts /etc/hosts rw - ext4 "
    "/dev/vda rw\n"
    "86 76 0:31 /libpod /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n";

static int make_socket(const char *path)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	int r = bind(fd, (struct sockaddr *)&a, sizeof(a));
	close(fd);
	return r;
}

static bool has(const struct facts *f, enum fact_id id, const char *s)
{
	return strv_contains(&f->v[id].l, s);
}

int main(void)
{
	struct mount_table host, ct;
	char *h = strdup(host_text), *c = strdup(ct_text);
	is_int(mountinfo_parse(h, 100, &host), 0, "host table parses");
	is_int(mountinfo_parse(c, 100, &ct), 0, "container table parses");

	char hp[4096];
	ok(mounts_host_path(&host, &ct.m[4], hp, sizeof(hp)) && strcmp(hp, "/etc") == 0,
	   "bind of /etc maps back to host /etc");
	ok(mounts_host_path(&host, &ct.m[5], hp, sizeof(hp)) && strcmp(hp, "/run") == 0,
	   "tmpfs /run maps back to host /run");
	ok(mounts_host_path(&host, &ct.m[8], hp, sizeof(hp)) && strcmp(hp, "/var/lib/kubelet") == 0,
	   "a mount of a separate /var filesystem maps to /var/lib/kubelet");
	ok(!mounts_host_path(&host, &ct.m[0], hp, sizeof(hp)),
	   "the container's overlay is no host path");

	/* A host root with a real socket at /run/docker.sock. */
	char tmpl[] = "/tmp/ctg-mounts-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char path[4096];
	snprintf(path, sizeof(path), "%s/run", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/run/docker.sock", dir);
	is_int(make_socket(path), 0, "test socket created");
	int rootfd = open(dir, O_PATH | O_DIRECTORY);

	struct facts f = {0};
	is_int(mounts_facts(&host, &ct, rootfd, -1, &f), 0, "facts computed");
	ok(has(&f, F_MOUNTS_SENSITIVE, "/etc"), "/etc is sensitive");
	ok(!has(&f, F_MOUNTS_SENSITIVE_RW, "/etc"), "/etc was mounted read-only");
	ok(has(&f, F_MOUNTS_SENSITIVE, "/run") && has(&f, F_MOUNTS_SENSITIVE_RW, "/run"),
	   "/run sensitive and read-write");
	ok(has(&f, F_MOUNTS_SENSITIVE, "/var/lib/kubelet"), "kubelet state is sensitive");
	ok(!has(&f, F_MOUNTS_SENSITIVE, "/var/lib/docker/volumes/v1/_data"),
	   "a docker volume is not sensitive");
	ok(!has(&f, F_MOUNTS_SENSITIVE,
		"/run/containers/storage/overlay-containers/x/userdata/hosts"),
	   "the runtime's /etc/hosts bind is not sensitive");
	ok(has(&f, F_MOUNTS_RUNTIME_SOCKET, "/host-run/docker.sock"),
	   "docker.sock reachable through the /run mount");
	ok(has(&f, F_MOUNTS_RUNTIME_SOCKET, "/var/run/docker.sock"),
	   "a socket bound at a docker.sock path");
	is_int(f.v[F_MOUNTS_RUNTIME_SOCKET].l.n, 2, "exactly two socket paths");
	ok(f.v[F_MOUNTS_ROOTFS_READONLY].u.b, "read-only root");
	ok(!f.v[F_MOUNTS_PROC_SYS_RW].u.b, "/proc/sys and /sys read-only");
	ok(!f.v[F_CGROUP_V1_WRITABLE].u.b, "cgroup v1 read-only");
	ok(has(&f, F_MOUNTS_SHARED_PROPAGATION, "/host-run"),
	   "/host-run shares a peer group with the host");
	is_int(f.v[F_MOUNTS_SHARED_PROPAGATION].l.n, 1, "only that one is shared");
	facts_free(&f);

	/* No socket on the host: a /run mount reaches nothing. */
	unlink(path);
	is_int(mounts_facts(&host, &ct, rootfd, -1, &f), 0, "facts without the socket");
	ok(!has(&f, F_MOUNTS_RUNTIME_SOCKET, "/host-run/docker.sock"),
	   "no socket on the host: nothing reachable through /run");
	facts_free(&f);

	/* Writable /proc/sys, /sys and cgroup v1 (a privileged container). */
	const char priv_text[] = "1 0 0:39 / / rw - overlay overlay rw\n"
				 "2 1 0:42 / /proc rw - proc proc rw\n"
				 "3 1 0:44 / /sys rw - sysfs sysfs rw\n"
				 "4 3 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
				 "5 1 254:0 / /host rw - ext4 /dev/vda rw\n";
	struct mount_table pt;
	char *p = strdup(priv_text);
	is_int(mountinfo_parse(p, 100, &pt), 0, "privileged table parses");
	is_int(mounts_facts(&host, &pt, rootfd, -1, &f), 0, "privileged facts");
	ok(f.v[F_MOUNTS_PROC_SYS_RW].u.b, "writable /proc/sys");
	ok(f.v[F_CGROUP_V1_WRITABLE].u.b, "writable cgroup v1");
	ok(!f.v[F_MOUNTS_ROOTFS_READONLY].u.b, "writable root");
	ok(has(&f, F_MOUNTS_SENSITIVE, "/") && has(&f, F_MOUNTS_SENSITIVE_RW, "/"),
	   "the host's / mounted read-write");
	facts_free(&f);

	/* From inside (no host table): binds of the root filesystem show their source path. */
	is_int(mounts_facts(NULL, &ct, -1, -1, &f), 0, "self facts");
	ok(has(&f, F_MOUNTS_SENSITIVE, "/etc"), "self: /etc bind seen from inside");
	ok(!has(&f, F_MOUNTS_SENSITIVE, "/"), "self: overlay root is not the host's /");
	ok(has(&f, F_MOUNTS_RUNTIME_SOCKET, "/var/run/docker.sock"), "self: docker.sock by name");
	facts_free(&f);

	close(rootfd);
	snprintf(path, sizeof(path), "%s/run", dir);
	rmdir(path);
	rmdir(dir);
	mount_table_free(&host);
	mount_table_free(&ct);
	mount_table_free(&pt);
	free(h);
	free(c);
	free(p);
	return tap_done();
}
