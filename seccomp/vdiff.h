/* Two seccomp filter stacks compared number by number. Both stacks are explored together on
 * the same unknown input (explore_pair): when every path is exact and ends alike in both, the
 * two decide alike for every input of that number (proven); when every path ends in the same
 * two different results, they differ for every input (proven). Otherwise (approximate paths:
 * RET A of an input value, budgets, values computed from several words; or paths that differ
 * but may be infeasible) both stacks are run on inputs built from the boundaries of every
 * comparison either makes (each constant, its neighbours, each bit of a mask), boundary values
 * of every word (0, 1, 2^31 - 1, 2^31, 2^32 - 1, so 2^63 and high bits as 64-bit arguments) and
 * seeded random words: an input on which they disagree is the witness; without one the number
 * is "not proven equal", never "equal". */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seccomp/bpf.h"
#include "seccomp/verdict.h"

#define VDIFF_FIELDS 7 /* instruction_pointer, args[0..5] */

enum vdiff_status {
	VDIFF_DIFFERS,	/* a witness input (or every input) is decided differently */
	VDIFF_UNPROVEN, /* no input found that tells them apart, but equality is not proven */
};

struct vdiff_item {
	size_t abi;			 /* index in verdict.abi[] */
	const struct verdict_sys *a, *b; /* NULL for a number the ABI does not name */
	uint32_t nr;			 /* as seccomp_data.nr carries it */
	uint32_t nr_last; /* unnamed numbers: a run nr..nr_last with the same two results */
	enum vdiff_status status;
	bool every; /* VDIFF_DIFFERS: proven to differ for every input (no witness needed) */
	/* VDIFF_DIFFERS and not every: the input on which the stacks disagree (fields: the
	 * ones the filters compare or were probed, bit 0: ip, bit i+1: args[i]; the others are
	 * 0) and the two results there. VDIFF_UNPROVEN: the results of a path on which they may
	 * differ. */
	uint8_t fields;
	uint64_t value[VDIFF_FIELDS];
	uint32_t ret_a, ret_b;
	uint8_t approx; /* VERDICT_APPROX_* of the joint exploration (why not proven) */
};

struct vdiff {
	struct vdiff_item *items;
	size_t n;
	size_t syscalls, numbers; /* named syscalls, and unnamed numbers, that differ */
	size_t unproven;	  /* numbers (named or not) not proven equal nor different */
	size_t inputs;		  /* inputs run through both stacks */
	bool identical;		  /* the same programs: equal without looking further */
	size_t nabi;		  /* ABIs compared (abi[0 .. nabi) of the verdicts) */
};

/* Compares stacks sa and sb (their decisions va, vb computed on this machine: the same ABIs
 * and syscalls) in their first nabi ABIs, for every syscall number below VERDICT_NR_SCAN.
 * Equal for every input of every number exactly when out->n == 0. Returns 0 or -ENOMEM; the
 * caller owns out (vdiff_free). */
int vdiff_compute(const struct bpf_prog *sa, size_t na, const struct verdict *va,
		  const struct bpf_prog *sb, size_t nb, const struct verdict *vb, size_t nabi,
		  struct vdiff *out);
void vdiff_free(struct vdiff *d);
