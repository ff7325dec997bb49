/* ctguard audit|inspect --deep: seccomp facts from the filters themselves (see deep.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "audit/deep.h"
#include "seccomp/filterdump.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

static const char *const dangerous[] = {
    "unshare",
    "setns",
    "mount",
    "umount2",
    "pivot_root",
    "fsopen",
    "fsmount",
    "move_mount",
    "open_tree",
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "open_by_handle_at",
    "userfaultfd",
    "io_uring_setup",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "clock_settime",
    "settimeofday",
    "clock_adjtime",
    "iopl",
    "ioperm",
    "quotactl",
    "lookup_dcookie",
    "syslog",
};

const char *const *deep_dangerous(size_t *n)
{
	*n = ARRAY_SIZE(dangerous);
	return dangerous;
}

static bool self_filtered(void)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (fileio_read_at(AT_FDCWD, "/proc/self/status", 64u << 10, &b) < 0)
		return true;
	const char *s = strstr(b.data, "\nSeccomp:");
	return !s || atoi(s + 9) != 0;
}

bool deep_x32_kernel(void)
{
	static int cached = -1;
	if (cached >= 0)
		return cached;
#if defined(__x86_64__)
	if (!self_filtered()) {
		/* getpid through the x32 table: ENOSYS when the kernel has no x32 support. */
		long r = syscall(0x40000000 | SYS_getpid);
		cached = r >= 0;
		return cached;
	}
	struct utsname u;
	char path[128];
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (uname(&u) == 0) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		if (fileio_read_at(AT_FDCWD, path, 1u << 20, &b) == 0) {
			cached = strstr(b.data, "\nCONFIG_X86_X32_ABI=y") != NULL;
			return cached;
		}
	}
	cached = 1;
#else
	cached = 0;
#endif
	return cached;
}

static int default_action(uint32_t ret, struct facts *f)
{
	char s[48];
	enum verdict_action a = verdict_action_of(ret);
	if (a == VERDICT_ERRNO) {
		int e = verdict_errno(ret);
		const char *n = strerrorname_np(e);
		if (n)
			snprintf(s, sizeof(s), "errno %s", n);
		else
			snprintf(s, sizeof(s), "errno %d", e);
	} else {
		snprintf(s, sizeof(s), "%s", verdict_action_name(a));
	}
	return facts_set_str(f, F_SECCOMP_DEFAULT_ACTION, s);
}

/* unshare is dangerous for its namespace flags: unshare(CLONE_FILES) is harmless, and
 * Docker's and ctguard's default profiles allow unshare without them. CLONE_NEWTIME is left
 * out: a time namespace only offsets two clocks (and those profiles' mask, made for clone
 * where 0x80 is a signal number, lets it through). */
static bool unshares_namespaces(const struct bpf_prog *stack, size_t n,
				const struct verdict_abi *abi, const struct verdict_sys *s)
{
	/* CLONE_NEWUSER, NEWNS, NEWNET, NEWPID, NEWUTS, NEWIPC, NEWCGROUP */
	static const uint32_t flags[] = {0x10000000, 0x00020000, 0x40000000, 0x20000000,
					 0x04000000, 0x08000000, 0x02000000};
	if (!s->conditional || s->complex)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		struct seccomp_data d = {.nr = (int)s->nr, .arch = abi->arch, .args = {flags[i]}};
		enum verdict_action a = verdict_action_of(bpf_run_stack(stack, n, &d));
		if (a == VERDICT_ALLOW || a == VERDICT_LOG)
			return true;
	}
	return false;
}

int deep_facts(const struct bpf_prog *stack, size_t n, const struct verdict *v, struct facts *f)
{
	/* A default that depends on the arguments (or was not fully explored) has no one
	 * value: unknown, so that a rule on it is not evaluated instead of passing. */
	if (!v->default_approx && default_action(v->default_ret, f) < 0)
		return -ENOMEM;
	struct strv *dl = facts_list(f, F_SECCOMP_ALLOWED_DANGEROUS);
	for (size_t i = 0; i < ARRAY_SIZE(dangerous); i++) {
		bool allowed = false;
		for (size_t a = 0; a < v->nabi && !allowed; a++) {
			const struct verdict_sys *s = verdict_lookup(&v->abi[a], dangerous[i]);
			allowed = s && (verdict_sys_allows(s) || s->complex);
			if (allowed && strcmp(dangerous[i], "unshare") == 0)
				allowed = unshares_namespaces(stack, n, &v->abi[a], s);
		}
		if (allowed && strv_push(dl, dangerous[i]) < 0)
			return -ENOMEM;
	}
	struct strv *cl = facts_list(f, F_SECCOMP_CONDITIONAL);
	for (size_t i = 0; i < v->abi[0].n; i++)
		if ((v->abi[0].sys[i].conditional || v->abi[0].sys[i].approx) &&
		    strv_push(cl, v->abi[0].sys[i].name) < 0)
			return -ENOMEM;
	bool x32 = false;
	for (size_t a = 1; a < v->nabi; a++)
		if (strcmp(v->abi[a].name, "x32") == 0)
			x32 = v->abi[a].allowed > 0 && deep_x32_kernel();
	facts_set_bool(f, F_SECCOMP_X32_REACHABLE, x32);
	return 0;
}

/* Facts of filters already decided, keyed by the programs themselves: the containers of one
 * runtime and profile share them. */
#define CACHE_MAX 8
struct cached {
	struct sock_filter *insns;
	size_t *lens, n, total;
	struct facts f;
};
static struct cached cache[CACHE_MAX];
static size_t ncache, next_slot;

static bool same(const struct cached *c, const struct filterdump *d)
{
	if (c->n != d->n)
		return false;
	const struct sock_filter *p = c->insns;
	for (size_t i = 0; i < d->n; i++) {
		if (c->lens[i] != d->progs[i].len ||
		    memcmp(p, d->progs[i].insns, d->progs[i].len * sizeof(*p)) != 0)
			return false;
		p += d->progs[i].len;
	}
	return true;
}

static void copy_facts(const struct facts *from, struct facts *to)
{
	enum fact_id ids[] = {F_SECCOMP_ALLOWED_DANGEROUS, F_SECCOMP_CONDITIONAL};
	if (from->v[F_SECCOMP_DEFAULT_ACTION].known) /* else it stays unknown */
		facts_set_str(to, F_SECCOMP_DEFAULT_ACTION,
			      facts_str(from, F_SECCOMP_DEFAULT_ACTION));
	for (size_t k = 0; k < ARRAY_SIZE(ids); k++) {
		struct strv *l = facts_list(to, ids[k]);
		strv_free(l);
		strv_copy(l, &from->v[ids[k]].l);
	}
	facts_set_bool(to, F_SECCOMP_X32_REACHABLE, from->v[F_SECCOMP_X32_REACHABLE].u.b);
}

static void remember(const struct filterdump *d, const struct facts *f)
{
	struct cached *c = &cache[next_slot];
	next_slot = (next_slot + 1) % CACHE_MAX;
	if (ncache < CACHE_MAX)
		ncache++;
	free(c->insns);
	free(c->lens);
	facts_free(&c->f);
	*c = (struct cached){0};
	size_t total = 0;
	for (size_t i = 0; i < d->n; i++)
		total += d->progs[i].len;
	c->insns = malloc((total ? total : 1) * sizeof(*c->insns));
	c->lens = malloc((d->n ? d->n : 1) * sizeof(*c->lens));
	if (!c->insns || !c->lens) {
		free(c->insns);
		free(c->lens);
		*c = (struct cached){0};
		return;
	}
	struct sock_filter *p = c->insns;
	for (size_t i = 0; i < d->n; i++) {
		memcpy(p, d->progs[i].insns, d->progs[i].len * sizeof(*p));
		p += d->progs[i].len;
		c->lens[i] = d->progs[i].len;
	}
	c->n = d->n;
	c->total = total;
	copy_facts(f, &c->f);
}

int deep_seccomp(pid_t pid, const char *proc_root, struct facts *f, struct error *err)
{
	struct filterdump_options o = {.proc_root = proc_root};
	struct filterdump d;
	int r = filterdump_read(pid, &o, &d, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].insns && same(&cache[i], &d)) {
			copy_facts(&cache[i].f, f);
			filterdump_free(&d);
			return 0;
		}
	struct verdict v;
	r = verdict_compute(d.progs, d.n, &v, err);
	if (r == 0) {
		r = deep_facts(d.progs, d.n, &v, f);
		if (r < 0)
			error_set(err, r, "out of memory");
		else
			remember(&d, f);
		verdict_free(&v);
	}
	filterdump_free(&d);
	return r;
}
