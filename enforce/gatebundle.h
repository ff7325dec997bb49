/* The private copies of judged configs the wrapper runtime hands runc in place of the engine's
 * files: BASE/bundles/ID.XXXXXX/{config.json,process.json} in a directory only this user can
 * write (BASE: /run/ctguard as root, else $XDG_RUNTIME_DIR/ctguard), collected once their
 * container is gone. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"
#include "lib/error.h"

/* runc's container ids (libcontainer validateID): ^[\w+-\.]+$, never "." or "..". */
bool gatebundle_id_valid(const char *id);
/* Writes text (len bytes: the judged object, printed) as BASE/bundles/ID.XXXXXX/name (a directory
 * made for this launch only, mode 0700, O_EXCL file), collecting stale copies on the way. For
 * config.json, state (runc's state file of the container, may be NULL) is noted beside it for the
 * collector and *path is set to the directory; for other names to the file. Returns 0 or a negative
 * errno with err set. */
int gatebundle_write(const char *id, const char *state, const char *text, size_t len,
		     const char *name, struct buf *path, struct error *err);
