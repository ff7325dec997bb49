/* try-syscall: calls syscalls with harmless bad arguments and prints the errno each returned,
 * optionally under a raw BPF filter it loads itself, so tests can probe a compiled profile
 * without `ctguard run` (after bubblewrap's tests). Allowed calls fail with EBADF, EFAULT or
 * EINVAL (or succeed harmlessly: "OK"); filtered ones answer EPERM, ENOSYS or what the profile
 * says.
 *   try-syscall [--load FILE.bpf] NAME...
 *   try-syscall --load FILE.bpf --exec CMD [ARG...]
 *   try-syscall --list
 * NAME is a probe of --list, or NR[,A0[,A1...]]: syscall number NR with those arguments
 * (numbers in C notation; missing ones 0), for syscalls and inputs the table lacks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_fchmodat2
#if defined(__x86_64__) || defined(__aarch64__)
#define __NR_fchmodat2 452
#endif
#endif

#define BAD ((void *)1) /* a pointer the kernel refuses with EFAULT */

static long try_clone_newuser(void)
{
	/* CLONE_NEWUSER with CLONE_FS is refused by the kernel: no process is ever created. */
	return syscall(SYS_clone, CLONE_NEWUSER | CLONE_FS, NULL, NULL, NULL, 0);
}

static long try_clone_plain(void)
{
	/* CLONE_THREAD without CLONE_SIGHAND: EINVAL before anything is created. */
	return syscall(SYS_clone, CLONE_THREAD, NULL, NULL, NULL, 0);
}

static const struct probe {
	const char *name;
	long (*fn)(void);
	long nr;
	long a[6];
} probes[] = {
    {"getpid", NULL, SYS_getpid, {0}},
    {"read", NULL, SYS_read, {-1, 0, 0}},
    {"ioctl", NULL, SYS_ioctl, {-1, 0, 0}},
    {"unshare", NULL, SYS_unshare, {CLONE_NEWUSER | 1}}, /* bit 0 is invalid: EINVAL */
    {"unshare-plain", NULL, SYS_unshare, {CLONE_FILES | 1}},
    {"mount", NULL, SYS_mount, {(long)BAD, (long)BAD, (long)BAD, 0, 0}},
    {"umount2", NULL, SYS_umount2, {(long)BAD, 0}},
    {"pivot_root", NULL, SYS_pivot_root, {(long)BAD, (long)BAD}},
    {"keyctl", NULL, SYS_keyctl, {-1, 0, 0, 0, 0}},
    {"add_key", NULL, SYS_add_key, {(long)BAD, (long)BAD, 0, 0, 0}},
    {"request_key", NULL, SYS_request_key, {(long)BAD, (long)BAD, 0, 0}},
    {"bpf", NULL, SYS_bpf, {-1, 0, 0}},
    {"kexec_load", NULL, SYS_kexec_load, {0, 0, 0, -1}},
    {"kexec_file_load", NULL, SYS_kexec_file_load, {-1, -1, 0, 0, -1}},
    {"init_module", NULL, SYS_init_module, {(long)BAD, 0, (long)BAD}},
    {"finit_module", NULL, SYS_finit_module, {-1, 0, -1}},
    {"delete_module", NULL, SYS_delete_module, {(long)BAD, -1}},
    {"ptrace", NULL, SYS_ptrace, {-1, 0, 0, 0}},
    {"perf_event_open", NULL, SYS_perf_event_open, {(long)BAD, 0, -1, -1, 0}},
    {"userfaultfd", NULL, SYS_userfaultfd, {-1}},
    {"open_by_handle_at", NULL, SYS_open_by_handle_at, {-1, (long)BAD, 0}},
    {"setns", NULL, SYS_setns, {-1, 0}},
    {"chroot", NULL, SYS_chroot, {(long)BAD}},
    {"clone-newuser", try_clone_newuser, 0, {0}},
    {"clone-plain", try_clone_plain, 0, {0}},
    {"clone3", NULL, SYS_clone3, {0, 0}},
    {"socket-vsock", NULL, SYS_socket, {40, -1, 0}},
    {"socket-alg", NULL, SYS_socket, {38, -1, 0}},
    {"socket-inet", NULL, SYS_socket, {AF_INET, -1, 0}},
    {"socket-unix", NULL, SYS_socket, {AF_UNIX, -1, 0}},
    {"personality-0", NULL, SYS_personality, {0}},
    {"personality-query", NULL, SYS_personality, {0xffffffff}},
    {"personality-0x0040", NULL, SYS_personality, {0x0040}},
    {"io_uring_setup", NULL, SYS_io_uring_setup, {0, (long)BAD}},
#ifdef __NR_fchmodat2
    {"fchmodat2", NULL, __NR_fchmodat2, {-1, (long)BAD, 0, -1}},
#endif
};

static int load(const char *path)
{
	static struct sock_filter insns[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "try-syscall: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ssize_t n = read(fd, insns, sizeof(insns));
	close(fd);
	if (n <= 0 || n % sizeof(insns[0])) {
		fprintf(stderr, "try-syscall: %s: not a BPF program\n", path);
		return -1;
	}
	struct sock_fprog prog = {.len = (unsigned short)(n / sizeof(insns[0])), .filter = insns};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
		fprintf(stderr, "try-syscall: loading %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* "NR,A0,A1,...": the raw call. Returns 1 when name is not of that form. */
static int probe_raw(const char *name)
{
	long a[7] = {0};
	const char *p = name;
	for (int k = 0; k < 7; k++) {
		char *end;
		errno = 0;
		a[k] = (long)strtoull(p, &end, 0);
		if (errno || end == p || (*end && *end != ','))
			return 1;
		if (!*end)
			break;
		if (k == 6)
			return 1;
		p = end + 1;
	}
	errno = 0;
	long r = syscall(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
	const char *e = r >= 0 ? "OK" : strerrorname_np(errno);
	printf("%s %s\n", name, e ? e : "?");
	return 0;
}

static int probe(const char *name)
{
	if (name[0] >= '0' && name[0] <= '9' && probe_raw(name) == 0)
		return 0;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		const struct probe *p = &probes[i];
		if (strcmp(p->name, name) != 0)
			continue;
		errno = 0;
		long r = p->fn
			     ? p->fn()
			     : syscall(p->nr, p->a[0], p->a[1], p->a[2], p->a[3], p->a[4], p->a[5]);
		const char *e = r >= 0 ? "OK" : strerrorname_np(errno);
		printf("%s %s\n", name, e ? e : "?");
		return 0;
	}
	fprintf(stderr, "try-syscall: unknown probe '%s' (see --list)\n", name);
	return 2;
}

int main(int argc, char **argv)
{
	int i = 1;
	if (i < argc && strcmp(argv[i], "--list") == 0) {
		for (size_t k = 0; k < sizeof(probes) / sizeof(probes[0]); k++)
			puts(probes[k].name);
		return 0;
	}
	if (i + 1 < argc && strcmp(argv[i], "--load") == 0) {
		if (load(argv[i + 1]) < 0)
			return 125;
		i += 2;
	}
	if (i < argc && strcmp(argv[i], "--exec") == 0) {
		if (i + 1 >= argc)
			return 125;
		execvp(argv[i + 1], argv + i + 1);
		fprintf(stderr, "try-syscall: %s: %s\n", argv[i + 1], strerror(errno));
		return errno == ENOENT ? 127 : 126;
	}
	int rc = 0;
	for (; i < argc; i++)
		rc |= probe(argv[i]);
	fflush(stdout);
	return rc;
}
