/* bench/seccomp-dump.c: the cost of reading and deciding one process's seccomp filters, in
 * process (no ctguard start-up), and how long the process is stopped, seen from both sides.
 *
 *   seccomp-dump-bench spin FILE.bpf REPORT
 *       loads FILE.bpf as a seccomp filter, then spins reading CLOCK_MONOTONIC; every 100 ms
 *       it writes to REPORT the longest gap between two reads since the last report (the
 *       time it did not run: stopped, or preempted).
 *   seccomp-dump-bench dump PID N
 *       N times: filterdump_read + verdict_compute of PID; prints one line per run:
 *       "total_us dump_us decide_us stopped_us held_us".
 * Built by bench/seccomp-dump against a build directory's libctguard.a. */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "seccomp/filterdump.h"
#include "seccomp/verdict.h"

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int spin(const char *bpf, const char *report)
{
	static struct sock_filter insns[BPF_PROG_MAX];
	FILE *f = fopen(bpf, "rb");
	size_t n = f ? fread(insns, sizeof(insns[0]), BPF_PROG_MAX, f) : 0;
	if (f)
		fclose(f);
	struct sock_fprog prog = {.len = (unsigned short)n, .filter = insns};
	if (n == 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
		fprintf(stderr, "spin: cannot load %s: %s\n", bpf, strerror(errno));
		return 1;
	}
	uint64_t last = now_ns(), since = last, gap = 0;
	for (;;) {
		uint64_t t = now_ns();
		if (t - last > gap)
			gap = t - last;
		last = t;
		if (t - since > 100000000u) {
			FILE *r = fopen(report, "a");
			if (r) {
				fprintf(r, "%llu\n", (unsigned long long)(gap / 1000));
				fclose(r);
			}
			gap = 0;
			since = last = now_ns();
		}
	}
}

static int dump(pid_t pid, int n)
{
	for (int i = 0; i < n; i++) {
		struct filterdump d;
		struct verdict v;
		struct error err = {0};
		uint64_t t0 = now_ns();
		if (filterdump_read(pid, NULL, &d, &err) < 0) {
			fprintf(stderr, "dump: %s\n", err.msg);
			return 1;
		}
		uint64_t t1 = now_ns();
		if (verdict_compute(d.progs, d.n, &v, &err) < 0) {
			fprintf(stderr, "decide: %s\n", err.msg);
			return 1;
		}
		uint64_t t2 = now_ns();
		printf("%.1f %.1f %.1f %.1f %.1f\n", (double)(t2 - t0) / 1e3,
		       (double)(t1 - t0) / 1e3, (double)(t2 - t1) / 1e3, (double)d.stopped_ns / 1e3,
		       (double)d.held_ns / 1e3);
		verdict_free(&v);
		filterdump_free(&d);
		usleep(20000);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "spin") == 0)
		return spin(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "dump") == 0)
		return dump(atoi(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: %s spin FILE.bpf REPORT | dump PID N\n", argv[0]);
	return 2;
}
