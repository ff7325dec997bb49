/* Who a container is: runtime, id, name, image, Kubernetes pod. Pure functions over evidence
 * (cgroup paths, /run/.containerenv); runtime.c adds what runtime state files say. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct identity {
	char runtime[16]; /* docker podman containerd cri-o lxc runc crun nspawn bwrap unknown */
	char id[160];
	char name[256];
	char image[512];
	char pod[256];
	char pod_namespace[128];
	bool kube; /* cgroup path is under kubepods: a Kubernetes container of some CRI runtime */
};

/* Fills runtime and id (and name for lxc/nspawn) from a cgroup path, looking at the deepest
 * component that matches a known pattern. Returns true when one matched. */
bool identity_from_cgroup(const char *path, struct identity *id);
/* Fills the still-empty fields from the text of /run/.containerenv (podman), which the
 * container controls: it never overrides what the host said. */
void identity_from_containerenv(const char *text, struct identity *id);
/* Copies src into a fixed field, truncating. */
void identity_copy(char *dst, size_t dstsz, const char *src);
