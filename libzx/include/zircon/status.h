/* SPDX-License-Identifier: MIT */
#ifndef SYSROOT_ZIRCON_STATUS_H_
#define SYSROOT_ZIRCON_STATUS_H_

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The name of a status code ("ZX_ERR_BAD_HANDLE"), or "(UNKNOWN)". */
const char *zx_status_get_string(zx_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* SYSROOT_ZIRCON_STATUS_H_ */
