/* Namespace types: their names (the one table) and their links. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/ns.h"
#include "lib/buf.h"
#include "lib/fileio.h"

static const char *const names[NS__COUNT] = {"cgroup", "ipc",  "mnt",  "net",
					     "pid",    "time", "user", "uts"};

/* The runtime spec's names (linux.namespaces[].type): two differ from the kernel's. */
static const char *const oci_names[NS__COUNT] = {
    [NS_CGROUP] = "cgroup", [NS_IPC] = "ipc",	[NS_MNT] = "mount", [NS_NET] = "network",
    [NS_PID] = "pid",	    [NS_TIME] = "time", [NS_USER] = "user", [NS_UTS] = "uts",
};

const char *ns_name(enum ns_type t)
{
	return names[t];
}

int ns_from_name(const char *s)
{
	for (int t = 0; t < NS__COUNT; t++)
		if (strcmp(s, names[t]) == 0)
			return t;
	return -1;
}

const char *ns_oci_name(enum ns_type t)
{
	return oci_names[t];
}

int ns_from_oci_name(const char *s)
{
	for (int t = 0; t < NS__COUNT; t++)
		if (strcmp(s, oci_names[t]) == 0)
			return t;
	return -1;
}

int ns_parse_link(const char *text, enum ns_type t, uint64_t *ino)
{
	size_t n = strlen(names[t]);
	if (strncmp(text, names[t], n) != 0 || text[n] != ':' || text[n + 1] != '[')
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text + n + 2, &end, 10);
	if (errno || end == text + n + 2 || end[0] != ']' || end[1] != '\0')
		return -EINVAL;
	*ino = v;
	return 0;
}

int ns_read(int piddirfd, enum ns_type t, uint64_t *ino)
{
	char path[16] = "ns/";
	char link[64];
	strcat(path, names[t]);
	/* A recorded tree may keep the link's text in a file (see fileio_readlink_or_text_at). */
	int r = fileio_readlink_or_text_at(piddirfd, path, link, sizeof(link));
	if (r < 0)
		return r;
	return ns_parse_link(link, t, ino);
}

uint64_t ns_initial_inode(enum ns_type t)
{
	/* include/linux/proc_ns.h: PROC_*_INIT_INO */
	switch (t) {
	case NS_IPC:
		return 0xEFFFFFFFU;
	case NS_UTS:
		return 0xEFFFFFFEU;
	case NS_USER:
		return 0xEFFFFFFDU;
	case NS_PID:
		return 0xEFFFFFFCU;
	case NS_CGROUP:
		return 0xEFFFFFFBU;
	case NS_TIME:
		return 0xEFFFFFFAU;
	default:
		return 0;
	}
}
