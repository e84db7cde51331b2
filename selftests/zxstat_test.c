// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "zxpager" (uapi/linux/zxpager_genl.h) and the
 * zxstat tool built on it. Each test has a pager, a port and a pager VMO
 * with a known key, and a reader thread blocked on page 3, which nobody
 * answers: one outstanding request, whose packet sits unread in the port.
 *
 * The raw tests read the family with libnl and check every attribute's size
 * against the header; the zxstat tests run build/tools/zxstat (found next to
 * this program's build/selftests) and look for the same facts in its output.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/zxpager_genl.h>

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "kselftest_harness.h"
#include "zxp_test.h"

#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/syscalls/port.h>

#define PAGES	16
#define KEY	0x5a5a0077ull
#define NOBODY	65534
/* A bound on waiting for an event, so that a missing one fails the test
 * rather than hanging it; not a delay anything relies on.
 */
#define EVENT_WAIT_MS 10000

static size_t page;

/* ---- netlink ----------------------------------------------------------- */

/* One message of the family: each attribute's value by type. */
struct rec {
	uint8_t cmd;
	uint64_t present;	/* bit (1 << type) */
	uint64_t v[ZXPAGER_A_MAX + 1];
	char comm[64];
	uint32_t tids[16];
	int nr_tids;
	int bad;		/* attributes whose size breaks the header */
};

struct recs {
	struct rec *r;
	int n;
	int error;		/* the kernel's -errno */
	bool done;
};

static bool has(const struct rec *r, int type)
{
	return r->present & (1ull << type);
}

/* Size the header gives @type: bytes, -1 a string, -2 a nest, 0 unchecked. */
static int attr_size(int type)
{
	switch (type) {
	case ZXPAGER_A_PAGER_COMM:
		return -1;
	case ZXPAGER_A_REQ_WAITERS:
		return -2;
	case ZXPAGER_A_PAGER_CLOSED:
	case ZXPAGER_A_VMO_DETACHED:
		return 1;
	case ZXPAGER_A_PAGER_PID:
	case ZXPAGER_A_PAGER_NR_VMOS:
	case ZXPAGER_A_VMO_OPTIONS:
	case ZXPAGER_A_VMO_NR_REQUESTS:
	case ZXPAGER_A_REQ_COMMAND:
	case ZXPAGER_A_REQ_STATE:
	case ZXPAGER_A_WAITER_TID:
		return 4;
	case ZXPAGER_A_UNSPEC:
	case ZXPAGER_A_PAD:
		return 0;
	default:
		return type <= ZXPAGER_A_MAX ? 8 : 0;
	}
}

static void parse_rec(struct nlmsghdr *nlh, struct rec *r)
{
	struct genlmsghdr *gh = genlmsg_hdr(nlh);
	struct nlattr *a, *w;
	int rem, wrem, type, size;

	memset(r, 0, sizeof(*r));
	r->cmd = gh->cmd;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		type = nla_type(a);
		size = attr_size(type);
		if (!size)
			continue;	/* padding, or newer than this test */
		r->present |= 1ull << type;
		if (size == -1) {
			if (nla_len(a) < 1 || ((char *)nla_data(a))[nla_len(a) - 1]) {
				r->bad++;
				continue;
			}
			snprintf(r->comm, sizeof(r->comm), "%s", (char *)nla_data(a));
		} else if (size == -2) {
			nla_for_each_nested(w, a, wrem) {
				if (nla_type(w) != ZXPAGER_A_WAITER_TID || nla_len(w) != 4) {
					r->bad++;
					continue;
				}
				if (r->nr_tids < (int)ARRAY_SIZE(r->tids))
					r->tids[r->nr_tids++] = nla_get_u32(w);
			}
		} else if (nla_len(a) != size) {
			r->bad++;
		} else if (size == 8) {
			r->v[type] = nla_get_u64(a);
		} else if (size == 4) {
			r->v[type] = nla_get_u32(a);
		} else {
			r->v[type] = nla_get_u8(a);
		}
	}
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct recs *rs = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	rs->r = realloc(rs->r, (rs->n + 1) * sizeof(*rs->r));
	if (!rs->r)
		abort();
	parse_rec(nlh, &rs->r[rs->n++]);
	if (!(nlh->nlmsg_flags & NLM_F_MULTI))
		rs->done = true;
	return NL_OK;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct recs *rs = arg;
	int err;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0)
			rs->error = err;
	}
	rs->done = true;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct recs *rs = arg;

	(void)who;
	rs->error = e->error;
	rs->done = true;
	return NL_STOP;
}

struct nl {
	struct nl_sock *sk;
	int family;
};

/* 0, or a negative libnl error. */
static int genl_open(struct nl *n)
{
	int err;

	n->sk = nl_socket_alloc();
	if (!n->sk)
		return -NLE_NOMEM;
	err = genl_connect(n->sk);
	if (err < 0)
		return err;
	n->family = genl_ctrl_resolve(n->sk, ZXPAGER_GENL_NAME);
	if (n->family < 0)
		return n->family;
	nl_socket_disable_auto_ack(n->sk);
	return 0;
}

static void genl_close(struct nl *n)
{
	if (n->sk)
		nl_socket_free(n->sk);
	n->sk = NULL;
}

/*
 * Send @cmd (a dump with NLM_F_DUMP) and collect the replies in *@rs
 * (freed by the caller). Returns 0, the kernel's -errno, or -EIO for a
 * socket failure.
 */
static int nl_request(struct nl *n, uint8_t cmd, int flags, struct recs *rs)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err = -EIO;

	memset(rs, 0, sizeof(*rs));
	if (!msg || !cb)
		goto out;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, n->family, 0, flags, cmd,
			 ZXPAGER_GENL_VERSION))
		goto out;
	if (nl_send_auto(n->sk, msg) < 0)
		goto out;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, rs);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, rs);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, rs);
	while (!rs->done)
		if (nl_recvmsgs(n->sk, cb) < 0 && !rs->done)
			goto out;
	err = rs->error;
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	return err;
}

static struct rec *find(struct recs *rs, int type, uint64_t value)
{
	int i;

	for (i = 0; i < rs->n; i++)
		if (has(&rs->r[i], type) && rs->r[i].v[type] == value)
			return &rs->r[i];
	return NULL;
}

static int bad_attrs(struct recs *rs)
{
	int i, bad = 0;

	for (i = 0; i < rs->n; i++)
		bad += rs->r[i].bad;
	return bad;
}

static bool has_tid(const struct rec *r, pid_t tid)
{
	int i;

	for (i = 0; i < r->nr_tids; i++)
		if (r->tids[i] == (uint32_t)tid)
			return true;
	return false;
}

/* A counter (ZXPAGER_A_CNT_*), or -1 when it cannot be read. */
static int64_t counter(struct nl *n, int type)
{
	struct recs rs;
	int64_t v = -1;

	if (!nl_request(n, ZXPAGER_CMD_GET_COUNTERS, 0, &rs) && rs.n == 1 && has(&rs.r[0], type))
		v = (int64_t)rs.r[0].v[type];
	free(rs.r);
	return v;
}

/*
 * Join the events group. 0, or -ENOENT when the kernel has no events
 * group (no GENL_MCAST_CAP_SYS_ADMIN), or another negative value.
 */
static int join_events(struct nl *n)
{
	int grp = genl_ctrl_resolve_grp(n->sk, ZXPAGER_GENL_NAME, ZXPAGER_GENL_MCGRP_EVENTS);

	if (grp == -NLE_OBJ_NOTFOUND)
		return -ENOENT;
	if (grp < 0)
		return -EIO;
	if (nl_socket_add_membership(n->sk, grp) == -NLE_PERM)
		return -EPERM;
	nl_socket_disable_seq_check(n->sk);
	return nl_socket_set_nonblocking(n->sk) < 0 ? -EIO : 0;
}

static bool have_events_group(struct nl *n)
{
	return genl_ctrl_resolve_grp(n->sk, ZXPAGER_GENL_NAME, ZXPAGER_GENL_MCGRP_EVENTS) >= 0;
}

/* Wait (bounded) for an event @cmd about VMO @vmo_koid; 0 when it came. */
static int wait_event(struct nl *n, uint8_t cmd, uint64_t vmo_koid, struct rec *out)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(n->sk), .events = POLLIN };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	struct recs rs = { 0 };
	int i, ret = -ETIMEDOUT;

	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &rs);
	while (poll(&pfd, 1, EVENT_WAIT_MS) > 0) {
		nl_recvmsgs(n->sk, cb);
		for (i = 0; i < rs.n; i++) {
			if (rs.r[i].cmd == cmd && rs.r[i].v[ZXPAGER_A_VMO_KOID] == vmo_koid) {
				*out = rs.r[i];
				ret = 0;
				goto out;
			}
		}
	}
out:
	free(rs.r);
	nl_cb_put(cb);
	return ret;
}

/* ---- the pager side ---------------------------------------------------- */

/* Supply [off, off + len) with committed pages (uncommitted ones would
 * supply zeros and leave nothing resident).
 */
static zx_status_t supply(zx_handle_t pager, zx_handle_t vmo, uint64_t off, uint64_t len)
{
	zx_handle_t aux;
	zx_status_t st;
	uint64_t o;

	st = zx_vmo_create(len, 0, &aux);
	for (o = 0; o < len && !st; o += page)
		st = zx_vmo_write(aux, "z", o, 1);
	if (!st)
		st = zx_pager_supply_pages(pager, vmo, off, len, aux, 0);
	zx_handle_close(aux);
	return st;
}

static uint64_t koid_of(zx_handle_t h)
{
	zx_info_handle_basic_t info;

	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info), NULL, NULL))
		return 0;
	return info.koid;
}

/*
 * Wait until thread @tid sleeps waiting for the pager: its wchan names
 * zxpager's wait (a plain sleeping state could be any other sleep).
 */
static void wait_blocked(pid_t tid)
{
	zxp_wait_blocked(tid, ZX_TIME_INFINITE);
}

struct reader {
	zx_handle_t vmo;
	uint64_t off, len;
	zx_status_t status;
	pid_t tid;
	atomic_int started;
	bool running;
	pthread_t thread;
	uint8_t buf[4096];
};

static void *reader_thread(void *arg)
{
	struct reader *r = arg;

	r->tid = (pid_t)syscall(SYS_gettid);
	atomic_store(&r->started, 1);
	r->status = zx_vmo_read(r->vmo, r->buf, r->off, r->len);
	return NULL;
}

static void reader_start(struct reader *r, zx_handle_t vmo, uint64_t off, uint64_t len)
{
	r->vmo = vmo;
	r->off = off;
	r->len = len;
	atomic_store(&r->started, 0);
	pthread_create(&r->thread, NULL, reader_thread, r);
	r->running = true;
	while (!atomic_load(&r->started))
		sched_yield();
	wait_blocked(r->tid);
}

static zx_status_t reader_join(struct reader *r)
{
	if (r->running)
		pthread_join(r->thread, NULL);
	r->running = false;
	return r->status;
}

/* A module parameter's value (saved into @old when non-NULL), then @value. */
static void set_param(const char *name, const char *value, char *old, size_t n)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/zxpager/parameters/%s", name);
	if (old) {
		old[0] = 0;
		f = fopen(path, "r");
		if (f) {
			if (!fgets(old, (int)n, f))
				old[0] = 0;
			old[strcspn(old, "\n")] = 0;
			fclose(f);
		}
	}
	f = fopen(path, "w");
	if (f) {
		fputs(value, f);
		fclose(f);
	}
}

/* ---- zxstat ------------------------------------------------------------ */

static char zxstat[PATH_MAX];

/* build/selftests/zxstat_test -> build/tools/zxstat */
static void find_zxstat(void)
{
	char exe[PATH_MAX - 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	zxstat[0] = 0;
	if (n <= 0)
		return;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = 0;
	snprintf(zxstat, sizeof(zxstat), "%s/../tools/zxstat", exe);
}

/* zxstat @args (a shell word list)' output; *@status its wait status. */
static char *run_zxstat(const char *args, int *status)
{
	char cmd[PATH_MAX + 256], *out = NULL;
	size_t len = 0, cap = 0, got;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s' %s", zxstat, args);
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			out = realloc(out, cap);
			if (!out)
				abort();
		}
		got = fread(out + len, 1, cap - len - 1, p);
		len += got;
	} while (got);
	out[len] = 0;
	*status = pclose(p);
	return out;
}

static bool exited(int status, int code)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/*
 * The JSON object of zxstat's request list that contains @needle: objects
 * there nest none, so it runs from the '{' before to the '}' after. Copied
 * into @buf; false if not found.
 */
static bool json_object_with(const char *json, const char *needle, char *buf, size_t n)
{
	const char *at = strstr(json, needle), *start, *end;

	if (!at)
		return false;
	for (start = at; start > json && *start != '{'; start--)
		;
	end = strchr(at, '}');
	if (*start != '{' || !end || (size_t)(end - start + 2) > n)
		return false;
	memcpy(buf, start, end - start + 1);
	buf[end - start + 1] = 0;
	return true;
}

/* Is @tid an element of the JSON array "waiters":[...] in @obj? */
static bool json_waiter(const char *obj, pid_t tid)
{
	const char *w = strstr(obj, "\"waiters\":[");
	char *end;
	long v;

	if (!w)
		return false;
	w += strlen("\"waiters\":[");
	while (*w && *w != ']') {
		v = strtol(w, &end, 10);
		if (end == w)
			return false;
		if (v == tid)
			return true;
		w = *end == ',' ? end + 1 : end;
	}
	return false;
}

/* ---- the fixture ------------------------------------------------------- */

FIXTURE(zs) {
	zx_handle_t pager, port, vmo;
	uint64_t pager_koid, vmo_koid;
	int64_t requests0;
	struct nl nl;
	struct reader r;
	char overtime0[32], timeout0[32];
};

FIXTURE_SETUP(zs)
{
	int err;

	page = zx_system_get_page_size();
	find_zxstat();
	memset(&self->r, 0, sizeof(self->r));
	self->overtime0[0] = self->timeout0[0] = 0;
	err = genl_open(&self->nl);
	ASSERT_EQ(0, err) TH_LOG("generic netlink family \"%s\": %s", ZXPAGER_GENL_NAME,
				 nl_geterror(err));
	self->requests0 = counter(&self->nl, ZXPAGER_A_CNT_REQUESTS);
	ASSERT_LE(0, self->requests0);

	ZXP_OK(zx_pager_create(0, &self->pager));
	ZXP_OK(zx_port_create(0, &self->port));
	ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, PAGES * page, &self->vmo));
	self->pager_koid = koid_of(self->pager);
	self->vmo_koid = koid_of(self->vmo);
	ASSERT_NE(0, self->pager_koid);
	ASSERT_NE(0, self->vmo_koid);
	reader_start(&self->r, self->vmo, 3 * page, page);
}

FIXTURE_TEARDOWN(zs)
{
	/* Answer the reader, unless the test ended its request already. */
	if (self->r.running) {
		supply(self->pager, self->vmo, 3 * page, page);
		reader_join(&self->r);
	}
	if (self->overtime0[0])
		set_param("overtime_ms", self->overtime0, NULL, 0);
	if (self->timeout0[0])
		set_param("timeout_ms", self->timeout0, NULL, 0);
	zx_handle_close(self->vmo);
	zx_handle_close(self->pager);
	zx_handle_close(self->port);
	genl_close(&self->nl);
}

/* ---- raw netlink ------------------------------------------------------- */

TEST_F(zs, dump_pager)
{
	char comm[17] = "";
	struct recs rs;
	struct rec *p;

	prctl(PR_GET_NAME, comm);
	ASSERT_EQ(0, nl_request(&self->nl, ZXPAGER_CMD_GET_PAGER, NLM_F_DUMP, &rs));
	EXPECT_EQ(0, bad_attrs(&rs));
	p = find(&rs, ZXPAGER_A_PAGER_KOID, self->pager_koid);
	ASSERT_NE(NULL, p) TH_LOG("pager %" PRIu64 " not in %d pagers", self->pager_koid, rs.n);
	EXPECT_EQ(ZXPAGER_CMD_GET_PAGER, p->cmd);
	EXPECT_TRUE(has(p, ZXPAGER_A_PAGER_PID));
	EXPECT_EQ(getpid(), (pid_t)p->v[ZXPAGER_A_PAGER_PID]);
	EXPECT_TRUE(has(p, ZXPAGER_A_PAGER_COMM));
	EXPECT_STREQ(comm, p->comm);
	EXPECT_TRUE(has(p, ZXPAGER_A_PAGER_NR_VMOS));
	EXPECT_EQ(1, p->v[ZXPAGER_A_PAGER_NR_VMOS]);
	EXPECT_TRUE(has(p, ZXPAGER_A_PAGER_CLOSED));
	EXPECT_EQ(0, p->v[ZXPAGER_A_PAGER_CLOSED]);
	free(rs.r);
}

TEST_F(zs, dump_vmo)
{
	static const int attrs[] = {
		ZXPAGER_A_PAGER_KOID, ZXPAGER_A_VMO_KOID, ZXPAGER_A_VMO_KEY,
		ZXPAGER_A_VMO_SIZE, ZXPAGER_A_VMO_RESIDENT, ZXPAGER_A_VMO_DIRTY,
		ZXPAGER_A_VMO_AWAITING_CLEAN, ZXPAGER_A_VMO_OPTIONS,
		ZXPAGER_A_VMO_DETACHED, ZXPAGER_A_VMO_NR_REQUESTS,
	};
	struct recs rs;
	struct rec *v;
	size_t i;

	/* Two pages present, the third one asked for. */
	ZXP_OK(supply(self->pager, self->vmo, 0, 2 * page));
	ASSERT_EQ(0, nl_request(&self->nl, ZXPAGER_CMD_GET_VMO, NLM_F_DUMP, &rs));
	EXPECT_EQ(0, bad_attrs(&rs));
	v = find(&rs, ZXPAGER_A_VMO_KOID, self->vmo_koid);
	ASSERT_NE(NULL, v) TH_LOG("VMO %" PRIu64 " not in %d VMOs", self->vmo_koid, rs.n);
	for (i = 0; i < ARRAY_SIZE(attrs); i++)
		EXPECT_TRUE(has(v, attrs[i])) TH_LOG("attribute %d missing", attrs[i]);
	EXPECT_EQ(self->pager_koid, v->v[ZXPAGER_A_PAGER_KOID]);
	EXPECT_EQ(KEY, v->v[ZXPAGER_A_VMO_KEY]);
	EXPECT_EQ(PAGES * page, v->v[ZXPAGER_A_VMO_SIZE]);
	EXPECT_EQ(2, v->v[ZXPAGER_A_VMO_RESIDENT]);
	EXPECT_EQ(0, v->v[ZXPAGER_A_VMO_DIRTY]);
	EXPECT_EQ(0, v->v[ZXPAGER_A_VMO_AWAITING_CLEAN]);
	EXPECT_EQ(0, v->v[ZXPAGER_A_VMO_OPTIONS]);
	EXPECT_EQ(0, v->v[ZXPAGER_A_VMO_DETACHED]);
	EXPECT_EQ(1, v->v[ZXPAGER_A_VMO_NR_REQUESTS]);
	free(rs.r);

	/* Detached: said so, and its request is gone with it. */
	ZXP_OK(zx_pager_detach_vmo(self->pager, self->vmo));
	EXPECT_NE(ZX_OK, reader_join(&self->r));
	ASSERT_EQ(0, nl_request(&self->nl, ZXPAGER_CMD_GET_VMO, NLM_F_DUMP, &rs));
	v = find(&rs, ZXPAGER_A_VMO_KOID, self->vmo_koid);
	ASSERT_NE(NULL, v);
	EXPECT_EQ(1, v->v[ZXPAGER_A_VMO_DETACHED]);
	EXPECT_EQ(0, v->v[ZXPAGER_A_VMO_NR_REQUESTS]);
	free(rs.r);
}

/*
 * A dump larger than one netlink message resumes where it stopped: each
 * of 600 VMOs (some 80 KiB of messages, where one part of a dump holds
 * at most 32 KiB) appears exactly once.
 */
#define MANY_VMOS	600

TEST_F(zs, dump_spans_many_messages)
{
	zx_handle_t vmos[MANY_VMOS];
	uint64_t koids[MANY_VMOS];
	struct recs rs;
	int i, j, seen;

	for (i = 0; i < MANY_VMOS; i++) {
		ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY + 1 + i, page,
					   &vmos[i]));
		koids[i] = koid_of(vmos[i]);
	}
	ASSERT_EQ(0, nl_request(&self->nl, ZXPAGER_CMD_GET_VMO, NLM_F_DUMP, &rs));
	EXPECT_EQ(0, bad_attrs(&rs));
	for (i = 0; i < MANY_VMOS; i++) {
		for (seen = 0, j = 0; j < rs.n; j++)
			seen += has(&rs.r[j], ZXPAGER_A_VMO_KOID) &&
				rs.r[j].v[ZXPAGER_A_VMO_KOID] == koids[i];
		EXPECT_EQ(1, seen) TH_LOG("VMO %d (koid %" PRIu64 ") seen %d times", i,
					  koids[i], seen);
	}
	free(rs.r);
	for (i = 0; i < MANY_VMOS; i++)
		zx_handle_close(vmos[i]);
}

/* on_valid(), and after the first message a new VMO: the list changes mid-dump. */
struct changing {
	struct recs rs;
	zx_handle_t pager, port, extra;
};

static int on_valid_then_change(struct nl_msg *msg, void *arg)
{
	struct changing *ch = arg;

	if (ch->rs.n == 0 &&
	    zx_pager_create_vmo(ch->pager, 0, ch->port, KEY, page, &ch->extra) != ZX_OK)
		abort();
	return on_valid(msg, &ch->rs);
}

/*
 * The VMO list changing between two parts of a dump flags the dump
 * (NLM_F_DUMP_INTR, which libnl reports as -NLE_DUMP_INTR), so that a
 * reader knows to dump again; and zxstat still answers.
 */
TEST_F(zs, dump_interrupted_by_a_change)
{
	struct changing ch = { .pager = self->pager, .port = self->port };
	zx_handle_t vmos[MANY_VMOS];
	struct nl_msg *msg;
	struct nl_cb *cb;
	int i, err, status;
	char *out;

	for (i = 0; i < MANY_VMOS; i++)
		ZXP_OK(zx_pager_create_vmo(self->pager, 0, self->port, KEY, page, &vmos[i]));
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	ASSERT_NE(NULL, msg);
	ASSERT_NE(NULL, cb);
	ASSERT_NE(NULL, genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, self->nl.family, 0,
				    NLM_F_DUMP, ZXPAGER_CMD_GET_VMO, ZXPAGER_GENL_VERSION));
	ASSERT_LE(0, nl_send_auto(self->nl.sk, msg));
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid_then_change, &ch);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &ch.rs);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &ch.rs);
	/* libnl reads every part in one call; the change happens between. */
	err = nl_recvmsgs(self->nl.sk, cb);
	EXPECT_EQ(-NLE_DUMP_INTR, err) TH_LOG("nl_recvmsgs: %s", nl_geterror(err));
	EXPECT_TRUE(ch.rs.done);
	EXPECT_LT(MANY_VMOS, ch.rs.n);
	nlmsg_free(msg);
	nl_cb_put(cb);
	free(ch.rs.r);

	/* Nothing changes now: zxstat dumps once, consistently. */
	out = run_zxstat("--json", &status);
	ASSERT_NE(NULL, out);
	EXPECT_TRUE(exited(status, 0));
	free(out);

	zx_handle_close(ch.extra);
	for (i = 0; i < MANY_VMOS; i++)
		zx_handle_close(vmos[i]);
}

TEST_F(zs, dump_request)
{
	zx_port_packet_t pkt;
	struct recs rs;
	struct rec *q;
	uint64_t age;

	ASSERT_EQ(0, nl_request(&self->nl, ZXPAGER_CMD_GET_REQUEST, NLM_F_DUMP, &rs));
	EXPECT_EQ(0, bad_attrs(&rs));
	q = find(&rs, ZXPAGER_A_VMO_KOID, self->vmo_koid);
	ASSERT_NE(NULL, q) TH_LOG("no request of VMO %" PRIu64 " in %d", self->vmo_koid, rs.n);
	EXPECT_TRUE(has(q, ZXPAGER_A_PAGER_KOID));
	EXPECT_EQ(self->pager_koid, q->v[ZXPAGER_A_PAGER_KOID]);
	EXPECT_TRUE(has(q, ZXPAGER_A_VMO_KEY));
	EXPECT_EQ(KEY, q->v[ZXPAGER_A_VMO_KEY]);
	EXPECT_TRUE(has(q, ZXPAGER_A_REQ_COMMAND));
	EXPECT_EQ(ZX_PAGER_VMO_READ, q->v[ZXPAGER_A_REQ_COMMAND]);
	EXPECT_EQ(3 * page, q->v[ZXPAGER_A_REQ_OFFSET]);
	EXPECT_EQ(page, q->v[ZXPAGER_A_REQ_LENGTH]);
	/* Nobody has read the port: the packet is still in it. */
	EXPECT_TRUE(has(q, ZXPAGER_A_REQ_STATE));
	EXPECT_EQ(ZXPAGER_REQUEST_IN_PORT, q->v[ZXPAGER_A_REQ_STATE]);
	EXPECT_TRUE(has(q, ZXPAGER_A_REQ_AGE_MS));
	/* Unsigned, so >= 0; at most this test's own running time. */
	age = q->v[ZXPAGER_A_REQ_AGE_MS];
	EXPECT_LT(age, 60000) TH_LOG("age %" PRIu64 " ms: not in ms?", age);
	EXPECT_TRUE(has(q, ZXPAGER_A_REQ_WAITERS));
	EXPECT_TRUE(has_tid(q, self->r.tid)) TH_LOG("tid %d not among %d waiters",
						     self->r.tid, q->nr_tids);
	free(rs.r);

	/* The pager reads the packet: delivered, and no younger. */
	ZXP_OK(zx_port_wait(self->port, 0, &pkt));
	EXPECT_EQ(KEY, pkt.key);
	ASSERT_EQ(0, nl_request(&self->nl, ZXPAGER_CMD_GET_REQUEST, NLM_F_DUMP, &rs));
	q = find(&rs, ZXPAGER_A_VMO_KOID, self->vmo_koid);
	ASSERT_NE(NULL, q);
	EXPECT_EQ(ZXPAGER_REQUEST_DELIVERED, q->v[ZXPAGER_A_REQ_STATE]);
	EXPECT_GE(q->v[ZXPAGER_A_REQ_AGE_MS], age);
	EXPECT_TRUE(has_tid(q, self->r.tid));
	free(rs.r);

	/* Answered: gone from the dump. */
	ZXP_OK(supply(self->pager, self->vmo, 3 * page, page));
	EXPECT_ZX(ZX_OK, reader_join(&self->r));
	ASSERT_EQ(0, nl_request(&self->nl, ZXPAGER_CMD_GET_REQUEST, NLM_F_DUMP, &rs));
	EXPECT_EQ(NULL, find(&rs, ZXPAGER_A_VMO_KOID, self->vmo_koid));
	free(rs.r);
}

TEST_F(zs, counters)
{
	static const int attrs[] = {
		ZXPAGER_A_CNT_REQUESTS, ZXPAGER_A_CNT_SUCCEEDED, ZXPAGER_A_CNT_FAILED,
		ZXPAGER_A_CNT_TIMED_OUT, ZXPAGER_A_CNT_OVERTIME,
		ZXPAGER_A_CNT_PAGES_SUPPLIED, ZXPAGER_A_CNT_BYTES_MOVED,
		ZXPAGER_A_CNT_PAGES_EVICTED,
	};
	int64_t succeeded0, supplied0;
	struct recs rs;
	size_t i;

	ASSERT_EQ(0, nl_request(&self->nl, ZXPAGER_CMD_GET_COUNTERS, 0, &rs));
	ASSERT_EQ(1, rs.n);
	EXPECT_EQ(0, bad_attrs(&rs));
	for (i = 0; i < ARRAY_SIZE(attrs); i++)
		EXPECT_TRUE(has(&rs.r[0], attrs[i])) TH_LOG("counter %d missing", attrs[i]);
	/* The reader's request counted. */
	EXPECT_GE((int64_t)rs.r[0].v[ZXPAGER_A_CNT_REQUESTS], self->requests0 + 1);
	succeeded0 = (int64_t)rs.r[0].v[ZXPAGER_A_CNT_SUCCEEDED];
	supplied0 = (int64_t)rs.r[0].v[ZXPAGER_A_CNT_PAGES_SUPPLIED];
	free(rs.r);

	ZXP_OK(supply(self->pager, self->vmo, 3 * page, page));
	EXPECT_ZX(ZX_OK, reader_join(&self->r));
	EXPECT_GE(counter(&self->nl, ZXPAGER_A_CNT_SUCCEEDED), succeeded0 + 1);
	EXPECT_GE(counter(&self->nl, ZXPAGER_A_CNT_PAGES_SUPPLIED), supplied0 + 1);
}

/* A do-request of a dump-only command, and a command that does not exist. */
TEST_F(zs, bad_requests_fail)
{
	struct recs rs;

	EXPECT_NE(0, nl_request(&self->nl, ZXPAGER_CMD_EVENT_OVERTIME, 0, &rs));
	free(rs.r);
	EXPECT_NE(0, nl_request(&self->nl, ZXPAGER_CMD_MAX + 1, NLM_F_DUMP, &rs));
	free(rs.r);
	/* The socket still works. */
	EXPECT_LE(self->requests0 + 1, counter(&self->nl, ZXPAGER_A_CNT_REQUESTS));
}

TEST_F(zs, event_overtime)
{
	struct rec e;
	int err;

	err = join_events(&self->nl);
	if (err == -ENOENT)
		SKIP(return, "no events group (kernel without GENL_MCAST_CAP_SYS_ADMIN)");
	ASSERT_EQ(0, err);
	set_param("overtime_ms", "1", self->overtime0, sizeof(self->overtime0));
	ASSERT_EQ(0, wait_event(&self->nl, ZXPAGER_CMD_EVENT_OVERTIME, self->vmo_koid, &e))
		TH_LOG("no overtime event within %d ms", EVENT_WAIT_MS);
	EXPECT_EQ(0, e.bad);
	EXPECT_EQ(self->pager_koid, e.v[ZXPAGER_A_PAGER_KOID]);
	EXPECT_EQ(KEY, e.v[ZXPAGER_A_VMO_KEY]);
	EXPECT_EQ(ZX_PAGER_VMO_READ, e.v[ZXPAGER_A_REQ_COMMAND]);
	EXPECT_EQ(3 * page, e.v[ZXPAGER_A_REQ_OFFSET]);
	EXPECT_EQ(page, e.v[ZXPAGER_A_REQ_LENGTH]);
	EXPECT_EQ(ZXPAGER_REQUEST_IN_PORT, e.v[ZXPAGER_A_REQ_STATE]);
	EXPECT_GE(e.v[ZXPAGER_A_REQ_AGE_MS], 1);
	EXPECT_TRUE(has_tid(&e, self->r.tid));
	/* Overtime is news, not an end: the reader still waits. */
	err = pthread_tryjoin_np(self->r.thread, NULL);
	if (!err)
		self->r.running = false;
	EXPECT_EQ(EBUSY, err);
}

TEST_F(zs, event_timeout)
{
	int64_t timed_out0 = counter(&self->nl, ZXPAGER_A_CNT_TIMED_OUT);
	struct rec e;
	int err;

	ASSERT_LE(0, timed_out0);
	err = join_events(&self->nl);
	if (err == -ENOENT)
		SKIP(return, "no events group (kernel without GENL_MCAST_CAP_SYS_ADMIN)");
	ASSERT_EQ(0, err);
	set_param("timeout_ms", "1", self->timeout0, sizeof(self->timeout0));
	ASSERT_EQ(0, wait_event(&self->nl, ZXPAGER_CMD_EVENT_TIMEOUT, self->vmo_koid, &e))
		TH_LOG("no timeout event within %d ms", EVENT_WAIT_MS);
	EXPECT_EQ(0, e.bad);
	EXPECT_EQ(KEY, e.v[ZXPAGER_A_VMO_KEY]);
	EXPECT_EQ(3 * page, e.v[ZXPAGER_A_REQ_OFFSET]);
	EXPECT_EQ(page, e.v[ZXPAGER_A_REQ_LENGTH]);
	EXPECT_GE(e.v[ZXPAGER_A_REQ_AGE_MS], 1);
	EXPECT_ZX(ZX_ERR_TIMED_OUT, reader_join(&self->r));
	EXPECT_GE(counter(&self->nl, ZXPAGER_A_CNT_TIMED_OUT), timed_out0 + 1);
}

/* ---- zxstat ------------------------------------------------------------ */

TEST_F(zs, zxstat_json_requests)
{
	char needle[64], obj[4096];
	int status = -1;
	char *out;

	out = run_zxstat("--json requests", &status);
	ASSERT_NE(NULL, out);
	EXPECT_TRUE(exited(status, 0)) TH_LOG("status %#x, output: %s", status, out);
	EXPECT_EQ(0, strncmp(out, "{\"requests\":[", 13)) TH_LOG("%s", out);
	snprintf(needle, sizeof(needle), "\"vmo\":%" PRIu64 ",", self->vmo_koid);
	ASSERT_TRUE(json_object_with(out, needle, obj, sizeof(obj))) TH_LOG("%s", out);
	snprintf(needle, sizeof(needle), "\"pager\":%" PRIu64 ",", self->pager_koid);
	EXPECT_NE(NULL, strstr(obj, needle)) TH_LOG("%s", obj);
	snprintf(needle, sizeof(needle), "\"key\":%llu,", KEY);
	EXPECT_NE(NULL, strstr(obj, needle)) TH_LOG("%s", obj);
	snprintf(needle, sizeof(needle), "\"offset\":%zu,", 3 * page);
	EXPECT_NE(NULL, strstr(obj, needle)) TH_LOG("%s", obj);
	snprintf(needle, sizeof(needle), "\"length\":%zu,", page);
	EXPECT_NE(NULL, strstr(obj, needle)) TH_LOG("%s", obj);
	EXPECT_NE(NULL, strstr(obj, "\"command\":\"READ\"")) TH_LOG("%s", obj);
	EXPECT_NE(NULL, strstr(obj, "\"state\":\"in-port\"")) TH_LOG("%s", obj);
	EXPECT_TRUE(json_waiter(obj, self->r.tid)) TH_LOG("tid %d: %s", self->r.tid, obj);
	free(out);
}

TEST_F(zs, zxstat_json_pagers)
{
	char needle[160];
	int status = -1;
	char *out;

	out = run_zxstat("--json", &status);
	ASSERT_NE(NULL, out);
	EXPECT_TRUE(exited(status, 0)) TH_LOG("status %#x, output: %s", status, out);
	EXPECT_EQ(0, strncmp(out, "{\"pagers\":[", 11)) TH_LOG("%s", out);
	snprintf(needle, sizeof(needle), "{\"koid\":%" PRIu64 ",\"pid\":%d,", self->pager_koid,
		 getpid());
	EXPECT_NE(NULL, strstr(out, needle)) TH_LOG("%s not in %s", needle, out);
	snprintf(needle, sizeof(needle), "{\"koid\":%" PRIu64 ",\"key\":%llu,\"size\":%zu,",
		 self->vmo_koid, KEY, PAGES * page);
	EXPECT_NE(NULL, strstr(out, needle)) TH_LOG("%s not in %s", needle, out);
	free(out);
}

TEST_F(zs, zxstat_human)
{
	char key[32], tid[32], size[32];
	int status = -1;
	char *out;

	snprintf(key, sizeof(key), "%#llx", KEY);
	snprintf(size, sizeof(size), "%zu KiB", PAGES * page / 1024);
	snprintf(tid, sizeof(tid), " %d", self->r.tid);

	out = run_zxstat("requests", &status);
	ASSERT_NE(NULL, out);
	EXPECT_TRUE(exited(status, 0)) TH_LOG("status %#x", status);
	EXPECT_NE(NULL, strstr(out, key)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, tid)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "in-port")) TH_LOG("%s", out);
	snprintf(size, sizeof(size), "%zu KiB", page / 1024);
	EXPECT_NE(NULL, strstr(out, size)) TH_LOG("%s", out);
	free(out);

	out = run_zxstat("", &status);
	ASSERT_NE(NULL, out);
	EXPECT_TRUE(exited(status, 0)) TH_LOG("status %#x", status);
	EXPECT_NE(NULL, strstr(out, key)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, size)) TH_LOG("%s", out);
	free(out);

	out = run_zxstat("counters", &status);
	ASSERT_NE(NULL, out);
	EXPECT_TRUE(exited(status, 0)) TH_LOG("status %#x", status);
	EXPECT_NE(NULL, strstr(out, "requests made")) TH_LOG("%s", out);
	free(out);
}

TEST_F(zs, zxstat_usage)
{
	int status = -1;
	char *out;

	out = run_zxstat("nonsense 2>/dev/null", &status);
	EXPECT_TRUE(exited(status, 2)) TH_LOG("status %#x", status);
	EXPECT_STREQ("", out);
	free(out);
	out = run_zxstat("--version", &status);
	EXPECT_TRUE(exited(status, 0)) TH_LOG("status %#x", status);
	EXPECT_EQ(0, strncmp(out, "zxstat ", 7)) TH_LOG("%s", out);
	free(out);
	out = run_zxstat("--json counters", &status);
	EXPECT_TRUE(exited(status, 0)) TH_LOG("status %#x", status);
	EXPECT_EQ(0, strncmp(out, "{\"counters\":{\"requests\":", 24)) TH_LOG("%s", out);
	free(out);
}

/* Is process @pid blocked in poll (zxstat watch, past joining)? */
static bool in_poll(pid_t pid)
{
	char path[64], buf[64];
	long nr;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	if (sscanf(buf, "%ld ", &nr) != 1)
		return false;	/* "running" */
#ifdef SYS_poll
	if (nr == SYS_poll)
		return true;
#endif
	return nr == SYS_ppoll;
}

/*
 * zxstat watch [--json]: start it, wait until it polls (it has joined the
 * group by then), make the request overtime, read its line, interrupt it.
 */
static void watch(struct __test_metadata *_metadata, FIXTURE_DATA(zs) *self, bool as_json,
		  char *line, size_t n)
{
	const char *argv[] = { zxstat, "watch", as_json ? "--json" : NULL, NULL };
	struct pollfd pfd = { .events = POLLIN };
	char needle[64];
	int fds[2], status;
	size_t len = 0;
	ssize_t got;
	pid_t pid;

	line[0] = 0;
	ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		dup2(fds[1], STDOUT_FILENO);
		execv(zxstat, (char **)argv);
		_exit(127);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	while (!in_poll(pid)) {
		ASSERT_EQ(0, waitpid(pid, &status, WNOHANG)) TH_LOG("zxstat watch exited");
		sched_yield();
	}

	set_param("overtime_ms", "1", self->overtime0, sizeof(self->overtime0));
	snprintf(needle, sizeof(needle), as_json ? "\"vmo\":%" PRIu64 "," : "vmo=%" PRIu64 " ",
		 self->vmo_koid);
	/* Lines until ours (another test's request could overtime too). */
	while (!strstr(line, needle) && len + 1 < n) {
		char *nl = strchr(line, '\n');

		if (nl && !strstr(line, needle)) {
			len -= nl + 1 - line;
			memmove(line, nl + 1, len + 1);
			continue;
		}
		if (poll(&pfd, 1, EVENT_WAIT_MS) <= 0)
			break;
		got = read(fds[0], line + len, n - 1 - len);
		if (got <= 0)
			break;
		len += got;
		line[len] = 0;
	}
	EXPECT_NE(NULL, strstr(line, needle)) TH_LOG("no event for VMO %" PRIu64 ": '%s'",
						     self->vmo_koid, line);
	EXPECT_NE(NULL, strchr(line, '\n')) TH_LOG("the line is not flushed whole");

	/* SIGINT ends the watch with status 0. */
	kill(pid, SIGINT);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(exited(status, 0)) TH_LOG("status %#x", status);
	close(fds[0]);
}

TEST_F(zs, zxstat_watch_json)
{
	char line[4096], obj[4096], needle[64];

	if (!have_events_group(&self->nl))
		SKIP(return, "no events group (kernel without GENL_MCAST_CAP_SYS_ADMIN)");
	watch(_metadata, self, true, line, sizeof(line));
	snprintf(needle, sizeof(needle), "\"vmo\":%" PRIu64 ",", self->vmo_koid);
	ASSERT_TRUE(json_object_with(line, needle, obj, sizeof(obj))) TH_LOG("%s", line);
	EXPECT_EQ(0, strncmp(obj, "{\"event\":\"overtime\",", 20)) TH_LOG("%s", obj);
	snprintf(needle, sizeof(needle), "\"key\":%llu,", KEY);
	EXPECT_NE(NULL, strstr(obj, needle)) TH_LOG("%s", obj);
	EXPECT_TRUE(json_waiter(obj, self->r.tid)) TH_LOG("tid %d: %s", self->r.tid, obj);
}

TEST_F(zs, zxstat_watch_human)
{
	char line[4096], needle[64];

	if (!have_events_group(&self->nl))
		SKIP(return, "no events group (kernel without GENL_MCAST_CAP_SYS_ADMIN)");
	watch(_metadata, self, false, line, sizeof(line));
	EXPECT_NE(NULL, strstr(line, " overtime ")) TH_LOG("%s", line);
	snprintf(needle, sizeof(needle), "key=%#llx ", KEY);
	EXPECT_NE(NULL, strstr(line, needle)) TH_LOG("%s", line);
	snprintf(needle, sizeof(needle), "waiters=%d", self->r.tid);
	EXPECT_NE(NULL, strstr(line, needle)) TH_LOG("%s", line);
}

/* ---- what the unprivileged see ----------------------------------------- */

/* Has this process any capability left in its effective set? */
static bool any_capability(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capget, &hdr, data))
		return true;
	return data[0].effective || data[1].effective;
}

/*
 * In a child that became nobody: 0 if none of the parent's objects show,
 * else the number of the failed check (the reason on stderr).
 */
static int unprivileged_view(pid_t parent, uint64_t pager_koid, uint64_t vmo_koid,
			     int64_t requests)
{
	static const uint8_t dumps[] = {
		ZXPAGER_CMD_GET_PAGER, ZXPAGER_CMD_GET_VMO, ZXPAGER_CMD_GET_REQUEST,
	};
	char needle[64], *out;
	struct recs rs;
	struct nl n;
	int i, j, err, status;

	/* Nobody keeps no capability: PR_SET_KEEPCAPS is off, so setuid
	 * from root to non-root clears them all.
	 */
	if (prctl(PR_SET_KEEPCAPS, 0) || setgroups(0, NULL) || setgid(NOBODY) ||
	    setuid(NOBODY)) {
		perror("dropping privileges");
		return 1;
	}
	if (any_capability() || getuid() != NOBODY) {
		fprintf(stderr, "still privileged\n");
		return 2;
	}
	err = genl_open(&n);
	if (err) {
		fprintf(stderr, "nl_open: %s\n", nl_geterror(err));
		return 3;
	}
	for (i = 0; i < (int)sizeof(dumps); i++) {
		err = nl_request(&n, dumps[i], NLM_F_DUMP, &rs);
		if (err) {
			fprintf(stderr, "dump %u: %s\n", dumps[i], strerror(-err));
			return 4;
		}
		for (j = 0; j < rs.n; j++) {
			struct rec *r = &rs.r[j];

			if (r->v[ZXPAGER_A_PAGER_KOID] == pager_koid ||
			    (has(r, ZXPAGER_A_VMO_KOID) && r->v[ZXPAGER_A_VMO_KOID] == vmo_koid) ||
			    (has(r, ZXPAGER_A_PAGER_PID) && r->v[ZXPAGER_A_PAGER_PID] == (uint64_t)parent)) {
				fprintf(stderr, "dump %u shows the parent's pager %" PRIu64 "\n",
					dumps[i], pager_koid);
				return 5;
			}
		}
		free(rs.r);
	}
	/* Counters are for all to see, and count everyone's requests. */
	if (counter(&n, ZXPAGER_A_CNT_REQUESTS) < requests) {
		fprintf(stderr, "counters: not readable, or missing the parent's requests\n");
		return 6;
	}
	/* Events are not. */
	err = join_events(&n);
	if (err != -EPERM && err != -ENOENT) {
		fprintf(stderr, "joining the events group: %d, want -EPERM\n", err);
		return 7;
	}
	genl_close(&n);

	/* zxstat says the same. */
	out = run_zxstat("--json requests", &status);
	snprintf(needle, sizeof(needle), "\"vmo\":%" PRIu64 ",", vmo_koid);
	if (!out || !exited(status, 0) || strstr(out, needle)) {
		fprintf(stderr, "zxstat --json requests (status %#x): %s\n", status, out);
		return 8;
	}
	free(out);
	out = run_zxstat("--json 2>/dev/null", &status);
	snprintf(needle, sizeof(needle), "{\"koid\":%" PRIu64 ",", pager_koid);
	if (!out || !exited(status, 0) || strstr(out, needle)) {
		fprintf(stderr, "zxstat --json (status %#x): %s\n", status, out);
		return 9;
	}
	free(out);
	out = run_zxstat("--json counters", &status);
	if (!out || !exited(status, 0) || !strstr(out, "\"requests\":")) {
		fprintf(stderr, "zxstat --json counters (status %#x): %s\n", status, out);
		return 10;
	}
	free(out);
	out = run_zxstat("watch 2>&1", &status);
	if (!out || !exited(status, 1) ||
	    (!strstr(out, "permission denied") && !strstr(out, "no \"events\" group"))) {
		fprintf(stderr, "zxstat watch (status %#x): %s\n", status, out);
		return 11;
	}
	free(out);
	return 0;
}

TEST_F(zs, unprivileged_see_only_counters)
{
	int64_t requests = counter(&self->nl, ZXPAGER_A_CNT_REQUESTS);
	pid_t parent = getpid(), pid;
	int status;

	if (geteuid() != 0)
		SKIP(return, "needs root, to become nobody");
	ASSERT_LE(self->requests0 + 1, requests);
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(unprivileged_view(parent, self->pager_koid, self->vmo_koid, requests));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(exited(status, 0)) TH_LOG("check %d failed (status %#x)",
					      WIFEXITED(status) ? WEXITSTATUS(status) : -1,
					      status);
}

TEST_HARNESS_MAIN
