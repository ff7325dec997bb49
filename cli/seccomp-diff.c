/* ctguard seccomp diff: the syscalls on which two filters decide differently, found by
 * emulation (audit/vdiff.c), each with a call that shows it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "audit/status.h"
#include "audit/vdiff.h"
#include "cli/cli.h"
#include "cli/seccomp-show.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

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
		cli_sc_put_ret(w, s->ret);
	if (verdict_sys_text(s, &t) == 0)
		jsonw_kstr(w, "text", t.data);
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
		cli_sc_put_ret(&w, it->ret_a);
		jsonw_obj_close(&w);
		jsonw_key(&w, "b");
		jsonw_obj_open(&w);
		cli_sc_put_ret(&w, it->ret_b);
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
			if (r == 0 && d.n)
				r = EXIT_FINDINGS;
		}
	}
	vdiff_free(&d);
	cli_sc_free(&a);
	cli_sc_free(&b);
	return r;
}
