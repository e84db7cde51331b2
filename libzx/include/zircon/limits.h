/* SPDX-License-Identifier: MIT */
/*
 * Fuchsia's page size constants. ZX_PAGE_SIZE is Fuchsia's fixed 4 KiB;
 * code that must follow the running kernel's page size (an arm64 Linux
 * kernel may use 16 or 64 KiB pages) should call zx_system_get_page_size().
 */
#ifndef SYSROOT_ZIRCON_LIMITS_H_
#define SYSROOT_ZIRCON_LIMITS_H_

#include <stdint.h>

#define ZX_PAGE_SHIFT ((uint32_t)12u)
#define ZX_PAGE_SIZE ((uintptr_t)(1u << ZX_PAGE_SHIFT))
#define ZX_PAGE_MASK (ZX_PAGE_SIZE - 1u)

/* Range of page sizes the architecture allows. */
#if defined(__x86_64__) || defined(__i386__)
#define ZX_MIN_PAGE_SHIFT ((uint32_t)12u)
#define ZX_MAX_PAGE_SHIFT ((uint32_t)21u)
#elif defined(__aarch64__) || defined(__arm__)
#define ZX_MIN_PAGE_SHIFT ((uint32_t)12u)
#define ZX_MAX_PAGE_SHIFT ((uint32_t)16u)
#elif defined(__riscv)
#define ZX_MIN_PAGE_SHIFT ((uint32_t)12u)
#define ZX_MAX_PAGE_SHIFT ((uint32_t)21u)
#else
#error "zircon/limits.h: unsupported architecture"
#endif

#define ZX_MIN_PAGE_SIZE ((uintptr_t)(1u << ZX_MIN_PAGE_SHIFT))
#define ZX_MAX_PAGE_SIZE ((uintptr_t)(1u << ZX_MAX_PAGE_SHIFT))

#endif /* SYSROOT_ZIRCON_LIMITS_H_ */
