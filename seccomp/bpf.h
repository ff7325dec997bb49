/* Classic BPF as seccomp runs it: the checks the kernel makes before it accepts a filter, an
 * interpreter over struct seccomp_data, and the rule that combines stacked filters. Pure
 * functions: nothing here touches the system, so a program read from anywhere (a dump, a file)
 * can be checked and run safely. */
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

#define BPF_PROG_MAX  4096 /* BPF_MAXINSNS: the kernel refuses longer filters */
#define BPF_SD_WORDS  16   /* 32-bit words of struct seccomp_data */
#define BPF_MEM_WORDS 16   /* BPF_MEMWORDS: scratch memory M[] */

/* One filter: borrowed instructions. */
struct bpf_prog {
	const struct sock_filter *insns;
	size_t len;
};

/* Accepts exactly what the kernel accepts for a seccomp filter (bpf_check_classic, then
 * seccomp_check_filter): 1..4096 instructions; only the opcodes seccomp allows (no packet
 * loads, no BPF_MOD, no extensions); aligned 32-bit loads inside struct seccomp_data; jumps
 * that land inside the program; no constant division by zero or shift by 32 or more; scratch
 * memory M[k] with k < 16, never read before it is written on every path; a return as the
 * last instruction. Returns 0 or -EINVAL with err naming the instruction. */
int bpf_check(const struct sock_filter *insns, size_t len, struct error *err);

/* Runs a program that bpf_check accepted against d and returns its 32-bit result, with the
 * kernel's run-time semantics (division by X == 0 returns 0, shifts by X use X & 31). */
uint32_t bpf_run(const struct bpf_prog *p, const struct seccomp_data *d);

/* The kernel's order of seccomp actions: returns true when a is strictly more restrictive than
 * b (KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE > LOG > ALLOW; values that
 * name no action rank by their signed action bits, as the kernel compares them). */
bool bpf_ret_stricter(uint32_t a, uint32_t b);

/* Runs every filter of a stack, index 0 first (the newest: PTRACE_SECCOMP_GET_FILTER's index
 * 0, the order the kernel runs them in) and returns the result the kernel acts on: the most
 * restrictive; on a tie, the first. An empty stack allows. */
uint32_t bpf_run_stack(const struct bpf_prog *stack, size_t n, const struct seccomp_data *d);

/* The 32-bit word of struct seccomp_data at byte offset off (0, 4, ... 60). */
uint32_t bpf_sd_word(const struct seccomp_data *d, uint32_t off);

/* One instruction as text, with absolute jump targets ("jeq #0x3b jt 5 jf 7") and the
 * seccomp_data field of a load ("ld [16] ; arg0.lo"), into buf; returns buf. */
const char *bpf_disasm(const struct sock_filter *in, size_t pc, char *buf, size_t len);
