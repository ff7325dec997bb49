/* Namespaced sysctls, read by entering the container's namespaces: a /proc/sys/net or IPC sysctl
 * shows the value of the reader's namespace, so ctguard enters the container's network and IPC
 * namespaces (setns, this thread only) to read them and comes back. What "set" means is judged
 * against a namespace ctguard creates itself (unshare) once per run: the kernel's defaults,
 * including what a new namespace inherits from the host. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/sysctl.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

/* Directories whose files are all namespaced (net/core in a namespace other than the initial
 * one holds only its namespaced entries), and the IPC sysctls. Per-interface directories
 * (net/ipv4/conf, neigh) are left out: the runtime's network setup writes them. */
static const char *const net_dirs[] = {"net/ipv4", "net/ipv6", "net/core", "net/unix"};
static const char *const ipc_files[] = {
    "kernel/msgmax",
    "kernel/msgmnb",
    "kernel/msgmni",
    "kernel/sem",
    "kernel/shmall",
    "kernel/shmmax",
    "kernel/shmmni",
    "kernel/shm_rmid_forced",
    "fs/mqueue/msg_default",
    "fs/mqueue/msg_max",
    "fs/mqueue/msgsize_default",
    "fs/mqueue/msgsize_max",
    "fs/mqueue/queues_max",
};

static bool is_net(const char *path)
{
	return strncmp(path, "net/", 4) == 0;
}

/* A value, one line, or NULL when unreadable. */
static char *read_value(int procsysfd, const char *path)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (fileio_read_at(procsysfd, path, 4096, &b) < 0 || !b.data)
		return NULL;
	for (char *p = b.data; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	size_t n = strlen(b.data);
	while (n && b.data[n - 1] == ' ')
		b.data[--n] = '\0';
	/* a copy of its size: the read buffer is a page or more, and ~300 defaults are kept for
	 * the whole scan (1.4 MiB of a 400-container inspect's peak heap) */
	return strdup(b.data);
}

/* Keys are randomised per namespace (tcp_fastopen_key): not a setting. */
static bool skipped(const char *name)
{
	size_t n = strlen(name);
	return n >= 4 && strcmp(name + n - 4, "_key") == 0;
}

static int add_default(struct sysctl_cache *c, const char *path)
{
	char *v = read_value(c->procsysfd, path);
	if (!v)
		return 0;
	if (strv_push_take(&c->values, v) < 0 || strv_push(&c->names, path) < 0)
		return -ENOMEM;
	return 0;
}

static int list_dir(struct sysctl_cache *c, const char *dir)
{
	int fd = openat(c->procsysfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	int r = 0;
	struct dirent *e;
	while (r == 0 && (e = readdir(d))) {
		struct stat st;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] == '.' || skipped(e->d_name) ||
		    fstatat(c->procsysfd, path, &st, 0) < 0 || !S_ISREG(st.st_mode) ||
		    !(st.st_mode & 0200))
			continue;
		r = add_default(c, path);
	}
	closedir(d);
	return r;
}

/* The defaults, read in a new network and IPC namespace; then back to ctguard's own. */
static int learn_defaults(struct sysctl_cache *c)
{
	if (unshare(CLONE_NEWNET | CLONE_NEWIPC) < 0)
		return 0; /* no CAP_SYS_ADMIN: the fact stays unknown */
	int r = 0;
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(net_dirs); i++)
		r = list_dir(c, net_dirs[i]);
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(ipc_files); i++)
		r = add_default(c, ipc_files[i]);
	if (setns(c->own_net, CLONE_NEWNET) < 0 || setns(c->own_ipc, CLONE_NEWIPC) < 0)
		return -ENOTRECOVERABLE;
	c->ok = r == 0;
	return r;
}

static int cache_open(struct sysctl_cache *c, int procfd)
{
	c->tried = true;
	c->own_net = c->own_ipc = c->procsysfd = -1;
	c->procsysfd = openat(procfd, "sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
	c->own_net = openat(procfd, "thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	c->own_ipc = openat(procfd, "thread-self/ns/ipc", O_RDONLY | O_CLOEXEC);
	if (c->procsysfd < 0 || c->own_net < 0 || c->own_ipc < 0)
		return 0;
	return learn_defaults(c);
}

/* Reads every default's name in the namespaces entered, keeping those that differ. */
static int compare(struct sysctl_cache *c, bool net, bool ipc, struct strv *out)
{
	for (size_t i = 0; i < c->names.n; i++) {
		const char *p = c->names.v[i];
		if (is_net(p) ? !net : !ipc)
			continue;
		_cleanup_free_ char *v = read_value(c->procsysfd, p);
		if (!v || strcmp(v, c->values.v[i]) == 0)
			continue;
		char name[512];
		snprintf(name, sizeof(name), "%s", p);
		for (char *q = name; *q; q++)
			if (*q == '/')
				*q = '.';
		if (strv_push(out, name) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int enter(int piddirfd, const char *ns, int type)
{
	_cleanup_close_ int fd = openat(piddirfd, ns, O_RDONLY | O_CLOEXEC);
	return fd >= 0 && setns(fd, type) == 0 ? 0 : -errno;
}

int sysctl_facts(struct sysctl_cache *c, int procfd, int piddirfd, bool host_net, bool host_ipc,
		 struct facts *f)
{
	int r;
	if (!c->tried && (r = cache_open(c, procfd)) < 0)
		return r;
	if (host_net && host_ipc) {
		facts_list(f, F_SYSCTL_SET);
		return 0;
	}
	if (!c->ok)
		return 0;
	bool net = !host_net && enter(piddirfd, "ns/net", CLONE_NEWNET) == 0;
	bool ipc = !host_ipc && enter(piddirfd, "ns/ipc", CLONE_NEWIPC) == 0;
	struct strv set = {0};
	r = compare(c, net, ipc, &set);
	if ((net && setns(c->own_net, CLONE_NEWNET) < 0) ||
	    (ipc && setns(c->own_ipc, CLONE_NEWIPC) < 0)) {
		strv_free(&set);
		return -ENOTRECOVERABLE;
	}
	/* A namespace that could not be entered leaves the fact unknown. */
	if (r < 0 || net != !host_net || ipc != !host_ipc) {
		strv_free(&set);
		return r;
	}
	struct strv *l = facts_list(f, F_SYSCTL_SET);
	strv_free(l);
	*l = set;
	return 0;
}

void sysctl_cache_free(struct sysctl_cache *c)
{
	if (c->procsysfd >= 0 && c->tried)
		close(c->procsysfd);
	if (c->own_net >= 0 && c->tried)
		close(c->own_net);
	if (c->own_ipc >= 0 && c->tried)
		close(c->own_ipc);
	strv_free(&c->names);
	strv_free(&c->values);
	*c = (struct sysctl_cache){0};
}
