/* Audit results as Kubernetes report resources: wgpolicyk8s.io/v1alpha2 PolicyReport and
 * ClusterPolicyReport, or openreports.io/v1alpha1 Report and ClusterReport. */
#pragma once

#include <stdio.h>

#include "lib/error.h"
#include "report/audit.h"

enum policyreport_flavor {
	POLICYREPORT_WGPOLICY,	  /* wgpolicyk8s.io/v1alpha2 */
	POLICYREPORT_OPENREPORTS, /* openreports.io/v1alpha1 */
};

/* Writes a YAML stream ("---" before each document; each document is JSON, which YAML reads):
 * per host one namespaced report per Kubernetes namespace holding the results of that
 * namespace's pod containers (the Pod as each result's resource), then one cluster report
 * scoped to the host's Node with every other container's results and what the scan could not
 * read (result "error"). Returns 0 or a negative errno. */
int policyreport_write(FILE *out, const struct audit_result *a, enum policyreport_flavor fl);

/* Writes the same documents into dir: ns-NAMESPACE.yaml per namespace (every host's report of
 * that namespace) and cluster.yaml, each replaced atomically (a temporary file in dir, fsync,
 * rename). A ns-*.yaml that an earlier run wrote and whose namespace has no container now is
 * rewritten with empty reports, so that applying the directory clears the old results.
 * Returns 0 or a negative errno with err saying which file. */
int policyreport_write_dir(const char *dir, const struct audit_result *a,
			   enum policyreport_flavor fl, struct error *err);
