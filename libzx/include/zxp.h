/* SPDX-License-Identifier: MIT */
/*
 * libzx's Linux-only additions. Fuchsia's API lives in <zircon/...>; what
 * has no Fuchsia counterpart is here, with the zxp_ prefix.
 */
#ifndef ZXP_H_
#define ZXP_H_

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where the module's device is; $ZXP_DEVICE overrides it (for tests). */
#define ZXP_DEVICE_PATH "/dev/zxpager"

/*
 * The process's shared fd of /dev/zxpager, opened O_CLOEXEC on first use.
 * Returns the fd, or a negative zx_status_t: ZX_ERR_NOT_SUPPORTED when the
 * module is not loaded, ZX_ERR_ACCESS_DENIED when the device is not ours.
 */
int zxp_device_fd(void);

/* What the module said in the handshake (ZXPAGER_IOC_API). */
struct zxp_api_info {
	uint32_t abi_version;	/* ZXPAGER_ABI_VERSION of the module */
	uint64_t features;	/* ZXPAGER_FEATURE_* bits it supports */
	uint64_t ioctls;	/* bit n: command n supported */
};

/* Performs the handshake. ZX_OK, or the status of the failure. */
zx_status_t zxp_api(struct zxp_api_info *info);

/*
 * Hand a handle to another process over a connected unix socket
 * (SCM_RIGHTS), which is how handles travel between Linux processes. The
 * sender keeps its own handle; the receiver's is created O_CLOEXEC.
 * zxp_handle_send refuses an fd that is not a zxpager handle
 * (ZX_ERR_BAD_HANDLE); a closed peer is ZX_ERR_PEER_CLOSED.
 */
zx_status_t zxp_handle_send(int sock, zx_handle_t handle);
zx_status_t zxp_handle_recv(int sock, zx_handle_t *out);

/*
 * The zx_status_t for a (positive) errno returned by the module, following
 * the errno contract of <linux/zxpager.h>. Unknown errnos: ZX_ERR_INTERNAL.
 */
zx_status_t zxp_status_from_errno(int err);

#ifdef __cplusplus
}
#endif

#endif /* ZXP_H_ */
