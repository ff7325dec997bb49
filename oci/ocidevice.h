/* Devices of an OCI runtime config: what an entry of linux.devices or linux.resources.devices
 * gives, beyond runc's own. Used by the gate (enforce/ocigate.c) and the config's facts
 * (audit/ocifacts.c). */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

/* The device an entry of linux.devices (rule false) or linux.resources.devices (rule true)
 * gives, as "c 10:229" ('*' for any major or minor; "a *:*" for every device) into out.
 * Returns false for a deny rule and for runc's own devices (/dev/null, ptys, ...). */
bool oci_device_item(json_object *e, bool rule, char *out, size_t outsz);
