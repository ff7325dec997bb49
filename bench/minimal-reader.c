/* The baseline of bench/inspect-scale: the least a /proc container auditor must read.
 * For every pid under /proc: status, uid_map and cgroup (open + read + close each) and the
 * eight namespace links (readlinkat). Nothing is parsed, grouped or printed; the number of
 * pids read goes to stderr with -v. Compiled by bench/inspect-scale with `cc -O2`. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[1 << 16];

static void slurp(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

int main(int argc, char **argv)
{
	static const char *const ns[] = {"ns/cgroup", "ns/ipc",	 "ns/mnt",  "ns/net",
					 "ns/pid",    "ns/time", "ns/user", "ns/uts"};
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = procfd < 0 ? NULL : fdopendir(procfd);
	if (!d) {
		perror("/proc");
		return 1;
	}
	unsigned long n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		int fd = openat(procfd, de->d_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		slurp(fd, "status");
		slurp(fd, "uid_map");
		slurp(fd, "cgroup");
		char link[64];
		for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
			if (readlinkat(fd, ns[i], link, sizeof(link)) < 0)
				continue;
		close(fd);
		n++;
	}
	closedir(d);
	if (argc > 1 && strcmp(argv[1], "-v") == 0)
		fprintf(stderr, "%lu pids\n", n);
	return 0;
}
