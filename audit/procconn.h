/* The kernel's process events connector (netlink, NETLINK_CONNECTOR, CN_IDX_PROC): a message for
 * every exec and exit on the host, so `ctguard watch` learns of a new container when its init
 * execs, of an exec into a running one, and of a container's end, without polling /proc.
 * Needs CAP_NET_ADMIN and the initial network namespace (the connector exists only there). */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "lib/error.h"

enum procconn_kind { PROCCONN_EXEC, PROCCONN_EXIT };

struct procconn_event {
	enum procconn_kind kind;
	pid_t pid;  /* the thread */
	pid_t tgid; /* its process */
};

/* Opens a non-blocking socket subscribed to the events. Returns the descriptor, or a negative
 * errno with err set (EPERM without CAP_NET_ADMIN; ECONNREFUSED/ENOENT outside the initial
 * network namespace or without CONFIG_PROC_EVENTS). */
int procconn_open(struct error *err);
/* Reads what is pending into ev (up to max). Returns the number read (0: nothing pending), or
 * -ENOBUFS when the kernel dropped events (the socket's buffer overflowed: the caller must
 * re-scan), or another negative errno. */
int procconn_read(int fd, struct procconn_event *ev, size_t max);
