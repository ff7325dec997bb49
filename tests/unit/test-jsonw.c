/* The streaming JSON writer produces exact, valid documents; json_print prints a json-c tree as
 * json-c reads it back. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/escape.h"
#include "lib/jsondoc.h"
#include "lib/jsonw.h"
#include "tests/tap.h"

/* json_print(text parsed) is text itself, and reads back as the same tree. */
static void print_same(const char *text, const char *name)
{
	json_object *o = json_tokener_parse(text);
	struct buf b = BUF_INIT;
	ok(o && json_print(o, &b) == 0, "%s: printed", name);
	is_str(b.data ? b.data : "", text, name);
	json_object *back = b.data ? json_tokener_parse(b.data) : NULL;
	ok(back && json_object_equal(o, back), "%s: reads back as the same tree", name);
	json_object_put(back);
	json_object_put(o);
	buf_free(&b);
}

static void test_json_print(void)
{
	print_same("{\"a\":[1,-1,0,true,false,null,{},[]],\"b\":{\"c\":\"d/e\"}}", "every kind");
	print_same("[18446744073709551615,9223372036854775807,-9223372036854775808,"
		   "9223372036854775808]",
		   "64-bit integers, unsigned beyond INT64_MAX");
	print_same("[1.5,1e3,-0.25,1.0]", "fractions as written");
	print_same("[\"q\\\"b\\\\n\\nt\\t\\u0001\\u001f\\u007f\",\"\xc3\xa9\xe2\x82\xac\"]",
		   "escapes, UTF-8 as it is");
	print_same("{\"k\\\"\\n\":1}", "a key escaped");
	/* json-c keeps what escapes decode to; the printed text says the same */
	json_object *o = json_object_new_array();
	json_object_array_add(o, json_object_new_string("a\x01\xff\xc3("));
	struct buf b = BUF_INIT;
	ok(json_print(o, &b) == 0, "bytes that are not UTF-8: printed");
	is_str(b.data, "[\"a\\u0001\\ufffd\\ufffd(\"]", "...as U+FFFD, what Go reads");
	buf_free(&b);
	json_object_put(o);
	o = json_object_new_string_len("a\0b", 3);
	is_int(json_print(o, &b), -EINVAL, "a NUL inside a string is refused");
	buf_free(&b);
	json_object_put(o);
	o = json_object_new_array();
	json_object *in = o;
	for (int i = 0; i < 70; i++) {
		json_object *n = json_object_new_array();
		json_object_array_add(in, n);
		in = n;
	}
	is_int(json_print(o, &b), -EINVAL, "nesting deeper than 64 is refused");
	buf_free(&b);
	json_object_put(o);
}

int main(void)
{
	test_json_print();
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_key(&w, "s");
	jsonw_str(&w, "a\"\x01");
	jsonw_key(&w, "n");
	jsonw_int(&w, -1);
	jsonw_key(&w, "l");
	jsonw_arr_open(&w);
	jsonw_bool(&w, true);
	jsonw_null(&w);
	jsonw_arr_open(&w);
	jsonw_arr_close(&w);
	jsonw_arr_close(&w);
	jsonw_key(&w, "o");
	jsonw_obj_open(&w);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
	jsonw_flush(&w);
	fclose(f);
	is_str(out, "{\"s\":\"a\\\"\\u0001\",\"n\":-1,\"l\":[true,null,[]],\"o\":{}}",
	       "compact document");
	free(out);

	f = open_memstream(&out, &len);
	jsonw_init(&w, f, true);
	jsonw_obj_open(&w);
	jsonw_key(&w, "a");
	jsonw_arr_open(&w);
	jsonw_int(&w, 1);
	jsonw_int(&w, 2);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_end(&w);
	fclose(f);
	is_str(out, "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n", "pretty document");
	free(out);

	/* Larger than the writer's buffer, in small pieces and in one piece larger than it: every
	 * byte once, in order (the buffer is written out when full, and by jsonw_end). */
	static char big[3 * JSONW_BUF + 7];
	memset(big, 'x', sizeof(big) - 1);
	f = open_memstream(&out, &len);
	jsonw_init(&w, f, false);
	jsonw_arr_open(&w);
	for (int i = 0; i < 3000; i++)
		jsonw_int(&w, i);
	jsonw_str(&w, big);
	jsonw_str(&w, "\n");
	jsonw_arr_close(&w);
	jsonw_end(&w);
	fclose(f);
	struct buf want = BUF_INIT;
	buf_puts(&want, "[");
	for (int i = 0; i < 3000; i++)
		buf_printf(&want, "%d,", i);
	buf_printf(&want, "\"%s\",\"\\n\"]\n", big);
	ok(len == want.len && memcmp(out, want.data, len) == 0,
	   "a document of %zu bytes, over three buffers: every byte, in order", want.len);
	buf_free(&want);
	free(out);
	/* Integers as printf writes them, at the edges of the range. */
	f = open_memstream(&out, &len);
	jsonw_init(&w, f, false);
	jsonw_arr_open(&w);
	jsonw_int(&w, 0);
	jsonw_int(&w, -7);
	jsonw_int(&w, INT64_MIN);
	jsonw_int(&w, INT64_MAX);
	jsonw_arr_close(&w);
	jsonw_flush(&w);
	fclose(f);
	is_str(out, "[0,-7,-9223372036854775808,9223372036854775807]",
	       "integers, INT64_MIN included");
	free(out);

	/* Every byte value, between plain characters: the writer's fast path and escape_json (the
	 * one escaper of untrusted strings) agree byte for byte. */
	size_t bad = 0;
	for (int c = 1; c < 256; c++) {
		char in[4] = {'a', (char)c, 'z', '\0'};
		f = open_memstream(&out, &len);
		jsonw_init(&w, f, false);
		jsonw_str(&w, in);
		jsonw_flush(&w);
		fclose(f);
		struct buf e = BUF_INIT;
		buf_putc(&e, '"');
		escape_json(&e, in);
		buf_putc(&e, '"');
		if (len != e.len || memcmp(out, e.data, len) != 0) {
			printf("# byte 0x%02x: got %s, want %s\n", c, out, e.data);
			bad++;
		}
		buf_free(&e);
		free(out);
	}
	is_int((int)bad, 0, "each byte 0x01-0xff is written as escape_json escapes it");
	return tap_done();
}
