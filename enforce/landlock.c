/* Landlock rulesets, through the raw system calls (glibc has no wrappers). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/landlock.h>

#include "enforce/landlock.h"

#define FS_READ                                                                                    \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
/* Rights that apply to a file (not a directory); the kernel refuses the others on a file. */
#define FS_FILE_RIGHTS                                                                             \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |                              \
	 LANDLOCK_ACCESS_FS_READ_FILE | (1ULL << 14) | (1ULL << 15)) /* TRUNCATE, IOCTL_DEV */

int landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	return v < 0 ? -errno : (int)v;
}

/* Every file-system right of an ABI: v1 has 13, v2 adds REFER, v3 TRUNCATE, v5 IOCTL_DEV. */
static uint64_t handled_fs(int abi)
{
	uint64_t all = (1ULL << 13) - 1;
	if (abi >= 2)
		all |= 1ULL << 13;
	if (abi >= 3)
		all |= 1ULL << 14;
	if (abi >= 5)
		all |= 1ULL << 15;
	return all;
}

static int add_paths(int rfd, const struct strv *paths, uint64_t rights, struct error *err)
{
	for (size_t i = 0; paths && i < paths->n; i++) {
		int fd = open(paths->v[i], O_PATH | O_CLOEXEC);
		if (fd < 0)
			return error_setn(err, -errno, "path '%s'", paths->v[i]);
		struct stat st;
		uint64_t r = rights;
		if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
			r &= FS_FILE_RIGHTS;
		struct landlock_path_beneath_attr pb = {.allowed_access = r, .parent_fd = fd};
		long ret = syscall(SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
		int e = errno;
		close(fd);
		if (ret < 0)
			return error_setn(err, -e, "adding a rule for '%s'", paths->v[i]);
	}
	return 0;
}

int landlock_apply(int abi, const struct strv *read, const struct strv *write, struct error *err)
{
	uint64_t all = handled_fs(abi);
	struct landlock_ruleset_attr attr = {.handled_access_fs = all};
	int rfd = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (rfd < 0)
		return error_setn(err, -errno, "landlock_create_ruleset");
	int r = add_paths(rfd, read, FS_READ & all, err);
	if (r == 0)
		r = add_paths(rfd, write, all, err);
	if (r == 0 && syscall(SYS_landlock_restrict_self, rfd, 0) < 0)
		r = error_setn(err, -errno, "landlock_restrict_self");
	close(rfd);
	return r;
}
