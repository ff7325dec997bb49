/* The text renderers of `ctguard seccomp dump|show|diff` (report/screport.h). */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "report/screport.h"
#include "seccomp/bpf.h"

const char *screport_mode_name(int mode)
{
	return mode == 0 ? "disabled" : mode == 1 ? "strict" : "filter";
}

void screport_dump_text(FILE *f, pid_t pid, const struct filterdump *d)
{
	fprintf(f, "pid %d: seccomp %s", (int)pid, screport_mode_name(d->mode));
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

static void abi_table(FILE *f, const struct verdict_abi *abi, const struct screport_select *o)
{
	fprintf(f, "  %4s  %-24s %s\n", "NR", "SYSCALL", "DECISION");
	for (size_t i = 0; i < abi->n; i++) {
		const struct verdict_sys *s = &abi->sys[i];
		if (!screport_wanted(o, s->name))
			continue;
		_cleanup_buf_ struct buf t = BUF_INIT;
		verdict_sys_text(s, &t);
		fprintf(f, "  %4u  %-24s %s\n", s->nr & ~abi->nr_bit, s->name,
			t.data ? t.data : "?");
	}
}

static void show_call(FILE *f, const struct scsource *s, const struct screport_select *o,
		      const char *name, const uint64_t *args)
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

/* --call: what the kernel would do for exactly these values (one run of the stack). */
static void show_eval(FILE *f, const struct scsource *s, const struct screport_select *o)
{
	for (int c = 0; c < o->ncalls; c++) {
		char name[64];
		uint64_t args[6];
		scsource_parse_call(o->calls[c], name, args);
		show_call(f, s, o, name, args);
	}
}

void screport_show_text(FILE *f, const struct scsource *s, const struct screport_select *o)
{
	char a[48];
	if (o->ncalls) {
		show_eval(f, s, o);
		return;
	}
	fprintf(f, "%s: seccomp %s", s->spec, screport_mode_name(s->d.mode));
	if (s->d.mode == 2)
		fprintf(f, ", %zu filter%s", s->d.n, s->d.n == 1 ? "" : "s");
	if (s->kind == SCSOURCE_PID && s->d.mode == 2)
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
		if (screport_abi_listed(o, i, abi->name))
			abi_table(f, abi, o);
	}
	if (s->v.complex)
		fprintf(f,
			"\nsome decisions are approximate (marked ~, with the reason): where the "
			"filter returns a value computed from the input, computes on several "
			"words or exceeds the exploration budget, the worst case (allow) is "
			"assumed\n");
}

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

void screport_diff_text(FILE *f, const struct scsource *a, const struct scsource *b,
			const struct vdiff *d)
{
	fprintf(f, "A: %s (seccomp %s, %zu filter%s)\n", a->spec, screport_mode_name(a->d.mode),
		a->d.n, a->d.n == 1 ? "" : "s");
	fprintf(f, "B: %s (seccomp %s, %zu filter%s)\n", b->spec, screport_mode_name(b->d.mode),
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
