/* Enforcement policies: the YAML of man/ctguard-policy.5 parsed into struct launch_policy and
 * validated, every error with its position. Nothing here changes the process. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "kernel/ns.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "policy/policy.h"
#include "policy/rule.h"
#include "kernel/rlimit.h"
#include "lib/ydoc.h"

#define MSG_MAX 512

_Static_assert(POLICY_RLIMITS_MAX == RLIMIT_NAMES, "rlimits: one entry per resource");

/* runc's `runc spec` lists, plus what Docker masks beyond them (CVE-2020-8694's powercap). */
const char *const policy_default_masked[] = {
    "/proc/acpi",
    "/proc/asound",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/devices/virtual/powercap",
    "/sys/firmware",
    NULL,
};
const char *const policy_default_readonly[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL,
};

/* Where the keys that take part in contradictions were written; 0 when not written (or when
 * validating a struct changed by a caller). */
struct pos {
	size_t line, col;
};
struct where {
	const char *file;
	struct pos user, nnp, seccomp_mode, apparmor, landlock, fds_keep, env_keep;
	unsigned bad; /* BAD_* of keys that had an error: no contradiction is judged on them */
};

enum {
	BAD_USER = 1u << 0,
	BAD_ALLOW_ROOT = 1u << 1,
	BAD_CAPS = 1u << 2,
	BAD_NNP = 1u << 3,
	BAD_SECCOMP = 1u << 4,
	BAD_SECCOMP_MODE = 1u << 5,
	BAD_APPARMOR = 1u << 6,
	BAD_LANDLOCK = 1u << 7,
	BAD_FDS = 1u << 8,
	BAD_ENV = 1u << 9,
};

struct parser {
	struct ydoc *y;
	struct diag *d;
	struct where w;
	bool ok;
};

static struct pos at(const yaml_node_t *n)
{
	return (struct pos){n->start_mark.line + 1, n->start_mark.column + 1};
}

static void perr(struct parser *p, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void perr(struct parser *p, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ydoc_verr(p->y, p->d, n, fmt, ap);
	va_end(ap);
	p->ok = false;
}

static bool werr(const struct where *w, struct diag *d, struct pos at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool werr(const struct where *w, struct diag *d, struct pos at, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(d, w->file, at.line, at.col, "%s", msg);
	return false;
}

/* Value checks shared by the parser (with positions) and policy_validate (without). Each
 * returns true, or false with msg filled. */

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number 0..4294967294, or a name as useradd accepts it (letters, digits, '_', '.', '-', a
 * trailing '$'; not starting with '-'; not all digits). */
static bool check_id(const char *s, const char *what, char *msg)
{
	if (all_digits(s) || (s[0] == '-' && all_digits(s + 1))) {
		errno = 0;
		unsigned long long v = strtoull(s, NULL, 10);
		if (s[0] == '-' || errno || v > 4294967294ULL) {
			snprintf(msg, MSG_MAX, "%s '%s' is out of range (0 to 4294967294)", what,
				 s);
			return false;
		}
		return true;
	}
	size_t n = strlen(s);
	bool ok = n > 0 && n <= POLICY_NAME_MAX && s[0] != '-';
	for (size_t i = 0; ok && i < n; i++)
		ok = is_letter(s[i]) || is_digit(s[i]) || s[i] == '_' || s[i] == '.' ||
		     s[i] == '-' || (s[i] == '$' && i == n - 1);
	if (!ok)
		snprintf(msg, MSG_MAX,
			 "bad %s '%s' (a number, or a name of letters, digits, '_', '.', '-'; at "
			 "most %d characters)",
			 what, s, POLICY_NAME_MAX);
	return ok;
}

static bool is_root_user(const char *s)
{
	return strcmp(s, "root") == 0 || (all_digits(s) && strtoull(s, NULL, 10) == 0);
}

/* "none", a built-in profile name, or a path (anything with a '/'). */
static bool check_seccomp(const char *s, char *msg)
{
	if (strchr(s, '/'))
		return true;
	size_t n = strlen(s);
	bool ok = n > 0 && n <= 64 && s[0] != '-';
	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || is_digit(s[i]) || s[i] == '-' || s[i] == '_';
	if (!ok)
		snprintf(msg, MSG_MAX,
			 "bad seccomp '%s' (a built-in profile name such as default, a path "
			 "containing '/', or none)",
			 s);
	return ok;
}

static bool check_apparmor(const char *s, char *msg)
{
	if (!*s) {
		snprintf(msg, MSG_MAX, "apparmor.profile is empty");
		return false;
	}
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			snprintf(msg, MSG_MAX, "apparmor.profile contains a control character");
			return false;
		}
	if (strcmp(s, "unconfined") == 0) {
		snprintf(msg, MSG_MAX,
			 "apparmor.profile 'unconfined' confines nothing: leave apparmor out "
			 "instead");
		return false;
	}
	return true;
}

static bool check_abs_path(const char *s, const char *what, char *msg)
{
	if (s[0] == '/')
		return true;
	snprintf(msg, MSG_MAX, "%s path '%s' is not absolute", what, s);
	return false;
}

static bool check_env_name(const char *s, const char *what, char *msg)
{
	size_t n = strlen(s);
	bool ok = n > 0 && n <= POLICY_ENV_NAME_MAX && !is_digit(s[0]);
	for (size_t i = 0; ok && i < n; i++)
		ok = is_letter(s[i]) || is_digit(s[i]) || s[i] == '_';
	if (!ok)
		snprintf(msg, MSG_MAX,
			 "bad %s variable name '%s' (letters, digits and '_', not starting with a "
			 "digit; at most %d)",
			 what, s, POLICY_ENV_NAME_MAX);
	return ok;
}

static bool check_fd(int64_t fd, char *msg)
{
	if (fd >= 3 && fd < POLICY_FD_LIMIT)
		return true;
	if (fd >= 0 && fd < 3)
		snprintf(msg, MSG_MAX,
			 "fds.keep lists fd %lld: 0, 1 and 2 are always kept, list fds from 3",
			 (long long)fd);
	else
		snprintf(msg, MSG_MAX, "fds.keep: fd %lld is out of range (3 to %d)", (long long)fd,
			 POLICY_FD_LIMIT - 1);
	return false;
}

static bool check_rlimit(const struct policy_rlimit *rl, char *msg)
{
	if (rl->resource == RLIMIT_NOFILE && rl->value == RLIM_INFINITY) {
		snprintf(msg, MSG_MAX,
			 "rlimits.nofile cannot be unlimited (the kernel refuses more than "
			 "fs.nr_open)");
		return false;
	}
	return true;
}

/* Contradictions between fields: a policy the kernel would refuse at launch, or a setting that
 * would silently do nothing, is refused here so that it is found by --check, not in production. */
static bool check_contradictions(const struct launch_policy *lp, const struct where *w,
				 struct diag *d)
{
	bool ok = true;
	bool sys_admin = lp->caps_keep & (UINT64_C(1) << CAP_SYS_ADMIN);
	unsigned bad = w->bad;
	if (!(bad & (BAD_USER | BAD_ALLOW_ROOT)) && !lp->allow_root && is_root_user(lp->user))
		ok = werr(w, d, w->user, "user '%s' is uid 0, which needs allow_root: true",
			  lp->user);
	/* seccomp(2) and landlock_restrict_self(2) need no_new_privs or CAP_SYS_ADMIN: without
	 * either the launch would fail at its last step. */
	bool nnp_known = !(bad & (BAD_NNP | BAD_CAPS));
	if (nnp_known && !(bad & BAD_SECCOMP) && !lp->no_new_privs && !sys_admin &&
	    strcmp(lp->seccomp, "none") != 0)
		ok = werr(w, d, w->nnp,
			  "no_new_privileges: false needs CAP_SYS_ADMIN in capabilities to load "
			  "the seccomp filter (or seccomp: none)");
	if (nnp_known && !(bad & BAD_LANDLOCK) && !lp->no_new_privs && !sys_admin && lp->landlock)
		ok = werr(w, d, w->nnp,
			  "no_new_privileges: false needs CAP_SYS_ADMIN in capabilities to "
			  "enforce landlock");
	if (!(bad & (BAD_SECCOMP | BAD_SECCOMP_MODE)) && lp->seccomp_mode == SECCOMP_MODE_LOG &&
	    strcmp(lp->seccomp, "none") == 0)
		ok = werr(w, d, w->seccomp_mode,
			  "seccomp_mode 'log' has nothing to log with seccomp: none");
	if (!(bad & BAD_APPARMOR) && lp->apparmor_required && !lp->apparmor_profile)
		ok = werr(w, d, w->apparmor, "apparmor.required needs apparmor.profile");
	if (!(bad & BAD_LANDLOCK) && lp->landlock && lp->landlock_read.n == 0 &&
	    lp->landlock_write.n == 0)
		ok = werr(w, d, w->landlock,
			  "landlock with no read or write paths would deny everything, even "
			  "running the command");
	if (!(bad & BAD_FDS) && !lp->fds_close && lp->nfds_keep)
		ok = werr(w, d, w->fds_keep,
			  "fds.keep needs close: true (with close: false every fd stays open)");
	if (!(bad & BAD_ENV) && !lp->env_clear && lp->env_keep.n)
		ok = werr(w, d, w->env_keep,
			  "env.keep needs clear: true (without it every variable is kept)");
	return ok;
}

/* Parsing: types and per-item values, with positions. */

static const char *pscalar(struct parser *p, const yaml_node_t *n, const char *what)
{
	const char *s = ydoc_str(p->y, p->d, n, what);
	if (!s)
		p->ok = false;
	return s;
}

static void pbool(struct parser *p, const yaml_node_t *n, const char *what, bool *out)
{
	if (ydoc_bool(p->y, p->d, n, what, out) < 0)
		p->ok = false;
}

static bool pmap(struct parser *p, const yaml_node_t *n, const char *what, const char *const *keys)
{
	if (n->type != YAML_MAPPING_NODE) {
		perr(p, n, "%s must be a mapping", what);
		return false;
	}
	if (keys && !ydoc_keys_known(p->y, p->d, n, what, keys))
		p->ok = false;
	return true;
}

/* The number of items of a sequence; *okp false (with an error) when n is not one or holds
 * more than max. */
static size_t pseq(struct parser *p, const yaml_node_t *n, const char *what, size_t max, bool *okp)
{
	*okp = false;
	if (n->type != YAML_SEQUENCE_NODE) {
		perr(p, n, "%s must be a list", what);
		return 0;
	}
	size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (count > max) {
		perr(p, n, "%s has %zu items (at most %zu)", what, count, max);
		return 0;
	}
	*okp = true;
	return count;
}

#define SEQ_ITEM(p, n, i) ydoc_node((p)->y, (n)->data.sequence.items.start[i])

/* A list of strings, each checked by check (may be NULL), each listed once. */
static void pstrings(struct parser *p, const yaml_node_t *n, const char *what, size_t max,
		     bool (*check)(const char *, const char *, char *), struct strv *out)
{
	bool ok;
	size_t count = pseq(p, n, what, max, &ok);
	char msg[MSG_MAX];
	for (size_t i = 0; ok && i < count; i++) {
		const yaml_node_t *e = SEQ_ITEM(p, n, i);
		char item[64];
		snprintf(item, sizeof(item), "%s item", what);
		const char *s = pscalar(p, e, item);
		if (!s)
			continue;
		if (check && !check(s, what, msg))
			perr(p, e, "%s", msg);
		else if (strv_contains(out, s))
			perr(p, e, "%s lists '%s' twice", what, s);
		else if (strv_push(out, s) < 0)
			perr(p, e, "out of memory");
	}
}

static char *pdup(struct parser *p, const yaml_node_t *n, const char *s)
{
	char *c = strdup(s);
	if (!c)
		perr(p, n, "out of memory");
	return c;
}

static void parse_id(struct parser *p, const yaml_node_t *n, const char *what, char **out)
{
	const char *s = pscalar(p, n, what);
	char msg[MSG_MAX];
	if (!s)
		return;
	if (!check_id(s, what, msg)) {
		perr(p, n, "%s", msg);
		return;
	}
	free(*out);
	*out = pdup(p, n, s);
}

static bool check_group_item(const char *s, const char *what, char *msg)
{
	(void)what;
	return check_id(s, "group", msg);
}

static void parse_caps(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	bool ok;
	size_t count = pseq(p, n, "capabilities", POLICY_CAPS_MAX, &ok);
	for (size_t i = 0; ok && i < count; i++) {
		const yaml_node_t *e = SEQ_ITEM(p, n, i);
		const char *s = pscalar(p, e, "capabilities item");
		if (!s)
			continue;
		int bit = caps_from_name(s);
		if (strcasecmp(s, "ALL") == 0 || strcasecmp(s, "CAP_ALL") == 0)
			perr(p, e, "capability '%s' is not accepted: list each capability to keep",
			     s);
		else if (bit < 0)
			perr(p, e,
			     "unknown capability '%s' (expected a name like NET_BIND_SERVICE)", s);
		else if (lp->caps_keep & (UINT64_C(1) << bit))
			perr(p, e, "capability '%s' is listed twice", caps_name(bit));
		else
			lp->caps_keep |= UINT64_C(1) << bit;
	}
}

/* A relative profile path is relative to the policy file, not to wherever ctguard runs. */
static void parse_seccomp(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	const char *s = pscalar(p, n, "seccomp");
	char msg[MSG_MAX];
	if (!s)
		return;
	if (!check_seccomp(s, msg)) {
		perr(p, n, "%s", msg);
		return;
	}
	free(lp->seccomp);
	const char *slash = strrchr(p->y->file, '/');
	if (strchr(s, '/') && s[0] != '/' && slash) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%.*s/%s", (int)(slash - p->y->file), p->y->file, s);
		lp->seccomp = buf_steal(&b);
	} else {
		lp->seccomp = pdup(p, n, s);
	}
}

static void parse_seccomp_mode(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	const char *s = pscalar(p, n, "seccomp_mode");
	p->w.seccomp_mode = at(n);
	if (!s)
		return;
	if (strcmp(s, "enforce") == 0)
		lp->seccomp_mode = SECCOMP_MODE_ENFORCE;
	else if (strcmp(s, "log") == 0)
		lp->seccomp_mode = SECCOMP_MODE_LOG;
	else
		perr(p, n, "seccomp_mode must be enforce or log, not '%s'", s);
}

static void parse_apparmor(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	static const char *const keys[] = {"profile", "required", NULL};
	if (!pmap(p, n, "apparmor", keys))
		return;
	p->w.apparmor = at(n);
	const yaml_node_t *v;
	char msg[MSG_MAX];
	if ((v = ydoc_get(p->y, n, "profile"))) {
		const char *s = pscalar(p, v, "apparmor.profile");
		if (s && !check_apparmor(s, msg))
			perr(p, v, "%s", msg);
		else if (s)
			lp->apparmor_profile = pdup(p, v, s);
	}
	if ((v = ydoc_get(p->y, n, "required"))) {
		p->w.apparmor = at(v);
		pbool(p, v, "apparmor.required", &lp->apparmor_required);
	}
}

static void parse_landlock(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	static const char *const keys[] = {"read", "write", NULL};
	if (!pmap(p, n, "landlock", keys))
		return;
	lp->landlock = true;
	p->w.landlock = at(n);
	const yaml_node_t *v;
	if ((v = ydoc_get(p->y, n, "read")))
		pstrings(p, v, "landlock.read", POLICY_PATHS_MAX, check_abs_path,
			 &lp->landlock_read);
	if ((v = ydoc_get(p->y, n, "write")))
		pstrings(p, v, "landlock.write", POLICY_PATHS_MAX, check_abs_path,
			 &lp->landlock_write);
}

/* A non-negative integer, or "unlimited" (plain or quoted). */
static bool rlimit_value(const char *s, rlim_t *out)
{
	if (strcmp(s, "unlimited") == 0) {
		*out = RLIM_INFINITY;
		return true;
	}
	if (!all_digits(s))
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, NULL, 10);
	if (errno || v >= (unsigned long long)RLIM_INFINITY)
		return false;
	*out = (rlim_t)v;
	return true;
}

static void parse_rlimits(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	const char *names[POLICY_RLIMITS_MAX + 1];
	for (size_t i = 0; i < POLICY_RLIMITS_MAX; i++)
		names[i] = rlimit_names[i].name;
	names[POLICY_RLIMITS_MAX] = NULL;
	if (!pmap(p, n, "rlimits", names))
		return;
	char msg[MSG_MAX];
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
	     pr++) {
		const yaml_node_t *k = ydoc_node(p->y, pr->key), *v = ydoc_node(p->y, pr->value);
		size_t i = 0;
		while (i < POLICY_RLIMITS_MAX && k->type == YAML_SCALAR_NODE &&
		       strcmp((const char *)k->data.scalar.value, rlimit_names[i].name) != 0)
			i++;
		if (i == POLICY_RLIMITS_MAX || k->type != YAML_SCALAR_NODE)
			continue; /* reported by ydoc_keys_known */
		bool dup = false;
		for (size_t j = 0; j < lp->nrlimits; j++)
			dup |= lp->rlimits[j].resource == rlimit_names[i].resource;
		if (dup)
			continue; /* reported by ydoc_keys_known */
		struct policy_rlimit rl = {.resource = rlimit_names[i].resource};
		const char *s =
		    v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : NULL;
		if (!s || !rlimit_value(s, &rl.value))
			perr(p, v, "rlimits.%s must be a non-negative integer or unlimited",
			     rlimit_names[i].name);
		else if (!check_rlimit(&rl, msg))
			perr(p, v, "%s", msg);
		else
			lp->rlimits[lp->nrlimits++] = rl;
	}
}

static void parse_fds(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	static const char *const keys[] = {"close", "keep", NULL};
	if (!pmap(p, n, "fds", keys))
		return;
	const yaml_node_t *v;
	if ((v = ydoc_get(p->y, n, "close")))
		pbool(p, v, "fds.close", &lp->fds_close);
	if (!(v = ydoc_get(p->y, n, "keep")))
		return;
	p->w.fds_keep = at(v);
	bool ok;
	size_t count = pseq(p, v, "fds.keep", POLICY_FDS_MAX, &ok);
	char msg[MSG_MAX];
	for (size_t i = 0; ok && i < count; i++) {
		const yaml_node_t *e = SEQ_ITEM(p, v, i);
		int64_t fd;
		bool dup = false;
		if (ydoc_int(p->y, p->d, e, "fds.keep item", &fd) < 0) {
			p->ok = false;
			continue;
		}
		for (size_t j = 0; j < lp->nfds_keep; j++)
			dup |= lp->fds_keep[j] == fd;
		if (!check_fd(fd, msg))
			perr(p, e, "%s", msg);
		else if (dup)
			perr(p, e, "fds.keep lists fd %lld twice", (long long)fd);
		else
			lp->fds_keep[lp->nfds_keep++] = (int)fd;
	}
}

static void parse_env_set(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	if (!pmap(p, n, "env.set", NULL))
		return;
	size_t count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	if (count > POLICY_ENV_MAX) {
		perr(p, n, "env.set has %zu variables (at most %d)", count, POLICY_ENV_MAX);
		return;
	}
	_cleanup_strv_ struct strv names = STRV_INIT;
	char msg[MSG_MAX];
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
	     pr++) {
		const yaml_node_t *k = ydoc_node(p->y, pr->key), *v = ydoc_node(p->y, pr->value);
		const char *name = pscalar(p, k, "env.set name");
		const char *val = pscalar(p, v, "env.set value");
		if (!name)
			continue;
		if (!check_env_name(name, "env.set", msg)) {
			perr(p, k, "%s", msg);
		} else if (strv_contains(&names, name)) {
			perr(p, k, "duplicate key '%s' in env.set", name);
		} else if (val) {
			struct buf b = BUF_INIT;
			buf_printf(&b, "%s=%s", name, val);
			if (strv_push(&names, name) < 0 ||
			    strv_push_take(&lp->env_set, buf_steal(&b)) < 0)
				perr(p, k, "out of memory");
		}
	}
}

static void parse_env(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	static const char *const keys[] = {"clear", "keep", "set", NULL};
	if (!pmap(p, n, "env", keys))
		return;
	const yaml_node_t *v;
	if ((v = ydoc_get(p->y, n, "clear")))
		pbool(p, v, "env.clear", &lp->env_clear);
	if ((v = ydoc_get(p->y, n, "keep"))) {
		p->w.env_keep = at(v);
		pstrings(p, v, "env.keep", POLICY_ENV_MAX, check_env_name, &lp->env_keep);
	}
	if ((v = ydoc_get(p->y, n, "set")))
		parse_env_set(p, v, lp);
}

/* container: the OCI wrapper's and audit --policy's part (man/ctguard-policy.5). */
static void parse_ct_namespaces(struct parser *p, const yaml_node_t *n, struct container_policy *c)
{
	bool ok;
	size_t count = pseq(p, n, "container.host_namespaces", NS__COUNT * 2, &ok);
	if (!ok)
		return;
	c->host_namespaces = 0;
	for (size_t i = 0; i < count; i++) {
		const yaml_node_t *e = SEQ_ITEM(p, n, i);
		const char *s = pscalar(p, e, "container.host_namespaces item");
		if (!s)
			continue;
		int t = policy_ns_from_name(s);
		if (t < 0)
			perr(p, e,
			     "unknown namespace '%s' (expected cgroup, ipc, mnt, net, pid, time, "
			     "user or uts)",
			     s);
		else if (c->host_namespaces & (1u << t))
			perr(p, e, "container.host_namespaces lists '%s' twice", s);
		else
			c->host_namespaces |= 1u << t;
	}
}

static void parse_ct_action(struct parser *p, const yaml_node_t *n, const char *what,
			    const char *fix, bool *out)
{
	const char *s = pscalar(p, n, what);
	if (!s)
		return;
	if (strcmp(s, "refuse") == 0)
		*out = false;
	else if (strcmp(s, fix) == 0)
		*out = true;
	else
		perr(p, n, "%s must be refuse or %s, not '%s'", what, fix, s);
}

static void parse_ct_mounts(struct parser *p, const yaml_node_t *n, struct container_policy *c)
{
	bool ok;
	size_t count = pseq(p, n, "container.forbidden_mounts", 4, &ok);
	if (!ok)
		return;
	c->forbid_sockets = c->forbid_sensitive = false;
	for (size_t i = 0; i < count; i++) {
		const yaml_node_t *e = SEQ_ITEM(p, n, i);
		const char *s = pscalar(p, e, "container.forbidden_mounts item");
		bool *flag = NULL;
		if (!s)
			continue;
		if (strcmp(s, "runtime_sockets") == 0)
			flag = &c->forbid_sockets;
		else if (strcmp(s, "sensitive_paths") == 0)
			flag = &c->forbid_sensitive;
		if (!flag)
			perr(p, e,
			     "unknown mount class '%s' (expected runtime_sockets or "
			     "sensitive_paths)",
			     s);
		else if (*flag)
			perr(p, e, "container.forbidden_mounts lists '%s' twice", s);
		else
			*flag = true;
	}
}

static bool check_ct_path(const char *s, const char *what, char *msg)
{
	if (!check_abs_path(s, what, msg))
		return false;
	size_t len = strlen(s);
	if (strstr(s, "/../") || strstr(s, "/./") ||
	    (len >= 3 && strcmp(s + len - 3, "/..") == 0) ||
	    (len >= 2 && strcmp(s + len - 2, "/.") == 0)) {
		snprintf(msg, MSG_MAX, "%s path '%s' has . or .. components", what, s);
		return false;
	}
	return true;
}

static bool check_gid(const char *s, const char *what, char *msg)
{
	if (all_digits(s) && strlen(s) <= 10 && strtoull(s, NULL, 10) <= 4294967294ULL)
		return true;
	snprintf(msg, MSG_MAX, "%s item '%s' is not a gid (a number, 0 to 4294967294)", what, s);
	return false;
}

/* "c 10:229", "b 8:*": a device type (c or b), its major and its minor ('*': any); "a *:*":
 * every device. */
static bool check_device(const char *s, const char *what, char *msg)
{
	bool ok = ((s[0] == 'c' || s[0] == 'b') && s[1] == ' ') || strcmp(s, "a *:*") == 0;
	const char *p = s + 2;
	for (int part = 0; ok && part < 2; part++) {
		size_t n = *p == '*' ? 1 : strspn(p, "0123456789");
		ok = n > 0 && n <= 10 && p[n] == (part ? '\0' : ':');
		p += n + 1;
	}
	if (!ok)
		snprintf(msg, MSG_MAX,
			 "%s item '%s' is not a device ('c MAJOR:MINOR' or 'b MAJOR:MINOR', '*' "
			 "for any; 'a *:*' for every device)",
			 what, s);
	return ok;
}

static bool check_selinux_type(const char *s, const char *what, char *msg)
{
	size_t n = strlen(s);
	bool ok = n > 0 && n <= 128;
	for (size_t i = 0; ok && i < n; i++)
		ok = is_letter(s[i]) || is_digit(s[i]) || s[i] == '_';
	if (!ok)
		snprintf(msg, MSG_MAX, "%s item '%s' is not an SELinux type (letters, digits, '_')",
			 what, s);
	return ok;
}

static void parse_ct_list(struct parser *p, const yaml_node_t *n, const char *what,
			  bool (*check)(const char *, const char *, char *), struct strv *out)
{
	strv_free(out);
	pstrings(p, n, what, POLICY_CT_LIST_MAX, check, out);
}

static void parse_ct_more(struct parser *p, const yaml_node_t *n, struct container_policy *c)
{
	const yaml_node_t *v;
	if ((v = ydoc_get(p->y, n, "allow_root_group")))
		pbool(p, v, "container.allow_root_group", &c->allow_root_group);
	if ((v = ydoc_get(p->y, n, "forbidden_gids")))
		parse_ct_list(p, v, "container.forbidden_gids", check_gid, &c->forbidden_gids);
	if ((v = ydoc_get(p->y, n, "allowed_hooks")))
		parse_ct_list(p, v, "container.allowed_hooks", check_ct_path, &c->allowed_hooks);
	if ((v = ydoc_get(p->y, n, "allowed_devices")))
		parse_ct_list(p, v, "container.allowed_devices", check_device, &c->allowed_devices);
	if ((v = ydoc_get(p->y, n, "allow_apparmor_unconfined")))
		pbool(p, v, "container.allow_apparmor_unconfined", &c->allow_apparmor_unconfined);
	if ((v = ydoc_get(p->y, n, "selinux_types")))
		parse_ct_list(p, v, "container.selinux_types", check_selinux_type,
			      &c->selinux_types);
	if ((v = ydoc_get(p->y, n, "selinux_mount_types")))
		parse_ct_list(p, v, "container.selinux_mount_types", check_selinux_type,
			      &c->selinux_mount_types);
}

static void parse_container(struct parser *p, const yaml_node_t *n, struct launch_policy *lp)
{
	static const char *const keys[] = {
	    "readonly_rootfs",	"host_namespaces",     "on_host_namespace",
	    "forbidden_mounts", "on_forbidden_mount",  "masked_paths",
	    "readonly_paths",	"allow_root_group",    "forbidden_gids",
	    "allowed_hooks",	"allowed_devices",     "allow_apparmor_unconfined",
	    "selinux_types",	"selinux_mount_types", NULL};
	if (!pmap(p, n, "container", keys))
		return;
	struct container_policy *c = &lp->ct;
	const yaml_node_t *v;
	if ((v = ydoc_get(p->y, n, "readonly_rootfs")))
		pbool(p, v, "container.readonly_rootfs", &c->readonly_rootfs);
	if ((v = ydoc_get(p->y, n, "host_namespaces")))
		parse_ct_namespaces(p, v, c);
	if ((v = ydoc_get(p->y, n, "on_host_namespace")))
		parse_ct_action(p, v, "container.on_host_namespace", "isolate",
				&c->isolate_namespaces);
	if ((v = ydoc_get(p->y, n, "forbidden_mounts")))
		parse_ct_mounts(p, v, c);
	if ((v = ydoc_get(p->y, n, "on_forbidden_mount")))
		parse_ct_action(p, v, "container.on_forbidden_mount", "remove", &c->remove_mounts);
	if ((v = ydoc_get(p->y, n, "masked_paths"))) {
		strv_free(&c->masked_paths);
		c->masked_set = true;
		pstrings(p, v, "container.masked_paths", POLICY_CT_PATHS_MAX, check_ct_path,
			 &c->masked_paths);
	}
	if ((v = ydoc_get(p->y, n, "readonly_paths"))) {
		strv_free(&c->readonly_paths);
		c->readonly_set = true;
		pstrings(p, v, "container.readonly_paths", POLICY_CT_PATHS_MAX, check_ct_path,
			 &c->readonly_paths);
	}
	parse_ct_more(p, n, c);
}

static void parse_version(struct parser *p, const yaml_node_t *root)
{
	const yaml_node_t *v = ydoc_get(p->y, root, "version");
	int64_t version = 0;
	if (!v)
		perr(p, root, "policy is missing 'version' (this ctguard reads version 1)");
	else if (!ydoc_is_plain(v) || ydoc_int(p->y, p->d, v, "version", &version) < 0 ||
		 version != 1)
		perr(p, v, "unsupported version (this ctguard reads version 1)");
}

static size_t diag_count(const struct diag *d)
{
	return d->msgs.n + d->dropped;
}

static void parse_policy(struct parser *p, const yaml_node_t *root, struct launch_policy *lp)
{
	static const char *const keys[] = {"version",
					   "user",
					   "group",
					   "groups",
					   "allow_root",
					   "capabilities",
					   "no_new_privileges",
					   "seccomp",
					   "seccomp_mode",
					   "apparmor",
					   "landlock",
					   "rlimits",
					   "fds",
					   "env",
					   "container",
					   NULL};
	if (!root || root->type != YAML_MAPPING_NODE) {
		perr(p, root,
		     "a policy is a mapping with version and the keys of ctguard-policy(5)");
		return;
	}
	if (!ydoc_keys_known(p->y, p->d, root, "a policy", keys))
		p->ok = false;
	parse_version(p, root);
	const yaml_node_t *v;
	size_t before;
#define KEY(name, bad_bit, stmt)                                                                   \
	if ((v = ydoc_get(p->y, root, name))) {                                                    \
		before = diag_count(p->d);                                                         \
		stmt;                                                                              \
		if (diag_count(p->d) != before)                                                    \
			p->w.bad |= (bad_bit);                                                     \
	}
	KEY("user", BAD_USER, (p->w.user = at(v), parse_id(p, v, "user", &lp->user)));
	KEY("group", 0, parse_id(p, v, "group", &lp->group));
	KEY("groups", 0,
	    pstrings(p, v, "groups", POLICY_GROUPS_MAX, check_group_item, &lp->groups));
	KEY("allow_root", BAD_ALLOW_ROOT, pbool(p, v, "allow_root", &lp->allow_root));
	KEY("capabilities", BAD_CAPS, parse_caps(p, v, lp));
	KEY("no_new_privileges", BAD_NNP,
	    (p->w.nnp = at(v), pbool(p, v, "no_new_privileges", &lp->no_new_privs)));
	KEY("seccomp", BAD_SECCOMP, parse_seccomp(p, v, lp));
	KEY("seccomp_mode", BAD_SECCOMP_MODE, parse_seccomp_mode(p, v, lp));
	KEY("apparmor", BAD_APPARMOR, parse_apparmor(p, v, lp));
	KEY("landlock", BAD_LANDLOCK, parse_landlock(p, v, lp));
	KEY("rlimits", 0, parse_rlimits(p, v, lp));
	KEY("fds", BAD_FDS, parse_fds(p, v, lp));
	KEY("env", BAD_ENV, parse_env(p, v, lp));
	KEY("container", 0, parse_container(p, v, lp));
#undef KEY
}

/* "file:LINE:COL: ..." -> LINE * 2^20 + COL, for sorting; messages without a position first. */
static unsigned long long msg_position(const char *msg, size_t filelen)
{
	unsigned long line = 0, col = 0;
	if (sscanf(msg + filelen, ":%lu:%lu:", &line, &col) != 2)
		return 0;
	return ((unsigned long long)line << 20) + col;
}

/* The parser reports key by key; the user reads the file top to bottom. Stable insertion sort
 * of the messages from first on (at most DIAG_MAX). */
static void sort_by_position(struct diag *d, size_t first, size_t flen)
{
	for (size_t i = first + 1; i < d->msgs.n; i++) {
		char *m = d->msgs.v[i];
		unsigned long long key = msg_position(m, flen);
		size_t j = i;
		while (j > first && msg_position(d->msgs.v[j - 1], flen) > key) {
			d->msgs.v[j] = d->msgs.v[j - 1];
			j--;
		}
		d->msgs.v[j] = m;
	}
}

static int set_defaults(struct launch_policy *lp, const char *file)
{
	*lp = (struct launch_policy){
	    .no_new_privs = true,
	    .seccomp_mode = SECCOMP_MODE_ENFORCE,
	    .fds_close = true,
	};
	lp->ct = (struct container_policy){
	    .host_namespaces = 1u << NS_CGROUP | 1u << NS_TIME | 1u << NS_USER,
	    .forbid_sockets = true,
	    .forbid_sensitive = true,
	};
	lp->file = strdup(file);
	lp->user = strdup("65534");
	lp->seccomp = strdup("default");
	int r = lp->file && lp->user && lp->seccomp ? 0 : -ENOMEM;
	for (size_t i = 0; r == 0 && policy_default_masked[i]; i++)
		r = strv_push(&lp->ct.masked_paths, policy_default_masked[i]);
	for (size_t i = 0; r == 0 && policy_default_readonly[i]; i++)
		r = strv_push(&lp->ct.readonly_paths, policy_default_readonly[i]);
	static const char *const gids[] = {"6", "15"};
	static const char *const types[] = {"container_t", "container_init_t", "container_kvm_t",
					    "container_engine_t"};
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(gids); i++)
		r = strv_push(&lp->ct.forbidden_gids, gids[i]);
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(types); i++)
		r = strv_push(&lp->ct.selinux_types, types[i]);
	if (r == 0)
		r = strv_push(&lp->ct.selinux_mount_types, "container_file_t");
	return r < 0 ? -ENOMEM : 0;
}

int policy_load_text(const char *file, const char *text, size_t len, struct launch_policy *lp,
		     struct diag *d)
{
	int r = set_defaults(lp, file);
	if (r < 0) {
		policy_free(lp);
		diag_add(d, file, 0, 0, "out of memory");
		return r;
	}
	struct ydoc y;
	r = ydoc_load(&y, lp->file, text, len, d);
	if (r == 0) {
		struct parser p = {.y = &y, .d = d, .ok = true, .w = {.file = lp->file}};
		size_t first = d->msgs.n;
		parse_policy(&p, ydoc_root(&y), lp);
		/* Contradictions are judged between keys that parsed (w.bad): a typo is reported
		 * once, and every other error of the file in the same pass. */
		if (!check_contradictions(lp, &p.w, d) || !p.ok)
			r = -EINVAL;
		sort_by_position(d, first, strlen(lp->file));
	}
	ydoc_free(&y);
	if (r < 0)
		policy_free(lp);
	return r;
}

int policy_file_trusted(const struct stat *st, uid_t caller, struct error *err)
{
	if (!S_ISREG(st->st_mode))
		return error_set(err, -EPERM, "refusing a policy that is not a regular file");
	if (st->st_uid != 0 && st->st_uid != caller)
		return error_set(err, -EPERM,
				 "refusing a file owned by uid %u, neither root nor the caller "
				 "(uid %u): its owner would decide what the command may do",
				 (unsigned)st->st_uid, (unsigned)caller);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return error_set(err, -EPERM,
				 "refusing a file writable by %s (mode %04o): anyone who can "
				 "write it would decide what the command may do",
				 (st->st_mode & S_IWOTH) ? "others" : "its group",
				 (unsigned)(st->st_mode & 07777));
	return 0;
}

/* Reads the file through one descriptor: the checks apply to the very file that is parsed
 * (a rename between a stat and an open cannot swap it). The directory is not checked: whoever
 * replaces the file leaves it owned by themselves, which the owner check refuses. */
int policy_read_trusted(const char *path, struct buf *b, struct diag *d)
{
	/* O_NONBLOCK: opening a FIFO must not hang; it is refused below as not regular. */
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		if (!strchr(path, '/'))
			diag_add(d, path, 0, 0,
				 "cannot open: %s (and '%s' is not a built-in policy: %s)",
				 strerror(e), path, policy_builtin_names());
		else
			diag_add(d, path, 0, 0, "cannot open: %s", strerror(e));
		return -e;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		diag_add(d, path, 0, 0, "cannot stat: %s", strerror(errno));
		return -errno;
	}
	struct error err = {0};
	int r = policy_file_trusted(&st, geteuid(), &err);
	if (r < 0) {
		diag_add(d, path, 0, 0, "%s", err.msg);
		return r;
	}
	for (;;) {
		if (buf_reserve(b, 4096) < 0)
			return -ENOMEM;
		ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_add(d, path, 0, 0, "cannot read: %s", strerror(errno));
			return -errno;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		if (b->len > POLICY_FILE_MAX) {
			diag_add(d, path, 0, 0, "file is larger than %u bytes", POLICY_FILE_MAX);
			return -EFBIG;
		}
	}
	if (b->len && memchr(b->data, '\0', b->len)) {
		diag_add(d, path, 0, 0, "file contains a NUL byte: not a YAML text");
		return -EINVAL;
	}
	return 0;
}

int policy_load_file(const char *path, struct launch_policy *lp, struct diag *d)
{
	*lp = (struct launch_policy){0};
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = policy_read_trusted(path, &b, d);
	if (r < 0)
		return r;
	return policy_load_text(path, b.data ? b.data : "", b.len, lp, d);
}

int policy_ns_from_name(const char *s)
{
	int t = ns_from_name(s);
	return t >= 0 ? t : ns_from_oci_name(s);
}

const char *policy_rlimit_name(int resource)
{
	return rlimit_name(resource);
}

const char *policy_builtin_names(void)
{
	static char names[256];
	if (names[0])
		return names;
	size_t n;
	const struct builtin_pack *packs = builtin_policies(&n);
	for (size_t i = 0; i < n; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", packs[i].name);
	return names;
}

int policy_load_builtin(const char *name, struct launch_policy *lp, struct diag *d)
{
	*lp = (struct launch_policy){0};
	size_t n;
	const struct builtin_pack *packs = builtin_policies(&n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(packs[i].name, name) != 0)
			continue;
		char file[96];
		snprintf(file, sizeof(file), "builtin:%s", name);
		int r = policy_load_text(file, packs[i].text, packs[i].len, lp, d);
		/* Their 65534 means "an unprivileged id" (issue 14: enforce/unpriv.h). */
		lp->ids_stand_in = r == 0;
		return r;
	}
	diag_add(d, name, 0, 0, "unknown built-in policy '%s' (built-in: %s)", name,
		 policy_builtin_names());
	return -EINVAL;
}

int policy_load(const char *name_or_path, struct launch_policy *lp, struct diag *d)
{
	size_t n;
	const struct builtin_pack *packs = builtin_policies(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(packs[i].name, name_or_path) == 0)
			return policy_load_builtin(name_or_path, lp, d);
	return policy_load_file(name_or_path, lp, d);
}

/* Every item check again, for fields a caller set after loading. */
static bool validate_items(const struct launch_policy *lp, const struct where *w, struct diag *d)
{
	bool ok = true;
	char msg[MSG_MAX];
	struct pos none = {0, 0};
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			ok = werr(w, d, none, "%s", msg);                                          \
	} while (0)
	CHECK(check_id(lp->user, "user", msg));
	if (lp->group)
		CHECK(check_id(lp->group, "group", msg));
	for (size_t i = 0; i < lp->groups.n; i++)
		CHECK(check_id(lp->groups.v[i], "group", msg));
	CHECK(check_seccomp(lp->seccomp, msg));
	if (lp->apparmor_profile)
		CHECK(check_apparmor(lp->apparmor_profile, msg));
	for (size_t i = 0; i < lp->landlock_read.n; i++)
		CHECK(check_abs_path(lp->landlock_read.v[i], "landlock.read", msg));
	for (size_t i = 0; i < lp->landlock_write.n; i++)
		CHECK(check_abs_path(lp->landlock_write.v[i], "landlock.write", msg));
	for (size_t i = 0; i < lp->nrlimits; i++)
		CHECK(check_rlimit(&lp->rlimits[i], msg));
	for (size_t i = 0; i < lp->nfds_keep; i++)
		CHECK(check_fd(lp->fds_keep[i], msg));
	for (size_t i = 0; i < lp->env_keep.n; i++)
		CHECK(check_env_name(lp->env_keep.v[i], "env.keep", msg));
	for (size_t i = 0; i < lp->ct.masked_paths.n; i++)
		CHECK(check_ct_path(lp->ct.masked_paths.v[i], "container.masked_paths", msg));
	for (size_t i = 0; i < lp->ct.readonly_paths.n; i++)
		CHECK(check_ct_path(lp->ct.readonly_paths.v[i], "container.readonly_paths", msg));
	for (size_t i = 0; i < lp->ct.forbidden_gids.n; i++)
		CHECK(check_gid(lp->ct.forbidden_gids.v[i], "container.forbidden_gids", msg));
	for (size_t i = 0; i < lp->ct.allowed_hooks.n; i++)
		CHECK(check_ct_path(lp->ct.allowed_hooks.v[i], "container.allowed_hooks", msg));
	for (size_t i = 0; i < lp->ct.allowed_devices.n; i++)
		CHECK(check_device(lp->ct.allowed_devices.v[i], "container.allowed_devices", msg));
#undef CHECK
	if (lp->caps_keep >> CAPS_KNOWN)
		ok = werr(w, d, none, "capabilities holds numbers this ctguard does not know");
	return ok;
}

int policy_validate(const struct launch_policy *lp, struct diag *d)
{
	struct where w = {.file = lp->file ? lp->file : "policy"};
	if (!lp->user || !lp->seccomp) {
		diag_add(d, w.file, 0, 0, "policy has no user or no seccomp");
		return -EINVAL;
	}
	bool ok = validate_items(lp, &w, d);
	ok &= check_contradictions(lp, &w, d);
	return ok ? 0 : -EINVAL;
}

void policy_free(struct launch_policy *lp)
{
	free(lp->file);
	free(lp->user);
	free(lp->group);
	strv_free(&lp->groups);
	free(lp->seccomp);
	free(lp->apparmor_profile);
	strv_free(&lp->landlock_read);
	strv_free(&lp->landlock_write);
	strv_free(&lp->env_keep);
	strv_free(&lp->env_set);
	strv_free(&lp->ct.masked_paths);
	strv_free(&lp->ct.readonly_paths);
	strv_free(&lp->ct.forbidden_gids);
	strv_free(&lp->ct.allowed_hooks);
	strv_free(&lp->ct.allowed_devices);
	strv_free(&lp->ct.selinux_types);
	strv_free(&lp->ct.selinux_mount_types);
	*lp = (struct launch_policy){0};
}
