// SPDX-License-Identifier: GPL-2.0
/*
 * Eviction: clean pager pages are reclaimed under memory pressure, as
 * Zircon evicts them; the next access makes a new READ request. Dirty,
 * AwaitingClean and ALWAYS_NEED pages never are, nor pages pinned for DMA.
 *
 * Evictable pages are on one LRU list, oldest at the tail, linked through
 * page->lru (our pages are never on the kernel's LRU), with page->private
 * naming the VMO and page->index the offset. A page is on it exactly when
 * it is a real, clean page of a pager VMO without ALWAYS_NEED: every change
 * of that (under the VMO's lock) calls zxp_lru_update() or zxp_lru_del().
 *
 * A shrinker evicts from the tail. It runs inside allocations, where the
 * VMO's lock may be held by the allocating task: it only trylocks. It
 * holds the VMO by a reference taken under the LRU lock (the page on the
 * list proves the VMO alive then); dropping the last one from reclaim
 * would run the VMO's destruction there, so that put goes to a workqueue.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/shrinker.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "zxpager.h"
#include "zxp_trace.h"

static LIST_HEAD(zxp_lru);
static DEFINE_SPINLOCK(zxp_lru_lock);
static unsigned long zxp_lru_count;	/* under zxp_lru_lock */
/* Where the reclaim path drops its last VMO references (drained at exit). */
static struct workqueue_struct *zxp_evict_wq;

/* A page entering a pager VMO's store: on no list yet. */
void zxp_lru_init(struct page *page)
{
	INIT_LIST_HEAD(&page->lru);
	set_page_private(page, 0);
}

/* Put page @idx of @vmo on the LRU or take it off, as its state says. */
void zxp_lru_update(struct zxp_vmo *vmo, pgoff_t idx, struct page *page)
{
	bool evictable;

	lockdep_assert_held(&vmo->lock);
	if (!vmo->src || !page || xa_is_value(page))
		return;
	evictable = !xa_get_mark(&vmo->pages, idx, ZXP_MARK_NOT_CLEAN) &&
		    !xa_get_mark(&vmo->pages, idx, ZXP_MARK_ALWAYS_NEED);
	spin_lock(&zxp_lru_lock);
	if (evictable && list_empty(&page->lru)) {
		set_page_private(page, (unsigned long)vmo);
		page->index = idx;
		list_add(&page->lru, &zxp_lru);
		zxp_lru_count++;
	} else if (!evictable && !list_empty(&page->lru)) {
		list_del_init(&page->lru);
		zxp_lru_count--;
	}
	spin_unlock(&zxp_lru_lock);
}

/*
 * Supply's fast path: @nr pages just stored at @idx[i] in @vmo, clean and
 * new to the store (so not ALWAYS_NEED), join the LRU under one lock hold.
 */
void zxp_lru_add_supplied(struct zxp_vmo *vmo, struct page **pages, pgoff_t *idx,
			  unsigned int nr)
{
	unsigned int i;

	lockdep_assert_held(&vmo->lock);
	spin_lock(&zxp_lru_lock);
	for (i = 0; i < nr; i++) {
		set_page_private(pages[i], (unsigned long)vmo);
		pages[i]->index = idx[i];
		list_add(&pages[i]->lru, &zxp_lru);
	}
	zxp_lru_count += nr;
	spin_unlock(&zxp_lru_lock);
}

/* @page leaves @vmo's store: off the LRU, and page->lru is free again. */
void zxp_lru_del(struct zxp_vmo *vmo, struct page *page)
{
	if (!vmo->src)
		return;		/* anonymous VMOs' pages are never on it */
	spin_lock(&zxp_lru_lock);
	if (!list_empty(&page->lru)) {
		list_del_init(&page->lru);
		zxp_lru_count--;
	}
	spin_unlock(&zxp_lru_lock);
	set_page_private(page, 0);
	page->index = 0;
}

/*
 * ZX_VMO_OP_DONT_NEED: the clean pages of [@first, @last] are evicted
 * first (moved to the LRU's tail); nothing is committed or dropped now.
 */
void zxp_lru_dont_need(struct zxp_vmo *vmo, pgoff_t first, pgoff_t last)
{
	struct page *page;
	unsigned long idx;

	mutex_lock(&vmo->lock);
	xa_for_each_range(&vmo->pages, idx, page, first, last) {
		if (xa_is_value(page))
			continue;
		spin_lock(&zxp_lru_lock);
		if (!list_empty(&page->lru))
			list_move_tail(&page->lru, &zxp_lru);
		spin_unlock(&zxp_lru_lock);
	}
	mutex_unlock(&vmo->lock);
}

/*
 * ZX_VMO_OP_ALWAYS_NEED, once the range is present: its pages are never
 * evicted (off the LRU, for as long as the VMO lives). Pages missing again
 * (a resize cut them) are simply not marked.
 */
void zxp_lru_always_need(struct zxp_vmo *vmo, pgoff_t first, pgoff_t last)
{
	struct page *page;
	unsigned long idx;

	mutex_lock(&vmo->lock);
	xa_for_each_range(&vmo->pages, idx, page, first, last) {
		xa_set_mark(&vmo->pages, idx, ZXP_MARK_ALWAYS_NEED);
		zxp_lru_update(vmo, idx, page);
	}
	mutex_unlock(&vmo->lock);
}

/* vmo->put_work: the last reference, dropped out of reclaim. */
void zxp_vmo_put_work(struct work_struct *work)
{
	zxp_object_put(&container_of(work, struct zxp_vmo, put_work)->obj);
}

/* Drop a VMO reference taken here; the last one is dropped elsewhere. */
static void zxp_evict_put_vmo(struct zxp_vmo *vmo)
{
	if (!refcount_dec_not_one(&vmo->obj.ref.refcount))
		queue_work(zxp_evict_wq, &vmo->put_work);
}

/*
 * Evict up to @nr pages from the LRU's tail, looking at @nr at most; with
 * @block, wait for VMO locks (debugfs), else only trylock (reclaim).
 */
unsigned long zxp_evict(unsigned long nr, bool block)
{
	unsigned long scanned, freed = 0;
	struct zxp_vmo *vmo;
	struct page *page;
	pgoff_t idx;

	for (scanned = 0; scanned < nr; scanned++) {
		spin_lock(&zxp_lru_lock);
		page = list_empty(&zxp_lru) ? NULL : list_last_entry(&zxp_lru, struct page, lru);
		if (!page) {
			spin_unlock(&zxp_lru_lock);
			break;
		}
		vmo = (struct zxp_vmo *)page_private(page);
		idx = page->index;
		/* Looked at: to the head, whatever happens to it next. */
		list_move(&page->lru, &zxp_lru);
		if (!kref_get_unless_zero(&vmo->obj.ref)) {
			spin_unlock(&zxp_lru_lock);
			continue;	/* its VMO is being destroyed */
		}
		get_page(page);
		spin_unlock(&zxp_lru_lock);

		if (block)
			mutex_lock(&vmo->lock);
		else if (!mutex_trylock(&vmo->lock))
			goto next;
		/* Still this VMO's page, still evictable, not pinned. */
		if (xa_load(&vmo->pages, idx) == page && !list_empty(&page->lru) &&
		    !folio_maybe_dma_pinned(page_folio(page))) {
			xa_erase(&vmo->pages, idx);
			zxp_lru_del(vmo, page);
			vmo->nr_pages--;
			unmap_mapping_range(vmo->inode->i_mapping, (loff_t)idx << PAGE_SHIFT,
					    PAGE_SIZE, 1);
			trace_zxpager_page_evict(vmo->obj.koid, vmo->src->key,
						 (u64)idx << PAGE_SHIFT);
			put_page(page);		/* the store's reference */
			atomic_long_dec(&zxp_nr_pages);
			atomic64_inc(&zxp_counters.pages_evicted);
			freed++;
		}
		mutex_unlock(&vmo->lock);
next:
		put_page(page);
		zxp_evict_put_vmo(vmo);
	}
	return freed;
}

static unsigned long zxp_shrink_count(struct shrinker *s, struct shrink_control *sc)
{
	unsigned long n = READ_ONCE(zxp_lru_count);

	return n ?: SHRINK_EMPTY;
}

static unsigned long zxp_shrink_scan(struct shrinker *s, struct shrink_control *sc)
{
	unsigned long freed = zxp_evict(sc->nr_to_scan, false);

	return freed ?: SHRINK_STOP;
}

/* Test-only (debugfs "evict"): write N to evict up to N pages, 0 for all. */
static int zxp_evict_set(void *data, u64 val)
{
	zxp_evict(val ?: ULONG_MAX, true);
	return 0;
}

static int zxp_evict_get(void *data, u64 *val)
{
	*val = READ_ONCE(zxp_lru_count);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(zxp_evict_fops, zxp_evict_get, zxp_evict_set, "%llu\n");

/* The shrinker API changed in 6.7: allocated, not embedded. */
#ifdef ZXP_HAVE_SHRINKER_ALLOC
static struct shrinker *zxp_shrinker;

static int zxp_shrinker_register(void)
{
	zxp_shrinker = shrinker_alloc(0, "zxpager");
	if (!zxp_shrinker)
		return -ENOMEM;
	zxp_shrinker->count_objects = zxp_shrink_count;
	zxp_shrinker->scan_objects = zxp_shrink_scan;
	shrinker_register(zxp_shrinker);
	return 0;
}

static void zxp_shrinker_unregister(void)
{
	shrinker_free(zxp_shrinker);
}
#else
static struct shrinker zxp_shrinker_s = {
	.count_objects = zxp_shrink_count,
	.scan_objects = zxp_shrink_scan,
	.seeks = DEFAULT_SEEKS,
};

static int zxp_shrinker_register(void)
{
	return register_shrinker(&zxp_shrinker_s, "zxpager");
}

static void zxp_shrinker_unregister(void)
{
	unregister_shrinker(&zxp_shrinker_s);
}
#endif

int __init zxp_evict_init(struct dentry *debugfs)
{
	int ret;

	zxp_evict_wq = alloc_workqueue("zxpager_evict", 0, 0);
	if (!zxp_evict_wq)
		return -ENOMEM;
	ret = zxp_shrinker_register();
	if (ret) {
		destroy_workqueue(zxp_evict_wq);
		return ret;
	}
	debugfs_create_file_unsafe("evict", 0600, debugfs, NULL, &zxp_evict_fops);
	return 0;
}

/* After the shrinker is gone, the last deferred puts run. */
void zxp_evict_exit(void)
{
	zxp_shrinker_unregister();
	destroy_workqueue(zxp_evict_wq);
}
