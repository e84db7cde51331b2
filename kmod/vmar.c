// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmar_op_range on the root VMAR: the caller's address space, where a
 * mapping of a VMO is a VMA of its file (zxp_vmo_fops).
 *
 * A call walks the VMAs of the range under mmap_read_lock and checks every
 * one of them (a hole, a mapping that is not a VMO's, rights, the VMO's
 * range) before anything is done, keeping each VMO's part with a reference
 * on the mapping's file. The VMO ops then run with mmap_lock dropped: COMMIT
 * may wait for a pager, and a fault of the pager's own (or of anyone in
 * this process) needs mmap_lock. Mapping present pages never waits, so it
 * runs under the lock.
 */
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "zxpager.h"

/* How one VMAR op acts on each mapping. */
struct zxp_vmar_op {
	u32 vmo_op;		/* the ZXPAGER_VMO_OP_* to apply, 0: none */
	u32 rights;		/* the mapping's handle needs these */
	unsigned long may;	/* the mapping must allow this (VM_MAY*) */
	bool foreign_ok;	/* a mapping that is not a VMO's is skipped */
	bool map;		/* then map the present pages */
};

static const struct zxp_vmar_op *zxp_vmar_op_get(u32 op)
{
	static const struct zxp_vmar_op commit = {
		.vmo_op = ZXPAGER_VMO_OP_COMMIT, .rights = ZXPAGER_RIGHT_WRITE,
		.may = VM_MAYWRITE, .map = true,
	};
	static const struct zxp_vmar_op decommit = {
		.vmo_op = ZXPAGER_VMO_OP_DECOMMIT, .rights = ZXPAGER_RIGHT_WRITE,
		.may = VM_MAYWRITE,
	};
	static const struct zxp_vmar_op map_range = { .map = true };
	static const struct zxp_vmar_op zero = {
		.vmo_op = ZXPAGER_VMO_OP_ZERO, .rights = ZXPAGER_RIGHT_WRITE,
		.may = VM_MAYWRITE,
	};
	static const struct zxp_vmar_op dont_need = {
		.vmo_op = ZXPAGER_VMO_OP_DONT_NEED, .foreign_ok = true,
	};
	static const struct zxp_vmar_op always_need = {
		.vmo_op = ZXPAGER_VMO_OP_ALWAYS_NEED, .foreign_ok = true, .map = true,
	};
	static const struct zxp_vmar_op prefetch = {
		.vmo_op = ZXPAGER_VMO_OP_PREFETCH, .rights = ZXPAGER_RIGHT_READ,
		.may = VM_MAYREAD, .map = true,
	};

	switch (op) {
	case ZXPAGER_VMAR_OP_COMMIT:
		return &commit;
	case ZXPAGER_VMAR_OP_DECOMMIT:
		return &decommit;
	case ZXPAGER_VMAR_OP_MAP_RANGE:
		return &map_range;
	case ZXPAGER_VMAR_OP_ZERO:
		return &zero;
	case ZXPAGER_VMAR_OP_DONT_NEED:
		return &dont_need;
	case ZXPAGER_VMAR_OP_ALWAYS_NEED:
		return &always_need;
	case ZXPAGER_VMAR_OP_PREFETCH:
		return &prefetch;
	default:
		return NULL;
	}
}

/* The part of one VMO mapping in the range: [addr, addr + length). */
struct zxp_vmar_part {
	struct file *file;	/* a reference */
	unsigned long addr;
	u64 offset, length;	/* in the VMO */
};

static bool zxp_vma_is_vmo(struct vm_area_struct *vma)
{
	return vma->vm_file && vma->vm_file->f_op == &zxp_vmo_fops;
}

static struct zxp_vmo *zxp_file_vmo(struct file *file)
{
	return zxp_vmo_from_handle(file->private_data);
}

/* The VMO offset of @addr in @vma. */
static u64 zxp_vma_offset(struct vm_area_struct *vma, unsigned long addr)
{
	return ((u64)vma->vm_pgoff << PAGE_SHIFT) + (addr - vma->vm_start);
}

/*
 * Map the pages of @vma's VMO present in [@start, @end) of @vma, skipping
 * pages already mapped. Missing pages stay missing: nothing is committed
 * and no request is made. Under mmap_lock; the VMO's lock keeps each page
 * in the store while it is mapped (see zxp_vmo_fault).
 */
static int zxp_vma_map_present(struct vm_area_struct *vma, unsigned long start,
			       unsigned long end)
{
	struct zxp_vmo *vmo = zxp_file_vmo(vma->vm_file);
	pgoff_t first = zxp_vma_offset(vma, start) >> PAGE_SHIFT;
	pgoff_t last = first + ((end - start) >> PAGE_SHIFT) - 1;
	struct page *page;
	unsigned long idx;
	int ret = 0;

	mmap_assert_locked(vma->vm_mm);
	/* A mapping without access is never populated (a PROT_NONE pte is not "none"). */
	if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return 0;
	mutex_lock(&vmo->lock);
	xa_for_each_range(&vmo->pages, idx, page, first, last) {
		if (idx >= vmo->size >> PAGE_SHIFT)
			break;
		if (xa_is_value(page))
			continue;	/* a zero page: committed on first access */
		ret = vm_insert_page(vma, start + ((idx - first) << PAGE_SHIFT), page);
		if (ret == -EBUSY)
			ret = 0;	/* already mapped */
		if (ret)
			break;
		cond_resched();
	}
	mutex_unlock(&vmo->lock);
	return ret;
}

/*
 * Map the present pages of @part where it is still mapped as it was (the
 * same file at the same offsets). Under mmap_lock.
 */
static int zxp_vmar_map_part(struct mm_struct *mm, struct zxp_vmar_part *part)
{
	unsigned long addr = part->addr, end = part->addr + part->length;
	struct vm_area_struct *vma;
	unsigned long stop;
	int ret;

	while (addr < end) {
		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start >= end)
			break;
		if (vma->vm_start > addr)
			addr = vma->vm_start;
		stop = min(end, vma->vm_end);
		if (vma->vm_file == part->file &&
		    zxp_vma_offset(vma, addr) == part->offset + (addr - part->addr)) {
			ret = zxp_vma_map_present(vma, addr, stop);
			if (ret)
				return ret;
		}
		addr = stop;
	}
	return 0;
}

static void zxp_vmar_put_parts(struct zxp_vmar_part *parts, unsigned int nr)
{
	while (nr)
		fput(parts[--nr].file);
	kfree(parts);
}

/*
 * Check every mapping of [@start, @end) for @op, in address order: the
 * first failure is the answer. On success *@partsp holds the VMO mappings
 * (*@nrp of them), each with a reference on its file. Under mmap_lock.
 */
static int zxp_vmar_collect(struct mm_struct *mm, const struct zxp_vmar_op *op,
			    unsigned long start, unsigned long end,
			    struct zxp_vmar_part **partsp, unsigned int *nrp)
{
	struct zxp_vmar_part *parts = NULL, *grown;
	unsigned int nr = 0, max = 0;
	struct vm_area_struct *vma;
	unsigned long addr = start, stop;
	struct zxp_handle *h;
	u64 offset;
	int ret;

	while (addr < end) {
		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr) {
			ret = -EBADFD;	/* a hole */
			goto fail;
		}
		stop = min(end, vma->vm_end);
		if (!zxp_vma_is_vmo(vma)) {
			if (!op->foreign_ok) {
				ret = -EOPNOTSUPP;
				goto fail;
			}
			addr = stop;
			continue;
		}
		h = vma->vm_file->private_data;
		if ((h->rights & op->rights) != op->rights ||
		    (vma->vm_flags & op->may) != op->may) {
			ret = -EACCES;
			goto fail;
		}
		offset = zxp_vma_offset(vma, addr);
		ret = zxp_vmo_op_check(zxp_file_vmo(vma->vm_file), op->vmo_op, offset,
				       stop - addr);
		if (ret)
			goto fail;
		if (nr == max) {
			max = max ? 2 * max : 8;
			grown = krealloc_array(parts, max, sizeof(*parts), GFP_KERNEL_ACCOUNT);
			if (!grown) {
				ret = -ENOMEM;
				goto fail;
			}
			parts = grown;
		}
		parts[nr++] = (struct zxp_vmar_part){
			.file = get_file(vma->vm_file),
			.addr = addr,
			.offset = offset,
			.length = stop - addr,
		};
		addr = stop;
	}
	*partsp = parts;
	*nrp = nr;
	return 0;
fail:
	*partsp = parts;
	*nrp = nr;
	return ret;
}

int zxp_vmar_op_range(struct zxp_ucmd *ucmd)
{
	struct zxpager_vmar_op_range *cmd = ucmd->cmd;
	struct mm_struct *mm = current->mm;
	const struct zxp_vmar_op *op;
	struct zxp_vmar_part *parts;
	unsigned long start, end;
	unsigned int nr, i;
	int ret;

	if (cmd->__reserved)
		return -EINVAL;
	op = zxp_vmar_op_get(cmd->op);
	if (!op || !cmd->length || !PAGE_ALIGNED(cmd->address))
		return -EINVAL;
	if (!mm)
		return -EBADFD;
	/* The root VMAR is [0, TASK_SIZE); lengths round up to pages. */
	if (cmd->address >= mm->task_size || cmd->length > mm->task_size - cmd->address)
		return -ERANGE;
	start = cmd->address;
	end = start + PAGE_ALIGN(cmd->length);

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	ret = zxp_vmar_collect(mm, op, start, end, &parts, &nr);
	if (!ret && !op->vmo_op) {
		/* MAP_RANGE: only maps, which never waits. */
		for (i = 0; i < nr && !ret; i++)
			ret = zxp_vmar_map_part(mm, &parts[i]);
	}
	mmap_read_unlock(mm);
	if (ret || !op->vmo_op)
		goto out;

	/* No lock held: COMMIT may wait for the pager. */
	for (i = 0; i < nr && !ret; i++)
		ret = zxp_vmo_range_op(zxp_file_vmo(parts[i].file), op->vmo_op,
				       parts[i].offset, parts[i].length);
	/* As Zircon does: populate what the op committed, where still mapped. */
	if (!ret && op->map && nr && !mmap_read_lock_killable(mm)) {
		for (i = 0; i < nr; i++)
			zxp_vmar_map_part(mm, &parts[i]);
		mmap_read_unlock(mm);
	}
out:
	zxp_vmar_put_parts(parts, nr);
	return ret;
}
