// SPDX-License-Identifier: GPL-2.0
/*
 * Handles through libzx's Fuchsia API: duplicate and replace with their
 * rights rules, close (of invalid, dead and foreign handles), object info,
 * the error precedence BAD_HANDLE > WRONG_TYPE > ACCESS_DENIED, the right
 * each call needs, object lifetime (the last handle or mapping destroys the
 * object), and handles crossing processes by fork() and SCM_RIGHTS.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/rights.h>
#include <zircon/syscalls.h>
#include <zxp.h>

#define PAGE 4096u

/* Fuchsia's values, spelled out so a wrong header cannot hide a wrong kernel. */
#define VMO_RIGHTS	0xD0EFu
#define PORT_RIGHTS	0x800Fu

/* The module's live objects, or -1 without debugfs stats. */
static long live_objects(void)
{
	long objects, pages;

	return zxp_stats(&objects, &pages) ? -1 : objects;
}

/* A baseline for the leak checks; they are skipped (with a message) without stats. */
static long objects_baseline(struct __test_metadata *_metadata)
{
	long n = live_objects();

	if (n < 0)
		TH_LOG("no debugfs zxpager/stats: object counts not checked");
	return n;
}

#define EXPECT_OBJECTS(base, delta)                                            \
	do {                                                                   \
		if ((base) >= 0)                                               \
			EXPECT_EQ((base) + (delta), live_objects());           \
	} while (0)

static zx_status_t basic_info(zx_handle_t h, zx_info_handle_basic_t *info)
{
	memset(info, 0xa5, sizeof(*info));
	return zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, info, sizeof(*info), NULL, NULL);
}

static zx_status_t handle_valid(zx_handle_t h)
{
	return zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL);
}

/* The fd is open at all (whatever it is). */
static bool fd_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

/* A pipe still carries data: a foreign fd that libzx must not have closed. */
static bool pipe_works(int p[2])
{
	char c = 0;

	return write(p[1], "x", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'x';
}

/* ---- duplicate ---- */

TEST(duplicate_same_rights)
{
	zx_handle_t objs[2], dup;
	zx_info_handle_basic_t a, b;
	int i;

	ZXP_OK(zx_vmo_create(PAGE, 0, &objs[0]));
	ZXP_OK(zx_port_create(0, &objs[1]));
	for (i = 0; i < 2; i++) {
		dup = ZX_HANDLE_INVALID;
		ZXP_OK(zx_handle_duplicate(objs[i], ZX_RIGHT_SAME_RIGHTS, &dup));
		EXPECT_NE(ZX_HANDLE_INVALID, dup);
		EXPECT_NE(objs[i], dup);
		ZXP_OK(basic_info(objs[i], &a));
		ZXP_OK(basic_info(dup, &b));
		EXPECT_EQ(a.koid, b.koid);
		EXPECT_EQ(a.rights, b.rights);
		EXPECT_EQ(a.type, b.type);
		EXPECT_NE(0, fcntl((int)dup, F_GETFD) & FD_CLOEXEC);
		EXPECT_ZX(ZX_OK, zx_handle_close(dup));
		EXPECT_ZX(ZX_OK, zx_handle_close(objs[i]));
	}
}

TEST(duplicate_reaches_the_same_object)
{
	static const char msg[] = "written through the duplicate";
	char buf[sizeof(msg)] = "";
	zx_handle_t vmo, dup;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup));
	ZXP_OK(zx_vmo_write(dup, msg, 100, sizeof(msg)));
	ZXP_OK(zx_vmo_read(vmo, buf, 100, sizeof(buf)));
	EXPECT_STREQ(msg, buf);
	zx_handle_close(dup);
	zx_handle_close(vmo);
}

TEST(duplicate_fewer_rights)
{
	const zx_rights_t want = ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE | ZX_RIGHT_INSPECT;
	zx_info_handle_basic_t info;
	zx_handle_t vmo, dup;
	char c = 1;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, want, &dup));
	ZXP_OK(basic_info(dup, &info));
	EXPECT_EQ(want, info.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, info.type);
	EXPECT_NE(0, fcntl((int)dup, F_GETFD) & FD_CLOEXEC);
	EXPECT_ZX(ZX_OK, zx_vmo_read(dup, &c, 0, 1));
	EXPECT_EQ(0, c);
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_write(dup, &c, 0, 1));
	/* The original keeps its own rights. */
	ZXP_OK(basic_info(vmo, &info));
	EXPECT_EQ(VMO_RIGHTS, info.rights);
	zx_handle_close(dup);
	zx_handle_close(vmo);
}

TEST(duplicate_with_no_rights)
{
	zx_info_handle_basic_t info;
	zx_handle_t port, dup;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_handle_duplicate(port, ZX_RIGHT_NONE, &dup));
	/* Basic info and close need no right. */
	ZXP_OK(basic_info(dup, &info));
	EXPECT_EQ(ZX_RIGHT_NONE, info.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_PORT, info.type);
	EXPECT_ZX(ZX_OK, zx_handle_close(dup));
	zx_handle_close(port);
}

TEST(duplicate_rights_superset_invalid_args)
{
	const zx_rights_t ro = ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE;
	zx_handle_t vmo, port, ro_vmo, out = 12345;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_handle_duplicate(vmo, ro, &ro_vmo));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(ro_vmo, ro | ZX_RIGHT_WRITE, &out));
	/* RESIZE is not among a non-resizable VMO's rights. */
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(vmo, VMO_RIGHTS | ZX_RIGHT_RESIZE, &out));
	/* MAP is not a port right. */
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(port, ZX_RIGHT_MAP, &out));
	/* SAME_RIGHTS is a value of its own, not a bit to combine. */
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS | ZX_RIGHT_READ, &out));
	EXPECT_EQ(12345, out);
	zx_handle_close(ro_vmo);
	zx_handle_close(port);
	zx_handle_close(vmo);
}

TEST(duplicate_without_duplicate_right_access_denied)
{
	zx_handle_t vmo, nodup, out = 12345;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, VMO_RIGHTS & ~ZX_RIGHT_DUPLICATE, &nodup));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(nodup, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(nodup, ZX_RIGHT_READ, &out));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(nodup, ZX_RIGHT_NONE, &out));
	/* The rights are checked before the requested rights are. */
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_handle_duplicate(nodup, ZX_RIGHT_RESIZE, &out));
	EXPECT_EQ(12345, out);
	zx_handle_close(nodup);
	zx_handle_close(vmo);
}

TEST(duplicate_bad_handles)
{
	zx_handle_t vmo, dead, out = 12345;
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ZXP_OK(zx_vmo_create(PAGE, 0, &dead));
	ZXP_OK(zx_handle_close(dead));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(ZX_HANDLE_INVALID, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(dead, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_duplicate((zx_handle_t)p[0], ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_duplicate((zx_handle_t)zxp_device_fd(),
							 ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(0x7fffffffu, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(0x80000000u, ZX_RIGHT_SAME_RIGHTS, &out));
	/* A dead handle is reported before the rights are looked at. */
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(dead, ZX_RIGHT_RESIZE, &out));
	EXPECT_EQ(12345, out);
	EXPECT_TRUE(pipe_works(p));

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, NULL));
	zx_handle_close(vmo);
	close(p[0]);
	close(p[1]);
}

/* ---- replace ---- */

TEST(replace_same_rights)
{
	static const char msg[] = "kept across replace";
	char buf[sizeof(msg)] = "";
	zx_info_handle_basic_t before, after;
	zx_handle_t vmo, out = ZX_HANDLE_INVALID;
	long base = objects_baseline(_metadata);

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_vmo_write(vmo, msg, 0, sizeof(msg)));
	ZXP_OK(basic_info(vmo, &before));
	ZXP_OK(zx_handle_replace(vmo, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_NE(ZX_HANDLE_INVALID, out);
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid(vmo));
	ZXP_OK(basic_info(out, &after));
	EXPECT_EQ(before.koid, after.koid);
	EXPECT_EQ(before.rights, after.rights);
	EXPECT_NE(0, fcntl((int)out, F_GETFD) & FD_CLOEXEC);
	ZXP_OK(zx_vmo_read(out, buf, 0, sizeof(buf)));
	EXPECT_STREQ(msg, buf);
	EXPECT_OBJECTS(base, 1);
	EXPECT_ZX(ZX_OK, zx_handle_close(out));
	EXPECT_OBJECTS(base, 0);
}

TEST(replace_fewer_rights)
{
	const zx_rights_t want = ZX_RIGHT_WRITE | ZX_RIGHT_TRANSFER;
	zx_info_handle_basic_t info;
	zx_handle_t port, out;
	zx_koid_t koid;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(basic_info(port, &info));
	koid = info.koid;
	ZXP_OK(zx_handle_replace(port, want, &out));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid(port));
	ZXP_OK(basic_info(out, &info));
	EXPECT_EQ(want, info.rights);
	EXPECT_EQ(koid, info.koid);
	zx_handle_close(out);
}

/* Zircon: "handle is always invalidated", even when the rights are bad. */
TEST(replace_rights_superset_consumes_handle)
{
	zx_handle_t vmo, ro, out = 12345;
	long base = objects_baseline(_metadata);

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_handle_replace(vmo, ZX_RIGHT_READ | ZX_RIGHT_DUPLICATE, &ro));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_handle_replace(ro, ZX_RIGHT_READ | ZX_RIGHT_WRITE, &out));
	EXPECT_EQ(12345, out);
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid(ro));
	/* That was the only handle: the VMO is gone. */
	EXPECT_OBJECTS(base, 0);
}

/* Zircon's zx_handle_replace needs no right at all (unlike duplicate). */
TEST(replace_needs_no_duplicate_right)
{
	const zx_rights_t nodup = ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_INSPECT;
	zx_info_handle_basic_t info;
	zx_handle_t port, h, out = ZX_HANDLE_INVALID;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_handle_duplicate(port, nodup, &h));
	EXPECT_ZX(ZX_OK, zx_handle_replace(h, ZX_RIGHT_READ, &out));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid(h));
	if (out != ZX_HANDLE_INVALID) {
		ZXP_OK(basic_info(out, &info));
		EXPECT_EQ(ZX_RIGHT_READ, info.rights);
		zx_handle_close(out);
	}
	zx_handle_close(port);
}

TEST(replace_bad_handle_leaves_foreign_fd_open)
{
	zx_handle_t out = 12345;
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_replace((zx_handle_t)p[1], ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_replace(ZX_HANDLE_INVALID, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_EQ(12345, out);
	EXPECT_TRUE(pipe_works(p));
	close(p[0]);
	close(p[1]);
}

/* ---- close ---- */

TEST(close_invalid_handle_ok)
{
	EXPECT_ZX(ZX_OK, zx_handle_close(ZX_HANDLE_INVALID));
}

TEST(close_twice_bad_handle)
{
	zx_handle_t vmo;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	EXPECT_ZX(ZX_OK, zx_handle_close(vmo));
	EXPECT_FALSE(fd_open((int)vmo));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_close(vmo));
}

TEST(close_foreign_fd_bad_handle)
{
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_close((zx_handle_t)p[0]));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_close((zx_handle_t)p[1]));
	EXPECT_TRUE(fd_open(p[0]));
	EXPECT_TRUE(fd_open(p[1]));
	EXPECT_TRUE(pipe_works(p));
	close(p[0]);
	close(p[1]);
}

/* libzx's own /dev/zxpager fd is not a handle either. */
TEST(close_device_fd_bad_handle)
{
	int dev = zxp_device_fd();
	zx_handle_t vmo;

	ASSERT_LE(0, dev);
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_close((zx_handle_t)dev));
	EXPECT_TRUE(fd_open(dev));
	EXPECT_ZX(ZX_OK, zx_vmo_create(PAGE, 0, &vmo));
	zx_handle_close(vmo);
}

TEST(close_many)
{
	zx_handle_t h[4];
	size_t i;
	long base = objects_baseline(_metadata);

	ZXP_OK(zx_vmo_create(PAGE, 0, &h[0]));
	h[1] = ZX_HANDLE_INVALID;
	ZXP_OK(zx_port_create(0, &h[2]));
	ZXP_OK(zx_handle_duplicate(h[0], ZX_RIGHT_READ, &h[3]));
	EXPECT_OBJECTS(base, 2);
	EXPECT_ZX(ZX_OK, zx_handle_close_many(h, 4));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, handle_valid(h[i])) TH_LOG("handle %zu", i);
	EXPECT_OBJECTS(base, 0);
	EXPECT_ZX(ZX_OK, zx_handle_close_many(NULL, 0));
}

/* A bad handle in the array is reported, and every valid one still closed. */
TEST(close_many_bad_handle_closes_the_others)
{
	zx_handle_t h[3];
	int p[2];
	long base = objects_baseline(_metadata);

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ZXP_OK(zx_vmo_create(PAGE, 0, &h[0]));
	h[1] = (zx_handle_t)p[0];
	ZXP_OK(zx_port_create(0, &h[2]));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_close_many(h, 3));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid(h[0]));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid(h[2]));
	EXPECT_TRUE(pipe_works(p));
	EXPECT_OBJECTS(base, 0);
	close(p[0]);
	close(p[1]);
}

/* ---- object info ---- */

TEST(default_rights_values)
{
	EXPECT_EQ(VMO_RIGHTS, ZX_DEFAULT_VMO_RIGHTS);
	EXPECT_EQ(PORT_RIGHTS, ZX_DEFAULT_PORT_RIGHTS);
}

TEST(info_basic_vmo)
{
	zx_info_handle_basic_t info;
	size_t actual = 7, avail = 7;
	zx_handle_t vmo;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	memset(&info, 0xa5, sizeof(info));
	ZXP_OK(zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), &actual, &avail));
	EXPECT_EQ(1, actual);
	EXPECT_EQ(1, avail);
	EXPECT_NE(0, info.koid);
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, info.type);
	EXPECT_EQ(3, info.type);
	EXPECT_EQ(VMO_RIGHTS, info.rights);
	EXPECT_EQ(0, info.related_koid);
	zx_handle_close(vmo);
}

TEST(info_basic_resizable_vmo)
{
	zx_info_handle_basic_t info;
	zx_handle_t vmo;

	ZXP_OK(zx_vmo_create(PAGE, ZX_VMO_RESIZABLE, &vmo));
	ZXP_OK(basic_info(vmo, &info));
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, info.type);
	EXPECT_EQ(VMO_RIGHTS | ZX_RIGHT_RESIZE, info.rights);
	zx_handle_close(vmo);
}

TEST(info_basic_port)
{
	zx_info_handle_basic_t info;
	zx_handle_t port;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(basic_info(port, &info));
	EXPECT_NE(0, info.koid);
	EXPECT_EQ(ZX_OBJ_TYPE_PORT, info.type);
	EXPECT_EQ(6, info.type);
	EXPECT_EQ(PORT_RIGHTS, info.rights);
	EXPECT_EQ(0, info.related_koid);
	zx_handle_close(port);
}

TEST(koids_unique)
{
	enum { N = 8 };
	zx_handle_t h[N];
	zx_koid_t koid[N], gone;
	zx_info_handle_basic_t info;
	int i, j;

	for (i = 0; i < N; i++) {
		if (i % 2)
			ZXP_OK(zx_port_create(0, &h[i]));
		else
			ZXP_OK(zx_vmo_create(PAGE, 0, &h[i]));
		ZXP_OK(basic_info(h[i], &info));
		koid[i] = info.koid;
		EXPECT_NE(0, koid[i]);
		for (j = 0; j < i; j++)
			EXPECT_NE(koid[j], koid[i]) TH_LOG("objects %d and %d", j, i);
	}
	/* A destroyed object's koid is not handed out again. */
	gone = koid[0];
	zx_handle_close(h[0]);
	ZXP_OK(zx_vmo_create(PAGE, 0, &h[0]));
	ZXP_OK(basic_info(h[0], &info));
	EXPECT_NE(gone, info.koid);
	zx_handle_close_many(h, N);
}

TEST(info_buffer_too_small)
{
	zx_info_handle_basic_t info;
	zx_info_vmo_t vinfo;
	size_t actual = 7, avail = 7;
	zx_handle_t vmo;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	EXPECT_ZX(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, &info, sizeof(info) - 1,
				     &actual, &avail));
	EXPECT_EQ(0, actual);
	EXPECT_EQ(1, avail);
	actual = avail = 7;
	EXPECT_ZX(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(vmo, ZX_INFO_HANDLE_BASIC, NULL, 0, &actual, &avail));
	EXPECT_EQ(0, actual);
	EXPECT_EQ(1, avail);
	actual = avail = 7;
	EXPECT_ZX(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(vmo, ZX_INFO_VMO, &vinfo, sizeof(vinfo) - 1,
				     &actual, &avail));
	EXPECT_EQ(0, actual);
	EXPECT_EQ(1, avail);
	zx_handle_close(vmo);
}

TEST(info_vmo)
{
	zx_info_handle_basic_t basic;
	zx_info_vmo_t info;
	size_t actual = 7, avail = 7;
	zx_handle_t vmo, dup;

	ZXP_OK(zx_vmo_create(3 * PAGE, ZX_VMO_RESIZABLE, &vmo));
	ZXP_OK(basic_info(vmo, &basic));
	ZXP_OK(zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), &actual, &avail));
	EXPECT_EQ(1, actual);
	EXPECT_EQ(1, avail);
	EXPECT_EQ(basic.koid, info.koid);
	EXPECT_EQ(3 * PAGE, info.size_bytes);
	EXPECT_EQ(VMO_RIGHTS | ZX_RIGHT_RESIZE, info.handle_rights);
	EXPECT_NE(0, info.flags & ZX_INFO_VMO_RESIZABLE);
	EXPECT_EQ(1, info.share_count);

	ZXP_OK(zx_handle_duplicate(vmo, ZX_RIGHT_INSPECT, &dup));
	ZXP_OK(zx_object_get_info(dup, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_RIGHT_INSPECT, info.handle_rights);
	EXPECT_EQ(2, info.share_count);
	zx_handle_close(dup);
	zx_handle_close(vmo);
}

TEST(info_vmo_needs_inspect)
{
	zx_info_handle_basic_t basic;
	zx_info_vmo_t info;
	zx_handle_t vmo, h;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, VMO_RIGHTS & ~ZX_RIGHT_INSPECT, &h));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(h, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	/* Basic info needs no right. */
	EXPECT_ZX(ZX_OK, basic_info(h, &basic));
	EXPECT_ZX(ZX_OK, zx_object_get_info(vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	zx_handle_close(h);
	zx_handle_close(vmo);
}

TEST(info_vmo_on_port_wrong_type)
{
	zx_info_vmo_t info;
	zx_handle_t port;

	ZXP_OK(zx_port_create(0, &port));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(port, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	zx_handle_close(port);
}

TEST(info_handle_valid)
{
	zx_handle_t vmo, dead;
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_port_create(0, &dead));
	ZXP_OK(zx_handle_close(dead));
	EXPECT_ZX(ZX_OK, handle_valid(vmo));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid(dead));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid(ZX_HANDLE_INVALID));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, handle_valid((zx_handle_t)p[0]));
	zx_handle_close(vmo);
	close(p[0]);
	close(p[1]);
}

/* ---- handle 0, wrong types, rights ---- */

/* Each test runs in its own child: fd 0 can be taken over here. */
TEST(handle_zero_never_valid)
{
	zx_info_handle_basic_t info;
	zx_handle_t vmo, out = 12345;
	char c;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ASSERT_EQ(0, dup2((int)vmo, 0));
	EXPECT_ZX(ZX_OK, zx_vmo_read(vmo, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_vmo_read(0, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_vmo_write(0, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, basic_info(0, &info));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_handle_duplicate(0, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_EQ(12345, out);
	/* Closing ZX_HANDLE_INVALID is a no-op: fd 0 stays open. */
	EXPECT_ZX(ZX_OK, zx_handle_close(0));
	EXPECT_TRUE(fd_open(0));
	zx_handle_close(vmo);
}

TEST(port_calls_on_vmo_wrong_type)
{
	zx_port_packet_t pkt = { .key = 1 };
	zx_handle_t vmo;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_port_wait(vmo, 0, &pkt));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_port_wait(vmo, ZX_TIME_INFINITE, &pkt));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_port_queue(vmo, &pkt));
	zx_handle_close(vmo);
}

TEST(vmo_calls_on_port_wrong_type)
{
	zx_handle_t port;
	uint64_t size;
	char c = 0;

	ZXP_OK(zx_port_create(0, &port));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_vmo_read(port, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_vmo_write(port, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_vmo_get_size(port, &size));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_vmo_set_size(port, PAGE));
	zx_handle_close(port);
}

/* BAD_HANDLE before WRONG_TYPE before ACCESS_DENIED. */
TEST(error_precedence)
{
	zx_port_packet_t pkt = { .key = 1 };
	zx_handle_t port, vmo, bare_port, bare_vmo;
	char c = 0;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_handle_duplicate(port, ZX_RIGHT_NONE, &bare_port));
	ZXP_OK(zx_handle_duplicate(vmo, ZX_RIGHT_NONE, &bare_vmo));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_vmo_read(bare_port, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_vmo_write(bare_port, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_port_queue(bare_vmo, &pkt));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_port_wait(bare_vmo, 0, &pkt));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_read(bare_vmo, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_port_queue(bare_port, &pkt));
	zx_handle_close(bare_port);
	zx_handle_close(bare_vmo);
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_vmo_read(bare_port, &c, 0, 1));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_port_queue(bare_vmo, &pkt));
	zx_handle_close(port);
	zx_handle_close(vmo);
}

TEST(vmo_read_needs_read)
{
	zx_handle_t vmo, h;
	char buf[4] = "abc";

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, VMO_RIGHTS & ~ZX_RIGHT_READ, &h));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_read(h, buf, 0, sizeof(buf)));
	EXPECT_STREQ("abc", buf);
	EXPECT_ZX(ZX_OK, zx_vmo_write(h, buf, 0, sizeof(buf)));
	EXPECT_ZX(ZX_OK, zx_vmo_read(vmo, buf, 0, sizeof(buf)));
	zx_handle_close(h);
	zx_handle_close(vmo);
}

TEST(vmo_write_needs_write)
{
	static const char zero[4];
	zx_handle_t vmo, h;
	char buf[4] = "abc";

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, VMO_RIGHTS & ~ZX_RIGHT_WRITE, &h));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_write(h, buf, 0, sizeof(buf)));
	EXPECT_ZX(ZX_OK, zx_vmo_read(h, buf, 0, sizeof(buf)));
	EXPECT_EQ(0, memcmp(zero, buf, sizeof(buf)));	/* nothing was written */
	EXPECT_ZX(ZX_OK, zx_vmo_write(vmo, buf, 0, sizeof(buf)));
	zx_handle_close(h);
	zx_handle_close(vmo);
}

TEST(port_queue_needs_write)
{
	zx_port_packet_t pkt = { .key = 42 };
	zx_handle_t port, h;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_handle_duplicate(port, PORT_RIGHTS & ~ZX_RIGHT_WRITE, &h));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_port_queue(h, &pkt));
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));	/* nothing queued */
	EXPECT_ZX(ZX_OK, zx_port_queue(port, &pkt));
	zx_handle_close(h);
	zx_handle_close(port);
}

TEST(port_wait_needs_read)
{
	zx_port_packet_t pkt = { .key = 42 }, out;
	zx_handle_t port, h;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_handle_duplicate(port, PORT_RIGHTS & ~ZX_RIGHT_READ, &h));
	ZXP_OK(zx_port_queue(h, &pkt));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_port_wait(h, 0, &out));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_port_wait(h, ZX_TIME_INFINITE, &out));
	/* The packet is still there. */
	EXPECT_ZX(ZX_OK, zx_port_wait(port, 0, &out));
	EXPECT_EQ(42, out.key);
	zx_handle_close(h);
	zx_handle_close(port);
}

TEST(vmo_set_size_needs_write)
{
	zx_handle_t vmo, h;
	uint64_t size;

	ZXP_OK(zx_vmo_create(PAGE, ZX_VMO_RESIZABLE, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, (VMO_RIGHTS | ZX_RIGHT_RESIZE) & ~ZX_RIGHT_WRITE, &h));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(h, 2 * PAGE));
	ZXP_OK(zx_vmo_get_size(vmo, &size));
	EXPECT_EQ(PAGE, size);
	EXPECT_ZX(ZX_OK, zx_vmo_set_size(vmo, 2 * PAGE));
	zx_handle_close(h);
	zx_handle_close(vmo);
}

TEST(vmo_set_size_needs_resize)
{
	zx_handle_t vmo, h;
	uint64_t size;

	ZXP_OK(zx_vmo_create(PAGE, ZX_VMO_RESIZABLE, &vmo));
	ZXP_OK(zx_handle_duplicate(vmo, VMO_RIGHTS, &h));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(h, 2 * PAGE));
	ZXP_OK(zx_vmo_get_size(vmo, &size));
	EXPECT_EQ(PAGE, size);
	EXPECT_ZX(ZX_OK, zx_vmo_set_size(vmo, 2 * PAGE));
	ZXP_OK(zx_vmo_get_size(h, &size));
	EXPECT_EQ(2 * PAGE, size);
	zx_handle_close(h);
	zx_handle_close(vmo);
}

/* Zircon: a VMO that is not resizable says UNAVAILABLE, whatever its rights. */
TEST(vmo_set_size_not_resizable_unavailable)
{
	zx_handle_t vmo;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	EXPECT_ZX(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(vmo, 2 * PAGE));
	zx_handle_close(vmo);
}

/* ---- lifetime ---- */

TEST(created_handles_are_cloexec)
{
	zx_handle_t vmo, port;

	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_port_create(0, &port));
	EXPECT_NE(0, fcntl((int)vmo, F_GETFD) & FD_CLOEXEC);
	EXPECT_NE(0, fcntl((int)port, F_GETFD) & FD_CLOEXEC);
	zx_handle_close(vmo);
	zx_handle_close(port);
}

TEST(last_handle_destroys_object)
{
	zx_handle_t vmo, vdup, port, pdup;
	long base = live_objects();

	if (base < 0)
		SKIP(return, "no debugfs zxpager/stats: cannot count objects");
	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_port_create(0, &port));
	EXPECT_EQ(base + 2, live_objects());
	ZXP_OK(zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &vdup));
	ZXP_OK(zx_handle_duplicate(port, ZX_RIGHT_READ, &pdup));
	EXPECT_EQ(base + 2, live_objects());	/* handles are not objects */
	ZXP_OK(zx_handle_close(vmo));
	ZXP_OK(zx_handle_close(port));
	EXPECT_EQ(base + 2, live_objects());	/* the duplicates keep them */
	EXPECT_ZX(ZX_OK, handle_valid(vdup));
	EXPECT_ZX(ZX_OK, handle_valid(pdup));
	ZXP_OK(zx_handle_close(vdup));
	EXPECT_EQ(base + 1, live_objects());
	ZXP_OK(zx_handle_close(pdup));
	EXPECT_EQ(base, live_objects());
}

TEST(mapping_keeps_vmo_alive)
{
	static const char msg[] = "still mapped";
	zx_handle_t vmo;
	zx_vaddr_t addr = 0;
	long base = live_objects();

	if (base < 0)
		SKIP(return, "no debugfs zxpager/stats: cannot count objects");
	ZXP_OK(zx_vmo_create(PAGE, 0, &vmo));
	ZXP_OK(zx_vmo_write(vmo, msg, 0, sizeof(msg)));
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, vmo, 0, PAGE, &addr));
	ZXP_OK(zx_handle_close(vmo));
	EXPECT_EQ(base + 1, live_objects());
	EXPECT_STREQ(msg, (const char *)addr);
	ZXP_OK(zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE));
	EXPECT_EQ(base, live_objects());
}

/* ---- across processes ---- */

TEST(handle_survives_fork)
{
	static const char parent_msg[] = "from the parent", child_msg[] = "from the child";
	char buf[32] = "";
	zx_handle_t vmo;
	int status;
	pid_t pid;

	ZXP_OK(zx_vmo_create(2 * PAGE, 0, &vmo));
	ZXP_OK(zx_vmo_write(vmo, parent_msg, 0, sizeof(parent_msg)));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* No harness assertions in here: report through the exit code. */
		if (zx_vmo_read(vmo, buf, 0, sizeof(parent_msg)) != ZX_OK)
			_exit(1);
		if (memcmp(buf, parent_msg, sizeof(parent_msg)))
			_exit(2);
		if (zx_vmo_write(vmo, child_msg, PAGE, sizeof(child_msg)) != ZX_OK)
			_exit(3);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("child failed at step %d", WEXITSTATUS(status));
	/* Same object: the child's write is visible here. */
	ZXP_OK(zx_vmo_read(vmo, buf, PAGE, sizeof(child_msg)));
	EXPECT_STREQ(child_msg, buf);
	EXPECT_ZX(ZX_OK, handle_valid(vmo));
	zx_handle_close(vmo);
}

TEST(close_in_child_leaves_parent_handle)
{
	zx_handle_t port;
	int status;
	pid_t pid;

	ZXP_OK(zx_port_create(0, &port));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(zx_handle_close(port) == ZX_OK ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_ZX(ZX_OK, handle_valid(port));
	zx_handle_close(port);
}

static const char scm_msg[] = "a VMO sent over a unix socket";

/* Child side: make a VMO, fill it, send it with its koid; returns an exit code. */
static int send_vmo(int sock)
{
	zx_info_handle_basic_t info;
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov;
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	zx_handle_t vmo;
	int fd;

	if (zx_vmo_create(PAGE, 0, &vmo) != ZX_OK)
		return 1;
	if (zx_vmo_write(vmo, scm_msg, 0, sizeof(scm_msg)) != ZX_OK)
		return 2;
	if (basic_info(vmo, &info) != ZX_OK)
		return 3;
	iov.iov_base = &info.koid;
	iov.iov_len = sizeof(info.koid);
	memset(&ctl, 0, sizeof(ctl));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	fd = (int)vmo;
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(fd));
	if (sendmsg(sock, &msg, 0) != (ssize_t)sizeof(info.koid))
		return 4;
	/* The message holds its own reference: closing ours is fine. */
	if (zx_handle_close(vmo) != ZX_OK)
		return 5;
	return 0;
}

TEST(vmo_passes_over_scm_rights)
{
	zx_info_handle_basic_t info;
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg = { 0 };
	struct cmsghdr *cmsg;
	struct iovec iov;
	zx_koid_t koid = 0;
	char buf[sizeof(scm_msg)] = "";
	int sv[2], status, fd = -1;
	pid_t pid;
	long base = objects_baseline(_metadata);

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(sv[0]);
		_exit(send_vmo(sv[1]));
	}
	close(sv[1]);
	iov.iov_base = &koid;
	iov.iov_len = sizeof(koid);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	EXPECT_EQ((ssize_t)sizeof(koid), recvmsg(sv[0], &msg, MSG_CMSG_CLOEXEC));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("child failed at step %d", WEXITSTATUS(status));
	cmsg = CMSG_FIRSTHDR(&msg);
	ASSERT_NE(NULL, cmsg);
	ASSERT_EQ(SOL_SOCKET, cmsg->cmsg_level);
	ASSERT_EQ(SCM_RIGHTS, cmsg->cmsg_type);
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(fd));
	ASSERT_LT(0, fd);

	/* The child is gone; the VMO lives on through the received handle. */
	EXPECT_OBJECTS(base, 1);
	ZXP_OK(basic_info((zx_handle_t)fd, &info));
	EXPECT_NE(0, koid);
	EXPECT_EQ(koid, info.koid);
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, info.type);
	EXPECT_EQ(VMO_RIGHTS, info.rights);
	ZXP_OK(zx_vmo_read((zx_handle_t)fd, buf, 0, sizeof(buf)));
	EXPECT_STREQ(scm_msg, buf);
	EXPECT_ZX(ZX_OK, zx_handle_close((zx_handle_t)fd));
	EXPECT_OBJECTS(base, 0);
	close(sv[0]);
}

TEST_HARNESS_MAIN
