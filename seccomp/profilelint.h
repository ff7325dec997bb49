/* The review of a loaded seccomp profile behind `ctguard seccomp lint`: rules that change
 * nothing or do not do what they seem to (clone3 answering EPERM, socket filtered while
 * socketcall is allowed, several conditions on one argument), and in Docker's format the rules
 * libseccomp merges away. */
#pragma once

#include <stdint.h>

#include "lib/strv.h"
#include "seccomp/profile.h"

/* Appends one "FILE:LINE:COLUMN: warning: ..." line per finding to out, in the profile's rule
 * order (the conflicts of Docker's format after the others), with caps deciding which
 * caps-conditional rules apply. Returns the number of warnings, or -ENOMEM. */
int profilelint_run(const struct profile *p, uint64_t caps, struct strv *out);
