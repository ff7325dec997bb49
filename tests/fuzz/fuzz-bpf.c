/* Fuzz target: classic BPF seccomp programs as `ctguard seccomp show FILE.bpf` and --deep read
 * them (the input is the raw program: 8-byte struct sock_filter instructions). The checker
 * decides what the kernel would accept; an accepted program is disassembled, run by the
 * emulator on inputs drawn from its own constants, explored symbolically, and decided for every
 * syscall of every ABI (verdict, deep facts). Invariants: every leaf of the explorer agrees
 * with the emulator on an input that satisfies its conditions. */
#include "config.h"

#include <linux/audit.h>

#include "seccomp/bpf.h"
#include "audit/deep.h"
#include "seccomp/explore.h"
#include "seccomp/filterdump.h"
#include "seccomp/verdict.h"
#include "lib/buf.h"
#include "lib/cleanup.h"
#include "tests/fuzz/fuzz.h"

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#define NATIVE_ARCH 0
#endif

/* The explorer's leaf for nr against the emulator: an input built to satisfy the leaf's
 * conditions (when they are single-word equalities it can satisfy) must give the leaf's result. */
static void explore_vs_run(const struct bpf_prog *p, uint32_t nr)
{
	struct explore_result r = {0};
	if (explore_syscall(p, 1, nr, NATIVE_ARCH, &r) < 0 || r.complex) {
		explore_result_free(&r);
		return;
	}
	for (size_t l = 0; l < r.nleaves; l++) {
		uint32_t words[BPF_SD_WORDS] = {nr, NATIVE_ARCH};
		/* Take each condition's constant as its word's value (a plain word, no ops). */
		bool plain = true;
		for (size_t c = 0; c < r.leaves[l].n; c++) {
			const struct explore_cond *k = &r.conds[r.leaves[l].first + c];
			if (k->v.opaque || k->v.nops || k->v.word < 2 ||
			    k->v.word >= BPF_SD_WORDS) {
				plain = false;
				break;
			}
			if (k->op == BPF_JEQ && k->taken)
				words[k->v.word] = k->k;
		}
		if (!plain)
			continue;
		bool holds = true;
		for (size_t c = 0; c < r.leaves[l].n && holds; c++) {
			const struct explore_cond *k = &r.conds[r.leaves[l].first + c];
			holds = explore_cond_holds(k, words[k->v.word]);
		}
		if (!holds)
			continue;
		struct seccomp_data sd;
		memcpy(&sd, words, sizeof(sd));
		/* The leaf holds what the kernel acts on: a stack's result (an allow keeps
		 * no data), as bpf_run_stack gives it. */
		uint32_t got = bpf_run_stack(p, 1, &sd);
		FUZZ_ASSERT(got == r.leaves[l].ret,
			    "nr %u leaf %zu: explorer says %#x, emulator %#x", nr, l,
			    r.leaves[l].ret, got);
	}
	explore_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size / sizeof(struct sock_filter);
	if (len == 0 || len > BPF_PROG_MAX)
		return 0;
	_cleanup_free_ struct sock_filter *in = malloc(len * sizeof(*in));
	if (!in)
		return 0;
	memcpy(in, data, len * sizeof(*in));
	struct error err = {0};
	if (bpf_check(in, len, &err) < 0)
		return 0;
	struct bpf_prog p = {in, len};
	char text[128];
	for (size_t i = 0; i < len; i++)
		bpf_disasm(&in[i], i, text, sizeof(text));
	/* The emulator on inputs made of the program's constants. */
	for (size_t i = 0; i < len && i < 64; i++) {
		struct seccomp_data sd = {.nr = (int)in[i].k, .arch = NATIVE_ARCH};
		sd.args[0] = in[i].k;
		sd.args[1] = (uint64_t)in[i].k << 32;
		sd.instruction_pointer = in[i].k;
		uint32_t a = bpf_run(&p, &sd);
		struct bpf_prog stack[2] = {p, p};
		FUZZ_ASSERT(verdict_ret_norm(bpf_run_stack(stack, 2, &sd)) == verdict_ret_norm(a),
			    "a stack of twice the same filter decides otherwise");
		FUZZ_ASSERT(!bpf_ret_stricter(a, a), "stricter than itself");
	}
	static const uint32_t nrs[] = {0, 1, 59, 231, 272, 435, 0x40000000u, 0xffffffffu};
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		explore_vs_run(&p, nrs[i]);
	struct verdict v = {0};
	if (verdict_compute(&p, 1, &v, &err) == 0) {
		struct facts f = {0};
		deep_facts(&p, 1, &v, &f);
		facts_free(&f);
		for (size_t a = 0; a < v.nabi; a++) {
			for (size_t s = 0; s < v.abi[a].n; s++) {
				if (!v.abi[a].sys[s].conditional)
					continue;
				_cleanup_buf_ struct buf b = BUF_INIT;
				verdict_sys_text(&v.abi[a].sys[s], &b);
			}
		}
		verdict_free(&v);
	}
	struct filterdump fd = {0};
	if (filterdump_from_insns(in, len, &fd, &err) == 0)
		filterdump_free(&fd);
	return 0;
}
