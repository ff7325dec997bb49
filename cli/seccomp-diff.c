/* ctguard seccomp diff: the syscalls on which two filters decide differently, found by
 * emulation (seccomp/vdiff.c), each with a call that shows it. */
#include "config.h"

#include <string.h>

#include "cli/cli.h"
#include "cli/seccomp-show.h"
#include "seccomp/vdiff.h"

/* diff: no input found that tells them apart, but not proven equal either. */
#define EXIT_UNPROVEN 4

/* --caps pid: the bounding set of the pid:N source, which is what runtimes decide their
 * profiles' caps-conditional rules with. */
static int caps_of_pid(const struct sc_opts *o, uint64_t *caps)
{
	for (int i = 0; i < 2; i++) {
		pid_t pid;
		if (scsource_parse_pid(o->args[i], &pid) < 0 || strncmp(o->args[i], "pid:", 4) != 0)
			continue;
		struct error err = {0};
		if (scsource_pid_bounding(pid, caps, &err) < 0) {
			cli_error("%s", err.msg);
			return EXIT_UNREADABLE;
		}
		return 0;
	}
	return cli_usage_error("seccomp", "--caps pid needs a pid:N source");
}

int cli_seccomp_diff(int argc, char **argv)
{
	struct sc_opts o;
	int r = cli_sc_parse_opts("diff", argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (o.nargs != 2)
		return cli_usage_error("seccomp", "diff takes two SOURCEs");
	if (strcmp(o.abi, "native") != 0 && strcmp(o.abi, "all") != 0)
		return cli_usage_error("seccomp", "diff compares --abi native or all");
	uint64_t caps = 0;
	if (o.caps && strcmp(o.caps, "pid") == 0)
		r = caps_of_pid(&o, &caps);
	else if (o.caps)
		r = cli_sc_parse_caps(o.caps, &caps);
	if (r)
		return r;
	struct scsource a = {.spec = o.args[0], .caps = caps},
			b = {.spec = o.args[1], .caps = caps};
	struct vdiff d = {0};
	if ((r = cli_sc_load(&a, &o)) == 0 && (r = cli_sc_load(&b, &o)) == 0) {
		size_t nabi = strcmp(o.abi, "all") == 0 ? a.v.nabi : 1;
		if (vdiff_compute(a.d.progs, a.d.n, &a.v, b.d.progs, b.d.n, &b.v, nabi, &d) < 0) {
			cli_error("out of memory");
			r = EXIT_UNREADABLE;
		}
	}
	if (r == 0) {
		FILE *f = cli_sc_open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			if (o.format == FMT_JSON)
				screport_diff_json(f, &a, &b, &d);
			else
				screport_diff_text(f, &a, &b, &d);
			r = cli_sc_close_out(f);
			if (r == 0 && (d.syscalls || d.numbers))
				r = EXIT_FINDINGS;
			else if (r == 0 && d.unproven)
				r = EXIT_UNPROVEN;
		}
	}
	vdiff_free(&d);
	scsource_free(&a);
	scsource_free(&b);
	return r;
}
