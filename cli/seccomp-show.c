/* ctguard seccomp dump|show: a running process's filters, and what a filter decides for every
 * syscall; the options and sources (pid:N, profile, raw program) that show and diff share. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/seccomp-show.h"
#include "kernel/caps.h"
#include "lib/cleanup.h"

int cli_sc_parse_opts(const char *cmd, int argc, char **argv, struct sc_opts *o)
{
	enum { OPT_ABI = 256, OPT_INDEX, OPT_TIMEOUT, OPT_CALL };
	static const struct option lopts[] = {{"format", required_argument, NULL, 'f'},
					      {"output", required_argument, NULL, 'o'},
					      {"caps", required_argument, NULL, 'c'},
					      {"abi", required_argument, NULL, OPT_ABI},
					      {"index", required_argument, NULL, OPT_INDEX},
					      {"timeout", required_argument, NULL, OPT_TIMEOUT},
					      {"call", required_argument, NULL, OPT_CALL},
					      {"help", no_argument, NULL, 'h'},
					      {NULL, 0, NULL, 0}};
	*o = (struct sc_opts){.abi = "native"};
	opterr = 0;
	optind = 1;
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, ":f:o:c:h", lopts, NULL)) != -1) {
		if (c == 'f' && strcmp(optarg, "text") == 0) {
			o->format = FMT_TEXT;
		} else if (c == 'f' && strcmp(optarg, "json") == 0) {
			o->format = FMT_JSON;
		} else if (c == 'f') {
			return cli_usage_error("seccomp", "unknown format '%s' (text or json)",
					       optarg);
		} else if (c == 'o') {
			o->out = optarg;
		} else if (c == 'c') {
			o->caps = optarg;
		} else if (c == OPT_ABI) {
			o->abi = optarg;
		} else if (c == OPT_CALL) {
			char name[64];
			uint64_t args[6];
			if (scsource_parse_call(optarg, name, args) < 0)
				return cli_usage_error(
				    "seccomp",
				    "bad --call '%s' (NAME(A0,A1,...): up to 6 "
				    "numbers; negative ones are two's complement)",
				    optarg);
			if (o->ncalls == (int)ARRAY_SIZE(o->calls))
				return cli_usage_error("seccomp", "too many --call");
			o->calls[o->ncalls++] = optarg;
		} else if (c == OPT_INDEX || c == OPT_TIMEOUT) {
			long v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || v < 0 || v > 100000)
				return cli_usage_error("seccomp", "bad number '%s' for --%s",
						       optarg,
						       c == OPT_INDEX ? "index" : "timeout");
			*(c == OPT_INDEX ? &o->index : &o->timeout_ms) = (int)v;
		} else if (c == 'h') {
			fputs(cli_seccomp_usage, stdout);
			return -1;
		} else {
			return cli_usage_error("seccomp",
					       "%s: unknown option or missing value '%s'", cmd,
					       argv[optind - 1]);
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

static struct filterdump_options dump_opts(const struct sc_opts *o)
{
	const char *t = getenv("CTGUARD_TEST_DUMP_STOP_MS");
	return (struct filterdump_options){.timeout_ms = o->timeout_ms,
					   .test_stop_ms = t ? atoi(t) : 0};
}

static int exit_for(int r)
{
	return r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
}

/* Loads any SOURCE and decides every syscall. Returns 0 or an exit status. */
int cli_sc_load(struct scsource *s, const struct sc_opts *o)
{
	pid_t pid;
	if (strncmp(s->spec, "pid:", 4) == 0 && scsource_parse_pid(s->spec, &pid) < 0)
		return cli_usage_error("seccomp", "bad pid in '%s'", s->spec);
	struct filterdump_options fo = dump_opts(o);
	struct diag d = {0};
	struct error err = {0};
	int r = scsource_load(s, &fo, &d, &err);
	cli_print_diag(&d);
	diag_free(&d);
	if (r < 0 && err.msg[0])
		cli_error("%s", err.msg);
	return r < 0 ? exit_for(r) : 0;
}

FILE *cli_sc_open_out(const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	FILE *f = fopen(path, "we");
	if (!f)
		cli_error("cannot write '%s': %s", path, strerror(errno));
	return f;
}

int cli_sc_close_out(FILE *f)
{
	int bad = fflush(f) != 0 || ferror(f);
	if (f != stdout)
		bad |= fclose(f) != 0;
	if (bad) {
		cli_error("writing output: %s", strerror(errno));
		return EXIT_UNREADABLE;
	}
	return EXIT_OK;
}

/* ---- dump --------------------------------------------------------------------------- */

static int write_raw(const struct filterdump *d, const struct sc_opts *o)
{
	if ((size_t)o->index >= d->n) {
		cli_error("no filter %d (the process has %zu)", o->index, d->n);
		return EXIT_USAGE;
	}
	const struct bpf_prog *p = &d->progs[o->index];
	FILE *f = cli_sc_open_out(o->out);
	if (!f)
		return EXIT_UNREADABLE;
	fwrite(p->insns, sizeof(*p->insns), p->len, f);
	return cli_sc_close_out(f);
}

int cli_seccomp_dump(int argc, char **argv)
{
	struct sc_opts o;
	int r = cli_sc_parse_opts("dump", argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : r;
	pid_t pid;
	if (o.nargs != 1 || scsource_parse_pid(o.args[0], &pid) < 0)
		return cli_usage_error("seccomp", "dump takes one PID");
	struct filterdump d;
	struct filterdump_options fo = dump_opts(&o);
	struct error err = {0};
	if ((r = filterdump_read(pid, &fo, &d, &err)) < 0) {
		cli_error("%s", err.msg);
		return exit_for(r);
	}
	if (o.out && o.format == FMT_TEXT) {
		r = write_raw(&d, &o);
	} else {
		FILE *f = cli_sc_open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			if (o.format == FMT_JSON)
				screport_dump_json(f, pid, &d);
			else
				screport_dump_text(f, pid, &d);
			r = cli_sc_close_out(f);
		}
	}
	filterdump_free(&d);
	return r;
}

/* ---- show --------------------------------------------------------------------------- */

int cli_sc_parse_caps(const char *s, uint64_t *out)
{
	char bad[64];
	if (caps_parse_list(s, out, bad, sizeof(bad)) < 0)
		return cli_usage_error("seccomp", "unknown capability '%s'", bad);
	return 0;
}

static int check_abi(const struct sc_opts *o, const struct verdict *v)
{
	if (strcmp(o->abi, "native") == 0 || strcmp(o->abi, "all") == 0)
		return 0;
	for (size_t i = 0; i < v->nabi; i++)
		if (strcmp(o->abi, v->abi[i].name) == 0)
			return 0;
	return cli_usage_error("seccomp",
			       "unknown ABI '%s' (native, all, or one of this "
			       "architecture's)",
			       o->abi);
}

int cli_seccomp_show(int argc, char **argv)
{
	struct sc_opts o;
	int r = cli_sc_parse_opts("show", argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (o.nargs < 1)
		return cli_usage_error("seccomp", "show takes a SOURCE");
	for (int i = 0; i < o.ncalls; i++) {
		char name[64];
		uint64_t args[6];
		scsource_parse_call(o.calls[i], name, args);
		if (verdict_native_nr(name) < 0 && strcmp(o.abi, "native") == 0) {
			r = cli_usage_error("seccomp", "unknown syscall '%s'", name);
			break;
		}
	}
	if (r)
		return r;
	struct scsource s = {.spec = o.args[0]};
	if (o.caps && strncmp(s.spec, "pid:", 4) != 0 && (r = cli_sc_parse_caps(o.caps, &s.caps)))
		return r;
	if ((r = cli_sc_load(&s, &o)) == 0 && (r = check_abi(&o, &s.v)) == 0) {
		for (int i = 1; i < o.nargs; i++)
			if (!verdict_lookup(&s.v.abi[0], o.args[i])) {
				r = cli_usage_error("seccomp", "unknown syscall '%s'", o.args[i]);
				break;
			}
	}
	if (r == 0) {
		FILE *f = cli_sc_open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			struct screport_select sel = {.abi = o.abi,
						      .names = o.args + 1,
						      .nnames = o.nargs - 1,
						      .calls = o.calls,
						      .ncalls = o.ncalls};
			if (o.format == FMT_JSON && !o.ncalls)
				screport_show_json(f, &s, &sel);
			else
				screport_show_text(f, &s, &sel);
			r = cli_sc_close_out(f);
		}
	}
	scsource_free(&s);
	return r;
}
