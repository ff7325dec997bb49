/* Escaping of untrusted strings for JSON, terminals and HTML/XML. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/escape.h"

size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	uint32_t cp, min;
	if ((c & 0xe0) == 0xc0) {
		len = 2, cp = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, cp = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int escape_json(struct buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	int r = buf_reserve(out, n + 8);
	for (size_t i = 0; i < n && r >= 0;) {
		/* A run of characters that need nothing goes in one append. */
		size_t run = 0;
		while (i + run < n && s[i + run] >= 0x20 && s[i + run] < 0x7f &&
		       s[i + run] != '"' && s[i + run] != '\\')
			run++;
		if (run) {
			r = buf_append(out, s + i, run);
			i += run;
			continue;
		}
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			r = buf_append(out, e, 2);
		} else if (c == '\n') {
			r = buf_puts(out, "\\n");
		} else if (c == '\t') {
			r = buf_puts(out, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			r = buf_printf(out, "\\u%04x", c);
		} else {
			size_t l = utf8_valid_len(s + i, n - i);
			if (l == 0) {
				r = buf_puts(out, "\\ufffd");
				i++;
			} else {
				r = buf_append(out, s + i, l);
				i += l;
			}
			continue;
		}
		i++;
	}
	return r < 0 ? r : 0;
}

/* Characters that reorder or break what a terminal shows without being seen themselves:
 * bidirectional overrides and isolates ("Trojan Source", CVE-2021-42574), marks, and the
 * Unicode line and paragraph separators. */
static bool is_invisible_control(unsigned cp)
{
	return cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

int escape_term(struct buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	int r = 0;
	for (size_t i = 0; i < n && r >= 0;) {
		unsigned char c = s[i];
		if (c == '\\') {
			r = buf_puts(out, "\\\\");
		} else if (c == '\n') {
			r = buf_puts(out, "\\n");
		} else if (c == '\t') {
			r = buf_puts(out, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			r = buf_printf(out, "\\x%02x", c);
		} else if (c >= 0x80) {
			size_t l = utf8_valid_len(s + i, n - i);
			/* C1 controls (U+0080..U+009F) are encoded as 0xc2 0x80..0x9f. */
			unsigned cp = l == 3
					  ? (unsigned)(c & 0x0f) << 12 |
						(unsigned)(s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f)
					  : 0;
			if (l == 0 || (l == 2 && c == 0xc2 && s[i + 1] < 0xa0)) {
				r = buf_printf(out, "\\x%02x", c);
			} else if (is_invisible_control(cp)) {
				r = buf_printf(out, "\\u%04x", cp);
				i += l;
				continue;
			} else {
				r = buf_append(out, s + i, l);
				i += l;
				continue;
			}
		} else {
			r = buf_putc(out, (char)c);
		}
		i++;
	}
	return r;
}

int escape_html(struct buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	int r = 0;
	for (size_t i = 0; i < n && r >= 0;) {
		unsigned char c = s[i];
		switch (c) {
		case '&':
			r = buf_puts(out, "&amp;");
			break;
		case '<':
			r = buf_puts(out, "&lt;");
			break;
		case '>':
			r = buf_puts(out, "&gt;");
			break;
		case '"':
			r = buf_puts(out, "&quot;");
			break;
		case '\'':
			r = buf_puts(out, "&#39;");
			break;
		default:
			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
				r = buf_puts(out, "\xef\xbf\xbd");
			} else if (c >= 0x80) {
				size_t l = utf8_valid_len(s + i, n - i);
				unsigned cp = l == 3 ? (unsigned)(c & 0x0f) << 12 |
							   (unsigned)(s[i + 1] & 0x3f) << 6 |
							   (s[i + 2] & 0x3f)
						     : 0;
				if (l == 0) {
					r = buf_puts(out, "\xef\xbf\xbd");
				} else if (is_invisible_control(cp)) {
					/* Shown, not obeyed: a browser would reorder the text. */
					r = buf_printf(out, "\\u%04x", cp);
					i += l;
					continue;
				} else {
					r = buf_append(out, s + i, l);
					i += l;
					continue;
				}
			} else {
				r = buf_putc(out, (char)c);
			}
		}
		i++;
	}
	return r;
}
