// SPDX-License-Identifier: GPL-2.0
/*
 * A module that does one bad thing when loaded, chosen by its parameter,
 * so that the runner's own tests can prove the kernel-log check catches it:
 *   mode=warn  WARN()s
 *   mode=leak  leaks a small allocation (kmemleak must report it)
 * Built next to zxpager.ko only for the test VM and never loaded otherwise.
 */
#include <linux/bug.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *mode = "warn";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "warn or leak");

static int __init zxp_fault_init(void)
{
	if (!strcmp(mode, "warn")) {
		WARN(1, "zxpager runner self-test: deliberate WARN\n");
	} else if (!strcmp(mode, "leak")) {
		/* The pointer is dropped on purpose: kmemleak must see it. */
		void *p = kmalloc(64, GFP_KERNEL);

		pr_info("zxpager runner self-test: deliberately leaking %p\n", p);
	} else {
		return -EINVAL;
	}
	return 0;
}

static void __exit zxp_fault_exit(void)
{
}

module_init(zxp_fault_init);
module_exit(zxp_fault_exit);
MODULE_DESCRIPTION("zxpager test runner self-test: misbehave on load");
MODULE_LICENSE("GPL");
