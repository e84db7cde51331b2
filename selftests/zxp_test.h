/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the zxpager selftests (after kselftest_harness.h).
 */
#ifndef ZXP_TEST_H_
#define ZXP_TEST_H_

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include <zircon/status.h>
#include <zircon/syscalls.h>

/*
 * The module's live objects and pages (debugfs zxpager/stats; the test
 * guest mounts debugfs). Returns 0, or -1 when the file is not there.
 */
static inline int zxp_stats(long *objects, long *pages)
{
	FILE *f = fopen("/sys/kernel/debug/zxpager/stats", "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "objects %ld pages %ld", objects, pages);
	fclose(f);
	return n == 2 ? 0 : -1;
}

/*
 * Objects and pages must be back to what they were (*0 taken with
 * zxp_stats earlier): nothing leaked. No-op without the stats file.
 */
#define EXPECT_NO_LEAKS(have_stats, objects0, pages0)                         \
	do {                                                                   \
		long _objects, _pages;                                         \
		if (have_stats) {                                              \
			ASSERT_EQ(0, zxp_stats(&_objects, &_pages));           \
			EXPECT_EQ((objects0), _objects) TH_LOG("objects leaked"); \
			EXPECT_EQ((pages0), _pages) TH_LOG("pages leaked");    \
		}                                                              \
	} while (0)

/* EXPECT a zx_status_t, printing names rather than numbers. */
#define EXPECT_ZX(want, call)                                                  \
	do {                                                                   \
		zx_status_t _got = (call);                                     \
		EXPECT_EQ((want), _got) {                                      \
			TH_LOG("%s: got %s, want %s", #call,                    \
			       zx_status_get_string(_got), zx_status_get_string(want)); \
		}                                                              \
	} while (0)

#define ASSERT_ZX(want, call)                                                  \
	do {                                                                   \
		zx_status_t _got = (call);                                     \
		ASSERT_EQ((want), _got) {                                      \
			TH_LOG("%s: got %s, want %s", #call,                    \
			       zx_status_get_string(_got), zx_status_get_string(want)); \
		}                                                              \
	} while (0)

#define ZXP_OK(call) ASSERT_ZX(ZX_OK, call)

/*
 * Wait until thread @tid of this process sleeps waiting for the pager: its
 * wchan names zxpager's wait (a plain sleeping state could be any other
 * sleep). 0 once it does; -1 if the thread is gone or, with a @deadline
 * other than ZX_TIME_INFINITE, when that passes first.
 */
static inline int zxp_wait_blocked(pid_t tid, zx_instant_mono_t deadline)
{
	char path[64], wchan[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/wchan", tid);
	while (deadline == ZX_TIME_INFINITE || zx_clock_get_monotonic() < deadline) {
		f = fopen(path, "r");
		if (!f)
			return -1;
		if (!fgets(wchan, sizeof(wchan), f))
			wchan[0] = 0;
		fclose(f);
		if (!strcmp(wchan, "zxp_request_wait"))
			return 0;
		sched_yield();
	}
	return -1;
}

#endif /* ZXP_TEST_H_ */
