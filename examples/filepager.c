// SPDX-License-Identifier: MIT
/*
 * filepager: a pager service that backs a VMO with a file, in Fuchsia's
 * own API (plus <zxp.h> to hand the VMO to another Linux process, where
 * Fuchsia would use a channel). A separate client process receives the VMO
 * over a unix socket,
 * maps it and reads it through page faults; the service supplies each
 * requested range from the file. At the end the client's checksum of what
 * it read through the mapping is compared with the file's.
 *
 * Then the write path: the client writes into a scattered set of pages
 * through its mapping (whole pages, parts of pages, runs), which makes them
 * Dirty, and the service writes them back to the file the way a Fuchsia
 * filesystem does: ZX_PAGER_OP_WRITEBACK_BEGIN, zx_pager_query_dirty_ranges,
 * zx_vmo_read and pwrite of each run, ZX_PAGER_OP_WRITEBACK_END. Afterwards
 * the file, the VMO and the client's mapping must hold the same bytes, and
 * no page may be left dirty.
 *
 *   filepager [-w] [FILE]  (without FILE: a 4 MiB file of pseudo-random
 *                           bytes is made in /tmp, and written to; FILE is
 *                           only read unless -w lets the client write into
 *                           it: -w changes FILE)
 *
 * Exits 0 when every checksum matches.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls-next.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>
#include <zxp.h>

#define VMO_KEY		1
#define STOP_KEY	2
#define DEMO_SIZE	(4u << 20)

struct service {
	int fd;				/* the file */
	zx_handle_t pager, port, vmo;
	uint64_t requests, pages, bytes;
	zx_duration_t busy;		/* time spent serving requests */
	zx_status_t error;
};

/* What the write-back did. */
struct writeback {
	uint64_t ranges, pages, bytes, queries;
	zx_duration_t time;
};

#define FNV_INIT	0xcbf29ce484222325ull

static uint64_t fnv64(uint64_t h, const uint8_t *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/*
 * The client's writes, laid out for the 4 MiB demo file and spread over a
 * bigger one (the page index is scaled; see demo_write()). Each is at
 * @page + @offset, @length bytes; the last one is the file's last byte.
 * Together they dirty single pages, runs, and pages of which only a few
 * bytes changed: write-back works in whole pages either way.
 */
static const struct demo_write {
	uint32_t page, offset, length;
	bool by_syscall;	/* written by read(2): the kernel takes the fault */
} demo_writes[] = {
	{    0,    0,   16, false },	/* the file's first bytes */
	{    5,    0, 4096, false },	/* one whole page */
	{    9, 1000, 2000, false },	/* inside one page */
	{   63, 4000,  200, false },	/* across a page boundary: a run of 2 */
	{  100,    0, 8 * 4096, false },	/* a run of 8 pages */
	{  300, 2048, 3 * 4096, true },	/* unaligned: a run of 4 pages */
	{  512,    0, 4096, false },
	{  513,    0,  100, false },	/* next to the one before: one run */
	{  777,  123,    1, false },	/* a single byte */
	{    0,    0,    1, false },	/* the last byte (see demo_write()) */
};
#define DEMO_WRITES	(sizeof(demo_writes) / sizeof(demo_writes[0]))

/* Where write @i goes in a file of @size bytes; false if it does not fit. */
static bool demo_write(unsigned int i, uint64_t size, uint64_t *off, uint64_t *len)
{
	const struct demo_write *w = &demo_writes[i];
	uint64_t stride = (size / (DEMO_SIZE / 4096)) & ~4095ull;

	if (i == DEMO_WRITES - 1) {
		*off = size - 1;
		*len = 1;
		return size > 0;
	}
	*off = (uint64_t)w->page * (stride > 4096 ? stride : 4096) + w->offset;
	if (*off >= size)
		return false;
	*len = w->length < size - *off ? w->length : size - *off;
	return true;
}

/* The byte the client writes at @off: any function of the offset will do. */
static uint8_t pattern(uint64_t off)
{
	return (uint8_t)((off >> 12) * 37 + off * 11 + 0x5a);
}

static int cmp_range(const void *a, const void *b)
{
	const zx_vmo_dirty_range_t *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/*
 * The runs of pages the client's writes dirty, in offset order, into
 * @runs (DEMO_WRITES of them at most); returns how many. This is what
 * zx_pager_query_dirty_ranges must report, no more and no less.
 */
static size_t expected_runs(uint64_t size, zx_vmo_dirty_range_t *runs)
{
	const uint64_t page = zx_system_get_page_size();
	uint64_t off, len;
	size_t i, n = 0, m;

	for (i = 0; i < DEMO_WRITES; i++) {
		if (!demo_write((unsigned int)i, size, &off, &len))
			continue;
		runs[n].offset = off / page * page;
		runs[n].length = (off + len + page - 1) / page * page - runs[n].offset;
		runs[n++].options = 0;
	}
	qsort(runs, n, sizeof(*runs), cmp_range);
	/* Overlapping or adjacent pages make one run. */
	for (i = 1, m = n ? 1 : 0; i < n; i++) {
		zx_vmo_dirty_range_t *last = &runs[m - 1];
		uint64_t end = runs[i].offset + runs[i].length;

		if (runs[i].offset <= last->offset + last->length) {
			if (end > last->offset + last->length)
				last->length = end - last->offset;
		} else {
			runs[m++] = runs[i];
		}
	}
	return m;
}

/* Supply [offset, offset + length) of the VMO from the file. */
static zx_status_t serve_read(struct service *s, uint64_t offset, uint64_t length)
{
	static uint8_t buf[1 << 16];
	zx_handle_t aux;
	zx_status_t st;
	uint64_t done;

	st = zx_vmo_create(length, 0, &aux);
	if (st != ZX_OK)
		return st;
	for (done = 0; done < length && st == ZX_OK; ) {
		size_t n = length - done < sizeof(buf) ? length - done : sizeof(buf);
		ssize_t got = pread(s->fd, buf, n, (off_t)(offset + done));

		if (got < 0) {
			st = ZX_ERR_IO;
			break;
		}
		/* Past the end of the file: zeros (the aux VMO already is). */
		if (got > 0)
			st = zx_vmo_write(aux, buf, done, (size_t)got);
		done += n;
	}
	if (st == ZX_OK)
		st = zx_pager_supply_pages(s->pager, s->vmo, offset, length, aux, 0);
	else
		/* Tell the reader rather than leave it waiting. */
		zx_pager_op_range(s->pager, ZX_PAGER_OP_FAIL, s->vmo, offset, length,
				  (uint64_t)(int64_t)ZX_ERR_IO);
	zx_handle_close(aux);
	return st;
}

static void *service_loop(void *arg)
{
	struct service *s = arg;
	zx_port_packet_t pkt;

	for (;;) {
		zx_status_t st = zx_port_wait(s->port, ZX_TIME_INFINITE, &pkt);
		zx_instant_mono_t t0 = zx_clock_get_monotonic();

		if (st != ZX_OK) {
			s->error = st;
			break;
		}
		if (pkt.key == STOP_KEY)
			break;
		if (pkt.type != ZX_PKT_TYPE_PAGE_REQUEST ||
		    pkt.page_request.command != ZX_PAGER_VMO_READ)
			continue;
		st = serve_read(s, pkt.page_request.offset, pkt.page_request.length);
		if (st != ZX_OK && s->error == ZX_OK)
			s->error = st;
		s->requests++;
		s->bytes += pkt.page_request.length;
		s->pages += pkt.page_request.length / zx_system_get_page_size();
		s->busy += zx_clock_get_monotonic() - t0;
	}
	return NULL;
}

/* fnv64 of [0, size) of a mapping. */
static uint64_t map_checksum(zx_vaddr_t addr, uint64_t size)
{
	uint64_t sum = FNV_INIT, off;

	for (off = 0; off < size; off += 4096)
		sum = fnv64(sum, (const uint8_t *)addr + off, size - off < 4096 ? size - off : 4096);
	return sum;
}

/* Write @len bytes of the pattern at @off of the mapping by read(2). */
static int write_by_syscall(zx_vaddr_t addr, uint64_t off, uint64_t len)
{
	uint8_t buf[4 * 4096];
	uint64_t i, done = 0;
	int pfd[2], ret = 1;
	ssize_t n;

	if (len > sizeof(buf) || pipe2(pfd, O_CLOEXEC))
		return 1;
	for (i = 0; i < len; i++)
		buf[i] = pattern(off + i);
	/* The pipe holds all of it: the write cannot block. */
	if (write(pfd[1], buf, len) != (ssize_t)len)
		goto out;
	while (done < len && (n = read(pfd[0], (uint8_t *)addr + off + done, len - done)) > 0)
		done += (uint64_t)n;
	ret = done == len ? 0 : 1;
out:
	close(pfd[0]);
	close(pfd[1]);
	return ret;
}

/*
 * The client: map the VMO it was given, checksum it through page faults.
 * With @writes, then write the demo pattern through the mapping and send
 * the checksum of what the mapping holds afterwards.
 */
static int client(int sock, uint64_t size, bool writes)
{
	zx_vm_option_t perm = ZX_VM_PERM_READ | (writes ? ZX_VM_PERM_WRITE : 0);
	uint64_t sum, off, len, i;
	zx_handle_t vmo;
	zx_vaddr_t addr;
	zx_status_t st;
	unsigned int w;

	if (zxp_handle_recv(sock, &vmo) != ZX_OK)
		return 1;
	st = zx_vmar_map(zx_vmar_root_self(), perm, 0, vmo, 0, size, &addr);
	if (st != ZX_OK) {
		fprintf(stderr, "client: zx_vmar_map: %s\n", zx_status_get_string(st));
		return 1;
	}
	zx_handle_close(vmo);	/* the mapping keeps the VMO */
	sum = map_checksum(addr, size);
	if (write(sock, &sum, sizeof(sum)) != sizeof(sum))
		return 1;
	if (!writes)
		goto out;
	/*
	 * Clean pages are mapped write-protected (or not at all, if they
	 * were evicted): the first store to each takes a write fault that
	 * marks the page Dirty, and so does the store the kernel makes on
	 * the client's behalf in read(2).
	 */
	for (w = 0; w < DEMO_WRITES; w++) {
		if (!demo_write(w, size, &off, &len))
			continue;
		if (demo_writes[w].by_syscall) {
			if (write_by_syscall(addr, off, len))
				return 1;
			continue;
		}
		for (i = 0; i < len; i++)
			((volatile uint8_t *)addr)[off + i] = pattern(off + i);
	}
	sum = map_checksum(addr, size);
	if (write(sock, &sum, sizeof(sum)) != sizeof(sum))
		return 1;
out:
	zx_vmar_unmap(zx_vmar_root_self(), addr, size);
	return 0;
}

/* fnv64 of [0, size) of the file, read back from it. */
static uint64_t file_checksum(int fd, uint64_t size)
{
	static uint8_t buf[1 << 16];
	uint64_t sum = FNV_INIT, off;
	ssize_t n;

	for (off = 0; off < size; off += (uint64_t)n) {
		n = pread(fd, buf, size - off < sizeof(buf) ? size - off : sizeof(buf), (off_t)off);
		if (n <= 0)
			return 0;	/* cannot match: checksums are never 0 in practice */
		sum = fnv64(sum, buf, (size_t)n);
	}
	return sum;
}

/* fnv64 of [0, size) of the VMO, by zx_vmo_read (faults are served meanwhile). */
static uint64_t vmo_checksum(zx_handle_t vmo, uint64_t size)
{
	static uint8_t buf[1 << 16];
	uint64_t sum = FNV_INIT, off, n;

	for (off = 0; off < size; off += n) {
		n = size - off < sizeof(buf) ? size - off : sizeof(buf);
		if (zx_vmo_read(vmo, buf, off, n) != ZX_OK)
			return 0;
		sum = fnv64(sum, buf, n);
	}
	return sum;
}

/* Copy one dirty run from the VMO to the file; the file does not grow. */
static zx_status_t copy_run(struct service *s, const zx_vmo_dirty_range_t *r, uint64_t size,
			    struct writeback *wb)
{
	static uint8_t buf[1 << 16];
	uint64_t end = r->offset + r->length < size ? r->offset + r->length : size;
	uint64_t off, n;
	zx_status_t st;

	for (off = r->offset; off < end; off += n) {
		n = end - off < sizeof(buf) ? end - off : sizeof(buf);
		st = zx_vmo_read(s->vmo, buf, off, n);
		if (st != ZX_OK)
			return st;
		if (pwrite(s->fd, buf, n, (off_t)off) != (ssize_t)n)
			return ZX_ERR_IO;
		wb->bytes += n;
	}
	wb->ranges++;
	wb->pages += r->length / zx_system_get_page_size();
	return ZX_OK;
}

/*
 * Write the VMO's dirty pages back to the file, a few runs at a time, and
 * check that the runs are the ones in @want. What a filesystem's flush
 * does: BEGIN, then query, copy, sync, END, until no run is left.
 */
static zx_status_t write_back(struct service *s, uint64_t size, const zx_vmo_dirty_range_t *want,
			      size_t nwant, struct writeback *wb)
{
	const uint64_t page = zx_system_get_page_size();
	const uint64_t vmo_size = (size + page - 1) / page * page;
	zx_instant_mono_t t0 = zx_clock_get_monotonic();
	/* Small on purpose: the loop below must page through the runs. */
	zx_vmo_dirty_range_t runs[4];
	uint64_t start = 0, len = vmo_size, next;
	size_t actual, avail, i, seen = 0;
	zx_status_t st;

	/*
	 * Dirty -> AwaitingClean over the whole VMO before anything is read:
	 * a page written after its bytes were copied becomes Dirty again, and
	 * WRITEBACK_END then leaves it Dirty for the next flush instead of
	 * marking a write that never reached the file clean.
	 */
	st = zx_pager_op_range(s->pager, ZX_PAGER_OP_WRITEBACK_BEGIN, s->vmo, 0, vmo_size, 0);
	while (st == ZX_OK && len > 0) {
		st = zx_pager_query_dirty_ranges(s->pager, s->vmo, start, len, runs,
						 sizeof(runs), &actual, &avail);
		if (st != ZX_OK)
			break;
		wb->queries++;
		for (i = 0; i < actual && st == ZX_OK; i++) {
			if (seen >= nwant || runs[i].offset != want[seen].offset ||
			    runs[i].length != want[seen].length || runs[i].options) {
				fprintf(stderr, "filepager: dirty run %zu is [%#llx, +%#llx) options %llu, expected %s\n",
					seen, (unsigned long long)runs[i].offset,
					(unsigned long long)runs[i].length,
					(unsigned long long)runs[i].options,
					seen < nwant ? "another" : "none");
				st = ZX_ERR_BAD_STATE;
				break;
			}
			seen++;
			st = copy_run(s, &runs[i], size, wb);
		}
		/*
		 * On disk before they are called clean: after END nothing but
		 * the file holds these bytes once the pages are evicted.
		 */
		if (st == ZX_OK && actual && fdatasync(s->fd))
			st = ZX_ERR_IO;
		for (i = 0; i < actual && st == ZX_OK; i++)
			st = zx_pager_op_range(s->pager, ZX_PAGER_OP_WRITEBACK_END, s->vmo,
					       runs[i].offset, runs[i].length, 0);
		/* Every run there was is done (!actual: cannot happen). */
		if (st != ZX_OK || actual == avail || !actual)
			break;
		/* The buffer was full: ask again past its last run. */
		next = runs[actual - 1].offset + runs[actual - 1].length;
		len -= next - start;
		start = next;
	}
	if (st == ZX_OK && seen != nwant) {
		fprintf(stderr, "filepager: %zu dirty runs, expected %zu\n", seen, nwant);
		st = ZX_ERR_BAD_STATE;
	}
	wb->time = zx_clock_get_monotonic() - t0;
	return st;
}

static const char *make_demo_file(void)
{
	static const char path[] = "/tmp/zxpager-demo.bin";
	static uint8_t buf[1 << 16];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int i, done;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return NULL;
	for (done = 0; done < DEMO_SIZE; done += sizeof(buf)) {
		for (i = 0; i < sizeof(buf); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = (uint8_t)x;
		}
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			close(fd);
			return NULL;
		}
	}
	close(fd);
	return path;
}

int main(int argc, char **argv)
{
	zx_port_packet_t stop = { .key = STOP_KEY, .type = ZX_PKT_TYPE_USER };
	zx_vmo_dirty_range_t want[DEMO_WRITES], left[1];
	uint64_t size, client_sum = 0, file_sum, map_sum = 0, vmo_sum = 0, disk_sum = 0;
	zx_pager_vmo_stats_t stats = { 0 };
	struct writeback wb = { 0 };
	struct service s = { 0 };
	/* Until the client has reported its writes. */
	zx_status_t wb_status = ZX_ERR_PEER_CLOSED;
	bool writes, ok;
	size_t nwant = 0, actual, avail = 0;
	zx_handle_t client_vmo;
	const char *path;
	pthread_t thread;
	int sv[2], status, opt, wflag = 0;
	struct stat st;
	ssize_t n;
	pid_t pid;

	while ((opt = getopt(argc, argv, "w")) != -1) {
		if (opt != 'w') {
			fprintf(stderr, "usage: %s [-w] [FILE]\n", argv[0]);
			return 2;
		}
		wflag = 1;
	}
	/* Write only into our own file, or where -w says so. */
	path = optind < argc ? argv[optind] : make_demo_file();
	writes = optind >= argc || wflag;
	if (!path || (s.fd = open(path, (writes ? O_RDWR : O_RDONLY) | O_CLOEXEC)) < 0 ||
	    fstat(s.fd, &st)) {
		fprintf(stderr, "filepager: cannot open %s: %s\n", path ? path : "the demo file",
			strerror(errno));
		return 1;
	}
	size = (uint64_t)st.st_size;
	if (zx_pager_create(0, &s.pager) != ZX_OK || zx_port_create(0, &s.port) != ZX_OK ||
	    zx_pager_create_vmo(s.pager, 0, s.port, VMO_KEY, size, &s.vmo) != ZX_OK ||
	    zx_handle_duplicate(s.vmo, ZX_RIGHT_READ | ZX_RIGHT_MAP | ZX_RIGHT_TRANSFER |
				(writes ? ZX_RIGHT_WRITE : 0), &client_vmo) != ZX_OK) {
		fprintf(stderr, "filepager: cannot set up the pager (is zxpager loaded?)\n");
		return 1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 1;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		_exit(client(sv[1], size, writes));
	}
	close(sv[1]);
	pthread_create(&thread, NULL, service_loop, &s);
	printf("filepager: serving %s (%llu bytes) to client %d\n", path,
	       (unsigned long long)size, (int)pid);
	if (zxp_handle_send(sv[0], client_vmo) != ZX_OK)
		return 1;
	zx_handle_close(client_vmo);

	n = read(sv[0], &client_sum, sizeof(client_sum));
	/* Before the write-back changes the file. */
	file_sum = file_checksum(s.fd, size);
	if (writes && n == sizeof(client_sum) &&
	    read(sv[0], &map_sum, sizeof(map_sum)) == sizeof(map_sum)) {
		nwant = expected_runs(size, want);
		/*
		 * Cleared as it is read, before the write-back: a write from
		 * now on sets it again, for the next flush to see.
		 */
		wb_status = zx_pager_query_vmo_stats(s.pager, s.vmo, ZX_PAGER_RESET_VMO_STATS,
						     &stats, sizeof(stats));
		if (wb_status == ZX_OK && !(stats.modified & ZX_PAGER_VMO_STATS_MODIFIED)) {
			fprintf(stderr, "filepager: the client wrote, yet the VMO is not modified\n");
			wb_status = ZX_ERR_BAD_STATE;
		}
		if (wb_status == ZX_OK)
			wb_status = write_back(&s, size, want, nwant, &wb);
		/*
		 * The file read back from the disk, the VMO (faults served by
		 * the thread, from the file now) and the client's mapping must
		 * agree, and nothing may be left to write back.
		 */
		if (fsync(s.fd) && wb_status == ZX_OK)
			wb_status = ZX_ERR_IO;
		disk_sum = file_checksum(s.fd, size);
		vmo_sum = vmo_checksum(s.vmo, size);
		if (zx_pager_query_dirty_ranges(s.pager, s.vmo, 0, size, left, sizeof(left),
						&actual, &avail) != ZX_OK)
			avail = 1;
	}
	waitpid(pid, &status, 0);
	zx_port_queue(s.port, &stop);
	pthread_join(thread, NULL);

	printf("filepager: served %llu requests, %llu pages (%.1f MiB), mean %.1f us per request\n",
	       (unsigned long long)s.requests, (unsigned long long)s.pages,
	       (double)s.bytes / (1 << 20),
	       s.requests ? (double)s.busy / 1000.0 / (double)s.requests : 0.0);
	if (s.error != ZX_OK)
		printf("filepager: a request failed: %s\n", zx_status_get_string(s.error));
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("filepager: the client failed\n");
		return 1;
	}
	ok = client_sum == file_sum && s.error == ZX_OK;
	printf("filepager: client checksum %016llx, file checksum %016llx: %s\n",
	       (unsigned long long)client_sum, (unsigned long long)file_sum,
	       client_sum == file_sum ? "match" : "MISMATCH");
	if (!writes)
		return ok ? 0 : 1;

	printf("filepager: wrote back %llu ranges, %llu pages (%.1f KiB) in %llu queries, %.1f ms\n",
	       (unsigned long long)wb.ranges, (unsigned long long)wb.pages,
	       (double)wb.bytes / 1024, (unsigned long long)wb.queries, (double)wb.time / 1e6);
	if (wb_status != ZX_OK)
		printf("filepager: the write-back failed: %s\n", zx_status_get_string(wb_status));
	ok = ok && wb_status == ZX_OK && map_sum == vmo_sum && vmo_sum == disk_sum && !avail;
	printf("filepager: client checksum %016llx, VMO checksum %016llx, file checksum %016llx: %s, %zu dirty ranges left\n",
	       (unsigned long long)map_sum, (unsigned long long)vmo_sum,
	       (unsigned long long)disk_sum,
	       map_sum == vmo_sum && vmo_sum == disk_sum ? "match" : "MISMATCH", avail);
	return ok ? 0 : 1;
}
