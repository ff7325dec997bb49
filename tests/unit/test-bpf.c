/* The seccomp BPF emulator: the kernel's load-time checks on hand-written and random programs,
 * every instruction's semantics, the stacking rule, and the symbolic explorer, whose leaves
 * must give the interpreter's answer for every input (checked on libseccomp's own programs). */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "seccomp/bpf.h"
#include "audit/deep.h"
#include "seccomp/explore.h"
#include "seccomp/filterdump.h"
#include "seccomp/verdict.h"
#include "tests/tap.h"

#define N(a)		 (sizeof(a) / sizeof((a)[0]))
#define S(code, k)	 BPF_STMT(code, k)
#define J(code, k, t, f) BPF_JUMP(code, k, t, f)
#define RET(k)		 S(BPF_RET | BPF_K, k)
#define LDW(off)	 S(BPF_LD | BPF_W | BPF_ABS, off)

#define OFF_NR	 0
#define OFF_ARCH 4
#define OFF_A0	 16 /* arg0, low word on little-endian */
#define OFF_A1	 24

static int check(const struct sock_filter *p, size_t n)
{
	struct error err = {0};
	return bpf_check(p, n, &err);
}

static uint32_t run(const struct sock_filter *p, size_t n, const struct seccomp_data *d)
{
	struct bpf_prog prog = {p, n};
	return bpf_run(&prog, d);
}

static struct seccomp_data sd(int nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data d = {.nr = nr, .arch = AUDIT_ARCH_X86_64};
	d.args[0] = a0;
	d.args[1] = a1;
	return d;
}

static void test_check_rejects(void)
{
	struct error err = {0};
	struct sock_filter ok1[] = {RET(SECCOMP_RET_ALLOW)};
	is_int(check(ok1, 1), 0, "one return is a valid filter");
	is_int(bpf_check(ok1, 0, &err), -EINVAL, "empty program refused");
	ok(strstr(err.msg, "1 to 4096") != NULL, "message says the size limits: %s", err.msg);
	static struct sock_filter big[BPF_PROG_MAX + 1];
	for (size_t i = 0; i < N(big); i++)
		big[i] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
	is_int(check(big, BPF_PROG_MAX), 0, "4096 instructions accepted");
	is_int(check(big, BPF_PROG_MAX + 1), -EINVAL, "4097 instructions refused");

	static const struct {
		const char *what;
		struct sock_filter in;
	} bad[] = {
	    {"byte load (packet access)", S(BPF_LD | BPF_B | BPF_ABS, 0)},
	    {"half-word load", S(BPF_LD | BPF_H | BPF_ABS, 0)},
	    {"indirect load", S(BPF_LD | BPF_W | BPF_IND, 0)},
	    {"ldx msh", S(BPF_LDX | BPF_B | BPF_MSH, 0)},
	    {"modulo (not in seccomp's list)", S(BPF_ALU | BPF_MOD | BPF_K, 3)},
	    {"ret X", S(BPF_RET | BPF_X, 0)},
	    {"unaligned load", LDW(2)},
	    {"load past seccomp_data", LDW(64)},
	    {"ancillary load", LDW(0xfffff000 + 4)},
	    {"division by constant zero", S(BPF_ALU | BPF_DIV | BPF_K, 0)},
	    {"shift by 32", S(BPF_ALU | BPF_LSH | BPF_K, 32)},
	    {"right shift by 40", S(BPF_ALU | BPF_RSH | BPF_K, 40)},
	    {"store to M[16]", S(BPF_ST, 16)},
	    {"load from M[99]", S(BPF_LD | BPF_MEM, 99)},
	    {"opcode 0xffff", {0xffff, 0, 0, 0}},
	    {"jump class with unknown op", S(BPF_JMP | 0x70, 0)},
	};
	for (size_t i = 0; i < N(bad); i++) {
		struct sock_filter p[] = {bad[i].in, RET(SECCOMP_RET_ALLOW)};
		is_int(check(p, 2), -EINVAL, bad[i].what);
	}
	struct sock_filter ja[] = {S(BPF_JMP | BPF_JA, 1), RET(SECCOMP_RET_ALLOW)};
	is_int(check(ja, 2), -EINVAL, "ja past the end");
	struct sock_filter ja_ok[] = {S(BPF_JMP | BPF_JA, 0), RET(SECCOMP_RET_ALLOW)};
	is_int(check(ja_ok, 2), 0, "ja onto the last instruction");
	struct sock_filter ja_huge[] = {S(BPF_JMP | BPF_JA, 0xffffffff), RET(SECCOMP_RET_ALLOW)};
	is_int(check(ja_huge, 2), -EINVAL, "ja by 2^32-1 (would wrap)");
	struct sock_filter jt[] = {J(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), RET(0)};
	is_int(check(jt, 2), -EINVAL, "jt past the end");
	struct sock_filter jf[] = {J(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 255), RET(0)};
	is_int(check(jf, 2), -EINVAL, "jf past the end");
	struct sock_filter last[] = {LDW(0)};
	is_int(check(last, 1), -EINVAL, "program not ending in a return");
	struct sock_filter mem[] = {S(BPF_LD | BPF_MEM, 3), RET(0)};
	is_int(bpf_check(mem, 2, &err), -EINVAL, "M[3] read before any write");
	ok(strstr(err.msg, "M[3]") != NULL, "message names the cell: %s", err.msg);
	struct sock_filter mem_path[] = {
	    LDW(OFF_NR),
	    J(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
	    S(BPF_ST, 2),	     /* only when nr == 1 */
	    S(BPF_LDX | BPF_MEM, 2), /* reached on both paths */
	    RET(0),
	};
	is_int(check(mem_path, N(mem_path)), -EINVAL, "M[2] written on one path only");
	struct sock_filter mem_ok[] = {
	    S(BPF_ST, 2),
	    LDW(OFF_NR),
	    J(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
	    S(BPF_ST, 2),
	    S(BPF_LDX | BPF_MEM, 2),
	    S(BPF_MISC | BPF_TXA, 0),
	    S(BPF_RET | BPF_A, 0),
	};
	is_int(check(mem_ok, N(mem_ok)), 0, "M[2] written on every path");
}

/* Random programs: never crash, and every accepted one runs to a return. */
static void test_random(void)
{
	static const uint16_t codes[] = {
	    BPF_LD | BPF_W | BPF_ABS,
	    BPF_LD | BPF_IMM,
	    BPF_LDX | BPF_IMM,
	    BPF_LD | BPF_MEM,
	    BPF_LDX | BPF_MEM,
	    BPF_ST,
	    BPF_STX,
	    BPF_ALU | BPF_ADD | BPF_K,
	    BPF_ALU | BPF_DIV | BPF_X,
	    BPF_ALU | BPF_LSH | BPF_X,
	    BPF_ALU | BPF_AND | BPF_K,
	    BPF_ALU | BPF_NEG,
	    BPF_MISC | BPF_TAX,
	    BPF_MISC | BPF_TXA,
	    BPF_JMP | BPF_JA,
	    BPF_JMP | BPF_JEQ | BPF_K,
	    BPF_JMP | BPF_JGT | BPF_X,
	    BPF_JMP | BPF_JSET | BPF_K,
	    BPF_RET | BPF_K,
	    BPF_RET | BPF_A,
	    BPF_LD | BPF_W | BPF_LEN,
	    0x30,
	    0x94,
	};
	srand(42);
	unsigned accepted = 0, runs = 0;
	bool sane = true;
	struct explore_result er = {0};
	for (int i = 0; i < 3000; i++) {
		struct sock_filter p[24];
		size_t n = 1 + (size_t)rand() % N(p);
		for (size_t k = 0; k < n; k++) {
			p[k].code = (rand() % 8 == 0) ? (uint16_t)rand() : codes[rand() % N(codes)];
			p[k].jt = (uint8_t)(rand() % 4);
			p[k].jf = (uint8_t)(rand() % 4);
			uint32_t r = (uint32_t)rand();
			p[k].k = (rand() % 2) ? (r % 16) * 4 % 64 : r;
		}
		if (rand() % 2)
			p[n - 1] = (struct sock_filter)RET((uint32_t)rand());
		if (check(p, n) != 0)
			continue;
		accepted++;
		struct bpf_prog prog = {p, n};
		for (int t = 0; t < 8; t++) {
			struct seccomp_data d = sd(rand() % 4, (uint64_t)rand() << 17, rand() % 3);
			uint32_t want = bpf_run(&prog, &d);
			runs++;
			if (explore_syscall(&prog, 1, d.nr, d.arch, &er) < 0) {
				sane = false;
				continue;
			}
			/* The leaf whose conditions this input meets gives the same result. */
			size_t hits = 0;
			uint32_t got = 0;
			for (size_t l = 0; l < er.nleaves; l++) {
				bool all = true;
				for (size_t c = 0; c < er.leaves[l].n; c++) {
					const struct explore_cond *ec =
					    &er.conds[er.leaves[l].first + c];
					if (!ec->v.opaque &&
					    !explore_cond_holds(ec,
								bpf_sd_word(&d, ec->v.word * 4)))
						all = false;
				}
				if (all) {
					hits++;
					got = er.leaves[l].ret;
				}
			}
			if (!er.complex && (hits != 1 || got != want)) {
				sane = false;
				printf(
				    "# random program %d: %zu leaves match, got 0x%x want 0x%x\n",
				    i, hits, got, want);
			}
		}
	}
	explore_result_free(&er);
	ok(accepted > 100, "random programs: %u of 3000 accepted", accepted);
	ok(sane, "random programs: %u runs, explorer agrees with the interpreter", runs);
}

static void test_semantics(void)
{
	struct seccomp_data d = sd(42, 0x1122334455667788ull, 7);
	struct sock_filter ld[] = {LDW(OFF_NR), S(BPF_RET | BPF_A, 0)};
	is_int(run(ld, 2, &d), 42, "ld [nr]");
	struct sock_filter arch[] = {LDW(OFF_ARCH), S(BPF_RET | BPF_A, 0)};
	is_int(run(arch, 2, &d), AUDIT_ARCH_X86_64, "ld [arch]");
	struct sock_filter lo[] = {LDW(OFF_A0), S(BPF_RET | BPF_A, 0)};
	struct sock_filter hi[] = {LDW(OFF_A0 + 4), S(BPF_RET | BPF_A, 0)};
	uint32_t wlo = run(lo, 2, &d), whi = run(hi, 2, &d);
	ok((wlo == 0x55667788u && whi == 0x11223344u) || (wlo == 0x11223344u && whi == 0x55667788u),
	   "ld [args[0]] halves");
	struct sock_filter len[] = {S(BPF_LD | BPF_W | BPF_LEN, 0), S(BPF_MISC | BPF_TAX, 0),
				    S(BPF_LDX | BPF_W | BPF_LEN, 0),
				    S(BPF_ALU | BPF_ADD | BPF_X, 0), S(BPF_RET | BPF_A, 0)};
	is_int(run(len, N(len), &d), 128, "ld len and ldx len are sizeof(seccomp_data)");
	struct sock_filter mem[] = {S(BPF_LD | BPF_IMM, 5),	     S(BPF_ST, 0),
				    S(BPF_LDX | BPF_IMM, 9),	     S(BPF_STX, 15),
				    S(BPF_LD | BPF_MEM, 15),	     S(BPF_LDX | BPF_MEM, 0),
				    S(BPF_ALU | BPF_SUB | BPF_X, 0), S(BPF_RET | BPF_A, 0)};
	is_int(run(mem, N(mem), &d), 4, "ld imm, ldx imm, st, stx, ld mem, ldx mem, sub x");

	static const struct {
		uint16_t op;
		uint32_t a, k, want;
	} alu[] = {
	    {BPF_ADD, 0xfffffffe, 3, 1},	  {BPF_SUB, 1, 2, 0xffffffff},
	    {BPF_MUL, 0x10000, 0x10001, 0x10000}, {BPF_DIV, 100, 7, 14},
	    {BPF_AND, 0xf0f0, 0xff00, 0xf000},	  {BPF_OR, 0xf0, 0x0f, 0xff},
	    {BPF_XOR, 0xff, 0x0f, 0xf0},	  {BPF_LSH, 1, 31, 0x80000000},
	    {BPF_RSH, 0x80000000, 31, 1},
	};
	for (size_t i = 0; i < N(alu); i++) {
		struct sock_filter k[] = {S(BPF_LD | BPF_IMM, alu[i].a),
					  S(BPF_ALU | alu[i].op | BPF_K, alu[i].k),
					  S(BPF_RET | BPF_A, 0)};
		struct sock_filter x[] = {S(BPF_LD | BPF_IMM, alu[i].a),
					  S(BPF_LDX | BPF_IMM, alu[i].k),
					  S(BPF_ALU | alu[i].op | BPF_X, 0), S(BPF_RET | BPF_A, 0)};
		char name[64];
		snprintf(name, sizeof(name), "alu op 0x%02x with k", alu[i].op);
		is_int(check(k, 3) == 0 ? run(k, 3, &d) : 0xdead, alu[i].want, name);
		snprintf(name, sizeof(name), "alu op 0x%02x with x", alu[i].op);
		is_int(run(x, 4, &d), alu[i].want, name);
	}
	struct sock_filter neg[] = {S(BPF_LD | BPF_IMM, 1), S(BPF_ALU | BPF_NEG, 0),
				    S(BPF_RET | BPF_A, 0)};
	is_int(run(neg, 3, &d), 0xffffffffu, "neg");
	struct sock_filter div0[] = {S(BPF_LD | BPF_IMM, 9), S(BPF_LDX | BPF_IMM, 0),
				     S(BPF_ALU | BPF_DIV | BPF_X, 0), RET(SECCOMP_RET_ALLOW)};
	is_int(check(div0, 4), 0, "division by X is accepted at load time");
	is_int(run(div0, 4, &d), 0, "division by X == 0 returns 0 (kill thread)");
	struct sock_filter shx[] = {S(BPF_LD | BPF_IMM, 1), S(BPF_LDX | BPF_IMM, 33),
				    S(BPF_ALU | BPF_LSH | BPF_X, 0), S(BPF_RET | BPF_A, 0)};
	is_int(run(shx, 4, &d), 2, "shift by X takes X modulo 32");
	struct sock_filter txa[] = {S(BPF_LDX | BPF_IMM, 77), S(BPF_MISC | BPF_TXA, 0),
				    S(BPF_RET | BPF_A, 0)};
	is_int(run(txa, 3, &d), 77, "txa");
	struct sock_filter ja[] = {S(BPF_JMP | BPF_JA, 1), RET(1), RET(2)};
	is_int(run(ja, 3, &d), 2, "ja skips");

	static const struct {
		uint16_t op;
		uint32_t a, k;
		bool taken;
	} jmp[] = {
	    {BPF_JEQ, 5, 5, true},  {BPF_JEQ, 5, 6, false},  {BPF_JGT, 6, 5, true},
	    {BPF_JGT, 5, 5, false}, {BPF_JGE, 5, 5, true},   {BPF_JGE, 4, 5, false},
	    {BPF_JSET, 6, 2, true}, {BPF_JSET, 6, 1, false}, {BPF_JGT, 0x80000000, 1, true},
	};
	for (size_t i = 0; i < N(jmp); i++) {
		struct sock_filter k[] = {S(BPF_LD | BPF_IMM, jmp[i].a),
					  J(BPF_JMP | jmp[i].op | BPF_K, jmp[i].k, 0, 1), RET(1),
					  RET(2)};
		struct sock_filter x[] = {S(BPF_LD | BPF_IMM, jmp[i].a),
					  S(BPF_LDX | BPF_IMM, jmp[i].k),
					  J(BPF_JMP | jmp[i].op | BPF_X, 0, 0, 1), RET(1), RET(2)};
		char name[80];
		snprintf(name, sizeof(name), "jump 0x%02x %u,%u (k) %s", jmp[i].op, jmp[i].a,
			 jmp[i].k, jmp[i].taken ? "taken" : "not taken");
		is_int(run(k, 4, &d), jmp[i].taken ? 1 : 2, name);
		snprintf(name, sizeof(name), "jump 0x%02x %u,%u (x)", jmp[i].op, jmp[i].a,
			 jmp[i].k);
		is_int(run(x, 5, &d), jmp[i].taken ? 1 : 2, name);
	}
}

static void test_stack(void)
{
	static const uint32_t order[] = {
	    SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP,
	    SECCOMP_RET_ERRNO | 1,    SECCOMP_RET_USER_NOTIF,  SECCOMP_RET_TRACE,
	    SECCOMP_RET_LOG,	      SECCOMP_RET_ALLOW,
	};
	bool all = true;
	for (size_t i = 0; i < N(order); i++)
		for (size_t j = 0; j < N(order); j++)
			if (bpf_ret_stricter(order[i], order[j]) != (i < j))
				all = false;
	ok(all, "kill_process > kill_thread > trap > errno > notify > trace > log > allow");
	ok(!bpf_ret_stricter(SECCOMP_RET_ERRNO | 1, SECCOMP_RET_ERRNO | 38),
	   "the data does not rank");
	struct sock_filter e1[] = {RET(SECCOMP_RET_ERRNO | 1)};
	struct sock_filter e38[] = {RET(SECCOMP_RET_ERRNO | 38)};
	struct sock_filter allow[] = {RET(SECCOMP_RET_ALLOW)};
	struct sock_filter kill[] = {RET(SECCOMP_RET_KILL_PROCESS)};
	struct seccomp_data d = sd(0, 0, 0);
	struct bpf_prog s1[] = {{e38, 1}, {e1, 1}, {allow, 1}};
	is_int(bpf_run_stack(s1, 3, &d), SECCOMP_RET_ERRNO | 38,
	       "equal actions: the first filter run (the newest) gives the data");
	struct bpf_prog s2[] = {{allow, 1}, {e1, 1}, {kill, 1}};
	is_int(bpf_run_stack(s2, 3, &d), SECCOMP_RET_KILL_PROCESS, "kill_process wins");
	is_int(bpf_run_stack(NULL, 0, &d), SECCOMP_RET_ALLOW, "no filter allows");
}

/* "clone without namespace flags": arg0 & 0x7e020000 == 0 -> allow, else errno 1. */
static void test_explore_clone(void)
{
	struct sock_filter p[] = {
	    LDW(OFF_NR),
	    J(BPF_JMP | BPF_JEQ | BPF_K, 56, 1, 0),
	    RET(SECCOMP_RET_ALLOW),
	    LDW(OFF_A0),
	    S(BPF_ALU | BPF_AND | BPF_K, 0x7e020000),
	    J(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
	    RET(SECCOMP_RET_ALLOW),
	    RET(SECCOMP_RET_ERRNO | 1),
	};
	is_int(check(p, N(p)), 0, "clone program is valid");
	struct bpf_prog prog = {p, N(p)};
	struct explore_result r = {0};
	is_int(explore_syscall(&prog, 1, 0, AUDIT_ARCH_X86_64, &r), 0, "explore read");
	is_int(r.nleaves, 1, "read: one leaf (unconditional)");
	is_int(r.leaves[0].ret, SECCOMP_RET_ALLOW, "read: allow");
	explore_syscall(&prog, 1, 56, AUDIT_ARCH_X86_64, &r);
	is_int(r.nleaves, 2, "clone: two leaves");
	ok(!r.complex, "clone: exact");
	ok(r.words == (1u << (OFF_A0 / 4)), "clone: one word compared");
	const struct explore_cond *c = &r.conds[r.leaves[0].first];
	ok(r.leaves[0].n == 1 && c->op == BPF_JEQ && c->k == 0 && c->taken && c->v.nops == 1 &&
	       c->v.ops[0].op == BPF_AND && c->v.ops[0].k == 0x7e020000,
	   "clone: first leaf is 'arg0 & 0x7e020000 == 0'");
	is_int(r.leaves[0].ret, SECCOMP_RET_ALLOW, "clone: ... -> allow");
	is_int(r.leaves[1].ret, SECCOMP_RET_ERRNO | 1, "clone: otherwise errno 1");

	/* A repeated test on the same word is decided by the first one. */
	struct sock_filter rep[] = {
	    LDW(OFF_A0),
	    J(BPF_JMP | BPF_JEQ | BPF_K, 5, 0, 2),
	    J(BPF_JMP | BPF_JEQ | BPF_K, 6, 0, 1), /* cannot hold after == 5 */
	    RET(SECCOMP_RET_KILL_PROCESS),
	    J(BPF_JMP | BPF_JGT | BPF_K, 10, 0, 1),
	    RET(SECCOMP_RET_ERRNO | 1),
	    RET(SECCOMP_RET_ALLOW),
	};
	struct bpf_prog rp = {rep, N(rep)};
	explore_syscall(&rp, 1, 0, AUDIT_ARCH_X86_64, &r);
	is_int(r.nleaves, 3, "decided comparisons are not branched on");
	bool killed = false;
	for (size_t i = 0; i < r.nleaves; i++)
		killed |= r.leaves[i].ret == SECCOMP_RET_KILL_PROCESS;
	ok(!killed, "== 6 after == 5 is never taken: kill_process is unreachable");

	/* Stacked: the second filter refuses what the first allows, for some arguments. */
	struct sock_filter f2[] = {
	    LDW(OFF_A1),
	    J(BPF_JMP | BPF_JGE | BPF_K, 100, 0, 1),
	    RET(SECCOMP_RET_TRAP),
	    RET(SECCOMP_RET_ALLOW),
	};
	struct bpf_prog st[] = {prog, {f2, N(f2)}};
	explore_syscall(st, 2, 56, AUDIT_ARCH_X86_64, &r);
	is_int(r.nleaves, 4, "stack of two conditional filters: 4 leaves");
	uint32_t want[] = {SECCOMP_RET_TRAP, SECCOMP_RET_ALLOW, SECCOMP_RET_TRAP,
			   SECCOMP_RET_ERRNO | 1};
	bool same = r.nleaves == 4;
	for (size_t i = 0; same && i < 4; i++)
		same = r.leaves[i].ret == want[i];
	ok(same, "trap beats allow and errno; errno beats allow");

	/* Division by an unknown X: X == 0 returns 0 (kill_thread). */
	struct sock_filter div[] = {
	    LDW(OFF_A0),
	    S(BPF_MISC | BPF_TAX, 0),
	    S(BPF_LD | BPF_IMM, 10),
	    S(BPF_ALU | BPF_DIV | BPF_X, 0),
	    RET(SECCOMP_RET_ALLOW),
	};
	struct bpf_prog dp = {div, N(div)};
	is_int(check(div, N(div)), 0, "division by an argument is valid");
	explore_syscall(&dp, 1, 0, AUDIT_ARCH_X86_64, &r);
	ok(r.nleaves == 2 && r.leaves[0].ret == 0 && r.leaves[1].ret == SECCOMP_RET_ALLOW,
	   "division by arg0: arg0.lo == 0 -> kill_thread, otherwise allow");
	explore_result_free(&r);
}

/* libseccomp's programs for every comparison operator on 64-bit arguments: for boundary and
 * random inputs, the explorer's leaves agree with the interpreter. */
/* The program libseccomp compiles for ctx (released), malloc'd; *n instructions. */
static struct sock_filter *export_ctx(scmp_filter_ctx ctx, size_t *n)
{
	int fd = memfd_create("t", 0);
	seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	off_t len = lseek(fd, 0, SEEK_END);
	struct sock_filter *insns = malloc(len);
	if (pread(fd, insns, len, 0) != len)
		len = 0;
	close(fd);
	*n = (size_t)len / sizeof(*insns);
	return insns;
}

static void test_explore_libseccomp(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(1));
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	uint64_t big = 0x100000005ull;
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, 0, 1, SCMP_A0(SCMP_CMP_EQ, big));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, 1, 1, SCMP_A0(SCMP_CMP_NE, 40));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, 2, 1, SCMP_A1(SCMP_CMP_LT, big));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, 3, 1, SCMP_A1(SCMP_CMP_LE, 7));
	seccomp_rule_add(ctx, SCMP_ACT_TRAP, 4, 1, SCMP_A0(SCMP_CMP_GT, big));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, 5, 1, SCMP_A0(SCMP_CMP_GE, 3));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, 56, 1, SCMP_A0(SCMP_CMP_MASKED_EQ, 0x7e020000ull, 0));
	seccomp_rule_add(ctx, SCMP_ACT_LOG, 6, 2, SCMP_A0(SCMP_CMP_EQ, 1),
			 SCMP_A1(SCMP_CMP_MASKED_EQ, 0xff00000000ull, 0x1200000000ull));
	for (uint64_t v = 0; v < 5; v++)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, 135, 1, SCMP_A0(SCMP_CMP_EQ, v * 8));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, 7, 0);
	size_t n;
	struct sock_filter *insns = export_ctx(ctx, &n);
	off_t len = (off_t)(n * sizeof(*insns));
	struct bpf_prog prog = {insns, len / sizeof(*insns)};
	is_int(check(insns, prog.len), 0, "libseccomp's program passes the kernel's checks");
	static const uint64_t vals[] = {0,
					1,
					3,
					5,
					7,
					8,
					16,
					39,
					40,
					41,
					0x7e020000,
					0x02000000,
					0x00020000,
					0xffffffff,
					0x100000000ull,
					0x100000004ull,
					0x100000005ull,
					0x100000006ull,
					0x1200000000ull,
					0x1200000001ull,
					0x1300000000ull,
					0xffffffffffffffffull};
	static const int nrs[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 56, 135, 300};
	struct explore_result r = {0};
	unsigned mismatches = 0, tries = 0, conditional = 0;
	for (size_t i = 0; i < N(nrs); i++) {
		explore_syscall(&prog, 1, nrs[i], AUDIT_ARCH_X86_64, &r);
		conditional += r.nleaves > 1;
		for (size_t a = 0; a < N(vals); a++)
			for (size_t b = 0; b < N(vals); b++) {
				struct seccomp_data d = sd(nrs[i], vals[a], vals[b]);
				uint32_t want = bpf_run(&prog, &d);
				size_t hits = 0;
				uint32_t got = 0;
				for (size_t l = 0; l < r.nleaves; l++) {
					bool all = true;
					for (size_t c = 0; all && c < r.leaves[l].n; c++) {
						const struct explore_cond *ec =
						    &r.conds[r.leaves[l].first + c];
						all = explore_cond_holds(
						    ec, bpf_sd_word(&d, ec->v.word * 4));
					}
					if (all) {
						hits++;
						got = r.leaves[l].ret;
					}
				}
				tries++;
				if (hits != 1 || got != want) {
					if (mismatches++ < 5)
						printf("# nr %d a0 0x%llx a1 0x%llx: %zu leaves, "
						       "0x%x vs 0x%x\n",
						       nrs[i], (unsigned long long)vals[a],
						       (unsigned long long)vals[b], hits, got,
						       want);
				}
			}
		ok(!r.complex, "nr %d: exact description (%zu leaves)", nrs[i], r.nleaves);
	}
	is_int(conditional, 9, "nine of the syscalls are conditional");
	is_int(mismatches, 0, "every input meets exactly one leaf, with the interpreter's result");
	printf("# %u inputs checked\n", tries);
	explore_result_free(&r);
	free(insns);
}

static const char *text(const struct verdict *v, size_t abi, const char *name)
{
	static char out[512];
	const struct verdict_sys *s = verdict_lookup(&v->abi[abi], name);
	struct buf b = BUF_INIT;
	if (!s || verdict_sys_text(s, &b) < 0)
		return "(none)";
	snprintf(out, sizeof(out), "%s", b.data);
	buf_free(&b);
	return out;
}

/* Decisions and their text: strict mode, and rules written for people. */
static void test_verdict(void)
{
	struct filterdump d;
	struct verdict v;
	struct error err = {0};
	is_int(filterdump_strict(&d), 0, "strict mode program");
	is_int(verdict_compute(d.progs, d.n, &v, &err), 0, "strict: decisions");
	is_str(text(&v, 0, "read"), "allow", "strict: read allowed");
	is_str(text(&v, 0, "rt_sigreturn"), "allow", "strict: rt_sigreturn allowed");
	is_str(text(&v, 0, "getpid"), "kill_thread", "strict: getpid kills the thread");
	is_int(v.default_ret, SECCOMP_RET_KILL_THREAD, "strict: default kill_thread");
#if defined(__x86_64__)
	is_str(text(&v, 1, "sigreturn"), "allow", "strict: x86 sigreturn (119) allowed");
	is_str(text(&v, 1, "write"), "allow", "strict: x86 write (4) allowed");
	is_str(text(&v, 2, "read"), "kill_thread", "strict: x32 read killed");
#endif
	verdict_free(&v);
	filterdump_free(&d);

	/* The socket rule of Moby's profile: arg0 != 40, compiled as libseccomp does. */
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(1));
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	int sock = seccomp_syscall_resolve_name("socket");
	int pers = seccomp_syscall_resolve_name("personality");
	int clone = seccomp_syscall_resolve_name("clone");
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, sock, 1, SCMP_A0(SCMP_CMP_NE, 40));
	for (uint64_t p = 0; p < 3; p++)
		seccomp_rule_add(ctx, SCMP_ACT_ALLOW, pers, 1, SCMP_A0(SCMP_CMP_EQ, p * 0x10000));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, clone, 1,
			 SCMP_A0(SCMP_CMP_MASKED_EQ, 0x7e020000ull, 0));
	seccomp_rule_add(ctx, SCMP_ACT_ALLOW, seccomp_syscall_resolve_name("getpid"), 0);
	size_t n;
	struct sock_filter *insns = export_ctx(ctx, &n);
	off_t len = (off_t)(n * sizeof(*insns));
	is_int(filterdump_from_insns(insns, len / sizeof(*insns), &d, &err), 0, "from a program");
	is_int(verdict_compute(d.progs, d.n, &v, &err), 0, "decisions");
	is_str(text(&v, 0, "socket"), "arg0 == 40 -> errno 1 (EPERM); otherwise allow",
	       "a deny rule: the exception is written, allow is 'otherwise'");
	is_str(text(&v, 0, "personality"),
	       "arg0 in {0, 0x10000, 0x20000} -> allow; otherwise errno 1 (EPERM)",
	       "equalities merged into one set, sorted");
	is_str(text(&v, 0, "clone"), "arg0 & 0x7e020000 == 0 -> allow; otherwise errno 1 (EPERM)",
	       "a masked comparison");
	is_str(text(&v, 0, "getpid"), "allow", "unconditional");
	is_int(v.default_ret, SECCOMP_RET_ERRNO | 1, "default: the undefined numbers' decision");
	const struct verdict_sys *s = verdict_lookup(&v.abi[0], "socket");
	ok(s && s->conditional && s->words == ((1u << 4) | (1u << 5)) &&
	       s->may == ((1u << VERDICT_ALLOW) | (1u << VERDICT_ERRNO)),
	   "socket: both halves of arg0 compared; allow or errno");
	ok(verdict_sys_allows(s), "socket allows some calls");
	is_int(verdict_native_nr("socket"), sock, "native numbers by name");
	is_int(verdict_native_nr("listns"), 470, "names newer than libseccomp's table");
	verdict_free(&v);
	filterdump_free(&d);
	free(insns);
}

/* A filter a hostile container could install to slow the auditor down: 24 independent
 * tests of argument bits, 2^24 paths for every syscall. Decided approximately, quickly. */
static void test_hostile(void)
{
	static struct sock_filter p[64];
	size_t n = 0;
	for (unsigned i = 0; i < 24; i++) {
		p[n++] = (struct sock_filter)LDW(OFF_A0 + 8 * (i % 6));
		p[n++] = (struct sock_filter)J(BPF_JMP | BPF_JSET | BPF_K, 1u << i, 0, 0);
	}
	p[n++] = (struct sock_filter)RET(SECCOMP_RET_ERRNO | 1);
	is_int(check(p, n), 0, "the exploding filter is a valid program");
	struct filterdump d;
	struct verdict v;
	struct error err = {0};
	filterdump_from_insns(p, n, &d, &err);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(verdict_compute(d.progs, d.n, &v, &err), 0, "decided");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	ok(s < 20, "within the global budget (%.2f s)", s);
	ok(v.complex, "marked approximate");
	/* Unexplored paths are assumed to allow (fail closed for an auditor). */
	is_str(
	    text(&v, 0, "read"),
	    "~depends on the arguments in too many ways to describe; reaches allow errno; assumed "
	    "allow [approximate: exploration budget exhausted; too many paths to write out; the "
	    "worst is assumed]",
	    "too many paths: what is reached, the worst case assumed, marked approximate");
	const struct verdict_sys *rd = verdict_lookup(&v.abi[0], "read");
	is_int(rd->approx, VERDICT_APPROX_BUDGET | VERDICT_APPROX_PATHS, "...with its reasons");
	ok(v.default_approx != 0, "the default (the same exploding filter) is approximate too");
	ok(verdict_sys_allows(verdict_lookup(&v.abi[0], "read")), "counted as allowed");
	verdict_free(&v);
	filterdump_free(&d);
}

/* Programs that compare argument words (so that paths depend on the input). */
static size_t random_cmp_prog(struct sock_filter *p, size_t max)
{
	static const uint16_t jmps[] = {BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET};
	static const uint32_t vals[] = {0, 1, 5, 16, 0x80000000u, 0xffffffffu, 0x7e020000u};
	size_t n = 2 + (size_t)rand() % (max - 3);
	for (size_t k = 0; k + 1 < n; k++) {
		if (rand() % 3 == 0)
			p[k] = (struct sock_filter)LDW(OFF_A0 + 4 * (uint32_t)(rand() % 4));
		else if (rand() % 6 == 0)
			p[k] = (struct sock_filter)RET(rand() % 2 ? SECCOMP_RET_ALLOW
								  : SECCOMP_RET_ERRNO | 1);
		else
			p[k] = (struct sock_filter)J(BPF_JMP | jmps[rand() % 4] | BPF_K,
						     vals[rand() % 7], (uint8_t)(rand() % 3),
						     (uint8_t)(rand() % 3));
	}
	p[n - 1] = (struct sock_filter)RET(rand() % 2 ? SECCOMP_RET_ALLOW : SECCOMP_RET_ERRNO | 1);
	return n;
}

/* explore_pair: on every input the one leaf that holds carries both stacks' results, and a
 * pair it proves equal (exact, every leaf alike) is never told apart by running it. */
static void test_random_pairs(void)
{
	srand(7);
	unsigned pairs = 0, proven = 0, runs = 0;
	bool sane = true;
	struct explore_result er = {0};
	for (int i = 0; i < 4000; i++) {
		struct sock_filter pa[16], pb[16];
		size_t na = random_cmp_prog(pa, N(pa)), nb = random_cmp_prog(pb, N(pb));
		if (check(pa, na) != 0 || check(pb, nb) != 0)
			continue;
		if (i % 3 == 0) { /* often the same decisions written alike */
			memcpy(pb, pa, sizeof(pa));
			nb = na;
		}
		pairs++;
		struct bpf_prog a = {pa, na}, b = {pb, nb};
		if (explore_pair(&a, 1, &b, 1, 1, AUDIT_ARCH_X86_64, &er) < 0) {
			sane = false;
			continue;
		}
		bool equal = er.approx == 0;
		for (size_t l = 0; l < er.nleaves; l++)
			equal &= verdict_ret_norm(er.leaves[l].ret_a) ==
				 verdict_ret_norm(er.leaves[l].ret);
		proven += equal;
		for (int t = 0; t < 64; t++) {
			struct seccomp_data d = sd(1, 0, 0);
			static const uint32_t vals[] = {
			    0, 1, 5, 16, 0x80000000u, 0xffffffffu, 0x7e020000u, 6, 17, 4};
			for (unsigned w = 4; w < 8; w++) {
				uint32_t v = rand() % 2 ? vals[rand() % 10] : (uint32_t)rand();
				memcpy((char *)&d + w * 4, &v, 4);
			}
			uint32_t ra = bpf_run(&a, &d), rb = bpf_run(&b, &d);
			runs++;
			size_t hits = 0;
			for (size_t l = 0; l < er.nleaves; l++) {
				bool all = true;
				for (size_t c = 0; c < er.leaves[l].n; c++) {
					const struct explore_cond *ec =
					    &er.conds[er.leaves[l].first + c];
					all &=
					    explore_cond_holds(ec, bpf_sd_word(&d, ec->v.word * 4));
				}
				if (all && ++hits == 1 && !er.leaves[l].approx &&
				    (er.leaves[l].ret_a != ra || er.leaves[l].ret != rb)) {
					sane = false;
					printf("# pair %d: leaf 0x%x/0x%x, run 0x%x/0x%x\n", i,
					       er.leaves[l].ret_a, er.leaves[l].ret, ra, rb);
				}
			}
			if (er.approx == 0 && hits != 1)
				sane = false;
			if (equal && verdict_ret_norm(ra) != verdict_ret_norm(rb)) {
				sane = false;
				printf("# pair %d: proven equal, yet 0x%x != 0x%x\n", i, ra, rb);
			}
		}
	}
	explore_result_free(&er);
	ok(pairs > 300, "random pairs: %u explored together, %u proven equal", pairs, proven);
	ok(proven > 100 && proven < pairs, "...some proven equal, some not");
	ok(sane, "random pairs: %u runs, each input meets one leaf with both results", runs);
}

static void decide(const struct sock_filter *p, size_t n, struct verdict *v, struct filterdump *d)
{
	struct error err = {0};
	filterdump_from_insns(p, n, d, &err);
	if (verdict_compute(d->progs, d->n, v, &err) < 0)
		printf("# verdict_compute: %s\n", err.msg);
}

/* RET A of an argument: the explorer cannot know the action, assumes the worst (allow), and
 * says so on that row only; --deep facts do not turn it into a pass (issue 11, defect 8). */
static void test_approx_rows(void)
{
	static const struct sock_filter reta[] = {
	    LDW(OFF_NR),
	    J(BPF_JMP | BPF_JEQ | BPF_K, 165 /* mount */, 0, 2),
	    LDW(OFF_A0),
	    S(BPF_RET | BPF_A, 0),
	    RET(SECCOMP_RET_ERRNO | 1),
	};
	struct filterdump d;
	struct verdict v;
	decide(reta, N(reta), &v, &d);
	const struct verdict_sys *m = verdict_lookup(&v.abi[0], "mount");
	const struct verdict_sys *r = verdict_lookup(&v.abi[0], "read");
	is_int(m->approx, VERDICT_APPROX_RET_A, "RET A of arg0: mount approximate (ret_a)");
	is_int(r->approx, 0, "...read exact");
	is_str(text(&v, 0, "mount"),
	       "~allow [approximate: returns a value computed from the input (RET A); the worst "
	       "is assumed]",
	       "...marked in its text");
	is_str(text(&v, 0, "read"), "errno 1 (EPERM)", "...read unmarked");
	struct facts f = {0};
	f = (struct facts){0};
	is_int(deep_facts(d.progs, d.n, &v, &f), 0, "deep facts");
	ok(strv_contains(&f.v[F_SECCOMP_ALLOWED_DANGEROUS].l, "mount"),
	   "deep: the approximate mount counts as allowed (worst case)");
	ok(strv_contains(&f.v[F_SECCOMP_CONDITIONAL].l, "mount"),
	   "deep: ...and as conditional (its action depends on arg0)");
	is_str(facts_str(&f, F_SECCOMP_DEFAULT_ACTION), "errno EPERM", "deep: exact default known");
	facts_free(&f);
	verdict_free(&v);
	filterdump_free(&d);

	/* The default itself computed from an argument: no single value, so unknown. */
	static const struct sock_filter retdef[] = {
	    LDW(OFF_NR),
	    J(BPF_JMP | BPF_JGE | BPF_K, 335, 0, 2),
	    LDW(OFF_A1),
	    S(BPF_RET | BPF_A, 0),
	    RET(SECCOMP_RET_ERRNO | 1),
	};
	decide(retdef, N(retdef), &v, &d);
	ok(v.default_approx != 0, "RET A for unnamed numbers: the default is approximate");
	f = (struct facts){0};
	deep_facts(d.progs, d.n, &v, &f);
	ok(!f.v[F_SECCOMP_DEFAULT_ACTION].known, "deep: seccomp.default_action unknown");
	facts_free(&f);
	verdict_free(&v);
	filterdump_free(&d);

	/* Budget: 14 comparisons whose outcomes all go on, then a refusal. The kernel refuses
	 * mount for every input; unexplored paths are assumed to allow. */
	static struct sock_filter bud[40];
	size_t n = 0;
	bud[n++] = (struct sock_filter)LDW(OFF_NR);
	bud[n++] = (struct sock_filter)J(BPF_JMP | BPF_JEQ | BPF_K, 165, 0, 29);
	for (unsigned i = 0; i < 14; i++) {
		bud[n++] = (struct sock_filter)LDW(OFF_A0 + 8 * (i % 6));
		bud[n++] = (struct sock_filter)J(BPF_JMP | BPF_JSET | BPF_K, 1u << i, 0, 0);
	}
	bud[n++] = (struct sock_filter)RET(SECCOMP_RET_ERRNO | 1);
	bud[n++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
	is_int(check(bud, n), 0, "the budget filter is a valid program");
	decide(bud, n, &v, &d);
	m = verdict_lookup(&v.abi[0], "mount");
	ok(m->approx & VERDICT_APPROX_BUDGET, "budget: mount approximate (budget)");
	f = (struct facts){0};
	deep_facts(d.progs, d.n, &v, &f);
	ok(strv_contains(&f.v[F_SECCOMP_ALLOWED_DANGEROUS].l, "mount"),
	   "deep: budget-exhausted mount counts as allowed (not a confident pass)");
	facts_free(&f);
	verdict_free(&v);
	filterdump_free(&d);
}

int main(void)
{
	test_check_rejects();
	test_semantics();
	test_stack();
	test_random();
	test_explore_clone();
	test_explore_libseccomp();
	test_verdict();
	test_hostile();
	test_approx_rows();
	test_random_pairs();
	return tap_done();
}
