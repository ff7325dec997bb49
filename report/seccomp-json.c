/* The JSON renderers of `ctguard seccomp dump|show|diff` (report/screport.h):
 * ctguard.seccomp-dump/v1, ctguard.seccomp/v1, ctguard.seccomp-diff/v1. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/strv.h"
#include "report/screport.h"

void screport_dump_json(FILE *f, pid_t pid, const struct filterdump *d)
{
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.seccomp-dump/v1");
	jsonw_kint(&w, "pid", pid);
	jsonw_kstr(&w, "mode", screport_mode_name(d->mode));
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

void screport_put_ret(struct jsonw *w, uint32_t ret)
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

void screport_put_exact(struct jsonw *w, unsigned approx)
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
		screport_put_ret(w, s->ret);
		screport_put_exact(w, s->approx);
		jsonw_obj_close(w);
		return;
	}
	jsonw_kstr(w, "action", "conditional");
	put_args(w, s->words);
	_cleanup_strv_ struct strv when = STRV_INIT;
	_cleanup_free_ uint32_t *rets = NULL;
	_cleanup_free_ uint8_t *ap = NULL;
	_cleanup_buf_ struct buf text = BUF_INIT;
	screport_put_exact(w, s->approx);
	jsonw_key(w, "rules");
	jsonw_arr_open(w);
	if (verdict_sys_rules(s, &when, &rets, &ap) == 0)
		for (size_t i = 0; i < when.n; i++) {
			jsonw_obj_open(w);
			jsonw_kstr(w, "when", when.v[i]);
			screport_put_ret(w, rets[i]);
			screport_put_exact(w, ap[i]);
			jsonw_obj_close(w);
		}
	jsonw_arr_close(w);
	jsonw_key(w, "otherwise");
	jsonw_obj_open(w);
	screport_put_ret(w, s->ret);
	screport_put_exact(w, s->approx_otherwise);
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

void screport_show_json(FILE *f, const struct scsource *s, const struct screport_select *o)
{
	struct jsonw w;
	jsonw_init(&w, f, false);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "schema", "ctguard.seccomp/v1");
	jsonw_kstr(&w, "source", s->spec);
	jsonw_kstr(&w, "mode", screport_mode_name(s->d.mode));
	jsonw_kint(&w, "filters", (int64_t)s->d.n);
	jsonw_kstr(&w, "arch", s->v.abi[0].name);
	jsonw_key(&w, "default");
	jsonw_obj_open(&w);
	screport_put_ret(&w, s->v.default_ret);
	screport_put_exact(&w, s->v.default_approx);
	jsonw_obj_close(&w);
	jsonw_key(&w, "syscalls");
	jsonw_obj_open(&w);
	for (size_t i = 0; i < s->v.abi[0].n; i++)
		if (screport_wanted(o, s->v.abi[0].sys[i].name))
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
		if (screport_abi_listed(o, a, abi->name)) {
			jsonw_key(&w, "syscalls");
			jsonw_obj_open(&w);
			for (size_t i = 0; i < abi->n; i++)
				if (screport_wanted(o, abi->sys[i].name))
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

static void put_decision(struct jsonw *w, const char *key, const struct verdict_sys *s)
{
	_cleanup_buf_ struct buf t = BUF_INIT;
	jsonw_key(w, key);
	jsonw_obj_open(w);
	if (s->conditional)
		jsonw_kstr(w, "action", "conditional");
	else
		screport_put_ret(w, s->ret);
	screport_put_exact(w, s->approx);
	if (verdict_sys_text(s, &t) == 0)
		jsonw_kstr(w, "text", t.data);
	jsonw_obj_close(w);
}

static void put_item(struct jsonw *w, const struct scsource *a, const struct vdiff_item *it)
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
		screport_put_exact(w, it->approx);
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
	screport_put_ret(w, it->ret_a);
	jsonw_obj_close(w);
	jsonw_key(w, "b");
	jsonw_obj_open(w);
	screport_put_ret(w, it->ret_b);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
	jsonw_obj_close(w);
}

void screport_diff_json(FILE *f, const struct scsource *a, const struct scsource *b,
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
