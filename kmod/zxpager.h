/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zxpager private types shared by the files of the module.
 *
 * Objects and handles. Every Zircon object (port, VMO) embeds a struct
 * zxp_object, refcounted by kref. A handle is a struct file whose
 * private_data is a struct zxp_handle: the object (one reference per
 * handle) and that handle's rights. A mapping of a VMO holds its file,
 * hence its handle, hence the object. The object dies with its last
 * reference; destroy paths never fail.
 *
 * Locking order (outer first):
 *   mmap_lock (taken by the core in the fault path)
 *     zxp_vmo.lock
 *       page lock (lock_page)
 *         i_mmap_rwsem, page table locks (unmap_mapping_range)
 *   zxp_port.lock is a leaf spinlock.
 * A VMO's lock is never held across a user copy: a user buffer may itself be
 * a mapping of the same VMO, whose fault takes the lock.
 */
#ifndef _ZXPAGER_H
#define _ZXPAGER_H

#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "compat.h"
#include "../uapi/linux/zxpager.h"
#include "../uapi/linux/zxpager_genl.h"

/*
 * One ioctl call as the handlers see it: the command struct already copied
 * into kernel memory (@cmd), and where to write the answer back.
 */
struct zxp_ucmd {
	struct file *file;
	void __user *ubuffer;
	u32 user_size;
	void *cmd;
};

int zxp_ucmd_respond(struct zxp_ucmd *ucmd, size_t cmd_len);
long zxp_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
u64 zxp_ioctl_mask(void);

/* ---- objects and handles (handle.c) ---- */

struct zxp_object;
struct seq_file;

struct zxp_object_ops {
	const char *name;			/* "[zx_vmo]", for /proc/PID/fd */
	const struct file_operations *fops;
	/* A new file for a handle: anon inode, or the VMO's own inode. */
	struct file *(*open_file)(struct zxp_object *obj, void *handle);
	/* Optional: the last handle is gone (the object may live on). */
	void (*last_handle)(struct zxp_object *obj);
	void (*destroy)(struct zxp_object *obj);
};

struct zxp_object {
	struct kref ref;
	u64 koid;			/* immutable */
	u32 type;			/* ZXPAGER_OBJ_*, immutable */
	atomic_t nr_handles;		/* open handles (files) */
	const struct zxp_object_ops *ops;
};

struct zxp_handle {
	struct zxp_object *obj;		/* one reference, immutable */
	u32 rights;			/* immutable */
};

void zxp_object_init(struct zxp_object *obj, u32 type,
		     const struct zxp_object_ops *ops);
static inline void zxp_object_get(struct zxp_object *obj)
{
	kref_get(&obj->ref);
}
void zxp_object_put(struct zxp_object *obj);

int zxp_handle_publish(struct zxp_ucmd *ucmd, size_t cmd_len, struct zxp_object *obj,
		       u32 rights, u32 *out_handle);
struct file *zxp_handle_fget(u32 hval, u32 type, u32 rights,
			     struct zxp_handle **hp);
struct zxp_handle *zxp_file_handle(struct file *file);
int zxp_handle_release(struct inode *inode, struct file *file);
void zxp_handle_show_fdinfo(struct seq_file *m, struct file *file);

int zxp_handle_duplicate(struct zxp_ucmd *ucmd);
int zxp_object_get_info(struct zxp_ucmd *ucmd);

/* Module-wide counts, for leak checks (debugfs "stats"). */
extern atomic_long_t zxp_nr_objects;
extern atomic_long_t zxp_nr_pages;

/* ---- ports (port.c) ---- */

struct zxp_port {
	struct zxp_object obj;
	spinlock_t lock;
	struct list_head packets;	/* zxp_port_entry, FIFO; under lock */
	unsigned int nr_user;		/* user packets queued; under lock */
	bool closed;			/* no handle left: no delivery; under lock */
	wait_queue_head_t wait;
};

/*
 * A packet in a port. User packets are allocated per zx_port_queue; kernel
 * packets live in the object that sends them and come back to it through
 * @done: once when a waiter took the packet (@delivered), or when the port
 * drops it unread because its last handle closed. @done runs without the
 * port's lock held.
 */
struct zxp_port_entry {
	struct list_head node;
	bool user;
	bool queued;			/* kernel entries: in a port; under its lock */
	void (*done)(struct zxp_port_entry *e, bool delivered);
	struct zxpager_port_packet packet;
};

void zxp_port_get(struct zxp_port *port);
void zxp_port_put(struct zxp_port *port);
bool zxp_port_queue_kernel(struct zxp_port *port, struct zxp_port_entry *e);
bool zxp_port_cancel(struct zxp_port *port, struct zxp_port_entry *e);

extern const struct file_operations zxp_port_fops;
extern unsigned int zxp_port_max_user_packets;
int zxp_port_create(struct zxp_ucmd *ucmd);
int zxp_port_queue(struct zxp_ucmd *ucmd);
int zxp_port_wait(struct zxp_ucmd *ucmd);

/* ---- pagers and page requests (pager.c) ---- */

struct zxp_pager {
	struct zxp_object obj;
	struct mutex lock;
	struct list_head sources;	/* zxp_page_source.pager_node; under lock */
	bool closed;			/* no handle left; under lock */
	struct list_head all_node;	/* zxp_all_pagers */
	struct pid *owner;		/* the creating process (a reference) */
	char comm[TASK_COMM_LEN];	/* its command name then */
};

/*
 * Every pager and every page source, for introspection (genl.c) and the
 * watchdog. Each list lock nests outside pager and VMO locks.
 */
extern struct list_head zxp_all_pagers, zxp_all_sources;
extern struct mutex zxp_all_pagers_lock, zxp_all_sources_lock;
/*
 * Each list's generation, changed under its lock whenever the list does:
 * a netlink dump in parts flags NLM_F_DUMP_INTR when it changed between
 * parts. Never 0 (nl_dump_check_consistent() ignores a 0).
 */
extern unsigned int zxp_all_pagers_gen, zxp_all_sources_gen;

static inline void zxp_list_changed(unsigned int *gen)
{
	if (!++*gen)
		*gen = 1;
}

struct zxp_request;

/* Module-wide counters (ZXPAGER_A_CNT_*). */
struct zxp_counters {
	atomic64_t requests, succeeded, failed, timed_out, overtime;
	atomic64_t pages_supplied, bytes_moved, pages_evicted;
};
extern struct zxp_counters zxp_counters;
bool zxp_pager_visible(struct zxp_pager *pager, bool admin);
unsigned int zxp_request_waiters(struct zxp_request *req, pid_t *tids, unsigned int max);
void zxp_genl_request_event(u8 cmd, struct zxp_request *req);
int zxp_genl_init(void);
void zxp_genl_exit(void);

/*
 * The pager side of a pager VMO. Everything but @pager_node is under the
 * VMO's lock. Requests are outstanding until supplied, failed, detached or
 * the VMO dies; at most one of them (@in_port) has its packet in the port,
 * the others wait on @pending in order.
 */
struct zxp_page_source {
	struct zxp_vmo *vmo;
	struct zxp_pager *pager;	/* a reference: immutable */
	struct list_head pager_node;	/* under pager->lock */
	struct list_head all_node;	/* all sources, for the watchdog */
	struct zxp_port *port;		/* a reference: immutable */
	u64 key;
	struct list_head requests;	/* outstanding zxp_request */
	struct list_head pending;	/* requests waiting for the port */
	struct zxp_request *in_port;	/* packet queued, not yet read */
	struct list_head notices;	/* failures owed to faulting tasks */
	bool detached;			/* no new requests */
	bool pager_closed;		/* the pager's last handle is gone */
	bool modified;			/* written since the last stats reset */
	struct zxp_port_entry *complete;	/* the COMPLETE packet, until sent */
};

extern const struct file_operations zxp_pager_fops;
int zxp_pager_init(void);
void zxp_pager_exit(void);
int zxp_pager_create(struct zxp_ucmd *ucmd);
int zxp_pager_create_vmo(struct zxp_ucmd *ucmd);
int zxp_pager_detach_vmo(struct zxp_ucmd *ucmd);
int zxp_pager_supply_pages(struct zxp_ucmd *ucmd);
int zxp_pager_op_range(struct zxp_ucmd *ucmd);
int zxp_pager_query_dirty_ranges(struct zxp_ucmd *ucmd);
int zxp_pager_query_vmo_stats(struct zxp_ucmd *ucmd);

/*
 * An outstanding page request: [start, end) of a pager VMO. Tasks waiting
 * for it sleep on @wq (so the waiters' tids are the wait queue's entries).
 */
struct zxp_request {
	struct kref ref;
	struct zxp_page_source *src;
	struct list_head node;		/* in src->requests while outstanding */
	struct list_head pending_node;	/* in src->pending, else empty */
	pgoff_t start, end;		/* [start, end) */
	pgoff_t scan;			/* pages below were present; under the VMO lock */
	bool done;			/* under the VMO lock; waiters READ_ONCE */
	int error;			/* for waiters, once done */
	pgoff_t err_first, err_end;	/* the pages @error is for */
	unsigned long since;		/* jiffies at creation */
	bool overtime_logged;		/* under the VMO lock */
	u8 state;			/* ZXPAGER_REQUEST_*; under the VMO lock */
	bool dirty;			/* a DIRTY request, else READ; immutable */
	wait_queue_head_t wq;
	struct zxp_port_entry entry;
};

struct zxp_request *zxp_source_request(struct zxp_page_source *src, pgoff_t idx,
				       pgoff_t limit, bool dirty);
int zxp_request_wait(struct zxp_request *req, pgoff_t idx);
void zxp_request_put(struct zxp_request *req);
void zxp_source_fail_beyond(struct zxp_page_source *src, pgoff_t end);
void zxp_source_destroy(struct zxp_page_source *src);
void zxp_source_vmo_unreachable(struct zxp_page_source *src);
int zxp_source_take_notice(struct zxp_page_source *src, pgoff_t idx);
int zxp_source_add_notice(struct zxp_page_source *src, pgoff_t idx, int err);

/* ---- VMOs (vmo.c) ---- */

/* Zircon's ZX_DEFAULT_VMO_RIGHTS; resizable VMOs add ZXPAGER_RIGHT_RESIZE. */
#define ZXP_DEFAULT_VMO_RIGHTS	(ZXPAGER_RIGHT_DUPLICATE | ZXPAGER_RIGHT_TRANSFER | \
				 ZXPAGER_RIGHT_WAIT | ZXPAGER_RIGHT_INSPECT | \
				 ZXPAGER_RIGHT_READ | ZXPAGER_RIGHT_WRITE | \
				 ZXPAGER_RIGHT_GET_PROPERTY | ZXPAGER_RIGHT_SET_PROPERTY | \
				 ZXPAGER_RIGHT_MAP | ZXPAGER_RIGHT_SIGNAL)

/* A supplied page that was never committed: reads as zeros, costs nothing. */
#define ZXP_ZERO_PAGE		xa_mk_value(0)

/*
 * Pager VMO page states, as marks on the store's entries: Clean (no mark),
 * Dirty (NOT_CLEAN), AwaitingClean (NOT_CLEAN and AWAITING_CLEAN). One
 * mark for "not clean" lets zx_pager_query_dirty_ranges walk only those
 * pages. Clean pages are mapped read-only, so the first write faults
 * (zxp_vmo_page_mkwrite) and dirties the page.
 */
#define ZXP_MARK_NOT_CLEAN	XA_MARK_0
#define ZXP_MARK_AWAITING_CLEAN	XA_MARK_1
/* ZX_VMO_OP_ALWAYS_NEED: never evicted. */
#define ZXP_MARK_ALWAYS_NEED	XA_MARK_2

struct zxp_vmo {
	struct zxp_object obj;
	struct inode *inode;		/* its address_space: mappings */
	struct mutex lock;
	u64 size;			/* bytes, page multiple; under lock */
	u32 options;			/* ZXPAGER_VMO_*, immutable */
	struct xarray pages;		/* index -> struct page; changes under lock */
	unsigned long nr_pages;		/* committed pages; under lock */
	atomic_t nr_mappings;
	struct zxp_page_source *src;	/* pager VMOs only: immutable */
	struct work_struct put_work;	/* eviction's deferred last put */
};

struct zxp_vmo *zxp_vmo_alloc(u64 size, u32 options);
struct zxp_vmo *zxp_vmo_from_handle(struct zxp_handle *h);
int zxp_vmo_take_pages(struct zxp_vmo *vmo, pgoff_t first, unsigned int nr,
		       void **entries);
void zxp_vmo_remove_pages(struct zxp_vmo *vmo, pgoff_t first, pgoff_t last,
			  loff_t zap_start, loff_t zap_len);
void zxp_vmo_remove_clean_pages(struct zxp_vmo *vmo);
void zxp_vmo_mark_dirty(struct zxp_vmo *vmo, pgoff_t idx);

/* Dirty, not AwaitingClean: a write to it needs no DIRTY request. */
static inline bool zxp_page_is_dirty(struct zxp_vmo *vmo, pgoff_t idx)
{
	return xa_get_mark(&vmo->pages, idx, ZXP_MARK_NOT_CLEAN) &&
	       !xa_get_mark(&vmo->pages, idx, ZXP_MARK_AWAITING_CLEAN);
}

/*
 * A write to page @idx of a TRAP_DIRTY VMO must first ask the pager: the
 * page is present but not Dirty. Under the VMO's lock.
 */
static inline bool zxp_write_traps(struct zxp_vmo *vmo, pgoff_t idx)
{
	return vmo->src && (vmo->options & ZXPAGER_VMO_TRAP_DIRTY) &&
	       xa_load(&vmo->pages, idx) && !zxp_page_is_dirty(vmo, idx);
}
extern const struct zxp_object_ops zxp_vmo_ops;

extern const struct file_operations zxp_vmo_fops;
int zxp_vmo_init_fs(void);
void zxp_vmo_exit_fs(void);
int zxp_vmo_create(struct zxp_ucmd *ucmd);
int zxp_vmo_read(struct zxp_ucmd *ucmd);
int zxp_vmo_write(struct zxp_ucmd *ucmd);
int zxp_vmo_get_size(struct zxp_ucmd *ucmd);
int zxp_vmo_set_size(struct zxp_ucmd *ucmd);
int zxp_vmo_op_range(struct zxp_ucmd *ucmd);
int zxp_vmo_op_check(struct zxp_vmo *vmo, u32 op, u64 offset, u64 length);
int zxp_vmo_range_op(struct zxp_vmo *vmo, u32 op, u64 offset, u64 length);
void zxp_vmo_info(struct zxp_vmo *vmo, struct zxpager_info_vmo *info);

/* ---- eviction (evict.c) ---- */

void zxp_lru_init(struct page *page);
void zxp_vmo_put_work(struct work_struct *work);
void zxp_lru_update(struct zxp_vmo *vmo, pgoff_t idx, struct page *page);
void zxp_lru_del(struct zxp_vmo *vmo, struct page *page);
void zxp_lru_add_supplied(struct zxp_vmo *vmo, struct page **pages, pgoff_t *idx,
			  unsigned int nr);
void zxp_lru_dont_need(struct zxp_vmo *vmo, pgoff_t first, pgoff_t last);
void zxp_lru_always_need(struct zxp_vmo *vmo, pgoff_t first, pgoff_t last);
unsigned long zxp_evict(unsigned long nr, bool block);
int zxp_evict_init(struct dentry *debugfs);
void zxp_evict_exit(void);

/* ---- the process's address space (vmar.c) ---- */

int zxp_vmar_op_range(struct zxp_ucmd *ucmd);

/* ---- ranges (range.c) ---- */

/* The largest VMO: mmap offsets are signed 64-bit. */
#define ZXP_VMO_MAX_SIZE	(MAX_LFS_FILESIZE & PAGE_MASK)

int zxp_range_check(u64 offset, u64 length, u64 size);
int zxp_round_size(u64 size, u64 *rounded);

#endif /* _ZXPAGER_H */
