/* Rules generated from an enforcement policy: what `ctguard audit --policy` (and `ctguard oci
 * check --policy`) judge, so that one policy file both enforces (the OCI gate, ctguard run) and
 * audits. Each rule judges what the gate would refuse or rewrite, with the facts a live audit
 * sees; ctguard(8) lists them. */
#pragma once

#include "lib/diag.h"
#include "policy/policy.h"
#include "policy/rule.h"

/* Appends to rs, in this order and only where the policy asks for it, the rules
 *   policy.user            uid 0 without allow_root
 *   policy.caps            a capability outside the kept set in any of the five sets
 *   policy.no_new_privs    no_new_privs off when the policy sets it
 *   policy.seccomp         no seccomp filter when the policy names a profile
 *   policy.host_namespaces a namespace shared with the host that container.host_namespaces
 *                          does not allow
 *   policy.mounts.sockets  a runtime API socket reachable (container.forbidden_mounts)
 *   policy.mounts.sensitive a sensitive host path mounted (container.forbidden_mounts)
 *   policy.rootfs_readonly a writable root filesystem (container.readonly_rootfs)
 *   policy.apparmor        another AppArmor label than the policy's profile
 * each of severity high, pack "policy", file p->file and refs {policy: p->file}. Returns 0,
 * -EINVAL when rs already holds one of these ids (reported in d), or -ENOMEM. */
int policyrules_add(struct ruleset *rs, const struct launch_policy *p, struct diag *d);
