/* Format names and dispatch to the writers. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "report/policyreport.h"
#include "report/report.h"

static const char *const names[] = {"text",	  "json", "junit",	  "sarif",	"csv",
				    "prometheus", "html", "policyreport", "openreports"};

int report_format_parse(const char *name, enum report_format *out)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum report_format)i;
			return 0;
		}
	return -EINVAL;
}

int report_write(FILE *out, enum report_format f, const struct audit_result *a,
		 const struct report_options *o)
{
	switch (f) {
	case REPORT_TEXT:
		audit_write_text(out, a, o->verbose, o->color);
		return 0;
	case REPORT_JSON:
		audit_write_json(out, a);
		return 0;
	case REPORT_JUNIT:
		return junit_write(out, a);
	case REPORT_SARIF:
		return sarif_write(out, a);
	case REPORT_CSV:
		return csv_write(out, a);
	case REPORT_PROMETHEUS:
		return prometheus_write(out, a);
	case REPORT_HTML:
		return html_write(out, a);
	case REPORT_POLICYREPORT:
		return policyreport_write(out, a, POLICYREPORT_WGPOLICY);
	case REPORT_OPENREPORTS:
		return policyreport_write(out, a, POLICYREPORT_OPENREPORTS);
	}
	return -EINVAL;
}
