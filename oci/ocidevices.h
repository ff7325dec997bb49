/* The device cgroup an OCI config gives its container, as runc builds it: judged per node so
 * that `ctguard oci check` lists devices exactly as the live audit does (audit/devices.h). */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>

/* 1 when the container can open the node (type 'b' or 'c'), 0 when the cgroup denies it.
 * runc 1.1 (libcontainer/specconv): its own defaults (null, zero, full, random, urandom, tty,
 * ptmx, pts, tun) allowed, then the config's linux.resources.devices rules in order, the last
 * that matches deciding (none: denied). A linux.devices node gets no rule of its own: runc
 * makes it, the cgroup denies it unless a rule allows it (podman --device writes one). Only
 * read or write access counts (mknod alone opens nothing). */
int ocidevices_cgroup_allows(json_object *root, char type, unsigned major, unsigned minor);
