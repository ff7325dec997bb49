/* Fuzz target: `ctguard seccomp diff` of two raw BPF programs. The input is a 2-byte
 * little-endian count of instructions of the first program, then both programs. Each must pass
 * the kernel's checks; then both are decided (verdict) and compared (vdiff). Invariants: a
 * program compared with itself shows no difference, and every difference vdiff reports is real:
 * the two programs, run on the input it names, give the two results it names. */
#include "config.h"

#include <linux/audit.h>

#include "seccomp/bpf.h"
#include "seccomp/vdiff.h"
#include "seccomp/verdict.h"
#include "lib/cleanup.h"
#include "tests/fuzz/fuzz.h"

static void check_items(const struct bpf_prog *a, const struct bpf_prog *b, const struct vdiff *d,
			const struct verdict *va)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct vdiff_item *it = &d->items[i];
		if (it->ret_a == it->ret_b)
			continue;
		struct seccomp_data sd = {.nr = (int)it->nr, .arch = va->abi[it->abi].arch};
		sd.instruction_pointer = it->value[0];
		for (int k = 0; k < 6; k++)
			sd.args[k] = it->value[k + 1];
		uint32_t ra = bpf_run(a, &sd), rb = bpf_run(b, &sd);
		FUZZ_ASSERT(verdict_ret_norm(ra) == verdict_ret_norm(it->ret_a) &&
				verdict_ret_norm(rb) == verdict_ret_norm(it->ret_b),
			    "nr %u: vdiff says %#x/%#x, the programs give %#x/%#x", it->nr,
			    it->ret_a, it->ret_b, ra, rb);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t na = (size_t)data[0] | (size_t)data[1] << 8;
	size_t total = (size - 2) / sizeof(struct sock_filter);
	if (na == 0 || na >= total || total > 2 * BPF_PROG_MAX)
		return 0;
	_cleanup_free_ struct sock_filter *in = malloc(total * sizeof(*in));
	if (!in)
		return 0;
	memcpy(in, data + 2, total * sizeof(*in));
	struct error err = {0};
	struct bpf_prog a = {in, na}, b = {in + na, total - na};
	if (bpf_check(a.insns, a.len, &err) < 0 || bpf_check(b.insns, b.len, &err) < 0)
		return 0;
	struct verdict va = {0}, vb = {0};
	if (verdict_compute(&a, 1, &va, &err) == 0 && verdict_compute(&b, 1, &vb, &err) == 0) {
		struct vdiff d = {0};
		if (vdiff_compute(&a, 1, &va, &b, 1, &vb, va.nabi, &d) == 0) {
			check_items(&a, &b, &d, &va);
			vdiff_free(&d);
		}
		struct vdiff same = {0};
		if (vdiff_compute(&a, 1, &va, &a, 1, &va, va.nabi, &same) == 0) {
			FUZZ_ASSERT(same.n == 0, "a program differs from itself (%zu items)",
				    same.n);
			vdiff_free(&same);
		}
	}
	verdict_free(&va);
	verdict_free(&vb);
	return 0;
}
