/* Collected diagnostics with file:line:column positions. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "lib/buf.h"
#include "lib/diag.h"

void diag_add(struct diag *d, const char *file, size_t line, size_t column, const char *fmt, ...)
{
	if (d->msgs.n >= DIAG_MAX) {
		d->dropped++;
		return;
	}
	struct buf b = BUF_INIT;
	if (line)
		buf_printf(&b, "%s:%zu:%zu: ", file, line, column);
	else
		buf_printf(&b, "%s: ", file);
	va_list ap;
	va_start(ap, fmt);
	char msg[2048];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_puts(&b, msg);
	strv_push_take(&d->msgs, buf_steal(&b));
}

bool diag_any(const struct diag *d)
{
	return d->msgs.n > 0 || d->dropped > 0;
}

void diag_free(struct diag *d)
{
	strv_free(&d->msgs);
	d->dropped = 0;
}
