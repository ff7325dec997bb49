/* What the fuzz targets share: the libFuzzer entry points, and helpers to hand an input to the
 * library's path-taking loaders, to build a fixed fact set and to fail loudly. Each target is
 * one tests/fuzz/fuzz-NAME.c; built with clang by `make fuzz` (tests/fuzz/clang.mk), or with
 * the project's compiler and tests/fuzz/replay.c into a replay binary (make check). */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts/fact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* An invariant of the code under test does not hold: report it the way a sanitizer would, so
 * that libFuzzer saves the input. */
#define FUZZ_ASSERT(cond, ...)                                                                     \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz: invariant violated: %s: ", #cond);                  \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The input as a NUL-terminated string (what the /proc parsers take); NULL on ENOMEM. */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* The input as a file for loaders that take a path: one memfd per process, rewritten for each
 * input, named through /proc/self/fd (opened anew, so at offset 0). Returns the path (static
 * storage) or NULL. */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("ctguard-fuzz", MFD_CLOEXEC);
		if (fd < 0)
			return NULL;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0)
		return NULL;
	for (size_t off = 0; off < size;) {
		ssize_t n = pwrite(fd, data + off, size - off, (off_t)off);
		if (n <= 0)
			return NULL;
		off += (size_t)n;
	}
	return path;
}

static char fuzz_scratch_path[64];

static inline int fuzz_scratch_rm(const char *path, const struct stat *st, int flag,
				  struct FTW *ftw)
{
	remove(path);
	return 0;
}

static inline void fuzz_scratch_cleanup(void)
{
	nftw(fuzz_scratch_path, fuzz_scratch_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* A scratch directory for this process, /dev/shm/ctguard-fuzz-NAME.PID, removed at exit. Returns
 * an O_PATH descriptor of it; aborts when it cannot be made. */
static inline int fuzz_scratch_dir(const char *name)
{
	snprintf(fuzz_scratch_path, sizeof(fuzz_scratch_path), "/dev/shm/ctguard-fuzz-%s.%d", name,
		 (int)getpid());
	if (mkdir(fuzz_scratch_path, 0700) < 0 && errno != EEXIST)
		abort();
	atexit(fuzz_scratch_cleanup);
	int fd = open(fuzz_scratch_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		abort();
	return fd;
}

/* Every fact known, with values that make many rules decide (variant 0: the risky ones, 1:
 * the hardened ones), or every fact unknown (variant 2). */
static inline void fuzz_facts(struct facts *f, int variant)
{
	static const char *const risky[] = {"CAP_SYS_ADMIN", "CAP_NET_RAW", "net", "/var/run"};
	static const char *const safe[] = {"CAP_CHOWN"};
	memset(f, 0, sizeof(*f));
	if (variant == 2)
		return;
	for (int id = 0; id < F__COUNT; id++) {
		switch (fact_def(id)->type) {
		case FACT_BOOL:
			facts_set_bool(f, id, variant == 0 ? id % 2 == 0 : id % 2 == 1);
			break;
		case FACT_INT:
			facts_set_int(f, id, variant == 0 ? (id % 3) - 1 : 1000 + id);
			break;
		case FACT_STRING:
			facts_set_str(f, id, variant == 0 ? "docker" : "runtime/default");
			break;
		case FACT_LIST: {
			struct strv *l = facts_list(f, id);
			const char *const *v = variant == 0 ? risky : safe;
			size_t n = variant == 0 ? 4 : 1;
			for (size_t i = 0; i < n; i++)
				strv_push(l, v[i]);
			break;
		}
		}
	}
}
