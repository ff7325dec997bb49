/* The wrapper runtime's configuration, /etc/ctguard/runtime.yaml (ctguard(8), "oci runtime"):
 * which real runtime to run, which policy to apply, and how. */
#pragma once

#include "lib/diag.h"

#define RT_CONFIG_DEFAULT "/etc/ctguard/runtime.yaml"

enum rt_mode {
	RT_MODE_ENFORCE, /* rewrite config.json to comply; refuse what cannot be rewritten */
	RT_MODE_REJECT,	 /* refuse a config that does not comply; never rewrite */
	RT_MODE_AUDIT,	 /* log what does not comply; change nothing */
};

struct rt_config {
	char *file;    /* where it came from, or "defaults" */
	char *runtime; /* path or name looked up in PATH; default "runc" */
	char *policy;  /* built-in name or policy file; default "restricted" */
	enum rt_mode mode;
};

/* Loads path (trusted as a policy file is: root or caller owned, not group/other writable).
 * Every error goes to d as file:line:column. A missing file is -ENOENT with nothing in d (the
 * caller decides). Returns 0 or a negative errno; c needs no initialisation. */
int rt_config_load(const char *path, struct rt_config *c, struct diag *d);
/* The defaults (runtime runc, policy restricted, mode enforce); file "defaults". */
int rt_config_defaults(struct rt_config *c);
const char *rt_mode_name(enum rt_mode m);
void rt_config_free(struct rt_config *c);
