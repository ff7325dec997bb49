/* Fuzz target: OCI runtime configs (config.json). A JSON text is parsed and shape-checked
 * (oci_config_check); a config that passes is turned into facts (ctguard oci check) and run
 * through the gate of a policy in enforce, reject and audit modes, and the process-only gate of
 * `runc exec --process`. Invariants: see gate_one and check_written. */
#include "config.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <sys/stat.h>

#include "audit/host.h"
#include "oci/oci.h"
#include "lib/cleanup.h"
#include "audit/ocifacts.h"
#include "enforce/ocigate.h"
#include "facts/factjson.h"
#include "policy/policy.h"
#include "seccomp/profile.h"
#include "tests/fuzz/fuzz.h"

/* Every container key set away from the built-in policies' choices: isolate and remove instead
 * of refuse, a read-only root, a named user resolved in the container, log mode, rlimits. */
static const char custom_policy[] = "version: 1\n"
				    "user: app\n"
				    "group: app\n"
				    "groups: [1001]\n"
				    "capabilities: [NET_BIND_SERVICE, CHOWN]\n"
				    "seccomp: default\n"
				    "seccomp_mode: log\n"
				    "apparmor: {profile: ctguard-default, required: false}\n"
				    "rlimits: {nofile: 1024, nproc: 512, core: 0}\n"
				    "container:\n"
				    "  readonly_rootfs: true\n"
				    "  host_namespaces: []\n"
				    "  on_host_namespace: isolate\n"
				    "  forbidden_mounts: [runtime_sockets, sensitive_paths]\n"
				    "  on_forbidden_mount: remove\n"
				    "  masked_paths: [/proc/kcore, /sys/firmware]\n"
				    "  readonly_paths: [/proc/sys]\n";

#define NPOLICIES 3
static struct launch_policy policies[NPOLICIES];
static struct profile *profiles[NPOLICIES];
static struct host_ctx host;
static struct facts host_fx;
static bool have_host;
static int rootfd = -1;

static void die_init(const char *what, const struct diag *d)
{
	fprintf(stderr, "fuzz-oci: %s\n", what);
	for (size_t i = 0; d && i < d->msgs.n; i++)
		fprintf(stderr, "  %s\n", d->msgs.v[i]);
	abort();
}

/* A container root with the users the custom policy names. */
static int make_rootfs(void)
{
	int fd = fuzz_scratch_dir("oci");
	if (mkdirat(fd, "etc", 0755) < 0 && errno != EEXIST)
		return -1;
	static const char *const files[][2] = {
	    {"etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n"},
	    {"etc/group", "root:x:0:\napp:x:1000:\nextra:x:1001:app\n"},
	};
	for (size_t i = 0; i < 2; i++) {
		int f = openat(fd, files[i][0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (f < 0 || write(f, files[i][1], strlen(files[i][1])) < 0)
			return -1;
		close(f);
	}
	return fd;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag d = {0};
	if (policy_load_builtin("restricted", &policies[0], &d) < 0 ||
	    policy_load_builtin("baseline", &policies[1], &d) < 0 ||
	    policy_load_text("custom.yaml", custom_policy, sizeof(custom_policy) - 1, &policies[2],
			     &d) < 0)
		die_init("loading the policies", &d);
	for (int i = 0; i < NPOLICIES; i++)
		if (strcmp(policies[i].seccomp, "none") != 0 &&
		    profile_load(policies[i].seccomp, &profiles[i], &d) < 0)
			die_init("loading a seccomp profile", &d);
	struct host_options opt = {0};
	struct error err = {0};
	have_host = host_open(&host, &opt, &err) == 0 && host_facts(&host, &host_fx, &err) == 0;
	if (!have_host)
		fprintf(stderr, "fuzz-oci: no host context (%s): facts not collected\n", err.msg);
	rootfd = make_rootfs();
	return 0;
}

static json_object *reparse(json_object *cfg)
{
	const char *text = json_object_to_json_string_ext(cfg, JSON_C_TO_STRING_PLAIN |
								   JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object *o = NULL;
	struct error err = {0};
	FUZZ_ASSERT(text && json_text_parse("written", text, strlen(text), &o, &err) == 0,
		    "the written config is not JSON: %s", err.msg);
	return o;
}

/* What enforce wrote, serialised and parsed back as runc reads it: still an OCI config, no
 * violation in reject mode, and nothing left to change. */
static void check_written(const struct oci_gate *g, json_object *cfg)
{
	json_object *w = reparse(cfg);
	struct error err = {0};
	FUZZ_ASSERT(oci_config_check(w, "written", &err) == 0,
		    "enforce wrote a config that is not OCI: %s", err.msg);
	struct oci_gate rg = *g;
	rg.mode = RT_MODE_REJECT;
	struct oci_decisions d = {0};
	FUZZ_ASSERT(oci_gate_apply(&rg, w, &d, &err) == 0, "reject failed: %s", err.msg);
	FUZZ_ASSERT(d.violations.n == 0, "reject refuses what enforce wrote (policy %s): %s",
		    g->policy->file, d.violations.v[0]);
	oci_decisions_free(&d);
	d = (struct oci_decisions){0};
	FUZZ_ASSERT(oci_gate_apply(g, w, &d, &err) == 0, "enforce again failed: %s", err.msg);
	FUZZ_ASSERT(d.changed.n == 0 && d.violations.n == 0,
		    "enforcing what enforce wrote (policy %s) changes it again: %s",
		    g->policy->file, d.changed.n ? d.changed.v[0] : d.violations.v[0]);
	oci_decisions_free(&d);
	json_object_put(w);
}

/* The config text through the gate g in each mode. Reject and audit never change it; enforce
 * refuses nothing that reject accepts (what it cannot rewrite is a violation in both). */
static void gate_one(const struct oci_gate *proto, const char *text, size_t len)
{
	size_t violations[RT_MODE_AUDIT + 1] = {0};
	for (int mode = RT_MODE_ENFORCE; mode <= RT_MODE_AUDIT; mode++) {
		struct oci_gate g = *proto;
		g.mode = mode;
		json_object *cfg = NULL;
		struct error err = {0};
		if (json_text_parse("config.json", text, len, &cfg, &err) < 0)
			return;
		_cleanup_free_ char *before =
		    strdup(json_object_to_json_string_ext(cfg, JSON_C_TO_STRING_PLAIN));
		struct oci_decisions d = {0};
		int r = oci_gate_apply(&g, cfg, &d, &err);
		if (r == 0 && mode != RT_MODE_ENFORCE)
			FUZZ_ASSERT(strcmp(before, json_object_to_json_string_ext(
						       cfg, JSON_C_TO_STRING_PLAIN)) == 0,
				    "mode %s changed the config", rt_mode_name(mode));
		if (r == 0 && mode == RT_MODE_ENFORCE && d.violations.n == 0)
			check_written(&g, cfg);
		violations[mode] = r == 0 ? d.violations.n : SIZE_MAX;
		oci_decisions_free(&d);
		json_object_put(cfg);
	}
	FUZZ_ASSERT(!(violations[RT_MODE_REJECT] == 0 && violations[RT_MODE_ENFORCE] > 0),
		    "enforce refuses (%zu violations) what reject accepts (policy %s)",
		    violations[RT_MODE_ENFORCE], proto->policy->file);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	json_object *root = NULL;
	struct error err = {0};
	if (json_text_parse("config.json", text, size, &root, &err) < 0)
		return 0;
	if (oci_config_check(root, "config.json", &err) < 0) {
		json_object_put(root);
		return 0;
	}
	if (have_host) {
		struct oci_config c = {
		    .bundle = (char *)"/nonexistent", .path = (char *)"config.json", .root = root};
		struct facts f = {0};
		ocifacts_collect(&c, &host, &host_fx, &f, &err);
		facts_free(&f);
	}
	json_object *proc = NULL;
	bool has_proc = json_object_object_get_ex(root, "process", &proc) &&
			json_object_is_type(proc, json_type_object);
	_cleanup_free_ char *proc_text = NULL;
	if (has_proc) {
		json_object *wrap = json_object_new_object();
		json_object_object_add(wrap, "ociVersion", json_object_new_string(""));
		json_object_object_add(wrap, "process", json_object_get(proc));
		proc_text = strdup(json_object_to_json_string_ext(wrap, JSON_C_TO_STRING_PLAIN));
		if (oci_config_check(wrap, "process.json", &err) < 0) {
			free(proc_text);
			proc_text = NULL;
		}
		json_object_put(wrap);
	}
	json_object_put(root);
	/* The whole config through one policy, chosen by the input's length: judging a config's
	 * own seccomp filter dominates the cost, and mutations change the length often enough
	 * that every input shape meets every policy. The process-only gate is cheap: all three. */
	for (int i = 0; i < NPOLICIES; i++) {
		struct oci_gate g = {
		    .policy = &policies[i], .profile = profiles[i], .rootfd = rootfd};
		if ((size_t)i == size % NPOLICIES)
			gate_one(&g, text, size);
		if (proc_text) {
			g.process_only = true;
			g.profile = NULL;
			gate_one(&g, proc_text, strlen(proc_text));
		}
	}
	return 0;
}
