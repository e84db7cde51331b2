// SPDX-License-Identifier: MIT
/*
 * The process's connection to the zxpager module: one shared fd of
 * /dev/zxpager, opened on first use, and the handshake.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/zxpager.h>
#include <zxp.h>

#include "internal.h"

static int device_fd = -1;

int zxp_device_fd(void)
{
	const char *path = getenv("ZXP_DEVICE");
	int fd, old;

	fd = __atomic_load_n(&device_fd, __ATOMIC_ACQUIRE);
	if (fd >= 0)
		return fd;
	fd = open(path && *path ? path : ZXP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? ZX_ERR_NOT_SUPPORTED :
		       zxp_status_from_errno(errno);
	/* Two threads may race to open: the loser closes its fd. */
	old = -1;
	if (!__atomic_compare_exchange_n(&device_fd, &old, fd, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		close(fd);
		return old;
	}
	return fd;
}

int zxp_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, cmd, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? zxp_status_from_errno(errno) : ret;
}

zx_status_t zxp_dev_ioctl(unsigned long cmd, void *arg)
{
	int fd = zxp_device_fd();
	int ret;

	if (fd < 0)
		return fd;
	ret = zxp_ioctl(fd, cmd, arg);
	return ret < 0 ? ret : ZX_OK;
}

zx_status_t zxp_api(struct zxp_api_info *info)
{
	struct zxpager_api cmd = { .size = sizeof(cmd) };
	int fd = zxp_device_fd();
	zx_status_t st;

	if (fd < 0)
		return fd;
	if (!info)
		return ZX_ERR_INVALID_ARGS;
	st = zxp_ioctl(fd, ZXPAGER_IOC_API, &cmd);
	if (st < 0)
		return st;
	info->abi_version = cmd.abi_version;
	info->features = cmd.features;
	info->ioctls = cmd.ioctls;
	return ZX_OK;
}
