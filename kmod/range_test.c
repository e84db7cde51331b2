// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of range.c: offset/length checks and size rounding, with the
 * edges drawn out (size S, pages of 4 KiB shown as |----|):
 *
 *   0                                   S
 *   |-------|-------|-------|-------|   offset + length <= S: ok
 *                       [=======]       ok
 *                           [===========]  past S: ERANGE
 *                                   []  length 0 at S: ok
 *   offset + length wrapping past 2^64: ERANGE, never "small"
 */
#include <kunit/test.h>
#include <linux/mm.h>

#include "zxpager.h"

struct zxp_range_case {
	const char *name;
	u64 offset, length, size;
	int want;
};

static const struct zxp_range_case zxp_range_cases[] = {
	{ "empty_at_zero", 0, 0, 0, 0 },
	{ "empty_at_end", 4096, 0, 4096, 0 },
	{ "empty_past_end", 4097, 0, 4096, -ERANGE },
	{ "whole", 0, 4096, 4096, 0 },
	{ "one_past", 1, 4096, 4096, -ERANGE },
	{ "inside", 100, 200, 4096, 0 },
	{ "wraps", U64_MAX, 2, U64_MAX, -ERANGE },
	{ "wraps_to_zero", 1, U64_MAX, U64_MAX, -ERANGE },
	{ "max_exact", 0, U64_MAX, U64_MAX, 0 },
	{ "ends_at_max", U64_MAX - 4096, 4096, U64_MAX, 0 },
	{ "ends_past_max", U64_MAX - 4095, 4096, U64_MAX, -ERANGE },
};

static void zxp_range_case_desc(const struct zxp_range_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(zxp_range, zxp_range_cases, zxp_range_case_desc);

static void zxp_range_check_test(struct kunit *test)
{
	const struct zxp_range_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, zxp_range_check(c->offset, c->length, c->size), c->want);
}

static void zxp_round_size_test(struct kunit *test)
{
	u64 r = 12345;

	KUNIT_EXPECT_EQ(test, zxp_round_size(0, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 0);
	KUNIT_EXPECT_EQ(test, zxp_round_size(1, &r), 0);
	KUNIT_EXPECT_EQ(test, r, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, zxp_round_size(PAGE_SIZE, &r), 0);
	KUNIT_EXPECT_EQ(test, r, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, zxp_round_size(PAGE_SIZE + 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, zxp_round_size(ZXP_VMO_MAX_SIZE, &r), 0);
	KUNIT_EXPECT_EQ(test, r, ZXP_VMO_MAX_SIZE);
	/* Just past the maximum, and values whose round-up would wrap. */
	r = 7;
	KUNIT_EXPECT_EQ(test, zxp_round_size(ZXP_VMO_MAX_SIZE + 1, &r), -ERANGE);
	KUNIT_EXPECT_EQ(test, zxp_round_size(U64_MAX, &r), -ERANGE);
	KUNIT_EXPECT_EQ(test, zxp_round_size(U64_MAX - PAGE_SIZE + 2, &r), -ERANGE);
	KUNIT_EXPECT_EQ(test, r, 7);	/* untouched on failure */
}

static struct kunit_case zxp_range_test_cases[] = {
	KUNIT_CASE_PARAM(zxp_range_check_test, zxp_range_gen_params),
	KUNIT_CASE(zxp_round_size_test),
	{}
};

static struct kunit_suite zxp_range_suite = {
	.name = "zxpager_range",
	.test_cases = zxp_range_test_cases,
};
kunit_test_suite(zxp_range_suite);
