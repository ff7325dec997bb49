/* Diagnostics of user input: every error of a file is collected, each as
 * "file:line:column: message" (positions one-based), so a user fixes them all in one pass. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "lib/strv.h"

#define DIAG_MAX 200 /* past this many, one last line says how many more there were */

struct diag {
	struct strv msgs;
	size_t dropped;
};

/* line and column are one-based; 0 omits them. */
void diag_add(struct diag *d, const char *file, size_t line, size_t column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
bool diag_any(const struct diag *d);
void diag_free(struct diag *d);
