/* Reachable unix sockets (see sockets.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/exposure.h"
#include "audit/mounts.h"
#include "kernel/ns.h"
#include "audit/sockets.h"
#include "policy/hostpath.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define UNIX_TABLE_MAX (16u << 20)
#define SOCKETS_MAX    65536
#define SOCK_ACCEPTCON 0x10000 /* __SO_ACCEPTCON: listening */

/* Processes that serve a container runtime's API (comm, at most 15 characters). */
static const char *const runtime_comms[] = {
    "dockerd", "containerd", "podman", "crio",	     "buildkitd", "kubelet", "cri-dockerd",
    "lxd",     "incusd",     "k3s",    "k3s-server", "rke2",	  "conmon",  "rootlesskit",
};

static bool runtime_comm(const char *comm)
{
	if (strncmp(comm, "containerd-shim", 15) == 0)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(runtime_comms); i++)
		if (strcmp(comm, runtime_comms[i]) == 0)
			return true;
	return false;
}

void sock_index_init(struct sock_index *ix, int procfd, int hostrootfd, pid_t host_pid,
		     uint64_t host_mntns, uint64_t host_netns)
{
	*ix = (struct sock_index){.procfd = procfd,
				  .hostrootfd = hostrootfd,
				  .host_pid = host_pid,
				  .host_mntns = host_mntns,
				  .host_netns = host_netns};
}

int sock_index_note(struct sock_index *ix, pid_t pid, uint64_t netns)
{
	if (netns == 0 || netns == ix->host_netns)
		return 0;
	for (size_t i = 0; i < ix->npids; i++)
		if (ix->netns[i] == netns)
			return 0;
	pid_t *p = realloc(ix->pids, (ix->npids + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	ix->pids = p;
	uint64_t *n = realloc(ix->netns, (ix->npids + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	ix->netns = n;
	ix->pids[ix->npids] = pid;
	ix->netns[ix->npids++] = netns;
	return 0;
}

void sock_index_free(struct sock_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		free(ix->s[i].path);
	free(ix->s);
	free(ix->pids);
	free(ix->netns);
	*ix = (struct sock_index){0};
}

static int push_sock(struct sock_index *ix, uint64_t ino, uint64_t netns, const char *path)
{
	if (ix->n >= SOCKETS_MAX)
		return 0;
	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 64;
		struct unix_sock *s = realloc(ix->s, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		ix->s = s;
		ix->cap = cap;
	}
	char *p = strdup(path);
	if (!p)
		return -ENOMEM;
	ix->s[ix->n++] = (struct unix_sock){.ino = ino, .netns = netns, .path = p};
	return 0;
}

/* One table: "Num RefCount Protocol Flags Type St Inode Path" (proc(5)); only listening
 * sockets with a name are kept. A path is printed raw, so a line is taken to its end. */
static int parse_table(struct sock_index *ix, char *text, uint64_t netns)
{
	int r = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line && r >= 0;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned flags, type, st;
		uint64_t ino;
		int off = 0;
		if (sscanf(line, "%*s %*x %*x %x %x %x %" SCNu64 " %n", &flags, &type, &st, &ino,
			   &off) != 4 ||
		    off == 0 || !(flags & SOCK_ACCEPTCON) || line[off] == '\0')
			continue;
		r = push_sock(ix, ino, netns, line + off);
	}
	return r;
}

static int read_table(struct sock_index *ix, pid_t pid, uint64_t netns)
{
	char path[40];
	if (pid > 0)
		snprintf(path, sizeof(path), "%d/net/unix", pid);
	else
		snprintf(path, sizeof(path), "self/net/unix");
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fileio_read_at(ix->procfd, path, UNIX_TABLE_MAX, &b);
	if (r < 0)
		return r;
	ix->tables++;
	return b.len ? parse_table(ix, b.data, netns) : 0;
}

static int cmp_ino(const void *x, const void *y)
{
	const struct unix_sock *a = x, *b = y;
	return a->ino < b->ino ? -1 : a->ino > b->ino;
}

/* Reads the host's table (it must be readable) and the other namespaces' (those whose process
 * is gone are skipped). */
static int load(struct sock_index *ix)
{
	if (ix->loaded)
		return 0;
	int r = read_table(ix, ix->host_pid, ix->host_netns);
	if (r < 0)
		return r == -ENOMEM ? r : -ENOENT;
	for (size_t i = 0; i < ix->npids; i++) {
		r = read_table(ix, ix->pids[i], ix->netns[i]);
		if (r == -ENOMEM)
			return r;
	}
	if (ix->n)
		qsort(ix->s, ix->n, sizeof(*ix->s), cmp_ino);
	ix->loaded = true;
	return 0;
}

static struct unix_sock *find_ino(struct sock_index *ix, uint64_t ino)
{
	struct unix_sock key = {.ino = ino};
	return ix->n ? bsearch(&key, ix->s, ix->n, sizeof(*ix->s), cmp_ino) : NULL;
}

/* Records pid as the owner of every indexed socket it holds open. */
static void scan_fds(struct sock_index *ix, int piddirfd, pid_t pid, const char *comm)
{
	int fd = openat(piddirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	ix->fd_scans++;
	uint64_t mntns = 0;
	bool have_mntns = false;
	struct dirent *de;
	while ((de = readdir(d))) {
		char link[64];
		uint64_t ino;
		if (de->d_name[0] == '.' ||
		    fileio_readlink_or_text_at(fd, de->d_name, link, sizeof(link)) < 0 ||
		    sscanf(link, "socket:[%" SCNu64 "]", &ino) != 1)
			continue;
		struct unix_sock *s = find_ino(ix, ino);
		if (!s || s->owner)
			continue;
		if (!have_mntns) {
			have_mntns = true;
			if (ns_read(piddirfd, NS_MNT, &mntns) < 0)
				mntns = 0;
		}
		s->owner = pid;
		s->owner_mntns = mntns;
		snprintf(s->comm, sizeof(s->comm), "%s", comm);
	}
}

/* One pass over the processes: those of a runtime (runtimes_only), or every one. */
static void scan_owners(struct sock_index *ix, bool runtimes_only)
{
	int fd = openat(ix->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		_cleanup_close_ int pd = openat(fd, de->d_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		_cleanup_buf_ struct buf b = BUF_INIT;
		if (pd < 0 || fileio_read_at(pd, "comm", 64, &b) < 0 || !b.len)
			continue;
		b.data[strcspn(b.data, "\n")] = '\0';
		if (runtimes_only != runtime_comm(b.data))
			continue;
		scan_fds(ix, pd, (pid_t)pid, b.data);
	}
}

/* Owners of the sockets in need: the runtimes' processes first, everyone else once per scan. */
static void resolve(struct sock_index *ix, struct unix_sock **need, size_t n)
{
	for (int pass = 0; pass < 2; pass++) {
		bool missing = false;
		for (size_t i = 0; i < n && !missing; i++)
			missing = need[i]->owner == 0;
		if (!missing)
			return;
		if (pass == 0 && !ix->runtimes_scanned) {
			ix->runtimes_scanned = true;
			scan_owners(ix, true);
		} else if (pass == 1 && !ix->all_scanned) {
			ix->all_scanned = true;
			scan_owners(ix, false);
		}
	}
}

/* Is path, read from the table, the host path of s? Its owner works in the host's mount
 * namespace, or a socket is at that path on the host. */
static bool host_path_holds(struct sock_index *ix, const struct unix_sock *s)
{
	if (s->owner && ix->host_mntns && s->owner_mntns == ix->host_mntns)
		return true;
	struct stat st;
	return ix->hostrootfd >= 0 && s->path[1] &&
	       fstatat(ix->hostrootfd, s->path + 1, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISSOCK(st.st_mode);
}

struct reach {
	struct unix_sock *s;
	char inside[4200];
};

static int candidates(struct sock_index *ix, const struct mount_table *host,
		      const struct mount_table *ct, struct reach **out, size_t *nout)
{
	size_t cap = 0;
	for (size_t i = 0; i < ct->n; i++) {
		const struct mount_entry *m = &ct->m[i];
		char hp[4096];
		if (strcmp(m->mountpoint, "/") == 0 || exposure_kernel_fs(m->fstype) ||
		    !mounts_host_path(host, m, hp, sizeof(hp)))
			continue;
		for (size_t k = 0; k < ix->n; k++) {
			struct unix_sock *s = &ix->s[k];
			if (s->path[0] != '/' || !path_is_within(s->path, hp))
				continue;
			/* On the filesystem the bind shows (a non-recursive bind of / does not show
			 * the host's /run). */
			const struct mount_entry *h =
			    host ? mount_table_covering(host, s->path) : NULL;
			if (host && (!h || h->major != m->major || h->minor != m->minor))
				continue;
			struct reach r = {.s = s};
			const char *rest = s->path + (strcmp(hp, "/") == 0 ? 0 : strlen(hp));
			snprintf(r.inside, sizeof(r.inside), "%s%s", m->mountpoint, rest);
			if (mount_table_covering(ct, r.inside) != m)
				continue; /* over-mounted */
			if (*nout == cap) {
				cap = cap ? cap * 2 : 8;
				struct reach *n = realloc(*out, cap * sizeof(*n));
				if (!n)
					return -ENOMEM;
				*out = n;
			}
			(*out)[(*nout)++] = r;
		}
	}
	return 0;
}

static int abstract_facts(struct sock_index *ix, int host_net, struct facts *f)
{
	if (host_net < 0)
		return 0;
	struct strv *l = facts_list(f, F_NET_ABSTRACT_RUNTIME_SOCKETS);
	if (!host_net)
		return 0;
	struct unix_sock *need[64];
	size_t n = 0;
	for (size_t i = 0; i < ix->n && n < ARRAY_SIZE(need); i++)
		if (ix->s[i].path[0] == '@' && ix->s[i].netns == ix->host_netns &&
		    strstr(ix->s[i].path, "containerd-shim"))
			need[n++] = &ix->s[i];
	resolve(ix, need, n);
	for (size_t i = 0; i < n; i++) {
		char item[4200];
		snprintf(item, sizeof(item), "%s (%s)", need[i]->path,
			 need[i]->owner ? need[i]->comm : "owner unknown");
		if (strv_push_unique(l, item) < 0)
			return -ENOMEM;
	}
	strv_sort(l);
	return 0;
}

int sockets_facts(struct sock_index *ix, const struct mount_table *host,
		  const struct mount_table *ct, int host_net, struct facts *f)
{
	int r = load(ix);
	if (r < 0)
		return r == -ENOMEM ? r : 0; /* no table: unknown */
	_cleanup_free_ struct reach *reach = NULL;
	size_t n = 0;
	if ((r = candidates(ix, host, ct, &reach, &n)) < 0)
		return r;
	_cleanup_free_ struct unix_sock **need = calloc(n ? n : 1, sizeof(*need));
	if (!need)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		need[i] = reach[i].s;
	resolve(ix, need, n);
	struct strv *l = facts_list(f, F_MOUNTS_UNIX_SOCKETS);
	struct strv *rt = facts_list(f, F_MOUNTS_RUNTIME_SOCKET);
	for (size_t i = 0; i < n && r >= 0; i++) {
		const struct unix_sock *s = reach[i].s;
		if (!host_path_holds(ix, s))
			continue;
		char item[4300];
		snprintf(item, sizeof(item), "%s (%s)", reach[i].inside,
			 s->owner ? s->comm : "owner unknown");
		r = strv_push_unique(l, item);
		if (r >= 0 &&
		    ((s->owner && runtime_comm(s->comm)) || hostpath_socket_name(s->path)))
			r = strv_push_unique(rt, reach[i].inside);
	}
	strv_sort(l);
	strv_sort(rt);
	return r < 0 ? r : abstract_facts(ix, host_net, f);
}
