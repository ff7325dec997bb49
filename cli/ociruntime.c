/* ctguard oci runtime (also run as `ctguard-runtime`): a wrapper runtime in front of runc.
 * For create and run it applies the policy of /etc/ctguard/runtime.yaml to the bundle's
 * config.json (enforce, reject or audit), then runs the real runtime with the original
 * arguments; every other command passes through untouched. Any failure refuses the launch
 * and leaves the bundle as it was. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "enforce/gate.h"
#include "enforce/gateargs.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/escape.h"

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
    "atomically; the original is kept as config.json" GATE_ORIG_SUFFIX ". Decisions go to\n"
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

/* --ctguard-args: what the wrapper read, for tests and for people (nothing runs). */
static void print_args(const struct gateargs *a)
{
	const struct runc_args *ra = &a->ra;
	printf("command: %s\n", a->command ? a->command : "(none)");
	if (gateargs_help(a))
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
 * the reason a runtime failed): the gate's log sink (enforce/gate.h). */
static void rt_sink(void *ctx, int prio, const char *msg)
{
	const struct gateargs *a = ctx;
	const char *level = prio <= LOG_ERR ? "error" : prio == LOG_WARNING ? "warning" : "info";
	_cleanup_buf_ struct buf safe = BUF_INIT;
	escape_term(&safe, msg);
	/* Called by an engine (it passes --log), changes and notes go to the log and syslog only:
	 * podman shows a runtime's standard error to the user even when the container starts. */
	if (prio <= LOG_WARNING || !a->log)
		fprintf(stderr, "ctguard-runtime: %s%s%s: %s\n", a->id ? a->id : "",
			a->id ? ": " : "", level, safe.data ? safe.data : "");
	syslog(LOG_AUTHPRIV | prio, "%s%s%s", a->id ? a->id : "", a->id ? ": " : "",
	       safe.data ? safe.data : "");
	if (!a->log)
		return;
	int fd = open(a->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return;
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	_cleanup_buf_ struct buf line = BUF_INIT;
	if (a->logformat && strcmp(a->logformat, "json") == 0) {
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

static void rt_phase_sink(void *ctx, const char *what)
{
	(void)ctx;
	rt_phase(what);
}

/* The gate's outcome as the wrapper's exit status (see rt_usage). */
static int rt_exit(int gate_status)
{
	switch (gate_status) {
	case GATE_GO:
		return EXIT_OK;
	case GATE_REFUSED:
		return 1;
	case GATE_BAD:
		return EXIT_USAGE;
	default:
		return EXIT_UNREADABLE;
	}
}

static int check_setup(struct gate_setup *s, const struct gate_log *l)
{
	char runtime[PATH_MAX];
	struct error err = {0};
	int r = gate_find_runtime(s->conf.runtime, runtime, sizeof(runtime), &err);
	printf("configuration: %s%s\nruntime: %s", s->conf.file,
	       s->conf_missing ? " (no file: the defaults)" : "", s->conf.runtime);
	if (r == 0)
		printf(" (%s)\n", runtime);
	else
		printf(" (not usable: %s)\n", err.msg);
	printf("policy: %s\nmode: %s\nseccomp: %s\n", s->policy.file, rt_mode_name(s->conf.mode),
	       s->profile ? s->profile->file : "none");
	if (r < 0)
		gate_say(l, LOG_ERR, "%s", err.msg);
	return r < 0 ? EXIT_USAGE : EXIT_OK;
}

/* runtime.yaml: --ctguard-config, else CTGUARD_RUNTIME_CONFIG, else the default path. */
static const char *config_path(const struct gateargs *a)
{
	const char *path = a->config ? a->config : getenv("CTGUARD_RUNTIME_CONFIG");
	return path && *path ? path : RT_CONFIG_DEFAULT;
}

/* The gated steps before runc runs; run is runc's argv to be. Returns a gate_status. */
static int gate_steps(const struct gateargs *a, const struct gate_setup *s,
		      const struct gate_log *l, bool gated, bool exec, char **run)
{
	int status = GATE_GO;
	if ((gated || exec) && (status = gate_check_paths(a, s, l)))
		return status;
	if (gated)
		return gate_create(a, s, l, run);
	if (exec)
		return gate_exec(a, s, l, run);
	return GATE_GO;
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
	struct gateargs a;
	struct error perr = {0};
	int pr = gateargs_parse(argc, argv, &a, &perr);
	struct gate_log l = {.say = rt_sink, .phase = rt_phase_sink, .ctx = &a};
	int status = EXIT_OK;
	if (a.ctguard_help) {
		fputs(rt_usage, stdout);
		goto done;
	}
	openlog("ctguard-runtime", LOG_PID, LOG_AUTHPRIV);
	if (pr < 0) {
		/* Argv runc would refuse or that this wrapper cannot read as runc does: nothing
		 * is judged on a guess. */
		gate_say(&l, LOG_ERR, "refused: %s", pr == -ENOMEM ? "out of memory" : perr.msg);
		status = pr == -ENOMEM ? EXIT_UNREADABLE : EXIT_USAGE;
		goto done;
	}
	if (a.ctguard_args) {
		print_args(&a);
		goto done;
	}
	/* runc --help, --version or COMMAND --help: runc prints and runs nothing */
	bool help = gateargs_help(&a);
	bool gated = a.ra.gated && strcmp(a.command, "exec") != 0 && !help;
	bool exec = a.ra.gated && strcmp(a.command, "exec") == 0 && !help;
	struct gate_setup s = {.leave_to_exec = !CLI_FREE_AT_EXIT};
	status =
	    rt_exit(gate_setup_load(&s, config_path(&a), gated || exec || a.ctguard_check, &l));
	if (status == 0 && a.ctguard_check)
		status = check_setup(&s, &l);
	if (status || a.ctguard_check)
		goto out;
	char runtime[PATH_MAX];
	struct error err = {0};
	if (gate_find_runtime(s.conf.runtime, runtime, sizeof(runtime), &err) < 0) {
		gate_say(&l, LOG_ERR, "%s%s", gated ? "refused: " : "", err.msg);
		status = EXIT_UNREADABLE;
		goto out;
	}
	/* runc's argv: the original, less ctguard's options, with the gate's rewrites */
	char **run = gateargs_runc_argv(&a);
	if (!run) {
		gate_say(&l, LOG_ERR, "refused: out of memory");
		status = EXIT_UNREADABLE;
		goto out;
	}
	if ((status = rt_exit(gate_steps(&a, &s, &l, gated, exec, run)))) {
		free(run);
		goto out;
	}
	gateargs_compact(run, argc);
	if (CLI_FREE_AT_EXIT)
		gate_setup_free(&s);
	closelog();
	run[0] = runtime;
	rt_phase("until exec");
	execv(runtime, run);
	gate_say(&l, LOG_ERR, "running '%s': %s", runtime, strerror(errno));
	gateargs_free(&a);
	return EXIT_UNREADABLE;
out:
	gate_setup_free(&s);
done:
	closelog();
	gateargs_free(&a);
	return status;
}
