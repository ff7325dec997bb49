/* A main for the fuzz targets without libFuzzer: runs each file given (or each file of each
 * directory given, in name order) through LLVMFuzzerTestOneInput once. Built with the project's
 * compiler and sanitizers by make check (tests/fuzz/replay.sh), so the seed corpora and every
 * crash reproducer kept in them are regression tests. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/fileio.h"
#include "tests/fuzz/fuzz.h"

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int replay_file(const char *path)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fileio_read_at(AT_FDCWD, path, 64u << 20, &b);
	if (r < 0) {
		fprintf(stderr, "replay: reading '%s': %s\n", path, strerror(-r));
		return -1;
	}
	/* An exact-size copy, as libFuzzer passes it: no NUL after the data, so a parser that
	 * reads past its length trips the sanitizers here too. */
	uint8_t *exact = malloc(b.len ? b.len : 1);
	if (!exact) {
		fprintf(stderr, "replay: out of memory\n");
		return -1;
	}
	if (b.len)
		memcpy(exact, b.data, b.len);
	LLVMFuzzerTestOneInput(exact, b.len);
	free(exact);
	return 0;
}

static int replay_dir(const char *dir, size_t *count)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: listing '%s': %m\n", dir);
		return -1;
	}
	int r = 0;
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(path) < 0)
				r = -1;
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return r;
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	size_t count = 0;
	int r = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) < 0)
				r = 1;
		} else {
			if (replay_file(argv[i]) < 0)
				r = 1;
			count++;
		}
	}
	printf("replayed %zu inputs\n", count);
	return r;
}
