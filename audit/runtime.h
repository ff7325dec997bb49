/* Runtime state files read on the host, read-only: runc/crun state.json, containers-storage
 * containers.json, Docker config.v2.json, containerd and CRI-O bundle config.json annotations. */
#pragma once

#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>

#include "audit/identity.h"
#include "kernel/idmap.h"

struct runtime_state;

/* Creates an empty cache; files are read lazily, each at most once per scan. hostrootfd is
 * borrowed and must outlive the cache. NULL on ENOMEM. */
struct runtime_state *runtime_state_new(int hostrootfd);
void runtime_state_free(struct runtime_state *rs);

/* Live (the /proc tree is this system's): a rootless user's files must be owned by that user,
 * and only the user the kernel names as a namespace's owner is asked about its processes. */
void runtime_state_set_live(struct runtime_state *rs, bool live);

/* What /proc says about the owner of a process's user namespace: the files below a user's
 * run/user/UID and home are that user's claims (issue 14), taken for the process only when
 * they match this. */
struct runtime_owner {
	int64_t uid;		    /* the kernel's owner (NS_GET_OWNER_UID), -1 unknown */
	int host_user;		    /* 1: the host's user namespace, 0: another, -1 unknown */
	const struct idmap *uidmap; /* the namespace's uid map, NULL unknown */
};

/* Adds what the runtime's own files say about the container whose init is initpid. A missing or
 * malformed file adds nothing: identity evidence is best effort. A rootless user's state (below
 * run/user/UID) is taken only when who says that user owns the process's user namespace (on a
 * recorded tree: maps the user's uid); who NULL: only rootful runtimes' state. The user's files
 * are read as audit/userfiles.h says. */
void runtime_enrich(struct runtime_state *rs, pid_t initpid, const struct runtime_owner *who,
		    struct identity *id);
