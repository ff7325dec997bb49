/* What every subcommand shares: messages, colour, filters, diagnostics. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/host.h"
#include "cli/cli.h"

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

static bool matches(const struct facts *f, const char *arg)
{
	const char *name = f->v[F_CONTAINER_NAME].u.s, *id = f->v[F_CONTAINER_ID].u.s;
	const char *rt = f->v[F_CONTAINER_RUNTIME].u.s;
	return (name && strcmp(name, arg) == 0) || (rt && strcmp(rt, arg) == 0) ||
	       (id && *arg && strncmp(id, arg, strlen(arg)) == 0);
}

/* Keeps the containers any filter matches; reports a filter that matched none. */
int cli_filter(struct container_list *l, char **filters, int n)
{
	if (n == 0)
		return EXIT_OK;
	int status = EXIT_OK;
	for (int k = 0; k < n; k++) {
		bool any = false;
		for (size_t i = 0; i < l->n && !any; i++)
			any = matches(&l->c[i], filters[k]);
		if (!any) {
			cli_error("no container matches '%s'", filters[k]);
			status = EXIT_FINDINGS;
		}
	}
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		bool keep = false;
		for (int k = 0; k < n && !keep; k++)
			keep = matches(&l->c[i], filters[k]);
		if (keep)
			l->c[w++] = l->c[i];
		else
			facts_free(&l->c[i]);
	}
	l->n = w;
	return status;
}

bool cli_print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->msgs.n; i++)
		fprintf(stderr, "%s\n", d->msgs.v[i]);
	if (d->dropped)
		fprintf(stderr, "ctguard: %zu more errors not shown\n", d->dropped);
	return diag_any(d);
}
