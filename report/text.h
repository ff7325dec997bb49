/* Shared helpers of the text writers: output for people fits a 100-column terminal. */
#pragma once

#include <stddef.h>
#include <stdio.h>

#define TEXT_WIDTH 100

/* Prints s word by word, wrapping before width; continuation lines start at column col (the
 * caller has already printed col columns on the first line). Ends with a newline. */
void text_wrap(FILE *out, const char *s, size_t col, size_t width);
