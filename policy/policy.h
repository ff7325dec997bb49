/* Enforcement policies (man/ctguard-policy.5): what a command launched by `ctguard run` (or a
 * container gated by the OCI wrapper) may keep. Parse and validate here; enforce/ applies. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "lib/error.h"
#include "lib/strv.h"
#include "lib/diag.h"
#include "lib/embed.h"
#include "seccomp/profile.h" /* enum seccomp_mode */

/* Hard limits: past them a policy is refused, never truncated. */
#define POLICY_FILE_MAX	    (64u * 1024) /* bytes of a policy file */
#define POLICY_RLIMITS_MAX  16		 /* every RLIMIT_* has one name */
#define POLICY_FDS_MAX	    64		 /* fds.keep */
#define POLICY_FD_LIMIT	    1048576	 /* fds.keep values are below this (fs.nr_open's default) */
#define POLICY_GROUPS_MAX   64		 /* groups */
#define POLICY_CAPS_MAX	    64		 /* items of capabilities, before duplicates are refused */
#define POLICY_PATHS_MAX    64		 /* each of landlock.read and landlock.write */
#define POLICY_ENV_MAX	    128		 /* each of env.keep and env.set */
#define POLICY_NAME_MAX	    32		 /* user and group names (useradd's limit) */
#define POLICY_ENV_NAME_MAX 128

#define POLICY_CT_PATHS_MAX 64 /* each of container.masked_paths and container.readonly_paths */
#define POLICY_CT_LIST_MAX  64 /* each of the container section's other lists */

/* The container section: what the OCI wrapper (`ctguard oci runtime`) and `ctguard audit
 * --policy` add to the process fields above for a whole container. `ctguard run` ignores it. */
struct container_policy {
	bool readonly_rootfs;	  /* root.readonly; default false */
	unsigned host_namespaces; /* bit (1 << enum ns_type) per namespace a container may share
				   * with the host; default user and time (what runc and podman
				   * share by default) */
	bool isolate_namespaces;  /* enforce mode, a forbidden host namespace: give the container
				   * its own (true, "isolate") or refuse it (false, "refuse") */
	bool forbid_sockets;	  /* runtime API sockets (docker.sock, ...); default true */
	bool forbid_sensitive;	  /* sensitive host paths (/, /etc, /var/lib/docker, ...); default
				   * true */
	bool remove_mounts;	  /* enforce mode, a forbidden mount: drop it (true, "remove") or
				   * refuse (false, "refuse") */
	bool masked_set, readonly_set; /* the lists below were written (else the defaults) */
	struct strv masked_paths;      /* added to linux.maskedPaths; default runc's list */
	struct strv readonly_paths;    /* added to linux.readonlyPaths; default runc's list */
	/* Groups: gid 0 and the forbidden gids, primary or supplementary (process.user.gid,
	 * additionalGids; exec --user U:G, --additional-gids). Enforce replaces a primary one by
	 * the policy's group and drops supplementary ones. */
	bool allow_root_group;	    /* default false */
	struct strv forbidden_gids; /* numbers; default 6 and 15 (disk, kmem: Debian's numbers) */
	/* OCI hooks run on the host (or in the container's namespaces) as root: every hooks.*
	 * entry's path must be listed. Refused in every mode but audit (never removed). */
	struct strv allowed_hooks; /* absolute paths; default none */
	/* Devices beyond runc's defaults, "c 10:229" or "b 8:*": linux.devices and the allow rules
	 * of linux.resources.devices. Enforce removes the others. */
	struct strv allowed_devices; /* default none */
	/* Labels (process.apparmorProfile, process.selinuxLabel, linux.mountLabel, exec
	 * --apparmor and --process-label, restore --lsm-profile and --lsm-mount-context). */
	bool allow_apparmor_unconfined;	 /* default false */
	struct strv selinux_types;	 /* process label types; default container_t,
					  * container_init_t, container_kvm_t, container_engine_t */
	struct strv selinux_mount_types; /* mount label types; default container_file_t */
};

struct policy_rlimit {
	int resource; /* RLIMIT_* */
	rlim_t value; /* soft and hard; RLIM_INFINITY for "unlimited" */
};

/* Every string and list is owned by the struct and freed by policy_free. */
struct launch_policy {
	char *file; /* where it came from ("builtin:restricted", a path) */
	/* Identity. Names are resolved later, against the target's /etc/passwd and /etc/group;
	 * the launcher must check the RESOLVED uid against allow_root too (a name other than
	 * "root" may be uid 0). Numbers are 0..4294967294 (-1 means "unchanged" to setresuid). */
	char *user;	    /* name or number; default "65534" */
	char *group;	    /* name or number; NULL (default): the user's primary group from the
			     * target's /etc/passwd, else 65534 */
	struct strv groups; /* supplementary; default none (setgroups(0, NULL)) */
	bool allow_root;    /* uid 0 refused unless true */
	/* user and group are the built-in policies' stand-in for "not root, nobody in
	 * particular" (65534), not ids the policy requires: a caller that cannot change its ids
	 * keeps its own non-root ones instead, and is told so (enforce/unpriv.h). Set by
	 * policy_load_builtin; --user or --group clear it. */
	bool ids_stand_in;
	/* Capabilities the command has after execve (bit n = capability n); default none. Every
	 * other capability leaves all five sets and the bounding set. For a non-root user the
	 * kept ones reach the command only through the ambient set, so the launcher raises them
	 * as inheritable + ambient; with none kept inheritable and ambient stay empty. */
	uint64_t caps_keep;
	bool no_new_privs; /* default true */
	/* Seccomp: a built-in profile name (no '/'), a path (contains '/'; a relative one was
	 * resolved against the policy file's directory at load time), or "none" (only when
	 * explicitly written). Default "default". */
	char *seccomp;
	enum seccomp_mode seccomp_mode;
	char *apparmor_profile; /* NULL: none asked */
	bool apparmor_required; /* refuse to run when AppArmor is absent */
	/* Landlock: read grants reading files, listing directories and executing beneath each
	 * path; write grants that and writing, creating, removing and renaming. Absolute paths. */
	bool landlock; /* a landlock section was given */
	struct strv landlock_read, landlock_write;
	struct policy_rlimit rlimits[POLICY_RLIMITS_MAX]; /* in file order, each resource once */
	size_t nrlimits;
	bool fds_close; /* close every fd from 3 up but the kept ones; default true */
	int fds_keep[POLICY_FDS_MAX];
	size_t nfds_keep;
	bool env_clear;	      /* default false */
	struct strv env_keep; /* with env_clear: the variables kept */
	struct strv env_set;  /* "NAME=value", applied after clear/keep */
	struct container_policy ct;
};

/* Loads a policy file; every error goes to d as file:line:column. The file is refused unless
 * it is a regular file owned by root or by the caller (euid) and not writable by group or
 * others (policy_file_trusted). p needs no initialisation. Omitted fields take the safe
 * values above. Returns 0, or -EINVAL/-EPERM/a read errno with p zeroed (nothing is kept). */
int policy_load_file(const char *path, struct launch_policy *p, struct diag *d);
/* A built-in policy: "restricted" or "baseline" (file "builtin:NAME"). Same contract. */
int policy_load_builtin(const char *name, struct launch_policy *p, struct diag *d);
/* A built-in name if it is one, else a path (so a file named like a built-in needs "./"). */
int policy_load(const char *name_or_path, struct launch_policy *p, struct diag *d);
/* Policy text already in memory (no ownership check); file is the name used in messages and
 * the directory relative seccomp paths are resolved against. */
int policy_load_text(const char *file, const char *text, size_t len, struct launch_policy *p,
		     struct diag *d);
/* Re-validates a policy after a caller changed fields (command-line overrides): every value
 * and every contradiction the loader checks, reported as "file: message" (no position).
 * Returns 0 or -EINVAL. */
int policy_validate(const struct launch_policy *p, struct diag *d);
/* doas's rule for files that decide privileges (policies, and the seccomp profiles they name):
 * a regular file, owned by root or by caller, not writable by group or others. Returns 0, or
 * -EPERM with err saying why. */
int policy_file_trusted(const struct stat *st, uid_t caller, struct error *err);
/* The default container.masked_paths and container.readonly_paths (NULL-terminated). */
extern const char *const policy_default_masked[];
extern const char *const policy_default_readonly[];
/* enum ns_type of a namespace name: ctguard's (net, mnt, ...) or the OCI one (network, mount);
 * -1 when unknown. */
int policy_ns_from_name(const char *s);
/* Reads a file that decides privileges (a policy, the wrapper runtime's configuration) through
 * one descriptor after policy_file_trusted: at most POLICY_FILE_MAX bytes, no NUL byte. Errors go
 * to d. Returns 0 or a negative errno. */
struct buf;
int policy_read_trusted(const char *path, struct buf *b, struct diag *d);
/* "nofile" for RLIMIT_NOFILE, ...: the names policies use; NULL for others. */
const char *policy_rlimit_name(int resource);
/* Names of the built-in policies, comma-separated, for messages and --help. */
const char *policy_builtin_names(void);
void policy_free(struct launch_policy *p);

/* Generated from the YAML files in rules/policies by rules/embed.sh (lib/embed.h). */
const struct builtin_pack *builtin_policies(size_t *n);
