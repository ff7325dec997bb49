/* ctguard run: launches a command under a policy, in place (same pid), failing closed. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "cli/cli.h"
#include "enforce/launch.h"
#include "enforce/learn.h"
#include "seccomp/learnrec.h"
#include "lib/buf.h"
#include "lib/fileio.h"
#include "lib/cleanup.h"
#include "policy/policy.h"
#include "seccomp/profile.h"

/* The conventions of env, chroot and timeout. */
enum { EXIT_RUN_FAILED = 125, EXIT_CANNOT_EXEC = 126, EXIT_NOT_FOUND = 127 };

const char cli_run_usage[] =
    "Usage: ctguard run [--policy P] [--explain] [--check] [OPTION...] -- CMD [ARG...]\n"
    "       ctguard run --learn OUT.yaml [--policy P] [OPTION...] -- CMD [ARG...]\n"
    "Runs CMD in place (same pid) with no more than policy P allows (default: the built-in\n"
    "'restricted'): rlimits, non-dumpable, AppArmor on exec, bounding set, locked securebits,\n"
    "groups/gid/uid, capability sets, ambient, no_new_privs, Landlock, fds from 3 up closed\n"
    "on exec, seccomp last; then /proc/self/status is checked against the plan and CMD is\n"
    "executed. If any step fails, CMD is not executed.\n"
    "  --policy P            built-in name (restricted, baseline) or policy file\n"
    "  --explain             print the ordered plan and the values each step sets; change nothing\n"
    "  --check               only validate the policy (errors as file:line:column, exit 2)\n"
    "  --learn OUT.yaml      learn a seccomp profile: CMD runs in a child under every step of\n"
    "                        the policy, except that its seccomp profile is replaced by a\n"
    "                        filter that records each syscall of CMD and of every process it\n"
    "                        starts and lets it continue; once all have exited, OUT is\n"
    "                        replaced atomically by a profile that allows what they called\n"
    "                        (whatever CMD's exit status; not if the launch itself failed)\n"
    "Overrides of the policy, for one-off use:\n"
    "  --user U, --group G   name (from /etc/passwd, /etc/group) or number\n"
    "  --groups G,...        supplementary groups ('' for none)\n"
    "  --cap-keep CAP,...    capabilities kept ('' or none for none)\n"
    "  --seccomp PROFILE     built-in profile, a profile file, or none\n"
    "  --seccomp-mode M      enforce or log\n"
    "  --allow-root          allow uid 0\n"
    "  --keep-fd N           keep fd N open across exec (repeatable)\n"
    "  --rlimit NAME=N       set a limit, soft and hard (repeatable; N or unlimited)\n"
    "  --env-clear           start from an empty environment\n"
    "  --env-keep NAME       with --env-clear, keep NAME (repeatable)\n"
    "  --env-set NAME=VALUE  set a variable (repeatable)\n"
    "  --landlock-read PATH, --landlock-write PATH   confine with Landlock (repeatable)\n"
    "Exit status: CMD's; 125 when ctguard or a step fails, 126 when CMD cannot be executed,\n"
    "127 when it is not found; with --check, 2 when the policy is invalid; with --learn and\n"
    "CMD killed by a signal, 128 + its number.\n";

enum {
	OPT_POLICY = 256,
	OPT_EXPLAIN,
	OPT_CHECK,
	OPT_LEARN,
	OPT_USER,
	OPT_GROUP,
	OPT_GROUPS,
	OPT_CAP_KEEP,
	OPT_SECCOMP,
	OPT_SECCOMP_MODE,
	OPT_ALLOW_ROOT,
	OPT_KEEP_FD,
	OPT_RLIMIT,
	OPT_ENV_CLEAR,
	OPT_ENV_KEEP,
	OPT_ENV_SET,
	OPT_LL_READ,
	OPT_LL_WRITE,
	OPT_HELP,
};

static const struct option run_opts[] = {
    {"policy", required_argument, NULL, OPT_POLICY},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"check", no_argument, NULL, OPT_CHECK},
    {"learn", required_argument, NULL, OPT_LEARN},
    {"user", required_argument, NULL, OPT_USER},
    {"group", required_argument, NULL, OPT_GROUP},
    {"groups", required_argument, NULL, OPT_GROUPS},
    {"cap-keep", required_argument, NULL, OPT_CAP_KEEP},
    {"seccomp", required_argument, NULL, OPT_SECCOMP},
    {"seccomp-mode", required_argument, NULL, OPT_SECCOMP_MODE},
    {"allow-root", no_argument, NULL, OPT_ALLOW_ROOT},
    {"keep-fd", required_argument, NULL, OPT_KEEP_FD},
    {"rlimit", required_argument, NULL, OPT_RLIMIT},
    {"env-clear", no_argument, NULL, OPT_ENV_CLEAR},
    {"env-keep", required_argument, NULL, OPT_ENV_KEEP},
    {"env-set", required_argument, NULL, OPT_ENV_SET},
    {"landlock-read", required_argument, NULL, OPT_LL_READ},
    {"landlock-write", required_argument, NULL, OPT_LL_WRITE},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static int replace_str(char **field, const char *v)
{
	char *s = strdup(v);
	if (!s)
		return -ENOMEM;
	free(*field);
	*field = s;
	return 0;
}

/* "a,b,c" -> list (replacing it); "" -> empty. */
static int replace_list(struct strv *l, const char *v)
{
	strv_free(l);
	*l = (struct strv)STRV_INIT;
	_cleanup_free_ char *copy = strdup(v);
	if (!copy)
		return -ENOMEM;
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (strv_push(l, t) < 0)
			return -ENOMEM;
	return 0;
}

static int parse_caps(const char *v, uint64_t *out)
{
	char bad[64];
	if (caps_parse_list(v, out, bad, sizeof(bad)) < 0)
		return cli_usage_error("run", "unknown capability '%s'", bad), -EINVAL;
	return 0;
}

static int parse_rlimit(const char *v, struct launch_policy *p)
{
	const char *eq = strchr(v, '=');
	char name[32];
	if (!eq || (size_t)(eq - v) >= sizeof(name))
		return -EINVAL;
	memcpy(name, v, eq - v);
	name[eq - v] = '\0';
	int res = launch_rlimit_from_name(name);
	if (res < 0)
		return -EINVAL;
	rlim_t val;
	if (strcmp(eq + 1, "unlimited") == 0) {
		val = RLIM_INFINITY;
	} else {
		char *end;
		errno = 0;
		unsigned long long x = strtoull(eq + 1, &end, 10);
		if (!eq[1] || *end || errno || eq[1] == '-')
			return -EINVAL;
		val = x;
	}
	for (size_t i = 0; i < p->nrlimits; i++)
		if (p->rlimits[i].resource == res) {
			p->rlimits[i].value = val;
			return 0;
		}
	if (p->nrlimits >= POLICY_RLIMITS_MAX)
		return -E2BIG;
	p->rlimits[p->nrlimits++] = (struct policy_rlimit){res, val};
	return 0;
}

static int parse_fd(const char *v, struct launch_policy *p)
{
	char *end;
	errno = 0;
	long fd = strtol(v, &end, 10);
	if (!*v || *end || errno || fd < 3 || fd >= POLICY_FD_LIMIT)
		return -EINVAL;
	if (p->nfds_keep >= POLICY_FDS_MAX)
		return -E2BIG;
	p->fds_keep[p->nfds_keep++] = (int)fd;
	return 0;
}

/* Applies one override; returns 0 or a negative errno (the caller names the option). */
static int override(int c, const char *v, struct launch_policy *p)
{
	switch (c) {
	case OPT_USER:
		p->ids_stand_in = false;
		return replace_str(&p->user, v);
	case OPT_GROUP:
		p->ids_stand_in = false;
		return replace_str(&p->group, v);
	case OPT_GROUPS:
		return replace_list(&p->groups, v);
	case OPT_CAP_KEEP:
		return parse_caps(v, &p->caps_keep);
	case OPT_SECCOMP:
		return replace_str(&p->seccomp, v);
	case OPT_SECCOMP_MODE:
		if (strcmp(v, "enforce") && strcmp(v, "log"))
			return -EINVAL;
		p->seccomp_mode = strcmp(v, "log") ? SECCOMP_MODE_ENFORCE : SECCOMP_MODE_LOG;
		return 0;
	case OPT_ALLOW_ROOT:
		p->allow_root = true;
		return 0;
	case OPT_KEEP_FD:
		return parse_fd(v, p);
	case OPT_RLIMIT:
		return parse_rlimit(v, p);
	case OPT_ENV_CLEAR:
		p->env_clear = true;
		return 0;
	case OPT_ENV_KEEP:
		return strv_push(&p->env_keep, v);
	case OPT_ENV_SET:
		return strchr(v, '=') ? strv_push(&p->env_set, v) : -EINVAL;
	case OPT_LL_READ:
		p->landlock = true;
		return strv_push(&p->landlock_read, v);
	case OPT_LL_WRITE:
		p->landlock = true;
		return strv_push(&p->landlock_write, v);
	}
	return -EINVAL;
}

struct run_args {
	const char *policy;
	const char *learn; /* OUT.yaml */
	bool explain, check;
	int first_override; /* argv index where overrides are replayed from */
};

/* First pass: the mode and the policy name, and a check of every option. */
static int parse_args(int argc, char **argv, struct run_args *a)
{
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "+:h", run_opts, NULL)) != -1) {
		if (c == OPT_POLICY)
			a->policy = optarg;
		else if (c == OPT_EXPLAIN)
			a->explain = true;
		else if (c == OPT_CHECK)
			a->check = true;
		else if (c == OPT_LEARN && !*optarg)
			return cli_usage_error("run", "--learn needs a file name");
		else if (c == OPT_LEARN)
			a->learn = optarg;
		else if (c == OPT_HELP || c == 'h')
			return fputs(cli_run_usage, stdout), -1;
		else if (c == '?' || c == ':')
			return cli_usage_error("run", "unknown option or missing value '%s'",
					       argv[optind - 1]);
	}
	if (a->learn && a->check)
		return cli_usage_error("run",
				       "--learn runs the command: it cannot go with --check");
	return 0;
}

static int apply_overrides(int argc, char **argv, struct launch_policy *p)
{
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "+:h", run_opts, NULL)) != -1) {
		if (c < OPT_USER || c > OPT_LL_WRITE)
			continue;
		int r = override(c, optarg, p);
		if (r < 0) {
			cli_error("run: bad value '%s' for --%s", optarg ? optarg : "",
				  run_opts[c - OPT_POLICY].name);
			return r;
		}
	}
	return 0;
}

/* Loads the policy with the overrides; prints every diagnostic. */
static int load_policy(int argc, char **argv, const struct run_args *a, struct launch_policy *p)
{
	struct diag d = {0};
	int r = policy_load(a->policy ? a->policy : "restricted", p, &d);
	if (r == 0 && (r = apply_overrides(argc, argv, p)) == 0)
		r = policy_validate(p, &d);
	cli_print_diag(&d);
	diag_free(&d);
	return r;
}

/* --check also loads the seccomp profile the policy names. */
static int check_profile(const struct launch_policy *p)
{
	if (!p->seccomp || strcmp(p->seccomp, "none") == 0)
		return 0;
	struct diag d = {0};
	struct profile *prof = NULL;
	int r = profile_load(p->seccomp, &prof, &d);
	cli_print_diag(&d);
	diag_free(&d);
	profile_free(prof);
	return r;
}

/* The policy's own profile, to mark in the learned one what it refuses; NULL when there is
 * none, when it is the file being learned, or when it cannot be loaded (said once). */
static struct profile *policy_profile(const struct launch_policy *p, const char *learned)
{
	if (!p->seccomp || strcmp(p->seccomp, "none") == 0)
		return NULL;
	struct stat a, b;
	if (strchr(p->seccomp, '/') &&
	    (stat(p->seccomp, &a) < 0 ||
	     (stat(learned, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)))
		return NULL;
	struct diag d = {0};
	struct profile *prof = NULL;
	if (profile_load(p->seccomp, &prof, &d) < 0)
		cli_warn(
		    "run: the policy's profile '%s' does not load: what it would refuse is not "
		    "marked",
		    p->seccomp);
	diag_free(&d);
	return prof;
}

static void learn_warnings(const struct strv *refused, const struct strv *other,
			   const char *profile)
{
	if (refused->n) {
		_cleanup_free_ char *j = strv_join(refused, ", ");
		cli_warn("run: the policy's profile '%s' refuses %zu learned syscall%s: %s",
			 profile, refused->n, refused->n == 1 ? "" : "s", j ? j : "");
	}
	for (size_t i = 0; i < other->n; i++)
		cli_warn("run: refused while learning (another ABI; the profile would kill it): %s",
			 other->v[i]);
}

/* Writes the learned profile (escaped text only) and says what was learned. */
static int write_learned(const struct launch_policy *p, const struct learnrec *rec,
			 struct fileio_atomic *out, char **cmdv)
{
	_cleanup_free_ char *outpath = strdup(out->path);
	struct profile *prof = policy_profile(p, out->path);
	struct learnrec_header h = {.argv = cmdv,
				    .policy = p->file,
				    .replaced = strcmp(p->seccomp, "none") ? p->seccomp : NULL,
				    .profile = prof,
				    .caps_keep = p->caps_keep};
	_cleanup_buf_ struct buf b = BUF_INIT;
	_cleanup_strv_ struct strv refused = STRV_INIT;
	_cleanup_strv_ struct strv other = STRV_INIT;
	struct error err = {0};
	int r = learnrec_yaml(rec, &h, &b, &refused, &other);
	profile_free(prof);
	if (r < 0) {
		fileio_atomic_abort(out);
		cli_error("run: writing the learned profile: out of memory");
		return r;
	}
	if ((r = fileio_atomic_commit(out, b.data, b.len, NULL, &err)) < 0) {
		cli_error("run: %s", err.msg);
		return r;
	}
	size_t nsys, nprog;
	uint64_t calls;
	learnrec_counts(rec, &nsys, &calls, &nprog);
	fprintf(stderr,
		"ctguard: run: learned %zu syscalls (%llu calls) of %zu programs into '%s'\n", nsys,
		(unsigned long long)calls, nprog, outpath ? outpath : "?");
	learn_warnings(&refused, &other, p->seccomp);
	return 0;
}

/* CMD's exit status, as a shell reports it. */
static int learned_status(int wstatus)
{
	if (WIFEXITED(wstatus)) {
		if (WEXITSTATUS(wstatus))
			cli_warn("run: the command exited with status %d; the profile covers what "
				 "it did",
				 WEXITSTATUS(wstatus));
		return WEXITSTATUS(wstatus);
	}
	int sig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : SIGKILL;
	const char *name = sigabbrev_np(sig);
	cli_warn("run: the command was killed by signal %s%s; the profile covers what it did",
		 name ? "SIG" : "", name ? name : "?");
	return 128 + sig;
}

static int learn(const struct launch_policy *p, struct launch_plan *plan, struct fileio_atomic *out,
		 const sigset_t *old, char **cmdv)
{
	struct learnrec *rec = NULL;
	struct learn_result res;
	struct error err = {0};
	int r = learn_run(plan, out, old, &rec, &res, &err);
	if (r < 0) {
		cli_error("run: learning: %s", err.msg);
		fileio_atomic_abort(out);
		return EXIT_RUN_FAILED;
	}
	if (res.launch_failed || !res.started) {
		bool at_exec = res.launch_failed && strcmp(res.step, "execve") == 0;
		if (res.launch_failed)
			cli_error("run: %s%s; no profile written", res.msg,
				  at_exec ? "" : "; nothing executed");
		else
			cli_error("run: the launch ended before the command started; nothing "
				  "executed, no profile written");
		learnrec_free(rec);
		fileio_atomic_abort(out);
		if (!at_exec)
			return EXIT_RUN_FAILED;
		return res.code == -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
	}
	r = write_learned(p, rec, out, cmdv);
	learnrec_free(rec);
	int status = learned_status(res.wstatus);
	return r < 0 ? EXIT_RUN_FAILED : status;
}

/* --learn: CMD runs in a child under the learning filter; this process answers it. The output
 * file is created before anything runs, so that a path that cannot be written fails first. */
static int run_learning(const char *path, const struct launch_policy *p, struct launch_plan *plan,
			char **cmdv)
{
	sigset_t old;
	learn_signals_block(&old);
	struct fileio_atomic out;
	struct error err = {0};
	int r;
	if (fileio_atomic_open(path, 0644, &out, &err) < 0) {
		cli_error("run: cannot write the learned profile: %s; nothing executed", err.msg);
		r = EXIT_RUN_FAILED;
	} else {
		r = learn(p, plan, &out, &old, cmdv);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

int cli_run(int argc, char **argv)
{
	struct run_args a = {0};
	int r = parse_args(argc, argv, &a);
	if (r != 0)
		return r < 0 ? EXIT_OK : EXIT_RUN_FAILED;
	int cmd = optind;
	if (!a.check && cmd >= argc) {
		cli_usage_error("run",
				"no command given (ctguard run [OPTION...] -- CMD [ARG...])");
		return EXIT_RUN_FAILED;
	}

	struct launch_policy p = {0};
	r = load_policy(argc, argv, &a, &p);
	if (r == 0 && a.check)
		r = check_profile(&p);
	if (a.check) {
		if (r == 0)
			printf("%s: ok\n", p.file ? p.file : "policy");
		policy_free(&p);
		return r == 0 ? EXIT_OK : EXIT_USAGE;
	}
	if (r < 0) {
		cli_error("run: policy '%s' refused, nothing executed",
			  a.policy ? a.policy : "restricted");
		policy_free(&p);
		return EXIT_RUN_FAILED;
	}

	struct launch_plan plan;
	struct diag d = {0};
	struct error err = {0};
	r = a.learn ? launch_plan_build_learning(&p, argv + cmd, environ, &plan, &d, &err)
		    : launch_plan_build(&p, argv + cmd, environ, &plan, &d, &err);
	cli_print_diag(&d);
	diag_free(&d);
	if (r < 0) {
		cli_error("run: %s; nothing executed", err.msg);
		policy_free(&p);
		return EXIT_RUN_FAILED;
	}
	if (a.explain) {
		_cleanup_buf_ struct buf b = BUF_INIT;
		launch_plan_explain(&plan, &b);
		fputs(b.data ? b.data : "", stdout);
		launch_plan_free(&plan);
		policy_free(&p);
		return EXIT_OK;
	}
	for (size_t i = 0; i < plan.warnings.n; i++)
		cli_warn("run: %s", plan.warnings.v[i]);
	if (a.learn) {
		r = run_learning(a.learn, &p, &plan, argv + cmd);
		launch_plan_free(&plan);
		policy_free(&p);
		return r;
	}
	fflush(NULL);
	r = launch_exec(&plan, &err);
	/* Only on failure. The process may already run as the target user, under the filter. */
	bool at_exec = plan.failed_step && strcmp(plan.failed_step, "execve") == 0;
	cli_error("run: %s%s", err.msg, at_exec ? "" : "; nothing executed");
	launch_plan_free(&plan);
	policy_free(&p);
	if (!at_exec)
		return EXIT_RUN_FAILED;
	return r == -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}
