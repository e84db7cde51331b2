/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zxpager tracepoints: the life of a page request, enough to time a fault's
 * round trip with perf or trace-cmd (request_create -> packet_queue ->
 * packet_dequeue -> supply -> waiter_wake). VMOs are named by koid and
 * port key, ranges in bytes.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM zxpager

#if !defined(_ZXP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _ZXP_TRACE_H

#include <linux/tracepoint.h>

#include "zxpager.h"

DECLARE_EVENT_CLASS(zxpager_range,
	TP_PROTO(const struct zxp_request *req),
	TP_ARGS(req),
	TP_STRUCT__entry(
		__field(u64, vmo)
		__field(u64, key)
		__field(u64, offset)
		__field(u64, length)
	),
	TP_fast_assign(
		__entry->vmo = req->src->vmo->obj.koid;
		__entry->key = req->src->key;
		__entry->offset = (u64)req->start << PAGE_SHIFT;
		__entry->length = (u64)(req->end - req->start) << PAGE_SHIFT;
	),
	TP_printk("vmo=%llu key=%#llx offset=%#llx length=%#llx",
		  __entry->vmo, __entry->key, __entry->offset, __entry->length)
);

/* A reader found pages missing and made a request for them. */
DEFINE_EVENT(zxpager_range, zxpager_request_create,
	TP_PROTO(const struct zxp_request *req),
	TP_ARGS(req));

/* The request's packet entered the pager's port. */
DEFINE_EVENT(zxpager_range, zxpager_packet_queue,
	TP_PROTO(const struct zxp_request *req),
	TP_ARGS(req));

/* The pager read the packet (zx_port_wait). */
DEFINE_EVENT(zxpager_range, zxpager_packet_dequeue,
	TP_PROTO(const struct zxp_request *req),
	TP_ARGS(req));

/* zx_pager_supply_pages: @pages entered the VMO, @moved of them real pages. */
TRACE_EVENT(zxpager_supply,
	TP_PROTO(u64 vmo, u64 key, u64 offset, u64 length, u64 pages, u64 moved),
	TP_ARGS(vmo, key, offset, length, pages, moved),
	TP_STRUCT__entry(
		__field(u64, vmo)
		__field(u64, key)
		__field(u64, offset)
		__field(u64, length)
		__field(u64, pages)
		__field(u64, moved)
	),
	TP_fast_assign(
		__entry->vmo = vmo;
		__entry->key = key;
		__entry->offset = offset;
		__entry->length = length;
		__entry->pages = pages;
		__entry->moved = moved;
	),
	TP_printk("vmo=%llu key=%#llx offset=%#llx length=%#llx pages=%llu moved=%llu",
		  __entry->vmo, __entry->key, __entry->offset, __entry->length,
		  __entry->pages, __entry->moved)
);

DECLARE_EVENT_CLASS(zxpager_range_error,
	TP_PROTO(const struct zxp_request *req, int error),
	TP_ARGS(req, error),
	TP_STRUCT__entry(
		__field(u64, vmo)
		__field(u64, key)
		__field(u64, offset)
		__field(u64, length)
		__field(int, error)
	),
	TP_fast_assign(
		__entry->vmo = req->src->vmo->obj.koid;
		__entry->key = req->src->key;
		__entry->offset = (u64)req->start << PAGE_SHIFT;
		__entry->length = (u64)(req->end - req->start) << PAGE_SHIFT;
		__entry->error = error;
	),
	TP_printk("vmo=%llu key=%#llx offset=%#llx length=%#llx error=%d",
		  __entry->vmo, __entry->key, __entry->offset, __entry->length,
		  __entry->error)
);

/* A request ended without its pages: OP_FAIL, detach, close, resize, timeout. */
DEFINE_EVENT(zxpager_range_error, zxpager_request_fail,
	TP_PROTO(const struct zxp_request *req, int error),
	TP_ARGS(req, error));

/* A task blocked on a request runs again: @error 0 when its pages came. */
DEFINE_EVENT(zxpager_range_error, zxpager_waiter_wake,
	TP_PROTO(const struct zxp_request *req, int error),
	TP_ARGS(req, error));

/* A clean page left a pager VMO under memory pressure. */
TRACE_EVENT(zxpager_page_evict,
	TP_PROTO(u64 vmo, u64 key, u64 offset),
	TP_ARGS(vmo, key, offset),
	TP_STRUCT__entry(
		__field(u64, vmo)
		__field(u64, key)
		__field(u64, offset)
	),
	TP_fast_assign(
		__entry->vmo = vmo;
		__entry->key = key;
		__entry->offset = offset;
	),
	TP_printk("vmo=%llu key=%#llx offset=%#llx", __entry->vmo, __entry->key,
		  __entry->offset)
);

#endif /* _ZXP_TRACE_H */

/* Out of the kernel tree: the header is found through -I$(src)/kmod. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE zxp_trace
#include <trace/define_trace.h>
