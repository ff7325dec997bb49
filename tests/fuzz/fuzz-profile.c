/* Fuzz target: seccomp profiles, ctguard YAML (man/ctguard-seccomp.5) and Docker/OCI JSON (a
 * text starting with '{'). A profile that loads is compiled with libseccomp for two capability
 * sets in enforce and log modes; the program must pass the kernel's checks (bpf_check); it is
 * exported for OCI (linux.seccomp, what the gate writes for runc), and that export must load
 * back as a Docker profile that is not weaker than the profile itself. A JSON text is also read
 * as a config's linux.seccomp, directly (profile_load_oci) and through its printed members (the
 * reference, tests/ociseccomp-ref.h): same acceptance, profile and first message. */
#include "config.h"

#include <json-c/json.h>
#include <linux/filter.h>

#include "seccomp/bpf.h"
#include "seccomp/filter.h"
#include "seccomp/ociseccomp.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "seccomp/profile.h"
#include "tests/fuzz/fuzz.h"
#include "tests/ociseccomp-ref.h"

static void check_program(const struct filter *f)
{
	_cleanup_close_ int fd = memfd_create("bpf", MFD_CLOEXEC);
	struct error err = {0};
	if (fd < 0 || filter_export(f, fd, &err) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return;
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (fileio_read_fd(fd, 1u << 20, &b) < 0)
		return;
	FUZZ_ASSERT(b.len % sizeof(struct sock_filter) == 0, "program of %zu bytes", b.len);
	FUZZ_ASSERT(bpf_check((const struct sock_filter *)b.data,
			      b.len / sizeof(struct sock_filter), &err) == 0,
		    "the kernel would refuse the compiled program: %s", err.msg);
	FUZZ_ASSERT(filter_size(f) == b.len / sizeof(struct sock_filter), "size %zu != %zu",
		    filter_size(f), b.len / sizeof(struct sock_filter));
}

static void oci_roundtrip(const struct profile *p, uint64_t caps, enum seccomp_mode mode)
{
	json_object *o = NULL;
	struct error err = {0};
	if (oci_seccomp_from_profile(p, caps, mode, &o, &err) < 0)
		return;
	_cleanup_strv_ struct strv ex = STRV_INIT;
	int r = oci_seccomp_weaker(o, p, caps, mode, &ex, 3, &err);
	FUZZ_ASSERT(r >= 0, "the OCI export does not read back: %s", err.msg);
	FUZZ_ASSERT(r == 0, "the OCI export is weaker than its profile: %s", ex.n ? ex.v[0] : "");
	json_object_put(o);
}

/* Every string of the text is printable ASCII once decoded: no byte from 0x7f, no \\u escape
 * (json-c prints what they decode to as raw bytes, which libyaml reads its own way: DEL is
 * refused, NEL is a line break). */
static bool plain_ascii(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (data[i] >= 0x7f || (data[i] == '\\' && i + 1 < size && data[i + 1] == 'u'))
			return false;
	return true;
}

static void oci_differential(const uint8_t *data, size_t size)
{
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *o = json_tokener_parse_ex(tok, (const char *)data, (int)size);
	json_tokener_free(tok);
	if (!o)
		return;
	struct profile *a = NULL, *b = NULL;
	struct diag da = {0}, db = {0};
	int ra = profile_load_oci("s", o, &a, &da);
	int rb = ref_load("s", o, &b, &db);
	const char *ma = da.msgs.n ? ref_msg(da.msgs.v[0], "s") : "";
	const char *mb = db.msgs.n ? ref_msg(db.msgs.v[0], "s") : "";
	/* They may differ only where the printed form has limits of its own (libyaml's reading of
	 * raw bytes from 0x7f, a file over 1 MiB, json_check's 16 levels of nesting where the
	 * old in-memory document allowed 64) and at the direct reader's "cannot be read" (the
	 * old document's UTF-8 and depth checks: tests/unit/test-profile.c pins those). */
	if (!strstr(ma, "cannot be read") && !strstr(mb, "larger than") &&
	    !strstr(mb, "invalid JSON") && plain_ascii(data, size)) {
		FUZZ_ASSERT(ra == rb, "direct %d, reference %d (%s | %s)", ra, rb, ma, mb);
		FUZZ_ASSERT(strcmp(ma, mb) == 0, "messages differ: '%s' | '%s'", ma, mb);
	}
	char why[128];
	const char *diff = a && b ? ref_diff(a, b, why, sizeof(why)) : NULL;
	FUZZ_ASSERT(!diff, "profiles differ: %s", diff);
	profile_free(a);
	profile_free(b);
	diag_free(&da);
	diag_free(&db);
	json_object_put(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	oci_differential(data, size);
	struct profile *p = NULL;
	struct diag d = {0};
	if (profile_load_text("fuzz.profile", (const char *)data, size, &p, &d) < 0) {
		diag_free(&d);
		return 0;
	}
	diag_free(&d);
	static const uint64_t caps[] = {0, ~0ull};
	for (size_t i = 0; i < 2; i++) {
		for (int mode = SECCOMP_MODE_ENFORCE; mode <= SECCOMP_MODE_LOG; mode++) {
			struct filter *f = NULL;
			struct error err = {0};
			if (filter_compile(p, caps[i], mode, &f, &err) == 0) {
				check_program(f);
				filter_free(f);
			}
			oci_roundtrip(p, caps[i], mode);
		}
	}
	for (size_t i = 0; i < p->nrules; i++) {
		char buf[64];
		profile_action_str(p->rules[i].action, buf, sizeof(buf));
		profile_rule_applies(&p->rules[i], 0);
	}
	profile_free(p);
	return 0;
}
