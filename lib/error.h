/* The error object: a caller-owned message buffer that never allocates, so it is safe to fill
 * between fork and exec. Functions return 0 or a negative errno and describe it here. */
#pragma once

#include <stddef.h>

struct error {
	int code;	/* negative errno, 0 when unset */
	char msg[1024]; /* lowercase, values in single quotes */
};

/* Sets err (if not NULL) from a printf format; returns code (a negative errno) for tail calls. */
int error_set(struct error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Like error_set, and appends ": strerror(-code)". */
int error_setn(struct error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds context in front of an existing message: "reading `x`: <old message>". */
int error_prefix(struct error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
