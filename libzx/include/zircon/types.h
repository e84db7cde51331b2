/* SPDX-License-Identifier: MIT */
/*
 * Fuchsia's basic types, with Fuchsia's names, widths and values.
 * On Linux a zx_handle_t is a file descriptor number (see <zxp.h>).
 */
#ifndef SYSROOT_ZIRCON_TYPES_H_
#define SYSROOT_ZIRCON_TYPES_H_

#include <stddef.h>
#include <stdint.h>

#include <zircon/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t zx_status_t;
typedef uint32_t zx_handle_t;
typedef uint32_t zx_rights_t;
typedef uint32_t zx_signals_t;
typedef uint32_t zx_obj_type_t;
typedef uint64_t zx_koid_t;
typedef uint64_t zx_off_t;
typedef uint64_t zx_vaddr_t;
typedef uint64_t zx_paddr_t;
typedef uint32_t zx_vm_option_t;
/* Absolute CLOCK_MONOTONIC time and durations, in nanoseconds. */
typedef int64_t zx_time_t;
typedef int64_t zx_duration_t;

#define ZX_HANDLE_INVALID ((zx_handle_t)0)
#define ZX_KOID_INVALID ((uint64_t)0)
#define ZX_TIME_INFINITE INT64_MAX
#define ZX_TIME_INFINITE_PAST INT64_MIN

#ifdef __cplusplus
}
#endif

#endif /* SYSROOT_ZIRCON_TYPES_H_ */
