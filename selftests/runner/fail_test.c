// SPDX-License-Identifier: GPL-2.0
/*
 * A selftest that fails on purpose. scripts/check runs it only with
 * --inject fail, to prove that a failing selftest fails the check.
 */
#include "kselftest_harness.h"

TEST(fails_on_purpose)
{
	EXPECT_EQ(0, 1) TH_LOG("deliberate failure (runner self-test)");
}

TEST_HARNESS_MAIN
