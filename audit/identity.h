/* Who a container is: runtime, id, name, image, Kubernetes pod. Pure functions over evidence
 * (cgroup paths, /run/.containerenv); runtime.c adds what runtime state files say. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Fields whose value came from inside the container (struct identity.claimed). */
enum {
	IDENTITY_ID = 1u << 0,
	IDENTITY_NAME = 1u << 1,
	IDENTITY_IMAGE = 1u << 2,
	IDENTITY_RUNTIME = 1u << 3,
};

struct identity {
	char runtime[16]; /* docker podman containerd cri-o lxc runc crun nspawn bwrap unknown */
	char id[160];
	char name[256];
	char image[512];
	char pod[256];
	char pod_namespace[128];
	bool kube; /* cgroup path is under kubepods: a Kubernetes container of some CRI runtime */
	bool has_owner;	    /* found in a per-user state root (run/user/UID): a rootless one */
	unsigned owner_uid; /* that UID */
	unsigned claimed;   /* IDENTITY_* of the fields the container wrote about itself */
};

/* Fills runtime and id (and name for lxc/nspawn) from a cgroup path, looking at the deepest
 * component that matches a known pattern. Returns true when one matched. */
bool identity_from_cgroup(const char *path, struct identity *id);
/* Fills the still-empty fields from the text of /run/.containerenv (podman), which the
 * container controls: it never overrides what the host said, and every field it fills is
 * marked claimed. */
void identity_from_containerenv(const char *text, struct identity *id);
/* Appends the names ("id", "name", "image", "runtime") of the claimed fields to out (a
 * strv). Returns 0 or -ENOMEM. */
struct strv;
int identity_claimed_names(unsigned claimed, struct strv *out);
/* Copies src into a fixed field, truncating. */
void identity_copy(char *dst, size_t dstsz, const char *src);
