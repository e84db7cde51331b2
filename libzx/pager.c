// SPDX-License-Identifier: MIT
/* Pagers: VMOs whose pages a user-mode pager supplies on request. */
#include <linux/zxpager.h>
#include <string.h>

#include <zircon/syscalls.h>
#include <zircon/syscalls-next.h>

#include "internal.h"

zx_status_t zx_pager_create(uint32_t options, zx_handle_t *out)
{
	struct zxpager_pager_create cmd = { .size = sizeof(cmd), .options = options };
	zx_status_t st;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	st = zxp_dev_ioctl(ZXPAGER_IOC_PAGER_CREATE, &cmd);
	if (st == ZX_OK)
		*out = cmd.out_handle;
	return st;
}

zx_status_t zx_pager_create_vmo(zx_handle_t pager, uint32_t options, zx_handle_t port,
				uint64_t key, uint64_t size, zx_handle_t *out)
{
	struct zxpager_pager_create_vmo cmd = {
		.size = sizeof(cmd),
		.pager = pager,
		.port = port,
		.options = options,
		.key = key,
		.vmo_size = size,
	};
	zx_status_t st;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	st = zxp_dev_ioctl(ZXPAGER_IOC_PAGER_CREATE_VMO, &cmd);
	if (st == ZX_OK)
		*out = cmd.out_handle;
	return st;
}

zx_status_t zx_pager_detach_vmo(zx_handle_t pager, zx_handle_t vmo)
{
	struct zxpager_pager_detach_vmo cmd = { .size = sizeof(cmd), .pager = pager, .vmo = vmo };

	return zxp_dev_ioctl(ZXPAGER_IOC_PAGER_DETACH_VMO, &cmd);
}

zx_status_t zx_pager_supply_pages(zx_handle_t pager, zx_handle_t pager_vmo, uint64_t offset,
				  uint64_t length, zx_handle_t aux_vmo, uint64_t aux_offset)
{
	struct zxpager_pager_supply_pages cmd = {
		.size = sizeof(cmd),
		.pager = pager,
		.vmo = pager_vmo,
		.offset = offset,
		.length = length,
		.aux_vmo = aux_vmo,
		.aux_offset = aux_offset,
	};

	return zxp_dev_ioctl(ZXPAGER_IOC_PAGER_SUPPLY_PAGES, &cmd);
}

zx_status_t zx_pager_op_range(zx_handle_t pager, uint32_t op, zx_handle_t pager_vmo,
			      uint64_t offset, uint64_t length, uint64_t data)
{
	struct zxpager_pager_op_range cmd = {
		.size = sizeof(cmd),
		.pager = pager,
		.op = op,
		.vmo = pager_vmo,
		.offset = offset,
		.length = length,
		.data = data,
	};

	return zxp_dev_ioctl(ZXPAGER_IOC_PAGER_OP_RANGE, &cmd);
}

zx_status_t zx_pager_query_dirty_ranges(zx_handle_t pager, zx_handle_t pager_vmo,
					uint64_t offset, uint64_t length, void *buffer,
					size_t buffer_size, size_t *actual, size_t *avail)
{
	struct zxpager_pager_query_dirty_ranges cmd = {
		.size = sizeof(cmd),
		.pager = pager,
		.vmo = pager_vmo,
		.offset = offset,
		.length = length,
		.buffer = (uintptr_t)buffer,
		.buffer_size = buffer_size,
	};
	zx_status_t st;

	st = zxp_dev_ioctl(ZXPAGER_IOC_PAGER_QUERY_DIRTY_RANGES, &cmd);
	if (st != ZX_OK)
		return st;
	if (actual)
		*actual = cmd.out_actual;
	if (avail)
		*avail = cmd.out_avail;
	return ZX_OK;
}

zx_status_t zx_pager_query_vmo_stats(zx_handle_t pager, zx_handle_t pager_vmo, uint32_t options,
				     void *buffer, size_t buffer_size)
{
	struct zxpager_pager_query_vmo_stats cmd = {
		.size = sizeof(cmd),
		.pager = pager,
		.vmo = pager_vmo,
		.options = options,
		.buffer_size = buffer_size,
	};
	zx_pager_vmo_stats_t stats;
	zx_status_t st;

	/* Nowhere to report: the handles are still checked, nothing is reset. */
	if (!buffer)
		cmd.options &= ~ZX_PAGER_RESET_VMO_STATS;
	st = zxp_dev_ioctl(ZXPAGER_IOC_PAGER_QUERY_VMO_STATS, &cmd);
	if (st != ZX_OK)
		return st;
	stats.modified = cmd.out_modified ? ZX_PAGER_VMO_STATS_MODIFIED : 0;
	/* buffer_size >= sizeof(stats): the kernel said BUFFER_TOO_SMALL otherwise. */
	if (!buffer)
		return ZX_ERR_INVALID_ARGS;
	memcpy(buffer, &stats, sizeof(stats));
	return ZX_OK;
}
