/* A small TAP producer for the unit tests. A skip becomes a failure when
 * CTGUARD_TESTS_MUST_RUN=1 (set by CI), so a missing dependency cannot hide. */
#pragma once

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __VA_ARGS__)

#define is_int(got, want, name)                                                                    \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		if (!tap_ok(g_ == w_, "%s", name))                                                 \
			printf("#   got %lld, want %lld\n", g_, w_);                               \
	} while (0)

#define is_str(got, want, name)                                                                    \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		if (!tap_ok(g_ && w_ && strcmp(g_, w_) == 0, "%s", name))                          \
			printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)",                    \
			       w_ ? w_ : "(null)");                                                \
	} while (0)

static inline void tap_skip(const char *why)
{
	const char *must = getenv("CTGUARD_TESTS_MUST_RUN");
	if (must && strcmp(must, "1") == 0) {
		tap_ok(false, "must run but would skip: %s", why);
		return;
	}
	printf("ok %d # SKIP %s\n", ++tap_n, why);
}

/* Reads tests/data/unit/NAME (found through $top_srcdir) into a new string; aborts if missing:
 * a missing input is a broken test, not a skip. */
static inline char *tap_data(const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	snprintf(path, sizeof(path), "%s/tests/data/unit/%s", top ? top : ".", name);
	FILE *f = fopen(path, "re");
	if (!f) {
		printf("Bail out! cannot open test input %s\n", path);
		exit(1);
	}
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	buf[len] = '\0';
	return buf;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
