/* ctguard seccomp compile|lint: turns a profile into a raw BPF program, or reviews it; and the
 * dispatch to dump|show|diff (cli/seccomp-show.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "cli/cli.h"
#include "cli/seccomp-show.h"
#include "seccomp/filter.h"
#include "lib/cleanup.h"
#include "lib/error.h"
#include "seccomp/profile.h"
#include "seccomp/profilelint.h"

struct opts {
	const char *profile, *out;
	uint64_t caps;
	enum seccomp_mode mode;
};

static int parse_caps(const char *s, uint64_t *out)
{
	char bad[64];
	if (caps_parse_list(s, out, bad, sizeof(bad)) < 0)
		return cli_usage_error("seccomp", "unknown capability '%s'", bad);
	return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o, bool compile)
{
	static const struct option lopts[] = {{"caps", required_argument, NULL, 'c'},
					      {"mode", required_argument, NULL, 'm'},
					      {"output", required_argument, NULL, 'o'},
					      {"help", no_argument, NULL, 'h'},
					      {NULL, 0, NULL, 0}};
	opterr = 0;
	optind = 1;
	int c, r;
	while ((c = getopt_long(argc, argv, compile ? ":c:m:o:h" : ":c:h", lopts, NULL)) != -1) {
		if (c == 'c') {
			if ((r = parse_caps(optarg, &o->caps)) != 0)
				return r;
		} else if (c == 'm' && strcmp(optarg, "enforce") == 0) {
			o->mode = SECCOMP_MODE_ENFORCE;
		} else if (c == 'm' && strcmp(optarg, "log") == 0) {
			o->mode = SECCOMP_MODE_LOG;
		} else if (c == 'm') {
			return cli_usage_error("seccomp", "unknown mode '%s' (enforce or log)",
					       optarg);
		} else if (c == 'o') {
			o->out = optarg;
		} else if (c == 'h') {
			fputs(cli_seccomp_usage, stdout);
			return -1;
		} else {
			return cli_usage_error("seccomp", "unknown option or missing value '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("seccomp", "expected one PROFILE");
	o->profile = argv[optind];
	if (compile && !o->out)
		return cli_usage_error("seccomp", "missing -o FILE.bpf");
	return 0;
}

static int load(const char *name, struct profile **p)
{
	struct diag d = {0};
	int r = profile_load(name, p, &d);
	cli_print_diag(&d);
	diag_free(&d);
	return r;
}

static int cmd_compile(int argc, char **argv)
{
	struct opts o = {0};
	int r = parse_opts(argc, argv, &o, true);
	if (r)
		return r < 0 ? EXIT_OK : r;
	struct profile *p = NULL;
	if (load(o.profile, &p) < 0)
		return EXIT_USAGE;
	struct filter *f = NULL;
	struct error err = {0};
	r = filter_compile(p, o.caps, o.mode, &f, &err);
	profile_free(p);
	if (r < 0) {
		cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	bool to_stdout = strcmp(o.out, "-") == 0;
	_cleanup_close_ int fd =
	    to_stdout ? -1 : open(o.out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (!to_stdout && fd < 0) {
		cli_error("cannot write '%s': %s", o.out, strerror(errno));
		filter_free(f);
		return EXIT_UNREADABLE;
	}
	r = filter_export(f, to_stdout ? STDOUT_FILENO : fd, &err);
	filter_free(f);
	if (r < 0) {
		cli_error("'%s': %s", o.out, err.msg);
		return EXIT_UNREADABLE;
	}
	return EXIT_OK;
}

static int cmd_lint(int argc, char **argv)
{
	struct opts o = {0};
	int r = parse_opts(argc, argv, &o, false);
	if (r)
		return r < 0 ? EXIT_OK : r;
	struct diag d = {0};
	struct profile *p = NULL;
	r = profile_load(o.profile, &p, &d);
	/* Docker's unknown names are warnings in d: print them as lint findings. */
	unsigned n = 0;
	for (size_t i = 0; i < d.msgs.n; i++) {
		fprintf(r < 0 ? stderr : stdout, "%s\n", d.msgs.v[i]);
		n++;
	}
	diag_free(&d);
	if (r < 0)
		return EXIT_USAGE;
	_cleanup_strv_ struct strv warnings = STRV_INIT;
	if (profilelint_run(p, o.caps, &warnings) < 0) {
		cli_error("out of memory");
		profile_free(p);
		return EXIT_UNREADABLE;
	}
	for (size_t i = 0; i < warnings.n; i++)
		printf("%s\n", warnings.v[i]);
	n += (unsigned)warnings.n;
	struct filter *f = NULL;
	struct error err = {0};
	r = filter_compile(p, o.caps, SECCOMP_MODE_ENFORCE, &f, &err);
	if (r < 0) {
		cli_error("%s", err.msg);
		profile_free(p);
		return EXIT_USAGE;
	}
	char a[64];
	if (n == 0)
		printf("%s: ok (%zu rules, default %s, %zu BPF instructions)\n", p->file, p->nrules,
		       profile_action_str(p->def, a, sizeof(a)), filter_size(f));
	else
		printf("%s: %u warnings\n", p->file, n);
	filter_free(f);
	profile_free(p);
	return n ? EXIT_FINDINGS : EXIT_OK;
}

int cli_seccomp(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("seccomp",
				       "missing subcommand (compile, lint, dump, show or diff)");
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cli_seccomp_usage, stdout);
		return EXIT_OK;
	}
	if (strcmp(sub, "compile") == 0)
		return cmd_compile(argc - 1, argv + 1);
	if (strcmp(sub, "lint") == 0)
		return cmd_lint(argc - 1, argv + 1);
	if (strcmp(sub, "dump") == 0)
		return cli_seccomp_dump(argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return cli_seccomp_show(argc - 1, argv + 1);
	if (strcmp(sub, "diff") == 0)
		return cli_seccomp_diff(argc - 1, argv + 1);
	return cli_usage_error("seccomp",
			       "unknown subcommand '%s' (compile, lint, dump, show or diff)", sub);
}
