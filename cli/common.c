/* What every subcommand shares: messages, colour, filters, diagnostics. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/host.h"
#include "audit/select.h"
#include "cli/cli.h"
#include "report/policyreport.h"
#include "report/report.h"

bool cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	return isatty(fileno(f)) && !(nc && *nc);
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "ctguard: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(cmd ? "" : "", fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "Try 'ctguard %s --help'.\n", cmd);
	else
		fprintf(stderr, "Try 'ctguard --help'.\n");
	return EXIT_USAGE;
}

/* Keeps the containers any filter matches; reports a filter that matched none. */
int cli_filter(struct container_list *l, char **filters, int n)
{
	int status = EXIT_OK;
	for (int k = 0; k < n; k++)
		if (!select_any(l, filters[k])) {
			cli_error("no container matches '%s'", filters[k]);
			status = EXIT_FINDINGS;
		}
	select_keep(l, filters, n);
	return status;
}

void cli_warn_gaps(const struct gaps *g)
{
	if (g->processes)
		cli_warn("incomplete view: %zu process%s could not be read%s; the containers they "
			 "belong to are missing",
			 g->processes, g->processes == 1 ? "" : "es",
			 geteuid() ? " (run as root)" : " (CAP_SYS_PTRACE is needed)");
	if (g->containers)
		cli_warn("incomplete view: %zu container%s could not be read in full (facts left "
			 "unknown)",
			 g->containers, g->containers == 1 ? "" : "s");
}

bool cli_print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->msgs.n; i++)
		fprintf(stderr, "%s\n", d->msgs.v[i]);
	if (d->dropped)
		fprintf(stderr, "ctguard: %zu more errors not shown\n", d->dropped);
	return diag_any(d);
}

time_t cli_now(void)
{
	const char *fixed = getenv("CTGUARD_NOW");
	struct tm tm = {0};
	if (fixed && strptime(fixed, "%Y-%m-%d", &tm))
		return timegm(&tm);
	return time(NULL);
}

const char *cli_hostname(void)
{
	static char name[256];
	const char *fixed = getenv("CTGUARD_HOSTNAME");
	if (fixed && *fixed)
		return fixed;
	if (gethostname(name, sizeof(name) - 1) < 0)
		snprintf(name, sizeof(name), "localhost");
	return name;
}

int cli_check_output_dir(const char *cmd, const char *dir, const char *output, int format)
{
	if (!dir)
		return 0;
	if (format != REPORT_POLICYREPORT && format != REPORT_OPENREPORTS)
		return cli_usage_error(cmd,
				       "--output-dir is for --format policyreport or openreports");
	if (output)
		return cli_usage_error(cmd, "--output-dir and --output exclude each other");
	return 0;
}

/* --output-dir: the Kubernetes reports as one file per namespace. */
static int write_report_dir(const char *dir, int format, const struct audit_result *a)
{
	struct error err = {0};
	enum policyreport_flavor fl =
	    format == REPORT_OPENREPORTS ? POLICYREPORT_OPENREPORTS : POLICYREPORT_WGPOLICY;
	if (policyreport_write_dir(dir, a, fl, &err) < 0) {
		cli_error("%s", err.msg);
		return EXIT_UNREADABLE;
	}
	return 0;
}

int cli_write_report(const char *path, int format, const struct audit_result *a,
		     struct report_options *ro)
{
	if (ro->output_dir)
		return write_report_dir(ro->output_dir, format, a);
	FILE *out = stdout;
	if (path && !(out = fopen(path, "we"))) {
		cli_error("opening '%s': %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	ro->color = cli_color(out);
	int r = report_write(out, (enum report_format)format, a, ro);
	int status = 0;
	if (r == -ENOTSUP) {
		cli_error("this format is not available yet");
		status = EXIT_USAGE;
	} else if (r < 0 || fflush(out) != 0 || ferror(out)) {
		cli_error("writing output: %s", strerror(r < 0 ? -r : errno));
		status = EXIT_UNREADABLE;
	}
	if (out != stdout)
		fclose(out);
	return status;
}
