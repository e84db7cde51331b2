// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmar_op_range: every op over a range that spans two adjacent mappings
 * of different VMOs, anonymous and pager VMOs, and every error of the call.
 * A failing call changes nothing. Which pages are mapped is read with
 * mincore(), which reports a page of a VMO mapping only while its page
 * table entry is there.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls-next.h>
#include <zircon/syscalls/port.h>

#define RW	(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE)
#define NPAGES	4		/* pages of each VMO */
#define KEY	0x5a5a0002ull
#define STOP_KEY 0xdeadull

static size_t page;

static zx_handle_t root(void)
{
	return zx_vmar_root_self();
}

/* Reserve @n pages of address space (PROT_NONE, not a VMO's). */
static char *reserve(size_t n)
{
	void *p = mmap(NULL, n * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Map @vmo (from offset 0) over @n pages at @at exactly. */
static zx_status_t map_at(char *at, zx_vm_option_t perms, zx_handle_t vmo, size_t n)
{
	zx_vaddr_t addr;
	zx_status_t st;

	st = zx_vmar_map(root(), perms | ZX_VM_SPECIFIC_OVERWRITE, (zx_vaddr_t)at, vmo, 0,
			 n * page, &addr);
	if (st == ZX_OK && addr != (zx_vaddr_t)at)
		st = ZX_ERR_INTERNAL;
	return st;
}

static zx_status_t op(uint32_t o, const char *addr, size_t len)
{
	return zx_vmar_op_range(root(), o, (zx_vaddr_t)addr, len, NULL, 0);
}

static uint64_t committed(zx_handle_t vmo)
{
	zx_info_vmo_t info;

	if (zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL) != ZX_OK)
		return ~0ull;
	return info.committed_bytes / page;
}

/* Bit i: page i of the @n pages at @addr is mapped. */
static unsigned int mapped(const char *addr, size_t n)
{
	unsigned char vec[64];
	unsigned int bits = 0;
	size_t i;

	if (n > sizeof(vec) || mincore((void *)addr, n * page, vec))
		return ~0u;
	for (i = 0; i < n; i++)
		if (vec[i] & 1)
			bits |= 1u << i;
	return bits;
}

/* Fill page @i of the mapping at @base with byte @c. */
static void fill(char *base, size_t i, char c)
{
	memset(base + i * page, c, page);
}

static int all_bytes(const char *p, size_t len, char c)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/*
 * Two VMOs mapped back to back, a then b, each NPAGES long: pages 0-3 of
 * the range are a's, 4-7 b's.
 */
FIXTURE(two) {
	zx_handle_t a, b;
	char *base;
	long objects, pages;
	int have_stats;
};

FIXTURE_SETUP(two)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_vmo_create(NPAGES * page, 0, &self->a));
	ZXP_OK(zx_vmo_create(NPAGES * page, ZX_VMO_RESIZABLE, &self->b));
	self->base = reserve(2 * NPAGES);
	ASSERT_NE(NULL, self->base);
	ZXP_OK(map_at(self->base, RW, self->a, NPAGES));
	ZXP_OK(map_at(self->base + NPAGES * page, RW, self->b, NPAGES));
}

FIXTURE_TEARDOWN(two)
{
	munmap(self->base, 2 * NPAGES * page);
	zx_handle_close(self->a);
	zx_handle_close(self->b);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

/* COMMIT commits the pages of both VMOs in the range and maps them. */
TEST_F(two, commit_spans_mappings)
{
	char *r = self->base;

	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r + 2 * page, 4 * page));
	EXPECT_EQ(2, committed(self->a));
	EXPECT_EQ(2, committed(self->b));
	EXPECT_EQ(0x3c, mapped(r, 8));
	/* Committed pages read zeros. */
	EXPECT_TRUE(all_bytes(r + 2 * page, 4 * page, 0));
	/* A size that is not a page multiple covers the page it touches. */
	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r, 1));
	EXPECT_EQ(3, committed(self->a));
	/* Committing committed pages changes nothing. */
	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r, 8 * page));
	EXPECT_EQ(4, committed(self->a));
	EXPECT_EQ(4, committed(self->b));
	EXPECT_EQ(0xff, mapped(r, 8));
}

/*
 * Several VMAs of one mapping (split by a protect), and a read-only VMA of a
 * handle with WRITE: the mapping could be made writable, so COMMIT is fine.
 */
TEST_F(two, commit_split_and_read_only_mapping)
{
	char *r = self->base;

	ZXP_OK(zx_vmar_protect(root(), ZX_VM_PERM_READ, (zx_vaddr_t)r + page, page));
	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r, 3 * page));
	EXPECT_EQ(3, committed(self->a));
	EXPECT_EQ(0x7, mapped(r, 8));
}

/* An op reaches the VMO through the mapping alone: the handle can be gone. */
TEST_F(two, mapping_without_handle)
{
	char *r = self->base;

	ZXP_OK(zx_handle_close(self->a));
	self->a = ZX_HANDLE_INVALID;
	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r, 8 * page));
	EXPECT_EQ(0xff, mapped(r, 8));
	fill(r, 0, 'x');
	ZXP_OK(op(ZX_VMAR_OP_DECOMMIT, r, page));
	EXPECT_TRUE(all_bytes(r, page, 0));
}

TEST_F(two, decommit_spans_mappings)
{
	char *r = self->base;
	size_t i;

	for (i = 0; i < 8; i++)
		fill(r, i, (char)('a' + i));
	EXPECT_EQ(4, committed(self->a));
	ZXP_OK(op(ZX_VMAR_OP_DECOMMIT, r + 3 * page, 2 * page));
	EXPECT_EQ(3, committed(self->a));
	EXPECT_EQ(3, committed(self->b));
	/* Unmapped, and zeros when touched again. */
	EXPECT_EQ(0xe7, mapped(r, 8));
	EXPECT_TRUE(all_bytes(r + 3 * page, 2 * page, 0));
	EXPECT_TRUE(all_bytes(r + 2 * page, page, 'c'));
	EXPECT_TRUE(all_bytes(r + 5 * page, page, 'f'));
	/* An uncommitted range is fine. */
	ZXP_OK(op(ZX_VMAR_OP_DECOMMIT, r + 3 * page, page));
	ZXP_OK(op(ZX_VMAR_OP_DECOMMIT, r, 8 * page));
	EXPECT_EQ(0, committed(self->a));
	EXPECT_EQ(0, committed(self->b));
}

TEST_F(two, zero_spans_mappings)
{
	char *r = self->base;
	char buf[16];
	size_t i;

	for (i = 0; i < 8; i++)
		fill(r, i, (char)('a' + i));
	ZXP_OK(op(ZX_VMAR_OP_ZERO, r + 2 * page, 4 * page));
	/* Whole pages are released (before a read fault commits them again). */
	EXPECT_EQ(2, committed(self->a));
	EXPECT_EQ(2, committed(self->b));
	ZXP_OK(zx_vmo_read(self->b, buf, page, sizeof(buf)));
	EXPECT_TRUE(all_bytes(buf, sizeof(buf), 0));
	EXPECT_TRUE(all_bytes(r + 2 * page, 4 * page, 0));
	EXPECT_TRUE(all_bytes(r + page, page, 'b'));
	EXPECT_TRUE(all_bytes(r + 6 * page, page, 'g'));
	/* Size rounds up to a page: the whole page is zeroed. */
	ZXP_OK(op(ZX_VMAR_OP_ZERO, r, 10));
	EXPECT_TRUE(all_bytes(r, page, 0));
}

/* MAP_RANGE maps the committed pages, skips mapped ones, commits nothing. */
TEST_F(two, map_range)
{
	char *r = self->base;

	ZXP_OK(zx_vmo_write(self->a, "a0", 0, 3));
	ZXP_OK(zx_vmo_write(self->a, "a2", 2 * page, 3));
	ZXP_OK(zx_vmo_write(self->b, "b1", page, 3));
	EXPECT_EQ(0, mapped(r, 8));
	ZXP_OK(op(ZX_VMAR_OP_MAP_RANGE, r + page, 7 * page));
	EXPECT_EQ(0x24, mapped(r, 8));	/* a's page 0 is outside the range */
	EXPECT_EQ(2, committed(self->a));
	EXPECT_EQ(1, committed(self->b));
	ZXP_OK(op(ZX_VMAR_OP_MAP_RANGE, r, 8 * page));
	EXPECT_EQ(0x25, mapped(r, 8));
	EXPECT_EQ(2, committed(self->a));
	EXPECT_EQ(1, committed(self->b));
	EXPECT_STREQ("a0", r);
	EXPECT_STREQ("a2", r + 2 * page);
	EXPECT_STREQ("b1", r + 5 * page);
	/* Writes through pages mapped this way reach the VMO. */
	strcpy(r + 5 * page, "B1");
	ZXP_OK(zx_vmo_read(self->b, r + 3 * page, page, 3));
	EXPECT_STREQ("B1", r + 3 * page);
}

/* A mapping with no access is never populated, and that is no error. */
TEST_F(two, map_range_prot_none)
{
	char *r = self->base;

	ZXP_OK(zx_vmo_write(self->a, "a0", 0, 3));
	ZXP_OK(zx_vmar_protect(root(), 0, (zx_vaddr_t)r, NPAGES * page));
	ZXP_OK(op(ZX_VMAR_OP_MAP_RANGE, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r, page));
	EXPECT_EQ(0, mapped(r, 8));
}

/* The hints: accepted, nothing committed; ALWAYS_NEED and PREFETCH map. */
TEST_F(two, hints_and_prefetch)
{
	char *r = self->base;

	ZXP_OK(zx_vmo_write(self->a, "a3", 3 * page, 3));
	ZXP_OK(zx_vmo_write(self->b, "b0", 0, 3));
	ZXP_OK(op(ZX_VMAR_OP_DONT_NEED, r, 8 * page));
	EXPECT_EQ(0, mapped(r, 8));
	EXPECT_EQ(1, committed(self->a));
	EXPECT_EQ(1, committed(self->b));
	ZXP_OK(op(ZX_VMAR_OP_ALWAYS_NEED, r + 3 * page, page));
	EXPECT_EQ(0x08, mapped(r, 8));
	ZXP_OK(op(ZX_VMAR_OP_PREFETCH, r, 8 * page));
	EXPECT_EQ(0x18, mapped(r, 8));
	EXPECT_EQ(1, committed(self->a));
	EXPECT_EQ(1, committed(self->b));
	EXPECT_STREQ("a3", r + 3 * page);
	EXPECT_STREQ("b0", r + 4 * page);
}

/* A hole anywhere in the range: BAD_STATE for every op, and nothing changes. */
TEST_F(two, gap_bad_state)
{
	static const uint32_t ops[] = {
		ZX_VMAR_OP_COMMIT, ZX_VMAR_OP_DECOMMIT, ZX_VMAR_OP_MAP_RANGE, ZX_VMAR_OP_ZERO,
		ZX_VMAR_OP_DONT_NEED, ZX_VMAR_OP_ALWAYS_NEED, ZX_VMAR_OP_PREFETCH,
	};
	char *r = self->base;
	size_t i;

	fill(r, 0, 'a');
	fill(r, 7, 'h');
	ZXP_OK(zx_vmo_write(self->b, "b2", 2 * page, 3));
	ASSERT_EQ(0, munmap(r + 5 * page, page));
	/* Mapped: a 0-3, b 4 and 6-7; hole at 5. */
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		EXPECT_ZX(ZX_ERR_BAD_STATE, op(ops[i], r, 8 * page));	/* in the middle */
		EXPECT_ZX(ZX_ERR_BAD_STATE, op(ops[i], r + 5 * page, 3 * page)); /* at the start */
		EXPECT_ZX(ZX_ERR_BAD_STATE, op(ops[i], r + 4 * page, 2 * page)); /* at the end */
		EXPECT_ZX(ZX_ERR_BAD_STATE, op(ops[i], r + 5 * page, page));	/* only a hole */
	}
	/* Nothing changed: no commit, no decommit, nothing mapped. */
	EXPECT_EQ(1, committed(self->a));
	EXPECT_EQ(2, committed(self->b));
	EXPECT_EQ(0x81, mapped(r, 5) | (mapped(r + 6 * page, 2) << 6));
	EXPECT_TRUE(all_bytes(r, page, 'a'));
	EXPECT_TRUE(all_bytes(r + 7 * page, page, 'h'));
	EXPECT_STREQ("b2", r + 6 * page);
	/* Without the hole it works. */
	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r, 5 * page));
	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r + 6 * page, 2 * page));
	EXPECT_EQ(4, committed(self->a));
	EXPECT_EQ(3, committed(self->b));
}

TEST_F(two, invalid_args)
{
	char *r = self->base;
	char buf[8];

	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(root(), ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r, page, buf, 0));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(root(), ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r, page, NULL, 8));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(root(), ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r, page, buf,
				   sizeof(buf)));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(ZX_VMAR_OP_COMMIT, r, 0));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(ZX_VMAR_OP_COMMIT, r + 1, page));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(ZX_VMAR_OP_DONT_NEED, r + page / 2, page));
	/* Not a VMAR op: VMO-only ops, unknown numbers. */
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(0, r, page));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(ZX_VMO_OP_UNLOCK, r, page));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(ZX_VMO_OP_CACHE_SYNC, r, page));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(ZX_VMO_OP_TRY_LOCK, r, page));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(15, r, page));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, op(0xffffffffu, r, page));
	EXPECT_EQ(0, committed(self->a));
}

TEST_F(two, bad_handle_wrong_type)
{
	zx_handle_t port;
	char *r = self->base;

	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_vmar_op_range(ZX_HANDLE_INVALID, ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r, page,
				   NULL, 0));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_vmar_op_range(12345, ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r, page, NULL, 0));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_vmar_op_range(self->a, ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r, page, NULL, 0));
	ZXP_OK(zx_port_create(0, &port));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_vmar_op_range(port, ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r, page, NULL, 0));
	zx_handle_close(port);
	EXPECT_EQ(0, committed(self->a));
}

/* Outside the address space, or a mapping beyond its VMO's end. */
TEST_F(two, out_of_range)
{
	static const uint32_t ops[] = {
		ZX_VMAR_OP_COMMIT, ZX_VMAR_OP_DECOMMIT, ZX_VMAR_OP_MAP_RANGE, ZX_VMAR_OP_ZERO,
		ZX_VMAR_OP_DONT_NEED, ZX_VMAR_OP_ALWAYS_NEED, ZX_VMAR_OP_PREFETCH,
	};
	char *r = self->base;
	size_t i;

	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_vmar_op_range(root(), ZX_VMAR_OP_COMMIT, 1ull << 63, page, NULL, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_vmar_op_range(root(), ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r, SIZE_MAX, NULL, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_vmar_op_range(root(), ZX_VMAR_OP_DONT_NEED, (zx_vaddr_t)r,
				   SIZE_MAX - (zx_vaddr_t)r + 1, NULL, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_vmar_op_range(root(), ZX_VMAR_OP_COMMIT, (zx_vaddr_t)r,
				   SIZE_MAX - page + 2, NULL, 0));

	/* b shrinks to one page: its mapping's pages 1-3 are beyond its end. */
	fill(r, 0, 'a');
	fill(r, 4, 'b');
	ZXP_OK(zx_vmo_set_size(self->b, page));
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, op(ops[i], r, 8 * page));
		EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, op(ops[i], r + 5 * page, page));
	}
	EXPECT_EQ(1, committed(self->a));
	EXPECT_EQ(1, committed(self->b));
	EXPECT_TRUE(all_bytes(r, page, 'a'));
	EXPECT_TRUE(all_bytes(r + 4 * page, page, 'b'));
	/* What is still inside the VMO works. */
	ZXP_OK(op(ZX_VMAR_OP_ZERO, r, 5 * page));
	EXPECT_EQ(0, committed(self->a));
	EXPECT_EQ(0, committed(self->b));
}

/*
 * COMMIT, DECOMMIT and ZERO need WRITE on the handle the mapping was made
 * from, PREFETCH needs READ. The failing call changes nothing, not even in
 * the mapping before the one that fails.
 */
TEST_F(two, access_denied)
{
	char *r = self->base;
	zx_handle_t ro, none;
	size_t i;

	for (i = 0; i < 8; i++)
		fill(r, i, (char)('a' + i));
	ZXP_OK(op(ZX_VMAR_OP_DECOMMIT, r + 3 * page, page));
	ZXP_OK(zx_handle_duplicate(self->b, ZX_RIGHT_READ | ZX_RIGHT_MAP, &ro));
	ZXP_OK(map_at(r + NPAGES * page, ZX_VM_PERM_READ, ro, NPAGES));
	EXPECT_EQ(0, mapped(r + NPAGES * page, NPAGES));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, op(ZX_VMAR_OP_COMMIT, r, 8 * page));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, op(ZX_VMAR_OP_COMMIT, r + 5 * page, page));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, op(ZX_VMAR_OP_DECOMMIT, r, 8 * page));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, op(ZX_VMAR_OP_ZERO, r, 8 * page));
	EXPECT_EQ(3, committed(self->a));
	EXPECT_EQ(4, committed(self->b));
	EXPECT_EQ(0x07, mapped(r, 8));
	EXPECT_TRUE(all_bytes(r, page, 'a'));
	EXPECT_TRUE(all_bytes(r + 5 * page, page, 'f'));
	/* The ops that need no WRITE work through it. */
	ZXP_OK(op(ZX_VMAR_OP_PREFETCH, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_MAP_RANGE, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_DONT_NEED, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_ALWAYS_NEED, r, 8 * page));
	EXPECT_EQ(0xf7, mapped(r, 8));
	EXPECT_EQ(3, committed(self->a));

	/* A handle with MAP only, mapped with no access: PREFETCH needs READ. */
	ZXP_OK(zx_handle_duplicate(self->b, ZX_RIGHT_MAP, &none));
	ZXP_OK(map_at(r + NPAGES * page, 0, none, NPAGES));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, op(ZX_VMAR_OP_PREFETCH, r, 8 * page));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, op(ZX_VMAR_OP_COMMIT, r + 4 * page, page));
	ZXP_OK(op(ZX_VMAR_OP_MAP_RANGE, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_DONT_NEED, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_ALWAYS_NEED, r, 8 * page));
	EXPECT_EQ(0x07, mapped(r, 8));
	zx_handle_close_many((zx_handle_t[]){ ro, none }, 2);
}

/*
 * A mapping that is not a VMO's (anonymous memory): the hints skip it,
 * every other op is NOT_SUPPORTED, and changes nothing.
 */
TEST_F(two, not_a_vmo_mapping)
{
	char *r = self->base;
	void *anon;

	anon = mmap(r + NPAGES * page, NPAGES * page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ(r + NPAGES * page, anon);
	fill(r, 0, 'a');
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_COMMIT, r, 8 * page));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_DECOMMIT, r, 8 * page));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_ZERO, r, 8 * page));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_PREFETCH, r, 8 * page));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_MAP_RANGE, r, 8 * page));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_COMMIT, r + 6 * page, page));
	EXPECT_EQ(1, committed(self->a));
	EXPECT_TRUE(all_bytes(r, page, 'a'));
	ZXP_OK(op(ZX_VMAR_OP_DONT_NEED, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_ALWAYS_NEED, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_DONT_NEED, r + 5 * page, page));
	EXPECT_EQ(1, committed(self->a));
	EXPECT_TRUE(all_bytes(r, page, 'a'));
}

/* ---- pager VMOs ---- */

/* The byte at @off of the pager's "file". */
static uint8_t file_byte(uint64_t off)
{
	return (uint8_t)(off * 7 + (off >> 12) + 1);
}

static int content_ok(const char *p, uint64_t off, uint64_t len)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		if ((uint8_t)p[i] != file_byte(off + i))
			return 0;
	return 1;
}

static zx_status_t supply(zx_handle_t pager, zx_handle_t vmo, uint64_t off, uint64_t len)
{
	uint8_t buf[4096];
	zx_handle_t aux;
	zx_status_t st;
	uint64_t o, i;

	st = zx_vmo_create(len, 0, &aux);
	for (o = 0; o < len && !st; o += sizeof(buf)) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = file_byte(off + o + i);
		st = zx_vmo_write(aux, buf, o, sizeof(buf));
	}
	if (!st)
		st = zx_pager_supply_pages(pager, vmo, off, len, aux, 0);
	zx_handle_close(aux);
	return st;
}

enum mode { SUPPLY, FAIL, IGNORE };

struct pager {
	zx_handle_t pager, port, vmo;
	_Atomic enum mode mode;
	pthread_t thread;
	atomic_int reads;
	uint64_t last_offset, last_length;
};

static void *pager_thread(void *arg)
{
	struct pager *p = arg;
	zx_port_packet_t pkt;

	while (zx_port_wait(p->port, ZX_TIME_INFINITE, &pkt) == ZX_OK) {
		if (pkt.key == STOP_KEY)
			break;
		if (pkt.key != KEY || pkt.type != ZX_PKT_TYPE_PAGE_REQUEST ||
		    pkt.page_request.command != ZX_PAGER_VMO_READ)
			continue;
		p->last_offset = pkt.page_request.offset;
		p->last_length = pkt.page_request.length;
		atomic_fetch_add(&p->reads, 1);
		if (p->mode == SUPPLY)
			supply(p->pager, p->vmo, pkt.page_request.offset,
			       pkt.page_request.length);
		else if (p->mode == FAIL)
			zx_pager_op_range(p->pager, ZX_PAGER_OP_FAIL, p->vmo,
					  pkt.page_request.offset, pkt.page_request.length,
					  (uint64_t)(int64_t)ZX_ERR_IO);
	}
	return NULL;
}

static void pager_start(struct pager *p)
{
	pthread_create(&p->thread, NULL, pager_thread, p);
}

static void pager_stop(struct pager *p)
{
	zx_port_packet_t stop = { .key = STOP_KEY, .type = ZX_PKT_TYPE_USER };

	zx_port_queue(p->port, &stop);
	pthread_join(p->thread, NULL);
}

/* Wait until thread @tid sleeps waiting for the pager. */
static void wait_blocked(pid_t tid)
{
	zxp_wait_blocked(tid, ZX_TIME_INFINITE);
}

/* No packet is waiting in @port. */
static int port_empty(zx_handle_t port)
{
	zx_port_packet_t pkt;

	return zx_port_wait(port, 0, &pkt) == ZX_ERR_TIMED_OUT;
}

/*
 * A pager VMO (pages 0-3 of the range) then an anonymous VMO (pages 4-7),
 * back to back.
 */
FIXTURE(pg) {
	struct pager p;
	zx_handle_t anon;
	char *base;
	long objects, pages;
	int have_stats;
};

FIXTURE_SETUP(pg)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	memset(&self->p, 0, sizeof(self->p));
	ZXP_OK(zx_pager_create(0, &self->p.pager));
	ZXP_OK(zx_port_create(0, &self->p.port));
	ZXP_OK(zx_pager_create_vmo(self->p.pager, 0, self->p.port, KEY, NPAGES * page,
				   &self->p.vmo));
	ZXP_OK(zx_vmo_create(NPAGES * page, 0, &self->anon));
	self->base = reserve(2 * NPAGES);
	ASSERT_NE(NULL, self->base);
	ZXP_OK(map_at(self->base, RW, self->p.vmo, NPAGES));
	ZXP_OK(map_at(self->base + NPAGES * page, RW, self->anon, NPAGES));
}

FIXTURE_TEARDOWN(pg)
{
	munmap(self->base, 2 * NPAGES * page);
	zx_handle_close(self->anon);
	zx_handle_close(self->p.vmo);
	zx_handle_close(self->p.pager);
	zx_handle_close(self->p.port);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

/* COMMIT asks the pager for the missing run, then maps what it got. */
TEST_F(pg, commit_requests)
{
	char *r = self->base;

	ZXP_OK(supply(self->p.pager, self->p.vmo, 2 * page, page));
	pager_start(&self->p);
	ZXP_OK(op(ZX_VMAR_OP_COMMIT, r, 6 * page));
	pager_stop(&self->p);
	EXPECT_EQ(2, self->p.reads);	/* [0, 2) then [3, 4) */
	EXPECT_EQ(3 * page, self->p.last_offset);
	EXPECT_EQ(page, self->p.last_length);
	EXPECT_EQ(4, committed(self->p.vmo));
	EXPECT_EQ(2, committed(self->anon));
	EXPECT_EQ(0x3f, mapped(r, 8));
	/* Reading them now asks for nothing. */
	EXPECT_TRUE(content_ok(r, 0, 4 * page));
	EXPECT_TRUE(port_empty(self->p.port));
}

struct committer {
	char *addr;
	size_t len;
	zx_status_t status;
	pid_t tid;
	atomic_int started;
	pthread_t thread;
};

static void *committer_thread(void *arg)
{
	struct committer *c = arg;

	c->tid = (pid_t)syscall(SYS_gettid);
	atomic_store(&c->started, 1);
	c->status = op(ZX_VMAR_OP_COMMIT, c->addr, c->len);
	return NULL;
}

/*
 * A COMMIT waiting for the pager does not hold the address space's lock:
 * meanwhile this thread maps, unmaps and faults (the pager could be in this
 * process and need to).
 */
TEST_F(pg, commit_waits_without_mmap_lock)
{
	struct committer c = { .addr = self->base + page, .len = 2 * page };
	zx_vaddr_t addr;
	char *r = self->base;

	pthread_create(&c.thread, NULL, committer_thread, &c);
	while (!atomic_load(&c.started))
		sched_yield();
	wait_blocked(c.tid);
	ZXP_OK(zx_vmar_map(root(), RW, 0, self->anon, 0, page, &addr));
	strcpy((char *)addr, "meanwhile");
	ZXP_OK(zx_vmar_unmap(root(), addr, page));
	EXPECT_STREQ("meanwhile", r + 4 * page);
	/* Now play the pager. */
	pager_start(&self->p);
	pthread_join(c.thread, NULL);
	pager_stop(&self->p);
	EXPECT_ZX(ZX_OK, c.status);
	EXPECT_EQ(1, self->p.reads);
	EXPECT_EQ(page, self->p.last_offset);
	EXPECT_EQ(2 * page, self->p.last_length);
	EXPECT_EQ(2, committed(self->p.vmo));
	EXPECT_TRUE(content_ok(r + page, page, 2 * page));
}

/* The pager fails the request: COMMIT returns its error. */
TEST_F(pg, commit_pager_fails)
{
	self->p.mode = FAIL;
	pager_start(&self->p);
	EXPECT_ZX(ZX_ERR_IO, op(ZX_VMAR_OP_COMMIT, self->base, 8 * page));
	pager_stop(&self->p);
	EXPECT_LE(1, self->p.reads);
	EXPECT_EQ(0, committed(self->p.vmo));
	/* The anonymous mapping after it is never reached. */
	EXPECT_EQ(0, committed(self->anon));
}

/* DECOMMIT and ZERO are not supported on pager VMOs, as zx_vmo_op_range says. */
TEST_F(pg, decommit_zero_not_supported)
{
	char *r = self->base;

	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, NPAGES * page));
	fill(r, 4, 'x');
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(self->p.vmo, ZX_VMO_OP_DECOMMIT, 0, page, NULL, 0));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_DECOMMIT, r, page));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_ZERO, r, 8 * page));
	/* A range over both is refused, and the anonymous part left alone. */
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, op(ZX_VMAR_OP_DECOMMIT, r + 3 * page, 2 * page));
	EXPECT_EQ(4, committed(self->p.vmo));
	EXPECT_EQ(1, committed(self->anon));
	EXPECT_TRUE(all_bytes(r + 4 * page, page, 'x'));
	EXPECT_TRUE(content_ok(r, 0, NPAGES * page));
	/* On the anonymous mapping alone they work. */
	ZXP_OK(op(ZX_VMAR_OP_ZERO, r + 4 * page, 4 * page));
	EXPECT_EQ(0, committed(self->anon));
	EXPECT_TRUE(port_empty(self->p.port));
}

/*
 * MAP_RANGE maps the supplied pages and asks for nothing. They are mapped
 * read-only while clean, so a write still makes the page Dirty.
 */
TEST_F(pg, map_range_no_requests)
{
	char *r = self->base;
	zx_vmo_dirty_range_t ranges[4];
	size_t actual, avail;

	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, page));
	ZXP_OK(supply(self->p.pager, self->p.vmo, 2 * page, page));
	ZXP_OK(op(ZX_VMAR_OP_MAP_RANGE, r, 8 * page));
	EXPECT_EQ(0x05, mapped(r, 8));
	EXPECT_TRUE(port_empty(self->p.port));
	EXPECT_EQ(2, committed(self->p.vmo));
	EXPECT_TRUE(content_ok(r, 0, page));
	EXPECT_TRUE(content_ok(r + 2 * page, 2 * page, page));
	ZXP_OK(zx_pager_query_dirty_ranges(self->p.pager, self->p.vmo, 0, NPAGES * page, ranges,
					   sizeof(ranges), &actual, &avail));
	EXPECT_EQ(0, actual);
	r[2 * page] = 'w';
	ZXP_OK(zx_pager_query_dirty_ranges(self->p.pager, self->p.vmo, 0, NPAGES * page, ranges,
					   sizeof(ranges), &actual, &avail));
	ASSERT_EQ(1, actual);
	EXPECT_EQ(2 * page, ranges[0].offset);
	EXPECT_EQ(page, ranges[0].length);
	EXPECT_TRUE(port_empty(self->p.port));
}

/*
 * The hints are accepted on pager VMOs (eviction is not there yet):
 * DONT_NEED asks for nothing. PREFETCH and ALWAYS_NEED do what
 * zx_vmo_op_range does with them, and map the pages present.
 */
TEST_F(pg, hints)
{
	char *r = self->base;

	ZXP_OK(supply(self->p.pager, self->p.vmo, page, page));
	ZXP_OK(op(ZX_VMAR_OP_DONT_NEED, r, 8 * page));
	EXPECT_TRUE(port_empty(self->p.port));
	EXPECT_EQ(0, mapped(r, 8));
	pager_start(&self->p);
	ZXP_OK(op(ZX_VMAR_OP_ALWAYS_NEED, r, 8 * page));
	ZXP_OK(op(ZX_VMAR_OP_PREFETCH, r, 8 * page));
	pager_stop(&self->p);
	EXPECT_TRUE(mapped(r, 8) & 0x02);
	EXPECT_TRUE(content_ok(r + page, page, page));
	EXPECT_EQ(0, committed(self->anon));
}

TEST_HARNESS_MAIN
