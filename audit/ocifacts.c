/* Facts of a container from its OCI runtime config, judged for the host it will run on. The
 * mapping of every fact is in ctguard(8), "oci check"; runtime-only facts stay unknown. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kernel/caps.h"
#include "audit/deep.h"
#include "audit/devices.h"
#include "seccomp/filterdump.h"
#include "kernel/cgroup.h"
#include "kernel/idmap.h"
#include "audit/mounts.h"
#include "kernel/ns.h"
#include "seccomp/filter.h"
#include "oci/oci.h"
#include "oci/ocidevices.h"
#include "audit/ocifacts.h"
#include "seccomp/ociseccomp.h"
#include "oci/ocidevice.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "facts/factjson.h"
#include "seccomp/profile.h"

#define OCI_MOUNTS_MAX	1024 /* mounts, masked and read-only paths together */
#define COMM_MAX	15   /* TASK_COMM_LEN - 1: what /proc/<pid>/comm shows */
#define SELF_CGROUP_MAX (64u << 10)
#define PAGE_ROUNDING	4096
#define STORAGE_MAX	(16u << 20) /* containers-storage's containers.json */

struct octx {
	const struct oci_config *c;
	struct host_ctx *ctx;
	const struct facts *host;
	struct facts *f;
	int ns[NS__COUNT]; /* per namespace type: 1 the host's, 0 its own, -1 unknown */
};

/* An annotation's string value (keys hold dots, so not through oci_get). */
static const char *annotation(json_object *root, const char *key)
{
	json_object *a = oci_get(root, "annotations"), *v;
	if (!a || !json_object_is_type(a, json_type_object) ||
	    !json_object_object_get_ex(a, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool annotation_prefix(json_object *root, const char *prefix)
{
	json_object *a = oci_get(root, "annotations");
	if (!a || !json_object_is_type(a, json_type_object))
		return false;
	json_object_object_foreach(a, key, val)
	{
		(void)val;
		if (strncmp(key, prefix, strlen(prefix)) == 0)
			return true;
	}
	return false;
}

static const char *first(const char *a, const char *b)
{
	return a && *a ? a : b;
}

/* The runtime that wrote the config, from the annotations it is known to add:
 * io.container.manager (libpod: podman, cri-o), CRI-O's io.kubernetes.cri-o.ContainerType,
 * containerd CRI's io.kubernetes.cri.*, podman's io.podman.annotations.*. Image annotations
 * (org.opencontainers.image.*) are copied from images by several runtimes: no evidence. */
static const char *runtime_of(json_object *root)
{
	const char *mgr = annotation(root, "io.container.manager");
	if (mgr && strcmp(mgr, "libpod") == 0)
		return "podman";
	if ((mgr && strcmp(mgr, "cri-o") == 0) ||
	    annotation(root, "io.kubernetes.cri-o.ContainerType"))
		return "cri-o";
	if (annotation_prefix(root, "io.kubernetes.cri."))
		return "containerd";
	if (annotation_prefix(root, "io.podman.annotations."))
		return "podman";
	return "unknown";
}

static const char *base_name(const char *p, char *out, size_t outsz)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	size_t s = n;
	while (s > 0 && p[s - 1] != '/')
		s--;
	snprintf(out, outsz, "%.*s", (int)(n - s), p + s);
	return out;
}

/* A containers-storage bundle (STORAGE/overlay-containers/<id>/userdata) has its container's
 * names and image in STORAGE/overlay-containers/containers.json: podman's name for it. */
static void storage_names(const char *bundle, const char *id, char *name, size_t namesz,
			  char *image, size_t imagesz)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/../../containers.json", bundle);
	json_object *doc = NULL;
	struct error err = {0};
	if (json_doc_load(path, STORAGE_MAX, &doc, &err) < 0)
		return;
	for (size_t i = 0;
	     json_object_is_type(doc, json_type_array) && i < json_object_array_length(doc); i++) {
		json_object *c = json_object_array_get_idx(doc, i);
		const char *cid = oci_get_str(c, "id");
		if (!cid || strcmp(cid, id) != 0)
			continue;
		json_object *names = oci_get(c, "names");
		json_object *n0 = names && json_object_is_type(names, json_type_array)
				      ? json_object_array_get_idx(names, 0)
				      : NULL;
		if (n0 && json_object_is_type(n0, json_type_string))
			snprintf(name, namesz, "%s", json_object_get_string(n0));
		/* metadata is a JSON document inside a string */
		const char *meta = oci_get_str(c, "metadata");
		json_object *m = meta ? json_tokener_parse(meta) : NULL;
		const char *img = m ? oci_get_str(m, "image-name") : NULL;
		if (img)
			snprintf(image, imagesz, "%s", img);
		if (m)
			json_object_put(m);
		break;
	}
	json_object_put(doc);
}

/* Identity: containers-storage bundles (podman, CRI-O) are <id>/userdata, containerd's and a
 * runc user's are <id>: the id is that directory's name, as the runtime names the container.
 * Names, pod and image from the annotations of the runtime that wrote the config. */
static int set_identity(struct octx *o)
{
	json_object *root = o->c->root;
	char bundle[4096], id[256], parent[4096];
	if (!realpath(o->c->bundle, bundle))
		snprintf(bundle, sizeof(bundle), "%s", o->c->bundle);
	base_name(bundle, id, sizeof(id));
	char sname[256] = "", simage[512] = "";
	if (strcmp(id, "userdata") == 0) {
		char *slash = strrchr(bundle, '/');
		snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - bundle) : 0, bundle);
		if (parent[0])
			base_name(parent, id, sizeof(id));
		storage_names(bundle, id, sname, sizeof(sname), simage, sizeof(simage));
	}
	const char *rt = runtime_of(root);
	bool crio = strcmp(rt, "cri-o") == 0;
	const char *name = crio ? annotation(root, "io.kubernetes.container.name")
				: annotation(root, "io.kubernetes.cri.container-name");
	const char *pod = crio ? annotation(root, "io.kubernetes.pod.name")
			       : annotation(root, "io.kubernetes.cri.sandbox-name");
	const char *ns = crio ? annotation(root, "io.kubernetes.pod.namespace")
			      : annotation(root, "io.kubernetes.cri.sandbox-namespace");
	const char *image = crio ? annotation(root, "io.kubernetes.cri-o.ImageName")
				 : annotation(root, "io.kubernetes.cri.image-name");
	char comm[COMM_MAX + 1] = "";
	json_object *args = oci_get(root, "process.args");
	json_object *a0 = args ? json_object_array_get_idx(args, 0) : NULL;
	if (a0 && json_object_is_type(a0, json_type_string)) {
		char b[4096];
		base_name(json_object_get_string(a0), b, sizeof(b));
		snprintf(comm, sizeof(comm), "%s", b);
	}
	int r = 0;
	r |= facts_set_str(o->f, F_CONTAINER_ID, id);
	r |= facts_set_str(o->f, F_CONTAINER_NAME, first(name, first(sname, id)));
	r |= facts_set_str(o->f, F_CONTAINER_RUNTIME, rt);
	r |= facts_set_str(o->f, F_CONTAINER_IMAGE, first(image, simage));
	r |= facts_set_str(o->f, F_CONTAINER_POD, first(pod, ""));
	r |= facts_set_str(o->f, F_CONTAINER_NAMESPACE, first(ns, ""));
	r |= facts_set_str(o->f, F_CONTAINER_COMMAND, comm);
	facts_set_bool(o->f, F_CONTAINER_SCANNER, false);
	return r ? -ENOMEM : 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int set_user(struct octx *o)
{
	json_object *root = o->c->root;
	uint32_t uid = 0, gid = 0;
	/* The runtime-spec requires both; runc takes an absent one as 0. */
	oci_get_u32(root, "process.user.uid", &uid);
	oci_get_u32(root, "process.user.gid", &gid);
	facts_set_int(o->f, F_USER_UID, uid);
	facts_set_int(o->f, F_USER_EUID, uid);
	facts_set_int(o->f, F_USER_GID, gid);
	facts_set_bool(o->f, F_USER_ROOT, uid == 0);
	/* The kernel keeps supplementary groups sorted (setgroups(2)): so does /proc. */
	struct strv *groups = facts_list(o->f, F_USER_GROUPS);
	json_object *add = oci_get(root, "process.user.additionalGids");
	size_t n =
	    add && json_object_is_type(add, json_type_array) ? json_object_array_length(add) : 0;
	_cleanup_free_ int64_t *ids = calloc(n ? n : 1, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(add, i);
		if (json_object_is_type(e, json_type_int))
			ids[k++] = json_object_get_int64(e);
	}
	qsort(ids, k, sizeof(*ids), cmp_i64);
	for (size_t i = 0; i < k; i++) {
		char tmp[24];
		snprintf(tmp, sizeof(tmp), "%lld", (long long)ids[i]);
		if (strv_push_unique(groups, tmp) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Host or not, per namespace type: 1 the host's, 0 its own, -1 unknown. */
static void namespaces_of(struct octx *o, int host[NS__COUNT])
{
	unsigned joined = 0;
	unsigned shared = oci_shared_namespaces(o->c->root, &joined);
	for (int t = 0; t < NS__COUNT; t++)
		host[t] = (shared & (1u << t)) && !(joined & (1u << t)) ? 1 : 0;
	json_object *ns = oci_get(o->c->root, "linux.namespaces");
	for (size_t i = 0;
	     ns && json_object_is_type(ns, json_type_array) && i < json_object_array_length(ns);
	     i++) {
		json_object *e = json_object_array_get_idx(ns, i);
		const char *type = oci_get_str(e, "type"), *path = oci_get_str(e, "path");
		int t = type ? oci_ns_type(type) : -1;
		if (t < 0 || !path || !*path)
			continue;
		/* Joining a namespace by path: the host's when it is the host's inode. The path
		 * is stat()ed as the runtime would open it; it names a host file (the runtime
		 * runs on the host), not one inside the container. */
		struct stat st;
		if (stat(path, &st) < 0 || o->ctx->ref_ns[t] == 0)
			host[t] = -1;
		else
			host[t] = (uint64_t)st.st_ino == o->ctx->ref_ns[t];
	}
}

static int set_namespaces(struct octx *o, const int host[NS__COUNT])
{
	struct strv *shared = facts_list(o->f, F_NS_SHARED);
	for (int t = 0; t < NS__COUNT; t++) {
		if (host[t] < 0)
			continue;
		facts_set_bool(o->f, (enum fact_id)(F_NS_HOST_CGROUP + t), host[t] == 1);
		if (host[t] == 1 && strv_push(shared, ns_name((enum ns_type)t)) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* linux.uidMappings / gidMappings as an idmap; false when absent or malformed. */
static bool oci_idmap(json_object *root, const char *path, struct idmap *m)
{
	json_object *l = oci_get(root, path);
	m->n = 0;
	if (!l || !json_object_is_type(l, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(l) && m->n < IDMAP_MAX; i++) {
		json_object *e = json_object_array_get_idx(l, i);
		uint32_t in, out, size;
		if (!oci_get_u32(e, "containerID", &in) || !oci_get_u32(e, "hostID", &out) ||
		    !oci_get_u32(e, "size", &size))
			return false;
		m->r[m->n++] = (struct idmap_range){in, out, size};
	}
	return true;
}

/* The maps of ctguard's own user namespace: the one a container without a user namespace of
 * its own shares (the runtime's caller's, assumed to be ctguard's). */
static bool self_idmap(const char *file, struct idmap *m)
{
	_cleanup_buf_ struct buf b = BUF_INIT;
	return fileio_read_at(AT_FDCWD, file, 64u << 10, &b) == 0 && idmap_parse(b.data, m) == 0;
}

static int push_map(struct strv *l, const struct idmap *m)
{
	for (int i = 0; i < m->n; i++) {
		char tmp[48];
		snprintf(tmp, sizeof(tmp), "%u %u %u", m->r[i].inside, m->r[i].outside,
			 m->r[i].count);
		if (strv_push(l, tmp) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int set_userns(struct octx *o, int host_user)
{
	if (host_user < 0)
		return 0; /* joined by a path that cannot be read: the maps are unknown too */
	_cleanup_free_ struct idmap *uid = calloc(1, sizeof(*uid));
	_cleanup_free_ struct idmap *gid = calloc(1, sizeof(*gid));
	if (!uid || !gid)
		return -ENOMEM;
	facts_set_bool(o->f, F_USERNS_ENABLED, host_user == 0);
	bool have;
	if (host_user == 1)
		have =
		    self_idmap("/proc/self/uid_map", uid) && self_idmap("/proc/self/gid_map", gid);
	else
		have = oci_idmap(o->c->root, "linux.uidMappings", uid) &&
		       oci_idmap(o->c->root, "linux.gidMappings", gid);
	/* A user namespace joined by path has the maps of that namespace, not the config's. */
	json_object *ns = oci_get(o->c->root, "linux.namespaces");
	for (size_t i = 0; host_user == 0 && ns && i < json_object_array_length(ns); i++) {
		json_object *e = json_object_array_get_idx(ns, i);
		const char *type = oci_get_str(e, "type"), *path = oci_get_str(e, "path");
		if (type && strcmp(type, "user") == 0 && path && *path)
			have = false;
	}
	if (!have)
		return 0;
	facts_set_int(o->f, F_USERNS_ROOT_HOST_UID, idmap_to_host(uid, 0));
	facts_set_bool(o->f, F_USERNS_HOST_ROOT_MAPPED, idmap_to_inside(uid, 0) >= 0);
	if (push_map(facts_list(o->f, F_USERNS_UID_MAP), uid) < 0 ||
	    push_map(facts_list(o->f, F_USERNS_GID_MAP), gid) < 0)
		return -ENOMEM;
	return 0;
}

/* The capability sets the init holds after the runtime's execve of process.args, computed as
 * the kernel does (capabilities(7), "Transformation of capabilities during execve()") from the
 * sets runc installs before it, for an init binary without file capabilities or set-id bits:
 *   - an ambient capability is raised only when permitted and inheritable hold it;
 *   - uid 0: permitted = bounding | inheritable | ambient (root's notional file sets are all
 *     ones), reduced to the configured permitted set under no_new_privs, and effective =
 *     permitted: a root config's smaller effective set does not survive execve;
 *   - any other uid: permitted = effective = ambient.
 * Names this kernel does not know are dropped (runc warns and ignores them). */
static int set_caps(struct octx *o)
{
	json_object *root = o->c->root;
	uint64_t known = caps_all_mask(o->ctx->cap_last_cap);
	uint64_t bnd = oci_caps_mask(oci_get(root, "process.capabilities.bounding"), NULL) & known;
	uint64_t inh =
	    oci_caps_mask(oci_get(root, "process.capabilities.inheritable"), NULL) & known;
	uint64_t prm0 =
	    oci_caps_mask(oci_get(root, "process.capabilities.permitted"), NULL) & known;
	uint64_t amb = oci_caps_mask(oci_get(root, "process.capabilities.ambient"), NULL) & known;
	amb &= prm0 & inh;
	uint32_t uid = 0;
	bool nnp = false;
	oci_get_u32(root, "process.user.uid", &uid);
	oci_get_bool(root, "process.noNewPrivileges", &nnp);
	uint64_t prm = amb;
	if (uid == 0) {
		prm = bnd | inh | amb;
		if (nnp)
			prm &= prm0;
	}
	const struct {
		enum fact_id id;
		uint64_t mask;
	} sets[] = {
	    {F_CAPS_EFFECTIVE, prm}, {F_CAPS_PERMITTED, prm}, {F_CAPS_INHERITABLE, inh},
	    {F_CAPS_BOUNDING, bnd},  {F_CAPS_AMBIENT, amb},
	};
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++)
		if (caps_mask_to_strv(sets[i].mask, facts_list(o->f, sets[i].id)) < 0)
			return -ENOMEM;
	uint64_t all = o->ctx->cap_grantable;
	facts_set_bool(o->f, F_CAPS_PRIVILEGED, (bnd & all) == all);
	return 0;
}

static int set_security(struct octx *o)
{
	json_object *root = o->c->root;
	/* {} or {"defaultAction": ""}: runc runs the container without a filter */
	facts_set_str(o->f, F_SECCOMP_MODE,
		      oci_seccomp_disabled(oci_get(root, "linux.seccomp")) ? "disabled" : "filter");
	bool nnp = false;
	oci_get_bool(root, "process.noNewPrivileges", &nnp);
	facts_set_bool(o->f, F_NO_NEW_PRIVS, nnp);
	/* As the live audit shows them: "" when the host runs without that LSM (a runtime then
	 * applies no label), else the label, AppArmor's "unconfined" when none is named. */
	const struct fact_value *aa = &o->host->v[F_HOST_APPARMOR];
	const char *profile = oci_get_str(root, "process.apparmorProfile");
	const char *label = "";
	if (aa->known && aa->u.b)
		label = profile && *profile ? profile : "unconfined";
	if (facts_set_str(o->f, F_LSM_APPARMOR, label) < 0)
		return -ENOMEM;
	const char *se = oci_get_str(root, "process.selinuxLabel");
	if (facts_set_str(o->f, F_LSM_SELINUX, o->ctx->selinux && se ? se : "") < 0)
		return -ENOMEM;
	return 0;
}

/* ---- mounts: the container's mount table as the runtime will build it ------------------- */

struct mt_builder {
	struct mount_table t;
	struct strv strings; /* owns every string the entries point to */
	size_t cap;
};

static char *mt_str(struct mt_builder *b, const char *s)
{
	if (strv_push(&b->strings, s) < 0)
		return NULL;
	return b->strings.v[b->strings.n - 1];
}

static int mt_add(struct mt_builder *b, const char *dest, const char *fstype, const char *root,
		  const char *source, bool ro, int shared_group)
{
	if (b->t.n >= OCI_MOUNTS_MAX)
		return -E2BIG;
	if (b->t.n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		struct mount_entry *m = realloc(b->t.m, cap * sizeof(*m));
		if (!m)
			return -ENOMEM;
		b->t.m = m;
		b->cap = cap;
	}
	struct mount_entry *e = &b->t.m[b->t.n];
	*e = (struct mount_entry){.id = (int)b->t.n + 1, .ro = ro, .shared_group = shared_group};
	if (!(e->mountpoint = mt_str(b, dest)) || !(e->fstype = mt_str(b, fstype)) ||
	    !(e->root = mt_str(b, root)) || !(e->source = mt_str(b, source)) ||
	    !(e->opts = mt_str(b, ro ? "ro" : "rw")) || !(e->optional = mt_str(b, "")) ||
	    !(e->super_opts = mt_str(b, "")))
		return -ENOMEM;
	b->t.n++;
	return 0;
}

static void mt_free(struct mt_builder *b)
{
	free(b->t.m);
	strv_free(&b->strings);
}

/* A path from the config made absolute (relative ones are relative to the bundle, as runc
 * takes them) and cleaned of "." and ".." lexically: the host path the runtime will use. */
static void host_path(const char *bundle, const char *p, char *out, size_t outsz)
{
	char tmp[8192];
	char abs_bundle[4096];
	if (p[0] == '/') {
		snprintf(tmp, sizeof(tmp), "%s", p);
	} else {
		if (!realpath(bundle, abs_bundle))
			snprintf(abs_bundle, sizeof(abs_bundle), "%s", bundle);
		snprintf(tmp, sizeof(tmp), "%s/%s", abs_bundle, p);
	}
	size_t o = 0;
	out[0] = '\0';
	for (char *save = NULL, *c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			out[o] = '\0';
			continue;
		}
		int n = snprintf(out + o, outsz - o, "/%s", c);
		if (n < 0 || (size_t)n >= outsz - o)
			break;
		o += (size_t)n;
	}
	if (o == 0)
		snprintf(out, outsz, "/");
}

/* The last propagation option of a mount (runc applies them in order), or NULL. */
static const char *propagation_of(json_object *mount)
{
	static const char *const props[] = {"shared", "rshared", "private",    "rprivate",
					    "slave",  "rslave",	 "unbindable", "runbindable"};
	json_object *l = oci_get(mount, "options");
	const char *last = NULL;
	for (size_t i = 0;
	     l && json_object_is_type(l, json_type_array) && i < json_object_array_length(l); i++) {
		json_object *e = json_object_array_get_idx(l, i);
		const char *o =
		    json_object_is_type(e, json_type_string) ? json_object_get_string(e) : "";
		for (size_t k = 0; k < ARRAY_SIZE(props); k++)
			if (strcmp(o, props[k]) == 0)
				last = props[k];
	}
	return last;
}

/* Does a bind of hostpath stay in the host's peer group? The runtime's new mount namespace
 * starts as a copy whose mounts are peers of the host's shared ones; runc then applies
 * linux.rootfsPropagation to all of it (default rslave: no longer peers). A bind made from a
 * mount still shared is a peer too, unless its own options make it private, a slave or
 * unbindable ("rshared" on a slave makes a new peer group, not the host's). */
static bool bind_shares_host_group(struct octx *o, json_object *mount, const char *hostpath)
{
	const char *rp = oci_get_str(o->c->root, "linux.rootfsPropagation");
	if (!rp || (strcmp(rp, "shared") != 0 && strcmp(rp, "rshared") != 0))
		return false;
	const char *p = propagation_of(mount);
	if (p && strcmp(p, "shared") != 0 && strcmp(p, "rshared") != 0)
		return false;
	if (!o->ctx->have_host_mounts)
		return false;
	const struct mount_entry *h = mount_table_covering(&o->ctx->host_mounts, hostpath);
	return h && h->shared_group != 0;
}

/* A bind as the live audit will see it: the filesystem the host has at the source (symlinks
 * resolved, as mount(2) resolves them), showing the source's path inside it; a plain "bind" of
 * the path when the host's mount table is unknown. */
static int add_bind(struct octx *o, struct mt_builder *b, const char *dest, const char *hp, bool ro)
{
	char real[4096];
	if (!realpath(hp, real))
		snprintf(real, sizeof(real), "%s", hp);
	const struct mount_entry *h =
	    o->ctx->have_host_mounts ? mount_table_covering(&o->ctx->host_mounts, real) : NULL;
	if (!h)
		return mt_add(b, dest, "bind", hp, hp, ro, 0);
	char root[8192];
	const char *rest = real + (strcmp(h->mountpoint, "/") == 0 ? 0 : strlen(h->mountpoint));
	snprintf(root, sizeof(root), "%s%s", strcmp(h->root, "/") == 0 ? "" : h->root,
		 *rest ? rest : "/");
	int r = mt_add(b, dest, h->fstype, root, h->source, ro, 0);
	if (r == 0) {
		b->t.m[b->t.n - 1].major = h->major;
		b->t.m[b->t.n - 1].minor = h->minor;
	}
	return r;
}

/* A mount that is not a bind: kernel filesystems are judged by type; a source the host has
 * mounted (a block device) counts as a bind of where the host mounted it; anything else has no
 * host path, and is judged like a kernel filesystem (as the live audit judges it). */
static int add_fs_mount(struct octx *o, struct mt_builder *b, json_object *m, const char *dest,
			bool ro)
{
	const char *type = oci_get_str(m, "type");
	const char *src = oci_get_str(m, "source");
	if (!type)
		type = "none";
	/* sysfs shows the network namespace of whoever mounts it: a container in the host's
	 * gets the host's sysfs instance (the live audit sees the host's /sys device). */
	if (strcmp(type, "sysfs") == 0 && o->ns[NS_NET] == 1)
		return add_bind(o, b, dest, "/sys", ro);
	if (strcmp(type, "cgroup") == 0) {
		/* runc mounts each v1 hierarchy (fstype cgroup) on v1 and hybrid hosts. */
		const char *v = facts_str(o->host, F_HOST_CGROUP_VERSION);
		type = strcmp(v, "v2") == 0 ? "cgroup2" : "cgroup";
	}
	static const char *const kernel_fs[] = {"proc",	  "sysfs",  "tmpfs",   "devpts",
						"mqueue", "cgroup", "cgroup2", "overlay"};
	for (size_t i = 0; i < ARRAY_SIZE(kernel_fs); i++)
		if (strcmp(type, kernel_fs[i]) == 0)
			return mt_add(b, dest, type, "/", src ? src : type, ro, 0);
	for (size_t i = 0; src && o->ctx->have_host_mounts && i < o->ctx->host_mounts.n; i++) {
		const struct mount_entry *h = &o->ctx->host_mounts.m[i];
		if (strcmp(h->source, src) == 0 && strcmp(h->root, "/") == 0)
			return add_bind(o, b, dest, h->mountpoint, ro);
	}
	return mt_add(b, dest, "tmpfs", "/", src ? src : type, ro, 0);
}

/* Entries over existing mounts (readonlyPaths, maskedPaths): a read-only view of the same
 * filesystem, or a read-only tmpfs. */
static int add_overlay(struct mt_builder *b, const char *path, bool masked)
{
	const struct mount_entry *c = mount_table_covering(&b->t, path);
	if (masked || !c)
		return mt_add(b, path, "tmpfs", "/", "tmpfs", true, 0);
	char root[8192];
	const char *rest = path + (strcmp(c->mountpoint, "/") == 0 ? 0 : strlen(c->mountpoint));
	snprintf(root, sizeof(root), "%s%s", strcmp(c->root, "/") == 0 ? "" : c->root,
		 *rest ? rest : "/");
	char fstype[64], source[256];
	snprintf(fstype, sizeof(fstype), "%s", c->fstype);
	snprintf(source, sizeof(source), "%s", c->source);
	unsigned major = c->major, minor = c->minor;
	int r = mt_add(b, path, fstype, root, source, true, 0);
	if (r == 0) {
		b->t.m[b->t.n - 1].major = major;
		b->t.m[b->t.n - 1].minor = minor;
	}
	return r;
}

static int build_mounts(struct octx *o, struct mt_builder *b, struct strv *shared)
{
	json_object *root = o->c->root;
	char hp[4096];
	const char *rootpath = oci_get_str(root, "root.path");
	bool ro = false;
	oci_get_bool(root, "root.readonly", &ro);
	host_path(o->c->bundle, rootpath ? rootpath : "rootfs", hp, sizeof(hp));
	int r = mt_add(b, "/", "bind", hp, hp, ro, 0);
	json_object *mounts = oci_get(root, "mounts");
	for (size_t i = 0; r == 0 && mounts && i < json_object_array_length(mounts); i++) {
		json_object *m = json_object_array_get_idx(mounts, i);
		char dest[4096];
		host_path("/", oci_get_str(m, "destination"), dest, sizeof(dest));
		bool mro = oci_mount_is_ro(m);
		const char *src = oci_get_str(m, "source");
		if (!oci_mount_is_bind(m) || !src) {
			r = add_fs_mount(o, b, m, dest, mro);
			continue;
		}
		host_path(o->c->bundle, src, hp, sizeof(hp));
		r = add_bind(o, b, dest, hp, mro);
		if (r == 0 && bind_shares_host_group(o, m, hp))
			r = strv_push_unique(shared, dest);
	}
	static const char *const lists[] = {"linux.readonlyPaths", "linux.maskedPaths"};
	for (int k = 0; k < 2 && r == 0; k++) {
		json_object *l = oci_get(root, lists[k]);
		for (size_t i = 0; r == 0 && l && i < json_object_array_length(l); i++) {
			char p[4096];
			host_path("/", json_object_get_string(json_object_array_get_idx(l, i)), p,
				  sizeof(p));
			r = add_overlay(b, p, k == 1);
		}
	}
	return r;
}

static int set_mounts(struct octx *o)
{
	struct mt_builder b = {0};
	struct strv shared = STRV_INIT;
	int r = build_mounts(o, &b, &shared);
	const struct mount_table *host = o->ctx->have_host_mounts ? &o->ctx->host_mounts : NULL;
	if (r == 0)
		r = mounts_facts(host, &b.t, o->ctx->hostrootfd, -1, o->f);
	if (r == 0 && host)
		r = sockets_facts(&o->ctx->socks, host, &b.t, o->ns[NS_NET], o->f);
	if (r == 0) {
		/* mounts_facts cannot tell propagation without the host's view of each mount:
		 * it was judged above from the options and the host's peer groups. */
		struct strv *l = facts_list(o->f, F_MOUNTS_SHARED_PROPAGATION);
		strv_free(l);
		strv_sort(&shared);
		*l = shared;
		shared = (struct strv)STRV_INIT;
	}
	strv_free(&shared);
	mt_free(&b);
	return r == -E2BIG ? 0 : r;
}

/* Which reachable runtime sockets and block devices init could open: a config does not show the
 * host file's owner and mode as the container will see them, so every one counts as usable (the
 * live audit checks them: audit/access.h). */
static int set_usable(struct octx *o)
{
	static const enum fact_id from[] = {F_MOUNTS_RUNTIME_SOCKET, F_DEVICES_BLOCK};
	static const enum fact_id to[] = {F_MOUNTS_RUNTIME_SOCKET_USABLE, F_DEVICES_BLOCK_USABLE};
	for (size_t k = 0; k < ARRAY_SIZE(from); k++) {
		const struct fact_value *v = &o->f->v[from[k]];
		if (!v->known)
			continue;
		struct strv *out = facts_list(o->f, to[k]);
		for (size_t i = 0; i < v->l.n; i++)
			if (strv_push(out, v->l.v[i]) < 0)
				return -ENOMEM;
	}
	return 0;
}

/* ---- devices ----------------------------------------------------------------------------- */

/* devices.added and oci.hooks: what only a config shows (a live audit leaves them unknown). */
static int set_added(struct octx *o)
{
	static const struct {
		const char *path;
		bool rule;
	} lists[] = {{"linux.devices", false}, {"linux.resources.devices", true}};
	struct strv *l = facts_list(o->f, F_DEVICES_ADDED);
	int r = 0;
	for (size_t k = 0; k < ARRAY_SIZE(lists); k++) {
		json_object *a = oci_get(o->c->root, lists[k].path);
		for (size_t i = 0; r == 0 && a && json_object_is_type(a, json_type_array) &&
				   i < json_object_array_length(a);
		     i++) {
			char item[64];
			if (oci_device_item(json_object_array_get_idx(a, i), lists[k].rule, item,
					    sizeof(item)))
				r = strv_push_unique(l, item);
		}
	}
	strv_sort(l);
	struct strv *h = facts_list(o->f, F_OCI_HOOKS);
	json_object *hooks = oci_get(o->c->root, "hooks");
	if (hooks && json_object_is_type(hooks, json_type_object)) {
		json_object_object_foreach(hooks, kind, list)
		{
			(void)kind;
			for (size_t i = 0; r == 0 && json_object_is_type(list, json_type_array) &&
					   i < json_object_array_length(list);
			     i++) {
				const char *p =
				    oci_get_str(json_object_array_get_idx(list, i), "path");
				r = strv_push_unique(h, p ? p : "");
			}
		}
	}
	strv_sort(h);
	return r;
}

/* Nodes of a host path (a file or a directory walked, as the live audit walks them) that a
 * mount shows at dest. */
static int host_nodes(const char *hostpath, const char *dest, struct device_list *l)
{
	_cleanup_close_ int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? 0 : devices_scan_path(fd, hostpath, dest, l);
}

/* The mounts that bring device nodes: a bind (or devtmpfs) on /dev or below it, a bind of a
 * device file anywhere, a bind of a directory of the host's /dev anywhere, a devtmpfs (the
 * host's /dev) anywhere. Without a mount on /dev, the rootfs's own /dev. */
static int mounted_nodes(struct octx *o, struct device_list *l)
{
	json_object *mounts = oci_get(o->c->root, "mounts");
	bool dev_mounted = false;
	int r = 0;
	for (size_t i = 0; r == 0 && mounts && json_object_is_type(mounts, json_type_array) &&
			   i < json_object_array_length(mounts);
	     i++) {
		json_object *m = json_object_array_get_idx(mounts, i);
		const char *d = oci_get_str(m, "destination"), *src = oci_get_str(m, "source");
		const char *type = oci_get_str(m, "type");
		char dest[4096], hp[4096];
		host_path("/", d ? d : "/", dest, sizeof(dest));
		dev_mounted |= strcmp(dest, "/dev") == 0;
		bool bind = oci_mount_is_bind(m) && src;
		if (bind)
			host_path(o->c->bundle, src, hp, sizeof(hp));
		else if (type && strcmp(type, "devtmpfs") == 0)
			snprintf(hp, sizeof(hp), "/dev");
		else
			continue;
		struct stat st;
		if (stat(hp, &st) < 0)
			continue;
		if (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode))
			r = device_list_add(l, dest, S_ISBLK(st.st_mode) ? 'b' : 'c',
					    major(st.st_rdev), minor(st.st_rdev));
		else if (S_ISDIR(st.st_mode) &&
			 (!bind || path_is_within(dest, "/dev") || path_is_within(hp, "/dev")))
			r = host_nodes(hp, dest, l);
	}
	if (r == 0 && !dev_mounted) {
		const char *rp = oci_get_str(o->c->root, "root.path");
		char hp[4096];
		host_path(o->c->bundle, rp ? rp : "rootfs", hp, sizeof(hp));
		_cleanup_close_ int rootfd = open(hp, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (rootfd >= 0)
			r = devices_scan_path(rootfd, "/dev", "/dev", l);
	}
	return r;
}

/* Device facts as the live audit would find them once the container runs: the nodes runc
 * makes (linux.devices, at any depth) and those the mounts bring, judged against the device
 * cgroup the config gives (enforce/ocidevices.h). */
static int set_devices(struct octx *o)
{
	_cleanup_device_list_ struct device_list l = {0};
	int r = 0;
	json_object *devs = oci_get(o->c->root, "linux.devices");
	for (size_t i = 0; r == 0 && devs && json_object_is_type(devs, json_type_array) &&
			   i < json_object_array_length(devs);
	     i++) {
		json_object *d = json_object_array_get_idx(devs, i);
		const char *type = oci_get_str(d, "type"), *path = oci_get_str(d, "path");
		json_object *ma = oci_get(d, "major"), *mi = oci_get(d, "minor");
		if (!type || !path || !ma || !mi || !json_object_is_type(ma, json_type_int) ||
		    !json_object_is_type(mi, json_type_int) || !type[0] || type[1] ||
		    !strchr("bcu", type[0]))
			continue;
		char p[4096];
		host_path("/", path, p, sizeof(p));
		r = device_list_add(&l, p, type[0] == 'b' ? 'b' : 'c',
				    (unsigned)json_object_get_int64(ma),
				    (unsigned)json_object_get_int64(mi));
	}
	if (r == 0)
		r = mounted_nodes(o, &l); /* a node runc makes hides what was at its path */
	devices_facts_begin(o->f);
	for (size_t i = 0; r == 0 && i < l.n; i++) {
		const struct device_node *d = &l.v[i];
		r = devices_facts_add(
		    o->ctx ? &o->ctx->majors : NULL, d,
		    ocidevices_cgroup_allows(o->c->root, d->type, d->major, d->minor), o->f);
	}
	devices_facts_end(o->f);
	return r;
}

/* ---- cgroup limits and rlimits ----------------------------------------------------------- */

static int64_t config_limit(json_object *root, const char *path, bool pages)
{
	json_object *v = oci_get(root, path);
	if (!v || !json_object_is_type(v, json_type_int))
		return -1;
	int64_t x = json_object_get_int64(v);
	if (x <= 0)
		return -1;
	/* The kernel keeps memory limits in pages and shows them rounded down. */
	return pages ? x / PAGE_ROUNDING * PAGE_ROUNDING : x;
}

static int64_t lowest(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/* The cgroup the runtime will create the container's under, per hierarchy of ctguard's own
 * /proc/self/cgroup: an absolute cgroupfs cgroupsPath's parent, or for a relative (or absent)
 * one, the caller's cgroup joined with its parent (runc's placement). Systemd-style
 * "slice:prefix:name" paths are left out: only the config's own limit counts then. */
static int parent_cgroups(json_object *root, struct buf *out)
{
	const char *cp = oci_get_str(root, "linux.cgroupsPath");
	if (cp && strchr(cp, ':'))
		return -ENOENT;
	_cleanup_buf_ struct buf self = BUF_INIT;
	if (fileio_read_at(AT_FDCWD, "/proc/self/cgroup", SELF_CGROUP_MAX, &self) < 0)
		return -ENOENT;
	char parent[4096] = "";
	if (cp && *cp) {
		snprintf(parent, sizeof(parent), "%s", cp);
		char *slash = strrchr(parent, '/');
		if (slash)
			*slash = '\0';
	}
	bool abs = cp && cp[0] == '/';
	char *save = NULL;
	for (char *line = strtok_r(self.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		const char *mine = c2 + 1;
		buf_printf(out, "%.*s:", (int)(c2 - line), line);
		if (abs)
			buf_printf(out, "%s\n", parent[0] ? parent : "/");
		else
			buf_printf(out, "%s%s%s\n", strcmp(mine, "/") == 0 ? "" : mine,
				   parent[0] ? "/" : "", parent);
	}
	return out->data ? 0 : -ENOENT;
}

static void set_cgroup_limits(struct octx *o)
{
	json_object *root = o->c->root;
	int64_t pids = config_limit(root, "linux.resources.pids.limit", false);
	int64_t mem = config_limit(root, "linux.resources.memory.limit", true);
	_cleanup_buf_ struct buf text = BUF_INIT;
	struct cgroup_list cl;
	if (o->ctx->have_host_mounts && parent_cgroups(root, &text) == 0 &&
	    cgroup_parse(text.data, &cl) == 0) {
		int64_t ppids, pmem;
		cgroup_limits(o->ctx->hostrootfd, &o->ctx->host_mounts, &cl, &ppids, &pmem);
		if (ppids > -2)
			pids = lowest(pids, ppids);
		if (pmem > -2)
			mem = lowest(mem, pmem);
		cgroup_list_free(&cl);
	}
	facts_set_int(o->f, F_CGROUP_PIDS_LIMIT, pids);
	facts_set_int(o->f, F_CGROUP_MEMORY_LIMIT, mem);
}

static void set_rlimits(struct octx *o)
{
	static const struct {
		const char *type;
		enum fact_id id;
	} map[] = {
	    {"RLIMIT_NOFILE", F_RLIMIT_NOFILE},
	    {"RLIMIT_NPROC", F_RLIMIT_NPROC},
	    {"RLIMIT_CORE", F_RLIMIT_CORE},
	};
	json_object *l = oci_get(o->c->root, "process.rlimits");
	for (size_t i = 0;
	     l && json_object_is_type(l, json_type_array) && i < json_object_array_length(l); i++) {
		json_object *e = json_object_array_get_idx(l, i), *soft;
		const char *type = oci_get_str(e, "type");
		if (!type || !json_object_object_get_ex(e, "soft", &soft) ||
		    !json_object_is_type(soft, json_type_int))
			continue;
		uint64_t v = json_object_get_uint64(soft);
		for (size_t k = 0; k < ARRAY_SIZE(map); k++)
			if (strcmp(type, map[k].type) == 0)
				facts_set_int(o->f, map[k].id,
					      v >= (uint64_t)INT64_MAX ? -1 : (int64_t)v);
	}
}

/* What the config's own filter lets through, as `--deep` says it of a live container: the
 * profile is compiled as ctguard compiles profiles (libseccomp, the native architecture, the
 * capabilities of the bounding set for Docker-style conditions) and decided by the emulator.
 * seccomp.x32_reachable stays unknown: runc also compiles the config's other architectures.
 * A profile that cannot be read or compiled leaves the facts unknown. */
static void set_seccomp_decisions(struct octx *o)
{
	json_object *sec = oci_get(o->c->root, "linux.seccomp");
	if (oci_seccomp_disabled(sec))
		return;
	struct profile *p = NULL;
	struct filter *flt = NULL;
	struct filterdump fd = {0};
	struct verdict v = {0};
	struct error err = {0};
	_cleanup_buf_ struct buf b = BUF_INIT;
	_cleanup_close_ int mfd = -1;
	uint64_t caps = oci_caps_mask(oci_get(o->c->root, "process.capabilities.bounding"), NULL);
	if (oci_seccomp_load(sec, "linux.seccomp", &p, &err) < 0 ||
	    filter_compile(p, caps, SECCOMP_MODE_ENFORCE, &flt, &err) < 0 ||
	    (mfd = memfd_create("ctguard-oci-bpf", MFD_CLOEXEC)) < 0 ||
	    filter_export(flt, mfd, &err) < 0 || lseek(mfd, 0, SEEK_SET) < 0 ||
	    fileio_read_fd(mfd, BPF_PROG_MAX * sizeof(struct sock_filter), &b) < 0 ||
	    filterdump_from_insns((const struct sock_filter *)b.data,
				  b.len / sizeof(struct sock_filter), &fd, &err) < 0 ||
	    verdict_compute(fd.progs, fd.n, &v, &err) < 0 ||
	    deep_facts(fd.progs, fd.n, &v, o->f) < 0) {
		o->f->v[F_SECCOMP_DEFAULT_ACTION].known = false;
		o->f->v[F_SECCOMP_ALLOWED_DANGEROUS].known = false;
		o->f->v[F_SECCOMP_CONDITIONAL].known = false;
	}
	o->f->v[F_SECCOMP_X32_REACHABLE].known = false;
	verdict_free(&v);
	filterdump_free(&fd);
	if (flt)
		filter_free(flt);
	if (p)
		profile_free(p);
}

int ocifacts_collect(const struct oci_config *c, struct host_ctx *ctx, const struct facts *host,
		     struct facts *f, struct error *err)
{
	struct octx o = {.c = c, .ctx = ctx, .host = host, .f = f};
	namespaces_of(&o, o.ns);
	int r = set_identity(&o);
	if (r == 0)
		r = set_user(&o);
	if (r == 0)
		r = set_namespaces(&o, o.ns);
	if (r == 0)
		r = set_userns(&o, o.ns[NS_USER]);
	if (r == 0)
		r = set_caps(&o);
	if (r == 0)
		r = set_security(&o);
	if (r == 0)
		r = set_mounts(&o);
	if (r == 0)
		r = set_devices(&o);
	if (r == 0)
		r = set_usable(&o);
	if (r == 0)
		r = set_added(&o);
	if (r < 0)
		return error_set(err, r, "%s: out of memory", c->path);
	set_cgroup_limits(&o);
	set_rlimits(&o);
	set_seccomp_decisions(&o);
	return 0;
}
