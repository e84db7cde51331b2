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

/*
 * The runs of Dirty or AwaitingClean pages of @pager_vmo in [offset,
 * offset + length), rounded out to pages, in offset order: up to
 * buffer_size / sizeof(zx_vmo_dirty_range_t) of them into buffer
 * (*actual), and how many there are (*avail).
 */
zx_status_t zx_pager_query_dirty_ranges(zx_handle_t pager, zx_handle_t pager_vmo,
					uint64_t offset, uint64_t length, void *buffer,
					size_t buffer_size, size_t *actual, size_t *avail);

/* zx_pager_vmo_stats_t: whether the VMO was modified; options RESET clears it. */
zx_status_t zx_pager_query_vmo_stats(zx_handle_t pager, zx_handle_t pager_vmo, uint32_t options,
				     void *buffer, size_t buffer_size);

#ifdef __cplusplus
}
#endif

#endif /* SYSROOT_ZIRCON_SYSCALLS_NEXT_H_ */
