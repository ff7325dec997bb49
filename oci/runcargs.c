/* runc 1.1.5's command line, read as runc reads it (oci/runcargs.h). The sources of truth are
 * runc's flag definitions (main.go and one file per command) and the urfave/cli v1.22.1 and Go
 * flag package code that reads them:
 * - global options: Go's flag.Parse over argv[1:], no reordering; the command is the first
 *   argument left;
 * - the command's: reorderArgs (every command but exec and ps) moves each token starting with
 *   '-' to the front, and after any such token without '=' the next token too if it does not
 *   start with '-' (even after a bool flag, whose parse then stops at that token); "--" ends it;
 * - then Go's flag parse: "-x" == "--x"; "-x=v"; a bool takes no separate value; any other kind
 *   takes the next token whatever it is; parsing stops at the first non-flag (or "-") or after
 *   "--"; an unknown name, "---x" or "-=x" is an error;
 * - then normalizeFlags: "--bundle X -b Y" (two forms of one flag) is an error;
 * - runc's checkArgs: create, run and restore take exactly one argument, exec at least one. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oci/runcargs.h"
#include "lib/cleanup.h"

#define F(n, k, key)                                                                               \
	{                                                                                          \
		n, k, key                                                                          \
	}
#define END                                                                                        \
	{                                                                                          \
		NULL, RA_BOOL, RA_OTHER                                                            \
	}

/* main.go, plus urfave's help and version, plus ctguard's own. */
static const struct ra_flag global_flags[] = {
    F("debug", RA_BOOL, RA_OTHER),
    F("log", RA_STRING, RA_LOG),
    F("log-format", RA_STRING, RA_LOG_FORMAT),
    F("root", RA_STRING, RA_ROOT),
    F("criu", RA_STRING, RA_OTHER),
    F("systemd-cgroup", RA_BOOL, RA_OTHER),
    F("rootless", RA_STRING, RA_OTHER),
    F("help, h", RA_BOOL, RA_HELP),
    F("version, v", RA_BOOL, RA_VERSION),
    F("ctguard-config", RA_STRING, RA_CT_CONFIG),
    F("ctguard-help", RA_BOOL, RA_CT_HELP),
    F("ctguard-check", RA_BOOL, RA_CT_CHECK),
    F("ctguard-args", RA_BOOL, RA_CT_ARGS),
    END,
};

static const struct ra_flag create_flags[] = {
    F("bundle, b", RA_STRING, RA_BUNDLE),   F("console-socket", RA_STRING, RA_CONSOLE_SOCKET),
    F("pid-file", RA_STRING, RA_PID_FILE),  F("no-pivot", RA_BOOL, RA_OTHER),
    F("no-new-keyring", RA_BOOL, RA_OTHER), F("preserve-fds", RA_INT, RA_OTHER),
    F("help, h", RA_BOOL, RA_HELP),	    END,
};

static const struct ra_flag run_flags[] = {
    F("bundle, b", RA_STRING, RA_BUNDLE),
    F("console-socket", RA_STRING, RA_CONSOLE_SOCKET),
    F("detach, d", RA_BOOL, RA_OTHER),
    F("keep", RA_BOOL, RA_OTHER),
    F("pid-file", RA_STRING, RA_PID_FILE),
    F("no-subreaper", RA_BOOL, RA_OTHER),
    F("no-pivot", RA_BOOL, RA_OTHER),
    F("no-new-keyring", RA_BOOL, RA_OTHER),
    F("preserve-fds", RA_INT, RA_OTHER),
    F("help, h", RA_BOOL, RA_HELP),
    END,
};

static const struct ra_flag restore_flags[] = {
    F("console-socket", RA_STRING, RA_CONSOLE_SOCKET),
    F("image-path", RA_STRING, RA_OTHER),
    F("work-path", RA_STRING, RA_OTHER),
    F("tcp-established", RA_BOOL, RA_OTHER),
    F("ext-unix-sk", RA_BOOL, RA_OTHER),
    F("shell-job", RA_BOOL, RA_OTHER),
    F("file-locks", RA_BOOL, RA_OTHER),
    F("manage-cgroups-mode", RA_STRING, RA_OTHER),
    F("bundle, b", RA_STRING, RA_BUNDLE),
    F("detach,d", RA_BOOL, RA_OTHER),
    F("pid-file", RA_STRING, RA_PID_FILE),
    F("no-subreaper", RA_BOOL, RA_OTHER),
    F("no-pivot", RA_BOOL, RA_OTHER),
    F("empty-ns", RA_STRINGS, RA_OTHER),
    F("auto-dedup", RA_BOOL, RA_OTHER),
    F("lazy-pages", RA_BOOL, RA_OTHER),
    F("lsm-profile", RA_STRING, RA_LSM_PROFILE),
    F("lsm-mount-context", RA_STRING, RA_LSM_MOUNT_CONTEXT),
    F("help, h", RA_BOOL, RA_HELP),
    END,
};

static const struct ra_flag exec_flags[] = {
    F("console-socket", RA_STRING, RA_CONSOLE_SOCKET),
    F("cwd", RA_STRING, RA_OTHER),
    F("env, e", RA_STRINGS, RA_OTHER),
    F("tty, t", RA_BOOL, RA_OTHER),
    F("user, u", RA_STRING, RA_USER),
    F("additional-gids, g", RA_INT64S, RA_GIDS),
    F("process, p", RA_STRING, RA_PROCESS),
    F("detach,d", RA_BOOL, RA_OTHER),
    F("pid-file", RA_STRING, RA_PID_FILE),
    F("process-label", RA_STRING, RA_PROCESS_LABEL),
    F("apparmor", RA_STRING, RA_APPARMOR),
    F("no-new-privs", RA_BOOL, RA_NO_NEW_PRIVS),
    F("cap, c", RA_STRINGS, RA_CAP),
    F("preserve-fds", RA_INT, RA_OTHER),
    F("cgroup", RA_STRINGS, RA_OTHER),
    F("ignore-paused", RA_BOOL, RA_OTHER),
    F("help, h", RA_BOOL, RA_HELP),
    END,
};

/* The commands that pass through: their options are read only to find the arguments. */
static const struct ra_flag checkpoint_flags[] = {
    F("image-path", RA_STRING, RA_OTHER),
    F("work-path", RA_STRING, RA_OTHER),
    F("parent-path", RA_STRING, RA_OTHER),
    F("leave-running", RA_BOOL, RA_OTHER),
    F("tcp-established", RA_BOOL, RA_OTHER),
    F("ext-unix-sk", RA_BOOL, RA_OTHER),
    F("shell-job", RA_BOOL, RA_OTHER),
    F("lazy-pages", RA_BOOL, RA_OTHER),
    F("status-fd", RA_INT, RA_OTHER),
    F("page-server", RA_STRING, RA_OTHER),
    F("file-locks", RA_BOOL, RA_OTHER),
    F("pre-dump", RA_BOOL, RA_OTHER),
    F("manage-cgroups-mode", RA_STRING, RA_OTHER),
    F("empty-ns", RA_STRINGS, RA_OTHER),
    F("auto-dedup", RA_BOOL, RA_OTHER),
    F("help, h", RA_BOOL, RA_HELP),
    END,
};
static const struct ra_flag delete_flags[] = {F("force, f", RA_BOOL, RA_OTHER),
					      F("help, h", RA_BOOL, RA_HELP), END};
static const struct ra_flag kill_flags[] = {F("all, a", RA_BOOL, RA_OTHER),
					    F("help, h", RA_BOOL, RA_HELP), END};
static const struct ra_flag ps_flags[] = {F("format, f", RA_STRING, RA_OTHER),
					  F("help, h", RA_BOOL, RA_HELP), END};
static const struct ra_flag list_flags[] = {F("format, f", RA_STRING, RA_OTHER),
					    F("quiet, q", RA_BOOL, RA_OTHER),
					    F("help, h", RA_BOOL, RA_HELP), END};
static const struct ra_flag spec_flags[] = {F("bundle, b", RA_STRING, RA_OTHER),
					    F("rootless", RA_BOOL, RA_OTHER),
					    F("help, h", RA_BOOL, RA_HELP), END};
static const struct ra_flag events_flags[] = {F("interval", RA_STRING, RA_OTHER),
					      F("stats", RA_BOOL, RA_OTHER),
					      F("help, h", RA_BOOL, RA_HELP), END};
static const struct ra_flag update_flags[] = {
    F("resources, r", RA_STRING, RA_OTHER),
    F("blkio-weight", RA_INT, RA_OTHER),
    F("cpu-period", RA_STRING, RA_OTHER),
    F("cpu-quota", RA_STRING, RA_OTHER),
    F("cpu-share", RA_STRING, RA_OTHER),
    F("cpu-rt-period", RA_STRING, RA_OTHER),
    F("cpu-rt-runtime", RA_STRING, RA_OTHER),
    F("cpuset-cpus", RA_STRING, RA_OTHER),
    F("cpuset-mems", RA_STRING, RA_OTHER),
    F("kernel-memory", RA_STRING, RA_OTHER),
    F("kernel-memory-tcp", RA_STRING, RA_OTHER),
    F("memory", RA_STRING, RA_OTHER),
    F("memory-reservation", RA_STRING, RA_OTHER),
    F("memory-swap", RA_STRING, RA_OTHER),
    F("pids-limit", RA_INT, RA_OTHER),
    F("l3-cache-schema", RA_STRING, RA_OTHER),
    F("mem-bw-schema", RA_STRING, RA_OTHER),
    F("help, h", RA_BOOL, RA_HELP),
    END,
};
static const struct ra_flag help_only[] = {F("help, h", RA_BOOL, RA_HELP), END};

enum { ARGS_ANY = -1 };

static const struct ra_cmd {
	const char *name;
	const struct ra_flag *flags;
	bool gated, skip_reorder;
	int min_args, max_args; /* runc's checkArgs (ARGS_ANY: not checked here) */
} commands[] = {
    {"create", create_flags, true, false, 1, 1},
    {"run", run_flags, true, false, 1, 1},
    {"restore", restore_flags, true, false, 1, 1},
    {"exec", exec_flags, true, true, 1, ARGS_ANY},
    {"checkpoint", checkpoint_flags, false, false, 1, 1},
    {"delete", delete_flags, false, false, 1, 1},
    {"events", events_flags, false, false, 1, 1},
    {"kill", kill_flags, false, false, 1, 2},
    {"list", list_flags, false, false, 0, 0},
    {"pause", help_only, false, false, 1, 1},
    {"ps", ps_flags, false, true, 1, ARGS_ANY},
    {"resume", help_only, false, false, 1, 1},
    {"spec", spec_flags, false, false, 0, 0},
    {"start", help_only, false, false, 1, 1},
    {"state", help_only, false, false, 1, 1},
    {"update", update_flags, false, false, 1, 1},
    {"features", help_only, false, false, 0, 0},
};

int runc_parse_bool(const char *s)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcmp(s, yes[i]) == 0)
			return 1;
		if (strcmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

int runc_parse_int64(const char *s, long long *out)
{
	bool neg = s[0] == '-';
	const char *p = s + (s[0] == '-' || s[0] == '+');
	if (!*p)
		return -EINVAL;
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		unsigned d = (unsigned)(*p - '0');
		if (v > (limit - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(long long)v) : (long long)v;
	return 0;
}

/* Does name (len bytes) match one of the flag's comma-separated names (trimmed of spaces)? */
static bool flag_has(const struct ra_flag *f, const char *name, size_t len)
{
	for (const char *p = f->names; *p;) {
		size_t n = strcspn(p, ",");
		const char *b = p, *e = p + n;
		while (b < e && *b == ' ')
			b++;
		while (e > b && e[-1] == ' ')
			e--;
		if ((size_t)(e - b) == len && strncmp(b, name, len) == 0)
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

static const struct ra_flag *flag_find(const struct ra_flag *t, const char *name, size_t len)
{
	for (; t->names; t++)
		if (flag_has(t, name, len))
			return t;
	return NULL;
}

static int push_opt(struct runc_args *a, const struct ra_flag *f, const char *value, int at,
		    int value_at)
{
	struct ra_opt *n = realloc(a->opts, (a->nopts + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	a->opts = n;
	a->opts[a->nopts++] = (struct ra_opt){f, value, at, value_at};
	return 0;
}

/* Go's flag.FlagSet.Parse over the tokens argv[idx[0..n)]. Returns the position in idx where
 * the arguments start, or a negative errno. */
static int go_parse(const struct ra_flag *table, char **argv, const int *idx, int n,
		    struct runc_args *a, const char *what, struct error *err)
{
	int k = 0;
	while (k < n) {
		const char *s = argv[idx[k]];
		if (strlen(s) < 2 || s[0] != '-')
			break;
		int minuses = s[1] == '-' ? 2 : 1;
		if (minuses == 2 && !s[2]) {
			k++;
			break;
		}
		const char *name = s + minuses;
		if (!*name || *name == '-' || *name == '=')
			return error_set(err, -EINVAL, "%s: bad flag syntax: %s", what, s);
		const char *eq = strchr(name + 1, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct ra_flag *f = flag_find(table, name, len);
		if (!f)
			return error_set(err, -EINVAL, "%s: flag provided but not defined: -%.*s",
					 what, (int)len, name);
		int at = idx[k++], value_at = at;
		const char *value = eq ? eq + 1 : NULL;
		if (f->kind == RA_BOOL) {
			if (value && runc_parse_bool(value) < 0)
				return error_set(err, -EINVAL,
						 "%s: invalid boolean value '%s' for -%.*s", what,
						 value, (int)len, name);
		} else if (!value) {
			if (k >= n)
				return error_set(err, -EINVAL, "%s: flag needs an argument: -%.*s",
						 what, (int)len, name);
			value_at = idx[k++];
			value = argv[value_at];
		}
		if (f->kind == RA_INT64S) {
			long long v;
			if (runc_parse_int64(value, &v) < 0)
				return error_set(err, -EINVAL,
						 "%s: invalid value '%s' for flag -%.*s", what,
						 value, (int)len, name);
		}
		if (push_opt(a, f, value, at, value_at) < 0)
			return -ENOMEM;
	}
	return k;
}

/* The name an option was given by ("bundle" of "--bundle=x"), for normalizeFlags. */
static void opt_name(const char *tok, const char **name, size_t *len)
{
	*name = tok + (tok[1] == '-' ? 2 : 1);
	const char *eq = strchr(*name + 1, '=');
	*len = eq ? (size_t)(eq - *name) : strlen(*name);
}

/* urfave's normalizeFlags: a flag with aliases given under two of its names is an error. */
static int check_two_forms(const struct runc_args *a, size_t from, const char *what, char **argv,
			   struct error *err)
{
	for (size_t i = from; i < a->nopts; i++) {
		const char *n1, *n2;
		size_t l1, l2;
		opt_name(argv[a->opts[i].at], &n1, &l1);
		for (size_t j = i + 1; j < a->nopts; j++) {
			if (a->opts[j].flag != a->opts[i].flag)
				continue;
			opt_name(argv[a->opts[j].at], &n2, &l2);
			if (l1 != l2 || strncmp(n1, n2, l1) != 0)
				return error_set(err, -EINVAL,
						 "%s: Cannot use two forms of the same flag: %.*s "
						 "%.*s",
						 what, (int)l1, n1, (int)l2, n2);
		}
	}
	return 0;
}

/* urfave's reorderArgs over argv[from..argc): the new order, as indices (nonflags: room for them).
 */
static void reorder(char **argv, int from, int argc, int *out, int *nonflags)
{
	int nf = 0, nn = 0;
	bool read_value = false;
	for (int i = from; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0) {
			while (i < argc)
				nonflags[nn++] = i++;
			break;
		}
		if (read_value && s[0] != '-') {
			read_value = false;
			out[nf++] = i;
			continue;
		}
		read_value = false;
		if (strcmp(s, "-") != 0 && s[0] == '-') {
			out[nf++] = i;
			read_value = !strchr(s, '=');
		} else {
			nonflags[nn++] = i;
		}
	}
	memcpy(out + nf, nonflags, (size_t)nn * sizeof(*out));
}

static int parse_command(int argc, char **argv, const struct ra_cmd *c, struct runc_args *a,
			 struct error *err)
{
	int from = a->command_at + 1, n = argc - from;
	_cleanup_free_ int *idx = calloc((size_t)n + 1, sizeof(*idx));
	_cleanup_free_ int *tmp = calloc((size_t)n + 1, sizeof(*tmp));
	if (!idx || !tmp)
		return -ENOMEM;
	if (c->skip_reorder)
		for (int i = 0; i < n; i++)
			idx[i] = from + i;
	else
		reorder(argv, from, argc, idx, tmp);
	size_t first = a->nopts;
	int k = go_parse(c->flags, argv, idx, n, a, c->name, err);
	if (k < 0)
		return k;
	int r = check_two_forms(a, first, c->name, argv, err);
	if (r < 0)
		return r;
	a->pos = malloc(((size_t)(n - k) + 1) * sizeof(*a->pos));
	if (!a->pos)
		return -ENOMEM;
	for (int i = k; i < n; i++)
		a->pos[a->npos++] = idx[i];
	for (size_t i = first; i < a->nopts; i++)
		if (a->opts[i].flag->key == RA_HELP &&
		    (!a->opts[i].value || runc_parse_bool(a->opts[i].value) == 1))
			a->help = true;
	if ((int)a->npos < c->min_args || (c->max_args != ARGS_ANY && (int)a->npos > c->max_args))
		return error_set(err, -EINVAL,
				 "%s: takes %s%d argument%s, given %zu (runc reads: id%s)", c->name,
				 c->max_args == ARGS_ANY      ? "at least "
				 : c->min_args == c->max_args ? "exactly "
							      : "at most ",
				 c->max_args == ARGS_ANY ? c->min_args : c->max_args,
				 c->min_args == 1 && c->max_args == 1 ? "" : "s", a->npos,
				 c->skip_reorder ? " then the command" : "");
	return 0;
}

int runc_args_parse(int argc, char **argv, struct runc_args *a, struct error *err)
{
	*a = (struct runc_args){0};
	_cleanup_free_ int *idx = calloc((size_t)argc + 1, sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	for (int i = 1; i < argc; i++)
		idx[i - 1] = i;
	int k = go_parse(global_flags, argv, idx, argc - 1, a, "runc", err);
	if (k < 0)
		return k;
	int r = check_two_forms(a, 0, "runc", argv, err);
	if (r < 0)
		return r;
	a->nglobal = a->nopts;
	if (k >= argc - 1)
		return 0;
	a->command_at = idx[k];
	a->command = argv[a->command_at];
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i].name, a->command) != 0)
			continue;
		r = parse_command(argc, argv, &commands[i], a, err);
		a->gated = commands[i].gated;
		if (r < 0 && r != -ENOMEM && !a->gated)
			r = 0; /* runc refuses it, and nothing is judged */
		return r;
	}
	return 0;
}

void runc_args_free(struct runc_args *a)
{
	free(a->opts);
	free(a->pos);
	*a = (struct runc_args){0};
}

const char *runc_args_get(const struct runc_args *a, enum ra_key key, bool global)
{
	const char *v = NULL;
	size_t from = global ? 0 : a->nglobal, to = global ? a->nglobal : a->nopts;
	for (size_t i = from; i < to; i++)
		if (a->opts[i].flag->key == key)
			v = a->opts[i].value;
	return v;
}
