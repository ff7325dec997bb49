/* Symbolic execution of a stack of seccomp filters for one syscall: the number and the
 * architecture are known, the arguments and the instruction pointer are not. Every path
 * through the programs (every combination of outcomes of the comparisons they make on the
 * unknown words) ends in one leaf: the conditions that lead there and the result the kernel
 * would act on. The leaves partition the inputs, so they describe the decision exactly. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seccomp/bpf.h"

#define EXPLORE_OPS_MAX	   4	      /* ALU operations kept on one symbolic value */
#define EXPLORE_CONDS_MAX  48	      /* conditions on one path */
#define EXPLORE_LEAVES_MAX 512	      /* paths of one syscall */
#define EXPLORE_STEPS_MAX  (1u << 18) /* instructions run for one syscall */

/* A value computed from one unknown 32-bit word of struct seccomp_data (word: its byte offset
 * / 4, 2..15) by a chain of ALU operations with constants; opaque when the program combined
 * two unknown words or chained too many operations. */
struct explore_val {
	bool opaque;
	uint8_t word;
	uint8_t nops;
	struct {
		uint8_t op; /* BPF_ADD ... BPF_NEG */
		uint32_t k;
	} ops[EXPLORE_OPS_MAX];
};

/* One comparison the program made on an unknown value, and which way it went. */
struct explore_cond {
	struct explore_val v;
	uint8_t op; /* BPF_JEQ, BPF_JGT, BPF_JGE or BPF_JSET */
	uint32_t k;
	bool taken;
};

/* Why a leaf (and so a decision) is approximate; 0: exact. */
#define EXPLORE_APPROX_BUDGET 0x01 /* the step or path budget ran out: the rest is one leaf */
#define EXPLORE_APPROX_DEPTH  0x02 /* a path made more than EXPLORE_CONDS_MAX comparisons */
#define EXPLORE_APPROX_RET_A  0x04 /* RET A of a value computed from the input */
#define EXPLORE_APPROX_OPAQUE 0x08 /* a comparison of a value not expressible on one word */

struct explore_leaf {
	size_t first, n; /* conditions: conds[first .. first + n) of the result */
	uint32_t ret;	 /* what the kernel acts on: the most restrictive result of the stack */
	uint32_t ret_a;	 /* explore_pair: the first stack's result on this path (else ret) */
	/* EXPLORE_APPROX_*: BUDGET, DEPTH and RET_A leaves stand for what was not explored and
	 * assume the worst (the result of the stack so far, allow when nothing refused yet);
	 * OPAQUE leaves have a condition that cannot be checked on one word. */
	uint8_t approx;
};

/* Reusable buffers: explore one syscall after another without allocating again. */
struct explore_result {
	struct explore_leaf *leaves;
	size_t nleaves, capleaves;
	struct explore_cond *conds;
	size_t nconds, capconds;
	bool complex;	/* approx != 0: the leaves still partition the inputs, but some
			 * conditions are not in terms of single words, or a leaf stands for
			 * what was not explored and assumes the worst (allow) */
	uint8_t approx; /* EXPLORE_APPROX_* of any leaf */
	uint16_t words; /* bit w: word w was compared */
	/* In: instructions this exploration may run (0: EXPLORE_STEPS_MAX), so that a caller
	 * deciding many syscalls can bound the total against a hostile filter. Out: run. */
	unsigned budget, steps;
};

/* Explores the stack (index 0 first, as bpf_run_stack) for nr and arch. Returns 0 or -ENOMEM
 * (budgets exceeded are not errors: see complex). The programs must have passed bpf_check. */
int explore_syscall(const struct bpf_prog *stack, size_t n, uint32_t nr, uint32_t arch,
		    struct explore_result *r);
/* Explores two stacks on the same unknown input together: stack a, then stack b, along one
 * path, so that every leaf carries both results (ret_a: a's, ret: b's) under conditions that
 * hold for both. The leaves partition the inputs: when none is approximate and each has
 * ret_a == ret (normalised), the stacks decide alike for every input of nr. */
int explore_pair(const struct bpf_prog *a, size_t na, const struct bpf_prog *b, size_t nb,
		 uint32_t nr, uint32_t arch, struct explore_result *r);
void explore_result_free(struct explore_result *r);

/* True when the word value w (at word index c->v.word) makes the condition come out as
 * c->taken. Opaque conditions return true (they constrain nothing that can be checked). */
bool explore_cond_holds(const struct explore_cond *c, uint32_t w);
/* c->v applied to the word value w (opaque: w). */
uint32_t explore_val_apply(const struct explore_val *v, uint32_t w);
/* The same word and the same operations (opaque values are never equal). */
bool explore_val_eq(const struct explore_val *a, const struct explore_val *b);
