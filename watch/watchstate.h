/* What `ctguard watch` knows between audits: the containers it has reported, each with its
 * failing findings (by fingerprint, so an unchanged finding is never repeated), and the state
 * of its init that an exec'd process is compared with. watch_state_update reconciles it with a
 * fresh audit and emits the differences as events. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "audit/gaps.h"
#include "kernel/ns.h"
#include "lib/strv.h"
#include "report/audit.h"
#include "report/event.h"

/* What decides whether a process holds more than its container's init. */
struct proc_ref {
	uint64_t cap_eff, cap_prm, cap_bnd;
	uint32_t euid;		/* host view */
	int seccomp;		/* 0 none, 1 strict, 2 filter */
	uint64_t ns[NS__COUNT]; /* 0: unknown */
	char comm[64];
};

struct watch_finding {
	char fp[17];
	char *rule, *title;
	enum severity sev;
	char *evidence; /* held findings only (below) */
};

struct watch_container {
	pid_t init;
	unsigned long long start; /* the init's start time: with init, the key */
	char *id, *name, *image, *runtime, *k8s_ns, *k8s_pod;
	struct proc_ref ref; /* the init's, when ref_ok */
	bool ref_ok;
	uint64_t key; /* its group as the scan saw it (0: unknown; the init's namespaces first) */
	struct watch_finding *f;
	size_t nf;
	/* The failing findings of a container held back (not announced: no runtime names it
	 * yet), not emitted: if it is gone before it is named, they are said with it. */
	struct watch_finding *held;
	size_t nheld;
	bool seen;	   /* in the audit being reconciled */
	bool announced;	   /* its container-appeared event went out */
	struct strv execs; /* "pid:start" of processes already reported as escalating */
};

/* Receives every event (the caller formats and sends it). */
typedef void (*watch_emit_fn)(const struct event *e, void *ctx);

struct watch_state {
	struct watch_container *c;
	size_t n;
	struct strv gaps_seen; /* gaps already reported (by pid, what and container) */
	size_t unresolved;     /* containers held back until their runtime names them */
	const char *hostname;
	struct proc_ref host; /* the host's namespaces (audit/host.c's reference) */
	watch_emit_fn emit;
	void *ctx;
};

/* Reads pid's status and namespaces from /proc. Returns 0 or a negative errno. */
int proc_ref_read(pid_t pid, struct proc_ref *out);
/* The start time of pid (field 22 of /proc/PID/stat); 0 when it cannot be read or pid is a
 * zombie (it has left its namespaces). */
unsigned long long proc_start_time(pid_t pid);

/* Reconciles s with res (every container this host runs now, and what could not be read):
 * appeared and gone containers, new and fixed findings, new gaps. With nkeys > 0, res is the
 * audit of the groups keys names only (audit/host.h, host_scan_some): a known container of
 * another group is left as it is, one of these groups that res lacks is gone, and gaps are
 * added to those already reported rather than replacing them. A container that started
 * under WATCH_RESOLVE_S ago and that no runtime names yet (its runtime writes its state just
 * after the init execs) is held back, s->unresolved counts them: the caller re-audits soon, so
 * its events carry its name and its findings' fingerprints are the lasting ones. Returns 0 or
 * -ENOMEM. */
#define WATCH_RESOLVE_S 2.0
int watch_state_update(struct watch_state *s, const struct audit_result *res,
		       const struct gaps *gaps, const uint64_t *keys, size_t nkeys);
/* The group key of c (its init's pid namespace, or in the host's pid namespace its mount
 * namespace); when its init's namespaces could not be read, c->key; else 0. */
uint64_t watch_container_key(const struct watch_state *s, const struct watch_container *c);
/* The container whose init is pid (a thread group leader), or NULL. */
struct watch_container *watch_state_by_init(struct watch_state *s, pid_t pid);
/* The container a process with these namespaces belongs to (its pid namespace, or for a
 * process in the host's pid namespace its mount namespace), or NULL. */
struct watch_container *watch_state_by_ns(struct watch_state *s, const struct proc_ref *p);
/* Compares an exec'd process with its container's init and emits an escalating-exec event
 * when it holds capabilities the init lacks, a lower uid, no seccomp filter where the init has
 * one, or a host namespace the init does not share. Returns true when it emitted one. */
bool watch_state_exec(struct watch_state *s, struct watch_container *c, pid_t pid,
		      const struct proc_ref *p);
/* Merges other into into: the most privilege of the two (capabilities of every set, the lower
 * uid, the weaker seccomp mode, a namespace of the host's where either had it). */
void proc_ref_worst(struct proc_ref *into, const struct proc_ref *other,
		    const struct proc_ref *host);
/* A container (a private pid namespace) that came and went before its audit: p is the most
 * privilege its processes held at the execs read (proc_ref_worst of them; NULL when none could
 * be read), pid the last of them. Capabilities beyond Docker's and containerd's default set (the
 * bounding set included), no seccomp filter or the host's network, IPC or mount namespace are
 * critical; the host's uid 0 (or no filter in a user namespace of its own) otherwise medium,
 * else low; in a user namespace of its own as a uid other than the host's root, capabilities and
 * shared namespaces are not the host's: not critical. Unread: medium (unknown is never a pass).
 * Emits a container-missed event and returns its severity. */
enum severity watch_state_missed(struct watch_state *s, pid_t pid, const struct proc_ref *p);
void watch_state_free(struct watch_state *s);
