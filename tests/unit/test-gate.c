/* The wrapper runtime's gate (enforce/gateargs.c, enforce/gate.c): runc's command line read for
 * the gate, ctguard's options dropped from runc's argv, exec's process built from --user, -g,
 * --cap, --apparmor and --process-label, the argv rewrite of enforce mode, exec --process FILE
 * handed over as a private copy, and the refusals. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enforce/gate.h"
#include "enforce/gateargs.h"
#include "kernel/caps.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "lib/jsondoc.h"
#include "lib/strv.h"
#include "oci/oci.h"
#include "tests/tap.h"

/* The gate's messages, kept for the assertions. */
static struct strv said = STRV_INIT;

static void collect(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	(void)prio;
	strv_push(&said, msg);
}

static const struct gate_log log_ = {.say = collect};

static bool said_like(const char *part)
{
	for (size_t i = 0; i < said.n; i++)
		if (strstr(said.v[i], part))
			return true;
	return false;
}

/* argv from a space-separated line (no quoting needed here); argv[0] is ctguard-runtime. */
struct cmd {
	char *buf;
	char *argv[64];
	int argc;
	struct gateargs a;
	char **nv;
};

static int cmd_parse(struct cmd *c, const char *line)
{
	memset(c, 0, sizeof(*c));
	c->buf = strdup(line);
	c->argv[c->argc++] = (char *)"ctguard-runtime";
	for (char *save = NULL, *t = strtok_r(c->buf, " ", &save); t && c->argc < 63;
	     t = strtok_r(NULL, " ", &save))
		c->argv[c->argc++] = t;
	struct error err = {0};
	int r = gateargs_parse(c->argc, c->argv, &c->a, &err);
	if (r == 0)
		c->nv = gateargs_runc_argv(&c->a);
	return r;
}

static bool in_argv(const struct cmd *c, const char *p)
{
	for (int i = 0; i < c->argc; i++)
		if (c->argv[i] == p)
			return true;
	return false;
}

/* runc's argv as one line (dropped tokens gone); frees what the gate allocated. */
static char *cmd_done(struct cmd *c)
{
	_cleanup_buf_ struct buf line = BUF_INIT;
	if (c->nv) {
		int n = gateargs_compact(c->nv, c->argc);
		for (int i = 1; i < n; i++) {
			buf_printf(&line, "%s%s", i > 1 ? " " : "", c->nv[i]);
			if (!in_argv(c, c->nv[i]) && strcmp(c->nv[i], "--bundle") != 0 &&
			    strcmp(c->nv[i], "--process") != 0)
				free(c->nv[i]);
		}
		free(c->nv);
	}
	gateargs_free(&c->a);
	free(c->buf);
	return line.data ? buf_steal(&line) : strdup("");
}

static void test_parse(void)
{
	struct cmd c;
	is_int(cmd_parse(&c,
			 "--ctguard-config /x.yaml --root /r --log /l exec -u 1000 --cap CAP_KILL "
			 "ct1 sh"),
	       0, "parse: an exec command line reads");
	is_str(c.a.command, "exec", "parse: the command");
	is_str(c.a.id, "ct1", "parse: the container id");
	is_str(c.a.root, "/r", "parse: --root");
	is_str(c.a.config, "/x.yaml", "parse: --ctguard-config");
	ok(c.a.process == NULL, "parse: no --process");
	ok(!gateargs_help(&c.a), "parse: not help");
	_cleanup_free_ char *line = cmd_done(&c);
	is_str(line, "--root /r --log /l exec -u 1000 --cap CAP_KILL ct1 sh",
	       "runc's argv: --ctguard-config and its value dropped, the rest as given");

	is_int(cmd_parse(&c, "create --bundle= ct2"), 0, "parse: create with --bundle=");
	is_str(c.a.bundle, ".", "parse: --bundle= is the working directory");
	_cleanup_free_ char *l2 = cmd_done(&c);

	is_int(cmd_parse(&c, "--version"), 0, "parse: --version");
	ok(gateargs_help(&c.a), "parse: --version runs nothing");
	_cleanup_free_ char *l3 = cmd_done(&c);

	struct error err = {0};
	char *bad[] = {(char *)"ctguard-runtime", (char *)"create", (char *)"--no-such", NULL};
	struct gateargs a;
	ok(gateargs_parse(3, bad, &a, &err) == -EINVAL && err.msg[0],
	   "parse: an option runc does not know is refused with a message");
	gateargs_free(&a);
}

static void test_exec_process(void)
{
	struct cmd c;
	struct error err = {0};
	cmd_parse(&c, "exec --user 0:0 --cap CAP_SYS_ADMIN --cap=CAP_KILL -g 10 -g 20 "
		      "--apparmor unconfined --process-label lbl ct1 sh");
	json_object *wrap = json_object_new_object();
	is_int(gateargs_exec_process(&c.a, wrap, &err), 0, "exec process: built");
	uint32_t v = 99;
	ok(oci_get_u32(wrap, "process.user.uid", &v) && v == 0, "exec process: --user 0 is uid 0");
	ok(oci_get_u32(wrap, "process.user.gid", &v) && v == 0, "exec process: :0 is gid 0");
	is_str(json_object_to_json_string_ext(oci_get(wrap, "process.user.additionalGids"),
					      JSON_C_TO_STRING_PLAIN),
	       "[10,20]", "exec process: -g 10 -g 20 are the additional gids");
	is_str(json_object_to_json_string_ext(oci_get(wrap, "process.capabilities.bounding"),
					      JSON_C_TO_STRING_PLAIN),
	       "[\"CAP_SYS_ADMIN\",\"CAP_KILL\"]", "exec process: each --cap in the bounding set");
	is_str(oci_get_str(wrap, "process.apparmorProfile"), "unconfined",
	       "exec process: --apparmor");
	is_str(oci_get_str(wrap, "process.selinuxLabel"), "lbl", "exec process: --process-label");
	json_object *nnp = oci_get(wrap, "process.noNewPrivileges");
	ok(nnp && json_object_get_boolean(nnp),
	   "exec process: without --no-new-privs the config's (true) stands in");
	json_object_put(wrap);
	free(cmd_done(&c));

	cmd_parse(&c, "exec --user 1000 --no-new-privs=false ct1 sh");
	wrap = json_object_new_object();
	is_int(gateargs_exec_process(&c.a, wrap, &err), 0, "exec process: --user UID only");
	ok(oci_get_u32(wrap, "process.user.uid", &v) && v == 1000, "exec process: uid 1000");
	ok(oci_get_u32(wrap, "process.user.gid", &v) && v == GATEARGS_STANDIN_ID,
	   "exec process: without :GID the config's gid, stood in for by 65534");
	nnp = oci_get(wrap, "process.noNewPrivileges");
	ok(nnp && !json_object_get_boolean(nnp), "exec process: --no-new-privs=false clears it");
	ok(oci_get(wrap, "process.apparmorProfile") == NULL,
	   "exec process: no --apparmor, no profile");
	json_object_put(wrap);
	free(cmd_done(&c));

	cmd_parse(&c, "exec ct1 sh");
	wrap = json_object_new_object();
	gateargs_exec_process(&c.a, wrap, &err);
	ok(oci_get_u32(wrap, "process.user.uid", &v) && v == GATEARGS_STANDIN_ID,
	   "exec process: without --user the uid is stood in for by 65534");
	json_object_put(wrap);
	free(cmd_done(&c));

	cmd_parse(&c, "exec --user 4294967296:6 ct1 sh");
	wrap = json_object_new_object();
	gateargs_exec_process(&c.a, wrap, &err);
	ok(oci_get_u32(wrap, "process.user.uid", &v) && v == 0,
	   "exec process: --user 4294967296 is uid 0 (runc's uint32 cast)");
	json_object_put(wrap);
	free(cmd_done(&c));

	/* Refusals: what runc would not read as ids is never judged on a guess. */
	const char *bad[] = {"exec --user abc ct1 sh", "exec --user 1000:x ct1 sh",
			     "exec -u 1000 -g=-1 ct1 sh"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		is_int(cmd_parse(&c, bad[i]), 0, "exec process: parses");
		wrap = json_object_new_object();
		err = (struct error){0};
		ok(gateargs_exec_process(&c.a, wrap, &err) == -EINVAL && strstr(err.msg, "is not"),
		   "exec process: '%s' refused (%s)", bad[i], err.msg);
		json_object_put(wrap);
		free(cmd_done(&c));
	}
}

/* The rewrite alone: the process as a gate would leave it. */
static void test_exec_rewrite(void)
{
	struct cmd c;
	struct error err = {0};
	cmd_parse(&c, "exec -u=0:0 -g 10 -g 20 --cap CAP_SYS_ADMIN --cap CAP_KILL --apparmor "
		      "unconfined --process-label lbl --no-new-privs=false -t ct1 id");
	json_object *wrap = json_object_new_object();
	gateargs_exec_process(&c.a, wrap, &err);
	/* the gate: user 1000:1001, only gid 20 kept, CAP_KILL kept, AppArmor replaced, the
	 * label dropped, no_new_privs set */
	json_object *user = oci_get(wrap, "process.user");
	json_object_object_add(user, "uid", json_object_new_int64(1000));
	json_object_object_add(user, "gid", json_object_new_int64(1001));
	json_object *gids = json_object_new_array();
	json_object_array_add(gids, json_object_new_int64(20));
	json_object_object_add(user, "additionalGids", gids);
	json_object *proc = oci_get(wrap, "process");
	json_object_object_add(proc, "apparmorProfile", json_object_new_string("ctguard-default"));
	json_object_object_del(proc, "selinuxLabel");
	json_object_object_add(proc, "noNewPrivileges", json_object_new_boolean(true));
	uint64_t kept = UINT64_C(1) << caps_from_name("CAP_KILL");
	is_int(gateargs_exec_rewrite(&c.a, wrap, kept, c.nv), 0, "rewrite: done");
	_cleanup_free_ char *line = cmd_done(&c);
	is_str(line, "exec -u=1000:1001 -g 20 --cap CAP_KILL --apparmor ctguard-default -t ct1 id",
	       "rewrite: -u=V keeps its spelling, -g 10, --cap CAP_SYS_ADMIN, --process-label "
	       "and --no-new-privs=false dropped with their values, --apparmor replaced");
	json_object_put(wrap);

	/* Nothing changed: nothing rewritten ("1000" stood in for the config's gid). */
	cmd_parse(&c, "exec --user 1000 --cap CAP_KILL ct1 id");
	wrap = json_object_new_object();
	gateargs_exec_process(&c.a, wrap, &err);
	is_int(gateargs_exec_rewrite(&c.a, wrap, kept, c.nv), 0, "rewrite: unchanged process");
	_cleanup_free_ char *l2 = cmd_done(&c);
	is_str(l2, "exec --user 1000 --cap CAP_KILL ct1 id",
	       "rewrite: a process the gate left alone keeps its command line");
	json_object_put(wrap);
}

static int setup(struct gate_setup *s, enum rt_mode mode)
{
	memset(s, 0, sizeof(*s));
	struct diag d = {0};
	int r = rt_config_defaults(&s->conf);
	if (r == 0)
		r = policy_load("restricted", &s->policy, &d);
	diag_free(&d);
	s->conf.mode = mode;
	return r;
}

/* gate_exec_args: the three steps together, against the built-in restricted policy. */
static void test_gate_exec_args(void)
{
	struct gate_setup s;
	struct cmd c;
	if (!ok(setup(&s, RT_MODE_ENFORCE) == 0, "the restricted policy loads"))
		return;
	cmd_parse(&c, "exec -u 0:0 --cap CAP_SYS_ADMIN --cap=CAP_KILL -t ct1 sh");
	is_int(gate_exec_args(&c.a, &s, &log_, -1, c.nv), GATE_GO,
	       "enforce: exec as root with capabilities goes on, rewritten");
	_cleanup_free_ char *line = cmd_done(&c);
	is_str(line, "exec -u 65534:65534 -t ct1 sh",
	       "enforce: -u 0:0 becomes the policy's user, both --cap dropped");
	ok(said.n > 0, "enforce: the changes are said");

	s.conf.mode = RT_MODE_REJECT;
	strv_free(&said);
	cmd_parse(&c, "exec --user=0 ct1 id");
	is_int(gate_exec_args(&c.a, &s, &log_, -1, c.nv), GATE_REFUSED,
	       "reject: exec --user=0 is refused");
	ok(said_like("refused by policy 'builtin:restricted' (reject mode): 1 violation"),
	   "reject: the refusal names the policy and the mode");
	_cleanup_free_ char *l2 = cmd_done(&c);
	is_str(l2, "exec --user=0 ct1 id", "reject: the command line is not touched");

	cmd_parse(&c, "exec --user 1000:1000 ct1 id");
	is_int(gate_exec_args(&c.a, &s, &log_, -1, c.nv), GATE_GO,
	       "reject: a non-root exec without --cap goes on");
	free(cmd_done(&c));

	s.conf.mode = RT_MODE_AUDIT;
	strv_free(&said);
	cmd_parse(&c, "exec --user 0 --cap CAP_SYS_ADMIN ct1 id");
	is_int(gate_exec_args(&c.a, &s, &log_, -1, c.nv), GATE_GO, "audit: exec as root goes on");
	ok(said_like("audit mode, allowed"), "audit: the violation is said as allowed");
	_cleanup_free_ char *l3 = cmd_done(&c);
	is_str(l3, "exec --user 0 --cap CAP_SYS_ADMIN ct1 id", "audit: nothing rewritten");

	strv_free(&said);
	cmd_parse(&c, "exec --user abc ct1 id");
	is_int(gate_exec_args(&c.a, &s, &log_, -1, c.nv), GATE_BAD,
	       "a --user runc cannot read is a bad command line");
	ok(said_like("refused: exec --user 'abc' is not UID[:GID]"), "... and says so");
	free(cmd_done(&c));
	gate_setup_free(&s);
}

static char *slurp(const char *path)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	char buf[8192];
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

/* exec --process FILE: judged, rewritten in enforce mode, handed to runc as a private copy. */
static void test_gate_exec_file(void)
{
	if (geteuid() != 0 && !getenv("XDG_RUNTIME_DIR")) {
		tap_skip("exec --process needs root or XDG_RUNTIME_DIR for the private copy");
		return;
	}
	char dir[] = "/tmp/ctguard-test-gate.XXXXXX";
	if (!mkdtemp(dir)) {
		tap_skip("cannot make a temporary directory");
		return;
	}
	char file[128], line[256];
	snprintf(file, sizeof(file), "%s/proc.json", dir);
	const char *proc = "{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sh\"],\"cwd\":\"/\","
			   "\"capabilities\":{\"bounding\":[\"CAP_SYS_ADMIN\"]},"
			   "\"noNewPrivileges\":false}";
	FILE *f = fopen(file, "we");
	fputs(proc, f);
	fclose(f);
	struct gate_setup s;
	struct cmd c;
	setup(&s, RT_MODE_REJECT);
	snprintf(line, sizeof(line), "exec --process %s -d ctg-unit-%d", file, (int)getpid());
	cmd_parse(&c, line);
	strv_free(&said);
	is_int(gate_exec(&c.a, &s, &log_, c.nv), GATE_REFUSED,
	       "reject: exec --process as root with CAP_SYS_ADMIN is refused");
	ok(said_like("CAP_SYS_ADMIN"), "reject: the capability is named");
	_cleanup_free_ char *same = slurp(file);
	is_str(same, proc, "reject: the process file is untouched");
	free(cmd_done(&c));

	s.conf.mode = RT_MODE_ENFORCE;
	snprintf(line, sizeof(line), "exec --process=%s -d ctg-unit-%d", file, (int)getpid());
	cmd_parse(&c, line);
	is_int(gate_exec(&c.a, &s, &log_, c.nv), GATE_GO,
	       "enforce: exec --process= is rewritten and goes on");
	const char *copy = c.nv[2] ? strchr(c.nv[2], '=') : NULL;
	ok(copy && strstr(copy, "/bundles/ctg-unit-") && strstr(copy, "/process.json"),
	   "enforce: runc is given a private copy, named for the container (%s)",
	   c.nv[2] ? c.nv[2] : "none");
	_cleanup_free_ char *rewritten = slurp(file);
	_cleanup_free_ char *private = copy ? slurp(copy + 1) : NULL;
	is_str(private, rewritten, "enforce: the private copy is the rewritten process");
	json_object *o = rewritten ? json_tokener_parse(rewritten) : NULL;
	uint32_t uid = 0;
	ok(oci_get_u32(o, "user.uid", &uid) && uid == 65534,
	   "enforce: the process file now runs as the policy's user");
	json_object_put(o);
	if (copy) {
		unlink(copy + 1);
		_cleanup_free_ char *d = strdup(copy + 1);
		*strrchr(d, '/') = '\0';
		rmdir(d);
	}
	free(cmd_done(&c));
	gate_setup_free(&s);
	unlink(file);
	rmdir(dir);
}

int main(void)
{
	test_parse();
	test_exec_process();
	test_exec_rewrite();
	test_gate_exec_args();
	test_gate_exec_file();
	strv_free(&said);
	return tap_done();
}
