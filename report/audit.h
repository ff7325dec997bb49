/* The audit result every report writer reads: containers with their findings, from one live
 * audit or merged from many hosts' saved results (report/load.c). */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "audit/gaps.h"
#include "lib/buf.h"
#include "lib/strv.h"
#include "policy/eval.h"
#include "facts/fact.h"
#include "facts/factloc.h"
#include "policy/rule.h"
#include "policy/waiver.h"

struct audit_container {
	const struct facts *facts;
	const char *host; /* the host it was audited on */
	struct finding *findings;
	size_t nfindings;
	bool scanner;
	const struct fact_locations *loc; /* NULL: not from a file (a live container) */
};

/* A finding of the baseline that no longer fails. */
struct fixed_finding {
	char *fingerprint, *rule, *title, *container, *host;
	enum severity severity;
};

struct audit_result {
	const struct rule *const *rules; /* every rule judged, for metadata (SARIF, compliance) */
	size_t nrules;
	struct audit_container *c;
	size_t n;
	const struct facts *host; /* the audited host's facts (may have none known) */
	const struct waivers *ws; /* may be NULL */
	const char *hostname;
	size_t nhosts; /* > 1 for a merged fleet report */
	time_t now;
	double duration; /* seconds; 0 when CTGUARD_NOW fixes the clock */
	enum severity fail_on;
	bool fail_never;
	bool baseline; /* only new (and fixed) findings are shown */
	const char *baseline_file;
	struct fixed_finding *fixed;
	size_t nfixed;
	const struct gaps *gaps; /* what the scan could not read; NULL or empty: complete */
};

/* Counts of one container or of the whole result (container index -1). In baseline mode only
 * new findings count as failures. */
struct audit_counts {
	size_t fail[SEV__COUNT];
	size_t fails, passes, waived, not_evaluated;
};

void audit_count(const struct audit_result *a, ssize_t container, struct audit_counts *out);
/* True when a (new, in baseline mode) failing finding is at or above fail_on. */
bool audit_failed(const struct audit_result *a);
/* Whether a writer shows finding f: everything, or in baseline mode only new failures. */
bool audit_shown(const struct audit_result *a, const struct finding *f);

/* Whether the container wrote this identity field ("id", "name", "image", "runtime") about
 * itself (container.claimed): writers mark it "(claimed)". */
bool audit_claimed(const struct facts *c, const char *field);
/* True when the name or image that identifies the container across runs is claimed: its
 * findings then never match a baseline (they are always new). */
bool audit_identity_claimed(const struct facts *c);

/* Stable fingerprint of a finding: the rule id and an identity of the container that survives
 * restarts (Kubernetes namespace/pod/container, else host, image and name). 16 hex digits. A
 * claimed name or image is hashed as such: it never equals a trusted one's fingerprint. */
void audit_fingerprint(const struct finding *f, const struct facts *c, const char *host,
		       char out[17]);

/* One line for people about what could not be read: "pid 12: process not read (EACCES: ...)"
 * or "container ID (pid 12): mounts unknown (EPERM: ...)", with " on HOST" in a fleet. Raw:
 * each writer escapes it for its format. Returns 0 or -ENOMEM. */
int audit_gap_line(const struct gap *g, struct buf *out);

/* ctguard.audit/v1 JSON. */
void audit_write_json(FILE *out, const struct audit_result *a);
/* For people: a summary table, then per container its failing (and, verbose, all) findings
 * with evidence and remediation. */
void audit_write_text(FILE *out, const struct audit_result *a, bool verbose, bool color);
