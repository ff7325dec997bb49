/* Fuzz target: seccomp profiles, ctguard YAML (man/ctguard-seccomp.5) and Docker/OCI JSON (a
 * text starting with '{'). A profile that loads is compiled with libseccomp for two capability
 * sets in enforce and log modes; the program must pass the kernel's checks (bpf_check); it is
 * exported for OCI (linux.seccomp, what the gate writes for runc), and that export must load
 * back as a Docker profile that is not weaker than the profile itself. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
