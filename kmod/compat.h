/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels zxpager supports (6.1 LTS to 6.12 LTS and
 * newer), in one place. The ZXP_HAVE_* macros come from probes in Kbuild
 * that look at the target kernel's headers, never from version numbers.
 */
#ifndef _ZXPAGER_COMPAT_H
#define _ZXPAGER_COMPAT_H

/*
 * Internal functions the KUnit module tests are exported to it only when
 * the target kernel has KUnit (<kunit/visibility.h> appeared in 6.2).
 */
#if IS_ENABLED(CONFIG_KUNIT) && defined(ZXP_HAVE_KUNIT_VISIBILITY)
#include <kunit/visibility.h>
#define ZXP_KUNIT_TESTS 1
#else
#define VISIBLE_IF_KUNIT static
#define EXPORT_SYMBOL_IF_KUNIT(symbol)
#endif

/* vm_flags became read-only behind accessors in 6.3. */
#ifndef ZXP_HAVE_VM_FLAGS_SET
#include <linux/mm.h>
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/* Faults may hold the per-VMA lock instead of mmap_lock since 6.4. */
#include <linux/mm.h>
static inline void zxp_release_fault_lock(struct vm_fault *vmf)
{
#ifdef ZXP_HAVE_RELEASE_FAULT_LOCK
	release_fault_lock(vmf);
#else
	mmap_read_unlock(vmf->vma->vm_mm);
#endif
}

#endif /* _ZXPAGER_COMPAT_H */
