/* The launch sequence of ctguard run (REFERENCES.md "Launch sequence"): planning, which may
 * allocate and changes nothing, and the sequence, one straight-line function with a comment per
 * step, which ends in execve. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kernel/caps.h"
#include "kernel/status.h"
#include "enforce/fds.h"
#include "seccomp/filter.h"
#include "enforce/landlock.h"
#include "enforce/launch.h"
#include "enforce/learn.h"
#include "enforce/lsm.h"
#include "kernel/rlimit.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "seccomp/profile.h"

#define STATUS_MAX 65536

const char *launch_rlimit_name(int resource)
{
	return rlimit_name(resource);
}

int launch_rlimit_from_name(const char *name)
{
	return rlimit_from_name(name);
}

static void free_envp(char **envp)
{
	for (size_t i = 0; envp && envp[i]; i++)
		free(envp[i]);
	free(envp);
}

static bool env_name_is(const char *entry, const char *name, size_t n)
{
	return strncmp(entry, name, n) == 0 && entry[n] == '=';
}

/* clear: only env_keep survives from envp; then env_set entries replace or add. */
static int build_env(const struct launch_policy *p, char **envp, char ***out)
{
	_cleanup_strv_ struct strv e = STRV_INIT;
	for (size_t i = 0; envp && envp[i]; i++) {
		const char *eq = strchr(envp[i], '=');
		if (!eq)
			continue;
		bool keep = !p->env_clear;
		for (size_t k = 0; !keep && k < p->env_keep.n; k++)
			keep = env_name_is(envp[i], p->env_keep.v[k], strlen(p->env_keep.v[k]));
		for (size_t k = 0; keep && k < p->env_set.n; k++) {
			const char *seq = strchr(p->env_set.v[k], '=');
			size_t n = seq ? (size_t)(seq - p->env_set.v[k]) : strlen(p->env_set.v[k]);
			if (env_name_is(envp[i], p->env_set.v[k], n))
				keep = false;
		}
		if (keep && strv_push(&e, envp[i]) < 0)
			return -ENOMEM;
	}
	for (size_t k = 0; k < p->env_set.n; k++)
		if (strchr(p->env_set.v[k], '=') && strv_push(&e, p->env_set.v[k]) < 0)
			return -ENOMEM;
	char **v = calloc(e.n + 1, sizeof(char *));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < e.n; i++)
		v[i] = TAKE_PTR(e.v[i]);
	*out = v;
	return 0;
}

static int read_status(int fd, char *buf, size_t size, struct proc_status *st)
{
	ssize_t n = pread(fd, buf, size - 1, 0);
	if (n < 0)
		return -errno;
	if ((size_t)n == size - 1)
		return -EFBIG;
	buf[n] = '\0';
	memset(st, 0, sizeof(*st));
	return status_parse(buf, st);
}

static int plan_seccomp(struct launch_plan *plan, struct diag *d, struct error *err)
{
	const struct launch_policy *p = plan->policy;
	if (plan->learn || !p->seccomp || strcmp(p->seccomp, "none") == 0)
		return 0;
	/* A built-in profile compiled at build time skips parsing and compiling it here. */
	if (!strchr(p->seccomp, '/') &&
	    filter_precompiled(p->seccomp, plan->caps.keep, p->seccomp_mode, &plan->filter) == 0)
		return 0;
	struct profile *prof = NULL;
	int r = profile_load(p->seccomp, &prof, d);
	if (r < 0)
		return error_setn(err, r, "loading seccomp profile '%s'", p->seccomp);
	r = filter_compile(prof, plan->caps.keep, p->seccomp_mode, &plan->filter, err);
	profile_free(prof);
	if (r < 0)
		return error_prefix(err, "compiling seccomp profile '%s'", p->seccomp);
	return 0;
}

static int plan_state(struct launch_plan *plan, struct error *err)
{
	const struct launch_policy *p = plan->policy;
	plan->status_fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (plan->status_fd < 0)
		return error_setn(err, -errno, "opening '/proc/self/status'");
	/* Never on a number the policy keeps: the command would be handed ctguard's descriptor
	 * where it expects its caller's (which was not open). */
	int top = 2;
	for (size_t i = 0; i < p->nfds_keep; i++)
		if (p->fds_keep[i] > top)
			top = p->fds_keep[i];
	for (size_t i = 0; i < p->nfds_keep; i++) {
		if (p->fds_keep[i] != plan->status_fd)
			continue;
		int fd = fcntl(plan->status_fd, F_DUPFD_CLOEXEC, top + 1);
		if (fd < 0)
			return error_setn(err, -errno, "moving the '/proc/self/status' descriptor");
		close(plan->status_fd);
		plan->status_fd = fd;
		break;
	}
	char buf[STATUS_MAX];
	struct proc_status st;
	int r = read_status(plan->status_fd, buf, sizeof(buf), &st);
	if (r < 0)
		return error_setn(err, r, "reading '/proc/self/status'");
	plan->no_new_privs = p->no_new_privs;
	plan->want_nnp = p->no_new_privs || st.no_new_privs == 1;
	bool filtered = plan->learn || (p->seccomp && strcmp(p->seccomp, "none") != 0);
	plan->want_seccomp = filtered ? 2 : st.seccomp;
	plan->want_seccomp_filters =
	    st.seccomp_filters < 0 ? -1 : st.seccomp_filters + (filtered ? 1 : 0);
	/* An ordinary user cannot drop its bounding set nor change ids: refuse here, before
	 * anything changes, what the policy would need them for. */
	if (unpriv_detect(&st))
		return unpriv_check(&st, &plan->creds, p->caps_keep, plan->want_nnp,
				    p->ids_stand_in, &plan->unpriv, err);
	return 0;
}

static int plan_fill(struct launch_plan *plan, char **envp, struct diag *d, struct error *err)
{
	const struct launch_policy *p = plan->policy;
	if (!plan->argv || !plan->argv[0])
		return error_set(err, -EINVAL, "no command given");
	_cleanup_close_ int rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return error_setn(err, -errno, "opening '/'");
	int r =
	    creds_resolve(rootfd, p->user, p->group, &p->groups, p->allow_root, &plan->creds, err);
	if (r < 0)
		return r;
	r = plan_state(plan, err);
	if (r < 0)
		return r;
	if (plan->unpriv.ids_replaced) {
		_cleanup_buf_ struct buf w = BUF_INIT;
		unpriv_explain_ids(&plan->unpriv, &w);
		if (!w.data || strv_push(&plan->warnings, w.data) < 0)
			return error_set(err, -ENOMEM, "out of memory");
	}
	plan->apparmor_enabled = lsm_apparmor_enabled();
	plan->landlock_abi = p->landlock ? landlock_abi() : -ENOSYS;
	if (p->apparmor_profile && !plan->apparmor_enabled && !p->apparmor_required)
		strv_push(&plan->warnings, "the kernel has no AppArmor: profile not applied");
	if (p->landlock && plan->landlock_abi < 0)
		strv_push(&plan->warnings, "the kernel has no Landlock: paths not restricted");
	/* seccomp and Landlock need no_new_privs or CAP_SYS_ADMIN: without the former, hold the
	 * latter until both are loaded, then leave it (as runc does). */
	uint64_t transient = 0;
	bool needs = plan->learn || (p->seccomp && strcmp(p->seccomp, "none") != 0) ||
		     (p->landlock && plan->landlock_abi > 0);
	if (needs && !plan->want_nnp)
		transient = 1ULL << CAP_SYS_ADMIN;
	r = capsets_prepare(&plan->caps, p->caps_keep, transient, err);
	if (r < 0)
		return r;
	r = build_env(p, envp, &plan->envp);
	if (r < 0)
		return error_setn(err, r, "building the environment");
	return plan_seccomp(plan, d, err);
}

static int plan_build(const struct launch_policy *p, char **argv, char **envp, bool learn,
		      struct launch_plan *plan, struct diag *d, struct error *err)
{
	memset(plan, 0, sizeof(*plan));
	plan->policy = p;
	plan->argv = argv;
	plan->status_fd = -1;
	plan->learn = learn;
	plan->learn_sock = -1;
	int r = plan_fill(plan, envp, d, err);
	if (r < 0)
		launch_plan_free(plan);
	return r;
}

int launch_plan_build(const struct launch_policy *p, char **argv, char **envp,
		      struct launch_plan *plan, struct diag *d, struct error *err)
{
	return plan_build(p, argv, envp, false, plan, d, err);
}

int launch_plan_build_learning(const struct launch_policy *p, char **argv, char **envp,
			       struct launch_plan *plan, struct diag *d, struct error *err)
{
	return plan_build(p, argv, envp, true, plan, d, err);
}

void launch_plan_free(struct launch_plan *plan)
{
	if (plan->filter)
		filter_free(plan->filter);
	capsets_free(&plan->caps);
	free_envp(plan->envp);
	if (plan->status_fd >= 0)
		close(plan->status_fd);
	strv_free(&plan->warnings);
	plan->filter = NULL;
	plan->envp = NULL;
	plan->status_fd = -1;
}

static void put_caps(struct buf *b, uint64_t mask)
{
	_cleanup_strv_ struct strv names = STRV_INIT;
	caps_mask_to_strv(mask, &names);
	_cleanup_free_ char *j = strv_join(&names, ",");
	buf_puts(b, mask && j ? j : "none");
}

static void put_strv(struct buf *b, const struct strv *l)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < l->n; i++)
		buf_printf(b, "%s'%s'", i ? ", " : "", l->v[i]);
	buf_putc(b, ']');
}

/* The steps an unprivileged caller skips, each with why it is not needed (enforce/unpriv.h). */
static void explain_unpriv(const struct launch_plan *plan, struct buf *b, int *n)
{
	buf_printf(b, "%2d. bounding set: ", ++*n);
	unpriv_explain_bounding(&plan->unpriv, b);
	buf_printf(b, "\n%2d. securebits: ", ++*n);
	unpriv_explain_securebits(&plan->unpriv, b);
	buf_printf(b, "\n%2d. ids: kept, the caller's: groups [", ++*n);
	for (size_t i = 0; i < plan->creds.ngroups; i++)
		buf_printf(b, "%s%u", i ? "," : "", (unsigned)plan->creds.groups[i]);
	buf_printf(b, "] gid %u uid %u (without privilege they cannot change; %s)\n",
		   (unsigned)plan->unpriv.gid, (unsigned)plan->unpriv.uid,
		   plan->unpriv.ids_replaced ? "the policy's stand-in ids gave way, see the warning"
					     : "the policy asks for the same");
}

int launch_plan_explain(const struct launch_plan *plan, struct buf *b)
{
	const struct launch_policy *p = plan->policy;
	const struct capsets *c = &plan->caps;
	int n = 0;
	buf_printf(b, "policy %s\n", p->file ? p->file : "(command line)");
	for (size_t i = 0; i < plan->warnings.n; i++)
		buf_printf(b, "warning: %s\n", plan->warnings.v[i]);
	if (plan->learn)
		buf_printf(b, "%2d. seccomp compile: none: the learning filter replaces '%s'", ++n,
			   p->seccomp ? p->seccomp : "none");
	else
		buf_printf(b, "%2d. seccomp compile: %s", ++n, plan->filter ? p->seccomp : "none");
	if (plan->filter)
		buf_printf(b, " (%s, loaded last)",
			   p->seccomp_mode == SECCOMP_MODE_LOG ? "log" : "enforce");
	buf_printf(b, "\n%2d. rlimits:", ++n);
	for (size_t i = 0; i < p->nrlimits; i++) {
		const char *name = launch_rlimit_name(p->rlimits[i].resource);
		if (p->rlimits[i].value == RLIM_INFINITY)
			buf_printf(b, " %s=unlimited", name ? name : "?");
		else
			buf_printf(b, " %s=%llu", name ? name : "?",
				   (unsigned long long)p->rlimits[i].value);
	}
	buf_printf(b, "%s\n", p->nrlimits ? "" : " unchanged");
	buf_printf(b, "%2d. dumpable: 0\n", ++n);
	buf_printf(b, "%2d. apparmor: ", ++n);
	if (!p->apparmor_profile)
		buf_puts(b, "none asked\n");
	else if (plan->apparmor_enabled)
		buf_printf(b, "change on exec to '%s'\n", p->apparmor_profile);
	else
		buf_printf(b, "'%s' asked, the kernel has no AppArmor: %s\n", p->apparmor_profile,
			   p->apparmor_required ? "required, would refuse to run" : "skipped");
	if (plan->unpriv.on) {
		explain_unpriv(plan, b, &n);
	} else {
		buf_printf(b, "%2d. bounding set: keep ", ++n);
		put_caps(b, c->keep);
		buf_printf(b, "\n%2d. securebits: noroot, no_setuid_fixup (locked), keep_caps\n",
			   ++n);
		buf_printf(b, "%2d. ids: groups [", ++n);
		for (size_t i = 0; i < plan->creds.ngroups; i++)
			buf_printf(b, "%s%u", i ? "," : "", (unsigned)plan->creds.groups[i]);
		buf_printf(b, "] gid %u uid %u\n", (unsigned)plan->creds.gid,
			   (unsigned)plan->creds.uid);
		buf_printf(b, "%2d. securebits: keep_caps cleared%s\n", ++n,
			   c->ambient ? "" : ", no_cap_ambient_raise (locked)");
	}
	buf_printf(b, "%2d. capabilities: permitted,effective ", ++n);
	put_caps(b, c->keep | c->transient);
	buf_puts(b, " inheritable ");
	put_caps(b, c->ambient);
	buf_printf(b, "\n%2d. ambient: cleared, raised ", ++n);
	put_caps(b, c->ambient);
	buf_printf(b, "\n%2d. no_new_privs: %s\n", ++n, plan->no_new_privs ? "set" : "not set");
	buf_printf(b, "%2d. landlock: ", ++n);
	if (!p->landlock) {
		buf_puts(b, "not asked\n");
	} else if (plan->landlock_abi < 0) {
		buf_puts(b, "asked, the kernel has none: skipped\n");
	} else {
		buf_puts(b, "read ");
		put_strv(b, &p->landlock_read);
		buf_puts(b, " write ");
		put_strv(b, &p->landlock_write);
		buf_printf(b, " (abi %d)\n", plan->landlock_abi);
	}
	buf_printf(b, "%2d. fds: ", ++n);
	if (p->fds_close) {
		buf_puts(b, "close-on-exec from 3 up except [");
		for (size_t i = 0; i < p->nfds_keep; i++)
			buf_printf(b, "%s%d", i ? "," : "", p->fds_keep[i]);
		buf_puts(b, "]");
	} else {
		buf_puts(b, "inherited");
	}
	buf_puts(b, "; working directory checked\n");
	buf_printf(b, "%2d. seccomp load: %s\n", ++n,
		   plan->learn ? "learning filter (user notification), listener passed to ctguard"
		   : plan->filter ? "filter, tsync"
				  : "none");
	if (c->transient) {
		buf_printf(b, "%2d. capabilities: leave transient ", ++n);
		put_caps(b, c->transient);
		buf_putc(b, '\n');
	}
	buf_printf(b,
		   "%2d. verify /proc/self/status: uid %u gid %u, five capability sets, "
		   "NoNewPrivs %d, Seccomp %d\n",
		   ++n, (unsigned)plan->creds.uid, (unsigned)plan->creds.gid, plan->want_nnp,
		   plan->want_seccomp);
	buf_printf(b, "%2d. execve:", ++n);
	for (size_t i = 0; plan->argv[i]; i++)
		buf_printf(b, " '%s'", plan->argv[i]);
	buf_puts(b, "\n    environment:");
	for (size_t i = 0; plan->envp[i]; i++) {
		const char *eq = strchr(plan->envp[i], '=');
		buf_printf(b, " %.*s", (int)(eq - plan->envp[i]), plan->envp[i]);
	}
	return buf_putc(b, '\n');
}

static bool groups_equal(const struct proc_status *st, const struct creds *c)
{
	/* As sets: the kernel sorts and the plan may repeat. */
	for (int i = 0; i < st->ngroups; i++) {
		bool found = false;
		for (size_t k = 0; k < c->ngroups && !found; k++)
			found = c->groups[k] == st->groups[i];
		if (!found)
			return false;
	}
	for (size_t k = 0; k < c->ngroups; k++) {
		bool found = false;
		for (int i = 0; i < st->ngroups && !found; i++)
			found = c->groups[k] == st->groups[i];
		if (!found)
			return false;
	}
	return !st->groups_truncated;
}

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return error_set(err, -EPERM, __VA_ARGS__);                                \
	} while (0)

/* The kernel's own view against the plan: a step that silently did less fails here. */
static int verify(const struct launch_plan *plan, struct error *err)
{
	char buf[STATUS_MAX];
	struct proc_status st;
	int r = read_status(plan->status_fd, buf, sizeof(buf), &st);
	if (r < 0)
		return error_setn(err, r, "reading '/proc/self/status'");
	const struct creds *c = &plan->creds;
	const struct capsets *cs = &plan->caps;
	for (int i = 0; i < 4; i++) {
		CHECK(st.uid[i] == c->uid, "uid %d is %u, planned %u", i, st.uid[i], c->uid);
		CHECK(st.gid[i] == c->gid, "gid %d is %u, planned %u", i, st.gid[i], c->gid);
	}
	CHECK(groups_equal(&st, c), "supplementary groups differ from the plan");
	uint64_t bnd = plan->unpriv.on ? plan->unpriv.bounding : cs->keep;
	CHECK(st.cap_bnd == bnd, "CapBnd is %016llx, planned %016llx",
	      (unsigned long long)st.cap_bnd, (unsigned long long)bnd);
	CHECK(st.cap_prm == cs->keep, "CapPrm is %016llx, planned %016llx",
	      (unsigned long long)st.cap_prm, (unsigned long long)cs->keep);
	CHECK(st.cap_eff == cs->keep, "CapEff is %016llx, planned %016llx",
	      (unsigned long long)st.cap_eff, (unsigned long long)cs->keep);
	CHECK(st.cap_inh == cs->ambient, "CapInh is %016llx, planned %016llx",
	      (unsigned long long)st.cap_inh, (unsigned long long)cs->ambient);
	CHECK(st.cap_amb == cs->ambient, "CapAmb is %016llx, planned %016llx",
	      (unsigned long long)st.cap_amb, (unsigned long long)cs->ambient);
	CHECK(st.no_new_privs == plan->want_nnp, "NoNewPrivs is %d, planned %d", st.no_new_privs,
	      plan->want_nnp);
	CHECK(st.seccomp == plan->want_seccomp, "Seccomp is %d, planned %d", st.seccomp,
	      plan->want_seccomp);
	CHECK(st.seccomp_filters == plan->want_seccomp_filters, "Seccomp_filters is %d, planned %d",
	      st.seccomp_filters, plan->want_seccomp_filters);
	return 0;
}

static const char *env_get(char **envp, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; envp[i]; i++)
		if (env_name_is(envp[i], name, n))
			return envp[i] + n + 1;
	return NULL;
}

/* execvp's search without its allocation and without its ENOEXEC fallback to /bin/sh: the
 * PATH of the command's own environment, glibc's default when it has none. */
static int exec_command(const struct launch_plan *plan, struct error *err)
{
	const char *cmd = plan->argv[0];
	if (strchr(cmd, '/')) {
		execve(cmd, plan->argv, plan->envp);
		return error_setn(err, -errno, "'%s'", cmd);
	}
	const char *path = env_get(plan->envp, "PATH");
	if (!path)
		path = "/bin:/usr/bin";
	int first = 0; /* the first error other than ENOENT, as execvp reports it */
	for (const char *d = path;; d++) {
		const char *end = strchrnul(d, ':');
		char full[PATH_MAX];
		int len = end == d
			      ? snprintf(full, sizeof(full), "%s", cmd)
			      : snprintf(full, sizeof(full), "%.*s/%s", (int)(end - d), d, cmd);
		if (len > 0 && (size_t)len < sizeof(full)) {
			execve(full, plan->argv, plan->envp);
			if (errno != ENOENT && errno != ENOTDIR && !first)
				first = errno;
		}
		if (!*end)
			break;
		d = end;
	}
	if (first)
		return error_setn(err, -first, "'%s'", cmd);
	return error_set(err, -ENOENT, "'%s': command not found", cmd);
}

/* Names the step and the errno in err, and remembers the step. */
static int step_failed(struct launch_plan *plan, const char *step, int r, struct error *err)
{
	plan->failed_step = step;
	error_prefix(err, "step '%s'", step);
	const char *name = strerrorname_np(-r);
	size_t len = strlen(err->msg);
	if (name && len < sizeof(err->msg))
		snprintf(err->msg + len, sizeof(err->msg) - len, " (%s)", name);
	return r;
}

#define STEP(name, expr)                                                                           \
	do {                                                                                       \
		int r_ = (expr);                                                                   \
		if (r_ < 0)                                                                        \
			return step_failed(plan, name, r_, err);                                   \
	} while (0)

static int set_rlimits(const struct launch_policy *p, struct error *err)
{
	for (size_t i = 0; i < p->nrlimits; i++) {
		struct rlimit rl = {p->rlimits[i].value, p->rlimits[i].value};
		if (setrlimit(p->rlimits[i].resource, &rl) < 0) {
			const char *name = launch_rlimit_name(p->rlimits[i].resource);
			return error_setn(err, -errno, "setrlimit(%s)", name ? name : "?");
		}
	}
	return 0;
}

static int sys_step(int ret, const char *what, struct error *err)
{
	return ret < 0 ? error_setn(err, -errno, "%s", what) : 0;
}

int launch_exec(struct launch_plan *plan, struct error *err)
{
	const struct launch_policy *p = plan->policy;
	const struct capsets *c = &plan->caps;
	/* The filter was compiled while planning, before anything changed: after the credential
	 * change nothing below allocates. */

	/* Limits first, while ctguard may still raise them (CAP_SYS_RESOURCE). */
	STEP("rlimits", set_rlimits(p, err));
	/* No core dumps and no ptrace by the target user while the process still holds
	 * privileges and ctguard's memory. */
	STEP("dumpable",
	     sys_step(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE)", err));
	/* The AppArmor label takes effect at execve, so it confines only the command. */
	if (p->apparmor_profile && plan->apparmor_enabled)
		STEP("apparmor", lsm_apparmor_onexec(p->apparmor_profile, err));
	else if (p->apparmor_profile && p->apparmor_required)
		STEP("apparmor",
		     error_set(err, -EOPNOTSUPP,
			       "profile '%s' is required and the kernel has no AppArmor",
			       p->apparmor_profile));
	/* Bounding before ids: CAP_SETPCAP is still there, and no later execve of a file with
	 * capabilities can bring a dropped one back. */
	/* An unprivileged caller keeps its bounding set, securebits and ids: planning checked
	 * that the policy asks for its own ids, no capability and no_new_privs, which together
	 * leave nothing these steps would take away (enforce/unpriv.h). */
	if (!plan->unpriv.on) {
		STEP("bounding set", capsets_drop_bounding(c, err));
		/* NO_SETUID_FIXUP keeps the sets through the id change; NOROOT stops uid 0 (when
		 * allowed) from regaining everything at execve. Locked. */
		STEP("securebits", capsets_securebits(c, true, err));
		STEP("ids", creds_apply(&plan->creds, err));
		STEP("securebits", capsets_securebits(c, false, err));
	}
	/* Inheritable stays empty unless ambient is raised (CVE-2022-29162). */
	STEP("capabilities", capsets_apply(c, err));
	if (plan->no_new_privs)
		STEP("no_new_privs", sys_step(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0),
					      "prctl(PR_SET_NO_NEW_PRIVS)", err));
	if (p->landlock && plan->landlock_abi > 0)
		STEP("landlock", landlock_apply(plan->landlock_abi, &p->landlock_read,
						&p->landlock_write, err));
	/* No descriptor of ctguard's caller leaks into the command (CVE-2024-21626), and its
	 * working directory must be reachable from its root. */
	if (p->fds_close)
		STEP("fds", fds_keep_only(p->fds_keep, p->nfds_keep, err));
	STEP("working directory", fds_check_cwd(err));
	/* Last, so that the filter need not allow the steps above: only capset (with transient
	 * capabilities), pread of the status and execve follow. When learning, the learning
	 * filter goes here instead and passes its listener to ctguard, which records those. */
	if (plan->learn)
		STEP("seccomp", learn_filter_install(plan->learn_sock, err));
	else if (plan->filter)
		STEP("seccomp", filter_load(plan->filter, err));
	STEP("capabilities", capsets_finish(c, err));
	STEP("verify", verify(plan, err));
	return step_failed(plan, "execve", exec_command(plan, err), err);
}
