/* ctguard oci runtime (also run as `ctguard-runtime`): a wrapper runtime in front of runc.
 * For create and run it applies the policy of /etc/ctguard/runtime.yaml to the bundle's
 * config.json (enforce, reject or audit), then runs the real runtime with the original
 * arguments; every other command passes through untouched. Any failure refuses the launch
 * and leaves the bundle as it was. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "cli/cli.h"
#include "oci/runcargs.h"
#include "oci/oci.h"
#include "enforce/ocigate.h"
#include "oci/ocispec.h"
#include "enforce/pathtrust.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"
#include "lib/fileio.h"
#include "facts/factjson.h"
#include "policy/policy.h"
#include "seccomp/profile.h"
#include "policy/rtconfig.h"

#define ORIG_SUFFIX ".ctguard-orig"
#define MARK_KEY    "io.ctguard.runtime"
/* The private copies of judged configs runc is pointed at (root's; /run is normally tmpfs);
 * collected when their container is gone, after RT_PRIVATE_TTL seconds, once RT_PRIVATE_KEEP
 * have piled up. */
#define RT_PRIVATE_DIR	"/run/ctguard"
#define RT_PRIVATE_TTL	60
#define RT_PRIVATE_KEEP 64

enum { RT_REFUSED = 1 };

static const char rt_usage[] =
    "Usage: ctguard-runtime [RUNC-GLOBAL-OPTION...] COMMAND [ARG...]\n"
    "       ctguard oci runtime [RUNC-GLOBAL-OPTION...] COMMAND [ARG...]\n"
    "A wrapper runtime in front of runc (podman --runtime, Docker's and containerd's runtime\n"
    "handlers, CRI-O's runtime table). For 'create', 'run' and 'restore' it finds the bundle\n"
    "as runc does (--bundle/-b, else the working directory), applies the policy to its\n"
    "config.json and runs the real runtime with the same arguments, the bundle replaced by a\n"
    "private copy of the judged config (/run/ctguard/bundles/ID.XXXXXX); for 'exec' it judges\n"
    "the process to start (--process FILE, copied likewise, --user, --additional-gids, --cap,\n"
    "--apparmor, --process-label). A config runc would read differently (keys Go folds onto a\n"
    "field, duplicates, NUL, bad UTF-8, null objects) is refused, and so is a command line\n"
    "runc would refuse. Every other command passes through.\n\n"
    "Configuration: /etc/ctguard/runtime.yaml (--ctguard-config FILE, else the environment's\n"
    "CTGUARD_RUNTIME_CONFIG, overrides the path):\n"
    "  version: 1\n"
    "  runtime: /usr/sbin/runc   the real runtime (default: runc from PATH)\n"
    "  policy: restricted        a built-in policy (restricted, baseline) or a policy file\n"
    "  mode: enforce             enforce: rewrite config.json to comply, refuse what cannot be\n"
    "                            rewritten; reject: refuse a config that does not comply;\n"
    "                            audit: log only\n"
    "Without the file: runc, restricted, enforce. The rewritten config replaces config.json\n"
    "atomically; the original is kept as config.json" ORIG_SUFFIX ". Decisions go to\n"
    "syslog (ctguard-runtime, LOG_AUTHPRIV), runc's --log file and standard error (with\n"
    "--log, only refusals and warnings).\n\n"
    "  --ctguard-config FILE  this configuration instead (podman: --runtime-flag\n"
    "                    ctguard-config=FILE); removed before the real runtime runs\n"
    "  --ctguard-help    show this help\n"
    "  --ctguard-check   load the configuration, policy and seccomp profile, print them, exit\n"
    "  --ctguard-args    print the command, id, bundle and judged options as read, exit\n"
    "The command line is read as runc 1.1 reads it; for create, run, restore and exec an\n"
    "option runc does not know, or argv runc would refuse, is refused (exit 2).\n"
    "Exit status: the real runtime's; 1 the policy refused the container; 2 a bad configuration,\n"
    "policy or config.json; 3 the bundle could not be read or written, or the runtime run.\n";

struct rt_args {
	char **argv;	       /* the original arguments, argv[0] replaced when running */
	int argc;	       /* including argv[0] */
	struct runc_args ra;   /* argv as runc reads it (oci/runcargs.h) */
	const char *command;   /* create, run, state, ... (NULL: none, e.g. --version) */
	const char *bundle;    /* create/run/restore: --bundle value, else "." */
	const char *id;	       /* create/run/restore/exec: the container id */
	const char *log;       /* --log FILE */
	const char *logformat; /* --log-format text|json */
	const char *config;    /* --ctguard-config FILE */
	const char *root;      /* --root DIR (runc's state directory) */
	const char *process;   /* exec --process FILE (non-empty) */
	bool ctguard_help, ctguard_check, ctguard_args;
};

/* A bool option given (last occurrence true: "--x", "--x=true"). */
static bool opt_true(const struct runc_args *ra, enum ra_key key, bool global)
{
	bool on = false;
	size_t from = global ? 0 : ra->nglobal, to = global ? ra->nglobal : ra->nopts;
	for (size_t i = from; i < to; i++)
		if (ra->opts[i].flag->key == key)
			on = !ra->opts[i].value || runc_parse_bool(ra->opts[i].value) == 1;
	return on;
}

/* A string option as runc uses it: the last value, "" counting as not given. */
static const char *opt_str(const struct runc_args *ra, enum ra_key key, bool global)
{
	const char *v = runc_args_get(ra, key, global);
	return v && *v ? v : NULL;
}

/* The command line as runc reads it. Returns 0, or a negative errno with err set: argv that runc
 * would refuse, or read otherwise than the wrapper can (refused before anything runs). */
static int parse_args(int argc, char **argv, struct rt_args *a, struct error *err)
{
	a->argc = argc;
	a->argv = argv;
	a->bundle = ".";
	int r = runc_args_parse(argc, argv, &a->ra, err);
	const struct runc_args *ra = &a->ra;
	a->log = runc_args_get(ra, RA_LOG, true);
	a->logformat = runc_args_get(ra, RA_LOG_FORMAT, true);
	a->root = runc_args_get(ra, RA_ROOT, true);
	a->config = runc_args_get(ra, RA_CT_CONFIG, true);
	a->ctguard_help = opt_true(ra, RA_CT_HELP, true);
	a->ctguard_check = opt_true(ra, RA_CT_CHECK, true);
	a->ctguard_args = opt_true(ra, RA_CT_ARGS, true);
	a->command = ra->command;
	if (r < 0 || !ra->gated)
		return r;
	a->id = ra->npos ? argv[ra->pos[0]] : NULL;
	if (opt_str(ra, RA_BUNDLE, false))
		a->bundle = opt_str(ra, RA_BUNDLE, false);
	a->process = opt_str(ra, RA_PROCESS, false);
	return 0;
}

/* --ctguard-args: what the wrapper read, for tests and for people (nothing runs). */
static void print_args(const struct rt_args *a)
{
	const struct runc_args *ra = &a->ra;
	printf("command: %s\n", a->command ? a->command : "(none)");
	if (ra->help || opt_true(ra, RA_HELP, true) || opt_true(ra, RA_VERSION, true))
		printf("runs: nothing (help or version)\n");
	if (!ra->gated)
		return;
	printf("id: %s\n", a->id ? a->id : "(none)");
	if (strcmp(a->command, "exec") != 0)
		printf("bundle: %s\n", a->bundle);
	for (size_t i = ra->nglobal; i < ra->nopts; i++) {
		const struct ra_opt *o = &ra->opts[i];
		if (o->flag->key != RA_OTHER && o->flag->key != RA_BUNDLE &&
		    o->flag->key != RA_PID_FILE && o->flag->key != RA_CONSOLE_SOCKET)
			printf("option: %.*s = %s\n", (int)strcspn(o->flag->names, ","),
			       o->flag->names, o->value ? o->value : "true");
	}
}

/* Drops ctguard's own global options (podman --runtime-flag passes them to every call) from
 * nv, a copy of argv, so that the real runtime sees only its own. */
static void drop_ctguard_options(char **nv, const struct runc_args *ra)
{
	for (size_t k = 0; k < ra->nglobal; k++) {
		const struct ra_opt *o = &ra->opts[k];
		if (o->flag->key >= RA_CT_CONFIG && o->flag->key <= RA_CT_ARGS)
			nv[o->at] = nv[o->value_at] = NULL;
	}
}

/* CTGUARD_RUNTIME_TIMING=1: each phase's wall-clock and CPU time on standard error, for
 * bench/oci-runtime (what the gate costs a launch, and where). */
static struct {
	bool on;
	double wall, cpu;
} rt_clock;

static void rt_times(double *wall, double *cpu)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	*wall = (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	*cpu = (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void rt_phase(const char *what)
{
	if (!rt_clock.on)
		return;
	double wall, cpu;
	rt_times(&wall, &cpu);
	if (what)
		fprintf(stderr, "ctguard-runtime: timing: %-14s %7.3f ms wall %7.3f ms cpu\n", what,
			wall - rt_clock.wall, cpu - rt_clock.cpu);
	rt_clock.wall = wall;
	rt_clock.cpu = cpu;
}

/* Decisions go to stderr, syslog and runc's --log file (where podman and containerd look for
 * the reason a runtime failed). */
struct rt_log {
	const struct rt_args *a; /* its id (may be NULL) names the container, its log the file */
};

static void rt_say(const struct rt_log *l, int prio, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void rt_say(const struct rt_log *l, int prio, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	const char *level = prio <= LOG_ERR ? "error" : prio == LOG_WARNING ? "warning" : "info";
	_cleanup_buf_ struct buf safe = BUF_INIT;
	escape_term(&safe, msg);
	/* Called by an engine (it passes --log), changes and notes go to the log and syslog only:
	 * podman shows a runtime's standard error to the user even when the container starts. */
	if (prio <= LOG_WARNING || !l->a->log)
		fprintf(stderr, "ctguard-runtime: %s%s%s: %s\n", l->a->id ? l->a->id : "",
			l->a->id ? ": " : "", level, safe.data ? safe.data : "");
	syslog(LOG_AUTHPRIV | prio, "%s%s%s", l->a->id ? l->a->id : "", l->a->id ? ": " : "",
	       safe.data ? safe.data : "");
	if (!l->a->log)
		return;
	int fd = open(l->a->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return;
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	_cleanup_buf_ struct buf line = BUF_INIT;
	if (l->a->logformat && strcmp(l->a->logformat, "json") == 0) {
		buf_printf(&line, "{\"level\":\"%s\",\"msg\":\"", level);
		escape_json(&line, "ctguard-runtime: ");
		escape_json(&line, msg);
		buf_printf(&line, "\",\"time\":\"%s\"}\n", when);
	} else {
		buf_printf(&line, "time=\"%s\" level=%s msg=\"", when, level);
		escape_json(&line, "ctguard-runtime: ");
		escape_json(&line, msg);
		buf_puts(&line, "\"\n");
	}
	if (line.data && write(fd, line.data, line.len) < 0) {
		/* The log is a courtesy: stderr and syslog have it already. */
	}
	close(fd);
}

/* The real runtime: a path, or a name looked up in PATH; never ctguard itself. */
static int find_runtime(const char *name, char *out, size_t outsz, struct error *err)
{
	if (strchr(name, '/')) {
		snprintf(out, outsz, "%s", name);
	} else {
		const char *path = getenv("PATH");
		if (!path || !*path)
			path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
		bool found = false;
		while (*path && !found) {
			size_t len = strcspn(path, ":");
			snprintf(out, outsz, "%.*s/%s", (int)len, len ? path : ".", name);
			found = access(out, X_OK) == 0;
			path += len + (path[len] == ':');
		}
		if (!found)
			return error_set(err, -ENOENT, "runtime '%s' not found in PATH", name);
	}
	if (access(out, X_OK) < 0)
		return error_setn(err, -errno, "runtime '%s'", out);
	/* The same file (also through a hard link), in two stats rather than two realpaths. */
	struct stat self, real;
	if (stat("/proc/self/exe", &self) == 0 && stat(out, &real) == 0 &&
	    self.st_dev == real.st_dev && self.st_ino == real.st_ino)
		return error_set(err, -ELOOP,
				 "runtime '%s' is ctguard itself: set the real runtime (runc) in "
				 "the configuration",
				 out);
	return 0;
}

/* Writes o over path atomically (lib/fileio.h), with the file's own permissions. When keep_orig,
 * the original is kept as path + ORIG_SUFFIX, unless this file was written by ctguard already
 * and one is kept: the first original is the one worth keeping. */
static int write_json(const char *path, json_object *o, bool keep_orig, bool had_mark,
		      struct error *err)
{
	_cleanup_buf_ struct buf orig = BUF_INIT;
	if (buf_printf(&orig, "%s%s", path, ORIG_SUFFIX) < 0)
		return error_set(err, -ENOMEM, "out of memory");
	struct stat st;
	if (stat(path, &st) < 0)
		return error_setn(err, -errno, "'%s'", path);
	struct fileio_atomic a;
	int r = fileio_atomic_open(path, st.st_mode & 0777, &a, err);
	if (r < 0)
		return r;
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								 JSON_C_TO_STRING_NOSLASHESCAPE);
	bool keep = keep_orig && !(had_mark && access(orig.data, F_OK) == 0);
	return fileio_atomic_commit(&a, text, strlen(text), keep ? orig.data : NULL, err);
}

struct rt_setup {
	struct rt_config conf;
	struct launch_policy policy;
	struct profile *profile;
	bool conf_missing;
};

static void setup_free(struct rt_setup *s)
{
	rt_config_free(&s->conf);
	policy_free(&s->policy);
	if (s->profile)
		profile_free(s->profile);
}

/* Loads runtime.yaml, the policy and its seccomp profile. Returns 0 or an exit status. */
static int load_setup(struct rt_setup *s, const struct rt_log *l, bool need_policy)
{
	const char *path = l->a->config ? l->a->config : getenv("CTGUARD_RUNTIME_CONFIG");
	if (!path || !*path)
		path = RT_CONFIG_DEFAULT;
	struct diag d = {0};
	int r = rt_config_load(path, &s->conf, &d);
	if (r == -ENOENT) {
		s->conf_missing = true;
		r = rt_config_defaults(&s->conf);
	}
	rt_phase("runtime.yaml");
	if (r == 0 && need_policy && (r = policy_load(s->conf.policy, &s->policy, &d)) == 0) {
		rt_phase("policy");
		if (strcmp(s->policy.seccomp, "none") != 0)
			r = profile_load(s->policy.seccomp, &s->profile, &d);
		rt_phase("seccomp profile");
	}
	size_t said = 0;
	for (size_t i = 0; i < d.msgs.n; i++)
		if (!strstr(d.msgs.v[i], ": warning: ")) {
			rt_say(l, LOG_ERR, "%s", d.msgs.v[i]);
			said++;
		}
	diag_free(&d);
	if (r < 0 && !said)
		rt_say(l, LOG_ERR, "%s: %s", path, strerror(-r));
	return r < 0 ? EXIT_USAGE : 0;
}

/* Opens the container's root filesystem (root.path, relative to the bundle). */
static int open_rootfs(const struct oci_config *c)
{
	const char *root = oci_get_str(c->root, "root.path");
	if (!root)
		return -1;
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (root[0] == '/')
		buf_puts(&b, root);
	else
		buf_printf(&b, "%s/%s", c->bundle, root);
	return open(b.data, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* runc's container ids (libcontainer validateID): ^[\w+-\.]+$ -- the class holds the range
 * '+'..'.', so also ',' -- and never "." or "..". Only such an id names a private directory
 * (runc refuses the others itself). */
static bool rt_id_valid(const char *id)
{
	if (!id || !*id || strcmp(id, ".") == 0 || strcmp(id, "..") == 0 || strlen(id) > 200)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || (*p >= '+' && *p <= '.')))
			return false;
	return true;
}

/* Where the private copies live: root-owned tmpfs (or the caller's runtime directory when not
 * root, as runc's own state). */
static int private_base(struct buf *base, struct stat *st, struct error *err)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	if (geteuid() != 0 && xdg && xdg[0] == '/')
		buf_printf(base, "%s/ctguard", xdg);
	else
		buf_puts(base, RT_PRIVATE_DIR);
	if (!base->data)
		return error_set(err, -ENOMEM, "out of memory");
	mkdir(base->data, 0700);
	buf_puts(base, "/bundles");
	if (!base->data)
		return error_set(err, -ENOMEM, "out of memory");
	mkdir(base->data, 0700);
	/* Only ours: a directory (not a symlink) owned by this user that nobody else can write,
	 * so no one can swap the file runc is about to read. */
	if (lstat(base->data, st) < 0)
		return error_setn(err, -errno, "'%s'", base->data);
	if (!S_ISDIR(st->st_mode) || st->st_uid != geteuid() || (st->st_mode & 0077))
		return error_set(err, -EPERM,
				 "'%s' is not a private directory (a directory of uid %u, mode "
				 "0700)",
				 base->data, (unsigned)geteuid());
	return 0;
}

#define STATE_NOTE "runc-state"

static int private_note_state(const char *dir, const char *state)
{
	_cleanup_buf_ struct buf p = BUF_INIT;
	if (buf_printf(&p, "%s/" STATE_NOTE, dir) < 0)
		return -ENOMEM;
	_cleanup_close_ int fd =
	    open(p.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	size_t len = strlen(state);
	return fd >= 0 && write(fd, state, len) == (ssize_t)len ? 0 : -EIO;
}

static void private_remove(const char *dir)
{
	_cleanup_close_ int sub = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (sub >= 0) {
		unlinkat(sub, "config.json", 0);
		unlinkat(sub, "process.json", 0);
		unlinkat(sub, STATE_NOTE, 0);
	}
	rmdir(dir);
}

/* Is the container of the private bundle sub (an open directory) still known to runc? */
static bool private_in_use(int sub)
{
	_cleanup_close_ int fd = openat(sub, STATE_NOTE, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	char state[PATH_MAX];
	ssize_t n = fd >= 0 ? read(fd, state, sizeof(state) - 1) : -1;
	if (n <= 0)
		return false;
	state[n] = '\0';
	return access(state, F_OK) == 0;
}

/* Removes the private copies older than RT_PRIVATE_TTL seconds whose container runc no longer
 * knows: runc reads a config when it starts and again for every `exec` without --process (from
 * the bundle its state records), so a copy lives as long as its container; a launch still that
 * far from reading its copy has failed. Copies of launches under way are younger; a race
 * between two collectors only fails an unlink. At most once per RT_PRIVATE_TTL (the mtime of
 * base/.gc says when it last ran) and only once RT_PRIVATE_KEEP copies have piled up (st is the
 * base directory's; its link count is 2 plus its subdirectories): most launches pay one
 * fstatat, not a readdir. */
static void private_gc(const char *base, const struct stat *st)
{
	if (st->st_nlink < 2 + RT_PRIVATE_KEEP)
		return;
	_cleanup_buf_ struct buf stamp = BUF_INIT;
	struct stat sst;
	time_t now = time(NULL);
	if (buf_printf(&stamp, "%s/.gc", base) < 0 ||
	    (lstat(stamp.data, &sst) == 0 && sst.st_mtime > now - RT_PRIVATE_TTL))
		return;
	int sfd = open(stamp.data, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (sfd < 0)
		return;
	futimens(sfd, NULL);
	close(sfd);
	_cleanup_close_ int dfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d)
		return;
	TAKE_FD(dfd);
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat est;
		if (e->d_name[0] == '.' ||
		    fstatat(dirfd(d), e->d_name, &est, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(est.st_mode) || est.st_mtime > now - RT_PRIVATE_TTL)
			continue;
		int sub =
		    openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (sub < 0)
			continue;
		bool keep = private_in_use(sub);
		if (!keep) {
			unlinkat(sub, "config.json", 0);
			unlinkat(sub, "process.json", 0);
			unlinkat(sub, STATE_NOTE, 0);
		}
		close(sub);
		if (!keep)
			unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

/* Writes o as base/ID.XXXXXX/name, a directory made for this launch only (mode 0700, O_EXCL
 * file): the copy runc reads is the judged object, whatever happens to the engine's file.
 * No fsync: /run is normally tmpfs, and after a crash the launch is gone too. Sets *path (the
 * directory for config.json, the file otherwise). */
static int private_write(const char *id, const char *state, json_object *o, const char *name,
			 struct buf *path, struct error *err)
{
	_cleanup_buf_ struct buf base = BUF_INIT;
	struct stat st;
	int r = private_base(&base, &st, err);
	if (r < 0)
		return r;
	private_gc(base.data, &st);
	if (buf_printf(path, "%s/%s.XXXXXX", base.data, rt_id_valid(id) ? id : "container") < 0)
		return error_set(err, -ENOMEM, "out of memory");
	if (!mkdtemp(path->data))
		return error_setn(err, -errno, "creating a private bundle in '%s'", base.data);
	size_t dirlen = path->len;
	buf_printf(path, "/%s", name);
	if (!path->data)
		return error_set(err, -ENOMEM, "out of memory");
	int fd = open(path->data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return error_setn(err, -errno, "'%s'", path->data);
	size_t len;
	const char *text = json_object_to_json_string_length(
	    o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	ssize_t w = text ? write(fd, text, len) : -1;
	r = w == (ssize_t)len ? 0 : w < 0 ? -errno : -EIO;
	close(fd);
	if (r < 0) {
		unlink(path->data);
		path->data[dirlen] = '\0';
		rmdir(path->data);
		return error_setn(err, text ? r : -ENOMEM, "writing a private copy of %s", name);
	}
	if (strcmp(name, "config.json") == 0) {
		path->len = dirlen;
		path->data[dirlen] = '\0';
		/* runc reads this config again for every `exec` without --process: the copy lives
		 * as long as the container, whose runc state file is named here for the collector.
		 */
		if (state && private_note_state(path->data, state) < 0) {
			private_remove(path->data);
			return error_set(err, -EIO, "writing the private bundle's state note");
		}
	}
	return 0;
}

/* Sets the option value value_at (a pointer into one of argv's strings, as parse_args recorded
 * it: the whole token or the part after '=') to repl in nv, runc's argv (argc + 3 slots, NULL
 * where a token is dropped); when value_at points into none of them (the bundle defaulted to
 * the working directory), "OPT repl" is inserted after the command. The strings live until
 * exec. Returns 0 or -ENOMEM. */
static int nv_set_value(const struct rt_args *a, char **nv, const char *value_at, const char *opt,
			const char *repl)
{
	for (int i = 0; i < a->argc; i++) {
		size_t len = strlen(a->argv[i]);
		if (value_at < a->argv[i] || value_at > a->argv[i] + len)
			continue;
		_cleanup_buf_ struct buf b = BUF_INIT;
		buf_printf(&b, "%.*s%s", (int)(value_at - a->argv[i]), a->argv[i], repl);
		if (!b.data)
			return -ENOMEM;
		nv[i] = buf_steal(&b);
		return 0;
	}
	int at = a->ra.command_at;
	char *copy = strdup(repl);
	if (!copy || at <= 0 || at >= a->argc)
		return free(copy), -ENOMEM;
	memmove(nv + at + 3, nv + at + 1, (size_t)(a->argc - at - 1) * sizeof(*nv));
	nv[at + 1] = (char *)opt;
	nv[at + 2] = copy;
	return 0;
}

/* Hands runc a private copy of o (config.json of a create/run/restore, or an exec's
 * process.json) in place of the engine's file. */
static int hand_over(const struct rt_args *a, const struct rt_log *l, json_object *o,
		     const char *name, char **nv)
{
	_cleanup_buf_ struct buf path = BUF_INIT;
	struct error err = {0};
	bool config = strcmp(name, "config.json") == 0;
	/* runc's state file of this container: ROOT/ID/state.json (ROOT: --root, else runc's
	 * default, /run/runc as root and $XDG_RUNTIME_DIR/runc otherwise). */
	_cleanup_buf_ struct buf state = BUF_INIT;
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	char root[PATH_MAX];
	const char *r = a->root && *a->root		  ? a->root
			: geteuid() == 0 || !xdg || !*xdg ? "/run/runc"
							  : NULL;
	if (r && realpath(r, root))
		r = root;
	if (config && rt_id_valid(a->id) &&
	    (r ? buf_printf(&state, "%s/%s/state.json", r, a->id)
	       : buf_printf(&state, "%s/runc/%s/state.json", xdg, a->id)) < 0) {
		rt_say(l, LOG_ERR, "refused: out of memory");
		return EXIT_UNREADABLE;
	}
	if (private_write(a->id, state.data, o, name, &path, &err) < 0) {
		rt_say(l, LOG_ERR, "refused: %s", err.msg);
		return EXIT_UNREADABLE;
	}
	/* No bundle given but "--bundle=" or "-b ''" (runc: "" is the working directory): those
	 * go, or the last of them would win over the inserted --bundle and runc would read the
	 * engine's config.json again, not the judged copy. */
	for (size_t i = a->ra.nglobal;
	     config && !opt_str(&a->ra, RA_BUNDLE, false) && i < a->ra.nopts; i++)
		if (a->ra.opts[i].flag->key == RA_BUNDLE)
			nv[a->ra.opts[i].at] = nv[a->ra.opts[i].value_at] = NULL;
	if (nv_set_value(a, nv, config ? a->bundle : a->process, config ? "--bundle" : "--process",
			 path.data) < 0) {
		rt_say(l, LOG_ERR, "refused: out of memory");
		return EXIT_UNREADABLE;
	}
	return 0;
}

/* Logs the decisions; returns 0 (go on) or RT_REFUSED. */
static int verdict(const struct rt_setup *s, const struct rt_log *l, const struct oci_decisions *d)
{
	bool audit = s->conf.mode == RT_MODE_AUDIT;
	for (size_t i = 0; i < d->changed.n; i++)
		rt_say(l, LOG_NOTICE, "%s", d->changed.v[i]);
	for (size_t i = 0; i < d->notes.n; i++)
		rt_say(l, LOG_INFO, "%s", d->notes.v[i]);
	for (size_t i = 0; i < d->violations.n; i++)
		rt_say(l, audit ? LOG_WARNING : LOG_ERR, "%s%s",
		       audit ? "policy violation (audit mode, allowed): " : "", d->violations.v[i]);
	if (!d->violations.n || audit)
		return 0;
	rt_say(l, LOG_ERR, "refused by policy '%s' (%s mode): %zu violation%s", s->policy.file,
	       rt_mode_name(s->conf.mode), d->violations.n, d->violations.n == 1 ? "" : "s");
	return RT_REFUSED;
}

/* create/run: the gate. runc is handed a private copy of the judged config (nv gets the
 * arguments naming it). Returns 0 (go on with the real runtime) or an exit status. */
static int gate(const struct rt_args *a, struct rt_setup *s, struct rt_log *l, char **nv)
{
	struct oci_config c;
	struct error err = {0};
	int r = oci_config_load(a->bundle, &c, &err);
	if (r == 0)
		r = oci_config_resolve(&c, &err);
	rt_phase("config.json");
	if (r < 0) {
		rt_say(l, LOG_ERR, "refused: %s", err.msg);
		oci_config_free(&c);
		return r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
	}
	bool had_mark = oci_get_str(c.root, "annotations." MARK_KEY) != NULL;
	struct oci_gate g = {
	    .policy = &s->policy,
	    .profile = s->profile,
	    .mode = s->conf.mode,
	    .rootfd = open_rootfs(&c),
	    .lsm_profile = opt_str(&a->ra, RA_LSM_PROFILE, false),
	    .lsm_mount_context = opt_str(&a->ra, RA_LSM_MOUNT_CONTEXT, false),
	};
	struct oci_decisions d = {0};
	r = oci_gate_apply(&g, c.root, &d, &err);
	if (g.rootfd >= 0)
		close(g.rootfd);
	rt_phase("judge");
	int status = 0;
	if (r < 0) {
		rt_say(l, LOG_ERR, "refused: %s", err.msg);
		status = EXIT_USAGE;
		goto out;
	}
	const char *mode = rt_mode_name(s->conf.mode);
	if ((status = verdict(s, l, &d)))
		goto out;
	if (s->conf.mode == RT_MODE_ENFORCE && d.changed.n) {
		char mark[512];
		snprintf(mark, sizeof(mark), "policy=%s mode=%s changes=%zu", s->policy.file, mode,
			 d.changed.n);
		json_object *ann = oci_ensure_obj(c.root, "annotations");
		if (!ann ||
		    json_object_object_add(ann, MARK_KEY, json_object_new_string(mark)) < 0 ||
		    write_json(c.path, c.root, true, had_mark, &err) < 0) {
			rt_say(l, LOG_ERR, "refused: %s", err.msg[0] ? err.msg : "out of memory");
			status = EXIT_UNREADABLE;
			goto out;
		}
		rt_say(l, LOG_NOTICE, "config.json rewritten (%zu change%s; original kept as %s%s)",
		       d.changed.n, d.changed.n == 1 ? "" : "s", c.path, ORIG_SUFFIX);
		rt_phase("engine's copy");
	}
	status = hand_over(a, l, c.root, "config.json", nv);
	rt_phase("private copy");
out:
	oci_decisions_free(&d);
	oci_config_free(&c);
	return status;
}

/* The root filesystem of a running container, from runc's state (ROOT/ID/state.json). */
static int container_rootfs(const struct rt_args *a)
{
	if (!a->id || strchr(a->id, '/') || strcmp(a->id, "..") == 0 || strcmp(a->id, ".") == 0)
		return -1;
	_cleanup_buf_ struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s/state.json", a->root ? a->root : "/run/runc", a->id);
	json_object *st = NULL;
	struct error err = {0};
	if (json_doc_load(path.data, OCI_CONFIG_MAX, &st, &err) < 0)
		return -1;
	const char *rootfs = oci_get_str(st, "config.rootfs");
	int fd = rootfs ? open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	json_object_put(st);
	return fd;
}

/* exec --process FILE: the process podman (or containerd) asks runc to start in a running
 * container, judged and rewritten like a config's process. */
static int gate_exec_file(const struct rt_args *a, struct rt_setup *s, const struct rt_log *l,
			  int rootfd, char **nv)
{
	json_object *proc = NULL;
	struct error err = {0};
	int r = oci_json_load(a->process, &ocispec_process, &proc, &err);
	if (r < 0) {
		rt_say(l, LOG_ERR, "refused: %s", err.msg);
		return r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
	}
	json_object *wrap = json_object_new_object();
	int status = 0;
	if (!wrap || json_object_object_add(wrap, "ociVersion", json_object_new_string("")) < 0 ||
	    json_object_object_add(wrap, "process", proc) < 0) {
		json_object_put(proc);
		rt_say(l, LOG_ERR, "refused: out of memory");
		status = EXIT_UNREADABLE;
		goto out;
	}
	if (!json_object_is_type(proc, json_type_object) ||
	    oci_config_check(wrap, a->process, &err) < 0) {
		rt_say(l, LOG_ERR, "refused: %s",
		       err.msg[0] ? err.msg : "the --process file is not a JSON object");
		status = EXIT_USAGE;
		goto out;
	}
	struct oci_gate g = {
	    .policy = &s->policy, .mode = s->conf.mode, .rootfd = rootfd, .process_only = true};
	struct oci_decisions d = {0};
	if (oci_gate_apply(&g, wrap, &d, &err) < 0) {
		rt_say(l, LOG_ERR, "refused: %s", err.msg);
		status = EXIT_UNREADABLE;
	} else if (!(status = verdict(s, l, &d)) && s->conf.mode == RT_MODE_ENFORCE &&
		   d.changed.n && write_json(a->process, proc, false, false, &err) < 0) {
		rt_say(l, LOG_ERR, "refused: %s", err.msg);
		status = EXIT_UNREADABLE;
	}
	if (!status)
		status = hand_over(a, l, proc, "process.json", nv);
	oci_decisions_free(&d);
out:
	json_object_put(wrap);
	return status;
}

/* Go's strconv.Atoi then uint32(): how runc turns exec --user's parts into ids (so
 * "4294967296" is 0). Returns 0 or -EINVAL. */
static int runc_id(const char *s, size_t len, uint32_t *out)
{
	char buf[32];
	long long v;
	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (runc_parse_int64(buf, &v) < 0)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/* The config's user or group where exec's command line gives none (judged at create). */
#define EXEC_STANDIN_ID 65534

/* exec --user UID[:GID] as runc reads it; gid is left alone without ":GID". */
static int user_ids(const char *v, uint32_t *uid, uint32_t *gid)
{
	const char *colon = strchr(v, ':');
	size_t ulen = colon ? (size_t)(colon - v) : strlen(v);
	if (runc_id(v, ulen, uid) < 0 || (colon && runc_id(colon + 1, strlen(colon + 1), gid) < 0))
		return -EINVAL;
	return 0;
}

/* exec's process from the command line, as far as the command line decides it (runc takes the
 * rest from the container's config.json, judged at create): without --user the config's user
 * applies, stood in for by a non-root uid and gid; without --no-new-privs the config's
 * no_new_privs (judged at create), stood in for by true. */
static int exec_process(const struct rt_args *a, json_object *wrap, struct error *err)
{
	bool ok = true;
	const struct runc_args *ra = &a->ra;
	json_object *proc = oci_put(wrap, "process", json_object_new_object(), &ok);
	json_object *user = oci_put(proc, "user", json_object_new_object(), &ok);
	/* runc's getProcess: context.IsSet("no-new-privs") overrides the config's value, so
	 * "--no-new-privs=false" clears the no_new_privs judged at create. */
	bool nnp = true;
	for (size_t i = ra->nglobal; i < ra->nopts; i++)
		if (ra->opts[i].flag->key == RA_NO_NEW_PRIVS)
			nnp = !ra->opts[i].value || runc_parse_bool(ra->opts[i].value) == 1;
	oci_put(proc, "noNewPrivileges", json_object_new_boolean(nnp), &ok);
	uint32_t uid = EXEC_STANDIN_ID, gid = EXEC_STANDIN_ID;
	const char *v = opt_str(ra, RA_USER, false);
	if (v && user_ids(v, &uid, &gid) < 0)
		return error_set(err, -EINVAL, "exec --user '%s' is not UID[:GID]", v);
	oci_put(user, "uid", json_object_new_int64(uid), &ok);
	oci_put(user, "gid", json_object_new_int64(gid), &ok);
	json_object *gids = oci_put(user, "additionalGids", json_object_new_array(), &ok);
	json_object *caps = oci_put(proc, "capabilities", json_object_new_object(), &ok);
	json_object *capl = oci_put(caps, "bounding", json_object_new_array(), &ok);
	for (size_t i = ra->nglobal; i < ra->nopts; i++) {
		const struct ra_opt *o = &ra->opts[i];
		long long g;
		if (o->flag->key == RA_CAP)
			oci_push(capl, json_object_new_string(o->value), &ok);
		if (o->flag->key != RA_GIDS)
			continue;
		if (runc_parse_int64(o->value, &g) < 0 || g < 0)
			return error_set(err, -EINVAL, "exec --additional-gids '%s' is not a gid",
					 o->value);
		oci_push(gids, json_object_new_int64((uint32_t)g), &ok);
	}
	if ((v = opt_str(ra, RA_APPARMOR, false)))
		oci_put(proc, "apparmorProfile", json_object_new_string(v), &ok);
	if ((v = opt_str(ra, RA_PROCESS_LABEL, false)))
		oci_put(proc, "selinuxLabel", json_object_new_string(v), &ok);
	return ok ? 0 : error_set(err, -ENOMEM, "out of memory");
}

static bool gids_has(json_object *list, uint32_t gid)
{
	for (size_t i = 0; list && i < json_object_array_length(list); i++)
		if ((uint32_t)json_object_get_int64(json_object_array_get_idx(list, i)) == gid)
			return true;
	return false;
}

/* What enforce mode does to one exec option, given the process as the gate rewrote it:
 * NULL keeps it, "" drops it (and its value), anything else is its new value. */
static const char *exec_fix(const struct ra_opt *o, json_object *wrap, uint64_t kept, char *buf,
			    size_t bufsz)
{
	long long g;
	const char *now;
	switch (o->flag->key) {
	case RA_USER: {
		/* Rewritten only when the gate changed it: "1000" (the config's gid, stood in
		 * for) stays as it was. */
		uint32_t uid = 0, gid = 0, ouid = 0, ogid = EXEC_STANDIN_ID;
		oci_get_u32(wrap, "process.user.uid", &uid);
		oci_get_u32(wrap, "process.user.gid", &gid);
		if (!*o->value || user_ids(o->value, &ouid, &ogid) < 0 ||
		    (uid == ouid && gid == ogid))
			return NULL;
		snprintf(buf, bufsz, "%u:%u", uid, gid);
		return buf;
	}
	case RA_GIDS:
		runc_parse_int64(o->value, &g);
		return gids_has(oci_get(wrap, "process.user.additionalGids"), (uint32_t)g) ? NULL
											   : "";
	case RA_CAP: {
		int bit = caps_from_name(o->value);
		return bit >= 0 && bit < 64 && (kept & (UINT64_C(1) << bit)) ? NULL : "";
	}
	case RA_NO_NEW_PRIVS: {
		/* Dropped when false and the gate set it: the config's (judged) value applies. */
		bool on = !o->value || runc_parse_bool(o->value) == 1, set = false;
		json_object *v = oci_get(wrap, "process.noNewPrivileges");
		set = v && json_object_get_boolean(v);
		return on || !set ? NULL : "";
	}
	case RA_APPARMOR:
	case RA_PROCESS_LABEL:
		if (!*o->value)
			return NULL;
		now = oci_get_str(wrap, o->flag->key == RA_APPARMOR ? "process.apparmorProfile"
								    : "process.selinuxLabel");
		return !now ? "" : strcmp(now, o->value) == 0 ? NULL : now;
	default:
		return NULL;
	}
}

/* Enforce mode: exec's command line with each option the gate changed rewritten or dropped (the
 * option's own spelling kept: "-u=V", "--user V"). Every string lives on into runc's argv. */
static int exec_rewrite(const struct rt_args *a, json_object *wrap, uint64_t kept, char **nv)
{
	const struct runc_args *ra = &a->ra;
	for (size_t i = ra->nglobal; i < ra->nopts; i++) {
		const struct ra_opt *o = &ra->opts[i];
		char buf[64];
		const char *fix = exec_fix(o, wrap, kept, buf, sizeof(buf));
		if (!fix)
			continue;
		if (!*fix) {
			nv[o->at] = nv[o->value_at] = NULL;
			continue;
		}
		_cleanup_buf_ struct buf tok = BUF_INIT;
		if (o->value_at == o->at)
			buf_printf(&tok, "%.*s%s", (int)(o->value - a->argv[o->at]), a->argv[o->at],
				   fix);
		else
			buf_puts(&tok, fix);
		if (!tok.data || !(nv[o->value_at] = strdup(tok.data)))
			return -ENOMEM;
	}
	return 0;
}

/* exec without --process: the process the command line asks for (--user, --additional-gids,
 * --cap, --apparmor, --process-label). In enforce mode the command line is rewritten in nv (a
 * copy of argv, NULL where a token is dropped). */
static int gate_exec_args(const struct rt_args *a, struct rt_setup *s, const struct rt_log *l,
			  int rootfd, char **nv)
{
	json_object *wrap = json_object_new_object();
	struct error err = {0};
	int r = wrap ? exec_process(a, wrap, &err) : error_set(&err, -ENOMEM, "out of memory");
	if (r < 0) {
		json_object_put(wrap);
		rt_say(l, LOG_ERR, "refused: %s", err.msg);
		return r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
	}
	struct oci_gate g = {.policy = &s->policy,
			     .mode = s->conf.mode,
			     .rootfd = rootfd,
			     .process_only = true,
			     .process_from_argv = true};
	struct oci_decisions d = {0};
	int status = 0;
	if (oci_gate_apply(&g, wrap, &d, &err) < 0) {
		rt_say(l, LOG_ERR, "refused: %s", err.msg);
		status = EXIT_UNREADABLE;
	} else if (!(status = verdict(s, l, &d)) && s->conf.mode == RT_MODE_ENFORCE &&
		   d.changed.n && exec_rewrite(a, wrap, s->policy.caps_keep, nv) < 0) {
		rt_say(l, LOG_ERR, "refused: out of memory");
		status = EXIT_UNREADABLE;
	}
	oci_decisions_free(&d);
	json_object_put(wrap);
	return status;
}

static int gate_exec(struct rt_args *a, struct rt_setup *s, struct rt_log *l, char **nv)
{
	int rootfd = container_rootfs(a);
	int status =
	    a->process ? gate_exec_file(a, s, l, rootfd, nv) : gate_exec_args(a, s, l, rootfd, nv);
	if (rootfd >= 0)
		close(rootfd);
	return status;
}

/* --pid-file and --console-socket: runc writes its pid file (a temporary beside it, renamed
 * over it) and connects to the socket by path, as root. Another user able to swap a directory
 * on the way decides which file that is (the bind-source race). Returns 0 or RT_REFUSED. */
static int check_runc_paths(const struct rt_args *a, const struct rt_setup *s,
			    const struct rt_log *l)
{
	static const struct {
		enum ra_key key;
		const char *opt, *use;
	} files[] = {{RA_PID_FILE, "--pid-file", "writes"},
		     {RA_CONSOLE_SOCKET, "--console-socket", "opens"}};
	int status = 0;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		const char *v = opt_str(&a->ra, files[i].key, false);
		char cwd[PATH_MAX], abs[2 * PATH_MAX];
		if (!v)
			continue;
		if (v[0] != '/' && !getcwd(cwd, sizeof(cwd)))
			snprintf(cwd, sizeof(cwd), "/nonexistent");
		snprintf(abs, sizeof(abs), "%s%s%s", v[0] == '/' ? "" : cwd, v[0] == '/' ? "" : "/",
			 v);
		struct error err = {0};
		if (pathtrust_check(abs, geteuid(), &err) == 0)
			continue;
		bool audit = s->conf.mode == RT_MODE_AUDIT;
		rt_say(l, audit ? LOG_WARNING : LOG_ERR,
		       "%s%s %s could be another file when runc %s it: %s",
		       audit ? "audit mode, allowed: " : "refused: ", files[i].opt, v, files[i].use,
		       err.msg);
		if (!audit)
			status = RT_REFUSED;
	}
	return status;
}

static int check_setup(struct rt_setup *s, const struct rt_log *l)
{
	char runtime[PATH_MAX];
	struct error err = {0};
	int r = find_runtime(s->conf.runtime, runtime, sizeof(runtime), &err);
	printf("configuration: %s%s\nruntime: %s", s->conf.file,
	       s->conf_missing ? " (no file: the defaults)" : "", s->conf.runtime);
	if (r == 0)
		printf(" (%s)\n", runtime);
	else
		printf(" (not usable: %s)\n", err.msg);
	printf("policy: %s\nmode: %s\nseccomp: %s\n", s->policy.file, rt_mode_name(s->conf.mode),
	       s->profile ? s->profile->file : "none");
	if (r < 0)
		rt_say(l, LOG_ERR, "%s", err.msg);
	return r < 0 ? EXIT_USAGE : EXIT_OK;
}

int cli_oci_runtime(int argc, char **argv)
{
	const char *timing = getenv("CTGUARD_RUNTIME_TIMING");
	rt_clock.on = timing && strcmp(timing, "1") == 0;
	if (rt_clock.on) {
		/* CPU since the fork that made this process (CPU time survives exec): the
		 * caller's child side, exec, dynamic linking, ctguard's startup. */
		rt_times(&rt_clock.wall, &rt_clock.cpu);
		fprintf(stderr, "ctguard-runtime: timing: %-14s %7s    wall %7.3f ms cpu\n",
			"since fork", "-", rt_clock.cpu);
	}
	struct rt_args a = {0};
	struct error perr = {0};
	int pr = parse_args(argc, argv, &a, &perr);
	struct rt_log l = {.a = &a};
	int status = EXIT_OK;
	if (a.ctguard_help) {
		fputs(rt_usage, stdout);
		goto done;
	}
	openlog("ctguard-runtime", LOG_PID, LOG_AUTHPRIV);
	if (pr < 0) {
		/* Argv runc would refuse or that this wrapper cannot read as runc does: nothing
		 * is judged on a guess. */
		rt_say(&l, LOG_ERR, "refused: %s", pr == -ENOMEM ? "out of memory" : perr.msg);
		status = pr == -ENOMEM ? EXIT_UNREADABLE : EXIT_USAGE;
		goto done;
	}
	if (a.ctguard_args) {
		print_args(&a);
		goto done;
	}
	/* runc --help, --version or COMMAND --help: runc prints and runs nothing */
	bool help =
	    a.ra.help || opt_true(&a.ra, RA_HELP, true) || opt_true(&a.ra, RA_VERSION, true);
	bool gated = a.ra.gated && strcmp(a.command, "exec") != 0 && !help;
	bool exec = a.ra.gated && strcmp(a.command, "exec") == 0 && !help;
	struct rt_setup s = {0};
	status = load_setup(&s, &l, gated || exec || a.ctguard_check);
	if (status == 0 && a.ctguard_check)
		status = check_setup(&s, &l);
	if (status || a.ctguard_check)
		goto out;
	char runtime[PATH_MAX];
	struct error err = {0};
	if (find_runtime(s.conf.runtime, runtime, sizeof(runtime), &err) < 0) {
		rt_say(&l, LOG_ERR, "%s%s", gated ? "refused: " : "", err.msg);
		status = EXIT_UNREADABLE;
		goto out;
	}
	if ((gated || exec) && (status = check_runc_paths(&a, &s, &l)))
		goto out;
	/* runc's argv: the original, less ctguard's options, with the gate's rewrites (two more
	 * slots for an inserted --bundle) */
	char **run = calloc((size_t)argc + 3, sizeof(*run));
	if (!run) {
		rt_say(&l, LOG_ERR, "refused: out of memory");
		status = EXIT_UNREADABLE;
		goto out;
	}
	memcpy(run, argv, (size_t)argc * sizeof(*run));
	drop_ctguard_options(run, &a.ra);
	if ((gated && (status = gate(&a, &s, &l, run))) ||
	    (exec && (status = gate_exec(&a, &s, &l, run)))) {
		free(run);
		goto out;
	}
	int n = 0;
	for (int i = 0; i < argc + 2; i++)
		if (run[i])
			run[n++] = run[i];
	run[n] = NULL;
	setup_free(&s);
	closelog();
	run[0] = runtime;
	rt_phase("until exec");
	execv(runtime, run);
	rt_say(&l, LOG_ERR, "running '%s': %s", runtime, strerror(errno));
	runc_args_free(&a.ra);
	return EXIT_UNREADABLE;
out:
	setup_free(&s);
done:
	closelog();
	runc_args_free(&a.ra);
	return status;
}
