// SPDX-License-Identifier: GPL-2.0
/*
 * Zircon's core pager tests (zircon/system/utest/core/pager/pager.cc),
 * ported for the cases pager_test.c does not cover. Where Zircon runs a
 * case through both access paths, so does this file: the "pg" fixture has
 * a zx_vmo_read variant and a mapping variant, in which a reader thread
 * touches a mapping of the VMO byte by byte and a failed page is SIGBUS at
 * the faulting address. The test's own thread plays the pager: it reads
 * each packet itself, with a bounded wait, so it can check every request.
 * A reader is known to be blocked when its wchan is zxpager's wait.
 *
 * Where Zircon and zxpager differ by design (docs/libzx.md, semantics.md),
 * the test follows zxpager and says so.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define PAGES	16
#define KEY	0x5a5a0001ull

static size_t page;

/* The byte at @off of the test's "file". */
static uint8_t file_byte(uint64_t off)
{
	return (uint8_t)(off * 7 + (off >> 12) + 1);
}

/* Whether @buf holds the file's bytes at [off, off + len), xor @salt. */
static bool content_ok(const uint8_t *buf, uint64_t off, uint64_t len, uint8_t salt)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != (file_byte(off + i) ^ salt))
			return false;
	return true;
}

/*
 * Supply [off, off + len) of @vmo with the file's bytes xor @salt, taken
 * from offset @aux_off of a fresh aux VMO.
 */
static zx_status_t supply_from(zx_handle_t pager, zx_handle_t vmo, uint64_t off, uint64_t len,
			       uint64_t aux_off, uint8_t salt)
{
	uint8_t *buf = malloc(len);
	zx_handle_t aux = ZX_HANDLE_INVALID;
	zx_status_t st;
	uint64_t i;

	if (!buf)
		return ZX_ERR_NO_MEMORY;
	for (i = 0; i < len; i++)
		buf[i] = file_byte(off + i) ^ salt;
	st = zx_vmo_create(aux_off + len, 0, &aux);
	if (!st)
		st = zx_vmo_write(aux, buf, aux_off, len);
	if (!st)
		st = zx_pager_supply_pages(pager, vmo, off, len, aux, aux_off);
	zx_handle_close(aux);
	free(buf);
	return st;
}

static zx_status_t supply(zx_handle_t pager, zx_handle_t vmo, uint64_t off, uint64_t len)
{
	return supply_from(pager, vmo, off, len, 0, 0);
}

static zx_status_t fail(zx_handle_t pager, zx_handle_t vmo, uint64_t off, uint64_t len,
			zx_status_t code)
{
	return zx_pager_op_range(pager, ZX_PAGER_OP_FAIL, vmo, off, len, (uint64_t)(int64_t)code);
}

/* ---- packets ---- */

static zx_status_t next_packet(zx_handle_t port, zx_port_packet_t *pkt)
{
	return zx_port_wait(port, zx_deadline_after(ZX_SEC(5)), pkt);
}

/* The next packet must come within 5 s and be this page request. */
#define ASSERT_PACKET(port_, key_, cmd_, off_, len_)                            \
	do {                                                                    \
		zx_port_packet_t _pkt;                                          \
		ASSERT_ZX(ZX_OK, next_packet(port_, &_pkt));                    \
		EXPECT_EQ((uint64_t)(key_), _pkt.key);                          \
		EXPECT_EQ(ZX_PKT_TYPE_PAGE_REQUEST, _pkt.type);                 \
		EXPECT_EQ((cmd_), _pkt.page_request.command);                   \
		EXPECT_EQ((uint64_t)(off_), _pkt.page_request.offset);          \
		EXPECT_EQ((uint64_t)(len_), _pkt.page_request.length);          \
	} while (0)

#define ASSERT_READ(port, key, off, len) \
	ASSERT_PACKET(port, key, ZX_PAGER_VMO_READ, off, len)
#define ASSERT_COMPLETE(port, key) \
	ASSERT_PACKET(port, key, ZX_PAGER_VMO_COMPLETE, 0, 0)

/* Nothing is in the port now. */
#define EXPECT_NO_PACKET(port)                                                  \
	do {                                                                    \
		zx_port_packet_t _pkt;                                          \
		EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &_pkt));      \
	} while (0)

/* ---- readers ---- */

/* A mapping reader's status after SIGBUS: no zx_status_t is positive. */
#define SIGBUSED	1

static __thread sigjmp_buf bus_jmp;
static __thread void *volatile bus_addr;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	bus_addr = si->si_addr;
	siglongjmp(bus_jmp, 1);
}

/*
 * A thread that reads [off, off + len) of a VMO: with zx_vmo_read, or
 * through @map (byte by byte, so the first fault of each page is at its
 * first byte in the range), or commits it (@commit).
 */
struct reader {
	zx_handle_t vmo;
	volatile uint8_t *map;
	bool commit;
	uint64_t off, len;
	zx_status_t status;
	void *fault_addr;
	pid_t tid;
	atomic_int started, done;
	pthread_t thread;
	uint8_t *buf;
};

static void *reader_thread(void *arg)
{
	struct reader *r = arg;
	uint64_t i;

	r->tid = (pid_t)syscall(SYS_gettid);
	atomic_store(&r->started, 1);
	if (r->commit) {
		r->status = zx_vmo_op_range(r->vmo, ZX_VMO_OP_COMMIT, r->off, r->len, NULL, 0);
	} else if (!r->map) {
		r->status = zx_vmo_read(r->vmo, r->buf, r->off, r->len);
	} else if (sigsetjmp(bus_jmp, 1) == 0) {
		for (i = 0; i < r->len; i++)
			r->buf[i] = r->map[r->off + i];
		r->status = ZX_OK;
	} else {
		r->status = SIGBUSED;
		r->fault_addr = bus_addr;
	}
	atomic_store(&r->done, 1);
	return NULL;
}

static void reader_spawn(struct reader *r, zx_handle_t vmo, volatile uint8_t *map, uint64_t off,
			 uint64_t len, bool commit)
{
	r->vmo = vmo;
	r->map = map;
	r->commit = commit;
	r->off = off;
	r->len = len;
	r->status = ZX_ERR_INTERNAL;
	r->fault_addr = NULL;
	r->buf = malloc(len);
	atomic_store(&r->started, 0);
	atomic_store(&r->done, 0);
	pthread_create(&r->thread, NULL, reader_thread, r);
	while (!atomic_load(&r->started))
		sched_yield();
}

/*
 * Wait (at most 5 s) until thread @tid sleeps waiting for the pager: its
 * wchan names zxpager's wait. -1 if it never does, or has exited.
 */
static int wait_blocked(pid_t tid)
{
	return zxp_wait_blocked(tid, zx_deadline_after(ZX_SEC(5)));
}

/* A reader that must block on the pager: 0 once it does. */
static int reader_start(struct reader *r, zx_handle_t vmo, volatile uint8_t *map, uint64_t off,
			uint64_t len)
{
	reader_spawn(r, vmo, map, off, len, false);
	return wait_blocked(r->tid);
}

static int commit_start(struct reader *r, zx_handle_t vmo, uint64_t off, uint64_t len)
{
	reader_spawn(r, vmo, NULL, off, len, true);
	return wait_blocked(r->tid);
}

/* Join reader @r, which must have read the file's bytes. */
#define JOIN_OK(r)                                                              \
	do {                                                                    \
		pthread_join((r)->thread, NULL);                                \
		EXPECT_ZX(ZX_OK, (r)->status);                                  \
		if (!(r)->commit)                                               \
			EXPECT_TRUE(content_ok((r)->buf, (r)->off, (r)->len, 0)); \
		free((r)->buf);                                                 \
	} while (0)

/*
 * Join reader @r, which must have failed: status @code from a syscall;
 * through a mapping, SIGBUS at the byte of VMO offset @at.
 */
#define JOIN_FAILED(r, code, at)                                                \
	do {                                                                    \
		pthread_join((r)->thread, NULL);                                \
		if ((r)->map) {                                                 \
			EXPECT_EQ(SIGBUSED, (r)->status);                       \
			EXPECT_EQ((void *)((r)->map + (at)), (r)->fault_addr);  \
		} else {                                                        \
			EXPECT_ZX((code), (r)->status);                         \
		}                                                               \
		free((r)->buf);                                                 \
	} while (0)

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

/* @vmo's mapping in the mapping variant (asserted), else NULL. */
#define MAP(vmo, size, out)                                                     \
	do {                                                                    \
		(out) = NULL;                                                   \
		if (variant->mapped) {                                          \
			(out) = map_vmo((vmo), (size));                         \
			ASSERT_NE(NULL, (out));                                 \
		}                                                               \
	} while (0)

/* One pager, port and PAGES-page VMO; mapped in the mapping variant. */
FIXTURE(pg) {
	zx_handle_t pager, port, vmo;
	volatile uint8_t *map;
	long objects, pages;
	int have_stats;
};

/* For helpers shared by two tests, which take the fixture's data. */
typedef FIXTURE_DATA(pg) pg_data_t;

FIXTURE_VARIANT(pg) {
	bool mapped;
};

FIXTURE_VARIANT_ADD(pg, vmo_read) {
	.mapped = false,
};

FIXTURE_VARIANT_ADD(pg, mapping) {
	.mapped = true,
};

FIXTURE_SETUP(pg)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };

	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, PAGES * page, &self->vmo));
	MAP(self->vmo, PAGES * page, self->map);
	ASSERT_EQ(0, sigaction(SIGBUS, &sa, NULL));
}

FIXTURE_TEARDOWN(pg)
{
	unmap_vmo(self->map, PAGES * page);
	zx_handle_close(self->vmo);
	zx_handle_close(self->pager);
	zx_handle_close(self->port);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

/*
 * Expect the requests a reader of pages [first, end) makes, and supply
 * each: one for the run through zx_vmo_read, one per page through a
 * mapping (a fault asks for its page only).
 */
#define SERVE_RUN(first, end)                                                   \
	do {                                                                    \
		uint64_t _p, _n = variant->mapped ? 1 : (end) - (first);        \
		for (_p = (first); _p < (end); _p += _n) {                      \
			ASSERT_READ(self->port, KEY, _p * page, _n * page);     \
			ZXP_OK(supply(self->pager, self->vmo, _p * page, _n * page)); \
		}                                                               \
	} while (0)

/* Zircon SinglePageTest. */
TEST_F(pg, single_page)
{
	struct reader r;

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 3 * page + 100, 64));
	ASSERT_READ(self->port, KEY, 3 * page, page);
	ZXP_OK(supply(self->pager, self->vmo, 3 * page, page));
	JOIN_OK(&r);
	EXPECT_NO_PACKET(self->port);
}

/* Zircon UncommittedSinglePageTest: an empty aux page answers with zeros. */
TEST_F(pg, uncommitted_supply)
{
	zx_handle_t empty;
	struct reader r;
	uint64_t i;
	int zero = 1;

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, page));
	ASSERT_READ(self->port, KEY, 0, page);
	ZXP_OK(zx_vmo_create(page, 0, &empty));
	ZXP_OK(zx_pager_supply_pages(self->pager, self->vmo, 0, page, empty, 0));
	zx_handle_close(empty);
	pthread_join(r.thread, NULL);
	EXPECT_ZX(ZX_OK, r.status);
	for (i = 0; i < page; i++)
		zero &= r.buf[i] == 0;
	EXPECT_TRUE(zero);
	free(r.buf);
	EXPECT_NO_PACKET(self->port);
}

/* Zircon PresupplyTest: supplied pages need no request. */
TEST_F(pg, presupply)
{
	struct reader r;

	ZXP_OK(supply(self->pager, self->vmo, 0, 2 * page));
	reader_spawn(&r, self->vmo, self->map, 0, 2 * page, false);
	JOIN_OK(&r);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon EarlySupplyTest: a supply between the request and the pager
 * reading it pulls the request back; the next packet is the next reader's.
 */
TEST_F(pg, early_supply)
{
	struct reader r1, r2;

	ASSERT_EQ(0, reader_start(&r1, self->vmo, self->map, 0, 10));
	ZXP_OK(supply(self->pager, self->vmo, 0, page));
	JOIN_OK(&r1);
	ASSERT_EQ(0, reader_start(&r2, self->vmo, self->map, page, 10));
	ASSERT_READ(self->port, KEY, page, page);
	ZXP_OK(supply(self->pager, self->vmo, page, page));
	JOIN_OK(&r2);
	EXPECT_NO_PACKET(self->port);
}

/* Part of the range supplied before the reader comes: only the holes are asked for. */
TEST_F(pg, partial_presupply)
{
	struct reader r;

	ZXP_OK(supply(self->pager, self->vmo, 2 * page, page));
	ZXP_OK(supply(self->pager, self->vmo, 5 * page, page));
	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, 8 * page));
	SERVE_RUN(0, 2);
	SERVE_RUN(3, 5);
	SERVE_RUN(6, 8);
	JOIN_OK(&r);
	EXPECT_NO_PACKET(self->port);
}

/* Zircon SequentialMultipageTest. */
TEST_F(pg, sequential_multipage)
{
	struct reader r;

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, PAGES * page));
	SERVE_RUN(0, PAGES);
	JOIN_OK(&r);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon ConcurrentMultipageAccessTest: readers of different pages all
 * blocked at once, each with its own request; one supply answers them all.
 */
TEST_F(pg, concurrent_multipage)
{
	struct reader r[4];
	int i;

	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, reader_start(&r[i], self->vmo, self->map, i * page, page));
	for (i = 0; i < 4; i++)
		ASSERT_READ(self->port, KEY, i * page, page);
	EXPECT_NO_PACKET(self->port);
	ZXP_OK(supply(self->pager, self->vmo, 0, 4 * page));
	for (i = 0; i < 4; i++)
		JOIN_OK(&r[i]);
	EXPECT_NO_PACKET(self->port);
}

/* Zircon ConcurrentOverlappingAccessTest: many readers of one page, one request. */
TEST_F(pg, concurrent_same_page)
{
	struct reader r[8];
	int i;

	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, reader_start(&r[i], self->vmo, self->map, 2 * page + i * 8, 8));
	ASSERT_READ(self->port, KEY, 2 * page, page);
	EXPECT_NO_PACKET(self->port);
	ZXP_OK(supply(self->pager, self->vmo, 2 * page, page));
	for (i = 0; i < 8; i++)
		JOIN_OK(&r[i]);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Readers whose ranges overlap (as in Zircon EarlyWakeOverlappingRequests):
 * no page is ever asked for while a request for it is outstanding, nor once
 * it is present. The pager reads every packet it can before supplying the
 * oldest outstanding request, so overlapping requests would be seen.
 */
TEST_F(pg, overlapping_readers)
{
	static const uint64_t ranges[][2] = { { 4, 8 }, { 0, 12 }, { 6, 10 }, { 2, 6 } };
	static const uint64_t first_req[2][4][2] = {
		{ { 4, 8 }, { 0, 4 } },
		{ { 4, 5 }, { 0, 1 }, { 6, 7 }, { 2, 3 } },
	};
	enum { MISSING, ASKED, PRESENT } state[PAGES] = { MISSING };
	struct { uint64_t first, end; } out[PAGES];
	zx_time_t deadline = zx_deadline_after(ZX_SEC(10));
	struct reader r[4];
	zx_port_packet_t pkt;
	int i, n, nout = 0, packets = 0, packets_before_supply = 0, done;
	uint64_t p, first, end;
	zx_status_t st;

	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, reader_start(&r[i], self->vmo, self->map, ranges[i][0] * page,
					  (ranges[i][1] - ranges[i][0]) * page));
	for (;;) {
		st = zx_port_wait(self->port, nout ? 0 : zx_deadline_after(ZX_MSEC(20)), &pkt);
		if (st == ZX_OK) {
			ASSERT_EQ(KEY, pkt.key);
			ASSERT_EQ(ZX_PAGER_VMO_READ, pkt.page_request.command);
			first = pkt.page_request.offset / page;
			end = first + pkt.page_request.length / page;
			ASSERT_LT(first, end);
			ASSERT_LE(end, PAGES);
			for (p = first; p < end; p++) {
				EXPECT_EQ(MISSING, state[p]) {
					TH_LOG("page %lu asked for again", (unsigned long)p);
				}
				state[p] = ASKED;
			}
			out[nout].first = first;
			out[nout++].end = end;
			packets++;
			continue;
		}
		ASSERT_ZX(ZX_ERR_TIMED_OUT, st);
		if (!packets_before_supply) {
			/*
			 * All four readers are blocked, on distinct requests.
			 * zx_vmo_read: B's run stops at A's outstanding [4, 8);
			 * C and D join A's and B's. A mapping: one page each.
			 */
			packets_before_supply = packets;
			ASSERT_EQ(variant->mapped ? 4 : 2, nout);
			for (i = 0; i < nout; i++) {
				EXPECT_EQ(first_req[variant->mapped][i][0], out[i].first);
				EXPECT_EQ(first_req[variant->mapped][i][1], out[i].end);
			}
		}
		if (nout) {
			ZXP_OK(supply(self->pager, self->vmo, out[0].first * page,
				      (out[0].end - out[0].first) * page));
			for (p = out[0].first; p < out[0].end; p++)
				state[p] = PRESENT;
			memmove(out, out + 1, --nout * sizeof(out[0]));
			continue;
		}
		for (n = done = 0; n < 4; n++)
			done += atomic_load(&r[n].done);
		if (done == 4)
			break;
		ASSERT_LT(zx_clock_get_monotonic(), deadline);
	}
	for (i = 0; i < 4; i++)
		JOIN_OK(&r[i]);
	EXPECT_NO_PACKET(self->port);
}

/* Zircon BulkSingleSupplyTest: one supply answers many blocked readers. */
TEST_F(pg, bulk_supply)
{
	struct reader r[8];
	int i;

	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, reader_start(&r[i], self->vmo, self->map, i * page, page));
		ASSERT_READ(self->port, KEY, i * page, page);
	}
	ZXP_OK(supply(self->pager, self->vmo, 0, 8 * page));
	for (i = 0; i < 8; i++)
		JOIN_OK(&r[i]);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon BulkOddLengthSupplyTest / BulkOddOffsetSupplyTest: supplies of
 * odd lengths, from odd offsets of the aux VMO, each for a group of
 * readers blocked on one page each.
 */
TEST_F(pg, bulk_odd_supply)
{
	static const uint64_t lengths[] = { 2, 3, 5, 1, 3 };
	struct reader r[5];
	uint64_t off = 0, j;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lengths); i++) {
		for (j = 0; j < lengths[i]; j++) {
			ASSERT_EQ(0, reader_start(&r[j], self->vmo, self->map, (off + j) * page, page));
			ASSERT_READ(self->port, KEY, (off + j) * page, page);
		}
		/* Every other supply takes its pages from the aux VMO's offset @off. */
		ZXP_OK(supply_from(self->pager, self->vmo, off * page, lengths[i] * page,
				   i & 1 ? off * page : 0, 0));
		for (j = 0; j < lengths[i]; j++)
			JOIN_OK(&r[j]);
		off += lengths[i];
	}
	EXPECT_NO_PACKET(self->port);
}

/*
 * A request answered by supplies that do not line up with it, [1, 3), then
 * [0, 1), then [3, 4): the reader wakes only once all its pages are there.
 */
TEST_F(pg, odd_offset_supply)
{
	struct reader r;

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, 4 * page));
	ASSERT_READ(self->port, KEY, 0, variant->mapped ? page : 4 * page);
	ZXP_OK(supply(self->pager, self->vmo, page, 2 * page));
	EXPECT_NO_PACKET(self->port);
	EXPECT_FALSE(atomic_load(&r.done));
	ZXP_OK(supply(self->pager, self->vmo, 0, page));
	/* A mapping reader gets past pages 1 and 2, then faults on 3. */
	if (variant->mapped)
		ASSERT_READ(self->port, KEY, 3 * page, page);
	EXPECT_NO_PACKET(self->port);
	EXPECT_FALSE(atomic_load(&r.done));
	ZXP_OK(supply(self->pager, self->vmo, 3 * page, page));
	JOIN_OK(&r);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon OverlapSupplyTest: a supply over present pages keeps them; the
 * earlier supply's content stays, before a reader comes and while one waits.
 */
TEST_F(pg, overlapping_supply)
{
	struct reader r;

	ZXP_OK(supply_from(self->pager, self->vmo, 0, page, 0, 0x5a));
	ZXP_OK(supply(self->pager, self->vmo, 0, 2 * page));
	reader_spawn(&r, self->vmo, self->map, 0, 2 * page, false);
	pthread_join(r.thread, NULL);
	EXPECT_ZX(ZX_OK, r.status);
	EXPECT_TRUE(content_ok(r.buf, 0, page, 0x5a));
	EXPECT_TRUE(content_ok(r.buf + page, page, page, 0));
	free(r.buf);
	EXPECT_NO_PACKET(self->port);

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 4 * page, 4 * page));
	ASSERT_READ(self->port, KEY, 4 * page, variant->mapped ? page : 4 * page);
	ZXP_OK(supply_from(self->pager, self->vmo, 5 * page, page, 0, 0x5a));
	ZXP_OK(supply(self->pager, self->vmo, 4 * page, 4 * page));
	pthread_join(r.thread, NULL);
	EXPECT_ZX(ZX_OK, r.status);
	EXPECT_TRUE(content_ok(r.buf, 4 * page, page, 0));
	EXPECT_TRUE(content_ok(r.buf + page, 5 * page, page, 0x5a));
	EXPECT_TRUE(content_ok(r.buf + 2 * page, 6 * page, 2 * page, 0));
	free(r.buf);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon ManyRequestTest: 64 readers blocked at once, each on its own
 * page; every request is seen exactly once and each supply frees its reader.
 */
TEST_F(pg, many_requests)
{
	enum { N = 64 };
	struct reader *r = calloc(N, sizeof(*r));
	volatile uint8_t *map;
	bool seen[N] = { false };
	zx_port_packet_t pkt;
	zx_handle_t vmo;
	uint64_t p;
	int i;

	ASSERT_NE(NULL, r);
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY + 1, N * page, &vmo));
	MAP(vmo, N * page, map);
	for (i = 0; i < N; i++)
		ASSERT_EQ(0, reader_start(&r[i], vmo, map, i * page + i, 16));
	for (i = 0; i < N; i++) {
		ASSERT_ZX(ZX_OK, next_packet(self->port, &pkt));
		ASSERT_EQ(KEY + 1, pkt.key);
		ASSERT_EQ(ZX_PAGER_VMO_READ, pkt.page_request.command);
		ASSERT_EQ(page, pkt.page_request.length);
		p = pkt.page_request.offset / page;
		ASSERT_LT(p, N);
		ASSERT_FALSE(seen[p]);
		seen[p] = true;
		ZXP_OK(supply(self->pager, vmo, p * page, page));
		JOIN_OK(&r[p]);
	}
	EXPECT_NO_PACKET(self->port);
	unmap_vmo(map, N * page);
	zx_handle_close(vmo);
	ASSERT_COMPLETE(self->port, KEY + 1);
	free(r);
}

/* Zircon SuccessiveVmoTest: one VMO after another on one pager and port. */
TEST_F(pg, successive_vmos)
{
	volatile uint8_t *map;
	struct reader r;
	zx_handle_t vmo;
	uint64_t key;

	for (key = KEY + 1; key <= KEY + 8; key++) {
		ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, key, page, &vmo));
		MAP(vmo, page, map);
		ASSERT_EQ(0, reader_start(&r, vmo, map, 0, 64));
		ASSERT_READ(self->port, key, 0, page);
		ZXP_OK(supply(self->pager, vmo, 0, page));
		JOIN_OK(&r);
		unmap_vmo(map, page);
		ZXP_OK(zx_handle_close(vmo));
		ASSERT_COMPLETE(self->port, key);
	}
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon MultipleConcurrentVmoTest: VMOs sharing a port, each with a
 * blocked reader; the keys tell their requests apart and each is served.
 */
TEST_F(pg, concurrent_vmos)
{
	enum { N = 4 };
	volatile uint8_t *map[N];
	zx_port_packet_t pkt;
	zx_handle_t vmo[N];
	struct reader r[N];
	int i, completes = 0;

	for (i = 0; i < N; i++) {
		ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY + 1 + i, 2 * page,
					   &vmo[i]));
		MAP(vmo[i], 2 * page, map[i]);
		ASSERT_EQ(0, reader_start(&r[i], vmo[i], map[i], page, 2));
		ASSERT_READ(self->port, KEY + 1 + i, page, page);
	}
	/* Served in the other order: each VMO's reader waits for its own. */
	for (i = N - 1; i >= 0; i--) {
		ZXP_OK(supply(self->pager, vmo[i], page, page));
		JOIN_OK(&r[i]);
	}
	EXPECT_NO_PACKET(self->port);
	for (i = 0; i < N; i++) {
		unmap_vmo(map[i], 2 * page);
		zx_handle_close(vmo[i]);
	}
	for (i = 0; i < N; i++) {
		ASSERT_ZX(ZX_OK, next_packet(self->port, &pkt));
		EXPECT_EQ(ZX_PAGER_VMO_COMPLETE, pkt.page_request.command);
		if (pkt.key >= KEY + 1 && pkt.key <= KEY + N)
			completes |= 1 << (pkt.key - KEY - 1);
	}
	EXPECT_EQ((1 << N) - 1, completes);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon FailSinglePage and FailErrorCode: each code FAIL accepts reaches
 * both a commit and a reader waiting on the request (SIGBUS through a
 * mapping); no further request follows.
 */
TEST_F(pg, fail_each_code)
{
	static const zx_status_t codes[] = { ZX_ERR_IO, ZX_ERR_IO_DATA_INTEGRITY,
					     ZX_ERR_BAD_STATE, ZX_ERR_NO_SPACE,
					     ZX_ERR_BUFFER_TOO_SMALL };
	struct reader c, r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		ASSERT_EQ(0, commit_start(&c, self->vmo, 0, 4 * page));
		/* It joins the commit's request, through either path. */
		ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, 4 * page));
		ASSERT_READ(self->port, KEY, 0, 4 * page);
		ZXP_OK(fail(self->pager, self->vmo, 0, 4 * page, codes[i]));
		JOIN_FAILED(&c, codes[i], 0);
		JOIN_FAILED(&r, codes[i], 0);
		EXPECT_NO_PACKET(self->port);
	}
}

/* FAIL with no request outstanding is OK and leaves nothing behind. */
TEST_F(pg, fail_without_request)
{
	struct reader r;

	ZXP_OK(fail(self->pager, self->vmo, 0, PAGES * page, ZX_ERR_IO));
	EXPECT_NO_PACKET(self->port);
	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, 2 * page));
	SERVE_RUN(0, 2);
	JOIN_OK(&r);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon FailOverlappingRangeRead: requests [0, 2), [9, 11) and [5, 7),
 * and FAIL of [1, 10), which touches each. zxpager fails every request the
 * range touches, whole, at once (docs/libzx.md, op_range). Zircon now
 * fails only the failed pages' waiters and lets the others ask again; the
 * end is the same here: everything overlapping [1, 10) fails.
 *
 * Through a mapping the requests are single pages, [0, 1), [9, 10) and
 * [5, 6): the first survives the FAIL, the reader goes on to page 1 once
 * page 0 is supplied, and FAIL of its new request stops it there.
 */
TEST_F(pg, fail_part_of_request)
{
	struct reader a, b, c, x;

	ASSERT_EQ(0, reader_start(&a, self->vmo, self->map, 0, 2 * page));
	ASSERT_READ(self->port, KEY, 0, variant->mapped ? page : 2 * page);
	ASSERT_EQ(0, reader_start(&b, self->vmo, self->map, 9 * page, 2 * page));
	ASSERT_READ(self->port, KEY, 9 * page, variant->mapped ? page : 2 * page);
	ASSERT_EQ(0, reader_start(&c, self->vmo, self->map, 5 * page, 2 * page));
	ASSERT_READ(self->port, KEY, 5 * page, variant->mapped ? page : 2 * page);
	/* Waits on a's request for page 0 only, outside the failed range. */
	ASSERT_EQ(0, reader_start(&x, self->vmo, self->map, 10, 10));
	EXPECT_NO_PACKET(self->port);

	ZXP_OK(fail(self->pager, self->vmo, page, 9 * page, ZX_ERR_IO));
	JOIN_FAILED(&b, ZX_ERR_IO, 9 * page);
	JOIN_FAILED(&c, ZX_ERR_IO, 5 * page);
	if (!variant->mapped) {
		zx_port_packet_t pkt;

		/*
		 * As in Zircon, only the waiters of failed pages fail. a and
		 * x wait for page 0: their request [0, 2) ended, so they ask
		 * again, in one request from page 0 ([0, 1) or [0, 2),
		 * whichever of them asks first).
		 */
		ASSERT_ZX(ZX_OK, next_packet(self->port, &pkt));
		EXPECT_EQ(ZX_PAGER_VMO_READ, pkt.page_request.command);
		EXPECT_EQ(0, pkt.page_request.offset);
		ZXP_OK(supply(self->pager, self->vmo, 0, 2 * page));
		JOIN_OK(&a);
		JOIN_OK(&x);
	} else {
		ZXP_OK(supply(self->pager, self->vmo, 0, page));
	}
	ZXP_OK(supply(self->pager, self->vmo, 10 * page, page));
	if (variant->mapped) {
		JOIN_OK(&x);
		ASSERT_READ(self->port, KEY, page, page);
		ZXP_OK(fail(self->pager, self->vmo, page, 9 * page, ZX_ERR_IO));
		JOIN_FAILED(&a, ZX_ERR_IO, page);
	}
	EXPECT_NO_PACKET(self->port);
}

/* Zircon SupplyAfterFail: a FAIL is not fatal; the range can be supplied next time. */
TEST_F(pg, supply_after_fail)
{
	struct reader r;

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, 4 * page));
	ASSERT_READ(self->port, KEY, 0, variant->mapped ? page : 4 * page);
	ZXP_OK(fail(self->pager, self->vmo, 0, 4 * page, ZX_ERR_IO));
	JOIN_FAILED(&r, ZX_ERR_IO, 0);
	EXPECT_NO_PACKET(self->port);

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, 4 * page));
	ASSERT_READ(self->port, KEY, 0, variant->mapped ? page : 4 * page);
	ZXP_OK(supply(self->pager, self->vmo, 0, 4 * page));
	JOIN_OK(&r);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon ReadDetachInterruptEarlyTest / LateTest: detach before or after
 * the pager read the request; the reader fails with BAD_STATE (SIGBUS),
 * the unread request is pulled back, and exactly one COMPLETE follows,
 * also once the VMO is closed.
 */
static void detach_interrupt(struct __test_metadata *_metadata, pg_data_t *self, bool late)
{
	struct reader r;

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 100, 10));
	if (late)
		ASSERT_READ(self->port, KEY, 0, page);
	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	JOIN_FAILED(&r, ZX_ERR_BAD_STATE, 100);
	ASSERT_COMPLETE(self->port, KEY);
	EXPECT_NO_PACKET(self->port);
	unmap_vmo(self->map, PAGES * page);
	self->map = NULL;
	ZXP_OK(zx_handle_close(self->vmo));
	self->vmo = ZX_HANDLE_INVALID;
	EXPECT_NO_PACKET(self->port);
}

TEST_F(pg, detach_interrupt_early)
{
	detach_interrupt(_metadata, self, false);
}

TEST_F(pg, detach_interrupt_late)
{
	detach_interrupt(_metadata, self, true);
}

/*
 * Zircon DetachNonMappingAccess: a read across two pages, the first
 * supplied, then detach: the read fails (through a mapping, at page 1).
 */
TEST_F(pg, detach_part_supplied)
{
	struct reader r;

	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, page - 4, 8));
	if (variant->mapped) {
		ASSERT_READ(self->port, KEY, 0, page);
		ZXP_OK(supply(self->pager, self->vmo, 0, page));
		ASSERT_READ(self->port, KEY, page, page);
	} else {
		ASSERT_READ(self->port, KEY, 0, 2 * page);
		ZXP_OK(supply(self->pager, self->vmo, 0, page));
	}
	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	JOIN_FAILED(&r, ZX_ERR_BAD_STATE, page);
	ASSERT_COMPLETE(self->port, KEY);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon ReadCloseInterruptEarlyTest / LateTest and ClosePagerTest:
 * closing the pager fails the waiting reader, sends nothing (not even
 * COMPLETE when the VMO goes), and keeps supplied pages readable.
 */
static void close_pager_interrupt(struct __test_metadata *_metadata, pg_data_t *self, bool late)
{
	struct reader r;

	ZXP_OK(supply(self->pager, self->vmo, page, page));
	ASSERT_EQ(0, reader_start(&r, self->vmo, self->map, 0, 10));
	if (late)
		ASSERT_READ(self->port, KEY, 0, page);
	ZXP_OK(zx_handle_close(self->pager));
	self->pager = ZX_HANDLE_INVALID;
	JOIN_FAILED(&r, ZX_ERR_BAD_STATE, 0);
	EXPECT_NO_PACKET(self->port);

	reader_spawn(&r, self->vmo, self->map, page, page, false);
	JOIN_OK(&r);
	/* A missing page fails at once: nobody can supply it. */
	reader_spawn(&r, self->vmo, self->map, 2 * page + 1, 1, false);
	JOIN_FAILED(&r, ZX_ERR_BAD_STATE, 2 * page + 1);

	unmap_vmo(self->map, PAGES * page);
	self->map = NULL;
	ZXP_OK(zx_handle_close(self->vmo));
	self->vmo = ZX_HANDLE_INVALID;
	EXPECT_NO_PACKET(self->port);
}

TEST_F(pg, close_pager_interrupt_early)
{
	close_pager_interrupt(_metadata, self, false);
}

TEST_F(pg, close_pager_interrupt_late)
{
	close_pager_interrupt(_metadata, self, true);
}

/*
 * Zircon ClosePortTest: with the port closed, supply still serves readers
 * blocked before and pages supplied after; a reader blocked since then
 * (its request undeliverable) is released by detach.
 */
TEST_F(pg, close_port)
{
	struct reader r1, r2, r;

	ASSERT_EQ(0, reader_start(&r1, self->vmo, self->map, 0, 10));
	ZXP_OK(zx_handle_close(self->port));
	self->port = ZX_HANDLE_INVALID;
	ZXP_OK(supply(self->pager, self->vmo, page, page));
	reader_spawn(&r, self->vmo, self->map, page, page, false);
	JOIN_OK(&r);
	ASSERT_EQ(0, reader_start(&r2, self->vmo, self->map, 2 * page, 10));
	ZXP_OK(supply(self->pager, self->vmo, 0, page));
	JOIN_OK(&r1);
	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	JOIN_FAILED(&r2, ZX_ERR_BAD_STATE, 2 * page);
}

/*
 * Zircon ClosePageCompleteTest: the VMO's end sends one COMPLETE. A
 * mapping keeps the VMO (and its pages) alive after its last handle
 * closes: COMPLETE comes with the unmap.
 */
TEST_F(pg, close_vmo_sends_complete)
{
	struct reader r;

	ZXP_OK(supply(self->pager, self->vmo, 0, page));
	ZXP_OK(zx_handle_close(self->vmo));
	self->vmo = ZX_HANDLE_INVALID;
	if (variant->mapped) {
		EXPECT_NO_PACKET(self->port);
		reader_spawn(&r, ZX_HANDLE_INVALID, self->map, 0, page, false);
		JOIN_OK(&r);
		EXPECT_NO_PACKET(self->port);
		unmap_vmo(self->map, PAGES * page);
		self->map = NULL;
	}
	ASSERT_COMPLETE(self->port, KEY);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon SupplyAfterDetach: after detach, supply and FAIL are BAD_STATE,
 * an access fails at once, and no request is ever made.
 */
TEST_F(pg, supply_after_detach)
{
	struct reader r;

	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	ASSERT_COMPLETE(self->port, KEY);
	EXPECT_ZX(ZX_ERR_BAD_STATE, supply(self->pager, self->vmo, 0, PAGES * page));
	EXPECT_ZX(ZX_ERR_BAD_STATE, fail(self->pager, self->vmo, 0, page, ZX_ERR_IO));
	reader_spawn(&r, self->vmo, self->map, 3 * page, 10, false);
	JOIN_FAILED(&r, ZX_ERR_BAD_STATE, 3 * page);
	EXPECT_NO_PACKET(self->port);
}

/* ---- cases without a mapping path: commits and arguments ---- */

FIXTURE(pg1) {
	zx_handle_t pager, port, vmo;
	long objects, pages;
	int have_stats;
};

FIXTURE_SETUP(pg1)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, PAGES * page, &self->vmo));
}

FIXTURE_TEARDOWN(pg1)
{
	zx_handle_close(self->vmo);
	zx_handle_close(self->pager);
	zx_handle_close(self->port);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

/*
 * Zircon SplitCommitTest / PresentPageSplitsRange: a commit asks for each
 * missing run, one after another.
 */
TEST_F(pg1, commit_batches)
{
	zx_info_vmo_t info;
	struct reader c;

	ZXP_OK(supply(self->pager, self->vmo, 2 * page, page));
	ZXP_OK(supply(self->pager, self->vmo, 5 * page, page));
	ASSERT_EQ(0, commit_start(&c, self->vmo, 0, 8 * page));
	ASSERT_READ(self->port, KEY, 0, 2 * page);
	EXPECT_NO_PACKET(self->port);
	ZXP_OK(supply(self->pager, self->vmo, 0, 2 * page));
	ASSERT_READ(self->port, KEY, 3 * page, 2 * page);
	ZXP_OK(supply(self->pager, self->vmo, 3 * page, 2 * page));
	ASSERT_READ(self->port, KEY, 6 * page, 2 * page);
	ZXP_OK(supply(self->pager, self->vmo, 6 * page, 2 * page));
	JOIN_OK(&c);
	EXPECT_NO_PACKET(self->port);
	ZXP_OK(zx_object_get_info(self->vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(8 * page, info.committed_bytes);
}

/* Zircon OverlapCommitTest: overlapping commits make no redundant request. */
TEST_F(pg1, overlap_commit)
{
	struct reader c1, c2;

	ASSERT_EQ(0, commit_start(&c1, self->vmo, 4 * page, 8 * page));
	ASSERT_READ(self->port, KEY, 4 * page, 8 * page);
	ASSERT_EQ(0, commit_start(&c2, self->vmo, 0, PAGES * page));
	ASSERT_READ(self->port, KEY, 0, 4 * page);
	ZXP_OK(supply(self->pager, self->vmo, 0, 12 * page));
	ASSERT_READ(self->port, KEY, 12 * page, 4 * page);
	ZXP_OK(supply(self->pager, self->vmo, 12 * page, 4 * page));
	JOIN_OK(&c1);
	JOIN_OK(&c2);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon MultisupplyCommitTest and CommitRedundantSupplyTest: one request
 * answered page by page, and one answered by ever longer overlapping supplies.
 */
TEST_F(pg1, multisupply_commit)
{
	struct reader c;
	uint64_t i;

	ASSERT_EQ(0, commit_start(&c, self->vmo, 0, 8 * page));
	ASSERT_READ(self->port, KEY, 0, 8 * page);
	for (i = 0; i < 8; i++)
		ZXP_OK(supply(self->pager, self->vmo, i * page, page));
	JOIN_OK(&c);

	ASSERT_EQ(0, commit_start(&c, self->vmo, 8 * page, 8 * page));
	ASSERT_READ(self->port, KEY, 8 * page, 8 * page);
	for (i = 1; i <= 8; i++)
		ZXP_OK(supply(self->pager, self->vmo, 8 * page, i * page));
	JOIN_OK(&c);
	EXPECT_NO_PACKET(self->port);
}

/* Zircon MulticommitSupplyTest: supplies across commits' requests serve them all. */
TEST_F(pg1, multicommit_supply)
{
	struct reader c[3];
	int i;

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, commit_start(&c[i], self->vmo, i * 5 * page, 5 * page));
		ASSERT_READ(self->port, KEY, i * 5 * page, 5 * page);
	}
	for (i = 0; i < 5; i++)
		ZXP_OK(supply(self->pager, self->vmo, i * 3 * page, 3 * page));
	for (i = 0; i < 3; i++)
		JOIN_OK(&c[i]);
	EXPECT_NO_PACKET(self->port);
}

/*
 * Zircon FailMultipleCommits: one FAIL ends many requests, and many
 * waiters of one request.
 */
TEST_F(pg1, fail_multiple_commits)
{
	struct reader c[8];
	int i;

	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, commit_start(&c[i], self->vmo, i * page, page));
		ASSERT_READ(self->port, KEY, i * page, page);
	}
	ZXP_OK(fail(self->pager, self->vmo, 0, 8 * page, ZX_ERR_IO));
	for (i = 0; i < 8; i++)
		JOIN_FAILED(&c[i], ZX_ERR_IO, 0);
	EXPECT_NO_PACKET(self->port);

	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, commit_start(&c[i], self->vmo, 0, 8 * page));
	ASSERT_READ(self->port, KEY, 0, 8 * page);
	EXPECT_NO_PACKET(self->port);
	ZXP_OK(fail(self->pager, self->vmo, 0, 8 * page, ZX_ERR_IO));
	for (i = 0; i < 8; i++)
		JOIN_FAILED(&c[i], ZX_ERR_IO, 0);
	EXPECT_NO_PACKET(self->port);
}

/* Zircon FailRedundant: FAILs after the first find nothing, and are OK. */
TEST_F(pg1, fail_redundant)
{
	struct reader c;
	uint64_t i;

	ASSERT_EQ(0, commit_start(&c, self->vmo, 0, 8 * page));
	ASSERT_READ(self->port, KEY, 0, 8 * page);
	for (i = 0; i < 8; i++)
		ZXP_OK(fail(self->pager, self->vmo, i * page, page, ZX_ERR_IO));
	JOIN_FAILED(&c, ZX_ERR_IO, 0);
	EXPECT_NO_PACKET(self->port);
}

/* Zircon FailMultipleVmos: a FAIL reaches only its own VMO. */
TEST_F(pg1, fail_multiple_vmos)
{
	struct reader c1, c2;
	zx_handle_t vmo2;

	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY + 1, page, &vmo2));
	ASSERT_EQ(0, commit_start(&c1, self->vmo, 0, page));
	ASSERT_READ(self->port, KEY, 0, page);
	ASSERT_EQ(0, commit_start(&c2, vmo2, 0, page));
	ASSERT_READ(self->port, KEY + 1, 0, page);
	ZXP_OK(fail(self->pager, self->vmo, 0, page, ZX_ERR_IO));
	JOIN_FAILED(&c1, ZX_ERR_IO, 0);
	EXPECT_EQ(0, wait_blocked(c2.tid));
	EXPECT_FALSE(atomic_load(&c2.done));
	ZXP_OK(fail(self->pager, vmo2, 0, page, ZX_ERR_NO_SPACE));
	JOIN_FAILED(&c2, ZX_ERR_NO_SPACE, 0);
	EXPECT_NO_PACKET(self->port);
	zx_handle_close(vmo2);
	ASSERT_COMPLETE(self->port, KEY + 1);
}

/*
 * Zircon FailAfterDetach: detach fails the commit; FAIL afterwards is
 * BAD_STATE (newer Zircon; semantics.md), and no request follows.
 */
TEST_F(pg1, fail_after_detach)
{
	struct reader c;

	ASSERT_EQ(0, commit_start(&c, self->vmo, 0, 11 * page));
	ASSERT_READ(self->port, KEY, 0, 11 * page);
	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	JOIN_FAILED(&c, ZX_ERR_BAD_STATE, 0);
	ASSERT_COMPLETE(self->port, KEY);
	EXPECT_ZX(ZX_ERR_BAD_STATE, fail(self->pager, self->vmo, 0, 11 * page, ZX_ERR_IO));
	EXPECT_NO_PACKET(self->port);
}

/* Zircon DetachClosePagerTest: closing the pager after a detach is harmless. */
TEST_F(pg1, detach_then_close_pager)
{
	uint8_t b;

	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	ASSERT_COMPLETE(self->port, KEY);
	ZXP_OK(zx_handle_close(self->pager));
	self->pager = ZX_HANDLE_INVALID;
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_vmo_read(self->vmo, &b, 0, 1));
	ZXP_OK(zx_handle_close(self->vmo));
	self->vmo = ZX_HANDLE_INVALID;
	EXPECT_NO_PACKET(self->port);
}

/* A fd that is no zxpager handle at all. */
static zx_handle_t not_a_handle(int fds[2])
{
	if (pipe(fds))
		return ZX_HANDLE_INVALID;
	return (zx_handle_t)fds[0];
}

/* Zircon InvalidPagerCreate / InvalidPagerCreateVmo, beyond pager_test.c's. */
TEST_F(pg1, invalid_create)
{
	zx_handle_t vmo, ro_port, anon, pager2, closed;
	int fds[2];

	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_create(~0u, &vmo));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_create_vmo(self->pager, ~0u, self->port, 0, page, &vmo));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_create_vmo(self->pager, 0, self->port, 0, page, NULL));

	/* Bad handles: invalid, closed, not a zxpager fd. */
	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_pager_create_vmo(ZX_HANDLE_INVALID, 0, self->port, 0, page, &vmo));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_pager_create_vmo(self->pager, 0, ZX_HANDLE_INVALID, 0, page, &vmo));
	ZXP_OK(zx_pager_create(0, &closed));
	ZXP_OK(zx_handle_close(closed));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_pager_create_vmo(closed, 0, self->port, 0, page, &vmo));
	ASSERT_NE(ZX_HANDLE_INVALID, not_a_handle(fds));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_pager_create_vmo(self->pager, 0, (zx_handle_t)fds[0], 0, page, &vmo));
	close(fds[0]);
	close(fds[1]);

	/* Wrong types: a VMO for the pager, and for the port. */
	ZXP_OK(zx_vmo_create(page, 0, &anon));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_pager_create_vmo(anon, 0, self->port, 0, page, &vmo));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_pager_create_vmo(self->pager, 0, anon, 0, page, &vmo));

	/* Rights: WRITE on the port, ATTACH_VMO on the pager. */
	ZXP_OK(zx_handle_duplicate(self->port, ZX_DEFAULT_PORT_RIGHTS & ~ZX_RIGHT_WRITE, &ro_port));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_create_vmo(self->pager, 0, ro_port, 0, page, &vmo));
	ZXP_OK(zx_pager_create(0, &pager2));
	ZXP_OK(zx_handle_replace(pager2, ZX_DEFAULT_PAGER_RIGHTS & ~ZX_RIGHT_ATTACH_VMO, &pager2));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_pager_create_vmo(pager2, 0, self->port, 0, page, &vmo));

	/* A size that rounds up past 2^64. */
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_create_vmo(self->pager, 0, self->port, 0, (UINT64_MAX & ~(page - 1)) + 1,
				      &vmo));
	EXPECT_NO_PACKET(self->port);
	zx_handle_close_many((zx_handle_t[]){ ro_port, anon, pager2 }, 3);
}

/* Zircon InvalidPagerDetachVmo, beyond pager_test.c's. */
TEST_F(pg1, invalid_detach)
{
	zx_handle_t ro_vmo, anon, pager2, vmo2, no_attach, no_manage;

	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_pager_detach_vmo(ZX_HANDLE_INVALID, self->vmo));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_pager_detach_vmo(self->pager, ZX_HANDLE_INVALID));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_pager_detach_vmo(self->vmo, self->vmo));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_pager_detach_vmo(self->pager, self->pager));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_pager_detach_vmo(self->pager, self->port));

	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &ro_vmo));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_pager_detach_vmo(self->pager, ro_vmo));
	ZXP_OK(zx_vmo_create(page, 0, &anon));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_detach_vmo(self->pager, anon));

	/* Detach needs both ATTACH_VMO and MANAGE_VMO. */
	ZXP_OK(zx_pager_create(0, &pager2));
	ZXP_OK(zx_pager_create_vmo(pager2, 0, self->port, KEY + 1, page, &vmo2));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_detach_vmo(pager2, self->vmo));
	ZXP_OK(zx_handle_replace(pager2, ZX_DEFAULT_PAGER_RIGHTS & ~ZX_RIGHT_ATTACH_VMO,
				 &no_attach));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_pager_detach_vmo(no_attach, vmo2));
	ZXP_OK(zx_handle_replace(no_attach, ZX_RIGHT_INSPECT | ZX_RIGHT_MANAGE_VMO, &no_manage));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_pager_detach_vmo(no_manage, vmo2));

	/* None of these detached anything. */
	EXPECT_NO_PACKET(self->port);
	zx_handle_close_many((zx_handle_t[]){ ro_vmo, anon, vmo2, no_manage }, 4);
	ASSERT_COMPLETE(self->port, KEY + 1);
}

/* Zircon InvalidPagerSupplyPages, beyond pager_test.c's. */
TEST_F(pg1, invalid_supply)
{
	zx_handle_t aux, ro_aux, wo_aux, ro_vmo, pager2, vmo2, vmo3;
	uint64_t top = UINT64_MAX & ~(page - 1);
	uint8_t b;

	ZXP_OK(zx_vmo_create(page, 0, &aux));
	ZXP_OK(zx_vmo_op_range(aux, ZX_VMO_OP_COMMIT, 0, page, NULL, 0));

	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_pager_supply_pages(ZX_HANDLE_INVALID, self->vmo, 0, 0, aux, 0));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_pager_supply_pages(self->pager, ZX_HANDLE_INVALID, 0, 0, aux, 0));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_pager_supply_pages(self->pager, self->vmo, 0, 0, ZX_HANDLE_INVALID, 0));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_pager_supply_pages(self->vmo, self->vmo, 0, 0, aux, 0));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_pager_supply_pages(self->pager, self->pager, 0, 0, aux, 0));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_pager_supply_pages(self->pager, self->vmo, 0, 0, self->port, 0));

	/* The VMO is checked before the aux VMO. */
	ZXP_OK(zx_pager_create(0, &pager2));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_supply_pages(pager2, self->vmo, 0, 0, ZX_HANDLE_INVALID, 0));

	/* Rights: READ and WRITE on aux, WRITE on the pager VMO. */
	ZXP_OK(zx_handle_duplicate(aux, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &ro_aux));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_supply_pages(self->pager, self->vmo, 0, page, ro_aux, 0));
	ZXP_OK(zx_handle_duplicate(aux, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_READ, &wo_aux));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_supply_pages(self->pager, self->vmo, 0, page, wo_aux, 0));
	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &ro_vmo));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_supply_pages(self->pager, ro_vmo, 0, page, aux, 0));

	/* Misaligned length; out of range and wrapping ranges on either side. */
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_supply_pages(self->pager, self->vmo, 0, 1, aux, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_supply_pages(self->pager, self->vmo, 0, page, aux, page));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_supply_pages(self->pager, self->vmo, top, 2 * page, aux, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_supply_pages(self->pager, self->vmo, 0, page, aux, top));

	/* A pager VMO as aux, holding a page: of this pager or of another. */
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY + 1, page, &vmo2));
	ZXP_OK(supply(self->pager, vmo2, 0, page));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED,
		  zx_pager_supply_pages(self->pager, self->vmo, 0, page, vmo2, 0));
	ZXP_OK(zx_pager_create_vmo(pager2, 0, self->port, KEY + 2, page, &vmo3));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED,
		  zx_pager_supply_pages(self->pager, self->vmo, 0, page, vmo3, 0));

	/* Nothing was supplied: page 0 is still missing (FAIL answers its read). */
	{
		struct reader r;

		ASSERT_EQ(0, reader_start(&r, self->vmo, NULL, 0, 1));
		ASSERT_READ(self->port, KEY, 0, page);
		ZXP_OK(fail(self->pager, self->vmo, 0, page, ZX_ERR_IO));
		JOIN_FAILED(&r, ZX_ERR_IO, 0);
	}
	/* And the aux VMO kept its page. */
	ZXP_OK(zx_vmo_read(vmo2, &b, 0, 1));
	EXPECT_EQ(file_byte(0), b);
	zx_handle_close_many((zx_handle_t[]){ aux, ro_aux, wo_aux, ro_vmo, vmo2, vmo3, pager2 }, 7);
}

/* Zircon InvalidPagerOpRange, beyond pager_test.c's fail_arguments. */
TEST_F(pg1, invalid_op_range)
{
	zx_handle_t anon, pager2, ro_vmo;
	uint64_t top = UINT64_MAX & ~(page - 1);

	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_pager_op_range(ZX_HANDLE_INVALID, ZX_PAGER_OP_FAIL, self->vmo, 0, 0, 0));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, ZX_HANDLE_INVALID, 0, 0, 0));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_pager_op_range(self->vmo, ZX_PAGER_OP_FAIL, self->vmo, 0, 0, 0));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, self->pager, 0, 0, 0));

	ZXP_OK(zx_vmo_create(page, 0, &anon));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, anon, 0, 0, 0));
	ZXP_OK(zx_pager_create(0, &pager2));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_op_range(pager2, ZX_PAGER_OP_FAIL, self->vmo, 0, 0, 0));

	/* op_range needs WRITE on the VMO. */
	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, &ro_vmo));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, fail(self->pager, ro_vmo, 0, page, ZX_ERR_IO));

	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, self->vmo, 0, 1, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, fail(self->pager, self->vmo, top, 2 * page, ZX_ERR_IO));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, self->vmo,
							 0, 0, 0x11ffffffffull));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, self->vmo, 0, 0, 10));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, zx_pager_op_range(self->pager, 0, self->vmo, 0, 0, 0));
	zx_handle_close_many((zx_handle_t[]){ anon, pager2, ro_vmo }, 3);
}

TEST_HARNESS_MAIN
