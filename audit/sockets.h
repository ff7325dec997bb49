/* Listening unix sockets of the host reachable from a container: found in the kernel's socket
 * tables (/proc/PID/net/unix, one read per network namespace and scan) rather than from a list
 * of names, matched against the container's binds, and named by the process that owns them
 * (an fd scan, done only when some container reaches a socket). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "kernel/mountinfo.h"
#include "facts/fact.h"

struct unix_sock {
	uint64_t ino;	/* sockfs inode, as in socket:[ino] */
	uint64_t netns; /* the table it was read from */
	char *path;	/* as bound, relative to the binder's root; "@name" when abstract */
	pid_t owner;	/* 0: not found (yet) */
	uint64_t owner_mntns;
	char comm[17];
};

struct sock_index {
	int procfd;	     /* the /proc tree (not owned) */
	int hostrootfd;	     /* the host's / (not owned) */
	pid_t host_pid;	     /* a process in the host's namespaces (0: self) */
	uint64_t host_mntns; /* 0 when unknown */
	uint64_t host_netns;
	pid_t *pids; /* one process per other network namespace to read */
	uint64_t *netns;
	size_t npids;
	bool loaded, runtimes_scanned, all_scanned;
	struct unix_sock *s; /* listening sockets, sorted by inode once loaded */
	size_t n, cap;
	unsigned tables;   /* tables read */
	unsigned fd_scans; /* processes whose fds were read */
};

/* An index over procfd; nothing is read until a container needs it. */
void sock_index_init(struct sock_index *ix, int procfd, int hostrootfd, pid_t host_pid,
		     uint64_t host_mntns, uint64_t host_netns);
/* Notes the network namespace of pid (netns), whose table is read with the host's. */
int sock_index_note(struct sock_index *ix, pid_t pid, uint64_t netns);
void sock_index_free(struct sock_index *ix);

/* Fills mounts.unix_sockets, adds runtime API sockets to mounts.runtime_socket, and (host_net
 * known) net.abstract_runtime_sockets. host: the host's mount table (NULL: bind host paths are
 * the mounts' roots, as in an OCI config). Returns 0, or -ENOMEM. A table that cannot be read
 * leaves mounts.unix_sockets unknown. */
int sockets_facts(struct sock_index *ix, const struct mount_table *host,
		  const struct mount_table *ct, int host_net, struct facts *f);
