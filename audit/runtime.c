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
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#define STATE_MAX	(4u << 20)  /* a runc state.json holds the whole config */
#define CONTAINERS_MAX	(64u << 20) /* containers.json of a host with many containers */
#define STATE_ROOTS_MAX 4096

struct state_entry {
	pid_t pid;
	char runtime[16];
	char id[160];
};

struct runtime_state {
	int hostrootfd;
	bool scanned;
	struct state_entry *states;
	size_t nstates;
	bool containers_loaded;
	json_object *containers; /* containers-storage containers.json */
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
	if (rs->containers)
		json_object_put(rs->containers);
	free(rs);
}

static json_object *read_json(int dirfd, const char *path, size_t cap)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (fileio_read_at(dirfd, path, cap, &b) < 0)
		return NULL;
	return json_tokener_parse(b.data);
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

static void add_state(struct runtime_state *rs, const char *runtime, const char *id, pid_t pid)
{
	if (rs->nstates >= STATE_ROOTS_MAX || pid <= 0)
		return;
	struct state_entry *n = realloc(rs->states, (rs->nstates + 1) * sizeof(*n));
	if (!n)
		return;
	rs->states = n;
	struct state_entry *e = &rs->states[rs->nstates++];
	e->pid = pid;
	identity_copy(e->runtime, sizeof(e->runtime), runtime);
	identity_copy(e->id, sizeof(e->id), id);
}

/* Every <root>/<id>/state.json (runc) or <root>/<id>/status (crun) below one state root. */
static void scan_root(struct runtime_state *rs, const char *root, const char *runtime)
{
	_cleanup_close_ int fd = openat(rs->hostrootfd, root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
		char path[512];
		bool crun = strcmp(runtime, "crun") == 0;
		snprintf(path, sizeof(path), "%s/%s/%s", root, de->d_name,
			 crun ? "status" : "state.json");
		json_object *o = read_json(rs->hostrootfd, path, STATE_MAX);
		if (!o)
			continue;
		int64_t pid;
		if (json_int_member(o, crun ? "pid" : "init_process_pid", &pid) && pid > 0 &&
		    pid <= INT32_MAX)
			add_state(rs, runtime, de->d_name, (pid_t)pid);
		json_object_put(o);
	}
}

static void scan_states(struct runtime_state *rs)
{
	if (rs->scanned)
		return;
	rs->scanned = true;
	scan_root(rs, "run/runc", "runc");
	scan_root(rs, "run/crun", "crun");
	scan_root(rs, "run/docker/runtime-runc/moby", "docker");
	/* containerd's runc shim: run/containerd/runc/<namespace>/<id> */
	_cleanup_close_ int fd =
	    openat(rs->hostrootfd, "run/containerd/runc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
		char root[300];
		snprintf(root, sizeof(root), "run/containerd/runc/%s", de->d_name);
		scan_root(rs, root, "containerd");
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
	if (!rs->containers || !json_object_is_type(rs->containers, json_type_array))
		return;
	size_t n = json_object_array_length(rs->containers);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(rs->containers, i);
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

/* containerd's v2 task bundles: run/containerd/io.containerd.runtime.v2.task/<ns>/<id>. */
static bool containerd_bundle(struct runtime_state *rs, struct identity *id)
{
	const char *base = "run/containerd/io.containerd.runtime.v2.task";
	_cleanup_close_ int fd = openat(rs->hostrootfd, base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
		snprintf(path, sizeof(path), "%s/%s/%s/config.json", base, de->d_name, id->id);
		json_object *o = read_json(rs->hostrootfd, path, STATE_MAX);
		if (!o)
			continue;
		kube_annotations(o, id, false);
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

static bool docker_config(struct runtime_state *rs, struct identity *id)
{
	char path[400];
	snprintf(path, sizeof(path), "var/lib/docker/containers/%s/config.v2.json", id->id);
	json_object *o = read_json(rs->hostrootfd, path, STATE_MAX);
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

void runtime_enrich(struct runtime_state *rs, pid_t initpid, struct identity *id)
{
	if (id->id[0] == '\0' || strcmp(id->runtime, "unknown") == 0 || id->runtime[0] == '\0') {
		scan_states(rs);
		for (size_t i = 0; i < rs->nstates; i++) {
			if (rs->states[i].pid != initpid)
				continue;
			if (id->runtime[0] == '\0' || strcmp(id->runtime, "unknown") == 0)
				identity_copy(id->runtime, sizeof(id->runtime),
					      rs->states[i].runtime);
			if (id->id[0] == '\0')
				identity_copy(id->id, sizeof(id->id), rs->states[i].id);
			/* runc and crun know a container only by its id: that is its name. */
			if (id->name[0] == '\0')
				identity_copy(id->name, sizeof(id->name), rs->states[i].id);
			break;
		}
	}
	if (id->id[0] == '\0')
		return;
	if (strcmp(id->runtime, "podman") == 0) {
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
