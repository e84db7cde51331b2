// SPDX-License-Identifier: GPL-2.0
/*
 * A module that WARNs when loaded, and nothing else. scripts/check loads it
 * with --inject warn to prove that a WARN in the guest fails the run. It is
 * built next to zxpager.ko only for the test VM and never loaded otherwise.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init zxp_warn_init(void)
{
	WARN(1, "zxpager runner self-test: deliberate WARN\n");
	return 0;
}

static void __exit zxp_warn_exit(void)
{
}

module_init(zxp_warn_init);
module_exit(zxp_warn_exit);
MODULE_DESCRIPTION("zxpager test runner self-test: WARN on load");
MODULE_LICENSE("GPL");
