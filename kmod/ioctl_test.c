// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ioctl front door (ioctl.c): the dispatch table's
 * invariants and the generic size/flags/reserved handling, driven through
 * zxp_ioctl() with a real user buffer (kunit_vm_mmap), so copy_struct_from_user
 * and the partial copy-out are exercised as userspace would see them.
 */
#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/uaccess.h>

#include "zxpager.h"
#include "ioctl.h"

/* Every table entry: size a multiple of 8, min_size within it, starts with
 * size and flags (min_size >= 8), and is found again by its number.
 */
static void zxp_ioctl_table_test(struct kunit *test)
{
	unsigned int nr, found = 0;

	for (nr = 0; nr < 64; nr++) {
		unsigned int cmd = _IO(ZXPAGER_TYPE, ZXPAGER_CMD_BASE + nr);
		const struct zxp_ioctl_op *op = zxp_ioctl_op(cmd);

		if (!op) {
			KUNIT_EXPECT_FALSE(test, zxp_ioctl_mask() & BIT_ULL(nr));
			continue;
		}
		found++;
		KUNIT_EXPECT_TRUE(test, zxp_ioctl_mask() & BIT_ULL(nr));
		KUNIT_EXPECT_EQ(test, op->ioctl_num, cmd);
		KUNIT_EXPECT_EQ(test, op->size % 8, 0);
		KUNIT_EXPECT_GE(test, op->min_size, 2 * sizeof(u32));
		KUNIT_EXPECT_LE(test, op->min_size, op->size);
	}
	KUNIT_EXPECT_EQ(test, found, hweight64(zxp_ioctl_mask()));
	KUNIT_EXPECT_NOT_NULL(test, zxp_ioctl_op(ZXPAGER_IOC_API));
}

/* Numbers that resemble a command but are not one. */
static void zxp_ioctl_lookup_test(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, zxp_ioctl_op(_IO(ZXPAGER_TYPE + 1, ZXPAGER_CMD_API)));
	KUNIT_EXPECT_NULL(test, zxp_ioctl_op(_IOWR(ZXPAGER_TYPE, ZXPAGER_CMD_API,
						   struct zxpager_api)));
	KUNIT_EXPECT_NULL(test, zxp_ioctl_op(_IO(ZXPAGER_TYPE, 0xff)));
	KUNIT_EXPECT_NULL(test, zxp_ioctl_op(0));
	KUNIT_EXPECT_NULL(test, zxp_ioctl_op(~0u));
}

/*
 * The handshake through the generic path. Each case starts from a valid
 * struct laid in a user page followed by @tail zero or non-zero bytes, and
 * changes one thing.
 */
struct zxp_api_case {
	const char *name;
	u32 size;
	u32 flags;
	u32 reserved;
	u8 tail_byte;		/* if non-zero: the last byte of the caller's struct */
	int want;
};

static const struct zxp_api_case zxp_api_cases[] = {
	{ "exact", sizeof(struct zxpager_api), 0, 0, 0, 0 },
	{ "zero_size", 0, 0, 0, 0, -EINVAL },
	{ "short_by_one", sizeof(struct zxpager_api) - 1, 0, 0, 0, -EINVAL },
	{ "only_header", 8, 0, 0, 0, -EINVAL },
	{ "long_zero_tail", sizeof(struct zxpager_api) + 16, 0, 0, 0, 0 },
	{ "long_nonzero_tail", sizeof(struct zxpager_api) + 16, 0, 0, 1, -E2BIG },
	{ "page_long", PAGE_SIZE, 0, 0, 0, 0 },
	{ "beyond_page", PAGE_SIZE + 8, 0, 0, 0, -EFAULT },
	{ "flag_bit0", sizeof(struct zxpager_api), 1, 0, 0, -EOPNOTSUPP },
	{ "flag_bit31", sizeof(struct zxpager_api), 1u << 31, 0, 0, -EOPNOTSUPP },
	{ "reserved", sizeof(struct zxpager_api), 0, 1, 0, -EINVAL },
	{ "flags_before_reserved", sizeof(struct zxpager_api), 2, 2, 0, -EOPNOTSUPP },
};

static void zxp_api_case_desc(const struct zxp_api_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(zxp_api, zxp_api_cases, zxp_api_case_desc);

static void zxp_ioctl_api_test(struct kunit *test)
{
	const struct zxp_api_case *c = test->param_value;
	struct zxpager_api in = {
		.size = c->size,
		.flags = c->flags,
		.__reserved = c->reserved,
		.abi_version = 0xdeadbeef,	/* output fields: overwritten */
		.features = ~0ull,
		.ioctls = ~0ull,
	};
	struct zxpager_api out;
	unsigned long uaddr;
	void __user *ubuf;
	long ret;

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, uaddr, 0, "cannot map a user page");
	ubuf = (void __user *)uaddr;
	KUNIT_ASSERT_EQ(test, copy_to_user(ubuf, &in, sizeof(in)), 0);
	if (c->tail_byte)
		KUNIT_ASSERT_EQ(test, put_user(c->tail_byte,
					       (u8 __user *)ubuf + c->size - 1), 0);

	ret = zxp_ioctl(NULL, ZXPAGER_IOC_API, uaddr);
	KUNIT_EXPECT_EQ(test, ret, c->want);

	KUNIT_ASSERT_EQ(test, copy_from_user(&out, ubuf, sizeof(out)), 0);
	if (ret) {
		/* A refused call writes nothing back. */
		KUNIT_EXPECT_EQ(test, memcmp(&in, &out, sizeof(in)), 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, out.size, c->size);
	KUNIT_EXPECT_EQ(test, out.flags, 0);
	KUNIT_EXPECT_EQ(test, out.__reserved, 0);
	KUNIT_EXPECT_EQ(test, out.abi_version, ZXPAGER_ABI_VERSION);
	KUNIT_EXPECT_EQ(test, out.features, ZXPAGER_FEATURES_ALL);
	KUNIT_EXPECT_EQ(test, out.ioctls, zxp_ioctl_mask());
}

static struct kunit_case zxp_ioctl_cases[] = {
	KUNIT_CASE(zxp_ioctl_table_test),
	KUNIT_CASE(zxp_ioctl_lookup_test),
	KUNIT_CASE_PARAM(zxp_ioctl_api_test, zxp_api_gen_params),
	{}
};

static struct kunit_suite zxp_ioctl_suite = {
	.name = "zxpager_ioctl",
	.test_cases = zxp_ioctl_cases,
};
kunit_test_suite(zxp_ioctl_suite);

MODULE_DESCRIPTION("KUnit tests for zxpager");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
