/* Bounded reads and reads confined to a container root: hostile layouts. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/fileio.h"
#include "tests/tap.h"

static char root[64];

static void put(const char *rel, const char *content)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	FILE *f = fopen(p, "we");
	fputs(content, f);
	fclose(f);
}

static void link_at(const char *target, const char *rel)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	if (symlink(target, p) < 0)
		perror("symlink");
}

int main(void)
{
	snprintf(root, sizeof(root), "/tmp/ctg-fileio-XXXXXX");
	if (!mkdtemp(root))
		return 1;
	char p[256];
	const char *dirs[] = {"run", "etc", "d", "d/e"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i]);
		mkdir(p, 0755);
	}
	/* Outside the root: a secret the container must never disclose. */
	char secret[256];
	snprintf(secret, sizeof(secret), "%s.secret", root);
	FILE *sf = fopen(secret, "we");
	fputs("HOST-SECRET\n", sf);
	fclose(sf);

	put("etc/hostname", "inside\n");
	put("run/plain", "engine=\"podman\"\n");
	link_at("/etc/hostname", "run/abs-link");
	link_at(secret, "run/abs-escape");
	link_at("../../../../../../../../etc/hostname", "run/rel-escape");
	link_at("/proc/self/root/etc/passwd", "run/magic");
	link_at("/run/loop2", "run/loop1");
	link_at("/run/loop1", "run/loop2");
	snprintf(p, sizeof(p), "%s/run/fifo", root);
	mkfifo(p, 0644);

	int rootfd = open(root, O_PATH | O_DIRECTORY);
	struct buf b = BUF_INIT;
	is_int(fileio_read_in_root(rootfd, "/run/plain", 4096, &b), 0, "plain file read");
	is_str(b.data, "engine=\"podman\"\n", "plain file content");
	is_int(fileio_read_in_root(rootfd, "/run/abs-link", 4096, &b), 0,
	       "absolute symlink resolves inside the root");
	is_str(b.data, "inside\n", "absolute symlink gave the container's file, not the host's");
	int r = fileio_read_in_root(rootfd, "/run/abs-escape", 4096, &b);
	ok(r < 0 || strstr(b.data, "HOST-SECRET") == NULL,
	   "symlink to a host path outside never discloses it (r=%d)", r);
	r = fileio_read_in_root(rootfd, "/run/rel-escape", 4096, &b);
	ok(r == 0 && strcmp(b.data, "inside\n") == 0, "../ climbing stops at the container root");
	r = fileio_read_in_root(rootfd, "/run/magic", 4096, &b);
	ok(r < 0, "a symlink through /proc/self/root is refused or stays inside (r=%d)", r);
	r = fileio_read_in_root(rootfd, "/run/loop1", 4096, &b);
	is_int(r, -ELOOP, "symlink loop: ELOOP");
	r = fileio_read_in_root(rootfd, "/run/fifo", 4096, &b);
	is_int(r, -EINVAL, "a FIFO is refused without blocking");
	r = fileio_read_in_root(rootfd, "/run/absent", 4096, &b);
	is_int(r, -ENOENT, "missing file: ENOENT");
	r = fileio_read_in_root(rootfd, "/etc", 4096, &b);
	is_int(r, -EINVAL, "a directory is refused");
	r = fileio_read_in_root(rootfd, "/run/plain", 4, &b);
	is_int(r, -EFBIG, "file over the cap: EFBIG");
	ok(fileio_exists_in_root(rootfd, "/run/abs-link"), "exists: symlink itself");
	ok(!fileio_exists_in_root(rootfd, "/nope"), "exists: missing");

	int dfd = open(root, O_RDONLY | O_DIRECTORY);
	is_int(fileio_read_at(dfd, "etc/hostname", 100, &b), 0, "read_at");
	is_str(b.data, "inside\n", "read_at content");
	is_int(fileio_read_at(dfd, "etc/hostname", 6, &b), -EFBIG, "read_at over the cap");
	is_int(fileio_read_at(dfd, "etc/hostname", 7, &b), 0, "read_at exactly at the cap");
	char link[64];
	is_int(fileio_readlink_at(dfd, "run/loop1", link, sizeof(link)), 0, "readlink");
	is_str(link, "/run/loop2", "readlink text");
	is_int(fileio_readlink_at(dfd, "run/loop1", link, 5), -ENAMETOOLONG, "readlink too long");
	/* A recorded /proc tree keeps a dangling link's text in a file (make dist drops the link).
	 */
	is_int(fileio_readlink_or_text_at(dfd, "run/loop1", link, sizeof(link)), 0,
	       "readlink_or_text: a symlink reads as a link");
	is_str(link, "/run/loop2", "readlink_or_text: the link's text");
	put("run/fdtext", "socket:[41003]\nrest\n");
	is_int(fileio_readlink_or_text_at(dfd, "run/fdtext", link, sizeof(link)), 0,
	       "readlink_or_text: a regular file reads");
	is_str(link, "socket:[41003]", "readlink_or_text: its first line is the text");
	is_int(fileio_readlink_or_text_at(dfd, "run/fdtext", link, 8), -ENAMETOOLONG,
	       "readlink_or_text: a file over the size is refused");
	is_int(fileio_readlink_or_text_at(dfd, "run/fifo", link, sizeof(link)), -EINVAL,
	       "readlink_or_text: a FIFO is not opened (it would block)");
	is_int(fileio_readlink_or_text_at(dfd, "run", link, sizeof(link)), -EINVAL,
	       "readlink_or_text: a directory is not text");
	is_int(fileio_readlink_or_text_at(dfd, "run/none", link, sizeof(link)), -ENOENT,
	       "readlink_or_text: a missing entry is ENOENT");
	close(dfd);
	close(rootfd);

	char cmd[1400];
	/* Atomic replacement: the original kept aside, nothing left behind, failures harmless. */
	char target[600], keep[640], other[600];
	snprintf(target, sizeof(target), "%s/etc/hostname", root);
	snprintf(keep, sizeof(keep), "%s.orig", target);
	snprintf(other, sizeof(other), "%s/etc/new", root);
	struct fileio_atomic a;
	struct error err = {0};
	is_int(fileio_atomic_open(target, 0640, &a, &err), 0,
	       "atomic: open beside an existing file");
	put("etc/hostname.orig", "stale\n");
	is_int(fileio_atomic_commit(&a, "new\n", 4, keep, &err), 0, "atomic: commit with keep_as");
	is_int(fileio_read_at(AT_FDCWD, target, 100, &b), 0, "atomic: the new file reads");
	is_str(b.data, "new\n", "atomic: the new content is in place");
	is_int(fileio_read_at(AT_FDCWD, keep, 100, &b), 0, "atomic: keep_as reads");
	is_str(b.data, "inside\n", "atomic: keep_as holds the original, replacing a stale one");
	struct stat st;
	ok(stat(target, &st) == 0 && (st.st_mode & 0777) == 0640, "atomic: the mode asked for");
	is_int(fileio_atomic_open(other, 0600, &a, &err), 0, "atomic: open for a new file");
	fileio_atomic_abort(&a);
	ok(access(other, F_OK) < 0, "atomic: abort creates nothing");
	snprintf(cmd, sizeof(cmd), "ls -A '%s/etc' | grep -c '^\\.' >/dev/null", root);
	ok(system(cmd) != 0, "atomic: no temporary file left behind");
	is_int(fileio_atomic_open(target, 0644, &a, &err), 0, "atomic: open again");
	is_int(fileio_atomic_commit(&a, "x", 1, "/nonexistent-dir/keep", &err), -ENOENT,
	       "atomic: keep_as that cannot be made fails the commit");
	is_int(fileio_read_at(AT_FDCWD, target, 100, &b), 0, "atomic: the file still reads");
	is_str(b.data, "new\n", "atomic: ... unchanged after the failed commit");
	/* no_sync (a launch's bundle): the same replacement, only not synced */
	is_int(fileio_atomic_open(target, 0644, &a, &err), 0, "atomic, no sync: open");
	a.no_sync = true;
	is_int(fileio_atomic_commit(&a, "nosync\n", 7, keep, &err), 0, "atomic, no sync: commit");
	is_int(fileio_read_at(AT_FDCWD, target, 100, &b), 0, "atomic, no sync: the file reads");
	is_str(b.data, "nosync\n", "atomic, no sync: the new content is in place");
	is_int(fileio_read_at(AT_FDCWD, keep, 100, &b), 0, "atomic, no sync: keep_as reads");
	is_str(b.data, "new\n", "atomic, no sync: keep_as holds the file it replaced");
	ok(system(cmd) != 0, "atomic, no sync: no temporary file left behind");
	is_int(fileio_atomic_open("", 0644, &a, &err), -EINVAL, "atomic: empty path refused");
	is_int(fileio_atomic_open(root, 0644, &a, &err), -EINVAL, "atomic: a directory refused");
	/* User-named files: a FIFO is refused without blocking (no writer ever comes). */
	snprintf(p, sizeof(p), "%s/fifo", root);
	if (mkfifo(p, 0600) < 0)
		perror("mkfifo");
	is_int(fileio_open_user(p, 0, &err), -EINVAL, "user file: a FIFO is refused");
	ok(strstr(err.msg, "is a FIFO, not a regular file") != NULL, "...saying what it is");
	is_int(fileio_read_user(p, 100, &b, &err), -EINVAL, "user file: a FIFO is not read");
	is_int(fileio_open_user(root, 0, &err), -EISDIR, "user file: a directory is refused");
	int ufd = fileio_open_user(root, 1, &err);
	ok(ufd >= 0, "user file: a directory where one is allowed opens");
	if (ufd >= 0)
		close(ufd);
	snprintf(p, sizeof(p), "%s/run/plain", root);
	is_int(fileio_read_user(p, 100, &b, &err), 0, "user file: a regular file reads");
	buf_free(&b);

	/* A rootless user's files (audit/userfiles.h): beneath, no symlink, regular, owner, cap. */
	int ufdir = open(root, O_PATH | O_DIRECTORY);
	uid_t me = geteuid();
	is_int(fileio_read_owned_beneath(ufdir, "run/plain", me, 4096, &b), 0, "owned: plain file");
	is_str(b.data, "engine=\"podman\"\n", "owned: its content");
	is_int(fileio_read_owned_beneath(ufdir, "run/abs-link", me, 4096, &b), -ELOOP,
	       "owned: a symlink (even one resolving inside) is refused");
	is_int(fileio_read_owned_beneath(ufdir, "run/abs-escape", (uid_t)-1, 4096, &b), -ELOOP,
	       "owned: a symlink out is refused");
	is_int(fileio_read_owned_beneath(ufdir, "run/fifo", me, 4096, &b), -EINVAL,
	       "owned: a FIFO is refused without blocking");
	is_int(fileio_read_owned_beneath(ufdir, "run", me, 4096, &b), -EINVAL,
	       "owned: a directory is refused");
	is_int(fileio_read_owned_beneath(ufdir, "run/plain", me + 1, 4096, &b), -EPERM,
	       "owned: another owner's file is refused");
	is_int(fileio_read_owned_beneath(ufdir, "run/plain", me, 4, &b), -EFBIG,
	       "owned: a file over the cap is refused");
	is_int(fileio_read_owned_beneath(ufdir, "../x", me, 4096, &b), -EXDEV,
	       "owned: .. out of the directory is refused");
	is_int(fileio_read_owned_beneath(ufdir, "/etc/hostname", me, 4096, &b), -EXDEV,
	       "owned: an absolute path is refused");
	buf_free(&b);
	close(ufdir);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", root, secret);
	if (system(cmd) != 0)
		printf("# cleanup failed\n");
	return tap_done();
}
