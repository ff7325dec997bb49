/* Capability numbers, names and masks as /proc shows them. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "lib/strv.h"

#define CAPS_KNOWN 41 /* CAP_CHOWN (0) .. CAP_CHECKPOINT_RESTORE (40) */

/* "CAP_CHOWN" for 0, ...; NULL for numbers this build does not name. */
const char *caps_name(int bit);
/* Number of a name with or without the CAP_ prefix, any case; -1 if unknown. */
int caps_from_name(const char *name);
/* Parses a comma-separated list of capability names (with or without CAP_, any case; "none" is
 * the empty set) into a mask. Returns 0, or -EINVAL with the first unknown name in bad. */
int caps_parse_list(const char *list, uint64_t *out, char *bad, size_t badsz);
/* Parses a 16-hex-digit mask as in CapEff:. Returns 0 or -EINVAL. */
int caps_parse_mask(const char *hex, uint64_t *out);
/* Appends the names of the set bits (unknown bits as "CAP_<n>") in bit order. */
int caps_mask_to_strv(uint64_t mask, struct strv *out);
/* Mask with bits 0..last set (last = /proc/sys/kernel/cap_last_cap). */
uint64_t caps_all_mask(int last);
