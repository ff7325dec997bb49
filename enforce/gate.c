/* The wrapper runtime's gate flow (enforce/gate.h): setup, the real runtime, and the judging of
 * create/run/restore configs and exec processes before runc sees them. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enforce/gate.h"
#include "enforce/gatebundle.h"
#include "enforce/pathtrust.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/jsondoc.h"
#include "oci/oci.h"
#include "oci/ocispec.h"

void gate_say(const struct gate_log *l, int prio, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	l->say(l->ctx, prio, msg);
}

static void phase(const struct gate_log *l, const char *what)
{
	if (l->phase)
		l->phase(l->ctx, what);
}

void gate_setup_free(struct gate_setup *s)
{
	rt_config_free(&s->conf);
	policy_free(&s->policy);
	if (s->profile)
		profile_free(s->profile);
	s->profile = NULL;
}

int gate_setup_load(struct gate_setup *s, const char *path, bool need_policy,
		    const struct gate_log *l)
{
	struct diag d = {0};
	int r = rt_config_load(path, &s->conf, &d);
	if (r == -ENOENT) {
		s->conf_missing = true;
		r = rt_config_defaults(&s->conf);
	}
	phase(l, "runtime.yaml");
	if (r == 0 && need_policy && (r = policy_load(s->conf.policy, &s->policy, &d)) == 0) {
		phase(l, "policy");
		if (strcmp(s->policy.seccomp, "none") != 0)
			r = profile_load(s->policy.seccomp, &s->profile, &d);
		phase(l, "seccomp profile");
	}
	size_t said = 0;
	for (size_t i = 0; i < d.msgs.n; i++)
		if (!strstr(d.msgs.v[i], ": warning: ")) {
			gate_say(l, LOG_ERR, "%s", d.msgs.v[i]);
			said++;
		}
	diag_free(&d);
	if (r < 0 && !said)
		gate_say(l, LOG_ERR, "%s: %s", path, strerror(-r));
	return r < 0 ? GATE_BAD : GATE_GO;
}

int gate_find_runtime(const char *name, char *out, size_t outsz, struct error *err)
{
	if (strchr(name, '/')) {
		snprintf(out, outsz, "%s", name);
	} else {
		const char *path = getenv("PATH");
		if (!path || !*path)
			path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
		bool found = false;
		while (*path && !found) {
			size_t len = strcspn(path, ":");
			snprintf(out, outsz, "%.*s/%s", (int)len, len ? path : ".", name);
			found = access(out, X_OK) == 0;
			path += len + (path[len] == ':');
		}
		if (!found)
			return error_set(err, -ENOENT, "runtime '%s' not found in PATH", name);
	}
	if (access(out, X_OK) < 0)
		return error_setn(err, -errno, "runtime '%s'", out);
	/* The same file (also through a hard link), in two stats rather than two realpaths. */
	struct stat self, real;
	if (stat("/proc/self/exe", &self) == 0 && stat(out, &real) == 0 &&
	    self.st_dev == real.st_dev && self.st_ino == real.st_ino)
		return error_set(err, -ELOOP,
				 "runtime '%s' is ctguard itself: set the real runtime (runc) in "
				 "the configuration",
				 out);
	return 0;
}

/* Writes o over path atomically (lib/fileio.h), with the file's own permissions. When keep_orig,
 * the original is kept as path + GATE_ORIG_SUFFIX, unless this file was written by ctguard
 * already and one is kept: the first original is the one worth keeping. */
static int write_json(const char *path, json_object *o, bool keep_orig, bool had_mark,
		      struct buf *text, struct error *err)
{
	_cleanup_buf_ struct buf orig = BUF_INIT;
	if (buf_printf(&orig, "%s%s", path, GATE_ORIG_SUFFIX) < 0)
		return error_set(err, -ENOMEM, "out of memory");
	struct stat st;
	if (stat(path, &st) < 0)
		return error_setn(err, -errno, "'%s'", path);
	struct fileio_atomic a;
	int r = fileio_atomic_open(path, st.st_mode & 0777, &a, err);
	if (r < 0)
		return r;
	/* runc reads the private copy; the engine's file is its record of the launch, and a crash
	 * ends the launch: two fsyncs were 2-8 ms of every rewriting launch on ext4. */
	a.no_sync = true;
	if ((r = json_print(o, text)) < 0) {
		fileio_atomic_abort(&a);
		return error_set(err, r, "'%s': %s", path,
				 r == -ENOMEM ? "out of memory" : "cannot be written as JSON");
	}
	bool keep = keep_orig && !(had_mark && access(orig.data, F_OK) == 0);
	return fileio_atomic_commit(&a, text->data, text->len, keep ? orig.data : NULL, err);
}

/* Opens the container's root filesystem (root.path, relative to the bundle). */
static int open_rootfs(const struct oci_config *c)
{
	const char *root = oci_get_str(c->root, "root.path");
	if (!root)
		return -1;
	_cleanup_buf_ struct buf b = BUF_INIT;
	if (root[0] == '/')
		buf_puts(&b, root);
	else
		buf_printf(&b, "%s/%s", c->bundle, root);
	return open(b.data, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* runc's state file of this container: ROOT/ID/state.json (ROOT: --root, else runc's default,
 * /run/runc as root and $XDG_RUNTIME_DIR/runc otherwise); left empty for an id runc refuses.
 * Returns 0 or -ENOMEM. */
static int runc_state_path(const struct gateargs *a, struct buf *state)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	char root[PATH_MAX];
	const char *r = a->root && *a->root		  ? a->root
			: geteuid() == 0 || !xdg || !*xdg ? "/run/runc"
							  : NULL;
	if (r && realpath(r, root))
		r = root;
	if (!gatebundle_id_valid(a->id))
		return 0;
	return (r ? buf_printf(state, "%s/%s/state.json", r, a->id)
		  : buf_printf(state, "%s/runc/%s/state.json", xdg, a->id)) < 0
		   ? -ENOMEM
		   : 0;
}

/* Hands runc a private copy of o (config.json of a create/run/restore, or an exec's
 * process.json) in place of the engine's file. */
static int hand_over(const struct gateargs *a, const struct gate_log *l, json_object *o,
		     const char *name, struct buf *text, char **nv)
{
	_cleanup_buf_ struct buf path = BUF_INIT;
	_cleanup_buf_ struct buf state = BUF_INIT;
	struct error err = {0};
	bool config = strcmp(name, "config.json") == 0;
	if (config && runc_state_path(a, &state) < 0) {
		gate_say(l, LOG_ERR, "refused: out of memory");
		return GATE_FAILED;
	}
	/* o's text: printed already when the engine's file was rewritten */
	int pr = text->len ? 0 : json_print(o, text);
	if (pr < 0) {
		gate_say(l, LOG_ERR, "refused: %s: %s", name,
			 pr == -ENOMEM ? "out of memory" : "cannot be written as JSON");
		return GATE_FAILED;
	}
	if (gatebundle_write(a->id, state.data, text->data, text->len, name, &path, &err) < 0) {
		gate_say(l, LOG_ERR, "refused: %s", err.msg);
		return GATE_FAILED;
	}
	/* No bundle given but "--bundle=" or "-b ''" (runc: "" is the working directory): those
	 * go, or the last of them would win over the inserted --bundle and runc would read the
	 * engine's config.json again, not the judged copy. */
	for (size_t i = a->ra.nglobal;
	     config && !gateargs_str(&a->ra, RA_BUNDLE, false) && i < a->ra.nopts; i++)
		if (a->ra.opts[i].flag->key == RA_BUNDLE)
			nv[a->ra.opts[i].at] = nv[a->ra.opts[i].value_at] = NULL;
	if (gateargs_set_value(a, nv, config ? a->bundle : a->process,
			       config ? "--bundle" : "--process", path.data) < 0) {
		gate_say(l, LOG_ERR, "refused: out of memory");
		return GATE_FAILED;
	}
	return GATE_GO;
}

/* Says the decisions; returns GATE_GO or GATE_REFUSED. */
static int verdict(const struct gate_setup *s, const struct gate_log *l,
		   const struct oci_decisions *d)
{
	bool audit = s->conf.mode == RT_MODE_AUDIT;
	for (size_t i = 0; i < d->changed.n; i++)
		gate_say(l, LOG_NOTICE, "%s", d->changed.v[i]);
	for (size_t i = 0; i < d->notes.n; i++)
		gate_say(l, LOG_INFO, "%s", d->notes.v[i]);
	for (size_t i = 0; i < d->violations.n; i++)
		gate_say(l, audit ? LOG_WARNING : LOG_ERR, "%s%s",
			 audit ? "policy violation (audit mode, allowed): " : "",
			 d->violations.v[i]);
	if (!d->violations.n || audit)
		return GATE_GO;
	gate_say(l, LOG_ERR, "refused by policy '%s' (%s mode): %zu violation%s", s->policy.file,
		 rt_mode_name(s->conf.mode), d->violations.n, d->violations.n == 1 ? "" : "s");
	return GATE_REFUSED;
}

/* Enforce mode changed the config: the engine's config.json is rewritten (marked, the original
 * kept). */
static int rewrite_config(const struct gate_setup *s, const struct gate_log *l,
			  struct oci_config *c, size_t changes, bool had_mark, struct buf *text)
{
	char mark[512];
	struct error err = {0};
	snprintf(mark, sizeof(mark), "policy=%s mode=%s changes=%zu", s->policy.file,
		 rt_mode_name(s->conf.mode), changes);
	json_object *ann = oci_ensure_obj(c->root, "annotations");
	if (!ann || json_object_object_add(ann, GATE_MARK_KEY, json_object_new_string(mark)) < 0 ||
	    write_json(c->path, c->root, true, had_mark, text, &err) < 0) {
		gate_say(l, LOG_ERR, "refused: %s", err.msg[0] ? err.msg : "out of memory");
		return GATE_FAILED;
	}
	gate_say(l, LOG_NOTICE, "config.json rewritten (%zu change%s; original kept as %s%s)",
		 changes, changes == 1 ? "" : "s", c->path, GATE_ORIG_SUFFIX);
	phase(l, "engine's copy");
	return GATE_GO;
}

int gate_create(const struct gateargs *a, const struct gate_setup *s, const struct gate_log *l,
		char **nv)
{
	struct oci_config c;
	struct error err = {0};
	int r = oci_config_load(a->bundle, &c, &err);
	if (r == 0)
		r = oci_config_resolve(&c, &err);
	phase(l, "config.json");
	if (r < 0) {
		gate_say(l, LOG_ERR, "refused: %s", err.msg);
		oci_config_free(&c);
		return r == -EINVAL ? GATE_BAD : GATE_FAILED;
	}
	bool had_mark = oci_get_str(c.root, "annotations." GATE_MARK_KEY) != NULL;
	struct oci_gate g = {
	    .policy = &s->policy,
	    .profile = s->profile,
	    .mode = s->conf.mode,
	    .rootfd = open_rootfs(&c),
	    .lsm_profile = gateargs_str(&a->ra, RA_LSM_PROFILE, false),
	    .lsm_mount_context = gateargs_str(&a->ra, RA_LSM_MOUNT_CONTEXT, false),
	};
	struct oci_decisions d = {0};
	_cleanup_buf_ struct buf text = BUF_INIT;
	r = oci_gate_apply(&g, c.root, &d, &err);
	if (g.rootfd >= 0)
		close(g.rootfd);
	phase(l, "judge");
	int status;
	if (r < 0) {
		gate_say(l, LOG_ERR, "refused: %s", err.msg);
		status = GATE_BAD;
	} else if (!(status = verdict(s, l, &d)) && s->conf.mode == RT_MODE_ENFORCE &&
		   d.changed.n) {
		status = rewrite_config(s, l, &c, d.changed.n, had_mark, &text);
	}
	if (status == GATE_GO) {
		status = hand_over(a, l, c.root, "config.json", &text, nv);
		phase(l, "private copy");
	}
	oci_decisions_free(&d);
	if (!s->leave_to_exec)
		oci_config_free(&c);
	return status;
}

/* The root filesystem of a running container, from runc's state (ROOT/ID/state.json). */
static int container_rootfs(const struct gateargs *a)
{
	if (!a->id || strchr(a->id, '/') || strcmp(a->id, "..") == 0 || strcmp(a->id, ".") == 0)
		return -1;
	_cleanup_buf_ struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s/state.json", a->root ? a->root : "/run/runc", a->id);
	json_object *st = NULL;
	struct error err = {0};
	if (json_doc_load(path.data, OCI_CONFIG_MAX, &st, &err) < 0)
		return -1;
	const char *rootfs = oci_get_str(st, "config.rootfs");
	int fd = rootfs ? open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	json_object_put(st);
	return fd;
}

/* exec's process (wrap: {"process": ...}) judged; d holds the decisions. Returns a
 * gate_status. */
static int judge_process(const struct gate_setup *s, const struct gate_log *l, int rootfd,
			 bool from_argv, json_object *wrap, struct oci_decisions *d)
{
	struct oci_gate g = {.policy = &s->policy,
			     .mode = s->conf.mode,
			     .rootfd = rootfd,
			     .process_only = true,
			     .process_from_argv = from_argv};
	struct error err = {0};
	if (oci_gate_apply(&g, wrap, d, &err) < 0) {
		gate_say(l, LOG_ERR, "refused: %s", err.msg);
		return GATE_FAILED;
	}
	return verdict(s, l, d);
}

/* The --process file wrapped as {"ociVersion": "", "process": FILE} and checked as runc would
 * read it. Returns a gate_status; *wrap owns the process. */
static int load_process_file(const struct gateargs *a, const struct gate_log *l, json_object **wrap,
			     json_object **proc)
{
	struct error err = {0};
	int r = oci_json_load(a->process, &ocispec_process, proc, &err);
	if (r < 0) {
		gate_say(l, LOG_ERR, "refused: %s", err.msg);
		return r == -EINVAL ? GATE_BAD : GATE_FAILED;
	}
	*wrap = json_object_new_object();
	if (!*wrap || json_object_object_add(*wrap, "ociVersion", json_object_new_string("")) < 0 ||
	    json_object_object_add(*wrap, "process", *proc) < 0) {
		json_object_put(*proc);
		gate_say(l, LOG_ERR, "refused: out of memory");
		return GATE_FAILED;
	}
	if (!json_object_is_type(*proc, json_type_object) ||
	    oci_config_check(*wrap, a->process, &err) < 0) {
		gate_say(l, LOG_ERR, "refused: %s",
			 err.msg[0] ? err.msg : "the --process file is not a JSON object");
		return GATE_BAD;
	}
	return GATE_GO;
}

/* exec --process FILE: the process podman (or containerd) asks runc to start in a running
 * container, judged and rewritten like a config's process. */
static int gate_exec_file(const struct gateargs *a, const struct gate_setup *s,
			  const struct gate_log *l, int rootfd, char **nv)
{
	json_object *wrap = NULL, *proc = NULL;
	struct oci_decisions d = {0};
	struct error err = {0};
	_cleanup_buf_ struct buf text = BUF_INIT;
	int status = load_process_file(a, l, &wrap, &proc);
	if (status == GATE_GO)
		status = judge_process(s, l, rootfd, false, wrap, &d);
	if (status == GATE_GO && s->conf.mode == RT_MODE_ENFORCE && d.changed.n &&
	    write_json(a->process, proc, false, false, &text, &err) < 0) {
		gate_say(l, LOG_ERR, "refused: %s", err.msg);
		status = GATE_FAILED;
	}
	if (status == GATE_GO)
		status = hand_over(a, l, proc, "process.json", &text, nv);
	oci_decisions_free(&d);
	json_object_put(wrap);
	return status;
}

int gate_exec_args(const struct gateargs *a, const struct gate_setup *s, const struct gate_log *l,
		   int rootfd, char **nv)
{
	json_object *wrap = json_object_new_object();
	struct error err = {0};
	int r =
	    wrap ? gateargs_exec_process(a, wrap, &err) : error_set(&err, -ENOMEM, "out of memory");
	if (r < 0) {
		json_object_put(wrap);
		gate_say(l, LOG_ERR, "refused: %s", err.msg);
		return r == -EINVAL ? GATE_BAD : GATE_FAILED;
	}
	struct oci_decisions d = {0};
	int status = judge_process(s, l, rootfd, true, wrap, &d);
	if (status == GATE_GO && s->conf.mode == RT_MODE_ENFORCE && d.changed.n &&
	    gateargs_exec_rewrite(a, wrap, s->policy.caps_keep, nv) < 0) {
		gate_say(l, LOG_ERR, "refused: out of memory");
		status = GATE_FAILED;
	}
	oci_decisions_free(&d);
	json_object_put(wrap);
	return status;
}

int gate_exec(const struct gateargs *a, const struct gate_setup *s, const struct gate_log *l,
	      char **nv)
{
	int rootfd = container_rootfs(a);
	int status =
	    a->process ? gate_exec_file(a, s, l, rootfd, nv) : gate_exec_args(a, s, l, rootfd, nv);
	if (rootfd >= 0)
		close(rootfd);
	return status;
}

int gate_check_paths(const struct gateargs *a, const struct gate_setup *s, const struct gate_log *l)
{
	static const struct {
		enum ra_key key;
		const char *opt, *use;
	} files[] = {{RA_PID_FILE, "--pid-file", "writes"},
		     {RA_CONSOLE_SOCKET, "--console-socket", "opens"}};
	int status = GATE_GO;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		const char *v = gateargs_str(&a->ra, files[i].key, false);
		char cwd[PATH_MAX], abs[2 * PATH_MAX];
		if (!v)
			continue;
		if (v[0] != '/' && !getcwd(cwd, sizeof(cwd)))
			snprintf(cwd, sizeof(cwd), "/nonexistent");
		snprintf(abs, sizeof(abs), "%s%s%s", v[0] == '/' ? "" : cwd, v[0] == '/' ? "" : "/",
			 v);
		struct error err = {0};
		if (pathtrust_check(abs, geteuid(), &err) == 0)
			continue;
		bool audit = s->conf.mode == RT_MODE_AUDIT;
		gate_say(l, audit ? LOG_WARNING : LOG_ERR,
			 "%s%s %s could be another file when runc %s it: %s",
			 audit ? "audit mode, allowed: " : "refused: ", files[i].opt, v,
			 files[i].use, err.msg);
		if (!audit)
			status = GATE_REFUSED;
	}
	return status;
}
