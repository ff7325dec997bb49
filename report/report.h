/* One entry point for every output format of audit results (one writer per format). */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "report/audit.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_JUNIT,
	REPORT_SARIF,
	REPORT_CSV,
	REPORT_PROMETHEUS,
	REPORT_HTML,
	REPORT_POLICYREPORT, /* wgpolicyk8s.io/v1alpha2 */
	REPORT_OPENREPORTS,  /* openreports.io/v1alpha1 */
};

#define REPORT_FORMATS                                                                             \
	"text, json, junit, sarif, csv, prometheus, html, policyreport or openreports"

struct report_options {
	bool verbose; /* text: passes too */
	bool color;   /* text: ANSI colours */
	/* policyreport, openreports: one file per namespace in this directory instead of a
	 * stream (policyreport_write_dir) */
	const char *output_dir;
};

/* Returns 0 or -EINVAL for an unknown name. */
int report_format_parse(const char *name, enum report_format *out);
/* Writes a in format f. Returns 0 or a negative errno. */
int report_write(FILE *out, enum report_format f, const struct audit_result *a,
		 const struct report_options *o);

/* The writers (report/<format>.c). Each returns 0 or a negative errno. */
int junit_write(FILE *out, const struct audit_result *a);
int sarif_write(FILE *out, const struct audit_result *a);
int csv_write(FILE *out, const struct audit_result *a);
int prometheus_write(FILE *out, const struct audit_result *a);
struct prometheus_options {
	bool per_container; /* ctguard_container_findings: one series per failing container */
	bool workloads;	    /* ctguard_workload_findings: by namespace, pod and rule */
};
/* prometheus_write with a choice of families: `ctguard watch` keeps the per-container one
 * behind a cardinality switch and adds the per-workload one. */
int prometheus_write_families(FILE *out, const struct audit_result *a,
			      const struct prometheus_options *o);
int html_write(FILE *out, const struct audit_result *a);
