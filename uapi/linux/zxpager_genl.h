/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zxpager introspection over generic netlink: family ZXPAGER_GENL_NAME.
 *
 * Dumps (NLM_F_DUMP) list the pagers, their VMOs and their outstanding page
 * requests; GET_COUNTERS answers module-wide counters; the "events"
 * multicast group reports requests that stay outstanding too long
 * (overtime_ms) and requests that time out (timeout_ms) as it happens.
 *
 * Visibility: a process sees the pagers it created (and their VMOs and
 * requests); CAP_SYS_ADMIN sees every pager. Counters are module-wide and
 * visible to all. Only CAP_SYS_ADMIN may join the events group (a kernel
 * without GENL_MCAST_CAP_SYS_ADMIN gets no events group at all).
 *
 * Every message carries a flat list of attributes; a request's waiters are
 * a nest of ZXPAGER_A_WAITER_TID. Unknown attributes must be ignored by
 * readers: new ones may be added at the end of the enum.
 */
#ifndef _UAPI_LINUX_ZXPAGER_GENL_H
#define _UAPI_LINUX_ZXPAGER_GENL_H

#define ZXPAGER_GENL_NAME		"zxpager"
#define ZXPAGER_GENL_VERSION		1
#define ZXPAGER_GENL_MCGRP_EVENTS	"events"

enum zxpager_genl_cmd {
	ZXPAGER_CMD_UNSPEC,
	ZXPAGER_CMD_GET_PAGER,		/* dump: one message per pager */
	ZXPAGER_CMD_GET_VMO,		/* dump: one message per pager VMO */
	ZXPAGER_CMD_GET_REQUEST,	/* dump: one message per outstanding request */
	ZXPAGER_CMD_GET_COUNTERS,	/* do: one message of ZXPAGER_A_CNT_* */
	ZXPAGER_CMD_EVENT_OVERTIME,	/* multicast: a request attribute set */
	ZXPAGER_CMD_EVENT_TIMEOUT,	/* multicast: a request attribute set */
	__ZXPAGER_CMD_MAX,
};
#define ZXPAGER_CMD_MAX (__ZXPAGER_CMD_MAX - 1)

/* Where a request's packet is. */
enum zxpager_request_state {
	ZXPAGER_REQUEST_IN_PORT,	/* queued, not yet read by the pager */
	ZXPAGER_REQUEST_PENDING,	/* waiting for the VMO's packet slot */
	ZXPAGER_REQUEST_DELIVERED,	/* read by the pager, not yet answered */
	ZXPAGER_REQUEST_UNDELIVERABLE,	/* the port has no handle left */
};

enum zxpager_genl_attr {
	ZXPAGER_A_UNSPEC,
	ZXPAGER_A_PAD,

	/* Pagers */
	ZXPAGER_A_PAGER_KOID,		/* u64 */
	ZXPAGER_A_PAGER_PID,		/* u32: the creating process (tgid), as
					 * the reader's pid namespace sees it
					 * (0: not visible from there) */
	ZXPAGER_A_PAGER_COMM,		/* string: its command name */
	ZXPAGER_A_PAGER_NR_VMOS,	/* u32 */
	ZXPAGER_A_PAGER_CLOSED,		/* u8: its last handle is gone */

	/* VMOs (with ZXPAGER_A_PAGER_KOID) */
	ZXPAGER_A_VMO_KOID,		/* u64 */
	ZXPAGER_A_VMO_KEY,		/* u64: the port key of its packets */
	ZXPAGER_A_VMO_SIZE,		/* u64: bytes */
	ZXPAGER_A_VMO_RESIDENT,		/* u64: pages with memory behind them (a
					 * page supplied from an uncommitted aux
					 * page reads as zeros and costs none) */
	ZXPAGER_A_VMO_DIRTY,		/* u64: pages Dirty */
	ZXPAGER_A_VMO_AWAITING_CLEAN,	/* u64: pages AwaitingClean */
	ZXPAGER_A_VMO_OPTIONS,		/* u32: ZXPAGER_VMO_* of zx_pager_create_vmo */
	ZXPAGER_A_VMO_DETACHED,		/* u8 */
	ZXPAGER_A_VMO_NR_REQUESTS,	/* u32: outstanding */

	/* Requests (with the pager's and the VMO's koid and key) */
	ZXPAGER_A_REQ_COMMAND,		/* u32: ZX_PAGER_VMO_READ (DIRTY later) */
	ZXPAGER_A_REQ_OFFSET,		/* u64: bytes */
	ZXPAGER_A_REQ_LENGTH,		/* u64: bytes */
	ZXPAGER_A_REQ_AGE_MS,		/* u64: since it was made */
	ZXPAGER_A_REQ_STATE,		/* u32: enum zxpager_request_state */
	ZXPAGER_A_REQ_WAITERS,		/* nest of ZXPAGER_A_WAITER_TID, at most 64 */
	ZXPAGER_A_WAITER_TID,		/* u32: a thread blocked on the request */

	/* Counters, since the module was loaded (all u64) */
	ZXPAGER_A_CNT_REQUESTS,		/* requests made */
	ZXPAGER_A_CNT_SUCCEEDED,	/* ended with all their pages supplied */
	ZXPAGER_A_CNT_FAILED,		/* ended by OP_FAIL, detach, close, resize */
	ZXPAGER_A_CNT_TIMED_OUT,	/* ended by timeout_ms */
	ZXPAGER_A_CNT_OVERTIME,		/* outlived overtime_ms */
	ZXPAGER_A_CNT_PAGES_SUPPLIED,	/* pages that entered a pager VMO */
	ZXPAGER_A_CNT_BYTES_MOVED,	/* bytes moved by supply (not copied) */
	ZXPAGER_A_CNT_PAGES_EVICTED,	/* clean pages reclaimed */

	__ZXPAGER_A_MAX,
};
#define ZXPAGER_A_MAX (__ZXPAGER_A_MAX - 1)

#endif /* _UAPI_LINUX_ZXPAGER_GENL_H */
