/* x32-call: makes one getpid call through the x32 ABI (the native x86_64 number with bit 30
 * set) and prints its errno name, or OK. Seccomp sees the call before the kernel decides
 * whether it has x32 at all, so this probes how a filter treats another ABI even where x32 is
 * not built in (then the call answers ENOSYS without a filter). Exit 77 elsewhere than x86_64. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
#if defined(__x86_64__)
	long r = syscall(0x40000000L | SYS_getpid);
	const char *name = strerrorname_np(errno);
	printf("%s\n", r >= 0 ? "OK" : name ? name : "?");
	return 0;
#else
	puts("not x86_64");
	return 77;
#endif
}
