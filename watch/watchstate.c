/* The reconciliation of `ctguard watch` (watch/watchstate.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "kernel/status.h"
#include "watch/watchstate.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

int proc_ref_read(pid_t pid, struct proc_ref *out)
{
	char path[64];
	_cleanup_buf_ struct buf b = BUF_INIT;
	*out = (struct proc_ref){0};
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	int r = fileio_read_at(AT_FDCWD, path, 64 << 10, &b);
	if (r < 0)
		return r;
	struct proc_status st;
	if (status_parse(b.data, &st) < 0)
		return -EINVAL;
	out->cap_eff = st.cap_eff;
	out->cap_prm = st.cap_prm;
	out->cap_bnd = st.cap_bnd;
	out->euid = st.uid[1];
	out->seccomp = st.seccomp;
	snprintf(out->comm, sizeof(out->comm), "%s", st.name);
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	_cleanup_close_ int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (int t = 0; t < NS__COUNT; t++)
		ns_read(fd, (enum ns_type)t, &out->ns[t]);
	/* Without the pid and mount namespaces the process cannot be placed. */
	return out->ns[NS_PID] && out->ns[NS_MNT] ? 0 : -EACCES;
}

unsigned long long proc_start_time(pid_t pid)
{
	char path[64];
	_cleanup_buf_ struct buf b = BUF_INIT;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (fileio_read_at(AT_FDCWD, path, 4096, &b) < 0 || !b.data)
		return 0;
	/* The command may hold spaces and parentheses: fields count from the last ')'. */
	const char *p = strrchr(b.data, ')');
	unsigned long long start = 0;
	char state = 0;
	if (!p || sscanf(p + 2,
			 "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d "
			 "%*d %*d %*d %llu",
			 &state, &start) != 2)
		return 0;
	/* A zombie has left its namespaces already (their inodes may be reused): gone. */
	return state == 'Z' || state == 'X' ? 0 : start;
}

static char *fact_dup(const struct facts *f, enum fact_id id)
{
	const struct fact_value *v = &f->v[id];
	return v->known && v->u.s && *v->u.s ? strdup(v->u.s) : NULL;
}

static void event_of(const struct watch_state *s, const struct watch_container *c,
		     enum event_type t, struct event *e)
{
	*e = (struct event){.type = t, .hostname = s->hostname, .severity = SEV_INFO};
	clock_gettime(CLOCK_REALTIME, &e->time);
	e->c = (struct event_container){c->id,	   c->name,    c->image, c->runtime,
					c->k8s_ns, c->k8s_pod, c->init};
}

static void findings_release(struct watch_finding *f, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(f[k].rule);
		free(f[k].title);
		free(f[k].evidence);
	}
	free(f);
}

/* w as the failing finding f (with its evidence: held findings only). Returns 0 or -ENOMEM. */
static int finding_keep(struct watch_finding *w, const struct finding *f, bool evidence)
{
	memcpy(w->fp, f->fingerprint, sizeof(w->fp));
	w->rule = strdup(f->rule->id);
	w->title = strdup(f->rule->title ? f->rule->title : "");
	w->evidence = evidence ? strdup(f->evidence ? f->evidence : "") : NULL;
	w->sev = f->rule->severity;
	return w->rule && w->title && (!evidence || w->evidence) ? 0 : -ENOMEM;
}

static void held_release(struct watch_container *c)
{
	findings_release(c->held, c->nheld);
	c->held = NULL;
	c->nheld = 0;
}

static void container_release(struct watch_container *c)
{
	held_release(c);
	findings_release(c->f, c->nf);
	free(c->id);
	free(c->name);
	free(c->image);
	free(c->runtime);
	free(c->k8s_ns);
	free(c->k8s_pod);
	strv_free(&c->execs);
}

/* A finding that no longer fails (the container stopped, or a re-audit passes). */
static void emit_fixed(struct watch_state *s, const struct watch_container *c,
		       const struct watch_finding *f, const char *why)
{
	struct event e;
	event_of(s, c, EVENT_FINDING_FIXED, &e);
	e.severity = f->sev;
	e.rule_id = f->rule;
	e.title = f->title;
	e.fingerprint = f->fp;
	e.reason = why;
	s->emit(&e, s->ctx);
}

static void announce(struct watch_state *s, struct watch_container *c);

static void emit_gone(struct watch_state *s, struct watch_container *c)
{
	if (!c->announced) {
		/* gone before a runtime named it: said all the same, with what its audits found */
		announce(s, c);
		for (size_t k = 0; k < c->nheld; k++) {
			struct event e;
			event_of(s, c, EVENT_FINDING, &e);
			e.severity = c->held[k].sev;
			e.rule_id = c->held[k].rule;
			e.title = c->held[k].title;
			e.evidence = c->held[k].evidence ? c->held[k].evidence : "";
			e.fingerprint = c->held[k].fp;
			s->emit(&e, s->ctx);
		}
		for (size_t k = 0; k < c->nheld; k++)
			emit_fixed(s, c, &c->held[k], "the container is gone");
		held_release(c);
	}
	for (size_t k = 0; k < c->nf; k++)
		emit_fixed(s, c, &c->f[k], "the container is gone");
	struct event e;
	event_of(s, c, EVENT_CONTAINER_GONE, &e);
	s->emit(&e, s->ctx);
}

static struct watch_container *find(struct watch_state *s, pid_t init, unsigned long long start)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].init == init && s->c[i].start == start)
			return &s->c[i];
	return NULL;
}

static struct watch_container *add(struct watch_state *s, const struct facts *f, pid_t init,
				   unsigned long long start)
{
	struct watch_container *n = realloc(s->c, (s->n + 1) * sizeof(*s->c));
	if (!n)
		return NULL;
	s->c = n;
	struct watch_container *c = &s->c[s->n++];
	*c = (struct watch_container){.init = init, .start = start};
	c->id = fact_dup(f, F_CONTAINER_ID);
	c->name = fact_dup(f, F_CONTAINER_NAME);
	c->image = fact_dup(f, F_CONTAINER_IMAGE);
	c->runtime = fact_dup(f, F_CONTAINER_RUNTIME);
	c->k8s_ns = fact_dup(f, F_CONTAINER_NAMESPACE);
	c->k8s_pod = fact_dup(f, F_CONTAINER_POD);
	c->ref_ok = proc_ref_read(init, &c->ref) == 0;
	return c;
}

static bool had(const struct watch_container *c, const char *fp)
{
	for (size_t k = 0; k < c->nf; k++)
		if (strcmp(c->f[k].fp, fp) == 0)
			return true;
	return false;
}

static bool fails_now(const struct audit_container *ac, const char *fp)
{
	for (size_t k = 0; k < ac->nfindings; k++)
		if (ac->findings[k].status == FINDING_FAIL &&
		    strcmp(ac->findings[k].fingerprint, fp) == 0)
			return true;
	return false;
}

/* The container's failing findings now, as a new list; events for the new and fixed. */
static int diff_findings(struct watch_state *s, struct watch_container *c,
			 const struct audit_container *ac)
{
	struct watch_finding *nf = calloc(ac->nfindings ? ac->nfindings : 1, sizeof(*nf));
	size_t n = 0;
	if (!nf)
		return -ENOMEM;
	for (size_t k = 0; k < ac->nfindings; k++) {
		const struct finding *f = &ac->findings[k];
		if (f->status != FINDING_FAIL)
			continue;
		struct watch_finding *w = &nf[n++];
		if (finding_keep(w, f, false) < 0) {
			findings_release(nf, n);
			return -ENOMEM;
		}
		if (had(c, w->fp))
			continue;
		struct event e;
		event_of(s, c, EVENT_FINDING, &e);
		e.severity = f->rule->severity;
		e.rule = f->rule;
		e.evidence = f->evidence ? f->evidence : "";
		e.fingerprint = f->fingerprint;
		s->emit(&e, s->ctx);
	}
	for (size_t k = 0; k < c->nf; k++)
		if (!fails_now(ac, c->f[k].fp))
			emit_fixed(s, c, &c->f[k], "a re-audit passes");
	findings_release(c->f, c->nf);
	c->f = nf;
	c->nf = n;
	return 0;
}

/* Every gap not reported before: an event (the container could not be read, wholly or in
 * part). */
static void report_gaps(struct watch_state *s, const struct gaps *g, bool partial)
{
	struct strv now = STRV_INIT;
	/* A partial audit saw only some containers: what was reported before stays reported. */
	for (size_t i = 0; partial && i < s->gaps_seen.n; i++)
		strv_push(&now, s->gaps_seen.v[i]);
	for (size_t i = 0; g && i < g->n; i++) {
		const struct gap *x = &g->v[i];
		char key[256];
		snprintf(key, sizeof(key), "%d|%s|%s|%llu", (int)x->pid, x->what, x->container,
			 x->pid > 0 ? proc_start_time(x->pid) : 0ull);
		bool seen = strv_contains(&s->gaps_seen, key);
		if (!partial || !seen)
			strv_push(&now, key);
		if (seen)
			continue;
		struct watch_container tmp = {.init = x->pid};
		tmp.id = x->container[0] ? (char *)x->container : NULL;
		struct event e;
		event_of(s, &tmp, EVENT_CONTAINER_UNREADABLE, &e);
		e.severity = SEV_MEDIUM;
		char why[400];
		snprintf(why, sizeof(why), "%s not read: %s (%s)", x->what, x->detail, x->reason);
		e.reason = why;
		s->emit(&e, s->ctx);
	}
	strv_free(&s->gaps_seen);
	s->gaps_seen = now;
}

/* Seconds since the process started (start: clock ticks after boot). */
static double age_of(unsigned long long start)
{
	struct timespec now;
	clock_gettime(CLOCK_BOOTTIME, &now);
	long hz = sysconf(_SC_CLK_TCK);
	return (double)now.tv_sec + now.tv_nsec / 1e9 - (double)start / (double)(hz > 0 ? hz : 100);
}

/* Whether a runtime (or the container's own labels) named it: else it may be a runtime that
 * has not written its state yet. */
static bool identified(const struct facts *f)
{
	const struct fact_value *rt = &f->v[F_CONTAINER_RUNTIME];
	return rt->known && rt->u.s && *rt->u.s && strcmp(rt->u.s, "unknown") != 0;
}

/* Takes the names of f (they may have become known since the container was first seen). */
static void refresh_identity(struct watch_container *c, const struct facts *f)
{
	char **fields[] = {&c->id, &c->name, &c->image, &c->runtime, &c->k8s_ns, &c->k8s_pod};
	enum fact_id ids[] = {F_CONTAINER_ID,	   F_CONTAINER_NAME,	  F_CONTAINER_IMAGE,
			      F_CONTAINER_RUNTIME, F_CONTAINER_NAMESPACE, F_CONTAINER_POD};
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		char *v = fact_dup(f, ids[i]);
		if (!v)
			continue;
		free(*fields[i]);
		*fields[i] = v;
	}
}

static void announce(struct watch_state *s, struct watch_container *c)
{
	struct event e;
	event_of(s, c, EVENT_CONTAINER_APPEARED, &e);
	s->emit(&e, s->ctx);
	c->announced = true;
}

/* Keeps the failing findings of a container held back (the latest audit's). */
static int hold(struct watch_container *c, const struct audit_container *ac)
{
	held_release(c);
	struct watch_finding *h = calloc(ac->nfindings ? ac->nfindings : 1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	size_t n = 0;
	for (size_t k = 0; k < ac->nfindings; k++) {
		const struct finding *f = &ac->findings[k];
		if (f->status != FINDING_FAIL)
			continue;
		if (finding_keep(&h[n++], f, true) < 0) {
			findings_release(h, n);
			return -ENOMEM;
		}
	}
	c->held = h;
	c->nheld = n;
	return 0;
}

static int reconcile(struct watch_state *s, const struct audit_container *ac)
{
	const struct fact_value *pid = &ac->facts->v[F_CONTAINER_PID];
	pid_t init = pid->known ? (pid_t)pid->u.i : 0;
	unsigned long long start = init > 0 ? proc_start_time(init) : 0;
	if (init > 0 && !start)
		return 0; /* its init exited during the audit: the container is gone */
	struct watch_container *c = find(s, init, start);
	if (!c && !(c = add(s, ac->facts, init, start)))
		return -ENOMEM;
	c->seen = true;
	if (!c->announced) {
		refresh_identity(c, ac->facts);
		if (!identified(ac->facts) && start && age_of(start) < WATCH_RESOLVE_S)
			return hold(c, ac); /* counted in s->unresolved */
		held_release(c);
		announce(s, c);
	}
	return diff_findings(s, c, ac);
}

uint64_t watch_container_key(const struct watch_state *s, const struct watch_container *c)
{
	if (!c->ref_ok)
		return c->key;
	return c->ref.ns[NS_PID] != s->host.ns[NS_PID] ? c->ref.ns[NS_PID] : c->ref.ns[NS_MNT];
}

/* Whether a container that res lacks is gone: in a full audit always, in a partial one when
 * its group was audited. */
static bool in_scope(const struct watch_state *s, const struct watch_container *c,
		     const uint64_t *keys, size_t nkeys)
{
	if (!nkeys)
		return true;
	uint64_t k = watch_container_key(s, c);
	for (size_t i = 0; k && i < nkeys; i++)
		if (keys[i] == k)
			return true;
	return false;
}

int watch_state_update(struct watch_state *s, const struct audit_result *res,
		       const struct gaps *gaps, const uint64_t *keys, size_t nkeys)
{
	for (size_t i = 0; i < s->n; i++)
		s->c[i].seen = false;
	s->unresolved = 0;
	for (size_t i = 0; i < res->n; i++)
		if (reconcile(s, &res->c[i]) < 0)
			return -ENOMEM;
	size_t keep = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (s->c[i].seen || !in_scope(s, &s->c[i], keys, nkeys)) {
			s->c[keep++] = s->c[i];
			continue;
		}
		emit_gone(s, &s->c[i]);
		container_release(&s->c[i]);
	}
	s->n = keep;
	report_gaps(s, gaps, nkeys > 0);
	s->unresolved = 0;
	for (size_t i = 0; i < s->n; i++)
		s->unresolved += !s->c[i].announced;
	return 0;
}

struct watch_container *watch_state_by_init(struct watch_state *s, pid_t pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].init == pid)
			return &s->c[i];
	return NULL;
}

struct watch_container *watch_state_by_ns(struct watch_state *s, const struct proc_ref *p)
{
	bool host_pid = p->ns[NS_PID] == s->host.ns[NS_PID];
	int by = host_pid ? NS_MNT : NS_PID;
	if (host_pid && p->ns[NS_MNT] == s->host.ns[NS_MNT])
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].ref_ok && s->c[i].ref.ns[by] == p->ns[by] &&
		    s->c[i].ref.ns[by] != s->host.ns[by])
			return &s->c[i];
	return NULL;
}

static void cap_list(struct buf *out, const char *what, uint64_t more)
{
	if (!more)
		return;
	buf_printf(out, "%s%s:", out->len ? "; " : "", what);
	for (int bit = 0; bit < 64; bit++)
		if (more & (1ull << bit))
			buf_printf(out, " %s", caps_name(bit) ? caps_name(bit) : "?");
}

/* What p holds that the init r does not; empty when nothing. The bounding set counts: a
 * process whose bounding set is wider gains those capabilities through a set-user-ID or
 * file-capability binary, as a non-root `exec --privileged` does. */
static void escalation(const struct watch_state *s, const struct proc_ref *r,
		       const struct proc_ref *p, struct buf *out)
{
	uint64_t eff = (p->cap_eff | p->cap_prm) & ~(r->cap_eff | r->cap_prm);
	cap_list(out, "capabilities the init lacks", eff);
	cap_list(out, "a bounding set wider than the init's", p->cap_bnd & ~r->cap_bnd & ~eff);
	if (p->euid < r->euid)
		buf_printf(out, "%suid %u (the init's: %u)", out->len ? "; " : "", p->euid,
			   r->euid);
	if (p->seccomp == 0 && r->seccomp > 0)
		buf_printf(out, "%sno seccomp filter (the init has one)", out->len ? "; " : "");
	for (int i = 0; i < NS__COUNT; i++)
		if (p->ns[i] && r->ns[i] && p->ns[i] == s->host.ns[i] && r->ns[i] != s->host.ns[i])
			buf_printf(out, "%sthe host's %s namespace (the init has its own)",
				   out->len ? "; " : "", ns_name((enum ns_type)i));
}

bool watch_state_exec(struct watch_state *s, struct watch_container *c, pid_t pid,
		      const struct proc_ref *p)
{
	if (!c->ref_ok || pid == c->init)
		return false;
	_cleanup_buf_ struct buf why = BUF_INIT;
	escalation(s, &c->ref, p, &why);
	if (!why.len)
		return false;
	/* A process that execs again (a shell running a command) is reported once. */
	char key[64];
	snprintf(key, sizeof(key), "%d:%llu", (int)pid, proc_start_time(pid));
	if (strv_contains(&c->execs, key))
		return false;
	if (c->execs.n > 256)
		strv_free(&c->execs);
	strv_push(&c->execs, key);
	struct event e;
	event_of(s, c, EVENT_ESCALATING_EXEC, &e);
	e.severity = SEV_CRITICAL;
	e.exec_pid = pid;
	e.exec_comm = p->comm;
	e.evidence = why.data;
	s->emit(&e, s->ctx);
	return true;
}

/* Docker's and containerd's default capabilities (moby's oci/caps/defaults.go): what a
 * default container holds, beyond which a short-lived one is privileged. */
static const char *const default_caps[] = {"CAP_CHOWN",
					   "CAP_DAC_OVERRIDE",
					   "CAP_FSETID",
					   "CAP_FOWNER",
					   "CAP_MKNOD",
					   "CAP_NET_RAW",
					   "CAP_SETGID",
					   "CAP_SETUID",
					   "CAP_SETFCAP",
					   "CAP_SETPCAP",
					   "CAP_NET_BIND_SERVICE",
					   "CAP_SYS_CHROOT",
					   "CAP_KILL",
					   "CAP_AUDIT_WRITE",
					   NULL};

void proc_ref_worst(struct proc_ref *into, const struct proc_ref *other,
		    const struct proc_ref *host)
{
	into->cap_eff |= other->cap_eff;
	into->cap_prm |= other->cap_prm;
	into->cap_bnd |= other->cap_bnd;
	if (other->euid < into->euid)
		into->euid = other->euid;
	if (other->seccomp < into->seccomp)
		into->seccomp = other->seccomp;
	for (int t = 0; t < NS__COUNT; t++)
		if (other->ns[t] && (!into->ns[t] || other->ns[t] == host->ns[t]))
			into->ns[t] = other->ns[t];
}

enum severity watch_state_missed(struct watch_state *s, pid_t pid, const struct proc_ref *p)
{
	_cleanup_buf_ struct buf why = BUF_INIT;
	enum severity sev = SEV_MEDIUM;
	if (!p) {
		buf_puts(&why, "it exited before its state could be read: not judged");
	} else {
		uint64_t dflt = 0;
		for (size_t i = 0; default_caps[i]; i++)
			dflt |= UINT64_C(1) << caps_from_name(default_caps[i]);
		/* The bounding set counts: a set-user-ID or file-capability binary turns it into
		 * capabilities (docker run --cap-add SYS_ADMIN --user 1000 holds none at exec). */
		uint64_t held = p->cap_eff | p->cap_prm | p->cap_bnd;
		/* In a user namespace of its own and not the host's root, its capabilities and the
		 * host namespaces it shares give it nothing over the host (any user can make one).
		 */
		bool confined =
		    p->ns[NS_USER] && p->ns[NS_USER] != s->host.ns[NS_USER] && p->euid != 0;
		buf_printf(&why, "uid %u on the host%s", p->euid,
			   confined ? ", in a user namespace of its own" : "");
		cap_list(&why, "capabilities beyond the default set", held & ~dflt);
		if (!held)
			buf_puts(&why, "; no capabilities");
		bool critical = !confined && (held & ~dflt) != 0, warn = false;
		if (p->seccomp == 0) {
			buf_puts(&why, "; no seccomp filter");
			critical |= !confined;
			warn = true;
		}
		/* The host's network, IPC or mount namespace is critical (PSS's hostNetwork and
		 * hostIPC, the host's file systems); its UTS or cgroup one is said; its user one
		 * is every rootful container's, and the uid above says what it means. */
		static const enum ns_type said[] = {NS_NET, NS_IPC, NS_MNT, NS_UTS, NS_CGROUP};
		for (size_t i = 0; i < ARRAY_SIZE(said); i++) {
			enum ns_type t = said[i];
			if (!p->ns[t] || p->ns[t] != s->host.ns[t])
				continue;
			buf_printf(&why, "; the host's %s namespace", ns_name(t));
			critical |= !confined && (t == NS_NET || t == NS_IPC || t == NS_MNT);
		}
		sev = critical ? SEV_CRITICAL : p->euid == 0 || warn ? SEV_MEDIUM : SEV_LOW;
	}
	struct event e = {.type = EVENT_CONTAINER_MISSED, .hostname = s->hostname, .severity = sev};
	clock_gettime(CLOCK_REALTIME, &e.time);
	e.exec_pid = pid;
	e.exec_comm = p ? p->comm : NULL;
	e.evidence = why.data ? why.data : "";
	s->emit(&e, s->ctx);
	return sev;
}

void watch_state_free(struct watch_state *s)
{
	for (size_t i = 0; i < s->n; i++)
		container_release(&s->c[i]);
	free(s->c);
	s->c = NULL;
	s->n = 0;
	strv_free(&s->gaps_seen);
}
