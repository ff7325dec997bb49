/* Audit results as the report resources Kubernetes policy tools exchange (Policy Reporter,
 * Kyverno, trivy-operator): wgpolicyk8s.io/v1alpha2 PolicyReport and ClusterPolicyReport, and
 * their successor openreports.io/v1alpha1 Report and ClusterReport. Each document must pass the
 * CRD's openAPIV3Schema, which the API server enforces: properties hold strings only, the
 * result and severity enums are fixed, the summary counts what the results say. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/jsonw.h"
#include "lib/strv.h"
#include "report/policyreport.h"

#define NAME_PREFIX   "ctguard-"
#define NODE_NAME_MAX (253 - sizeof(NAME_PREFIX) - 9)

/* One report: a host's namespace (ns set) or a host's cluster report (ns NULL). */
struct group {
	const char *host;
	const char *ns;
};

struct groups {
	struct group *v;
	size_t n;
};

struct summary {
	size_t pass, fail, warn, error, skip;
};

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* RFC 1123 label, what Kubernetes requires of a namespace name. */
static bool dns_label(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-')
			return false;
	return true;
}

/* RFC 1123 subdomain, what Kubernetes requires of a pod name. */
static bool dns_subdomain(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/* The pod's namespace when the container belongs to a Kubernetes pod whose names are names the
 * API server could have given; NULL otherwise (then it is reported with the node). */
static const char *pod_namespace(const struct facts *f)
{
	const char *ns = facts_str(f, F_CONTAINER_NAMESPACE);
	const char *pod = facts_str(f, F_CONTAINER_POD);
	return dns_label(ns) && dns_subdomain(pod) ? ns : NULL;
}

/* The pod's UID from the container's cgroup: the kubelet names each pod's cgroup after it
 * ("pod<uid>" with cgroupfs, "...-pod<uid with _ for ->.slice" with systemd). Only the UUID
 * form: a static pod's cgroup carries its config hash, which is not its mirror pod's UID. */
static bool pod_uid(const struct facts *f, char out[37])
{
	const char *cg = facts_str(f, F_CONTAINER_CGROUP);
	bool found = false;
	for (const char *p = strstr(cg, "pod"); p; p = strstr(p + 1, "pod")) {
		const char *u = p + 3;
		size_t i = 0;
		for (; i < 36 && u[i]; i++) {
			bool sep = i == 8 || i == 13 || i == 18 || i == 23;
			if (sep ? (u[i] != '-' && u[i] != '_') : !is_hex(u[i]))
				break;
		}
		if (i != 36 || (u[36] && u[36] != '/' && u[36] != '.'))
			continue;
		for (i = 0; i < 36; i++)
			out[i] = u[i] == '_' ? '-' : u[i];
		out[36] = '\0';
		found = true;
	}
	return found;
}

static const char *host_of(const struct audit_result *a, const struct audit_container *c)
{
	return c->host ? c->host : a->hostname ? a->hostname : "";
}

static const char *gap_host(const struct audit_result *a, const struct gap *g)
{
	return g->host[0] ? g->host : a->hostname ? a->hostname : "";
}

static int group_add(struct groups *gs, const char *host, const char *ns)
{
	for (size_t i = 0; i < gs->n; i++)
		if (strcmp(gs->v[i].host, host) == 0 &&
		    (gs->v[i].ns == ns || (gs->v[i].ns && ns && strcmp(gs->v[i].ns, ns) == 0)))
			return 0;
	struct group *v = realloc(gs->v, (gs->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	gs->v = v;
	gs->v[gs->n++] = (struct group){host, ns};
	return 0;
}

/* By host, the cluster report first, then by namespace. */
static int group_cmp(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	int c = strcmp(a->host, b->host);
	if (c || a->ns == b->ns)
		return c;
	if (!a->ns || !b->ns)
		return a->ns ? 1 : -1;
	return strcmp(a->ns, b->ns);
}

/* Every host gets its cluster report, even without containers: it says the node was audited
 * and carries what could not be read. */
static int groups_collect(const struct audit_result *a, struct groups *gs)
{
	int e = 0;
	if (a->n == 0)
		e = group_add(gs, a->hostname ? a->hostname : "", NULL);
	for (size_t i = 0; i < a->n && e >= 0; i++) {
		e = group_add(gs, host_of(a, &a->c[i]), NULL);
		const char *ns = pod_namespace(a->c[i].facts);
		if (e >= 0 && ns)
			e = group_add(gs, host_of(a, &a->c[i]), ns);
	}
	for (size_t i = 0; a->gaps && i < a->gaps->n && e >= 0; i++)
		e = group_add(gs, gap_host(a, &a->gaps->v[i]), NULL);
	if (e >= 0 && gs->n > 1)
		qsort(gs->v, gs->n, sizeof(*gs->v), group_cmp);
	return e;
}

static bool in_group(const struct audit_result *a, const struct audit_container *c,
		     const struct group *g)
{
	if (strcmp(host_of(a, c), g->host) != 0)
		return false;
	const char *ns = pod_namespace(c->facts);
	return g->ns ? ns && strcmp(ns, g->ns) == 0 : !ns;
}

static uint32_t fnv1a32(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* "ctguard-<host>" as a DNS subdomain: lower case, other characters as '-'; a host name that
 * had to change gets a hash of the original, so that two hosts never share a report name. */
static int report_name(struct buf *b, const char *host)
{
	int e = buf_puts(b, NAME_PREFIX);
	bool changed = false;
	size_t start = b->len;
	for (const char *p = host; *p && e >= 0 && b->len - start < NODE_NAME_MAX; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
		if (!is_lower_alnum(c) && c != '.' && c != '-') {
			c = '-';
			changed = true;
		} else if (c != *p) {
			changed = true;
		}
		e = buf_putc(b, c);
	}
	if (e >= 0 && (changed || strlen(host) > NODE_NAME_MAX || !*host))
		e = buf_printf(b, "%s%08x", *host ? "-" : "", fnv1a32(host));
	while (e >= 0 && !is_lower_alnum(b->data[b->len - 1]))
		b->data[--b->len] = '\0';
	return e;
}

static const char *result_of(enum finding_status s)
{
	switch (s) {
	case FINDING_FAIL:
		return "fail";
	case FINDING_PASS:
		return "pass";
	case FINDING_WAIVED:
		return "skip";
	case FINDING_NOT_EVALUATED:
		break;
	}
	/* Unknown is never a pass: the rule could not be judged. */
	return "error";
}

static void summary_add(struct summary *s, const char *result)
{
	if (strcmp(result, "pass") == 0)
		s->pass++;
	else if (strcmp(result, "fail") == 0)
		s->fail++;
	else if (strcmp(result, "skip") == 0)
		s->skip++;
	else
		s->error++;
}

/* Both CRDs allow exactly ctguard's five severities; anything else is left out. */
static const char *severity_of(enum severity s)
{
	static const char *const allowed[] = {"info", "low", "medium", "high", "critical"};
	const char *n = severity_name(s);
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strcmp(n, allowed[i]) == 0)
			return n;
	return NULL;
}

/* A waiver's note as ctguard writes it: "waived by OWNER (FILE:LINE): REASON[ (until DATE)]".
 * Saved results carry only the note, so owner and reason are read back from it; a note of
 * another shape is the reason as a whole. */
static void waiver_fields(const char *note, struct buf *owner, struct buf *reason)
{
	static const char prefix[] = "waived by ", until[] = " (until YYYY-MM-DD)";
	const char *o = note + sizeof(prefix) - 1, *mark = NULL, *file = NULL, *open = NULL;
	if (strncmp(note, prefix, sizeof(prefix) - 1) == 0)
		for (const char *p = strstr(o, "): "); p && !mark; p = strstr(p + 1, "): ")) {
			const char *d = p;
			while (d > o && d[-1] >= '0' && d[-1] <= '9')
				d--;
			if (d < p && d > o && d[-1] == ':')
				mark = p, file = d - 1;
		}
	for (const char *q = o; mark && (q = strstr(q, " (")) && q < file; q++)
		open = q;
	if (!open) {
		buf_puts(reason, note);
		return;
	}
	buf_append(owner, o, (size_t)(open - o));
	const char *r = mark + 3;
	size_t rn = strlen(r), un = sizeof(until) - 1;
	if (rn >= un && strncmp(r + rn - un, until, 8) == 0 && r[rn - 1] == ')')
		rn -= un;
	buf_append(reason, r, rn);
}

static void kstr_nonempty(struct jsonw *w, const char *key, const char *s)
{
	if (s && *s)
		jsonw_kstr(w, key, s);
}

static void result_properties(struct jsonw *w, const struct audit_container *c, const char *host,
			      const struct finding *f)
{
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	jsonw_kstr(w, "node", host);
	kstr_nonempty(w, "containerID", facts_str(c->facts, F_CONTAINER_ID));
	kstr_nonempty(w, "containerName", facts_str(c->facts, F_CONTAINER_NAME));
	kstr_nonempty(w, "image", facts_str(c->facts, F_CONTAINER_IMAGE));
	kstr_nonempty(w, "runtime", facts_str(c->facts, F_CONTAINER_RUNTIME));
	const struct fact_value *cl = &c->facts->v[F_CONTAINER_CLAIMED];
	if (cl->known && cl->l.n) {
		_cleanup_free_ char *j = strv_join(&cl->l, ",");
		kstr_nonempty(w, "claimedIdentity", j);
	}
	jsonw_kstr(w, "status", finding_status_name(f->status));
	kstr_nonempty(w, "evidence", f->evidence);
	jsonw_kstr(w, "fingerprint", f->fingerprint);
	if (f->status == FINDING_WAIVED && f->note) {
		_cleanup_buf_ struct buf owner = BUF_INIT;
		_cleanup_buf_ struct buf reason = BUF_INIT;
		waiver_fields(f->note, &owner, &reason);
		jsonw_kstr(w, "owner", owner.len ? owner.data : c->scanner ? "ctguard" : "");
		jsonw_kstr(w, "reason", reason.data ? reason.data : "");
	} else if (f->status == FINDING_NOT_EVALUATED) {
		jsonw_kstr(w, "reason", "not evaluated: a fact the rule needs is unknown");
	}
	kstr_nonempty(w, "note", f->note);
	jsonw_obj_close(w);
}

static void pod_resource(struct jsonw *w, const struct facts *f)
{
	char uid[37];
	const char *name = facts_str(f, F_CONTAINER_NAME);
	jsonw_key(w, "resources");
	jsonw_arr_open(w);
	jsonw_obj_open(w);
	jsonw_kstr(w, "apiVersion", "v1");
	jsonw_kstr(w, "kind", "Pod");
	jsonw_kstr(w, "namespace", facts_str(f, F_CONTAINER_NAMESPACE));
	jsonw_kstr(w, "name", facts_str(f, F_CONTAINER_POD));
	if (pod_uid(f, uid))
		jsonw_kstr(w, "uid", uid);
	/* The sandbox (pause) container is named after its pod; it is no spec.containers entry. */
	if (*name && strcmp(name, facts_str(f, F_CONTAINER_POD)) != 0) {
		_cleanup_buf_ struct buf fp = BUF_INIT;
		if (buf_printf(&fp, "spec.containers{%s}", name) >= 0)
			jsonw_kstr(w, "fieldPath", fp.data);
	}
	jsonw_obj_close(w);
	jsonw_arr_close(w);
}

static void timestamp(struct jsonw *w, const struct audit_result *a)
{
	jsonw_key(w, "timestamp");
	jsonw_obj_open(w);
	jsonw_kint(w, "seconds", (int64_t)a->now);
	jsonw_kint(w, "nanos", 0);
	jsonw_obj_close(w);
}

static void write_result(struct jsonw *w, const struct audit_result *a,
			 const struct audit_container *c, const struct finding *f, bool pod,
			 struct summary *s)
{
	const char *result = result_of(f->status);
	const char *sev = severity_of(f->rule->severity);
	_cleanup_buf_ struct buf msg = BUF_INIT;
	if (f->status == FINDING_PASS || !f->evidence || !*f->evidence)
		buf_puts(&msg, f->rule->title);
	else
		buf_printf(&msg, "%s: %s", f->rule->title, f->evidence);
	jsonw_obj_open(w);
	jsonw_kstr(w, "source", "ctguard");
	jsonw_kstr(w, "policy", f->rule->pack && *f->rule->pack ? f->rule->pack : "ctguard");
	jsonw_kstr(w, "rule", f->rule->id);
	jsonw_kstr(w, "result", result);
	if (sev)
		jsonw_kstr(w, "severity", sev);
	jsonw_kbool(w, "scored", true);
	jsonw_kstr(w, "message", msg.data ? msg.data : f->rule->title);
	timestamp(w, a);
	if (pod)
		pod_resource(w, c->facts);
	result_properties(w, c, host_of(a, c), f);
	jsonw_obj_close(w);
	summary_add(s, result);
}

/* What the scan could not read: an error result of the node, never a silent gap. */
static void write_gap(struct jsonw *w, const struct audit_result *a, const struct gap *g,
		      struct summary *s)
{
	_cleanup_buf_ struct buf line = BUF_INIT;
	char pid[24];
	audit_gap_line(g, &line);
	snprintf(pid, sizeof(pid), "%d", (int)g->pid);
	jsonw_obj_open(w);
	jsonw_kstr(w, "source", "ctguard");
	jsonw_kstr(w, "policy", "ctguard");
	jsonw_kstr(w, "rule",
		   strcmp(g->what, "process") == 0 ? "unreadable-process" : "unreadable-container");
	jsonw_kstr(w, "result", "error");
	jsonw_kbool(w, "scored", true);
	jsonw_kstr(w, "message", line.data ? line.data : g->what);
	timestamp(w, a);
	jsonw_key(w, "properties");
	jsonw_obj_open(w);
	jsonw_kstr(w, "node", gap_host(a, g));
	jsonw_kstr(w, "pid", pid);
	jsonw_kstr(w, "what", g->what);
	kstr_nonempty(w, "containerID", g->container);
	jsonw_kstr(w, "reason", g->reason);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	summary_add(s, "error");
}

static void write_metadata(struct jsonw *w, const struct group *g)
{
	_cleanup_buf_ struct buf name = BUF_INIT;
	report_name(&name, g->host);
	jsonw_key(w, "metadata");
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", name.data ? name.data : NAME_PREFIX "node");
	if (g->ns)
		jsonw_kstr(w, "namespace", g->ns);
	jsonw_key(w, "labels");
	jsonw_obj_open(w);
	jsonw_kstr(w, "app.kubernetes.io/managed-by", "ctguard");
	jsonw_obj_close(w);
	jsonw_key(w, "annotations");
	jsonw_obj_open(w);
	jsonw_kstr(w, "ctguard.io/node", g->host);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

static void write_summary(struct jsonw *w, const struct summary *s)
{
	jsonw_key(w, "summary");
	jsonw_obj_open(w);
	jsonw_kint(w, "pass", (int64_t)s->pass);
	jsonw_kint(w, "fail", (int64_t)s->fail);
	jsonw_kint(w, "warn", (int64_t)s->warn);
	jsonw_kint(w, "error", (int64_t)s->error);
	jsonw_kint(w, "skip", (int64_t)s->skip);
	jsonw_obj_close(w);
}

/* JSON is YAML but for characters YAML readers refuse (C1 controls, U+FEFF, U+FFFE, U+FFFF) or
 * take as line breaks that fold a string (U+0085, U+2028, U+2029): such code points, which
 * only occur inside strings, are written as \u escapes, which mean the same in JSON and YAML. */
static void put_yaml_safe(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		unsigned cp = 0;
		size_t len = 0;
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			cp = p[i + 1], len = 2;
		else if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
			 (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
			cp = 0x2000u + (p[i + 2] - 0x80u), len = 3;
		else if (p[i] == 0xef && i + 2 < n &&
			 ((p[i + 1] == 0xbb && p[i + 2] == 0xbf) ||
			  (p[i + 1] == 0xbf && (p[i + 2] == 0xbe || p[i + 2] == 0xbf))))
			cp = ((p[i + 1] & 0x3fu) << 6 | (p[i + 2] & 0x3fu)) | 0xf000u, len = 3;
		if (len) {
			fprintf(out, "\\u%04x", cp);
			i += len - 1;
		} else {
			fputc(p[i], out);
		}
	}
}

static void write_json_doc(FILE *out, const struct audit_result *a, enum policyreport_flavor fl,
			   const struct group *g)
{
	bool open = fl == POLICYREPORT_OPENREPORTS;
	struct summary s = {0};
	struct jsonw w;
	jsonw_init(&w, out, true);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "apiVersion", open ? "openreports.io/v1alpha1" : "wgpolicyk8s.io/v1alpha2");
	jsonw_kstr(&w, "kind",
		   open ? (g->ns ? "Report" : "ClusterReport")
			: (g->ns ? "PolicyReport" : "ClusterPolicyReport"));
	write_metadata(&w, g);
	if (open)
		jsonw_kstr(&w, "source", "ctguard");
	if (!g->ns) {
		jsonw_key(&w, "scope");
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "apiVersion", "v1");
		jsonw_kstr(&w, "kind", "Node");
		jsonw_kstr(&w, "name", g->host);
		jsonw_obj_close(&w);
	}
	jsonw_key(&w, "results");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < a->n; i++) {
		const struct audit_container *c = &a->c[i];
		if (!in_group(a, c, g))
			continue;
		for (size_t k = 0; k < c->nfindings; k++)
			if (audit_shown(a, &c->findings[k]))
				write_result(&w, a, c, &c->findings[k], g->ns != NULL, &s);
	}
	for (size_t i = 0; !g->ns && a->gaps && i < a->gaps->n; i++)
		if (strcmp(gap_host(a, &a->gaps->v[i]), g->host) == 0)
			write_gap(&w, a, &a->gaps->v[i], &s);
	jsonw_arr_close(&w);
	write_summary(&w, &s);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

/* One document, "---" first. Returns 0 or -ENOMEM. */
static int write_doc(FILE *out, const struct audit_result *a, enum policyreport_flavor fl,
		     const struct group *g)
{
	_cleanup_free_ char *doc = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);
	if (!mem)
		return -ENOMEM;
	write_json_doc(mem, a, fl, g);
	bool bad = ferror(mem) != 0;
	if (fclose(mem) != 0 || bad || !doc)
		return -ENOMEM;
	fputs("---\n", out);
	put_yaml_safe(out, doc, len);
	return 0;
}

int policyreport_write(FILE *out, const struct audit_result *a, enum policyreport_flavor fl)
{
	struct groups gs = {0};
	int e = groups_collect(a, &gs);
	for (size_t i = 0; i < gs.n && e >= 0; i++)
		e = write_doc(out, a, fl, &gs.v[i]);
	free(gs.v);
	if (e < 0)
		return e;
	return ferror(out) ? -EIO : 0;
}

/* Writes every document of namespace ns (NULL: the cluster reports) to dir/file, atomically. */
static int write_file(int dfd, const char *dir, const char *file, const struct audit_result *a,
		      enum policyreport_flavor fl, const struct groups *gs, const char *ns,
		      struct error *err)
{
	_cleanup_buf_ struct buf tmp = BUF_INIT;
	if (buf_printf(&tmp, "%s/.%s.XXXXXX", dir, file) < 0)
		return -ENOMEM;
	int fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0)
		return error_set(err, -errno, "creating a file in '%s': %s", dir, strerror(errno));
	FILE *f = fdopen(fd, "w");
	if (!f) {
		int e = -errno;
		close(fd);
		unlink(tmp.data);
		return error_set(err, e, "writing '%s/%s': %s", dir, file, strerror(-e));
	}
	/* Readable by the publisher, which may run as another user. */
	int e = fchmod(fd, 0644) < 0 ? -errno : 0;
	for (size_t i = 0; i < gs->n && e >= 0; i++) {
		const char *gns = gs->v[i].ns;
		if (ns ? gns && strcmp(gns, ns) == 0 : !gns)
			e = write_doc(f, a, fl, &gs->v[i]);
	}
	errno = 0;
	if (e >= 0 && (fflush(f) != 0 || ferror(f) || fsync(fd) < 0))
		e = -(errno ? errno : EIO);
	if (fclose(f) != 0 && e >= 0)
		e = -errno;
	const char *base = strrchr(tmp.data, '/') + 1;
	if (e >= 0 && renameat(dfd, base, dfd, file) < 0)
		e = -errno;
	if (e < 0) {
		unlinkat(dfd, base, 0);
		return error_set(err, e, "writing '%s/%s': %s", dir, file, strerror(-e));
	}
	return 0;
}

/* The namespaces of ns-*.yaml files an earlier run left in dir. */
static int stale_namespaces(int dfd, const struct groups *gs, struct strv *out)
{
	int fd = fcntl(dfd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	struct dirent *de;
	int e = 0;
	while (e >= 0 && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n < 9 || strncmp(de->d_name, "ns-", 3) != 0 ||
		    strcmp(de->d_name + n - 5, ".yaml") != 0)
			continue;
		char ns[64];
		if (n - 8 >= sizeof(ns))
			continue;
		memcpy(ns, de->d_name + 3, n - 8);
		ns[n - 8] = '\0';
		bool current = false;
		for (size_t i = 0; i < gs->n && !current; i++)
			current = gs->v[i].ns && strcmp(gs->v[i].ns, ns) == 0;
		if (dns_label(ns) && !current)
			e = strv_push_unique(out, ns);
	}
	return e;
}

static int add_stale(struct groups *gs, const struct strv *stale)
{
	size_t hosts = gs->n;
	int e = 0;
	for (size_t k = 0; k < stale->n && e >= 0; k++)
		for (size_t i = 0; i < hosts && e >= 0; i++)
			if (!gs->v[i].ns)
				e = group_add(gs, gs->v[i].host, stale->v[k]);
	return e;
}

int policyreport_write_dir(const char *dir, const struct audit_result *a,
			   enum policyreport_flavor fl, struct error *err)
{
	_cleanup_close_ int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return error_set(err, -errno, "opening '%s': %s", dir, strerror(errno));
	struct groups gs = {0};
	_cleanup_strv_ struct strv stale = STRV_INIT;
	_cleanup_strv_ struct strv done = STRV_INIT;
	int e = groups_collect(a, &gs);
	if (e >= 0)
		e = stale_namespaces(dfd, &gs, &stale);
	if (e >= 0)
		e = add_stale(&gs, &stale);
	if (e < 0) {
		free(gs.v);
		return error_set(err, e, "listing '%s': %s", dir, strerror(-e));
	}
	e = write_file(dfd, dir, "cluster.yaml", a, fl, &gs, NULL, err);
	for (size_t i = 0; i < gs.n && e >= 0; i++) {
		const char *ns = gs.v[i].ns;
		if (!ns || strv_contains(&done, ns))
			continue;
		_cleanup_buf_ struct buf file = BUF_INIT;
		if (buf_printf(&file, "ns-%s.yaml", ns) < 0 || strv_push(&done, ns) < 0)
			e = error_set(err, -ENOMEM, "out of memory");
		else
			e = write_file(dfd, dir, file.data, a, fl, &gs, ns, err);
	}
	free(gs.v);
	return e;
}
