/* Per-syscall cost: nanoseconds per call of personality(0xffffffff) (argument-checked by the
 * default profile) and getppid() (allowed plainly). bench/syscall-cost runs it with and without
 * ctguard's default filter. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/personality.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000000;
	volatile long sink = 0;
	double best_p = 1e18, best_g = 1e18;
	for (int round = 0; round < 5; round++) {
		double t0 = now_ns();
		for (long i = 0; i < n; i++)
			sink += personality(0xffffffff);
		double t1 = now_ns();
		for (long i = 0; i < n; i++)
			sink += getppid();
		double t2 = now_ns();
		if ((t1 - t0) / n < best_p)
			best_p = (t1 - t0) / n;
		if ((t2 - t1) / n < best_g)
			best_g = (t2 - t1) / n;
	}
	printf("%.1f %.1f\n", best_p, best_g);
	return sink == 42 ? 1 : 0;
}
