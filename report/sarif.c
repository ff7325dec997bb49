/* sarif writer: being written (issue 4). */
#include "config.h"

#include <errno.h>

#include "report/report.h"

int sarif_write(FILE *out, const struct audit_result *a)
{
	(void)out;
	(void)a;
	return -ENOTSUP;
}
