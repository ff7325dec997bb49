/* /proc/<pid>/limits parsing. */
#include "config.h"

#include <errno.h>

#include "kernel/limits.h"
#include "tests/tap.h"

int main(void)
{
	char *text = tap_data("limits-podman.txt");
	struct proc_limits l;
	is_int(limits_parse(text, &l), 0, "podman limits parse");
	is_int(l.nofile, 1024, "nofile soft 1024");
	is_int(l.nproc, 1024, "nproc soft 1024");
	is_int(l.core, 0, "core 0");
	free(text);
	const char *t2 =
	    "Limit                     Soft Limit           Hard Limit           Units\n"
	    "Max core file size        unlimited            unlimited            bytes\n";
	is_int(limits_parse(t2, &l), 0, "partial limits parse");
	is_int(l.core, -1, "unlimited is -1");
	is_int(l.nofile, -2, "absent is -2");
	is_int(limits_parse("garbage", &l), -EINVAL, "no header rejected");
	return tap_done();
}
