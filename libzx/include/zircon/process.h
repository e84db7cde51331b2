/* SPDX-License-Identifier: MIT */
/* Handles that describe the calling process. */
#ifndef SYSROOT_ZIRCON_PROCESS_H_
#define SYSROOT_ZIRCON_PROCESS_H_

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The process's root VMAR: the whole user address space. Not owned by the
 * caller; never close it.
 */
zx_handle_t zx_vmar_root_self(void);

#ifdef __cplusplus
}
#endif

#endif /* SYSROOT_ZIRCON_PROCESS_H_ */
