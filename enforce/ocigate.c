/* The OCI gate: a config judged against a policy, rewritten in enforce mode. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "policy/exposure.h"
#include "policy/hostpath.h"
#include "kernel/mountinfo.h"
#include "lib/fileio.h"
#include "kernel/ns.h"
#include "enforce/creds.h"
#include "enforce/lsm.h"
#include "oci/oci.h"
#include "oci/ocidevice.h"
#include "enforce/ocigate.h"
#include "seccomp/ociseccomp.h"
#include "enforce/pathtrust.h"
#include "lib/buf.h"
#include "lib/cleanup.h"

struct gate {
	const struct oci_gate *g;
	json_object *cfg;
	struct oci_decisions *d;
	bool enforce;
	bool ok; /* false after a failed allocation: the gate fails, nothing is written */
	bool host_read, have_host;
	struct mount_table host; /* the host's mounts (host_mounts) */
};

#define HOST_MOUNTINFO_MAX (64u << 20)
#define HOST_MOUNTS_MAX	   200000

static void say(struct gate *s, struct strv *list, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(struct gate *s, struct strv *list, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (strv_push(list, msg) < 0)
		s->ok = false;
}

/* "CAP_A, CAP_B" into b. */
static void caps_text(uint64_t mask, struct buf *b)
{
	buf_clear(b);
	for (int bit = 0; bit < 64; bit++)
		if (mask & (UINT64_C(1) << bit))
			buf_printf(b, "%s%s", b->len ? ", " : "",
				   caps_name(bit) ? caps_name(bit) : "?");
	if (!b->len)
		buf_puts(b, "none");
}

static void ns_text(unsigned mask, struct buf *b)
{
	buf_clear(b);
	for (int t = 0; t < NS__COUNT; t++)
		if (mask & (1u << t))
			buf_printf(b, "%s%s", b->len ? ", " : "", ns_name((enum ns_type)t));
	if (!b->len)
		buf_puts(b, "none");
}

static json_object *set_member(struct gate *s, const char *objpath, const char *key, json_object *v)
{
	return oci_put(oci_ensure_obj(s->cfg, objpath), key, v, &s->ok);
}

static void gate_user(struct gate *s)
{
	const struct launch_policy *p = s->g->policy;
	uint32_t uid = 0, gid = 0;
	oci_get_u32(s->cfg, "process.user.uid", &uid);
	oci_get_u32(s->cfg, "process.user.gid", &gid);
	if (uid != 0 || p->allow_root)
		return;
	if (!s->enforce) {
		say(s, &s->d->violations,
		    "runs as root (uid 0) and the policy does not allow root (allow_root: false)");
		return;
	}
	struct creds c;
	struct error err = {0};
	/* Without the container's root filesystem, numeric users and groups still resolve. */
	if (creds_resolve(s->g->rootfd, p->user, p->group, &p->groups, false, &c, &err) < 0) {
		say(s, &s->d->violations,
		    "runs as root (uid 0), and the policy's user cannot replace it: %s%s", err.msg,
		    s->g->rootfd < 0 ? " (the container's root filesystem could not be opened)"
				     : "");
		return;
	}
	json_object *user = oci_ensure_obj(s->cfg, "process.user");
	json_object *groups = oci_put(user, "additionalGids", json_object_new_array(), &s->ok);
	for (size_t i = 0; i < c.ngroups; i++)
		oci_push(groups, json_object_new_int64(c.groups[i]), &s->ok);
	oci_put(user, "uid", json_object_new_int64(c.uid), &s->ok);
	oci_put(user, "gid", json_object_new_int64(c.gid), &s->ok);
	if (user)
		json_object_object_del(user, "username");
	say(s, &s->d->changed,
	    "user: uid 0 (gid %u) replaced by the policy's user '%s': uid %u, gid %u, %zu "
	    "supplementary group%s",
	    (unsigned)gid, p->user, (unsigned)c.uid, (unsigned)c.gid, c.ngroups,
	    c.ngroups == 1 ? "" : "s");
}

static const char *const capsets[] = {"bounding", "effective", "permitted", "inheritable",
				      "ambient"};

/* The capabilities the config gives in any set, and the kept part rewritten in enforce mode. */
static uint64_t gate_caps(struct gate *s)
{
	uint64_t keep = s->g->policy->caps_keep, extra = 0, bounding = 0;
	bool unknown = false;
	for (size_t i = 0; i < ARRAY_SIZE(capsets); i++) {
		char path[64];
		snprintf(path, sizeof(path), "process.capabilities.%s", capsets[i]);
		uint64_t m = oci_caps_mask(oci_get(s->cfg, path), &unknown);
		if (i == 0)
			bounding = m;
		extra |= m & ~keep;
	}
	_cleanup_buf_ struct buf b = BUF_INIT;
	caps_text(extra, &b);
	if (!extra && !unknown)
		return bounding;
	if (!s->enforce) {
		say(s, &s->d->violations, "capabilities beyond the policy's: %s%s", b.data,
		    unknown ? " (and names this ctguard does not know)" : "");
		return bounding;
	}
	for (size_t i = 0; i < ARRAY_SIZE(capsets); i++) {
		char path[64];
		snprintf(path, sizeof(path), "process.capabilities.%s", capsets[i]);
		json_object *list = oci_get(s->cfg, path);
		if (!list)
			continue;
		uint64_t m = oci_caps_mask(list, NULL) & keep;
		json_object *n =
		    set_member(s, "process.capabilities", capsets[i], json_object_new_array());
		for (int bit = 0; bit < 64; bit++)
			if ((m & (UINT64_C(1) << bit)) && caps_name(bit))
				oci_push(n, json_object_new_string(caps_name(bit)), &s->ok);
	}
	say(s, &s->d->changed, "capabilities: removed %s%s from every set (not kept by the policy)",
	    b.data, unknown ? " and unknown names" : "");
	return bounding & keep;
}

static void gate_nnp(struct gate *s)
{
	bool nnp = false;
	oci_get_bool(s->cfg, "process.noNewPrivileges", &nnp);
	if (!s->g->policy->no_new_privs || nnp)
		return;
	if (!s->enforce) {
		say(s, &s->d->violations, "no_new_privs is not set (process.noNewPrivileges)");
		return;
	}
	set_member(s, "process", "noNewPrivileges", json_object_new_boolean(1));
	say(s, &s->d->changed, "no_new_privs: set (process.noNewPrivileges was not true)");
}

static int gate_seccomp(struct gate *s, uint64_t caps, struct error *err)
{
	const struct profile *pol = s->g->profile;
	if (!pol)
		return 0;
	json_object *mine = oci_get(s->cfg, "linux.seccomp");
	_cleanup_buf_ struct buf why = BUF_INIT;
	if (!mine) {
		buf_puts(&why, "the config has no seccomp filter");
	} else if (oci_seccomp_disabled(mine)) {
		/* {} or {"defaultAction": ""}: runc runs the container without a filter */
		buf_puts(&why,
			 "the config's seccomp filter is empty (no defaultAction, no syscalls: "
			 "runc runs the container without a filter)");
		mine = NULL;
	} else {
		struct strv ex = STRV_INIT;
		struct error werr = {0};
		int r =
		    oci_seccomp_weaker(mine, pol, caps, s->g->policy->seccomp_mode, &ex, 6, &werr);
		if (r < 0) {
			buf_printf(&why, "the config's seccomp filter cannot be judged (%s)",
				   werr.msg);
		} else if (r > 0) {
			buf_printf(&why, "the config's seccomp filter allows what the policy's "
					 "profile refuses:");
			for (size_t i = 0; i < ex.n; i++)
				buf_printf(&why, "%s %s", i ? "," : "", ex.v[i]);
			buf_puts(&why, ex.n == 6 ? ", ..." : "");
		}
		strv_free(&ex);
	}
	if (!why.len)
		return 0;
	if (!s->enforce) {
		/* Reject and audit modes ask for a filter, as audit --policy does; a weaker one is
		 * replaced in enforce mode only (the capabilities the policy removes already stop
		 * most of what it lets through: mount, ptrace of others, ...). */
		if (mine)
			say(s, &s->d->notes,
			    "seccomp: %s (enforce mode would put the policy's "
			    "profile in place)",
			    why.data);
		else
			say(s, &s->d->violations, "seccomp: %s", why.data);
		return 0;
	}
	json_object *o;
	int r = oci_seccomp_from_profile(pol, caps, s->g->policy->seccomp_mode, &o, err);
	if (r < 0)
		return r;
	set_member(s, "linux", "seccomp", o);
	say(s, &s->d->changed, "seccomp: the policy's profile '%s' put in place (%s)", pol->file,
	    why.data);
	return 0;
}

static void gate_rootfs(struct gate *s)
{
	bool ro = false;
	oci_get_bool(s->cfg, "root.readonly", &ro);
	if (!s->g->policy->ct.readonly_rootfs || ro)
		return;
	if (!s->enforce) {
		say(s, &s->d->violations,
		    "the root filesystem is writable and the policy asks readonly_rootfs");
		return;
	}
	set_member(s, "root", "readonly", json_object_new_boolean(1));
	say(s, &s->d->changed, "root filesystem: made read-only (readonly_rootfs)");
}

/* Is the namespace file at path the one this process (the runtime's caller's) has? */
static bool is_callers_ns(const char *path, int t)
{
	char mine[64];
	struct stat a, b;
	snprintf(mine, sizeof(mine), "/proc/self/ns/%s", ns_name((enum ns_type)t));
	return stat(path, &a) == 0 && stat(mine, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

static void gate_namespaces(struct gate *s)
{
	const struct container_policy *ct = &s->g->policy->ct;
	unsigned joined = 0, host = oci_shared_namespaces(s->cfg, &joined);
	json_object *list = oci_get(s->cfg, "linux.namespaces");
	for (size_t i = 0; list && i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i);
		const char *type = oci_get_str(e, "type"), *path = oci_get_str(e, "path");
		int t = type ? oci_ns_type(type) : -1;
		if (t < 0 || !path || !*path)
			continue;
		/* runc opens the path itself: one another user can swap after this check could
		 * be the host's namespace by then. */
		struct error perr = {0};
		if (pathtrust_check(path, geteuid(), &perr) < 0 && (1u << t) & ~ct->host_namespaces)
			say(s, &s->d->violations,
			    "namespace path %s could be another file when runc opens it: %s", path,
			    perr.msg);
		else if (is_callers_ns(path, t))
			host |= 1u << t;
	}
	unsigned bad = host & ~ct->host_namespaces;
	if (!bad)
		return;
	_cleanup_buf_ struct buf b = BUF_INIT, allowed = BUF_INIT;
	ns_text(bad, &b);
	ns_text(ct->host_namespaces, &allowed);
	if (!s->enforce || !ct->isolate_namespaces) {
		say(s, &s->d->violations,
		    "shares the host's %s namespace%s; the policy lets a container share only: %s",
		    b.data, strchr(b.data, ',') ? "s" : "", allowed.data);
		return;
	}
	if (bad & (1u << NS_USER | 1u << NS_MNT)) {
		say(s, &s->d->violations,
		    "shares the host's %s namespace, which the gate cannot isolate (a user "
		    "namespace needs id mappings; runc always makes a mount namespace)",
		    bad & (1u << NS_USER) ? "user" : "mnt");
		return;
	}
	if (!list) {
		if (!(list = set_member(s, "linux", "namespaces", json_object_new_array())))
			return;
	}
	for (int t = 0; t < NS__COUNT; t++) {
		if (!(bad & (1u << t)))
			continue;
		for (size_t i = json_object_array_length(list); i-- > 0;) {
			const char *type = oci_get_str(json_object_array_get_idx(list, i), "type");
			if (type && oci_ns_type(type) == t)
				json_object_array_del_idx(list, i, 1);
		}
		json_object *e = oci_push(list, json_object_new_object(), &s->ok);
		oci_put(e, "type", json_object_new_string(oci_ns_name(t)), &s->ok);
	}
	say(s, &s->d->changed,
	    "namespaces: gave the container its own %s (the config shared the host's)", b.data);
}

/* The filesystems a container gets of its own (runc spec's and the engines' defaults). */
static bool mount_type_pseudo(const char *type)
{
	static const char *const ok[] = {"proc",   "sysfs",  "tmpfs",  "devpts",
					 "mqueue", "cgroup", "cgroup2"};
	for (size_t i = 0; type && i < ARRAY_SIZE(ok); i++)
		if (strcmp(type, ok[i]) == 0)
			return true;
	return false;
}

static void forbidden_mount(struct gate *s, json_object *list, size_t i, const char *src,
			    const char *dst, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void forbidden_mount(struct gate *s, json_object *list, size_t i, const char *src,
			    const char *dst, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (s->enforce && s->g->policy->ct.remove_mounts) {
		say(s, &s->d->changed, "mounts: removed the mount of %s on %s (%s)",
		    src ? src : "(none)", dst ? dst : "(none)", what);
		json_object_array_del_idx(list, i, 1);
	} else {
		say(s, &s->d->violations, "mounts %s on %s (%s)", src ? src : "(none)",
		    dst ? dst : "(none)", what);
	}
}

/* The host's mount table (read on first need; the gate runs in the mount namespace runc
 * mounts from). */
static const struct mount_table *host_mounts(struct gate *s)
{
	if (!s->host_read) {
		s->host_read = true;
		_cleanup_buf_ struct buf b = BUF_INIT;
		if (fileio_read_at(AT_FDCWD, "/proc/self/mountinfo", HOST_MOUNTINFO_MAX, &b) == 0 &&
		    mountinfo_parse(b.data, HOST_MOUNTS_MAX, &s->host) == 0)
			s->have_host = true;
	}
	return s->have_host ? &s->host : NULL;
}

/* The exposure model of the live audit (policy/exposure.h): a subtree of procfs or sysfs, a
 * bind inside /etc, /var/log or the credentials, a writable one inside /usr are sensitive, a
 * read-only one inside /usr is not; a destination with no path is judged at "/". */
static bool bind_sensitive(struct gate *s, json_object *m, const char *src, const char *dst)
{
	_cleanup_free_ char *dest = dst ? oci_path_clean(dst) : NULL;
	return exposure_bind_sensitive(host_mounts(s), src, dest ? dest : "/", oci_mount_is_ro(m));
}

static void gate_mounts(struct gate *s)
{
	const struct container_policy *ct = &s->g->policy->ct;
	json_object *list = oci_get(s->cfg, "mounts");
	if (!list || (!ct->forbid_sockets && !ct->forbid_sensitive))
		return;
	for (size_t i = json_object_array_length(list); i-- > 0;) {
		json_object *m = json_object_array_get_idx(list, i);
		const char *src = oci_get_str(m, "source");
		const char *dst = oci_get_str(m, "destination");
		if (!oci_mount_is_bind(m)) {
			/* runc mounts as root before the container's credentials apply: a
			 * filesystem of the host's own (ext4 on /dev/vda, overlay over /etc,
			 * devtmpfs, debugfs...) is the host, whatever its source is called. */
			const char *type = oci_get_str(m, "type");
			if (ct->forbid_sensitive && !mount_type_pseudo(type))
				forbidden_mount(
				    s, list, i, src, dst,
				    "a filesystem mount runc makes as root (type '%s'): "
				    "only proc, sysfs, tmpfs, devpts, mqueue and cgroup "
				    "are not the host's",
				    type ? type : "");
			/* A second procfs has none of maskedPaths and readonlyPaths (they name
			 * /proc/...): its sys/kernel/core_pattern is the host's, writable by root.
			 */
			else if (ct->forbid_sensitive && strcmp(type, "proc") == 0 &&
				 (!dst || strcmp(dst, "/proc") != 0))
				forbidden_mount(s, list, i, src, dst,
						"a procfs besides /proc, which maskedPaths and "
						"readonlyPaths do not cover");
			continue;
		}
		if (!src || src[0] != '/')
			continue;
		/* The kernel mounts what the source resolves to ("//", "/etc/", "/tmp/..", a
		 * symlink to /): judge that path, and hand runc that path rather than the
		 * spelling (a source that does not resolve fails runc's stat; judged cleaned). */
		char real[PATH_MAX];
		_cleanup_free_ char *clean = NULL;
		if (realpath(src, real)) {
			if (strcmp(real, src) != 0) {
				oci_put(m, "source", json_object_new_string(real), &s->ok);
				src = oci_get_str(m, "source");
			}
		} else if ((clean = oci_path_clean(src))) {
			src = clean;
		}
		if (!src)
			continue;
		/* What runc mounts must be what was judged: a source another user can swap for a
		 * symlink after this check is refused, whatever it is now. */
		struct error perr = {0};
		if (pathtrust_check(src, geteuid(), &perr) < 0) {
			say(s, &s->d->violations,
			    "mounts: the bind source %s on %s could be another path when runc "
			    "mounts "
			    "it: %s",
			    src, dst, perr.msg);
			continue;
		}
		const char *what = NULL;
		if (ct->forbid_sockets && hostpath_socket(src))
			what = "a container runtime's API socket: whoever reaches it starts "
			       "privileged containers";
		else if (ct->forbid_sensitive && bind_sensitive(s, m, src, dst))
			what = "a sensitive host path";
		if (!what)
			continue;
		if (s->enforce && ct->remove_mounts) {
			say(s, &s->d->changed,
			    "mounts: removed the bind of the host's %s on %s (%s)", src, dst, what);
			json_object_array_del_idx(list, i, 1);
		} else {
			say(s, &s->d->violations, "mounts the host's %s on %s (%s)", src, dst,
			    what);
		}
	}
}

/* root.path: runc bind-mounts it as the container's /; swapped for a symlink to / after the
 * check, the container would run on the host's root filesystem. */
static void gate_root(struct gate *s)
{
	const char *root = oci_get_str(s->cfg, "root.path");
	struct error perr = {0};
	if (!s->g->policy->ct.forbid_sensitive || s->g->process_only || !root || root[0] != '/')
		return;
	if (pathtrust_check(root, geteuid(), &perr) < 0)
		say(s, &s->d->violations,
		    "root.path %s could be another directory when runc mounts it: %s", root,
		    perr.msg);
}

static bool list_has(json_object *list, const char *s)
{
	for (size_t i = 0; list && i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i);
		if (json_object_is_type(e, json_type_string) &&
		    strcmp(json_object_get_string(e), s) == 0)
			return true;
	}
	return false;
}

static void gate_paths(struct gate *s, const char *key, const struct strv *want, const char *what)
{
	char path[64];
	snprintf(path, sizeof(path), "linux.%s", key);
	json_object *list = oci_get(s->cfg, path);
	_cleanup_buf_ struct buf b = BUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < want->n; i++) {
		if (list_has(list, want->v[i]))
			continue;
		if (s->enforce) {
			if (!list && !(list = set_member(s, "linux", key, json_object_new_array())))
				return;
			oci_push(list, json_object_new_string(want->v[i]), &s->ok);
		}
		buf_printf(&b, "%s%s", n++ ? ", " : "", want->v[i]);
	}
	if (!n)
		return;
	if (s->enforce)
		say(s, &s->d->changed, "%s: added %s", what, b.data);
	else
		say(s, &s->d->notes, "%s: missing %s (enforce mode would add them)", what, b.data);
}

static void gate_rlimits(struct gate *s)
{
	const struct launch_policy *p = s->g->policy;
	json_object *list = oci_get(s->cfg, "process.rlimits");
	for (size_t i = 0; i < p->nrlimits; i++) {
		const struct policy_rlimit *rl = &p->rlimits[i];
		if (rl->value == RLIM_INFINITY)
			continue;
		char type[32];
		int len =
		    snprintf(type, sizeof(type), "RLIMIT_%s", policy_rlimit_name(rl->resource));
		for (int k = 7; k < len && k < (int)sizeof(type); k++)
			type[k] = (char)toupper((unsigned char)type[k]);
		json_object *e = NULL;
		for (size_t k = 0; list && k < json_object_array_length(list); k++) {
			const char *t = oci_get_str(json_object_array_get_idx(list, k), "type");
			if (t && strcmp(t, type) == 0)
				e = json_object_array_get_idx(list, k);
		}
		json_object *hard = e ? oci_get(e, "hard") : NULL,
			    *soft = e ? oci_get(e, "soft") : NULL;
		uint64_t h = hard ? json_object_get_uint64(hard) : UINT64_MAX;
		uint64_t so = soft ? json_object_get_uint64(soft) : UINT64_MAX;
		if (h <= rl->value && so <= rl->value)
			continue;
		if (!s->enforce) {
			say(s, &s->d->notes, "rlimits: %s above the policy's %llu", type,
			    (unsigned long long)rl->value);
			continue;
		}
		if (!list && !(list = set_member(s, "process", "rlimits", json_object_new_array())))
			return;
		if (!e) {
			e = oci_push(list, json_object_new_object(), &s->ok);
			oci_put(e, "type", json_object_new_string(type), &s->ok);
		}
		oci_put(e, "hard", json_object_new_uint64(rl->value), &s->ok);
		oci_put(e, "soft", json_object_new_uint64(rl->value), &s->ok);
		say(s, &s->d->changed, "rlimits: %s set to %llu", type,
		    (unsigned long long)rl->value);
	}
}

static void gate_apparmor(struct gate *s)
{
	const struct launch_policy *p = s->g->policy;
	const char *have = oci_get_str(s->cfg, "process.apparmorProfile");
	if (!p->apparmor_profile || (have && strcmp(have, p->apparmor_profile) == 0))
		return;
	if (!lsm_apparmor_enabled()) {
		if (p->apparmor_required)
			say(s, &s->d->violations,
			    "the policy requires AppArmor profile '%s' and this kernel has no "
			    "AppArmor",
			    p->apparmor_profile);
		else
			say(s, &s->d->notes,
			    "AppArmor profile '%s' not applied: this kernel has no AppArmor",
			    p->apparmor_profile);
		return;
	}
	if (!s->enforce) {
		say(s, &s->d->violations, "AppArmor profile is '%s', the policy's is '%s'",
		    have ? have : "(none)", p->apparmor_profile);
		return;
	}
	set_member(s, "process", "apparmorProfile", json_object_new_string(p->apparmor_profile));
	say(s, &s->d->changed, "AppArmor: profile '%s' set", p->apparmor_profile);
}

/* Groups: gid 0 (unless allow_root_group) and the policy's forbidden gids. */
static bool gid_forbidden(const struct container_policy *ct, uint32_t gid)
{
	if (gid == 0)
		return !ct->allow_root_group;
	for (size_t i = 0; i < ct->forbidden_gids.n; i++)
		if (strtoull(ct->forbidden_gids.v[i], NULL, 10) == gid)
			return true;
	return false;
}

static void gate_groups(struct gate *s)
{
	const struct container_policy *ct = &s->g->policy->ct;
	uint32_t gid = 0;
	oci_get_u32(s->cfg, "process.user.gid", &gid);
	if (gid_forbidden(ct, gid)) {
		struct creds c;
		struct error err = {0};
		const struct launch_policy *p = s->g->policy;
		if (!s->enforce) {
			say(s, &s->d->violations,
			    "primary group gid %u is forbidden by the policy (%s)", (unsigned)gid,
			    gid ? "container.forbidden_gids" : "container.allow_root_group: false");
		} else if (creds_resolve(s->g->rootfd, p->user, p->group, &p->groups, false, &c,
					 &err) < 0 ||
			   gid_forbidden(ct, c.gid)) {
			say(s, &s->d->violations,
			    "primary group gid %u is forbidden by the policy, and the policy's "
			    "group "
			    "cannot replace it%s%s",
			    (unsigned)gid, err.msg[0] ? ": " : "", err.msg);
		} else {
			set_member(s, "process.user", "gid", json_object_new_int64(c.gid));
			say(s, &s->d->changed,
			    "group: primary gid %u replaced by the policy's group (gid %u)",
			    (unsigned)gid, (unsigned)c.gid);
		}
	}
	json_object *list = oci_get(s->cfg, "process.user.additionalGids");
	for (size_t i = list ? json_object_array_length(list) : 0; i-- > 0;) {
		json_object *e = json_object_array_get_idx(list, i);
		int64_t v = json_object_get_int64(e);
		uint32_t g = (uint32_t)v;
		if (!json_object_is_type(e, json_type_int) || v < 0 || v > UINT32_MAX ||
		    !gid_forbidden(ct, g))
			continue;
		if (s->enforce) {
			json_object_array_del_idx(list, i, 1);
			say(s, &s->d->changed,
			    "groups: supplementary gid %u removed (forbidden by the policy)",
			    (unsigned)g);
		} else {
			say(s, &s->d->violations,
			    "supplementary group gid %u is forbidden by the policy (%s)",
			    (unsigned)g,
			    g ? "container.forbidden_gids" : "container.allow_root_group: false");
		}
	}
}

/* Hooks run as root on the host (prestart, createRuntime, poststart, poststop) or in the
 * container's namespaces before its process (createContainer, startContainer). A hook the
 * policy does not list is refused, in enforce mode too: removing it could remove what the
 * engine set up for the container (its network, a firewall, a GPU), so the container would start
 * without it. */
static void gate_hooks(struct gate *s)
{
	json_object *hooks = oci_get(s->cfg, "hooks");
	if (!hooks)
		return;
	if (!json_object_is_type(hooks, json_type_object)) {
		say(s, &s->d->violations, "hooks is not an object");
		return;
	}
	const struct strv *ok = &s->g->policy->ct.allowed_hooks;
	json_object_object_foreach(hooks, kind, list)
	{
		if (!json_object_is_type(list, json_type_array)) {
			if (!json_object_is_type(list, json_type_null))
				say(s, &s->d->violations, "hooks.%s is not a list", kind);
			continue;
		}
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			const char *path = oci_get_str(json_object_array_get_idx(list, i), "path");
			if (path && strv_contains(ok, path))
				continue;
			say(s, &s->d->violations,
			    "hooks.%s runs '%s' as root%s and the policy does not allow it "
			    "(container.allowed_hooks)",
			    kind, path ? path : "(no path)",
			    strcmp(kind, "createContainer") == 0 ||
				    strcmp(kind, "startContainer") == 0
				? " in the container's namespaces"
				: " on the host");
		}
	}
}

#define DEVICES_NAMED 6 /* a --privileged container lists every host device: name a few */

/* linux.devices (nodes runc creates; rules false) or linux.resources.devices (the device
 * cgroup; rules true): every entry that gives a device beyond runc's own and the policy's
 * container.allowed_devices (matched as written), in one sentence. Enforce removes them (a
 * node not made, a rule not allowing: only narrows). */
static void gate_device_list(struct gate *s, const char *path, bool rules)
{
	const struct strv *ok = &s->g->policy->ct.allowed_devices;
	json_object *list = oci_get(s->cfg, path);
	_cleanup_buf_ struct buf b = BUF_INIT;
	size_t n = 0;
	for (size_t i = 0; list && i < json_object_array_length(list);) {
		json_object *e = json_object_array_get_idx(list, i);
		char item[64];
		if (!oci_device_item(e, rules, item, sizeof(item)) || strv_contains(ok, item)) {
			i++;
			continue;
		}
		const char *dev = rules ? NULL : oci_get_str(e, "path");
		if (n++ < DEVICES_NAMED)
			buf_printf(&b, "%s%s%s%s", n > 1 ? ", " : "",
				   strcmp(item, "a *:*") == 0 ? "every device" : item,
				   dev && *dev ? " " : "", dev && *dev ? dev : "");
		if (s->enforce)
			json_object_array_del_idx(list, i, 1);
		else
			i++;
	}
	if (!n)
		return;
	if (n > DEVICES_NAMED)
		buf_printf(&b, " and %zu more", n - DEVICES_NAMED);
	if (s->enforce)
		say(s, &s->d->changed,
		    "devices: removed %s %s (not in the policy's container.allowed_devices)",
		    rules ? "the device cgroup rules allowing" : "the device nodes of", b.data);
	else
		say(s, &s->d->violations,
		    "%s %s, which the policy does not allow (container.allowed_devices)",
		    rules ? "the device cgroup allows" : "creates device nodes of", b.data);
}

/* An SELinux context "user:role:type:level": the type must be one the policy lists, user and
 * role the runtime's (system_u and system_r, object_r for files): PSS baseline's rule that
 * user and role are not set. */
static bool selinux_ok(const char *label, const struct strv *types, const char *role)
{
	char u[64], r[64], t[130];
	if (sscanf(label, "%63[^:]:%63[^:]:%129[^:]", u, r, t) != 3)
		return false;
	return strcmp(u, "system_u") == 0 && strcmp(r, role) == 0 && strv_contains(types, t);
}

/* One label: 'unconfined' AppArmor, or an SELinux context outside the policy's types. Returns
 * NULL when allowed, else why. */
static const char *label_why(const struct container_policy *ct, const char *kind, const char *v)
{
	if (strcmp(kind, "apparmor") == 0)
		return strcmp(v, "unconfined") == 0 && !ct->allow_apparmor_unconfined
			   ? "AppArmor 'unconfined' confines nothing "
			     "(container.allow_apparmor_unconfined: false)"
			   : NULL;
	if (strcmp(kind, "selinux") == 0)
		return selinux_ok(v, &ct->selinux_types, "system_r")
			   ? NULL
			   : "not system_u:system_r with a type of container.selinux_types";
	if (strcmp(kind, "mount") == 0)
		return selinux_ok(v, &ct->selinux_mount_types, "object_r")
			   ? NULL
			   : "not system_u:object_r with a type of container.selinux_mount_types";
	return "an LSM this ctguard does not know";
}

static void gate_label(struct gate *s, const char *objpath, const char *key, const char *kind,
		       const char *what)
{
	char path[96];
	snprintf(path, sizeof(path), "%s.%s", objpath, key);
	const char *v = oci_get_str(s->cfg, path);
	bool apparmor = strcmp(kind, "apparmor") == 0;
	if (apparmor && s->g->policy->apparmor_profile)
		return; /* the policy names the profile: gate_apparmor */
	if ((!v || !*v) && apparmor && !s->g->process_from_argv && lsm_apparmor_enabled())
		v = "unconfined"; /* runc applies no profile: the process is unconfined */
	if (!v || !*v)
		return;
	const char *why = label_why(&s->g->policy->ct, kind, v);
	if (!why)
		return;
	if (s->enforce && s->g->process_from_argv) {
		say(s, &s->d->changed, "%s '%s' dropped (%s): the container's own applies", what, v,
		    why);
		json_object_object_del(oci_get(s->cfg, objpath), key);
	} else {
		say(s, &s->d->violations, "%s '%s': %s", what, v, why);
	}
}

/* restore --lsm-profile TYPE:VALUE and --lsm-mount-context LABEL. */
static void gate_restore_labels(struct gate *s)
{
	const struct container_policy *ct = &s->g->policy->ct;
	const char *v = s->g->lsm_profile;
	if (v) {
		const char *colon = strchr(v, ':');
		char kind[16] = "";
		if (colon && colon - v < (int)sizeof(kind))
			snprintf(kind, sizeof(kind), "%.*s", (int)(colon - v), v);
		const char *why = colon ? label_why(ct, kind, colon + 1) : "not TYPE:VALUE";
		if (why)
			say(s, &s->d->violations, "restore --lsm-profile '%s': %s", v, why);
	}
	if ((v = s->g->lsm_mount_context)) {
		const char *why = label_why(ct, "mount", v);
		if (why)
			say(s, &s->d->violations, "restore --lsm-mount-context '%s': %s", v, why);
	}
}

static void gate_labels(struct gate *s)
{
	gate_label(s, "process", "apparmorProfile", "apparmor", "AppArmor profile");
	gate_label(s, "process", "selinuxLabel", "selinux", "SELinux process label");
	if (s->g->process_only)
		return;
	gate_label(s, "linux", "mountLabel", "mount", "SELinux mount label");
	gate_restore_labels(s);
}

int oci_gate_apply(const struct oci_gate *g, json_object *cfg, struct oci_decisions *d,
		   struct error *err)
{
	struct gate s = {
	    .g = g, .cfg = cfg, .d = d, .enforce = g->mode == RT_MODE_ENFORCE, .ok = true};
	gate_user(&s);
	gate_groups(&s);
	uint64_t caps = gate_caps(&s);
	gate_nnp(&s);
	gate_labels(&s);
	if (g->process_only) {
		gate_apparmor(&s);
		return s.ok ? 0 : error_set(err, -ENOMEM, "out of memory");
	}
	int r = gate_seccomp(&s, caps, err);
	if (r < 0)
		return r;
	gate_rootfs(&s);
	gate_namespaces(&s);
	gate_mounts(&s);
	mount_table_free(&s.host);
	gate_root(&s);
	gate_paths(&s, "maskedPaths", &g->policy->ct.masked_paths, "masked paths");
	gate_paths(&s, "readonlyPaths", &g->policy->ct.readonly_paths, "read-only paths");
	gate_rlimits(&s);
	gate_apparmor(&s);
	gate_hooks(&s);
	gate_device_list(&s, "linux.devices", false);
	gate_device_list(&s, "linux.resources.devices", true);
	if (!s.ok)
		return error_set(err, -ENOMEM, "out of memory");
	return 0;
}

void oci_decisions_free(struct oci_decisions *d)
{
	strv_free(&d->changed);
	strv_free(&d->violations);
	strv_free(&d->notes);
}
