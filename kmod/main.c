// SPDX-License-Identifier: GPL-2.0
/*
 * zxpager module entry: registers the misc device /dev/zxpager, the door
 * through which userspace (libzx) creates Zircon objects. Opening the device
 * costs nothing; every operation is an ioctl on the fd (see ioctl.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/seq_file.h>

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

/*
 * debugfs zxpager/stats: live objects and pages, so tests can check that
 * nothing leaks. For tests and debugging only; not part of the ABI.
 */
static int zxp_stats_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "objects %ld\npages %ld\n",
		   atomic_long_read(&zxp_nr_objects), atomic_long_read(&zxp_nr_pages));
	return 0;
}

static int zxp_stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, zxp_stats_show, NULL);
}

static const struct file_operations zxp_stats_fops = {
	.owner		= THIS_MODULE,
	.open		= zxp_stats_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static struct dentry *zxp_debugfs;

static int __init zxp_init(void)
{
	int ret;

	ret = zxp_pager_init();
	if (ret)
		return ret;
	ret = zxp_vmo_init_fs();
	if (ret) {
		pr_err("cannot mount the VMO filesystem: %d\n", ret);
		goto out_pager;
	}
	ret = zxp_genl_init();
	if (ret) {
		pr_err("cannot register the generic netlink family: %d\n", ret);
		goto out_fs;
	}
	ret = misc_register(&zxp_misc);
	if (ret) {
		pr_err("cannot register /dev/%s: %d\n", ZXPAGER_DEVICE_NAME, ret);
		goto out_genl;
	}
	zxp_debugfs = debugfs_create_dir("zxpager", NULL);
	debugfs_create_file("stats", 0444, zxp_debugfs, NULL, &zxp_stats_fops);
	ret = zxp_evict_init(zxp_debugfs);
	if (ret) {
		pr_err("cannot register the shrinker: %d\n", ret);
		goto out_misc;
	}
	pr_info("version %s, ABI %d\n", ZXPAGER_VERSION, ZXPAGER_ABI_VERSION);
	return 0;

out_misc:
	debugfs_remove(zxp_debugfs);
	misc_deregister(&zxp_misc);
out_genl:
	zxp_genl_exit();
out_fs:
	zxp_vmo_exit_fs();
out_pager:
	/* Also stops a watchdog run that a limit given to insmod queued. */
	zxp_pager_exit();
	return ret;
}

static void __exit zxp_exit(void)
{
	debugfs_remove(zxp_debugfs);
	misc_deregister(&zxp_misc);
	zxp_genl_exit();
	zxp_evict_exit();
	/* Every object held a module reference through its file: all gone. */
	zxp_pager_exit();
	zxp_vmo_exit_fs();
}

module_init(zxp_init);
module_exit(zxp_exit);

MODULE_DESCRIPTION("Fuchsia Zircon user-mode pager, VMOs and ports");
MODULE_AUTHOR("The zxpager authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(ZXPAGER_VERSION);
