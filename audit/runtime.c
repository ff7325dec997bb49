/* Identity from runtime state files on the host. These files are written by the runtimes (root)
 * but echo strings chosen by whoever started the container, so sizes are capped and everything
 * is escaped on output like any other untrusted string. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/runtime.h"
#include "audit/userfiles.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define STATE_MAX	(4u << 20)  /* a runc state.json holds the whole config */
#define CONTAINERS_MAX	(64u << 20) /* containers.json of a host with many containers */
#define STATE_ROOTS_MAX 4096
#define USER_STATES_MAX 1024 /* per user: one user's files cannot crowd out another's */
#define USERS_MAX	4096

struct state_entry {
	pid_t pid;
	char runtime[16];
	char id[160];
	int64_t owner;	  /* uid of the per-user state root (run/user/UID), else -1 */
	char bundle[512]; /* runc's "bundle=" label, "" when absent */
};

struct runtime_state {
	int hostrootfd;
	bool scanned;
	struct state_entry *states;
	size_t nstates;
	bool containers_loaded;
	json_object *containers; /* containers-storage containers.json */
	bool live;		 /* per-user files must be owned by their user */
	bool users_scanned;	 /* every run/user/UID (a recorded tree) */
	uint32_t *uids;		 /* the users whose state roots were scanned (live) */
	size_t nuids;
	/* Rootless users' containers.json, parsed once per scan (a user's file lists all of
	 * their containers: parsing it for each was a fifth of a scan's instructions). */
	struct rootless_storage {
		char *path; /* base/rel */
		int64_t owner;
		json_object *doc; /* NULL: unreadable */
	} * rootless;
	size_t nrootless;
};

struct runtime_state *runtime_state_new(int hostrootfd)
{
	struct runtime_state *rs = calloc(1, sizeof(*rs));
	if (rs)
		rs->hostrootfd = hostrootfd;
	return rs;
}

void runtime_state_free(struct runtime_state *rs)
{
	if (!rs)
		return;
	free(rs->states);
	free(rs->uids);
	if (rs->containers)
		json_object_put(rs->containers);
	for (size_t i = 0; i < rs->nrootless; i++) {
		free(rs->rootless[i].path);
		if (rs->rootless[i].doc)
			json_object_put(rs->rootless[i].doc);
	}
	free(rs->rootless);
	free(rs);
}

void runtime_state_set_live(struct runtime_state *rs, bool live)
{
	rs->live = live;
}

static json_object *read_json(int dirfd, const char *path, size_t cap)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (fileio_read_at(dirfd, path, cap, &b) < 0)
		return NULL;
	return json_tokener_parse(b.data);
}

/* The owner a user's file must have: the user on a live host, anyone in a recorded tree. */
static int64_t file_owner(const struct runtime_state *rs, int64_t owner)
{
	return rs->live ? owner : -1;
}

/* A file below base (the user's run/user/UID or home) read as the user's (audit/userfiles.h). */
static json_object *read_user_json(struct runtime_state *rs, const char *base, const char *rel,
				   int64_t owner)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (userfile_read(rs->hostrootfd, base, rel, file_owner(rs, owner), USERFILE_MAX, &b) < 0)
		return NULL;
	return json_tokener_parse(b.data);
}

/* path is below run/user/OWNER when owner >= 0: then it is the user's (audit/userfiles.h). */
static int split_user_path(const char *path, int64_t owner, char *base, size_t basesz,
			   const char **rel)
{
	snprintf(base, basesz, "run/user/%lld", (long long)owner);
	size_t bl = strlen(base);
	if (strncmp(path, base, bl) != 0 || path[bl] != '/')
		return -EINVAL;
	*rel = path + bl + 1;
	return 0;
}

static json_object *read_state_json(struct runtime_state *rs, const char *path, int64_t owner)
{
	if (owner < 0)
		return read_json(rs->hostrootfd, path, STATE_MAX);
	char base[32];
	const char *rel;
	if (split_user_path(path, owner, base, sizeof(base), &rel) < 0)
		return NULL;
	return read_user_json(rs, base, rel, owner);
}

static int open_state_dir(struct runtime_state *rs, const char *path, int64_t owner)
{
	if (owner < 0) {
		int fd = openat(rs->hostrootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	char base[32];
	const char *rel;
	if (split_user_path(path, owner, base, sizeof(base), &rel) < 0)
		return -EINVAL;
	return userfile_opendir(rs->hostrootfd, base, rel, file_owner(rs, owner));
}

static const char *json_str(json_object *o, const char *key)
{
	json_object *v;
	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Every member read from a state file is type-checked before use: json-c aborts on an array
 * call made on an object, and a state file's shape is only as good as whoever wrote it. */
static bool json_array_member(json_object *o, const char *key, json_object **out)
{
	return o && json_object_object_get_ex(o, key, out) &&
	       json_object_is_type(*out, json_type_array);
}

static bool json_int_member(json_object *o, const char *key, int64_t *out)
{
	json_object *v;
	if (!o || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

static void set_if(char *dst, size_t sz, const char *v)
{
	if (v && *v)
		identity_copy(dst, sz, v);
}

static struct state_entry *add_state(struct runtime_state *rs, const char *runtime, const char *id,
				     pid_t pid)
{
	if (rs->nstates >= STATE_ROOTS_MAX || pid <= 0)
		return NULL;
	struct state_entry *n = realloc(rs->states, (rs->nstates + 1) * sizeof(*n));
	if (!n)
		return NULL;
	rs->states = n;
	struct state_entry *e = &rs->states[rs->nstates++];
	*e = (struct state_entry){.pid = pid, .owner = -1};
	identity_copy(e->runtime, sizeof(e->runtime), runtime);
	identity_copy(e->id, sizeof(e->id), id);
	return e;
}

/* runc's config.labels: "io.container.manager=libpod" says podman started it (rootless
 * podman has no libpod cgroup to say so), "bundle=DIR" where its files are. */
static void state_labels(json_object *o, struct state_entry *e)
{
	json_object *cfg, *labels;
	if (!json_object_object_get_ex(o, "config", &cfg) ||
	    !json_array_member(cfg, "labels", &labels))
		return;
	size_t n = json_object_array_length(labels);
	for (size_t i = 0; i < n; i++) {
		json_object *l = json_object_array_get_idx(labels, i);
		if (!json_object_is_type(l, json_type_string))
			continue;
		const char *v = json_object_get_string(l);
		if (strcmp(v, "io.container.manager=libpod") == 0)
			identity_copy(e->runtime, sizeof(e->runtime), "podman");
		else if (strncmp(v, "bundle=", 7) == 0)
			identity_copy(e->bundle, sizeof(e->bundle), v + 7);
	}
}

/* Every <root>/<id>/state.json (runc) or <root>/<id>/status (crun) below one state root; a
 * user's (owner >= 0) at most *budget of them. */
static void scan_root(struct runtime_state *rs, const char *root, const char *runtime,
		      int64_t owner, size_t *budget)
{
	_cleanup_close_ int fd = open_state_dir(rs, root, owner);
	if (fd < 0)
		return;
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d)
		return;
	fd = -1;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (budget && *budget == 0)
			return;
		if (budget)
			(*budget)--;
		char path[512];
		bool crun = strcmp(runtime, "crun") == 0;
		snprintf(path, sizeof(path), "%s/%s/%s", root, de->d_name,
			 crun ? "status" : "state.json");
		json_object *o = read_state_json(rs, path, owner);
		if (!o)
			continue;
		int64_t pid;
		struct state_entry *e = NULL;
		if (json_int_member(o, crun ? "pid" : "init_process_pid", &pid) && pid > 0 &&
		    pid <= INT32_MAX)
			e = add_state(rs, runtime, de->d_name, (pid_t)pid);
		if (e) {
			e->owner = owner;
			state_labels(o, e);
		}
		json_object_put(o);
	}
}

static void scan_containerd(struct runtime_state *rs, const char *base, int64_t owner,
			    size_t *budget);

static void scan_states(struct runtime_state *rs)
{
	if (rs->scanned)
		return;
	rs->scanned = true;
	scan_root(rs, "run/runc", "runc", -1, NULL);
	scan_root(rs, "run/crun", "crun", -1, NULL);
	scan_root(rs, "run/docker/runtime-runc/moby", "docker", -1, NULL);
	scan_containerd(rs, "run/containerd/runc", -1, NULL);
}

/* Rootless runtimes keep their state below the user's runtime directory: rootless podman
 * (runc --root $XDG_RUNTIME_DIR/runc), rootless Docker (exec-root $XDG_RUNTIME_DIR/docker) and
 * rootless containerd/nerdctl (RootlessKit binds $XDG_RUNTIME_DIR/containerd on /run/containerd
 * in its namespace). The UID of run/user/UID is the owner: the files are the user's to write. */
static void scan_user(struct runtime_state *rs, uint32_t uid)
{
	size_t budget = USER_STATES_MAX;
	char root[300];
	snprintf(root, sizeof(root), "run/user/%u/runc", uid);
	scan_root(rs, root, "runc", (int64_t)uid, &budget);
	snprintf(root, sizeof(root), "run/user/%u/docker/runtime-runc/moby", uid);
	scan_root(rs, root, "docker", (int64_t)uid, &budget);
	snprintf(root, sizeof(root), "run/user/%u/containerd/runc", uid);
	scan_containerd(rs, root, (int64_t)uid, &budget);
}

/* Live, the kernel names the one user whose files may describe a process: only that user's
 * are read, once. */
static void scan_user_once(struct runtime_state *rs, uint32_t uid)
{
	for (size_t i = 0; i < rs->nuids; i++)
		if (rs->uids[i] == uid)
			return;
	if (rs->nuids >= USERS_MAX)
		return;
	uint32_t *n = realloc(rs->uids, (rs->nuids + 1) * sizeof(*n));
	if (!n)
		return;
	rs->uids = n;
	rs->uids[rs->nuids++] = uid;
	scan_user(rs, uid);
}

/* A recorded tree has no kernel to ask: every user's files are read, and each claim is
 * checked against the process's uid map instead (state_accepted). */
static void scan_all_users(struct runtime_state *rs)
{
	if (rs->users_scanned)
		return;
	rs->users_scanned = true;
	_cleanup_close_ int fd =
	    openat(rs->hostrootfd, "run/user", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d)
		return;
	fd = -1;
	struct dirent *de;
	while ((de = readdir(d))) {
		char *end;
		unsigned long uid = strtoul(de->d_name, &end, 10);
		if (de->d_name[0] < '0' || de->d_name[0] > '9' || *end || uid > UINT32_MAX)
			continue;
		scan_user(rs, (uint32_t)uid);
	}
}

/* containerd's runc shim: <base>/<namespace>/<id> */
static void scan_containerd(struct runtime_state *rs, const char *base, int64_t owner,
			    size_t *budget)
{
	_cleanup_close_ int fd = open_state_dir(rs, base, owner);
	if (fd < 0)
		return;
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d)
		return;
	fd = -1;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char root[600];
		snprintf(root, sizeof(root), "%s/%s", base, de->d_name);
		scan_root(rs, root, "containerd", owner, budget);
	}
}

/* The entry of id in a containers-storage containers.json array: its first name and image. */
static void podman_lookup(json_object *arr, struct identity *id)
{
	if (!arr || !json_object_is_type(arr, json_type_array))
		return;
	size_t n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(arr, i);
		const char *cid = json_str(c, "id");
		if (!cid || strcmp(cid, id->id) != 0)
			continue;
		json_object *names, *first;
		if (json_array_member(c, "names", &names) && json_object_array_length(names) > 0 &&
		    (first = json_object_array_get_idx(names, 0)) &&
		    json_object_is_type(first, json_type_string))
			set_if(id->name, sizeof(id->name), json_object_get_string(first));
		/* metadata is a JSON document inside a string */
		const char *meta = json_str(c, "metadata");
		json_object *m = meta ? json_tokener_parse(meta) : NULL;
		set_if(id->image, sizeof(id->image), json_str(m, "image-name"));
		if (m)
			json_object_put(m);
		return;
	}
}

static void podman_names(struct runtime_state *rs, struct identity *id)
{
	if (!rs->containers_loaded) {
		rs->containers_loaded = true;
		rs->containers = read_json(
		    rs->hostrootfd, "var/lib/containers/storage/overlay-containers/containers.json",
		    CONTAINERS_MAX);
	}
	podman_lookup(rs->containers, id);
}

static int passwd_home(int hostrootfd, unsigned uid, char *out, size_t outsz);

/* The user's directory (run/user/UID or the home) that path (absolute) lies below: base
 * relative to the host root, rel below it. Returns 0 or -EINVAL. */
static int user_dir_of(struct runtime_state *rs, unsigned uid, const char *path, char *base,
		       size_t basesz, const char **rel)
{
	char home[256];
	snprintf(base, basesz, "run/user/%u", uid);
	size_t bl = strlen(base);
	if (strncmp(path + 1, base, bl) == 0 && path[bl + 1] == '/') {
		*rel = path + bl + 2;
		return 0;
	}
	if (passwd_home(rs->hostrootfd, uid, home, sizeof(home)) < 0 || strlen(home) < 2)
		return -EINVAL;
	size_t hl = strlen(home);
	while (hl > 1 && home[hl - 1] == '/')
		home[--hl] = '\0';
	if (strncmp(path, home, hl) != 0 || path[hl] != '/' || hl >= basesz)
		return -EINVAL;
	snprintf(base, basesz, "%s", home + 1);
	*rel = path + hl + 1;
	return 0;
}

/* The parsed containers.json base/rel of the user owner, read as the user's on first use and
 * kept for the scan (at most ROOTLESS_CACHE_MAX of them: each may be up to USERFILE_MAX). */
#define ROOTLESS_CACHE_MAX 16

static json_object *rootless_storage(struct runtime_state *rs, const char *base, const char *rel,
				     int64_t owner)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", base, rel);
	for (size_t i = 0; i < rs->nrootless; i++)
		if (rs->rootless[i].owner == owner && strcmp(rs->rootless[i].path, path) == 0)
			return rs->rootless[i].doc;
	json_object *doc = read_user_json(rs, base, rel, owner);
	struct rootless_storage *n = realloc(rs->rootless, (rs->nrootless + 1) * sizeof(*n));
	char *copy = n ? strdup(path) : NULL;
	if (n)
		rs->rootless = n;
	if (!copy) {
		if (doc)
			json_object_put(doc);
		return NULL; /* out of memory: the names stay unknown */
	}
	n[rs->nrootless++] = (struct rootless_storage){.path = copy, .owner = owner, .doc = doc};
	return doc;
}

/* Rootless podman's storage is the user's (~/.local/share/containers/storage, any driver):
 * runc's bundle is <storage>/<driver>-containers/<id>/userdata, and containers.json sits in
 * <storage>/<driver>-containers. The label is the user's to write, so the path must have that
 * shape, no "..", name this container and lie below the user's home or run/user/UID; the file
 * is read as the user's (audit/userfiles.h). */
static void podman_rootless_names(struct runtime_state *rs, const char *bundle, struct identity *id)
{
	char suffix[200], dir[512], base[300];
	const char *rel;
	snprintf(suffix, sizeof(suffix), "/%s/userdata", id->id);
	size_t bl = strlen(bundle), sl = strlen(suffix);
	if (bundle[0] != '/' || bl <= sl + 1 || strcmp(bundle + bl - sl, suffix) != 0 ||
	    strstr(bundle, "/../") || !strstr(bundle, "-containers/") || bl - sl >= sizeof(dir))
		return;
	snprintf(dir, sizeof(dir), "%.*s/containers.json", (int)(bl - sl), bundle);
	if (user_dir_of(rs, id->owner_uid, dir, base, sizeof(base), &rel) < 0)
		return;
	if (rs->nrootless < ROOTLESS_CACHE_MAX) {
		podman_lookup(rootless_storage(rs, base, rel, (int64_t)id->owner_uid), id);
		return;
	}
	/* More storages than the cache keeps (a user's many bundle paths): read, use, drop. */
	json_object *arr = read_user_json(rs, base, rel, (int64_t)id->owner_uid);
	podman_lookup(arr, id);
	if (arr)
		json_object_put(arr);
}

static void kube_annotations(json_object *config, struct identity *id, bool crio)
{
	json_object *ann;
	if (!json_object_object_get_ex(config, "annotations", &ann))
		return;
	if (crio) {
		set_if(id->name, sizeof(id->name), json_str(ann, "io.kubernetes.container.name"));
		set_if(id->pod, sizeof(id->pod), json_str(ann, "io.kubernetes.pod.name"));
		set_if(id->pod_namespace, sizeof(id->pod_namespace),
		       json_str(ann, "io.kubernetes.pod.namespace"));
		set_if(id->image, sizeof(id->image),
		       json_str(ann, "io.kubernetes.cri-o.ImageName"));
	} else {
		set_if(id->name, sizeof(id->name),
		       json_str(ann, "io.kubernetes.cri.container-name"));
		set_if(id->pod, sizeof(id->pod), json_str(ann, "io.kubernetes.cri.sandbox-name"));
		set_if(id->pod_namespace, sizeof(id->pod_namespace),
		       json_str(ann, "io.kubernetes.cri.sandbox-namespace"));
		set_if(id->image, sizeof(id->image), json_str(ann, "io.kubernetes.cri.image-name"));
		const char *type = json_str(ann, "io.kubernetes.cri.container-type");
		if (type && strcmp(type, "sandbox") == 0 && id->name[0] == '\0')
			set_if(id->name, sizeof(id->name), id->pod);
	}
}

/* nerdctl passes its labels to the OCI config as annotations ("nerdctl/name"). */
static void nerdctl_annotations(json_object *config, struct identity *id)
{
	json_object *ann;
	if (!json_object_object_get_ex(config, "annotations", &ann))
		return;
	set_if(id->name, sizeof(id->name), json_str(ann, "nerdctl/name"));
}

/* A file below the bundle directory dirfd: the user's (owner >= 0) read as such. */
static json_object *read_bundle_json(struct runtime_state *rs, int dfd, const char *path,
				     int64_t owner)
{
	if (owner < 0)
		return read_json(dfd, path, STATE_MAX);
	_cleanup_buf_ struct buf b = BUF_INIT;
	int64_t o = file_owner(rs, owner);
	if (fileio_read_owned_beneath(dfd, path, o < 0 ? (uid_t)-1 : (uid_t)o, USERFILE_MAX, &b) <
	    0)
		return NULL;
	return json_tokener_parse(b.data);
}

/* containerd's v2 task bundles: run/containerd/io.containerd.runtime.v2.task/<ns>/<id>. */
static bool containerd_bundle(struct runtime_state *rs, struct identity *id)
{
	char base[96] = "run/containerd/io.containerd.runtime.v2.task";
	int64_t owner = id->has_owner ? (int64_t)id->owner_uid : -1;
	if (id->has_owner)
		snprintf(base, sizeof(base), "run/user/%u/containerd/io.containerd.runtime.v2.task",
			 id->owner_uid);
	_cleanup_close_ int fd = open_state_dir(rs, base, owner);
	if (fd < 0)
		return false;
	_cleanup_closedir_ DIR *d = fdopendir(fd);
	if (!d)
		return false;
	fd = -1;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[600];
		snprintf(path, sizeof(path), "%s/%s/config.json", de->d_name, id->id);
		json_object *o = read_bundle_json(rs, dirfd(d), path, owner);
		if (!o)
			continue;
		kube_annotations(o, id, false);
		nerdctl_annotations(o, id);
		json_object_put(o);
		return true;
	}
	return false;
}

static bool crio_bundle(struct runtime_state *rs, struct identity *id)
{
	static const char *const roots[] = {"run/containers/storage/overlay-containers",
					    "var/lib/containers/storage/overlay-containers"};
	for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
		char path[600];
		snprintf(path, sizeof(path), "%s/%s/userdata/config.json", roots[i], id->id);
		json_object *o = read_json(rs->hostrootfd, path, STATE_MAX);
		if (!o)
			continue;
		json_object *ann;
		bool is_crio = json_object_object_get_ex(o, "annotations", &ann) &&
			       json_str(ann, "io.kubernetes.cri-o.ContainerType");
		if (is_crio)
			kube_annotations(o, id, true);
		json_object_put(o);
		return is_crio;
	}
	return false;
}

/* The home directory of uid in the host's /etc/passwd (never NSS): an absolute path without
 * "..". Returns 0 or -ENOENT. */
static int passwd_home(int hostrootfd, unsigned uid, char *out, size_t outsz)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (fileio_read_at(hostrootfd, "etc/passwd", 4u << 20, &b) < 0)
		return -ENOENT;
	for (char *line = b.data, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *f[7] = {0};
		int n = 0;
		for (char *p = line; n < 7; n++) {
			f[n] = p;
			p = strchr(p, ':');
			if (!p)
				break;
			*p++ = '\0';
		}
		char *end;
		if (n < 6 || strtoul(f[2], &end, 10) != uid || *end || f[2][0] == '\0')
			continue;
		if (f[5][0] != '/' || strstr(f[5], "/..") || strlen(f[5]) >= outsz)
			return -ENOENT;
		snprintf(out, outsz, "%s", f[5]);
		return 0;
	}
	return -ENOENT;
}

static bool docker_config(struct runtime_state *rs, struct identity *id)
{
	char path[700], home[256];
	json_object *o = NULL;
	if (!id->has_owner) {
		snprintf(path, sizeof(path), "var/lib/docker/containers/%s/config.v2.json", id->id);
		o = read_json(rs->hostrootfd, path, STATE_MAX);
	} else if (passwd_home(rs->hostrootfd, id->owner_uid, home, sizeof(home)) == 0) {
		/* Rootless Docker's data-root is the user's: read as the user's file. */
		snprintf(path, sizeof(path), ".local/share/docker/containers/%s/config.v2.json",
			 id->id);
		o = read_user_json(rs, home + 1, path, (int64_t)id->owner_uid);
	}
	if (!o)
		return false;
	const char *name = json_str(o, "Name");
	if (name && name[0] == '/')
		name++;
	set_if(id->name, sizeof(id->name), name);
	json_object *cfg, *labels;
	if (json_object_object_get_ex(o, "Config", &cfg)) {
		set_if(id->image, sizeof(id->image), json_str(cfg, "Image"));
		if (json_object_object_get_ex(cfg, "Labels", &labels)) {
			set_if(id->pod, sizeof(id->pod),
			       json_str(labels, "io.kubernetes.pod.name"));
			set_if(id->pod_namespace, sizeof(id->pod_namespace),
			       json_str(labels, "io.kubernetes.pod.namespace"));
		}
	}
	json_object_put(o);
	return true;
}

/* Whether a user's state entry may describe the process: the user owns its user namespace, as
 * the kernel says (live), or as its uid map allows (a recorded tree: the user's uid is mapped
 * in a namespace that is not the host's). A rootful runtime's entry is root's word. */
static bool state_accepted(const struct runtime_state *rs, const struct state_entry *e,
			   const struct runtime_owner *who)
{
	if (e->owner < 0)
		return true;
	if (!who || who->host_user != 0)
		return false;
	if (who->uid >= 0)
		return who->uid == e->owner;
	return !rs->live && who->uidmap && idmap_to_inside(who->uidmap, (uint32_t)e->owner) >= 0;
}

static void scan_for(struct runtime_state *rs, const struct runtime_owner *who)
{
	scan_states(rs);
	if (!who || who->host_user != 0)
		return;
	if (rs->live && who->uid > 0 && who->uid <= UINT32_MAX)
		scan_user_once(rs, (uint32_t)who->uid);
	else if (!rs->live)
		scan_all_users(rs);
}

void runtime_enrich(struct runtime_state *rs, pid_t initpid, const struct runtime_owner *who,
		    struct identity *id)
{
	const char *bundle = "";
	if (id->id[0] == '\0' || strcmp(id->runtime, "unknown") == 0 || id->runtime[0] == '\0') {
		scan_for(rs, who);
		for (size_t i = 0; i < rs->nstates; i++) {
			if (rs->states[i].pid != initpid ||
			    !state_accepted(rs, &rs->states[i], who))
				continue;
			if (id->runtime[0] == '\0' || strcmp(id->runtime, "unknown") == 0)
				identity_copy(id->runtime, sizeof(id->runtime),
					      rs->states[i].runtime);
			if (id->id[0] == '\0')
				identity_copy(id->id, sizeof(id->id), rs->states[i].id);
			/* runc and crun know a container only by its id: that is its name. */
			if (id->name[0] == '\0')
				identity_copy(id->name, sizeof(id->name), rs->states[i].id);
			if (rs->states[i].owner >= 0) {
				id->has_owner = true;
				id->owner_uid = (unsigned)rs->states[i].owner;
			}
			bundle = rs->states[i].bundle;
			break;
		}
	}
	if (id->id[0] == '\0')
		return;
	if (strcmp(id->runtime, "podman") == 0 && id->has_owner) {
		podman_rootless_names(rs, bundle, id);
	} else if (strcmp(id->runtime, "podman") == 0) {
		podman_names(rs, id);
	} else if (strcmp(id->runtime, "docker") == 0) {
		docker_config(rs, id);
	} else if (strcmp(id->runtime, "containerd") == 0) {
		containerd_bundle(rs, id);
	} else if (strcmp(id->runtime, "cri-o") == 0) {
		crio_bundle(rs, id);
	} else if (strcmp(id->runtime, "unknown") == 0 || id->kube) {
		/* cgroupfs-driver Kubernetes paths do not say which CRI runtime runs them. */
		if (containerd_bundle(rs, id))
			identity_copy(id->runtime, sizeof(id->runtime), "containerd");
		else if (crio_bundle(rs, id))
			identity_copy(id->runtime, sizeof(id->runtime), "cri-o");
		else if (docker_config(rs, id))
			identity_copy(id->runtime, sizeof(id->runtime), "docker");
	}
}
