// SPDX-License-Identifier: GPL-2.0
/*
 * The zxpager tracepoints fire, with the right VMO and range: a request
 * answered by a supply (request_create, packet_queue, packet_dequeue,
 * supply, waiter_wake), one answered by OP_FAIL (request_fail, and
 * waiter_wake with the error), and an eviction (page_evict). Read through
 * tracefs in the test guest.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/port.h>

#define TRACEFS	"/sys/kernel/tracing"
#define KEY	0x7a7001ull

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* The whole trace buffer, NUL-terminated; the caller frees it. */
static char *read_trace(void)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	ssize_t n;
	int fd;

	fd = open(TRACEFS "/trace", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 4096)
			buf = realloc(buf, cap *= 2);
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* Whether a line of @trace has event @event and every string in @with. */
static int has_event(const char *trace, const char *event, const char *with[])
{
	const char *line = trace, *end;
	char tmp[512];
	int i, ok;

	while (*line) {
		end = strchrnul(line, '\n');
		snprintf(tmp, sizeof(tmp), "%.*s", (int)(end - line), line);
		ok = !!strstr(tmp, event);
		for (i = 0; ok && with[i]; i++)
			ok = !!strstr(tmp, with[i]);
		if (ok)
			return 1;
		line = *end ? end + 1 : end;
	}
	return 0;
}

struct reader {
	zx_handle_t vmo;
	uint64_t off;
	zx_status_t status;
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	uint8_t b;

	r->status = zx_vmo_read(r->vmo, &b, r->off, 1);
	return NULL;
}

FIXTURE(tr) {
	zx_handle_t pager, port, vmo, aux;
	char koid[64];
};

FIXTURE_SETUP(tr)
{
	zx_info_handle_basic_t info;
	struct stat st;

	if (stat(TRACEFS "/events", &st) && mount("tracefs", TRACEFS, "tracefs", 0, NULL))
		SKIP(return, "no tracefs");
	if (stat(TRACEFS "/events/zxpager", &st))
		SKIP(return, "no zxpager events (module without tracepoints?)");
	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, 4 * 4096, &self->vmo));
	ZXP_OK(zx_vmo_create(4 * 4096, 0, &self->aux));
	ZXP_OK(zx_vmo_op_range(self->aux, ZX_VMO_OP_COMMIT, 0, 4 * 4096, NULL, 0));
	ZXP_OK(zx_object_get_info(self->vmo, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
				  NULL, NULL));
	snprintf(self->koid, sizeof(self->koid), "vmo=%llu ", (unsigned long long)info.koid);
	ASSERT_EQ(0, write_file(TRACEFS "/trace", ""));
	ASSERT_EQ(0, write_file(TRACEFS "/events/zxpager/enable", "1"));
}

FIXTURE_TEARDOWN(tr)
{
	write_file(TRACEFS "/events/zxpager/enable", "0");
	zx_handle_close_many((zx_handle_t[]){ self->vmo, self->aux, self->port, self->pager }, 4);
}

/* Start a reader of page @pg and take its request's packet. */
static void request(struct __test_metadata *_metadata, FIXTURE_DATA(tr) *self,
		    struct reader *r, pthread_t *t, uint64_t pg)
{
	zx_port_packet_t pkt;

	r->vmo = self->vmo;
	r->off = pg * 4096;
	ASSERT_EQ(0, pthread_create(t, NULL, reader_main, r));
	ZXP_OK(zx_port_wait(self->port, zx_deadline_after(ZX_SEC(10)), &pkt));
	ASSERT_EQ(ZX_PAGER_VMO_READ, pkt.page_request.command);
	ASSERT_EQ(pg * 4096, pkt.page_request.offset);
}

TEST_F(tr, supplied_request)
{
	const char *range[] = { self->koid, "offset=0x1000 length=0x1000", NULL };
	const char *supply[] = { self->koid, "offset=0x1000 length=0x1000 pages=1 moved=1", NULL };
	const char *woke[] = { self->koid, "offset=0x1000", "error=0", NULL };
	struct reader r;
	pthread_t t;
	char *trace;

	request(_metadata, self, &r, &t, 1);
	ZXP_OK(zx_pager_supply_pages(self->pager, self->vmo, 4096, 4096, self->aux, 0));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ZXP_OK(r.status);

	trace = read_trace();
	ASSERT_NE(NULL, trace);
	EXPECT_TRUE(has_event(trace, "zxpager_request_create:", range));
	EXPECT_TRUE(has_event(trace, "zxpager_packet_queue:", range));
	EXPECT_TRUE(has_event(trace, "zxpager_packet_dequeue:", range));
	EXPECT_TRUE(has_event(trace, "zxpager_supply:", supply));
	EXPECT_TRUE(has_event(trace, "zxpager_waiter_wake:", woke));
	EXPECT_FALSE(has_event(trace, "zxpager_request_fail:", range));
	free(trace);
}

TEST_F(tr, failed_request)
{
	const char *failed[] = { self->koid, "offset=0x2000 length=0x1000", "error=-5", NULL };
	struct reader r;
	pthread_t t;
	char *trace;

	request(_metadata, self, &r, &t, 2);
	ZXP_OK(zx_pager_op_range(self->pager, ZX_PAGER_OP_FAIL, self->vmo, 2 * 4096, 4096,
				 (uint64_t)ZX_ERR_IO));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_ZX(ZX_ERR_IO, r.status);

	trace = read_trace();
	ASSERT_NE(NULL, trace);
	EXPECT_TRUE(has_event(trace, "zxpager_request_fail:", failed));	/* -EIO */
	EXPECT_TRUE(has_event(trace, "zxpager_waiter_wake:", failed));
	free(trace);
}

/* Evicting a clean page (test-only debugfs zxpager/evict) is traced. */
TEST_F(tr, page_evicted)
{
	const char *evicted[] = { self->koid, "offset=0x3000", NULL };
	char *trace;
	int fd;

	ZXP_OK(zx_pager_supply_pages(self->pager, self->vmo, 3 * 4096, 4096, self->aux, 0));
	fd = open("/sys/kernel/debug/zxpager/evict", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		SKIP(return, "no debugfs zxpager/evict");
	ASSERT_EQ(2, write(fd, "0\n", 2));
	close(fd);
	trace = read_trace();
	ASSERT_NE(NULL, trace);
	EXPECT_TRUE(has_event(trace, "zxpager_page_evict:", evicted));
	free(trace);
}

TEST_HARNESS_MAIN
