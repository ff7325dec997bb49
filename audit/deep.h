/* The seccomp facts that need the filter itself (ctguard audit|inspect --deep): the filters of
 * a container's init are read with seccomp/filterdump.c (the process is stopped for a moment)
 * and decided with seccomp/verdict.c. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "seccomp/verdict.h"
#include "lib/error.h"
#include "facts/fact.h"

/* The documented dangerous syscalls (ctguard(8), FACTS): namespaces and mounts, kernel
 * keyrings, eBPF and perf, cross-process memory and tracing, kernel modules and kexec, file
 * handles, userfaultfd and io_uring, and host-wide settings (reboot, swap, accounting, clocks,
 * I/O ports, quotas, kernel log). */
const char *const *deep_dangerous(size_t *n);

/* Fills seccomp.default_action, .allowed_dangerous, .conditional and .x32_reachable for
 * process pid (read through proc_root, which must be the live /proc): its filters are dumped
 * when it has some (seccomp mode 2). Identical filters met again are decided once. Returns 0,
 * or a negative errno with err set when the filters could not be read (the facts stay
 * unknown). */
int deep_seccomp(pid_t pid, const char *proc_root, struct facts *f, struct error *err);

/* The four facts from the decisions v already made for the stack. A syscall counts as allowed
 * when some arguments are allowed (or logged and allowed), except unshare: only with a
 * namespace flag. Approximate decisions never become a pass: an approximate syscall counts as
 * allowed (the worst case) and as conditional; an approximate default leaves
 * seccomp.default_action unknown; x32 is reachable when an approximate x32 syscall may allow. */
int deep_facts(const struct bpf_prog *stack, size_t n, const struct verdict *v, struct facts *f);

/* Whether this kernel runs x32 code: a getpid through the x32 bit, tried only when ctguard is
 * not under a seccomp filter itself (one could kill it for a foreign ABI); otherwise the
 * kernel's config file decides, and without one the answer is yes (fail closed). Cached. */
bool deep_x32_kernel(void);
