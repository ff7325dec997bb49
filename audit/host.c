/* The host walk: enumerate pids, find the reference namespaces, group into containers. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/caps.h"
#include "audit/container.h"
#include "audit/host.h"
#include "audit/rootless.h"
#include "audit/mntns.h"
#include "audit/runtime.h"
#include "kernel/status.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define MOUNTINFO_MAX	  (64u << 20)
#define MOUNT_ENTRIES_MAX 200000
#define PROCESSES_MAX	  (4u << 20)
#define IDMAP_FILE_MAX	  (64u << 10)

static int open_pid_dir(int procfd, const char *name)
{
	int fd = openat(procfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* The host's namespaces are those of pid 1. Where pid 1 cannot be read (a supervisor holding
 * capabilities ctguard lacks), kthreadd (pid 2, a kernel thread, always in the initial
 * namespaces) stands in, then ctguard's own process. */
static int find_reference(struct host_ctx *ctx, struct error *err)
{
	static const char *const candidates[] = {"1", "2", "self"};
	for (size_t i = 0; i < ARRAY_SIZE(candidates); i++) {
		_cleanup_close_ int fd = open_pid_dir(ctx->procfd, candidates[i]);
		if (fd < 0)
			continue;
		if (i == 1) {
			_cleanup_buf_ struct buf b = BUF_INIT;
			if (fileio_read_at(fd, "comm", 64, &b) < 0 || strcmp(b.data, "kthreadd\n"))
				continue;
		}
		uint64_t ns[NS__COUNT] = {0};
		if (ns_read(fd, NS_PID, &ns[NS_PID]) < 0 || ns_read(fd, NS_MNT, &ns[NS_MNT]) < 0)
			continue;
		for (int t = 0; t < NS__COUNT; t++)
			if (t != NS_PID && t != NS_MNT)
				ns_read(fd, (enum ns_type)t, &ns[t]);
		memcpy(ctx->ref_ns, ns, sizeof(ns));
		ctx->ref_pid = i == 2 ? 0 : atoi(candidates[i]);
		return 0;
	}
	return error_set(err, -EACCES,
			 "cannot read the namespaces of pid 1, kthreadd or itself under '%s'",
			 ctx->opt.proc_root);
}

static void read_host_mounts(struct host_ctx *ctx)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	char path[32];
	snprintf(path, sizeof(path), "%d/mountinfo", ctx->ref_pid);
	int r = ctx->ref_pid > 0 ? fileio_read_at(ctx->procfd, path, MOUNTINFO_MAX, &b) : -ENOENT;
	if (r < 0 || b.len == 0)
		r = fileio_read_at(ctx->procfd, "self/mountinfo", MOUNTINFO_MAX, &b);
	if (r >= 0 && mountinfo_parse(b.data, MOUNT_ENTRIES_MAX, &ctx->host_mounts) == 0)
		ctx->have_host_mounts = true;
}

int host_open(struct host_ctx *ctx, const struct host_options *opt, struct error *err)
{
	*ctx = (struct host_ctx){.procfd = -1, .hostrootfd = -1};
	ctx->opt = *opt;
	if (!ctx->opt.proc_root)
		ctx->opt.proc_root = "/proc";
	if (!ctx->opt.host_root)
		ctx->opt.host_root = "/";
	ctx->live = strcmp(ctx->opt.proc_root, "/proc") == 0;
	ctx->procfd = open(ctx->opt.proc_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ctx->procfd < 0)
		return error_setn(err, -errno, "opening proc tree '%s'", ctx->opt.proc_root);
	ctx->hostrootfd = open(ctx->opt.host_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ctx->hostrootfd < 0)
		return error_setn(err, -errno, "opening host root '%s'", ctx->opt.host_root);
	int r = find_reference(ctx, err);
	if (r < 0)
		return r;
	read_host_mounts(ctx);
	sock_index_init(&ctx->socks, ctx->procfd, ctx->hostrootfd, ctx->ref_pid,
			ctx->ref_ns[NS_MNT], ctx->ref_ns[NS_NET]);
	_cleanup_buf_ struct buf b = BUF_INIT;
	ctx->cap_last_cap = CAPS_KNOWN - 1;
	if (fileio_read_at(ctx->procfd, "sys/kernel/cap_last_cap", 32, &b) == 0 && b.len)
		ctx->cap_last_cap = atoi(b.data);
	/* Every user process descends from pid 1 and a bounding set only shrinks, so a host whose
	 * pid 1 lacks a capability (itself sandboxed) cannot grant it: a --privileged container
	 * there holds pid 1's set, not the kernel's. Kernel threads are not containers. */
	ctx->cap_grantable = caps_all_mask(ctx->cap_last_cap);
	struct proc_status st1;
	if (fileio_read_at(ctx->procfd, "1/status", 64u << 10, &b) == 0 &&
	    status_parse(b.data, &st1) == 0 && (st1.cap_bnd & ctx->cap_grantable))
		ctx->cap_grantable &= st1.cap_bnd;
	ctx->selinux = faccessat(ctx->hostrootfd, "sys/fs/selinux/enforce", F_OK, 0) == 0;
	if (fileio_read_at(ctx->procfd, "devices", 64u << 10, &b) == 0 &&
	    devices_majors_parse(b.data, &ctx->majors) < 0)
		return error_set(err, -ENOMEM, "out of memory");
	ctx->rs = runtime_state_new(ctx->hostrootfd);
	if (!ctx->rs)
		return error_set(err, -ENOMEM, "out of memory");
	runtime_state_set_live(ctx->rs, ctx->live);
	return 0;
}

void host_close(struct host_ctx *ctx)
{
	if (ctx->procfd >= 0)
		close(ctx->procfd);
	if (ctx->hostrootfd >= 0)
		close(ctx->hostrootfd);
	mount_table_free(&ctx->host_mounts);
	sock_index_free(&ctx->socks);
	host_ns_cache_free(ctx);
	gaps_free(&ctx->gaps);
	mntns_helper_stop(&ctx->helper);
	runtime_state_free(ctx->rs);
	devices_majors_free(&ctx->majors);
	sysctl_cache_free(&ctx->sysctl);
	devcache_free(&ctx->devcache);
	*ctx = (struct host_ctx){.procfd = -1, .hostrootfd = -1};
}

struct proc_vec {
	struct process *p;
	size_t n, cap;
};

static int vec_push(struct proc_vec *v, const struct process *p)
{
	if (v->n >= PROCESSES_MAX)
		return -E2BIG;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		struct process *n = realloc(v->p, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		v->p = n;
		v->cap = cap;
	}
	v->p[v->n++] = *p;
	return 0;
}

/* The containers a scan is limited to (host_scan_some); n == 0: every one. */
struct scan_filter {
	const uint64_t *keys;
	size_t n;
	uint64_t *skipped; /* pid namespaces left out, each noted once for the socket index */
	size_t nskipped;
};

static bool filter_wants(const struct scan_filter *f, uint64_t key)
{
	if (!f || !f->n)
		return true;
	for (size_t i = 0; i < f->n; i++)
		if (f->keys[i] == key)
			return true;
	return false;
}

/* A process of a pid namespace the scan leaves out: its network namespace is noted all the
 * same (once per pid namespace), so that a socket bound in a host directory by another
 * container counts as in a scan of the whole host. */
static int skip_process(struct host_ctx *ctx, struct scan_filter *f, int fd, pid_t pid,
			uint64_t pidns)
{
	for (size_t i = 0; i < f->nskipped; i++)
		if (f->skipped[i] == pidns)
			return 0;
	uint64_t *n = realloc(f->skipped, (f->nskipped + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	f->skipped = n;
	f->skipped[f->nskipped++] = pidns;
	uint64_t net = 0;
	if (ns_read(fd, NS_NET, &net) == 0 && sock_index_note(&ctx->socks, pid, net) < 0)
		return -ENOMEM;
	return 0;
}

/* The namespace t of pid name, read by path from the /proc tree (no descriptor of the pid's
 * directory). Returns 0 or a negative errno. */
static int ns_of(struct host_ctx *ctx, const char *name, enum ns_type t, uint64_t *ino)
{
	char path[64], link[64];
	snprintf(path, sizeof(path), "%s/ns/%s", name, t == NS_PID ? "pid" : "mnt");
	int r = fileio_readlink_or_text_at(ctx->procfd, path, link, sizeof(link));
	return r < 0 ? r : ns_parse_link(link, t, ino);
}

/* A limited scan passes over most processes: those of a pid namespace it does not want, and
 * those of the host's namespaces, each with one or two readlinks. True when pid name was
 * passed over (*r: 0, or a negative errno to stop on); false when read_process must read it
 * (anything unusual, an error included, takes the full path). */
static bool skipped_cheaply(struct host_ctx *ctx, struct scan_filter *f, const char *name, int *r)
{
	uint64_t pidns, mntns;
	*r = 0;
	if (ns_of(ctx, name, NS_PID, &pidns) < 0)
		return false;
	if (pidns != ctx->ref_ns[NS_PID]) {
		if (filter_wants(f, pidns))
			return false;
		for (size_t i = 0; i < f->nskipped; i++)
			if (f->skipped[i] == pidns)
				return true;
		_cleanup_close_ int fd = open_pid_dir(ctx->procfd, name);
		if (fd >= 0)
			*r = skip_process(ctx, f, fd, atoi(name), pidns);
		return fd >= 0;
	}
	return ns_of(ctx, name, NS_MNT, &mntns) == 0 && mntns == ctx->ref_ns[NS_MNT];
}

/* Reads one pid; returns 1 when it belongs to a container, 0 for a host process, one that
 * is gone or one of a pid namespace the filter leaves out, or a negative errno. Host
 * processes (and left-out ones) cost two readlinks. */
static int read_process(struct host_ctx *ctx, struct scan_filter *filter, const char *name,
			struct buf *scratch, struct process *out)
{
	_cleanup_close_ int fd = open_pid_dir(ctx->procfd, name);
	if (fd < 0)
		return proc_gone(fd) ? 0 : fd;
	int r = ns_read(fd, NS_PID, &out->pidns);
	if (r >= 0)
		r = ns_read(fd, NS_MNT, &out->mntns);
	if (r == -EACCES || r == -EPERM) {
		/* status is world-readable: kernel threads (kthreadd's children) are never
		 * containers, whatever their namespaces say. */
		struct proc_status st;
		if (fileio_read_at(fd, "status", 64u << 10, scratch) == 0 &&
		    status_parse(scratch->data, &st) == 0 && (atoi(name) == 2 || st.ppid == 2))
			return 0;
	}
	if (r < 0)
		return proc_gone(r) ? 0 : r;
	if (out->pidns == ctx->ref_ns[NS_PID] && out->mntns == ctx->ref_ns[NS_MNT])
		return 0;
	/* Left out by its pid namespace. Processes of the host's pid namespace with a mount
	 * namespace of their own are read all the same: they may join a wanted group by it. */
	if (out->pidns != ctx->ref_ns[NS_PID] && !filter_wants(filter, out->pidns))
		return skip_process(ctx, filter, fd, atoi(name), out->pidns);
	struct proc_status st;
	r = fileio_read_at(fd, "status", 64u << 10, scratch);
	if (r < 0)
		return proc_gone(r) ? 0 : r;
	if (status_parse(scratch->data, &st) < 0)
		return 0; /* a zombie or a torn read: nothing to judge */
	out->pid = atoi(name);
	/* Kernel threads (kthreadd and its children) are not sandboxes, even with a private mount
	 * namespace such as kdevtmpfs has. */
	if (out->pidns == ctx->ref_ns[NS_PID] && (out->pid == 2 || st.ppid == 2))
		return 0;
	out->ppid = st.ppid;
	out->nspid = st.nspid_inner;
	out->euid = st.uid[1];
	out->cap_eff = st.cap_eff;
	out->cap_bnd = st.cap_bnd;
	out->seccomp = (int8_t)st.seccomp;
	out->no_new_privs = (int8_t)st.no_new_privs;
	snprintf(out->comm, sizeof(out->comm), "%s", st.name);
	out->sshd = status_is_sshd(&st);
	return 1;
}

/* Group key: the pid namespace when it is not the host's, else the mount namespace. */
static int cmp_group(const struct process *a, const struct process *b)
{
	if (a->by_pid != b->by_pid)
		return a->by_pid ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* Sets each process's group key. A process left in the host's pid namespace but inside the
 * mount namespace of a pid-namespaced group (the unshare or bwrap parent that made the sandbox)
 * joins that group instead of forming a container of its own. */
static int assign_keys(struct proc_vec *v, uint64_t hostpid)
{
	struct mnt_pid {
		uint64_t mnt, pid;
	} *map = NULL;
	size_t nmap = 0;
	for (size_t i = 0; i < v->n; i++) {
		struct process *p = &v->p[i];
		p->by_pid = p->pidns != hostpid;
		p->key = p->by_pid ? p->pidns : p->mntns;
		if (!p->by_pid || (nmap && map[nmap - 1].mnt == p->mntns))
			continue;
		struct mnt_pid *n = realloc(map, (nmap + 1) * sizeof(*map));
		if (!n) {
			free(map);
			return -ENOMEM;
		}
		map = n;
		map[nmap].mnt = p->mntns;
		map[nmap++].pid = p->pidns;
	}
	for (size_t i = 0; i < v->n; i++) {
		struct process *p = &v->p[i];
		for (size_t k = 0; !p->by_pid && k < nmap; k++)
			if (map[k].mnt == p->mntns) {
				p->by_pid = true;
				p->key = map[k].pid;
			}
	}
	free(map);
	return 0;
}

static int cmp_proc(const void *x, const void *y)
{
	const struct process *a = x, *b = y;
	int c = cmp_group(a, b);
	if (c)
		return c;
	return a->pid < b->pid ? -1 : a->pid > b->pid;
}

static int cmp_pid_key(const void *k, const void *e)
{
	pid_t pid = *(const pid_t *)k;
	const struct process *p = e;
	return pid < p->pid ? -1 : pid > p->pid;
}

/* The init is the member whose parent is outside the group; pid 1 inside wins a tie (processes
 * joined later with setns, such as podman exec, also have parents outside). A process that only
 * joined the group by its mount namespace (the unshare or bwrap parent) stands in only when no
 * member of the pid namespace itself is left. */
static const struct process *group_init(const struct process *g, size_t n)
{
	const struct process *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct process *parent = bsearch(&g[i].ppid, g, n, sizeof(*g), cmp_pid_key);
		bool inside = !g[i].by_pid || g[i].pidns == g[i].key;
		if (parent && (!inside || parent->pidns == g[i].pidns))
			continue;
		bool best_inside = best && (!best->by_pid || best->pidns == best->key);
		if (!best || (inside && !best_inside) ||
		    (inside == best_inside && g[i].nspid == 1 && best->nspid != 1))
			best = &g[i];
	}
	return best ? best : &g[0];
}

static bool is_runtime_monitor(struct host_ctx *ctx, pid_t pid)
{
	char path[32];
	_cleanup_buf_ struct buf b = BUF_INIT;
	snprintf(path, sizeof(path), "%d/cgroup", pid);
	if (fileio_read_at(ctx->procfd, path, 64u << 10, &b) < 0)
		return false;
	return strstr(b.data, "/libpod_parent/conmon\n") || strstr(b.data, "/libpod-conmon-") ||
	       strstr(b.data, "/crio-conmon-");
}

static bool is_service_sandbox(struct host_ctx *ctx, const struct facts *f)
{
	const struct fact_value *rt = &f->v[F_CONTAINER_RUNTIME], *cg = &f->v[F_CONTAINER_CGROUP];
	const struct fact_value *hp = &f->v[F_NS_HOST_PID];
	if (!hp->known || !hp->u.b || !rt->u.s || strcmp(rt->u.s, "unknown") != 0 || !cg->u.s)
		return false;
	if (is_runtime_monitor(ctx, (pid_t)f->v[F_CONTAINER_PID].u.i))
		return true;
	size_t n = strlen(cg->u.s);
	return n > 8 && strcmp(cg->u.s + n - 8, ".service") == 0;
}

static int cmp_facts_pid(const void *x, const void *y)
{
	const struct facts *a = x, *b = y;
	int64_t pa = a->v[F_CONTAINER_PID].u.i, pb = b->v[F_CONTAINER_PID].u.i;
	return pa < pb ? -1 : pa > pb;
}

/* The network namespace of every init, whose unix socket table is read with the host's when
 * some container reaches a host directory (a socket bound there by another container counts). */
static int note_netns(struct host_ctx *ctx, struct proc_vec *v)
{
	for (size_t a = 0; a < v->n;) {
		size_t b = a + 1;
		while (b < v->n && cmp_group(&v->p[a], &v->p[b]) == 0)
			b++;
		const struct process *init = group_init(&v->p[a], b - a);
		char name[24];
		snprintf(name, sizeof(name), "%d", init->pid);
		_cleanup_close_ int fd =
		    openat(ctx->procfd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		uint64_t net = 0;
		if (fd >= 0 && ns_read(fd, NS_NET, &net) == 0 &&
		    sock_index_note(&ctx->socks, init->pid, net) < 0)
			return -ENOMEM;
		a = b;
	}
	return 0;
}

#define HOLDERS_MAX 1024

/* Whether the filter wants the group g[0..n): by its key, or by the pid or mount namespace of
 * a member (an exec seen in the mount namespace of an unshare parent). */
static bool group_wanted(const struct scan_filter *f, const struct process *g, size_t n)
{
	if (filter_wants(f, g[0].key))
		return true;
	for (size_t i = 0; i < n; i++)
		if (filter_wants(f, g[i].pidns) || filter_wants(f, g[i].mntns))
			return true;
	return false;
}

struct pid_key {
	pid_t pid;
	uint64_t key;
};

static int cmp_pid_key_pair(const void *x, const void *y)
{
	const struct pid_key *a = x, *b = y;
	return a->pid < b->pid ? -1 : a->pid > b->pid;
}

/* out->key in the order of out->c (sorted by init pid), from the (init, key) pairs. */
static int set_keys(struct container_list *out, struct pid_key *pk)
{
	if (!out->n)
		return 0;
	out->key = calloc(out->n, sizeof(*out->key));
	if (!out->key)
		return -ENOMEM;
	qsort(pk, out->n, sizeof(*pk), cmp_pid_key_pair);
	for (size_t i = 0; i < out->n; i++)
		out->key[i] = pk[i].key;
	return 0;
}

static int collect_groups(struct host_ctx *ctx, const struct scan_filter *filter,
			  struct proc_vec *v, struct container_list *out)
{
	if (note_netns(ctx, v) < 0)
		return -ENOMEM;
	_cleanup_free_ struct pid_key *pk = NULL;
	struct rootless_holder holders[HOLDERS_MAX];
	size_t nholders = 0;
	for (size_t a = 0; a < v->n;) {
		size_t b = a + 1;
		while (b < v->n && cmp_group(&v->p[a], &v->p[b]) == 0)
			b++;
		if (!group_wanted(filter, &v->p[a], b - a)) {
			a = b;
			continue;
		}
		struct pid_key *npk = realloc(pk, (out->n + 1) * sizeof(*pk));
		if (!npk)
			return -ENOMEM;
		pk = npk;
		const struct process *init = group_init(&v->p[a], b - a);
		struct facts *n = realloc(out->c, (out->n + 1) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		out->c = n;
		struct facts *f = &out->c[out->n];
		*f = (struct facts){0};
		int r = container_collect(ctx, init->pid, &v->p[a], b - a, false, f);
		if (r == 0)
			facts_set_bool(f, F_CONTAINER_SCANNER,
				       bsearch(&ctx->self_pid, &v->p[a], b - a, sizeof(v->p[a]),
					       cmp_pid_key) != NULL);
		/* A rootless user's namespace holder is not a container (audit/rootless.h). */
		struct rootless_holder h;
		bool holder = r == 0 && rootless_is_holder(ctx, &v->p[a], b - a, f, &h);
		if (holder && nholders < HOLDERS_MAX)
			holders[nholders++] = h;
		if (r == 0 && (ctx->opt.all || !is_service_sandbox(ctx, f)) && !holder)
			pk[out->n++] = (struct pid_key){init->pid, v->p[a].key};
		else
			facts_free(f);
		if (r < 0 && r != -ESRCH)
			return r;
		a = b;
	}
	rootless_mark_holders(holders, nholders, out->c, out->n);
	if (out->n)
		qsort(out->c, out->n, sizeof(*out->c), cmp_facts_pid);
	return set_keys(out, pk);
}

static int scan(struct host_ctx *ctx, struct scan_filter *filter, struct container_list *out,
		struct error *err)
{
	*out = (struct container_list){0};
	_cleanup_close_ int dfd = openat(ctx->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return error_setn(err, -errno, "listing '%s'", ctx->opt.proc_root);
	_cleanup_closedir_ DIR *d = fdopendir(dfd);
	if (!d)
		return error_setn(err, -errno, "listing '%s'", ctx->opt.proc_root);
	dfd = -1;
	struct proc_vec v = {0};
	_cleanup_buf_ struct buf scratch = BUF_INIT;
	struct dirent *de;
	int r = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9' ||
		    de->d_name[strspn(de->d_name, "0123456789")] != '\0')
			continue;
		struct process p = {0};
		if (filter->n && skipped_cheaply(ctx, filter, de->d_name, &r)) {
			if (r < 0)
				break;
			continue;
		}
		r = read_process(ctx, filter, de->d_name, &scratch, &p);
		if ((r == -EACCES || r == -EPERM) && strcmp(de->d_name, "1") == 0) {
			/* pid 1 of this /proc is the init of its pid namespace, the reference for
			 * "the host's" namespaces (find_reference): never a container. */
			r = 0;
			continue;
		}
		if (r == -EACCES || r == -EPERM) {
			/* Left out whole: it may be a container's member or its init. */
			r = gaps_add(&ctx->gaps, atoi(de->d_name), "process", NULL, r,
				     r == -EACCES ? "its namespaces cannot be read without root or "
						    "CAP_SYS_PTRACE"
						  : NULL);
			if (r < 0)
				break;
			continue;
		}
		if (r < 0)
			break;
		if (r == 1 && (r = vec_push(&v, &p)) < 0)
			break;
		r = 0;
	}
	if (r == 0) {
		/* ctguard's own pid as this /proc tree numbers it: its container is marked as the
		 * scanner's, whose expected privileges are explained rather than reported as drift.
		 */
		char self[32];
		ctx->self_pid = fileio_readlink_at(ctx->procfd, "self", self, sizeof(self)) == 0
				    ? atoi(self)
				    : 0;
		r = assign_keys(&v, ctx->ref_ns[NS_PID]);
		if (r == 0) {
			if (v.n)
				qsort(v.p, v.n, sizeof(*v.p), cmp_proc);
			r = collect_groups(ctx, filter, &v, out);
		}
	}
	free(v.p);
	if (r < 0) {
		container_list_free(out);
		return error_setn(err, r, "walking '%s'", ctx->opt.proc_root);
	}
	return 0;
}

int host_scan(struct host_ctx *ctx, struct container_list *out, struct error *err)
{
	struct scan_filter all = {0};
	return scan(ctx, &all, out, err);
}

int host_scan_some(struct host_ctx *ctx, const uint64_t *keys, size_t nkeys,
		   struct container_list *out, struct error *err)
{
	if (!nkeys) {
		*out = (struct container_list){0};
		return 0;
	}
	struct scan_filter f = {.keys = keys, .n = nkeys};
	int r = scan(ctx, &f, out, err);
	free(f.skipped);
	return r;
}

int host_self(struct host_ctx *ctx, struct facts *out, struct error *err)
{
	*out = (struct facts){0};
	_cleanup_close_ int fd = open_pid_dir(ctx->procfd, "self");
	if (fd < 0)
		return error_setn(err, fd, "opening '%s/self'", ctx->opt.proc_root);
	_cleanup_buf_ struct buf b = BUF_INIT;
	struct proc_status st;
	int r = fileio_read_at(fd, "status", 64u << 10, &b);
	if (r < 0 || status_parse(b.data, &st) < 0)
		return error_setn(err, r < 0 ? r : -EINVAL, "reading '%s/self/status'",
				  ctx->opt.proc_root);
	struct process me = {.ppid = st.ppid,
			     .nspid = st.nspid_inner,
			     .euid = st.uid[1],
			     .sshd = status_is_sshd(&st)};
	char link[64];
	if (fileio_readlink_at(ctx->procfd, "self", link, sizeof(link)) == 0)
		me.pid = atoi(link);
	ns_read(fd, NS_PID, &me.pidns);
	ns_read(fd, NS_MNT, &me.mntns);
	r = container_collect(ctx, me.pid, &me, 1, true, out);
	if (r == 0)
		facts_set_bool(out, F_CONTAINER_SCANNER, true);
	if (r < 0)
		return error_setn(err, r, "describing this process");
	return 0;
}

void container_list_free(struct container_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		facts_free(&l->c[i]);
	free(l->c);
	free(l->key);
	*l = (struct container_list){0};
}
