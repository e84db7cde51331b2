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

#endif /* _ZXPAGER_COMPAT_H */
