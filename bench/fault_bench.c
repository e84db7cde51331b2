// SPDX-License-Identifier: GPL-2.0
/*
 * fault_bench: the cost of a page fault served by a user-mode pager,
 * zxpager against userfaultfd, measured in the same boot.
 *
 * Latency: a client thread touches N pages of a mapping one by one; each
 * fault is served by a handler thread that supplies exactly that page
 * (zx_pager_supply_pages from a pre-filled aux VMO; UFFDIO_COPY from a
 * buffer). Bulk: one request for the whole range, served by one supply of
 * all of it (ZX_VMO_OP_COMMIT, then touching every page; the first fault
 * answered with one UFFDIO_COPY of everything).
 *
 * The contenders alternate (A B A B ...) and medians are reported with
 * their ratio: times under emulation are only comparable within one run.
 * Latency is the median of every single fault's time over all rounds (a
 * shared host stalls the emulator now and then: means would measure the
 * host); bulk is the median of the rounds' times.
 *
 *   fault_bench [-n PAGES] [-r ROUNDS]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

static size_t page;
static size_t npages = 256;
/* Latency runs: the time of each fault, appended by every round. */
static double *samples;
static size_t nsamples;

static void die(const char *what, zx_status_t st)
{
	fprintf(stderr, "fault_bench: %s: %s\n", what, st ? zx_status_get_string(st) : strerror(errno));
	exit(1);
}

/* Read every page; for latency, time each access. */
static void touch(volatile char *p, int bulk)
{
	double t;
	size_t i;

	for (i = 0; i < npages; i++) {
		if (bulk) {
			(void)p[i * page];
			continue;
		}
		t = now_us();
		(void)p[i * page];
		samples[nsamples++] = now_us() - t;
	}
}

/* ---- zxpager ---- */

struct zx_ctx {
	zx_handle_t pager, port, vmo, aux;
};

static void *zx_handler(void *arg)
{
	struct zx_ctx *c = arg;
	zx_port_packet_t pkt;

	while (zx_port_wait(c->port, ZX_TIME_INFINITE, &pkt) == ZX_OK) {
		if (pkt.type != ZX_PKT_TYPE_PAGE_REQUEST)
			break;	/* the stop packet */
		if (pkt.page_request.command != ZX_PAGER_VMO_READ)
			continue;
		/* The aux VMO mirrors the pager VMO: the pages move, no copy. */
		zx_pager_supply_pages(c->pager, c->vmo, pkt.page_request.offset,
				      pkt.page_request.length, c->aux, pkt.page_request.offset);
	}
	return NULL;
}

/* One run: microseconds per page (bulk: for the whole range). */
static double zx_run(int bulk)
{
	zx_port_packet_t stop = { .key = 0, .type = ZX_PKT_TYPE_USER };
	struct zx_ctx c;
	pthread_t t;
	zx_vaddr_t addr;
	volatile char *p;
	double t0, t1;
	zx_status_t st;

	if ((st = zx_pager_create(0, &c.pager)) || (st = zx_port_create(0, &c.port)) ||
	    (st = zx_pager_create_vmo(c.pager, 0, c.port, 1, npages * page, &c.vmo)) ||
	    (st = zx_vmo_create(npages * page, 0, &c.aux)) ||
	    (st = zx_vmo_op_range(c.aux, ZX_VMO_OP_COMMIT, 0, npages * page, NULL, 0)) ||
	    (st = zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, c.vmo, 0, npages * page,
			      &addr)))
		die("zxpager setup", st);
	pthread_create(&t, NULL, zx_handler, &c);
	p = (volatile char *)addr;
	t0 = now_us();
	/* Bulk: one request for everything, then the (minor) faults. */
	if (bulk && (st = zx_vmo_op_range(c.vmo, ZX_VMO_OP_COMMIT, 0, npages * page, NULL, 0)))
		die("commit", st);
	touch(p, bulk);
	t1 = now_us();
	zx_port_queue(c.port, &stop);
	pthread_join(t, NULL);
	zx_vmar_unmap(zx_vmar_root_self(), addr, npages * page);
	zx_handle_close_many((zx_handle_t[]){ c.vmo, c.aux, c.port, c.pager }, 4);
	return t1 - t0;
}

/* ---- userfaultfd ---- */

struct uffd_ctx {
	int uffd;
	char *area, *src;
	int bulk;
	volatile int stop;
};

static void *uffd_handler(void *arg)
{
	struct uffd_ctx *c = arg;
	struct uffd_msg msg;
	struct pollfd pfd = { .fd = c->uffd, .events = POLLIN };

	while (!c->stop) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if (read(c->uffd, &msg, sizeof(msg)) != sizeof(msg))
			continue;
		if (msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		{
			unsigned long a = msg.arg.pagefault.address & ~(page - 1);
			struct uffdio_copy copy = {
				.dst = c->bulk ? (unsigned long)c->area : a,
				.src = (unsigned long)c->src + (c->bulk ? 0 : a - (unsigned long)c->area),
				.len = c->bulk ? npages * page : page,
			};

			ioctl(c->uffd, UFFDIO_COPY, &copy);
		}
	}
	return NULL;
}

static double uffd_run(int bulk)
{
	struct uffd_ctx c = { .bulk = bulk };
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	volatile char *p;
	pthread_t t;
	double t0, t1;

	/* Non-blocking: poll can report a fault that is gone by the read. */
	c.uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (c.uffd < 0 || ioctl(c.uffd, UFFDIO_API, &api))
		die("userfaultfd", 0);
	c.area = mmap(NULL, npages * page, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	c.src = mmap(NULL, npages * page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (c.area == MAP_FAILED || c.src == MAP_FAILED)
		die("mmap", 0);
	memset(c.src, 1, npages * page);
	reg.range.start = (unsigned long)c.area;
	reg.range.len = npages * page;
	if (ioctl(c.uffd, UFFDIO_REGISTER, &reg))
		die("UFFDIO_REGISTER", 0);
	pthread_create(&t, NULL, uffd_handler, &c);
	p = (volatile char *)c.area;
	t0 = now_us();
	touch(p, bulk);
	t1 = now_us();
	c.stop = 1;
	pthread_join(t, NULL);
	munmap(c.area, npages * page);
	munmap(c.src, npages * page);
	close(c.uffd);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	int rounds = 5, opt, i;
	double zx[32], uf[32], a, b, mib;
	double *zs, *us;

	while ((opt = getopt(argc, argv, "n:r:")) != -1) {
		if (opt == 'n')
			npages = (size_t)atol(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else
			return 2;
	}
	if (rounds < 1 || rounds > 32 || npages < 1) {
		fprintf(stderr, "usage: %s [-n PAGES] [-r ROUNDS (1-32)]\n", argv[0]);
		return 2;
	}
	page = (size_t)sysconf(_SC_PAGESIZE);
	zs = calloc(npages * rounds, sizeof(*zs));
	us = calloc(npages * rounds, sizeof(*us));
	if (!zs || !us)
		die("calloc", 0);
	printf("fault_bench: %zu pages, %d alternating rounds per figure\n", npages, rounds);

	/* Latency: samples go to zs for zxpager, us for userfaultfd. */
	for (i = 0; i < rounds; i++) {
		samples = zs + npages * i;
		nsamples = 0;
		zx_run(0);
		samples = us + npages * i;
		nsamples = 0;
		uffd_run(0);
	}
	a = median(zs, (int)(npages * rounds));
	b = median(us, (int)(npages * rounds));
	printf("per-page fault:  zxpager %8.1f us   userfaultfd %8.1f us   ratio %.2f (median of %zu faults each)\n",
	       a, b, a / b, npages * rounds);

	for (i = 0; i < rounds; i++) {
		zx[i] = zx_run(1);
		uf[i] = uffd_run(1);
	}
	a = median(zx, rounds);
	b = median(uf, rounds);
	mib = (double)(npages * page) / (1 << 20);
	printf("bulk (%.1f MiB): zxpager %8.1f MiB/s userfaultfd %8.1f MiB/s ratio %.2f\n",
	       mib, mib / (a / 1e6), mib / (b / 1e6), b / a);
	free(zs);
	free(us);
	return 0;
}
