/* Device walks shared by the mount namespaces of one scan that show the same device nodes.
 *
 * A host runs many containers whose mount tables match (unshare sandboxes that keep the host's
 * /dev, pods of one image): walking the same /dev for each costs a getdents and an fstatat per
 * node, and judging its nodes three formatted strings each (bench/README.md, issue 12). A walk
 * is kept with what decides it: the identity of the root it was made from and every mount of
 * the table that can change which nodes the walk meets (those in /dev, those devices_scan visits
 * elsewhere and those over them); a namespace whose root and such mounts are the same gets the
 * same list without walking. The facts of the last container judged with a list are kept too,
 * so a container whose nodes and device cgroup rules match it copies them. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "audit/devices.h"
#include "kernel/mountinfo.h"
#include "facts/fact.h"

struct devcache_entry {
	dev_t root_dev;
	ino_t root_ino;
	char *sig; /* the mounts that decide the walk, one line each */
	struct device_list list;
	bool judged;	    /* memo holds the facts judged with cglist */
	char *cglist;	    /* the device cgroup rules of memo (NULL: unknown) */
	struct facts *memo; /* devices.* of the last container judged with list */
	struct devcache_entry *next;
};

struct devcache {
	struct devcache_entry *head;
	unsigned walks, reused; /* for the bench: walks made, walks shared */
};

/* The device nodes below rootfd (devices_scan with table t), walked once for every root and
 * table that show the same nodes. *out points into the cache (valid until devcache_free).
 * Returns 0, or -ENOMEM. */
int devcache_scan(struct devcache *c, int rootfd, const struct mount_table *t,
		  const struct device_list **out);
/* devices.* of a container whose nodes are list (from devcache_scan) and whose device cgroup
 * rules are cglist (NULL: unknown): judged as devices_facts_add does, or copied from the last
 * container judged with the same list and rules. Returns 0, or -ENOMEM. */
int devcache_facts(struct devcache *c, const struct device_list *list,
		   const struct device_majors *majors, const char *cglist, struct facts *f);
void devcache_free(struct devcache *c);
