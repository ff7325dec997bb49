/* ctguard inspect: the effective state of every container, from /proc. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/host.h"
#include "cli/cli.h"
#include "report/inspect.h"

const char cli_inspect_usage[] =
    "Usage: ctguard inspect [OPTION...] [NAME|ID-PREFIX|RUNTIME...]\n"
    "Shows the effective security state of every container on this host, read from /proc:\n"
    "namespaces shared with the host, capabilities, user mappings, seccomp, no_new_privs,\n"
    "LSM labels, mounts, cgroup limits. Arguments keep only the containers whose name,\n"
    "runtime or id prefix matches.\n\n"
    "  -f, --format FORMAT   text (default) or json (schema ctguard.inspect/v1)\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "      --self            describe the process ctguard runs in (am I contained?)\n"
    "      --host            describe the host: kernel, LSMs, cgroups, user namespaces\n"
    "  -a, --all             include systemd service sandboxes (private mount namespaces)\n"
    "      --deep            also read each container's seccomp filters (its init is stopped\n"
    "                        for well under a millisecond; needs root): seccomp.default_action,\n"
    "                        .allowed_dangerous, .conditional, .x32_reachable\n"
    "      --proc-root DIR   read this /proc tree instead of /proc (a recorded one)\n"
    "      --host-root DIR   where runtime state and cgroup files are read (default /)\n"
    "      --allow-partial   exit 0 even when processes or containers could not be read\n"
    "  -h, --help            show this help\n\n"
    "Exit status: 0 success, 1 a NAME matched no container, 2 bad usage,\n"
    "3 could not read the /proc tree, 4 the view is incomplete: processes or containers\n"
    "could not be read (listed in the output; --allow-partial accepts it).\n";

struct inspect_args {
	const char *format, *output;
	bool self, host, allow_partial;
	struct host_options hopt;
	char **filters;
	int nfilters;
};

static int parse_args(int argc, char **argv, struct inspect_args *a)
{
	enum { OPT_SELF = 256, OPT_HOST, OPT_PROC_ROOT, OPT_HOST_ROOT, OPT_DEEP, OPT_PARTIAL };
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"self", no_argument, NULL, OPT_SELF},
	    {"host", no_argument, NULL, OPT_HOST},
	    {"all", no_argument, NULL, 'a'},
	    {"proc-root", required_argument, NULL, OPT_PROC_ROOT},
	    {"host-root", required_argument, NULL, OPT_HOST_ROOT},
	    {"deep", no_argument, NULL, OPT_DEEP},
	    {"allow-partial", no_argument, NULL, OPT_PARTIAL},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	*a = (struct inspect_args){.format = "text"};
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":f:o:ah", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			a->format = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'a':
			a->hopt.all = true;
			break;
		case OPT_SELF:
			a->self = true;
			break;
		case OPT_HOST:
			a->host = true;
			break;
		case OPT_PROC_ROOT:
			a->hopt.proc_root = optarg;
			break;
		case OPT_HOST_ROOT:
			a->hopt.host_root = optarg;
			break;
		case OPT_DEEP:
			a->hopt.deep = true;
			break;
		case OPT_PARTIAL:
			a->allow_partial = true;
			break;
		case 'h':
			fputs(cli_inspect_usage, stdout);
			return -1;
		case ':':
			return cli_usage_error("inspect", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("inspect", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0)
		return cli_usage_error("inspect", "unknown format '%s' (expected text or json)",
				       a->format);
	if (a->hopt.deep && a->hopt.proc_root)
		return cli_usage_error("inspect", "--deep reads live processes: it takes no "
						  "--proc-root");
	a->filters = argv + optind;
	a->nfilters = argc - optind;
	return 0;
}

int cli_inspect(int argc, char **argv)
{
	struct inspect_args a;
	int r = parse_args(argc, argv, &a);
	if (r)
		return r < 0 ? EXIT_OK : r; /* -1: help was printed */
	struct host_ctx ctx;
	struct error err = {0};
	if (host_open(&ctx, &a.hopt, &err) < 0) {
		cli_error("%s", err.msg);
		host_close(&ctx);
		return EXIT_UNREADABLE;
	}
	struct container_list list = {0};
	struct facts hostf = {0};
	int status = EXIT_OK;
	if (a.host && host_facts(&ctx, &hostf, &err) < 0)
		goto unreadable;
	if (a.self) {
		list.c = calloc(1, sizeof(*list.c));
		if (!list.c || host_self(&ctx, &list.c[0], &err) < 0)
			goto unreadable;
		list.n = 1;
	} else if (!a.host || a.nfilters) {
		if (host_scan(&ctx, &list, &err) < 0)
			goto unreadable;
		status = cli_filter(&list, a.filters, a.nfilters);
	}
	cli_warn_gaps(&ctx.gaps);
	if (ctx.deep_failed)
		cli_warn("--deep: the seccomp filters of %u container%s could not be read (their "
			 "seccomp.* facts stay unknown): %s",
			 ctx.deep_failed, ctx.deep_failed == 1 ? "" : "s", ctx.deep_error);
	FILE *out = stdout;
	if (a.output && !(out = fopen(a.output, "we"))) {
		cli_error("opening '%s': %s", a.output, strerror(errno));
		status = EXIT_USAGE;
		goto done;
	}
	if (strcmp(a.format, "json") == 0)
		inspect_write_json(out, list.c, list.n, a.host ? &hostf : NULL, &ctx.gaps);
	else
		inspect_write_text(out, list.c, list.n, a.host ? &hostf : NULL, &ctx.gaps,
				   cli_color(out));
	if (fflush(out) != 0 || ferror(out)) {
		cli_error("writing output: %s", strerror(errno));
		status = EXIT_UNREADABLE;
	}
	if (out != stdout)
		fclose(out);
	if ((status == EXIT_OK || status == EXIT_FINDINGS) && gaps_any(&ctx.gaps) &&
	    !a.allow_partial)
		status = EXIT_INCOMPLETE;
	goto done;
unreadable:
	cli_error("%s", err.msg);
	status = EXIT_UNREADABLE;
done:
	container_list_free(&list);
	facts_free(&hostf);
	host_close(&ctx);
	return status;
}
