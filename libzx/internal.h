/* SPDX-License-Identifier: MIT */
/* libzx internals shared by its files; not installed. */
#ifndef LIBZX_INTERNAL_H_
#define LIBZX_INTERNAL_H_

#include <zircon/types.h>

/* ioctl(2) restarted on EINTR: its result, or a negative zx_status_t. */
int zxp_ioctl(int fd, unsigned long cmd, void *arg);

/* The same on the shared /dev/zxpager fd, which it opens if needed. */
zx_status_t zxp_dev_ioctl(unsigned long cmd, void *arg);

/*
 * The root VMAR's handle value: no fd can have it, and its low bits are
 * set like every Fuchsia handle value's.
 */
#define ZXP_VMAR_ROOT_HANDLE ((zx_handle_t)0xfffffff3u)

#endif /* LIBZX_INTERNAL_H_ */
