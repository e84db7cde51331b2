// SPDX-License-Identifier: GPL-2.0
/*
 * Pager stress, in the spirit of the kernel's uffd-stress: in rounds,
 * reader threads read a pager VMO through zx_vmo_read and through a shared
 * mapping while supplier threads answer requests from the port, and a
 * chaos thread fails ranges and shrinks and grows the VMO's upper half.
 * Every byte read is verified. Each round ends by detaching the VMO or
 * closing the pager while readers are still at work; afterwards nothing
 * may be left behind.
 *
 *   pager_stress_test [-t SECONDS] [-r READERS] [-s SUPPLIERS]
 *
 * Defaults: 3 s, 3 readers, 2 suppliers (short, for make check; run it
 * longer by hand). Exits 0 when every check held.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#include "zxp_test.h"

#define PAGES		64
#define STABLE		32		/* [0, STABLE): never failed nor cut */
#define KEY		7
#define STOP_KEY	8

static size_t page;
static atomic_int errors;
static atomic_long reads_ok, reads_failed, supplies, fails, resizes;

#define FAILED(...)                                                          \
	do {                                                                 \
		fprintf(stderr, "pager_stress: " __VA_ARGS__);               \
		atomic_fetch_add(&errors, 1);                                \
	} while (0)

static uint8_t byte_at(uint64_t off)
{
	return (uint8_t)(off * 131 + (off >> 12) * 7 + 3);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct round {
	zx_handle_t pager, port, vmo;
	volatile uint8_t *map;
	/*
	 * Mapping reads hold it shared; ending the round takes it exclusive,
	 * so no mapping read can fault on a dead VMO (that would be SIGBUS).
	 */
	pthread_rwlock_t map_lock;
	atomic_int stop;	/* readers and chaos: finish */
	atomic_int dead;	/* the VMO is detached or its pager closed */
};

static void *supplier(void *arg)
{
	struct round *r = arg;
	uint8_t buf[4096];
	zx_port_packet_t pkt;
	zx_handle_t aux;
	uint64_t o, i;

	while (zx_port_wait(r->port, ZX_TIME_INFINITE, &pkt) == ZX_OK) {
		if (pkt.key == STOP_KEY)
			break;
		if (pkt.type != ZX_PKT_TYPE_PAGE_REQUEST ||
		    pkt.page_request.command != ZX_PAGER_VMO_READ)
			continue;
		if (zx_vmo_create(pkt.page_request.length, 0, &aux) != ZX_OK) {
			FAILED("cannot create an aux VMO\n");
			continue;
		}
		for (o = 0; o < pkt.page_request.length; o += sizeof(buf)) {
			for (i = 0; i < sizeof(buf); i++)
				buf[i] = byte_at(pkt.page_request.offset + o + i);
			zx_vmo_write(aux, buf, o, sizeof(buf));
		}
		/* Racing resizes and detach make some of these fail: fine. */
		if (zx_pager_supply_pages(r->pager, r->vmo, pkt.page_request.offset,
					  pkt.page_request.length, aux, 0) == ZX_OK)
			atomic_fetch_add(&supplies, 1);
		zx_handle_close(aux);
	}
	return NULL;
}

static void *reader(void *arg)
{
	struct round *r = arg;
	uint64_t seed = (uintptr_t)&seed ^ (uint64_t)time(NULL), off, len, i;
	uint8_t buf[3 * 4096];
	zx_status_t st;

	while (!atomic_load(&r->stop)) {
		if (rnd(&seed) % 3 == 0) {
			/* Through the mapping, stable half only: never SIGBUS. */
			off = rnd(&seed) % (STABLE * page);
			pthread_rwlock_rdlock(&r->map_lock);
			if (!atomic_load(&r->dead) && r->map[off] != byte_at(off))
				FAILED("mapping byte %#llx is wrong\n", (unsigned long long)off);
			pthread_rwlock_unlock(&r->map_lock);
			continue;
		}
		off = rnd(&seed) % (PAGES * page);
		len = 1 + rnd(&seed) % sizeof(buf);
		if (off + len > PAGES * page)
			len = PAGES * page - off;
		st = zx_vmo_read(r->vmo, buf, off, len);
		if (st == ZX_OK) {
			for (i = 0; i < len; i++) {
				if (buf[i] != byte_at(off + i)) {
					FAILED("read byte %#llx is wrong\n",
					       (unsigned long long)(off + i));
					break;
				}
			}
			atomic_fetch_add(&reads_ok, 1);
			continue;
		}
		atomic_fetch_add(&reads_failed, 1);
		/* Allowed failures: failed by the pager, cut off, or dead. */
		if (st == ZX_ERR_IO || st == ZX_ERR_OUT_OF_RANGE)
			continue;
		if (st == ZX_ERR_BAD_STATE && atomic_load(&r->dead))
			continue;
		FAILED("zx_vmo_read at %#llx: %s\n", (unsigned long long)off,
		       zx_status_get_string(st));
	}
	return NULL;
}

static void *chaos(void *arg)
{
	struct round *r = arg;
	uint64_t seed = (uintptr_t)&seed ^ 0x1234567ull;
	uint64_t first, n;

	while (!atomic_load(&r->stop)) {
		first = STABLE + rnd(&seed) % (PAGES - STABLE);
		n = 1 + rnd(&seed) % (PAGES - first);
		switch (rnd(&seed) % 3) {
		case 0:
			if (zx_pager_op_range(r->pager, ZX_PAGER_OP_FAIL, r->vmo, first * page,
					      n * page, (uint64_t)(int64_t)ZX_ERR_IO) == ZX_OK)
				atomic_fetch_add(&fails, 1);
			break;
		case 1:
			if (zx_vmo_set_size(r->vmo, first * page) == ZX_OK &&
			    zx_vmo_set_size(r->vmo, PAGES * page) == ZX_OK)
				atomic_fetch_add(&resizes, 1);
			break;
		default:
			sched_yield();
		}
	}
	return NULL;
}

static int one_round(unsigned int nr_readers, unsigned int nr_suppliers, double seconds,
		     int how_to_end)
{
	pthread_t readers[16], suppliers[16], chaos_thread;
	zx_port_packet_t stop = { .key = STOP_KEY };
	struct round r = { 0 };
	struct timespec ts = { .tv_sec = (time_t)seconds,
			       .tv_nsec = (long)((seconds - (time_t)seconds) * 1e9) };
	zx_vaddr_t addr;
	unsigned int i;

	if (zx_pager_create(0, &r.pager) || zx_port_create(0, &r.port) ||
	    zx_pager_create_vmo(r.pager, ZX_VMO_RESIZABLE, r.port, KEY, PAGES * page, &r.vmo) ||
	    zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, r.vmo, 0, STABLE * page,
			&addr)) {
		FAILED("cannot set up a round\n");
		return -1;
	}
	r.map = (volatile uint8_t *)addr;
	{
		pthread_rwlockattr_t attr;

		pthread_rwlockattr_init(&attr);
		pthread_rwlockattr_setkind_np(&attr,
					      PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
		pthread_rwlock_init(&r.map_lock, &attr);
		pthread_rwlockattr_destroy(&attr);
	}
	for (i = 0; i < nr_suppliers; i++)
		pthread_create(&suppliers[i], NULL, supplier, &r);
	for (i = 0; i < nr_readers; i++)
		pthread_create(&readers[i], NULL, reader, &r);
	pthread_create(&chaos_thread, NULL, chaos, &r);

	/* Let the round run; the sleep bounds its length, it syncs nothing. */
	nanosleep(&ts, NULL);

	/* End the VMO's paging while readers are still at it. */
	pthread_rwlock_wrlock(&r.map_lock);
	atomic_store(&r.dead, 1);
	pthread_rwlock_unlock(&r.map_lock);
	if (how_to_end)
		zx_pager_detach_vmo(r.pager, r.vmo);
	else
		zx_handle_close(r.pager);
	atomic_store(&r.stop, 1);
	for (i = 0; i < nr_readers; i++)
		pthread_join(readers[i], NULL);
	pthread_join(chaos_thread, NULL);
	for (i = 0; i < nr_suppliers; i++)
		zx_port_queue(r.port, &stop);
	for (i = 0; i < nr_suppliers; i++)
		pthread_join(suppliers[i], NULL);
	zx_vmar_unmap(zx_vmar_root_self(), addr, STABLE * page);
	if (how_to_end)
		zx_handle_close(r.pager);
	zx_handle_close(r.vmo);
	zx_handle_close(r.port);
	pthread_rwlock_destroy(&r.map_lock);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int nr_readers = 3, nr_suppliers = 2, rounds = 0;
	double seconds = 3, per_round = 0.5, done = 0;
	long objects0, pages0, objects, pages;
	int have_stats, opt;

	while ((opt = getopt(argc, argv, "t:r:s:")) != -1) {
		switch (opt) {
		case 't': seconds = atof(optarg); break;
		case 'r': nr_readers = (unsigned int)atoi(optarg); break;
		case 's': nr_suppliers = (unsigned int)atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-t SECONDS] [-r READERS] [-s SUPPLIERS]\n",
				argv[0]);
			return 2;
		}
	}
	if (nr_readers < 1 || nr_readers > 16 || nr_suppliers < 1 || nr_suppliers > 16) {
		fprintf(stderr, "pager_stress: 1 to 16 readers and suppliers\n");
		return 2;
	}
	page = zx_system_get_page_size();
	have_stats = zxp_stats(&objects0, &pages0) == 0;
	for (done = 0; done < seconds; done += per_round, rounds++)
		if (one_round(nr_readers, nr_suppliers, per_round, rounds % 2))
			break;
	if (have_stats && (zxp_stats(&objects, &pages) || objects != objects0 ||
			   pages != pages0))
		FAILED("left behind: %ld objects and %ld pages\n", objects - objects0,
		       pages - pages0);
	printf("pager_stress: %u rounds, %ld reads ok, %ld failed as allowed, %ld supplies, "
	       "%ld fails, %ld resizes, %d errors\n",
	       rounds, atomic_load(&reads_ok), atomic_load(&reads_failed),
	       atomic_load(&supplies), atomic_load(&fails), atomic_load(&resizes),
	       atomic_load(&errors));
	return atomic_load(&errors) ? 1 : 0;
}
