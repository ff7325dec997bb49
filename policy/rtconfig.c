/* /etc/ctguard/runtime.yaml: the wrapper runtime's configuration. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/cleanup.h"
#include "policy/policy.h"
#include "policy/rtconfig.h"
#include "lib/ydoc.h"

const char *rt_mode_name(enum rt_mode m)
{
	return m == RT_MODE_REJECT ? "reject" : m == RT_MODE_AUDIT ? "audit" : "enforce";
}

int rt_config_defaults(struct rt_config *c)
{
	*c = (struct rt_config){
	    .file = strdup("defaults"),
	    .runtime = strdup("runc"),
	    .policy = strdup("restricted"),
	    .mode = RT_MODE_ENFORCE,
	};
	if (!c->file || !c->runtime || !c->policy) {
		rt_config_free(c);
		return -ENOMEM;
	}
	return 0;
}

static int set_str(struct ydoc *y, struct diag *d, const yaml_node_t *n, const char *what,
		   char **out)
{
	const char *s = ydoc_str(y, d, n, what);
	if (!s)
		return -EINVAL;
	if (!*s) {
		ydoc_err(y, d, n, "%s must not be empty", what);
		return -EINVAL;
	}
	char *dup = strdup(s);
	if (!dup)
		return -ENOMEM;
	free(*out);
	*out = dup;
	return 0;
}

static int parse(struct ydoc *y, struct rt_config *c, struct diag *d)
{
	static const char *const keys[] = {"version", "runtime", "policy", "mode", NULL};
	const yaml_node_t *root = ydoc_root(y), *v;
	if (!root || root->type != YAML_MAPPING_NODE) {
		ydoc_err(y, d, root,
			 "the runtime configuration is a mapping with version, runtime, "
			 "policy and mode");
		return -EINVAL;
	}
	int r = ydoc_keys_known(y, d, root, "the runtime configuration", keys) ? 0 : -EINVAL;
	int64_t version = 0;
	if (!(v = ydoc_get(y, root, "version"))) {
		ydoc_err(y, d, root, "missing 'version' (this ctguard reads version 1)");
		r = -EINVAL;
	} else if (!ydoc_is_plain(v) || ydoc_int(y, d, v, "version", &version) < 0 ||
		   version != 1) {
		ydoc_err(y, d, v, "unsupported version (this ctguard reads version 1)");
		r = -EINVAL;
	}
	if ((v = ydoc_get(y, root, "runtime")) && set_str(y, d, v, "runtime", &c->runtime) < 0)
		r = -EINVAL;
	if ((v = ydoc_get(y, root, "policy")) && set_str(y, d, v, "policy", &c->policy) < 0)
		r = -EINVAL;
	if ((v = ydoc_get(y, root, "mode"))) {
		const char *s = ydoc_str(y, d, v, "mode");
		if (!s)
			r = -EINVAL;
		else if (strcmp(s, "enforce") == 0)
			c->mode = RT_MODE_ENFORCE;
		else if (strcmp(s, "reject") == 0)
			c->mode = RT_MODE_REJECT;
		else if (strcmp(s, "audit") == 0)
			c->mode = RT_MODE_AUDIT;
		else {
			ydoc_err(y, d, v, "mode must be enforce, reject or audit, not '%s'", s);
			r = -EINVAL;
		}
	}
	return r;
}

int rt_config_load(const char *path, struct rt_config *c, struct diag *d)
{
	int r = rt_config_defaults(c);
	if (r < 0)
		return r;
	struct stat st;
	if (stat(path, &st) < 0 && errno == ENOENT) {
		rt_config_free(c);
		return -ENOENT;
	}
	_cleanup_buf_ struct buf b = BUF_INIT;
	if ((r = policy_read_trusted(path, &b, d)) < 0) {
		rt_config_free(c);
		return r;
	}
	free(c->file);
	if (!(c->file = strdup(path))) {
		rt_config_free(c);
		return -ENOMEM;
	}
	struct ydoc y;
	r = ydoc_load(&y, c->file, b.data ? b.data : "", b.len, d);
	if (r == 0)
		r = parse(&y, c, d);
	ydoc_free(&y);
	if (r < 0)
		rt_config_free(c);
	return r;
}

void rt_config_free(struct rt_config *c)
{
	free(c->file);
	free(c->runtime);
	free(c->policy);
	*c = (struct rt_config){0};
}
