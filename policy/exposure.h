/* What a container mount exposes, judged by class rather than by name: kernel interfaces
 * (procfs, sysfs, debugfs, ...) wherever and however partially mounted, and host paths by their
 * relation (equal, parent or inside) to the sensitive trees of the host. */
#pragma once

#include <stdbool.h>

#include "kernel/mountinfo.h"

/* A filesystem that is a view of the host's kernel (procfs, sysfs, cgroupfs, debugfs, tracefs,
 * securityfs, bpffs, efivarfs, configfs, binfmt_misc, devtmpfs, pstore, ...). */
bool exposure_kernel_fs(const char *fstype);

/* A kernel filesystem where the runtime puts its own: procfs under /proc showing the same
 * subtree (the read-only /proc/sys over-mount), sysfs under /sys, cgroupfs under
 * /sys/fs/cgroup, and devtmpfs binds of the harmless nodes (/dev/null, ...) anywhere (rootless
 * runtimes bind them, and mask paths with /dev/null); devpts and mqueue anywhere. */
bool exposure_default_kernel_mount(const struct mount_entry *m);

/* The part of a writable kernel mount m through which the host's kernel is changed, written
 * into out (a path inside the container), or false: for procfs its sys/ subtree and
 * sysrq-trigger when not covered read-only in ct, for sysfs and the host-global kernel
 * filesystems the mount itself. cgroupfs is left to cgroup.v1_writable. */
bool exposure_kernel_writable(const struct mount_table *ct, const struct mount_entry *m, char *out,
			      size_t outsz);

/* Host paths: is hp under a root the runtime manages for the container itself (its rootfs and
 * /etc/hosts files, named volumes, the kubelet's emptyDir, secret and configMap volumes)? Such
 * a bind is not a hostPath in the Pod Security Standards' sense. */
bool exposure_managed(const char *hp);
/* hp is, holds or lies inside (inside: for the trees where anything inside matters, or when
 * writable) a sensitive host tree: CIS Docker 5.6's system directories, the runtime, kubelet and
 * PKI state, /var/log, /root, credentials. */
bool exposure_sensitive(const char *hp, bool writable);
/* hp is, holds or lies inside a tree of host credentials (/etc/shadow, SSH keys, the kubelet's
 * and Kubernetes' PKI, cloud credentials, /root). */
bool exposure_secret(const char *hp);
/* A Kubernetes service-account token volume (a projected kube-api-access or a token secret in
 * the kubelet's pod directory, or anything mounted at .../secrets/kubernetes.io/serviceaccount). */
bool exposure_sa_token(const char *hp, const char *mountpoint);

/* The host path a container mount shows (the host's own mount of its filesystem: the one
 * showing the most of it), written into out; false when it is not a host path. host: the host's
 * mount table; NULL from inside a container (the mount's root stands for it). */
bool exposure_host_path(const struct mount_table *host, const struct mount_entry *m, char *out,
			size_t outsz);
/* A bind of host path src (absolute, symbolic links resolved) on dest, read-only or not, judged
 * before it exists as the live audit will judge the mount it makes (mounts.sensitive): the
 * host path it shows, through host (the host's mount table; NULL: src itself), is sensitive
 * and not under a root the runtime manages. One model for `audit`, `oci check` and the gate. */
bool exposure_bind_sensitive(const struct mount_table *host, const char *src, const char *dest,
			     bool ro);
