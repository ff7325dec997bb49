/* Owners of user namespaces and the holders of rootless users' namespaces. The pause process
 * holds every capability of its user's namespace and shares the host's pid, network and IPC
 * namespaces, so judged as a container it looks like a privileged host-pid one; it runs no
 * workload, and its capabilities reach nothing its user could not touch. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "audit/rootless.h"
#include "audit/userfiles.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

int64_t rootless_userns_owner(int piddirfd)
{
	_cleanup_close_ int fd = openat(piddirfd, "ns/user", O_RDONLY | O_CLOEXEC);
	uid_t uid;
	if (fd < 0 || ioctl(fd, NS_GET_OWNER_UID, &uid) < 0)
		return -1;
	return uid;
}

/* The name of uid in the host's /etc/passwd (never NSS), or its number. */
static void user_name(int hostrootfd, int64_t uid, char *out, size_t outsz)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	snprintf(out, outsz, "%lld", (long long)uid);
	if (fileio_read_at(hostrootfd, "etc/passwd", 4u << 20, &b) < 0)
		return;
	for (char *line = b.data, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *end;
		if (!c2 || strtoll(c2 + 1, &end, 10) != uid || *end != ':' || end == c2 + 1)
			continue;
		snprintf(out, outsz, "%.*s", (int)(c1 - line), line);
		return;
	}
}

int rootless_facts(int hostrootfd, int64_t owner, int host_user, struct facts *f)
{
	if (host_user == 1)
		owner = 0;
	if (owner < 0)
		return 0; /* unknown: left null, never taken for rootful or rootless */
	facts_set_int(f, F_USERNS_OWNER_UID, owner);
	facts_set_bool(f, F_USERNS_ROOTLESS, owner != 0);
	char name[64];
	user_name(hostrootfd, owner, name, sizeof(name));
	return facts_set_str(f, F_CONTAINER_OWNER, owner == 0 ? "root" : name);
}

/* The user's file (audit/userfiles.h): a FIFO or a symlink there must not hang or lead the
 * reader, and the pid it names is checked against /proc by the caller. */
static pid_t pause_pid(struct host_ctx *ctx, int64_t owner)
{
	char base[32];
	_cleanup_buf_ struct buf b = BUF_INIT;
	snprintf(base, sizeof(base), "run/user/%lld", (long long)owner);
	if (userfile_read(ctx->hostrootfd, base, "libpod/tmp/pause.pid", ctx->live ? owner : -1, 64,
			  &b) < 0)
		return 0;
	char *end;
	long v = strtol(b.data, &end, 10);
	return v > 0 && v <= INT32_MAX && (*end == '\0' || *end == '\n') ? (pid_t)v : 0;
}

static bool comm_is(struct host_ctx *ctx, pid_t pid, const char *const *names)
{
	char path[32];
	_cleanup_buf_ struct buf b = BUF_INIT;
	snprintf(path, sizeof(path), "%d/comm", pid);
	if (pid <= 0 || fileio_read_at(ctx->procfd, path, 64, &b) < 0)
		return false;
	b.data[strcspn(b.data, "\n")] = '\0';
	for (size_t i = 0; names[i]; i++)
		if (strcmp(b.data, names[i]) == 0)
			return true;
	return false;
}

static bool in_group(const struct process *m, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].pid == pid)
			return true;
	return false;
}

bool rootless_is_holder(struct host_ctx *ctx, const struct process *m, size_t n,
			const struct facts *f, struct rootless_holder *out)
{
	static const char *const helpers[] = {"conmon", "slirp4netns", "rootlessport",
					      "rootlessport-child", NULL};
	static const char *const kit[] = {"rootlesskit", NULL};
	const struct fact_value *hu = &f->v[F_NS_HOST_USER], *hp = &f->v[F_NS_HOST_PID];
	const struct fact_value *ow = &f->v[F_USERNS_OWNER_UID];
	if (!hu->known || hu->u.b || !hp->known || !hp->u.b || n == 0)
		return false;
	/* Every member runs as one unprivileged user, who owns the namespace when the kernel
	 * says (a recorded tree cannot: there the user's own runtime files must say it). */
	uint32_t uid = m[0].euid;
	if (uid == 0 || (ow->known && ow->u.i != (int64_t)uid))
		return false;
	for (size_t i = 0; i < n; i++)
		if (m[i].euid != uid)
			return false;
	/* A rootless engine: RootlessKit's child and what runs below it. */
	for (size_t i = 0; i < n; i++)
		if (!in_group(m, n, m[i].ppid) && comm_is(ctx, m[i].ppid, kit)) {
			if (out)
				*out = (struct rootless_holder){.pid = m[i].pid, .uid = uid};
			return true;
		}
	pid_t pause = pause_pid(ctx, uid);
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		if (pause && m[i].pid == pause)
			seen = true;
		else if (!comm_is(ctx, m[i].pid, helpers))
			return false;
	}
	if (seen && out)
		*out = (struct rootless_holder){.pid = pause, .uid = uid};
	return seen;
}

void rootless_mark_holders(const struct rootless_holder *h, size_t nh, struct facts *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct fact_value *rl = &c[i].v[F_USERNS_ROOTLESS];
		const struct fact_value *ow = &c[i].v[F_USERNS_OWNER_UID];
		if (!rl->known || !rl->u.b || !ow->known)
			continue;
		for (size_t k = 0; k < nh; k++)
			if ((int64_t)h[k].uid == ow->u.i) {
				c[i].ns_holder = h[k].pid;
				break;
			}
	}
}
