// SPDX-License-Identifier: MIT
/*
 * A Fuchsia-style program that uses only <zircon/...> headers: it creates a
 * VMO, maps it, writes through the mapping, reads the bytes back with
 * zx_vmo_read, and passes a message through a port. The same source builds
 * for Fuchsia. Exits 0 when everything matched.
 */
#include <stdio.h>
#include <string.h>

#include <zircon/process.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>

#define CHECK(call)                                                           \
	do {                                                                  \
		zx_status_t _st = (call);                                     \
		if (_st != ZX_OK) {                                           \
			fprintf(stderr, "%s: %s\n", #call, zx_status_get_string(_st)); \
			return 1;                                             \
		}                                                             \
	} while (0)

int main(void)
{
	static const char msg[] = "hello from a Zircon VMO on Linux";
	const size_t page = zx_system_get_page_size();
	zx_handle_t vmo, port;
	zx_vaddr_t addr;
	zx_port_packet_t in = { .key = 42, .type = ZX_PKT_TYPE_USER }, out;
	char back[sizeof(msg)];
	uint64_t size;

	CHECK(zx_vmo_create(2 * page, 0, &vmo));
	CHECK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0,
			  vmo, 0, 2 * page, &addr));
	/* Straddle the page boundary. */
	memcpy((char *)addr + page - 10, msg, sizeof(msg));
	CHECK(zx_vmo_read(vmo, back, page - 10, sizeof(back)));
	if (memcmp(back, msg, sizeof(msg))) {
		fprintf(stderr, "read back \"%s\", wrote \"%s\"\n", back, msg);
		return 1;
	}
	CHECK(zx_vmo_get_size(vmo, &size));
	CHECK(zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * page));
	CHECK(zx_handle_close(vmo));

	CHECK(zx_port_create(0, &port));
	memcpy(in.user.c8, "ping", 5);
	CHECK(zx_port_queue(port, &in));
	CHECK(zx_port_wait(port, zx_deadline_after(ZX_SEC(1)), &out));
	if (out.key != 42 || strcmp((const char *)out.user.c8, "ping")) {
		fprintf(stderr, "port returned key %lu\n", (unsigned long)out.key);
		return 1;
	}
	CHECK(zx_handle_close(port));
	printf("%s (%lu-byte VMO)\n", back, (unsigned long)size);
	return 0;
}
