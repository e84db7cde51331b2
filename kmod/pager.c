// SPDX-License-Identifier: GPL-2.0
/*
 * Pagers and page requests: Zircon's user-mode pager.
 *
 * A pager VMO has a page source (struct zxp_page_source). A reader that
 * finds a page missing asks the source for a request covering it: it joins
 * an outstanding request that covers the page, or creates one for the run
 * of missing pages from there up to its limit, stopping at a present page
 * and at the next outstanding request, so no range is ever requested twice
 * while outstanding. The reader then sleeps (killably) on the request's
 * wait queue with no lock held and retries its whole lookup when woken.
 *
 * Requests reach the pager as ZX_PKT_TYPE_PAGE_REQUEST packets on the VMO's
 * port. At most one packet per VMO is in the port (@in_port); the others
 * wait in @pending and the next one is queued when the pager reads the
 * current one. A request ends when every page of it is present (tracked
 * exactly, by looking at the pages, not by counting bytes supplied), when
 * the pager fails it, or when the VMO is detached, resized below it or
 * destroyed; an ended request still in the port is pulled back, so the
 * pager never reads a stale packet.
 *
 * References: the source's list holds one on each outstanding request,
 * each waiter one, and a queued packet one on its request and one on the
 * VMO (so the VMO outlives its packet). A port whose last handle closes
 * gives its packets back, which breaks the VMO -> port -> packet -> VMO
 * cycle.
 *
 * Locks: the VMO's lock covers the source and its requests; the pager's
 * lock covers its list of sources and nests outside VMO locks.
 *
 * A fault that waited with the fault lock dropped must return
 * VM_FAULT_RETRY; when its request failed, it leaves a notice for the
 * retried fault of the same task and page, which then raises SIGBUS.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/ratelimit.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "zxpager.h"

#define CREATE_TRACE_POINTS
#include "zxp_trace.h"

#define ZXP_DEFAULT_PAGER_RIGHTS (ZXPAGER_RIGHT_INSPECT | ZXPAGER_RIGHT_TRANSFER | \
				  ZXPAGER_RIGHT_ATTACH_VMO | ZXPAGER_RIGHT_MANAGE_VMO)
#define ZXP_PKT_TYPE_PAGE_REQUEST	0x09
#define ZXP_PAGER_VMO_READ		0
#define ZXP_PAGER_VMO_COMPLETE		1
#define ZXP_PAGER_VMO_DIRTY		2

static unsigned int zxp_overtime_ms = 20000;
static unsigned int zxp_timeout_ms = 300000;

static void zxp_watchdog_kick(void);

/* New limits apply at once to the requests already outstanding. */
static int zxp_limit_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_uint(val, kp);

	if (!ret)
		zxp_watchdog_kick();
	return ret;
}

static const struct kernel_param_ops zxp_limit_ops = {
	.set = zxp_limit_set,
	.get = param_get_uint,
};

module_param_cb(overtime_ms, &zxp_limit_ops, &zxp_overtime_ms, 0644);
MODULE_PARM_DESC(overtime_ms, "log a page request outstanding this long (ms; 0: never)");
module_param_cb(timeout_ms, &zxp_limit_ops, &zxp_timeout_ms, 0644);
MODULE_PARM_DESC(timeout_ms,
		 "fail a page request outstanding this long (ms; 0: never): TIMED_OUT / SIGBUS");

/* zx_packet_page_request_t */
struct zxp_page_request_payload {
	u16 command;
	u16 flags;
	u32 reserved0;
	u64 offset;
	u64 length;
	u64 reserved1;
};
static_assert(sizeof(struct zxp_page_request_payload) ==
	      sizeof(((struct zxpager_port_packet *)0)->payload));

/* A failed request, owed to the fault that will retry after waiting. */
struct zxp_notice {
	struct list_head node;
	/* Who it is for: compared, never dereferenced; the pid guards against
	 * a new task reusing a dead one's task_struct.
	 */
	struct task_struct *task;
	pid_t pid;
	pgoff_t idx;
	int error;
};

/*
 * Requests come and go with every fault. They are not charged to a memory
 * cgroup: each one has a task blocked on it, so their number is bounded
 * by the tasks that exist.
 */
static struct kmem_cache *zxp_request_cache;
static void zxp_request_finish(struct zxp_request *req, int error);

/*
 * The watchdog: a hung pager must not hang its clients forever. Rather
 * than a timer per wait (which would cost every fault a timer set up and
 * torn down), one delayed work runs while requests are outstanding, logs
 * each request older than overtime_ms once, and fails those older than
 * timeout_ms with -ETIMEDOUT, for all their waiters. It visits every page
 * source, so they are all on one list.
 */
LIST_HEAD(zxp_all_sources);
DEFINE_MUTEX(zxp_all_sources_lock);
unsigned int zxp_all_sources_gen = 1;
LIST_HEAD(zxp_all_pagers);
DEFINE_MUTEX(zxp_all_pagers_lock);
unsigned int zxp_all_pagers_gen = 1;
struct zxp_counters zxp_counters;
static void zxp_watchdog_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(zxp_watchdog, zxp_watchdog_fn);

/* A quarter of the shorter limit, within [10 ms, 1 s]: limits are coarse. */
static unsigned long zxp_watchdog_period(void)
{
	unsigned int overtime = READ_ONCE(zxp_overtime_ms), timeout = READ_ONCE(zxp_timeout_ms);
	unsigned int ms = min(overtime ?: UINT_MAX, timeout ?: UINT_MAX);

	return msecs_to_jiffies(clamp(ms / 4, 10U, 1000U));
}

static void zxp_watchdog_arm(void)
{
	if (!delayed_work_pending(&zxp_watchdog))
		schedule_delayed_work(&zxp_watchdog, zxp_watchdog_period());
}

/* Look now, and from then on at the period of the current limits. */
static void zxp_watchdog_kick(void)
{
	mod_delayed_work(system_wq, &zxp_watchdog, 0);
}

/* The tids of the tasks sleeping on @req, into @tids; how many there are. */
unsigned int zxp_request_waiters(struct zxp_request *req, pid_t *tids, unsigned int max)
{
	struct wait_queue_entry *wqe;
	unsigned int n = 0;

	spin_lock_irq(&req->wq.lock);
	list_for_each_entry(wqe, &req->wq.head, entry) {
		/* wait_event_killable()'s entries: private is the task. */
		if (n < max)
			tids[n] = task_pid_vnr(wqe->private);
		n++;
	}
	spin_unlock_irq(&req->wq.lock);
	return n;
}

static const char *const zxp_request_state_names[] = {
	[ZXPAGER_REQUEST_IN_PORT] = "in port",
	[ZXPAGER_REQUEST_PENDING] = "pending",
	[ZXPAGER_REQUEST_DELIVERED] = "delivered",
	[ZXPAGER_REQUEST_UNDELIVERABLE] = "undeliverable",
};

/*
 * PageSource::Dump's analogue, logged when a request goes overtime: the
 * source and each of its outstanding requests with their waiters.
 */
static void zxp_source_dump(struct zxp_page_source *src)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL, 4);
	struct zxp_request *req;
	unsigned int i = 0, n, w;
	pid_t tids[4];

	lockdep_assert_held(&src->vmo->lock);
	if (!__ratelimit(&rs))
		return;
	pr_warn("pager %llu (%s[%d]) vmo %llu key %llu size %llu%s%s: outstanding requests:\n",
		src->pager->obj.koid, src->pager->comm, pid_nr(src->pager->owner),
		src->vmo->obj.koid, src->key, src->vmo->size,
		src->detached ? " detached" : "", src->pager_closed ? " pager-closed" : "");
	list_for_each_entry(req, &src->requests, node) {
		if (++i > 16) {
			pr_warn("  ...\n");
			break;
		}
		n = zxp_request_waiters(req, tids, ARRAY_SIZE(tids));
		pr_warn("  pages [%#lx, %#lx) %s, %u ms old, %u waiting%s",
			req->start, req->end, zxp_request_state_names[req->state],
			jiffies_to_msecs(jiffies - req->since), n, n ? ":" : "\n");
		for (w = 0; w < min_t(unsigned int, n, ARRAY_SIZE(tids)); w++)
			pr_cont(" %d", tids[w]);
		if (n)
			pr_cont("%s\n", n > ARRAY_SIZE(tids) ? " ..." : "");
	}
}

/* Log or time out @src's old requests; true if some are left to watch. */
static bool zxp_source_watch(struct zxp_page_source *src)
{
	unsigned long overtime = msecs_to_jiffies(READ_ONCE(zxp_overtime_ms));
	unsigned long timeout = msecs_to_jiffies(READ_ONCE(zxp_timeout_ms));
	struct zxp_request *req, *tmp;
	bool left = false, dump = false;
	unsigned long age;

	lockdep_assert_held(&src->vmo->lock);
	list_for_each_entry_safe(req, tmp, &src->requests, node) {
		age = jiffies - req->since;
		if (timeout && age >= timeout) {
			pr_warn_ratelimited("pager %llu key %llu: pages [%#lx, %#lx) timed out after %u ms\n",
					    src->pager->obj.koid, src->key, req->start, req->end,
					    jiffies_to_msecs(age));
			zxp_genl_request_event(ZXPAGER_CMD_EVENT_TIMEOUT, req);
			zxp_request_finish(req, -ETIMEDOUT);
			continue;
		}
		if (overtime && age >= overtime && !req->overtime_logged) {
			req->overtime_logged = true;
			atomic64_inc(&zxp_counters.overtime);
			pr_warn_ratelimited("pager %llu key %llu: pages [%#lx, %#lx) outstanding for %u ms\n",
					    src->pager->obj.koid, src->key, req->start, req->end,
					    jiffies_to_msecs(age));
			zxp_genl_request_event(ZXPAGER_CMD_EVENT_OVERTIME, req);
			dump = true;
		}
		left = true;
	}
	if (dump)
		zxp_source_dump(src);
	return left;
}

static void zxp_watchdog_fn(struct work_struct *work)
{
	struct zxp_page_source *src;
	struct zxp_vmo **vmos;
	unsigned int n = 0, i;
	bool left = false;

	/*
	 * Hold each live VMO while failing its requests (a packet pulled
	 * back drops a VMO reference); put them with no lock held, as the
	 * VMO's destruction takes zxp_all_sources_lock.
	 */
	mutex_lock(&zxp_all_sources_lock);
	list_for_each_entry(src, &zxp_all_sources, all_node)
		n++;
	vmos = kcalloc(n, sizeof(*vmos), GFP_KERNEL);
	if (vmos) {
		n = 0;
		list_for_each_entry(src, &zxp_all_sources, all_node)
			if (kref_get_unless_zero(&src->vmo->obj.ref))
				vmos[n++] = src->vmo;
	}
	mutex_unlock(&zxp_all_sources_lock);
	if (!vmos) {
		zxp_watchdog_arm();	/* try again later */
		return;
	}
	for (i = 0; i < n; i++) {
		mutex_lock(&vmos[i]->lock);
		left |= zxp_source_watch(vmos[i]->src);
		mutex_unlock(&vmos[i]->lock);
		zxp_object_put(&vmos[i]->obj);
	}
	kfree(vmos);
	if (left)
		zxp_watchdog_arm();
}

int __init zxp_pager_init(void)
{
	zxp_request_cache = KMEM_CACHE(zxp_request, 0);
	return zxp_request_cache ? 0 : -ENOMEM;
}

/* Every object is gone: the watchdog has nothing left to watch. */
void zxp_pager_exit(void)
{
	cancel_delayed_work_sync(&zxp_watchdog);
	kmem_cache_destroy(zxp_request_cache);
}

static void zxp_request_free(struct kref *ref)
{
	kmem_cache_free(zxp_request_cache, container_of(ref, struct zxp_request, ref));
}

void zxp_request_put(struct zxp_request *req)
{
	kref_put(&req->ref, zxp_request_free);
}

static void zxp_source_send_next(struct zxp_page_source *src);

/* The port is done with a request's packet: read, or dropped unread. */
static void zxp_request_packet_done(struct zxp_port_entry *e, bool delivered)
{
	struct zxp_request *req = container_of(e, struct zxp_request, entry);
	struct zxp_page_source *src = req->src;
	struct zxp_vmo *vmo = src->vmo;

	mutex_lock(&vmo->lock);
	if (delivered)
		trace_zxpager_packet_dequeue(req);
	req->state = delivered ? ZXPAGER_REQUEST_DELIVERED : ZXPAGER_REQUEST_UNDELIVERABLE;
	if (src->in_port == req) {
		src->in_port = NULL;
		zxp_source_send_next(src);
	}
	mutex_unlock(&vmo->lock);
	zxp_request_put(req);
	zxp_object_put(&vmo->obj);
}

/* Queue @req's packet. Under the VMO lock, with the port slot free. */
static void zxp_source_send(struct zxp_page_source *src, struct zxp_request *req)
{
	struct zxp_page_request_payload pl = {
		.command = req->dirty ? ZXP_PAGER_VMO_DIRTY : ZXP_PAGER_VMO_READ,
		.offset = (u64)req->start << PAGE_SHIFT,
		.length = (u64)(req->end - req->start) << PAGE_SHIFT,
	};

	lockdep_assert_held(&src->vmo->lock);
	req->entry.packet = (struct zxpager_port_packet){
		.key = src->key,
		.type = ZXP_PKT_TYPE_PAGE_REQUEST,
	};
	memcpy(req->entry.packet.payload, &pl, sizeof(pl));
	req->entry.done = zxp_request_packet_done;
	kref_get(&req->ref);
	zxp_object_get(&src->vmo->obj);
	if (zxp_port_queue_kernel(src->port, &req->entry)) {
		src->in_port = req;
		req->state = ZXPAGER_REQUEST_IN_PORT;
		trace_zxpager_packet_queue(req);
	} else {
		req->state = ZXPAGER_REQUEST_UNDELIVERABLE;
		/* The port has no handle left: nobody would read it. */
		zxp_request_put(req);
		/* The caller holds the VMO: this is never the last reference. */
		zxp_object_put(&src->vmo->obj);
	}
}

static void zxp_source_send_next(struct zxp_page_source *src)
{
	struct zxp_request *req;

	req = list_first_entry_or_null(&src->pending, struct zxp_request, pending_node);
	if (!req)
		return;
	list_del_init(&req->pending_node);
	zxp_source_send(src, req);
}

/*
 * End @req: wake its waiters, take it out of every list. @error is for the
 * waiters of pages [@err_first, @err_end); the others look again (and make
 * a new request for what is still missing), as with Zircon, where failing
 * part of a request fails only the waiters of that part.
 */
static void zxp_request_end(struct zxp_request *req, int error, pgoff_t err_first,
			    pgoff_t err_end)
{
	struct zxp_page_source *src = req->src;

	lockdep_assert_held(&src->vmo->lock);
	if (!error) {
		atomic64_inc(&zxp_counters.succeeded);
	} else {
		atomic64_inc(error == -ETIMEDOUT ? &zxp_counters.timed_out : &zxp_counters.failed);
		trace_zxpager_request_fail(req, error);
	}
	req->error = error;
	req->err_first = err_first;
	req->err_end = err_end;
	/* Pairs with smp_load_acquire(&req->done) in zxp_request_wait(). */
	smp_store_release(&req->done, true);
	list_del(&req->node);
	list_del_init(&req->pending_node);
	if (src->in_port == req && zxp_port_cancel(src->port, &req->entry)) {
		/* Pulled back before the pager read it. */
		src->in_port = NULL;
		zxp_request_put(req);
		zxp_object_put(&src->vmo->obj);
		zxp_source_send_next(src);
	}
	wake_up_all(&req->wq);
	zxp_request_put(req);
}

/* End @req with @error (0: supplied) for all its waiters. */
static void zxp_request_finish(struct zxp_request *req, int error)
{
	zxp_request_end(req, error, 0, ULONG_MAX);
}

static void zxp_source_fail_all(struct zxp_page_source *src, int error)
{
	struct zxp_request *req, *tmp;

	list_for_each_entry_safe(req, tmp, &src->requests, node)
		zxp_request_finish(req, error);
}

/* Requests reaching past a shrunk VMO's new end fail with OUT_OF_RANGE. */
void zxp_source_fail_beyond(struct zxp_page_source *src, pgoff_t end)
{
	struct zxp_request *req, *tmp;

	list_for_each_entry_safe(req, tmp, &src->requests, node)
		if (req->end > end)
			zxp_request_end(req, -ERANGE, end, ULONG_MAX);
}

/* End every request of [first, last] whose pages are all present. */
static void zxp_source_complete(struct zxp_page_source *src, pgoff_t first, pgoff_t last)
{
	struct zxp_request *req, *tmp;
	unsigned long idx;

	list_for_each_entry_safe(req, tmp, &src->requests, node) {
		if (req->dirty || req->end <= first || req->start > last)
			continue;
		/*
		 * Any hole left in the request keeps it outstanding. Pages
		 * below req->scan were present when last looked at, so a
		 * request supplied in many pieces is not rescanned from its
		 * start each time; once the scan reaches the end, one full
		 * pass checks that none left meanwhile (evicted, cut off).
		 */
		for (idx = req->scan; idx < req->end; idx++)
			if (!xa_load(&src->vmo->pages, idx))
				break;
		req->scan = idx;
		if (idx < req->end)
			continue;
		for (idx = req->start; idx < req->end; idx++)
			if (!xa_load(&src->vmo->pages, idx))
				break;
		if (idx == req->end)
			zxp_request_finish(req, 0);
		else
			req->scan = idx;
	}
}

/* End every DIRTY request of [first, last] whose pages are all Dirty now. */
static void zxp_source_complete_dirty(struct zxp_page_source *src, pgoff_t first,
				      pgoff_t last)
{
	struct zxp_request *req, *tmp;
	unsigned long idx;

	list_for_each_entry_safe(req, tmp, &src->requests, node) {
		if (!req->dirty || req->end <= first || req->start > last)
			continue;
		for (idx = req->start; idx < req->end; idx++)
			if (!zxp_page_is_dirty(src->vmo, idx))
				break;
		if (idx == req->end)
			zxp_request_finish(req, 0);
	}
}

/*
 * The request a reader of missing page @idx waits for, with a reference for
 * the caller: an outstanding one covering @idx, or a new one for the
 * missing run from @idx up to @limit. Under the VMO lock.
 */
struct zxp_request *zxp_source_request(struct zxp_page_source *src, pgoff_t idx,
				       pgoff_t limit, bool dirty)
{
	struct zxp_vmo *vmo = src->vmo;
	struct zxp_request *req;
	unsigned long next = idx;

	lockdep_assert_held(&vmo->lock);
	if (src->detached || src->pager_closed)
		return ERR_PTR(-EBADFD);
	list_for_each_entry(req, &src->requests, node) {
		if (req->dirty != dirty)
			continue;
		if (req->start <= idx && idx < req->end) {
			kref_get(&req->ref);
			return req;
		}
		if (req->start > idx && req->start < limit)
			limit = req->start;
	}
	if (!dirty) {
		/* READ: the run of missing pages. */
		if (xa_find(&vmo->pages, &next, limit - 1, XA_PRESENT))
			limit = next;
	} else {
		/* DIRTY: the run of present pages that are not Dirty. */
		for (next = idx + 1; next < limit; next++)
			if (!xa_load(&vmo->pages, next) || zxp_page_is_dirty(vmo, next))
				break;
		limit = next;
	}

	req = kmem_cache_zalloc(zxp_request_cache, GFP_KERNEL);
	if (!req)
		return ERR_PTR(-ENOMEM);
	kref_init(&req->ref);		/* the list's */
	kref_get(&req->ref);		/* the caller's */
	req->src = src;
	req->dirty = dirty;
	req->start = idx;
	req->scan = idx;
	req->end = limit;
	req->since = jiffies;
	init_waitqueue_head(&req->wq);
	INIT_LIST_HEAD(&req->pending_node);
	list_add_tail(&req->node, &src->requests);
	atomic64_inc(&zxp_counters.requests);
	trace_zxpager_request_create(req);
	zxp_watchdog_arm();
	if (src->in_port) {
		req->state = ZXPAGER_REQUEST_PENDING;
		list_add_tail(&req->pending_node, &src->pending);
	} else {
		zxp_source_send(src, req);
	}
	return req;
}

/*
 * Wait for @req, killably, with no lock held, for page @idx: 0 when the
 * request ended without failing that page (look again), the error it
 * failed with (-ETIMEDOUT from the watchdog), -EINTR when the task is
 * being killed.
 */
int zxp_request_wait(struct zxp_request *req, pgoff_t idx)
{
	int err;

	if (wait_event_killable(req->wq, smp_load_acquire(&req->done)))
		err = -EINTR;
	else if (idx >= req->err_first && idx < req->err_end)
		err = req->error;
	else
		err = 0;
	/* The caller holds the VMO: req->src is still there. */
	trace_zxpager_waiter_wake(req, err);
	return err;
}

int zxp_source_add_notice(struct zxp_page_source *src, pgoff_t idx, int err)
{
	struct zxp_notice *n = kmalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return -ENOMEM;
	n->task = current;
	n->pid = task_pid_nr(current);
	n->idx = idx;
	n->error = err;
	list_add(&n->node, &src->notices);
	return 0;
}

/* The failure owed to this task's fault at @idx, consumed; 0 if none. */
int zxp_source_take_notice(struct zxp_page_source *src, pgoff_t idx)
{
	struct zxp_notice *n;
	int err;

	list_for_each_entry(n, &src->notices, node) {
		if (n->task == current && n->pid == task_pid_nr(current) && n->idx == idx) {
			err = n->error;
			list_del(&n->node);
			kfree(n);
			return err;
		}
	}
	return 0;
}

static void zxp_complete_packet_done(struct zxp_port_entry *e, bool delivered)
{
	kfree(e);
}

/* Queue the one COMPLETE packet, if it is still owed. Under the VMO lock. */
static void zxp_source_send_complete(struct zxp_page_source *src)
{
	struct zxp_port_entry *e = src->complete;
	struct zxp_page_request_payload pl = { .command = ZXP_PAGER_VMO_COMPLETE };

	if (!e)
		return;
	src->complete = NULL;
	e->packet = (struct zxpager_port_packet){
		.key = src->key,
		.type = ZXP_PKT_TYPE_PAGE_REQUEST,
	};
	memcpy(e->packet.payload, &pl, sizeof(pl));
	e->done = zxp_complete_packet_done;
	if (!zxp_port_queue_kernel(src->port, e))
		kfree(e);
}

/*
 * The VMO's last handle and last mapping are gone: nobody can read it any
 * more. Its requests end (an unread packet is pulled back from the port)
 * and the pager gets COMPLETE now, not once it has read those packets.
 * The caller holds a VMO reference.
 */
void zxp_source_vmo_unreachable(struct zxp_page_source *src)
{
	mutex_lock(&src->vmo->lock);
	zxp_source_fail_all(src, -EBADFD);
	if (!src->pager_closed)
		zxp_source_send_complete(src);
	mutex_unlock(&src->vmo->lock);
}

/* The VMO is being destroyed: nothing refers to it any more. */
void zxp_source_destroy(struct zxp_page_source *src)
{
	struct zxp_pager *pager = src->pager;
	struct zxp_notice *n, *tmp;

	mutex_lock(&pager->lock);
	list_del(&src->pager_node);
	mutex_unlock(&pager->lock);
	mutex_lock(&zxp_all_sources_lock);
	list_del(&src->all_node);
	zxp_list_changed(&zxp_all_sources_gen);
	mutex_unlock(&zxp_all_sources_lock);

	mutex_lock(&src->vmo->lock);
	/* No packet can be queued: it would hold the VMO. */
	zxp_source_fail_all(src, -EBADFD);
	if (!src->pager_closed)
		zxp_source_send_complete(src);
	mutex_unlock(&src->vmo->lock);
	kfree(src->complete);
	list_for_each_entry_safe(n, tmp, &src->notices, node)
		kfree(n);
	zxp_port_put(src->port);
	zxp_object_put(&pager->obj);
	kfree(src);
}

/* ---- the pager object ---- */

static struct zxp_pager *to_pager(struct zxp_object *obj)
{
	return container_of(obj, struct zxp_pager, obj);
}

/* Introspection shows a process the pagers it created; an admin all. */
bool zxp_pager_visible(struct zxp_pager *pager, bool admin)
{
	return admin || pager->owner == task_tgid(current);
}

/*
 * The pager's last handle is gone: no more packets for its VMOs, blocked
 * readers fail with BAD_STATE; pages already supplied stay readable.
 */
static void zxp_pager_last_handle(struct zxp_object *obj)
{
	struct zxp_pager *pager = to_pager(obj);
	struct zxp_page_source *src;
	struct zxp_vmo **vmos;
	unsigned int n = 0, i;

	/*
	 * Hold each live VMO while failing its requests: pulling a packet
	 * back drops the VMO reference it held, and the VMO's destruction
	 * takes the pager's lock. VMOs already dying fail their own.
	 */
	mutex_lock(&pager->lock);
	pager->closed = true;
	list_for_each_entry(src, &pager->sources, pager_node)
		n++;
	vmos = kcalloc(n, sizeof(*vmos), GFP_KERNEL | __GFP_NOFAIL);
	n = 0;
	list_for_each_entry(src, &pager->sources, pager_node)
		if (kref_get_unless_zero(&src->vmo->obj.ref))
			vmos[n++] = src->vmo;
	mutex_unlock(&pager->lock);

	for (i = 0; i < n; i++) {
		mutex_lock(&vmos[i]->lock);
		vmos[i]->src->pager_closed = true;
		zxp_source_fail_all(vmos[i]->src, -EBADFD);
		mutex_unlock(&vmos[i]->lock);
		zxp_object_put(&vmos[i]->obj);
	}
	kfree(vmos);
}

static void zxp_pager_destroy(struct zxp_object *obj)
{
	struct zxp_pager *pager = to_pager(obj);

	mutex_lock(&zxp_all_pagers_lock);
	list_del(&pager->all_node);
	zxp_list_changed(&zxp_all_pagers_gen);
	mutex_unlock(&zxp_all_pagers_lock);
	put_pid(pager->owner);
	mutex_destroy(&pager->lock);
	kfree(pager);
}

static struct file *zxp_pager_open_file(struct zxp_object *obj, void *h)
{
	return anon_inode_getfile("[zx_pager]", &zxp_pager_fops, h, O_RDWR);
}

static const struct zxp_object_ops zxp_pager_ops = {
	.name = "[zx_pager]",
	.fops = &zxp_pager_fops,
	.open_file = zxp_pager_open_file,
	.last_handle = zxp_pager_last_handle,
	.destroy = zxp_pager_destroy,
};

const struct file_operations zxp_pager_fops = {
	.owner		= THIS_MODULE,
	.release	= zxp_handle_release,
	.llseek		= noop_llseek,
	.show_fdinfo	= zxp_handle_show_fdinfo,
};

int zxp_pager_create(struct zxp_ucmd *ucmd)
{
	struct zxpager_pager_create *cmd = ucmd->cmd;
	struct zxp_pager *pager;
	int ret;

	if (cmd->options)
		return -EINVAL;
	pager = kzalloc(sizeof(*pager), GFP_KERNEL_ACCOUNT);
	if (!pager)
		return -ENOMEM;
	zxp_object_init(&pager->obj, ZXPAGER_OBJ_PAGER, &zxp_pager_ops);
	mutex_init(&pager->lock);
	INIT_LIST_HEAD(&pager->sources);
	pager->owner = get_pid(task_tgid(current));
	get_task_comm(pager->comm, current);
	mutex_lock(&zxp_all_pagers_lock);
	list_add_tail(&pager->all_node, &zxp_all_pagers);
	zxp_list_changed(&zxp_all_pagers_gen);
	mutex_unlock(&zxp_all_pagers_lock);
	ret = zxp_handle_publish(ucmd, sizeof(*cmd), &pager->obj, ZXP_DEFAULT_PAGER_RIGHTS,
				 &cmd->out_handle);
	zxp_object_put(&pager->obj);
	return ret;
}

int zxp_pager_create_vmo(struct zxp_ucmd *ucmd)
{
	struct zxpager_pager_create_vmo *cmd = ucmd->cmd;
	struct file *pfile, *portfile;
	struct zxp_handle *ph, *porth;
	struct zxp_page_source *src;
	struct zxp_pager *pager;
	struct zxp_vmo *vmo;
	u32 rights;
	u64 size;
	int ret;

	/* TRAP_DIRTY is kept; its DIRTY requests come with dirty tracking. */
	if (cmd->options & ~(ZXPAGER_VMO_RESIZABLE | ZXPAGER_VMO_TRAP_DIRTY))
		return -EINVAL;
	ret = zxp_round_size(cmd->vmo_size, &size);
	if (ret)
		return ret;
	pfile = zxp_handle_fget(cmd->pager, ZXPAGER_OBJ_PAGER, ZXPAGER_RIGHT_ATTACH_VMO, &ph);
	if (IS_ERR(pfile))
		return PTR_ERR(pfile);
	portfile = zxp_handle_fget(cmd->port, ZXPAGER_OBJ_PORT, ZXPAGER_RIGHT_WRITE, &porth);
	if (IS_ERR(portfile)) {
		ret = PTR_ERR(portfile);
		goto out_pager;
	}
	pager = to_pager(ph->obj);

	ret = -ENOMEM;
	src = kzalloc(sizeof(*src), GFP_KERNEL_ACCOUNT);
	if (!src)
		goto out_port;
	src->complete = kzalloc(sizeof(*src->complete), GFP_KERNEL_ACCOUNT);
	if (!src->complete)
		goto out_src;
	vmo = zxp_vmo_alloc(size, cmd->options);
	if (IS_ERR(vmo)) {
		ret = PTR_ERR(vmo);
		goto out_complete;
	}
	src->vmo = vmo;
	src->key = cmd->key;
	INIT_LIST_HEAD(&src->requests);
	INIT_LIST_HEAD(&src->pending);
	INIT_LIST_HEAD(&src->notices);
	src->port = container_of(porth->obj, struct zxp_port, obj);
	zxp_port_get(src->port);
	src->pager = pager;
	zxp_object_get(&pager->obj);
	vmo->src = src;

	mutex_lock(&pager->lock);
	/* A pager whose last handle is closing makes no more VMOs. */
	src->pager_closed = pager->closed;
	list_add(&src->pager_node, &pager->sources);
	mutex_unlock(&pager->lock);
	mutex_lock(&zxp_all_sources_lock);
	list_add(&src->all_node, &zxp_all_sources);
	zxp_list_changed(&zxp_all_sources_gen);
	mutex_unlock(&zxp_all_sources_lock);

	rights = ZXP_DEFAULT_VMO_RIGHTS;
	if (cmd->options & ZXPAGER_VMO_RESIZABLE)
		rights |= ZXPAGER_RIGHT_RESIZE;
	ret = zxp_handle_publish(ucmd, sizeof(*cmd), &vmo->obj, rights, &cmd->out_handle);
	if (ret) {
		/* Nobody saw this VMO: its death owes the pager no COMPLETE. */
		mutex_lock(&vmo->lock);
		kfree(src->complete);
		src->complete = NULL;
		mutex_unlock(&vmo->lock);
	}
	/* On failure this destroys the VMO and its source. */
	zxp_object_put(&vmo->obj);
	goto out_port;

out_complete:
	kfree(src->complete);
out_src:
	kfree(src);
out_port:
	fput(portfile);
out_pager:
	fput(pfile);
	return ret;
}

/*
 * The pager and one of its VMOs, with their files held: errors in Zircon's
 * order (bad handles, wrong types, rights; a VMO of another pager: EINVAL).
 */
static int zxp_pager_vmo_get(u32 pager_h, u32 pager_rights, u32 vmo_h, u32 vmo_rights,
			     struct file **pfile, struct file **vfile,
			     struct zxp_page_source **srcp)
{
	struct zxp_handle *ph, *vh;
	struct zxp_vmo *vmo;

	*pfile = zxp_handle_fget(pager_h, ZXPAGER_OBJ_PAGER, pager_rights, &ph);
	if (IS_ERR(*pfile))
		return PTR_ERR(*pfile);
	*vfile = zxp_handle_fget(vmo_h, ZXPAGER_OBJ_VMO, vmo_rights, &vh);
	if (IS_ERR(*vfile)) {
		fput(*pfile);
		return PTR_ERR(*vfile);
	}
	vmo = zxp_vmo_from_handle(vh);
	if (!vmo->src || &vmo->src->pager->obj != ph->obj) {
		fput(*vfile);
		fput(*pfile);
		return -EINVAL;
	}
	*srcp = vmo->src;
	return 0;
}

int zxp_pager_detach_vmo(struct zxp_ucmd *ucmd)
{
	struct zxpager_pager_detach_vmo *cmd = ucmd->cmd;
	struct zxp_page_source *src;
	struct file *pfile, *vfile;
	struct zxp_vmo *vmo;
	int ret;

	ret = zxp_pager_vmo_get(cmd->pager, ZXPAGER_RIGHT_ATTACH_VMO | ZXPAGER_RIGHT_MANAGE_VMO,
				cmd->vmo, ZXPAGER_RIGHT_WRITE, &pfile, &vfile, &src);
	if (ret)
		return ret;
	vmo = src->vmo;
	mutex_lock(&vmo->lock);
	if (!src->detached) {
		src->detached = true;
		zxp_source_fail_all(src, -EBADFD);
		/* Dirty pages stay, to be read, queried and written back. */
		zxp_vmo_remove_clean_pages(vmo);
		zxp_source_send_complete(src);
	}
	mutex_unlock(&vmo->lock);
	fput(vfile);
	fput(pfile);
	return 0;
}

/* Pages moved per hold of the VMO lock; on the stack. */
#define ZXP_SUPPLY_BATCH	16

int zxp_pager_supply_pages(struct zxp_ucmd *ucmd)
{
	struct zxpager_pager_supply_pages *cmd = ucmd->cmd;
	struct file *pfile, *vfile, *afile;
	struct zxp_page_source *src;
	struct zxp_vmo *vmo, *aux;
	struct zxp_handle *ah;
	pgoff_t idx, aidx, first, end;
	void *batch[ZXP_SUPPLY_BATCH];
	struct page *lru_pages[ZXP_SUPPLY_BATCH];
	pgoff_t lru_idx[ZXP_SUPPLY_BATCH];
	unsigned int nr_lru = 0;
	u64 size, supplied = 0, moved = 0;
	int ret;

	if (cmd->__reserved)
		return -EINVAL;
	/* Alignment comes before rights, as in Zircon. */
	if (!PAGE_ALIGNED(cmd->offset) || !PAGE_ALIGNED(cmd->length) ||
	    !PAGE_ALIGNED(cmd->aux_offset))
		return -EINVAL;
	ret = zxp_pager_vmo_get(cmd->pager, ZXPAGER_RIGHT_MANAGE_VMO, cmd->vmo,
				ZXPAGER_RIGHT_WRITE, &pfile, &vfile, &src);
	if (ret)
		return ret;
	vmo = src->vmo;
	afile = zxp_handle_fget(cmd->aux_vmo, ZXPAGER_OBJ_VMO,
				ZXPAGER_RIGHT_READ | ZXPAGER_RIGHT_WRITE, &ah);
	if (IS_ERR(afile)) {
		ret = PTR_ERR(afile);
		goto out;
	}
	aux = zxp_vmo_from_handle(ah);
	if (aux->src) {
		ret = -EOPNOTSUPP;
		goto out_aux;
	}
	mutex_lock(&vmo->lock);
	size = vmo->size;
	ret = src->detached ? -EBADFD : 0;
	mutex_unlock(&vmo->lock);
	if (!ret)
		ret = zxp_range_check(cmd->offset, cmd->length, size);
	if (!ret) {
		mutex_lock(&aux->lock);
		ret = zxp_range_check(cmd->aux_offset, cmd->length, aux->size);
		mutex_unlock(&aux->lock);
	}
	if (ret || !cmd->length)
		goto out_aux;

	first = cmd->offset >> PAGE_SHIFT;
	end = first + (cmd->length >> PAGE_SHIFT);
	aidx = cmd->aux_offset >> PAGE_SHIFT;
	for (idx = first; idx < end; ) {
		unsigned int i, n = min_t(pgoff_t, end - idx, ZXP_SUPPLY_BATCH);

		/* Out of aux (zapping its mappings), then into the VMO. */
		ret = zxp_vmo_take_pages(aux, aidx, n, batch);
		if (ret)
			break;
		mutex_lock(&vmo->lock);
		for (i = 0; i < n; i++) {
			void *entry = batch[i] ?: ZXP_ZERO_PAGE;

			/* Present pages are never replaced; and a VMO shrunk
			 * or detached meanwhile takes nothing.
			 */
			if (src->detached || idx + i >= vmo->size >> PAGE_SHIFT ||
			    xa_load(&vmo->pages, idx + i) ||
			    xa_is_err(xa_store(&vmo->pages, idx + i, entry, GFP_KERNEL_ACCOUNT))) {
				if (batch[i]) {
					put_page(batch[i]);
					atomic_long_dec(&zxp_nr_pages);
				}
				continue;
			}
			supplied++;
			if (batch[i]) {
				lru_pages[nr_lru] = batch[i];
				lru_idx[nr_lru++] = idx + i;
				vmo->nr_pages++;
				moved++;
			}
		}
		/* Clean: evictable from now on. */
		zxp_lru_add_supplied(vmo, lru_pages, lru_idx, nr_lru);
		nr_lru = 0;
		zxp_source_complete(src, idx, idx + n - 1);
		mutex_unlock(&vmo->lock);
		idx += n;
		aidx += n;
		cond_resched();
	}
	atomic64_add(supplied, &zxp_counters.pages_supplied);
	atomic64_add(moved << PAGE_SHIFT, &zxp_counters.bytes_moved);
	trace_zxpager_supply(vmo->obj.koid, src->key, cmd->offset, cmd->length, supplied, moved);
out_aux:
	fput(afile);
out:
	fput(vfile);
	fput(pfile);
	return ret;
}

/* The errno a FAIL code gives waiters; 0 for a code FAIL does not take. */
static int zxp_fail_errno(u64 data)
{
	switch ((s64)data) {
	case -40: return -EIO;		/* ZX_ERR_IO */
	case -42: return -EBADMSG;	/* ZX_ERR_IO_DATA_INTEGRITY */
	case -20: return -EBADFD;	/* ZX_ERR_BAD_STATE */
	case -54: return -ENOSPC;	/* ZX_ERR_NO_SPACE */
	case -15: return -ENOBUFS;	/* ZX_ERR_BUFFER_TOO_SMALL */
	}
	return 0;
}

/*
 * WRITEBACK_BEGIN: Dirty -> AwaitingClean, and the pages are write-protected
 * again (their mappings zapped) so that the next write faults and makes
 * them Dirty. With @zero_only (IS_ZERO), only pages that read as zeros.
 */
static void zxp_writeback_begin(struct zxp_vmo *vmo, pgoff_t first, pgoff_t end,
				bool zero_only)
{
	XA_STATE(xas, &vmo->pages, first);
	void *entry;

	lockdep_assert_held(&vmo->lock);
	xas_lock(&xas);
	xas_for_each_marked(&xas, entry, end - 1, ZXP_MARK_NOT_CLEAN) {
		if (zero_only && !xa_is_value(entry))
			continue;
		xas_set_mark(&xas, ZXP_MARK_AWAITING_CLEAN);
	}
	xas_unlock(&xas);
	unmap_mapping_range(vmo->inode->i_mapping, (loff_t)first << PAGE_SHIFT,
			    (loff_t)(end - first) << PAGE_SHIFT, 1);
}

/*
 * OP_DIRTY: the pager allows writes to [first, end): every page becomes
 * Dirty (from Clean, AwaitingClean or zero), and the DIRTY requests it
 * answers end. A page never supplied: -ENOENT (NOT_FOUND), nothing done.
 */
static int zxp_op_dirty(struct zxp_vmo *vmo, pgoff_t first, pgoff_t end)
{
	unsigned long idx;

	lockdep_assert_held(&vmo->lock);
	for (idx = first; idx < end; idx++)
		if (!xa_load(&vmo->pages, idx))
			return -ENOENT;
	/* Not a write: the VMO's "modified" flag stays as it is. */
	for (idx = first; idx < end; idx++) {
		xa_set_mark(&vmo->pages, idx, ZXP_MARK_NOT_CLEAN);
		xa_clear_mark(&vmo->pages, idx, ZXP_MARK_AWAITING_CLEAN);
		zxp_lru_update(vmo, idx, xa_load(&vmo->pages, idx));
	}
	zxp_source_complete_dirty(vmo->src, first, end - 1);
	return 0;
}

/* WRITEBACK_END: AwaitingClean -> Clean; pages written since stay Dirty. */
static void zxp_writeback_end(struct zxp_vmo *vmo, pgoff_t first, pgoff_t end)
{
	XA_STATE(xas, &vmo->pages, first);
	void *entry;

	lockdep_assert_held(&vmo->lock);
	xas_lock(&xas);
	xas_for_each_marked(&xas, entry, end - 1, ZXP_MARK_AWAITING_CLEAN) {
		xas_clear_mark(&xas, ZXP_MARK_AWAITING_CLEAN);
		xas_clear_mark(&xas, ZXP_MARK_NOT_CLEAN);
		/* Clean again: evictable. */
		zxp_lru_update(vmo, xas.xa_index, entry);
	}
	xas_unlock(&xas);
}

int zxp_pager_op_range(struct zxp_ucmd *ucmd)
{
	struct zxpager_pager_op_range *cmd = ucmd->cmd;
	struct zxp_request *req, *tmp;
	struct zxp_page_source *src;
	struct file *pfile, *vfile;
	pgoff_t first, end;
	struct zxp_vmo *vmo;
	int ret, err;

	if (cmd->__reserved)
		return -EINVAL;
	switch (cmd->op) {
	case ZXPAGER_PAGER_OP_FAIL:
	case ZXPAGER_PAGER_OP_DIRTY:
	case ZXPAGER_PAGER_OP_WRITEBACK_BEGIN:
	case ZXPAGER_PAGER_OP_WRITEBACK_END:
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (!PAGE_ALIGNED(cmd->offset) || !PAGE_ALIGNED(cmd->length))
		return -EINVAL;
	ret = zxp_pager_vmo_get(cmd->pager, ZXPAGER_RIGHT_MANAGE_VMO, cmd->vmo,
				ZXPAGER_RIGHT_WRITE, &pfile, &vfile, &src);
	if (ret)
		return ret;
	err = 0;
	if (cmd->op == ZXPAGER_PAGER_OP_FAIL)
		err = zxp_fail_errno(cmd->data);
	if ((cmd->op == ZXPAGER_PAGER_OP_FAIL && !err) ||
	    (cmd->op == ZXPAGER_PAGER_OP_WRITEBACK_BEGIN &&
	     cmd->data & ~(u64)ZXPAGER_DIRTY_RANGE_IS_ZERO) ||
	    ((cmd->op == ZXPAGER_PAGER_OP_WRITEBACK_END || cmd->op == ZXPAGER_PAGER_OP_DIRTY) &&
	     cmd->data)) {
		ret = -EINVAL;
		goto out;
	}
	vmo = src->vmo;
	/* Only a TRAP_DIRTY VMO asks before writes, so only it is told. */
	if (cmd->op == ZXPAGER_PAGER_OP_DIRTY && !(vmo->options & ZXPAGER_VMO_TRAP_DIRTY)) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	mutex_lock(&vmo->lock);
	ret = zxp_range_check(cmd->offset, cmd->length, vmo->size);
	/* After detach, dirty pages can still be written back. */
	if (!ret && src->detached &&
	    (cmd->op == ZXPAGER_PAGER_OP_FAIL || cmd->op == ZXPAGER_PAGER_OP_DIRTY))
		ret = -EBADFD;
	if (!ret && cmd->length) {
		first = cmd->offset >> PAGE_SHIFT;
		end = first + (cmd->length >> PAGE_SHIFT);
		if (cmd->op == ZXPAGER_PAGER_OP_WRITEBACK_BEGIN) {
			zxp_writeback_begin(vmo, first, end,
					    cmd->data & ZXPAGER_DIRTY_RANGE_IS_ZERO);
		} else if (cmd->op == ZXPAGER_PAGER_OP_WRITEBACK_END) {
			zxp_writeback_end(vmo, first, end);
		} else if (cmd->op == ZXPAGER_PAGER_OP_DIRTY) {
			ret = zxp_op_dirty(vmo, first, end);
		} else {
			/* Not sticky: only the requests outstanding now fail. */
			list_for_each_entry_safe(req, tmp, &src->requests, node)
				if (req->start < end && req->end > first)
					zxp_request_end(req, err, first, end);
		}
	}
	mutex_unlock(&vmo->lock);
out:
	fput(vfile);
	fput(pfile);
	return ret;
}

/* The runs of not-clean pages, copied out in batches (no lock held then). */
#define ZXP_DIRTY_BATCH	64

/*
 * Up to @max runs of not-clean pages in [*@pos, @end) into @runs, in
 * order; *@pos moves past the last one. With @count, every run in the
 * range is counted (the walk costs the number of not-clean pages, not the
 * range's size). Under the VMO lock.
 */
static unsigned int zxp_dirty_runs(struct zxp_vmo *vmo, pgoff_t *pos, pgoff_t end,
				   struct zxpager_dirty_range *runs, unsigned int max,
				   u64 *count)
{
	XA_STATE(xas, &vmo->pages, *pos);
	pgoff_t run_start = 0, run_end = 0;
	bool run_zero = false, in_run = false;
	unsigned int n = 0;
	void *entry;

	lockdep_assert_held(&vmo->lock);
	rcu_read_lock();
	xas_for_each_marked(&xas, entry, end - 1, ZXP_MARK_NOT_CLEAN) {
		if (xas_retry(&xas, entry))
			continue;
		if (in_run && xas.xa_index == run_end && xa_is_value(entry) == run_zero) {
			run_end++;
			continue;
		}
		if (in_run) {
			if (n < max) {
				runs[n] = (struct zxpager_dirty_range){
					.offset = (u64)run_start << PAGE_SHIFT,
					.length = (u64)(run_end - run_start) << PAGE_SHIFT,
					.options = run_zero ? ZXPAGER_DIRTY_RANGE_IS_ZERO : 0,
				};
				*pos = run_end;
			}
			n++;
			if (n >= max && !count)
				break;
		}
		in_run = true;
		run_start = xas.xa_index;
		run_end = run_start + 1;
		run_zero = xa_is_value(entry);
	}
	rcu_read_unlock();
	if (in_run && (n < max || count)) {
		if (n < max) {
			runs[n] = (struct zxpager_dirty_range){
				.offset = (u64)run_start << PAGE_SHIFT,
				.length = (u64)(run_end - run_start) << PAGE_SHIFT,
				.options = run_zero ? ZXPAGER_DIRTY_RANGE_IS_ZERO : 0,
			};
			*pos = run_end;
		}
		n++;
	}
	if (count)
		*count = n;
	return min(n, max);
}

int zxp_pager_query_dirty_ranges(struct zxp_ucmd *ucmd)
{
	struct zxpager_pager_query_dirty_ranges *cmd = ucmd->cmd;
	struct zxpager_dirty_range __user *ubuf = u64_to_user_ptr(cmd->buffer);
	struct zxpager_dirty_range *runs;
	u64 cap, actual = 0, avail = 0, last;
	struct zxp_page_source *src;
	struct file *pfile, *vfile;
	pgoff_t pos, end;
	struct zxp_vmo *vmo;
	unsigned int n;
	int ret;

	ret = zxp_pager_vmo_get(cmd->pager, ZXPAGER_RIGHT_MANAGE_VMO, cmd->vmo,
				ZXPAGER_RIGHT_READ, &pfile, &vfile, &src);
	if (ret)
		return ret;
	vmo = src->vmo;
	mutex_lock(&vmo->lock);
	ret = zxp_range_check(cmd->offset, cmd->length, vmo->size);
	mutex_unlock(&vmo->lock);
	if (ret || !cmd->length)
		goto respond;
	/* The pages the range touches. */
	pos = cmd->offset >> PAGE_SHIFT;
	last = cmd->offset + cmd->length - 1;
	end = (last >> PAGE_SHIFT) + 1;
	cap = cmd->buffer_size / sizeof(*runs);

	runs = kmalloc_array(ZXP_DIRTY_BATCH, sizeof(*runs), GFP_KERNEL);
	if (!runs) {
		ret = -ENOMEM;
		goto out;
	}
	/*
	 * The first batch also counts every run; later ones continue after
	 * the last run copied. The user buffer may be a mapping of this VMO,
	 * whose fault takes the VMO's lock: copies happen without it.
	 */
	do {
		mutex_lock(&vmo->lock);
		n = zxp_dirty_runs(vmo, &pos, end, runs, min_t(u64, cap - actual, ZXP_DIRTY_BATCH),
				   actual ? NULL : &avail);
		mutex_unlock(&vmo->lock);
		if (n && copy_to_user(ubuf + actual, runs, n * sizeof(*runs))) {
			ret = -EFAULT;
			break;
		}
		actual += n;
		cond_resched();
	} while (n == ZXP_DIRTY_BATCH && actual < cap);
	kfree(runs);
	if (ret)
		goto out;
respond:
	if (!ret) {
		cmd->out_actual = actual;
		cmd->out_avail = max(avail, actual);
		ret = zxp_ucmd_respond(ucmd, sizeof(*cmd));
	}
out:
	fput(vfile);
	fput(pfile);
	return ret;
}

int zxp_pager_query_vmo_stats(struct zxp_ucmd *ucmd)
{
	struct zxpager_pager_query_vmo_stats *cmd = ucmd->cmd;
	struct zxp_page_source *src;
	struct file *pfile, *vfile;
	int ret;

	ret = zxp_pager_vmo_get(cmd->pager, ZXPAGER_RIGHT_MANAGE_VMO, cmd->vmo,
				ZXPAGER_RIGHT_READ, &pfile, &vfile, &src);
	if (ret)
		return ret;
	if (cmd->options & ~ZXPAGER_RESET_VMO_STATS) {
		ret = -EINVAL;
		goto out;
	}
	/* zx_pager_vmo_stats_t is one u32; a smaller buffer resets nothing. */
	if (cmd->buffer_size < sizeof(u32)) {
		ret = -ENOBUFS;
		goto out;
	}
	mutex_lock(&src->vmo->lock);
	cmd->out_modified = src->modified;
	if (cmd->options & ZXPAGER_RESET_VMO_STATS)
		src->modified = false;
	mutex_unlock(&src->vmo->lock);
	ret = zxp_ucmd_respond(ucmd, sizeof(*cmd));
out:
	fput(vfile);
	fput(pfile);
	return ret;
}
