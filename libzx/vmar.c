// SPDX-License-Identifier: MIT
/*
 * The root VMAR: the process's address space. Mapping a VMO is mmap() of
 * its fd (MAP_SHARED); the module enforces the handle's rights on the
 * mapping and on later mprotect() calls. Sub-VMARs are not offered.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/zxpager.h>
#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zxp.h>

#include "internal.h"

#define ZXP_VM_PERMS	(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE | ZX_VM_PERM_EXECUTE)
#define ZXP_VM_MAP_OPTIONS (ZXP_VM_PERMS | ZX_VM_SPECIFIC | ZX_VM_SPECIFIC_OVERWRITE | \
			    ZX_VM_MAP_RANGE | ZX_VM_ALLOW_FAULTS | \
			    ZX_VM_REQUIRE_NON_RESIZABLE)

zx_handle_t zx_vmar_root_self(void)
{
	return ZXP_VMAR_ROOT_HANDLE;
}

uint32_t zx_system_get_page_size(void)
{
	return (uint32_t)sysconf(_SC_PAGESIZE);
}

static int vm_prot(zx_vm_option_t options)
{
	return (options & ZX_VM_PERM_READ ? PROT_READ : 0) |
	       (options & ZX_VM_PERM_WRITE ? PROT_WRITE : 0) |
	       (options & ZX_VM_PERM_EXECUTE ? PROT_EXEC : 0);
}

/* The VMAR handle: the root one, or a zxpager object of the wrong type. */
static zx_status_t check_vmar(zx_handle_t handle)
{
	zx_info_handle_basic_t info;

	if (handle == ZXP_VMAR_ROOT_HANDLE)
		return ZX_OK;
	if (zx_object_get_info(handle, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
			       NULL, NULL) == ZX_OK)
		return ZX_ERR_WRONG_TYPE;
	return ZX_ERR_BAD_HANDLE;
}

static int page_aligned(uint64_t v)
{
	return !(v & (zx_system_get_page_size() - 1));
}

zx_status_t zx_vmar_map(zx_handle_t handle, zx_vm_option_t options, size_t vmar_offset,
			zx_handle_t vmo, uint64_t vmo_offset, size_t len,
			zx_vaddr_t *mapped_addr)
{
	zx_info_handle_basic_t info;
	zx_info_vmo_t vi;
	int flags = MAP_SHARED;
	zx_status_t st;
	void *addr;

	st = check_vmar(handle);
	if (st != ZX_OK)
		return st;
	st = zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL);
	if (st != ZX_OK)
		return st;
	if (info.type != ZX_OBJ_TYPE_VMO)
		return ZX_ERR_WRONG_TYPE;
	if (!mapped_addr || (options & ~ZXP_VM_MAP_OPTIONS) || len == 0 ||
	    !page_aligned(vmo_offset) || !page_aligned(vmar_offset))
		return ZX_ERR_INVALID_ARGS;
	if (!(options & (ZX_VM_SPECIFIC | ZX_VM_SPECIFIC_OVERWRITE)) && vmar_offset)
		return ZX_ERR_INVALID_ARGS;
	if (!(info.rights & ZX_RIGHT_MAP))
		return ZX_ERR_ACCESS_DENIED;
	if (options & ZX_VM_REQUIRE_NON_RESIZABLE) {
		st = zx_object_get_info(vmo, ZX_INFO_VMO, &vi, sizeof(vi), NULL, NULL);
		if (st == ZX_OK && (vi.flags & ZX_INFO_VMO_RESIZABLE))
			st = ZX_ERR_NOT_SUPPORTED;
		if (st != ZX_OK)
			return st;
	}
	if (options & ZX_VM_SPECIFIC_OVERWRITE)
		flags |= MAP_FIXED;
	else if (options & ZX_VM_SPECIFIC)
		flags |= MAP_FIXED_NOREPLACE;
	if (options & ZX_VM_MAP_RANGE)
		flags |= MAP_POPULATE;
	addr = mmap((void *)vmar_offset, len, vm_prot(options), flags, (int)vmo, (off_t)vmo_offset);
	if (addr == MAP_FAILED)
		return errno == ENODEV ? ZX_ERR_WRONG_TYPE : zxp_status_from_errno(errno);
	*mapped_addr = (zx_vaddr_t)addr;
	return ZX_OK;
}

zx_status_t zx_vmar_unmap(zx_handle_t handle, zx_vaddr_t addr, size_t len)
{
	zx_status_t st = check_vmar(handle);

	if (st != ZX_OK)
		return st;
	if (len == 0 || !page_aligned(addr))
		return ZX_ERR_INVALID_ARGS;
	return munmap((void *)addr, len) ? zxp_status_from_errno(errno) : ZX_OK;
}

zx_status_t zx_vmar_protect(zx_handle_t handle, zx_vm_option_t options, zx_vaddr_t addr,
			    size_t len)
{
	zx_status_t st = check_vmar(handle);

	if (st != ZX_OK)
		return st;
	if ((options & ~ZXP_VM_PERMS) || len == 0 || !page_aligned(addr))
		return ZX_ERR_INVALID_ARGS;
	if (mprotect((void *)addr, len, vm_prot(options)) == 0)
		return ZX_OK;
	/* Part of the range is not mapped: Zircon says NOT_FOUND. */
	return errno == ENOMEM ? ZX_ERR_NOT_FOUND : zxp_status_from_errno(errno);
}

/*
 * The module walks the mappings of the range in this process: the root
 * VMAR has every right, so only the mappings' own handles are checked.
 */
zx_status_t zx_vmar_op_range(zx_handle_t handle, uint32_t op, zx_vaddr_t address, size_t size,
			     void *buffer, size_t buffer_size)
{
	struct zxpager_vmar_op_range cmd = {
		.size = sizeof(cmd),
		.op = op,
		.address = address,
		.length = size,
	};
	zx_status_t st = check_vmar(handle);

	if (st != ZX_OK)
		return st;
	if (buffer || buffer_size)
		return ZX_ERR_INVALID_ARGS;
	return zxp_dev_ioctl(ZXPAGER_IOC_VMAR_OP_RANGE, &cmd);
}
