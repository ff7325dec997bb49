/* Device walks shared by mount namespaces that show the same nodes (audit/devcache.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/devcache.h"
#include "lib/buf.h"
#include "lib/cleanup.h"

/* A mount devices_scan visits outside /dev: a devtmpfs, or a bind of part of a filesystem
 * (maybe one device file). */
static bool scanned_elsewhere(const struct mount_entry *m)
{
	return !path_is_within(m->mountpoint, "/dev") &&
	       (strcmp(m->fstype, "devtmpfs") == 0 || strcmp(m->root, "/") != 0);
}

/* Does m decide what the walk meets? It is in /dev, visited elsewhere, or on a path the walk
 * starts from or one of its parents (a later mount there hides what is below). */
static bool decides_walk(const struct mount_table *t, const struct mount_entry *m)
{
	if (path_is_within(m->mountpoint, "/dev") || scanned_elsewhere(m) ||
	    path_is_within("/dev", m->mountpoint))
		return true;
	for (size_t i = 0; i < t->n; i++)
		if (scanned_elsewhere(&t->m[i]) &&
		    path_is_within(t->m[i].mountpoint, m->mountpoint))
			return true;
	return false;
}

/* Length-prefixed fields: no mount point or root (the kernel's escapes undone) can make two
 * different tables read alike. */
static int signature(const struct mount_table *t, struct buf *b)
{
	int r = 0;
	for (size_t i = 0; t && i < t->n && r >= 0; i++) {
		const struct mount_entry *m = &t->m[i];
		if (!decides_walk(t, m))
			continue;
		r = buf_printf(b, "%zu:%s %u:%u %zu:%s %zu:%s\n", strlen(m->mountpoint),
			       m->mountpoint, m->major, m->minor, strlen(m->root), m->root,
			       strlen(m->fstype), m->fstype);
	}
	if (r >= 0 && !b->data)
		r = buf_puts(b, "");
	return r < 0 ? -ENOMEM : 0;
}

static void entry_free(struct devcache_entry *e)
{
	free(e->sig);
	free(e->cglist);
	device_list_free(&e->list);
	if (e->memo) {
		facts_free(e->memo);
		free(e->memo);
	}
	free(e);
}

int devcache_scan(struct devcache *c, int rootfd, const struct mount_table *t,
		  const struct device_list **out)
{
	struct stat st;
	if (fstat(rootfd, &st) < 0)
		st = (struct stat){0}; /* an unknown root is never shared */
	_cleanup_buf_ struct buf sig = BUF_INIT;
	if (signature(t, &sig) < 0)
		return -ENOMEM;
	for (struct devcache_entry *e = c->head; st.st_ino && e; e = e->next)
		if (e->root_dev == st.st_dev && e->root_ino == st.st_ino &&
		    strcmp(e->sig, sig.data) == 0) {
			c->reused++;
			*out = &e->list;
			return 0;
		}
	struct devcache_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->root_dev = st.st_dev;
	e->root_ino = st.st_ino;
	e->sig = strdup(sig.data);
	if (!e->sig || devices_scan(rootfd, t, &e->list) < 0) {
		entry_free(e);
		return -ENOMEM;
	}
	c->walks++;
	e->next = c->head;
	c->head = e;
	*out = &e->list;
	return 0;
}

static struct devcache_entry *entry_of(struct devcache *c, const struct device_list *list)
{
	for (struct devcache_entry *e = c->head; e; e = e->next)
		if (&e->list == list)
			return e;
	return NULL;
}

static bool same_rules(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int judge(const struct device_list *list, const struct device_majors *majors,
		 const char *cglist, struct facts *f)
{
	devices_facts_begin(f);
	for (size_t i = 0; i < list->n; i++) {
		const struct device_node *d = &list->v[i];
		int v = cglist ? devices_cgroup_allows(cglist, d->type, d->major, d->minor) : -1;
		if (devices_facts_add(majors, d, v, f) < 0)
			return -ENOMEM;
	}
	devices_facts_end(f);
	return 0;
}

int devcache_facts(struct devcache *c, const struct device_list *list,
		   const struct device_majors *majors, const char *cglist, struct facts *f)
{
	struct devcache_entry *e = entry_of(c, list);
	if (e && e->judged && same_rules(e->cglist, cglist))
		return devices_facts_copy(e->memo, f);
	int r = judge(list, majors, cglist, f);
	if (r < 0 || !e)
		return r;
	e->judged = false;
	free(e->cglist);
	e->cglist = NULL;
	if (!e->memo && !(e->memo = calloc(1, sizeof(*e->memo))))
		return -ENOMEM;
	facts_free(e->memo);
	if ((cglist && !(e->cglist = strdup(cglist))) || devices_facts_copy(f, e->memo) < 0)
		return -ENOMEM;
	e->judged = true;
	return 0;
}

void devcache_free(struct devcache *c)
{
	while (c->head) {
		struct devcache_entry *e = c->head;
		c->head = e->next;
		entry_free(e);
	}
	*c = (struct devcache){0};
}
