/* Classic BPF for seccomp: the kernel's load-time checks (net/core/filter.c bpf_check_classic
 * and check_load_and_stores, kernel/seccomp.c seccomp_check_filter) and its run-time semantics
 * (the classic-to-eBPF conversion: A and X start at 0, division by a zero X returns 0, shifts
 * by X are taken modulo 32). Jumps only go forward, so a checked program ends within len
 * steps whatever its input. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "seccomp/bpf.h"

#define SD_SIZE ((uint32_t)sizeof(struct seccomp_data))

/* The opcodes seccomp accepts, after the kernel's rewrite of LD|W|LEN to an immediate. */
static bool code_allowed(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	}
	return false;
}

static bool is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* Operand checks of one instruction (bpf_check_classic and seccomp_check_filter). */
static int check_insn(const struct sock_filter *in, size_t pc, size_t len, struct error *err)
{
	uint16_t c = in->code;
	if (!code_allowed(c))
		return error_set(err, -EINVAL,
				 "instruction %zu: opcode 0x%04x is not allowed in a "
				 "seccomp filter",
				 pc, c);
	if (c == (BPF_LD | BPF_W | BPF_ABS) && (in->k >= SD_SIZE || (in->k & 3)))
		return error_set(
		    err, -EINVAL,
		    "instruction %zu: load at offset %u is outside struct seccomp_data "
		    "or unaligned",
		    pc, in->k);
	if (c == (BPF_ALU | BPF_DIV | BPF_K) && in->k == 0)
		return error_set(err, -EINVAL, "instruction %zu: division by zero", pc);
	if ((c == (BPF_ALU | BPF_LSH | BPF_K) || c == (BPF_ALU | BPF_RSH | BPF_K)) && in->k >= 32)
		return error_set(err, -EINVAL, "instruction %zu: shift by %u", pc, in->k);
	if ((c == (BPF_LD | BPF_MEM) || c == (BPF_LDX | BPF_MEM) || c == BPF_ST || c == BPF_STX) &&
	    in->k >= BPF_MEM_WORDS)
		return error_set(err, -EINVAL, "instruction %zu: scratch memory M[%u] out of range",
				 pc, in->k);
	if (c == (BPF_JMP | BPF_JA) && in->k >= len - pc - 1)
		return error_set(err, -EINVAL, "instruction %zu: jump past the end", pc);
	if (is_cond_jump(c) && (pc + in->jt + 1 >= len || pc + in->jf + 1 >= len))
		return error_set(err, -EINVAL, "instruction %zu: jump past the end", pc);
	return 0;
}

/* check_load_and_stores: M[k] must be written on every path before it is read. */
static int check_memory(const struct sock_filter *insns, size_t len, struct error *err)
{
	uint16_t masks[BPF_PROG_MAX];
	uint16_t valid = 0;
	memset(masks, 0xff, len * sizeof(masks[0]));
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &insns[pc];
		valid &= masks[pc];
		if (in->code == BPF_ST || in->code == BPF_STX) {
			valid |= (uint16_t)(1u << in->k);
		} else if (in->code == (BPF_LD | BPF_MEM) || in->code == (BPF_LDX | BPF_MEM)) {
			if (!(valid & (1u << in->k)))
				return error_set(err, -EINVAL,
						 "instruction %zu: M[%u] may be read before it is "
						 "written",
						 pc, in->k);
		} else if (in->code == (BPF_JMP | BPF_JA)) {
			masks[pc + 1 + in->k] &= valid;
			valid = 0xffff;
		} else if (is_cond_jump(in->code)) {
			masks[pc + 1 + in->jt] &= valid;
			masks[pc + 1 + in->jf] &= valid;
			valid = 0xffff;
		}
	}
	return 0;
}

int bpf_check(const struct sock_filter *insns, size_t len, struct error *err)
{
	if (len == 0 || len > BPF_PROG_MAX)
		return error_set(err, -EINVAL, "a filter has 1 to %d instructions, not %zu",
				 BPF_PROG_MAX, len);
	for (size_t pc = 0; pc < len; pc++) {
		int r = check_insn(&insns[pc], pc, len, err);
		if (r < 0)
			return r;
	}
	uint16_t last = insns[len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A))
		return error_set(err, -EINVAL, "the last instruction is not a return");
	return check_memory(insns, len, err);
}

uint32_t bpf_sd_word(const struct seccomp_data *d, uint32_t off)
{
	uint32_t w;
	memcpy(&w, (const char *)d + off, sizeof(w));
	return w;
}

static uint32_t alu(uint16_t op, uint32_t a, uint32_t v, bool *div0)
{
	switch (op) {
	case BPF_ADD:
		return a + v;
	case BPF_SUB:
		return a - v;
	case BPF_MUL:
		return a * v;
	case BPF_DIV:
		if (v == 0) {
			*div0 = true;
			return 0;
		}
		return a / v;
	case BPF_AND:
		return a & v;
	case BPF_OR:
		return a | v;
	case BPF_XOR:
		return a ^ v;
	case BPF_LSH:
		return a << (v & 31);
	case BPF_RSH:
		return a >> (v & 31);
	case BPF_NEG:
		return -a;
	}
	return 0;
}

static bool jump_taken(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_JEQ:
		return a == v;
	case BPF_JGT:
		return a > v;
	case BPF_JGE:
		return a >= v;
	case BPF_JSET:
		return (a & v) != 0;
	}
	return false;
}

uint32_t bpf_run(const struct bpf_prog *p, const struct seccomp_data *d)
{
	uint32_t A = 0, X = 0, M[BPF_MEM_WORDS] = {0};
	size_t pc = 0;
	while (pc < p->len) {
		const struct sock_filter *in = &p->insns[pc++];
		uint16_t c = in->code;
		uint32_t src = BPF_SRC(c) == BPF_X ? X : in->k;
		bool div0 = false;
		switch (BPF_CLASS(c)) {
		case BPF_LD:
			A = c == (BPF_LD | BPF_W | BPF_ABS)   ? bpf_sd_word(d, in->k)
			    : c == (BPF_LD | BPF_W | BPF_LEN) ? SD_SIZE
			    : c == (BPF_LD | BPF_MEM)	      ? M[in->k]
							      : in->k;
			break;
		case BPF_LDX:
			X = c == (BPF_LDX | BPF_W | BPF_LEN) ? SD_SIZE
			    : c == (BPF_LDX | BPF_MEM)	     ? M[in->k]
							     : in->k;
			break;
		case BPF_ST:
			M[in->k] = A;
			break;
		case BPF_STX:
			M[in->k] = X;
			break;
		case BPF_ALU:
			A = alu(BPF_OP(c), A, src, &div0);
			if (div0)
				return 0;
			break;
		case BPF_JMP:
			if (BPF_OP(c) == BPF_JA)
				pc += in->k;
			else
				pc += jump_taken(BPF_OP(c), A, src) ? in->jt : in->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(c) == BPF_A ? A : in->k;
		case BPF_MISC:
			if (BPF_MISCOP(c) == BPF_TAX)
				X = A;
			else
				A = X;
			break;
		}
	}
	return 0; /* unreachable for a checked program: kill, as the kernel would fail closed */
}

bool bpf_ret_stricter(uint32_t a, uint32_t b)
{
	return (int32_t)(a & SECCOMP_RET_ACTION_FULL) < (int32_t)(b & SECCOMP_RET_ACTION_FULL);
}

uint32_t bpf_run_stack(const struct bpf_prog *stack, size_t n, const struct seccomp_data *d)
{
	uint32_t ret = SECCOMP_RET_ALLOW;
	for (size_t i = 0; i < n; i++) {
		uint32_t cur = bpf_run(&stack[i], d);
		if (bpf_ret_stricter(cur, ret))
			ret = cur;
	}
	return ret;
}

static const char *field_name(uint32_t off, char *buf, size_t len)
{
	bool little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
	if (off == 0)
		return "nr";
	if (off == 4)
		return "arch";
	const char *half = ((off / 4) % 2 == 0) == little ? "lo" : "hi";
	if (off < 16)
		snprintf(buf, len, "ip.%s", half);
	else
		snprintf(buf, len, "arg%u.%s", (off - 16) / 8, half);
	return buf;
}

const char *bpf_disasm(const struct sock_filter *in, size_t pc, char *buf, size_t len)
{
	static const char *const alu[] = {"add", "sub", "mul", "div", "or", "and",
					  "lsh", "rsh", "neg", "mod", "xor"};
	static const char *const jmp[] = {"ja", "jeq", "jgt", "jge", "jset"};
	uint16_t c = in->code;
	char f[16];
	const char *src = BPF_SRC(c) == BPF_X ? "x" : NULL;
	switch (BPF_CLASS(c)) {
	case BPF_LD:
	case BPF_LDX: {
		const char *op = BPF_CLASS(c) == BPF_LD ? "ld" : "ldx";
		if (BPF_MODE(c) == BPF_ABS)
			snprintf(buf, len, "%s [%u] ; %s", op, in->k,
				 field_name(in->k, f, sizeof(f)));
		else if (BPF_MODE(c) == BPF_LEN)
			snprintf(buf, len, "%s #len", op);
		else if (BPF_MODE(c) == BPF_MEM)
			snprintf(buf, len, "%s M[%u]", op, in->k);
		else
			snprintf(buf, len, "%s #0x%x", op, in->k);
		break;
	}
	case BPF_ST:
	case BPF_STX:
		snprintf(buf, len, "%s M[%u]", BPF_CLASS(c) == BPF_ST ? "st" : "stx", in->k);
		break;
	case BPF_ALU:
		if (BPF_OP(c) == BPF_NEG)
			snprintf(buf, len, "neg");
		else if (src)
			snprintf(buf, len, "%s x", alu[(BPF_OP(c) >> 4) % 11]);
		else
			snprintf(buf, len, "%s #0x%x", alu[(BPF_OP(c) >> 4) % 11], in->k);
		break;
	case BPF_JMP:
		if (BPF_OP(c) == BPF_JA)
			snprintf(buf, len, "ja %zu", pc + 1 + in->k);
		else if (src)
			snprintf(buf, len, "%s x jt %zu jf %zu", jmp[(BPF_OP(c) >> 4) % 5],
				 pc + 1 + in->jt, pc + 1 + in->jf);
		else
			snprintf(buf, len, "%s #0x%x jt %zu jf %zu", jmp[(BPF_OP(c) >> 4) % 5],
				 in->k, pc + 1 + in->jt, pc + 1 + in->jf);
		break;
	case BPF_RET:
		if (BPF_RVAL(c) == BPF_A)
			snprintf(buf, len, "ret a");
		else
			snprintf(buf, len, "ret #0x%x", in->k);
		break;
	case BPF_MISC:
		snprintf(buf, len, "%s", BPF_MISCOP(c) == BPF_TAX ? "tax" : "txa");
		break;
	default:
		snprintf(buf, len, "opcode 0x%04x", c);
	}
	return buf;
}
