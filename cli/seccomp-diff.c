/* ctguard seccomp diff: the syscalls on which two filters decide differently, found by
 * emulation (seccomp/vdiff.c), each with a call that shows it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kernel/status.h"
#include "seccomp/vdiff.h"
#include "cli/cli.h"
#include "cli/seccomp-show.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

/* diff: no input found that tells them apart, but not proven equal either. */
#define EXIT_UNPROVEN 4

/* What was shown, exactly: "for every input" only when proven. */
static void witness_text(FILE *f, const struct vdiff_item *it)
{
	if (it->status == VDIFF_UNPROVEN) {
		_cleanup_buf_ struct buf why = BUF_INIT;
		verdict_approx_text(it->approx, &why);
		fprintf(f, "could not prove equal (%s; no input found that tells them apart)",
			why.data ? why.data : "a path on which they differ may be infeasible");
		return;
	}
	if (it->every) {
		fprintf(f, "for every input (proven)");
		return;
	}
	fprintf(f, "for this input:");
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
	if (it->fields != (1u << VDIFF_FIELDS) - 1)
		fprintf(f, " (%s 0)", it->fields ? "the others" : "every argument and ip");
}

static void number_text(FILE *f, const struct verdict_abi *abi, const struct vdiff_item *it)
{
	uint32_t lo = it->nr & ~abi->nr_bit, hi = it->nr_last & ~abi->nr_bit;
	if (lo == hi)
		fprintf(f, "%s number %u (no syscall): ", abi->name, lo);
	else
		fprintf(f, "%s numbers %u-%u (no syscalls): ", abi->name, lo, hi);
}

static void diff_text(FILE *f, const struct sc_source *a, const struct sc_source *b,
		      const struct vdiff *d)
{
	fprintf(f, "A: %s (seccomp %s, %zu filter%s)\n", a->spec, cli_sc_mode_name(a->d.mode),
		a->d.n, a->d.n == 1 ? "" : "s");
	fprintf(f, "B: %s (seccomp %s, %zu filter%s)\n", b->spec, cli_sc_mode_name(b->d.mode),
		b->d.n, b->d.n == 1 ? "" : "s");
	for (size_t i = 0; i < d->n; i++) {
		const struct vdiff_item *it = &d->items[i];
		const struct verdict_abi *abi = &a->v.abi[it->abi];
		char ra[48], rb[48];
		if (!it->a) {
			number_text(f, abi, it);
		} else {
			_cleanup_buf_ struct buf ta = BUF_INIT;
			_cleanup_buf_ struct buf tb = BUF_INIT;
			verdict_sys_text(it->a, &ta);
			verdict_sys_text(it->b, &tb);
			fprintf(f, "%s %s:\n  A: %s\n  B: %s\n  ", abi->name, it->a->name,
				ta.data ? ta.data : "?", tb.data ? tb.data : "?");
		}
		witness_text(f, it);
		/* An approximate path's results are assumptions: not shown as a result. */
		if (it->status == VDIFF_UNPROVEN && (it->approx || it->ret_a == it->ret_b))
			fputc('\n', f);
		else
			fprintf(f, "%s: A %s, B %s\n",
				it->status == VDIFF_UNPROVEN
				    ? "; a path that may be infeasible ends in"
				    : "",
				verdict_ret_str(it->ret_a, ra, sizeof(ra)),
				verdict_ret_str(it->ret_b, rb, sizeof(rb)));
	}
	fprintf(f, "%zu syscall%s differ%s; %zu unused number%s differ%s", d->syscalls,
		d->syscalls == 1 ? "" : "s", d->syscalls == 1 ? "s" : "", d->numbers,
		d->numbers == 1 ? "" : "s", d->numbers == 1 ? "s" : "");
	if (d->unproven)
		fprintf(f, "; %zu number%s could not be proven equal", d->unproven,
			d->unproven == 1 ? "" : "s");
	else if (d->n == 0) {
		fprintf(f, "; equal for every input of");
		for (size_t i = 0; i < d->nabi; i++)
			fprintf(f, "%s%s", i ? ", " : " ", a->v.abi[i].name);
		fprintf(f, " (%s)", d->identical ? "the same programs" : "proven");
	}
	fprintf(f, " (%zu inputs emulated)\n", d->inputs);
}

static void put_decision(struct jsonw *w, const char *key, const struct verdict_sys *s)
{
	_cleanup_buf_ struct buf t = BUF_INIT;
	jsonw_key(w, key);
	jsonw_obj_open(w);
	if (s->conditional)
		jsonw_kstr(w, "action", "conditional");
	else
		cli_sc_put_ret(w, s->ret);
	cli_sc_put_exact(w, s->approx);
	if (verdict_sys_text(s, &t) == 0)
		jsonw_kstr(w, "text", t.data);
	jsonw_obj_close(w);
}

static void put_item(struct jsonw *w, const struct sc_source *a, const struct vdiff_item *it)
{
	jsonw_obj_open(w);
	const struct verdict_abi *abi = &a->v.abi[it->abi];
	jsonw_kstr(w, "abi", abi->name);
	jsonw_key(w, "syscall");
	if (it->a)
		jsonw_str(w, it->a->name);
	else
		jsonw_null(w);
	jsonw_kint(w, "nr", it->nr & ~abi->nr_bit);
	if (!it->a)
		jsonw_kint(w, "nr_last", it->nr_last & ~abi->nr_bit);
	jsonw_kstr(w, "status", it->status == VDIFF_UNPROVEN ? "unproven" : "differ");
	jsonw_kbool(w, "every_input", it->every);
	if (it->status == VDIFF_UNPROVEN)
		cli_sc_put_exact(w, it->approx);
	if (it->a) {
		put_decision(w, "a", it->a);
		put_decision(w, "b", it->b);
	}
	jsonw_key(w, "witness");
	if (it->status == VDIFF_UNPROVEN) { /* no input shows anything */
		jsonw_null(w);
		jsonw_obj_close(w);
		return;
	}
	jsonw_obj_open(w);
	for (unsigned k = 0; k < VDIFF_FIELDS; k++)
		if (it->fields & (1u << k)) {
			char name[8], v[24];
			snprintf(name, sizeof(name), k ? "arg%u" : "ip", k - 1);
			snprintf(v, sizeof(v), "0x%llx", (unsigned long long)it->value[k]);
			jsonw_kstr(w, name, v);
		}
	jsonw_key(w, "a");
	jsonw_obj_open(w);
	cli_sc_put_ret(w, it->ret_a);
	jsonw_obj_close(w);
	jsonw_key(w, "b");
	jsonw_obj_open(w);
	cli_sc_put_ret(w, it->ret_b);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

static void diff_json(FILE *f, const struct sc_source *a, const struct sc_source *b,
		      const struct vdiff *d)
{
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.seccomp-diff/v1");
	jsonw_kstr(&w, "a", a->spec);
	jsonw_kstr(&w, "b", b->spec);
	jsonw_kbool(&w, "same", d->n == 0);
	jsonw_kstr(&w, "result",
		   d->syscalls || d->numbers ? "differ"
		   : d->unproven	     ? "unproven"
					     : "equal");
	jsonw_kint(&w, "syscalls", (int64_t)d->syscalls);
	jsonw_kint(&w, "numbers", (int64_t)d->numbers);
	jsonw_kint(&w, "unproven", (int64_t)d->unproven);
	jsonw_key(&w, "abis");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < d->nabi; i++)
		jsonw_str(&w, a->v.abi[i].name);
	jsonw_arr_close(&w);
	jsonw_kint(&w, "inputs", (int64_t)d->inputs);
	jsonw_key(&w, "differences");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < d->n; i++)
		put_item(&w, a, &d->items[i]);
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
	jsonw_end(&w);
}

/* --caps pid: the bounding set of the pid:N source, which is what runtimes decide their
 * profiles' caps-conditional rules with. */
static int caps_of_pid(const struct sc_opts *o, uint64_t *caps)
{
	for (int i = 0; i < 2; i++) {
		pid_t pid;
		if (cli_sc_parse_pid(o->args[i], &pid) < 0 || strncmp(o->args[i], "pid:", 4) != 0)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
		_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
		_cleanup_buf_ struct buf b = BUF_INIT;
		struct proc_status st;
		if (fd < 0 || fileio_read_fd(fd, 64u << 10, &b) < 0 ||
		    status_parse(b.data, &st) < 0) {
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
	struct sc_opts o;
	int r = cli_sc_parse_opts("diff", argc, argv, &o);
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
		r = cli_sc_parse_caps(o.caps, &caps);
	if (r)
		return r;
	struct sc_source a = {.spec = o.args[0], .caps = caps},
			 b = {.spec = o.args[1], .caps = caps};
	struct vdiff d = {0};
	if ((r = cli_sc_load(&a, &o)) == 0 && (r = cli_sc_load(&b, &o)) == 0) {
		size_t nabi = strcmp(o.abi, "all") == 0 ? a.v.nabi : 1;
		if (vdiff_compute(a.d.progs, a.d.n, &a.v, b.d.progs, b.d.n, &b.v, nabi, &d) < 0) {
			cli_error("out of memory");
			r = EXIT_UNREADABLE;
		}
	}
	if (r == 0) {
		FILE *f = cli_sc_open_out(o.out);
		r = EXIT_UNREADABLE;
		if (f) {
			if (o.format == FMT_JSON)
				diff_json(f, &a, &b, &d);
			else
				diff_text(f, &a, &b, &d);
			r = cli_sc_close_out(f);
			if (r == 0 && (d.syscalls || d.numbers))
				r = EXIT_FINDINGS;
			else if (r == 0 && d.unproven)
				r = EXIT_UNPROVEN;
		}
	}
	vdiff_free(&d);
	cli_sc_free(&a);
	cli_sc_free(&b);
	return r;
}
