// SPDX-License-Identifier: GPL-2.0
/*
 * The pager: page requests through zx_vmo_read and through mapping faults,
 * supply, fail, detach, closing the VMO, the pager or the port, and the
 * wait timeout. A thread of the test plays the pager; readers are other
 * threads, and a reader is known to be blocked when its task state is 'S'.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define PAGES	16
#define KEY	0x5a5a0001ull
#define STOP_KEY 0xdeadull

static size_t page;

/* The byte at @off of the test's "file". */
static uint8_t file_byte(uint64_t off)
{
	return (uint8_t)(off * 7 + (off >> 12) + 1);
}

static zx_status_t supply(zx_handle_t pager, zx_handle_t vmo, uint64_t off, uint64_t len)
{
	uint8_t buf[4096];
	zx_handle_t aux;
	zx_status_t st;
	uint64_t o, i;

	st = zx_vmo_create(len, 0, &aux);
	if (st)
		return st;
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

/* What the pager thread does with READ requests. */
enum mode { SUPPLY, FAIL, IGNORE };

struct pager {
	zx_handle_t pager, port, vmo;
	enum mode mode;
	int64_t fail_code;
	pthread_t thread;
	atomic_int reads, completes;
	uint64_t last_offset, last_length;
	int bad_packets;
};

static void *pager_thread(void *arg)
{
	struct pager *p = arg;
	zx_port_packet_t pkt;

	while (zx_port_wait(p->port, ZX_TIME_INFINITE, &pkt) == ZX_OK) {
		if (pkt.key == STOP_KEY)
			break;
		if (pkt.key != KEY || pkt.type != ZX_PKT_TYPE_PAGE_REQUEST) {
			p->bad_packets++;
			continue;
		}
		if (pkt.page_request.command == ZX_PAGER_VMO_COMPLETE) {
			p->completes++;
			continue;
		}
		p->last_offset = pkt.page_request.offset;
		p->last_length = pkt.page_request.length;
		p->reads++;
		if (p->mode == SUPPLY)
			supply(p->pager, p->vmo, pkt.page_request.offset, pkt.page_request.length);
		else if (p->mode == FAIL)
			zx_pager_op_range(p->pager, ZX_PAGER_OP_FAIL, p->vmo,
					  pkt.page_request.offset, pkt.page_request.length,
					  (uint64_t)p->fail_code);
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

/*
 * Wait until thread @tid sleeps waiting for the pager: its wchan names
 * zxpager's wait (a plain sleeping state could be any other sleep).
 */
static void wait_blocked(pid_t tid)
{
	zxp_wait_blocked(tid, ZX_TIME_INFINITE);
}

/* A reader thread: zx_vmo_read of [off, off + len), its status. */
struct reader {
	zx_handle_t vmo;
	uint64_t off, len;
	zx_status_t status;
	pid_t tid;
	atomic_int started;
	pthread_t thread;
	uint8_t buf[4 * 4096];
};

static void *reader_thread(void *arg)
{
	struct reader *r = arg;

	r->tid = (pid_t)syscall(SYS_gettid);
	atomic_store(&r->started, 1);
	r->status = zx_vmo_read(r->vmo, r->buf, r->off, r->len);
	return NULL;
}

static void reader_start(struct reader *r, zx_handle_t vmo, uint64_t off, uint64_t len)
{
	r->vmo = vmo;
	r->off = off;
	r->len = len;
	atomic_store(&r->started, 0);
	pthread_create(&r->thread, NULL, reader_thread, r);
	while (!atomic_load(&r->started))
		sched_yield();
	wait_blocked(r->tid);
}

static int content_ok(const uint8_t *buf, uint64_t off, uint64_t len)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != file_byte(off + i))
			return 0;
	return 1;
}

static void set_param(const char *name, const char *value)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/zxpager/parameters/%s", name);
	f = fopen(path, "w");
	if (f) {
		fputs(value, f);
		fclose(f);
	}
}

FIXTURE(pg) {
	struct pager p;
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
	ZXP_OK(zx_pager_create_vmo(self->p.pager, 0, self->p.port, KEY, PAGES * page,
				   &self->p.vmo));
}

FIXTURE_TEARDOWN(pg)
{
	zx_handle_close(self->p.vmo);
	zx_handle_close(self->p.pager);
	zx_handle_close(self->p.port);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

TEST_F(pg, read_one_page)
{
	uint8_t buf[64];

	pager_start(&self->p);
	ZXP_OK(zx_vmo_read(self->p.vmo, buf, 3 * page + 100, sizeof(buf)));
	EXPECT_TRUE(content_ok(buf, 3 * page + 100, sizeof(buf)));
	pager_stop(&self->p);
	EXPECT_EQ(1, self->p.reads);
	EXPECT_EQ(3 * page, self->p.last_offset);
	EXPECT_EQ(page, self->p.last_length);
	EXPECT_EQ(0, self->p.bad_packets);
}

/* A read of a run of missing pages is one request for the whole run. */
TEST_F(pg, read_run_is_one_request)
{
	uint8_t buf[5 * 4096];

	pager_start(&self->p);
	ZXP_OK(zx_vmo_read(self->p.vmo, buf, 2 * page, 5 * page));
	EXPECT_TRUE(content_ok(buf, 2 * page, 5 * page));
	pager_stop(&self->p);
	EXPECT_EQ(1, self->p.reads);
	EXPECT_EQ(2 * page, self->p.last_offset);
	EXPECT_EQ(5 * page, self->p.last_length);
}

/* The run stops at a present page. */
TEST_F(pg, run_stops_at_present_page)
{
	uint8_t buf[4 * 4096];

	ZXP_OK(supply(self->p.pager, self->p.vmo, 3 * page, page));
	pager_start(&self->p);
	ZXP_OK(zx_vmo_read(self->p.vmo, buf, page, 4 * page));
	EXPECT_TRUE(content_ok(buf, page, 4 * page));
	pager_stop(&self->p);
	EXPECT_EQ(2, self->p.reads);	/* [1, 3) then [4, 5) */
	EXPECT_EQ(4 * page, self->p.last_offset);
	EXPECT_EQ(page, self->p.last_length);
}

TEST_F(pg, presupplied_needs_no_request)
{
	zx_port_packet_t pkt;
	uint8_t buf[2 * 4096];

	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, 2 * page));
	ZXP_OK(zx_vmo_read(self->p.vmo, buf, 0, sizeof(buf)));
	EXPECT_TRUE(content_ok(buf, 0, sizeof(buf)));
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->p.port, 0, &pkt));
}

static sigjmp_buf fault_jmp;
static void *volatile fault_addr;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_addr = si->si_addr;
	siglongjmp(fault_jmp, 1);
}

TEST_F(pg, mapping_fault)
{
	zx_vaddr_t addr;
	volatile uint8_t *p;
	uint64_t i;
	int ok = 1;

	pager_start(&self->p);
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0,
			   self->p.vmo, 0, PAGES * page, &addr));
	p = (volatile uint8_t *)addr;
	for (i = 0; i < PAGES * page; i += 997)
		ok &= p[i] == file_byte(i);
	EXPECT_TRUE(ok);
	/* A fault asks for the faulting page only. */
	EXPECT_EQ(PAGES, self->p.reads);
	EXPECT_EQ(page, self->p.last_length);
	p[5] = 0xab;
	EXPECT_EQ(0xab, p[5]);
	zx_vmar_unmap(zx_vmar_root_self(), addr, PAGES * page);
	pager_stop(&self->p);
}

TEST_F(pg, supply_keeps_present_pages_and_decommits_aux)
{
	zx_handle_t aux;
	zx_info_vmo_t info;
	uint8_t b = 0;

	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, page));
	ZXP_OK(zx_vmo_create(page, 0, &aux));
	ZXP_OK(zx_vmo_write(aux, "\xee", 0, 1));
	ZXP_OK(zx_pager_supply_pages(self->p.pager, self->p.vmo, 0, page, aux, 0));
	ZXP_OK(zx_vmo_read(self->p.vmo, &b, 0, 1));
	EXPECT_EQ(file_byte(0), b);	/* not replaced */
	ZXP_OK(zx_object_get_info(aux, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(0, info.committed_bytes);
	zx_handle_close(aux);
}

/* An uncommitted aux page supplies zeros without committing memory. */
TEST_F(pg, supply_uncommitted_is_zero)
{
	zx_handle_t aux;
	zx_info_vmo_t info;
	uint8_t buf[4096];

	ZXP_OK(zx_vmo_create(2 * page, 0, &aux));
	ZXP_OK(zx_pager_supply_pages(self->p.pager, self->p.vmo, 4 * page, 2 * page, aux, 0));
	memset(buf, 1, sizeof(buf));
	ZXP_OK(zx_vmo_read(self->p.vmo, buf, 5 * page, page));
	EXPECT_EQ(0, buf[0]);
	EXPECT_EQ(0, memcmp(buf, buf + 1, sizeof(buf) - 1));
	ZXP_OK(zx_object_get_info(self->p.vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(0, info.committed_bytes);
	EXPECT_EQ(ZX_INFO_VMO_PAGER_BACKED, info.flags & ZX_INFO_VMO_PAGER_BACKED);
	zx_handle_close(aux);
}

TEST_F(pg, fail_read)
{
	uint8_t b;

	self->p.mode = FAIL;
	self->p.fail_code = ZX_ERR_IO_DATA_INTEGRITY;
	pager_start(&self->p);
	EXPECT_ZX(ZX_ERR_IO_DATA_INTEGRITY, zx_vmo_read(self->p.vmo, &b, page, 1));
	/* Not sticky: the next read asks again, and gets the page. */
	self->p.mode = SUPPLY;
	ZXP_OK(zx_vmo_read(self->p.vmo, &b, page, 1));
	EXPECT_EQ(file_byte(page), b);
	pager_stop(&self->p);
	EXPECT_EQ(2, self->p.reads);
}

TEST_F(pg, fail_mapping_sigbus)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	zx_vaddr_t addr;
	volatile uint8_t *p;
	int faulted = 0;

	self->p.mode = FAIL;
	self->p.fail_code = ZX_ERR_IO;
	pager_start(&self->p);
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, self->p.vmo, 0,
			   PAGES * page, &addr));
	p = (volatile uint8_t *)addr;
	sigaction(SIGBUS, &sa, NULL);
	fault_addr = NULL;
	if (sigsetjmp(fault_jmp, 1) == 0)
		(void)p[2 * page + 123];
	else
		faulted = 1;
	signal(SIGBUS, SIG_DFL);
	EXPECT_TRUE(faulted);
	EXPECT_EQ((void *)(p + 2 * page + 123), fault_addr);
	/* Not sticky for mappings either. */
	self->p.mode = SUPPLY;
	EXPECT_EQ(file_byte(2 * page + 123), p[2 * page + 123]);
	zx_vmar_unmap(zx_vmar_root_self(), addr, PAGES * page);
	pager_stop(&self->p);
}

TEST_F(pg, fail_arguments)
{
	static const int64_t ok_codes[] = { ZX_ERR_IO, ZX_ERR_IO_DATA_INTEGRITY, ZX_ERR_BAD_STATE,
					    ZX_ERR_NO_SPACE, ZX_ERR_BUFFER_TOO_SMALL };
	static const int64_t bad_codes[] = { ZX_OK, ZX_ERR_INTERNAL, ZX_ERR_IO_REFUSED,
					     1, (int64_t)1 << 40, -((int64_t)1 << 40) - 40 };
	size_t i;

	for (i = 0; i < sizeof(ok_codes) / sizeof(ok_codes[0]); i++)
		EXPECT_ZX(ZX_OK, zx_pager_op_range(self->p.pager, ZX_PAGER_OP_FAIL, self->p.vmo,
						   0, page, (uint64_t)ok_codes[i]));
	for (i = 0; i < sizeof(bad_codes) / sizeof(bad_codes[0]); i++)
		EXPECT_ZX(ZX_ERR_INVALID_ARGS,
			  zx_pager_op_range(self->p.pager, ZX_PAGER_OP_FAIL, self->p.vmo, 0, page,
					    (uint64_t)bad_codes[i]));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_op_range(self->p.pager, ZX_PAGER_OP_FAIL,
							 self->p.vmo, 1, page, (uint64_t)ZX_ERR_IO));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_op_range(self->p.pager, ZX_PAGER_OP_FAIL, self->p.vmo, PAGES * page,
				    page, (uint64_t)ZX_ERR_IO));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, zx_pager_op_range(self->p.pager, 99, self->p.vmo, 0,
							  page, 0));
}

TEST_F(pg, detach)
{
	struct reader r;
	uint8_t b;

	self->p.mode = IGNORE;
	pager_start(&self->p);
	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, page));
	reader_start(&r, self->p.vmo, 4 * page, 10);
	/* The pager has read the packet: detach cannot pull it back. */
	while (atomic_load(&self->p.reads) < 1)
		sched_yield();
	ZXP_OK(zx_pager_detach_vmo(self->p.pager, self->p.vmo));
	pthread_join(r.thread, NULL);
	EXPECT_ZX(ZX_ERR_BAD_STATE, r.status);
	/* Clean pages are dropped; nothing can be asked for any more. */
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_vmo_read(self->p.vmo, &b, 0, 1));
	EXPECT_ZX(ZX_ERR_BAD_STATE, supply(self->p.pager, self->p.vmo, 0, page));
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_pager_op_range(self->p.pager, ZX_PAGER_OP_FAIL,
						      self->p.vmo, 0, page, (uint64_t)ZX_ERR_IO));
	EXPECT_ZX(ZX_OK, zx_pager_detach_vmo(self->p.pager, self->p.vmo));
	pager_stop(&self->p);
	EXPECT_EQ(1, self->p.reads);
	EXPECT_EQ(1, self->p.completes);	/* once, not per detach */
}

TEST_F(pg, closing_last_vmo_handle_sends_complete)
{
	zx_port_packet_t pkt;

	ZXP_OK(zx_handle_close(self->p.vmo));
	self->p.vmo = ZX_HANDLE_INVALID;
	ZXP_OK(zx_port_wait(self->p.port, 0, &pkt));
	EXPECT_EQ(KEY, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_PAGE_REQUEST, pkt.type);
	EXPECT_EQ(ZX_PAGER_VMO_COMPLETE, pkt.page_request.command);
	EXPECT_EQ(0, pkt.page_request.offset);
	EXPECT_EQ(0, pkt.page_request.length);
}

/*
 * A request whose packet is still unread when the VMO becomes unreachable
 * is pulled back: the pager reads COMPLETE first, never a stale READ. The
 * reader is a child killed while blocked, which leaves the request
 * outstanding with nobody waiting on it.
 */
TEST_F(pg, unreachable_vmo_pulls_back_unread_request)
{
	char path[64], wchan[64] = "";
	zx_port_packet_t pkt;
	int status;
	pid_t child;
	uint8_t b;
	FILE *f;

	child = fork();
	ASSERT_LE(0, child);
	if (!child)
		_exit(zx_vmo_read(self->p.vmo, &b, 0, 1) == ZX_OK ? 0 : 1);
	snprintf(path, sizeof(path), "/proc/%d/wchan", child);
	while (strcmp(wchan, "zxp_request_wait")) {
		f = fopen(path, "r");
		ASSERT_NE(NULL, f);
		if (!fgets(wchan, sizeof(wchan), f))
			wchan[0] = 0;
		fclose(f);
		sched_yield();
	}
	ASSERT_EQ(0, kill(child, SIGKILL));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));

	ZXP_OK(zx_handle_close(self->p.vmo));
	self->p.vmo = ZX_HANDLE_INVALID;
	ZXP_OK(zx_port_wait(self->p.port, 0, &pkt));
	EXPECT_EQ(ZX_PAGER_VMO_COMPLETE, pkt.page_request.command);
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->p.port, 0, &pkt));
}

TEST_F(pg, closing_pager_fails_readers_keeps_pages)
{
	struct reader r;
	zx_port_packet_t pkt;
	uint8_t b = 0;

	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, page));
	reader_start(&r, self->p.vmo, 2 * page, 1);
	ZXP_OK(zx_port_wait(self->p.port, 0, &pkt));	/* its request */
	ZXP_OK(zx_handle_close(self->p.pager));
	self->p.pager = ZX_HANDLE_INVALID;
	pthread_join(r.thread, NULL);
	EXPECT_ZX(ZX_ERR_BAD_STATE, r.status);
	ZXP_OK(zx_vmo_read(self->p.vmo, &b, 0, 1));
	EXPECT_EQ(file_byte(0), b);
	EXPECT_ZX(ZX_ERR_BAD_STATE, zx_vmo_read(self->p.vmo, &b, 3 * page, 1));
	/* No packet at all, not even COMPLETE. */
	ZXP_OK(zx_handle_close(self->p.vmo));
	self->p.vmo = ZX_HANDLE_INVALID;
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->p.port, 0, &pkt));
}

/* A request satisfied before the pager reads it is pulled from the port. */
TEST_F(pg, satisfied_request_pulled_back)
{
	struct reader r;
	zx_port_packet_t pkt;

	reader_start(&r, self->p.vmo, page, 10);
	ZXP_OK(supply(self->p.pager, self->p.vmo, page, page));
	pthread_join(r.thread, NULL);
	ZXP_OK(r.status);
	EXPECT_TRUE(content_ok(r.buf, page, 10));
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->p.port, 0, &pkt));
}

/* One packet per VMO in the port; the next is queued when it is read. */
TEST_F(pg, one_packet_per_vmo)
{
	struct reader a, b;
	zx_port_packet_t p1, p2;

	reader_start(&a, self->p.vmo, 0, 1);
	reader_start(&b, self->p.vmo, 8 * page, 1);
	ZXP_OK(zx_port_wait(self->p.port, 0, &p1));
	EXPECT_EQ(0, p1.page_request.offset);
	ZXP_OK(zx_port_wait(self->p.port, 0, &p2));
	EXPECT_EQ(8 * page, p2.page_request.offset);
	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, PAGES * page));
	pthread_join(a.thread, NULL);
	pthread_join(b.thread, NULL);
	ZXP_OK(a.status);
	ZXP_OK(b.status);
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->p.port, 0, &p1));
}

/* A second reader of a requested range joins the request. */
TEST_F(pg, overlapping_readers_share_a_request)
{
	struct reader a, b;
	zx_port_packet_t pkt;

	reader_start(&a, self->p.vmo, 0, 3 * page);
	reader_start(&b, self->p.vmo, page, 10);
	ZXP_OK(zx_port_wait(self->p.port, 0, &pkt));
	EXPECT_EQ(0, pkt.page_request.offset);
	EXPECT_EQ(3 * page, pkt.page_request.length);
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->p.port, 0, &pkt));
	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, 3 * page));
	pthread_join(a.thread, NULL);
	pthread_join(b.thread, NULL);
	ZXP_OK(a.status);
	ZXP_OK(b.status);
	EXPECT_TRUE(content_ok(b.buf, page, 10));
}

/* Closing the port stops delivery; supplying still satisfies readers. */
TEST_F(pg, closed_port_supply_still_works)
{
	struct reader r;

	ZXP_OK(zx_handle_close(self->p.port));
	self->p.port = ZX_HANDLE_INVALID;
	reader_start(&r, self->p.vmo, 0, 10);
	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, page));
	pthread_join(r.thread, NULL);
	ZXP_OK(r.status);
}

/*
 * A task blocked on a pager shows it (reader_start waits until its wchan
 * names zxpager's wait) and sleeps killably: 'D', never an unkillable
 * wait the hung-task detector would flag, and woken by a supply.
 */
TEST_F(pg, blocked_task_is_killable_sleep)
{
	struct reader r;
	char path[64], buf[256], *s;
	FILE *f;

	reader_start(&r, self->p.vmo, 0, 1);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", r.tid);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	s = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	ASSERT_NE(NULL, s);
	EXPECT_EQ('D', s[2]);
	ZXP_OK(supply(self->p.pager, self->p.vmo, 0, page));
	pthread_join(r.thread, NULL);
	ZXP_OK(r.status);
}

/* A pager that never answers: the reader times out instead of hanging. */
TEST_F(pg, hung_pager_times_out)
{
	uint8_t b;

	set_param("timeout_ms", "300");
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_vmo_read(self->p.vmo, &b, 0, 1));
	set_param("timeout_ms", "300000");
}

TEST_F(pg, shrink_fails_waiters_beyond)
{
	zx_handle_t vmo;
	struct reader r;

	ZXP_OK(zx_pager_create_vmo(self->p.pager, ZX_VMO_RESIZABLE, self->p.port, KEY,
				   PAGES * page, &vmo));
	reader_start(&r, vmo, 10 * page, 1);
	ZXP_OK(zx_vmo_set_size(vmo, 4 * page));
	pthread_join(r.thread, NULL);
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE, r.status);
	zx_handle_close(vmo);
}

TEST_F(pg, invalid_arguments)
{
	zx_handle_t other, other_vmo, anon, small_pager;
	uint8_t b;

	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_create(1, &other));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_create(0, NULL));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_create_vmo(self->p.pager, 1u << 7, self->p.port, 0, page, &other));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_pager_create_vmo(self->p.port, 0, self->p.port, 0, page, &other));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_pager_create_vmo(self->p.pager, 0, self->p.vmo, 0, page, &other));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_create_vmo(self->p.pager, 0, self->p.port, 0, UINT64_MAX, &other));

	/* Supply: alignment first, then handles, then ranges. */
	ZXP_OK(zx_vmo_create(page, 0, &anon));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_supply_pages(self->p.pager, self->p.vmo, 1, page, anon, 0));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_supply_pages(self->p.pager, self->p.vmo, 0, page, anon, 3));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_supply_pages(self->p.pager, self->p.vmo, PAGES * page, page, anon, 0));
	EXPECT_ZX(ZX_ERR_OUT_OF_RANGE,
		  zx_pager_supply_pages(self->p.pager, self->p.vmo, 0, 2 * page, anon, 0));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED,
		  zx_pager_supply_pages(self->p.pager, self->p.vmo, 0, page, self->p.vmo, 0));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_supply_pages(self->p.pager, anon, 0, page, anon, 0));

	/* A VMO of another pager. */
	ZXP_OK(zx_pager_create(0, &other));
	ZXP_OK(zx_pager_create_vmo(other, 0, self->p.port, 0, page, &other_vmo));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_pager_supply_pages(self->p.pager, other_vmo, 0, page, anon, 0));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_detach_vmo(self->p.pager, other_vmo));

	/* Rights: a pager handle without MANAGE_VMO. */
	ZXP_OK(zx_handle_replace(other, ZX_RIGHT_ATTACH_VMO, &small_pager));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_supply_pages(small_pager, other_vmo, 0, page, anon, 0));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_pager_detach_vmo(small_pager, other_vmo));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_pager_op_range(small_pager, ZX_PAGER_OP_FAIL, other_vmo, 0, page,
				    (uint64_t)ZX_ERR_IO));

	/* Not applicable to pager VMOs. */
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(self->p.vmo, ZX_VMO_OP_DECOMMIT, 0, page, NULL, 0));
	(void)b;
	zx_handle_close_many((zx_handle_t[]){ anon, other_vmo, small_pager }, 3);
}

/* zx_vmo_write to a missing page reads it in first, then writes on top. */
TEST_F(pg, write_reads_in_first)
{
	uint8_t buf[16];

	pager_start(&self->p);
	ZXP_OK(zx_vmo_write(self->p.vmo, "written", page + 10, 7));
	ZXP_OK(zx_vmo_read(self->p.vmo, buf, page + 4, sizeof(buf)));
	EXPECT_TRUE(content_ok(buf, page + 4, 6));
	EXPECT_EQ(0, memcmp(buf + 6, "written", 7));
	EXPECT_TRUE(content_ok(buf + 13, page + 17, 3));
	pager_stop(&self->p);
	EXPECT_EQ(1, self->p.reads);
}

/* A commit over present and missing pages asks for each missing run. */
TEST_F(pg, commit_asks_for_each_run)
{
	zx_info_vmo_t info;

	ZXP_OK(supply(self->p.pager, self->p.vmo, 2 * page, page));
	ZXP_OK(supply(self->p.pager, self->p.vmo, 5 * page, page));
	pager_start(&self->p);
	ZXP_OK(zx_vmo_op_range(self->p.vmo, ZX_VMO_OP_COMMIT, 0, 8 * page, NULL, 0));
	pager_stop(&self->p);
	/* [0, 2), [3, 5), [6, 8) */
	EXPECT_EQ(3, self->p.reads);
	EXPECT_EQ(6 * page, self->p.last_offset);
	EXPECT_EQ(2 * page, self->p.last_length);
	ZXP_OK(zx_object_get_info(self->p.vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(8 * page, info.committed_bytes);
}

/* The pager process dies: every reader it left waiting is released. */
TEST_F(pg, pager_process_death_releases_readers)
{
	struct reader r;
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* The child is now the only holder of the pager: read, then die. */
		zx_port_packet_t pkt;

		zx_port_wait(self->p.port, ZX_TIME_INFINITE, &pkt);
		_exit(0);
	}
	ZXP_OK(zx_handle_close(self->p.pager));
	self->p.pager = ZX_HANDLE_INVALID;
	reader_start(&r, self->p.vmo, 0, 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	pthread_join(r.thread, NULL);
	EXPECT_ZX(ZX_ERR_BAD_STATE, r.status);
}

/* A long wait is reported once in the kernel log, naming the VMO's key. */
TEST_F(pg, overtime_is_logged)
{
	char line[512], waiter[64], tid[64];
	int found = 0, dumped = 0;
	ssize_t n;
	uint8_t b;
	FILE *kmsg;

	kmsg = fopen("/dev/kmsg", "r");
	if (!kmsg)
		SKIP(return, "no /dev/kmsg");
	/* Only what is logged from now on. */
	fseek(kmsg, 0, SEEK_END);
	set_param("overtime_ms", "100");
	set_param("timeout_ms", "400");
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_vmo_read(self->p.vmo, &b, 0, 1));
	set_param("overtime_ms", "20000");
	set_param("timeout_ms", "300000");
	ASSERT_EQ(0, fcntl(fileno(kmsg), F_SETFL, O_NONBLOCK));
	/* The overtime line, then the dump of the VMO's requests and waiters. */
	snprintf(waiter, sizeof(waiter), "pages [0x0, 0x1) in port, ");
	snprintf(tid, sizeof(tid), " 1 waiting: %d\n", (int)syscall(SYS_gettid));
	for (;;) {
		n = read(fileno(kmsg), line, sizeof(line) - 1);
		if (n <= 0)
			break;
		line[n] = '\0';
		if (strstr(line, "key 1515847681: pages [0x0, 0x1) outstanding for"))	/* KEY */
			found = 1;
		if (strstr(line, waiter) && strstr(line, tid))
			dumped = 1;
	}
	fclose(kmsg);
	EXPECT_TRUE(found);
	EXPECT_TRUE(dumped);
}

TEST_F(pg, create_vmo_options)
{
	zx_handle_t vmo;
	zx_info_vmo_t info;

	ZXP_OK(zx_pager_create_vmo(self->p.pager, ZX_VMO_TRAP_DIRTY | ZX_VMO_RESIZABLE,
				   self->p.port, KEY, page, &vmo));
	ZXP_OK(zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_INFO_VMO_PAGER_BACKED | ZX_INFO_VMO_RESIZABLE | ZX_INFO_VMO_TYPE_PAGED,
		  info.flags);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_RESIZE, info.handle_rights);
	zx_handle_close(vmo);
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_pager_create_vmo(self->p.pager, ZX_VMO_DISCARDABLE,
							   self->p.port, KEY, page, &vmo));
}

/* No fd left for the new VMO: a clean error, and no COMPLETE for a VMO
 * nobody ever saw.
 */
TEST_F(pg, create_vmo_without_fds)
{
	struct rlimit rl;
	zx_port_packet_t pkt;
	zx_handle_t vmo;
	int next = dup(0);

	ASSERT_LE(0, next);
	close(next);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = (rlim_t)next;	/* the next fd is one too many */
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_ZX(ZX_ERR_NO_RESOURCES,
		  zx_pager_create_vmo(self->p.pager, 0, self->p.port, KEY, page, &vmo));
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(self->p.port, 0, &pkt));
}

TEST(pager_info)
{
	zx_handle_t pager;
	zx_info_handle_basic_t info;

	ZXP_OK(zx_pager_create(0, &pager));
	ZXP_OK(zx_object_get_info(pager, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_OBJ_TYPE_PAGER, info.type);
	EXPECT_EQ(ZX_DEFAULT_PAGER_RIGHTS, info.rights);
	zx_handle_close(pager);
}

TEST_HARNESS_MAIN
