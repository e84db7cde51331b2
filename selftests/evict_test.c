// SPDX-License-Identifier: GPL-2.0
/*
 * Eviction and the hints: clean pager pages can be evicted (here on demand,
 * through the test-only debugfs file zxpager/evict) and are asked for
 * again; Dirty, AwaitingClean and ALWAYS_NEED pages never are; DONT_NEED
 * pages go first; PREFETCH and ALWAYS_NEED read missing pages in.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define PAGES	8
#define KEY	0xe71c7ull
#define EVICT	"/sys/kernel/debug/zxpager/evict"

static size_t page;

static uint8_t byte_at(uint64_t off)
{
	return (uint8_t)(off * 13 + (off >> 12) + 5);
}

/* Evict up to @n evictable pages (0: all). */
static int evict(unsigned int n)
{
	char buf[32];
	int fd = open(EVICT, O_WRONLY | O_CLOEXEC), len, ok;

	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%u\n", n);
	ok = write(fd, buf, (size_t)len) == len;
	close(fd);
	return ok ? 0 : -1;
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
			buf[i] = byte_at(off + o + i);
		st = zx_vmo_write(aux, buf, o, sizeof(buf));
	}
	if (!st)
		st = zx_pager_supply_pages(pager, vmo, off, len, aux, 0);
	zx_handle_close(aux);
	return st;
}

struct op {
	zx_handle_t vmo;
	uint32_t op;		/* 0: zx_vmo_read of one byte */
	uint64_t off, len;
	zx_status_t status;
	uint8_t byte;
	pthread_t thread;
};

static void *op_main(void *arg)
{
	struct op *o = arg;

	if (o->op)
		o->status = zx_vmo_op_range(o->vmo, o->op, o->off, o->len, NULL, 0);
	else
		o->status = zx_vmo_read(o->vmo, &o->byte, o->off, 1);
	return NULL;
}

FIXTURE(ev) {
	zx_handle_t pager, port, vmo;
	long objects, pages;
	int have_stats;
};

FIXTURE_SETUP(ev)
{
	struct stat st;

	if (stat(EVICT, &st))
		SKIP(return, "no " EVICT " (debugfs not mounted?)");
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, PAGES * page, &self->vmo));
}

FIXTURE_TEARDOWN(ev)
{
	zx_handle_close_many((zx_handle_t[]){ self->vmo, self->port, self->pager }, 3);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

/* Nothing is asked for: page @pg reads at once, from memory. */
#define EXPECT_RESIDENT(pg)                                                     \
	do {                                                                    \
		zx_port_packet_t _pkt;                                          \
		uint8_t _b;                                                     \
		ZXP_OK(zx_vmo_read(self->vmo, &_b, (pg) * page, 1));           \
		EXPECT_EQ(byte_at((pg) * page), _b);                            \
		EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->port, 0, &_pkt)); \
	} while (0)

/*
 * Page @pg was evicted: reading it asks for it again (READ of that page),
 * which is answered, and the byte is right.
 */
#define EXPECT_ASKED_AGAIN(pg)                                                  \
	do {                                                                    \
		struct op _o = { .vmo = self->vmo, .off = (pg) * page };       \
		zx_port_packet_t _pkt;                                          \
		ASSERT_EQ(0, pthread_create(&_o.thread, NULL, op_main, &_o));   \
		ASSERT_ZX(ZX_OK, zx_port_wait(self->port,                       \
					      zx_deadline_after(ZX_SEC(5)), &_pkt)); \
		EXPECT_EQ(ZX_PAGER_VMO_READ, _pkt.page_request.command);       \
		EXPECT_EQ((pg) * page, _pkt.page_request.offset);              \
		ZXP_OK(supply(self->pager, self->vmo, _pkt.page_request.offset, \
			      _pkt.page_request.length));                       \
		ASSERT_EQ(0, pthread_join(_o.thread, NULL));                    \
		ZXP_OK(_o.status);                                              \
		EXPECT_EQ(byte_at((pg) * page), _o.byte);                       \
	} while (0)

TEST_F(ev, clean_pages_are_evicted_and_asked_again)
{
	zx_info_vmo_t info;

	ZXP_OK(supply(self->pager, self->vmo, 0, PAGES * page));
	ZXP_OK(zx_object_get_info(self->vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(PAGES * page, info.committed_bytes);
	ASSERT_EQ(0, evict(0));
	ZXP_OK(zx_object_get_info(self->vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(0, info.committed_bytes);
	EXPECT_ASKED_AGAIN(0);
	EXPECT_ASKED_AGAIN(5);
}

TEST_F(ev, mapped_page_faults_in_again)
{
	zx_port_packet_t pkt;
	volatile uint8_t *p;
	zx_vaddr_t addr;
	struct op o;

	ZXP_OK(supply(self->pager, self->vmo, 0, PAGES * page));
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, self->vmo, 0,
			   PAGES * page, &addr));
	p = (volatile uint8_t *)addr;
	EXPECT_EQ(byte_at(2 * page + 9), p[2 * page + 9]);
	ASSERT_EQ(0, evict(0));
	/* The mapping lost the page too: a reader faults and asks again. */
	memset(&o, 0, sizeof(o));
	o.vmo = self->vmo;
	o.off = 2 * page;
	ASSERT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->port, 0, &pkt));
	ASSERT_EQ(0, pthread_create(&o.thread, NULL, op_main, &o));
	ASSERT_ZX(ZX_OK, zx_port_wait(self->port, zx_deadline_after(ZX_SEC(5)), &pkt));
	EXPECT_EQ(2 * page, pkt.page_request.offset);
	ZXP_OK(supply(self->pager, self->vmo, 2 * page, page));
	ASSERT_EQ(0, pthread_join(o.thread, NULL));
	EXPECT_EQ(byte_at(2 * page + 9), p[2 * page + 9]);
	ZXP_OK(zx_vmar_unmap(zx_vmar_root_self(), addr, PAGES * page));
}

TEST_F(ev, dirty_and_awaiting_clean_pages_stay)
{
	uint8_t b = byte_at(page);

	ZXP_OK(supply(self->pager, self->vmo, 0, PAGES * page));
	/* Page 1 Dirty (same byte written back), page 3 AwaitingClean. */
	ZXP_OK(zx_vmo_write(self->vmo, &b, page, 1));
	b = byte_at(3 * page);
	ZXP_OK(zx_vmo_write(self->vmo, &b, 3 * page, 1));
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_WRITEBACK_BEGIN, self->vmo,
				 3 * page, page, 0));
	ASSERT_EQ(0, evict(0));
	EXPECT_RESIDENT(1);
	EXPECT_RESIDENT(3);
	EXPECT_ASKED_AGAIN(0);
	/* Clean again after END: evictable again. */
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_WRITEBACK_END, self->vmo,
				 3 * page, page, 0));
	ASSERT_EQ(0, evict(0));
	EXPECT_RESIDENT(1);
	EXPECT_ASKED_AGAIN(3);
}

TEST_F(ev, always_need_reads_in_and_stays)
{
	zx_port_packet_t pkt;
	struct op o = { .vmo = self->vmo, .op = ZX_VMO_OP_ALWAYS_NEED,
			.off = 2 * page, .len = 2 * page };

	/* Missing pages are asked for; the op returns once they are in. */
	ASSERT_EQ(0, pthread_create(&o.thread, NULL, op_main, &o));
	ASSERT_ZX(ZX_OK, zx_port_wait(self->port, zx_deadline_after(ZX_SEC(5)), &pkt));
	EXPECT_EQ(ZX_PAGER_VMO_READ, pkt.page_request.command);
	EXPECT_EQ(2 * page, pkt.page_request.offset);
	EXPECT_EQ(2 * page, pkt.page_request.length);
	ZXP_OK(supply(self->pager, self->vmo, 0, PAGES * page));
	ASSERT_EQ(0, pthread_join(o.thread, NULL));
	ZXP_OK(o.status);
	ASSERT_EQ(0, evict(0));
	EXPECT_RESIDENT(2);
	EXPECT_RESIDENT(3);
	EXPECT_ASKED_AGAIN(4);
}

TEST_F(ev, prefetch_reads_in_with_read_rights)
{
	zx_port_packet_t pkt;
	zx_handle_t ro;
	struct op o = { .op = ZX_VMO_OP_PREFETCH, .off = 0, .len = 3 * page };

	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_RIGHT_READ, &ro));
	o.vmo = ro;
	ASSERT_EQ(0, pthread_create(&o.thread, NULL, op_main, &o));
	ASSERT_ZX(ZX_OK, zx_port_wait(self->port, zx_deadline_after(ZX_SEC(5)), &pkt));
	EXPECT_EQ(0, pkt.page_request.offset);
	EXPECT_EQ(3 * page, pkt.page_request.length);
	ZXP_OK(supply(self->pager, self->vmo, 0, 3 * page));
	ASSERT_EQ(0, pthread_join(o.thread, NULL));
	ZXP_OK(o.status);
	EXPECT_RESIDENT(1);
	zx_handle_close(ro);
}

TEST_F(ev, dont_need_goes_first)
{
	ZXP_OK(supply(self->pager, self->vmo, 0, 2 * page));	/* older */
	ZXP_OK(supply(self->pager, self->vmo, 4 * page, page));	/* newer */
	/* Without the hint, the oldest would go first; with it, page 4. */
	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_DONT_NEED, 4 * page, page, NULL, 0));
	ASSERT_EQ(0, evict(1));
	EXPECT_RESIDENT(0);
	EXPECT_RESIDENT(1);
	EXPECT_ASKED_AGAIN(4);
}

/* Hints never commit or drop anything on anonymous VMOs. */
TEST_F(ev, hints_on_anonymous_vmos)
{
	zx_info_vmo_t info;
	zx_handle_t anon;

	ZXP_OK(zx_vmo_create(4 * page, 0, &anon));
	ZXP_OK(zx_vmo_write(anon, "x", page, 1));
	ZXP_OK(zx_vmo_op_range(anon, ZX_VMO_OP_PREFETCH, 0, 4 * page, NULL, 0));
	ZXP_OK(zx_vmo_op_range(anon, ZX_VMO_OP_ALWAYS_NEED, 0, 4 * page, NULL, 0));
	ZXP_OK(zx_vmo_op_range(anon, ZX_VMO_OP_DONT_NEED, 0, 4 * page, NULL, 0));
	ASSERT_EQ(0, evict(0));
	ZXP_OK(zx_object_get_info(anon, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(page, info.committed_bytes);
	zx_handle_close(anon);
}

TEST_HARNESS_MAIN
