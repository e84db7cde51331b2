/* SPDX-License-Identifier: MIT */
/*
 * zx_object_get_info() topics and the records of the handle and VMO topics,
 * with Fuchsia's values and layouts. The records of other topics (tasks,
 * kernel statistics, sockets...) have no libzx counterpart and are left out.
 */
#ifndef SYSROOT_ZIRCON_SYSCALLS_OBJECT_H_
#define SYSROOT_ZIRCON_SYSCALLS_OBJECT_H_

#include <stddef.h>
#include <stdint.h>

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A versioned topic: the version (from 0) is in the top 4 bits. */
#define __ZX_INFO_TOPIC(t, v) ((zx_object_info_topic_t)((t) | ((v) << 28)))

/* Topics of zx_object_get_info(), with the record they return. */
typedef uint32_t zx_object_info_topic_t;

#define ZX_INFO_NONE ((zx_object_info_topic_t)0u)
#define ZX_INFO_HANDLE_VALID ((zx_object_info_topic_t)1u)
/* zx_info_handle_basic_t[1] */
#define ZX_INFO_HANDLE_BASIC ((zx_object_info_topic_t)2u)
/* zx_info_process_t[1] */
#define ZX_INFO_PROCESS __ZX_INFO_TOPIC(3u, 1u)
/* zx_koid_t[n] */
#define ZX_INFO_PROCESS_THREADS ((zx_object_info_topic_t)4u)
/* zx_info_vmar_t[1] */
#define ZX_INFO_VMAR ((zx_object_info_topic_t)7u)
/* zx_koid_t[n] */
#define ZX_INFO_JOB_CHILDREN ((zx_object_info_topic_t)8u)
#define ZX_INFO_JOB_PROCESSES ((zx_object_info_topic_t)9u)
/* zx_info_thread_t[1] */
#define ZX_INFO_THREAD ((zx_object_info_topic_t)10u)
/* zx_exception_report_t[1] */
#define ZX_INFO_THREAD_EXCEPTION_REPORT_V1 __ZX_INFO_TOPIC(11u, 0)
#define ZX_INFO_THREAD_EXCEPTION_REPORT __ZX_INFO_TOPIC(11u, 1)
/* zx_info_task_stats_t[1] */
#define ZX_INFO_TASK_STATS_V1 __ZX_INFO_TOPIC(12u, 0)
#define ZX_INFO_TASK_STATS __ZX_INFO_TOPIC(12u, 1)
/* zx_info_maps_t[n] */
#define ZX_INFO_PROCESS_MAPS_V1 __ZX_INFO_TOPIC(13u, 0)
#define ZX_INFO_PROCESS_MAPS_V2 __ZX_INFO_TOPIC(13u, 1)
#define ZX_INFO_PROCESS_MAPS __ZX_INFO_TOPIC(13u, 2)
/* zx_info_vmo_t[n] */
#define ZX_INFO_PROCESS_VMOS_V1 __ZX_INFO_TOPIC(14u, 0)
#define ZX_INFO_PROCESS_VMOS_V2 __ZX_INFO_TOPIC(14u, 1)
#define ZX_INFO_PROCESS_VMOS_V3 __ZX_INFO_TOPIC(14u, 2)
#define ZX_INFO_PROCESS_VMOS __ZX_INFO_TOPIC(14u, 3)
/* zx_info_thread_stats_t[1] */
#define ZX_INFO_THREAD_STATS ((zx_object_info_topic_t)15u)
/* zx_info_cpu_stats_t[n] */
#define ZX_INFO_CPU_STATS ((zx_object_info_topic_t)16u)
/* zx_info_kmem_stats_t[1], zx_info_kmem_stats_v1_t[1] */
#define ZX_INFO_KMEM_STATS __ZX_INFO_TOPIC(17u, 1)
#define ZX_INFO_KMEM_STATS_V1 __ZX_INFO_TOPIC(17u, 0)
/* zx_info_resource_t[1] */
#define ZX_INFO_RESOURCE ((zx_object_info_topic_t)18u)
/* zx_info_handle_count_t[1] */
#define ZX_INFO_HANDLE_COUNT ((zx_object_info_topic_t)19u)
/* zx_info_bti_t[1] */
#define ZX_INFO_BTI ((zx_object_info_topic_t)20u)
/* zx_info_process_handle_stats_t[1] */
#define ZX_INFO_PROCESS_HANDLE_STATS ((zx_object_info_topic_t)21u)
/* zx_info_socket_t[1] */
#define ZX_INFO_SOCKET ((zx_object_info_topic_t)22u)
/* zx_info_vmo_v1_t, _v2_t, _v3_t, zx_info_vmo_t [1] */
#define ZX_INFO_VMO_V1 __ZX_INFO_TOPIC(23u, 0)
#define ZX_INFO_VMO_V2 __ZX_INFO_TOPIC(23u, 1)
#define ZX_INFO_VMO_V3 __ZX_INFO_TOPIC(23u, 2)
#define ZX_INFO_VMO __ZX_INFO_TOPIC(23u, 3)
/* zx_info_job_t[1] */
#define ZX_INFO_JOB ((zx_object_info_topic_t)24u)
/* zx_info_timer_t[1] */
#define ZX_INFO_TIMER ((zx_object_info_topic_t)25u)
/* zx_info_stream_t[1] */
#define ZX_INFO_STREAM ((zx_object_info_topic_t)26u)
/* zx_info_handle_extended_t[n] */
#define ZX_INFO_HANDLE_TABLE ((zx_object_info_topic_t)27u)
/* zx_info_msi_t[1] */
#define ZX_INFO_MSI ((zx_object_info_topic_t)28u)
/* zx_info_guest_stats_t[1] */
#define ZX_INFO_GUEST_STATS ((zx_object_info_topic_t)29u)
/* zx_info_task_runtime_t[1] */
#define ZX_INFO_TASK_RUNTIME_V1 __ZX_INFO_TOPIC(30u, 0)
#define ZX_INFO_TASK_RUNTIME __ZX_INFO_TOPIC(30u, 1)
/* zx_info_kmem_stats_extended_t[1] */
#define ZX_INFO_KMEM_STATS_EXTENDED ((zx_object_info_topic_t)31u)
/* zx_info_vcpu_t[1] */
#define ZX_INFO_VCPU ((zx_object_info_topic_t)32u)
/* zx_info_kmem_stats_compression_t[1] */
#define ZX_INFO_KMEM_STATS_COMPRESSION ((zx_object_info_topic_t)33u)
/* zx_info_iob_t[1] */
#define ZX_INFO_IOB ((zx_object_info_topic_t)34u)
/* zx_iob_region_info_t[n] */
#define ZX_INFO_IOB_REGIONS ((zx_object_info_topic_t)35u)
/* zx_info_maps_t[n] */
#define ZX_INFO_VMAR_MAPS ((zx_object_info_topic_t)36u)
/* zx_power_domain_info_t[n] (a "next" syscall on Fuchsia) */
#define ZX_INFO_POWER_DOMAINS ((zx_object_info_topic_t)37u)

/* Return codes of killed tasks. */
#define ZX_TASK_RETCODE_SYSCALL_KILL ((int64_t)-1024)
#define ZX_TASK_RETCODE_OOM_KILL ((int64_t)-1025)
#define ZX_TASK_RETCODE_POLICY_KILL ((int64_t)-1026)
#define ZX_TASK_RETCODE_VDSO_KILL ((int64_t)-1027)
#define ZX_TASK_RETCODE_EXCEPTION_KILL ((int64_t)-1028)
#define ZX_TASK_RETCODE_CRITICAL_PROCESS_KILL ((int64_t)-1029)

/* No CPU. */
#define ZX_INFO_INVALID_CPU ((uint32_t)0xFFFFFFFFu)

/* ZX_INFO_HANDLE_BASIC */
typedef struct zx_info_handle_basic {
	/* The object's id. */
	zx_koid_t koid;
	/* The handle's rights (fixed for the handle's life). */
	zx_rights_t rights;
	/* ZX_OBJ_TYPE_* */
	zx_obj_type_t type;
	/* Id of the related object (a channel's peer, a job's parent), or 0. */
	zx_koid_t related_koid;
	uint32_t reserved;
	uint8_t padding1[4];
} zx_info_handle_basic_t;

/* ZX_INFO_HANDLE_TABLE */
typedef struct zx_info_handle_extended {
	zx_obj_type_t type;
	/* The handle's value in the process that was asked about. */
	zx_handle_t handle_value;
	zx_rights_t rights;
	uint32_t reserved;
	zx_koid_t koid;
	zx_koid_t related_koid;
	/* Owner of the peer object, if any (0: not implemented on Fuchsia). */
	zx_koid_t peer_owner_koid;
} zx_info_handle_extended_t;

/* ZX_INFO_HANDLE_COUNT */
typedef struct zx_info_handle_count {
	/* Handles open to the object. */
	uint32_t handle_count;
} zx_info_handle_count_t;

/* ZX_INFO_PROCESS_HANDLE_STATS */
typedef struct zx_info_process_handle_stats {
	/* Handles open, per ZX_OBJ_TYPE_*. */
	uint32_t handle_count[ZX_OBJ_TYPE_UPPER_BOUND];
} zx_info_process_handle_stats_t;

/* ZX_INFO_VMAR */
typedef struct zx_info_vmar {
	uintptr_t base;
	size_t len;
} zx_info_vmar_t;

/* zx_info_vmo_t.flags */

/* Backed by RAM. ZX_INFO_VMO_TYPE(flags) is _PAGED or _PHYSICAL. */
#define ZX_INFO_VMO_TYPE_PAGED (1u << 0)
/* A physical address range (device memory). */
#define ZX_INFO_VMO_TYPE_PHYSICAL (0u << 0)
#define ZX_INFO_VMO_TYPE(flags) ((flags) & (1u << 0))
#define ZX_INFO_VMO_RESIZABLE (1u << 1)
/* A copy-on-write child. */
#define ZX_INFO_VMO_IS_COW_CLONE (1u << 2)
/* ZX_INFO_PROCESS_VMOS: the process has a handle to it. */
#define ZX_INFO_VMO_VIA_HANDLE (1u << 3)
/* ZX_INFO_PROCESS_VMOS: the process has it mapped. */
#define ZX_INFO_VMO_VIA_MAPPING (1u << 4)
/* Created by zx_pager_create_vmo(), or a child of such a VMO. */
#define ZX_INFO_VMO_PAGER_BACKED (1u << 5)
#define ZX_INFO_VMO_CONTIGUOUS (1u << 6)
#define ZX_INFO_VMO_DISCARDABLE (1u << 7)
/* Immutable since creation. */
#define ZX_INFO_VMO_IMMUTABLE (1u << 8)
/* ZX_INFO_PROCESS_VMOS: the process has a handle to an IOB holding it. */
#define ZX_INFO_VMO_VIA_IOB_HANDLE (1u << 9)

/* ZX_INFO_VMO (version 4) */
typedef struct zx_info_vmo {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	/* The size in bytes (what a mapping of all of it would take). */
	uint64_t size_bytes;
	/* The parent's koid for a child, else 0. */
	zx_koid_t parent_koid;
	size_t num_children;
	/* Mappings of it in any VMAR. */
	size_t num_mappings;
	/* Estimate of the distinct address spaces that map it. */
	size_t share_count;
	/* ZX_INFO_VMO_* */
	uint32_t flags;
	uint8_t padding1[4];
	/* Paged VMOs: memory committed, including pages shared with clones. */
	uint64_t committed_bytes;
	/* Rights of the handle (ZX_INFO_VMO_VIA_HANDLE / _VIA_IOB_HANDLE). */
	zx_rights_t handle_rights;
	/* ZX_CACHE_POLICY_* */
	uint32_t cache_policy;
	/* Kernel memory spent tracking it. */
	uint64_t metadata_bytes;
	/* Times the kernel changed committed_bytes on its own. */
	uint64_t committed_change_events;
	/* Paged VMOs: content tracked, compressed or not, shared included. */
	uint64_t populated_bytes;
	/* Paged VMOs: the parts of the two above not shared with clones. */
	uint64_t committed_private_bytes;
	uint64_t populated_private_bytes;
	/* Shared bytes counted 1/(number of VMOs sharing them), truncated. */
	uint64_t committed_scaled_bytes;
	uint64_t populated_scaled_bytes;
	/* The truncated fractions, fixed point, 0x8000000000000000 = 1 byte. */
	uint64_t committed_fractional_scaled_bytes;
	uint64_t populated_fractional_scaled_bytes;
} zx_info_vmo_t;

/* ZX_INFO_VMO_V3 */
typedef struct zx_info_vmo_v3 {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	uint64_t size_bytes;
	zx_koid_t parent_koid;
	size_t num_children;
	size_t num_mappings;
	size_t share_count;
	uint32_t flags;
	uint8_t padding1[4];
	uint64_t committed_bytes;
	zx_rights_t handle_rights;
	uint32_t cache_policy;
	uint64_t metadata_bytes;
	uint64_t committed_change_events;
	uint64_t populated_bytes;
} zx_info_vmo_v3_t;

/* ZX_INFO_VMO_V2 */
typedef struct zx_info_vmo_v2 {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	uint64_t size_bytes;
	zx_koid_t parent_koid;
	size_t num_children;
	size_t num_mappings;
	size_t share_count;
	uint32_t flags;
	uint8_t padding1[4];
	uint64_t committed_bytes;
	zx_rights_t handle_rights;
	uint32_t cache_policy;
	uint64_t metadata_bytes;
	uint64_t committed_change_events;
} zx_info_vmo_v2_t;

/* ZX_INFO_VMO_V1 */
typedef struct zx_info_vmo_v1 {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	uint64_t size_bytes;
	zx_koid_t parent_koid;
	size_t num_children;
	size_t num_mappings;
	size_t share_count;
	uint32_t flags;
	uint8_t padding1[4];
	uint64_t committed_bytes;
	zx_rights_t handle_rights;
	uint32_t cache_policy;
} zx_info_vmo_v1_t;

#ifdef __cplusplus
}
#endif

#endif /* SYSROOT_ZIRCON_SYSCALLS_OBJECT_H_ */
