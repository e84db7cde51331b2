// SPDX-License-Identifier: GPL-2.0
/*
 * Ports through libzx's Fuchsia API: create options, the queue/wait round
 * trip and FIFO order, deadlines, waiters blocked in the kernel (woken by a
 * packet, not by a signal), the user packet budget (port_max_user_packets),
 * poll/epoll readiness, and what closing a port frees.
 *
 * A thread is known to be blocked when it has announced the call and
 * /proc/self/task/<tid>/wchan names the function it sleeps in
 * (zxp_port_wait); no test sleeps to synchronise.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/rights.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/port.h>
#include <zxp.h>

#define MAX_USER_PACKETS_PARAM "/sys/module/zxpager/parameters/port_max_user_packets"

static long live_objects(void)
{
	long objects, pages;

	return zxp_stats(&objects, &pages) ? -1 : objects;
}

/* The module's port_max_user_packets, or -1. */
static long max_user_packets(void)
{
	FILE *f = fopen(MAX_USER_PACKETS_PARAM, "r");
	long n = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

static zx_port_packet_t user_packet(uint64_t key)
{
	zx_port_packet_t pkt;

	memset(&pkt, 0, sizeof(pkt));
	pkt.key = key;
	pkt.type = ZX_PKT_TYPE_USER;
	pkt.user.u64[0] = ~key;
	return pkt;
}

/* ---- threads blocked in the kernel ---- */

static pid_t my_tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* A thread's scheduler state from /proc/self/task/<tid>/stat, or '?'. */
static char task_state(pid_t tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

struct waiter {
	zx_handle_t port;
	zx_instant_mono_t deadline;
	pthread_t thread;
	pid_t tid;
	int started;		/* about to call zx_port_wait (atomic) */
	int done;		/* zx_port_wait returned (atomic) */
	zx_status_t status;
	zx_instant_mono_t returned_at;
	zx_port_packet_t packet;
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;

	w->tid = my_tid();
	__atomic_store_n(&w->started, 1, __ATOMIC_RELEASE);
	w->status = zx_port_wait(w->port, w->deadline, &w->packet);
	w->returned_at = zx_clock_get_monotonic();
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int start_waiter(struct waiter *w, zx_handle_t port, zx_instant_mono_t deadline)
{
	memset(w, 0, sizeof(*w));
	w->port = port;
	w->deadline = deadline;
	w->status = 1;
	return pthread_create(&w->thread, NULL, waiter_main, w);
}

/* Whether a thread sleeps in the kernel function @fn (its wchan). */
static bool task_wchan_is(pid_t tid, const char *fn)
{
	char path[64], buf[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/wchan", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return !strcmp(buf, fn);
}

/*
 * Waits until the thread sleeps after having announced its call: true when
 * it is blocked in it, false when the call returned instead (or /proc
 * cannot tell). With @wchan, the sleep must be in that kernel function:
 * any other sleep (a page fault, a lock) on the way is not the call's.
 */
static bool wait_until_blocked(pid_t *tid, int *started, int *done, const char *wchan)
{
	while (!__atomic_load_n(started, __ATOMIC_ACQUIRE))
		sched_yield();
	for (;;) {
		char state = task_state(*tid);

		if (__atomic_load_n(done, __ATOMIC_ACQUIRE) || state == '?')
			return false;
		if (state == 'S' && (!wchan || task_wchan_is(*tid, wchan)))
			return !__atomic_load_n(done, __ATOMIC_ACQUIRE);
		sched_yield();
	}
}

static bool waiter_blocked(struct waiter *w)
{
	return wait_until_blocked(&w->tid, &w->started, &w->done, "zxp_port_wait");
}

/* ---- create ---- */

TEST(create_options_zero)
{
	zx_info_handle_basic_t info;
	zx_handle_t port = ZX_HANDLE_INVALID;

	ZXP_OK(zx_port_create(0, &port));
	EXPECT_NE(ZX_HANDLE_INVALID, port);
	ZXP_OK(zx_object_get_info(port, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_OBJ_TYPE_PORT, info.type);
	EXPECT_EQ(ZX_DEFAULT_PORT_RIGHTS, info.rights);
	EXPECT_ZX(ZX_OK, zx_handle_close(port));
}

TEST(create_bind_to_interrupt_not_supported)
{
	zx_handle_t port = 12345;

	EXPECT_ZX(ZX_ERR_NOT_SUPPORTED, zx_port_create(ZX_PORT_BIND_TO_INTERRUPT, &port));
	EXPECT_EQ(12345, port);
}

TEST(create_unknown_options_invalid_args)
{
	zx_handle_t port = 12345;
	long base = live_objects();
	int bit;

	if (base < 0)
		TH_LOG("no debugfs zxpager/stats: object count not checked");

	for (bit = 1; bit < 32; bit++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(1u << bit, &port))
			TH_LOG("option bit %d", bit);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_port_create(ZX_PORT_BIND_TO_INTERRUPT | (1u << bit), &port))
			TH_LOG("BIND_TO_INTERRUPT and option bit %d", bit);
	}
	EXPECT_EQ(12345, port);
	if (base >= 0)
		EXPECT_EQ(base, live_objects());
}

TEST(create_null_out_invalid_args)
{
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_port_create(0, NULL));
}

/* ---- queue and wait ---- */

TEST(queue_wait_round_trip)
{
	zx_port_packet_t in, out;
	zx_handle_t port;
	int i;

	ZXP_OK(zx_port_create(0, &port));
	memset(&in, 0, sizeof(in));
	in.key = 0x0123456789abcdefull;
	in.type = ZX_PKT_TYPE_USER;
	in.status = ZX_ERR_IO_DATA_LOSS;
	for (i = 0; i < 32; i++)
		in.user.c8[i] = (uint8_t)(0xa0 + i);
	ZXP_OK(zx_port_queue(port, &in));
	memset(&out, 0x5a, sizeof(out));
	ZXP_OK(zx_port_wait(port, ZX_TIME_INFINITE, &out));
	EXPECT_EQ(in.key, out.key);
	EXPECT_EQ(ZX_PKT_TYPE_USER, out.type);
	EXPECT_EQ(ZX_ERR_IO_DATA_LOSS, out.status);
	EXPECT_EQ(0, memcmp(&in.user, &out.user, sizeof(in.user)));
	EXPECT_EQ(0, memcmp(&in, &out, sizeof(in)));
	/* Taken out of the port. */
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &out));
	zx_handle_close(port);
}

TEST(queued_type_becomes_user)
{
	const zx_packet_type_t types[] = {
		ZX_PKT_TYPE_USER, ZX_PKT_TYPE_SIGNAL_ONE, ZX_PKT_TYPE_INTERRUPT,
		ZX_PKT_TYPE_PAGE_REQUEST, 0x0a, 0x80000000u, 0xffffffffu,
	};
	zx_port_packet_t in, out;
	zx_handle_t port;
	size_t i;

	ZXP_OK(zx_port_create(0, &port));
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		in = user_packet(i);
		in.type = types[i];
		in.status = -(int)i;
		ZXP_OK(zx_port_queue(port, &in));
		ZXP_OK(zx_port_wait(port, 0, &out));
		EXPECT_EQ(ZX_PKT_TYPE_USER, out.type) TH_LOG("queued type %#x", types[i]);
		EXPECT_EQ(i, out.key);
		EXPECT_EQ(-(int)i, out.status);
		EXPECT_EQ(0, memcmp(&in.user, &out.user, sizeof(in.user)));
	}
	zx_handle_close(port);
}

TEST(fifo_order)
{
	enum { N = 500 };
	zx_port_packet_t pkt;
	zx_handle_t port;
	uint64_t i;

	ZXP_OK(zx_port_create(0, &port));
	for (i = 0; i < N; i++) {
		pkt = user_packet(i);
		ASSERT_ZX(ZX_OK, zx_port_queue(port, &pkt));
	}
	for (i = 0; i < N; i++) {
		ASSERT_ZX(ZX_OK, zx_port_wait(port, 0, &pkt));
		ASSERT_EQ(i, pkt.key);
		ASSERT_EQ(~i, pkt.user.u64[0]);
	}
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));
	zx_handle_close(port);
}

TEST(null_packet_invalid_args)
{
	zx_port_packet_t pkt = user_packet(7);
	zx_handle_t port;

	ZXP_OK(zx_port_create(0, &port));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_port_queue(port, NULL));
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));	/* nothing queued */
	ZXP_OK(zx_port_queue(port, &pkt));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_port_wait(port, 0, NULL));
	EXPECT_ZX(ZX_ERR_INVALID_ARGS, zx_port_wait(port, ZX_TIME_INFINITE, NULL));
	/* The packet was not consumed by the failed waits. */
	EXPECT_ZX(ZX_OK, zx_port_wait(port, 0, &pkt));
	EXPECT_EQ(7, pkt.key);
	zx_handle_close(port);
}

TEST(bad_handles)
{
	zx_port_packet_t pkt = user_packet(1);
	zx_handle_t port;
	int p[2];

	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_handle_close(port));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_port_queue(port, &pkt));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_port_wait(port, 0, &pkt));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_port_queue(ZX_HANDLE_INVALID, &pkt));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_port_wait(ZX_HANDLE_INVALID, ZX_TIME_INFINITE, &pkt));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_port_queue((zx_handle_t)p[1], &pkt));
	EXPECT_ZX(ZX_ERR_BAD_HANDLE, zx_port_wait((zx_handle_t)p[0], ZX_TIME_INFINITE, &pkt));
	close(p[0]);
	close(p[1]);
}

/* Packets belong to the port, not to a handle. */
TEST(handles_share_the_queue)
{
	zx_port_packet_t pkt = user_packet(99);
	zx_handle_t port, wr, rd;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_handle_duplicate(port, ZX_RIGHT_WRITE, &wr));
	ZXP_OK(zx_handle_duplicate(port, ZX_RIGHT_READ, &rd));
	ZXP_OK(zx_port_queue(wr, &pkt));
	memset(&pkt, 0, sizeof(pkt));
	ZXP_OK(zx_port_wait(rd, 0, &pkt));
	EXPECT_EQ(99, pkt.key);
	zx_handle_close(wr);
	zx_handle_close(rd);
	zx_handle_close(port);
}

/* ---- deadlines ---- */

TEST(past_deadline_on_empty_port_times_out)
{
	const zx_instant_mono_t deadlines[] = {
		ZX_TIME_INFINITE_PAST, -1, 0, 1, zx_clock_get_monotonic() - 1,
	};
	zx_port_packet_t pkt;
	zx_handle_t port;
	size_t i;

	ZXP_OK(zx_port_create(0, &port));
	for (i = 0; i < ARRAY_SIZE(deadlines); i++) {
		zx_instant_mono_t d = deadlines[i];

		EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, d, &pkt))
			TH_LOG("deadline %lld", (long long)d);
	}
	zx_handle_close(port);
}

/* A deadline in the past still takes a packet that is already there. */
TEST(past_deadline_returns_queued_packet)
{
	zx_port_packet_t pkt = user_packet(5);
	zx_handle_t port;

	ZXP_OK(zx_port_create(0, &port));
	ZXP_OK(zx_port_queue(port, &pkt));
	ZXP_OK(zx_port_queue(port, &pkt));
	EXPECT_ZX(ZX_OK, zx_port_wait(port, 0, &pkt));
	EXPECT_EQ(5, pkt.key);
	EXPECT_ZX(ZX_OK, zx_port_wait(port, ZX_TIME_INFINITE_PAST, &pkt));
	EXPECT_EQ(5, pkt.key);
	zx_handle_close(port);
}

TEST(deadline_not_before_time)
{
	zx_instant_mono_t deadline, now;
	zx_port_packet_t pkt;
	zx_handle_t port;

	ZXP_OK(zx_port_create(0, &port));
	deadline = zx_deadline_after(ZX_MSEC(50));
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, deadline, &pkt));
	now = zx_clock_get_monotonic();
	EXPECT_LE(deadline, now) TH_LOG("returned %lld ns early", (long long)(deadline - now));
	zx_handle_close(port);
}

/* ---- blocked waiters ---- */

TEST(blocked_waiter_gets_packet)
{
	zx_port_packet_t pkt = user_packet(0xfeed);
	struct waiter w;
	zx_handle_t port;

	ZXP_OK(zx_port_create(0, &port));
	ASSERT_EQ(0, start_waiter(&w, port, ZX_TIME_INFINITE));
	ASSERT_TRUE(waiter_blocked(&w)) TH_LOG("zx_port_wait returned %s on an empty port",
					      zx_status_get_string(w.status));
	ZXP_OK(zx_port_queue(port, &pkt));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	EXPECT_ZX(ZX_OK, w.status);
	EXPECT_EQ(0xfeed, w.packet.key);
	EXPECT_EQ(~0xfeedull, w.packet.user.u64[0]);
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));
	zx_handle_close(port);
}

/* A waiter with a finite deadline is woken by a packet too. */
TEST(blocked_waiter_with_deadline_gets_packet)
{
	zx_port_packet_t pkt = user_packet(17);
	struct waiter w;
	zx_handle_t port;

	ZXP_OK(zx_port_create(0, &port));
	ASSERT_EQ(0, start_waiter(&w, port, zx_deadline_after(ZX_SEC(3600))));
	ASSERT_TRUE(waiter_blocked(&w));
	ZXP_OK(zx_port_queue(port, &pkt));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	EXPECT_ZX(ZX_OK, w.status);
	EXPECT_EQ(17, w.packet.key);
	zx_handle_close(port);
}

/* Every packet goes to exactly one of several blocked waiters. */
TEST(each_waiter_gets_one_packet)
{
	enum { N = 4 };
	struct waiter w[N];
	zx_port_packet_t pkt;
	zx_handle_t port;
	bool seen[N] = { false };
	int i;

	ZXP_OK(zx_port_create(0, &port));
	for (i = 0; i < N; i++)
		ASSERT_EQ(0, start_waiter(&w[i], port, ZX_TIME_INFINITE));
	for (i = 0; i < N; i++)
		ASSERT_TRUE(waiter_blocked(&w[i])) TH_LOG("waiter %d", i);
	for (i = 0; i < N; i++) {
		pkt = user_packet(i);
		ZXP_OK(zx_port_queue(port, &pkt));
	}
	for (i = 0; i < N; i++) {
		ASSERT_EQ(0, pthread_join(w[i].thread, NULL));
		EXPECT_ZX(ZX_OK, w[i].status);
		ASSERT_GT(N, w[i].packet.key);
		EXPECT_FALSE(seen[w[i].packet.key]) TH_LOG("key %llu delivered twice",
						       (unsigned long long)w[i].packet.key);
		seen[w[i].packet.key] = true;
	}
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));
	zx_handle_close(port);
}

/* Handled in the waiter, read by the main thread: a lock-free atomic. */
static int sigusr1_count;

static void on_sigusr1(int sig)
{
	(void)sig;
	__atomic_fetch_add(&sigusr1_count, 1, __ATOMIC_RELEASE);
}

/* A handler without SA_RESTART: the kernel returns EINTR to libzx. */
static int install_sigusr1(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	__atomic_store_n(&sigusr1_count, 0, __ATOMIC_RELEASE);
	return sigaction(SIGUSR1, &sa, NULL);
}

/* Interrupts a blocked waiter; true when it handled the signal and blocked again. */
static bool interrupt_waiter(struct waiter *w)
{
	if (pthread_kill(w->thread, SIGUSR1))
		return false;
	while (!__atomic_load_n(&sigusr1_count, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&w->done, __ATOMIC_ACQUIRE))
		sched_yield();
	return waiter_blocked(w);
}

TEST(signal_does_not_end_wait)
{
	zx_port_packet_t pkt = user_packet(0x516);
	struct waiter w;
	zx_handle_t port;

	ASSERT_EQ(0, install_sigusr1());
	ZXP_OK(zx_port_create(0, &port));
	ASSERT_EQ(0, start_waiter(&w, port, ZX_TIME_INFINITE));
	ASSERT_TRUE(waiter_blocked(&w));
	EXPECT_TRUE(interrupt_waiter(&w)) TH_LOG("zx_port_wait returned %s after a signal",
						 zx_status_get_string(w.status));
	EXPECT_EQ(1, __atomic_load_n(&sigusr1_count, __ATOMIC_ACQUIRE));
	ZXP_OK(zx_port_queue(port, &pkt));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	EXPECT_ZX(ZX_OK, w.status);
	EXPECT_EQ(0x516, w.packet.key);
	zx_handle_close(port);
}

/* After a signal the wait goes on to the same absolute deadline. */
TEST(signal_keeps_deadline)
{
	struct waiter w;
	zx_handle_t port;

	ASSERT_EQ(0, install_sigusr1());
	ZXP_OK(zx_port_create(0, &port));
	ASSERT_EQ(0, start_waiter(&w, port, zx_deadline_after(ZX_SEC(2))));
	ASSERT_TRUE(waiter_blocked(&w));
	EXPECT_TRUE(interrupt_waiter(&w)) TH_LOG("zx_port_wait returned %s after a signal",
						 zx_status_get_string(w.status));
	ASSERT_EQ(0, pthread_join(w.thread, NULL));
	EXPECT_EQ(1, __atomic_load_n(&sigusr1_count, __ATOMIC_ACQUIRE));
	EXPECT_ZX(ZX_ERR_TIMED_OUT, w.status);
	EXPECT_LE(w.deadline, w.returned_at);
	zx_handle_close(port);
}

/* ---- capacity ---- */

TEST(capacity)
{
	long max = max_user_packets();
	zx_port_packet_t pkt;
	zx_handle_t port;
	long i;

	ASSERT_LT(0, max) TH_LOG("cannot read %s", MAX_USER_PACKETS_PARAM);
	ZXP_OK(zx_port_create(0, &port));
	for (i = 0; i < max; i++) {
		pkt = user_packet(i);
		ASSERT_EQ(ZX_OK, zx_port_queue(port, &pkt)) TH_LOG("packet %ld of %ld", i, max);
	}
	pkt = user_packet(max);
	EXPECT_ZX(ZX_ERR_SHOULD_WAIT, zx_port_queue(port, &pkt));
	EXPECT_ZX(ZX_ERR_SHOULD_WAIT, zx_port_queue(port, &pkt));

	/* One taken out makes room for exactly one. */
	ZXP_OK(zx_port_wait(port, 0, &pkt));
	EXPECT_EQ(0, pkt.key);
	pkt = user_packet(max);
	EXPECT_ZX(ZX_OK, zx_port_queue(port, &pkt));
	pkt = user_packet(max + 1);
	EXPECT_ZX(ZX_ERR_SHOULD_WAIT, zx_port_queue(port, &pkt));

	/* Nothing lost, nothing extra, in order. */
	for (i = 1; i <= max; i++) {
		ASSERT_EQ(ZX_OK, zx_port_wait(port, 0, &pkt)) TH_LOG("packet %ld", i);
		ASSERT_EQ((uint64_t)i, pkt.key);
		ASSERT_EQ(~(uint64_t)i, pkt.user.u64[0]);
	}
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));
	zx_handle_close(port);
}

/* The budget is each port's own. */
TEST(capacity_per_port)
{
	long max = max_user_packets();
	zx_port_packet_t pkt = user_packet(1);
	zx_handle_t full, other, dup;
	long i;

	ASSERT_LT(0, max) TH_LOG("cannot read %s", MAX_USER_PACKETS_PARAM);
	ZXP_OK(zx_port_create(0, &full));
	ZXP_OK(zx_port_create(0, &other));
	for (i = 0; i < max; i++)
		ASSERT_ZX(ZX_OK, zx_port_queue(full, &pkt));
	EXPECT_ZX(ZX_ERR_SHOULD_WAIT, zx_port_queue(full, &pkt));
	/* Another handle to the full port does not get a budget of its own. */
	ZXP_OK(zx_handle_duplicate(full, ZX_RIGHT_SAME_RIGHTS, &dup));
	EXPECT_ZX(ZX_ERR_SHOULD_WAIT, zx_port_queue(dup, &pkt));
	EXPECT_ZX(ZX_OK, zx_port_queue(other, &pkt));
	zx_handle_close(dup);
	zx_handle_close(full);
	zx_handle_close(other);
}

struct queuer {
	zx_handle_t port;
	uint32_t id, count;
	pthread_t thread;
	uint32_t failed;
};

static void *queuer_main(void *arg)
{
	struct queuer *q = arg;
	zx_port_packet_t pkt;
	uint32_t i;

	for (i = 0; i < q->count; i++) {
		pkt = user_packet(((uint64_t)q->id << 32) | i);
		if (zx_port_queue(q->port, &pkt) != ZX_OK)
			q->failed++;
	}
	return NULL;
}

/* Concurrent queuers: every packet arrives once, each thread's in its order. */
TEST(concurrent_queuers)
{
	enum { T = 4 };
	long max = max_user_packets();
	struct queuer q[T];
	uint32_t next[T] = { 0 };
	zx_port_packet_t pkt;
	zx_handle_t port;
	uint32_t per, t, i;

	ASSERT_LT(0, max) TH_LOG("cannot read %s", MAX_USER_PACKETS_PARAM);
	per = max / T < 500 ? max / T : 500;
	ASSERT_LT(0, per);
	ZXP_OK(zx_port_create(0, &port));
	for (t = 0; t < T; t++) {
		q[t] = (struct queuer){ .port = port, .id = t, .count = per };
		ASSERT_EQ(0, pthread_create(&q[t].thread, NULL, queuer_main, &q[t]));
	}
	for (t = 0; t < T; t++) {
		ASSERT_EQ(0, pthread_join(q[t].thread, NULL));
		EXPECT_EQ(0, q[t].failed);
	}
	for (i = 0; i < T * per; i++) {
		ASSERT_EQ(ZX_OK, zx_port_wait(port, 0, &pkt)) TH_LOG("packet %u", i);
		t = pkt.key >> 32;
		ASSERT_GT(T, t);
		ASSERT_EQ(next[t], (uint32_t)pkt.key) TH_LOG("thread %u", t);
		ASSERT_EQ(~pkt.key, pkt.user.u64[0]);
		next[t]++;
	}
	EXPECT_ZX(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));
	zx_handle_close(port);
}

/* ---- poll ---- */

static int epoll_ready(int ep, uint32_t *events)
{
	struct epoll_event ev = { 0 };
	int n = epoll_wait(ep, &ev, 1, 0);

	*events = n == 1 ? ev.events : 0;
	return n;
}

TEST(epoll_readable_while_packets_queued)
{
	struct epoll_event ev = { .events = EPOLLIN };
	zx_port_packet_t pkt = user_packet(1);
	zx_handle_t port;
	uint32_t events;
	int ep;

	ZXP_OK(zx_port_create(0, &port));
	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, (int)port, &ev));
	EXPECT_EQ(0, epoll_ready(ep, &events));

	ZXP_OK(zx_port_queue(port, &pkt));
	EXPECT_EQ(1, epoll_ready(ep, &events));
	EXPECT_NE(0, events & EPOLLIN);
	ZXP_OK(zx_port_queue(port, &pkt));
	ZXP_OK(zx_port_wait(port, 0, &pkt));
	EXPECT_EQ(1, epoll_ready(ep, &events));		/* one is left */
	EXPECT_NE(0, events & EPOLLIN);
	ZXP_OK(zx_port_wait(port, 0, &pkt));
	EXPECT_EQ(0, epoll_ready(ep, &events));
	close(ep);
	zx_handle_close(port);
}

TEST(poll_readable_while_packets_queued)
{
	zx_port_packet_t pkt = user_packet(1);
	zx_handle_t port;
	struct pollfd pfd;

	ZXP_OK(zx_port_create(0, &port));
	pfd = (struct pollfd){ .fd = (int)port, .events = POLLIN };
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	EXPECT_EQ(0, pfd.revents);
	ZXP_OK(zx_port_queue(port, &pkt));
	pfd.revents = 0;
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN, pfd.revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL));
	ZXP_OK(zx_port_wait(port, 0, &pkt));
	pfd.revents = 0;
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	zx_handle_close(port);
}

struct epoller {
	int ep;
	pthread_t thread;
	pid_t tid;
	int started, done;
	int n;
	struct epoll_event ev;
};

static void *epoller_main(void *arg)
{
	struct epoller *e = arg;

	e->tid = my_tid();
	__atomic_store_n(&e->started, 1, __ATOMIC_RELEASE);
	e->n = epoll_wait(e->ep, &e->ev, 1, -1);
	__atomic_store_n(&e->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* A thread sleeping in epoll_wait() is woken by zx_port_queue(). */
TEST(epoll_wakes_on_queue)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1234 };
	zx_port_packet_t pkt = user_packet(3);
	struct epoller e;
	zx_handle_t port;

	ZXP_OK(zx_port_create(0, &port));
	memset(&e, 0, sizeof(e));
	e.ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_LE(0, e.ep);
	ASSERT_EQ(0, epoll_ctl(e.ep, EPOLL_CTL_ADD, (int)port, &ev));
	ASSERT_EQ(0, pthread_create(&e.thread, NULL, epoller_main, &e));
	/* epoll's sleeping function differs between kernels: the state only. */
	ASSERT_TRUE(wait_until_blocked(&e.tid, &e.started, &e.done, NULL))
		TH_LOG("epoll_wait returned %d on an empty port", e.n);
	ZXP_OK(zx_port_queue(port, &pkt));
	ASSERT_EQ(0, pthread_join(e.thread, NULL));
	EXPECT_EQ(1, e.n);
	EXPECT_NE(0, e.ev.events & EPOLLIN);
	EXPECT_EQ(0x1234, e.ev.data.u64);
	close(e.ep);
	zx_handle_close(port);
}

/* ---- close ---- */

TEST(close_frees_queued_packets)
{
	long base = live_objects();
	zx_port_packet_t pkt = user_packet(1);
	zx_handle_t port, dup;
	int i;

	if (base < 0)
		SKIP(return, "no debugfs zxpager/stats: cannot count objects");
	ZXP_OK(zx_port_create(0, &port));
	for (i = 0; i < 100; i++)
		ASSERT_ZX(ZX_OK, zx_port_queue(port, &pkt));
	ZXP_OK(zx_handle_duplicate(port, ZX_RIGHT_SAME_RIGHTS, &dup));
	EXPECT_EQ(base + 1, live_objects());
	/* One handle closed: the port and its packets stay. */
	ZXP_OK(zx_handle_close(port));
	EXPECT_EQ(base + 1, live_objects());
	EXPECT_ZX(ZX_OK, zx_port_wait(dup, 0, &pkt));
	ZXP_OK(zx_handle_close(dup));
	EXPECT_EQ(base, live_objects());
}

TEST_HARNESS_MAIN
