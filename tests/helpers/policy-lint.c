/* Test helper: loads each policy (built-in name or path) as `ctguard run --check` will, prints
 * every diagnostic to stderr, and with --dump prints the loaded policy. Exit 0, or 2 when any
 * policy has an error. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kernel/caps.h"
#include "kernel/ns.h"
#include "policy/policy.h"

static void print_list(const char *key, const struct strv *l)
{
	printf("%s:", key);
	for (size_t i = 0; i < l->n; i++)
		printf(" %s", l->v[i]);
	printf("\n");
}

static void dump(const struct launch_policy *p)
{
	printf("file: %s\nuser: %s\ngroup: %s\n", p->file, p->user,
	       p->group ? p->group : "(primary)");
	print_list("groups", &p->groups);
	printf("allow_root: %s\ncapabilities:", p->allow_root ? "true" : "false");
	for (int b = 0; b < 64; b++)
		if (p->caps_keep & (UINT64_C(1) << b))
			printf(" %s", caps_name(b) ? caps_name(b) : "?");
	printf("\nno_new_privileges: %s\nseccomp: %s\nseccomp_mode: %s\n",
	       p->no_new_privs ? "true" : "false", p->seccomp,
	       p->seccomp_mode == SECCOMP_MODE_LOG ? "log" : "enforce");
	printf("apparmor: %s required=%s\n", p->apparmor_profile ? p->apparmor_profile : "(none)",
	       p->apparmor_required ? "true" : "false");
	printf("landlock: %s\n", p->landlock ? "true" : "false");
	print_list("landlock.read", &p->landlock_read);
	print_list("landlock.write", &p->landlock_write);
	printf("rlimits:");
	for (size_t i = 0; i < p->nrlimits; i++) {
		if (p->rlimits[i].value == RLIM_INFINITY)
			printf(" %s=unlimited", policy_rlimit_name(p->rlimits[i].resource));
		else
			printf(" %s=%llu", policy_rlimit_name(p->rlimits[i].resource),
			       (unsigned long long)p->rlimits[i].value);
	}
	printf("\nfds.close: %s\nfds.keep:", p->fds_close ? "true" : "false");
	for (size_t i = 0; i < p->nfds_keep; i++)
		printf(" %d", p->fds_keep[i]);
	printf("\nenv.clear: %s\n", p->env_clear ? "true" : "false");
	print_list("env.keep", &p->env_keep);
	print_list("env.set", &p->env_set);
	printf("container.readonly_rootfs: %s\ncontainer.host_namespaces:",
	       p->ct.readonly_rootfs ? "true" : "false");
	for (int t = 0; t < NS__COUNT; t++)
		if (p->ct.host_namespaces & (1u << t))
			printf(" %s", ns_name((enum ns_type)t));
	printf("\ncontainer.on_host_namespace: %s\ncontainer.forbidden_mounts:%s%s\n"
	       "container.on_forbidden_mount: %s\n",
	       p->ct.isolate_namespaces ? "isolate" : "refuse",
	       p->ct.forbid_sockets ? " runtime_sockets" : "",
	       p->ct.forbid_sensitive ? " sensitive_paths" : "",
	       p->ct.remove_mounts ? "remove" : "refuse");
	print_list("container.masked_paths", &p->ct.masked_paths);
	print_list("container.readonly_paths", &p->ct.readonly_paths);
}

int main(int argc, char **argv)
{
	int rc = 0, i = 1;
	bool want_dump = argc > 1 && strcmp(argv[1], "--dump") == 0;
	if (want_dump)
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: policy-lint [--dump] POLICY...\n");
		return 2;
	}
	for (; i < argc; i++) {
		struct launch_policy p;
		struct diag d = {0};
		if (policy_load(argv[i], &p, &d) < 0)
			rc = 2;
		else if (want_dump)
			dump(&p);
		for (size_t j = 0; j < d.msgs.n; j++)
			fprintf(stderr, "%s\n", d.msgs.v[j]);
		if (d.dropped)
			fprintf(stderr, "%s: %zu more errors\n", argv[i], d.dropped);
		diag_free(&d);
		policy_free(&p);
	}
	return rc;
}
