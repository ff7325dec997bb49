/* Rules from an enforcement policy, built in memory: the conditions the YAML rule language would
 * write, so they are judged (three-valued, with evidence) by the same evaluator. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/caps.h"
#include "kernel/ns.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "policy/policyrules.h"

#define PR_MAX 24

struct gen {
	const struct launch_policy *p;
	struct rule r[PR_MAX];
	size_t n;
	bool ok; /* false after an allocation failed */
};

static char *gdup(struct gen *g, const char *s)
{
	char *c = strdup(s ? s : "");
	if (!c)
		g->ok = false;
	return c;
}

static struct cond c_bool(enum fact_id id, bool v)
{
	return (struct cond){.kind = COND_FACT,
			     .fact = id,
			     .op = OP_EQUALS,
			     .want_type = FACT_BOOL,
			     .want = {.known = true, .u.b = v}};
}

static struct cond c_int(enum fact_id id, enum cond_op op, int64_t v)
{
	return (struct cond){.kind = COND_FACT,
			     .fact = id,
			     .op = op,
			     .want_type = FACT_INT,
			     .want = {.known = true, .u.i = v}};
}

static struct cond c_str(struct gen *g, enum fact_id id, enum cond_op op, const char *s)
{
	return (struct cond){.kind = COND_FACT,
			     .fact = id,
			     .op = op,
			     .want_type = FACT_STRING,
			     .want = {.known = true, .u.s = gdup(g, s)}};
}

/* The list fact holds something (not_empty: true). */
static struct cond c_not_empty(enum fact_id id)
{
	return (struct cond){.kind = COND_FACT,
			     .fact = id,
			     .op = OP_NOT_EMPTY,
			     .want_type = FACT_BOOL,
			     .want = {.known = true, .u.b = true}};
}

static struct cond c_subset(struct gen *g, enum fact_id id, const struct strv *allowed)
{
	struct cond c = {.kind = COND_FACT,
			 .fact = id,
			 .op = OP_SUBSET_OF,
			 .want_type = FACT_LIST,
			 .want = {.known = true}};
	if (strv_copy(&c.want.l, allowed) < 0)
		g->ok = false;
	return c;
}

/* The list fact holds one of want (contains_any). */
static struct cond c_any_of(struct gen *g, enum fact_id id, const struct strv *want)
{
	struct cond c = c_subset(g, id, want);
	c.op = OP_CONTAINS_ANY;
	return c;
}

/* A string fact matching an extended regular expression (compiled as the rule loader does). */
static struct cond c_match(struct gen *g, enum fact_id id, const char *re)
{
	struct cond c = c_str(g, id, OP_MATCHES, re);
	if (c.want.u.s && regcomp(&c.re, c.want.u.s, REG_EXTENDED | REG_NOSUB) == 0)
		c.has_re = true;
	else
		g->ok = false;
	return c;
}

static struct cond c_group(struct gen *g, enum cond_kind kind, const struct cond *subs, size_t n)
{
	struct cond c = {.kind = kind, .fact = F__COUNT};
	c.sub = calloc(n, sizeof(*c.sub));
	if (!c.sub) {
		g->ok = false;
		return c;
	}
	memcpy(c.sub, subs, n * sizeof(*subs));
	c.nsub = n;
	return c;
}

static struct cond c_not(struct gen *g, struct cond sub)
{
	return c_group(g, COND_NOT, &sub, 1);
}

static void add(struct gen *g, const char *id, const char *title, const char *description,
		const char *remediation, struct cond when)
{
	struct rule *r = &g->r[g->n++];
	*r = (struct rule){.severity = SEV_HIGH, .when = when};
	r->id = gdup(g, id);
	r->title = gdup(g, title);
	r->description = gdup(g, description);
	r->remediation = gdup(g, remediation);
	r->pack = gdup(g, "policy");
	r->file = gdup(g, g->p->file);
	r->refs = calloc(1, sizeof(*r->refs));
	if (!r->refs) {
		g->ok = false;
		return;
	}
	r->nrefs = 1;
	r->refs[0].key = gdup(g, "policy");
	r->refs[0].value = gdup(g, g->p->file);
}

static void rule_user(struct gen *g)
{
	if (g->p->allow_root)
		return; /* the gate lets any user run, root too */
	struct cond any[] = {c_int(F_USER_UID, OP_EQUALS, 0), c_int(F_USER_EUID, OP_EQUALS, 0)};
	char rem[256];
	snprintf(rem, sizeof(rem),
		 "Run as a user other than root (podman/docker --user UID, Kubernetes runAsUser), "
		 "or launch through the gate, which replaces uid 0 by the policy's user '%.64s'.",
		 g->p->user ? g->p->user : "65534");
	add(g, "policy.user", "Does not run as root (the policy's allow_root: false)",
	    "The policy refuses uid 0: the container's init must not run with real or effective "
	    "uid 0 inside its user namespace.",
	    rem, c_group(g, COND_ANY, any, ARRAY_SIZE(any)));
}

static void rule_caps(struct gen *g)
{
	_cleanup_strv_ struct strv keep = STRV_INIT;
	if (caps_mask_to_strv(g->p->caps_keep, &keep) < 0) {
		g->ok = false;
		return;
	}
	/* The gate removes every capability it does not keep from all five sets (bounding
	 * included, so none can come back through a file capability): each set is judged. */
	static const enum fact_id sets[] = {F_CAPS_EFFECTIVE, F_CAPS_PERMITTED, F_CAPS_INHERITABLE,
					    F_CAPS_BOUNDING, F_CAPS_AMBIENT};
	struct cond any[ARRAY_SIZE(sets)];
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++)
		any[i] = c_not(g, c_subset(g, sets[i], &keep));
	_cleanup_free_ char *list = keep.n ? strv_join(&keep, ", ") : strdup("none");
	char title[1024];
	snprintf(title, sizeof(title), "Capabilities within the policy's kept set (%s)",
		 list ? list : "?");
	add(g, "policy.caps", title,
	    "Every capability set of the container's init (effective, permitted, inheritable, "
	    "bounding, ambient) holds only capabilities the policy keeps.",
	    "Drop the others (podman/docker --cap-drop=all --cap-add=...; Kubernetes "
	    "capabilities.drop: [ALL]), or launch through the gate.",
	    c_group(g, COND_ANY, any, ARRAY_SIZE(any)));
}

static void rule_nnp(struct gen *g)
{
	if (!g->p->no_new_privs)
		return;
	add(g, "policy.no_new_privs", "no_new_privs is set (the policy's no_new_privileges)",
	    "Set-user-ID binaries and file capabilities must grant nothing inside.",
	    "podman/docker --security-opt no-new-privileges; Kubernetes "
	    "allowPrivilegeEscalation: false.",
	    c_bool(F_NO_NEW_PRIVS, false));
}

static void rule_seccomp(struct gen *g)
{
	const char *s = g->p->seccomp;
	if (!s || strcmp(s, "none") == 0)
		return;
	char title[512];
	snprintf(title, sizeof(title),
		 "A seccomp filter is attached (the policy's profile '%.400s')", s);
	add(g, "policy.seccomp", title,
	    "The policy names a seccomp profile: the container's init must run under a seccomp "
	    "filter. Which filter is not judged here (see ctguard seccomp diff).",
	    "Do not run with seccomp=unconfined or --privileged; Kubernetes seccompProfile "
	    "RuntimeDefault or Localhost.",
	    c_not(g, c_str(g, F_SECCOMP_MODE, OP_EQUALS, "filter")));
}

static void rule_namespaces(struct gen *g)
{
	_cleanup_strv_ struct strv allowed = STRV_INIT;
	for (int t = 0; t < NS__COUNT; t++)
		if ((g->p->ct.host_namespaces & (1u << t)) &&
		    strv_push(&allowed, ns_name((enum ns_type)t)) < 0)
			g->ok = false;
	_cleanup_free_ char *list = allowed.n ? strv_join(&allowed, ", ") : strdup("none");
	char title[512];
	snprintf(title, sizeof(title), "Shares no namespace with the host but %s",
		 list ? list : "?");
	add(g, "policy.host_namespaces", title,
	    "Only the namespace types of the policy's container.host_namespaces may be the "
	    "host's.",
	    "Do not use --pid/--network/--ipc/--uts host (Kubernetes hostPID, hostNetwork, "
	    "hostIPC), or add the type to container.host_namespaces.",
	    c_not(g, c_subset(g, F_NS_SHARED, &allowed)));
}

static void rule_mounts(struct gen *g)
{
	const struct container_policy *ct = &g->p->ct;
	if (ct->forbid_sockets)
		add(g, "policy.mounts.sockets", "No container runtime API socket is reachable",
		    "The policy's container.forbidden_mounts holds runtime_sockets: whoever "
		    "reaches "
		    "a runtime's socket starts privileged containers.",
		    "Remove the bind mount of docker.sock, containerd.sock, crio.sock or "
		    "podman.sock (or of a directory holding one).",
		    c_not_empty(F_MOUNTS_RUNTIME_SOCKET));
	if (ct->forbid_sensitive)
		add(g, "policy.mounts.sensitive", "No sensitive host path is mounted",
		    "The policy's container.forbidden_mounts holds sensitive_paths (/, /etc, "
		    "/proc, "
		    "/sys, /var/lib/docker, ... or a parent of one).",
		    "Remove the bind mount, or mount a narrower path.",
		    c_not_empty(F_MOUNTS_SENSITIVE));
}

static void rule_rootfs(struct gen *g)
{
	if (!g->p->ct.readonly_rootfs)
		return;
	add(g, "policy.rootfs_readonly", "The root filesystem is read-only",
	    "The policy's container.readonly_rootfs is true.",
	    "podman/docker --read-only; Kubernetes readOnlyRootFilesystem: true.",
	    c_bool(F_MOUNTS_ROOTFS_READONLY, false));
}

static void rule_apparmor(struct gen *g)
{
	const char *prof = g->p->apparmor_profile;
	if (!prof)
		return;
	char title[512];
	snprintf(title, sizeof(title), "Confined by the AppArmor profile '%.400s'", prof);
	struct cond wrong = c_str(g, F_LSM_APPARMOR, OP_NOT_EQUALS, prof);
	/* As the gate does: without AppArmor on the host only a required profile is a failure. */
	struct cond when = wrong;
	if (!g->p->apparmor_required) {
		struct cond all[] = {c_bool(F_HOST_APPARMOR, true), wrong};
		when = c_group(g, COND_ALL, all, ARRAY_SIZE(all));
	}
	add(g, "policy.apparmor", title,
	    g->p->apparmor_required
		? "The policy requires this AppArmor profile (apparmor.required: true)."
		: "The policy asks for this AppArmor profile where the host has AppArmor.",
	    "podman/docker --security-opt apparmor=PROFILE; Kubernetes appArmorProfile.", when);
}

static void rule_groups(struct gen *g)
{
	const struct container_policy *ct = &g->p->ct;
	_cleanup_strv_ struct strv bad = STRV_INIT;
	if (!ct->allow_root_group && strv_push(&bad, "0") < 0)
		g->ok = false;
	for (size_t i = 0; i < ct->forbidden_gids.n; i++)
		if (strv_push_unique(&bad, ct->forbidden_gids.v[i]) < 0)
			g->ok = false;
	if (!bad.n)
		return;
	struct cond any[POLICY_CT_LIST_MAX + 2];
	size_t n = 0;
	any[n++] = c_any_of(g, F_USER_GROUPS, &bad);
	for (size_t i = 0; i < bad.n && n < ARRAY_SIZE(any); i++)
		any[n++] = c_int(F_USER_GID, OP_EQUALS, strtoll(bad.v[i], NULL, 10));
	_cleanup_free_ char *list = strv_join(&bad, ", ");
	char title[512];
	snprintf(title, sizeof(title), "No forbidden group (gid %s)", list ? list : "?");
	add(g, "policy.groups", title,
	    "Neither the primary group nor a supplementary group is gid 0 (unless the policy's "
	    "container.allow_root_group) or one of container.forbidden_gids (disk, kmem: whoever "
	    "has them reads raw disks and kernel memory through any such node in reach).",
	    "Run with a non-root group (podman/docker --user UID:GID, Kubernetes runAsGroup, "
	    "supplementalGroups without them), or launch through the gate, which replaces them.",
	    c_group(g, COND_ANY, any, n));
}

static void rule_hooks(struct gen *g)
{
	add(g, "policy.hooks", "Runs no OCI hook the policy does not list",
	    "Every hooks.* entry runs as root, on the host (prestart, createRuntime, poststart, "
	    "poststop) or in the container's namespaces before its process: its path must be one "
	    "of the policy's container.allowed_hooks. Only a config shows hooks: a live audit "
	    "does not evaluate this.",
	    "Remove the hook (podman --hooks-dir, the engine's hook configuration), or list its "
	    "path in container.allowed_hooks.",
	    c_not(g, c_subset(g, F_OCI_HOOKS, &g->p->ct.allowed_hooks)));
}

static void rule_devices(struct gen *g)
{
	add(g, "policy.devices", "Has no device beyond the runtime's and the policy's",
	    "Every device node of linux.devices and every allow rule of linux.resources.devices "
	    "is one of runc's own or listed (as written) in container.allowed_devices. Only a "
	    "config shows them: a live audit does not evaluate this.",
	    "Drop --device / --privileged (Kubernetes privileged: false), or list the device in "
	    "container.allowed_devices.",
	    c_not(g, c_subset(g, F_DEVICES_ADDED, &g->p->ct.allowed_devices)));
}

static void rule_labels(struct gen *g)
{
	const struct container_policy *ct = &g->p->ct;
	if (!ct->allow_apparmor_unconfined && !g->p->apparmor_profile)
		add(g, "policy.apparmor_unconfined", "Not AppArmor-unconfined",
		    "Where the host has AppArmor, the container's process runs under a profile: "
		    "'unconfined' (named, or no profile at all) is refused unless the policy's "
		    "container.allow_apparmor_unconfined (Pod Security baseline).",
		    "Do not use apparmor=unconfined (Kubernetes appArmorProfile Unconfined); run "
		    "under the runtime's default profile.",
		    c_str(g, F_LSM_APPARMOR, OP_EQUALS, "unconfined"));
	_cleanup_buf_ struct buf re = BUF_INIT;
	buf_puts(&re, "^system_u:system_r:(");
	for (size_t i = 0; i < ct->selinux_types.n; i++)
		buf_printf(&re, "%s%s", i ? "|" : "", ct->selinux_types.v[i]);
	buf_puts(&re, ct->selinux_types.n ? ")(:.*)?$" : "^$)");
	if (!re.data) {
		g->ok = false;
		return;
	}
	struct cond all[] = {c_str(g, F_LSM_SELINUX, OP_NOT_EQUALS, ""),
			     c_not(g, c_match(g, F_LSM_SELINUX, re.data))};
	add(g, "policy.selinux", "SELinux label of the policy's container types",
	    "Where the host has SELinux, the process label is system_u:system_r with a type of "
	    "the policy's container.selinux_types (Pod Security baseline: container_t, "
	    "container_init_t, container_kvm_t, container_engine_t; user and role not set).",
	    "Do not set label=type:spc_t, label=disable or a user or role (Kubernetes "
	    "seLinuxOptions).",
	    c_group(g, COND_ALL, all, ARRAY_SIZE(all)));
}

int policyrules_add(struct ruleset *rs, const struct launch_policy *p, struct diag *d)
{
	struct gen g = {.p = p, .ok = true};
	rule_user(&g);
	rule_caps(&g);
	rule_nnp(&g);
	rule_seccomp(&g);
	rule_namespaces(&g);
	rule_mounts(&g);
	rule_rootfs(&g);
	rule_apparmor(&g);
	rule_groups(&g);
	rule_hooks(&g);
	rule_devices(&g);
	rule_labels(&g);
	int r = g.ok ? 0 : -ENOMEM;
	for (size_t i = 0; r == 0 && i < g.n; i++) {
		const struct rule *dup = ruleset_find(rs, g.r[i].id);
		if (dup) {
			diag_add(d, p->file, 0, 0,
				 "rule id '%s' of the policy is already defined at %s:%zu:%zu",
				 g.r[i].id, dup->file, dup->line, dup->column);
			r = -EINVAL;
		}
	}
	struct rule *nr = r == 0 ? realloc(rs->r, (rs->n + g.n + 1) * sizeof(*nr)) : NULL;
	if (r == 0 && !nr)
		r = -ENOMEM;
	if (r < 0) {
		for (size_t i = 0; i < g.n; i++)
			rule_release(&g.r[i]);
		return r;
	}
	rs->r = nr;
	memcpy(rs->r + rs->n, g.r, g.n * sizeof(*g.r));
	rs->n += g.n;
	return 0;
}
