// SPDX-License-Identifier: GPL-2.0
/*
 * zxpager module entry: registers the misc device /dev/zxpager, the door
 * through which userspace (libzx) creates Zircon objects. Opening the device
 * costs nothing; every operation is an ioctl on the fd (see ioctl.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "zxpager.h"

#ifndef ZXPAGER_VERSION
#define ZXPAGER_VERSION "unknown"
#endif

static const struct file_operations zxp_dev_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.unlocked_ioctl	= zxp_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice zxp_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= ZXPAGER_DEVICE_NAME,
	.fops	= &zxp_dev_fops,
	/* Pagers are an unprivileged facility, like userfaultfd's device. */
	.mode	= 0666,
};

static int __init zxp_init(void)
{
	int ret;

	ret = misc_register(&zxp_misc);
	if (ret) {
		pr_err("cannot register /dev/%s: %d\n", ZXPAGER_DEVICE_NAME, ret);
		return ret;
	}
	pr_info("version %s, ABI %d\n", ZXPAGER_VERSION, ZXPAGER_ABI_VERSION);
	return 0;
}

static void __exit zxp_exit(void)
{
	misc_deregister(&zxp_misc);
}

module_init(zxp_init);
module_exit(zxp_exit);

MODULE_DESCRIPTION("Fuchsia Zircon user-mode pager, VMOs and ports");
MODULE_AUTHOR("The zxpager authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(ZXPAGER_VERSION);
