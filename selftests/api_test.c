// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake ioctl (ZXPAGER_IOC_API) and the errno contract of
 * <linux/zxpager.h> as userspace sees it: each test changes one thing in an
 * otherwise valid request.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include <linux/zxpager.h>
#include <zircon/status.h>
#include <zxp.h>

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	self->fd = open(ZXP_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", ZXP_DEVICE_PATH, strerror(errno));
}

FIXTURE_TEARDOWN(dev)
{
	close(self->fd);
}

static struct zxpager_api valid_api(void)
{
	return (struct zxpager_api){ .size = sizeof(struct zxpager_api) };
}

/* ioctl's errno, or 0 on success. */
static int api_errno(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? errno : 0;
}

TEST_F(dev, api_reports_version_and_features)
{
	struct zxpager_api api = valid_api();

	/* Output fields start as garbage: all of them must be written. */
	api.abi_version = 0xdeadbeef;
	api.features = ~0ull;
	api.ioctls = 0;
	ASSERT_EQ(0, api_errno(self->fd, ZXPAGER_IOC_API, &api));
	EXPECT_EQ(sizeof(api), api.size);
	EXPECT_EQ(0, api.flags);
	EXPECT_EQ(0, api.__reserved);
	EXPECT_EQ(ZXPAGER_ABI_VERSION, api.abi_version);
	EXPECT_EQ(0, api.features & ~ZXPAGER_FEATURES_ALL);
	EXPECT_NE(0, api.ioctls & (1ull << (ZXPAGER_CMD_API - ZXPAGER_CMD_BASE)));
}

TEST_F(dev, api_is_repeatable)
{
	struct zxpager_api a = valid_api(), b = valid_api();

	ASSERT_EQ(0, api_errno(self->fd, ZXPAGER_IOC_API, &a));
	ASSERT_EQ(0, api_errno(self->fd, ZXPAGER_IOC_API, &b));
	EXPECT_EQ(0, memcmp(&a, &b, sizeof(a)));
}

TEST_F(dev, unknown_commands_enotty)
{
	const unsigned long cmds[] = {
		_IO(ZXPAGER_TYPE, ZXPAGER_CMD_BASE + 0x20),
		_IO(ZXPAGER_TYPE, 0x3f),
		_IO(ZXPAGER_TYPE, 0xff),
		_IO(ZXPAGER_TYPE + 1, ZXPAGER_CMD_API),
		_IOWR(ZXPAGER_TYPE, ZXPAGER_CMD_API, struct zxpager_api),
		_IOR(ZXPAGER_TYPE, ZXPAGER_CMD_API, struct zxpager_api),
		_IO(0, 0),
		0xffffffffu,
		FIONREAD,
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct zxpager_api api = valid_api(), orig = api;

		EXPECT_EQ(ENOTTY, api_errno(self->fd, cmds[i], &api))
			TH_LOG("command %#lx", cmds[i]);
		EXPECT_EQ(0, memcmp(&api, &orig, sizeof(api)));
	}
}

TEST_F(dev, short_size_einval)
{
	const uint32_t sizes[] = { 0, 4, 8, 16, 24, sizeof(struct zxpager_api) - 1 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct zxpager_api api = valid_api(), orig;

		api.size = sizes[i];
		orig = api;
		EXPECT_EQ(EINVAL, api_errno(self->fd, ZXPAGER_IOC_API, &api))
			TH_LOG("size %u", sizes[i]);
		EXPECT_EQ(0, memcmp(&api, &orig, sizeof(api)));
	}
}

/* A newer caller's larger struct: accepted while the extra bytes are zero,
 * and the kernel writes nothing beyond its own struct.
 */
TEST_F(dev, long_size_zero_tail_accepted)
{
	union {
		struct zxpager_api api;
		uint8_t bytes[128];
	} u;
	size_t i;

	memset(&u, 0, sizeof(u));
	u.api.size = sizeof(u);
	ASSERT_EQ(0, api_errno(self->fd, ZXPAGER_IOC_API, &u));
	EXPECT_EQ(ZXPAGER_ABI_VERSION, u.api.abi_version);
	for (i = sizeof(u.api); i < sizeof(u); i++)
		ASSERT_EQ(0, u.bytes[i]) TH_LOG("byte %zu written", i);
}

TEST_F(dev, long_size_nonzero_tail_e2big)
{
	union {
		struct zxpager_api api;
		uint8_t bytes[64];
	} u;
	size_t i;

	for (i = sizeof(u.api); i < sizeof(u); i++) {
		memset(&u, 0, sizeof(u));
		u.api.size = sizeof(u);
		u.bytes[i] = 0x80;
		EXPECT_EQ(E2BIG, api_errno(self->fd, ZXPAGER_IOC_API, &u))
			TH_LOG("non-zero byte at %zu", i);
		EXPECT_EQ(0, u.api.abi_version);
	}
}

TEST_F(dev, unknown_flags_eopnotsupp)
{
	int bit;

	for (bit = 0; bit < 32; bit++) {
		struct zxpager_api api = valid_api();

		api.flags = 1u << bit;
		EXPECT_EQ(EOPNOTSUPP, api_errno(self->fd, ZXPAGER_IOC_API, &api))
			TH_LOG("flag bit %d", bit);
		EXPECT_EQ(0, api.abi_version);
	}
}

TEST_F(dev, reserved_nonzero_einval)
{
	const uint32_t values[] = { 1, 0x80000000u, 0xffffffffu };
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct zxpager_api api = valid_api();

		api.__reserved = values[i];
		EXPECT_EQ(EINVAL, api_errno(self->fd, ZXPAGER_IOC_API, &api));
		EXPECT_EQ(0, api.abi_version);
	}
}

TEST_F(dev, bad_pointers_efault)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *map;
	struct zxpager_api *edge;

	EXPECT_EQ(EFAULT, api_errno(self->fd, ZXPAGER_IOC_API, NULL));
	EXPECT_EQ(EFAULT, api_errno(self->fd, ZXPAGER_IOC_API, (void *)-4096L));

	/* A struct that runs into an inaccessible page. */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));
	edge = (struct zxpager_api *)(map + page - 16);
	memset(edge, 0, 16);
	edge->size = sizeof(*edge);
	EXPECT_EQ(EFAULT, api_errno(self->fd, ZXPAGER_IOC_API, edge));

	/* Readable but not writable: the answer cannot be written back. */
	edge = (struct zxpager_api *)map;
	*edge = valid_api();
	ASSERT_EQ(0, mprotect(map, page, PROT_READ));
	EXPECT_EQ(EFAULT, api_errno(self->fd, ZXPAGER_IOC_API, edge));
	munmap(map, 2 * page);
}

TEST(libzx_api_matches_ioctl)
{
	struct zxpager_api api = valid_api();
	struct zxp_api_info info;
	int fd;

	ASSERT_EQ(ZX_OK, zxp_api(&info));
	fd = zxp_device_fd();
	ASSERT_LE(0, fd);
	EXPECT_EQ(fd, zxp_device_fd());		/* one shared fd */
	EXPECT_NE(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	ASSERT_EQ(0, api_errno(fd, ZXPAGER_IOC_API, &api));
	EXPECT_EQ(api.abi_version, info.abi_version);
	EXPECT_EQ(api.features, info.features);
	EXPECT_EQ(api.ioctls, info.ioctls);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zxp_api(NULL));
}

TEST(libzx_without_device)
{
	struct zxp_api_info info;

	/* Each test runs in its own child: this process has no fd yet. */
	ASSERT_EQ(0, setenv("ZXP_DEVICE", "/nonexistent/zxpager", 1));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zxp_api(&info));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zxp_device_fd());
}

TEST(libzx_wrong_device)
{
	struct zxp_api_info info;

	/* Some other character device: the handshake is refused, cleanly. */
	ASSERT_EQ(0, setenv("ZXP_DEVICE", "/dev/null", 1));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zxp_api(&info))
		TH_LOG("%s", zx_status_get_string(zxp_api(&info)));
}

TEST_HARNESS_MAIN
