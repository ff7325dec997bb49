/* Bounded reads of files under a directory fd, and reads confined to a container's root. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/buf.h"
#include "lib/error.h"

/* Reads the whole file dirfd/path into out (replacing its content), at most cap bytes.
 * Returns 0, -EFBIG when the file holds more than cap bytes, or the negative errno of
 * open/read (ENOENT and ESRCH mean the process is gone). */
int fileio_read_at(int dirfd, const char *path, size_t cap, struct buf *out);
/* The same from an open descriptor, read to its end. */
int fileio_read_fd(int fd, size_t cap, struct buf *out);

/* Opens a file a user named (an option's argument) for reading: O_NONBLOCK, so that a FIFO
 * cannot hang the command, then fstat()ed; anything but a regular file is refused with err
 * saying what it is ("reading 'x': it is a FIFO, not a regular file"): -EISDIR for a directory
 * (unless dir_ok: then it is opened), -EINVAL for a FIFO, device or socket. Other failures are
 * the negative errno of open with err set. Returns an fd (O_CLOEXEC, still O_NONBLOCK: reads
 * of a regular file never block anyway). */
int fileio_open_user(const char *path, int dir_ok, struct error *err);
/* Reads such a file whole into out, at most cap bytes (-EFBIG with err set beyond). */
int fileio_read_user(const char *path, size_t cap, struct buf *out, struct error *err);

/* Reads the text of the symlink dirfd/path into out (NUL-terminated, at most outsz-1 bytes). */
int fileio_readlink_at(int dirfd, const char *path, char *out, size_t outsz);
/* Same, but where dirfd/path is a regular file (a recorded /proc tree: archives made with tar -h,
 * as make dist does, drop dangling symlinks such as "socket:[N]"), its first line is the text. */
int fileio_readlink_or_text_at(int dirfd, const char *path, char *out, size_t outsz);

/* Opens path beneath rootfd as if rootfd were "/": absolute and relative symlinks, and "..",
 * are resolved inside it and never lead out of it; magic links (/proc/self/fd/N) are refused.
 * Uses openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS); where the kernel lacks openat2 it walks
 * component by component and refuses every symlink. flags are open(2) flags. Returns an fd or
 * a negative errno. */
int fileio_open_in_root(int rootfd, const char *path, int flags);

/* Reads a regular file at path inside rootfd (as fileio_open_in_root resolves it), at most
 * cap bytes. FIFOs, devices and sockets are refused with -EINVAL without blocking. */
int fileio_read_in_root(int rootfd, const char *path, size_t cap, struct buf *out);

/* Opens the relative path beneath dirfd without following any symlink (openat2 with
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS; without openat2 a walk refusing every symlink and
 * ".."): for files below a directory another user controls, which must not lead the reader
 * anywhere else. An absolute or empty path is refused (-EXDEV). Returns an fd or a negative
 * errno (-ELOOP: a symlink on the way, -EXDEV: out of dirfd). */
int fileio_open_beneath(int dirfd, const char *path, int flags);

/* Reads a regular file at dirfd/path as fileio_open_beneath resolves it, owned by uid
 * ((uid_t)-1: any owner), at most cap bytes. Refused without blocking or reading: a FIFO,
 * device, socket or directory (-EINVAL), another owner's file (-EPERM), a larger file
 * (-EFBIG). */
int fileio_read_owned_beneath(int dirfd, const char *path, uid_t uid, size_t cap, struct buf *out);

/* True when the path exists inside rootfd (lstat semantics at the last component). */
int fileio_exists_in_root(int rootfd, const char *path);

/* A file replaced atomically: written to a temporary file created beside it (".NAME.XXXXXX"),
 * synced, renamed over it, and the directory synced. The temporary file can be made long before
 * the text is known (an unwritable path then fails first). */
struct fileio_atomic {
	char *path; /* owned */
	char *tmp;  /* owned; NULL once committed or aborted */
	int fd;
	/* Set after open: no fsync of the file and the directory. Still atomic for readers (the
	 * rename); after a crash the old or the new text (ext4's auto_da_alloc flushes a file
	 * renamed over another). For files a crash makes moot (a launch's bundle). */
	bool no_sync;
};

/* Creates the temporary file beside path with permissions mode. Refuses an empty path, a path
 * ending in '/', and a path that exists but is not a regular file. Returns 0 or a negative
 * errno with err set; on failure a holds nothing to free. */
int fileio_atomic_open(const char *path, mode_t mode, struct fileio_atomic *a, struct error *err);
/* Writes text to the temporary file and syncs it; when keep_as is given, hard-links the file
 * now at path there first (replacing what keep_as held); renames over path; syncs the
 * directory. On failure path is as it was (keep_as may already name it). Whatever the result,
 * the temporary file is gone afterwards and a is freed. */
int fileio_atomic_commit(struct fileio_atomic *a, const char *text, size_t len, const char *keep_as,
			 struct error *err);
/* Removes the temporary file and frees a. Safe on a freed or zeroed a. */
void fileio_atomic_abort(struct fileio_atomic *a);
