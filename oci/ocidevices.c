/* Device cgroup rules of an OCI config, evaluated as runc applies them. */
#include "config.h"

#include <string.h>

#include "oci/oci.h"
#include "oci/ocidevices.h"
#include "lib/cleanup.h"

/* runc's AllowedDevices (libcontainer/specconv): type, major, minor (-1: any). */
static const struct {
	char type;
	int major, minor;
} runc_allowed[] = {{'c', 1, 3}, {'c', 1, 5}, {'c', 1, 7},    {'c', 1, 8},   {'c', 1, 9},
		    {'c', 5, 0}, {'c', 5, 2}, {'c', 136, -1}, {'c', 10, 200}};

static long long num(json_object *e, const char *key)
{
	json_object *v = oci_get(e, key);
	return v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -1;
}

/* Does a rule or node entry name this device? A missing type is 'a' (all), a missing major or
 * minor is any. */
static bool entry_matches(json_object *e, char type, unsigned major, unsigned minor)
{
	const char *t = oci_get_str(e, "type");
	char et = t && t[0] && !t[1] ? t[0] : 'a';
	if (et == 'u')
		et = 'c';
	if (et != 'a' && et != type)
		return false;
	long long ma = num(e, "major"), mi = num(e, "minor");
	return et == 'a' || ((ma < 0 || ma == major) && (mi < 0 || mi == minor));
}

static bool opens(json_object *rule)
{
	const char *a = oci_get_str(rule, "access");
	return !a || strchr(a, 'r') || strchr(a, 'w'); /* runc: no access means "rwm" */
}

int ocidevices_cgroup_allows(json_object *root, char type, unsigned major, unsigned minor)
{
	for (size_t i = 0; i < ARRAY_SIZE(runc_allowed); i++)
		if (runc_allowed[i].type == type && runc_allowed[i].major == (int)major &&
		    (runc_allowed[i].minor < 0 || runc_allowed[i].minor == (int)minor))
			return 1;
	int allowed = 0;
	json_object *rules = oci_get(root, "linux.resources.devices");
	for (size_t i = 0; rules && json_object_is_type(rules, json_type_array) &&
			   i < json_object_array_length(rules);
	     i++) {
		json_object *r = json_object_array_get_idx(rules, i);
		bool allow = false;
		if (!entry_matches(r, type, major, minor))
			continue;
		if (!oci_get_bool(r, "allow", &allow))
			allow = false;
		if (opens(r))
			allowed = allow; /* mknod alone ("m") neither opens nor closes */
	}
	return allowed;
}
