/* uid_map parsing and translation. */
#include "config.h"

#include <errno.h>

#include "kernel/idmap.h"
#include "tests/tap.h"

int main(void)
{
	struct idmap m;
	is_int(idmap_parse("         0          0 4294967295\n", &m), 0, "identity map parses");
	ok(idmap_is_identity(&m), "identity map is recognised");
	is_int(idmap_to_host(&m, 0), 0, "identity: 0 is host 0");
	is_int(idmap_to_inside(&m, 4294967294u), 4294967294LL, "identity: top id maps to itself");

	is_int(idmap_parse("0 2147483647 1024\n", &m), 0, "podman --userns=auto map parses");
	ok(!idmap_is_identity(&m), "userns map is not identity");
	is_int(idmap_to_host(&m, 0), 2147483647LL, "userns: root inside is host 2147483647");
	is_int(idmap_to_host(&m, 1000), 2147484647LL, "userns: 1000 inside");
	is_int(idmap_to_host(&m, 1024), -1, "userns: 1024 inside is unmapped");
	is_int(idmap_to_inside(&m, 0), -1, "userns: host root is not mapped inside");
	is_int(idmap_to_inside(&m, 2147483648u), 1, "userns: host 2147483648 is 1 inside");

	is_int(idmap_parse("0 1000 1\n1 100000 65536\n", &m), 0, "two-line map parses");
	is_int(m.n, 2, "two ranges");
	is_int(idmap_to_host(&m, 0), 1000, "two ranges: root is 1000");
	is_int(idmap_to_host(&m, 5), 100004, "two ranges: 5 is 100004");
	is_int(idmap_to_inside(&m, 165536), -1, "two ranges: past the end unmapped");

	is_int(idmap_parse("1 0 1\n", &m), 0, "map of host root to 1 parses");
	is_int(idmap_to_inside(&m, 0), 1, "host root mapped inside as 1");
	is_int(idmap_to_host(&m, 0), -1, "uid 0 inside unmapped");

	is_int(idmap_parse("", &m), 0, "empty map (not written yet) parses");
	is_int(m.n, 0, "empty map has no ranges");
	is_int(idmap_to_host(&m, 0), -1, "empty map: nothing mapped");

	is_int(idmap_parse("0 0\n", &m), -EINVAL, "two fields rejected");
	is_int(idmap_parse("0 0 0\n", &m), -EINVAL, "zero count rejected");
	is_int(idmap_parse("a 0 1\n", &m), -EINVAL, "letters rejected");
	is_int(idmap_parse("0 0 1 7\n", &m), -EINVAL, "four fields rejected");
	is_int(idmap_parse("4294967295 0 2\n", &m), -EINVAL, "range past 2^32 rejected");
	is_int(idmap_parse("-1 0 1\n", &m), -EINVAL, "negative rejected");
	char big[341 * 12 + 1] = "";
	for (int i = 0; i < 341; i++)
		snprintf(big + strlen(big), sizeof(big) - strlen(big), "%d %d 1\n", i, i);
	is_int(idmap_parse(big, &m), -EINVAL, "341 lines (over the kernel limit) rejected");
	return tap_done();
}
