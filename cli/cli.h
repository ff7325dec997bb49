/* Subcommands: each parses its options, calls the library, prints and picks the exit status. */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "audit/host.h"
#include "lib/diag.h"

struct container_list;
struct audit_result;
struct report_options;

enum {
	EXIT_OK = 0,
	EXIT_FINDINGS =
	    1, /* audit: findings at or above --fail-on; inspect: a filter matched nothing */
	EXIT_USAGE = 2,	     /* bad usage or bad input */
	EXIT_UNREADABLE = 3, /* could not read what it needed */
	/* Processes or containers could not be read (wholly or in part): the view is incomplete.
	 * Wins over EXIT_FINDINGS: a verdict on part of a host is not a verdict on the host.
	 * --allow-partial accepts a partial view (the status is then 0 or 1). */
	EXIT_INCOMPLETE = 4,
};

/* The options audit and oci check share (the rules, waivers and reports of the judge), for
 * their --help texts. */
#define CLI_JUDGE_OPTIONS_HELP                                                                     \
	"  -p, --pack NAME        a built-in pack (repeatable); see 'ctguard rules list'\n"        \
	"  -r, --rules FILE|DIR   rules from a file or every *.yaml of a directory (repeatable)\n" \
	"  -w, --waivers FILE     accepted risks: rule, selector, reason, owner, expires\n"        \
	"  -P, --policy POLICY    rules from an enforcement policy (built-in restricted or\n"      \
	"                         baseline, or a file; see ctguard-policy(5)): the policy.* "      \
	"rules\n"                                                                                  \
	"      --fail-on SEV      exit 1 when a finding at or above SEV fails: info, low, "        \
	"medium,\n"                                                                                \
	"                         high (default), critical, or none\n"                             \
	"  -f, --format FORMAT    text (default), json (schema ctguard.audit/v1), junit, sarif,\n" \
	"                         csv, prometheus, html, policyreport (wgpolicyk8s.io "            \
	"PolicyReport\n"                                                                           \
	"                         and ClusterPolicyReport) or openreports (openreports.io)\n"      \
	"  -b, --baseline FILE    a previous --format json result: show only new and fixed\n"      \
	"                         findings; --fail-on applies to the new ones\n"                   \
	"  -o, --output FILE      write to FILE instead of standard output\n"                      \
	"      --output-dir DIR   policyreport, openreports: ns-NAMESPACE.yaml per namespace "     \
	"and\n"                                                                                    \
	"                         cluster.yaml in DIR, each replaced atomically\n"                 \
	"  -v, --verbose          text: show passing rules too\n"                                  \
	"      --allow-partial    accept a partial view: exit 0 or 1 by the findings even when\n"  \
	"                         processes or containers could not be read (they are still\n"     \
	"                         listed in every format)\n"

struct cli_command {
	const char *name;
	const char *summary;
	const char *usage; /* full --help text */
	int (*run)(int argc, char **argv);
};

extern const struct cli_command cli_commands[];
const struct cli_command *cli_find(const char *name);

/* Colour only on a terminal and never when NO_COLOR is set (no-color.org). */
bool cli_color(FILE *f);
/* "ctguard: <msg>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the usage hint for a mistake and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keeps the containers whose name, runtime or id prefix matches a filter; a filter matching
 * none is reported and makes it return EXIT_FINDINGS. */
int cli_filter(struct container_list *l, char **filters, int n);
/* One stderr line when a scan could not read everything (the outputs list it all). */
void cli_warn_gaps(const struct gaps *g);
/* Prints every diagnostic to stderr; true when there was any. */
bool cli_print_diag(const struct diag *d);

/* The report time: CTGUARD_NOW=YYYY-MM-DD when set (reproducible reports), else now. */
time_t cli_now(void);
/* The host name: CTGUARD_HOSTNAME when set, else gethostname(). */
const char *cli_hostname(void);
/* Writes a in format to path (standard output when NULL), or to ro->output_dir; returns 0 or
 * an exit status. */
int cli_write_report(const char *path, int format, const struct audit_result *a,
		     struct report_options *ro);
/* Checks --output-dir against the format; returns 0 or EXIT_USAGE (having said why). */
int cli_check_output_dir(const char *cmd, const char *dir, const char *output, int format);

/* The audit pipeline (cli/audit.c): rules (--pack, --rules, --policy), waivers, judging,
 * --baseline, every report format and the exit status, for any source of facts. */
struct audit_input {
	const char *from;	  /* --from FILE (live source only) */
	struct host_options hopt; /* --proc-root, --host-root (live source only) */
	char **operands;	  /* the arguments after the options */
	int noperands;
	struct gaps *gaps; /* filled by gather: what could not be read */
	/* gather may set it: per container of the list, where its facts are in a file (oci
	 * check: its config.json); NULL for live containers. The pipeline frees it. */
	struct fact_locations **locs;
};
struct audit_source {
	const char *cmd;   /* "audit", "oci check": messages and the --help hint */
	const char *usage; /* --help text */
	bool live;	   /* this host's /proc: takes --from, --proc-root, --host-root */
	/* Fills the containers and the host's facts from in; returns 0 or an exit status (its
	 * messages printed). */
	int (*gather)(const struct audit_input *in, struct container_list *list,
		      struct facts *host);
};
int cli_audit_pipeline(int argc, char **argv, const struct audit_source *src);

/* Whether a command frees what it built before it returns to exit(): only where a leak checker
 * looks (the sanitizer build, every test run); elsewhere the exit gives it back at once (the
 * frees were 3% of `ctguard audit` at 250 containers, bench/README.md). */
#if defined(__SANITIZE_ADDRESS__)
#define CLI_FREE_AT_EXIT 1
#else
#define CLI_FREE_AT_EXIT 0
#endif

int cli_main_help(void);
int cli_help(int argc, char **argv);
int cli_inspect(int argc, char **argv);
int cli_audit(int argc, char **argv);
/* ctguard-watch's main (cli/watch.c); `ctguard watch` runs that program (cli_watch_exec). */
int cli_watch(int argc, char **argv);
int cli_watch_exec(int argc, char **argv);
int cli_rules(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_seccomp(int argc, char **argv);
int cli_oci(int argc, char **argv);
/* ctguard oci check (cli/ocicheck.c); argv[0] is "check". */
int cli_oci_check(int argc, char **argv);
/* The wrapper runtime (cli/ociruntime.c); argv[0] is "runtime" or "ctguard-runtime", the rest
 * runc's command line. */
int cli_oci_runtime(int argc, char **argv);

extern const char cli_inspect_usage[];
extern const char cli_audit_usage[];
extern const char cli_watch_usage[];
extern const char cli_rules_usage[];
extern const char cli_report_usage[];
extern const char cli_run_usage[];
extern const char cli_seccomp_usage[];
extern const char cli_oci_usage[];
