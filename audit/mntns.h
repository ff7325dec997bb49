/* A container's mount namespace seen from its root, whatever root its processes chose.
 * /proc/PID/mountinfo is generated relative to PID's root and /proc/PID/root/dev is that root's
 * /dev: an init that chroots into a jail hides every mount and device outside it, although
 * they stay in its namespace (`podman exec` lands at the namespace root and sees them). */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "audit/devices.h"
#include "kernel/mountinfo.h"
#include "lib/strv.h"

/* How many mounts the namespace of nsfd holds (the nsfs NS_MNT_GET_INFO ioctl, Linux 6.12).
 * Returns 0, or -ENOTTY/-EINVAL on an older kernel, or another negative errno. */
int mntns_count(int nsfd, unsigned *nr);

/* True when a table read through a process's root can be the namespace's whole view: it is
 * not empty and misses at most the one mount below the namespace root (the copy of rootfs,
 * hidden under the container's / as the host's own is). A chroot always hides at least the
 * namespace's / as well. */
bool mntns_view_complete(size_t entries, unsigned nr_mounts);

/* A helper process that enters mount namespaces on request: setns puts its root and cwd at
 * the namespace's root, where this process reads its mountinfo and device nodes (audit/devices.h)
 * through /proc. One per scan (a fork costs milliseconds on small VMs), started on first use; it
 * runs nothing and opens nothing of a container's. pid 0: not started. */
struct mntns_helper {
	pid_t pid;
	int sock;
};

/* Reads the namespace of nsfd from its root through the helper (started if needed). procfd
 * must be this system's /proc (the helper's pid is looked up there). Returns 0, or a negative
 * errno (-EPERM without CAP_SYS_ADMIN) with nothing filled. */
int mntns_read_root_view(struct mntns_helper *h, int procfd, int nsfd, size_t max_entries,
			 size_t max_bytes, struct mount_table *t, struct device_list *dev);
/* Stops the helper (closing its socket ends it) and reaps it. */
void mntns_helper_stop(struct mntns_helper *h);
