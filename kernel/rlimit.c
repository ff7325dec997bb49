/* Resource limits by name (kernel/rlimit.h). */
#include "config.h"

#include <stddef.h>
#include <strings.h>
#include <sys/resource.h>

#include "lib/cleanup.h"
#include "kernel/rlimit.h"

const struct rlimit_name rlimit_names[RLIMIT_NAMES] = {
    {"as", RLIMIT_AS},		 {"core", RLIMIT_CORE},		{"cpu", RLIMIT_CPU},
    {"data", RLIMIT_DATA},	 {"fsize", RLIMIT_FSIZE},	{"locks", RLIMIT_LOCKS},
    {"memlock", RLIMIT_MEMLOCK}, {"msgqueue", RLIMIT_MSGQUEUE}, {"nice", RLIMIT_NICE},
    {"nofile", RLIMIT_NOFILE},	 {"nproc", RLIMIT_NPROC},	{"rss", RLIMIT_RSS},
    {"rtprio", RLIMIT_RTPRIO},	 {"rttime", RLIMIT_RTTIME},	{"sigpending", RLIMIT_SIGPENDING},
    {"stack", RLIMIT_STACK},
};
_Static_assert(RLIMIT_NAMES == RLIMIT_NLIMITS, "every RLIMIT_* has one name");

const char *rlimit_name(int resource)
{
	for (size_t i = 0; i < RLIMIT_NAMES; i++)
		if (rlimit_names[i].resource == resource)
			return rlimit_names[i].name;
	return NULL;
}

int rlimit_from_name(const char *name)
{
	for (size_t i = 0; i < RLIMIT_NAMES; i++)
		if (strcasecmp(rlimit_names[i].name, name) == 0 ||
		    (strncasecmp(name, "RLIMIT_", 7) == 0 &&
		     strcasecmp(rlimit_names[i].name, name + 7) == 0))
			return rlimit_names[i].resource;
	return -1;
}
