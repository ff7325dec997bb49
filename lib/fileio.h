/* Bounded reads of files under a directory fd, and reads confined to a container's root. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "lib/buf.h"

/* Reads the whole file dirfd/path into out (replacing its content), at most cap bytes.
 * Returns 0, -EFBIG when the file holds more than cap bytes, or the negative errno of
 * open/read (ENOENT and ESRCH mean the process is gone). */
int fileio_read_at(int dirfd, const char *path, size_t cap, struct buf *out);
/* The same from an open descriptor, read to its end. */
int fileio_read_fd(int fd, size_t cap, struct buf *out);

/* Reads the text of the symlink dirfd/path into out (NUL-terminated, at most outsz-1 bytes). */
int fileio_readlink_at(int dirfd, const char *path, char *out, size_t outsz);

/* Opens path beneath rootfd as if rootfd were "/": absolute and relative symlinks, and "..",
 * are resolved inside it and never lead out of it; magic links (/proc/self/fd/N) are refused.
 * Uses openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS); where the kernel lacks openat2 it walks
 * component by component and refuses every symlink. flags are open(2) flags. Returns an fd or
 * a negative errno. */
int fileio_open_in_root(int rootfd, const char *path, int flags);

/* Reads a regular file at path inside rootfd (as fileio_open_in_root resolves it), at most
 * cap bytes. FIFOs, devices and sockets are refused with -EINVAL without blocking. */
int fileio_read_in_root(int rootfd, const char *path, size_t cap, struct buf *out);

/* True when the path exists inside rootfd (lstat semantics at the last component). */
int fileio_exists_in_root(int rootfd, const char *path);
