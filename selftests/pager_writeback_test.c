// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty tracking and the writeback protocol of pager VMOs, after Zircon's
 * core pager-writeback tests (zircon/system/utest/core/pager-writeback/
 * pager-writeback.cc), for the cases without ZX_VMO_TRAP_DIRTY, zero tails,
 * OP_DIRTY or eviction: every page of a pager VMO is Clean, Dirty or
 * AwaitingClean; a write (zx_vmo_write, through a mapping, or a syscall
 * writing into a mapped pager buffer) dirties it; WRITEBACK_BEGIN moves
 * Dirty to AwaitingClean, WRITEBACK_END AwaitingClean to Clean, a write in
 * between makes the page Dirty again; zx_pager_query_dirty_ranges reports
 * the runs of not-clean pages and zx_pager_query_vmo_stats whether the VMO
 * was written.
 *
 * Where Zircon writes both with zx_vmo_write and through a mapping, so does
 * the "wb" fixture: its vmo_write variant writes with zx_vmo_write, its
 * mapping variant through a read-write mapping of the VMO (clean pages are
 * mapped read-only; the first write faults and dirties the page).
 *
 * The pages of the test's VMOs are supplied up front unless a test says
 * otherwise; a test that needs READ requests served starts a pager thread.
 * Every test checks that no object or page leaked.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls-next.h>
#include <zircon/syscalls/port.h>

#define PAGES	16
#define KEY	0x5a5a0002ull
#define STOP_KEY 0xdeadull

static size_t page;

/* The byte at @off of the test's "file". */
static uint8_t file_byte(uint64_t off)
{
	return (uint8_t)(off * 7 + (off >> 12) + 1);
}

static void file_bytes(uint8_t *buf, uint64_t off, uint64_t len)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		buf[i] = file_byte(off + i);
}

/* Supply [off, off + len) of @vmo with the file's bytes. */
static zx_status_t supply(zx_handle_t pager, zx_handle_t vmo, uint64_t off, uint64_t len)
{
	uint8_t *buf = malloc(len);
	zx_handle_t aux = ZX_HANDLE_INVALID;
	zx_status_t st;

	if (!buf)
		return ZX_ERR_NO_MEMORY;
	file_bytes(buf, off, len);
	st = zx_vmo_create(len, 0, &aux);
	if (!st)
		st = zx_vmo_write(aux, buf, 0, len);
	if (!st)
		st = zx_pager_supply_pages(pager, vmo, off, len, aux, 0);
	zx_handle_close(aux);
	free(buf);
	return st;
}

static zx_status_t wb_begin(zx_handle_t pager, zx_handle_t vmo, uint64_t first, uint64_t count)
{
	return zx_pager_op_range(pager, ZX_PAGER_OP_WRITEBACK_BEGIN, vmo, first * page,
				 count * page, 0);
}

static zx_status_t wb_end(zx_handle_t pager, zx_handle_t vmo, uint64_t first, uint64_t count)
{
	return zx_pager_op_range(pager, ZX_PAGER_OP_WRITEBACK_END, vmo, first * page,
				 count * page, 0);
}

/* zx_pager_query_vmo_stats' modified flag; -1 on error. */
static int modified(zx_handle_t pager, zx_handle_t vmo, uint32_t options)
{
	zx_pager_vmo_stats_t stats = { .modified = 0xbad };

	if (zx_pager_query_vmo_stats(pager, vmo, options, &stats, sizeof(stats)) != ZX_OK)
		return -1;
	if (stats.modified == ZX_PAGER_VMO_STATS_MODIFIED)
		return 1;
	return stats.modified == 0 ? 0 : -1;
}

/* ---- dirty ranges ---- */

/* A run of pages, in pages. */
struct run {
	uint64_t first, count;
};

#define MAX_RUNS	256

/*
 * All the runs of [off, off + len) into @out (MAX_RUNS), asking with a
 * buffer of @bufn records and advancing past the last run as the
 * zx_pager_query_dirty_ranges page shows. *@first_avail: the first
 * answer's avail.
 */
static zx_status_t query_all(zx_handle_t pager, zx_handle_t vmo, uint64_t off, uint64_t len,
			     size_t bufn, zx_vmo_dirty_range_t *out, size_t *n,
			     size_t *first_avail)
{
	zx_vmo_dirty_range_t buf[64];
	uint64_t start = off;
	bool first = true;
	size_t actual, avail, i;
	zx_status_t st;

	*n = 0;
	if (bufn > 64)
		bufn = 64;
	while (len > 0) {
		actual = avail = 0x5a5a;
		memset(buf, 0xa5, sizeof(buf));
		st = zx_pager_query_dirty_ranges(pager, vmo, start, len, buf,
						 bufn * sizeof(buf[0]), &actual, &avail);
		if (st)
			return st;
		if (first && first_avail)
			*first_avail = avail;
		first = false;
		if (actual > bufn || actual > avail)
			return ZX_ERR_INTERNAL;
		for (i = 0; i < actual; i++) {
			if (*n == MAX_RUNS)
				return ZX_ERR_BUFFER_TOO_SMALL;
			out[(*n)++] = buf[i];
		}
		/* Untouched beyond @actual. */
		for (i = actual; i < bufn; i++)
			if (buf[i].offset != 0xa5a5a5a5a5a5a5a5ull)
				return ZX_ERR_IO_DATA_INTEGRITY;
		if (actual == avail)
			break;
		if (actual == 0)
			return ZX_ERR_INTERNAL;	/* no progress */
		{
			uint64_t new_start = buf[actual - 1].offset + buf[actual - 1].length;

			if (new_start <= start || new_start - start > len)
				return ZX_ERR_INTERNAL;
			len -= new_start - start;
			start = new_start;
		}
	}
	return ZX_OK;
}

static void log_runs(struct __test_metadata *_metadata, const char *what,
		     const zx_vmo_dirty_range_t *r, size_t n)
{
	char line[1024];
	size_t i, o = 0;

	line[0] = 0;
	for (i = 0; i < n && o < sizeof(line) - 64; i++)
		o += snprintf(line + o, sizeof(line) - o, " [%#llx +%#llx opt %llu]",
			      (unsigned long long)r[i].offset, (unsigned long long)r[i].length,
			      (unsigned long long)r[i].options);
	TH_LOG("%s:%s", what, n ? line : " none");
}

/*
 * The runs of [off, off + len) (bytes) are @want (pages, clipped to the
 * range rounded out to pages): asked with a buffer of 1, 2, 3 and 64
 * records, each answer the same, avail of the first call the number of runs.
 */
static void check_runs_in(struct __test_metadata *_metadata, zx_handle_t pager, zx_handle_t vmo,
			  uint64_t off, uint64_t len, const struct run *want, size_t nwant,
			  int line)
{
	static const size_t bufns[] = { 64, 1, 2, 3 };
	zx_vmo_dirty_range_t got[MAX_RUNS], expect[MAX_RUNS];
	size_t b, i, n, avail;
	zx_status_t st;
	bool same;

	for (i = 0; i < nwant; i++) {
		expect[i].offset = want[i].first * page;
		expect[i].length = want[i].count * page;
		expect[i].options = 0;
	}
	for (b = 0; b < sizeof(bufns) / sizeof(bufns[0]); b++) {
		avail = 0x5a5a;
		st = query_all(pager, vmo, off, len, bufns[b], got, &n, &avail);
		EXPECT_EQ(ZX_OK, st) {
			TH_LOG("line %d: buffer of %zu: %s", line, bufns[b],
			       zx_status_get_string(st));
		}
		if (st)
			return;
		same = n == nwant && !memcmp(got, expect, n * sizeof(got[0]));
		EXPECT_TRUE(same) {
			TH_LOG("line %d: query [%#llx +%#llx), buffer of %zu records", line,
			       (unsigned long long)off, (unsigned long long)len, bufns[b]);
			log_runs(_metadata, "want", expect, nwant);
			log_runs(_metadata, "got ", got, n);
		}
		EXPECT_EQ(nwant, avail) TH_LOG("line %d: avail, buffer of %zu", line, bufns[b]);
		if (!same)
			return;
	}
}

static void check_runs(struct __test_metadata *_metadata, zx_handle_t pager, zx_handle_t vmo,
		       const struct run *want, size_t nwant, int line)
{
	uint64_t size = 0;

	ASSERT_ZX(ZX_OK, zx_vmo_get_size(vmo, &size));
	check_runs_in(_metadata, pager, vmo, 0, size, want, nwant, line);
}

/* The VMO's not-clean runs are exactly these {first page, count}. */
#define EXPECT_DIRTY(pager, vmo, ...)                                           \
	do {                                                                    \
		const struct run _w[] = { __VA_ARGS__ };                        \
		check_runs(_metadata, pager, vmo, _w, sizeof(_w) / sizeof(_w[0]), __LINE__); \
	} while (0)

#define EXPECT_CLEAN(pager, vmo) check_runs(_metadata, pager, vmo, NULL, 0, __LINE__)

/* Same, for the query of [off, off + len) bytes. */
#define EXPECT_DIRTY_IN(pager, vmo, off, len, ...)                              \
	do {                                                                    \
		const struct run _w[] = { __VA_ARGS__ };                        \
		check_runs_in(_metadata, pager, vmo, off, len, _w,              \
			      sizeof(_w) / sizeof(_w[0]), __LINE__);            \
	} while (0)

#define EXPECT_CLEAN_IN(pager, vmo, off, len) \
	check_runs_in(_metadata, pager, vmo, off, len, NULL, 0, __LINE__)

/* ---- a pager thread, for the tests that need READ requests served ---- */

struct server {
	zx_handle_t pager, port, vmo;
	pthread_t thread;
	atomic_int reads, completes, bad;
};

static void *server_thread(void *arg)
{
	struct server *s = arg;
	zx_port_packet_t pkt;

	while (zx_port_wait(s->port, ZX_TIME_INFINITE, &pkt) == ZX_OK) {
		if (pkt.key == STOP_KEY)
			break;
		if (pkt.type != ZX_PKT_TYPE_PAGE_REQUEST) {
			s->bad++;
			continue;
		}
		if (pkt.page_request.command == ZX_PAGER_VMO_COMPLETE) {
			s->completes++;
			continue;
		}
		if (pkt.page_request.command != ZX_PAGER_VMO_READ) {
			s->bad++;
			continue;
		}
		s->reads++;
		if (supply(s->pager, s->vmo, pkt.page_request.offset, pkt.page_request.length))
			s->bad++;
	}
	return NULL;
}

static void server_start(struct server *s, zx_handle_t pager, zx_handle_t port, zx_handle_t vmo)
{
	s->pager = pager;
	s->port = port;
	s->vmo = vmo;
	atomic_store(&s->reads, 0);
	atomic_store(&s->completes, 0);
	atomic_store(&s->bad, 0);
	pthread_create(&s->thread, NULL, server_thread, s);
}

static void server_stop(struct server *s)
{
	zx_port_packet_t stop = { .key = STOP_KEY, .type = ZX_PKT_TYPE_USER };

	zx_port_queue(s->port, &stop);
	pthread_join(s->thread, NULL);
}

/* ---- SIGBUS ---- */

static sigjmp_buf bus_jmp;
static void *volatile bus_addr;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	bus_addr = si->si_addr;
	siglongjmp(bus_jmp, 1);
}

/* Read the byte at @p; false (and no byte) on SIGBUS. */
static bool try_read(volatile uint8_t *p, uint8_t *out)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO }, old;
	bool ok;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(bus_jmp, 1) == 0) {
		*out = *p;
		ok = true;
	} else {
		ok = false;
	}
	sigaction(SIGBUS, &old, NULL);
	return ok;
}

/* ---- fixtures ---- */

static volatile uint8_t *map_vmo(zx_handle_t vmo, size_t size)
{
	zx_vaddr_t addr;

	if (zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0, size,
			&addr))
		return NULL;
	return (volatile uint8_t *)addr;
}

static void unmap_vmo(volatile uint8_t *map, size_t size)
{
	if (map)
		zx_vmar_unmap(zx_vmar_root_self(), (zx_vaddr_t)map, size);
}

/*
 * One pager, port and PAGES-page VMO, all supplied, and a read-write
 * mapping of the VMO in both variants (the vmo_write variant reads through
 * it but writes with zx_vmo_write).
 */
FIXTURE(wb) {
	zx_handle_t pager, port, vmo;
	volatile uint8_t *map;
	long objects, pages;
	int have_stats;
};

FIXTURE_VARIANT(wb) {
	bool mapped;
};

FIXTURE_VARIANT_ADD(wb, vmo_write) {
	.mapped = false,
};

FIXTURE_VARIANT_ADD(wb, mapping) {
	.mapped = true,
};

FIXTURE_SETUP(wb)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, PAGES * page, &self->vmo));
	ZXP_OK(supply(self->pager, self->vmo, 0, PAGES * page));
	self->map = map_vmo(self->vmo, PAGES * page);
	ASSERT_NE(NULL, self->map);
}

FIXTURE_TEARDOWN(wb)
{
	unmap_vmo(self->map, PAGES * page);
	zx_handle_close(self->vmo);
	zx_handle_close(self->pager);
	zx_handle_close(self->port);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

/* Write @len bytes at @off the variant's way. */
static zx_status_t vwrite(const FIXTURE_VARIANT(wb) *variant, FIXTURE_DATA(wb) *self,
			  const void *buf, uint64_t off, uint64_t len)
{
	uint64_t i;

	if (!variant->mapped)
		return zx_vmo_write(self->vmo, buf, off, len);
	for (i = 0; i < len; i++)
		self->map[off + i] = ((const uint8_t *)buf)[i];
	return ZX_OK;
}

/* Write one byte @v at page @p, byte @at of it. */
#define WRITE_BYTE(p, at, v)                                                    \
	do {                                                                    \
		uint8_t _v = (v);                                               \
		ZXP_OK(vwrite(variant, self, &_v, (uint64_t)(p) * page + (at), 1)); \
	} while (0)

/* The VMO holds @want (PAGES pages), read with zx_vmo_read and through the mapping. */
#define EXPECT_CONTENT(want)                                                    \
	do {                                                                    \
		uint8_t *_content = malloc(PAGES * page);                           \
		uint64_t _i;                                                    \
		bool _map_ok = true;                                            \
		ASSERT_NE(NULL, _content);                                          \
		ZXP_OK(zx_vmo_read(self->vmo, _content, 0, PAGES * page));          \
		EXPECT_EQ(0, memcmp(_content, (want), PAGES * page));               \
		for (_i = 0; _i < PAGES * page; _i++)                           \
			_map_ok &= self->map[_i] == (want)[_i];                 \
		EXPECT_TRUE(_map_ok);                                           \
		free(_content);                                                     \
	} while (0)

static uint8_t *file_copy(void)
{
	uint8_t *b = malloc(PAGES * page);

	if (b)
		file_bytes(b, 0, PAGES * page);
	return b;
}

/* Zircon NoDirtyRequestsOnRead, NoDirtyOnCommit: supply, reads, commit leave pages clean. */
TEST_F(wb, supplied_and_read_pages_are_clean)
{
	uint8_t buf[64], b = 0;
	uint64_t i;

	EXPECT_CLEAN(self->pager, self->vmo);
	EXPECT_EQ(0, modified(self->pager, self->vmo, 0));
	ZXP_OK(zx_vmo_read(self->vmo, buf, 3 * page + 7, sizeof(buf)));
	for (i = 0; i < PAGES; i++)
		b ^= self->map[i * page + 5];
	(void)b;
	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_COMMIT, 0, PAGES * page, NULL, 0));
	EXPECT_CLEAN(self->pager, self->vmo);
	EXPECT_EQ(0, modified(self->pager, self->vmo, 0));
	/* Writing what is already there is still a write. */
	WRITE_BYTE(4, 9, file_byte(4 * page + 9));
	EXPECT_DIRTY(self->pager, self->vmo, { 4, 1 });
}

/* Zircon SimpleDirtyNoTrap: a write dirties the page, and only it. */
TEST_F(wb, write_dirties_page)
{
	uint8_t *want = file_copy();

	ASSERT_NE(NULL, want);
	WRITE_BYTE(3, 100, 0x77);
	want[3 * page + 100] = 0x77;
	EXPECT_DIRTY(self->pager, self->vmo, { 3, 1 });
	EXPECT_EQ(1, modified(self->pager, self->vmo, 0));
	EXPECT_CONTENT(want);
	/* Writing it again changes nothing in the state. */
	WRITE_BYTE(3, 0, 0x78);
	want[3 * page] = 0x78;
	EXPECT_DIRTY(self->pager, self->vmo, { 3, 1 });
	EXPECT_CONTENT(want);
	free(want);
}

/* A write across a page boundary, at no alignment, dirties both pages. */
TEST_F(wb, unaligned_write_dirties_touched_pages)
{
	uint8_t data[10], *want = file_copy();

	ASSERT_NE(NULL, want);
	memset(data, 0x3c, sizeof(data));
	ZXP_OK(vwrite(variant, self, data, 5 * page - 3, sizeof(data)));
	memset(want + 5 * page - 3, 0x3c, sizeof(data));
	EXPECT_DIRTY(self->pager, self->vmo, { 4, 2 });
	/* The last byte of the VMO. */
	WRITE_BYTE(PAGES - 1, page - 1, 0xee);
	want[PAGES * page - 1] = 0xee;
	EXPECT_DIRTY(self->pager, self->vmo, { 4, 2 }, { PAGES - 1, 1 });
	EXPECT_CONTENT(want);
	free(want);
}

/*
 * Zircon DirtyRequestsOnVmoWrite / DirtyRequestsViaMapping, without
 * TRAP_DIRTY: alternate pages, then a page joining three runs, then a run.
 */
TEST_F(wb, runs_of_written_pages)
{
	uint8_t *data = malloc(5 * page), *want = file_copy();
	uint64_t i;

	ASSERT_NE(NULL, data);
	ASSERT_NE(NULL, want);
	for (i = 0; i < PAGES / 2; i += 2) {
		WRITE_BYTE(i, 0, 0x77);
		want[i * page] = 0x77;
	}
	EXPECT_DIRTY(self->pager, self->vmo, { 0, 1 }, { 2, 1 }, { 4, 1 }, { 6, 1 });
	WRITE_BYTE(3, 0, 0x77);
	want[3 * page] = 0x77;
	memset(data, 0, 5 * page);
	ZXP_OK(vwrite(variant, self, data, 11 * page, 5 * page));
	memset(want + 11 * page, 0, 5 * page);
	EXPECT_DIRTY(self->pager, self->vmo, { 0, 1 }, { 2, 3 }, { 6, 1 }, { 11, 5 });
	EXPECT_CONTENT(want);
	free(data);
	free(want);
}

/* Runs merge when the page between them is written, split when it is cleaned. */
TEST_F(wb, runs_merge_and_split)
{
	WRITE_BYTE(2, 1, 1);
	WRITE_BYTE(4, 1, 1);
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 1 }, { 4, 1 });
	WRITE_BYTE(3, 1, 1);
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 3 });
	/* AwaitingClean is not clean: still one run. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 3, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 3 });
	ZXP_OK(wb_end(self->pager, self->vmo, 3, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 1 }, { 4, 1 });
	/* Part AwaitingClean, part Dirty: one run too. */
	WRITE_BYTE(3, 2, 2);
	ZXP_OK(wb_begin(self->pager, self->vmo, 2, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 3 });
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
	EXPECT_CLEAN(self->pager, self->vmo);
}

/* Many runs paged through with small buffers; avail counts what is left. */
TEST_F(wb, query_small_buffer_pages_through)
{
	zx_vmo_dirty_range_t r[3];
	size_t actual, avail;
	uint64_t i;

	for (i = 1; i < PAGES; i += 2)
		WRITE_BYTE(i, 0, 0x11);
	EXPECT_DIRTY(self->pager, self->vmo, { 1, 1 }, { 3, 1 }, { 5, 1 }, { 7, 1 }, { 9, 1 },
		     { 11, 1 }, { 13, 1 }, { 15, 1 });

	/* Zircon QueryEarlyTermination: a buffer smaller than one record. */
	actual = avail = 99;
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 0, PAGES * page, r,
					   sizeof(r[0]) - 1, &actual, &avail));
	EXPECT_EQ(0, actual);
	EXPECT_EQ(PAGES / 2, avail);
	/* No buffer at all: just the count. */
	actual = avail = 99;
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 0, PAGES * page, NULL, 0,
					   &actual, &avail));
	EXPECT_EQ(0, actual);
	EXPECT_EQ(PAGES / 2, avail);
	/* actual and avail are optional. */
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 0, PAGES * page, r,
					   sizeof(r), NULL, NULL));
	EXPECT_EQ(page, r[0].offset);
	EXPECT_EQ(5 * page, r[2].offset);

	/* Three at a time, from the middle. */
	actual = avail = 99;
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 4 * page, 12 * page, r,
					   sizeof(r), &actual, &avail));
	EXPECT_EQ(3, actual);
	EXPECT_EQ(6, avail);
	EXPECT_EQ(5 * page, r[0].offset);
	EXPECT_EQ(9 * page, r[2].offset);
	EXPECT_EQ(page, r[2].length);
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 10 * page, 6 * page, r,
					   sizeof(r), &actual, &avail));
	EXPECT_EQ(3, actual);
	EXPECT_EQ(3, avail);
	EXPECT_EQ(15 * page, r[2].offset);
	/* A buffer size that is not a whole number of records. */
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 0, PAGES * page, r,
					   2 * sizeof(r[0]) + 5, &actual, &avail));
	EXPECT_EQ(2, actual);
	EXPECT_EQ(PAGES / 2, avail);
}

/* Offsets and lengths that are not page aligned are rounded out to pages. */
TEST_F(wb, query_unaligned_range)
{
	size_t actual, avail;
	zx_vmo_dirty_range_t r[4];

	WRITE_BYTE(3, 0, 1);
	WRITE_BYTE(4, 0, 1);
	WRITE_BYTE(5, 0, 1);
	WRITE_BYTE(9, 0, 1);
	/* Inside page 3. */
	EXPECT_DIRTY_IN(self->pager, self->vmo, 3 * page + 5, 10, { 3, 1 });
	/* The last byte of page 2 and the first of page 3. */
	EXPECT_DIRTY_IN(self->pager, self->vmo, 3 * page - 1, 2, { 3, 1 });
	/* A run is clipped to the range. */
	EXPECT_DIRTY_IN(self->pager, self->vmo, 4 * page + 1, page, { 4, 2 });
	EXPECT_DIRTY_IN(self->pager, self->vmo, 4 * page, page, { 4, 1 });
	EXPECT_DIRTY_IN(self->pager, self->vmo, 2 * page + 3, 6 * page, { 3, 3 });
	EXPECT_DIRTY_IN(self->pager, self->vmo, 5 * page + 1, 5 * page, { 5, 1 }, { 9, 1 });
	EXPECT_CLEAN_IN(self->pager, self->vmo, 6 * page + 1, 3 * page - 2);
	EXPECT_CLEAN_IN(self->pager, self->vmo, 10 * page + 1, 6 * page - 1);
	/* Up to the VMO's end, unaligned. */
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 9 * page + 100,
					   7 * page - 100, r, sizeof(r), &actual, &avail));
	EXPECT_EQ(1, actual);
	EXPECT_EQ(1, avail);
	EXPECT_EQ(9 * page, r[0].offset);
	EXPECT_EQ(page, r[0].length);
	EXPECT_EQ(0, r[0].options);
}

/* Zircon SimpleWriteback: BEGIN keeps the page reported, END cleans it; again and again. */
TEST_F(wb, writeback_cycles)
{
	uint8_t *want = file_copy();
	int i;

	ASSERT_NE(NULL, want);
	for (i = 0; i < 4; i++) {
		WRITE_BYTE(6, i, 0xa0 + i);
		want[6 * page + i] = 0xa0 + i;
		WRITE_BYTE(7, i, 0xb0 + i);
		want[7 * page + i] = 0xb0 + i;
		EXPECT_DIRTY(self->pager, self->vmo, { 6, 2 });
		ZXP_OK(wb_begin(self->pager, self->vmo, 6, 2));
		EXPECT_DIRTY(self->pager, self->vmo, { 6, 2 });
		EXPECT_CONTENT(want);
		ZXP_OK(wb_end(self->pager, self->vmo, 6, 2));
		EXPECT_CLEAN(self->pager, self->vmo);
		EXPECT_CONTENT(want);
	}
	free(want);
}

/* Zircon DirtyDuringWriteback without TRAP_DIRTY: a write between BEGIN and END is kept dirty. */
TEST_F(wb, write_during_writeback_stays_dirty)
{
	uint8_t *want = file_copy();

	ASSERT_NE(NULL, want);
	WRITE_BYTE(1, 0, 0xcc);
	WRITE_BYTE(2, 0, 0xcc);
	ZXP_OK(wb_begin(self->pager, self->vmo, 1, 2));
	WRITE_BYTE(2, 1, 0xdd);
	want[page] = want[2 * page] = 0xcc;
	want[2 * page + 1] = 0xdd;
	ZXP_OK(wb_end(self->pager, self->vmo, 1, 2));
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 1 });
	EXPECT_CONTENT(want);

	/* Written again after a second BEGIN (through the mapping: after a fault). */
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	WRITE_BYTE(2, 2, 0xde);
	want[2 * page + 2] = 0xde;
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 1 });
	/* A clean write-back, and a later write dirties it again. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
	EXPECT_CLEAN(self->pager, self->vmo);
	WRITE_BYTE(2, 3, 0xdf);
	want[2 * page + 3] = 0xdf;
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 1 });
	EXPECT_CONTENT(want);
	free(want);
}

/* BEGIN and END act on their range only; END without BEGIN cleans nothing. */
TEST_F(wb, writeback_ranges)
{
	WRITE_BYTE(0, 0, 1);
	WRITE_BYTE(1, 0, 1);
	WRITE_BYTE(2, 0, 1);
	WRITE_BYTE(8, 0, 1);
	/* END on Dirty pages: they stay Dirty. */
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
	EXPECT_DIRTY(self->pager, self->vmo, { 0, 3 }, { 8, 1 });
	/* BEGIN on part of a run, END on more than was begun. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 1, 1));
	ZXP_OK(wb_end(self->pager, self->vmo, 0, 3));
	EXPECT_DIRTY(self->pager, self->vmo, { 0, 1 }, { 2, 1 }, { 8, 1 });
	/* BEGIN on all, END on part. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	ZXP_OK(wb_end(self->pager, self->vmo, 2, 7));
	EXPECT_DIRTY(self->pager, self->vmo, { 0, 1 });
	/* BEGIN twice is fine. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, 1));
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 0, 1 });
	ZXP_OK(wb_end(self->pager, self->vmo, 0, 1));
	EXPECT_CLEAN(self->pager, self->vmo);
	/* On clean pages: nothing. BEGIN with IS_ZERO is accepted. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_WRITEBACK_BEGIN, self->vmo, 0,
				 PAGES * page, ZX_VMO_DIRTY_RANGE_IS_ZERO));
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
	EXPECT_CLEAN(self->pager, self->vmo);
}

/* A write to a page not supplied yet reads it in, then dirties it. */
TEST_F(wb, write_to_missing_page)
{
	zx_handle_t vmo;
	volatile uint8_t *map = NULL;
	struct server s;
	uint8_t b = 0;

	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, 4 * page, &vmo));
	if (variant->mapped) {
		map = map_vmo(vmo, 4 * page);
		ASSERT_NE(NULL, map);
	}
	server_start(&s, self->pager, self->port, vmo);
	if (map)
		map[2 * page + 9] = 0x42;
	else
		ZXP_OK(zx_vmo_write(vmo, "\x42", 2 * page + 9, 1));
	EXPECT_DIRTY(self->pager, vmo, { 2, 1 });
	EXPECT_EQ(1, modified(self->pager, vmo, 0));
	ZXP_OK(zx_vmo_read(vmo, &b, 2 * page + 9, 1));
	EXPECT_EQ(0x42, b);
	ZXP_OK(zx_vmo_read(vmo, &b, 2 * page + 10, 1));
	EXPECT_EQ(file_byte(2 * page + 10), b);
	/* A read of another page supplies it clean. */
	ZXP_OK(zx_vmo_read(vmo, &b, 3 * page, 1));
	EXPECT_DIRTY(self->pager, vmo, { 2, 1 });
	server_stop(&s);
	EXPECT_EQ(2, s.reads);
	EXPECT_EQ(0, s.bad);
	unmap_vmo(map, 4 * page);
	zx_handle_close(vmo);
}

/* Supplying over a dirty page keeps it, dirty. */
TEST_F(wb, supply_keeps_dirty_page)
{
	uint8_t b = 0;

	WRITE_BYTE(5, 0, 0x99);
	ZXP_OK(supply(self->pager, self->vmo, 4 * page, 3 * page));
	EXPECT_DIRTY(self->pager, self->vmo, { 5, 1 });
	ZXP_OK(zx_vmo_read(self->vmo, &b, 5 * page, 1));
	EXPECT_EQ(0x99, b);
	EXPECT_EQ(0x99, self->map[5 * page]);
}

/* VMOs of one pager are tracked apart. */
TEST_F(wb, vmos_tracked_apart)
{
	zx_handle_t vmo2;

	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY + 1, 4 * page, &vmo2));
	ZXP_OK(supply(self->pager, vmo2, 0, 4 * page));
	WRITE_BYTE(1, 0, 5);
	EXPECT_CLEAN(self->pager, vmo2);
	EXPECT_EQ(0, modified(self->pager, vmo2, 0));
	ZXP_OK(zx_vmo_write(vmo2, "x", 3 * page, 1));
	EXPECT_DIRTY(self->pager, vmo2, { 3, 1 });
	EXPECT_DIRTY(self->pager, self->vmo, { 1, 1 });
	ZXP_OK(wb_begin(self->pager, vmo2, 0, 4));
	ZXP_OK(wb_end(self->pager, vmo2, 0, 4));
	EXPECT_CLEAN(self->pager, vmo2);
	EXPECT_DIRTY(self->pager, self->vmo, { 1, 1 });
	zx_handle_close(vmo2);
}

/* query_vmo_stats: set by writes, not by reads, supply or writeback; RESET clears it. */
TEST_F(wb, vmo_stats_modified)
{
	zx_pager_vmo_stats_t stats;
	uint8_t b;

	EXPECT_EQ(0, modified(self->pager, self->vmo, 0));
	ZXP_OK(zx_vmo_read(self->vmo, &b, 0, 1));
	b = self->map[2 * page];
	ZXP_OK(supply(self->pager, self->vmo, 0, page));
	EXPECT_EQ(0, modified(self->pager, self->vmo, ZX_PAGER_RESET_VMO_STATS));

	WRITE_BYTE(2, 0, 3);
	EXPECT_EQ(1, modified(self->pager, self->vmo, 0));
	EXPECT_EQ(1, modified(self->pager, self->vmo, 0));	/* not cleared without RESET */
	/* Too small a buffer: BUFFER_TOO_SMALL, and no reset. */
	EXPECT_ZX(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_pager_query_vmo_stats(self->pager, self->vmo, ZX_PAGER_RESET_VMO_STATS,
					   &stats, sizeof(stats) - 1));
	EXPECT_ZX(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_pager_query_vmo_stats(self->pager, self->vmo, ZX_PAGER_RESET_VMO_STATS,
					   &stats, 0));
	/* Bad options: INVALID_ARGS, and no reset. */
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_query_vmo_stats(self->pager, self->vmo, 3, &stats, sizeof(stats)));
	EXPECT_EQ(1, modified(self->pager, self->vmo, ZX_PAGER_RESET_VMO_STATS));
	EXPECT_EQ(0, modified(self->pager, self->vmo, 0));
	/* A larger buffer is fine. */
	{
		uint32_t big[4] = { 7, 7, 7, 7 };

		ZXP_OK(zx_pager_query_vmo_stats(self->pager, self->vmo, 0, big, sizeof(big)));
		EXPECT_EQ(0, big[0]);
	}

	/* Writeback does not modify. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
	EXPECT_CLEAN(self->pager, self->vmo);
	EXPECT_EQ(0, modified(self->pager, self->vmo, 0));
	/* A cleaned page written again: modified again (through a mapping, a new fault). */
	WRITE_BYTE(2, 1, 4);
	EXPECT_EQ(1, modified(self->pager, self->vmo, ZX_PAGER_RESET_VMO_STATS));
	EXPECT_EQ(0, modified(self->pager, self->vmo, 0));
	/* A zx_vmo_write always modifies, even to a dirty page. */
	ZXP_OK(zx_vmo_write(self->vmo, "z", 2 * page + 2, 1));
	EXPECT_EQ(1, modified(self->pager, self->vmo, ZX_PAGER_RESET_VMO_STATS));
	/* Reads still do not. */
	ZXP_OK(zx_vmo_read(self->vmo, &b, 2 * page, 1));
	b = self->map[7 * page];
	EXPECT_EQ(0, modified(self->pager, self->vmo, 0));
}

/* zx_vmo_set_size modifies; dirty pages beyond the new size are gone. */
TEST_F(wb, resize_down_modifies)
{
	zx_handle_t vmo;
	size_t actual, avail;
	zx_vmo_dirty_range_t r;

	ZXP_OK(zx_pager_create_vmo(self->pager, ZX_VMO_RESIZABLE, self->port, KEY + 2,
				   8 * page, &vmo));
	ZXP_OK(supply(self->pager, vmo, 0, 8 * page));
	ZXP_OK(zx_vmo_write(vmo, "a", page, 1));
	ZXP_OK(zx_vmo_write(vmo, "b", 6 * page, 1));
	EXPECT_DIRTY(self->pager, vmo, { 1, 1 }, { 6, 1 });
	EXPECT_EQ(1, modified(self->pager, vmo, ZX_PAGER_RESET_VMO_STATS));
	ZXP_OK(zx_vmo_set_size(vmo, 4 * page));
	EXPECT_EQ(1, modified(self->pager, vmo, ZX_PAGER_RESET_VMO_STATS));
	EXPECT_DIRTY(self->pager, vmo, { 1, 1 });
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_query_dirty_ranges(self->pager, vmo, 0, 8 * page, &r, sizeof(r),
					      &actual, &avail));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, wb_begin(self->pager, vmo, 4, 1));
	ZXP_OK(wb_begin(self->pager, vmo, 0, 4));
	ZXP_OK(wb_end(self->pager, vmo, 0, 4));
	EXPECT_CLEAN(self->pager, vmo);
	EXPECT_EQ(0, modified(self->pager, vmo, 0));
	zx_handle_close(vmo);
}

/*
 * Detach: clean pages are dropped (also from a mapping that had them
 * mapped), Dirty and AwaitingClean pages stay readable and queryable, and
 * can be written back; FAIL is BAD_STATE.
 */
TEST_F(wb, detach_keeps_dirty_pages)
{
	zx_port_packet_t pkt;
	uint8_t *want = file_copy(), buf[16], b = 0;

	ASSERT_NE(NULL, want);
	/* Every page mapped: the clean ones read-only. */
	for (uint64_t i = 0; i < PAGES; i++)
		b ^= self->map[i * page];
	WRITE_BYTE(2, 10, 0x21);
	WRITE_BYTE(3, 11, 0x31);
	WRITE_BYTE(7, 12, 0x71);
	want[2 * page + 10] = 0x21;
	want[3 * page + 11] = 0x31;
	want[7 * page + 12] = 0x71;
	ZXP_OK(wb_begin(self->pager, self->vmo, 7, 1));	/* AwaitingClean */

	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	ZXP_OK(zx_port_wait(self->port, zx_deadline_after(ZX_SEC(5)), &pkt));
	EXPECT_EQ(ZX_PAGER_VMO_COMPLETE, pkt.page_request.command);

	/* Dirty and AwaitingClean: readable both ways. */
	ZXP_OK(zx_vmo_read(self->vmo, buf, 2 * page + 4, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, want + 2 * page + 4, sizeof(buf)));
	ZXP_OK(zx_vmo_read(self->vmo, buf, 3 * page + 4, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, want + 3 * page + 4, sizeof(buf)));
	ZXP_OK(zx_vmo_read(self->vmo, buf, 7 * page + 4, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, want + 7 * page + 4, sizeof(buf)));
	EXPECT_TRUE(try_read(self->map + 2 * page + 10, &b));
	EXPECT_EQ(0x21, b);
	EXPECT_TRUE(try_read(self->map + 7 * page + 12, &b));
	EXPECT_EQ(0x71, b);

	/* Clean pages are gone, also where they were mapped. */
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_vmo_read(self->vmo, buf, 0, 1));
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_vmo_read(self->vmo, buf, 5 * page, 1));
	/* Dirty page 3 and clean page 4. */
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_vmo_read(self->vmo, buf, 4 * page - 1, 2));
	bus_addr = NULL;
	EXPECT_FALSE(try_read(self->map + 5 * page + 3, &b)) {
		TH_LOG("a clean page stayed readable through its mapping after detach");
	}
	EXPECT_EQ((void *)(self->map + 5 * page + 3), bus_addr);

	/* Queryable, and written back. */
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 2 }, { 7, 1 });
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, self->vmo,
						      0, page, (uint64_t)(int64_t)ZX_ERR_IO));
	ZXP_OK(wb_end(self->pager, self->vmo, 7, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 2 });
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 2 });
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
	EXPECT_CLEAN(self->pager, self->vmo);
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->port, 0, &pkt));
	free(want);
}

/* Detach with nothing dirty: nothing to query, nothing readable. */
TEST_F(wb, detach_clean_vmo)
{
	uint8_t b;

	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	EXPECT_CLEAN(self->pager, self->vmo);
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_vmo_read(self->vmo, &b, 3 * page, 1));
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
}

/* ---- writes by the kernel into a mapped pager buffer ---- */

FIXTURE(kw) {
	zx_handle_t pager, port, vmo;
	volatile uint8_t *map;
	struct server s;
	long objects, pages;
	int have_stats;
};

/* Pages 0-11 supplied, 12-15 left to the pager thread. */
FIXTURE_SETUP(kw)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, PAGES * page, &self->vmo));
	ZXP_OK(supply(self->pager, self->vmo, 0, 12 * page));
	self->map = map_vmo(self->vmo, PAGES * page);
	ASSERT_NE(NULL, self->map);
	server_start(&self->s, self->pager, self->port, self->vmo);
}

FIXTURE_TEARDOWN(kw)
{
	server_stop(&self->s);
	EXPECT_EQ(0, self->s.bad);
	unmap_vmo(self->map, PAGES * page);
	zx_handle_close(self->vmo);
	zx_handle_close(self->pager);
	zx_handle_close(self->port);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

/* read(2) from a pipe into a mapped clean page: the kernel's write dirties it. */
TEST_F(kw, pipe_read_into_mapping_dirties)
{
	uint8_t msg[100], got[100];
	int p[2];
	uint8_t b;

	memset(msg, 0x5e, sizeof(msg));
	ASSERT_EQ(0, pipe(p));
	/* Page 5 mapped read-only first. */
	b = self->map[5 * page];
	(void)b;
	ASSERT_EQ((ssize_t)sizeof(msg), write(p[1], msg, sizeof(msg)));
	ASSERT_EQ((ssize_t)sizeof(msg), read(p[0], (void *)(self->map + 5 * page + 50),
					      sizeof(msg)));
	EXPECT_DIRTY(self->pager, self->vmo, { 5, 1 });
	EXPECT_EQ(1, modified(self->pager, self->vmo, ZX_PAGER_RESET_VMO_STATS));
	ZXP_OK(zx_vmo_read(self->vmo, got, 5 * page + 50, sizeof(got)));
	EXPECT_EQ(0, memcmp(msg, got, sizeof(got)));

	/* After a writeback, the page is protected again: the next read(2) dirties it again. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, PAGES));
	ZXP_OK(wb_end(self->pager, self->vmo, 0, PAGES));
	EXPECT_CLEAN(self->pager, self->vmo);
	ASSERT_EQ((ssize_t)sizeof(msg), write(p[1], msg, sizeof(msg)));
	ASSERT_EQ((ssize_t)sizeof(msg), read(p[0], (void *)(self->map + 5 * page + 200),
					      sizeof(msg)));
	EXPECT_DIRTY(self->pager, self->vmo, { 5, 1 });
	EXPECT_EQ(1, modified(self->pager, self->vmo, 0));

	/* Between BEGIN and END: dirty again, END leaves it. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 5, 1));
	ASSERT_EQ((ssize_t)sizeof(msg), write(p[1], msg, sizeof(msg)));
	ASSERT_EQ((ssize_t)sizeof(msg), read(p[0], (void *)(self->map + 5 * page + 400),
					      sizeof(msg)));
	ZXP_OK(wb_end(self->pager, self->vmo, 5, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 5, 1 });
	close(p[0]);
	close(p[1]);
}

/* pread(2) from a file into a mapped buffer spanning two pages, one never supplied. */
TEST_F(kw, file_read_into_mapping_dirties)
{
	char path[] = "/tmp/zxp_wb_XXXXXX";
	uint8_t data[300], got[300];
	int fd;
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 13 + 1);
	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	unlink(path);
	ASSERT_EQ((ssize_t)sizeof(data), pwrite(fd, data, sizeof(data), 0));
	/* Pages 9 (clean, unmapped so far) and 10. */
	ASSERT_EQ((ssize_t)sizeof(data),
		  pread(fd, (void *)(self->map + 10 * page - 100), sizeof(data), 0));
	EXPECT_DIRTY(self->pager, self->vmo, { 9, 2 });
	ZXP_OK(zx_vmo_read(self->vmo, got, 10 * page - 100, sizeof(got)));
	EXPECT_EQ(0, memcmp(data, got, sizeof(got)));
	/* Pages 11 (supplied) and 12 (not yet: a READ request, then dirty). */
	ASSERT_EQ((ssize_t)sizeof(data),
		  pread(fd, (void *)(self->map + 12 * page - 100), sizeof(data), 0));
	EXPECT_DIRTY(self->pager, self->vmo, { 9, 4 });
	ZXP_OK(zx_vmo_read(self->vmo, got, 12 * page - 100, sizeof(got)));
	EXPECT_EQ(0, memcmp(data, got, sizeof(got)));
	ZXP_OK(zx_vmo_read(self->vmo, got, 12 * page + 200, 10));
	for (i = 0; i < 10; i++)
		EXPECT_EQ(file_byte(12 * page + 200 + i), got[i]);
	EXPECT_EQ(1, self->s.reads);
	close(fd);
}

/*
 * The query's buffer is a mapping of the VMO queried, on a clean page: the
 * kernel's write to it faults and dirties that page, and the answer is
 * complete. The buffer page may or may not be in the answer (it is dirtied
 * by the answer itself); it is dirty afterwards.
 */
TEST_F(kw, query_buffer_in_same_vmo_clean_page)
{
	zx_vmo_dirty_range_t *r = (zx_vmo_dirty_range_t *)(self->map + 8 * page);
	zx_vmo_dirty_range_t copy[4];
	size_t actual = 0, avail = 0;
	uint8_t b;

	self->map[page] = 1;
	self->map[3 * page] = 1;
	b = self->map[8 * page];	/* mapped read-only */
	(void)b;
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 0, PAGES * page, r,
					   4 * sizeof(*r), &actual, &avail));
	memcpy(copy, r, sizeof(copy));
	ASSERT_LE(2, actual);
	EXPECT_EQ(actual, avail);
	EXPECT_EQ(page, copy[0].offset);
	EXPECT_EQ(page, copy[0].length);
	EXPECT_EQ(3 * page, copy[1].offset);
	EXPECT_EQ(page, copy[1].length);
	if (actual == 3) {
		EXPECT_EQ(8 * page, copy[2].offset);
		EXPECT_EQ(page, copy[2].length);
	}
	EXPECT_DIRTY(self->pager, self->vmo, { 1, 1 }, { 3, 1 }, { 8, 1 });
	EXPECT_EQ(0, self->s.reads);
}

/* Same, with the buffer on a page not supplied yet: a READ request first. */
TEST_F(kw, query_buffer_in_same_vmo_missing_page)
{
	zx_vmo_dirty_range_t *r = (zx_vmo_dirty_range_t *)(self->map + 14 * page + 64);
	zx_vmo_dirty_range_t copy[4];
	size_t actual = 0, avail = 0;

	self->map[2 * page] = 1;
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 0, 12 * page, r,
					   4 * sizeof(*r), &actual, &avail));
	memcpy(copy, r, sizeof(copy));
	EXPECT_EQ(1, actual);
	EXPECT_EQ(1, avail);
	EXPECT_EQ(2 * page, copy[0].offset);
	EXPECT_EQ(page, copy[0].length);
	EXPECT_EQ(0, copy[0].options);
	EXPECT_EQ(1, self->s.reads);
	EXPECT_DIRTY(self->pager, self->vmo, { 2, 1 }, { 14, 1 });
	/* The whole VMO this time, with the buffer page itself dirty already. */
	ZXP_OK(zx_pager_query_dirty_ranges(self->pager, self->vmo, 0, PAGES * page, r,
					   4 * sizeof(*r), &actual, &avail));
	memcpy(copy, r, sizeof(copy));
	EXPECT_EQ(2, actual);
	EXPECT_EQ(14 * page, copy[1].offset);
}

/* BEGIN write-protects the page in every mapping of it, not just one. */
TEST_F(kw, begin_protects_every_mapping)
{
	volatile uint8_t *map2 = map_vmo(self->vmo, PAGES * page);

	ASSERT_NE(NULL, map2);
	self->map[4 * page] = 1;	/* writable in both mappings */
	map2[4 * page + 1] = 2;
	EXPECT_DIRTY(self->pager, self->vmo, { 4, 1 });
	ZXP_OK(wb_begin(self->pager, self->vmo, 4, 1));
	map2[4 * page + 2] = 3;
	ZXP_OK(wb_end(self->pager, self->vmo, 4, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 4, 1 });
	ZXP_OK(wb_begin(self->pager, self->vmo, 4, 1));
	self->map[4 * page + 3] = 4;
	ZXP_OK(wb_end(self->pager, self->vmo, 4, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 4, 1 });
	/* Clean, then written through the second mapping only. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 4, 1));
	ZXP_OK(wb_end(self->pager, self->vmo, 4, 1));
	EXPECT_CLEAN(self->pager, self->vmo);
	map2[4 * page + 4] = 5;
	EXPECT_DIRTY(self->pager, self->vmo, { 4, 1 });
	EXPECT_EQ(5, self->map[4 * page + 4]);
	unmap_vmo(map2, PAGES * page);
}

/* A child's inherited mapping, written between BEGIN and END: the page stays dirty. */
TEST_F(kw, write_from_forked_child)
{
	int status;
	pid_t pid;
	uint8_t b = 0;

	self->map[6 * page] = 1;	/* dirty and writable before the fork */
	ZXP_OK(wb_begin(self->pager, self->vmo, 6, 1));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		self->map[6 * page + 1] = 0x66;
		self->map[7 * page + 1] = 0x77;	/* clean page: a first write */
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ZXP_OK(wb_end(self->pager, self->vmo, 6, 1));
	EXPECT_DIRTY(self->pager, self->vmo, { 6, 2 });
	ZXP_OK(zx_vmo_read(self->vmo, &b, 6 * page + 1, 1));
	EXPECT_EQ(0x66, b);
	ZXP_OK(zx_vmo_read(self->vmo, &b, 7 * page + 1, 1));
	EXPECT_EQ(0x77, b);
}

/*
 * Zircon DirtyAfterMapProtect: a page read through a mapping made
 * read-only, then made writable again with mprotect, still faults on its
 * first write.
 */
TEST_F(kw, write_after_mprotect)
{
	volatile uint8_t *p = self->map + 3 * page;
	uint8_t b;

	ASSERT_EQ(0, mprotect((void *)p, page, PROT_READ));
	b = p[0];
	EXPECT_EQ(file_byte(3 * page), b);
	ASSERT_EQ(0, mprotect((void *)p, page, PROT_READ | PROT_WRITE));
	EXPECT_CLEAN(self->pager, self->vmo);
	p[0] = 0xaa;
	EXPECT_DIRTY(self->pager, self->vmo, { 3, 1 });
	/* After a writeback, through mprotect again. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 3, 1));
	ZXP_OK(wb_end(self->pager, self->vmo, 3, 1));
	ASSERT_EQ(0, mprotect((void *)p, page, PROT_READ));
	ASSERT_EQ(0, mprotect((void *)p, page, PROT_READ | PROT_WRITE));
	p[1] = 0xab;
	EXPECT_DIRTY(self->pager, self->vmo, { 3, 1 });
}

/* Reading from a mapped pager buffer (write(2) from it) dirties nothing. */
TEST_F(kw, write_syscall_from_mapping_stays_clean)
{
	uint8_t *buf = malloc(2 * page);
	int p[2];

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ((ssize_t)(2 * page), write(p[1], (const void *)(self->map + 2 * page), 2 * page));
	ASSERT_EQ((ssize_t)(2 * page), read(p[0], buf, 2 * page));
	EXPECT_EQ(file_byte(3 * page + 5), buf[page + 5]);
	close(p[0]);
	close(p[1]);
	free(buf);
	EXPECT_CLEAN(self->pager, self->vmo);
	EXPECT_EQ(0, modified(self->pager, self->vmo, 0));
}

/* ---- invalid arguments ---- */

FIXTURE(inval) {
	zx_handle_t pager, port, vmo, anon;
	long objects, pages;
	int have_stats;
};

FIXTURE_SETUP(inval)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, 4 * page, &self->vmo));
	ZXP_OK(supply(self->pager, self->vmo, 0, 4 * page));
	ZXP_OK(zx_vmo_write(self->vmo, "d", page, 1));	/* one dirty page */
	ZXP_OK(zx_vmo_create(page, 0, &self->anon));
}

FIXTURE_TEARDOWN(inval)
{
	zx_handle_close_many((zx_handle_t[]){ self->vmo, self->pager, self->port, self->anon }, 4);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

/* A closed handle's number. */
static zx_handle_t closed_handle(void)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	if (zx_port_create(0, &h))
		return ZX_HANDLE_INVALID;
	zx_handle_close(h);
	return h;
}

/* Zircon InvalidQuery, for zx_pager_query_dirty_ranges. */
TEST_F(inval, query_dirty_ranges)
{
	zx_handle_t pager2, vmo2, no_read, ro_vmo, small_pager, closed = closed_handle();
	zx_vmo_dirty_range_t r[2];
	size_t actual, avail;
	void *unmapped, *ro_mem;

#define Q(pager, vmo, off, len, buf, size) \
	zx_pager_query_dirty_ranges(pager, vmo, off, len, buf, size, &actual, &avail)

	/* Bad handles. */
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, Q(ZX_HANDLE_INVALID, self->vmo, 0, page, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, Q(self->pager, ZX_HANDLE_INVALID, 0, page, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, Q(closed, self->vmo, 0, page, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, Q(self->pager, closed, 0, page, r, sizeof(r)));
	/* Wrong types. */
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, Q(self->vmo, self->vmo, 0, page, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, Q(self->port, self->vmo, 0, page, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, Q(self->pager, self->pager, 0, page, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, Q(self->pager, self->port, 0, page, r, sizeof(r)));
	/* Rights: the VMO needs READ only, the pager MANAGE_VMO. */
	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_READ, &no_read));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, Q(self->pager, no_read, 0, page, r, sizeof(r)));
	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_RIGHT_READ, &ro_vmo));
	actual = avail = 0;
	EXPECT_ZX(ZX_OK, Q(self->pager, ro_vmo, 0, 4 * page, r, sizeof(r)));
	EXPECT_EQ(1, actual);
	EXPECT_EQ(1, avail);
	ZXP_OK(zx_pager_create(0, &pager2));
	ZXP_OK(zx_pager_create_vmo(pager2, 0, self->port, KEY + 1, page, &vmo2));
	ZXP_OK(zx_handle_replace(pager2, ZX_DEFAULT_PAGER_RIGHTS & ~ZX_RIGHT_MANAGE_VMO,
				 &small_pager));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, Q(small_pager, vmo2, 0, page, r, sizeof(r)));
	/* Not a VMO of this pager. */
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, Q(self->pager, self->anon, 0, page, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, Q(self->pager, vmo2, 0, page, r, sizeof(r)));
	/* Ranges. */
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, Q(self->pager, self->vmo, 4 * page, page, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, Q(self->pager, self->vmo, 0, 4 * page + 1, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, Q(self->pager, self->vmo, 3 * page, UINT64_MAX, r,
					 sizeof(r)));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  Q(self->pager, self->vmo, UINT64_MAX - 10, 20, r, sizeof(r)));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  Q(self->pager, self->vmo, UINT64_MAX & ~(page - 1), 2 * page, r, sizeof(r)));
	/* Bad buffers, with a dirty page to report. */
	unmapped = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, unmapped);
	ASSERT_EQ(0, munmap(unmapped, page));
	ro_mem = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro_mem);
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, Q(self->pager, self->vmo, 0, 4 * page, NULL, sizeof(r)));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, Q(self->pager, self->vmo, 0, 4 * page, unmapped,
					 sizeof(r)));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, Q(self->pager, self->vmo, 0, 4 * page, ro_mem,
					 sizeof(r)));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, Q(self->pager, self->vmo, 0, 4 * page,
					 (void *)(uintptr_t)-16, sizeof(r)));
	munmap(ro_mem, page);
	/* Nothing of that changed the state. */
	actual = avail = 0;
	ZXP_OK(Q(self->pager, self->vmo, 0, 4 * page, r, sizeof(r)));
	EXPECT_EQ(1, actual);
	EXPECT_EQ(page, r[0].offset);
	zx_handle_close_many((zx_handle_t[]){ no_read, ro_vmo, vmo2, small_pager }, 4);
#undef Q
}

/* Zircon InvalidQuery, for zx_pager_query_vmo_stats. */
TEST_F(inval, query_vmo_stats)
{
	zx_handle_t pager2, vmo2, no_read, ro_vmo, small_pager, closed = closed_handle();
	zx_pager_vmo_stats_t st;
	const uint32_t reset = ZX_PAGER_RESET_VMO_STATS;

#define S(pager, vmo, opt) zx_pager_query_vmo_stats(pager, vmo, opt, &st, sizeof(st))

	EXPECT_ZX(ZX_ERR_BAD_HANDLE, S(ZX_HANDLE_INVALID, self->vmo, reset));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, S(self->pager, ZX_HANDLE_INVALID, reset));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, S(closed, self->vmo, reset));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, S(self->pager, closed, reset));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, S(self->vmo, self->vmo, reset));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, S(self->port, self->vmo, reset));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, S(self->pager, self->pager, reset));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, S(self->pager, self->port, reset));
	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_READ, &no_read));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, S(self->pager, no_read, reset));
	ZXP_OK(zx_pager_create(0, &pager2));
	ZXP_OK(zx_pager_create_vmo(pager2, 0, self->port, KEY + 1, page, &vmo2));
	ZXP_OK(zx_handle_replace(pager2, ZX_DEFAULT_PAGER_RIGHTS & ~ZX_RIGHT_MANAGE_VMO,
				 &small_pager));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, S(small_pager, vmo2, reset));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, S(self->pager, self->anon, reset));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, S(self->pager, vmo2, reset));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, S(self->pager, self->vmo, 2));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, S(self->pager, self->vmo, 100));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, S(self->pager, self->vmo, 0x80000001u));
	EXPECT_ZX(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_pager_query_vmo_stats(self->pager, self->vmo, reset, &st, 0));
	EXPECT_ZX(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_pager_query_vmo_stats(self->pager, self->vmo, reset, &st, 3));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_query_vmo_stats(self->pager, self->vmo, 0, NULL, sizeof(st)));
	/* None of that reset the flag; READ alone is enough. */
	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_RIGHT_READ, &ro_vmo));
	st.modified = 0;
	ZXP_OK(S(self->pager, ro_vmo, reset));
	EXPECT_EQ(ZX_PAGER_VMO_STATS_MODIFIED, st.modified);
	ZXP_OK(S(self->pager, self->vmo, 0));
	EXPECT_EQ(0, st.modified);
	zx_handle_close_many((zx_handle_t[]){ no_read, ro_vmo, vmo2, small_pager }, 4);
#undef S
}

/* Zircon InvalidPagerOpRange, for WRITEBACK_BEGIN and WRITEBACK_END. */
TEST_F(inval, writeback_op_range)
{
	static const uint32_t ops[] = { ZX_PAGER_OP_WRITEBACK_BEGIN, ZX_PAGER_OP_WRITEBACK_END };
	static const uint64_t bad_begin[] = { 2, 3, 100, 1ull << 32, ~0ull };
	static const uint64_t bad_end[] = { ZX_VMO_DIRTY_RANGE_IS_ZERO, 2, 100, 1ull << 32, ~0ull };
	zx_handle_t pager2, vmo2, ro_vmo, small_pager, closed;
	uint64_t top = UINT64_MAX & ~(page - 1);
	size_t i, j;

	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &ro_vmo));
	ZXP_OK(zx_pager_create(0, &pager2));
	ZXP_OK(zx_pager_create_vmo(pager2, 0, self->port, KEY + 1, page, &vmo2));
	closed = closed_handle();	/* after the others: no handle reuses it */
	for (i = 0; i < 2; i++) {
		uint32_t op = ops[i];

		EXPECT_ZX(ZX_ERR_BAD_HANDLE,
			  zx_pager_op_range(ZX_HANDLE_INVALID, op, self->vmo, 0, page, 0));
		EXPECT_ZX(ZX_ERR_BAD_HANDLE,
			  zx_pager_op_range(self->pager, op, ZX_HANDLE_INVALID, 0, page, 0));
		EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_pager_op_range(closed, op, self->vmo, 0, page, 0));
		EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_pager_op_range(self->pager, op, closed, 0, page, 0));
		EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_pager_op_range(self->vmo, op, self->vmo, 0, page, 0));
		EXPECT_ZX(ZX_ERR_WRONG_TYPE,
			  zx_pager_op_range(self->pager, op, self->pager, 0, page, 0));
		EXPECT_ZX(ZX_ERR_WRONG_TYPE,
			  zx_pager_op_range(self->pager, op, self->port, 0, page, 0));
		EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
			  zx_pager_op_range(self->pager, op, ro_vmo, 0, page, 0));
		EXPECT_ZX(ZX_ERR_INVALID_ARGS,
			  zx_pager_op_range(self->pager, op, self->anon, 0, page, 0));
		EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_op_range(pager2, op, self->vmo, 0, page, 0));
		EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_op_range(self->pager, op, vmo2, 0, page, 0));
		/* Alignment. */
		EXPECT_ZX(ZX_ERR_INVALID_ARGS,
			  zx_pager_op_range(self->pager, op, self->vmo, 1, page, 0));
		EXPECT_ZX(ZX_ERR_INVALID_ARGS,
			  zx_pager_op_range(self->pager, op, self->vmo, page, 1, 0));
		EXPECT_ZX(ZX_ERR_INVALID_ARGS,
			  zx_pager_op_range(self->pager, op, self->vmo, 0, page + 7, 0));
		/* Range. */
		EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
			  zx_pager_op_range(self->pager, op, self->vmo, 4 * page, page, 0));
		EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
			  zx_pager_op_range(self->pager, op, self->vmo, 0, 5 * page, 0));
		EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
			  zx_pager_op_range(self->pager, op, self->vmo, top, 2 * page, 0));
		/* Data. */
		for (j = 0; j < 5; j++)
			EXPECT_ZX(ZX_ERR_INVALID_ARGS,
				  zx_pager_op_range(self->pager, op, self->vmo, 0, 4 * page,
						    i == 0 ? bad_begin[j] : bad_end[j]));
	}
	/* No right to manage: refused for both. */
	ZXP_OK(zx_handle_replace(pager2, ZX_DEFAULT_PAGER_RIGHTS & ~ZX_RIGHT_MANAGE_VMO,
				 &small_pager));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_op_range(small_pager, ZX_PAGER_OP_WRITEBACK_BEGIN, vmo2, 0, page, 0));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_op_range(small_pager, ZX_PAGER_OP_WRITEBACK_END, vmo2, 0, page, 0));
	/* None of the refused BEGINs took effect: END leaves the page dirty. */
	ZXP_OK(wb_end(self->pager, self->vmo, 0, 4));
	EXPECT_DIRTY(self->pager, self->vmo, { 1, 1 });
	/* And the refused ENDs did not clean an AwaitingClean page. */
	ZXP_OK(wb_begin(self->pager, self->vmo, 0, 4));
	for (j = 0; j < 5; j++)
		EXPECT_ZX(ZX_ERR_INVALID_ARGS,
			  zx_pager_op_range(self->pager, ZX_PAGER_OP_WRITEBACK_END, self->vmo, 0,
					    4 * page, bad_end[j]));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_op_range(self->pager, ZX_PAGER_OP_WRITEBACK_END, ro_vmo, 0, page, 0));
	EXPECT_DIRTY(self->pager, self->vmo, { 1, 1 });
	ZXP_OK(wb_end(self->pager, self->vmo, 0, 4));
	EXPECT_CLEAN(self->pager, self->vmo);
	zx_handle_close_many((zx_handle_t[]){ ro_vmo, vmo2, small_pager }, 3);
}

/* ---- no data loss ---- */

#define SPAGES		32
#define WRITERS		3
#define MIN_WRITES	1500
#define MIN_ROUNDS	20
#define MAX_SECONDS	4

struct stress {
	zx_handle_t pager, vmo;
	volatile uint8_t *map;
	atomic_int stop;
	atomic_long writes;
	atomic_int rounds;
	atomic_int errors;
	uint64_t span;		/* writes fall in [0, span) */
	uint64_t max_len;	/* of one write */
};

struct writer {
	struct stress *st;
	pthread_t thread;
	uint64_t seed;
	bool use_map;
};

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void *writer_thread(void *arg)
{
	struct writer *w = arg;
	struct stress *st = w->st;
	uint8_t buf[512];

	while (!atomic_load(&st->stop)) {
		uint64_t r = xorshift(&w->seed);
		uint64_t len = 1 + r % st->max_len;
		uint64_t off = (r >> 16) % (st->span - len + 1);
		uint64_t i;

		for (i = 0; i < len; i++)
			buf[i] = (uint8_t)xorshift(&w->seed);
		if (w->use_map) {
			for (i = 0; i < len; i++)
				st->map[off + i] = buf[i];
		} else if (zx_vmo_write(st->vmo, buf, off, len) != ZX_OK) {
			st->errors++;
		}
		st->writes++;
	}
	return NULL;
}

/*
 * One writeback of the whole VMO into @shadow: BEGIN, query, copy each run
 * with zx_vmo_read, END. Returns the pages copied, or -1.
 */
static long writeback_round(zx_handle_t pager, zx_handle_t vmo, uint8_t *shadow)
{
	zx_vmo_dirty_range_t runs[MAX_RUNS];
	size_t n, i;
	long copied = 0;

	if (zx_pager_op_range(pager, ZX_PAGER_OP_WRITEBACK_BEGIN, vmo, 0, SPAGES * page, 0))
		return -1;
	if (query_all(pager, vmo, 0, SPAGES * page, 4, runs, &n, NULL))
		return -1;
	for (i = 0; i < n; i++) {
		if (runs[i].offset % page || runs[i].length % page || !runs[i].length ||
		    runs[i].offset + runs[i].length > SPAGES * page || runs[i].options)
			return -1;
		if (zx_vmo_read(vmo, shadow + runs[i].offset, runs[i].offset, runs[i].length))
			return -1;
		copied += runs[i].length / page;
	}
	if (zx_pager_op_range(pager, ZX_PAGER_OP_WRITEBACK_END, vmo, 0, SPAGES * page, 0))
		return -1;
	return copied;
}

/*
 * Writers write random bytes through a mapping and with zx_vmo_write while
 * a writeback loop copies what it is told is dirty into a shadow: after the
 * writers stop and a last writeback, the shadow is the VMO, byte for byte.
 * A write that races with BEGIN or END and is not reported dirty
 * afterwards shows up as a difference.
 */
static void stress(struct __test_metadata *_metadata, uint64_t span, uint64_t max_len)
{
	struct stress st = { .span = span, .max_len = max_len };
	struct writer w[WRITERS];
	zx_handle_t port;
	uint8_t *shadow, *final;
	zx_time_t deadline;
	long objects = 0, pages = 0, copied = 0, total = 0;
	int have_stats, i, busy = 0;
	uint64_t j, diff = 0, first_diff = 0;

	page = zx_system_get_page_size();
	have_stats = zxp_stats(&objects, &pages) == 0;
	shadow = malloc(SPAGES * page);
	final = malloc(SPAGES * page);
	ASSERT_NE(NULL, shadow);
	ASSERT_NE(NULL, final);
	ZXP_OK(zx_pager_create(0, &st.pager));
	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_pager_create_vmo(st.pager, 0, port, KEY, SPAGES * page, &st.vmo));
	ZXP_OK(supply(st.pager, st.vmo, 0, SPAGES * page));
	file_bytes(shadow, 0, SPAGES * page);	/* what the "disk" holds */
	st.map = map_vmo(st.vmo, SPAGES * page);
	ASSERT_NE(NULL, st.map);

	for (i = 0; i < WRITERS; i++) {
		w[i].st = &st;
		w[i].seed = 0x9e3779b97f4a7c15ull * (i + 1);
		w[i].use_map = i != WRITERS - 1;	/* the last one uses zx_vmo_write */
		pthread_create(&w[i].thread, NULL, writer_thread, &w[i]);
	}
	deadline = zx_deadline_after(ZX_SEC(MAX_SECONDS));
	/* Until enough writes and enough rounds that found something to write back. */
	while (atomic_load(&st.writes) < MIN_WRITES || busy < MIN_ROUNDS) {
		copied = writeback_round(st.pager, st.vmo, shadow);
		if (copied < 0)
			break;
		total += copied;
		busy += copied > 0;
		st.rounds++;
		if (zx_clock_get_monotonic() > deadline)
			break;
	}
	atomic_store(&st.stop, 1);
	for (i = 0; i < WRITERS; i++)
		pthread_join(w[i].thread, NULL);
	EXPECT_LE(0, copied);
	EXPECT_EQ(0, st.errors);
	TH_LOG("%ld writes, %d writeback rounds (%d busy), %ld pages written back",
	       (long)st.writes, (int)st.rounds, busy, total);
	EXPECT_LE(2, busy);

	/* The last writeback, after which nothing is dirty. */
	copied = writeback_round(st.pager, st.vmo, shadow);
	EXPECT_LE(0, copied);
	EXPECT_CLEAN(st.pager, st.vmo);
	ZXP_OK(zx_vmo_read(st.vmo, final, 0, SPAGES * page));
	for (j = 0; j < SPAGES * page; j++) {
		if (shadow[j] != final[j]) {
			if (!diff)
				first_diff = j;
			diff++;
		}
	}
	EXPECT_EQ(0, diff) {
		TH_LOG("%llu bytes differ, the first at %#llx (page %llu)",
		       (unsigned long long)diff, (unsigned long long)first_diff,
		       (unsigned long long)(first_diff / page));
	}
	diff = 0;
	for (j = 0; j < SPAGES * page; j++)
		diff += st.map[j] != final[j];
	EXPECT_EQ(0, diff) TH_LOG("the mapping differs from zx_vmo_read in %llu bytes",
				  (unsigned long long)diff);

	unmap_vmo(st.map, SPAGES * page);
	zx_handle_close_many((zx_handle_t[]){ st.vmo, st.pager, port }, 3);
	free(shadow);
	free(final);
	EXPECT_NO_LEAKS(have_stats, objects, pages);
}

/* Random writes of up to 512 bytes anywhere in the VMO. */
TEST(no_data_loss)
{
	page = zx_system_get_page_size();
	stress(_metadata, SPAGES * page, 512);
}

/*
 * Single bytes into two pages: nearly every write after a BEGIN is a new
 * write fault racing with the next BEGIN.
 */
TEST(no_data_loss_hot_pages)
{
	page = zx_system_get_page_size();
	stress(_metadata, 2 * page, 1);
}

TEST_HARNESS_MAIN
