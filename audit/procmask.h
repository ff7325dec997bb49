/* Masked and read-only /proc and /sys paths: what Kubernetes calls the Default procMount. */
#pragma once

#include "kernel/mountinfo.h"
#include "facts/fact.h"

/* Fills proc.unmasked: the paths of the runtimes' default masked set that exist in the container
 * (looked up below ctrootfd) and have no mount of their own over them, and the paths of their
 * read-only set whose covering mount in ct is writable. Returns 0 or -ENOMEM. */
int procmask_facts(const struct mount_table *ct, int ctrootfd, struct facts *f);
