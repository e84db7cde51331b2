/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zxpager: Fuchsia Zircon's user-mode pager, VMO and port objects on Linux.
 *
 * This is the whole ABI between the zxpager module and userspace (libzx).
 * Userspace normally uses libzx's <zircon/...> API instead of this header.
 *
 * Every ioctl takes a pointer to a struct that starts with
 *
 *	__u32 size;	size of the struct as the caller knows it
 *	__u32 flags;	ZXPAGER_*_FLAG_* bits for that command
 *
 * so that the struct can grow at its end (the iommufd scheme): the kernel
 * reads min(size, its own size) bytes, treats bytes it does not know as
 * zero if the caller's struct is shorter, and refuses a longer struct whose
 * extra bytes are not all zero. It writes back at most @size bytes.
 *
 * Errno contract, the same for every ioctl:
 *   ENOTTY      unknown ioctl command
 *   EFAULT      the argument (or a pointer inside it) is not accessible
 *   EINVAL      @size is smaller than the command's first version, a
 *               reserved field is not zero, or a field has a bad value
 *   E2BIG       @size is larger than the kernel's struct and the extra
 *               bytes are not zero (the caller asks for something newer)
 *   EOPNOTSUPP  @flags has a bit this kernel does not know
 *   EOVERFLOW   an offset + length wraps around
 *   ENOENT      a referenced object does not exist
 * Commands document any other errno they return.
 */
#ifndef _UAPI_LINUX_ZXPAGER_H
#define _UAPI_LINUX_ZXPAGER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define ZXPAGER_DEVICE_NAME	"zxpager"

/* Bumped only on an incompatible change; growth goes through @size. */
#define ZXPAGER_ABI_VERSION	1

/* ioctl type byte, see Documentation/userspace-api/ioctl/ioctl-number.rst */
#define ZXPAGER_TYPE		0xB9

enum {
	ZXPAGER_CMD_BASE = 0x00,
	ZXPAGER_CMD_API = ZXPAGER_CMD_BASE,
};

/*
 * Feature bits reported by ZXPAGER_IOC_API, one per capability of the
 * module; userspace probes them rather than comparing versions. None is
 * defined yet: the first objects (ports, VMOs, pagers) add theirs.
 */
#define ZXPAGER_FEATURES_ALL	0ULL

/**
 * struct zxpager_api - ZXPAGER_IOC_API: the handshake
 * @size: sizeof(struct zxpager_api)
 * @flags: must be 0
 * @__reserved: must be 0
 * @abi_version: out: ZXPAGER_ABI_VERSION of the module
 * @features: out: ZXPAGER_FEATURE_* bits the module supports
 * @ioctls: out: bit n set when command ZXPAGER_CMD_BASE + n is supported
 *
 * Issued on an fd of /dev/zxpager. Has no side effect; may be repeated.
 */
struct zxpager_api {
	__u32 size;
	__u32 flags;
	__u32 __reserved;
	__u32 abi_version;
	__aligned_u64 features;
	__aligned_u64 ioctls;
};
#define ZXPAGER_IOC_API		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_API)

#endif /* _UAPI_LINUX_ZXPAGER_H */
