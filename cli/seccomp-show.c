/* ctguard seccomp dump|show: a running process's filters, and what a filter decides for every
 * syscall; the sources (pid:N, profile, raw program) that show and diff share. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "seccomp/filterdump.h"
#include "seccomp/verdict.h"
#include "cli/cli.h"
#include "cli/seccomp-show.h"
#include "seccomp/filter.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/jsonw.h"
#include "seccomp/profile.h"

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

int cli_sc_parse_opts(const char *cmd, int argc, char **argv, struct sc_opts *o)
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
	*o = (struct sc_opts){.abi = "native"};
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

int cli_sc_parse_pid(const char *s, pid_t *pid)
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

static struct filterdump_options dump_opts(const struct sc_opts *o)
{
	const char *t = getenv("CTGUARD_TEST_DUMP_STOP_MS");
	return (struct filterdump_options){.timeout_ms = o->timeout_ms,
					   .test_stop_ms = t ? atoi(t) : 0};
}

static int exit_for(int r)
{
	return r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
}

/* A profile compiled the way `ctguard run` would load it. */
static int load_profile(struct sc_source *s)
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
	    fileio_read_fd(fd, BPF_PROG_MAX * sizeof(struct sock_filter), &b) < 0) {
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

static int load_bpf(struct sc_source *s, const char *path)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	struct error err = {0};
	int r = fileio_read_user(path, BPF_PROG_MAX * sizeof(struct sock_filter), &b, &err);
	if (r < 0) {
		if (r == -EFBIG)
			cli_error("cannot read '%s': longer than 4096 instructions", path);
		else
			cli_error("%s", err.msg);
		return r == -EFBIG || r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
	}
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
int cli_sc_load(struct sc_source *s, const struct sc_opts *o)
{
	struct error err = {0};
	int r;
	size_t len = strlen(s->spec);
	if (strncmp(s->spec, "pid:", 4) == 0) {
		s->kind = SRC_PID;
		if (cli_sc_parse_pid(s->spec, &s->pid) < 0)
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

void cli_sc_free(struct sc_source *s)
{
	verdict_free(&s->v);
	filterdump_free(&s->d);
}

const char *cli_sc_mode_name(int mode)
{
	return mode == 0 ? "disabled" : mode == 1 ? "strict" : "filter";
}

FILE *cli_sc_open_out(const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	FILE *f = fopen(path, "we");
	if (!f)
		cli_error("cannot write '%s': %s", path, strerror(errno));
	return f;
}

int cli_sc_close_out(FILE *f)
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
	fprintf(f, "pid %d: seccomp %s", (int)pid, cli_sc_mode_name(d->mode));
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
	jsonw_kstr(&w, "mode", cli_sc_mode_name(d->mode));
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

static int write_raw(const struct filterdump *d, const struct sc_opts *o)
{
	if ((size_t)o->index >= d->n) {
		cli_error("no filter %d (the process has %zu)", o->index, d->n);
		return EXIT_USAGE;
	}
	const struct bpf_prog *p = &d->progs[o->index];
	FILE *f = cli_sc_open_out(o->out);
	if (!f)
		return EXIT_UNREADABLE;
	fwrite(p->insns, sizeof(*p->insns), p->len, f);
	return cli_sc_close_out(f);
}

int cli_seccomp_dump(int argc, char **argv)
{
	struct sc_opts o;
	int r = cli_sc_parse_opts("dump", argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : r;
	pid_t pid;
	if (o.nargs != 1 || cli_sc_parse_pid(o.args[0], &pid) < 0)
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
		FILE *f = cli_sc_open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			if (o.format == FMT_JSON)
				dump_json(f, pid, &d);
			else
				dump_text(f, pid, &d);
			r = cli_sc_close_out(f);
		}
	}
	filterdump_free(&d);
	return r;
}

/* ---- show --------------------------------------------------------------------------- */

void cli_sc_put_ret(struct jsonw *w, uint32_t ret)
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

void cli_sc_put_exact(struct jsonw *w, unsigned approx)
{
	jsonw_kbool(w, "exact", approx == 0);
	if (!approx)
		return;
	_cleanup_strv_ struct strv why = STRV_INIT;
	verdict_approx_names(approx, &why);
	jsonw_key(w, "approx");
	jsonw_arr_open(w);
	for (size_t i = 0; i < why.n; i++)
		jsonw_str(w, why.v[i]);
	jsonw_arr_close(w);
}

static void put_sys(struct jsonw *w, const struct verdict_sys *s)
{
	jsonw_key(w, s->name);
	jsonw_obj_open(w);
	jsonw_kint(w, "nr", s->nr);
	if (!s->conditional) {
		cli_sc_put_ret(w, s->ret);
		cli_sc_put_exact(w, s->approx);
		jsonw_obj_close(w);
		return;
	}
	jsonw_kstr(w, "action", "conditional");
	put_args(w, s->words);
	_cleanup_strv_ struct strv when = STRV_INIT;
	_cleanup_free_ uint32_t *rets = NULL;
	_cleanup_free_ uint8_t *ap = NULL;
	_cleanup_buf_ struct buf text = BUF_INIT;
	cli_sc_put_exact(w, s->approx);
	jsonw_key(w, "rules");
	jsonw_arr_open(w);
	if (verdict_sys_rules(s, &when, &rets, &ap) == 0)
		for (size_t i = 0; i < when.n; i++) {
			jsonw_obj_open(w);
			jsonw_kstr(w, "when", when.v[i]);
			cli_sc_put_ret(w, rets[i]);
			cli_sc_put_exact(w, ap[i]);
			jsonw_obj_close(w);
		}
	jsonw_arr_close(w);
	jsonw_key(w, "otherwise");
	jsonw_obj_open(w);
	cli_sc_put_ret(w, s->ret);
	cli_sc_put_exact(w, s->approx_otherwise);
	jsonw_obj_close(w);
	jsonw_key(w, "may");
	jsonw_arr_open(w);
	for (int a = 0; a < VERDICT__ACTIONS; a++)
		if (s->may & (1u << a))
			jsonw_str(w, verdict_action_name(a));
	jsonw_arr_close(w);
	if (verdict_sys_text(s, &text) == 0)
		jsonw_kstr(w, "text", text.data);
	jsonw_obj_close(w);
}

static bool wanted(const struct sc_opts *o, const char *name)
{
	for (int i = 1; i < o->nargs; i++)
		if (strcmp(o->args[i], name) == 0)
			return true;
	return o->nargs <= 1;
}

static bool abi_listed(const struct sc_opts *o, size_t a, const char *name)
{
	return a == 0 || strcmp(o->abi, "all") == 0 || strcmp(o->abi, name) == 0;
}

static void show_json(FILE *f, const struct sc_source *s, const struct sc_opts *o)
{
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.seccomp/v1");
	jsonw_kstr(&w, "source", s->spec);
	jsonw_kstr(&w, "mode", cli_sc_mode_name(s->d.mode));
	jsonw_kint(&w, "filters", (int64_t)s->d.n);
	jsonw_kstr(&w, "arch", s->v.abi[0].name);
	jsonw_key(&w, "default");
	jsonw_obj_open(&w);
	cli_sc_put_ret(&w, s->v.default_ret);
	cli_sc_put_exact(&w, s->v.default_approx);
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
	jsonw_kbool(&w, "approximate", s->v.complex);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

static void abi_summary(FILE *f, const struct verdict_abi *abi)
{
	size_t count[VERDICT__ACTIONS] = {0}, cond = 0, approx = 0;
	for (size_t i = 0; i < abi->n; i++) {
		approx += abi->sys[i].approx != 0;
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
	if (approx)
		fprintf(f, " (%zu approximate, marked ~)", approx);
	fputc('\n', f);
}

static void abi_table(FILE *f, const struct verdict_abi *abi, const struct sc_opts *o)
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

static void show_call(FILE *f, const struct sc_source *s, const struct sc_opts *o, const char *name,
		      const uint64_t *args);

/* --call: what the kernel would do for exactly these values (one run of the stack). */
static void show_eval(FILE *f, const struct sc_source *s, const struct sc_opts *o)
{
	for (int c = 0; c < o->ncalls; c++) {
		char name[64];
		uint64_t args[6];
		parse_call(o->calls[c], name, args);
		show_call(f, s, o, name, args);
	}
}

static void show_call(FILE *f, const struct sc_source *s, const struct sc_opts *o, const char *name,
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

static void show_text(FILE *f, const struct sc_source *s, const struct sc_opts *o)
{
	char a[48];
	if (o->ncalls) {
		show_eval(f, s, o);
		return;
	}
	fprintf(f, "%s: seccomp %s", s->spec, cli_sc_mode_name(s->d.mode));
	if (s->d.mode == 2)
		fprintf(f, ", %zu filter%s", s->d.n, s->d.n == 1 ? "" : "s");
	if (s->kind == SRC_PID && s->d.mode == 2)
		fprintf(f, " (process stopped for %.0f us)", (double)s->d.stopped_ns / 1000.0);
	fprintf(f, "; default %s%s\n", s->v.default_approx ? "~" : "",
		verdict_ret_str(s->v.default_ret, a, sizeof(a)));
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
		fprintf(f,
			"\nsome decisions are approximate (marked ~, with the reason): where the "
			"filter returns a value computed from the input, computes on several "
			"words or exceeds the exploration budget, the worst case (allow) is "
			"assumed\n");
}

int cli_sc_parse_caps(const char *s, uint64_t *out)
{
	char bad[64];
	if (caps_parse_list(s, out, bad, sizeof(bad)) < 0)
		return cli_usage_error("seccomp", "unknown capability '%s'", bad);
	return 0;
}

static int check_abi(const struct sc_opts *o, const struct verdict *v)
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
	struct sc_opts o;
	int r = cli_sc_parse_opts("show", argc, argv, &o);
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
	struct sc_source s = {.spec = o.args[0]};
	if (o.caps && strncmp(s.spec, "pid:", 4) != 0 && (r = cli_sc_parse_caps(o.caps, &s.caps)))
		return r;
	if ((r = cli_sc_load(&s, &o)) == 0 && (r = check_abi(&o, &s.v)) == 0) {
		for (int i = 1; i < o.nargs; i++)
			if (!verdict_lookup(&s.v.abi[0], o.args[i])) {
				r = cli_usage_error("seccomp", "unknown syscall '%s'", o.args[i]);
				break;
			}
	}
	if (r == 0) {
		FILE *f = cli_sc_open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			if (o.format == FMT_JSON && !o.ncalls)
				show_json(f, &s, &o);
			else
				show_text(f, &s, &o);
			r = cli_sc_close_out(f);
		}
	}
	cli_sc_free(&s);
	return r;
}
