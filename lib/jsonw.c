/* Streaming JSON output with escaping of untrusted strings. */
#include "config.h"

#include <inttypes.h>

#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/jsonw.h"

void jsonw_init(struct jsonw *w, FILE *f, bool pretty)
{
	*w = (struct jsonw){.f = f, .pretty = pretty};
}

/* One write per line break, not one per level: inspect writes a line per list item. */
static void indent(struct jsonw *w)
{
	static const char spaces[] =
	    "\n                                                              "
	    "  ";
	_Static_assert(sizeof(spaces) - 2 >= 2 * (JSONW_MAX_DEPTH - 1), "one indent per depth");
	if (w->pretty)
		fwrite(spaces, 1, 1 + 2 * (size_t)w->depth, w->f);
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
			fputc(',', w->f);
		w->has_items[w->depth] = true;
		indent(w);
	}
}

static void open_container(struct jsonw *w, char c)
{
	before_item(w);
	fputc(c, w->f);
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
	fputc(c, w->f);
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
	size_t n = 0;
	while (s[n] >= 0x20 && s[n] < 0x7f && s[n] != '"' && s[n] != '\\')
		n++;
	fputc('"', w->f);
	if (s[n] == '\0') {
		fwrite(s, 1, n, w->f);
	} else {
		_cleanup_buf_ struct buf b = BUF_INIT;
		if (escape_json(&b, s) == 0 && b.data)
			fwrite(b.data, 1, b.len, w->f);
	}
	fputc('"', w->f);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	before_item(w);
	put_string(w, key);
	fputs(w->pretty ? ": " : ":", w->f);
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
	fprintf(w->f, "%" PRId64, v);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	before_item(w);
	fputs(v ? "true" : "false", w->f);
}

void jsonw_double(struct jsonw *w, double v)
{
	before_item(w);
	if (v != v || v > 1e300 || v < -1e300)
		fputs("null", w->f);
	else
		fprintf(w->f, "%.6f", v);
}

void jsonw_null(struct jsonw *w)
{
	before_item(w);
	fputs("null", w->f);
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
	fputc('\n', w->f);
}
