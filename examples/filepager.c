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
 *   filepager [FILE]     (without FILE: a 4 MiB file of pseudo-random bytes
 *                         is made in /tmp)
 *
 * Exits 0 when the checksums match.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/process.h>
#include <zircon/status.h>
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

static uint64_t fnv64(uint64_t h, const uint8_t *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
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

/* The client: map the VMO it was given, checksum it through page faults. */
static int client(int sock, uint64_t size)
{
	zx_handle_t vmo;
	zx_vaddr_t addr;
	uint64_t sum, off;
	zx_status_t st;

	if (zxp_handle_recv(sock, &vmo) != ZX_OK)
		return 1;
	st = zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, vmo, 0, size, &addr);
	if (st != ZX_OK) {
		fprintf(stderr, "client: zx_vmar_map: %s\n", zx_status_get_string(st));
		return 1;
	}
	zx_handle_close(vmo);	/* the mapping keeps the VMO */
	sum = 0xcbf29ce484222325ull;
	for (off = 0; off < size; off += 4096)
		sum = fnv64(sum, (const uint8_t *)addr + off, size - off < 4096 ? size - off : 4096);
	zx_vmar_unmap(zx_vmar_root_self(), addr, size);
	return write(sock, &sum, sizeof(sum)) == sizeof(sum) ? 0 : 1;
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
	const char *path = argc > 1 ? argv[1] : make_demo_file();
	zx_port_packet_t stop = { .key = STOP_KEY, .type = ZX_PKT_TYPE_USER };
	static uint8_t buf[1 << 16];
	uint64_t size, client_sum, file_sum = 0xcbf29ce484222325ull;
	struct service s = { 0 };
	zx_handle_t client_vmo;
	pthread_t thread;
	int sv[2], status;
	struct stat st;
	ssize_t n;
	pid_t pid;

	if (!path || (s.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(s.fd, &st)) {
		fprintf(stderr, "filepager: cannot open %s: %s\n", path ? path : "the demo file",
			strerror(errno));
		return 1;
	}
	size = (uint64_t)st.st_size;
	if (zx_pager_create(0, &s.pager) != ZX_OK || zx_port_create(0, &s.port) != ZX_OK ||
	    zx_pager_create_vmo(s.pager, 0, s.port, VMO_KEY, size, &s.vmo) != ZX_OK ||
	    zx_handle_duplicate(s.vmo, ZX_RIGHT_READ | ZX_RIGHT_MAP | ZX_RIGHT_TRANSFER,
				&client_vmo) != ZX_OK) {
		fprintf(stderr, "filepager: cannot set up the pager (is zxpager loaded?)\n");
		return 1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 1;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		_exit(client(sv[1], size));
	}
	close(sv[1]);
	pthread_create(&thread, NULL, service_loop, &s);
	printf("filepager: serving %s (%llu bytes) to client %d\n", path,
	       (unsigned long long)size, (int)pid);
	if (zxp_handle_send(sv[0], client_vmo) != ZX_OK)
		return 1;
	zx_handle_close(client_vmo);

	n = read(sv[0], &client_sum, sizeof(client_sum));
	waitpid(pid, &status, 0);
	zx_port_queue(s.port, &stop);
	pthread_join(thread, NULL);

	while ((n > 0) && (n = read(s.fd, buf, sizeof(buf))) > 0)
		file_sum = fnv64(file_sum, buf, (size_t)n);
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
	printf("filepager: client checksum %016llx, file checksum %016llx: %s\n",
	       (unsigned long long)client_sum, (unsigned long long)file_sum,
	       client_sum == file_sum ? "match" : "MISMATCH");
	return client_sum == file_sum && s.error == ZX_OK ? 0 : 1;
}
