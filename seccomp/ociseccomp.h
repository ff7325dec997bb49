/* Seccomp profiles as OCI linux.seccomp objects, and how strong a config's own filter is
 * compared with a policy's profile. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/strv.h"
#include "seccomp/profile.h"

/* p for a container keeping caps_keep, as runc reads it: the caps-conditional rules resolved,
 * the native architecture, SCMP_ACT_* actions with errnoRet, args with runc's masked_eq
 * convention (value = mask, valueTwo = the masked value), and the ENOSYS rules ctguard's own
 * filter adds (newer syscalls, clone3). In SECCOMP_MODE_LOG every refusal becomes SCMP_ACT_LOG.
 * The profile is compiled first (filter_compile), so what is written is what `ctguard run`
 * would load. Refuses (-EINVAL) a rule comparing one argument twice: runc ORs such
 * comparisons, ctguard ANDs them. Returns 0 with *out owned by the caller, or a negative errno
 * with err set. */
int oci_seccomp_from_profile(const struct profile *p, uint64_t caps_keep, enum seccomp_mode mode,
			     json_object **out, struct error *err);

/* sec (a config's linux.seccomp) loaded as a profile the way runc 1.1 reads it: only the members
 * of the runtime spec (Docker's includes/excludes, name, archMap, comment, ... dropped: runc
 * ignores them), and every name the installed libseccomp does not know left uncompiled
 * (runc skips it). name is used in messages. Returns 0 with *out owned by the caller, -ENOMEM,
 * or -EINVAL with err saying why. */
int oci_seccomp_load(json_object *sec, const char *name, struct profile **out, struct error *err);

/* Does runc 1.1 run the container without a filter for this linux.seccomp (sec, may be NULL)?
 * Absent or null, or an object with no defaultAction (absent, null or "") and no syscalls
 * (absent, null or []): runc's SetupSeccomp takes that for "seccomp disabled". */
bool oci_seccomp_disabled(json_object *sec);

/* Is the config's linux.seccomp (cfg) weaker than the policy's profile pol for a container
 * keeping caps_keep? Weaker: it allows, under some arguments, a syscall pol refuses whatever
 * the arguments; or its default action allows. In SECCOMP_MODE_LOG (the policy's refusals
 * log and allow) the config's SCMP_ACT_LOG counts as a refusal, as the policy's own export
 * writes its refusals. A config listing another architecture than the native one is weaker
 * when it allows a syscall only that architecture has (socketcall on x86), whatever the
 * arguments. Examples (up to max) of such syscalls go to
 * examples. Returns 1 (weaker), 0 (not weaker), or -EINVAL when cfg cannot be read as a
 * profile (err says why; callers treat it as weaker). */
int oci_seccomp_weaker(json_object *cfg, const struct profile *pol, uint64_t caps_keep,
		       enum seccomp_mode mode, struct strv *examples, size_t max,
		       struct error *err);
