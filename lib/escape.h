/* Escaping of untrusted bytes (read from /proc or from inside a container) for each output. */
#pragma once

#include <stddef.h>

#include "lib/buf.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if it is not valid UTF-8
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
size_t utf8_valid_len(const unsigned char *s, size_t n);

/* JSON string body (no quotes): ", \ and control characters escaped, invalid UTF-8 bytes
 * replaced by U+FFFD. */
int escape_json(struct buf *out, const char *s);
/* Terminal text: control characters (C0, DEL, C1), backslash and invalid UTF-8 bytes become
 * \xNN (\n, \t, \\ for the common ones), and the invisible Unicode controls that reorder or
 * break lines (bidi overrides and isolates, LRM/RLM, U+2028/U+2029) become \uNNNN, so nothing
 * read from a container can move the cursor, change colours, forge lines or reorder text. */
int escape_term(struct buf *out, const char *s);
/* HTML/XML text and attribute values: & < > " ' escaped, control characters and invalid UTF-8
 * replaced by U+FFFD, the invisible Unicode controls of escape_term shown as \uNNNN. */
int escape_html(struct buf *out, const char *s);
