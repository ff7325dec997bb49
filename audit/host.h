/* The host walk: every pid of a /proc tree, grouped into containers, each described by facts.
 * Read-only: nothing here changes the system. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "audit/devcache.h"
#include "audit/gaps.h"
#include "kernel/idmap.h"
#include "audit/mntns.h"
#include "kernel/mountinfo.h"
#include "kernel/ns.h"
#include "audit/sysctl.h"
#include "audit/sockets.h"
#include "lib/error.h"
#include "lib/strv.h"
#include "facts/fact.h"

struct runtime_state;

struct host_options {
	const char *proc_root; /* default "/proc" */
	const char *host_root; /* where runtime state and cgroup files live; default "/" */
	bool all;	       /* include systemd service sandboxes */
	bool deep; /* --deep: read each init's seccomp filters (audit/deep.h); live /proc only */
};

struct process {
	pid_t pid, ppid, nspid;
	uint32_t euid; /* host view */
	bool sshd;     /* its comm is sshd or sshd-* (set by the process: untrusted) */
	uint64_t pidns, mntns;
	uint64_t key; /* group: the pid namespace (by_pid) or, in the host's, the mount one */
	bool by_pid;
	/* From the status read of the walk (kept so that every member can be judged without a
	 * second read). */
	uint64_t cap_eff, cap_bnd;
	int8_t seccomp, no_new_privs; /* -1: the kernel does not say */
	char comm[32];		      /* Name: as the kernel escapes it (untrusted) */
};

struct userns_entry {
	uint64_t ino;
	bool ok;
	int64_t owner; /* host uid owning it (NS_GET_OWNER_UID), -1 when unknown */
	struct idmap uid, gid;
};

/* A mount namespace as its root sees it. /proc/PID/mountinfo is relative to PID's root, so an
 * init that chrooted (into a plain directory or onto a volume) shows only the mounts below its
 * jail: then the table is read from a helper process that entered the namespace (setns puts it
 * at the namespace root) and the device nodes of that root come with it. Read once per
 * namespace: every container (and member) sharing it shares the entry. */
struct mntns_entry {
	uint64_t ino;
	int err;		/* 0, or the negative errno: the mount facts are unknown */
	const char *why;	/* err's explanation for people (static), or NULL */
	bool ns_view;		/* t (and dev) are the namespace root's view */
	struct mount_table t;	/* mount points relative to the namespace root (or init's) */
	struct device_list dev; /* device nodes (audit/devices.h), from the same root as t */
	bool dev_known;		/* dev was read (false: the device facts are unknown) */
	/* The nodes: &dev (ns_view), else the walk shared through devcache. */
	const struct device_list *devs;
};

struct host_ctx {
	struct host_options opt;
	int procfd;
	int hostrootfd;
	pid_t ref_pid;		    /* reference process for "the host's" namespaces */
	uint64_t ref_ns[NS__COUNT]; /* 0 when unknown */
	bool have_host_mounts;
	struct mount_table host_mounts;
	int cap_last_cap;
	uint64_t cap_grantable; /* caps a process on this host can hold: pid 1's bounding set */
	bool selinux;
	bool live;	   /* proc_root is this system's /proc: namespaces can be entered */
	struct gaps gaps;  /* what could not be read, and why */
	unsigned ns_views; /* namespaces read through the helper (the costly path) */
	struct mntns_helper helper;
	unsigned deep_failed; /* --deep: containers whose filters could not be read */
	char deep_error[256]; /* the first reason */
	pid_t self_pid;	      /* ctguard itself, as the /proc tree read numbers it */
	struct userns_entry *userns;
	size_t nuserns;
	struct mntns_entry *mntns;
	size_t nmntns;
	struct runtime_state *rs;
	struct device_majors majors; /* /proc/devices: names of the dynamic majors */
	struct sysctl_cache sysctl;  /* a fresh namespace's sysctls (issue 12, packs) */
	struct sock_index socks;     /* listening unix sockets, read on first need */
	struct devcache devcache;    /* /dev walks shared by namespaces that show the same */
};

struct container_list {
	struct facts *c;
	size_t n;
	/* Each container's group: its pid namespace's inode, or for a container in the host's pid
	 * namespace its mount namespace's (NULL when n is 0). */
	uint64_t *key;
};

/* Opens the /proc tree and host root, finds the reference process and reads the host's mount
 * table. Returns 0, or a negative errno with err set (exit 3: cannot read what it needs). */
int host_open(struct host_ctx *ctx, const struct host_options *opt, struct error *err);
void host_close(struct host_ctx *ctx);

/* Walks every pid and appends one facts set per container, in order of init pid. Processes
 * that exit during the walk are skipped; a container whose init exits is left out whole. */
int host_scan(struct host_ctx *ctx, struct container_list *out, struct error *err);
/* host_scan limited to the containers of the groups keys names (pid namespace inodes, or
 * mount namespace inodes of containers in the host's pid namespace; a group is also wanted
 * when a member's pid or mount namespace is named). Every pid is still listed, but a process
 * of another pid namespace costs two readlinks and is not described: `ctguard watch`
 * re-audits the containers an event is about this way. The containers found are described
 * exactly as host_scan describes them. */
int host_scan_some(struct host_ctx *ctx, const uint64_t *keys, size_t nkeys,
		   struct container_list *out, struct error *err);
/* Facts of the process ctguard runs in ("am I contained?"), judged from inside. */
int host_self(struct host_ctx *ctx, struct facts *out, struct error *err);
/* The host's own facts (host.* scope). */
int host_facts(struct host_ctx *ctx, struct facts *out, struct error *err);

void container_list_free(struct container_list *l);
