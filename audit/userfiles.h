/* A rootless user's own files (issue 14): run/user/UID and the user's home hold the state and
 * metadata of their containers, and the user can write anything there: symlinks to root's
 * files, FIFOs, files of any size, JSON naming anyone's containers. Every read of them goes
 * through here: beneath the user's directory without following a symlink, regular files only,
 * never blocking, size-capped, and on a live host owned by that user. What such a file says is
 * still only the user's claim: audit/runtime.c accepts it for a process only when /proc says
 * the user owns that process's user namespace. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* A user's metadata file (containers.json, state.json, config.v2.json) is refused above this:
 * ~2 KiB per container in containers.json, so a few thousand containers. */
#define USERFILE_MAX (4u << 20)

/* Opens base (a directory below hostrootfd: "run/user/1001", or the user's home from the host's
 * /etc/passwd, resolved inside hostrootfd) and checks that uid owns it (uid < 0: any owner, for
 * a recorded tree). Returns an O_PATH directory fd or a negative errno (-EPERM: another
 * owner). */
int userfile_base(int hostrootfd, const char *base, int64_t uid);

/* Reads base/rel as userfile_base and fileio_read_owned_beneath check it: rel relative, no
 * symlink anywhere below base, a regular file owned by uid (uid < 0: any), at most cap bytes.
 * Returns 0 or a negative errno. */
int userfile_read(int hostrootfd, const char *base, const char *rel, int64_t uid, size_t cap,
		  struct buf *out);

/* Opens the directory base/rel for reading (readdir) the same way: no symlink below base, owned
 * by uid (uid < 0: any). Returns an fd or a negative errno. */
int userfile_opendir(int hostrootfd, const char *base, const char *rel, int64_t uid);
