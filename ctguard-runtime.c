/* main() of ctguard-runtime, the OCI wrapper runtime in front of runc: a program of its own so
 * that it links only the gate (cli/ociruntime.c and the library objects it needs, no libcurl or
 * libmicrohttpd) and, where the libraries' .a files exist, as a static-pie binary: it runs on
 * every container start (bench/README.md). `ctguard oci runtime` is the same code in ctguard. */
#include "config.h"

#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/cli.h"

/* What a launch's gate allocates (json-c's config, the profiles, the printed copy: the heap
 * peaks at 270-280 KiB for podman's default config and for bench/oci-runtime's bundle): the heap
 * is grown to this size at once and its pages are mapped in one madvise instead of by ~70 page
 * faults, each one costly in a virtual machine (bench/README.md). Larger launches grow it
 * further as before; pages populated and never used cost their zeroing and unmapping. */
#define RT_HEAP (320 * 1024)

static void heap_prefault(void)
{
	/* served from the heap and kept there when freed, not returned at once */
	mallopt(M_MMAP_THRESHOLD, 2 * RT_HEAP);
	mallopt(M_TRIM_THRESHOLD, 2 * RT_HEAP);
	char *first = malloc(1), *big = malloc(RT_HEAP), *top = sbrk(0);
	/* only when both blocks came from the brk heap (not under a sanitizer's allocator) */
	if (first && big && top != (char *)-1 && top > big && big > first &&
	    (size_t)(top - first) < 4 * RT_HEAP) {
		uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
		char *from = (char *)((uintptr_t)first & ~(pg - 1));
		/* Linux 5.14 and later; before, the pages fault in one by one as they did */
		madvise(from, (size_t)(top - from), MADV_POPULATE_WRITE);
	}
	free(big);
	free(first);
}

int main(int argc, char **argv)
{
	heap_prefault();
	return cli_oci_runtime(argc, argv);
}
