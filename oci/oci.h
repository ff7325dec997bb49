/* OCI runtime configs (config.json of a bundle): loading with limits, the shape checks that
 * tell an OCI config from any other JSON, and typed access. Shared by `ctguard oci check`
 * (config -> facts) and the wrapper runtime (config rewrite). */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"

/* Past this a config.json is refused (podman's are 20-60 KiB, most of it the seccomp profile). */
#define OCI_CONFIG_MAX (4u << 20)

struct oci_config {
	char *bundle;	   /* the bundle directory */
	char *bundle_abs;  /* its absolute path, symlinks resolved (what runc's cwd would be) */
	char *path;	   /* bundle/config.json */
	json_object *root; /* owned */
	char *text;	   /* the bytes root was parsed from (for positions: enforce/ocilocate.c) */
	size_t len;
};

/* Loads arg: a bundle directory (its config.json, never through a symlink) or a config file,
 * read once from one descriptor. The file must be a regular file of at most OCI_CONFIG_MAX
 * bytes holding one JSON object that runc and ctguard read alike (ocispec_check: no duplicate
 * or case-folded keys, no NUL, valid UTF-8) and that is an OCI runtime config
 * (oci_config_check). Returns 0, -EINVAL (not JSON, read differently by runc, not an OCI
 * config: err says "path:line:column: ..." or which field), or the negative errno of reading. */
int oci_config_load(const char *arg, struct oci_config *c, struct error *err);
/* Makes the paths runc resolves against the bundle directory absolute (against bundle_abs, as
 * runc joins them to its working directory, the bundle): root.path, the source of each bind
 * mount, each linux.namespaces path. The config then means the same from any directory. Returns
 * 0 or -ENOMEM. */
int oci_config_resolve(struct oci_config *c, struct error *err);
/* One JSON document parsed with json-c and checked with ocispec_check against type; the same
 * from the file at path (a regular file, at most OCI_CONFIG_MAX bytes). Returns 0 or a negative
 * errno (-EINVAL: err says "name:line:column: ..."). */
struct ocispec_type;
int oci_json_parse(const char *name, const char *text, size_t len, const struct ocispec_type *type,
		   json_object **out, struct error *err);
int oci_json_load(const char *path, const struct ocispec_type *type, json_object **out,
		  struct error *err);
void oci_config_free(struct oci_config *c);

/* The shape of an OCI config: an object with a string ociVersion, and, where present, the
 * fields ctguard reads with their types (process object, process.user.uid number, capabilities
 * lists of strings, linux.namespaces list of objects with a string type, mounts list of
 * objects with a string destination, ...). name is used in messages. Returns 0 or -EINVAL. */
int oci_config_check(json_object *root, const char *name, struct error *err);

/* The member at a dotted path ("process.user.uid"), or NULL when any step is absent or not an
 * object. */
json_object *oci_get(json_object *root, const char *path);
/* Typed getters: false when absent or of another type. */
bool oci_get_bool(json_object *root, const char *path, bool *out);
bool oci_get_u32(json_object *root, const char *path, uint32_t *out);
const char *oci_get_str(json_object *root, const char *path);
/* The object at path, created (with its parents) when absent; NULL on ENOMEM or when a step
 * exists with another type. */
json_object *oci_ensure_obj(json_object *root, const char *path);

/* Capability names of an OCI list ("CAP_SYS_ADMIN") as a mask; unknown names set *unknown. */
uint64_t oci_caps_mask(json_object *list, bool *unknown);
/* Namespace type of an OCI linux.namespaces type ("network" -> NS_NET), or -1. */
int oci_ns_type(const char *oci);
/* The OCI name of an enum ns_type ("network" for NS_NET). */
const char *oci_ns_name(int t);
/* Bit (1 << enum ns_type) for each namespace type the config does not list at all: the ones the
 * container shares with the runtime's caller. *joined (may be NULL) gets the ones listed with
 * a path (joining an existing namespace, which may or may not be the host's: compare inodes). */
unsigned oci_shared_namespaces(json_object *root, unsigned *joined);
/* True for a bind mount (type "bind" or options holding "bind"/"rbind"). */
bool oci_mount_is_bind(json_object *mount);
/* path cleaned lexically as Go's filepath.Clean does ("//etc/../tmp/" -> "/tmp"); malloc'd or
 * NULL. */
char *oci_path_clean(const char *path);
/* True when options hold "ro" (and not a later "rw"). */
bool oci_mount_is_ro(json_object *mount);

/* Checked building of a config: o[key] = v, or v appended to arr. A NULL v (a failed
 * allocation), a NULL container or a failed add clears *ok and releases v; once *ok is false
 * nothing more is added (a half-built config must never be written: an absent uid is root).
 * Returns v, or NULL. */
json_object *oci_put(json_object *o, const char *key, json_object *v, bool *ok);
json_object *oci_push(json_object *arr, json_object *v, bool *ok);
