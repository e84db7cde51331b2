// SPDX-License-Identifier: GPL-2.0
/*
 * libzx's <zircon/...> headers against Fuchsia's: every struct size and
 * field offset, and the constants, as literal values read from Fuchsia's
 * zircon/system/public/zircon headers. A typo in our headers breaks this.
 * Needs no kernel module.
 *
 * The layout table is also checked at compile time, in C here and in C++
 * when this file is compiled as C++11 (the test harness is left out then):
 *   g++ -std=c++11 -Wall -Wextra -Werror -pedantic -Ilibzx/include \
 *       -x c++ -fsyntax-only selftests/fuchsia_abi_test.c
 */
#include <stddef.h>
#include <stdint.h>

#include <zircon/errors.h>
#include <zircon/limits.h>
#include <zircon/process.h>
#include <zircon/rights.h>
#include <zircon/syscalls-next.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/port.h>
#include <zircon/time.h>
#include <zircon/types.h>

/*
 * X(expression, Fuchsia's value) for every size and offset. LP64 values;
 * zx_packet_guest_mem_t differs per architecture (below).
 */
#define ABI_LAYOUT(X)                                                        \
	X(sizeof(zx_handle_t), 4)                                            \
	X(sizeof(zx_status_t), 4)                                            \
	X(sizeof(zx_rights_t), 4)                                            \
	X(sizeof(zx_signals_t), 4)                                           \
	X(sizeof(zx_obj_type_t), 4)                                          \
	X(sizeof(zx_vm_option_t), 4)                                         \
	X(sizeof(zx_clock_t), 4)                                             \
	X(sizeof(zx_koid_t), 8)                                              \
	X(sizeof(zx_off_t), 8)                                               \
	X(sizeof(zx_vaddr_t), sizeof(uintptr_t))                             \
	X(sizeof(zx_paddr_t), sizeof(uintptr_t))                             \
	X(sizeof(zx_gpaddr_t), sizeof(uintptr_t))                            \
	X(sizeof(zx_time_t), 8)                                              \
	X(sizeof(zx_duration_t), 8)                                          \
	X(sizeof(zx_ticks_t), 8)                                             \
	X(sizeof(zx_instant_mono_t), 8)                                      \
	X(sizeof(zx_instant_boot_t), 8)                                      \
	X(sizeof(zx_packet_type_t), 4)                                       \
	X(sizeof(zx_object_info_topic_t), 4)                                 \
	/* <zircon/types.h> */                                               \
	X(sizeof(zx_wait_item_t), 12)                                        \
	X(offsetof(zx_wait_item_t, handle), 0)                               \
	X(offsetof(zx_wait_item_t, waitfor), 4)                              \
	X(offsetof(zx_wait_item_t, pending), 8)                              \
	X(sizeof(zx_vmo_lock_state_t), 32)                                   \
	X(offsetof(zx_vmo_lock_state_t, offset), 0)                          \
	X(offsetof(zx_vmo_lock_state_t, size), 8)                            \
	X(offsetof(zx_vmo_lock_state_t, discarded_offset), 16)               \
	X(offsetof(zx_vmo_lock_state_t, discarded_size), 24)                 \
	X(sizeof(zx_pager_vmo_stats_t), 4)                                   \
	X(offsetof(zx_pager_vmo_stats_t, modified), 0)                       \
	X(sizeof(zx_iovec_t), 16)                                            \
	X(offsetof(zx_iovec_t, buffer), 0)                                   \
	X(offsetof(zx_iovec_t, capacity), 8)                                 \
	/* <zircon/syscalls-next.h> */                                       \
	X(sizeof(zx_vmo_dirty_range_t), 24)                                  \
	X(offsetof(zx_vmo_dirty_range_t, offset), 0)                         \
	X(offsetof(zx_vmo_dirty_range_t, length), 8)                         \
	X(offsetof(zx_vmo_dirty_range_t, options), 16)                       \
	/* <zircon/syscalls/port.h> */                                       \
	X(sizeof(zx_port_packet_t), 48)                                      \
	X(offsetof(zx_port_packet_t, key), 0)                                \
	X(offsetof(zx_port_packet_t, type), 8)                               \
	X(offsetof(zx_port_packet_t, status), 12)                            \
	X(offsetof(zx_port_packet_t, user), 16)                              \
	X(offsetof(zx_port_packet_t, signal), 16)                            \
	X(offsetof(zx_port_packet_t, guest_bell), 16)                        \
	X(offsetof(zx_port_packet_t, guest_mem), 16)                         \
	X(offsetof(zx_port_packet_t, guest_io), 16)                          \
	X(offsetof(zx_port_packet_t, guest_vcpu), 16)                        \
	X(offsetof(zx_port_packet_t, interrupt), 16)                         \
	X(offsetof(zx_port_packet_t, page_request), 16)                      \
	X(offsetof(zx_port_packet_t, processor_power_level_transition), 16)  \
	X(sizeof(zx_packet_user_t), 32)                                      \
	X(sizeof(((zx_packet_user_t *)0)->u64), 32)                          \
	X(sizeof(((zx_packet_user_t *)0)->u32), 32)                          \
	X(sizeof(((zx_packet_user_t *)0)->u16), 32)                          \
	X(sizeof(((zx_packet_user_t *)0)->c8), 32)                           \
	X(sizeof(zx_packet_signal_t), 32)                                    \
	X(offsetof(zx_packet_signal_t, trigger), 0)                          \
	X(offsetof(zx_packet_signal_t, observed), 4)                         \
	X(offsetof(zx_packet_signal_t, count), 8)                            \
	X(offsetof(zx_packet_signal_t, timestamp), 16)                       \
	X(offsetof(zx_packet_signal_t, reserved1), 24)                       \
	X(sizeof(zx_packet_guest_bell_t), 32)                                \
	X(offsetof(zx_packet_guest_bell_t, addr), 0)                         \
	X(offsetof(zx_packet_guest_bell_t, reserved0), 8)                    \
	X(offsetof(zx_packet_guest_bell_t, reserved1), 16)                   \
	X(offsetof(zx_packet_guest_bell_t, reserved2), 24)                   \
	X(sizeof(zx_packet_guest_mem_t), 32)                                 \
	X(offsetof(zx_packet_guest_mem_t, addr), 0)                          \
	X(sizeof(zx_packet_guest_io_t), 32)                                  \
	X(offsetof(zx_packet_guest_io_t, port), 0)                           \
	X(offsetof(zx_packet_guest_io_t, access_size), 2)                    \
	X(offsetof(zx_packet_guest_io_t, input), 3)                          \
	X(offsetof(zx_packet_guest_io_t, u8), 4)                             \
	X(offsetof(zx_packet_guest_io_t, padding1), 5)                       \
	X(offsetof(zx_packet_guest_io_t, u16), 4)                            \
	X(offsetof(zx_packet_guest_io_t, padding2), 6)                       \
	X(offsetof(zx_packet_guest_io_t, u32), 4)                            \
	X(offsetof(zx_packet_guest_io_t, data), 4)                           \
	X(offsetof(zx_packet_guest_io_t, reserved0), 8)                      \
	X(offsetof(zx_packet_guest_io_t, reserved1), 16)                     \
	X(offsetof(zx_packet_guest_io_t, reserved2), 24)                     \
	X(sizeof(zx_packet_guest_vcpu_t), 32)                                \
	X(offsetof(zx_packet_guest_vcpu_t, type), 0)                         \
	X(offsetof(zx_packet_guest_vcpu_t, padding1), 4)                     \
	X(offsetof(zx_packet_guest_vcpu_t, interrupt), 8)                    \
	X(offsetof(zx_packet_guest_vcpu_t, interrupt.mask), 8)               \
	X(offsetof(zx_packet_guest_vcpu_t, interrupt.vector), 16)            \
	X(offsetof(zx_packet_guest_vcpu_t, interrupt.padding1), 17)          \
	X(offsetof(zx_packet_guest_vcpu_t, startup.id), 8)                   \
	X(offsetof(zx_packet_guest_vcpu_t, startup.entry), 16)               \
	X(offsetof(zx_packet_guest_vcpu_t, exit.retcode), 8)                 \
	X(offsetof(zx_packet_guest_vcpu_t, exit.reserved), 16)               \
	X(offsetof(zx_packet_guest_vcpu_t, reserved), 24)                    \
	X(sizeof(zx_packet_interrupt_t), 32)                                 \
	X(offsetof(zx_packet_interrupt_t, timestamp), 0)                     \
	X(offsetof(zx_packet_interrupt_t, reserved0), 8)                     \
	X(offsetof(zx_packet_interrupt_t, reserved1), 16)                    \
	X(offsetof(zx_packet_interrupt_t, reserved2), 24)                    \
	X(sizeof(zx_packet_page_request_t), 32)                              \
	X(offsetof(zx_packet_page_request_t, command), 0)                    \
	X(offsetof(zx_packet_page_request_t, flags), 2)                      \
	X(offsetof(zx_packet_page_request_t, reserved0), 4)                  \
	X(offsetof(zx_packet_page_request_t, offset), 8)                     \
	X(offsetof(zx_packet_page_request_t, length), 16)                    \
	X(offsetof(zx_packet_page_request_t, reserved1), 24)                 \
	X(sizeof(zx_packet_processor_power_level_transition_request_t), 32)  \
	X(offsetof(zx_packet_processor_power_level_transition_request_t,     \
		   domain_id), 0)                                            \
	X(offsetof(zx_packet_processor_power_level_transition_request_t,     \
		   options), 4)                                              \
	X(offsetof(zx_packet_processor_power_level_transition_request_t,     \
		   control_interface), 8)                                    \
	X(offsetof(zx_packet_processor_power_level_transition_request_t,     \
		   control_argument), 16)                                    \
	X(offsetof(zx_packet_processor_power_level_transition_request_t,     \
		   reserved), 24)                                            \
	/* <zircon/syscalls/object.h> */                                     \
	X(sizeof(zx_info_handle_basic_t), 32)                                \
	X(offsetof(zx_info_handle_basic_t, koid), 0)                         \
	X(offsetof(zx_info_handle_basic_t, rights), 8)                       \
	X(offsetof(zx_info_handle_basic_t, type), 12)                        \
	X(offsetof(zx_info_handle_basic_t, related_koid), 16)                \
	X(offsetof(zx_info_handle_basic_t, reserved), 24)                    \
	X(offsetof(zx_info_handle_basic_t, padding1), 28)                    \
	X(sizeof(zx_info_handle_extended_t), 40)                             \
	X(offsetof(zx_info_handle_extended_t, type), 0)                      \
	X(offsetof(zx_info_handle_extended_t, handle_value), 4)              \
	X(offsetof(zx_info_handle_extended_t, rights), 8)                    \
	X(offsetof(zx_info_handle_extended_t, reserved), 12)                 \
	X(offsetof(zx_info_handle_extended_t, koid), 16)                     \
	X(offsetof(zx_info_handle_extended_t, related_koid), 24)             \
	X(offsetof(zx_info_handle_extended_t, peer_owner_koid), 32)          \
	X(sizeof(zx_info_handle_count_t), 4)                                 \
	X(sizeof(zx_info_process_handle_stats_t), 256)                       \
	X(sizeof(zx_info_vmar_t), 16)                                        \
	X(offsetof(zx_info_vmar_t, base), 0)                                 \
	X(offsetof(zx_info_vmar_t, len), 8)                                  \
	VMO_COMMON_LAYOUT(X, zx_info_vmo_t)                                  \
	X(offsetof(zx_info_vmo_t, metadata_bytes), 104)                      \
	X(offsetof(zx_info_vmo_t, committed_change_events), 112)             \
	X(offsetof(zx_info_vmo_t, populated_bytes), 120)                     \
	X(offsetof(zx_info_vmo_t, committed_private_bytes), 128)             \
	X(offsetof(zx_info_vmo_t, populated_private_bytes), 136)             \
	X(offsetof(zx_info_vmo_t, committed_scaled_bytes), 144)              \
	X(offsetof(zx_info_vmo_t, populated_scaled_bytes), 152)              \
	X(offsetof(zx_info_vmo_t, committed_fractional_scaled_bytes), 160)   \
	X(offsetof(zx_info_vmo_t, populated_fractional_scaled_bytes), 168)   \
	X(sizeof(zx_info_vmo_t), 176)                                        \
	VMO_COMMON_LAYOUT(X, zx_info_vmo_v3_t)                               \
	X(offsetof(zx_info_vmo_v3_t, metadata_bytes), 104)                   \
	X(offsetof(zx_info_vmo_v3_t, committed_change_events), 112)          \
	X(offsetof(zx_info_vmo_v3_t, populated_bytes), 120)                  \
	X(sizeof(zx_info_vmo_v3_t), 128)                                     \
	VMO_COMMON_LAYOUT(X, zx_info_vmo_v2_t)                               \
	X(offsetof(zx_info_vmo_v2_t, metadata_bytes), 104)                   \
	X(offsetof(zx_info_vmo_v2_t, committed_change_events), 112)          \
	X(sizeof(zx_info_vmo_v2_t), 120)                                     \
	VMO_COMMON_LAYOUT(X, zx_info_vmo_v1_t)                               \
	X(sizeof(zx_info_vmo_v1_t), 104)

/* The fields every version of zx_info_vmo_t starts with. */
#define VMO_COMMON_LAYOUT(X, T)                 \
	X(offsetof(T, koid), 0)                 \
	X(offsetof(T, name), 8)                 \
	X(sizeof(((T *)0)->name), 32)           \
	X(offsetof(T, size_bytes), 40)          \
	X(offsetof(T, parent_koid), 48)         \
	X(offsetof(T, num_children), 56)        \
	X(offsetof(T, num_mappings), 64)        \
	X(offsetof(T, share_count), 72)         \
	X(offsetof(T, flags), 80)               \
	X(offsetof(T, padding1), 84)            \
	X(offsetof(T, committed_bytes), 88)     \
	X(offsetof(T, handle_rights), 96)       \
	X(offsetof(T, cache_policy), 100)

/* zx_packet_guest_mem_t, per architecture. */
#if defined(__x86_64__)
#define ABI_LAYOUT_ARCH(X)                                             \
	X(offsetof(zx_packet_guest_mem_t, cr3), 8)                     \
	X(offsetof(zx_packet_guest_mem_t, rip), 16)                    \
	X(offsetof(zx_packet_guest_mem_t, instruction_size), 24)       \
	X(offsetof(zx_packet_guest_mem_t, default_operand_size), 25)   \
	X(offsetof(zx_packet_guest_mem_t, reserved), 26)
#elif defined(__aarch64__)
#define ABI_LAYOUT_ARCH(X)                                             \
	X(offsetof(zx_packet_guest_mem_t, access_size), 8)             \
	X(offsetof(zx_packet_guest_mem_t, sign_extend), 9)             \
	X(offsetof(zx_packet_guest_mem_t, xt), 10)                     \
	X(offsetof(zx_packet_guest_mem_t, read), 11)                   \
	X(offsetof(zx_packet_guest_mem_t, padding1), 12)               \
	X(offsetof(zx_packet_guest_mem_t, data), 16)                   \
	X(offsetof(zx_packet_guest_mem_t, reserved), 24)
#else
#define ABI_LAYOUT_ARCH(X) X(offsetof(zx_packet_guest_mem_t, reserved), 8)
#endif

/* Compile time: a wrong layout does not build, in C or in C++. */
#ifdef __cplusplus
#define ABI_STATIC(expr, want) static_assert((expr) == (want), #expr);
#else
#define ABI_STATIC(expr, want) _Static_assert((expr) == (want), #expr);
#endif
ABI_LAYOUT(ABI_STATIC)
ABI_LAYOUT_ARCH(ABI_STATIC)

#ifndef __cplusplus

#include "kselftest_harness.h"

struct abi_value {
	const char *what;
	uint64_t got;
	uint64_t want;
};

#define ABI_ENTRY(expr, want) { #expr, (uint64_t)(expr), (uint64_t)(want) },
#define ABI_VALUE(name, want) { #name, (uint64_t)(name), (uint64_t)(want) },

static void check_values(struct __test_metadata *_metadata,
			 const struct abi_value *v, size_t n)
{
	size_t i;

	/* Braces: EXPECT_EQ() is two statements, TH_LOG() runs in the second. */
	for (i = 0; i < n; i++) {
		EXPECT_EQ(v[i].want, v[i].got)
			TH_LOG("%s is %#llx, Fuchsia has %#llx", v[i].what,
			       (unsigned long long)v[i].got,
			       (unsigned long long)v[i].want);
	}
}

#define CHECK_VALUES(table) \
	check_values(_metadata, table, sizeof(table) / sizeof(table[0]))

/* Every size and offset, again at run time (so a report names them). */
TEST(struct_layouts)
{
	static const struct abi_value layouts[] = {
		ABI_LAYOUT(ABI_ENTRY)
		ABI_LAYOUT_ARCH(ABI_ENTRY)
	};

	CHECK_VALUES(layouts);
}

/* The width of constants whose type Fuchsia fixes. */
TEST(constant_types)
{
	EXPECT_EQ(2, sizeof(ZX_PAGER_VMO_READ));
	EXPECT_EQ(4, sizeof(ZX_PKT_TYPE_PAGE_REQUEST));
	EXPECT_EQ(4, sizeof(ZX_RIGHT_READ));
	EXPECT_EQ(4, sizeof(ZX_VM_PERM_READ));
	EXPECT_EQ(4, sizeof(ZX_VMO_OP_COMMIT));
	EXPECT_EQ(4, sizeof(ZX_INFO_VMO));
	EXPECT_EQ(4, sizeof(ZX_OBJ_TYPE_PAGER));
	EXPECT_EQ(8, sizeof(ZX_VMO_DIRTY_RANGE_IS_ZERO));
	EXPECT_EQ(8, sizeof(ZX_KOID_INVALID));
	EXPECT_EQ(8, sizeof(ZX_TIME_INFINITE));
	EXPECT_EQ(sizeof(size_t), sizeof(ZX_MAX_NAME_LEN));
}

TEST(packet_types)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_PKT_TYPE_USER, 0x00)
		ABI_VALUE(ZX_PKT_TYPE_SIGNAL_ONE, 0x01)
		ABI_VALUE(ZX_PKT_TYPE_GUEST_BELL, 0x03)
		ABI_VALUE(ZX_PKT_TYPE_GUEST_MEM, 0x04)
		ABI_VALUE(ZX_PKT_TYPE_GUEST_IO, 0x05)
		ABI_VALUE(ZX_PKT_TYPE_GUEST_VCPU, 0x06)
		ABI_VALUE(ZX_PKT_TYPE_INTERRUPT, 0x07)
		ABI_VALUE(ZX_PKT_TYPE_PAGE_REQUEST, 0x09)
		ABI_VALUE(ZX_PKT_GUEST_VCPU_INTERRUPT, 0)
		ABI_VALUE(ZX_PKT_GUEST_VCPU_STARTUP, 1)
		ABI_VALUE(ZX_PKT_GUEST_VCPU_EXIT, 2)
		ABI_VALUE(ZX_PORT_BIND_TO_INTERRUPT, 1)
		ABI_VALUE(ZX_WAIT_ASYNC_ONCE, 0)
		ABI_VALUE(ZX_WAIT_ASYNC_TIMESTAMP, 1)
		ABI_VALUE(ZX_WAIT_ASYNC_EDGE, 2)
		ABI_VALUE(ZX_WAIT_ASYNC_BOOT_TIMESTAMP, 4)
	};

	CHECK_VALUES(v);
	EXPECT_TRUE(ZX_PKT_IS_USER(0));
	EXPECT_TRUE(ZX_PKT_IS_SIGNAL_ONE(1));
	EXPECT_TRUE(ZX_PKT_IS_GUEST_BELL(3));
	EXPECT_TRUE(ZX_PKT_IS_GUEST_MEM(4));
	EXPECT_TRUE(ZX_PKT_IS_GUEST_IO(5));
	EXPECT_TRUE(ZX_PKT_IS_GUEST_VCPU(6));
	EXPECT_TRUE(ZX_PKT_IS_INTERRUPT(7));
	EXPECT_TRUE(ZX_PKT_IS_PAGE_REQUEST(9));
	EXPECT_FALSE(ZX_PKT_IS_PAGE_REQUEST(ZX_PKT_TYPE_USER));
}

TEST(page_request_commands)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_PAGER_VMO_READ, 0)
		ABI_VALUE(ZX_PAGER_VMO_COMPLETE, 1)
		ABI_VALUE(ZX_PAGER_VMO_DIRTY, 2)
	};

	CHECK_VALUES(v);
}

TEST(rights)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_RIGHT_NONE, 0)
		ABI_VALUE(ZX_RIGHT_DUPLICATE, 0x1)
		ABI_VALUE(ZX_RIGHT_TRANSFER, 0x2)
		ABI_VALUE(ZX_RIGHT_READ, 0x4)
		ABI_VALUE(ZX_RIGHT_WRITE, 0x8)
		ABI_VALUE(ZX_RIGHT_EXECUTE, 0x10)
		ABI_VALUE(ZX_RIGHT_MAP, 0x20)
		ABI_VALUE(ZX_RIGHT_GET_PROPERTY, 0x40)
		ABI_VALUE(ZX_RIGHT_SET_PROPERTY, 0x80)
		ABI_VALUE(ZX_RIGHT_ENUMERATE, 0x100)
		ABI_VALUE(ZX_RIGHT_DESTROY, 0x200)
		ABI_VALUE(ZX_RIGHT_SET_POLICY, 0x400)
		ABI_VALUE(ZX_RIGHT_GET_POLICY, 0x800)
		ABI_VALUE(ZX_RIGHT_SIGNAL, 0x1000)
		ABI_VALUE(ZX_RIGHT_SIGNAL_PEER, 0x2000)
		ABI_VALUE(ZX_RIGHT_WAIT, 0x4000)
		ABI_VALUE(ZX_RIGHT_INSPECT, 0x8000)
		ABI_VALUE(ZX_RIGHT_MANAGE_JOB, 0x10000)
		ABI_VALUE(ZX_RIGHT_MANAGE_PROCESS, 0x20000)
		ABI_VALUE(ZX_RIGHT_MANAGE_THREAD, 0x40000)
		ABI_VALUE(ZX_RIGHT_APPLY_PROFILE, 0x80000)
		ABI_VALUE(ZX_RIGHT_MANAGE_SOCKET, 0x100000)
		ABI_VALUE(ZX_RIGHT_OP_CHILDREN, 0x200000)
		ABI_VALUE(ZX_RIGHT_RESIZE, 0x400000)
		ABI_VALUE(ZX_RIGHT_ATTACH_VMO, 0x800000)
		ABI_VALUE(ZX_RIGHT_MANAGE_VMO, 0x1000000)
		ABI_VALUE(ZX_RIGHT_SAME_RIGHTS, 0x80000000)
		ABI_VALUE(ZX_RIGHTS_BASIC, 0xC003)
		ABI_VALUE(ZX_RIGHTS_IO, 0xC)
		ABI_VALUE(ZX_RIGHTS_PROPERTY, 0xC0)
		ABI_VALUE(ZX_RIGHTS_POLICY, 0xC00)
		/* The defaults of the objects libzx has. */
		ABI_VALUE(ZX_DEFAULT_VMO_RIGHTS, 0xD0EF)
		ABI_VALUE(ZX_DEFAULT_PORT_RIGHTS, 0x800F)
		ABI_VALUE(ZX_DEFAULT_PAGER_RIGHTS, 0x1808002)
		ABI_VALUE(ZX_DEFAULT_VMAR_RIGHTS, 0x208003)
		ABI_VALUE(ZX_DEFAULT_EVENT_RIGHTS, 0xD003)
		ABI_VALUE(ZX_DEFAULT_CHANNEL_RIGHTS, 0xF00E)
	};

	CHECK_VALUES(v);
}

TEST(vm_options)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_VM_PERM_READ, 1u << 0)
		ABI_VALUE(ZX_VM_PERM_WRITE, 1u << 1)
		ABI_VALUE(ZX_VM_PERM_EXECUTE, 1u << 2)
		ABI_VALUE(ZX_VM_COMPACT, 1u << 3)
		ABI_VALUE(ZX_VM_SPECIFIC, 1u << 4)
		ABI_VALUE(ZX_VM_SPECIFIC_OVERWRITE, 1u << 5)
		ABI_VALUE(ZX_VM_CAN_MAP_SPECIFIC, 1u << 6)
		ABI_VALUE(ZX_VM_CAN_MAP_READ, 1u << 7)
		ABI_VALUE(ZX_VM_CAN_MAP_WRITE, 1u << 8)
		ABI_VALUE(ZX_VM_CAN_MAP_EXECUTE, 1u << 9)
		ABI_VALUE(ZX_VM_MAP_RANGE, 1u << 10)
		ABI_VALUE(ZX_VM_REQUIRE_NON_RESIZABLE, 1u << 11)
		ABI_VALUE(ZX_VM_ALLOW_FAULTS, 1u << 12)
		ABI_VALUE(ZX_VM_OFFSET_IS_UPPER_LIMIT, 1u << 13)
		ABI_VALUE(ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED, 1u << 14)
		ABI_VALUE(ZX_VM_FAULT_BEYOND_STREAM_SIZE, 1u << 15)
		ABI_VALUE(ZX_VM_ALIGN_BASE, 24)
		ABI_VALUE(ZX_VM_ALIGN_1KB, 0x0A000000)
		ABI_VALUE(ZX_VM_ALIGN_4KB, 0x0C000000)
		ABI_VALUE(ZX_VM_ALIGN_2MB, 0x15000000)
		ABI_VALUE(ZX_VM_ALIGN_1GB, 0x1E000000)
		ABI_VALUE(ZX_VM_ALIGN_4GB, 0x20000000)
	};

	CHECK_VALUES(v);
}

TEST(vmo_options_and_ops)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_VMO_RESIZABLE, 1u << 1)
		ABI_VALUE(ZX_VMO_DISCARDABLE, 1u << 2)
		ABI_VALUE(ZX_VMO_TRAP_DIRTY, 1u << 3)
		ABI_VALUE(ZX_VMO_UNBOUNDED, 1u << 4)
		ABI_VALUE(ZX_VMO_OP_COMMIT, 1)
		ABI_VALUE(ZX_VMO_OP_DECOMMIT, 2)
		ABI_VALUE(ZX_VMO_OP_LOCK, 3)
		ABI_VALUE(ZX_VMO_OP_UNLOCK, 4)
		ABI_VALUE(ZX_VMO_OP_CACHE_SYNC, 6)
		ABI_VALUE(ZX_VMO_OP_CACHE_INVALIDATE, 7)
		ABI_VALUE(ZX_VMO_OP_CACHE_CLEAN, 8)
		ABI_VALUE(ZX_VMO_OP_CACHE_CLEAN_INVALIDATE, 9)
		ABI_VALUE(ZX_VMO_OP_ZERO, 10)
		ABI_VALUE(ZX_VMO_OP_TRY_LOCK, 11)
		ABI_VALUE(ZX_VMO_OP_DONT_NEED, 12)
		ABI_VALUE(ZX_VMO_OP_ALWAYS_NEED, 13)
		ABI_VALUE(ZX_VMO_OP_PREFETCH, 14)
		ABI_VALUE(ZX_VMO_CHILD_SNAPSHOT, 1u << 0)
		ABI_VALUE(ZX_VMO_CHILD_RESIZABLE, 1u << 2)
		ABI_VALUE(ZX_VMO_CHILD_SLICE, 1u << 3)
		ABI_VALUE(ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 1u << 4)
		ABI_VALUE(ZX_VMO_CHILD_NO_WRITE, 1u << 5)
		ABI_VALUE(ZX_VMO_CHILD_REFERENCE, 1u << 6)
		ABI_VALUE(ZX_VMO_CHILD_SNAPSHOT_MODIFIED, 1u << 7)
		ABI_VALUE(ZX_VMAR_OP_COMMIT, 1)
		ABI_VALUE(ZX_VMAR_OP_DECOMMIT, 2)
		ABI_VALUE(ZX_VMAR_OP_MAP_RANGE, 3)
		ABI_VALUE(ZX_VMAR_OP_ZERO, 10)
		ABI_VALUE(ZX_VMAR_OP_DONT_NEED, 12)
		ABI_VALUE(ZX_VMAR_OP_ALWAYS_NEED, 13)
		ABI_VALUE(ZX_VMAR_OP_PREFETCH, 14)
		ABI_VALUE(ZX_VMO_ZERO_CHILDREN, 1u << 3)
		ABI_VALUE(ZX_CACHE_POLICY_CACHED, 0)
		ABI_VALUE(ZX_CACHE_POLICY_UNCACHED, 1)
		ABI_VALUE(ZX_CACHE_POLICY_UNCACHED_DEVICE, 2)
		ABI_VALUE(ZX_CACHE_POLICY_WRITE_COMBINING, 3)
		ABI_VALUE(ZX_CACHE_POLICY_MASK, 3)
		ABI_VALUE(ZX_MAX_NAME_LEN, 32)
		ABI_VALUE(ZX_PAGE_SIZE, 4096)
		ABI_VALUE(ZX_PAGE_SHIFT, 12)
	};

	CHECK_VALUES(v);
}

TEST(pager)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_PAGER_OP_FAIL, 1)
		ABI_VALUE(ZX_PAGER_OP_DIRTY, 2)
		ABI_VALUE(ZX_PAGER_OP_WRITEBACK_BEGIN, 3)
		ABI_VALUE(ZX_PAGER_OP_WRITEBACK_END, 4)
		ABI_VALUE(ZX_VMO_DIRTY_RANGE_IS_ZERO, 1)
		ABI_VALUE(ZX_PAGER_VMO_STATS_MODIFIED, 1)
		ABI_VALUE(ZX_PAGER_RESET_VMO_STATS, 1)
	};

	CHECK_VALUES(v);
}

TEST(info_topics)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_INFO_NONE, 0)
		ABI_VALUE(ZX_INFO_HANDLE_VALID, 1)
		ABI_VALUE(ZX_INFO_HANDLE_BASIC, 2)
		ABI_VALUE(ZX_INFO_PROCESS, 0x10000003)
		ABI_VALUE(ZX_INFO_PROCESS_THREADS, 4)
		ABI_VALUE(ZX_INFO_VMAR, 7)
		ABI_VALUE(ZX_INFO_JOB_CHILDREN, 8)
		ABI_VALUE(ZX_INFO_JOB_PROCESSES, 9)
		ABI_VALUE(ZX_INFO_THREAD, 10)
		ABI_VALUE(ZX_INFO_THREAD_EXCEPTION_REPORT_V1, 11)
		ABI_VALUE(ZX_INFO_THREAD_EXCEPTION_REPORT, 0x1000000B)
		ABI_VALUE(ZX_INFO_TASK_STATS_V1, 12)
		ABI_VALUE(ZX_INFO_TASK_STATS, 0x1000000C)
		ABI_VALUE(ZX_INFO_PROCESS_MAPS_V1, 13)
		ABI_VALUE(ZX_INFO_PROCESS_MAPS_V2, 0x1000000D)
		ABI_VALUE(ZX_INFO_PROCESS_MAPS, 0x2000000D)
		ABI_VALUE(ZX_INFO_PROCESS_VMOS_V1, 14)
		ABI_VALUE(ZX_INFO_PROCESS_VMOS_V2, 0x1000000E)
		ABI_VALUE(ZX_INFO_PROCESS_VMOS_V3, 0x2000000E)
		ABI_VALUE(ZX_INFO_PROCESS_VMOS, 0x3000000E)
		ABI_VALUE(ZX_INFO_THREAD_STATS, 15)
		ABI_VALUE(ZX_INFO_CPU_STATS, 16)
		ABI_VALUE(ZX_INFO_KMEM_STATS_V1, 17)
		ABI_VALUE(ZX_INFO_KMEM_STATS, 0x10000011)
		ABI_VALUE(ZX_INFO_RESOURCE, 18)
		ABI_VALUE(ZX_INFO_HANDLE_COUNT, 19)
		ABI_VALUE(ZX_INFO_BTI, 20)
		ABI_VALUE(ZX_INFO_PROCESS_HANDLE_STATS, 21)
		ABI_VALUE(ZX_INFO_SOCKET, 22)
		ABI_VALUE(ZX_INFO_VMO_V1, 23)
		ABI_VALUE(ZX_INFO_VMO_V2, 0x10000017)
		ABI_VALUE(ZX_INFO_VMO_V3, 0x20000017)
		ABI_VALUE(ZX_INFO_VMO, 0x30000017)
		ABI_VALUE(ZX_INFO_JOB, 24)
		ABI_VALUE(ZX_INFO_TIMER, 25)
		ABI_VALUE(ZX_INFO_STREAM, 26)
		ABI_VALUE(ZX_INFO_HANDLE_TABLE, 27)
		ABI_VALUE(ZX_INFO_MSI, 28)
		ABI_VALUE(ZX_INFO_GUEST_STATS, 29)
		ABI_VALUE(ZX_INFO_TASK_RUNTIME_V1, 30)
		ABI_VALUE(ZX_INFO_TASK_RUNTIME, 0x1000001E)
		ABI_VALUE(ZX_INFO_KMEM_STATS_EXTENDED, 31)
		ABI_VALUE(ZX_INFO_VCPU, 32)
		ABI_VALUE(ZX_INFO_KMEM_STATS_COMPRESSION, 33)
		ABI_VALUE(ZX_INFO_IOB, 34)
		ABI_VALUE(ZX_INFO_IOB_REGIONS, 35)
		ABI_VALUE(ZX_INFO_VMAR_MAPS, 36)
		ABI_VALUE(ZX_INFO_POWER_DOMAINS, 37)
		ABI_VALUE(ZX_INFO_INVALID_CPU, 0xFFFFFFFF)
		/* zx_info_vmo_t.flags */
		ABI_VALUE(ZX_INFO_VMO_TYPE_PHYSICAL, 0)
		ABI_VALUE(ZX_INFO_VMO_TYPE_PAGED, 1u << 0)
		ABI_VALUE(ZX_INFO_VMO_RESIZABLE, 1u << 1)
		ABI_VALUE(ZX_INFO_VMO_IS_COW_CLONE, 1u << 2)
		ABI_VALUE(ZX_INFO_VMO_VIA_HANDLE, 1u << 3)
		ABI_VALUE(ZX_INFO_VMO_VIA_MAPPING, 1u << 4)
		ABI_VALUE(ZX_INFO_VMO_PAGER_BACKED, 1u << 5)
		ABI_VALUE(ZX_INFO_VMO_CONTIGUOUS, 1u << 6)
		ABI_VALUE(ZX_INFO_VMO_DISCARDABLE, 1u << 7)
		ABI_VALUE(ZX_INFO_VMO_IMMUTABLE, 1u << 8)
		ABI_VALUE(ZX_INFO_VMO_VIA_IOB_HANDLE, 1u << 9)
	};

	CHECK_VALUES(v);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED, ZX_INFO_VMO_TYPE(0xffu));
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PHYSICAL, ZX_INFO_VMO_TYPE(0xfeu));
}

TEST(object_types)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_OBJ_TYPE_NONE, 0)
		ABI_VALUE(ZX_OBJ_TYPE_PROCESS, 1)
		ABI_VALUE(ZX_OBJ_TYPE_THREAD, 2)
		ABI_VALUE(ZX_OBJ_TYPE_VMO, 3)
		ABI_VALUE(ZX_OBJ_TYPE_CHANNEL, 4)
		ABI_VALUE(ZX_OBJ_TYPE_EVENT, 5)
		ABI_VALUE(ZX_OBJ_TYPE_PORT, 6)
		ABI_VALUE(ZX_OBJ_TYPE_INTERRUPT, 9)
		ABI_VALUE(ZX_OBJ_TYPE_PCI_DEVICE, 11)
		ABI_VALUE(ZX_OBJ_TYPE_DEBUGLOG, 12)
		ABI_VALUE(ZX_OBJ_TYPE_LOG, 12)
		ABI_VALUE(ZX_OBJ_TYPE_SOCKET, 14)
		ABI_VALUE(ZX_OBJ_TYPE_RESOURCE, 15)
		ABI_VALUE(ZX_OBJ_TYPE_EVENTPAIR, 16)
		ABI_VALUE(ZX_OBJ_TYPE_JOB, 17)
		ABI_VALUE(ZX_OBJ_TYPE_VMAR, 18)
		ABI_VALUE(ZX_OBJ_TYPE_FIFO, 19)
		ABI_VALUE(ZX_OBJ_TYPE_GUEST, 20)
		ABI_VALUE(ZX_OBJ_TYPE_VCPU, 21)
		ABI_VALUE(ZX_OBJ_TYPE_TIMER, 22)
		ABI_VALUE(ZX_OBJ_TYPE_IOMMU, 23)
		ABI_VALUE(ZX_OBJ_TYPE_BTI, 24)
		ABI_VALUE(ZX_OBJ_TYPE_PROFILE, 25)
		ABI_VALUE(ZX_OBJ_TYPE_PMT, 26)
		ABI_VALUE(ZX_OBJ_TYPE_SUSPEND_TOKEN, 27)
		ABI_VALUE(ZX_OBJ_TYPE_PAGER, 28)
		ABI_VALUE(ZX_OBJ_TYPE_EXCEPTION, 29)
		ABI_VALUE(ZX_OBJ_TYPE_CLOCK, 30)
		ABI_VALUE(ZX_OBJ_TYPE_STREAM, 31)
		ABI_VALUE(ZX_OBJ_TYPE_MSI, 32)
		ABI_VALUE(ZX_OBJ_TYPE_IOB, 33)
		ABI_VALUE(ZX_OBJ_TYPE_COUNTER, 34)
		ABI_VALUE(ZX_OBJ_TYPE_IOB_SHARED_REGION, 35)
		ABI_VALUE(ZX_OBJ_TYPE_UPPER_BOUND, 64)
	};

	CHECK_VALUES(v);
}

TEST(signals_and_misc)
{
	static const struct abi_value v[] = {
		ABI_VALUE(ZX_SIGNAL_NONE, 0)
		ABI_VALUE(ZX_USER_SIGNAL_ALL, 0xff000000)
		ABI_VALUE(ZX_USER_SIGNAL_0, 1u << 24)
		ABI_VALUE(ZX_USER_SIGNAL_7, 1u << 31)
		ABI_VALUE(ZX_SIGNAL_HANDLE_CLOSED, 1u << 23)
		ABI_VALUE(ZX_EVENT_SIGNALED, 1u << 3)
		ABI_VALUE(ZX_CHANNEL_READABLE, 1u << 0)
		ABI_VALUE(ZX_CHANNEL_WRITABLE, 1u << 1)
		ABI_VALUE(ZX_CHANNEL_PEER_CLOSED, 1u << 2)
		ABI_VALUE(ZX_CLOCK_MONOTONIC, 0)
		ABI_VALUE(ZX_CLOCK_BOOT, 1)
		ABI_VALUE(ZX_HANDLE_INVALID, 0)
		ABI_VALUE(ZX_KOID_INVALID, 0)
		ABI_VALUE(ZX_KOID_KERNEL, 1)
		ABI_VALUE(ZX_KOID_FIRST, 1024)
		ABI_VALUE(ZX_WAIT_MANY_MAX_ITEMS, 64)
		ABI_VALUE(ZX_TIME_INFINITE, INT64_MAX)
		ABI_VALUE(ZX_TIME_INFINITE_PAST, INT64_MIN)
		ABI_VALUE(ZX_TASK_RETCODE_SYSCALL_KILL, -1024)
		ABI_VALUE(ZX_TASK_RETCODE_CRITICAL_PROCESS_KILL, -1029)
	};

	CHECK_VALUES(v);
}

/* The saturating time helpers zx_deadline_after() relies on. */
TEST(time_arithmetic)
{
	EXPECT_EQ(ZX_TIME_INFINITE, zx_time_add_duration(INT64_MAX - 1, 5));
	EXPECT_EQ(ZX_TIME_INFINITE_PAST,
		  zx_time_add_duration(INT64_MIN + 1, -5));
	EXPECT_EQ(15, zx_time_add_duration(10, 5));
	EXPECT_EQ(ZX_TIME_INFINITE_PAST, zx_time_sub_duration(INT64_MIN, 1));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_time_sub_time(INT64_MAX, -1));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_duration_from_sec(INT64_MAX / 2));
	EXPECT_EQ(ZX_TIME_INFINITE_PAST, zx_duration_mul_int64(-2, INT64_MAX));
	EXPECT_EQ(50000000, ZX_MSEC(50));
	EXPECT_EQ(3000, ZX_USEC(3));
	EXPECT_EQ(INT64_C(7200000000000), ZX_HOUR(2));
	EXPECT_EQ(INT64_C(120000000000), zx_duration_from_min(2));
}

TEST_HARNESS_MAIN

#endif /* !__cplusplus */
