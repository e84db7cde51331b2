/* SPDX-License-Identifier: MIT */
/*
 * The Zircon calls libzx implements, with Fuchsia's signatures. Fuchsia
 * declares every syscall here; calls libzx lacks are not declared, so code
 * that needs them fails to build instead of failing at run time.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_H_
#define SYSROOT_ZIRCON_SYSCALLS_H_

#include <stddef.h>
#include <stdint.h>

#include <zircon/rights.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/port.h>
#include <zircon/time.h>
#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Handles */
zx_status_t zx_handle_close(zx_handle_t handle);
zx_status_t zx_handle_close_many(const zx_handle_t *handles,
				 size_t num_handles);
zx_status_t zx_handle_duplicate(zx_handle_t handle, zx_rights_t rights,
				zx_handle_t *out);
zx_status_t zx_handle_replace(zx_handle_t handle, zx_rights_t rights,
			      zx_handle_t *out);

/* Objects */
zx_status_t zx_object_get_info(zx_handle_t handle, uint32_t topic,
			       void *buffer, size_t buffer_size,
			       size_t *actual, size_t *avail);

/* Ports */
zx_status_t zx_port_create(uint32_t options, zx_handle_t *out);
zx_status_t zx_port_queue(zx_handle_t handle, const zx_port_packet_t *packet);
zx_status_t zx_port_wait(zx_handle_t handle, zx_instant_mono_t deadline,
			 zx_port_packet_t *packet);

/* VMOs */
zx_status_t zx_vmo_create(uint64_t size, uint32_t options, zx_handle_t *out);
zx_status_t zx_vmo_read(zx_handle_t handle, void *buffer, uint64_t offset,
			size_t buffer_size);
zx_status_t zx_vmo_write(zx_handle_t handle, const void *buffer,
			 uint64_t offset, size_t buffer_size);
zx_status_t zx_vmo_get_size(zx_handle_t handle, uint64_t *size);
zx_status_t zx_vmo_set_size(zx_handle_t handle, uint64_t size);
zx_status_t zx_vmo_op_range(zx_handle_t handle, uint32_t op, uint64_t offset,
			    uint64_t size, void *buffer, size_t buffer_size);

/* Pagers */
zx_status_t zx_pager_create(uint32_t options, zx_handle_t *out);
zx_status_t zx_pager_create_vmo(zx_handle_t pager, uint32_t options, zx_handle_t port,
				uint64_t key, uint64_t size, zx_handle_t *out);
zx_status_t zx_pager_detach_vmo(zx_handle_t pager, zx_handle_t vmo);
zx_status_t zx_pager_supply_pages(zx_handle_t pager, zx_handle_t pager_vmo, uint64_t offset,
				  uint64_t length, zx_handle_t aux_vmo, uint64_t aux_offset);
zx_status_t zx_pager_op_range(zx_handle_t pager, uint32_t op, zx_handle_t pager_vmo,
			      uint64_t offset, uint64_t length, uint64_t data);

/* VMARs (the root VMAR comes from zx_vmar_root_self(), <zircon/process.h>) */
zx_status_t zx_vmar_map(zx_handle_t handle, zx_vm_option_t options,
			size_t vmar_offset, zx_handle_t vmo,
			uint64_t vmo_offset, size_t len,
			zx_vaddr_t *mapped_addr);
zx_status_t zx_vmar_unmap(zx_handle_t handle, zx_vaddr_t addr, size_t len);
zx_status_t zx_vmar_protect(zx_handle_t handle, zx_vm_option_t options,
			    zx_vaddr_t addr, size_t len);
zx_status_t zx_vmar_op_range(zx_handle_t handle, uint32_t op, zx_vaddr_t address,
			     size_t size, void *buffer, size_t buffer_size);

/* Time */
zx_instant_mono_t zx_clock_get_monotonic(void);

/*
 * The monotonic time `nanoseconds` from now, saturated at ZX_TIME_INFINITE
 * (and ZX_TIME_INFINITE_PAST). A vDSO call on Fuchsia, inline here.
 */
static inline zx_time_t zx_deadline_after(zx_duration_t nanoseconds)
{
	return zx_time_add_duration(zx_clock_get_monotonic(), nanoseconds);
}

/* System */
uint32_t zx_system_get_page_size(void);

#ifdef __cplusplus
}
#endif

#endif /* SYSROOT_ZIRCON_SYSCALLS_H_ */
