/* Writers of `ctguard inspect` output: JSON (ctguard.inspect/v1) and text for people. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "audit/gaps.h"
#include "lib/buf.h"
#include "lib/jsonw.h"
#include "facts/fact.h"

/* Writes {"<fact>": value, ...} for every fact of scope (null for unknown values). */
void inspect_json_facts(struct jsonw *w, const struct facts *f, enum fact_scope scope);

/* The "view" member: {"complete", "unreadable_processes", "unreadable_containers",
 * "unreadable": [{"pid", "what", "container", "reason", "detail", "host"}]} (g may be NULL: a
 * complete view). */
void inspect_json_view(struct jsonw *w, const struct gaps *g);
/* A rootless container's owner and namespace holder (issue 14): "owner" (container.owner),
 * "owner_uid" and "namespace_holder" (the pid of the user's podman pause process or
 * RootlessKit child, which is not a container; null when none was seen). Nothing for a
 * container that is not known to be rootless. */
void inspect_json_rootless(struct jsonw *w, const struct facts *f);

/* For people: nothing when complete, else lines saying what could not be read and why. */
void inspect_text_view(FILE *out, const struct gaps *g, bool color);

/* host may be NULL; containers may be empty; gaps may be NULL (a complete view). */
void inspect_write_json(FILE *out, const struct facts *containers, size_t n,
			const struct facts *host, const struct gaps *gaps);

/* One aligned block per container; risky values marked with '!' (and red when color). */
void inspect_write_text(FILE *out, const struct facts *containers, size_t n,
			const struct facts *host, const struct gaps *gaps, bool color);

/* Formats one value for people (lists joined by ", "), escaped for a terminal. */
int inspect_format_value(const struct fact_value *v, enum fact_type t, struct buf *out);
