// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping VMOs (zx_vmar_map, unmap, protect): what a mapping shows, how
 * rights limit it, what happens beyond a shrunk VMO, and sharing between
 * processes.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/process.h>
#include <zircon/syscalls.h>
#include <zxp.h>

#define RW (ZX_VM_PERM_READ | ZX_VM_PERM_WRITE)

static size_t page;

static sigjmp_buf fault_jmp;
static volatile void *fault_addr;
static volatile int fault_sig;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_addr = si->si_addr;
	siglongjmp(fault_jmp, 1);
}

/* Touch *p (write when @write); returns the signal it raised, or 0. */
static int touch(volatile char *p, int write)
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };

	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	fault_sig = 0;
	fault_addr = NULL;
	if (sigsetjmp(fault_jmp, 1) == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
	}
	signal(SIGBUS, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	return fault_sig;
}

FIXTURE(map) {
	zx_handle_t vmo;
	long objects, pages;
	int have_stats;
};

FIXTURE_SETUP(map)
{
	page = zx_system_get_page_size();
	self->have_stats = zxp_stats(&self->objects, &self->pages) == 0;
	ZXP_OK(zx_vmo_create(4 * page, ZX_VMO_RESIZABLE, &self->vmo));
}

FIXTURE_TEARDOWN(map)
{
	zx_handle_close(self->vmo);
	EXPECT_NO_LEAKS(self->have_stats, self->objects, self->pages);
}

TEST_F(map, write_mapping_read_vmo)
{
	zx_vaddr_t addr;
	char back[32];

	/* ALLOW_FAULTS is accepted: faults are how VMO pages arrive here. */
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_ALLOW_FAULTS, 0, self->vmo, 0,
			   4 * page, &addr));
	strcpy((char *)addr + 3 * page + 7, "through the mapping");
	ZXP_OK(zx_vmo_read(self->vmo, back, 3 * page + 7, 20));
	EXPECT_STREQ("through the mapping", back);
	ZXP_OK(zx_vmo_write(self->vmo, "and back", 0, 9));
	EXPECT_STREQ("and back", (char *)addr);
	ZXP_OK(zx_vmar_unmap(zx_vmar_root_self(), addr, 4 * page));
}

TEST_F(map, two_mappings_one_vmo)
{
	zx_vaddr_t a, b;

	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 0, 4 * page, &a));
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, self->vmo, page, page, &b));
	EXPECT_NE(a, b);
	strcpy((char *)a + page, "shared");
	EXPECT_STREQ("shared", (char *)b);
	zx_vmar_unmap(zx_vmar_root_self(), a, 4 * page);
	zx_vmar_unmap(zx_vmar_root_self(), b, page);
}

TEST_F(map, map_range_commits)
{
	zx_vaddr_t addr;
	zx_info_vmo_t info;

	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_MAP_RANGE, 0, self->vmo, page,
			   2 * page, &addr));
	ZXP_OK(zx_object_get_info(self->vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(2 * page, info.committed_bytes);
	EXPECT_EQ(1, info.num_mappings);
	zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * page);
	ZXP_OK(zx_object_get_info(self->vmo, ZX_INFO_VMO, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(0, info.num_mappings);
}

/* Beyond the end of a shrunk VMO a mapping faults; it never shows stale data. */
TEST_F(map, shrink_then_access_sigbus)
{
	zx_vaddr_t addr;
	char *p;

	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 0, 4 * page, &addr));
	p = (char *)addr;
	memset(p, 'a', 4 * page);
	ZXP_OK(zx_vmo_set_size(self->vmo, page));
	EXPECT_EQ(0, touch(p + page - 1, 0));
	EXPECT_EQ('a', p[page - 1]);
	EXPECT_EQ(SIGBUS, touch(p + 2 * page + 5, 0));
	EXPECT_EQ(p + 2 * page + 5, fault_addr);
	EXPECT_EQ(SIGBUS, touch(p + 3 * page, 1));
	/* Grown again: zeros, not the old bytes. */
	ZXP_OK(zx_vmo_set_size(self->vmo, 4 * page));
	EXPECT_EQ(0, touch(p + 2 * page, 0));
	EXPECT_EQ(0, p[2 * page]);
	zx_vmar_unmap(zx_vmar_root_self(), addr, 4 * page);
}

TEST_F(map, decommit_zaps_mapping)
{
	zx_vaddr_t addr;

	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 0, 4 * page, &addr));
	memset((char *)addr, 'z', 2 * page);
	ZXP_OK(zx_vmo_op_range(self->vmo, ZX_VMO_OP_DECOMMIT, 0, page, NULL, 0));
	EXPECT_EQ(0, ((char *)addr)[10]);
	EXPECT_EQ('z', ((char *)addr)[page + 10]);
	zx_vmar_unmap(zx_vmar_root_self(), addr, 4 * page);
}

TEST_F(map, rights_limit_mappings)
{
	zx_handle_t ro, nomap;
	zx_vaddr_t addr;

	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_RIGHT_READ | ZX_RIGHT_MAP, &ro));
	ZXP_OK(zx_handle_duplicate(self->vmo, ZX_RIGHT_READ | ZX_RIGHT_WRITE, &nomap));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmar_map(zx_vmar_root_self(), RW, 0, ro, 0, page, &addr));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, nomap, 0, page, &addr));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE, 0,
			      self->vmo, 0, page, &addr));
	/* A read-only mapping cannot be made writable later. */
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0, ro, 0, page, &addr));
	EXPECT_ZX(ZX_ERR_ACCESS_DENIED, zx_vmar_protect(zx_vmar_root_self(), RW, addr, page));
	EXPECT_EQ(SIGSEGV, touch((char *)addr, 1));
	EXPECT_ZX(ZX_OK, zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ, addr, page));
	/* Nor through mprotect() directly. */
	EXPECT_EQ(-1, mprotect((void *)addr, page, PROT_READ | PROT_WRITE));
	zx_vmar_unmap(zx_vmar_root_self(), addr, page);
	zx_handle_close_many((zx_handle_t[]){ ro, nomap }, 2);
}

TEST_F(map, protect)
{
	zx_vaddr_t addr;

	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 0, 2 * page, &addr));
	ZXP_OK(zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ, addr, page));
	EXPECT_EQ(SIGSEGV, touch((char *)addr, 1));
	EXPECT_EQ(0, touch((char *)addr + page, 1));
	ZXP_OK(zx_vmar_protect(zx_vmar_root_self(), RW, addr, page));
	EXPECT_EQ(0, touch((char *)addr, 1));
	zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * page);
	EXPECT_ZX(ZX_ERR_NOT_FOUND, zx_vmar_protect(zx_vmar_root_self(), RW, addr, page));
}

TEST_F(map, specific)
{
	zx_vaddr_t addr, again;

	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 0, 2 * page, &addr));
	zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * page);
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_SPECIFIC, addr, self->vmo, 0,
			   page, &again));
	EXPECT_EQ(addr, again);
	EXPECT_ZX(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_SPECIFIC, addr, self->vmo, page,
			      page, &again));
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_SPECIFIC_OVERWRITE, addr, self->vmo,
			   page, page, &again));
	EXPECT_EQ(addr, again);
	ZXP_OK(zx_vmo_write(self->vmo, "second page", page, 12));
	EXPECT_STREQ("second page", (char *)addr);
	zx_vmar_unmap(zx_vmar_root_self(), addr, page);
}

TEST_F(map, invalid_args)
{
	zx_handle_t port;
	zx_vaddr_t addr;

	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 0, 0, &addr));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 1, page, &addr));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), RW, page, self->vmo, 0, page, &addr));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(zx_vmar_root_self(), RW | (1u << 20), 0, self->vmo, 0, page, &addr));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 0, page, NULL));
	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED,
		  zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_REQUIRE_NON_RESIZABLE, 0,
			      self->vmo, 0, page, &addr));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_vmar_map(self->vmo, RW, 0, self->vmo, 0, page, &addr));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_vmar_map(12345, RW, 0, self->vmo, 0, page, &addr));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE,
		  zx_vmar_map(zx_vmar_root_self(), RW, 0, ZX_HANDLE_INVALID, 0, page, &addr));
	ZXP_OK(zx_port_create(0, &port));
	EXPECT_ZX(ZX_ERR_WRONG_TYPE, zx_vmar_map(zx_vmar_root_self(), RW, 0, port, 0, page, &addr));
	zx_handle_close(port);
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmar_unmap(zx_vmar_root_self(), 1, page));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_vmar_unmap(zx_vmar_root_self(), 0x10000, 0));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS,
		  zx_vmar_protect(zx_vmar_root_self(), ZX_VM_SPECIFIC, 0x10000, page));
}

/* A mapping keeps its VMO alive after the last handle is closed. */
TEST_F(map, mapping_outlives_handle)
{
	zx_handle_t vmo;
	zx_vaddr_t addr;
	long objects, pages;

	ZXP_OK(zx_vmo_create(page, 0, &vmo));
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW, 0, vmo, 0, page, &addr));
	ZXP_OK(zx_handle_close(vmo));
	strcpy((char *)addr, "still here");
	EXPECT_STREQ("still here", (char *)addr);
	if (self->have_stats) {
		ASSERT_EQ(0, zxp_stats(&objects, &pages));
		EXPECT_EQ(self->objects + 2, objects);	/* this one and the fixture's */
	}
	ZXP_OK(zx_vmar_unmap(zx_vmar_root_self(), addr, page));
}

/* A forked child maps the VMO its parent created: both see the same bytes. */
TEST_F(map, shared_across_fork)
{
	zx_vaddr_t addr;
	int status;
	pid_t pid;
	char back[16];

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (zx_vmar_map(zx_vmar_root_self(), RW, 0, self->vmo, 0, page, &addr) != ZX_OK)
			_exit(2);
		strcpy((char *)addr, "from child");
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ZXP_OK(zx_vmo_read(self->vmo, back, 0, 11));
	EXPECT_STREQ("from child", back);
}

/*
 * The child creates a VMO, maps it, writes, and sends it over a unix
 * socket; the parent maps what it received and both see each other's
 * writes through their own mappings.
 */
TEST(scm_rights_two_processes)
{
	zx_handle_t vmo;
	int sv[2], status;
	zx_vaddr_t addr;
	char ack;
	pid_t pid;

	page = zx_system_get_page_size();
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		zx_handle_t vmo;

		close(sv[0]);
		if (zx_vmo_create(page, 0, &vmo) != ZX_OK ||
		    zx_vmar_map(zx_vmar_root_self(), RW, 0, vmo, 0, page, &addr) != ZX_OK)
			_exit(2);
		strcpy((char *)addr, "child wrote");
		if (zxp_handle_send(sv[1], vmo) != ZX_OK)
			_exit(3);
		zx_handle_close(vmo);
		/* Wait for the parent's answer, then check it through our mapping. */
		if (read(sv[1], &ack, 1) != 1)
			_exit(4);
		_exit(strcmp((char *)addr + 100, "parent wrote") ? 5 : 0);
	}
	close(sv[1]);
	ZXP_OK(zxp_handle_recv(sv[0], &vmo));
	ZXP_OK(zx_vmar_map(zx_vmar_root_self(), RW, 0, vmo, 0, page, &addr));
	EXPECT_STREQ("child wrote", (char *)addr);
	strcpy((char *)addr + 100, "parent wrote");
	ASSERT_EQ(1, write(sv[0], "k", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	zx_vmar_unmap(zx_vmar_root_self(), addr, page);
	zx_handle_close(vmo);
	/* Only zxpager handles are sent. */
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zxp_handle_send(sv[0], (zx_handle_t)sv[0]));
	close(sv[0]);
}

TEST_HARNESS_MAIN
