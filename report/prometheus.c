/* Audit results in the Prometheus text exposition format (0.0.4), for node_exporter's textfile
 * collector: counts only, every metric a gauge, every family with HELP and TYPE.
 *
 * Cardinality: the fleet-wide families are bounded by the rule set (rules x severities). The
 * per-container family (ctguard_container_findings) has one series per severity only for the
 * containers with at least one failing finding, labelled by host, name and runtime but never
 * by id or pid, which change on every restart; containers of one host with the same name and
 * runtime are summed into one series. A merged fleet report (nhosts > 1) adds a host label
 * to the per-host families, multiplying them by the number of hosts. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "report/report.h"

struct prom {
	FILE *out;
	const struct audit_result *a;
	bool fleet; /* a host label on the per-host families */
};

static const char *host_of(const struct audit_container *c)
{
	return c->host ? c->host : "";
}

static const char *name_of(const struct audit_container *c, enum fact_id id)
{
	const struct fact_value *v = &c->facts->v[id];
	return v->known && v->u.s ? v->u.s : "";
}

/* A label value: the format's three escapes (\\, \", \n). Container names are set by whoever
 * controls the container: invalid UTF-8 (which the Prometheus parser rejects) and the other
 * control characters (which would reach a terminal that shows the file) become U+FFFD. */
static int escape_label(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t l = utf8_valid_len(p, n - i);
		bool c1 = l == 2 && p[0] == 0xc2 && p[1] < 0xa0;
		int r;
		if (*p == '\\')
			r = buf_puts(b, "\\\\");
		else if (*p == '"')
			r = buf_puts(b, "\\\"");
		else if (*p == '\n')
			r = buf_puts(b, "\\n");
		else if (l == 0 || *p < 0x20 || *p == 0x7f || c1)
			r = buf_puts(b, "\xef\xbf\xbd");
		else
			r = buf_append(b, p, l);
		if (r < 0)
			return r;
		i += l ? l : 1;
	}
	return 0;
}

/* Appends name="value" to a label set being built ("{" is added before the first). */
static int label(struct buf *b, const char *name, const char *value)
{
	int r = buf_printf(b, "%s%s=\"", b->len ? "," : "{", name);
	if (r >= 0)
		r = escape_label(b, value);
	return r < 0 ? r : buf_putc(b, '"');
}

static void family(const struct prom *p, const char *name, const char *help)
{
	fprintf(p->out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void sample(const struct prom *p, const char *name, const struct buf *labels, size_t v)
{
	fprintf(p->out, "%s%s%s %zu\n", name, labels->len ? labels->data : "",
		labels->len ? "}" : "", v);
}

/* Whether container i is the first of its host: the per-host families are written once per
 * host (or once for everything outside a fleet). */
static bool host_first(const struct prom *p, size_t i)
{
	for (size_t j = 0; p->fleet && j < i; j++)
		if (strcmp(host_of(&p->a->c[j]), host_of(&p->a->c[i])) == 0)
			return false;
	return true;
}

static void host_counts(const struct prom *p, const char *host, struct audit_counts *out)
{
	*out = (struct audit_counts){0};
	for (size_t i = 0; i < p->a->n; i++) {
		if (host && strcmp(host_of(&p->a->c[i]), host) != 0)
			continue;
		struct audit_counts c;
		audit_count(p->a, (ssize_t)i, &c);
		for (int s = 0; s < SEV__COUNT; s++)
			out->fail[s] += c.fail[s];
		out->fails += c.fails;
		out->passes += c.passes;
		out->waived += c.waived;
		out->not_evaluated += c.not_evaluated;
	}
}

/* Calls fn once per host with its host label (fleet), or once with no label and host NULL. */
static int per_host(const struct prom *p,
		    int (*fn)(const struct prom *p, const char *host, const struct buf *base))
{
	_cleanup_buf_ struct buf base = BUF_INIT;
	if (!p->fleet)
		return fn(p, NULL, &base);
	for (size_t i = 0; i < p->a->n; i++) {
		if (!host_first(p, i))
			continue;
		buf_clear(&base);
		int r = label(&base, "host", host_of(&p->a->c[i]));
		if (r < 0 || (r = fn(p, host_of(&p->a->c[i]), &base)) < 0)
			return r;
	}
	return 0;
}

/* A copy of the base label set to add to. */
static int labels_from(struct buf *b, const struct buf *base)
{
	return base->len ? buf_append(b, base->data, base->len) : 0;
}

static int findings_by_severity(const struct prom *p, const char *host, const struct buf *base)
{
	struct audit_counts c;
	host_counts(p, host, &c);
	for (int s = SEV__COUNT - 1; s >= 0; s--) {
		_cleanup_buf_ struct buf b = BUF_INIT;
		int r = labels_from(&b, base);
		if (r < 0 || (r = label(&b, "severity", severity_name((enum severity)s))) < 0 ||
		    (r = label(&b, "status", "fail")) < 0)
			return r;
		sample(p, "ctguard_findings", &b, c.fail[s]);
	}
	return 0;
}

static int containers_audited(const struct prom *p, const char *host, const struct buf *base)
{
	size_t n = 0;
	for (size_t i = 0; i < p->a->n; i++)
		n += !host || strcmp(host_of(&p->a->c[i]), host) == 0;
	sample(p, "ctguard_containers_audited", base, n);
	return 0;
}

static int waived(const struct prom *p, const char *host, const struct buf *base)
{
	struct audit_counts c;
	host_counts(p, host, &c);
	sample(p, "ctguard_waived_findings", base, c.waived);
	return 0;
}

static int not_evaluated(const struct prom *p, const char *host, const struct buf *base)
{
	struct audit_counts c;
	host_counts(p, host, &c);
	sample(p, "ctguard_not_evaluated_findings", base, c.not_evaluated);
	return 0;
}

/* Containers (of host, or all) failing rule r: a failure counts as in audit_count (only new
 * ones with a baseline). Findings of merged documents point to their own copy of a rule, so
 * rules are matched by id. */
static size_t rule_fails(const struct prom *p, const char *host, const struct rule *r)
{
	size_t n = 0;
	for (size_t i = 0; i < p->a->n; i++) {
		const struct audit_container *c = &p->a->c[i];
		if (host && strcmp(host_of(c), host) != 0)
			continue;
		for (size_t k = 0; k < c->nfindings; k++) {
			const struct finding *f = &c->findings[k];
			if (f->status == FINDING_FAIL && audit_shown(p->a, f) &&
			    strcmp(f->rule->id, r->id) == 0) {
				n++;
				break;
			}
		}
	}
	return n;
}

static int rule_failures(const struct prom *p, const char *host, const struct buf *base)
{
	for (size_t i = 0; i < p->a->nrules; i++) {
		const struct rule *r = p->a->rules[i];
		_cleanup_buf_ struct buf b = BUF_INIT;
		int e = labels_from(&b, base);
		if (e < 0 || (e = label(&b, "rule", r->id)) < 0 ||
		    (e = label(&b, "severity", severity_name(r->severity))) < 0 ||
		    (e = label(&b, "pack", r->pack ? r->pack : "")) < 0)
			return e;
		sample(p, "ctguard_rule_failures", &b, rule_fails(p, host, r));
	}
	return 0;
}

static bool same_container(const struct audit_container *x, const struct audit_container *y)
{
	return strcmp(host_of(x), host_of(y)) == 0 &&
	       strcmp(name_of(x, F_CONTAINER_NAME), name_of(y, F_CONTAINER_NAME)) == 0 &&
	       strcmp(name_of(x, F_CONTAINER_RUNTIME), name_of(y, F_CONTAINER_RUNTIME)) == 0;
}

/* One series per severity for each (host, name, runtime) with a failing finding. */
static int container_findings(const struct prom *p)
{
	const struct audit_result *a = p->a;
	for (size_t i = 0; i < a->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = same_container(&a->c[j], &a->c[i]);
		if (seen)
			continue;
		size_t fail[SEV__COUNT] = {0}, fails = 0;
		for (size_t k = i; k < a->n; k++) {
			if (!same_container(&a->c[k], &a->c[i]))
				continue;
			struct audit_counts c;
			audit_count(a, (ssize_t)k, &c);
			for (int s = 0; s < SEV__COUNT; s++)
				fail[s] += c.fail[s];
			fails += c.fails;
		}
		for (int s = SEV__COUNT - 1; fails && s >= 0; s--) {
			_cleanup_buf_ struct buf b = BUF_INIT;
			int r = label(&b, "host", host_of(&a->c[i]));
			if (r < 0 ||
			    (r = label(&b, "container", name_of(&a->c[i], F_CONTAINER_NAME))) < 0 ||
			    (r = label(&b, "runtime", name_of(&a->c[i], F_CONTAINER_RUNTIME))) <
				0 ||
			    (r = label(&b, "severity", severity_name((enum severity)s))) < 0)
				return r;
			sample(p, "ctguard_container_findings", &b, fail[s]);
		}
	}
	return 0;
}

/* One (namespace, pod, rule) a container fails. */
struct workload_row {
	const char *ns, *pod, *rule;
	enum severity sev;
};

static int row_cmp(const void *x, const void *y)
{
	const struct workload_row *a = x, *b = y;
	int c = strcmp(a->ns, b->ns);
	if (!c)
		c = strcmp(a->pod, b->pod);
	return c ? c : strcmp(a->rule, b->rule);
}

/* Failing findings grouped by namespace, pod and rule: sorted, then counted by runs, so the
 * cost is n log n in the findings (a node's hundreds of containers). */
static int workload_findings(const struct prom *p)
{
	const struct audit_result *a = p->a;
	size_t n = 0, cap = 0;
	_cleanup_free_ struct workload_row *rows = NULL;
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < a->c[i].nfindings; k++) {
			const struct finding *f = &a->c[i].findings[k];
			if (f->status != FINDING_FAIL || !audit_shown(a, f))
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				struct workload_row *nr = realloc(rows, cap * sizeof(*rows));
				if (!nr)
					return -ENOMEM;
				rows = nr;
			}
			rows[n++] = (struct workload_row){name_of(&a->c[i], F_CONTAINER_NAMESPACE),
							  name_of(&a->c[i], F_CONTAINER_POD),
							  f->rule->id, f->rule->severity};
		}
	if (n)
		qsort(rows, n, sizeof(*rows), row_cmp);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && row_cmp(&rows[i], &rows[j]) == 0)
			j++;
		_cleanup_buf_ struct buf b = BUF_INIT;
		int r = label(&b, "namespace", rows[i].ns);
		if (r < 0 || (r = label(&b, "pod", rows[i].pod)) < 0 ||
		    (r = label(&b, "rule", rows[i].rule)) < 0 ||
		    (r = label(&b, "severity", severity_name(rows[i].sev))) < 0)
			return r;
		sample(p, "ctguard_workload_findings", &b, j - i);
		i = j;
	}
	return 0;
}

static void global(const struct prom *p)
{
	const struct audit_result *a = p->a;
	fprintf(p->out,
		"# HELP ctguard_rules Rules each container was judged with.\n"
		"# TYPE ctguard_rules gauge\n"
		"ctguard_rules %zu\n",
		a->nrules);
	if (p->fleet)
		fprintf(p->out,
			"# HELP ctguard_hosts Hosts merged into this report.\n"
			"# TYPE ctguard_hosts gauge\n"
			"ctguard_hosts %zu\n",
			a->nhosts);
	if (a->baseline)
		fprintf(p->out,
			"# HELP ctguard_fixed_findings Failing findings of the baseline that no "
			"longer fail.\n"
			"# TYPE ctguard_fixed_findings gauge\n"
			"ctguard_fixed_findings %zu\n",
			a->nfixed);
	fprintf(p->out,
		"# HELP ctguard_audit_duration_seconds Time the audit took (0 for a merged report "
		"or a fixed clock).\n"
		"# TYPE ctguard_audit_duration_seconds gauge\n"
		"ctguard_audit_duration_seconds %.6f\n"
		"# HELP ctguard_audit_timestamp_seconds When the audit ran, in seconds since the "
		"epoch.\n"
		"# TYPE ctguard_audit_timestamp_seconds gauge\n"
		"ctguard_audit_timestamp_seconds %lld\n"
		"# HELP ctguard_audit_failed Whether a failing finding is at or above --fail-on "
		"(1) or not (0).\n"
		"# TYPE ctguard_audit_failed gauge\n"
		"ctguard_audit_failed %d\n",
		a->duration, (long long)a->now, audit_failed(a) ? 1 : 0);
	const struct gaps *g = a->gaps;
	bool complete = !g || !gaps_any(g);
	fprintf(p->out,
		"# HELP ctguard_view_complete Whether every process and container could be read "
		"(1) or the results cover part of the host (0).\n"
		"# TYPE ctguard_view_complete gauge\n"
		"ctguard_view_complete %d\n"
		"# HELP ctguard_unreadable_processes Processes left out because they could not be "
		"read (their containers are missing).\n"
		"# TYPE ctguard_unreadable_processes gauge\n"
		"ctguard_unreadable_processes %zu\n"
		"# HELP ctguard_unreadable_containers Containers read only in part (some facts "
		"unknown).\n"
		"# TYPE ctguard_unreadable_containers gauge\n"
		"ctguard_unreadable_containers %zu\n",
		complete ? 1 : 0, g ? g->processes : 0, g ? g->containers : 0);
}

int prometheus_write(FILE *out, const struct audit_result *a)
{
	struct prometheus_options o = {.per_container = true};
	return prometheus_write_families(out, a, &o);
}

int prometheus_write_families(FILE *out, const struct audit_result *a,
			      const struct prometheus_options *o)
{
	struct prom p = {.out = out, .a = a, .fleet = a->nhosts > 1};
	int r;
	family(&p, "ctguard_findings",
	       a->baseline ? "Failing findings new since the baseline, by severity."
			   : "Failing findings, by severity.");
	if ((r = per_host(&p, findings_by_severity)) < 0)
		return r;
	family(&p, "ctguard_rule_failures",
	       a->baseline ? "Containers newly failing each rule since the baseline."
			   : "Containers failing each rule.");
	if ((r = per_host(&p, rule_failures)) < 0)
		return r;
	if (o->workloads) {
		family(&p, "ctguard_workload_findings",
		       "Containers failing each rule, by Kubernetes namespace and pod (\"\" for "
		       "containers outside a pod).");
		if ((r = workload_findings(&p)) < 0)
			return r;
	}
	if (o->per_container) {
		family(&p, "ctguard_container_findings",
		       "Failing findings of each container with at least one, by severity.");
		if ((r = container_findings(&p)) < 0)
			return r;
	}
	family(&p, "ctguard_containers_audited", "Containers audited.");
	if ((r = per_host(&p, containers_audited)) < 0)
		return r;
	family(&p, "ctguard_waived_findings", "Failing findings accepted by a waiver.");
	if ((r = per_host(&p, waived)) < 0)
		return r;
	family(&p, "ctguard_not_evaluated_findings",
	       "Findings not judged: a fact they need is unknown, the host lacks what they "
	       "judge, or the running state cannot show the control.");
	if ((r = per_host(&p, not_evaluated)) < 0)
		return r;
	global(&p);
	return ferror(out) ? -EIO : 0;
}
