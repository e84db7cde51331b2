// SPDX-License-Identifier: GPL-2.0
/*
 * VMOs: Zircon's virtual memory objects, anonymous ones for now.
 *
 * A VMO is a page-granular store of @size bytes. Its pages belong to the
 * module: allocated on first write, commit or mapping fault (zeroed,
 * memcg-charged with __GFP_ACCOUNT), kept in an xarray indexed by page
 * offset, freed on decommit, shrink, or when the VMO dies. Reading a page
 * that was never committed reads zeros and commits nothing.
 *
 * Each VMO has its own inode on a private pseudo filesystem, so all its
 * handles (files) share one address_space and unmap_mapping_range() zaps
 * exactly this VMO's mappings. Mappings are MAP_SHARED and VM_MIXEDMAP: a
 * fault maps the page (and present neighbours) itself with vm_insert_page()
 * while holding @lock.
 *
 * Removing a page therefore needs no page lock: removal erases the page
 * from the store and zaps its mappings under @lock, so a fault either maps
 * it before (and the zap takes it away) or finds it gone.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pagemap.h>
#include <linux/pseudo_fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "zxpager.h"

#define ZXP_FS_MAGIC		0x7a787067	/* "zxpg" */
/* Zircon options that exist but are not offered here. */
#define ZXP_VMO_OPTIONS_UNSUPPORTED	(ZXPAGER_VMO_DISCARDABLE | ZXPAGER_VMO_UNBOUNDED)

static struct vfsmount *zxp_mnt;

static int zxp_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, ZXP_FS_MAGIC) ? 0 : -ENOMEM;
}

static struct file_system_type zxp_fs_type = {
	.name			= "zxpager",
	.init_fs_context	= zxp_fs_init_fs_context,
	.kill_sb		= kill_anon_super,
};

int zxp_vmo_init_fs(void)
{
	zxp_mnt = kern_mount(&zxp_fs_type);
	return PTR_ERR_OR_ZERO(zxp_mnt);
}

void zxp_vmo_exit_fs(void)
{
	kern_unmount(zxp_mnt);
}

static struct zxp_vmo *to_vmo(struct zxp_object *obj)
{
	return container_of(obj, struct zxp_vmo, obj);
}

static struct zxp_vmo *file_vmo(struct file *file)
{
	struct zxp_handle *h = file->private_data;

	return to_vmo(h->obj);
}

static void zxp_vmo_destroy(struct zxp_object *obj)
{
	struct zxp_vmo *vmo = to_vmo(obj);
	struct page *page;
	unsigned long idx;

	/*
	 * No handle and no mapping is left: nothing can look pages up but
	 * eviction, which holds no reference once it sees it cannot get
	 * one. Pages leave the LRU before the source goes.
	 */
	xa_for_each(&vmo->pages, idx, page) {
		if (xa_is_value(page))
			continue;
		zxp_lru_del(vmo, page);
		put_page(page);
		atomic_long_dec(&zxp_nr_pages);
	}
	xa_destroy(&vmo->pages);
	if (vmo->src)
		zxp_source_destroy(vmo->src);
	iput(vmo->inode);
	mutex_destroy(&vmo->lock);
	kfree(vmo);
}

static struct file *zxp_vmo_open_file(struct zxp_object *obj, void *h)
{
	struct inode *inode = to_vmo(obj)->inode;
	struct file *file;

	/*
	 * The file keeps its own inode reference (the dentry's) and, unlike
	 * with anon_inode_getfile(), the module reference that its final
	 * fput() drops must be taken here.
	 */
	ihold(inode);
	__module_get(THIS_MODULE);
	file = alloc_file_pseudo(inode, zxp_mnt, "[zx_vmo]", O_RDWR, &zxp_vmo_fops);
	if (IS_ERR(file)) {
		module_put(THIS_MODULE);
		iput(inode);
		return file;
	}
	file->private_data = h;
	return file;
}

/* No handle and no mapping (which holds a handle's file) is left. */
static void zxp_vmo_last_handle(struct zxp_object *obj)
{
	struct zxp_vmo *vmo = to_vmo(obj);

	if (vmo->src)
		zxp_source_vmo_unreachable(vmo->src);
}

const struct zxp_object_ops zxp_vmo_ops = {
	.name = "[zx_vmo]",
	.fops = &zxp_vmo_fops,
	.open_file = zxp_vmo_open_file,
	.last_handle = zxp_vmo_last_handle,
	.destroy = zxp_vmo_destroy,
};

/* How zxp_vmo_lookup() treats the page it looks up. */
#define ZXP_COMMIT	1	/* give a missing (anonymous) or zero page memory */
#define ZXP_WRITE	2	/* about to be written: TRAP_DIRTY asks the pager */

/*
 * The page at @idx, under @vmo->lock. With ZXP_COMMIT a missing page of an
 * anonymous VMO, or a zero page of a pager VMO, is allocated; without it
 * they are NULL (they read as zeros). A missing page of a pager VMO, or
 * with ZXP_WRITE a page of a TRAP_DIRTY VMO that is not Dirty, is
 * ERR_PTR(-EAGAIN) with *@reqp the READ or DIRTY request to wait for, made
 * for the run up to @limit. ERR_PTR(-ERANGE) beyond the VMO's size.
 */
static struct page *zxp_vmo_lookup(struct zxp_vmo *vmo, pgoff_t idx, unsigned int how,
				   pgoff_t limit, struct zxp_request **reqp)
{
	bool not_clean, awaiting, always;
	struct page *page;
	int ret;

	lockdep_assert_held(&vmo->lock);
	if (idx >= vmo->size >> PAGE_SHIFT)
		return ERR_PTR(-ERANGE);
	page = xa_load(&vmo->pages, idx);
	if ((!page && vmo->src) || ((how & ZXP_WRITE) && zxp_write_traps(vmo, idx))) {
		*reqp = zxp_source_request(vmo->src, idx, max(limit, idx + 1), !!page);
		return IS_ERR(*reqp) ? ERR_CAST(*reqp) : ERR_PTR(-EAGAIN);
	}
	if (xa_is_value(page))
		page = NULL;	/* ZXP_ZERO_PAGE */
	if (!page && (how & ZXP_COMMIT)) {
		/* A zero page keeps its state: it may be Dirty already. */
		not_clean = xa_get_mark(&vmo->pages, idx, ZXP_MARK_NOT_CLEAN);
		awaiting = xa_get_mark(&vmo->pages, idx, ZXP_MARK_AWAITING_CLEAN);
		always = xa_get_mark(&vmo->pages, idx, ZXP_MARK_ALWAYS_NEED);
		page = alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT | __GFP_ZERO);
		if (!page)
			return ERR_PTR(-ENOMEM);
		zxp_lru_init(page);
		ret = xa_err(xa_store(&vmo->pages, idx, page, GFP_KERNEL_ACCOUNT));
		if (ret) {
			__free_page(page);
			return ERR_PTR(ret);
		}
		if (not_clean)
			xa_set_mark(&vmo->pages, idx, ZXP_MARK_NOT_CLEAN);
		if (awaiting)
			xa_set_mark(&vmo->pages, idx, ZXP_MARK_AWAITING_CLEAN);
		if (always)
			xa_set_mark(&vmo->pages, idx, ZXP_MARK_ALWAYS_NEED);
		zxp_lru_update(vmo, idx, page);
		vmo->nr_pages++;
		atomic_long_inc(&zxp_nr_pages);
	}
	return page;
}

/* zxp_vmo_lookup() taking the lock, and a reference on the page. */
static struct page *zxp_vmo_get_page(struct zxp_vmo *vmo, pgoff_t idx, unsigned int how,
				     pgoff_t limit, struct zxp_request **reqp)
{
	struct page *page;

	mutex_lock(&vmo->lock);
	page = zxp_vmo_lookup(vmo, idx, how, limit, reqp);
	if (!IS_ERR_OR_NULL(page))
		get_page(page);
	mutex_unlock(&vmo->lock);
	return page;
}

/* zxp_vmo_get_page() that waits for the pager, with no lock held. */
static struct page *zxp_vmo_get_page_wait(struct zxp_vmo *vmo, pgoff_t idx, unsigned int how,
					  pgoff_t limit)
{
	struct zxp_request *req;
	struct page *page;
	int err;

	for (;;) {
		page = zxp_vmo_get_page(vmo, idx, how, limit, &req);
		if (page != ERR_PTR(-EAGAIN))
			return page;
		err = zxp_request_wait(req, idx);
		zxp_request_put(req);
		if (err)
			return ERR_PTR(err);
		/* Supplied: look again, it may be gone already. */
	}
}

/*
 * Move pages [@first, @first + @nr) out of an anonymous VMO into @entries
 * (NULL for an uncommitted page), zapping their mappings: the pages now
 * belong to the caller. The page count does not change: they move.
 */
int zxp_vmo_take_pages(struct zxp_vmo *vmo, pgoff_t first, unsigned int nr, void **entries)
{
	unsigned int i;
	struct page *page;

	mutex_lock(&vmo->lock);
	for (i = 0; i < nr; i++) {
		page = xa_load(&vmo->pages, first + i);
		entries[i] = page;
		if (!page)
			continue;
		xa_erase(&vmo->pages, first + i);
		vmo->nr_pages--;
	}
	/* Faults map under the lock we hold: no new mapping can appear. */
	if (mapping_mapped(vmo->inode->i_mapping))
		unmap_mapping_range(vmo->inode->i_mapping, (loff_t)first << PAGE_SHIFT,
				    (loff_t)nr << PAGE_SHIFT, 1);
	mutex_unlock(&vmo->lock);
	return 0;
}

struct zxp_vmo *zxp_vmo_from_handle(struct zxp_handle *h)
{
	return to_vmo(h->obj);
}

/*
 * Take pages [@first, @last] out of the store and zap their mappings from
 * @zap_start (bytes; @zap_len 0 means to the end). Under @vmo->lock.
 */
void zxp_vmo_remove_pages(struct zxp_vmo *vmo, pgoff_t first, pgoff_t last,
			  loff_t zap_start, loff_t zap_len)
{
	LIST_HEAD(removed);
	struct page *page, *tmp;
	unsigned long idx;

	lockdep_assert_held(&vmo->lock);
	xa_for_each_range(&vmo->pages, idx, page, first, last) {
		if (xa_is_value(page)) {
			xa_erase(&vmo->pages, idx);
			continue;
		}
		xa_erase(&vmo->pages, idx);
		/* Off eviction's LRU: ->lru is ours to use again. */
		zxp_lru_del(vmo, page);
		list_add(&page->lru, &removed);
		vmo->nr_pages--;
	}
	unmap_mapping_range(vmo->inode->i_mapping, zap_start, zap_len, 1);
	list_for_each_entry_safe(page, tmp, &removed, lru) {
		list_del(&page->lru);
		put_page(page);
		atomic_long_dec(&zxp_nr_pages);
	}
}

/*
 * Page @idx of a pager VMO was written: Dirty (from Clean or AwaitingClean,
 * so a write during writeback is never marked clean by WRITEBACK_END).
 * Called after the write: a WRITEBACK_BEGIN in between sees the page Dirty
 * again here and the next writeback picks up the new data.
 */
void zxp_vmo_mark_dirty(struct zxp_vmo *vmo, pgoff_t idx)
{
	lockdep_assert_held(&vmo->lock);
	if (!vmo->src || !xa_load(&vmo->pages, idx))
		return;
	xa_set_mark(&vmo->pages, idx, ZXP_MARK_NOT_CLEAN);
	xa_clear_mark(&vmo->pages, idx, ZXP_MARK_AWAITING_CLEAN);
	zxp_lru_update(vmo, idx, xa_load(&vmo->pages, idx));
	vmo->src->modified = true;
}

/* Detach: drop the clean pages; Dirty and AwaitingClean ones stay. */
void zxp_vmo_remove_clean_pages(struct zxp_vmo *vmo)
{
	LIST_HEAD(removed);
	struct page *page, *tmp;
	unsigned long idx;

	lockdep_assert_held(&vmo->lock);
	xa_for_each(&vmo->pages, idx, page) {
		if (xa_get_mark(&vmo->pages, idx, ZXP_MARK_NOT_CLEAN))
			continue;
		xa_erase(&vmo->pages, idx);
		if (xa_is_value(page))
			continue;
		zxp_lru_del(vmo, page);
		list_add(&page->lru, &removed);
		vmo->nr_pages--;
	}
	unmap_mapping_range(vmo->inode->i_mapping, 0, 0, 1);
	list_for_each_entry_safe(page, tmp, &removed, lru) {
		list_del(&page->lru);
		put_page(page);
		atomic_long_dec(&zxp_nr_pages);
	}
}

/* ---- mappings ---- */

/*
 * A fault on a pager VMO's missing page waits for the pager. When the core
 * allows it, the wait drops the fault lock (mmap_lock or the VMA lock) and
 * the fault is retried; a failure is then owed to the retried fault
 * (zxp_source_add_notice), which raises SIGBUS. Without retry permission
 * the wait keeps the lock; with RETRY_NOWAIT there is no wait.
 */
static vm_fault_t zxp_vmo_fault_wait(struct vm_fault *vmf, struct zxp_vmo *vmo,
				     struct zxp_request *req)
{
	int err;

	if (vmf->flags & FAULT_FLAG_RETRY_NOWAIT) {
		zxp_request_put(req);
		return VM_FAULT_RETRY;
	}
	if (!(vmf->flags & FAULT_FLAG_ALLOW_RETRY)) {
		err = zxp_request_wait(req, vmf->pgoff);
		zxp_request_put(req);
		/* Fault again: the page is there, or a new request, or SIGBUS. */
		return err ? VM_FAULT_SIGBUS : VM_FAULT_NOPAGE;
	}
	/* The VMA may go away once the lock is dropped: keep the VMO. */
	zxp_object_get(&vmo->obj);
	zxp_release_fault_lock(vmf);
	err = zxp_request_wait(req, vmf->pgoff);
	zxp_request_put(req);
	if (err) {
		mutex_lock(&vmo->lock);
		if (zxp_source_add_notice(vmo->src, vmf->pgoff, err))
			err = 0;	/* no memory: the retry asks again */
		mutex_unlock(&vmo->lock);
	}
	zxp_object_put(&vmo->obj);
	return VM_FAULT_RETRY;
}

/*
 * Map the run of pages already in the store that follows a fault, up to
 * ZXP_FAULT_AROUND pages, as the core's fault-around does for the page
 * cache (whose ->map_pages cannot serve here: it runs under RCU, and these
 * pages are not in the page cache). A sequential reader then takes one
 * fault per ZXP_FAULT_AROUND pages. The run stops at a missing page and at
 * a page already mapped, which an earlier fault-around mapped with the
 * rest. Under @vmo->lock, so no page can leave the store meanwhile.
 */
#define ZXP_FAULT_AROUND	16

static void zxp_vmo_fault_around(struct vm_fault *vmf, struct zxp_vmo *vmo)
{
	struct vm_area_struct *vma = vmf->vma;
	pgoff_t end = min3(vmf->pgoff + ZXP_FAULT_AROUND, vma->vm_pgoff + vma_pages(vma),
			   (pgoff_t)(vmo->size >> PAGE_SHIFT));
	XA_STATE(xas, &vmo->pages, vmf->pgoff + 1);
	struct page *pages[ZXP_FAULT_AROUND];
	unsigned long nr = 0;
	struct page *page;

	if (vmf->pgoff + 1 >= end)
		return;
	rcu_read_lock();
	xas_for_each(&xas, page, end - 1) {
		if (xas_retry(&xas, page))
			continue;
		if (xas.xa_index != vmf->pgoff + 1 + nr || xa_is_value(page))
			break;
		pages[nr++] = page;
	}
	rcu_read_unlock();
	/* Stops at the first page already mapped (-EBUSY): that is fine. */
	if (nr)
		vm_insert_pages(vma, (vmf->address & PAGE_MASK) + PAGE_SIZE, pages, &nr);
}

/*
 * A fault maps the page itself, under the VMO's lock (vm_insert_page, the
 * mapping is VM_MIXEDMAP): a page being removed from the store is removed
 * under that lock, and its mappings are zapped before the lock is dropped,
 * so a page that left the store is never mapped again.
 */
static vm_fault_t zxp_vmo_fault(struct vm_fault *vmf)
{
	struct zxp_vmo *vmo = file_vmo(vmf->vma->vm_file);
	struct zxp_request *req;
	struct page *page;
	vm_fault_t ret;

	mutex_lock(&vmo->lock);
	if (vmo->src && zxp_source_take_notice(vmo->src, vmf->pgoff)) {
		ret = VM_FAULT_SIGBUS;
		goto out;
	}
	page = zxp_vmo_lookup(vmo, vmf->pgoff,
			      ZXP_COMMIT | (vmf->flags & FAULT_FLAG_WRITE ? ZXP_WRITE : 0),
			      vmf->pgoff + 1, &req);
	if (page == ERR_PTR(-EAGAIN)) {
		mutex_unlock(&vmo->lock);
		return zxp_vmo_fault_wait(vmf, vmo, req);
	}
	if (IS_ERR(page)) {
		ret = PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
		goto out;
	}
	ret = vmf_insert_page(vmf->vma, vmf->address & PAGE_MASK, page);
	if (ret == VM_FAULT_NOPAGE)
		zxp_vmo_fault_around(vmf, vmo);
out:
	mutex_unlock(&vmo->lock);
	return ret;
}

/*
 * The first write to a pager VMO page mapped read-only (every page is, until
 * it is dirty: the mapping has ->page_mkwrite, so the core maps it without
 * write permission) makes it Dirty. The page goes back locked, as the core
 * wants: our pages have no ->mapping for it to check.
 */
static vm_fault_t zxp_vmo_page_mkwrite(struct vm_fault *vmf)
{
	struct zxp_vmo *vmo = file_vmo(vmf->vma->vm_file);
	struct page *page = vmf->page;

	mutex_lock(&vmo->lock);
	if (xa_load(&vmo->pages, vmf->pgoff) != page) {
		/* Removed meanwhile: fault again. */
		mutex_unlock(&vmo->lock);
		return VM_FAULT_NOPAGE;
	}
	if (zxp_write_traps(vmo, vmf->pgoff)) {
		/*
		 * The pager must allow this write (a DIRTY request), but
		 * ->page_mkwrite may not drop the fault lock to wait. Unmap
		 * the page instead: the write faults again, through ->fault,
		 * which can wait (zxp_vmo_fault with FAULT_FLAG_WRITE).
		 */
		unmap_mapping_range(vmo->inode->i_mapping, (loff_t)vmf->pgoff << PAGE_SHIFT,
				    PAGE_SIZE, 1);
		mutex_unlock(&vmo->lock);
		return VM_FAULT_NOPAGE;
	}
	zxp_vmo_mark_dirty(vmo, vmf->pgoff);
	lock_page(page);
	mutex_unlock(&vmo->lock);
	return VM_FAULT_LOCKED;
}

/*
 * Nothing is mapped here (see zxp_vmo_fault_around), but a VMA with
 * ->map_pages may take its faults under the per-VMA lock (6.7 and later)
 * instead of being retried under mmap_lock.
 */
static vm_fault_t zxp_vmo_map_pages(struct vm_fault *vmf, pgoff_t start, pgoff_t end)
{
	return 0;
}

static void zxp_vmo_vm_open(struct vm_area_struct *vma)
{
	atomic_inc(&file_vmo(vma->vm_file)->nr_mappings);
}

static void zxp_vmo_vm_close(struct vm_area_struct *vma)
{
	atomic_dec(&file_vmo(vma->vm_file)->nr_mappings);
}

static const struct vm_operations_struct zxp_vmo_vm_ops = {
	.open	= zxp_vmo_vm_open,
	.close	= zxp_vmo_vm_close,
	.fault	= zxp_vmo_fault,
	.map_pages = zxp_vmo_map_pages,
};

/* Pager VMOs track writes: their pages are mapped writable only once dirty. */
static const struct vm_operations_struct zxp_pager_vmo_vm_ops = {
	.open	= zxp_vmo_vm_open,
	.close	= zxp_vmo_vm_close,
	.fault	= zxp_vmo_fault,
	.map_pages = zxp_vmo_map_pages,
	.page_mkwrite = zxp_vmo_page_mkwrite,
};

/*
 * Rights decide what a mapping may do, now and after mprotect(): a handle
 * without WRITE can never be mapped writable, and so on.
 */
static int zxp_vmo_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct zxp_handle *h = file->private_data;
	u32 rights = h->rights;

	if (!(rights & ZXPAGER_RIGHT_MAP))
		return -EACCES;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (((vma->vm_flags & VM_READ) && !(rights & ZXPAGER_RIGHT_READ)) ||
	    ((vma->vm_flags & VM_WRITE) && !(rights & ZXPAGER_RIGHT_WRITE)) ||
	    ((vma->vm_flags & VM_EXEC) && !(rights & ZXPAGER_RIGHT_EXECUTE)))
		return -EACCES;
	if (!(rights & ZXPAGER_RIGHT_READ))
		vm_flags_clear(vma, VM_MAYREAD);
	if (!(rights & ZXPAGER_RIGHT_WRITE))
		vm_flags_clear(vma, VM_MAYWRITE);
	if (!(rights & ZXPAGER_RIGHT_EXECUTE))
		vm_flags_clear(vma, VM_MAYEXEC);
	/* A VMO's size is changed with zx_vmo_set_size, never by mremap. */
	/* Faults map pages with vm_insert_page(). */
	vm_flags_set(vma, VM_DONTEXPAND | VM_MIXEDMAP);
	vma->vm_ops = file_vmo(file)->src ? &zxp_pager_vmo_vm_ops : &zxp_vmo_vm_ops;
	zxp_vmo_vm_open(vma);
	return 0;
}

const struct file_operations zxp_vmo_fops = {
	.owner		= THIS_MODULE,
	.release	= zxp_handle_release,
	.mmap		= zxp_vmo_mmap,
	.llseek		= noop_llseek,
	.show_fdinfo	= zxp_handle_show_fdinfo,
};

/* ---- calls ---- */

/* A new VMO, anonymous until a page source is attached; one reference. */
struct zxp_vmo *zxp_vmo_alloc(u64 size, u32 options)
{
	struct zxp_vmo *vmo;
	int ret;

	vmo = kzalloc(sizeof(*vmo), GFP_KERNEL_ACCOUNT);
	if (!vmo)
		return ERR_PTR(-ENOMEM);
	vmo->inode = alloc_anon_inode(zxp_mnt->mnt_sb);
	if (IS_ERR(vmo->inode)) {
		ret = PTR_ERR(vmo->inode);
		kfree(vmo);
		return ERR_PTR(ret);
	}
	zxp_object_init(&vmo->obj, ZXPAGER_OBJ_VMO, &zxp_vmo_ops);
	mutex_init(&vmo->lock);
	xa_init(&vmo->pages);
	INIT_WORK(&vmo->put_work, zxp_vmo_put_work);
	vmo->size = size;
	vmo->options = options;
	return vmo;
}

int zxp_vmo_create(struct zxp_ucmd *ucmd)
{
	struct zxpager_vmo_create *cmd = ucmd->cmd;
	u32 rights = ZXP_DEFAULT_VMO_RIGHTS;
	struct zxp_vmo *vmo;
	u64 size;
	int ret;

	if (cmd->options & ZXP_VMO_OPTIONS_UNSUPPORTED)
		return -EOPNOTSUPP;
	if (cmd->options & ~ZXPAGER_VMO_RESIZABLE)
		return -EINVAL;
	ret = zxp_round_size(cmd->vmo_size, &size);
	if (ret)
		return ret;
	if (cmd->options & ZXPAGER_VMO_RESIZABLE)
		rights |= ZXPAGER_RIGHT_RESIZE;
	vmo = zxp_vmo_alloc(size, cmd->options);
	if (IS_ERR(vmo))
		return PTR_ERR(vmo);
	ret = zxp_handle_publish(ucmd, sizeof(*cmd), &vmo->obj, rights, &cmd->out_handle);
	/* The handle holds its own reference; drop the creation one. */
	zxp_object_put(&vmo->obj);
	return ret;
}

static struct file *zxp_vmo_fget(u32 hval, u32 rights, struct zxp_vmo **vmop)
{
	struct zxp_handle *h;
	struct file *file;

	file = zxp_handle_fget(hval, ZXPAGER_OBJ_VMO, rights, &h);
	if (!IS_ERR(file))
		*vmop = to_vmo(h->obj);
	return file;
}

static u64 zxp_vmo_size(struct zxp_vmo *vmo)
{
	u64 size;

	mutex_lock(&vmo->lock);
	size = vmo->size;
	mutex_unlock(&vmo->lock);
	return size;
}

static int zxp_vmo_rw(struct zxp_ucmd *ucmd, bool write)
{
	struct zxpager_vmo_rw *cmd = ucmd->cmd;
	char __user *ubuf = u64_to_user_ptr(cmd->buffer);
	u64 off = cmd->offset, done = 0;
	struct zxp_vmo *vmo;
	struct file *file;
	int ret;

	if (cmd->__reserved)
		return -EINVAL;
	file = zxp_vmo_fget(cmd->handle, write ? ZXPAGER_RIGHT_WRITE : ZXPAGER_RIGHT_READ,
			    &vmo);
	if (IS_ERR(file))
		return PTR_ERR(file);
	ret = zxp_range_check(cmd->offset, cmd->length, zxp_vmo_size(vmo));

	while (!ret && done < cmd->length) {
		size_t pofs = offset_in_page(off);
		size_t n = min_t(u64, PAGE_SIZE - pofs, cmd->length - done);
		struct page *page;
		unsigned long left;

		/* No lock is held across the copy: see the locking order. */
		page = zxp_vmo_get_page_wait(vmo, off >> PAGE_SHIFT,
					     write ? ZXP_COMMIT | ZXP_WRITE : 0,
					     (cmd->offset + cmd->length - 1) / PAGE_SIZE + 1);
		if (IS_ERR(page)) {
			ret = PTR_ERR(page);	/* shrunk meanwhile, or the pager failed */
			break;
		}
		if (!page) {
			left = clear_user(ubuf + done, n);
		} else {
			void *kaddr = kmap_local_page(page);

			if (write)
				left = copy_from_user(kaddr + pofs, ubuf + done, n);
			else
				left = copy_to_user(ubuf + done, kaddr + pofs, n);
			kunmap_local(kaddr);
			if (write && vmo->src && left < n) {
				mutex_lock(&vmo->lock);
				/* Still this VMO's page: not removed meanwhile. */
				if (xa_load(&vmo->pages, off >> PAGE_SHIFT) == page)
					zxp_vmo_mark_dirty(vmo, off >> PAGE_SHIFT);
				mutex_unlock(&vmo->lock);
			}
			put_page(page);
		}
		if (left)
			ret = -EFAULT;
		done += n;
		off += n;
		if (fatal_signal_pending(current))
			ret = -EINTR;
		cond_resched();
	}
	fput(file);
	return ret;
}

int zxp_vmo_read(struct zxp_ucmd *ucmd)
{
	return zxp_vmo_rw(ucmd, false);
}

int zxp_vmo_write(struct zxp_ucmd *ucmd)
{
	return zxp_vmo_rw(ucmd, true);
}

int zxp_vmo_get_size(struct zxp_ucmd *ucmd)
{
	struct zxpager_vmo_size *cmd = ucmd->cmd;
	struct zxp_vmo *vmo;
	struct file *file;

	if (cmd->__reserved)
		return -EINVAL;
	file = zxp_vmo_fget(cmd->handle, 0, &vmo);
	if (IS_ERR(file))
		return PTR_ERR(file);
	cmd->vmo_size = zxp_vmo_size(vmo);
	fput(file);
	return zxp_ucmd_respond(ucmd, sizeof(*cmd));
}

int zxp_vmo_set_size(struct zxp_ucmd *ucmd)
{
	struct zxpager_vmo_size *cmd = ucmd->cmd;
	struct zxp_handle *h;
	struct zxp_vmo *vmo;
	struct file *file;
	u64 size;
	int ret;

	if (cmd->__reserved)
		return -EINVAL;
	file = zxp_handle_fget(cmd->handle, ZXPAGER_OBJ_VMO, ZXPAGER_RIGHT_WRITE, &h);
	if (IS_ERR(file))
		return PTR_ERR(file);
	vmo = to_vmo(h->obj);
	if (!(vmo->options & ZXPAGER_VMO_RESIZABLE)) {
		ret = -EBUSY;
		goto out;
	}
	if (!(h->rights & ZXPAGER_RIGHT_RESIZE)) {
		ret = -EACCES;
		goto out;
	}
	ret = zxp_round_size(cmd->vmo_size, &size);
	if (ret)
		goto out;

	mutex_lock(&vmo->lock);
	if (vmo->src && size != vmo->size)
		vmo->src->modified = true;
	if (size < vmo->size) {
		vmo->size = size;
		zxp_vmo_remove_pages(vmo, size >> PAGE_SHIFT, ULONG_MAX, size, 0);
		if (vmo->src)
			zxp_source_fail_beyond(vmo->src, size >> PAGE_SHIFT);
	}
	vmo->size = size;
	mutex_unlock(&vmo->lock);
out:
	fput(file);
	return ret;
}

/* Zero [@start, @end) within one page, if it is committed. */
static void zxp_vmo_zero_partial(struct zxp_vmo *vmo, u64 start, u64 end)
{
	struct page *page = xa_load(&vmo->pages, start >> PAGE_SHIFT);

	lockdep_assert_held(&vmo->lock);
	if (page)
		memzero_page(page, offset_in_page(start), end - start);
}

static int zxp_vmo_zero(struct zxp_vmo *vmo, u64 start, u64 end)
{
	u64 first = round_up(start, (u64)PAGE_SIZE), last = round_down(end, (u64)PAGE_SIZE);

	mutex_lock(&vmo->lock);
	if (first > last) {		/* inside one page */
		zxp_vmo_zero_partial(vmo, start, end);
	} else {
		if (start < first)
			zxp_vmo_zero_partial(vmo, start, first);
		if (last < end)
			zxp_vmo_zero_partial(vmo, last, end);
		/* Whole pages read as zeros once they are gone. */
		if (first < last)
			zxp_vmo_remove_pages(vmo, first >> PAGE_SHIFT,
					     (last >> PAGE_SHIFT) - 1, first, last - first);
	}
	mutex_unlock(&vmo->lock);
	return 0;
}

int zxp_vmo_op_range(struct zxp_ucmd *ucmd)
{
	struct zxpager_vmo_op_range *cmd = ucmd->cmd;
	struct zxp_vmo *vmo;
	struct file *file;
	u32 rights;
	int ret;

	switch (cmd->op) {
	case ZXPAGER_VMO_OP_COMMIT:
	case ZXPAGER_VMO_OP_DECOMMIT:
	case ZXPAGER_VMO_OP_ZERO:
		rights = ZXPAGER_RIGHT_WRITE;
		break;
	case ZXPAGER_VMO_OP_CACHE_SYNC:
	case ZXPAGER_VMO_OP_CACHE_CLEAN:
	case ZXPAGER_VMO_OP_DONT_NEED:
	case ZXPAGER_VMO_OP_ALWAYS_NEED:
	case ZXPAGER_VMO_OP_PREFETCH:
		rights = ZXPAGER_RIGHT_READ;
		break;
	case ZXPAGER_VMO_OP_CACHE_INVALIDATE:
	case ZXPAGER_VMO_OP_CACHE_CLEAN_INVALIDATE:
		rights = ZXPAGER_RIGHT_READ | ZXPAGER_RIGHT_WRITE;
		break;
	case ZXPAGER_VMO_OP_LOCK:
	case ZXPAGER_VMO_OP_UNLOCK:
	case ZXPAGER_VMO_OP_TRY_LOCK:
		/* Only for discardable VMOs, which are not offered. */
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
	file = zxp_vmo_fget(cmd->handle, rights, &vmo);
	if (IS_ERR(file))
		return PTR_ERR(file);
	ret = zxp_vmo_range_op(vmo, cmd->op, cmd->offset, cmd->length);
	fput(file);
	return ret;
}

/*
 * Whether @op can act on [@offset, @offset + @length) of @vmo: ERANGE beyond
 * its size, EOPNOTSUPP when the VMO does not support @op. Rights are the
 * caller's to check. @op 0 checks the range only.
 */
int zxp_vmo_op_check(struct zxp_vmo *vmo, u32 op, u64 offset, u64 length)
{
	int ret = zxp_range_check(offset, length, zxp_vmo_size(vmo));

	if (ret || !length)
		return ret;
	/* Pager VMOs: their pages are the pager's; ZERO comes with dirty tracking. */
	if (vmo->src && (op == ZXPAGER_VMO_OP_DECOMMIT || op == ZXPAGER_VMO_OP_ZERO))
		return -EOPNOTSUPP;
	return 0;
}

/*
 * zx_vmo_op_range's work, for a known op whose rights the caller checked
 * (zx_vmo_op_range, zx_vmar_op_range). COMMIT may wait for the pager: no
 * lock may be held.
 */
int zxp_vmo_range_op(struct zxp_vmo *vmo, u32 op, u64 offset, u64 length)
{
	pgoff_t idx, first, last;
	int ret;

	ret = zxp_vmo_op_check(vmo, op, offset, length);
	if (ret || !length)
		return ret;
	/* Every page the range touches. */
	first = offset >> PAGE_SHIFT;
	last = (offset + length - 1) >> PAGE_SHIFT;

	switch (op) {
	case ZXPAGER_VMO_OP_PREFETCH:
	case ZXPAGER_VMO_OP_ALWAYS_NEED:
		/* Hints, except that pager VMOs read the range in. */
		if (!vmo->src)
			break;
		fallthrough;
	case ZXPAGER_VMO_OP_COMMIT:
		/* COMMIT gives zero pages memory; the others need no memory. */
		for (idx = first; idx <= last; idx++) {
			struct page *page = zxp_vmo_get_page_wait(vmo, idx,
					op == ZXPAGER_VMO_OP_COMMIT ? ZXP_COMMIT : 0, last + 1);

			if (IS_ERR(page)) {
				ret = PTR_ERR(page);
				break;
			}
			if (page)
				put_page(page);
			if (fatal_signal_pending(current)) {
				ret = -EINTR;
				break;
			}
			cond_resched();
		}
		/* Present now (unless cut off meanwhile): never evicted from here on. */
		if (!ret && op == ZXPAGER_VMO_OP_ALWAYS_NEED)
			zxp_lru_always_need(vmo, first, last);
		break;
	case ZXPAGER_VMO_OP_DONT_NEED:
		/* Evicted first; nothing is dropped or committed now. */
		if (vmo->src)
			zxp_lru_dont_need(vmo, first, last);
		break;
	case ZXPAGER_VMO_OP_DECOMMIT:
		mutex_lock(&vmo->lock);
		zxp_vmo_remove_pages(vmo, first, last, (loff_t)first << PAGE_SHIFT,
				     (loff_t)(last - first + 1) << PAGE_SHIFT);
		mutex_unlock(&vmo->lock);
		break;
	case ZXPAGER_VMO_OP_ZERO:
		ret = zxp_vmo_zero(vmo, offset, offset + length);
		break;
	default:
		/* Cache maintenance and hints: nothing to do for these pages. */
		break;
	}
	return ret;
}

void zxp_vmo_info(struct zxp_vmo *vmo, struct zxpager_info_vmo *info)
{
	mutex_lock(&vmo->lock);
	info->size_bytes = vmo->size;
	info->committed_bytes = (u64)vmo->nr_pages << PAGE_SHIFT;
	mutex_unlock(&vmo->lock);
	info->koid = vmo->obj.koid;
	info->flags = (vmo->options & ZXPAGER_VMO_RESIZABLE ? ZXPAGER_INFO_VMO_RESIZABLE : 0) |
		      (vmo->src ? ZXPAGER_INFO_VMO_PAGER_BACKED : 0);
	info->num_mappings = atomic_read(&vmo->nr_mappings);
	info->share_count = atomic_read(&vmo->obj.nr_handles);
}
