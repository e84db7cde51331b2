// SPDX-License-Identifier: GPL-2.0
/*
 * ZX_VMO_TRAP_DIRTY: a write to a page that is not Dirty first sends a
 * ZX_PAGER_VMO_DIRTY request and waits for ZX_PAGER_OP_DIRTY (or a FAIL):
 * one page for a write through a mapping, each run of not-Dirty pages for
 * zx_vmo_write. Writes to Dirty pages go straight through; a write during
 * writeback traps again.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>
#include <zircon/syscalls-next.h>

#define PAGES	8
#define KEY	0xd1a7ull

static size_t page;

static __thread sigjmp_buf bus_jmp;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jmp, 1);
}

/* A writer: zx_vmo_write of @len bytes at @off, or a store through @map. */
struct writer {
	zx_handle_t vmo;
	volatile uint8_t *map;
	uint64_t off, len;
	zx_status_t status;	/* 1: SIGBUS through the mapping */
	pthread_t thread;
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	uint8_t buf[3 * 4096];

	memset(buf, 0xab, sizeof(buf));
	if (!w->map) {
		w->status = zx_vmo_write(w->vmo, buf, w->off, w->len);
		return NULL;
	}
	signal(SIGBUS, on_sigbus);
	if (sigsetjmp(bus_jmp, 1) == 0) {
		w->map[w->off] = 0xab;
		w->status = ZX_OK;
	} else {
		w->status = 1;
	}
	return NULL;
}

static void start(struct __test_metadata *_metadata, struct writer *w)
{
	ASSERT_EQ(0, pthread_create(&w->thread, NULL, writer_main, w));
}

#define ASSERT_PACKET(port, cmd, off, len)                                      \
	do {                                                                    \
		zx_port_packet_t _p;                                            \
		ASSERT_ZX(ZX_OK, zx_port_wait(port, zx_deadline_after(ZX_SEC(5)), &_p)); \
		EXPECT_EQ(KEY, _p.key);                                         \
		EXPECT_EQ((cmd), _p.page_request.command);                      \
		EXPECT_EQ((uint64_t)(off), _p.page_request.offset);             \
		EXPECT_EQ((uint64_t)(len), _p.page_request.length);             \
	} while (0)

#define EXPECT_NO_PACKET(port)                                                  \
	do {                                                                    \
		zx_port_packet_t _p;                                            \
		EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &_p));        \
	} while (0)

FIXTURE(td) {
	zx_handle_t pager, port, vmo, aux;
	volatile uint8_t *map;
	zx_vaddr_t addr;
	long objects, pages;
	int have_stats;
};

FIXTURE_SETUP(td)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, ZX_VMO_TRAP_DIRTY, self->port, KEY,
				   PAGES * page, &self->vmo));
	/* Pages 0-5 supplied (committed), 6 supplied as a zero page, 7 missing. */
	ZXP_OK(zx_vmo_create(PAGES * page, 0, &self->aux));
	ZXP_OK(zx_vmo_op_range(self->aux, ZX_VMO_OP_COMMIT, 0, 6 * page, NULL, 0));
	ZXP_OK(zx_pager_supply_pages(self->pager, self->vmo, 0, 7 * page, self->aux, 0));
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0,
			   self->vmo, 0, PAGES * page, &self->addr));
	self->map = (volatile uint8_t *)self->addr;
}

FIXTURE_TEARDOWN(td)
{
	zx_vmar_unmap(zx_vmar_root_self(), self->addr, PAGES * page);
	zx_handle_close_many((zx_handle_t[]){ self->vmo, self->aux, self->port, self->pager }, 4);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

static size_t dirty_runs(FIXTURE_DATA(td) *self)
{
	zx_vmo_dirty_range_t r[PAGES];
	size_t actual = 0, avail = 0;

	zx_pager_query_dirty_ranges(self->pager, self->vmo, 0, PAGES * page, r, sizeof(r),
				    &actual, &avail);
	return avail;
}

TEST_F(td, mapping_write_asks_for_its_page)
{
	struct writer w = { .map = self->map, .off = 2 * page + 5 };
	zx_pager_vmo_stats_t stats;

	/* Reads never trap. */
	EXPECT_EQ(0, self->map[3 * page]);
	EXPECT_NO_PACKET(self->port);
	start(_metadata, &w);
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_DIRTY, 2 * page, page);
	EXPECT_EQ(0, dirty_runs(self));
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, 2 * page, page, 0));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	ZXP_OK(w.status);
	EXPECT_EQ(0xab, self->map[2 * page + 5]);
	EXPECT_EQ(1, dirty_runs(self));
	/* Dirty now: the next writes go straight through. */
	self->map[2 * page + 6] = 1;
	EXPECT_NO_PACKET(self->port);
	ZXP_OK(zx_pager_query_vmo_stats(self->pager, self->vmo, 0, &stats, sizeof(stats)));
	EXPECT_EQ(ZX_PAGER_VMO_STATS_MODIFIED, stats.modified);
}

/* One DIRTY request per run of not-Dirty pages; missing pages are read first. */
TEST_F(td, vmo_write_asks_for_each_run)
{
	struct writer w = { .vmo = self->vmo, .off = 0, .len = 3 * page };

	/* Page 1 made Dirty without a request. */
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, page, page, 0));
	EXPECT_NO_PACKET(self->port);
	/* Pages 0 and 2 are clean, 1 is Dirty: two runs. */
	start(_metadata, &w);
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_DIRTY, 0, page);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, 0, page, 0));
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_DIRTY, 2 * page, page);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, 2 * page, page, 0));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	ZXP_OK(w.status);
	EXPECT_EQ(1, dirty_runs(self));
}

TEST_F(td, missing_page_is_read_then_dirtied)
{
	struct writer w = { .vmo = self->vmo, .off = 7 * page, .len = 10 };

	start(_metadata, &w);
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_READ, 7 * page, page);
	ZXP_OK(zx_pager_supply_pages(self->pager, self->vmo, 7 * page, page, self->aux, 0));
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_DIRTY, 7 * page, page);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, 7 * page, page, 0));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	ZXP_OK(w.status);
}

TEST_F(td, zero_page_traps_too)
{
	struct writer w = { .map = self->map, .off = 6 * page };

	start(_metadata, &w);
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_DIRTY, 6 * page, page);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, 6 * page, page, 0));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	ZXP_OK(w.status);
	EXPECT_EQ(0xab, self->map[6 * page]);
}

TEST_F(td, failed_dirty_request)
{
	struct writer m = { .map = self->map, .off = 4 * page };
	struct writer v = { .vmo = self->vmo, .off = 5 * page, .len = 1 };

	start(_metadata, &m);
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_DIRTY, 4 * page, page);
	start(_metadata, &v);
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_DIRTY, 5 * page, page);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, self->vmo, 4 * page, 2 * page,
				 (uint64_t)ZX_ERR_NO_SPACE));
	ASSERT_EQ(0, pthread_join(m.thread, NULL));
	ASSERT_EQ(0, pthread_join(v.thread, NULL));
	EXPECT_EQ(1, m.status);				/* SIGBUS */
	EXPECT_ZX(ZX_ERR_NO_SPACE, v.status);
	EXPECT_EQ(0, self->map[4 * page]);		/* nothing written */
	EXPECT_EQ(0, dirty_runs(self));
}

/* A write between WRITEBACK_BEGIN and END traps again, and stays Dirty. */
TEST_F(td, write_during_writeback_traps_again)
{
	struct writer w = { .map = self->map, .off = 3 * page };

	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, 3 * page, page, 0));
	self->map[3 * page] = 1;
	EXPECT_NO_PACKET(self->port);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_WRITEBACK_BEGIN, self->vmo, 0,
				 PAGES * page, 0));
	start(_metadata, &w);
	ASSERT_PACKET(self->port, ZX_PAGER_VMO_DIRTY, 3 * page, page);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, 3 * page, page, 0));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	ZXP_OK(w.status);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_WRITEBACK_END, self->vmo, 0,
				 PAGES * page, 0));
	EXPECT_EQ(1, dirty_runs(self));
}

TEST_F(td, op_dirty_errors)
{
	zx_handle_t plain;
	zx_pager_vmo_stats_t stats;

	/* Not a TRAP_DIRTY VMO. */
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, page, &plain));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED,
		  zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, plain, 0, page, 0));
	zx_handle_close(plain);
	/* Page 7 was never supplied: nothing changes. */
	EXPECT_ZX(ZX_ERR_NOT_FOUND, zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo,
						      6 * page, 2 * page, 0));
	EXPECT_EQ(0, dirty_runs(self));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY,
							 self->vmo, 0, page, 1));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY,
							 self->vmo, 1, page, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY,
							 self->vmo, 0, 9 * page, 0));
	/* Usable without a request; not a write: "modified" stays clear. */
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo, 0, 2 * page, 0));
	EXPECT_EQ(1, dirty_runs(self));
	ZXP_OK(zx_pager_query_vmo_stats(self->pager, self->vmo, 0, &stats, sizeof(stats)));
	EXPECT_EQ(0, stats.modified);
	/* After detach: BAD_STATE, and the dirty pages stay. */
	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_pager_op_range(self->pager, ZX_PAGER_OP_DIRTY, self->vmo,
						      0, page, 0));
	EXPECT_EQ(1, dirty_runs(self));
}

TEST_HARNESS_MAIN
