/* The host's own facts that matter to containers: kernel, LSMs, cgroup version, sysctls. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "audit/host.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)

/* First line of a small file, or NULL. */
static char *read_line(int dirfd, const char *path, struct buf *b)
{
	if (fileio_read_at(dirfd, path, 4096, b) < 0)
		return NULL;
	b->data[strcspn(b->data, "\n")] = '\0';
	return b->data;
}

static int64_t read_int(int dirfd, const char *path, int64_t missing)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	const char *s = read_line(dirfd, path, &b);
	return s && *s ? strtoll(s, NULL, 10) : missing;
}

static const char *cgroup_version(const struct host_ctx *ctx)
{
	bool v1 = false, v2_root = false, v2 = false;
	for (size_t i = 0; i < ctx->host_mounts.n; i++) {
		const struct mount_entry *m = &ctx->host_mounts.m[i];
		if (strcmp(m->fstype, "cgroup") == 0 &&
		    strstr(m->super_opts, "name=systemd") == NULL)
			v1 = true;
		if (strcmp(m->fstype, "cgroup2") == 0) {
			v2 = true;
			v2_root |= strcmp(m->mountpoint, "/sys/fs/cgroup") == 0;
		}
	}
	if (v2_root && !v1)
		return "v2";
	if (v1 && v2)
		return "hybrid";
	return v1 ? "v1" : (v2 ? "v2" : "unknown");
}

/* securityfs lists the active LSMs; where it is not mounted, infer the major ones. */
static int set_lsms(struct host_ctx *ctx, bool live, struct facts *f)
{
	struct strv *l = facts_list(f, F_HOST_LSMS);
	_cleanup_buf_ struct buf b = BUF_INIT;
	const char *s = read_line(ctx->hostrootfd, "sys/kernel/security/lsm", &b);
	if (s) {
		for (char *tok = strtok(b.data, ","); tok; tok = strtok(NULL, ","))
			if (strv_push(l, tok) < 0)
				return -ENOMEM;
	} else {
		const char *aa =
		    read_line(ctx->hostrootfd, "sys/module/apparmor/parameters/enabled", &b);
		if (aa && aa[0] == 'Y' && strv_push(l, "apparmor") < 0)
			return -ENOMEM;
		if (ctx->selinux && strv_push(l, "selinux") < 0)
			return -ENOMEM;
		if (live &&
		    syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) >
			0 &&
		    strv_push(l, "landlock") < 0)
			return -ENOMEM;
	}
	facts_set_bool(f, F_HOST_APPARMOR, strv_contains(l, "apparmor"));
	return 0;
}

int host_facts(struct host_ctx *ctx, struct facts *f, struct error *err)
{
	*f = (struct facts){0};
	_cleanup_buf_ struct buf b = BUF_INIT;
	/* Only the live /proc may be asked with syscalls; a recorded tree answers from files. */
	bool live = strcmp(ctx->opt.proc_root, "/proc") == 0;
	const char *kernel = read_line(ctx->procfd, "sys/kernel/osrelease", &b);
	if (facts_set_str(f, F_HOST_KERNEL, kernel ? kernel : "") < 0)
		return error_set(err, -ENOMEM, "out of memory");
	if (ctx->have_host_mounts &&
	    facts_set_str(f, F_HOST_CGROUP_VERSION, cgroup_version(ctx)) < 0)
		return error_set(err, -ENOMEM, "out of memory");
	if (set_lsms(ctx, live, f) < 0)
		return error_set(err, -ENOMEM, "out of memory");
	const char *enforce = read_line(ctx->hostrootfd, "sys/fs/selinux/enforce", &b);
	facts_set_str(f, F_HOST_SELINUX,
		      !enforce ? "disabled" : (enforce[0] == '1' ? "enforcing" : "permissive"));
	facts_set_bool(f, F_HOST_SECCOMP,
		       faccessat(ctx->procfd, "sys/kernel/seccomp/actions_avail", F_OK, 0) == 0);
	int64_t abi = 0;
	if (live) {
		long v =
		    syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
		abi = v > 0 ? v : 0;
	} else {
		abi = read_int(ctx->procfd, "sys/kernel/landlock_abi", 0); /* recorded by tests */
	}
	facts_set_int(f, F_HOST_LANDLOCK_ABI, abi);
	int64_t maxns = read_int(ctx->procfd, "sys/user/max_user_namespaces", 0);
	int64_t clone = read_int(ctx->procfd, "sys/kernel/unprivileged_userns_clone", 1);
	int64_t aa_restrict =
	    read_int(ctx->procfd, "sys/kernel/apparmor_restrict_unprivileged_userns", 0);
	facts_set_int(f, F_HOST_MAX_USER_NAMESPACES, maxns);
	facts_set_bool(f, F_HOST_USERNS_UNPRIVILEGED, maxns > 0 && clone == 1 && aa_restrict == 0);
	static const struct {
		enum fact_id id;
		const char *path;
	} ints[] = {
	    {F_HOST_UNPRIVILEGED_BPF_DISABLED, "sys/kernel/unprivileged_bpf_disabled"},
	    {F_HOST_PTRACE_SCOPE, "sys/kernel/yama/ptrace_scope"},
	    {F_HOST_KPTR_RESTRICT, "sys/kernel/kptr_restrict"},
	    {F_HOST_DMESG_RESTRICT, "sys/kernel/dmesg_restrict"},
	    {F_HOST_PERF_EVENT_PARANOID, "sys/kernel/perf_event_paranoid"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(ints); i++)
		facts_set_int(f, ints[i].id, read_int(ctx->procfd, ints[i].path, -1));
	facts_set_int(f, F_HOST_CAP_LAST_CAP, ctx->cap_last_cap);
	return 0;
}
