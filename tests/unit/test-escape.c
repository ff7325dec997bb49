/* Escaping of hostile strings for JSON, terminals and HTML. */
#include "config.h"

#include "lib/buf.h"
#include "lib/escape.h"
#include "tests/tap.h"

static char *esc(int (*fn)(struct buf *, const char *), const char *s)
{
	struct buf b = BUF_INIT;
	fn(&b, s);
	return buf_steal(&b);
}

#define CHECK(fn, in, want, name)                                                                  \
	do {                                                                                       \
		char *g = esc(fn, in);                                                             \
		is_str(g, want, name);                                                             \
		free(g);                                                                           \
	} while (0)

int main(void)
{
	CHECK(escape_json, "plain", "plain", "json: plain");
	CHECK(escape_json, "a\"b\\c", "a\\\"b\\\\c", "json: quote and backslash");
	CHECK(escape_json, "l1\nl2\tx", "l1\\nl2\\tx", "json: newline and tab");
	CHECK(escape_json, "\x1b[31mred", "\\u001b[31mred", "json: ESC");
	CHECK(escape_json, "\x7f", "\\u007f", "json: DEL");
	CHECK(escape_json, "caf\xc3\xa9", "caf\xc3\xa9", "json: valid UTF-8 kept");
	CHECK(escape_json, "bad\xff", "bad\\ufffd", "json: invalid byte replaced");
	CHECK(escape_json, "\xc0\xaf", "\\ufffd\\ufffd", "json: overlong encoding replaced");
	CHECK(escape_json, "\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd", "json: surrogate replaced");
	CHECK(escape_json, "\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd",
	      "json: above U+10FFFF");
	CHECK(escape_json, "\xe2\x82", "\\ufffd\\ufffd", "json: truncated sequence");

	CHECK(escape_term, "web-1", "web-1", "term: plain");
	CHECK(escape_term, "\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07", "term: OSC title sequence");
	CHECK(escape_term, "a\rb", "a\\x0db", "term: carriage return");
	CHECK(escape_term, "x\ny", "x\\ny", "term: newline cannot forge a line");
	CHECK(escape_term,
	      "\xc2\x9b"
	      "31m",
	      "\\xc2\\x9b31m", "term: C1 CSI");
	CHECK(escape_term, "\xe2\x9c\x93", "\xe2\x9c\x93", "term: valid UTF-8 kept");
	CHECK(escape_term, "\xff", "\\xff", "term: invalid byte");
	CHECK(escape_term, "a\\b", "a\\\\b", "term: backslash doubled");
	CHECK(escape_term, "evil\xe2\x80\xaegpj.exe", "evil\\u202egpj.exe",
	      "term: right-to-left override shown, not obeyed");
	CHECK(escape_term,
	      "a\xe2\x81\xa6"
	      "b\xe2\x81\xa9",
	      "a\\u2066b\\u2069", "term: bidi isolates");
	CHECK(escape_term, "x\xe2\x80\xa8y", "x\\u2028y",
	      "term: line separator cannot forge a line");
	CHECK(escape_term, "\xe2\x80\x8f", "\\u200f", "term: right-to-left mark");
	CHECK(escape_term, "\xe2\x80\x94", "\xe2\x80\x94", "term: an em dash is kept");
	CHECK(escape_html, "evil\xe2\x80\xaegpj.exe", "evil\\u202egpj.exe",
	      "html: right-to-left override shown, not obeyed");

	CHECK(escape_html, "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;",
	      "html: tag");
	CHECK(escape_html, "a&b\"c'd", "a&amp;b&quot;c&#39;d", "html: entities");
	CHECK(escape_html, "\x01", "\xef\xbf\xbd", "html: control replaced");
	return tap_done();
}
