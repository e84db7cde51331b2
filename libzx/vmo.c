// SPDX-License-Identifier: MIT
/* Anonymous VMOs. */
#include <linux/zxpager.h>
#include <zircon/syscalls.h>

#include "internal.h"

zx_status_t zx_vmo_create(uint64_t size, uint32_t options, zx_handle_t *out)
{
	struct zxpager_vmo_create cmd = {
		.size = sizeof(cmd),
		.options = options,
		.vmo_size = size,
	};
	zx_status_t st;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	st = zxp_dev_ioctl(ZXPAGER_IOC_VMO_CREATE, &cmd);
	if (st == ZX_OK)
		*out = cmd.out_handle;
	return st;
}

static zx_status_t vmo_rw(unsigned long ioc, zx_handle_t handle, const void *buffer,
			  uint64_t offset, size_t len)
{
	struct zxpager_vmo_rw cmd = {
		.size = sizeof(cmd),
		.handle = handle,
		.buffer = (uintptr_t)buffer,
		.offset = offset,
		.length = len,
	};

	if (handle == ZXP_VMAR_ROOT_HANDLE)
		return ZX_ERR_WRONG_TYPE;
	return zxp_dev_ioctl(ioc, &cmd);
}

zx_status_t zx_vmo_read(zx_handle_t handle, void *buffer, uint64_t offset, size_t buffer_size)
{
	return vmo_rw(ZXPAGER_IOC_VMO_READ, handle, buffer, offset, buffer_size);
}

zx_status_t zx_vmo_write(zx_handle_t handle, const void *buffer, uint64_t offset,
			 size_t buffer_size)
{
	return vmo_rw(ZXPAGER_IOC_VMO_WRITE, handle, buffer, offset, buffer_size);
}

zx_status_t zx_vmo_get_size(zx_handle_t handle, uint64_t *size)
{
	struct zxpager_vmo_size cmd = { .size = sizeof(cmd), .handle = handle };
	zx_status_t st;

	if (!size)
		return ZX_ERR_INVALID_ARGS;
	if (handle == ZXP_VMAR_ROOT_HANDLE)
		return ZX_ERR_WRONG_TYPE;
	st = zxp_dev_ioctl(ZXPAGER_IOC_VMO_GET_SIZE, &cmd);
	if (st == ZX_OK)
		*size = cmd.vmo_size;
	return st;
}

zx_status_t zx_vmo_set_size(zx_handle_t handle, uint64_t size)
{
	struct zxpager_vmo_size cmd = { .size = sizeof(cmd), .handle = handle, .vmo_size = size };

	if (handle == ZXP_VMAR_ROOT_HANDLE)
		return ZX_ERR_WRONG_TYPE;
	return zxp_dev_ioctl(ZXPAGER_IOC_VMO_SET_SIZE, &cmd);
}

zx_status_t zx_vmo_op_range(zx_handle_t handle, uint32_t op, uint64_t offset, uint64_t size,
			    void *buffer, size_t buffer_size)
{
	struct zxpager_vmo_op_range cmd = {
		.size = sizeof(cmd),
		.handle = handle,
		.op = op,
		.offset = offset,
		.length = size,
	};

	/* No op offered here takes a buffer. */
	(void)buffer;
	(void)buffer_size;
	if (handle == ZXP_VMAR_ROOT_HANDLE)
		return ZX_ERR_WRONG_TYPE;
	return zxp_dev_ioctl(ZXPAGER_IOC_VMO_OP_RANGE, &cmd);
}
