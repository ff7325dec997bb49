/* Seccomp profiles: the model of ctguard's YAML format and of the Docker/OCI JSON format, and
 * their loaders. Loading never changes the process (enforce/filter.c compiles and loads). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "policy/diag.h"

struct profile; /* opaque; defined in policy/profile.c */

/* Loads a built-in profile name ("default") or a file: ctguard YAML, or Docker/OCI JSON when it
 * is a JSON object with "defaultAction". Errors go to d (file:line:column for YAML). Unknown
 * syscall names are errors in ctguard's format and warnings in Docker JSON (added to d as
 * "warning: ..." lines; the function still succeeds). Returns 0 or -EINVAL. */
int profile_load(const char *name_or_path, struct profile **out, struct diag *d);
void profile_free(struct profile *p);
