/* SPDX-License-Identifier: MIT */
/* libzx internals shared by its files; not installed. */
#ifndef LIBZX_INTERNAL_H_
#define LIBZX_INTERNAL_H_

/* ioctl(2) restarted on EINTR: its result, or a negative zx_status_t. */
int zxp_ioctl(int fd, unsigned long cmd, void *arg);

#endif /* LIBZX_INTERNAL_H_ */
