/* The streaming JSON writer produces exact, valid documents. */
#include "config.h"

#include "lib/jsonw.h"
#include "tests/tap.h"

int main(void)
{
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
	return tap_done();
}
