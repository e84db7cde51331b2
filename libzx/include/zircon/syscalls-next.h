/* SPDX-License-Identifier: MIT */
/*
 * Fuchsia's not-yet-stable ("next") syscall ABI. Of it, libzx has the
 * pager writeback types; Fuchsia keeps them here, not in <zircon/types.h>.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_NEXT_H_
#define SYSROOT_ZIRCON_SYSCALLS_NEXT_H_

#include <stdint.h>

#include <zircon/syscalls.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One record of zx_pager_query_dirty_ranges(): [offset, offset + length). */
typedef struct zx_vmo_dirty_range {
	uint64_t offset;
	uint64_t length;
	/* ZX_VMO_DIRTY_RANGE_* */
	uint64_t options;
} zx_vmo_dirty_range_t;

/* zx_vmo_dirty_range_t.options: the range reads as zeros. */
#define ZX_VMO_DIRTY_RANGE_IS_ZERO ((uint64_t)1u)

#ifdef __cplusplus
}
#endif

#endif /* SYSROOT_ZIRCON_SYSCALLS_NEXT_H_ */
