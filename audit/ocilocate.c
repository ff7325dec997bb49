/* Positions of config members for reports that point into source: a walk of the raw text
 * (already checked by ocispec_check: valid JSON, no duplicate or case-folded keys). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "audit/ocilocate.h"

/* The member each fact is read from (audit/ocifacts.c). */
static const struct {
	enum fact_id id;
	const char *path;
} members[] = {
    {F_CONTAINER_NAME, "annotations"},
    {F_CONTAINER_IMAGE, "annotations"},
    {F_CONTAINER_POD, "annotations"},
    {F_CONTAINER_NAMESPACE, "annotations"},
    {F_CONTAINER_COMMAND, "process.args"},
    {F_USER_UID, "process.user.uid"},
    {F_USER_EUID, "process.user.uid"},
    {F_USER_ROOT, "process.user.uid"},
    {F_USER_GID, "process.user.gid"},
    {F_USER_GROUPS, "process.user.additionalGids"},
    {F_USERNS_ENABLED, "linux.namespaces"},
    {F_USERNS_ROOT_HOST_UID, "linux.uidMappings"},
    {F_USERNS_HOST_ROOT_MAPPED, "linux.uidMappings"},
    {F_USERNS_UID_MAP, "linux.uidMappings"},
    {F_USERNS_GID_MAP, "linux.gidMappings"},
    {F_NS_SHARED, "linux.namespaces"},
    {F_NS_HOST_CGROUP, "linux.namespaces"},
    {F_NS_HOST_IPC, "linux.namespaces"},
    {F_NS_HOST_MNT, "linux.namespaces"},
    {F_NS_HOST_NET, "linux.namespaces"},
    {F_NS_HOST_PID, "linux.namespaces"},
    {F_NS_HOST_TIME, "linux.namespaces"},
    {F_NS_HOST_USER, "linux.namespaces"},
    {F_NS_HOST_UTS, "linux.namespaces"},
    {F_CAPS_EFFECTIVE, "process.capabilities"},
    {F_CAPS_PERMITTED, "process.capabilities"},
    {F_CAPS_INHERITABLE, "process.capabilities.inheritable"},
    {F_CAPS_BOUNDING, "process.capabilities.bounding"},
    {F_CAPS_AMBIENT, "process.capabilities.ambient"},
    {F_CAPS_PRIVILEGED, "process.capabilities"},
    {F_SECCOMP_MODE, "linux.seccomp"},
    {F_SECCOMP_FILTERS, "linux.seccomp"},
    {F_SECCOMP_DEFAULT_ACTION, "linux.seccomp.defaultAction"},
    {F_SECCOMP_ALLOWED_DANGEROUS, "linux.seccomp.syscalls"},
    {F_SECCOMP_CONDITIONAL, "linux.seccomp.syscalls"},
    {F_SECCOMP_X32_REACHABLE, "linux.seccomp.architectures"},
    {F_NO_NEW_PRIVS, "process.noNewPrivileges"},
    {F_LSM_APPARMOR, "process.apparmorProfile"},
    {F_LSM_SELINUX, "process.selinuxLabel"},
    {F_MOUNTS_ROOTFS_READONLY, "root.readonly"},
    {F_MOUNTS_SENSITIVE, "mounts"},
    {F_MOUNTS_SENSITIVE_RW, "mounts"},
    {F_MOUNTS_RUNTIME_SOCKET, "mounts"},
    {F_MOUNTS_PROC_SYS_RW, "mounts"},
    {F_MOUNTS_SHARED_PROPAGATION, "mounts"},
    {F_DEVICES_BLOCK, "linux.devices"},
    {F_DEVICES_ADDED, "linux.devices"},
    {F_OCI_HOOKS, "hooks"},
    {F_CGROUP_V1_WRITABLE, "mounts"},
    {F_CGROUP_PIDS_LIMIT, "linux.resources.pids.limit"},
    {F_CGROUP_MEMORY_LIMIT, "linux.resources.memory.limit"},
    {F_RLIMIT_NOFILE, "process.rlimits"},
    {F_RLIMIT_NPROC, "process.rlimits"},
    {F_RLIMIT_CORE, "process.rlimits"},
};

struct text {
	const char *s;
	size_t n;
};

static size_t skip_ws(const struct text *t, size_t i)
{
	while (i < t->n && strchr(" \t\r\n", t->s[i]))
		i++;
	return i;
}

/* i at a '"': the index after the closing one. */
static size_t skip_string(const struct text *t, size_t i)
{
	for (i++; i < t->n && t->s[i] != '"'; i++)
		if (t->s[i] == '\\')
			i++;
	return i < t->n ? i + 1 : t->n;
}

/* The index where the value at i ends: the ',' or closing bracket after it. */
static size_t skip_value(const struct text *t, size_t i)
{
	size_t depth = 0;
	for (; i < t->n; i++) {
		char c = t->s[i];
		if (c == '"') {
			i = skip_string(t, i) - 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return i;
			depth--;
		} else if (c == ',' && depth == 0) {
			return i;
		}
	}
	return t->n;
}

/* i at an object's '{': the offset of key's opening quote and of its value, or false. */
static bool member(const struct text *t, size_t i, const char *key, size_t klen, size_t *key_at,
		   size_t *val_at)
{
	if (i >= t->n || t->s[i] != '{')
		return false;
	for (i = skip_ws(t, i + 1); i < t->n && t->s[i] == '"';) {
		size_t k = i, end = skip_string(t, i);
		i = skip_ws(t, end);
		if (i >= t->n || t->s[i] != ':')
			return false;
		i = skip_ws(t, i + 1);
		if (end - k - 2 == klen && memcmp(t->s + k + 1, key, klen) == 0) {
			*key_at = k;
			*val_at = i;
			return true;
		}
		i = skip_value(t, i);
		if (i < t->n && t->s[i] == ',')
			i = skip_ws(t, i + 1);
	}
	return false;
}

/* The offset of the deepest present member of the dotted path (0: the document). */
static size_t locate(const struct text *t, const char *path)
{
	size_t at = 0, obj = skip_ws(t, 0);
	while (*path) {
		const char *dot = strchr(path, '.');
		size_t klen = dot ? (size_t)(dot - path) : strlen(path), key_at, val_at;
		if (!member(t, obj, path, klen, &key_at, &val_at))
			break;
		at = key_at;
		obj = val_at;
		path += klen + (dot ? 1 : 0);
	}
	return at;
}

/* Line and column (UTF-16 code units: a 4-byte UTF-8 sequence counts two) of off, 1-based. */
static void position(const struct text *t, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < t->n; i++) {
		unsigned char c = (unsigned char)t->s[i];
		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xc0) != 0x80) {
			*col += c >= 0xf0 ? 2 : 1;
		}
	}
}

int ocilocate(const struct oci_config *c, struct fact_locations *loc)
{
	*loc = (struct fact_locations){0};
	if (!(loc->uri = fact_locations_uri(c->path ? c->path : "config.json")))
		return -ENOMEM;
	if (!c->text)
		return 0;
	struct text t = {c->text, c->len};
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		size_t off = locate(&t, members[i].path);
		position(&t, off, &loc->line[members[i].id], &loc->column[members[i].id]);
	}
	return 0;
}
