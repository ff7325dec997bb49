/* The devices an OCI config's device lists give (oci/ocidevice.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/cleanup.h"
#include "oci/oci.h"
#include "oci/ocidevice.h"

/* runc's own device nodes and rules (libcontainer/specconv AllowedDevices): always there. */
static const char *const runc_devices[] = {"c 1:3", "c 1:5", "c 1:7", "c 1:8",	 "c 1:9",
					   "c 5:0", "c 5:1", "c 5:2", "c 136:*", "c 10:200"};

static int64_t dev_num(json_object *e, const char *key)
{
	json_object *v = oci_get(e, key);
	return v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -1;
}

bool oci_device_item(json_object *e, bool rule, char *out, size_t outsz)
{
	bool allow = false;
	if (rule && (!oci_get_bool(e, "allow", &allow) || !allow))
		return false; /* a deny rule narrows (runc reads a missing allow as false) */
	const char *t = oci_get_str(e, "type");
	char type = t && strlen(t) == 1 && strchr("abcup", t[0]) ? t[0] : 'a';
	if (type == 'u')
		type = 'c'; /* an unbuffered character device */
	int64_t major = dev_num(e, "major"), minor = dev_num(e, "minor");
	char maj[24] = "*", min[24] = "*";
	if (type != 'a' && major >= 0)
		snprintf(maj, sizeof(maj), "%lld", (long long)major);
	if (type != 'a' && major >= 0 && minor >= 0)
		snprintf(min, sizeof(min), "%lld", (long long)minor);
	snprintf(out, outsz, "%c %s:%s", type, maj, min);
	char any_minor[48];
	snprintf(any_minor, sizeof(any_minor), "%c %s:*", type, maj);
	for (size_t i = 0; i < ARRAY_SIZE(runc_devices); i++)
		if (strcmp(runc_devices[i], out) == 0 ||
		    (major >= 0 && strcmp(runc_devices[i], any_minor) == 0))
			return false;
	return true;
}
