/* SPDX-License-Identifier: GPL-2.0 */
/* The ioctl dispatch table's entries, visible to the KUnit tests. */
#ifndef _ZXPAGER_IOCTL_H
#define _ZXPAGER_IOCTL_H

#include <linux/types.h>

struct zxp_ucmd;

struct zxp_ioctl_op {
	unsigned int size;	/* sizeof the command struct */
	unsigned int min_size;	/* end of its first version's last field */
	u32 flags;		/* the flag bits the command knows */
	unsigned int ioctl_num;
	int (*execute)(struct zxp_ucmd *ucmd);
};

#ifdef ZXP_KUNIT_TESTS
const struct zxp_ioctl_op *zxp_ioctl_op(unsigned int cmd);
#endif

#endif /* _ZXPAGER_IOCTL_H */
