/* Rules generated from enforcement policies: which rules each policy makes, their metadata, and
 * how each judges facts (pass, fail with evidence, not evaluated on unknown facts). */
#include "config.h"

#include <errno.h>

#include "lib/buf.h"
#include "policy/eval.h"
#include "policy/policyrules.h"
#include "tests/tap.h"

static int load(const char *text, struct launch_policy *p)
{
	struct diag d = {0};
	int r = policy_load_text("t.yaml", text, strlen(text), p, &d);
	if (r < 0)
		printf("# %s\n", d.msgs.n ? d.msgs.v[0] : "?");
	diag_free(&d);
	return r;
}

static void ids(const struct ruleset *rs, struct buf *b)
{
	buf_clear(b);
	for (size_t i = 0; i < rs->n; i++)
		buf_printf(b, "%s%s", i ? " " : "", rs->r[i].id);
}

/* Judges rule id of rs on container c and host h; returns the status, evidence in e. */
static enum finding_status judge(const struct ruleset *rs, const char *id, const struct facts *c,
				 const struct facts *h, struct buf *e)
{
	const struct rule *r = ruleset_find(rs, id);
	if (!r)
		return FINDING_WAIVED; /* never produced here: "missing" */
	struct fact_view v = {c, h};
	buf_clear(e);
	enum tri t = eval_cond(&r->when, &v, e);
	return t == TRI_TRUE ? FINDING_FAIL : t == TRI_FALSE ? FINDING_PASS : FINDING_NOT_EVALUATED;
}

static void compliant(struct facts *f)
{
	facts_set_int(f, F_USER_UID, 1000);
	facts_set_int(f, F_USER_EUID, 1000);
	facts_list(f, F_CAPS_EFFECTIVE);
	facts_list(f, F_CAPS_PERMITTED);
	facts_list(f, F_CAPS_INHERITABLE);
	facts_list(f, F_CAPS_BOUNDING);
	facts_list(f, F_CAPS_AMBIENT);
	facts_set_bool(f, F_NO_NEW_PRIVS, true);
	facts_set_str(f, F_SECCOMP_MODE, "filter");
	strv_push(facts_list(f, F_NS_SHARED), "time");
	facts_list(f, F_MOUNTS_RUNTIME_SOCKET);
	facts_list(f, F_MOUNTS_SENSITIVE);
	facts_set_bool(f, F_MOUNTS_ROOTFS_READONLY, true);
	facts_set_str(f, F_LSM_APPARMOR, "ctguard-default");
}

int main(void)
{
	struct launch_policy p;
	struct ruleset rs = {0};
	struct diag d = {0};
	struct buf b = BUF_INIT, e = BUF_INIT;
	struct facts c = {0}, h = {0};

	/* The built-in restricted policy. */
	ok(policy_load_builtin("restricted", &p, &d) == 0, "restricted loads");
	is_int(policyrules_add(&rs, &p, &d), 0, "restricted: rules made");
	ids(&rs, &b);
	is_str(b.data,
	       "policy.user policy.caps policy.no_new_privs policy.seccomp "
	       "policy.host_namespaces policy.mounts.sockets policy.mounts.sensitive "
	       "policy.groups policy.hooks policy.devices policy.apparmor_unconfined "
	       "policy.selinux",
	       "restricted: the rules it asks for, in order");
	const struct rule *r = ruleset_find(&rs, "policy.caps");
	ok(r && r->severity == SEV_HIGH, "severity high");
	is_str(r ? r->pack : NULL, "policy", "pack policy");
	is_str(r ? r->file : NULL, "builtin:restricted", "file is the policy");
	ok(r && r->nrefs == 1 && strcmp(r->refs[0].key, "policy") == 0 &&
	       strcmp(r->refs[0].value, "builtin:restricted") == 0,
	   "refs: {policy: builtin:restricted}");
	is_str(r ? r->title : NULL, "Capabilities within the policy's kept set (none)",
	       "caps title names the kept set");
	/* Loading them twice is a duplicate. */
	is_int(policyrules_add(&rs, &p, &d), -EINVAL, "the same policy twice: refused");
	ok(d.msgs.n == 1 && strstr(d.msgs.v[0], "rule id 'policy.user' of the policy is already "
						"defined at builtin:restricted"),
	   "the duplicate is reported");
	is_int(rs.n, 12, "nothing of the second load kept");
	/* Groups: gid 0 or a forbidden one, primary or supplementary. */
	struct facts g = {0};
	compliant(&g);
	facts_set_int(&g, F_USER_GID, 1000);
	strv_push(facts_list(&g, F_USER_GROUPS), "100");
	is_int(judge(&rs, "policy.groups", &g, &c, &e), FINDING_PASS, "groups 1000, 100: pass");
	strv_push(facts_list(&g, F_USER_GROUPS), "6");
	is_int(judge(&rs, "policy.groups", &g, &c, &e), FINDING_FAIL, "supplementary 6: fail");
	is_str(e.data, "user.groups contains [6]", "groups evidence");
	facts_free(&g);
	compliant(&g);
	facts_set_int(&g, F_USER_GID, 0);
	facts_list(&g, F_USER_GROUPS);
	is_int(judge(&rs, "policy.groups", &g, &c, &e), FINDING_FAIL, "primary gid 0: fail");
	/* Hooks and devices: unknown live (not evaluated, never pass), judged from a config. */
	is_int(judge(&rs, "policy.hooks", &g, &c, &e), FINDING_NOT_EVALUATED,
	       "hooks unknown: not evaluated");
	is_int(judge(&rs, "policy.devices", &g, &c, &e), FINDING_NOT_EVALUATED,
	       "devices unknown: not evaluated");
	facts_list(&g, F_OCI_HOOKS);
	is_int(judge(&rs, "policy.hooks", &g, &c, &e), FINDING_PASS, "no hook: pass");
	strv_push(facts_list(&g, F_OCI_HOOKS), "/bin/sh");
	is_int(judge(&rs, "policy.hooks", &g, &c, &e), FINDING_FAIL, "a hook: fail");
	strv_push(facts_list(&g, F_DEVICES_ADDED), "a *:*");
	is_int(judge(&rs, "policy.devices", &g, &c, &e), FINDING_FAIL, "every device: fail");
	/* Labels: SELinux of the container types, AppArmor not unconfined. */
	facts_set_str(&g, F_LSM_SELINUX, "system_u:system_r:container_t:s0:c1,c2");
	is_int(judge(&rs, "policy.selinux", &g, &c, &e), FINDING_PASS, "container_t: pass");
	facts_set_str(&g, F_LSM_SELINUX, "system_u:system_r:spc_t:s0");
	is_int(judge(&rs, "policy.selinux", &g, &c, &e), FINDING_FAIL, "spc_t: fail");
	facts_set_str(&g, F_LSM_SELINUX, "unconfined_u:system_r:container_t:s0");
	is_int(judge(&rs, "policy.selinux", &g, &c, &e), FINDING_FAIL, "a user set: fail");
	facts_set_str(&g, F_LSM_SELINUX, "");
	is_int(judge(&rs, "policy.selinux", &g, &c, &e), FINDING_PASS, "no SELinux: pass");
	facts_set_str(&g, F_LSM_APPARMOR, "unconfined");
	is_int(judge(&rs, "policy.apparmor_unconfined", &g, &c, &e), FINDING_FAIL,
	       "AppArmor unconfined: fail");
	facts_free(&g);
	diag_free(&d);
	d = (struct diag){0};

	compliant(&c);
	const char *all[] = {"policy.user",
			     "policy.caps",
			     "policy.no_new_privs",
			     "policy.seccomp",
			     "policy.host_namespaces",
			     "policy.mounts.sockets",
			     "policy.mounts.sensitive"};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		is_int(judge(&rs, all[i], &c, &h, &e), FINDING_PASS, all[i]);

	facts_set_int(&c, F_USER_EUID, 0);
	is_int(judge(&rs, "policy.user", &c, &h, &e), FINDING_FAIL, "euid 0 fails policy.user");
	is_str(e.data, "user.euid = 0", "policy.user evidence");
	strv_push(facts_list(&c, F_CAPS_AMBIENT), "CAP_NET_RAW");
	is_int(judge(&rs, "policy.caps", &c, &h, &e), FINDING_FAIL,
	       "a capability in the ambient set alone fails policy.caps");
	is_str(e.data, "caps.ambient has [CAP_NET_RAW] beyond the allowed set",
	       "policy.caps evidence");
	strv_push(facts_list(&c, F_NS_SHARED), "ipc");
	is_int(judge(&rs, "policy.host_namespaces", &c, &h, &e), FINDING_FAIL,
	       "host ipc fails policy.host_namespaces");
	is_str(e.data, "ns.shared has [ipc] beyond the allowed set", "only ipc is beyond");
	facts_free(&c);
	c = (struct facts){0};
	facts_set_bool(&c, F_NO_NEW_PRIVS, true);
	is_int(judge(&rs, "policy.seccomp", &c, &h, &e), FINDING_NOT_EVALUATED,
	       "unknown seccomp.mode: not evaluated");
	is_str(e.data, "seccomp.mode unknown", "not evaluated: evidence");
	is_int(judge(&rs, "policy.caps", &c, &h, &e), FINDING_NOT_EVALUATED,
	       "unknown capability sets: not evaluated");
	ruleset_free(&rs);
	policy_free(&p);
	facts_free(&c);

	/* baseline keeps the runtime default capabilities. */
	ok(policy_load_builtin("baseline", &p, &d) == 0, "baseline loads");
	policyrules_add(&rs, &p, &d);
	compliant(&c);
	strv_push(facts_list(&c, F_CAPS_BOUNDING), "CAP_CHOWN");
	strv_push(facts_list(&c, F_CAPS_BOUNDING), "CAP_NET_BIND_SERVICE");
	is_int(judge(&rs, "policy.caps", &c, &h, &e), FINDING_PASS,
	       "baseline: kept capabilities pass");
	strv_push(facts_list(&c, F_CAPS_BOUNDING), "CAP_SYS_ADMIN");
	is_int(judge(&rs, "policy.caps", &c, &h, &e), FINDING_FAIL,
	       "baseline: CAP_SYS_ADMIN fails");
	ruleset_free(&rs);
	policy_free(&p);
	facts_free(&c);

	/* A policy allowing root, without seccomp, with a read-only root and AppArmor. */
	ok(load("version: 1\nuser: 0\nallow_root: true\nno_new_privileges: false\nseccomp: none\n"
		"apparmor: {profile: ctguard-default}\ncontainer:\n  readonly_rootfs: true\n"
		"  forbidden_mounts: []\n",
		&p) == 0,
	   "custom policy loads");
	policyrules_add(&rs, &p, &d);
	ids(&rs, &b);
	is_str(b.data,
	       "policy.caps policy.host_namespaces policy.rootfs_readonly policy.apparmor "
	       "policy.groups policy.hooks policy.devices policy.selinux",
	       "custom: no user, nnp, seccomp or mount rule; rootfs and apparmor ones (the "
	       "profile's rule, not apparmor_unconfined)");
	compliant(&c);
	facts_set_bool(&c, F_MOUNTS_ROOTFS_READONLY, false);
	is_int(judge(&rs, "policy.rootfs_readonly", &c, &h, &e), FINDING_FAIL,
	       "a writable root fails");
	facts_set_str(&c, F_LSM_APPARMOR, "");
	facts_set_bool(&h, F_HOST_APPARMOR, false);
	is_int(judge(&rs, "policy.apparmor", &c, &h, &e), FINDING_PASS,
	       "apparmor not required, host without AppArmor: pass (as the gate lets it run)");
	facts_set_bool(&h, F_HOST_APPARMOR, true);
	facts_set_str(&c, F_LSM_APPARMOR, "unconfined");
	is_int(judge(&rs, "policy.apparmor", &c, &h, &e), FINDING_FAIL,
	       "host with AppArmor, container unconfined: fail");
	is_str(e.data, "host.apparmor = true; lsm.apparmor = \"unconfined\"", "apparmor evidence");
	ruleset_free(&rs);
	policy_free(&p);

	ok(load("version: 1\napparmor: {profile: ctguard-default, required: true}\n", &p) == 0,
	   "required apparmor policy loads");
	policyrules_add(&rs, &p, &d);
	facts_set_bool(&h, F_HOST_APPARMOR, false);
	facts_set_str(&c, F_LSM_APPARMOR, "");
	is_int(judge(&rs, "policy.apparmor", &c, &h, &e), FINDING_FAIL,
	       "apparmor required, host without AppArmor: fail");
	ruleset_free(&rs);
	policy_free(&p);

	facts_free(&c);
	facts_free(&h);
	diag_free(&d);
	buf_free(&b);
	buf_free(&e);
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
