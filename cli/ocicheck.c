/* ctguard oci check: OCI runtime configs judged before launch, by the audit pipeline (rules,
 * policy, waivers, baseline, every report format) with facts read from the configs. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "audit/host.h"
#include "cli/cli.h"
#include "oci/oci.h"
#include "audit/ocifacts.h"
#include "audit/ocilocate.h"

static const char cli_oci_check_usage[] =
    "Usage: ctguard oci check [OPTION...] BUNDLE|CONFIG.JSON...\n"
    "Judges OCI runtime configs (a bundle directory's config.json, or the file) with the rules\n"
    "'ctguard audit' judges running containers with: each config is one container, seen as it\n"
    "will run on this host (its namespaces, capabilities, seccomp, mounts, ... and this host's\n"
    "facts). Facts that exist only at runtime (pid, processes, attached filters, inherited\n"
    "rlimits) are unknown, and rules that need them are 'not evaluated'. By default every\n"
    "built-in pack (cis-docker, pss-baseline, pss-restricted, escapes).\n\n" CLI_JUDGE_OPTIONS_HELP
    "  -h, --help             show this help\n\n"
    "Each container is named by its Kubernetes container-name annotation (CRI-O, containerd)\n"
    "or else by its bundle directory (the parent of a 'userdata' one: podman, CRI-O); its\n"
    "runtime comes from the annotations podman, CRI-O and containerd write, else 'unknown'.\n"
    "With --pack, --rules or --policy only those rules apply. Exit status: 0 no failing\n"
    "finding at or above --fail-on, 1 some, 2 bad usage or a config that is not JSON or not an\n"
    "OCI runtime config (or a bad rule/waiver/baseline/policy file), 3 a config or this host's\n"
    "/proc could not be read. See ctguard(8) for how each fact is read from a config.\n";

static int gather_oci(const struct audit_input *in, struct container_list *list, struct facts *host)
{
	if (in->noperands == 0)
		return cli_usage_error("oci check", "missing BUNDLE or CONFIG.JSON");
	struct error err = {0};
	struct host_ctx ctx;
	struct host_options hopt = {0};
	/* The container will run here: this host's namespaces, mounts and capabilities are what
	 * "shared with the host" and "privileged" are judged against. */
	if (host_open(&ctx, &hopt, &err) < 0 || host_facts(&ctx, host, &err) < 0) {
		cli_error("reading this host: %s", err.msg);
		host_close(&ctx);
		return EXIT_UNREADABLE;
	}
	list->c = calloc((size_t)in->noperands, sizeof(*list->c));
	*in->locs = calloc((size_t)in->noperands, sizeof(**in->locs));
	if (!list->c || !*in->locs) {
		host_close(&ctx);
		cli_error("out of memory");
		return EXIT_UNREADABLE;
	}
	int status = 0;
	for (int i = 0; i < in->noperands; i++) {
		struct oci_config c;
		int r = oci_config_load(in->operands[i], &c, &err);
		if (r == 0) {
			r = ocifacts_collect(&c, &ctx, host, &list->c[list->n], &err);
			if (r == 0 && ocilocate(&c, &(*in->locs)[list->n]) < 0)
				r = error_set(&err, -ENOMEM, "out of memory");
			oci_config_free(&c);
		}
		if (r < 0) {
			cli_error("%s", err.msg);
			facts_free(&list->c[list->n]);
			/* Bad input (2) is reported before unreadable (3): fix the configs first.
			 */
			int s = r == -EINVAL ? EXIT_USAGE : EXIT_UNREADABLE;
			if (status == 0 || s < status)
				status = s;
			continue;
		}
		list->n++;
	}
	host_close(&ctx);
	return status;
}

static const struct audit_source oci_source = {
    .cmd = "oci check",
    .usage = cli_oci_check_usage,
    .live = false,
    .gather = gather_oci,
};

int cli_oci_check(int argc, char **argv)
{
	return cli_audit_pipeline(argc, argv, &oci_source);
}
