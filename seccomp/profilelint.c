/* The review of a seccomp profile (seccomp/profilelint.h). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "seccomp/profilelint.h"

struct lint {
	const struct profile *p;
	struct strv *out;
	int n;
	bool oom;
};

static void warn_at(struct lint *l, const struct profile_rule *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn_at(struct lint *l, const struct profile_rule *r, const char *fmt, ...)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	va_list ap;
	buf_printf(&b, "%s:%u:%u: warning: ", l->p->file, r->line, r->column);
	va_start(ap, fmt);
	char msg[1024];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	buf_puts(&b, msg);
	if (!b.data || strv_push(l->out, b.data) < 0)
		l->oom = true;
	l->n++;
}

static bool names(const struct profile_rule *r, const char *name)
{
	for (size_t i = 0; i < r->nnames; i++)
		if (strcmp(r->names[i], name) == 0)
			return true;
	return false;
}

static void lint_rule(struct lint *l, const struct profile_rule *r, bool socketcall)
{
	char a[64];
	const struct profile *p = l->p;
	if (profile_action_eq(r->action, p->def))
		warn_at(l, r, "the rule has the default action (%s): it changes nothing",
			profile_action_str(r->action, a, sizeof(a)));
	if (names(r, "clone3") && r->action.act == PROFILE_ACT_ERRNO && r->action.errnum == EPERM)
		warn_at(l, r,
			"clone3 answers EPERM: glibc falls back to clone only on ENOSYS, so "
			"threads and posix_spawn fail");
	if (socketcall && names(r, "socket") && r->nargs)
		warn_at(l, r,
			"socket is filtered by its arguments but socketcall is allowed: on "
			"32-bit arches socketcall(SYS_SOCKET, ...) bypasses this filter");
	unsigned seen = 0;
	for (size_t k = 0; k < r->nargs; k++) {
		unsigned bit = 1u << r->args[k].index;
		if (seen & bit)
			warn_at(l, r,
				"several conditions on argument %u: ctguard ANDs them, runc "
				"and Docker OR them (one rule each)",
				r->args[k].index);
		seen |= bit;
	}
}

static void lint_rules(struct lint *l)
{
	const struct profile *p = l->p;
	bool socketcall = false;
	for (size_t i = 0; i < p->nrules; i++)
		socketcall |= names(&p->rules[i], "socketcall") &&
			      p->rules[i].action.act == PROFILE_ACT_ALLOW;
	for (size_t i = 0; i < p->nrules; i++)
		lint_rule(l, &p->rules[i], socketcall);
}

/* What libseccomp merges away: an unconditional rule next to a rule of another action for
 * the same syscall (the compiler refuses it in ctguard's format). */
static void lint_conflicts(struct lint *l, uint64_t caps)
{
	const struct profile *p = l->p;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct profile_rule *a = &p->rules[i];
		if (a->nargs || !profile_rule_applies(a, caps))
			continue;
		for (size_t j = 0; j < p->nrules; j++) {
			const struct profile_rule *b = &p->rules[j];
			if (i == j || profile_action_eq(a->action, b->action) ||
			    !profile_rule_applies(b, caps))
				continue;
			for (size_t k = 0; k < a->nnames; k++)
				if (a->nrs[k] >= 0 && names(b, a->names[k]) && (b->nargs || j > i))
					warn_at(
					    l, b,
					    "'%s' also has an unconditional rule (line %u) with "
					    "another action: libseccomp keeps only that one, this "
					    "rule has no effect",
					    a->names[k], a->line);
		}
	}
}

int profilelint_run(const struct profile *p, uint64_t caps, struct strv *out)
{
	struct lint l = {.p = p, .out = out};
	lint_rules(&l);
	if (p->format == PROFILE_FORMAT_DOCKER)
		lint_conflicts(&l, caps);
	return l.oom ? -ENOMEM : l.n;
}
