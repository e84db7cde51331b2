// SPDX-License-Identifier: GPL-2.0
/*
 * libzx's status codes: Fuchsia's values, their names, and the one table
 * that turns the module's errnos into zx_status_t.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"

#include <zircon/errors.h>
#include <zircon/status.h>
#include <zircon/types.h>
#include <zxp.h>

/* Values from Fuchsia's zx.Status; a typo in our header breaks this. */
TEST(fuchsia_values)
{
	EXPECT_EQ(0, ZX_OK);
	EXPECT_EQ(-1, ZX_ERR_INTERNAL);
	EXPECT_EQ(-2, ZX_ERR_NOT_SUPPORTED);
	EXPECT_EQ(-4, ZX_ERR_NO_MEMORY);
	EXPECT_EQ(-10, ZX_ERR_INVALID_ARGS);
	EXPECT_EQ(-11, ZX_ERR_BAD_HANDLE);
	EXPECT_EQ(-12, ZX_ERR_WRONG_TYPE);
	EXPECT_EQ(-14, ZX_ERR_OUT_OF_RANGE);
	EXPECT_EQ(-15, ZX_ERR_BUFFER_TOO_SMALL);
	EXPECT_EQ(-20, ZX_ERR_BAD_STATE);
	EXPECT_EQ(-21, ZX_ERR_TIMED_OUT);
	EXPECT_EQ(-22, ZX_ERR_SHOULD_WAIT);
	EXPECT_EQ(-23, ZX_ERR_CANCELED);
	EXPECT_EQ(-24, ZX_ERR_PEER_CLOSED);
	EXPECT_EQ(-25, ZX_ERR_NOT_FOUND);
	EXPECT_EQ(-26, ZX_ERR_ALREADY_EXISTS);
	EXPECT_EQ(-28, ZX_ERR_UNAVAILABLE);
	EXPECT_EQ(-30, ZX_ERR_ACCESS_DENIED);
	EXPECT_EQ(-40, ZX_ERR_IO);
	EXPECT_EQ(-41, ZX_ERR_IO_REFUSED);
	EXPECT_EQ(-42, ZX_ERR_IO_DATA_INTEGRITY);
	EXPECT_EQ(-43, ZX_ERR_IO_DATA_LOSS);
	EXPECT_EQ(-54, ZX_ERR_NO_SPACE);
	EXPECT_EQ(0, ZX_HANDLE_INVALID);
	EXPECT_EQ(4, sizeof(zx_status_t));
	EXPECT_EQ(4, sizeof(zx_handle_t));
	EXPECT_EQ(8, sizeof(zx_time_t));
}

TEST(names)
{
	EXPECT_STREQ("ZX_OK", zx_status_get_string(ZX_OK));
	EXPECT_STREQ("ZX_ERR_BAD_STATE", zx_status_get_string(ZX_ERR_BAD_STATE));
	EXPECT_STREQ("ZX_ERR_INTERNAL_INTR_KILLED",
		     zx_status_get_string(ZX_ERR_INTERNAL_INTR_KILLED));
	EXPECT_STREQ("(UNKNOWN)", zx_status_get_string(-7));
	EXPECT_STREQ("(UNKNOWN)", zx_status_get_string(1));
}

/* The errno contract of <linux/zxpager.h>, read back by libzx. */
TEST(errno_contract)
{
	static const struct { int err; zx_status_t want; } cases[] = {
		{ ENOTTY, ZX_ERR_NOT_SUPPORTED },
		{ EOPNOTSUPP, ZX_ERR_NOT_SUPPORTED },
		{ E2BIG, ZX_ERR_NOT_SUPPORTED },
		{ EINVAL, ZX_ERR_INVALID_ARGS },
		{ EFAULT, ZX_ERR_INVALID_ARGS },
		{ EOVERFLOW, ZX_ERR_OUT_OF_RANGE },
		{ ENOENT, ZX_ERR_NOT_FOUND },
		{ EBADF, ZX_ERR_BAD_HANDLE },
		{ ENOMEM, ZX_ERR_NO_MEMORY },
		{ EMFILE, ZX_ERR_NO_RESOURCES },
		{ EACCES, ZX_ERR_ACCESS_DENIED },
		{ ETIMEDOUT, ZX_ERR_TIMED_OUT },
		{ EPROTOTYPE, ZX_ERR_WRONG_TYPE },
		{ EBUSY, ZX_ERR_UNAVAILABLE },
		{ EAGAIN, ZX_ERR_SHOULD_WAIT },
		{ EBADFD, ZX_ERR_BAD_STATE },
		{ ENOBUFS, ZX_ERR_BUFFER_TOO_SMALL },
		{ ERANGE, ZX_ERR_OUT_OF_RANGE },
		{ EIO, ZX_ERR_IO },
		{ EBADMSG, ZX_ERR_IO_DATA_INTEGRITY },
		{ ENOSPC, ZX_ERR_NO_SPACE },
		{ 0, ZX_ERR_INTERNAL },
		{ EXDEV, ZX_ERR_INTERNAL },
		{ -1, ZX_ERR_INTERNAL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_EQ(cases[i].want, zxp_status_from_errno(cases[i].err))
			TH_LOG("errno %d (%s)", cases[i].err, strerror(cases[i].err));
	}
}

TEST_HARNESS_MAIN
