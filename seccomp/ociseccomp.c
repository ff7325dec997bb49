/* Seccomp profiles written as OCI linux.seccomp, and compared with a config's own. */
#include "config.h"

#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp/verdict.h"
#include "seccomp/filter.h"
#include "oci/oci.h"
#include "seccomp/ociseccomp.h"
#include "lib/buf.h"
#include "lib/cleanup.h"

static const char *act_name(enum profile_act a)
{
	switch (a) {
	case PROFILE_ACT_KILL_PROCESS:
		return "SCMP_ACT_KILL_PROCESS";
	case PROFILE_ACT_KILL_THREAD:
		return "SCMP_ACT_KILL_THREAD";
	case PROFILE_ACT_TRAP:
		return "SCMP_ACT_TRAP";
	case PROFILE_ACT_ERRNO:
		return "SCMP_ACT_ERRNO";
	case PROFILE_ACT_LOG:
		return "SCMP_ACT_LOG";
	case PROFILE_ACT_ALLOW:
		return "SCMP_ACT_ALLOW";
	}
	return "SCMP_ACT_KILL_PROCESS";
}

static const char *op_name(enum profile_op op)
{
	static const char *const names[] = {
	    [PROFILE_OP_EQ] = "SCMP_CMP_EQ",
	    [PROFILE_OP_NE] = "SCMP_CMP_NE",
	    [PROFILE_OP_LT] = "SCMP_CMP_LT",
	    [PROFILE_OP_LE] = "SCMP_CMP_LE",
	    [PROFILE_OP_GT] = "SCMP_CMP_GT",
	    [PROFILE_OP_GE] = "SCMP_CMP_GE",
	    [PROFILE_OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
	};
	return names[op];
}

static const char *native_arch(void)
{
	switch (seccomp_arch_native()) {
	case SCMP_ARCH_X86_64:
		return "SCMP_ARCH_X86_64";
	case SCMP_ARCH_AARCH64:
		return "SCMP_ARCH_AARCH64";
	case SCMP_ARCH_X86:
		return "SCMP_ARCH_X86";
	case SCMP_ARCH_ARM:
		return "SCMP_ARCH_ARM";
	case SCMP_ARCH_PPC64LE:
		return "SCMP_ARCH_PPC64LE";
	case SCMP_ARCH_S390X:
		return "SCMP_ARCH_S390X";
	case SCMP_ARCH_RISCV64:
		return "SCMP_ARCH_RISCV64";
	}
	return NULL;
}

static bool permits(enum profile_act a)
{
	return a == PROFILE_ACT_ALLOW || a == PROFILE_ACT_LOG;
}

/* In log mode every refusal logs and allows, as filter_compile does. */
static void add_action(json_object *o, const char *key, const char *errkey, struct profile_action a,
		       bool *ok)
{
	oci_put(o, key, json_object_new_string(act_name(a.act)), ok);
	if (a.act == PROFILE_ACT_ERRNO)
		oci_put(o, errkey, json_object_new_int(a.errnum), ok);
}

/* One rule appended to rules. */
static void add_rule(json_object *rules, const struct profile_rule *r, enum seccomp_mode mode,
		     bool *ok)
{
	json_object *o = oci_push(rules, json_object_new_object(), ok);
	json_object *names = oci_put(o, "names", json_object_new_array(), ok);
	for (size_t k = 0; k < r->nnames; k++)
		if (r->nrs[k] >= 0)
			oci_push(names, json_object_new_string(r->names[k]), ok);
	add_action(o, "action", "errnoRet", profile_action_effective(r->action, mode), ok);
	json_object *args = r->nargs ? oci_put(o, "args", json_object_new_array(), ok) : NULL;
	for (size_t i = 0; i < r->nargs; i++) {
		const struct profile_arg *a = &r->args[i];
		bool masked = a->op == PROFILE_OP_MASKED_EQ;
		json_object *x = oci_push(args, json_object_new_object(), ok);
		oci_put(x, "index", json_object_new_int((int)a->index), ok);
		oci_put(x, "value", json_object_new_uint64(masked ? a->mask : a->value), ok);
		oci_put(x, "valueTwo", json_object_new_uint64(masked ? a->value : 0), ok);
		oci_put(x, "op", json_object_new_string(op_name(a->op)), ok);
	}
}

int oci_seccomp_from_profile(const struct profile *p, uint64_t caps_keep, enum seccomp_mode mode,
			     json_object **out, struct error *err)
{
	*out = NULL;
	const char *arch = native_arch();
	if (!arch)
		return error_set(err, -ENOTSUP, "this architecture has no OCI seccomp name");
	for (size_t i = 0; i < p->nrules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (!profile_rule_applies(r, caps_keep))
			continue;
		/* runc resolves names with libseccomp and skips the ones it does not know: a
		 * refusal of such a syscall under an allowing default would allow it. */
		for (size_t k = 0; r->newer_names && k < r->nnames; k++)
			if (permits(p->def.act) && !permits(r->action.act) && r->nrs[k] >= 0 &&
			    seccomp_syscall_resolve_name(r->names[k]) == __NR_SCMP_ERROR)
				return error_set(
				    err, -EINVAL,
				    "%s:%u:%u: '%s' is unknown to the installed libseccomp, "
				    "so runc would skip this refusal and the default "
				    "action would allow it",
				    p->file, r->line, r->column, r->names[k]);
		for (size_t a = 0; a < r->nargs; a++)
			for (size_t b = a + 1; b < r->nargs; b++)
				if (r->args[a].index == r->args[b].index)
					return error_set(
					    err, -EINVAL,
					    "%s:%u:%u: this rule compares argument %u twice: "
					    "ctguard "
					    "ANDs such comparisons, runc ORs them, so the profile "
					    "cannot be handed to runc as written",
					    p->file, r->line, r->column, r->args[a].index);
	}
	/* A copy of a built-in profile that rules/seccomp-gen compiled for these capabilities and
	 * mode compiles: compiling it again was 5 ms of every launch the gate rewrites. */
	if (!(p->shared_names && strncmp(p->file, "builtin:", 8) == 0 &&
	      filter_precompiled_applies(p->file + 8, caps_keep, mode))) {
		struct filter *f = NULL;
		int r = filter_compile(p, caps_keep, mode, &f, err);
		if (r < 0)
			return r;
		filter_free(f);
	}

	bool ok = true;
	json_object *o = json_object_new_object();
	struct profile_action def = profile_action_effective(p->def, mode);
	add_action(o, "defaultAction", "defaultErrnoRet", def, &ok);
	json_object *arches = oci_put(o, "architectures", json_object_new_array(), &ok);
	oci_push(arches, json_object_new_string(arch), &ok);
	json_object *rules = oci_put(o, "syscalls", json_object_new_array(), &ok);
	for (size_t i = 0; i < p->nrules; i++)
		if (profile_rule_applies(&p->rules[i], caps_keep))
			add_rule(rules, &p->rules[i], mode, &ok);
	/* What ctguard's own filter answers ENOSYS, by name (runc takes names only; numbers
	 * libseccomp cannot name are left to runc's own ENOSYS stub for newer syscalls). */
	int nrs[FILTER_ENOSYS_MAX];
	size_t n;
	filter_enosys_nrs(p, caps_keep, p->def, nrs, &n);
	if (n && def.act != PROFILE_ACT_LOG) {
		json_object *x = oci_push(rules, json_object_new_object(), &ok);
		json_object *names = oci_put(x, "names", json_object_new_array(), &ok);
		for (size_t i = 0; i < n; i++) {
			_cleanup_free_ char *name =
			    seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nrs[i]);
			if (name)
				oci_push(names, json_object_new_string(name), &ok);
		}
		add_action(x, "action", "errnoRet",
			   (struct profile_action){PROFILE_ACT_ERRNO, ENOSYS}, &ok);
	}
	if (!ok) {
		json_object_put(o);
		return error_set(err, -ENOMEM, "out of memory");
	}
	*out = o;
	return 0;
}

#define WEAKER_NRS 512

/* Which numbers below WEAKER_NRS p lets through under some arguments: one pass over the rules
 * (a per-number scan of every rule cost 0.5 ms a launch with podman's 470-name rule). */
static void ever_allows(const struct profile *p, uint64_t caps_keep, bool log_refuses,
			uint64_t out[WEAKER_NRS / 64])
{
	uint64_t allowed[WEAKER_NRS / 64] = {0}, refused[WEAKER_NRS / 64] = {0};
	for (size_t i = 0; i < p->nrules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (!profile_rule_applies(r, caps_keep))
			continue;
		for (size_t k = 0; k < r->nnames; k++) {
			int nr = r->nrs[k];
			if (nr < 0 || nr >= WEAKER_NRS)
				continue;
			uint64_t bit = UINT64_C(1) << (nr % 64);
			if (permits(r->action.act) &&
			    !(log_refuses && r->action.act == PROFILE_ACT_LOG))
				allowed[nr / 64] |= bit;
			else if (r->nargs == 0)
				refused[nr / 64] |= bit;
		}
	}
	bool def = permits(p->def.act) && !(log_refuses && p->def.act == PROFILE_ACT_LOG);
	for (int w = 0; w < WEAKER_NRS / 64; w++)
		out[w] = allowed[w] | (def ? ~refused[w] : 0);
}

int oci_seccomp_load(json_object *sec, const char *name, struct profile **out, struct error *err)
{
	*out = NULL;
	/* From the object (not its printed text re-read through libyaml: 0.9 ms a launch). */
	struct diag d = {0};
	int r = profile_load_oci(name, sec, out, &d);
	if (r < 0)
		error_set(err, r == -ENOMEM ? r : -EINVAL, "%s",
			  d.msgs.n ? d.msgs.v[0] : "linux.seccomp cannot be read");
	diag_free(&d);
	if (r < 0)
		return r == -ENOMEM ? r : -EINVAL;
	/* runc resolves names with libseccomp and skips the ones it does not know. */
	for (size_t i = 0; i < (*out)->nrules; i++) {
		struct profile_rule *pr = &(*out)->rules[i];
		for (size_t k = 0; pr->newer_names && k < pr->nnames; k++)
			if (pr->nrs[k] >= 0 &&
			    seccomp_syscall_resolve_name(pr->names[k]) == __NR_SCMP_ERROR)
				pr->nrs[k] = __NR_SCMP_ERROR;
	}
	return 0;
}

bool oci_seccomp_disabled(json_object *sec)
{
	if (!sec || json_object_is_type(sec, json_type_null))
		return true;
	if (!json_object_is_type(sec, json_type_object))
		return false; /* runc refuses to start */
	json_object *def = NULL, *calls = NULL;
	json_object_object_get_ex(sec, "defaultAction", &def);
	json_object_object_get_ex(sec, "syscalls", &calls);
	bool no_def =
	    !def || json_object_is_type(def, json_type_null) ||
	    (json_object_is_type(def, json_type_string) && json_object_get_string_len(def) == 0);
	bool no_calls =
	    !calls || json_object_is_type(calls, json_type_null) ||
	    (json_object_is_type(calls, json_type_array) && json_object_array_length(calls) == 0);
	return no_def && no_calls;
}

/* Does sec list an architecture other than the native one? */
static bool lists_foreign_arch(json_object *sec)
{
	json_object *arches = NULL;
	const char *native = native_arch();
	if (!json_object_object_get_ex(sec, "architectures", &arches) ||
	    !json_object_is_type(arches, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(arches); i++) {
		const char *a = json_object_get_string(json_object_array_get_idx(arches, i));
		if (!native || !a || strcmp(a, native) != 0)
			return true;
	}
	return false;
}

int oci_seccomp_weaker(json_object *cfg, const struct profile *pol, uint64_t caps_keep,
		       enum seccomp_mode mode, struct strv *examples, size_t max, struct error *err)
{
	struct profile *mine = NULL;
	int r = oci_seccomp_load(cfg, "config.json linux.seccomp", &mine, err);
	if (r < 0)
		return r;
	int weaker = 0;
	/* runc applies every rule to each listed architecture: a rule allowing a syscall the
	 * native one lacks (socketcall, ipc on x86, reached by int 0x80 where the kernel has
	 * IA32 emulation) lets through, under any arguments, what the native judgement below
	 * never sees. The policy's own export lists the native architecture only. */
	bool foreign = lists_foreign_arch(cfg);
	for (size_t i = 0; foreign && i < mine->nrules; i++) {
		const struct profile_rule *ru = &mine->rules[i];
		if (!profile_rule_applies(ru, caps_keep) || !permits(ru->action.act) ||
		    (mode == SECCOMP_MODE_LOG && ru->action.act == PROFILE_ACT_LOG))
			continue;
		for (size_t k = 0; k < ru->nnames; k++)
			if (ru->nrs[k] < 0 && ru->nrs[k] != __NR_SCMP_ERROR) {
				weaker = 1;
				if (examples->n < max) {
					_cleanup_buf_ struct buf e = BUF_INIT;
					buf_printf(&e, "%s (another architecture)", ru->names[k]);
					if (e.data)
						strv_push(examples, e.data);
				}
			}
	}
	uint64_t m[WEAKER_NRS / 64], p[WEAKER_NRS / 64];
	ever_allows(mine, caps_keep, mode == SECCOMP_MODE_LOG, m);
	ever_allows(pol, caps_keep, false, p);
	for (int nr = 0; nr < WEAKER_NRS; nr++) {
		uint64_t bit = UINT64_C(1) << (nr % 64);
		if (!(m[nr / 64] & bit) || (p[nr / 64] & bit))
			continue;
		_cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		/* Newer than the installed libseccomp (mseal with 2.5.4): the project's table. */
		const char *known = name ? name : verdict_native_name(nr);
		if (!known)
			continue; /* no syscall has this number here */
		weaker = 1;
		if (examples->n < max)
			strv_push(examples, known);
	}
	profile_free(mine);
	return weaker;
}
