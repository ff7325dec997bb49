/* Compiled seccomp filters: a profile compiled with libseccomp for the native architecture,
 * exported as raw BPF, or loaded into the calling process. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "seccomp/profile.h"

struct filter; /* owns the libseccomp context */

/* Compiles p: native architecture only, bad-arch action kill-process, binary-tree optimisation;
 * caps_keep decides caps-conditional rules; SECCOMP_MODE_LOG makes the default action
 * log-and-allow (and every other refusal too); syscalls numbered above any the profile names,
 * and clone3 when the profile does not name it, answer ENOSYS (unless the default allows or
 * logs). Refuses (-EINVAL) a profile whose rules for one syscall libseccomp would merge
 * lossily (an unconditional rule next to a rule of another action). The program is exported
 * here, so filter_load does not allocate. Returns 0 or a negative errno with err set; the
 * caller owns *out (filter_free). */
int filter_compile(const struct profile *p, uint64_t caps_keep, enum seccomp_mode mode,
		   struct filter **out, struct error *err);
/* The syscalls the compiled filter answers ENOSYS beyond the profile's rules (see above): clone3
 * every number above the highest named, up to 511, then clone3 when no applying rule names it.
 * nrs holds FILTER_ENOSYS_MAX entries. Returns 0. */
#define FILTER_ENOSYS_MAX 513
int filter_enosys_nrs(const struct profile *p, uint64_t caps_keep, struct profile_action def,
		      int *nrs, size_t *n);
/* Writes the raw BPF program to fd (usable with bwrap --seccomp FD). */
int filter_export(const struct filter *f, int fd, struct error *err);
/* Loads the filter into the calling process (needs no_new_privs or CAP_SYS_ADMIN), with TSYNC.
 * Does not allocate: safe in the child between fork and exec. */
/* Number of BPF instructions. */
size_t filter_size(const struct filter *f);
int filter_load(const struct filter *f, struct error *err);
void filter_free(struct filter *f);

/* Built-in profiles compiled at build time (rules/seccomp-gen) for launches that keep none of
 * the capabilities the profile's rules name (caps), in enforce mode. */
struct filter_precompiled {
	const char *name;
	const unsigned char *program; /* struct sock_filter instructions */
	size_t len;		      /* bytes */
	uint64_t caps;
};
/* Defined only in the ctguard binary (rules/precompiled.c); weak, so the library and the
 * generator itself link without it. */
const struct filter_precompiled *filter_precompiled_table(size_t *n) __attribute__((weak));
/* The precompiled filter for profile name, when one applies to caps_keep and mode: 0 with *out
 * set, -ENOENT when the profile must be compiled, -ENOMEM. */
int filter_precompiled(const char *name, uint64_t caps_keep, enum seccomp_mode mode,
		       struct filter **out);
/* Whether filter_precompiled would find one: the profile name compiled at build time for
 * caps_keep and mode (so compiling it here would succeed and give that program). */
bool filter_precompiled_applies(const char *name, uint64_t caps_keep, enum seccomp_mode mode);
