// SPDX-License-Identifier: MIT
/*
 * Handles and object info. A handle is an fd of a zxpager object; libzx
 * checks that an fd is one before closing it, so zx_handle_close() on a
 * stray number never closes somebody else's file.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <linux/zxpager.h>
#include <zircon/syscalls.h>

#include "internal.h"

/* The kernel's basic info of @handle: ZX_OK, BAD_HANDLE... */
static zx_status_t handle_basic(zx_handle_t handle, struct zxpager_info_handle *info)
{
	struct zxpager_object_get_info cmd = {
		.size = sizeof(cmd),
		.handle = handle,
		.topic = ZXPAGER_INFO_HANDLE_BASIC,
		.buffer = (uintptr_t)info,
		.buffer_size = sizeof(*info),
	};

	return zxp_dev_ioctl(ZXPAGER_IOC_OBJECT_GET_INFO, &cmd);
}

zx_status_t zx_handle_close(zx_handle_t handle)
{
	struct zxpager_info_handle info;
	zx_status_t st;

	if (handle == ZX_HANDLE_INVALID || handle == ZXP_VMAR_ROOT_HANDLE)
		return ZX_OK;
	st = handle_basic(handle, &info);
	if (st != ZX_OK)
		return st;
	return close((int)handle) ? ZX_ERR_BAD_HANDLE : ZX_OK;
}

zx_status_t zx_handle_close_many(const zx_handle_t *handles, size_t num_handles)
{
	zx_status_t st = ZX_OK, one;
	size_t i;

	/* Fuchsia closes every valid handle even when one is bad. */
	for (i = 0; i < num_handles; i++) {
		one = zx_handle_close(handles[i]);
		if (one != ZX_OK)
			st = one;
	}
	return st;
}

static zx_status_t handle_dup(zx_handle_t handle, zx_rights_t rights, uint32_t flags,
			      zx_handle_t *out)
{
	struct zxpager_handle_duplicate cmd = {
		.size = sizeof(cmd),
		.flags = flags,
		.handle = handle,
		.rights = rights,
	};
	zx_status_t st;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	st = zxp_dev_ioctl(ZXPAGER_IOC_HANDLE_DUPLICATE, &cmd);
	if (st == ZX_OK)
		*out = cmd.out_handle;
	return st;
}

zx_status_t zx_handle_duplicate(zx_handle_t handle, zx_rights_t rights, zx_handle_t *out)
{
	return handle_dup(handle, rights, 0, out);
}

zx_status_t zx_handle_replace(zx_handle_t handle, zx_rights_t rights, zx_handle_t *out)
{
	zx_status_t st;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	/* Needs no right, ZX_RIGHT_DUPLICATE included. */
	st = handle_dup(handle, rights, ZXPAGER_HANDLE_DUPLICATE_FLAG_REPLACE, out);
	/* The original is consumed whether or not the call succeeds. */
	if (st != ZX_ERR_BAD_HANDLE)
		zx_handle_close(handle);
	return st;
}

/* Size of the record of each ZX_INFO_VMO version: all are prefixes. */
static size_t vmo_info_size(uint32_t topic)
{
	switch (topic) {
	case ZX_INFO_VMO_V1: return sizeof(zx_info_vmo_v1_t);
	case ZX_INFO_VMO_V2: return sizeof(zx_info_vmo_v2_t);
	case ZX_INFO_VMO_V3: return sizeof(zx_info_vmo_v3_t);
	case ZX_INFO_VMO: return sizeof(zx_info_vmo_t);
	}
	return 0;
}

static zx_status_t put_record(const void *rec, size_t len, void *buffer, size_t buffer_size,
			      size_t *actual, size_t *avail)
{
	if (avail)
		*avail = 1;
	if (buffer_size < len) {
		if (actual)
			*actual = 0;
		return ZX_ERR_BUFFER_TOO_SMALL;
	}
	if (!buffer)
		return ZX_ERR_INVALID_ARGS;
	memcpy(buffer, rec, len);
	if (actual)
		*actual = 1;
	return ZX_OK;
}

zx_status_t zx_object_get_info(zx_handle_t handle, uint32_t topic, void *buffer,
			       size_t buffer_size, size_t *actual, size_t *avail)
{
	struct zxpager_info_handle basic;
	struct zxpager_info_vmo kvmo;
	struct zxpager_object_get_info cmd = {
		.size = sizeof(cmd),
		.handle = handle,
		.topic = ZXPAGER_INFO_VMO,
		.buffer = (uintptr_t)&kvmo,
		.buffer_size = sizeof(kvmo),
	};
	zx_info_handle_basic_t hb;
	zx_info_vmo_t vi;
	zx_status_t st;

	if (handle == ZXP_VMAR_ROOT_HANDLE) {
		if (topic == ZX_INFO_HANDLE_VALID)
			return ZX_OK;
		if (topic != ZX_INFO_HANDLE_BASIC)
			return ZX_ERR_WRONG_TYPE;
		memset(&hb, 0, sizeof(hb));
		hb.type = ZX_OBJ_TYPE_VMAR;
		hb.rights = ZX_DEFAULT_VMAR_RIGHTS;
		return put_record(&hb, sizeof(hb), buffer, buffer_size, actual, avail);
	}
	switch (topic) {
	case ZX_INFO_HANDLE_VALID:
		return handle_basic(handle, &basic);
	case ZX_INFO_HANDLE_BASIC:
		st = handle_basic(handle, &basic);
		if (st != ZX_OK)
			return st;
		memset(&hb, 0, sizeof(hb));
		hb.koid = basic.koid;
		hb.rights = basic.rights;
		hb.type = basic.type;
		return put_record(&hb, sizeof(hb), buffer, buffer_size, actual, avail);
	case ZX_INFO_VMO_V1:
	case ZX_INFO_VMO_V2:
	case ZX_INFO_VMO_V3:
	case ZX_INFO_VMO:
		st = zxp_dev_ioctl(ZXPAGER_IOC_OBJECT_GET_INFO, &cmd);
		if (st != ZX_OK)
			return st;
		memset(&vi, 0, sizeof(vi));
		vi.koid = kvmo.koid;
		vi.size_bytes = kvmo.size_bytes;
		vi.num_mappings = kvmo.num_mappings;
		vi.share_count = kvmo.share_count;
		vi.flags = ZX_INFO_VMO_TYPE_PAGED |
			   (kvmo.flags & ZXPAGER_INFO_VMO_RESIZABLE ? ZX_INFO_VMO_RESIZABLE : 0) |
			   (kvmo.flags & ZXPAGER_INFO_VMO_PAGER_BACKED ? ZX_INFO_VMO_PAGER_BACKED : 0);
		vi.committed_bytes = kvmo.committed_bytes;
		vi.handle_rights = kvmo.handle_rights;
		vi.populated_bytes = kvmo.committed_bytes;
		vi.committed_private_bytes = kvmo.committed_bytes;
		vi.populated_private_bytes = kvmo.committed_bytes;
		vi.committed_scaled_bytes = kvmo.committed_bytes;
		vi.populated_scaled_bytes = kvmo.committed_bytes;
		return put_record(&vi, vmo_info_size(topic), buffer, buffer_size, actual, avail);
	default:
		/* Still report a dead handle as such. */
		st = handle_basic(handle, &basic);
		return st != ZX_OK ? st : ZX_ERR_NOT_SUPPORTED;
	}
}
