/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmarks share: a microsecond clock and the median of a set
 * of samples (medians, not means: a shared host stalls the emulator now
 * and then, and a mean would measure the host).
 */
#ifndef ZXP_BENCH_H
#define ZXP_BENCH_H

#include <stdlib.h>
#include <time.h>

static inline double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static inline int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts @v. */
static inline double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif /* ZXP_BENCH_H */
