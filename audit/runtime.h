/* Runtime state files read on the host, read-only: runc/crun state.json, containers-storage
 * containers.json, Docker config.v2.json, containerd and CRI-O bundle config.json annotations. */
#pragma once

#include <sys/types.h>

#include "audit/identity.h"

struct runtime_state;

/* Creates an empty cache; files are read lazily, each at most once per scan. hostrootfd is
 * borrowed and must outlive the cache. NULL on ENOMEM. */
struct runtime_state *runtime_state_new(int hostrootfd);
void runtime_state_free(struct runtime_state *rs);

/* Adds what the runtime's own files say about the container whose init is initpid. A missing or
 * malformed file adds nothing: identity evidence is best effort. */
void runtime_enrich(struct runtime_state *rs, pid_t initpid, struct identity *id);
