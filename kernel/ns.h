/* Namespace types and the links in /proc/<pid>/ns. */
#pragma once

#include <stdint.h>

/* Alphabetical, the order ns.shared lists them in. */
enum ns_type { NS_CGROUP, NS_IPC, NS_MNT, NS_NET, NS_PID, NS_TIME, NS_USER, NS_UTS, NS__COUNT };

/* The kernel's names ("mnt", "net": /proc/PID/ns/NAME, the ns.shared fact) and the runtime
 * spec's ("mount", "network": linux.namespaces[].type). The from_ functions return the type,
 * or -1 for an unknown name. */
const char *ns_name(enum ns_type t);
int ns_from_name(const char *s);
const char *ns_oci_name(enum ns_type t);
int ns_from_oci_name(const char *s);
/* Parses a link text "mnt:[4026531841]" of type t. Returns 0 or -EINVAL. */
int ns_parse_link(const char *text, enum ns_type t, uint64_t *ino);
/* Reads dirfd/ns/<type> (dirfd is a /proc/<pid> directory). Returns 0 or a negative errno;
 * -ENOENT for a namespace type the kernel lacks. */
int ns_read(int piddirfd, enum ns_type t, uint64_t *ino);
/* The inode the kernel gives the initial namespace of t (fixed since Linux 3.8), or 0 for types
 * whose initial inode is not fixed (mnt, net). */
uint64_t ns_initial_inode(enum ns_type t);
