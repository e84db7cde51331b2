/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the zxpager selftests (after kselftest_harness.h).
 */
#ifndef ZXP_TEST_H_
#define ZXP_TEST_H_

#include <stdio.h>
#include <string.h>

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

#endif /* ZXP_TEST_H_ */
