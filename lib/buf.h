/* A growable byte buffer, always NUL-terminated. The owner frees data with buf_free. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

int buf_reserve(struct buf *b, size_t extra);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(struct buf *b);
void buf_free(struct buf *b);
/* Hands the data to the caller (never NULL on success: an empty string). */
char *buf_steal(struct buf *b);

static inline void buf_freep(struct buf *b)
{
	buf_free(b);
}
#define _cleanup_buf_ __attribute__((cleanup(buf_freep)))

/* How many bytes of JSON white space (space, tab, CR, LF) s starts with; s holds len bytes and
 * need not be NUL-terminated (a parser's input). */
size_t buf_span_ws(const char *s, size_t len);
