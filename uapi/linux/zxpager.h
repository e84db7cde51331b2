/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zxpager: Fuchsia Zircon's user-mode pager, VMO and port objects on Linux.
 *
 * This is the whole ABI between the zxpager module and userspace (libzx).
 * Userspace normally uses libzx's <zircon/...> API instead of this header.
 *
 * Every ioctl takes a pointer to a struct that starts with
 *
 *	__u32 size;	size of the struct as the caller knows it
 *	__u32 flags;	ZXPAGER_*_FLAG_* bits for that command
 *
 * so that the struct can grow at its end (the iommufd scheme): the kernel
 * reads min(size, its own size) bytes, treats bytes it does not know as
 * zero if the caller's struct is shorter, and refuses a longer struct whose
 * extra bytes are not all zero. It writes back at most @size bytes, and
 * only on success (ENOBUFS from OBJECT_GET_INFO also reports @avail).
 * Fields documented "out:" are ignored on input and always written on
 * success; fields named __reserved must be 0.
 *
 * Objects. Ports and VMOs (pagers later) are reached through file
 * descriptors, their handles: every fd carries its own ZX_RIGHT_* rights
 * (struct zxpager_handle_duplicate makes one with fewer), is created
 * O_CLOEXEC, passes between processes like any fd, and the object dies with
 * its last fd (or mapping). Operations are ioctls on the /dev/zxpager fd
 * that name their objects by fd number, so that a foreign fd is refused
 * cleanly (EBADF) instead of receiving an unknown ioctl. fd 0 is never a
 * handle (ZX_HANDLE_INVALID). A VMO fd can be mmap()ed (MAP_SHARED).
 *
 * Errno contract, the same for every ioctl; the second column is the
 * zx_status_t libzx reports, through one table:
 *   ENOTTY      NOT_SUPPORTED      unknown ioctl command
 *   EFAULT      INVALID_ARGS       the argument or a buffer is not accessible
 *   EINVAL      INVALID_ARGS       @size is smaller than the command's first
 *                                  version, a reserved field is not zero, or
 *                                  a field has a bad value
 *   E2BIG       NOT_SUPPORTED      @size is larger than the kernel's struct
 *                                  and the extra bytes are not all zero
 *   EOPNOTSUPP  NOT_SUPPORTED      @flags has a bit this kernel does not
 *                                  know, or the operation is not supported
 *   ERANGE      OUT_OF_RANGE       an offset, length or size is out of range
 *                                  (including offset + length wrapping)
 *   EBADF       BAD_HANDLE         a handle is 0, closed, or not zxpager's
 *   EPROTOTYPE  WRONG_TYPE         a handle is of the wrong object type
 *   EACCES      ACCESS_DENIED      a handle lacks a right the call needs
 *   ENOMEM      NO_MEMORY
 *   EMFILE      NO_RESOURCES       no fd is left for a new handle
 *   EBUSY       UNAVAILABLE        e.g. resizing a VMO that is not resizable
 *   EAGAIN      SHOULD_WAIT        e.g. a port's user packet budget is spent
 *   ETIMEDOUT   TIMED_OUT          a deadline passed
 *   EBADFD      BAD_STATE          the object's state does not allow it
 *   ENOBUFS     BUFFER_TOO_SMALL
 *   ENOENT      NOT_FOUND
 *   EIO         IO
 *   EBADMSG     IO_DATA_INTEGRITY
 *   ENOSPC      NO_SPACE
 * Blocking calls are interruptible and restart transparently (their
 * deadlines are absolute).
 */
#ifndef _UAPI_LINUX_ZXPAGER_H
#define _UAPI_LINUX_ZXPAGER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define ZXPAGER_DEVICE_NAME	"zxpager"

/* Bumped only on an incompatible change; growth goes through @size. */
#define ZXPAGER_ABI_VERSION	1

/* ioctl type byte, see Documentation/userspace-api/ioctl/ioctl-number.rst */
#define ZXPAGER_TYPE		0xB9

enum {
	ZXPAGER_CMD_BASE = 0x00,
	ZXPAGER_CMD_API = ZXPAGER_CMD_BASE,
	ZXPAGER_CMD_HANDLE_DUPLICATE,
	ZXPAGER_CMD_OBJECT_GET_INFO,
	ZXPAGER_CMD_PORT_CREATE,
	ZXPAGER_CMD_PORT_QUEUE,
	ZXPAGER_CMD_PORT_WAIT,
	ZXPAGER_CMD_VMO_CREATE,
	ZXPAGER_CMD_VMO_READ,
	ZXPAGER_CMD_VMO_WRITE,
	ZXPAGER_CMD_VMO_GET_SIZE,
	ZXPAGER_CMD_VMO_SET_SIZE,
	ZXPAGER_CMD_VMO_OP_RANGE,
	ZXPAGER_CMD_PAGER_CREATE,
	ZXPAGER_CMD_PAGER_CREATE_VMO,
	ZXPAGER_CMD_PAGER_DETACH_VMO,
	ZXPAGER_CMD_PAGER_SUPPLY_PAGES,
	ZXPAGER_CMD_PAGER_OP_RANGE,
	ZXPAGER_CMD_PAGER_QUERY_DIRTY_RANGES,
	ZXPAGER_CMD_PAGER_QUERY_VMO_STATS,
	ZXPAGER_CMD_VMAR_OP_RANGE,
};

/*
 * Feature bits reported by ZXPAGER_IOC_API, one per capability of the
 * module; userspace probes them rather than comparing versions.
 */
#define ZXPAGER_FEATURE_HANDLES	(1ULL << 0)	/* duplicate, get_info */
#define ZXPAGER_FEATURE_PORTS	(1ULL << 1)	/* port create/queue/wait, poll */
#define ZXPAGER_FEATURE_VMOS	(1ULL << 2)	/* anonymous VMOs, mmap */
#define ZXPAGER_FEATURE_PAGER	(1ULL << 3)	/* pagers, READ requests, supply, fail, detach */
#define ZXPAGER_FEATURES_ALL	(ZXPAGER_FEATURE_HANDLES | ZXPAGER_FEATURE_PORTS | \
				 ZXPAGER_FEATURE_VMOS | ZXPAGER_FEATURE_PAGER)

/* Object types, as Zircon numbers them (ZX_OBJ_TYPE_*). */
#define ZXPAGER_OBJ_VMO		3
#define ZXPAGER_OBJ_PORT	6
#define ZXPAGER_OBJ_PAGER	28

/* Rights bits are Zircon's ZX_RIGHT_* values. */
#define ZXPAGER_RIGHT_DUPLICATE		(1U << 0)
#define ZXPAGER_RIGHT_TRANSFER		(1U << 1)
#define ZXPAGER_RIGHT_READ		(1U << 2)
#define ZXPAGER_RIGHT_WRITE		(1U << 3)
#define ZXPAGER_RIGHT_EXECUTE		(1U << 4)
#define ZXPAGER_RIGHT_MAP		(1U << 5)
#define ZXPAGER_RIGHT_GET_PROPERTY	(1U << 6)
#define ZXPAGER_RIGHT_SET_PROPERTY	(1U << 7)
#define ZXPAGER_RIGHT_SIGNAL		(1U << 12)
#define ZXPAGER_RIGHT_WAIT		(1U << 14)
#define ZXPAGER_RIGHT_INSPECT		(1U << 15)
#define ZXPAGER_RIGHT_RESIZE		(1U << 22)
#define ZXPAGER_RIGHT_ATTACH_VMO	(1U << 23)
#define ZXPAGER_RIGHT_MANAGE_VMO	(1U << 24)
#define ZXPAGER_RIGHT_SAME_RIGHTS	(1U << 31)

/**
 * struct zxpager_api - ZXPAGER_IOC_API: the handshake
 * @size: sizeof(struct zxpager_api)
 * @flags: must be 0
 * @__reserved: must be 0
 * @abi_version: out: ZXPAGER_ABI_VERSION of the module
 * @features: out: ZXPAGER_FEATURE_* bits the module supports
 * @ioctls: out: bit n set when command ZXPAGER_CMD_BASE + n is supported
 *
 * Has no side effect; may be repeated.
 */
struct zxpager_api {
	__u32 size;
	__u32 flags;
	__u32 __reserved;
	__u32 abi_version;
	__aligned_u64 features;
	__aligned_u64 ioctls;
};
#define ZXPAGER_IOC_API		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_API)

/*
 * ZXPAGER_IOC_HANDLE_DUPLICATE flag for zx_handle_replace: the caller gives
 * @handle up (it closes it afterwards), so ZXPAGER_RIGHT_DUPLICATE is not
 * needed, as in Zircon.
 */
#define ZXPAGER_HANDLE_DUPLICATE_FLAG_REPLACE	(1U << 0)

/**
 * struct zxpager_handle_duplicate - ZXPAGER_IOC_HANDLE_DUPLICATE
 * @size: sizeof(struct zxpager_handle_duplicate)
 * @flags: 0 or ZXPAGER_HANDLE_DUPLICATE_FLAG_REPLACE
 * @handle: the handle to duplicate; needs ZXPAGER_RIGHT_DUPLICATE unless
 *          the call is a replace
 * @rights: the new handle's rights, a subset of @handle's, or
 *          ZXPAGER_RIGHT_SAME_RIGHTS
 * @out_handle: out: the new handle (fd, O_CLOEXEC)
 * @__reserved: must be 0
 */
struct zxpager_handle_duplicate {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 rights;
	__u32 out_handle;
	__u32 __reserved;
};
#define ZXPAGER_IOC_HANDLE_DUPLICATE	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_HANDLE_DUPLICATE)

/* Topics of ZXPAGER_IOC_OBJECT_GET_INFO and the records they return. */
enum zxpager_info_topic {
	ZXPAGER_INFO_HANDLE_BASIC = 1,	/* one struct zxpager_info_handle */
	ZXPAGER_INFO_VMO = 2,		/* one struct zxpager_info_vmo */
};

struct zxpager_info_handle {
	__aligned_u64 koid;		/* the object's id, unique while it lives */
	__u32 rights;			/* this handle's rights */
	__u32 type;			/* ZXPAGER_OBJ_* */
};

#define ZXPAGER_INFO_VMO_RESIZABLE	(1U << 1)	/* ZX_INFO_VMO_RESIZABLE */
#define ZXPAGER_INFO_VMO_PAGER_BACKED	(1U << 5)	/* ZX_INFO_VMO_PAGER_BACKED */

struct zxpager_info_vmo {
	__aligned_u64 koid;
	__aligned_u64 size_bytes;
	__aligned_u64 committed_bytes;	/* pages allocated to the VMO */
	__u32 flags;			/* ZXPAGER_INFO_VMO_* */
	__u32 handle_rights;
	__u32 num_mappings;		/* mappings of this VMO, all processes */
	__u32 share_count;		/* handles to this VMO */
};

/**
 * struct zxpager_object_get_info - ZXPAGER_IOC_OBJECT_GET_INFO
 * @size, @flags: as usual; flags must be 0
 * @handle: the object; ZXPAGER_INFO_VMO needs ZXPAGER_RIGHT_INSPECT
 * @topic: a zxpager_info_topic
 * @buffer: where the record is written
 * @buffer_size: its size; smaller than the record -> ENOBUFS (and @avail
 *               still says 1)
 * @actual: out: records written
 * @avail: out: records available
 */
struct zxpager_object_get_info {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 topic;
	__aligned_u64 buffer;
	__aligned_u64 buffer_size;
	__aligned_u64 actual;
	__aligned_u64 avail;
};
#define ZXPAGER_IOC_OBJECT_GET_INFO	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_OBJECT_GET_INFO)

/*
 * A port packet, byte for byte Fuchsia's zx_port_packet_t (48 bytes):
 * key, type (ZX_PKT_TYPE_*), status, and 32 bytes of payload.
 */
struct zxpager_port_packet {
	__aligned_u64 key;
	__u32 type;
	__s32 status;
	__aligned_u64 payload[4];
};

/**
 * struct zxpager_port_create - ZXPAGER_IOC_PORT_CREATE
 * @options: Zircon's zx_port_create options; only 0 is supported
 *           (ZX_PORT_BIND_TO_INTERRUPT, 1: EOPNOTSUPP; others: EINVAL)
 * @out_handle: out: the port (fd)
 */
struct zxpager_port_create {
	__u32 size;
	__u32 flags;
	__u32 options;
	__u32 out_handle;
};
#define ZXPAGER_IOC_PORT_CREATE		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PORT_CREATE)

/**
 * struct zxpager_port_queue - ZXPAGER_IOC_PORT_QUEUE: queue a user packet
 * @handle: the port; needs ZXPAGER_RIGHT_WRITE
 * @packet: the packet; its type is forced to ZX_PKT_TYPE_USER (0)
 *
 * A port holds at most port_max_user_packets (module parameter, default
 * 2048) user packets; beyond that EAGAIN (SHOULD_WAIT) and nothing is
 * queued. Packets the kernel queues are never limited nor lost.
 */
struct zxpager_port_queue {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 __reserved;
	struct zxpager_port_packet packet;
};
#define ZXPAGER_IOC_PORT_QUEUE		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PORT_QUEUE)

/**
 * struct zxpager_port_wait - ZXPAGER_IOC_PORT_WAIT
 * @handle: the port; needs ZXPAGER_RIGHT_READ
 * @deadline: absolute CLOCK_MONOTONIC time in ns; INT64_MAX waits forever;
 *            a deadline in the past only checks. ETIMEDOUT when it passes.
 * @packet: out: the first packet, removed from the port
 */
struct zxpager_port_wait {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 __reserved;
	__s64 deadline;
	struct zxpager_port_packet packet;
};
#define ZXPAGER_IOC_PORT_WAIT		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PORT_WAIT)

/* VMO create options, Zircon's values. */
#define ZXPAGER_VMO_RESIZABLE	(1U << 1)
#define ZXPAGER_VMO_DISCARDABLE	(1U << 2)	/* not supported: EOPNOTSUPP */
#define ZXPAGER_VMO_TRAP_DIRTY	(1U << 3)	/* pager VMOs only: EINVAL here */
#define ZXPAGER_VMO_UNBOUNDED	(1U << 4)	/* not supported: EOPNOTSUPP */

/**
 * struct zxpager_vmo_create - ZXPAGER_IOC_VMO_CREATE: an anonymous VMO
 * @options: ZXPAGER_VMO_RESIZABLE or 0 (other Zircon options: EOPNOTSUPP
 *           when known to Zircon but not here, else EINVAL)
 * @out_handle: out: the VMO (fd)
 * @vmo_size: bytes, rounded up to pages; too large -> ERANGE
 */
struct zxpager_vmo_create {
	__u32 size;
	__u32 flags;
	__u32 options;
	__u32 out_handle;
	__aligned_u64 vmo_size;
};
#define ZXPAGER_IOC_VMO_CREATE		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_VMO_CREATE)

/**
 * struct zxpager_vmo_rw - ZXPAGER_IOC_VMO_READ / ZXPAGER_IOC_VMO_WRITE
 * @handle: the VMO; READ needs ZXPAGER_RIGHT_READ, WRITE ZXPAGER_RIGHT_WRITE
 * @buffer: user memory to fill or take from
 * @offset: byte offset in the VMO, any alignment
 * @length: bytes; offset + length beyond the VMO's size -> ERANGE
 *
 * Reading an uncommitted page reads zeros and commits nothing.
 */
struct zxpager_vmo_rw {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 __reserved;
	__aligned_u64 buffer;
	__aligned_u64 offset;
	__aligned_u64 length;
};
#define ZXPAGER_IOC_VMO_READ		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_VMO_READ)
#define ZXPAGER_IOC_VMO_WRITE		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_VMO_WRITE)

/**
 * struct zxpager_vmo_size - ZXPAGER_IOC_VMO_GET_SIZE / ZXPAGER_IOC_VMO_SET_SIZE
 * @handle: the VMO; SET needs ZXPAGER_RIGHT_WRITE and, on a resizable VMO,
 *          ZXPAGER_RIGHT_RESIZE; a VMO created without
 *          ZXPAGER_VMO_RESIZABLE -> EBUSY (UNAVAILABLE)
 * @vmo_size: GET: out; SET: in, rounded up to pages. Shrinking frees the
 *            pages beyond and makes mappings there fault (SIGBUS).
 */
struct zxpager_vmo_size {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 __reserved;
	__aligned_u64 vmo_size;
};
#define ZXPAGER_IOC_VMO_GET_SIZE	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_VMO_GET_SIZE)
#define ZXPAGER_IOC_VMO_SET_SIZE	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_VMO_SET_SIZE)

/* zx_vmo_op_range ops, Zircon's values. */
#define ZXPAGER_VMO_OP_COMMIT			1
#define ZXPAGER_VMO_OP_DECOMMIT			2
#define ZXPAGER_VMO_OP_LOCK			3
#define ZXPAGER_VMO_OP_UNLOCK			4
#define ZXPAGER_VMO_OP_CACHE_SYNC		6
#define ZXPAGER_VMO_OP_CACHE_INVALIDATE		7
#define ZXPAGER_VMO_OP_CACHE_CLEAN		8
#define ZXPAGER_VMO_OP_CACHE_CLEAN_INVALIDATE	9
#define ZXPAGER_VMO_OP_ZERO			10
#define ZXPAGER_VMO_OP_TRY_LOCK			11
#define ZXPAGER_VMO_OP_DONT_NEED		12
#define ZXPAGER_VMO_OP_ALWAYS_NEED		13
#define ZXPAGER_VMO_OP_PREFETCH			14

/**
 * struct zxpager_vmo_op_range - ZXPAGER_IOC_VMO_OP_RANGE
 * @handle: the VMO. COMMIT, DECOMMIT, ZERO need ZXPAGER_RIGHT_WRITE;
 *          CACHE_SYNC, CACHE_CLEAN and the hints DONT_NEED, ALWAYS_NEED,
 *          PREFETCH need ZXPAGER_RIGHT_READ; CACHE_INVALIDATE and
 *          CACHE_CLEAN_INVALIDATE need both. Cache ops and hints are no-ops
 *          on anonymous VMOs. LOCK, UNLOCK, TRY_LOCK (discardable VMOs
 *          only): EOPNOTSUPP. Unknown op: EINVAL.
 * @op: ZXPAGER_VMO_OP_*
 * @offset, @length: the range; COMMIT and DECOMMIT act on every page the
 *          range touches, ZERO zeroes exactly these bytes. Beyond the VMO's
 *          size -> ERANGE.
 */
struct zxpager_vmo_op_range {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 op;
	__aligned_u64 offset;
	__aligned_u64 length;
};
#define ZXPAGER_IOC_VMO_OP_RANGE	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_VMO_OP_RANGE)

/*
 * Pagers. A pager creates VMOs whose pages it supplies on request: a read
 * of a missing page (through a mapping, zx_vmo_read/write, or COMMIT)
 * queues a ZX_PKT_TYPE_PAGE_REQUEST packet (command ZX_PAGER_VMO_READ,
 * offset, length) on the VMO's port with the VMO's key, and the reader
 * waits until the pager supplies the range, fails it, or detaches the VMO.
 * At most one packet per VMO is in the port at a time; a request satisfied
 * before the pager dequeues it is pulled back from the port.
 */

/**
 * struct zxpager_pager_create - ZXPAGER_IOC_PAGER_CREATE
 * @options: must be 0
 * @out_handle: out: the pager
 */
struct zxpager_pager_create {
	__u32 size;
	__u32 flags;
	__u32 options;
	__u32 out_handle;
};
#define ZXPAGER_IOC_PAGER_CREATE	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PAGER_CREATE)

/**
 * struct zxpager_pager_create_vmo - ZXPAGER_IOC_PAGER_CREATE_VMO
 * @pager: needs ZXPAGER_RIGHT_ATTACH_VMO
 * @port: where requests go; needs ZXPAGER_RIGHT_WRITE
 * @options: ZXPAGER_VMO_RESIZABLE, ZXPAGER_VMO_TRAP_DIRTY (a write to a
 *           page that is not Dirty first sends a DIRTY request, answered
 *           by ZXPAGER_PAGER_OP_DIRTY), else EINVAL
 * @key: the key of this VMO's packets
 * @vmo_size: bytes, rounded up to pages
 * @out_handle: out: the VMO
 */
struct zxpager_pager_create_vmo {
	__u32 size;
	__u32 flags;
	__u32 pager;
	__u32 port;
	__u32 options;
	__u32 out_handle;
	__aligned_u64 key;
	__aligned_u64 vmo_size;
};
#define ZXPAGER_IOC_PAGER_CREATE_VMO	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PAGER_CREATE_VMO)

/**
 * struct zxpager_pager_detach_vmo - ZXPAGER_IOC_PAGER_DETACH_VMO
 * @pager: needs ZXPAGER_RIGHT_ATTACH_VMO and ZXPAGER_RIGHT_MANAGE_VMO
 * @vmo: a VMO of this pager (else EINVAL); needs ZXPAGER_RIGHT_WRITE
 *
 * Outstanding requests fail (BAD_STATE; SIGBUS through a mapping), no new
 * ones are made, then one ZX_PAGER_VMO_COMPLETE packet is queued.
 */
struct zxpager_pager_detach_vmo {
	__u32 size;
	__u32 flags;
	__u32 pager;
	__u32 vmo;
};
#define ZXPAGER_IOC_PAGER_DETACH_VMO	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PAGER_DETACH_VMO)

/**
 * struct zxpager_pager_supply_pages - ZXPAGER_IOC_PAGER_SUPPLY_PAGES
 * @pager: needs ZXPAGER_RIGHT_MANAGE_VMO
 * @vmo: a VMO of this pager; needs ZXPAGER_RIGHT_WRITE
 * @aux_vmo: an anonymous VMO; needs READ and WRITE
 * @offset, @length: the range of @vmo to supply, page aligned (EINVAL first)
 * @aux_offset: where in @aux_vmo the pages are, page aligned
 *
 * Moves the pages (no copy); pages already present in @vmo are kept and the
 * aux page is dropped; an uncommitted aux page supplies a zero page. The
 * aux range is left decommitted. Ranges out of either VMO: ERANGE; a pager
 * VMO as aux: EOPNOTSUPP; a detached VMO: EBADFD (BAD_STATE).
 */
struct zxpager_pager_supply_pages {
	__u32 size;
	__u32 flags;
	__u32 pager;
	__u32 vmo;
	__aligned_u64 offset;
	__aligned_u64 length;
	__u32 aux_vmo;
	__u32 __reserved;
	__aligned_u64 aux_offset;
};
#define ZXPAGER_IOC_PAGER_SUPPLY_PAGES	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PAGER_SUPPLY_PAGES)

/* zx_pager_op_range ops, Zircon's values. */
#define ZXPAGER_PAGER_OP_FAIL		1
#define ZXPAGER_PAGER_OP_DIRTY		2
#define ZXPAGER_PAGER_OP_WRITEBACK_BEGIN	3
#define ZXPAGER_PAGER_OP_WRITEBACK_END	4

/**
 * struct zxpager_pager_op_range - ZXPAGER_IOC_PAGER_OP_RANGE
 * @pager: needs ZXPAGER_RIGHT_MANAGE_VMO
 * @op: ZXPAGER_PAGER_OP_FAIL, DIRTY, WRITEBACK_BEGIN or WRITEBACK_END;
 *      others EOPNOTSUPP as in Zircon
 * @vmo: a VMO of this pager; needs ZXPAGER_RIGHT_WRITE
 * @offset, @length: page aligned (EINVAL first)
 * @data: FAIL: the zx_status_t the waiters get, sign-extended; one of
 *        ZX_ERR_IO, IO_DATA_INTEGRITY, BAD_STATE, NO_SPACE,
 *        BUFFER_TOO_SMALL, else EINVAL. WRITEBACK_BEGIN: 0 or
 *        ZXPAGER_DIRTY_RANGE_IS_ZERO; DIRTY, WRITEBACK_END: 0; else EINVAL.
 *
 * DIRTY (TRAP_DIRTY VMOs only, else EOPNOTSUPP) makes every page of the
 * range Dirty and ends the DIRTY requests it answers; a page never
 * supplied in the range: ENOENT (NOT_FOUND), and nothing changes.
 *
 * WRITEBACK_BEGIN moves the range's Dirty pages to AwaitingClean, and
 * WRITEBACK_END moves AwaitingClean pages to Clean; a write in between
 * makes the page Dirty again. After detach, FAIL and DIRTY are EBADFD
 * (BAD_STATE) while the writeback ops still work.
 */
struct zxpager_pager_op_range {
	__u32 size;
	__u32 flags;
	__u32 pager;
	__u32 op;
	__u32 vmo;
	__u32 __reserved;
	__aligned_u64 offset;
	__aligned_u64 length;
	__aligned_u64 data;
};
#define ZXPAGER_IOC_PAGER_OP_RANGE	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PAGER_OP_RANGE)

/* struct zxpager_dirty_range.options: the range reads as zeros. */
#define ZXPAGER_DIRTY_RANGE_IS_ZERO	1

/* One run of zx_pager_query_dirty_ranges: zx_vmo_dirty_range_t. */
struct zxpager_dirty_range {
	__aligned_u64 offset;
	__aligned_u64 length;
	__aligned_u64 options;
};

/**
 * struct zxpager_pager_query_dirty_ranges - ZXPAGER_IOC_PAGER_QUERY_DIRTY_RANGES
 * @pager: needs ZXPAGER_RIGHT_MANAGE_VMO
 * @vmo: a VMO of this pager; needs ZXPAGER_RIGHT_READ
 * @offset, @length: need not be page aligned: the pages they touch
 * @buffer: user array of struct zxpager_dirty_range (EFAULT if bad)
 * @buffer_size: its size in bytes
 * @out_actual: runs written to @buffer
 * @out_avail: runs of not-clean (Dirty or AwaitingClean) pages in the range
 *
 * Runs come in offset order; a caller with a small buffer advances past
 * the last run it got and asks again. Out of the VMO: ERANGE.
 */
struct zxpager_pager_query_dirty_ranges {
	__u32 size;
	__u32 flags;
	__u32 pager;
	__u32 vmo;
	__aligned_u64 offset;
	__aligned_u64 length;
	__aligned_u64 buffer;
	__aligned_u64 buffer_size;
	__aligned_u64 out_actual;
	__aligned_u64 out_avail;
};
#define ZXPAGER_IOC_PAGER_QUERY_DIRTY_RANGES \
	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PAGER_QUERY_DIRTY_RANGES)

/* zx_pager_query_vmo_stats options */
#define ZXPAGER_RESET_VMO_STATS		1

/**
 * struct zxpager_pager_query_vmo_stats - ZXPAGER_IOC_PAGER_QUERY_VMO_STATS
 * @pager: needs ZXPAGER_RIGHT_MANAGE_VMO
 * @vmo: a VMO of this pager; needs ZXPAGER_RIGHT_READ
 * @options: 0 or ZXPAGER_RESET_VMO_STATS, else EINVAL
 * @buffer_size: the caller's buffer; below 4 bytes: ENOBUFS
 *               (BUFFER_TOO_SMALL), and nothing is reset
 * @out_modified: 1 if the VMO was written (zx_vmo_write, a first write
 *                through a mapping, resize) since the last reset
 */
struct zxpager_pager_query_vmo_stats {
	__u32 size;
	__u32 flags;
	__u32 pager;
	__u32 vmo;
	__u32 options;
	__u32 out_modified;
	__aligned_u64 buffer_size;
};
#define ZXPAGER_IOC_PAGER_QUERY_VMO_STATS \
	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_PAGER_QUERY_VMO_STATS)

/* zx_vmar_op_range ops, Zircon's values (the same as the matching VMO ops). */
#define ZXPAGER_VMAR_OP_COMMIT		1
#define ZXPAGER_VMAR_OP_DECOMMIT	2
#define ZXPAGER_VMAR_OP_MAP_RANGE	3
#define ZXPAGER_VMAR_OP_ZERO		10
#define ZXPAGER_VMAR_OP_DONT_NEED	12
#define ZXPAGER_VMAR_OP_ALWAYS_NEED	13
#define ZXPAGER_VMAR_OP_PREFETCH	14

/**
 * struct zxpager_vmar_op_range - ZXPAGER_IOC_VMAR_OP_RANGE: an op on the VMOs
 *	mapped in a range of the caller's address space (the root VMAR)
 * @op: ZXPAGER_VMAR_OP_*; others EINVAL
 * @__reserved: must be 0
 * @address: page aligned, else EINVAL
 * @length: bytes, rounded up to pages; 0: EINVAL. Beyond the address space
 *          (or wrapping): ERANGE.
 *
 * Every mapping in the range gets the matching ZXPAGER_VMO_OP_* on its part
 * of its VMO, with the errors of ZXPAGER_IOC_VMO_OP_RANGE (beyond the VMO's
 * size: ERANGE; DECOMMIT and ZERO on a pager VMO: EOPNOTSUPP). COMMIT,
 * DECOMMIT and ZERO need ZXPAGER_RIGHT_WRITE on the handle the mapping was
 * made from and a mapping that may be writable; PREFETCH needs READ and a
 * mapping that may be readable; else EACCES. MAP_RANGE maps the VMO pages
 * present in the range (never commits, never requests); COMMIT, PREFETCH
 * and ALWAYS_NEED map them too, after the op. A hole in the range: EBADFD
 * (BAD_STATE). A mapping that is not a VMO's: DONT_NEED and ALWAYS_NEED
 * skip it, other ops EOPNOTSUPP. Everything is checked before anything is
 * done: a failing call changes nothing, except an op that fails on its
 * way (COMMIT: the pager failed or the VMO shrank meanwhile).
 */
struct zxpager_vmar_op_range {
	__u32 size;
	__u32 flags;
	__u32 op;
	__u32 __reserved;
	__aligned_u64 address;
	__aligned_u64 length;
};
#define ZXPAGER_IOC_VMAR_OP_RANGE	_IO(ZXPAGER_TYPE, ZXPAGER_CMD_VMAR_OP_RANGE)

#endif /* _UAPI_LINUX_ZXPAGER_H */
