/* A baseline is applied completely or not at all: when an allocation fails, no finding may be
 * read as new or fixed (a still failing finding listed as fixed, a fixed one with no rule id).
 * Built with -Wl,--wrap=strv_push,--wrap=strdup (tests/tests.mk): the library's calls go
 * through the wrappers below, which fail on demand. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/baseline.h"
#include "tests/tap.h"

int __real_strv_push(struct strv *l, const char *s);
int __wrap_strv_push(struct strv *l, const char *s);
char *__real_strdup(const char *s);
char *__wrap_strdup(const char *s);

static bool fail_push, fail_strdup;
static struct rule rule = {.id = "R1", .title = "a rule", .severity = SEV_HIGH};

int __wrap_strv_push(struct strv *l, const char *s)
{
	return fail_push ? -ENOMEM : __real_strv_push(l, s);
}

char *__wrap_strdup(const char *s)
{
	if (fail_strdup && s == rule.title) { /* only the fixed finding's copy of its title */
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

static struct finding failing(const char *fingerprint)
{
	struct finding f = {.rule = &rule, .status = FINDING_FAIL};
	snprintf(f.fingerprint, sizeof(f.fingerprint), "%s", fingerprint);
	return f;
}

/* The baseline failed on A and B; now only B fails. Returns what audit_baseline_apply returned;
 * *is_new is B's mark, *nfixed how many were listed as fixed. */
static int apply(bool push, bool dup, bool *is_new, size_t *nfixed)
{
	struct facts facts = {0};
	struct finding old_f[2] = {failing("aaaaaaaaaaaaaaaa"), failing("bbbbbbbbbbbbbbbb")};
	struct audit_container old_c = {.facts = &facts, .findings = old_f, .nfindings = 2};
	struct loaded_result old = {.hostname = "h", .facts = &facts, .c = &old_c, .n = 1};
	struct finding now_f[1] = {failing("bbbbbbbbbbbbbbbb")};
	struct audit_container now_c = {.facts = &facts, .findings = now_f, .nfindings = 1};
	struct audit_result res = {.c = &now_c, .n = 1};
	fail_push = push;
	fail_strdup = dup;
	int r = audit_baseline_apply(&res, &old);
	fail_push = fail_strdup = false;
	*is_new = now_f[0].is_new;
	*nfixed = res.nfixed;
	audit_fixed_free(&res);
	return r;
}

int main(void)
{
	bool is_new;
	size_t nfixed;
	int r = apply(false, false, &is_new, &nfixed);
	ok(r == 0 && !is_new && nfixed == 1,
	   "baseline: B is not new, A is fixed (r %d, new %d, "
	   "fixed %zu)",
	   r, is_new, nfixed);
	r = apply(true, false, &is_new, &nfixed);
	ok(r == -ENOMEM,
	   "strv_push failing: an error, not B new and B fixed (r %d, new %d, "
	   "fixed %zu)",
	   r, is_new, nfixed);
	r = apply(false, true, &is_new, &nfixed);
	ok(r == -ENOMEM,
	   "strdup failing: an error, not a fixed finding without its rule (r %d, "
	   "fixed %zu)",
	   r, nfixed);
	return tap_done();
}
