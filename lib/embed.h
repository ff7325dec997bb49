/* Files embedded in the binary at build time (rules/embed.sh): the built-in rule packs,
 * policies and seccomp profiles, each by its name without .yaml. */
#pragma once

#include <stddef.h>

struct builtin_pack {
	const char *name;
	const char *text;
	size_t len;
};
