/* Seccomp profiles: the model (ctguard YAML and Docker/OCI JSON), compiling with libseccomp, and
 * loading. Parsing and compiling never change the process; seccomp_filter_load does. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/error.h"
#include "policy/diag.h"
#include "policy/policy.h"

struct seccomp_profile; /* opaque */

/* Loads a built-in profile name ("default") or a file (ctguard YAML, or Docker/OCI JSON when it
 * has defaultAction). Errors go to d (file:line:column for YAML); unknown syscall names are
 * errors in ctguard's format and warnings (d, prefixed "warning: ") in Docker JSON. */
int seccomp_profile_load(const char *name_or_path, struct seccomp_profile **out, struct diag *d);
void seccomp_profile_free(struct seccomp_profile *p);

struct seccomp_filter; /* a compiled filter (owns the libseccomp context) */

/* Compiles for the native architecture (bad-arch action: kill process), with binary-tree
 * optimisation. caps_keep decides caps-conditional rules; mode LOG turns the default action
 * into log-and-allow. Returns 0 or a negative errno with err set. */
int seccomp_filter_compile(const struct seccomp_profile *p, uint64_t caps_keep,
			   enum seccomp_mode mode, struct seccomp_filter **out, struct error *err);
/* Writes the raw BPF program (usable with bwrap --seccomp FD). */
int seccomp_filter_export(const struct seccomp_filter *f, int fd, struct error *err);
/* Loads the filter into the calling process (needs no_new_privs or CAP_SYS_ADMIN); TSYNC when
 * threads is true. Safe after fork: does not allocate. */
int seccomp_filter_load(const struct seccomp_filter *f, struct error *err);
void seccomp_filter_free(struct seccomp_filter *f);
