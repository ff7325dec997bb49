/* OCI runtime configs: load, check the shape, typed access. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "kernel/ns.h"
#include "oci/oci.h"
#include "oci/ocispec.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/jsondoc.h"

int oci_ns_type(const char *oci)
{
	return ns_from_oci_name(oci);
}

const char *oci_ns_name(int t)
{
	return t >= 0 && t < NS__COUNT ? ns_oci_name((enum ns_type)t) : "?";
}

json_object *oci_get(json_object *root, const char *path)
{
	json_object *cur = root;
	const char *p = path;
	while (cur && *p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		char key[64];
		if (len >= sizeof(key) || !json_object_is_type(cur, json_type_object))
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		json_object *next;
		if (!json_object_object_get_ex(cur, key, &next))
			return NULL;
		cur = next;
		p += len + (dot ? 1 : 0);
	}
	return cur;
}

bool oci_get_bool(json_object *root, const char *path, bool *out)
{
	json_object *v = oci_get(root, path);
	if (!v || !json_object_is_type(v, json_type_boolean))
		return false;
	*out = json_object_get_boolean(v);
	return true;
}

bool oci_get_u32(json_object *root, const char *path, uint32_t *out)
{
	json_object *v = oci_get(root, path);
	if (!v || !json_object_is_type(v, json_type_int))
		return false;
	int64_t i = json_object_get_int64(v);
	if (i < 0 || i > UINT32_MAX)
		return false;
	*out = (uint32_t)i;
	return true;
}

const char *oci_get_str(json_object *root, const char *path)
{
	json_object *v = oci_get(root, path);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

json_object *oci_ensure_obj(json_object *root, const char *path)
{
	json_object *cur = root;
	const char *p = path;
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		char key[64];
		if (len >= sizeof(key))
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		json_object *next;
		if (!json_object_object_get_ex(cur, key, &next)) {
			next = json_object_new_object();
			if (!next || json_object_object_add(cur, key, next) < 0)
				return NULL;
		} else if (!json_object_is_type(next, json_type_object)) {
			return NULL;
		}
		cur = next;
		p += len + (dot ? 1 : 0);
	}
	return cur;
}

uint64_t oci_caps_mask(json_object *list, bool *unknown)
{
	uint64_t m = 0;
	if (!list || !json_object_is_type(list, json_type_array))
		return 0;
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i);
		const char *s =
		    json_object_is_type(e, json_type_string) ? json_object_get_string(e) : NULL;
		int bit = s && strncasecmp(s, "CAP_", 4) == 0 ? caps_from_name(s) : -1;
		if (bit < 0 || bit > 63) {
			if (unknown)
				*unknown = true;
			continue;
		}
		m |= UINT64_C(1) << bit;
	}
	return m;
}

unsigned oci_shared_namespaces(json_object *root, unsigned *joined)
{
	unsigned listed = 0, paths = 0;
	json_object *ns = oci_get(root, "linux.namespaces");
	for (size_t i = 0;
	     ns && json_object_is_type(ns, json_type_array) && i < json_object_array_length(ns);
	     i++) {
		json_object *e = json_object_array_get_idx(ns, i);
		const char *type = oci_get_str(e, "type");
		const char *path = oci_get_str(e, "path");
		int t = type ? oci_ns_type(type) : -1;
		if (t < 0)
			continue;
		if (path && *path)
			paths |= 1u << t;
		else
			listed |= 1u << t;
	}
	if (joined)
		*joined = paths;
	return ((1u << NS__COUNT) - 1) & ~(listed | paths);
}

static bool has_option(json_object *mount, const char *opt, int *index)
{
	json_object *o = oci_get(mount, "options");
	bool found = false;
	for (size_t i = 0;
	     o && json_object_is_type(o, json_type_array) && i < json_object_array_length(o); i++) {
		json_object *e = json_object_array_get_idx(o, i);
		if (json_object_is_type(e, json_type_string) &&
		    strcmp(json_object_get_string(e), opt) == 0) {
			found = true;
			if (index)
				*index = (int)i;
		}
	}
	return found;
}

bool oci_mount_is_bind(json_object *mount)
{
	const char *type = oci_get_str(mount, "type");
	return (type && strcmp(type, "bind") == 0) || has_option(mount, "bind", NULL) ||
	       has_option(mount, "rbind", NULL);
}

bool oci_mount_is_ro(json_object *mount)
{
	int ro = -1, rw = -1;
	has_option(mount, "ro", &ro);
	has_option(mount, "rw", &rw);
	return ro >= 0 && ro > rw;
}

/* Shape checks: what ctguard reads must have the type the runtime-spec gives it. */

static int want(json_object *root, const char *path, enum json_type type, const char *tname,
		const char *name, struct error *err)
{
	json_object *v = oci_get(root, path);
	if (v && !json_object_is_type(v, type))
		return error_set(err, -EINVAL, "%s: %s must be %s", name, path, tname);
	return 0;
}

static int want_strings(json_object *root, const char *path, const char *name, struct error *err)
{
	json_object *v = oci_get(root, path);
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return error_set(err, -EINVAL, "%s: %s must be a list of strings", name, path);
	for (size_t i = 0; i < json_object_array_length(v); i++)
		if (!json_object_is_type(json_object_array_get_idx(v, i), json_type_string))
			return error_set(err, -EINVAL, "%s: %s[%zu] must be a string", name, path,
					 i);
	return 0;
}

/* Each item of the list at path an object whose key is a string. */
static int want_objects(json_object *root, const char *path, const char *key, const char *name,
			struct error *err)
{
	json_object *v = oci_get(root, path);
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return error_set(err, -EINVAL, "%s: %s must be a list", name, path);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		json_object *e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_object) || !oci_get_str(e, key))
			return error_set(err, -EINVAL,
					 "%s: %s[%zu] must be an object with a string %s", name,
					 path, i, key);
	}
	return 0;
}

static int want_uid(json_object *root, const char *path, const char *name, struct error *err)
{
	json_object *v = oci_get(root, path);
	uint32_t u;
	if (v && !oci_get_u32(root, path, &u))
		return error_set(err, -EINVAL, "%s: %s must be a number from 0 to 4294967295", name,
				 path);
	return 0;
}

int oci_config_check(json_object *root, const char *name, struct error *err)
{
	if (!json_object_is_type(root, json_type_object))
		return error_set(err, -EINVAL,
				 "%s: not an OCI runtime config: the document is not an object",
				 name);
	if (!oci_get_str(root, "ociVersion"))
		return error_set(err, -EINVAL,
				 "%s: not an OCI runtime config: no string 'ociVersion' (is this "
				 "a bundle's config.json?)",
				 name);
	static const char *const objects[] = {
	    "process", "process.user",	  "process.capabilities", "root",
	    "linux",   "linux.resources", "linux.seccomp",	  "annotations",
	};
	static const char *const capsets[] = {
	    "process.capabilities.bounding",  "process.capabilities.effective",
	    "process.capabilities.permitted", "process.capabilities.inheritable",
	    "process.capabilities.ambient",
	};
	int r = 0;
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(objects); i++)
		r = want(root, objects[i], json_type_object, "an object", name, err);
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(capsets); i++)
		r = want_strings(root, capsets[i], name, err);
	if (r == 0)
		r = want_uid(root, "process.user.uid", name, err);
	if (r == 0)
		r = want_uid(root, "process.user.gid", name, err);
	if (r == 0)
		r = want(root, "process.noNewPrivileges", json_type_boolean, "true or false", name,
			 err);
	if (r == 0)
		r = want(root, "root.readonly", json_type_boolean, "true or false", name, err);
	if (r == 0)
		r = want(root, "root.path", json_type_string, "a string", name, err);
	if (r == 0)
		r = want(root, "process.args", json_type_array, "a list", name, err);
	if (r == 0)
		r = want(root, "process.apparmorProfile", json_type_string, "a string", name, err);
	if (r == 0)
		r = want(root, "process.selinuxLabel", json_type_string, "a string", name, err);
	if (r == 0)
		r = want_objects(root, "linux.namespaces", "type", name, err);
	if (r == 0)
		r = want_objects(root, "mounts", "destination", name, err);
	if (r == 0)
		r = want_objects(root, "process.rlimits", "type", name, err);
	if (r == 0)
		r = want_strings(root, "linux.maskedPaths", name, err);
	if (r == 0)
		r = want_strings(root, "linux.readonlyPaths", name, err);
	if (r == 0)
		r = want_strings(root, "process.env", name, err);
	return r;
}

/* The bundle's absolute, symlink-free path (as runc's os.Getwd() after chdir(bundle) gives it),
 * from the directory descriptor the config was read through. */
static char *fd_path(int fd)
{
	char link[64], out[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, out, sizeof(out) - 1);
	if (n <= 0 || out[0] != '/')
		return NULL;
	out[n] = '\0';
	return strdup(out);
}

/* Opens the config: arg/config.json when arg is a directory (never through a symlink named
 * config.json), else arg. *dirfd gets the bundle directory. */
static int open_config(struct oci_config *c, const char *arg, int *dirfd, struct error *err)
{
	_cleanup_close_ int afd = open(arg, O_PATH | O_CLOEXEC);
	struct stat st;
	if (afd < 0 || fstat(afd, &st) < 0)
		return error_setn(err, -errno, "bundle or config '%s'", arg);
	struct buf b = BUF_INIT;
	const char *slash = strrchr(arg, '/');
	if (S_ISDIR(st.st_mode)) {
		c->bundle = strdup(arg);
		buf_printf(&b, "%s/config.json", arg);
		c->path = buf_steal(&b);
		*dirfd = TAKE_FD(afd);
	} else {
		c->path = strdup(arg);
		c->bundle =
		    slash ? strndup(arg, slash == arg ? 1 : (size_t)(slash - arg)) : strdup(".");
		*dirfd = c->bundle ? open(c->bundle, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
		if (*dirfd < 0)
			return error_setn(err, c->bundle ? -errno : -ENOMEM, "bundle '%s'",
					  c->bundle ? c->bundle : arg);
	}
	if (!c->bundle || !c->path || !(c->bundle_abs = fd_path(*dirfd)))
		return error_set(err, -ENOMEM, "out of memory");
	/* O_NONBLOCK: a FIFO named config.json must not hang the runtime. */
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = S_ISDIR(st.st_mode) ? openat(*dirfd, "config.json", flags | O_NOFOLLOW)
				     : open(arg, flags);
	if (fd < 0)
		return error_setn(err, -errno, "reading '%s'%s", c->path,
				  errno == ELOOP ? " (a symlink: a bundle's config.json must be "
						   "the file itself)"
						 : "");
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(err, -EINVAL, "'%s' is not a regular file", c->path);
	}
	return fd;
}

int oci_config_load(const char *arg, struct oci_config *c, struct error *err)
{
	*c = (struct oci_config){0};
	_cleanup_close_ int dirfd = -1;
	_cleanup_close_ int fd = open_config(c, arg, &dirfd, err);
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fd < 0 ? fd : 0;
	if (r == 0 && (r = fileio_read_fd(fd, OCI_CONFIG_MAX, &b)) == -EFBIG)
		r = error_set(err, r, "'%s' is larger than %u bytes", c->path, OCI_CONFIG_MAX);
	else if (r < 0 && fd >= 0)
		r = error_setn(err, r, "reading '%s'", c->path);
	/* The shape first (its messages name what ctguard reads), then what runc would read
	 * differently. */
	if (r == 0)
		r = json_text_parse(c->path, b.data ? b.data : "", b.len, &c->root, err);
	if (r == 0)
		r = oci_config_check(c->root, c->path, err);
	if (r == 0)
		r = ocispec_check(c->path, b.data ? b.data : "", b.len, &ocispec_spec, err);
	if (r < 0) {
		oci_config_free(c);
		return r;
	}
	c->len = b.len;
	c->text = buf_steal(&b);
	return 0;
}

/* dir + "/" + rel, cleaned lexically as Go's filepath.Join does ("a/./b/../c" -> "a/c"). */
static char *clean_join(const char *dir, const char *rel)
{
	_cleanup_buf_ struct buf in = BUF_INIT;
	if (buf_printf(&in, "%s/%s", dir, rel) < 0)
		return NULL;
	_cleanup_free_ size_t *starts = calloc(in.len + 1, sizeof(*starts));
	char *out = malloc(in.len + 2);
	if (!starts || !out) {
		free(out);
		return NULL;
	}
	size_t n = 0, depth = 0;
	for (char *p = in.data, *save = NULL, *seg; (seg = strtok_r(p, "/", &save)); p = NULL) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (depth)
				n = starts[--depth];
			continue;
		}
		starts[depth++] = n;
		out[n++] = '/';
		size_t l = strlen(seg);
		memcpy(out + n, seg, l);
		n += l;
	}
	if (!n)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

char *oci_path_clean(const char *path)
{
	if (path[0] == '/')
		return clean_join("", path);
	return clean_join(".", path);
}

static int make_absolute(json_object *o, const char *key, const char *bundle, bool *ok)
{
	json_object *v;
	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return 0;
	const char *p = json_object_get_string(v);
	if (p[0] == '/')
		return 0;
	_cleanup_free_ char *abs = clean_join(bundle, p);
	if (!abs || !oci_put(o, key, json_object_new_string(abs), ok))
		*ok = false;
	return 1;
}

int oci_config_resolve(struct oci_config *c, struct error *err)
{
	bool ok = true;
	const char *b = c->bundle_abs;
	json_object *root = oci_get(c->root, "root");
	if (root && oci_get_str(root, "path"))
		make_absolute(root, "path", b, &ok);
	json_object *mounts = oci_get(c->root, "mounts");
	for (size_t i = 0; mounts && i < json_object_array_length(mounts); i++) {
		json_object *m = json_object_array_get_idx(mounts, i);
		const char *src = oci_get_str(m, "source");
		if (src && *src && oci_mount_is_bind(m))
			make_absolute(m, "source", b, &ok);
	}
	json_object *ns = oci_get(c->root, "linux.namespaces");
	for (size_t i = 0; ns && i < json_object_array_length(ns); i++) {
		json_object *e = json_object_array_get_idx(ns, i);
		const char *path = oci_get_str(e, "path");
		if (path && *path)
			make_absolute(e, "path", b, &ok);
	}
	return ok ? 0 : error_set(err, -ENOMEM, "out of memory");
}

int oci_json_parse(const char *name, const char *text, size_t len, const struct ocispec_type *type,
		   json_object **out, struct error *err)
{
	*out = NULL;
	int r = json_text_parse(name, text, len, out, err);
	if (r == 0 && (r = ocispec_check(name, text, len, type, err)) < 0) {
		json_object_put(*out);
		*out = NULL;
	}
	return r;
}

int oci_json_load(const char *path, const struct ocispec_type *type, json_object **out,
		  struct error *err)
{
	*out = NULL;
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0)
		return error_setn(err, -errno, "reading '%s'", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return error_set(err, -EINVAL, "'%s' is not a regular file", path);
	_cleanup_buf_ struct buf b = BUF_INIT;
	int r = fileio_read_fd(fd, OCI_CONFIG_MAX, &b);
	if (r == -EFBIG)
		return error_set(err, r, "'%s' is larger than %u bytes", path, OCI_CONFIG_MAX);
	if (r < 0)
		return error_setn(err, r, "reading '%s'", path);
	return oci_json_parse(path, b.data ? b.data : "", b.len, type, out, err);
}

void oci_config_free(struct oci_config *c)
{
	free(c->bundle);
	free(c->bundle_abs);
	free(c->path);
	free(c->text);
	if (c->root)
		json_object_put(c->root);
	*c = (struct oci_config){0};
}

json_object *oci_put(json_object *o, const char *key, json_object *v, bool *ok)
{
	if (!*ok || !v || !o || json_object_object_add(o, key, v) < 0) {
		json_object_put(v);
		*ok = false;
		return NULL;
	}
	return v;
}

json_object *oci_push(json_object *arr, json_object *v, bool *ok)
{
	if (!*ok || !v || !arr || json_object_array_add(arr, v) < 0) {
		json_object_put(v);
		*ok = false;
		return NULL;
	}
	return v;
}
