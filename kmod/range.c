// SPDX-License-Identifier: GPL-2.0
/*
 * Range arithmetic shared by every call that takes an offset and a length.
 * Ranges are half-open: [offset, offset + length). A range must not wrap
 * around 2^64; a zero-length range at offset == size is valid.
 */
#include <linux/mm.h>
#include <linux/overflow.h>

#include "zxpager.h"

/* 0 when [offset, offset + length) lies within [0, size), else -ERANGE. */
int zxp_range_check(u64 offset, u64 length, u64 size)
{
	u64 end;

	if (check_add_overflow(offset, length, &end) || end > size)
		return -ERANGE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(zxp_range_check);

/* A VMO size rounded up to pages; -ERANGE beyond ZXP_VMO_MAX_SIZE. */
int zxp_round_size(u64 size, u64 *rounded)
{
	/* The maximum is page aligned, so rounding up cannot pass it. */
	if (size > ZXP_VMO_MAX_SIZE)
		return -ERANGE;
	*rounded = round_up(size, (u64)PAGE_SIZE);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(zxp_round_size);
