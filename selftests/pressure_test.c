// SPDX-License-Identifier: GPL-2.0
/*
 * Memory pressure: stream a pager VMO three times larger than the guest's
 * RAM, through zx_vmo_read and through a mapping, and verify every byte.
 * Only eviction of clean pager pages (the module's shrinker) makes this
 * possible; evicted pages are asked for again and supplied again.
 *
 * It needs a small guest: scripts/check runs it in its own boot with
 * `scripts/vm --mem 192`; in a bigger guest it skips.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define CHUNK		(1 << 20)
#define STOP_KEY	0x5709ull
#define MAX_RAM_MB	400

/* The 8 bytes at offset @off (a multiple of 8) of the VMO's "file". */
static uint64_t word_at(uint64_t off)
{
	return off * 0x9e3779b97f4a7c15ull ^ 0x5a5a5a5a5a5a5a5aull;
}

static void fill(uint64_t *buf, uint64_t off, size_t len)
{
	size_t i;

	for (i = 0; i < len / 8; i++)
		buf[i] = word_at(off + i * 8);
}

static long mem_total_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

struct pager {
	zx_handle_t pager, port, vmo;
	pthread_t thread;
	uint64_t supplied;	/* bytes */
	int errors;
};

/* Answers each READ with freshly generated pages, in 1 MiB pieces. */
static void *pager_main(void *arg)
{
	struct pager *p = arg;
	uint64_t *buf = malloc(CHUNK);
	zx_port_packet_t pkt;
	zx_handle_t aux;
	uint64_t off, end, n;

	if (!buf || zx_vmo_create(CHUNK, 0, &aux) != ZX_OK) {
		p->errors++;
		return NULL;
	}
	while (zx_port_wait(p->port, ZX_TIME_INFINITE, &pkt) == ZX_OK) {
		if (pkt.key == STOP_KEY)
			break;
		if (pkt.type != ZX_PKT_TYPE_PAGE_REQUEST ||
		    pkt.page_request.command != ZX_PAGER_VMO_READ)
			continue;
		end = pkt.page_request.offset + pkt.page_request.length;
		for (off = pkt.page_request.offset; off < end; off += n) {
			n = end - off < CHUNK ? end - off : CHUNK;
			fill(buf, off, n);
			if (zx_vmo_write(aux, buf, 0, n) != ZX_OK ||
			    zx_pager_supply_pages(p->pager, p->vmo, off, n, aux, 0) != ZX_OK) {
				p->errors++;
				break;
			}
			p->supplied += n;
		}
	}
	zx_handle_close(aux);
	free(buf);
	return NULL;
}

FIXTURE(pressure) {
	int unused;
};

FIXTURE_SETUP(pressure)
{
}

FIXTURE_TEARDOWN(pressure)
{
}

/* Emulated guests move some 50 MiB/s: three times RAM takes a while. */
TEST_F_TIMEOUT(pressure, stream_three_times_ram, 540)
{
	zx_port_packet_t stop = { .key = STOP_KEY, .type = ZX_PKT_TYPE_USER };
	long kb = mem_total_kb(), objects0, pages0, objects, pages;
	uint64_t size, off, i, bad = 0;
	struct pager p = { 0 };
	volatile uint64_t *map;
	uint64_t *buf;
	zx_vaddr_t addr;
	int have_stats;

	ASSERT_LT(0, kb);
	if (kb > MAX_RAM_MB * 1024)
		SKIP(return, "%ld MiB of RAM: run in a small guest (scripts/vm --mem 192)",
		     kb / 1024);
	have_stats = zxp_stats(&objects0, &pages0) == 0;
	size = ((uint64_t)kb * 1024 * 3 + CHUNK - 1) / CHUNK * CHUNK;
	buf = malloc(CHUNK);
	ASSERT_NE(NULL, buf);
	ZXP_OK(zx_pager_create(0, &p.pager));
	ZXP_OK(zx_port_create(0, &p.port));
	ZXP_OK(zx_pager_create_vmo(p.pager, 0, p.port, 1, size, &p.vmo));
	ASSERT_EQ(0, pthread_create(&p.thread, NULL, pager_main, &p));

	/* Syscalls: 1 MiB at a time, each one READ request. */
	for (off = 0; off < size; off += CHUNK) {
		ZXP_OK(zx_vmo_read(p.vmo, buf, off, CHUNK));
		for (i = 0; i < CHUNK / 8; i++)
			bad += buf[i] != word_at(off + i * 8);
	}
	EXPECT_EQ(0, bad);

	/*
	 * A mapping, one word per 64 KiB (a fault each, and a request for
	 * every page evicted since): evicted pages fault in again.
	 */
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, p.vmo, 0, size, &addr));
	map = (volatile uint64_t *)addr;
	for (off = 0; off < size; off += 64 * 1024)
		bad += map[off / 8] != word_at(off);
	EXPECT_EQ(0, bad);
	ZXP_OK(zx_vmar_unmap(zx_vmar_root_self(), addr, size));

	ZXP_OK(zx_port_queue(p.port, &stop));
	ASSERT_EQ(0, pthread_join(p.thread, NULL));
	EXPECT_EQ(0, p.errors);
	/* More was supplied than there is: pages were evicted and asked again. */
	EXPECT_LT(size, p.supplied);
	TH_LOG("%lu MiB of RAM, a %lu MiB VMO read twice: %lu MiB supplied",
	       kb / 1024, (unsigned long)(size >> 20), (unsigned long)(p.supplied >> 20));
	zx_handle_close_many((zx_handle_t[]){ p.vmo, p.port, p.pager }, 3);
	free(buf);
	if (have_stats) {
		ASSERT_EQ(0, zxp_stats(&objects, &pages));
		EXPECT_EQ(objects0, objects);
		EXPECT_EQ(pages0, pages);
	}
}

TEST_HARNESS_MAIN
