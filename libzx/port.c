// SPDX-License-Identifier: MIT
/* Ports and the monotonic clock. */
#include <string.h>
#include <time.h>

#include <linux/zxpager.h>
#include <zircon/syscalls.h>

#include "internal.h"

_Static_assert(sizeof(zx_port_packet_t) == sizeof(struct zxpager_port_packet),
	       "zx_port_packet_t and the kernel's packet must match");

zx_status_t zx_port_create(uint32_t options, zx_handle_t *out)
{
	struct zxpager_port_create cmd = { .size = sizeof(cmd), .options = options };
	zx_status_t st;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	st = zxp_dev_ioctl(ZXPAGER_IOC_PORT_CREATE, &cmd);
	if (st == ZX_OK)
		*out = cmd.out_handle;
	return st;
}

zx_status_t zx_port_queue(zx_handle_t handle, const zx_port_packet_t *packet)
{
	struct zxpager_port_queue cmd = { .size = sizeof(cmd), .handle = handle };

	if (!packet)
		return ZX_ERR_INVALID_ARGS;
	memcpy(&cmd.packet, packet, sizeof(cmd.packet));
	return zxp_dev_ioctl(ZXPAGER_IOC_PORT_QUEUE, &cmd);
}

zx_status_t zx_port_wait(zx_handle_t handle, zx_instant_mono_t deadline,
			 zx_port_packet_t *packet)
{
	struct zxpager_port_wait cmd = {
		.size = sizeof(cmd),
		.handle = handle,
		.deadline = deadline,
	};
	zx_status_t st;

	if (!packet)
		return ZX_ERR_INVALID_ARGS;
	/* An interrupted wait restarts: its deadline is absolute. */
	st = zxp_dev_ioctl(ZXPAGER_IOC_PORT_WAIT, &cmd);
	if (st == ZX_OK)
		memcpy(packet, &cmd.packet, sizeof(*packet));
	return st;
}

zx_instant_mono_t zx_clock_get_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (zx_instant_mono_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
