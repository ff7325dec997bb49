/* Facts of one container, read from its init process and judged against the host's. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/access.h"
#include "kernel/caps.h"
#include "kernel/cgroup.h"
#include "audit/deep.h"
#include "audit/container.h"
#include "audit/devices.h"
#include "audit/host.h"
#include "audit/identity.h"
#include "kernel/limits.h"
#include "audit/mntns.h"
#include "audit/mounts.h"
#include "audit/procmask.h"
#include "audit/rootless.h"
#include "audit/runtime.h"
#include "kernel/status.h"
#include "audit/sysctl.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define SMALL_FILE_MAX	 (64u << 10)
#define CONTAINERENV_MAX (16u << 10)

static int set_ids(struct facts *f, const struct proc_status *st, const struct userns_entry *u)
{
	int64_t uid = u ? idmap_to_inside(&u->uid, st->uid[0]) : st->uid[0];
	int64_t euid = u ? idmap_to_inside(&u->uid, st->uid[1]) : st->uid[1];
	int64_t gid = u ? idmap_to_inside(&u->gid, st->gid[0]) : st->gid[0];
	/* Unmapped ids show as the overflow id inside, as the kernel does. */
	facts_set_int(f, F_USER_UID, uid < 0 ? 65534 : uid);
	facts_set_int(f, F_USER_EUID, euid < 0 ? 65534 : euid);
	facts_set_int(f, F_USER_GID, gid < 0 ? 65534 : gid);
	facts_set_bool(f, F_USER_ROOT, euid == 0);
	struct strv *groups = facts_list(f, F_USER_GROUPS);
	for (int i = 0; i < st->ngroups; i++) {
		int64_t g = u ? idmap_to_inside(&u->gid, st->groups[i]) : st->groups[i];
		char tmp[24];
		snprintf(tmp, sizeof(tmp), "%lld", (long long)(g < 0 ? 65534 : g));
		if (strv_push(groups, tmp) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int set_userns(struct facts *f, const struct userns_entry *u, bool host_user)
{
	facts_set_bool(f, F_USERNS_ENABLED, !host_user);
	if (!u) {
		/* Unknown map (unreadable): assume the worst only where the namespace says so. */
		facts_set_int(f, F_USERNS_ROOT_HOST_UID, host_user ? 0 : -1);
		facts_set_bool(f, F_USERNS_HOST_ROOT_MAPPED, host_user);
		return 0;
	}
	facts_set_int(f, F_USERNS_ROOT_HOST_UID, idmap_to_host(&u->uid, 0));
	facts_set_bool(f, F_USERNS_HOST_ROOT_MAPPED, idmap_to_inside(&u->uid, 0) >= 0);
	const struct idmap *maps[2] = {&u->uid, &u->gid};
	enum fact_id ids[2] = {F_USERNS_UID_MAP, F_USERNS_GID_MAP};
	for (int k = 0; k < 2; k++) {
		struct strv *l = facts_list(f, ids[k]);
		for (int i = 0; i < maps[k]->n; i++) {
			char tmp[48];
			snprintf(tmp, sizeof(tmp), "%u %u %u", maps[k]->r[i].inside,
				 maps[k]->r[i].outside, maps[k]->r[i].count);
			if (strv_push(l, tmp) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

static int set_caps(struct facts *f, const struct proc_status *st, uint64_t all)
{
	const struct {
		enum fact_id id;
		uint64_t mask;
	} sets[] = {
	    {F_CAPS_EFFECTIVE, st->cap_eff},   {F_CAPS_PERMITTED, st->cap_prm},
	    {F_CAPS_INHERITABLE, st->cap_inh}, {F_CAPS_BOUNDING, st->cap_bnd},
	    {F_CAPS_AMBIENT, st->cap_amb},
	};
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++)
		if (caps_mask_to_strv(sets[i].mask, facts_list(f, sets[i].id)) < 0)
			return -ENOMEM;
	facts_set_bool(f, F_CAPS_PRIVILEGED, (st->cap_bnd & all) == all);
	return 0;
}

static void set_seccomp(struct facts *f, const struct proc_status *st)
{
	static const char *const modes[] = {"disabled", "strict", "filter"};
	if (st->seccomp >= 0 && st->seccomp <= 2)
		facts_set_str(f, F_SECCOMP_MODE, modes[st->seccomp]);
	if (st->seccomp_filters >= 0)
		facts_set_int(f, F_SECCOMP_FILTERS, st->seccomp_filters);
	else if (st->seccomp == 0)
		facts_set_int(f, F_SECCOMP_FILTERS, 0);
	if (st->no_new_privs >= 0)
		facts_set_bool(f, F_NO_NEW_PRIVS, st->no_new_privs == 1);
}

/* --deep: a process cannot dump its own filters (the kernel wants an unfiltered tracer). */
static void set_deep(struct host_ctx *ctx, pid_t pid, bool own_filter, struct facts *f)
{
	struct error err = {0};
	if (own_filter)
		error_set(&err, -EPERM, "ctguard cannot read the filters it runs under itself");
	else if (deep_seccomp(pid, ctx->opt.proc_root, f, &err) == 0)
		return;
	if (ctx->deep_failed++ == 0)
		snprintf(ctx->deep_error, sizeof(ctx->deep_error), "%s", err.msg);
}

/* An LSM label file: first line, trailing newline and NULs dropped. */
static int read_label(int piddirfd, const char *path, char *out, size_t outsz)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fileio_read_at(piddirfd, path, 4096, &b);
	if (r < 0)
		return r;
	size_t n = strcspn(b.data, "\n");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, b.data, n);
	out[n] = '\0';
	return 0;
}

static int set_lsm(struct host_ctx *ctx, int piddirfd, struct facts *f)
{
	char label[1024];
	/* attr/apparmor/current exists when AppArmor is built in; it answers EINVAL when it is
	 * not enabled: then the label is "". */
	if (read_label(piddirfd, "attr/apparmor/current", label, sizeof(label)) < 0)
		label[0] = '\0';
	if (facts_set_str(f, F_LSM_APPARMOR, label) < 0)
		return -ENOMEM;
	if (!ctx->selinux || read_label(piddirfd, "attr/current", label, sizeof(label)) < 0)
		label[0] = '\0';
	return facts_set_str(f, F_LSM_SELINUX, label);
}

static int set_limits(int piddirfd, struct facts *f)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	struct proc_limits l;
	/* A missing file leaves the facts unknown; whether the process is gone is decided once,
	 * at the end of container_collect. */
	if (fileio_read_at(piddirfd, "limits", SMALL_FILE_MAX, &b) < 0)
		return 0;
	if (limits_parse(b.data, &l) < 0)
		return 0;
	if (l.nofile > -2)
		facts_set_int(f, F_RLIMIT_NOFILE, l.nofile);
	if (l.nproc > -2)
		facts_set_int(f, F_RLIMIT_NPROC, l.nproc);
	if (l.core > -2)
		facts_set_int(f, F_RLIMIT_CORE, l.core);
	return 0;
}

/* Device nodes the container can open: those of its mount namespace (read once per namespace,
 * audit/host.c) and, when init's root hides part of the namespace, those of init's own /dev,
 * less the ones the v1 device cgroup denies (cglist NULL: unknown, as on cgroup v2). Unknown
 * when the namespace could not be read. */
static int set_devices(struct host_ctx *ctx, const struct mntns_entry *m, int rootfd,
		       const char *cglist, struct facts *f)
{
	if (!m || m->err < 0 || !m->dev_known || !m->devs)
		return 0;
	_cleanup_device_list_ struct device_list own = {0};
	if (m->ns_view && rootfd >= 0 && devices_scan(rootfd, NULL, &own) < 0)
		return -ENOMEM;
	if (!own.n)
		return devcache_facts(&ctx->devcache, m->devs, &ctx->majors, cglist, f);
	devices_facts_begin(f);
	const struct device_list *lists[] = {m->devs, &own};
	for (size_t k = 0; k < ARRAY_SIZE(lists); k++)
		for (size_t i = 0; i < lists[k]->n; i++) {
			const struct device_node *d = &lists[k]->v[i];
			int v = cglist ? devices_cgroup_allows(cglist, d->type, d->major, d->minor)
				       : -1;
			if (devices_facts_add(&ctx->majors, d, v, f) < 0)
				return -ENOMEM;
		}
	devices_facts_end(f);
	return 0;
}

/* Which reachable sockets and block devices init's credentials could open (audit/access.h): a
 * root-owned 0660 socket is no API for a uid-1000 container, nor for a rootless one whose
 * capabilities do not count over host-owned files. What cannot be checked counts as usable. */
static int set_usable(int rootfd, const struct proc_status *st, const struct userns_entry *u,
		      struct facts *f)
{
	static const struct {
		enum fact_id from, to;
		int want[2];
	} sets[] = {
	    {F_MOUNTS_RUNTIME_SOCKET, F_MOUNTS_RUNTIME_SOCKET_USABLE, {ACCESS_WRITE, ACCESS_WRITE}},
	    {F_DEVICES_BLOCK, F_DEVICES_BLOCK_USABLE, {ACCESS_READ, ACCESS_WRITE}},
	};
	struct access_creds c = {.fsuid = st->uid[3],
				 .fsgid = st->gid[3],
				 .groups = st->groups,
				 .ngroups = st->ngroups,
				 .caps_eff = st->cap_eff,
				 .uidmap = u ? &u->uid : NULL,
				 .gidmap = u ? &u->gid : NULL};
	for (size_t k = 0; k < ARRAY_SIZE(sets); k++) {
		const struct fact_value *v = &f->v[sets[k].from];
		if (!v->known)
			continue;
		struct strv *out = facts_list(f, sets[k].to);
		for (size_t i = 0; i < v->l.n; i++) {
			struct stat sb;
			_cleanup_close_ int fd =
			    rootfd >= 0 ? fileio_open_in_root(rootfd, v->l.v[i], O_PATH) : -1;
			bool usable = fd < 0 || fstat(fd, &sb) < 0 ||
				      access_as(&sb, &c, sets[k].want[0]) ||
				      access_as(&sb, &c, sets[k].want[1]);
			if (usable && strv_push(out, v->l.v[i]) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* devlist: the v1 device cgroup's rules, left empty (NULL data) when they cannot be read. */
static int set_cgroup(struct host_ctx *ctx, int piddirfd, struct facts *f, struct identity *id,
		      struct buf *devlist)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (fileio_read_at(piddirfd, "cgroup", SMALL_FILE_MAX, &b) < 0)
		return 0;
	struct cgroup_list cl;
	if (cgroup_parse(b.data, &cl) < 0)
		return 0;
	const char *main_path = cgroup_main_path(&cl);
	int r = facts_set_str(f, F_CONTAINER_CGROUP, main_path ? main_path : "");
	for (size_t i = 0; i < cl.n; i++)
		identity_from_cgroup(cl.e[i].path, id);
	if (main_path)
		identity_from_cgroup(main_path, id);
	if (ctx->have_host_mounts) {
		int64_t pids, mem;
		cgroup_limits(ctx->hostrootfd, &ctx->host_mounts, &cl, &pids, &mem);
		if (pids > -2)
			facts_set_int(f, F_CGROUP_PIDS_LIMIT, pids);
		if (mem > -2)
			facts_set_int(f, F_CGROUP_MEMORY_LIMIT, mem);
		if (cgroup_devices_list(ctx->hostrootfd, &ctx->host_mounts, &cl, devlist) < 0)
			buf_free(devlist);
		int64_t cpu, weight;
		cgroup_cpu(ctx->hostrootfd, &ctx->host_mounts, &cl, &cpu, &weight);
		if (cpu > -2)
			facts_set_int(f, F_CGROUP_CPU_LIMIT, cpu);
		if (weight > -2)
			facts_set_int(f, F_CGROUP_CPU_WEIGHT, weight);
	}
	cgroup_list_free(&cl);
	return r;
}

static bool parent_is(struct host_ctx *ctx, pid_t ppid, const char *comm)
{
	char path[32];
	_cleanup_buf_ struct buf b = BUF_INIT;
	snprintf(path, sizeof(path), "%d/comm", ppid);
	if (ppid <= 0 || fileio_read_at(ctx->procfd, path, 64, &b) < 0)
		return false;
	b.data[strcspn(b.data, "\n")] = '\0';
	return strcmp(b.data, comm) == 0;
}

/* A sandbox that kept the host's / (unshare, conmon) has no files of its own: /.dockerenv or
 * /run/.containerenv there describe the host's own confinement, not this sandbox. */
static bool is_host_root(struct host_ctx *ctx, int rootfd)
{
	struct stat a, b;
	return fstat(rootfd, &a) == 0 && fstat(ctx->hostrootfd, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/* Evidence in order of trust: cgroup path (set_cgroup), runtime state files, then files inside
 * the container, which only fill what the host left empty. */
static int set_identity(struct host_ctx *ctx, int piddirfd, int rootfd, pid_t init,
			const struct proc_status *st, uint64_t key, bool self,
			const struct runtime_owner *who, struct identity *id, struct facts *f)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (!self)
		runtime_enrich(ctx->rs, init, who, id);
	if (!self && rootfd >= 0 && is_host_root(ctx, rootfd))
		rootfd = -1;
	/* bwrap's parent is a host process: that outranks what the sandbox's files claim. */
	if ((id->runtime[0] == '\0' || strcmp(id->runtime, "unknown") == 0) && !self &&
	    (parent_is(ctx, st->ppid, "bwrap") || strcmp(st->name, "bwrap") == 0))
		identity_copy(id->runtime, sizeof(id->runtime), "bwrap");
	if (rootfd >= 0 &&
	    fileio_read_in_root(rootfd, "/run/.containerenv", CONTAINERENV_MAX, &b) == 0)
		identity_from_containerenv(b.data, id);
	if ((id->runtime[0] == '\0' || strcmp(id->runtime, "unknown") == 0) && rootfd >= 0 &&
	    fileio_exists_in_root(rootfd, "/.dockerenv")) {
		identity_copy(id->runtime, sizeof(id->runtime), "docker");
		id->claimed |= IDENTITY_RUNTIME;
	}
	if (id->runtime[0] == '\0' || strcmp(id->runtime, "unknown") == 0) {
		identity_copy(id->runtime, sizeof(id->runtime), "unknown");
		if (self && fileio_read_at(piddirfd, "environ", SMALL_FILE_MAX, &b) == 0) {
			/* environ is NUL-separated; container=lxc|podman|docker|oci */
			for (size_t i = 0; i < b.len; i += strlen(b.data + i) + 1)
				if (strcmp(b.data + i, "container=lxc") == 0) {
					identity_copy(id->runtime, sizeof(id->runtime), "lxc");
					id->claimed |= IDENTITY_RUNTIME;
				} else if (strcmp(b.data + i, "container=podman") == 0) {
					identity_copy(id->runtime, sizeof(id->runtime), "podman");
					id->claimed |= IDENTITY_RUNTIME;
				}
		}
	}
	if (id->id[0] == '\0')
		snprintf(id->id, sizeof(id->id), self ? "self" : "ns-%llu",
			 (unsigned long long)key);
	if (id->name[0] == '\0') {
		/* The init's comm: the container sets it (prctl PR_SET_NAME, its argv[0]). */
		identity_copy(id->name, sizeof(id->name), self ? "self" : st->name);
		if (!self)
			id->claimed |= IDENTITY_NAME;
	}
	if (identity_claimed_names(id->claimed, facts_list(f, F_CONTAINER_CLAIMED)) < 0)
		return -ENOMEM;
	int r = 0;
	r |= facts_set_str(f, F_CONTAINER_ID, id->id);
	r |= facts_set_str(f, F_CONTAINER_NAME, id->name);
	r |= facts_set_str(f, F_CONTAINER_RUNTIME, id->runtime);
	r |= facts_set_str(f, F_CONTAINER_IMAGE, id->image);
	r |= facts_set_str(f, F_CONTAINER_POD, id->pod);
	r |= facts_set_str(f, F_CONTAINER_NAMESPACE, id->pod_namespace);
	r |= facts_set_str(f, F_CONTAINER_COMMAND, st->name);
	return r ? -ENOMEM : 0;
}

/* Reference inodes for judging "shared with the host". From inside (self) only the initial
 * namespaces with fixed inodes are known, plus mnt/net when the pid namespace is the host's. */
static void reference_ns(struct host_ctx *ctx, const uint64_t ns[NS__COUNT], bool self,
			 uint64_t ref[NS__COUNT])
{
	for (int t = 0; t < NS__COUNT; t++) {
		ref[t] = ctx->ref_ns[t];
		if (self && ns_initial_inode((enum ns_type)t))
			ref[t] = ns_initial_inode((enum ns_type)t);
	}
	if (self && ns[NS_PID] != ns_initial_inode(NS_PID))
		ref[NS_MNT] = ref[NS_NET] = 0;
}

static int set_namespaces(struct facts *f, const uint64_t ns[NS__COUNT],
			  const uint64_t ref[NS__COUNT])
{
	struct strv *shared = facts_list(f, F_NS_SHARED);
	for (int t = 0; t < NS__COUNT; t++) {
		if (ref[t] == 0 || ns[t] == 0)
			continue; /* unknown: left null */
		bool same = ns[t] == ref[t];
		facts_set_bool(f, (enum fact_id)(F_NS_HOST_CGROUP + t), same);
		if (same && strv_push(shared, ns_name((enum ns_type)t)) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int count_root(const struct process *members, size_t n, const struct userns_entry *u)
{
	int c = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t e = u ? idmap_to_inside(&u->uid, members[i].euid) : members[i].euid;
		c += e == 0;
	}
	return c;
}

#define CAPS_NAMED 4 /* a privileged exec holds every capability: name a few */

/* What a member holds beyond init: capabilities outside init's bounding set (only a new exec
 * with more privilege gets those: `podman exec --privileged`), no seccomp where init has a
 * filter, no_new_privs off where init has it on, the host's mount namespace. */
static int escalation(const struct process *p, const struct process *init, uint64_t host_mnt,
		      struct buf *b)
{
	uint64_t extra = (p->cap_eff | p->cap_bnd) & ~init->cap_bnd;
	int named = 0, more = 0, r = 0;
	for (int bit = 0; bit < 64; bit++) {
		if (!(extra & (1ULL << bit)))
			continue;
		if (named >= CAPS_NAMED) {
			more++;
			continue;
		}
		const char *n = caps_name(bit);
		r |= buf_printf(b, "%s%s",
				named++ ? ", " : "; capabilities beyond init's: ", n ? n : "?");
	}
	if (more)
		r |= buf_printf(b, " and %d more", more);
	if (p->seccomp == 0 && init->seccomp > 0)
		r |= buf_puts(b, "; seccomp disabled (init has a filter)");
	if (p->no_new_privs == 0 && init->no_new_privs == 1)
		r |= buf_puts(b, "; no_new_privs off (init has it on)");
	if (host_mnt && p->mntns == host_mnt && init->mntns != host_mnt)
		r |= buf_puts(b, "; the host's mount namespace");
	return r ? -ENOMEM : 0;
}

/* Every member judged against init: a process exec'd into the container with more privilege is
 * a finding of its own (CIS Docker 5.23, 5.24). Members that joined the group only by its mount
 * namespace (the unshare or bwrap parent that made the sandbox) are the sandbox's makers, not
 * its members. The statuses are those of the walk (audit/host.c): nothing is read again. */
static int set_processes(struct host_ctx *ctx, const struct process *init,
			 const struct process *members, size_t n, const struct userns_entry *u,
			 struct facts *f)
{
	struct strv *esc = facts_list(f, F_PROCESSES_ESCALATED);
	struct strv *low = facts_list(f, F_PROCESSES_LOWER_UID);
	int64_t init_euid = u ? idmap_to_inside(&u->uid, init->euid) : init->euid;
	for (size_t i = 0; i < n; i++) {
		const struct process *p = &members[i];
		if (p == init || (p->by_pid && p->pidns != p->key))
			continue;
		_cleanup_buf_ struct buf b = BUF_INIT;
		buf_printf(&b, "%d %s", p->pid, p->comm);
		size_t head = b.len;
		if (escalation(p, init, ctx->ref_ns[NS_MNT], &b) < 0)
			return -ENOMEM;
		if (b.len > head) {
			b.data[head] = ':'; /* "; first" -> ": first" */
			if (strv_push(esc, b.data) < 0)
				return -ENOMEM;
		}
		int64_t euid = u ? idmap_to_inside(&u->uid, p->euid) : p->euid;
		if (euid < 0 || init_euid < 0 || euid >= init_euid)
			continue;
		buf_clear(&b);
		if (buf_printf(&b, "%d %s: euid %lld, init's %lld", p->pid, p->comm,
			       (long long)euid, (long long)init_euid) < 0 ||
		    strv_push(low, b.data) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Only on a live host, from outside, with both namespaces known. */
static int set_sysctls(struct host_ctx *ctx, int piddirfd, const uint64_t ns[NS__COUNT],
		       const uint64_t ref[NS__COUNT], bool self, struct facts *f)
{
	if (!ctx->live || self || !ns[NS_NET] || !ns[NS_IPC] || !ref[NS_NET] || !ref[NS_IPC])
		return 0;
	return sysctl_facts(&ctx->sysctl, ctx->procfd, piddirfd, ns[NS_NET] == ref[NS_NET],
			    ns[NS_IPC] == ref[NS_IPC], f);
}

static int set_sshd(const struct process *members, size_t n, struct facts *f)
{
	struct strv *l = facts_list(f, F_PROCESSES_SSHD);
	for (size_t i = 0; i < n; i++) {
		char tmp[24];
		snprintf(tmp, sizeof(tmp), "%d", (int)members[i].pid);
		if (members[i].sshd && strv_push(l, tmp) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int set_mounts(struct host_ctx *ctx, const struct mntns_entry *m, int rootfd, uint64_t mntns,
		      bool self, struct facts *f)
{
	if (m->err < 0)
		return 0; /* unknown; a vanished init is caught at the end */
	const struct mount_table *host =
	    (!self && ctx->have_host_mounts) ? &ctx->host_mounts : NULL;
	if (self && ctx->have_host_mounts && mntns != 0 && mntns == ctx->ref_ns[NS_MNT])
		host = &ctx->host_mounts;
	int r = mounts_facts(host, &m->t, self ? -1 : ctx->hostrootfd, rootfd, f);
	if (r < 0 || (r = procmask_facts(&m->t, rootfd, f)) < 0 || self || !host)
		return r;
	/* From the host: the socket tables say what listens below each bind's host path. */
	const struct fact_value *net = &f->v[F_NS_HOST_NET];
	return sockets_facts(&ctx->socks, host, &m->t, net->known ? net->u.b : -1, f);
}

/* The namespace's owner: the kernel's answer, else the per-user state root the runtime's
 * files were found in (a recorded tree). From inside, only the host's own is known. */
static int set_owner(struct host_ctx *ctx, const struct userns_entry *u, const struct identity *id,
		     int host_user, bool self, struct facts *f)
{
	int64_t owner = u ? u->owner : -1;
	if (owner < 0 && id->has_owner)
		owner = id->owner_uid;
	if (self && host_user != 1)
		owner = -1;
	return rootless_facts(ctx->hostrootfd, owner, host_user, f);
}

/* A container whose mount view could not be had is reported as partly read, with why. */
static int note_gap(struct host_ctx *ctx, const struct mntns_entry *m, pid_t init, struct facts *f)
{
	if (!m || m->err >= 0)
		return 0;
	const char *id = facts_str(f, F_CONTAINER_ID);
	char detail[160];
	snprintf(detail, sizeof(detail), "mount and device facts unknown: %s",
		 m->why ? m->why : strerror(-m->err));
	return gaps_add(&ctx->gaps, init, "mounts", id ? id : "", m->err, detail);
}

int container_collect(struct host_ctx *ctx, pid_t init, const struct process *members,
		      size_t nmembers, bool self, struct facts *f)
{
	char name[24];
	snprintf(name, sizeof(name), self ? "self" : "%d", init);
	_cleanup_close_ int fd = openat(ctx->procfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	_cleanup_buf_ struct buf b = BUF_INIT;
	struct proc_status st;
	int r = fileio_read_at(fd, "status", SMALL_FILE_MAX, &b);
	if (r < 0 || status_parse(b.data, &st) < 0)
		return -ESRCH;
	uint64_t ns[NS__COUNT] = {0}, ref[NS__COUNT];
	for (int t = 0; t < NS__COUNT; t++) {
		r = ns_read(fd, (enum ns_type)t, &ns[t]);
		if (proc_gone(r) && (t == NS_PID || t == NS_MNT))
			return -ESRCH;
	}
	/* The pid may have been reused since the walk: same namespaces or it is not our init. */
	const struct process *me = NULL;
	for (size_t i = 0; i < nmembers && !me; i++)
		if (members[i].pid == init)
			me = &members[i];
	if (!self && (!me || ns[NS_PID] != me->pidns || ns[NS_MNT] != me->mntns))
		return -ESRCH;
	reference_ns(ctx, ns, self, ref);
	const struct userns_entry *u = host_userns(ctx, fd, ns[NS_USER]);
	int64_t ns_owner = u ? u->owner : -1;
	if (u && !u->ok)
		u = NULL;
	/* From inside, the map is seen relative to itself; ids are already inside ids. */
	const struct userns_entry *tr = self ? NULL : u;
	_cleanup_close_ int rootfd = openat(fd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct identity id = {0};
	uint64_t key = ns[NS_PID] != ctx->ref_ns[NS_PID] ? ns[NS_PID] : ns[NS_MNT];

	facts_set_int(f, F_CONTAINER_PID, init);
	facts_set_int(f, F_CONTAINER_PROCESSES, (int64_t)nmembers);
	if ((r = set_namespaces(f, ns, ref)) < 0 || (r = set_ids(f, &st, tr)) < 0 ||
	    (r = set_userns(f, u, ref[NS_USER] && ns[NS_USER] == ref[NS_USER])) < 0 ||
	    (r = set_caps(f, &st, self ? caps_all_mask(ctx->cap_last_cap) : ctx->cap_grantable)) <
		0)
		return r;
	if ((r = set_sysctls(ctx, fd, ns, ref, self, f)) < 0)
		return r;
	facts_set_int(f, F_USER_ROOT_PROCESSES, count_root(members, nmembers, tr));
	if (!self && (r = set_processes(ctx, me, members, nmembers, tr, f)) < 0)
		return r;
	if ((r = set_sshd(members, nmembers, f)) < 0)
		return r;
	set_seccomp(f, &st);
	if (ctx->opt.deep)
		set_deep(ctx, self ? getpid() : init, self && st.seccomp == 2, f);
	const struct mntns_entry *m = host_mntns(ctx, fd, ns[NS_MNT]);
	if (!m)
		return -ENOMEM;
	_cleanup_buf_ struct buf devlist = BUF_INIT;
	int host_user = ref[NS_USER] ? ns[NS_USER] == ref[NS_USER] : -1;
	const struct runtime_owner who = {
	    .uid = ns_owner, .host_user = host_user, .uidmap = u ? &u->uid : NULL};
	if ((r = set_lsm(ctx, fd, f)) < 0 || (r = set_cgroup(ctx, fd, f, &id, &devlist)) < 0 ||
	    (r = set_limits(fd, f)) < 0 ||
	    (r = set_mounts(ctx, m, rootfd, ns[NS_MNT], self, f)) < 0 ||
	    (r = set_devices(ctx, m, rootfd, devlist.data, f)) < 0 ||
	    (r = set_usable(rootfd, &st, tr, f)) < 0 ||
	    (r = set_identity(ctx, fd, rootfd, init, &st, key, self, &who, &id, f)) < 0)
		return proc_gone(r) ? -ESRCH : r;
	/* The init must still be there: a container whose init exited mid-read is left out. */
	if (faccessat(fd, "status", F_OK, 0) < 0 || (ctx->live && m && proc_gone(m->err)))
		return -ESRCH;
	if ((r = set_owner(ctx, u, &id, host_user, self, f)) < 0)
		return r;
	return note_gap(ctx, m, init, f);
}
