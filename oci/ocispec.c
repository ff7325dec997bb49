/* The OCI runtime config as runc reads it: the struct table and the strict scan. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oci/ocispec.h"
#include "lib/buf.h"
#include "lib/cleanup.h"

/* --- the table: runc v1.1.5 vendor/github.com/opencontainers/runtime-spec/specs-go/config.go ---
 * Written once, here. Every struct is listed with all its json tags (a field left out would let
 * a case-folded key through to runc); subtrees runc on Linux never uses are OCISPEC_ANY. */

#define F(n, t)                                                                                    \
	{                                                                                          \
		n, t                                                                               \
	}
#define END                                                                                        \
	{                                                                                          \
		NULL, NULL                                                                         \
	}
#define STRUCT(var, ...)                                                                           \
	static const struct ocispec_field var##_f[] = {__VA_ARGS__, END};                          \
	static const struct ocispec_type var = {OCISPEC_STRUCT, var##_f, NULL}
#define LIST(var, of) static const struct ocispec_type var = {OCISPEC_LIST, NULL, of}
#define MAP(var, of)  static const struct ocispec_type var = {OCISPEC_MAP, NULL, of}

static const struct ocispec_type S = {OCISPEC_SCALAR, NULL, NULL};
static const struct ocispec_type A = {OCISPEC_ANY, NULL, NULL};
LIST(t_strs, &S);
MAP(t_strmap, &S);

STRUCT(t_box, F("height", &S), F("width", &S));
STRUCT(t_user, F("uid", &S), F("gid", &S), F("umask", &S), F("additionalGids", &t_strs),
       F("username", &S));
STRUCT(t_caps, F("bounding", &t_strs), F("effective", &t_strs), F("inheritable", &t_strs),
       F("permitted", &t_strs), F("ambient", &t_strs));
STRUCT(t_rlimit, F("type", &S), F("hard", &S), F("soft", &S));
LIST(t_rlimits, &t_rlimit);
STRUCT(t_process, F("terminal", &S), F("consoleSize", &t_box), F("user", &t_user),
       F("args", &t_strs), F("commandLine", &S), F("env", &t_strs), F("cwd", &S),
       F("capabilities", &t_caps), F("rlimits", &t_rlimits), F("noNewPrivileges", &S),
       F("apparmorProfile", &S), F("oomScoreAdj", &S), F("selinuxLabel", &S));
STRUCT(t_root, F("path", &S), F("readonly", &S));
STRUCT(t_mount, F("destination", &S), F("type", &S), F("source", &S), F("options", &t_strs));
LIST(t_mounts, &t_mount);
STRUCT(t_hook, F("path", &S), F("args", &t_strs), F("env", &t_strs), F("timeout", &S));
LIST(t_hooklist, &t_hook);
STRUCT(t_hooks, F("prestart", &t_hooklist), F("createRuntime", &t_hooklist),
       F("createContainer", &t_hooklist), F("startContainer", &t_hooklist),
       F("poststart", &t_hooklist), F("poststop", &t_hooklist));
STRUCT(t_idmap, F("containerID", &S), F("hostID", &S), F("size", &S));
LIST(t_idmaps, &t_idmap);
/* linuxBlockIODevice (major, minor) is embedded: its fields are promoted. */
STRUCT(t_weightdev, F("major", &S), F("minor", &S), F("weight", &S), F("leafWeight", &S));
LIST(t_weightdevs, &t_weightdev);
STRUCT(t_throttledev, F("major", &S), F("minor", &S), F("rate", &S));
LIST(t_throttledevs, &t_throttledev);
STRUCT(t_blockio, F("weight", &S), F("leafWeight", &S), F("weightDevice", &t_weightdevs),
       F("throttleReadBpsDevice", &t_throttledevs), F("throttleWriteBpsDevice", &t_throttledevs),
       F("throttleReadIOPSDevice", &t_throttledevs), F("throttleWriteIOPSDevice", &t_throttledevs));
STRUCT(t_memory, F("limit", &S), F("reservation", &S), F("swap", &S), F("kernel", &S),
       F("kernelTCP", &S), F("swappiness", &S), F("disableOOMKiller", &S), F("useHierarchy", &S));
STRUCT(t_cpu, F("shares", &S), F("quota", &S), F("period", &S), F("realtimeRuntime", &S),
       F("realtimePeriod", &S), F("cpus", &S), F("mems", &S));
STRUCT(t_pids, F("limit", &S));
STRUCT(t_hugepage, F("pageSize", &S), F("limit", &S));
LIST(t_hugepages, &t_hugepage);
STRUCT(t_ifprio, F("name", &S), F("priority", &S));
LIST(t_ifprios, &t_ifprio);
STRUCT(t_network, F("classID", &S), F("priorities", &t_ifprios));
STRUCT(t_rdma, F("hcaHandles", &S), F("hcaObjects", &S));
MAP(t_rdmas, &t_rdma);
STRUCT(t_devcgroup, F("allow", &S), F("type", &S), F("major", &S), F("minor", &S), F("access", &S));
LIST(t_devcgroups, &t_devcgroup);
STRUCT(t_resources, F("devices", &t_devcgroups), F("memory", &t_memory), F("cpu", &t_cpu),
       F("pids", &t_pids), F("blockIO", &t_blockio), F("hugepageLimits", &t_hugepages),
       F("network", &t_network), F("rdma", &t_rdmas), F("unified", &t_strmap));
STRUCT(t_ns, F("type", &S), F("path", &S));
LIST(t_nss, &t_ns);
STRUCT(t_device, F("path", &S), F("type", &S), F("major", &S), F("minor", &S), F("fileMode", &S),
       F("uid", &S), F("gid", &S));
LIST(t_devices, &t_device);
STRUCT(t_scarg, F("index", &S), F("value", &S), F("valueTwo", &S), F("op", &S));
LIST(t_scargs, &t_scarg);
STRUCT(t_syscall, F("names", &t_strs), F("action", &S), F("errnoRet", &S), F("args", &t_scargs));
LIST(t_syscalls, &t_syscall);
STRUCT(t_seccomp, F("defaultAction", &S), F("defaultErrnoRet", &S), F("architectures", &t_strs),
       F("flags", &t_strs), F("listenerPath", &S), F("listenerMetadata", &S),
       F("syscalls", &t_syscalls));
STRUCT(t_rdt, F("closID", &S), F("l3CacheSchema", &S), F("memBwSchema", &S));
STRUCT(t_personality, F("domain", &S), F("flags", &t_strs));
STRUCT(t_linux, F("uidMappings", &t_idmaps), F("gidMappings", &t_idmaps), F("sysctl", &t_strmap),
       F("resources", &t_resources), F("cgroupsPath", &S), F("namespaces", &t_nss),
       F("devices", &t_devices), F("seccomp", &t_seccomp), F("rootfsPropagation", &S),
       F("maskedPaths", &t_strs), F("readonlyPaths", &t_strs), F("mountLabel", &S),
       F("intelRdt", &t_rdt), F("personality", &t_personality));
/* solaris, windows and vm are decoded but never used by runc on Linux. */
static const struct ocispec_field spec_f[] = {
    F("ociVersion", &S),
    F("process", &t_process),
    F("root", &t_root),
    F("hostname", &S),
    F("mounts", &t_mounts),
    F("hooks", &t_hooks),
    F("annotations", &t_strmap),
    F("linux", &t_linux),
    F("solaris", &A),
    F("windows", &A),
    F("vm", &A),
    END,
};
const struct ocispec_type ocispec_spec = {OCISPEC_STRUCT, spec_f, NULL};
const struct ocispec_type ocispec_process = {OCISPEC_STRUCT, t_process_f, NULL};

/* --- Go 1.19 encoding/json key matching (fold.go: equalFoldRight, asciiEqualFold,
 * simpleLetterEqualFold). Field names are ASCII; a key matches one when, byte for byte, letters
 * are equal ignoring ASCII case, other bytes are equal, and where the name has 's'/'S' the key
 * may have U+017F (LONG S), where it has 'k'/'K' U+212A (KELVIN SIGN). */

static bool fold_eq(const char *name, const char *key, size_t klen)
{
	const unsigned char *k = (const unsigned char *)key, *end = k + klen;
	for (const unsigned char *n = (const unsigned char *)name; *n; n++) {
		if (k >= end)
			return false;
		unsigned char lo = (unsigned char)(*n | 0x20);
		bool letter = lo >= 'a' && lo <= 'z';
		if (*k < 0x80) {
			if (*k != *n && !(letter && (*k | 0x20) == lo))
				return false;
			k++;
		} else if (lo == 's' && end - k >= 2 && k[0] == 0xc5 && k[1] == 0xbf) {
			k += 2;
		} else if (lo == 'k' && end - k >= 3 && k[0] == 0xe2 && k[1] == 0x84 &&
			   k[2] == 0xaa) {
			k += 3;
		} else {
			return false;
		}
	}
	return k == end;
}

const struct ocispec_field *ocispec_field(const struct ocispec_type *t, const char *key,
					  size_t klen, int *exact)
{
	*exact = 0;
	if (t->kind != OCISPEC_STRUCT)
		return NULL;
	for (const struct ocispec_field *f = t->fields; f->name; f++)
		if (strlen(f->name) == klen && memcmp(f->name, key, klen) == 0) {
			*exact = 1;
			return f;
		}
	for (const struct ocispec_field *f = t->fields; f->name; f++)
		if (fold_eq(f->name, key, klen))
			return f;
	return NULL;
}

/* --- the scan --- */

#define SCAN_DEPTH 64

struct key {
	size_t off, len; /* in the keys buffer */
	size_t at;	 /* in the text */
};

struct scan {
	const char *name;
	const unsigned char *s;
	size_t len, i;
	struct buf path; /* "process.user.uid", "mounts[2]" */
	struct error *err;
	int depth;
	bool oom; /* a key could not be stored: the scan fails */
	/* The keys of the objects being scanned, innermost last: one buffer and one vector
	 * for the whole document, each object taking the top and giving it back (an allocation
	 * per object was a tenth of the scan). */
	struct buf keys;
	struct key *kv;
	size_t nkv, kvcap;
};

static void put(struct scan *sc, struct buf *b, const void *p, size_t n)
{
	if (buf_append(b, p, n) < 0)
		sc->oom = true;
}

static int fail(struct scan *sc, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct scan *sc, size_t at, const char *fmt, ...)
{
	size_t line = 1, col = 1;
	for (size_t i = 0; i < at && i < sc->len; i++) {
		if (sc->s[i] == '\n') {
			line++;
			col = 1;
		} else if ((sc->s[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return error_set(sc->err, -EINVAL, "%s:%zu:%zu: %s", sc->name, line, col, what);
}

/* The path for messages ("the document" at the top). */
static const char *where(const struct scan *sc)
{
	return sc->path.len ? sc->path.data : "the document";
}

static void skip_ws(struct scan *sc)
{
	while (sc->i < sc->len && (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' ||
				   sc->s[sc->i] == '\r' || sc->s[sc->i] == '\n'))
		sc->i++;
}

static int hex4(struct scan *sc, size_t at, unsigned *out)
{
	unsigned v = 0;
	if (sc->len - at < 4)
		return fail(sc, at, "a \\u escape needs four hex digits");
	for (int k = 0; k < 4; k++) {
		unsigned char c = sc->s[at + (size_t)k];
		int d = c >= '0' && c <= '9'			 ? c - '0'
			: (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
								 : -1;
		if (d < 0)
			return fail(sc, at, "a \\u escape needs four hex digits");
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 0;
}

static void put_utf8(struct scan *sc, struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	put(sc, b, u, n);
}

/* Length of the valid UTF-8 sequence at p (at most n bytes; Go's rules: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t len = c >= 0xc2 && c <= 0xdf   ? 2
		     : c >= 0xe0 && c <= 0xef ? 3
		     : c >= 0xf0 && c <= 0xf4 ? 4
					      : 0;
	if (!len || n < len)
		return 0;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	return len;
}

/* A string at sc->i (the opening quote); its decoded bytes into out when out is not NULL. */
static int scan_string(struct scan *sc, struct buf *out, const char *what)
{
	size_t start = sc->i++;
	while (sc->i < sc->len) {
		unsigned char c = sc->s[sc->i];
		if (c == '"') {
			sc->i++;
			return 0;
		}
		if (c < 0x20)
			return fail(sc, sc->i, "%s in %s: a control character in a string", what,
				    where(sc));
		if (c >= 0x80) {
			size_t n = utf8_len(sc->s + sc->i, sc->len - sc->i);
			if (!n)
				return fail(sc, sc->i,
					    "%s in %s: invalid UTF-8 (runc would read U+FFFD)",
					    what, where(sc));
			if (out)
				put(sc, out, sc->s + sc->i, n);
			sc->i += n;
			continue;
		}
		if (c != '\\') {
			/* a run of plain ASCII at once */
			size_t run = sc->i + 1;
			while (run < sc->len && sc->s[run] >= 0x20 && sc->s[run] < 0x80 &&
			       sc->s[run] != '"' && sc->s[run] != '\\')
				run++;
			if (out)
				put(sc, out, sc->s + sc->i, run - sc->i);
			sc->i = run;
			continue;
		}
		if (sc->i + 1 >= sc->len)
			break;
		unsigned char e = sc->s[sc->i + 1];
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char map[] = "\"\\/\b\f\n\r\t";
			if (out)
				put(sc, out, &map[simple - "\"\\/bfnrt"], 1);
			sc->i += 2;
			continue;
		}
		if (e != 'u')
			return fail(sc, sc->i, "%s in %s: an unknown escape", what, where(sc));
		unsigned cp, lo;
		if (hex4(sc, sc->i + 2, &cp) < 0)
			return -EINVAL;
		size_t at = sc->i;
		sc->i += 6;
		if (cp == 0)
			return fail(sc, at, "%s in %s: a NUL character (\\u0000)", what, where(sc));
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return fail(sc, at,
				    "%s in %s: a lone surrogate escape (runc would read U+FFFD)",
				    what, where(sc));
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (sc->i + 6 > sc->len || sc->s[sc->i] != '\\' ||
			    sc->s[sc->i + 1] != 'u' || hex4(sc, sc->i + 2, &lo) < 0 ||
			    lo < 0xdc00 || lo > 0xdfff)
				return fail(sc, at,
					    "%s in %s: a lone surrogate escape (runc would read "
					    "U+FFFD)",
					    what, where(sc));
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			sc->i += 6;
		}
		if (out)
			put_utf8(sc, out, cp);
	}
	return fail(sc, start, "%s in %s: the string does not end", what, where(sc));
}

static int scan_value(struct scan *sc, const struct ocispec_type *t);

static const char *kind_name(enum ocispec_kind k)
{
	return k == OCISPEC_LIST ? "a list" : "an object";
}

static int key_cmp(const void *a, const void *b, void *keys)
{
	const struct key *x = a, *y = b;
	const char *k = keys;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(k + x->off, k + y->off, n);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len ? 1 : (x->at < y->at ? -1 : 1);
}

/* Refuses a key that appears twice (keys sorted by text, then by place). */
static int check_dups(struct scan *sc, struct key *v, size_t n, const char *keys, size_t pathlen)
{
	if (n < 2)
		return 0;
	qsort_r(v, n, sizeof(*v), key_cmp, (void *)keys);
	for (size_t i = 1; i < n; i++)
		if (v[i].len == v[i - 1].len &&
		    memcmp(keys + v[i].off, keys + v[i - 1].off, v[i].len) == 0) {
			sc->path.len = pathlen;
			if (sc->path.data)
				sc->path.data[pathlen] = '\0';
			return fail(sc, v[i].at,
				    "%s: the key '%.*s' appears twice (runc and ctguard would not "
				    "read the same one)",
				    where(sc), (int)v[i].len, keys + v[i].off);
		}
	return 0;
}

static int scan_member(struct scan *sc, const struct ocispec_type *t, size_t ki, size_t pathlen)
{
	struct key *k = &sc->kv[ki];
	k->at = sc->i;
	k->off = sc->keys.len;
	if (sc->i >= sc->len || sc->s[sc->i] != '"')
		return fail(sc, sc->i, "%s: a key (a string) is expected", where(sc));
	int r = scan_string(sc, &sc->keys, "a key");
	if (r < 0)
		return r;
	if (sc->oom)
		return error_set(sc->err, -ENOMEM, "out of memory");
	k->len = sc->keys.len - k->off;
	const char *key = sc->keys.data + k->off;
	int exact;
	const struct ocispec_field *f = ocispec_field(t, key, k->len, &exact);
	if (f && !exact)
		return fail(
		    sc, k->at,
		    "%s: the key '%.*s' is not '%s', but runc (Go's encoding/json matches "
		    "keys case-insensitively) would read it as '%s'; write the field's name "
		    "exactly",
		    where(sc), (int)k->len, key, f->name, f->name);
	/* the path is for messages only: a failed append shortens it */
	if (pathlen)
		buf_append(&sc->path, ".", 1);
	buf_append(&sc->path, key, k->len);
	skip_ws(sc);
	if (sc->i >= sc->len || sc->s[sc->i] != ':')
		return fail(sc, sc->i, "%s: ':' is expected after a key", where(sc));
	sc->i++;
	const struct ocispec_type *vt = t->kind == OCISPEC_STRUCT ? (f ? f->type : &A)
					: t->kind == OCISPEC_MAP  ? t->elem
								  : &A;
	r = scan_value(sc, vt);
	sc->path.len = pathlen;
	if (sc->path.data)
		sc->path.data[pathlen] = '\0';
	return r;
}

static int scan_object(struct scan *sc, const struct ocispec_type *t)
{
	size_t pathlen = sc->path.len, kbase = sc->keys.len, vbase = sc->nkv;
	sc->i++;
	skip_ws(sc);
	if (sc->i < sc->len && sc->s[sc->i] == '}') {
		sc->i++;
		return 0;
	}
	int r;
	for (;;) {
		skip_ws(sc);
		if (sc->nkv == sc->kvcap) {
			size_t cap = sc->kvcap ? sc->kvcap * 2 : 64;
			struct key *nv = realloc(sc->kv, cap * sizeof(*nv));
			if (!nv)
				return error_set(sc->err, -ENOMEM, "out of memory");
			sc->kv = nv;
			sc->kvcap = cap;
		}
		/* the members' objects give the top back: this object's keys stay contiguous */
		if ((r = scan_member(sc, t, sc->nkv++, pathlen)) < 0)
			return r;
		skip_ws(sc);
		if (sc->i < sc->len && sc->s[sc->i] == ',') {
			sc->i++;
			continue;
		}
		if (sc->i < sc->len && sc->s[sc->i] == '}') {
			sc->i++;
			break;
		}
		return fail(sc, sc->i, "%s: ',' or '}' is expected", where(sc));
	}
	r = check_dups(sc, sc->kv + vbase, sc->nkv - vbase, sc->keys.data, pathlen);
	sc->keys.len = kbase;
	sc->nkv = vbase;
	return r;
}

/* "[idx]" appended (snprintf per element was a tenth of a launch's instructions). */
static void path_index(struct buf *b, size_t idx)
{
	char tmp[32], *p = tmp + sizeof(tmp);
	*--p = '\0';
	*--p = ']';
	do
		*--p = (char)('0' + idx % 10);
	while ((idx /= 10));
	*--p = '[';
	buf_puts(b, p);
}

static int scan_array(struct scan *sc, const struct ocispec_type *t)
{
	size_t pathlen = sc->path.len;
	sc->i++;
	skip_ws(sc);
	if (sc->i < sc->len && sc->s[sc->i] == ']') {
		sc->i++;
		return 0;
	}
	for (size_t idx = 0;; idx++) {
		path_index(&sc->path, idx);
		int r = scan_value(sc, t->kind == OCISPEC_LIST ? t->elem : &A);
		sc->path.len = pathlen;
		if (sc->path.data)
			sc->path.data[pathlen] = '\0';
		if (r < 0)
			return r;
		skip_ws(sc);
		if (sc->i < sc->len && sc->s[sc->i] == ',') {
			sc->i++;
			continue;
		}
		if (sc->i < sc->len && sc->s[sc->i] == ']') {
			sc->i++;
			return 0;
		}
		return fail(sc, sc->i, "%s: ',' or ']' is expected", where(sc));
	}
}

static int scan_scalar(struct scan *sc)
{
	size_t start = sc->i;
	while (sc->i < sc->len && strchr("+-.0123456789eEtruefalsn", sc->s[sc->i]) && sc->s[sc->i])
		sc->i++;
	if (sc->i == start)
		return fail(sc, start, "%s: a value is expected", where(sc));
	return 0;
}

static int scan_value(struct scan *sc, const struct ocispec_type *t)
{
	skip_ws(sc);
	if (sc->i >= sc->len)
		return fail(sc, sc->i, "%s: the document ends too early", where(sc));
	unsigned char c = sc->s[sc->i];
	bool container =
	    t->kind == OCISPEC_STRUCT || t->kind == OCISPEC_MAP || t->kind == OCISPEC_LIST;
	if (container && c == 'n' && sc->len - sc->i >= 4 && memcmp(sc->s + sc->i, "null", 4) == 0)
		return fail(sc, sc->i,
			    "%s is null: %s is expected (runc would read it as absent: leave it "
			    "out instead)",
			    where(sc), kind_name(t->kind));
	bool want_list = t->kind == OCISPEC_LIST;
	if (container && c != (want_list ? '[' : '{'))
		return fail(sc, sc->i, "%s must be %s", where(sc), kind_name(t->kind));
	if (c == '{' || c == '[') {
		if (++sc->depth > SCAN_DEPTH)
			return fail(sc, sc->i, "%s: nested deeper than %d levels", where(sc),
				    SCAN_DEPTH);
		int r = c == '{' ? scan_object(sc, t) : scan_array(sc, t);
		sc->depth--;
		return r;
	}
	if (c == '"')
		return scan_string(sc, NULL, "a string");
	return scan_scalar(sc);
}

int ocispec_check(const char *name, const char *text, size_t len, const struct ocispec_type *type,
		  struct error *err)
{
	struct scan sc = {.name = name, .s = (const unsigned char *)text, .len = len, .err = err};
	sc.path = (struct buf)BUF_INIT;
	sc.keys = (struct buf)BUF_INIT;
	int r = scan_value(&sc, type);
	buf_free(&sc.path);
	buf_free(&sc.keys);
	free(sc.kv);
	return r;
}
