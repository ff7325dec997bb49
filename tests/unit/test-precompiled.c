/* The built-in profiles compiled at build time (rules/precompiled.c, linked here as in ctguard
 * and ctguard-runtime): where a precompiled program applies, and that the OCI export of a
 * precompiled copy (which skips compiling it again) is the export of the profile read from its
 * YAML and compiled here. */
#include "config.h"

#include <string.h>

#include "kernel/caps.h"
#include "seccomp/filter.h"
#include "seccomp/ociseccomp.h"
#include "seccomp/profile.h"
#include "tests/tap.h"

static void same_export(const char *name, uint64_t caps, enum seccomp_mode mode, const char *what)
{
	char file[128];
	snprintf(file, sizeof(file), "builtin:%s", name);
	struct profile *pre = NULL, *yaml = NULL;
	struct diag d = {0};
	size_t n;
	const struct builtin_pack *b = builtin_profiles(&n);
	const struct builtin_pack *pack = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(b[i].name, name) == 0)
			pack = &b[i];
	ok(pack && profile_load(name, &pre, &d) == 0 && pre->shared_names,
	   "%s: the precompiled copy loads", what);
	ok(pack && profile_load_text(file, pack->text, pack->len, &yaml, &d) == 0 &&
	       !yaml->shared_names,
	   "%s: the YAML loads", what);
	json_object *a = NULL, *c = NULL;
	struct error err = {0};
	ok(pre && oci_seccomp_from_profile(pre, caps, mode, &a, &err) == 0,
	   "%s: export of the copy%s%s", what, err.msg[0] ? ": " : "", err.msg);
	ok(yaml && oci_seccomp_from_profile(yaml, caps, mode, &c, &err) == 0,
	   "%s: export of the YAML%s%s", what, err.msg[0] ? ": " : "", err.msg);
	ok(a && c && json_object_equal(a, c), "%s: the same linux.seccomp", what);
	json_object_put(a);
	json_object_put(c);
	profile_free(pre);
	profile_free(yaml);
	diag_free(&d);
}

int main(void)
{
	size_t n = 0;
	const struct filter_precompiled *t =
	    filter_precompiled_table ? filter_precompiled_table(&n) : NULL;
	ok(t && n > 0, "a precompiled table is linked");
	for (size_t i = 0; t && i < n; i++) {
		const char *name = t[i].name;
		ok(filter_precompiled_applies(name, 0, SECCOMP_MODE_ENFORCE),
		   "%s: applies without capabilities, enforce mode", name);
		ok(!filter_precompiled_applies(name, 0, SECCOMP_MODE_LOG), "%s: not in log mode",
		   name);
		if (t[i].caps)
			ok(!filter_precompiled_applies(name, t[i].caps & -t[i].caps,
						       SECCOMP_MODE_ENFORCE),
			   "%s: not when a capability its rules name is kept", name);
		same_export(name, 0, SECCOMP_MODE_ENFORCE, "precompiled applies");
		same_export(name, t[i].caps & -t[i].caps, SECCOMP_MODE_ENFORCE,
			    "a named capability kept (both compile)");
		same_export(name, 0, SECCOMP_MODE_LOG, "log mode (both compile)");
	}
	ok(!filter_precompiled_applies("no-such-profile", 0, SECCOMP_MODE_ENFORCE),
	   "an unknown name has none");
	return tap_done();
}
