/* The wrapper runtime's reading of runc's command line, runc's argv as the gate hands it on,
 * and exec's process from its options (enforce/gateargs.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enforce/gateargs.h"
#include "kernel/caps.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "oci/oci.h"

bool gateargs_true(const struct runc_args *ra, enum ra_key key, bool global)
{
	bool on = false;
	size_t from = global ? 0 : ra->nglobal, to = global ? ra->nglobal : ra->nopts;
	for (size_t i = from; i < to; i++)
		if (ra->opts[i].flag->key == key)
			on = !ra->opts[i].value || runc_parse_bool(ra->opts[i].value) == 1;
	return on;
}

const char *gateargs_str(const struct runc_args *ra, enum ra_key key, bool global)
{
	const char *v = runc_args_get(ra, key, global);
	return v && *v ? v : NULL;
}

int gateargs_parse(int argc, char **argv, struct gateargs *a, struct error *err)
{
	*a = (struct gateargs){.argc = argc, .argv = argv, .bundle = "."};
	int r = runc_args_parse(argc, argv, &a->ra, err);
	const struct runc_args *ra = &a->ra;
	a->log = runc_args_get(ra, RA_LOG, true);
	a->logformat = runc_args_get(ra, RA_LOG_FORMAT, true);
	a->root = runc_args_get(ra, RA_ROOT, true);
	a->config = runc_args_get(ra, RA_CT_CONFIG, true);
	a->ctguard_help = gateargs_true(ra, RA_CT_HELP, true);
	a->ctguard_check = gateargs_true(ra, RA_CT_CHECK, true);
	a->ctguard_args = gateargs_true(ra, RA_CT_ARGS, true);
	a->command = ra->command;
	if (r < 0 || !ra->gated)
		return r;
	a->id = ra->npos ? argv[ra->pos[0]] : NULL;
	if (gateargs_str(ra, RA_BUNDLE, false))
		a->bundle = gateargs_str(ra, RA_BUNDLE, false);
	a->process = gateargs_str(ra, RA_PROCESS, false);
	return 0;
}

void gateargs_free(struct gateargs *a)
{
	runc_args_free(&a->ra);
}

bool gateargs_help(const struct gateargs *a)
{
	return a->ra.help || gateargs_true(&a->ra, RA_HELP, true) ||
	       gateargs_true(&a->ra, RA_VERSION, true);
}

char **gateargs_runc_argv(const struct gateargs *a)
{
	char **nv = calloc((size_t)a->argc + 3, sizeof(*nv));
	if (!nv)
		return NULL;
	memcpy(nv, a->argv, (size_t)a->argc * sizeof(*nv));
	/* podman --runtime-flag passes ctguard's options to every call: the real runtime sees
	 * only its own. */
	for (size_t k = 0; k < a->ra.nglobal; k++) {
		const struct ra_opt *o = &a->ra.opts[k];
		if (o->flag->key >= RA_CT_CONFIG && o->flag->key <= RA_CT_ARGS)
			nv[o->at] = nv[o->value_at] = NULL;
	}
	return nv;
}

int gateargs_compact(char **nv, int argc)
{
	int n = 0;
	for (int i = 0; i < argc + 2; i++)
		if (nv[i])
			nv[n++] = nv[i];
	nv[n] = NULL;
	return n;
}

int gateargs_set_value(const struct gateargs *a, char **nv, const char *value_at, const char *opt,
		       const char *repl)
{
	for (int i = 0; i < a->argc; i++) {
		size_t len = strlen(a->argv[i]);
		if (value_at < a->argv[i] || value_at > a->argv[i] + len)
			continue;
		_cleanup_buf_ struct buf b = BUF_INIT;
		buf_printf(&b, "%.*s%s", (int)(value_at - a->argv[i]), a->argv[i], repl);
		if (!b.data)
			return -ENOMEM;
		nv[i] = buf_steal(&b);
		return 0;
	}
	int at = a->ra.command_at;
	char *copy = strdup(repl);
	if (!copy || at <= 0 || at >= a->argc)
		return free(copy), -ENOMEM;
	memmove(nv + at + 3, nv + at + 1, (size_t)(a->argc - at - 1) * sizeof(*nv));
	nv[at + 1] = (char *)opt;
	nv[at + 2] = copy;
	return 0;
}

/* Go's strconv.Atoi then uint32(): how runc turns exec --user's parts into ids (so
 * "4294967296" is 0). Returns 0 or -EINVAL. */
static int runc_id(const char *s, size_t len, uint32_t *out)
{
	char buf[32];
	long long v;
	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (runc_parse_int64(buf, &v) < 0)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/* exec --user UID[:GID] as runc reads it; gid is left alone without ":GID". */
static int user_ids(const char *v, uint32_t *uid, uint32_t *gid)
{
	const char *colon = strchr(v, ':');
	size_t ulen = colon ? (size_t)(colon - v) : strlen(v);
	if (runc_id(v, ulen, uid) < 0 || (colon && runc_id(colon + 1, strlen(colon + 1), gid) < 0))
		return -EINVAL;
	return 0;
}

/* runc's getProcess: context.IsSet("no-new-privs") overrides the config's value, so
 * "--no-new-privs=false" clears the no_new_privs judged at create; without the option the
 * config's (judged) value applies, stood in for by true. */
static bool exec_nnp(const struct runc_args *ra)
{
	bool nnp = true;
	for (size_t i = ra->nglobal; i < ra->nopts; i++)
		if (ra->opts[i].flag->key == RA_NO_NEW_PRIVS)
			nnp = !ra->opts[i].value || runc_parse_bool(ra->opts[i].value) == 1;
	return nnp;
}

/* --cap into the bounding set, --additional-gids into user.additionalGids. */
static int exec_lists(const struct runc_args *ra, json_object *capl, json_object *gids, bool *ok,
		      struct error *err)
{
	for (size_t i = ra->nglobal; i < ra->nopts; i++) {
		const struct ra_opt *o = &ra->opts[i];
		long long g;
		if (o->flag->key == RA_CAP)
			oci_push(capl, json_object_new_string(o->value), ok);
		if (o->flag->key != RA_GIDS)
			continue;
		if (runc_parse_int64(o->value, &g) < 0 || g < 0)
			return error_set(err, -EINVAL, "exec --additional-gids '%s' is not a gid",
					 o->value);
		oci_push(gids, json_object_new_int64((uint32_t)g), ok);
	}
	return 0;
}

int gateargs_exec_process(const struct gateargs *a, json_object *wrap, struct error *err)
{
	bool ok = true;
	const struct runc_args *ra = &a->ra;
	json_object *proc = oci_put(wrap, "process", json_object_new_object(), &ok);
	json_object *user = oci_put(proc, "user", json_object_new_object(), &ok);
	oci_put(proc, "noNewPrivileges", json_object_new_boolean(exec_nnp(ra)), &ok);
	uint32_t uid = GATEARGS_STANDIN_ID, gid = GATEARGS_STANDIN_ID;
	const char *v = gateargs_str(ra, RA_USER, false);
	if (v && user_ids(v, &uid, &gid) < 0)
		return error_set(err, -EINVAL, "exec --user '%s' is not UID[:GID]", v);
	oci_put(user, "uid", json_object_new_int64(uid), &ok);
	oci_put(user, "gid", json_object_new_int64(gid), &ok);
	json_object *gids = oci_put(user, "additionalGids", json_object_new_array(), &ok);
	json_object *caps = oci_put(proc, "capabilities", json_object_new_object(), &ok);
	json_object *capl = oci_put(caps, "bounding", json_object_new_array(), &ok);
	int r = exec_lists(ra, capl, gids, &ok, err);
	if (r < 0)
		return r;
	if ((v = gateargs_str(ra, RA_APPARMOR, false)))
		oci_put(proc, "apparmorProfile", json_object_new_string(v), &ok);
	if ((v = gateargs_str(ra, RA_PROCESS_LABEL, false)))
		oci_put(proc, "selinuxLabel", json_object_new_string(v), &ok);
	return ok ? 0 : error_set(err, -ENOMEM, "out of memory");
}

static bool gids_has(json_object *list, uint32_t gid)
{
	for (size_t i = 0; list && i < json_object_array_length(list); i++)
		if ((uint32_t)json_object_get_int64(json_object_array_get_idx(list, i)) == gid)
			return true;
	return false;
}

/* --user: rewritten only when the gate changed it: "1000" (the config's gid, stood in for)
 * stays as it was. */
static const char *fix_user(const char *value, json_object *wrap, char *buf, size_t bufsz)
{
	uint32_t uid = 0, gid = 0, ouid = 0, ogid = GATEARGS_STANDIN_ID;
	oci_get_u32(wrap, "process.user.uid", &uid);
	oci_get_u32(wrap, "process.user.gid", &gid);
	if (!*value || user_ids(value, &ouid, &ogid) < 0 || (uid == ouid && gid == ogid))
		return NULL;
	snprintf(buf, bufsz, "%u:%u", uid, gid);
	return buf;
}

/* What enforce mode does to one exec option, given the process as the gate rewrote it:
 * NULL keeps it, "" drops it (and its value), anything else is its new value. */
static const char *exec_fix(const struct ra_opt *o, json_object *wrap, uint64_t kept, char *buf,
			    size_t bufsz)
{
	long long g;
	const char *now;
	switch (o->flag->key) {
	case RA_USER:
		return fix_user(o->value, wrap, buf, bufsz);
	case RA_GIDS:
		runc_parse_int64(o->value, &g);
		return gids_has(oci_get(wrap, "process.user.additionalGids"), (uint32_t)g) ? NULL
											   : "";
	case RA_CAP: {
		int bit = caps_from_name(o->value);
		return bit >= 0 && bit < 64 && (kept & (UINT64_C(1) << bit)) ? NULL : "";
	}
	case RA_NO_NEW_PRIVS: {
		/* Dropped when false and the gate set it: the config's (judged) value applies. */
		bool on = !o->value || runc_parse_bool(o->value) == 1;
		json_object *v = oci_get(wrap, "process.noNewPrivileges");
		bool set = v && json_object_get_boolean(v);
		return on || !set ? NULL : "";
	}
	case RA_APPARMOR:
	case RA_PROCESS_LABEL:
		if (!*o->value)
			return NULL;
		now = oci_get_str(wrap, o->flag->key == RA_APPARMOR ? "process.apparmorProfile"
								    : "process.selinuxLabel");
		return !now ? "" : strcmp(now, o->value) == 0 ? NULL : now;
	default:
		return NULL;
	}
}

int gateargs_exec_rewrite(const struct gateargs *a, json_object *wrap, uint64_t kept, char **nv)
{
	const struct runc_args *ra = &a->ra;
	for (size_t i = ra->nglobal; i < ra->nopts; i++) {
		const struct ra_opt *o = &ra->opts[i];
		char buf[64];
		const char *fix = exec_fix(o, wrap, kept, buf, sizeof(buf));
		if (!fix)
			continue;
		if (!*fix) {
			nv[o->at] = nv[o->value_at] = NULL;
			continue;
		}
		_cleanup_buf_ struct buf tok = BUF_INIT;
		if (o->value_at == o->at)
			buf_printf(&tok, "%.*s%s", (int)(o->value - a->argv[o->at]), a->argv[o->at],
				   fix);
		else
			buf_puts(&tok, fix);
		if (!tok.data || !(nv[o->value_at] = strdup(tok.data)))
			return -ENOMEM;
	}
	return 0;
}
