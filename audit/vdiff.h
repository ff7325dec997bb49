/* Two seccomp filter stacks compared syscall by syscall, by emulation: equal unconditional
 * decisions are equal; otherwise both stacks are run on inputs built from the boundaries of
 * every comparison either one makes (each constant, its neighbours, each bit of a mask), and
 * the first input on which they disagree is the witness. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/bpf.h"
#include "audit/verdict.h"

#define VDIFF_FIELDS 7 /* instruction_pointer, args[0..5] */

struct vdiff_item {
	size_t abi;			 /* index in verdict.abi[] */
	const struct verdict_sys *a, *b; /* NULL for a number the ABI does not name */
	uint32_t nr;			 /* as seccomp_data.nr carries it */
	uint32_t nr_last; /* unnamed numbers: a run nr..nr_last with the same two results */
	/* An input on which the stacks disagree: the fields that matter (bit 0: ip, bit i+1:
	 * args[i]; none when they disagree for every input) and the two results there. */
	uint8_t fields;
	uint64_t value[VDIFF_FIELDS];
	uint32_t ret_a, ret_b;
};

struct vdiff {
	struct vdiff_item *items;
	size_t n;
	size_t syscalls, numbers; /* named syscalls, and unnamed numbers, that differ */
	size_t inputs;		  /* inputs run through both stacks */
};

/* Compares the decisions of va (for stack sa) and vb (for stack sb), in their first nabi ABIs
 * (both computed on this machine: the same ABIs and syscalls), for every syscall number below
 * VERDICT_NR_SCAN: the named ones as above, the others (which no profile can name) by one
 * run each. Returns 0 or -ENOMEM; the caller owns out (vdiff_free). */
int vdiff_compute(const struct bpf_prog *sa, size_t na, const struct verdict *va,
		  const struct bpf_prog *sb, size_t nb, const struct verdict *vb, size_t nabi,
		  struct vdiff *out);
void vdiff_free(struct vdiff *d);
