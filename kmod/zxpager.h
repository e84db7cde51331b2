/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zxpager private types shared by the files of the module.
 *
 * Locking: the skeleton has no shared mutable state yet; each object added
 * here documents which lock protects which field, and the order in which
 * locks nest, in this header.
 */
#ifndef _ZXPAGER_H
#define _ZXPAGER_H

#include <linux/types.h>
#include <linux/fs.h>

#include "compat.h"
#include "../uapi/linux/zxpager.h"

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

long zxp_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
u64 zxp_ioctl_mask(void);

#endif /* _ZXPAGER_H */
