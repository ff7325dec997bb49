/* Streaming JSON output with escaping of untrusted strings. */
#include "config.h"

#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/jsonw.h"

void jsonw_init(struct jsonw *w, FILE *f, bool pretty)
{
	w->f = f;
	w->n = 0;
	w->depth = 0;
	w->pretty = pretty;
	w->after_key = false;
	w->has_items[0] = false;
}

/* The writer's own buffer, written out when full: a document of findings is ~100 small writes
 * a finding, and stdio's per-call cost was a tenth of `ctguard audit` at 250 containers. */
void jsonw_flush(struct jsonw *w)
{
	if (w->n)
		fwrite(w->out, 1, w->n, w->f);
	w->n = 0;
}

static void put(struct jsonw *w, const char *p, size_t len)
{
	if (len > sizeof(w->out) - w->n) {
		jsonw_flush(w);
		if (len >= sizeof(w->out)) {
			fwrite(p, 1, len, w->f);
			return;
		}
	}
	memcpy(w->out + w->n, p, len);
	w->n += len;
}

static void putch(struct jsonw *w, char c)
{
	if (w->n == sizeof(w->out))
		jsonw_flush(w);
	w->out[w->n++] = c;
}

void jsonw_init_like(struct jsonw *w, FILE *f, const struct jsonw *like)
{
	jsonw_init(w, f, like->pretty);
	w->depth = like->depth;
	for (int i = 0; i <= like->depth; i++)
		w->has_items[i] = like->has_items[i];
}

void jsonw_raw_items(struct jsonw *w, const char *p, size_t n)
{
	assert(!w->after_key); /* items, not a key's value */
	if (!n)
		return;
	put(w, p, n);
	w->has_items[w->depth] = true;
}

/* One write per line break, not one per level: inspect writes a line per list item. */
static void indent(struct jsonw *w)
{
	static const char spaces[] =
	    "\n                                                              "
	    "  ";
	_Static_assert(sizeof(spaces) - 2 >= 2 * (JSONW_MAX_DEPTH - 1), "one indent per depth");
	if (w->pretty)
		put(w, spaces, 1 + 2 * (size_t)w->depth);
}

/* Separator and indentation before a value or a key. */
static void before_item(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->has_items[w->depth])
			putch(w, ',');
		w->has_items[w->depth] = true;
		indent(w);
	}
}

static void open_container(struct jsonw *w, char c)
{
	before_item(w);
	putch(w, c);
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->has_items[w->depth] = false;
}

static void close_container(struct jsonw *w, char c)
{
	bool had = w->has_items[w->depth];
	if (w->depth > 0)
		w->depth--;
	if (had)
		indent(w);
	putch(w, c);
}

void jsonw_obj_open(struct jsonw *w)
{
	open_container(w, '{');
}

void jsonw_obj_close(struct jsonw *w)
{
	close_container(w, '}');
}

void jsonw_arr_open(struct jsonw *w)
{
	open_container(w, '[');
}

void jsonw_arr_close(struct jsonw *w)
{
	close_container(w, ']');
}

static void put_string(struct jsonw *w, const char *s)
{
	s = s ? s : "";
	/* Most strings (fact names, ids, capability names) need no escaping: write them as they
	 * are instead of through a buffer (half of inspect's instructions went there). */
	/* printable ASCII but '"' (0x22) and '\\' (0x5c) */
	static const bool plain[256] = {
	    [0x20 ... 0x21] = true, [0x23 ... 0x5b] = true, [0x5d ... 0x7e] = true};
	size_t n = 0;
	while (plain[(unsigned char)s[n]])
		n++;
	putch(w, '"');
	if (s[n] == '\0') {
		put(w, s, n);
	} else {
		_cleanup_buf_ struct buf b = BUF_INIT;
		if (escape_json(&b, s) == 0 && b.data)
			put(w, b.data, b.len);
	}
	putch(w, '"');
}

void jsonw_key(struct jsonw *w, const char *key)
{
	before_item(w);
	put_string(w, key);
	put(w, ": ", w->pretty ? 2 : 1);
	w->after_key = true;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	before_item(w);
	put_string(w, s);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	before_item(w);
	char t[24], *p = t + sizeof(t);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(t + sizeof(t) - p));
}

void jsonw_bool(struct jsonw *w, bool v)
{
	before_item(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_double(struct jsonw *w, double v)
{
	before_item(w);
	char t[320];
	int len = v != v || v > 1e300 || v < -1e300 ? snprintf(t, sizeof(t), "null")
						    : snprintf(t, sizeof(t), "%.6f", v);
	put(w, t, (size_t)len < sizeof(t) ? (size_t)len : sizeof(t) - 1);
}

void jsonw_null(struct jsonw *w)
{
	before_item(w);
	put(w, "null", 4);
}

void jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void jsonw_kbool(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}

void jsonw_end(struct jsonw *w)
{
	putch(w, '\n');
	jsonw_flush(w);
}
