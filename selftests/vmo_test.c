// SPDX-License-Identifier: GPL-2.0
/*
 * Anonymous VMOs through libzx: create, read/write at any offset, sizes,
 * op_range, committed bytes, and that nothing leaks (zxpager/stats).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zxp.h>

#include <zircon/syscalls.h>

static size_t page;

static uint64_t committed(zx_handle_t vmo)
{
	zx_info_vmo_t info;

	if (zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL) != ZX_OK)
		return UINT64_MAX;
	return info.committed_bytes;
}

/* A pattern that differs at every byte offset of a VMO. */
static void pattern(uint8_t *buf, size_t len, uint64_t offset, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)((offset + i) * 31 + seed + ((offset + i) >> 12));
}

FIXTURE(vmo) {
	zx_handle_t vmo;
	long objects, pages;
	int have_stats;
};

FIXTURE_SETUP(vmo)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_vmo_create(8 * page, 0, &self->vmo));
}

FIXTURE_TEARDOWN(vmo)
{
	zx_handle_close(self->vmo);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

TEST(create_sizes)
{
	static const struct { uint64_t size, want_size; zx_status_t want; } cases[] = {
		{ 0, 0, ZX_OK },
		{ 1, 4096, ZX_OK },
		{ 4096, 4096, ZX_OK },
		{ 4097, 8192, ZX_OK },
		{ 1ull << 40, 1ull << 40, ZX_OK },	/* sparse: costs nothing */
		{ UINT64_MAX, 0, ZX_ERR_OUT_OF_RANGE },
		{ UINT64_MAX - 4094, 0, ZX_ERR_OUT_OF_RANGE },	/* rounding would wrap */
		{ 1ull << 63, 0, ZX_ERR_OUT_OF_RANGE },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		zx_handle_t vmo = ZX_HANDLE_INVALID;
		uint64_t size = 1;

		EXPECT_ZX(cases[i].want, zx_vmo_create(cases[i].size, 0, &vmo));
		if (cases[i].want != ZX_OK) {
			EXPECT_EQ(ZX_HANDLE_INVALID, vmo);
			continue;
		}
		EXPECT_ZX(ZX_OK, zx_vmo_get_size(vmo, &size));
		EXPECT_EQ(cases[i].want_size, size) TH_LOG("case %zu", i);
		EXPECT_EQ(0, committed(vmo));
		zx_handle_close(vmo);
	}
}

TEST(create_options)
{
	zx_handle_t vmo;

	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_create(page, ZX_VMO_TRAP_DIRTY, &vmo));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, zx_vmo_create(page, ZX_VMO_DISCARDABLE, &vmo));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_create(page, 1u << 0, &vmo));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_create(page, 1u << 9, &vmo));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_create(page, 0, NULL));
	ZXP_OK(zx_vmo_create(page, ZX_VMO_RESIZABLE, &vmo));
	zx_handle_close(vmo);
}

/* Writes and reads at odd offsets and lengths, across page boundaries. */
TEST_F(vmo, read_write_any_offset)
{
	static const struct { uint64_t off; size_t len; } cases[] = {
		{ 0, 1 }, { 1, 7 }, { 4095, 2 }, { 4000, 5000 }, { 3 * 4096 + 17, 3 * 4096 },
		{ 0, 8 * 4096 }, { 8 * 4096 - 1, 1 },
	};
	uint8_t *buf = malloc(8 * page), *back = malloc(8 * page);
	size_t i;

	ASSERT_NE(NULL, buf);
	ASSERT_NE(NULL, back);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pattern(buf, cases[i].len, cases[i].off, (uint8_t)i);
		ZXP_OK(zx_vmo_write(self->vmo, buf, cases[i].off, cases[i].len));
		memset(back, 0xee, cases[i].len);
		ZXP_OK(zx_vmo_read(self->vmo, back, cases[i].off, cases[i].len));
		EXPECT_EQ(0, memcmp(buf, back, cases[i].len)) TH_LOG("case %zu", i);
	}
	free(buf);
	free(back);
}

/* The bytes around a write are untouched. */
TEST_F(vmo, write_touches_only_its_bytes)
{
	uint8_t back[64], want[64];

	ZXP_OK(zx_vmo_write(self->vmo, "abc", page - 1, 3));
	ZXP_OK(zx_vmo_read(self->vmo, back, page - 30, sizeof(back)));
	memset(want, 0, sizeof(want));
	memcpy(want + 29, "abc", 3);
	EXPECT_EQ(0, memcmp(want, back, sizeof(back)));
}

TEST_F(vmo, read_uncommitted_is_zero_and_commits_nothing)
{
	uint8_t back[3 * 4096];

	memset(back, 0x5a, sizeof(back));
	ZXP_OK(zx_vmo_read(self->vmo, back, 100, sizeof(back)));
	EXPECT_EQ(0, back[0]);
	EXPECT_EQ(0, memcmp(back, back + 1, sizeof(back) - 1));
	EXPECT_EQ(0, committed(self->vmo));
	ZXP_OK(zx_vmo_write(self->vmo, "x", page + 5, 1));
	EXPECT_EQ(page, committed(self->vmo));
}

TEST_F(vmo, out_of_range)
{
	uint8_t buf[16];

	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(self->vmo, buf, 8 * page - 8, 16));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(self->vmo, buf, 8 * page, 1));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(self->vmo, buf, UINT64_MAX, 2));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(self->vmo, buf, 8, SIZE_MAX));
	/* Empty accesses at the end are fine. */
	EXPECT_ZX(ZX_OK, zx_vmo_read(self->vmo, buf, 8 * page, 0));
	EXPECT_ZX(ZX_OK, zx_vmo_write(self->vmo, buf, 8 * page, 0));
	EXPECT_EQ(0, committed(self->vmo));
}

TEST_F(vmo, bad_buffer)
{
	void *none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, none);
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_write(self->vmo, none, 0, 16));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_read(self->vmo, none, 0, 16));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_read(self->vmo, NULL, 0, 16));
	munmap(none, page);
}

TEST_F(vmo, set_size_not_resizable)
{
	uint64_t size;

	EXPECT_ZX(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(self->vmo, page));
	ZXP_OK(zx_vmo_get_size(self->vmo, &size));
	EXPECT_EQ(8 * page, size);
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_get_size(self->vmo, NULL));
}

TEST_F(vmo, resize_drops_and_zeroes)
{
	zx_handle_t vmo;
	uint8_t buf[3 * 4096], back[3 * 4096];
	uint64_t size;

	ZXP_OK(zx_vmo_create(4 * page, ZX_VMO_RESIZABLE, &vmo));
	pattern(buf, sizeof(buf), page, 1);
	ZXP_OK(zx_vmo_write(vmo, buf, page, sizeof(buf)));
	EXPECT_EQ(3 * page, committed(vmo));

	ZXP_OK(zx_vmo_set_size(vmo, page + 10));	/* rounds up to 2 pages */
	ZXP_OK(zx_vmo_get_size(vmo, &size));
	EXPECT_EQ(2 * page, size);
	EXPECT_EQ(page, committed(vmo));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(vmo, back, 2 * page, 1));
	ZXP_OK(zx_vmo_read(vmo, back, page, page));
	EXPECT_EQ(0, memcmp(buf, back, page));

	/* Growing again reads zeros where the data was cut off. */
	ZXP_OK(zx_vmo_set_size(vmo, 4 * page));
	ZXP_OK(zx_vmo_read(vmo, back, 2 * page, 2 * page));
	EXPECT_EQ(0, back[0]);
	EXPECT_EQ(0, memcmp(back, back + 1, 2 * page - 1));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_size(vmo, UINT64_MAX));
	ZXP_OK(zx_vmo_set_size(vmo, 0));
	EXPECT_EQ(0, committed(vmo));
	zx_handle_close(vmo);
}

TEST_F(vmo, set_size_rights)
{
	zx_handle_t vmo, ro, no_resize;

	ZXP_OK(zx_vmo_create(page, ZX_VMO_RESIZABLE, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &ro));
	ZXP_OK(zx_handle_duplicate(vmo, ZX_DEFAULT_VMO_RIGHTS, &no_resize));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(ro, 2 * page));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(no_resize, 2 * page));
	EXPECT_ZX(ZX_OK, zx_vmo_set_size(vmo, 2 * page));
	zx_handle_close_many((zx_handle_t[]){ vmo, ro, no_resize }, 3);
}

TEST_F(vmo, op_commit_decommit)
{
	uint8_t back[16];

	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_COMMIT, page + 1, page, NULL, 0));
	EXPECT_EQ(2 * page, committed(self->vmo));	/* every page touched */
	ZXP_OK(zx_vmo_write(self->vmo, "data", page + 100, 4));
	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_COMMIT, 0, 8 * page, NULL, 0));
	EXPECT_EQ(8 * page, committed(self->vmo));
	ZXP_OK(zx_vmo_read(self->vmo, back, page + 100, 4));
	EXPECT_EQ(0, memcmp(back, "data", 4));	/* commit keeps contents */

	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_DECOMMIT, page, page, NULL, 0));
	EXPECT_EQ(7 * page, committed(self->vmo));
	ZXP_OK(zx_vmo_read(self->vmo, back, page + 100, 4));
	EXPECT_EQ(0, memcmp(back, "\0\0\0\0", 4));
	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_DECOMMIT, 0, 8 * page, NULL, 0));
	EXPECT_EQ(0, committed(self->vmo));
}

TEST_F(vmo, op_zero)
{
	uint8_t buf[3 * 4096], back[3 * 4096], want[3 * 4096];

	pattern(buf, sizeof(buf), 0, 9);
	ZXP_OK(zx_vmo_write(self->vmo, buf, 0, sizeof(buf)));
	/* Partial first page, a whole page, partial last page. */
	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_ZERO, 100, 2 * page, NULL, 0));
	memcpy(want, buf, sizeof(want));
	memset(want + 100, 0, 2 * page);
	ZXP_OK(zx_vmo_read(self->vmo, back, 0, sizeof(back)));
	EXPECT_EQ(0, memcmp(want, back, sizeof(back)));
	/* Inside one page. */
	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_ZERO, 2 * page + 200, 10, NULL, 0));
	memset(want + 2 * page + 200, 0, 10);
	ZXP_OK(zx_vmo_read(self->vmo, back, 0, sizeof(back)));
	EXPECT_EQ(0, memcmp(want, back, sizeof(back)));
	/* Whole pages are released rather than kept as zeros. */
	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_ZERO, 0, 8 * page, NULL, 0));
	EXPECT_EQ(0, committed(self->vmo));
}

TEST_F(vmo, op_range_errors)
{
	zx_handle_t ro;

	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_op_range(self->vmo, ZX_VMO_OP_COMMIT, 8 * page, 1, NULL, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_op_range(self->vmo, ZX_VMO_OP_DECOMMIT, page, UINT64_MAX, NULL, 0));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_op_range(self->vmo, 0, 0, page, NULL, 0));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmo_op_range(self->vmo, 99, 0, page, NULL, 0));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(self->vmo, ZX_VMO_OP_LOCK, 0, page, NULL, 0));
	EXPECT_ZX(ZX_OK, zx_vmo_op_range(self->vmo, ZX_VMO_OP_DONT_NEED, 0, page, NULL, 0));
	EXPECT_ZX(ZX_OK, zx_vmo_op_range(self->vmo, ZX_VMO_OP_CACHE_CLEAN, 0, page, NULL, 0));

	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_RIGHT_READ | ZX_RIGHT_INSPECT, &ro));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_op_range(ro, ZX_VMO_OP_COMMIT, 0, page, NULL, 0));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_op_range(ro, ZX_VMO_OP_ZERO, 0, page, NULL, 0));
	EXPECT_ZX(ZX_OK, zx_vmo_op_range(ro, ZX_VMO_OP_PREFETCH, 0, page, NULL, 0));
	EXPECT_EQ(0, committed(self->vmo));
	zx_handle_close(ro);
}

TEST_F(vmo, info)
{
	zx_info_vmo_t info;
	zx_info_vmo_v1_t v1;
	size_t actual = 9, avail = 9;

	ZXP_OK(zx_vmo_write(self->vmo, "x", 0, 1));
	ZXP_OK(zx_object_get_info(self->vmo, ZX_INFO_VMO, &info, sizeof(info), &actual, &avail));
	EXPECT_EQ(1, actual);
	EXPECT_EQ(1, avail);
	EXPECT_EQ(8 * page, info.size_bytes);
	EXPECT_EQ(page, info.committed_bytes);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED, info.flags);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, info.handle_rights);
	EXPECT_EQ(0, info.num_mappings);
	EXPECT_EQ(1, info.share_count);
	/* An older caller's smaller record. */
	ZXP_OK(zx_object_get_info(self->vmo, ZX_INFO_VMO_V1, &v1, sizeof(v1), NULL, NULL));
	EXPECT_EQ(info.koid, v1.koid);
	EXPECT_ZX(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(self->vmo, ZX_INFO_VMO, &info, sizeof(v1), &actual, &avail));
	EXPECT_EQ(0, actual);
	EXPECT_EQ(1, avail);
}

/* Many VMOs with pages: all freed when their handles close. */
TEST_F(vmo, many_vmos_freed)
{
	zx_handle_t v[64];
	long objects, pages, objects0, pages0;
	size_t i;

	if (zxp_stats(&objects0, &pages0))
		SKIP(return, "debugfs zxpager/stats not available");
	for (i = 0; i < 64; i++) {
		ZXP_OK(zx_vmo_create(4 * page, 0, &v[i]));
		ZXP_OK(zx_vmo_op_range(v[i], ZX_VMO_OP_COMMIT, 0, (i % 4 + 1) * page, NULL, 0));
	}
	ASSERT_EQ(0, zxp_stats(&objects, &pages));
	EXPECT_EQ(objects0 + 64, objects);
	EXPECT_EQ(pages0 + 16 * (1 + 2 + 3 + 4), pages);
	ZXP_OK(zx_handle_close_many(v, 64));
	ASSERT_EQ(0, zxp_stats(&objects, &pages));
	EXPECT_EQ(objects0, objects);
	EXPECT_EQ(pages0, pages);
}

/* Out of fds: creating a handle fails cleanly and leaks nothing. */
TEST(no_fd_left)
{
	struct rlimit rl = { .rlim_cur = 16, .rlim_max = 16 };
	zx_handle_t vmos[16];
	long objects0, pages0, objects, pages;
	size_t n = 0;
	zx_status_t st;
	int have_stats = zxp_stats(&objects0, &pages0) == 0;

	/* Open the device before the limit bites. */
	ASSERT_LE(0, zxp_device_fd());
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	while ((st = zx_vmo_create(4096, 0, &vmos[n])) == ZX_OK && n < 15)
		n++;
	EXPECT_ZX(ZX_ERR_NO_RESOURCES, st);
	ASSERT_ZX(ZX_OK, zx_handle_close_many(vmos, n));
	if (have_stats) {
		ASSERT_EQ(0, zxp_stats(&objects, &pages));
		EXPECT_EQ(objects0, objects);
	}
}

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -1;
	ret = fputs(s, f) < 0 ? -1 : 0;
	return fclose(f) || ret ? -1 : 0;
}

/*
 * VMO pages are charged to the memory cgroup of the task that commits
 * them, and uncharged when they are freed.
 */
TEST(memcg_charged)
{
	const char *root = "/sys/fs/cgroup", *cg = "/sys/fs/cgroup/zxp_vmo_test";
	const uint64_t len = 16 << 20;
	char path[256], pid[32];
	long before, committed_now, after;
	zx_handle_t vmo;

	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) &&
	    mount("cgroup2", root, "cgroup2", 0, NULL))
		SKIP(return, "no cgroup2 (%s)", strerror(errno));
	/* Enabling it again is harmless; failing means no memory controller. */
	write_str("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	if (mkdir(cg, 0755) && errno != EEXIST)
		SKIP(return, "cannot create a cgroup (%s)", strerror(errno));
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(pid, sizeof(pid), "%d", getpid());
	ASSERT_EQ(0, write_str(path, pid));
	snprintf(path, sizeof(path), "%s/memory.current", cg);
	before = read_long(path);
	if (before < 0)
		SKIP(return, "no memory controller");

	ZXP_OK(zx_vmo_create(len, 0, &vmo));
	ZXP_OK(zx_vmo_op_range(vmo, ZX_VMO_OP_COMMIT, 0, len, NULL, 0));
	committed_now = read_long(path);
	EXPECT_LE(before + (long)len, committed_now)
		TH_LOG("memory.current %ld -> %ld after committing %lu bytes",
		       before, committed_now, (unsigned long)len);
	ZXP_OK(zx_handle_close(vmo));
	after = read_long(path);
	EXPECT_GE(committed_now - (long)len, after)
		TH_LOG("memory.current %ld after freeing", after);
}

TEST_HARNESS_MAIN
