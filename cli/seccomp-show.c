/* ctguard seccomp dump|show|diff: a running process's filters, what a filter decides for every
 * syscall, and where two filters differ. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "audit/caps.h"
#include "audit/filterdump.h"
#include "audit/status.h"
#include "audit/vdiff.h"
#include "audit/verdict.h"
#include "cli/cli.h"
#include "cli/seccomp-show.h"
#include "enforce/filter.h"
#include "lib/cleanup.h"
#include "lib/jsonw.h"
#include "policy/profile.h"

enum fmt { FMT_TEXT, FMT_JSON };

struct opts {
	enum fmt format;
	const char *out, *abi, *caps;
	int index, timeout_ms;
	const char *calls[64]; /* --call NAME(ARGS): evaluate these calls */
	int ncalls;
	char **args;
	int nargs;
};

enum src_kind { SRC_PID, SRC_PROFILE, SRC_BPF };

struct source {
	const char *spec;
	enum src_kind kind;
	pid_t pid;
	uint64_t caps;
	struct filterdump d;
	struct verdict v;
};

/* "socket(40,-1,0x10)": a name and up to six 64-bit values. */
static int parse_call(const char *call, char *name, uint64_t *out)
{
	memset(out, 0, 6 * sizeof(*out));
	size_t n = strcspn(call, "(");
	size_t len = strlen(call);
	if (n == 0 || n >= 64 || call[n] != '(' || call[len - 1] != ')')
		return -EINVAL;
	memcpy(name, call, n);
	name[n] = '\0';
	char buf[256];
	if (len - n - 2 >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, call + n + 1, len - n - 2);
	buf[len - n - 2] = '\0';
	const char *s = buf;
	if (*s == '\0')
		return 0;
	for (int i = 0; i < 6; i++) {
		char *end;
		errno = 0;
		out[i] = *s == '-' ? (uint64_t)strtoll(s, &end, 0) : strtoull(s, &end, 0);
		if (end == s || errno || (*end && *end != ','))
			return -EINVAL;
		if (*end == '\0')
			return 0;
		s = end + 1;
	}
	return -EINVAL;
}

static int parse_opts(const char *cmd, int argc, char **argv, struct opts *o)
{
	enum { OPT_ABI = 256, OPT_INDEX, OPT_TIMEOUT, OPT_CALL };
	static const struct option lopts[] = {{"format", required_argument, NULL, 'f'},
					      {"output", required_argument, NULL, 'o'},
					      {"caps", required_argument, NULL, 'c'},
					      {"abi", required_argument, NULL, OPT_ABI},
					      {"index", required_argument, NULL, OPT_INDEX},
					      {"timeout", required_argument, NULL, OPT_TIMEOUT},
					      {"call", required_argument, NULL, OPT_CALL},
					      {"help", no_argument, NULL, 'h'},
					      {NULL, 0, NULL, 0}};
	*o = (struct opts){.abi = "native"};
	opterr = 0;
	optind = 1;
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, ":f:o:c:h", lopts, NULL)) != -1) {
		if (c == 'f' && strcmp(optarg, "text") == 0) {
			o->format = FMT_TEXT;
		} else if (c == 'f' && strcmp(optarg, "json") == 0) {
			o->format = FMT_JSON;
		} else if (c == 'f') {
			return cli_usage_error("seccomp", "unknown format '%s' (text or json)",
					       optarg);
		} else if (c == 'o') {
			o->out = optarg;
		} else if (c == 'c') {
			o->caps = optarg;
		} else if (c == OPT_ABI) {
			o->abi = optarg;
		} else if (c == OPT_CALL) {
			char name[64];
			uint64_t args[6];
			if (parse_call(optarg, name, args) < 0)
				return cli_usage_error(
				    "seccomp",
				    "bad --call '%s' (NAME(A0,A1,...): up to 6 "
				    "numbers; negative ones are two's complement)",
				    optarg);
			if (o->ncalls == (int)ARRAY_SIZE(o->calls))
				return cli_usage_error("seccomp", "too many --call");
			o->calls[o->ncalls++] = optarg;
		} else if (c == OPT_INDEX || c == OPT_TIMEOUT) {
			long v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || v < 0 || v > 100000)
				return cli_usage_error("seccomp", "bad number '%s' for --%s",
						       optarg,
						       c == OPT_INDEX ? "index" : "timeout");
			*(c == OPT_INDEX ? &o->index : &o->timeout_ms) = (int)v;
		} else if (c == 'h') {
			fputs(cli_seccomp_usage, stdout);
			return -1;
		} else {
			return cli_usage_error("seccomp",
					       "%s: unknown option or missing value '%s'", cmd,
					       argv[optind - 1]);
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

static int parse_pid(const char *s, pid_t *pid)
{
	char *end;
	if (strncmp(s, "pid:", 4) == 0)
		s += 4;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v <= 0 || v > 4194304) /* PID_MAX_LIMIT */
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

static struct filterdump_options dump_opts(const struct opts *o)
{
	const char *t = getenv("CTGUARD_TEST_DUMP_STOP_MS");
	return (struct filterdump_options){.timeout_ms = o->timeout_ms,
					   .test_stop_ms = t ? atoi(t) : 0};
}

/* Reads a whole file of at most cap bytes. */
static int read_fd(int fd, size_t cap, struct buf *b)
{
	char tmp[8192];
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return b->data ? 0 : buf_puts(b, "");
		if (b->len + (size_t)n > cap)
			return -EFBIG;
		if (buf_append(b, tmp, (size_t)n) < 0)
			return -ENOMEM;
	}
}

static int exit_for(int r)
{
	return r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
}

/* A profile compiled the way `ctguard run` would load it. */
static int load_profile(struct source *s)
{
	struct diag d = {0};
	struct profile *p = NULL;
	int r = profile_load(s->spec, &p, &d);
	cli_print_diag(&d);
	diag_free(&d);
	if (r < 0)
		return EXIT_USAGE;
	struct filter *f = NULL;
	struct error err = {0};
	r = filter_compile(p, s->caps, SECCOMP_MODE_ENFORCE, &f, &err);
	profile_free(p);
	if (r < 0) {
		cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	_cleanup_close_ int fd = memfd_create("ctguard-bpf", MFD_CLOEXEC);
	r = fd < 0 ? -errno : filter_export(f, fd, &err);
	filter_free(f);
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (r < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    read_fd(fd, BPF_PROG_MAX * sizeof(struct sock_filter), &b) < 0) {
		cli_error("'%s': exporting the compiled filter failed", s->spec);
		return EXIT_UNREADABLE;
	}
	if (filterdump_from_insns((const struct sock_filter *)b.data,
				  b.len / sizeof(struct sock_filter), &s->d, &err) < 0) {
		cli_error("'%s': %s", s->spec, err.msg);
		return EXIT_USAGE;
	}
	return 0;
}

static int load_bpf(struct source *s, const char *path)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fd < 0 ? -errno : read_fd(fd, BPF_PROG_MAX * sizeof(struct sock_filter), &b);
	if (r < 0) {
		cli_error("cannot read '%s': %s", path,
			  r == -EFBIG ? "longer than 4096 instructions" : strerror(-r));
		return r == -EFBIG ? EXIT_USAGE : EXIT_UNREADABLE;
	}
	struct error err = {0};
	if (b.len % sizeof(struct sock_filter)) {
		cli_error("'%s': not a BPF program (%zu bytes is not a whole number of 8-byte "
			  "instructions)",
			  path, b.len);
		return EXIT_USAGE;
	}
	if (filterdump_from_insns((const struct sock_filter *)b.data,
				  b.len / sizeof(struct sock_filter), &s->d, &err) < 0) {
		cli_error("'%s': %s (the kernel would refuse this filter)", path, err.msg);
		return EXIT_USAGE;
	}
	return 0;
}

/* Loads any SOURCE and decides every syscall. Returns 0 or an exit status. */
static int source_load(struct source *s, const struct opts *o)
{
	struct error err = {0};
	int r;
	size_t len = strlen(s->spec);
	if (strncmp(s->spec, "pid:", 4) == 0) {
		s->kind = SRC_PID;
		if (parse_pid(s->spec, &s->pid) < 0)
			return cli_usage_error("seccomp", "bad pid in '%s'", s->spec);
		struct filterdump_options fo = dump_opts(o);
		if ((r = filterdump_read(s->pid, &fo, &s->d, &err)) < 0) {
			cli_error("%s", err.msg);
			return exit_for(r);
		}
	} else if (strncmp(s->spec, "bpf:", 4) == 0 ||
		   (len > 4 && strcmp(s->spec + len - 4, ".bpf") == 0)) {
		s->kind = SRC_BPF;
		if ((r = load_bpf(s, strncmp(s->spec, "bpf:", 4) == 0 ? s->spec + 4 : s->spec)))
			return r;
	} else {
		s->kind = SRC_PROFILE;
		if ((r = load_profile(s)))
			return r;
	}
	if (verdict_compute(s->d.progs, s->d.n, &s->v, &err) < 0) {
		cli_error("%s", err.msg);
		return EXIT_UNREADABLE;
	}
	return 0;
}

static void source_free(struct source *s)
{
	verdict_free(&s->v);
	filterdump_free(&s->d);
}

static const char *mode_name(int mode)
{
	return mode == 0 ? "disabled" : mode == 1 ? "strict" : "filter";
}

static FILE *open_out(const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	FILE *f = fopen(path, "we");
	if (!f)
		cli_error("cannot write '%s': %s", path, strerror(errno));
	return f;
}

static int close_out(FILE *f)
{
	int bad = fflush(f) != 0 || ferror(f);
	if (f != stdout)
		bad |= fclose(f) != 0;
	if (bad) {
		cli_error("writing output: %s", strerror(errno));
		return EXIT_UNREADABLE;
	}
	return EXIT_OK;
}

/* ---- dump --------------------------------------------------------------------------- */

static void dump_text(FILE *f, pid_t pid, const struct filterdump *d)
{
	fprintf(f, "pid %d: seccomp %s", (int)pid, mode_name(d->mode));
	if (d->mode == 2)
		fprintf(f,
			", %zu filter%s (newest first, the order the kernel runs them); "
			"stopped for at most %.0f us (%.0f us after the stop was seen)",
			d->n, d->n == 1 ? "" : "s", (double)d->stopped_ns / 1000.0,
			(double)d->held_ns / 1000.0);
	fputc('\n', f);
	if (d->mode == 1)
		fprintf(f, "strict mode: read, write, exit and rt_sigreturn only (the program "
			   "below is what the kernel does)\n");
	for (size_t i = 0; i < d->n; i++) {
		fprintf(f, "filter %zu: %zu instructions\n", i, d->progs[i].len);
		for (size_t pc = 0; pc < d->progs[i].len; pc++) {
			const struct sock_filter *in = &d->progs[i].insns[pc];
			char t[96], a[48];
			fprintf(f, "%6zu: %s", pc, bpf_disasm(in, pc, t, sizeof(t)));
			if (in->code == (BPF_RET | BPF_K))
				fprintf(f, " ; %s", verdict_ret_str(in->k, a, sizeof(a)));
			fputc('\n', f);
		}
	}
}

static void dump_json(FILE *f, pid_t pid, const struct filterdump *d)
{
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.seccomp-dump/v1");
	jsonw_kint(&w, "pid", pid);
	jsonw_kstr(&w, "mode", mode_name(d->mode));
	jsonw_kint(&w, "stopped_us", (int64_t)(d->stopped_ns / 1000));
	jsonw_kint(&w, "held_us", (int64_t)(d->held_ns / 1000));
	jsonw_key(&w, "filters");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < d->n; i++) {
		jsonw_obj_open(&w);
		jsonw_kint(&w, "index", (int64_t)i);
		jsonw_key(&w, "program");
		jsonw_arr_open(&w);
		for (size_t pc = 0; pc < d->progs[i].len; pc++) {
			const struct sock_filter *in = &d->progs[i].insns[pc];
			jsonw_arr_open(&w);
			jsonw_int(&w, in->code);
			jsonw_int(&w, in->jt);
			jsonw_int(&w, in->jf);
			jsonw_int(&w, in->k);
			jsonw_arr_close(&w);
		}
		jsonw_arr_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

static int write_raw(const struct filterdump *d, const struct opts *o)
{
	if ((size_t)o->index >= d->n) {
		cli_error("no filter %d (the process has %zu)", o->index, d->n);
		return EXIT_USAGE;
	}
	const struct bpf_prog *p = &d->progs[o->index];
	FILE *f = open_out(o->out);
	if (!f)
		return EXIT_UNREADABLE;
	fwrite(p->insns, sizeof(*p->insns), p->len, f);
	return close_out(f);
}

int cli_seccomp_dump(int argc, char **argv)
{
	struct opts o;
	int r = parse_opts("dump", argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : r;
	pid_t pid;
	if (o.nargs != 1 || parse_pid(o.args[0], &pid) < 0)
		return cli_usage_error("seccomp", "dump takes one PID");
	struct filterdump d;
	struct filterdump_options fo = dump_opts(&o);
	struct error err = {0};
	if ((r = filterdump_read(pid, &fo, &d, &err)) < 0) {
		cli_error("%s", err.msg);
		return exit_for(r);
	}
	if (o.out && o.format == FMT_TEXT) {
		r = write_raw(&d, &o);
	} else {
		FILE *f = open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			if (o.format == FMT_JSON)
				dump_json(f, pid, &d);
			else
				dump_text(f, pid, &d);
			r = close_out(f);
		}
	}
	filterdump_free(&d);
	return r;
}

/* ---- show --------------------------------------------------------------------------- */

static void put_ret(struct jsonw *w, uint32_t ret)
{
	enum verdict_action a = verdict_action_of(ret);
	jsonw_kstr(w, "action", verdict_action_name(a));
	if (a == VERDICT_ERRNO)
		jsonw_kint(w, "errno", verdict_errno(ret));
	else if ((a == VERDICT_TRAP || a == VERDICT_TRACE) && (ret & SECCOMP_RET_DATA))
		jsonw_kint(w, "data", ret & SECCOMP_RET_DATA);
}

static void put_args(struct jsonw *w, uint16_t words)
{
	jsonw_key(w, "args");
	jsonw_arr_open(w);
	for (unsigned i = 0; i < 6; i++)
		if (words & (3u << (4 + 2 * i)))
			jsonw_int(w, i);
	jsonw_arr_close(w);
	if (words & (3u << 2))
		jsonw_kbool(w, "instruction_pointer", true);
}

static void put_sys(struct jsonw *w, const struct verdict_sys *s)
{
	jsonw_key(w, s->name);
	jsonw_obj_open(w);
	jsonw_kint(w, "nr", s->nr);
	if (!s->conditional) {
		put_ret(w, s->ret);
		jsonw_obj_close(w);
		return;
	}
	jsonw_kstr(w, "action", "conditional");
	put_args(w, s->words);
	_cleanup_strv_ struct strv when = STRV_INIT;
	_cleanup_free_ uint32_t *rets = NULL;
	_cleanup_buf_ struct buf text = BUF_INIT;
	jsonw_key(w, "rules");
	jsonw_arr_open(w);
	if (verdict_sys_rules(s, &when, &rets) == 0)
		for (size_t i = 0; i < when.n; i++) {
			jsonw_obj_open(w);
			jsonw_kstr(w, "when", when.v[i]);
			put_ret(w, rets[i]);
			jsonw_obj_close(w);
		}
	jsonw_arr_close(w);
	jsonw_key(w, "otherwise");
	jsonw_obj_open(w);
	put_ret(w, s->ret);
	jsonw_obj_close(w);
	jsonw_key(w, "may");
	jsonw_arr_open(w);
	for (int a = 0; a < VERDICT__ACTIONS; a++)
		if (s->may & (1u << a))
			jsonw_str(w, verdict_action_name(a));
	jsonw_arr_close(w);
	if (verdict_sys_text(s, &text) == 0)
		jsonw_kstr(w, "text", text.data);
	if (s->complex)
		jsonw_kbool(w, "approximate", true);
	jsonw_obj_close(w);
}

static bool wanted(const struct opts *o, const char *name)
{
	for (int i = 1; i < o->nargs; i++)
		if (strcmp(o->args[i], name) == 0)
			return true;
	return o->nargs <= 1;
}

static bool abi_listed(const struct opts *o, size_t a, const char *name)
{
	return a == 0 || strcmp(o->abi, "all") == 0 || strcmp(o->abi, name) == 0;
}

static void show_json(FILE *f, const struct source *s, const struct opts *o)
{
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.seccomp/v1");
	jsonw_kstr(&w, "source", s->spec);
	jsonw_kstr(&w, "mode", mode_name(s->d.mode));
	jsonw_kint(&w, "filters", (int64_t)s->d.n);
	jsonw_kstr(&w, "arch", s->v.abi[0].name);
	jsonw_key(&w, "default");
	jsonw_obj_open(&w);
	put_ret(&w, s->v.default_ret);
	jsonw_obj_close(&w);
	jsonw_key(&w, "syscalls");
	jsonw_obj_open(&w);
	for (size_t i = 0; i < s->v.abi[0].n; i++)
		if (wanted(o, s->v.abi[0].sys[i].name))
			put_sys(&w, &s->v.abi[0].sys[i]);
	jsonw_obj_close(&w);
	jsonw_key(&w, "abis");
	jsonw_obj_open(&w);
	for (size_t a = 1; a < s->v.nabi; a++) {
		const struct verdict_abi *abi = &s->v.abi[a];
		jsonw_key(&w, abi->name);
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "via", abi->via);
		jsonw_kbool(&w, "reachable", abi->allowed > 0);
		jsonw_kint(&w, "allowed", (int64_t)abi->allowed);
		jsonw_kint(&w, "total", (int64_t)abi->n);
		if (abi_listed(o, a, abi->name)) {
			jsonw_key(&w, "syscalls");
			jsonw_obj_open(&w);
			for (size_t i = 0; i < abi->n; i++)
				if (wanted(o, abi->sys[i].name))
					put_sys(&w, &abi->sys[i]);
			jsonw_obj_close(&w);
		}
		jsonw_obj_close(&w);
	}
	jsonw_obj_close(&w);
	if (s->v.complex)
		jsonw_kbool(&w, "approximate", true);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

static void abi_summary(FILE *f, const struct verdict_abi *abi)
{
	size_t count[VERDICT__ACTIONS] = {0}, cond = 0;
	for (size_t i = 0; i < abi->n; i++) {
		if (abi->sys[i].conditional)
			cond++;
		else
			count[verdict_action_of(abi->sys[i].ret)]++;
	}
	fprintf(f, "%s (%s): %zu syscalls:", abi->name, abi->via, abi->n);
	const char *sep = " ";
	for (int a = VERDICT__ACTIONS - 1; a >= 0; a--)
		if (count[a]) {
			fprintf(f, "%s%zu %s", sep, count[a], verdict_action_name(a));
			sep = ", ";
		}
	if (cond)
		fprintf(f, "%s%zu conditional", sep, cond);
	fputc('\n', f);
}

static void abi_table(FILE *f, const struct verdict_abi *abi, const struct opts *o)
{
	fprintf(f, "  %4s  %-24s %s\n", "NR", "SYSCALL", "DECISION");
	for (size_t i = 0; i < abi->n; i++) {
		const struct verdict_sys *s = &abi->sys[i];
		if (!wanted(o, s->name))
			continue;
		_cleanup_buf_ struct buf t = BUF_INIT;
		verdict_sys_text(s, &t);
		fprintf(f, "  %4u  %-24s %s\n", s->nr & ~abi->nr_bit, s->name,
			t.data ? t.data : "?");
	}
}

static void show_call(FILE *f, const struct source *s, const struct opts *o, const char *name,
		      const uint64_t *args);

/* --call: what the kernel would do for exactly these values (one run of the stack). */
static void show_eval(FILE *f, const struct source *s, const struct opts *o)
{
	for (int c = 0; c < o->ncalls; c++) {
		char name[64];
		uint64_t args[6];
		parse_call(o->calls[c], name, args);
		show_call(f, s, o, name, args);
	}
}

static void show_call(FILE *f, const struct source *s, const struct opts *o, const char *name,
		      const uint64_t *args)
{
	for (size_t k = 0; k < s->v.nabi; k++) {
		const struct verdict_abi *abi = &s->v.abi[k];
		bool want = strcmp(o->abi, "all") == 0 || strcmp(o->abi, abi->name) == 0 ||
			    (k == 0 && strcmp(o->abi, "native") == 0);
		if (!want)
			continue;
		const struct verdict_sys *sys = verdict_lookup(abi, name);
		if (sys) {
			struct seccomp_data d = {.nr = (int)sys->nr, .arch = abi->arch};
			memcpy(d.args, args, sizeof(d.args));
			char a[48];
			uint32_t ret = bpf_run_stack(s->d.progs, s->d.n, &d);
			fprintf(f, "%s %s(", abi->name, sys->name);
			for (int j = 0; j < 6; j++)
				fprintf(f, j ? ", 0x%llx" : "0x%llx",
					(unsigned long long)d.args[j]);
			fprintf(f, "): %s\n", verdict_ret_str(verdict_ret_norm(ret), a, sizeof(a)));
		}
	}
}

static void show_text(FILE *f, const struct source *s, const struct opts *o)
{
	char a[48];
	if (o->ncalls) {
		show_eval(f, s, o);
		return;
	}
	fprintf(f, "%s: seccomp %s", s->spec, mode_name(s->d.mode));
	if (s->d.mode == 2)
		fprintf(f, ", %zu filter%s", s->d.n, s->d.n == 1 ? "" : "s");
	if (s->kind == SRC_PID && s->d.mode == 2)
		fprintf(f, " (process stopped for %.0f us)", (double)s->d.stopped_ns / 1000.0);
	fprintf(f, "; default %s\n", verdict_ret_str(s->v.default_ret, a, sizeof(a)));
	abi_summary(f, &s->v.abi[0]);
	abi_table(f, &s->v.abi[0], o);
	for (size_t i = 1; i < s->v.nabi; i++) {
		const struct verdict_abi *abi = &s->v.abi[i];
		fputc('\n', f);
		abi_summary(f, abi);
		fprintf(f, "  %s\n",
			abi->allowed ? "reachable: some syscalls are allowed"
				     : "not reachable: no syscall is allowed");
		if (abi_listed(o, i, abi->name))
			abi_table(f, abi, o);
	}
	if (s->v.complex)
		fprintf(f, "\nsome decisions are approximate: where the filter computes on "
			   "several arguments or exceeds the exploration budget, the worst case "
			   "(allow) is assumed\n");
}

static int parse_caps(const char *s, uint64_t *out)
{
	char bad[64];
	if (caps_parse_list(s, out, bad, sizeof(bad)) < 0)
		return cli_usage_error("seccomp", "unknown capability '%s'", bad);
	return 0;
}

static int check_abi(const struct opts *o, const struct verdict *v)
{
	if (strcmp(o->abi, "native") == 0 || strcmp(o->abi, "all") == 0)
		return 0;
	for (size_t i = 0; i < v->nabi; i++)
		if (strcmp(o->abi, v->abi[i].name) == 0)
			return 0;
	return cli_usage_error("seccomp",
			       "unknown ABI '%s' (native, all, or one of this "
			       "architecture's)",
			       o->abi);
}

int cli_seccomp_show(int argc, char **argv)
{
	struct opts o;
	int r = parse_opts("show", argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (o.nargs < 1)
		return cli_usage_error("seccomp", "show takes a SOURCE");
	for (int i = 0; i < o.ncalls; i++) {
		char name[64];
		uint64_t args[6];
		parse_call(o.calls[i], name, args);
		if (verdict_native_nr(name) < 0 && strcmp(o.abi, "native") == 0) {
			r = cli_usage_error("seccomp", "unknown syscall '%s'", name);
			break;
		}
	}
	if (r)
		return r;
	struct source s = {.spec = o.args[0]};
	if (o.caps && strncmp(s.spec, "pid:", 4) != 0 && (r = parse_caps(o.caps, &s.caps)))
		return r;
	if ((r = source_load(&s, &o)) == 0 && (r = check_abi(&o, &s.v)) == 0) {
		for (int i = 1; i < o.nargs; i++)
			if (!verdict_lookup(&s.v.abi[0], o.args[i])) {
				r = cli_usage_error("seccomp", "unknown syscall '%s'", o.args[i]);
				break;
			}
	}
	if (r == 0) {
		FILE *f = open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			if (o.format == FMT_JSON && !o.ncalls)
				show_json(f, &s, &o);
			else
				show_text(f, &s, &o);
			r = close_out(f);
		}
	}
	source_free(&s);
	return r;
}

/* ---- diff --------------------------------------------------------------------------- */

static void witness_text(FILE *f, const struct vdiff_item *it)
{
	if (!it->fields) {
		fprintf(f, "for every input");
		return;
	}
	fprintf(f, "at");
	const char *sep = " ";
	for (unsigned i = 0; i < VDIFF_FIELDS; i++)
		if (it->fields & (1u << i)) {
			if (i == 0)
				fprintf(f, "%sip = 0x%llx", sep, (unsigned long long)it->value[0]);
			else
				fprintf(f, "%sarg%u = 0x%llx", sep, i - 1,
					(unsigned long long)it->value[i]);
			sep = ", ";
		}
}

static void diff_text(FILE *f, const struct source *a, const struct source *b,
		      const struct vdiff *d)
{
	fprintf(f, "A: %s (seccomp %s, %zu filter%s)\n", a->spec, mode_name(a->d.mode), a->d.n,
		a->d.n == 1 ? "" : "s");
	fprintf(f, "B: %s (seccomp %s, %zu filter%s)\n", b->spec, mode_name(b->d.mode), b->d.n,
		b->d.n == 1 ? "" : "s");
	for (size_t i = 0; i < d->n; i++) {
		const struct vdiff_item *it = &d->items[i];
		const struct verdict_abi *abi = &a->v.abi[it->abi];
		char ra[48], rb[48];
		if (!it->a) {
			uint32_t lo = it->nr & ~abi->nr_bit, hi = it->nr_last & ~abi->nr_bit;
			if (lo == hi)
				fprintf(f, "%s number %u (no syscall): ", abi->name, lo);
			else
				fprintf(f, "%s numbers %u-%u (no syscalls): ", abi->name, lo, hi);
			fprintf(f, "A %s, B %s\n", verdict_ret_str(it->ret_a, ra, sizeof(ra)),
				verdict_ret_str(it->ret_b, rb, sizeof(rb)));
			continue;
		}
		_cleanup_buf_ struct buf ta = BUF_INIT;
		_cleanup_buf_ struct buf tb = BUF_INIT;
		verdict_sys_text(it->a, &ta);
		verdict_sys_text(it->b, &tb);
		fprintf(f, "%s %s:\n  A: %s\n  B: %s\n  ", abi->name, it->a->name,
			ta.data ? ta.data : "?", tb.data ? tb.data : "?");
		witness_text(f, it);
		fprintf(f, ": A %s, B %s\n", verdict_ret_str(it->ret_a, ra, sizeof(ra)),
			verdict_ret_str(it->ret_b, rb, sizeof(rb)));
	}
	fprintf(f, "%zu syscall%s differ%s; %zu unused number%s differ%s (%zu inputs emulated)\n",
		d->syscalls, d->syscalls == 1 ? "" : "s", d->syscalls == 1 ? "s" : "", d->numbers,
		d->numbers == 1 ? "" : "s", d->numbers == 1 ? "s" : "", d->inputs);
}

static void put_decision(struct jsonw *w, const char *key, const struct verdict_sys *s)
{
	_cleanup_buf_ struct buf t = BUF_INIT;
	jsonw_key(w, key);
	jsonw_obj_open(w);
	if (s->conditional)
		jsonw_kstr(w, "action", "conditional");
	else
		put_ret(w, s->ret);
	if (verdict_sys_text(s, &t) == 0)
		jsonw_kstr(w, "text", t.data);
	jsonw_obj_close(w);
}

static void diff_json(FILE *f, const struct source *a, const struct source *b,
		      const struct vdiff *d)
{
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.seccomp-diff/v1");
	jsonw_kstr(&w, "a", a->spec);
	jsonw_kstr(&w, "b", b->spec);
	jsonw_kbool(&w, "same", d->n == 0);
	jsonw_kint(&w, "syscalls", (int64_t)d->syscalls);
	jsonw_kint(&w, "numbers", (int64_t)d->numbers);
	jsonw_kint(&w, "inputs", (int64_t)d->inputs);
	jsonw_key(&w, "differences");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < d->n; i++) {
		const struct vdiff_item *it = &d->items[i];
		jsonw_obj_open(&w);
		const struct verdict_abi *abi = &a->v.abi[it->abi];
		jsonw_kstr(&w, "abi", abi->name);
		jsonw_key(&w, "syscall");
		if (it->a)
			jsonw_str(&w, it->a->name);
		else
			jsonw_null(&w);
		jsonw_kint(&w, "nr", it->nr & ~abi->nr_bit);
		if (!it->a)
			jsonw_kint(&w, "nr_last", it->nr_last & ~abi->nr_bit);
		if (it->a) {
			put_decision(&w, "a", it->a);
			put_decision(&w, "b", it->b);
		}
		jsonw_key(&w, "witness");
		jsonw_obj_open(&w);
		for (unsigned k = 0; k < VDIFF_FIELDS; k++)
			if (it->fields & (1u << k)) {
				char name[8], v[24];
				snprintf(name, sizeof(name), k ? "arg%u" : "ip", k - 1);
				snprintf(v, sizeof(v), "0x%llx", (unsigned long long)it->value[k]);
				jsonw_kstr(&w, name, v);
			}
		jsonw_key(&w, "a");
		jsonw_obj_open(&w);
		put_ret(&w, it->ret_a);
		jsonw_obj_close(&w);
		jsonw_key(&w, "b");
		jsonw_obj_open(&w);
		put_ret(&w, it->ret_b);
		jsonw_obj_close(&w);
		jsonw_obj_close(&w);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

/* --caps pid: the bounding set of the pid:N source, which is what runtimes decide their
 * profiles' caps-conditional rules with. */
static int caps_of_pid(const struct opts *o, uint64_t *caps)
{
	for (int i = 0; i < 2; i++) {
		pid_t pid;
		if (parse_pid(o->args[i], &pid) < 0 || strncmp(o->args[i], "pid:", 4) != 0)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
		_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
		_cleanup_buf_ struct buf b = BUF_INIT;
		struct proc_status st;
		if (fd < 0 || read_fd(fd, 64u << 10, &b) < 0 || status_parse(b.data, &st) < 0) {
			cli_error("cannot read the capabilities of process %d", (int)pid);
			return EXIT_UNREADABLE;
		}
		*caps = st.cap_bnd;
		return 0;
	}
	return cli_usage_error("seccomp", "--caps pid needs a pid:N source");
}

int cli_seccomp_diff(int argc, char **argv)
{
	struct opts o;
	int r = parse_opts("diff", argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (o.nargs != 2)
		return cli_usage_error("seccomp", "diff takes two SOURCEs");
	if (strcmp(o.abi, "native") != 0 && strcmp(o.abi, "all") != 0)
		return cli_usage_error("seccomp", "diff compares --abi native or all");
	uint64_t caps = 0;
	if (o.caps && strcmp(o.caps, "pid") == 0)
		r = caps_of_pid(&o, &caps);
	else if (o.caps)
		r = parse_caps(o.caps, &caps);
	if (r)
		return r;
	struct source a = {.spec = o.args[0], .caps = caps}, b = {.spec = o.args[1], .caps = caps};
	struct vdiff d = {0};
	if ((r = source_load(&a, &o)) == 0 && (r = source_load(&b, &o)) == 0) {
		size_t nabi = strcmp(o.abi, "all") == 0 ? a.v.nabi : 1;
		if (vdiff_compute(a.d.progs, a.d.n, &a.v, b.d.progs, b.d.n, &b.v, nabi, &d) < 0) {
			cli_error("out of memory");
			r = EXIT_UNREADABLE;
		}
	}
	if (r == 0) {
		FILE *f = open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			if (o.format == FMT_JSON)
				diff_json(f, &a, &b, &d);
			else
				diff_text(f, &a, &b, &d);
			r = close_out(f);
			if (r == 0 && d.n)
				r = EXIT_FINDINGS;
		}
	}
	vdiff_free(&d);
	source_free(&a);
	source_free(&b);
	return r;
}
