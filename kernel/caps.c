/* Capability names (the kernel's order, include/uapi/linux/capability.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kernel/caps.h"

static const char *const names[CAPS_KNOWN] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

const char *caps_name(int bit)
{
	return (bit >= 0 && bit < CAPS_KNOWN) ? names[bit] : NULL;
}

int caps_from_name(const char *name)
{
	if (strncasecmp(name, "CAP_", 4) == 0)
		name += 4;
	for (int i = 0; i < CAPS_KNOWN; i++)
		if (strcasecmp(names[i] + 4, name) == 0)
			return i;
	return -1;
}

int caps_parse_mask(const char *hex, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(hex, &end, 16);
	if (end == hex || errno || (*end != '\0' && *end != '\n' && *end != ' '))
		return -EINVAL;
	*out = v;
	return 0;
}

int caps_mask_to_strv(uint64_t mask, struct strv *out)
{
	for (int i = 0; i < 64; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		char tmp[16];
		const char *n = caps_name(i);
		if (!n) {
			snprintf(tmp, sizeof(tmp), "CAP_%d", i);
			n = tmp;
		}
		int r = strv_push(out, n);
		if (r < 0)
			return r;
	}
	return 0;
}

uint64_t caps_all_mask(int last)
{
	if (last < 0)
		return 0;
	if (last >= 63)
		return ~0ULL;
	return (1ULL << (last + 1)) - 1;
}

int caps_parse_list(const char *list, uint64_t *out, char *bad, size_t badsz)
{
	*out = 0;
	if (strcmp(list, "none") == 0)
		return 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		int bit = n ? caps_from_name(name) : -1;
		if (bit < 0) {
			snprintf(bad, badsz, "%s", name);
			return -EINVAL;
		}
		*out |= UINT64_C(1) << bit;
		p += n + (p[n] == ',');
	}
	return 0;
}
