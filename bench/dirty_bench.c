// SPDX-License-Identifier: GPL-2.0
/*
 * dirty_bench: the cost of dirty tracking on a pager VMO.
 *
 * Query: zx_pager_query_dirty_ranges over the whole of a 1 GiB and of a
 * 1 TiB pager VMO that hold the same few dirty runs (RUNS runs of 1 to 4
 * pages, spread over the VMO, written with zx_vmo_write). The VMOs are
 * sparse: only the dirtied pages are supplied, from an uncommitted aux
 * VMO (zero pages, no memory). The two sizes alternate and the median of
 * every single query is reported with their ratio: a walk that costs the
 * number of dirty runs, not the size of the VMO, gives a ratio near 1.
 * For scale, the same against a 1 TiB VMO with MANY_RUNS runs: that one
 * should cost more.
 *
 * Write: a store through a mapping to a resident clean page (the
 * write-protect fault that marks it Dirty) against a store to a page that
 * is Dirty already (no fault), alternating per round: WRITEBACK_BEGIN and
 * WRITEBACK_END over the VMO clean every page again between rounds.
 * TRAP_DIRTY: the first store to a clean page of a TRAP_DIRTY VMO, whose
 * DIRTY request another thread answers with ZX_PAGER_OP_DIRTY (the whole
 * round trip), against the untrapped first store.
 *
 * Times under emulation are only comparable within one run: compare the
 * ratios. No figure is checked; the dirty state the bench relies on is.
 *
 *   dirty_bench [-n PAGES] [-r ROUNDS] [-i QUERIES]
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls-next.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define RUNS		8
#define MANY_RUNS	64

static size_t page;

/*
 * The clock's step: the smallest of a few (a stalled emulator makes one
 * long). A kernel on the jiffies clocksource (TSC distrusted under
 * emulation) ticks in milliseconds: every figure would read 0. On others
 * (hpet, acpi_pm) a step of microseconds blurs the store to a dirty page.
 */
static double clock_step_us(void)
{
	double t0, t, step = 1e9;
	int i;

	for (i = 0; i < 16; i++) {
		t0 = now_us();
		while ((t = now_us()) == t0)
			;
		if (t - t0 < step)
			step = t - t0;
	}
	return step;
}

static void die(const char *what, zx_status_t st)
{
	fprintf(stderr, "dirty_bench: %s: %s\n", what, st ? zx_status_get_string(st) : strerror(errno));
	exit(1);
}

/* ---- query_dirty_ranges: 1 GiB against 1 TiB ---- */

struct sparse {
	zx_handle_t pager, port, vmo;
	uint64_t size;
	int runs;
};

/*
 * A pager VMO of @size whose only pages are @runs dirty runs: run i is
 * i % 4 + 1 pages at the start of the i-th of @runs equal parts of the
 * VMO, moved in by a few pages so that no run starts a part.
 * Nothing else is ever touched, so no page request is sent and no thread
 * has to serve one. Returns the number of dirty pages.
 */
static uint64_t sparse_create(struct sparse *v, uint64_t size, int runs)
{
	uint8_t buf[4 * 4096];
	zx_handle_t aux;
	uint64_t off, len, pages = 0;
	zx_status_t st;
	int i;

	v->size = size;
	v->runs = runs;
	memset(buf, 0xa5, sizeof(buf));
	if ((st = zx_pager_create(0, &v->pager)) || (st = zx_port_create(0, &v->port)) ||
	    (st = zx_pager_create_vmo(v->pager, 0, v->port, 1, size, &v->vmo)) ||
	    (st = zx_vmo_create(4 * page, 0, &aux)))
		die("sparse VMO setup", st);
	for (i = 0; i < runs; i++) {
		off = size / (uint64_t)runs * (uint64_t)i + (uint64_t)(3 * i + 1) * page;
		len = (uint64_t)(i % 4 + 1) * page;
		/* aux is never committed: these become zero pages, no memory. */
		if ((st = zx_pager_supply_pages(v->pager, v->vmo, off, len, aux, 0)))
			die("zx_pager_supply_pages", st);
		if ((st = zx_vmo_write(v->vmo, buf, off, len < sizeof(buf) ? len : sizeof(buf))))
			die("zx_vmo_write", st);
		pages += len / page;
	}
	zx_handle_close(aux);
	return pages;
}

/* One query of the whole VMO; microseconds. Every run fits in @ranges. */
static double query_once(struct sparse *v)
{
	zx_vmo_dirty_range_t ranges[MANY_RUNS + 1];
	size_t actual, avail;
	zx_status_t st;
	double t0, t1;

	t0 = now_us();
	st = zx_pager_query_dirty_ranges(v->pager, v->vmo, 0, v->size, ranges, sizeof(ranges),
					 &actual, &avail);
	t1 = now_us();
	if (st)
		die("zx_pager_query_dirty_ranges", st);
	if (actual != (size_t)v->runs || avail != (size_t)v->runs) {
		fprintf(stderr, "dirty_bench: %zu of %zu dirty runs, expected %d\n",
			actual, avail, v->runs);
		exit(1);
	}
	return t1 - t0;
}

static void sparse_destroy(struct sparse *v)
{
	zx_handle_close_many((zx_handle_t[]){ v->vmo, v->port, v->pager }, 3);
}

/* ---- first write to a clean page against a write to a dirty one ---- */

struct mapped {
	zx_handle_t pager, port, vmo;
	volatile char *p;
	size_t npages;
	pthread_t answerer;	/* TRAP_DIRTY: answers DIRTY requests */
	int trap;
};

/* The pager side of TRAP_DIRTY: every DIRTY request is allowed at once. */
static void *answer_dirty(void *arg)
{
	struct mapped *m = arg;
	zx_port_packet_t pkt;

	while (zx_port_wait(m->port, ZX_TIME_INFINITE, &pkt) == ZX_OK) {
		if (pkt.type != ZX_PKT_TYPE_PAGE_REQUEST)
			break;	/* the stop packet */
		if (pkt.page_request.command == ZX_PAGER_VMO_DIRTY)
			zx_pager_op_range(m->pager, ZX_PAGER_OP_DIRTY, m->vmo,
					  pkt.page_request.offset, pkt.page_request.length, 0);
	}
	return NULL;
}

/* The dirty runs of @m's VMO: 0, or 1 covering all of it. */
static void expect_dirty(struct mapped *m, int dirty)
{
	zx_vmo_dirty_range_t r;
	size_t actual, avail;
	zx_status_t st;

	st = zx_pager_query_dirty_ranges(m->pager, m->vmo, 0, m->npages * page, &r, sizeof(r),
					 &actual, &avail);
	if (st)
		die("zx_pager_query_dirty_ranges", st);
	if (dirty ? actual != 1 || r.offset || r.length != m->npages * page : avail != 0) {
		fprintf(stderr, "dirty_bench: %zu dirty runs after %s, expected %d\n", avail,
			dirty ? "writing every page" : "writeback", dirty);
		exit(1);
	}
}

/* Every page of the VMO is supplied (real pages), mapped and read once. */
static void mapped_create(struct mapped *m, size_t npages, int trap)
{
	zx_handle_t aux;
	zx_vaddr_t addr;
	zx_status_t st;
	size_t i;

	m->npages = npages;
	m->trap = trap;
	if ((st = zx_pager_create(0, &m->pager)) || (st = zx_port_create(0, &m->port)) ||
	    (st = zx_pager_create_vmo(m->pager, trap ? ZX_VMO_TRAP_DIRTY : 0, m->port, 1,
				      npages * page, &m->vmo)) ||
	    (st = zx_vmo_create(npages * page, 0, &aux)) ||
	    /* Committed: the pager VMO gets real clean pages, not zero pages. */
	    (st = zx_vmo_op_range(aux, ZX_VMO_OP_COMMIT, 0, npages * page, NULL, 0)) ||
	    (st = zx_pager_supply_pages(m->pager, m->vmo, 0, npages * page, aux, 0)) ||
	    (st = zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0,
			      m->vmo, 0, npages * page, &addr)))
		die("mapped VMO setup", st);
	zx_handle_close(aux);
	m->p = (volatile char *)addr;
	/* Mapped now, write-protected: a first store only upgrades the PTE. */
	for (i = 0; i < npages; i++)
		(void)m->p[i * page];
	expect_dirty(m, 0);
	if (trap && pthread_create(&m->answerer, NULL, answer_dirty, m))
		die("pthread_create", 0);
}

/* Store once into every page, timing each store; into @samples. */
static void write_pages(struct mapped *m, double *samples, char val)
{
	double t;
	size_t i;

	for (i = 0; i < m->npages; i++) {
		t = now_us();
		m->p[i * page + 8] = val;
		samples[i] = now_us() - t;
	}
}

/* Dirty -> AwaitingClean -> Clean: the next store faults again. */
static void clean_all(struct mapped *m)
{
	zx_status_t st;

	if ((st = zx_pager_op_range(m->pager, ZX_PAGER_OP_WRITEBACK_BEGIN, m->vmo, 0,
				    m->npages * page, 0)) ||
	    (st = zx_pager_op_range(m->pager, ZX_PAGER_OP_WRITEBACK_END, m->vmo, 0,
				    m->npages * page, 0)))
		die("writeback", st);
	expect_dirty(m, 0);
}

static void mapped_destroy(struct mapped *m)
{
	zx_port_packet_t stop = { .type = ZX_PKT_TYPE_USER };

	if (m->trap) {
		zx_port_queue(m->port, &stop);
		pthread_join(m->answerer, NULL);
	}
	zx_vmar_unmap(zx_vmar_root_self(), (zx_vaddr_t)m->p, m->npages * page);
	zx_handle_close_many((zx_handle_t[]){ m->vmo, m->port, m->pager }, 3);
}

int main(int argc, char **argv)
{
	int rounds = 5, queries = 1000, opt, i;
	size_t npages = 256;
	struct sparse gib, tib, many;
	struct mapped m, mt;
	double *qg, *qt, *qm, *wc, *wd, *wt, a, b;
	uint64_t dirty;

	while ((opt = getopt(argc, argv, "n:r:i:")) != -1) {
		if (opt == 'n')
			npages = (size_t)atol(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else if (opt == 'i')
			queries = atoi(optarg);
		else
			return 2;
	}
	if (rounds < 1 || npages < 1 || queries < 1) {
		fprintf(stderr, "usage: %s [-n PAGES] [-r ROUNDS] [-i QUERIES]\n", argv[0]);
		return 2;
	}
	page = (size_t)sysconf(_SC_PAGESIZE);
	a = clock_step_us();
	if (a > 1.0)
		printf("dirty_bench: the clock steps by %.1f us: figures of that order mean nothing\n",
		       a);
	qg = calloc((size_t)queries, sizeof(*qg));
	qt = calloc((size_t)queries, sizeof(*qt));
	qm = calloc((size_t)queries, sizeof(*qm));
	wc = calloc(npages * (size_t)rounds, sizeof(*wc));
	wd = calloc(npages * (size_t)rounds, sizeof(*wd));
	wt = calloc(npages * (size_t)rounds, sizeof(*wt));
	if (!qg || !qt || !qm || !wc || !wd || !wt)
		die("calloc", 0);

	dirty = sparse_create(&gib, 1ull << 30, RUNS);
	if (sparse_create(&tib, 1ull << 40, RUNS) != dirty)
		die("sparse VMOs differ", ZX_ERR_INTERNAL);
	sparse_create(&many, 1ull << 40, MANY_RUNS);
	printf("dirty_bench: %d dirty runs (%llu pages) in each VMO, %d alternating queries per figure\n",
	       RUNS, (unsigned long long)dirty, queries);
	for (i = 0; i < queries; i++) {
		qg[i] = query_once(&gib);
		qt[i] = query_once(&tib);
		qm[i] = query_once(&many);
	}
	a = median(qg, queries);
	b = median(qt, queries);
	printf("query_dirty_ranges: 1 GiB %8.1f us   1 TiB %8.1f us   ratio %.2f (median of %d queries each)\n",
	       a, b, b / a, queries);
	a = median(qm, queries);
	printf("  %d runs in 1 TiB: %8.1f us   ratio %.2f to %d runs\n", MANY_RUNS, a, a / b, RUNS);
	sparse_destroy(&gib);
	sparse_destroy(&tib);
	sparse_destroy(&many);

	/* Untrapped and TRAP_DIRTY VMOs alternate, round by round. */
	mapped_create(&m, npages, 0);
	mapped_create(&mt, npages, 1);
	for (i = 0; i < rounds; i++) {
		write_pages(&m, wc + npages * (size_t)i, (char)i);
		expect_dirty(&m, 1);
		write_pages(&m, wd + npages * (size_t)i, (char)~i);
		clean_all(&m);
		write_pages(&mt, wt + npages * (size_t)i, (char)i);
		expect_dirty(&mt, 1);
		clean_all(&mt);
	}
	mapped_destroy(&m);
	mapped_destroy(&mt);
	a = median(wc, (int)(npages * (size_t)rounds));
	b = median(wd, (int)(npages * (size_t)rounds));
	printf("mapped write:  clean page %8.2f us   dirty page %8.2f us   ratio %.1f (median of %zu writes each)\n",
	       a, b, a / b, npages * (size_t)rounds);
	b = median(wt, (int)(npages * (size_t)rounds));
	printf("TRAP_DIRTY:    clean page %8.2f us (a DIRTY request answered by another thread)   ratio %.1f to untrapped\n",
	       b, b / a);
	free(qg);
	free(qt);
	free(qm);
	free(wc);
	free(wd);
	free(wt);
	return 0;
}
