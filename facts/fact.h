/* The fact vocabulary: the contract between the readers (live /proc, snapshots, OCI configs) and
 * the judge. One table (fact.c) gives each fact its name, type, scope and one line of meaning. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lib/strv.h"

enum fact_type { FACT_BOOL, FACT_INT, FACT_STRING, FACT_LIST };
enum fact_scope { FACT_SCOPE_CONTAINER, FACT_SCOPE_HOST };

/* How a value is shown to people: which values deserve a warning mark. */
enum fact_risk {
	RISK_NONE,
	RISK_IF_TRUE,
	RISK_IF_FALSE,
	RISK_IF_NONEMPTY,
	RISK_IF_UNLIMITED, /* int -1 */
	RISK_IF_ZERO,	   /* int 0 (uid 0) */
	RISK_DANGEROUS_CAPS,
	RISK_IF_DISABLED, /* string "disabled" or "unconfined" */
	RISK_IF_ALLOWS,	  /* string "allow" or "log" */
};

enum fact_id {
	F_CONTAINER_ID,
	F_CONTAINER_NAME,
	F_CONTAINER_RUNTIME,
	F_CONTAINER_IMAGE,
	F_CONTAINER_PID,
	F_CONTAINER_PROCESSES,
	F_CONTAINER_COMMAND,
	F_CONTAINER_CGROUP,
	F_CONTAINER_POD,
	F_CONTAINER_NAMESPACE,
	F_CONTAINER_SCANNER,
	F_CONTAINER_CLAIMED,
	F_USER_UID,
	F_USER_GID,
	F_USER_EUID,
	F_USER_ROOT,
	F_USER_GROUPS,
	F_USER_ROOT_PROCESSES,
	F_USERNS_ENABLED,
	F_USERNS_ROOT_HOST_UID,
	F_USERNS_HOST_ROOT_MAPPED,
	F_USERNS_UID_MAP,
	F_USERNS_GID_MAP,
	F_NS_SHARED,
	F_NS_HOST_CGROUP, /* same order as enum ns_type (static asserts: facts/fact.c) */
	F_NS_HOST_IPC,
	F_NS_HOST_MNT,
	F_NS_HOST_NET,
	F_NS_HOST_PID,
	F_NS_HOST_TIME,
	F_NS_HOST_USER,
	F_NS_HOST_UTS,
	F_CAPS_EFFECTIVE,
	F_CAPS_PERMITTED,
	F_CAPS_INHERITABLE,
	F_CAPS_BOUNDING,
	F_CAPS_AMBIENT,
	F_CAPS_PRIVILEGED,
	F_SECCOMP_MODE,
	F_SECCOMP_FILTERS,
	F_SECCOMP_DEFAULT_ACTION, /* --deep: from the filter itself (audit/deep.c) */
	F_SECCOMP_ALLOWED_DANGEROUS,
	F_SECCOMP_CONDITIONAL,
	F_SECCOMP_X32_REACHABLE,
	F_NO_NEW_PRIVS,
	F_LSM_APPARMOR,
	F_LSM_SELINUX,
	F_MOUNTS_ROOTFS_READONLY,
	F_MOUNTS_SENSITIVE,
	F_MOUNTS_SENSITIVE_RW,
	F_MOUNTS_RUNTIME_SOCKET,
	F_MOUNTS_PROC_SYS_RW,
	F_MOUNTS_SHARED_PROPAGATION,
	F_DEVICES_BLOCK,
	F_DEVICES_ADDED,
	F_OCI_HOOKS,
	F_CGROUP_V1_WRITABLE,
	F_CGROUP_PIDS_LIMIT,
	F_CGROUP_MEMORY_LIMIT,
	F_RLIMIT_NOFILE,
	F_RLIMIT_NPROC,
	F_RLIMIT_CORE,
	/* issue 12, devices and every process (audit/devices.c, audit/container.c) */
	F_DEVICES_CHAR,
	F_DEVICES_CLASSES,
	F_DEVICES_CGROUP,
	F_PROCESSES_ESCALATED,
	F_PROCESSES_LOWER_UID,
	/* issue 12, packs: CIS 5.7, 5.12, PSS procMount and sysctls */
	F_PROCESSES_SSHD,
	F_CGROUP_CPU_LIMIT,
	F_CGROUP_CPU_WEIGHT,
	F_PROC_UNMASKED,
	F_SYSCTL_SET,
	/* issue 14, rootless: who owns the user namespace, what its capabilities reach */
	F_CONTAINER_OWNER,
	F_USERNS_OWNER_UID,
	F_USERNS_ROOTLESS,
	F_MOUNTS_RUNTIME_SOCKET_USABLE,
	F_DEVICES_BLOCK_USABLE,
	/* host scope */
	F_HOST_KERNEL,
	F_HOST_CGROUP_VERSION,
	F_HOST_LSMS,
	F_HOST_APPARMOR,
	F_HOST_SELINUX,
	F_HOST_SECCOMP,
	F_HOST_LANDLOCK_ABI,
	F_HOST_USERNS_UNPRIVILEGED,
	F_HOST_MAX_USER_NAMESPACES,
	F_HOST_UNPRIVILEGED_BPF_DISABLED,
	F_HOST_PTRACE_SCOPE,
	F_HOST_KPTR_RESTRICT,
	F_HOST_DMESG_RESTRICT,
	F_HOST_PERF_EVENT_PARANOID,
	F_HOST_CAP_LAST_CAP,
	/* issue 12, mounts: the mount exposure model and reachable sockets */
	F_MOUNTS_KERNEL_INTERFACES,
	F_MOUNTS_KERNEL_WRITABLE,
	F_MOUNTS_HOST_PATHS,
	F_MOUNTS_HOST_SECRETS,
	F_MOUNTS_FUSE_WRITABLE,
	F_MOUNTS_SERVICE_ACCOUNT_TOKEN,
	F_MOUNTS_UNIX_SOCKETS,
	F_NET_ABSTRACT_RUNTIME_SOCKETS,
	F_MOUNTS_SENSITIVE_RO,
	F__COUNT
};

struct fact_def {
	const char *name;
	enum fact_type type;
	enum fact_scope scope;
	enum fact_risk risk;
	const char *meaning;
};

struct fact_value {
	bool known; /* false: not observed (shown as null) */
	union {
		bool b;
		int64_t i;
		char *s;
	} u;
	struct strv l;
};

struct facts {
	struct fact_value v[F__COUNT];
	/* A rootless container's namespace holder (issue 14): the pid of its owner's podman pause
	 * process or RootlessKit child, listed as such and never judged; 0 when none is seen. Not
	 * a fact: no rule judges it, it groups the report. */
	int64_t ns_holder;
};

const struct fact_def *fact_def(enum fact_id id);
/* Returns the id of a fact name, or -1. */
int fact_lookup(const char *name);
const char *fact_type_name(enum fact_type t);

/* Setters mark the value known. String setters copy; they return 0 or -ENOMEM. */
void facts_set_bool(struct facts *f, enum fact_id id, bool v);
void facts_set_int(struct facts *f, enum fact_id id, int64_t v);
int facts_set_str(struct facts *f, enum fact_id id, const char *s);
/* Marks a list known (empty) and returns it for pushing. */
struct strv *facts_list(struct facts *f, enum fact_id id);
void facts_free(struct facts *f);
/* The value of a string fact, "" when unknown. */
const char *facts_str(const struct facts *f, enum fact_id id);

/* True for the container.runtime values of the contract (docker, podman, containerd, cri-o,
 * lxc, runc, crun, nspawn, bwrap, unknown). */
bool fact_runtime_known(const char *s);

/* True when the value deserves a warning mark in output for people. */
bool fact_value_risky(enum fact_id id, const struct fact_value *v);
