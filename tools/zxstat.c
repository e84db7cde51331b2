// SPDX-License-Identifier: MIT
/*
 * zxstat: what the zxpager module is doing, from its generic netlink family
 * (uapi/linux/zxpager_genl.h).
 *
 *   zxstat            the pagers and, under each, its VMOs
 *   zxstat requests   the outstanding page requests, oldest first
 *   zxstat counters   the module-wide counters
 *   zxstat watch      overtime and timeout events as they happen
 *
 * --json prints one JSON document instead (watch: one object per line).
 *
 * Every listing is a snapshot taken in several dumps: an object made or
 * gone between two of them may show in one and not in the other, so the
 * joins below tolerate strangers and absentees rather than fail.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/zxpager.h>
#include <linux/zxpager_genl.h>

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include <zircon/syscalls/port.h>

#ifndef ZXSTAT_VERSION
#define ZXSTAT_VERSION "unknown"
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static bool json;

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("zxstat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

/* Grow *@arr (of *@n elements of @size) by one zeroed element; return it. */
static void *push(void *arr, size_t *n, size_t size)
{
	void **a = arr;
	char *e;

	*a = xrealloc(*a, (*n + 1) * size);
	e = (char *)*a + *n * size;
	memset(e, 0, size);
	(*n)++;
	return e;
}

/* ---- what the kernel tells -------------------------------------------- */

struct pager {
	uint64_t koid;
	uint32_t pid, nr_vmos;
	bool closed;
	char comm[64];
	struct vmo *vmos;
	size_t nr;
};

struct vmo {
	uint64_t pager_koid, koid, key, size;
	uint64_t resident, dirty, awaiting_clean;	/* pages */
	uint32_t options, nr_requests;
	bool detached;
};

struct request {
	uint64_t pager_koid, vmo_koid, key;
	uint64_t offset, length, age_ms;
	uint32_t command, state;
	uint32_t *tids;
	size_t nr_tids;
};

/*
 * Lengths are checked by the policy (libnl refuses a u64 shorter than 8
 * bytes); types above ZXPAGER_A_MAX, from a newer module, are skipped by
 * the parser, as the header asks.
 */
static struct nla_policy policy[ZXPAGER_A_MAX + 1] = {
	[ZXPAGER_A_PAGER_KOID]		= { .type = NLA_U64 },
	[ZXPAGER_A_PAGER_PID]		= { .type = NLA_U32 },
	[ZXPAGER_A_PAGER_COMM]		= { .type = NLA_STRING },
	[ZXPAGER_A_PAGER_NR_VMOS]	= { .type = NLA_U32 },
	[ZXPAGER_A_PAGER_CLOSED]	= { .type = NLA_U8 },
	[ZXPAGER_A_VMO_KOID]		= { .type = NLA_U64 },
	[ZXPAGER_A_VMO_KEY]		= { .type = NLA_U64 },
	[ZXPAGER_A_VMO_SIZE]		= { .type = NLA_U64 },
	[ZXPAGER_A_VMO_RESIDENT]	= { .type = NLA_U64 },
	[ZXPAGER_A_VMO_DIRTY]		= { .type = NLA_U64 },
	[ZXPAGER_A_VMO_AWAITING_CLEAN]	= { .type = NLA_U64 },
	[ZXPAGER_A_VMO_OPTIONS]		= { .type = NLA_U32 },
	[ZXPAGER_A_VMO_DETACHED]	= { .type = NLA_U8 },
	[ZXPAGER_A_VMO_NR_REQUESTS]	= { .type = NLA_U32 },
	[ZXPAGER_A_REQ_COMMAND]		= { .type = NLA_U32 },
	[ZXPAGER_A_REQ_OFFSET]		= { .type = NLA_U64 },
	[ZXPAGER_A_REQ_LENGTH]		= { .type = NLA_U64 },
	[ZXPAGER_A_REQ_AGE_MS]		= { .type = NLA_U64 },
	[ZXPAGER_A_REQ_STATE]		= { .type = NLA_U32 },
	[ZXPAGER_A_REQ_WAITERS]		= { .type = NLA_NESTED },
	[ZXPAGER_A_CNT_REQUESTS]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_SUCCEEDED]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_FAILED]		= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_TIMED_OUT]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_OVERTIME]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_PAGES_SUPPLIED]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_BYTES_MOVED]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_PAGES_EVICTED]	= { .type = NLA_U64 },
};

/* An absent attribute reads as 0: a reader must cope with older modules. */
static uint64_t get_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

static uint32_t get_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

static bool get_flag(struct nlattr **tb, int type)
{
	return tb[type] && nla_get_u8(tb[type]);
}

static void parse_pager(struct nlattr **tb, struct pager *p)
{
	p->koid = get_u64(tb, ZXPAGER_A_PAGER_KOID);
	p->pid = get_u32(tb, ZXPAGER_A_PAGER_PID);
	p->nr_vmos = get_u32(tb, ZXPAGER_A_PAGER_NR_VMOS);
	p->closed = get_flag(tb, ZXPAGER_A_PAGER_CLOSED);
	/* Bounded copy: the attribute's own NUL is not relied upon. */
	if (tb[ZXPAGER_A_PAGER_COMM])
		nla_strlcpy(p->comm, tb[ZXPAGER_A_PAGER_COMM], sizeof(p->comm));
}

static void parse_vmo(struct nlattr **tb, struct vmo *v)
{
	v->pager_koid = get_u64(tb, ZXPAGER_A_PAGER_KOID);
	v->koid = get_u64(tb, ZXPAGER_A_VMO_KOID);
	v->key = get_u64(tb, ZXPAGER_A_VMO_KEY);
	v->size = get_u64(tb, ZXPAGER_A_VMO_SIZE);
	v->resident = get_u64(tb, ZXPAGER_A_VMO_RESIDENT);
	v->dirty = get_u64(tb, ZXPAGER_A_VMO_DIRTY);
	v->awaiting_clean = get_u64(tb, ZXPAGER_A_VMO_AWAITING_CLEAN);
	v->options = get_u32(tb, ZXPAGER_A_VMO_OPTIONS);
	v->detached = get_flag(tb, ZXPAGER_A_VMO_DETACHED);
	v->nr_requests = get_u32(tb, ZXPAGER_A_VMO_NR_REQUESTS);
}

static void parse_request(struct nlattr **tb, struct request *r)
{
	struct nlattr *pos;
	int rem;

	r->pager_koid = get_u64(tb, ZXPAGER_A_PAGER_KOID);
	r->vmo_koid = get_u64(tb, ZXPAGER_A_VMO_KOID);
	r->key = get_u64(tb, ZXPAGER_A_VMO_KEY);
	r->command = get_u32(tb, ZXPAGER_A_REQ_COMMAND);
	r->offset = get_u64(tb, ZXPAGER_A_REQ_OFFSET);
	r->length = get_u64(tb, ZXPAGER_A_REQ_LENGTH);
	r->age_ms = get_u64(tb, ZXPAGER_A_REQ_AGE_MS);
	r->state = get_u32(tb, ZXPAGER_A_REQ_STATE);
	if (!tb[ZXPAGER_A_REQ_WAITERS])
		return;
	nla_for_each_nested(pos, tb[ZXPAGER_A_REQ_WAITERS], rem) {
		uint32_t *tid;

		if (nla_type(pos) != ZXPAGER_A_WAITER_TID || nla_len(pos) < (int)sizeof(uint32_t))
			continue;
		tid = push(&r->tids, &r->nr_tids, sizeof(*tid));
		*tid = nla_get_u32(pos);
	}
}

/* ---- talking to the kernel -------------------------------------------- */

struct conn {
	struct nl_sock *sk;
	int family;
};

static void conn_open(struct conn *c)
{
	int err;

	c->sk = nl_socket_alloc();
	if (!c->sk)
		die("out of memory");
	err = genl_connect(c->sk);
	if (err < 0)
		die("cannot open a generic netlink socket: %s", nl_geterror(err));
	c->family = genl_ctrl_resolve(c->sk, ZXPAGER_GENL_NAME);
	if (c->family == -NLE_OBJ_NOTFOUND)
		die("the zxpager module is not loaded (no generic netlink family \"%s\")",
		    ZXPAGER_GENL_NAME);
	if (c->family < 0)
		die("cannot look up the generic netlink family \"%s\": %s",
		    ZXPAGER_GENL_NAME, nl_geterror(c->family));
	/*
	 * No ACK asked: a do-request's answer ends with its one reply and a
	 * dump's with NLMSG_DONE, and failures come back as NLMSG_ERROR
	 * either way.
	 */
	nl_socket_disable_auto_ack(c->sk);
}

typedef void (*item_fn)(struct nlattr **tb, void *arg);

struct reply {
	item_fn fn;
	void *arg;
	int error;	/* the kernel's -errno, or 0 */
	bool done;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[ZXPAGER_A_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct reply *r = arg;

	if (genlmsg_parse(nlh, 0, tb, ZXPAGER_A_MAX, policy) < 0) {
		r->error = -EBADMSG;
		r->done = true;
		return NL_STOP;
	}
	r->fn(tb, r->arg);
	if (!(nlh->nlmsg_flags & NLM_F_MULTI))
		r->done = true;
	return NL_OK;
}

/* A dump that fails midway says so in NLMSG_DONE's payload. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct reply *r = arg;
	int err;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0)
			r->error = err;
	}
	r->done = true;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct reply *r = arg;

	(void)who;
	r->error = e->error;
	r->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct reply *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

/*
 * Send @cmd (a dump when @flags has NLM_F_DUMP); @fn sees each reply.
 * True when the kernel flagged the dump as interrupted: its list changed
 * between two parts, so some objects may be missing or repeated.
 */
static bool request(struct conn *c, uint8_t cmd, int flags, item_fn fn, void *arg,
		    const char *what)
{
	struct reply r = { .fn = fn, .arg = arg };
	bool interrupted = false;
	struct nl_msg *msg;
	struct nl_cb *cb;
	int err;

	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb)
		die("out of memory");
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0, flags, cmd,
			 ZXPAGER_GENL_VERSION))
		die("out of memory");
	err = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	if (err < 0)
		die("%s: cannot send the request: %s", what, nl_geterror(err));

	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);
	while (!r.done) {
		err = nl_recvmsgs(c->sk, cb);
		if (err == -NLE_DUMP_INTR)
			interrupted = true;
		else if (err < 0 && !r.done)
			die("%s: %s", what, nl_geterror(err));
	}
	nl_cb_put(cb);

	if (r.error == -EPERM || r.error == -EACCES)
		die("%s: permission denied", what);
	if (r.error == -EOPNOTSUPP)
		die("%s: this zxpager module does not support it (command %u)", what, cmd);
	if (r.error == -EBADMSG)
		die("%s: malformed message from the kernel", what);
	if (r.error)
		die("%s: %s", what, strerror(-r.error));
	return interrupted;
}

/* A dump that kept being interrupted: say so, show what was read. */
#define DUMP_TRIES	5

static void warn_inconsistent(const char *what)
{
	fprintf(stderr, "zxstat: %s kept changing while being listed; "
		"the list may miss or repeat some\n", what);
}

/* ---- formatting ------------------------------------------------------- */

/* "512 B", "64 KiB", "1.5 MiB": exact multiples without a decimal. */
static const char *fmt_size(char *buf, size_t n, uint64_t v, const char *sep)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;

	while (u + 1 < ARRAY_SIZE(unit) && v >= (1ull << (10 * (u + 1))))
		u++;
	if (!u || !(v & ((1ull << (10 * u)) - 1)))
		snprintf(buf, n, "%" PRIu64 "%s%s", v >> (10 * u), sep, unit[u]);
	else
		snprintf(buf, n, "%.1f%s%s", (double)v / (double)(1ull << (10 * u)), sep, unit[u]);
	return buf;
}

static const char *fmt_age(char *buf, size_t n, uint64_t ms, const char *sep)
{
	if (ms < 1000)
		snprintf(buf, n, "%" PRIu64 "%sms", ms, sep);
	else if (ms < 99950)	/* not "100.0 s" */
		snprintf(buf, n, "%.1f%ss", (double)ms / 1000, sep);
	else
		snprintf(buf, n, "%" PRIu64 "%ss", ms / 1000, sep);
	return buf;
}

static const char *command_name(uint32_t cmd)
{
	switch (cmd) {
	case ZX_PAGER_VMO_READ:
		return "READ";
	case ZX_PAGER_VMO_DIRTY:
		return "DIRTY";
	case ZX_PAGER_VMO_COMPLETE:
		return "COMPLETE";
	}
	return NULL;
}

static const char *state_name(uint32_t state)
{
	switch (state) {
	case ZXPAGER_REQUEST_IN_PORT:
		return "in-port";
	case ZXPAGER_REQUEST_PENDING:
		return "pending";
	case ZXPAGER_REQUEST_DELIVERED:
		return "delivered";
	case ZXPAGER_REQUEST_UNDELIVERABLE:
		return "undeliverable";
	}
	return NULL;
}

/* A name, or the number for values this tool does not know yet. */
static const char *name_or_number(char *buf, size_t n, const char *name, uint32_t v)
{
	if (name)
		return name;
	snprintf(buf, n, "%" PRIu32, v);
	return buf;
}

static const char *fmt_options(char *buf, size_t n, uint32_t opts)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ ZXPAGER_VMO_RESIZABLE, "resizable" },
		{ ZXPAGER_VMO_DISCARDABLE, "discardable" },
		{ ZXPAGER_VMO_TRAP_DIRTY, "trap-dirty" },
		{ ZXPAGER_VMO_UNBOUNDED, "unbounded" },
	};
	size_t i, len = 0;

	buf[0] = 0;
	if (!opts)
		return "-";
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(opts & names[i].bit))
			continue;
		len += snprintf(buf + len, n - len, "%s%s", len ? "," : "", names[i].name);
		opts &= ~names[i].bit;
		if (len >= n)
			return buf;
	}
	if (opts)
		snprintf(buf + len, n - len, "%s%#" PRIx32, len ? "," : "", opts);
	return buf;
}

/* A command name for a terminal: control characters would move the cursor. */
static const char *printable(char *buf, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = 0;
	return i ? buf : "-";
}

/* Length of the valid UTF-8 sequence at @s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are not UTF-8. */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

/*
 * A JSON string. A command name is whatever bytes the process set: bytes
 * that are not UTF-8 become U+FFFD, so that the document stays valid.
 */
static void json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;

	putchar('"');
	while (*p) {
		len = utf8_len(p);
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else if (len)
			fwrite(p, 1, len, stdout);
		else
			fputs("\\ufffd", stdout);
		p += len ? len : 1;
	}
	putchar('"');
}

/*
 * Aligned columns: every cell is formatted first, then each column is as
 * wide as its widest cell.
 */
#define MAX_COLS 10

struct table {
	size_t ncols, nrows;
	const char *head[MAX_COLS];
	unsigned int right;		/* bit i: column i is right-aligned */
	int width[MAX_COLS];
	char **cells;			/* nrows * ncols */
};

static void table_init(struct table *t, unsigned int right, ...)
{
	const char *h;
	va_list ap;

	memset(t, 0, sizeof(*t));
	t->right = right;
	va_start(ap, right);
	while ((h = va_arg(ap, const char *)) && t->ncols < MAX_COLS) {
		t->head[t->ncols] = h;
		t->width[t->ncols] = (int)strlen(h);
		t->ncols++;
	}
	va_end(ap);
}

/* One row: exactly t->ncols strings. */
static void table_row(struct table *t, ...)
{
	va_list ap;
	size_t i;

	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*t->cells));
	va_start(ap, t);
	for (i = 0; i < t->ncols; i++) {
		char *s = strdup(va_arg(ap, const char *));

		if (!s)
			die("out of memory");
		t->cells[t->nrows * t->ncols + i] = s;
		if ((int)strlen(s) > t->width[i])
			t->width[i] = (int)strlen(s);
	}
	va_end(ap);
	t->nrows++;
}

static void table_print(struct table *t, int indent, const char *const *cells)
{
	size_t i;

	printf("%*s", indent, "");
	for (i = 0; i < t->ncols; i++) {
		bool last = i + 1 == t->ncols;

		if (t->right & (1u << i))
			printf("%*s", t->width[i], cells[i]);
		else if (last)		/* no trailing blanks */
			fputs(cells[i], stdout);
		else
			printf("%-*s", t->width[i], cells[i]);
		if (!last)
			fputs("  ", stdout);
	}
	putchar('\n');
}

static void table_print_head(struct table *t, int indent)
{
	table_print(t, indent, t->head);
}

static void table_print_row(struct table *t, int indent, size_t row)
{
	table_print(t, indent, (const char *const *)&t->cells[row * t->ncols]);
}

/* Does this process have CAP_SYS_ADMIN, which shows every pager? */
static bool have_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN);
}

/* ---- zxstat: pagers and VMOs ------------------------------------------ */

struct pager_list {
	struct pager *p;
	size_t n;
};

static void add_pager(struct nlattr **tb, void *arg)
{
	struct pager_list *l = arg;

	parse_pager(tb, push(&l->p, &l->n, sizeof(*l->p)));
}

static int pager_cmp(const void *a, const void *b)
{
	const struct pager *x = a, *y = b;

	return (x->koid > y->koid) - (x->koid < y->koid);
}

static void add_vmo(struct nlattr **tb, void *arg)
{
	struct pager_list *l = arg;
	struct pager *p, key;
	struct vmo v = { 0 };

	parse_vmo(tb, &v);
	/* The pagers are sorted by now. A VMO of a pager made after the
	 * pager dump has no pager to go under: it is for the next run.
	 */
	key.koid = v.pager_koid;
	p = bsearch(&key, l->p, l->n, sizeof(*l->p), pager_cmp);
	if (p)
		*(struct vmo *)push(&p->vmos, &p->nr, sizeof(v)) = v;
}

static int vmo_cmp(const void *a, const void *b)
{
	const struct vmo *x = a, *y = b;

	return (x->koid > y->koid) - (x->koid < y->koid);
}

static void print_pagers_json(struct pager_list *l)
{
	size_t i, j;

	fputs("{\"pagers\":[", stdout);
	for (i = 0; i < l->n; i++) {
		struct pager *p = &l->p[i];

		printf("%s{\"koid\":%" PRIu64 ",\"pid\":%" PRIu32 ",\"comm\":",
		       i ? "," : "", p->koid, p->pid);
		json_str(p->comm);
		printf(",\"nr_vmos\":%" PRIu32 ",\"closed\":%s,\"vmos\":[",
		       p->nr_vmos, p->closed ? "true" : "false");
		for (j = 0; j < p->nr; j++) {
			struct vmo *v = &p->vmos[j];

			printf("%s{\"koid\":%" PRIu64 ",\"key\":%" PRIu64 ",\"size\":%" PRIu64
			       ",\"resident_pages\":%" PRIu64 ",\"dirty_pages\":%" PRIu64
			       ",\"awaiting_clean_pages\":%" PRIu64 ",\"options\":%" PRIu32
			       ",\"detached\":%s,\"requests\":%" PRIu32 "}",
			       j ? "," : "", v->koid, v->key, v->size, v->resident, v->dirty,
			       v->awaiting_clean, v->options, v->detached ? "true" : "false",
			       v->nr_requests);
		}
		fputs("]}", stdout);
	}
	fputs("]}\n", stdout);
}

static void print_pagers_human(struct pager_list *l)
{
	uint64_t pagesize = (uint64_t)sysconf(_SC_PAGESIZE);
	struct table pt, vt;
	char b[8][64];
	size_t i, j, row = 0;
	int indent;

	if (!l->n) {
		puts("no pagers");
		if (!have_sys_admin())
			fputs("zxstat: note: without CAP_SYS_ADMIN, only the pagers this process created are visible\n",
			      stderr);
		return;
	}
	table_init(&pt, 1u << 0 | 1u << 1 | 1u << 3,
		   "PAGER", "PID", "COMM", "VMOS", "STATE", NULL);
	table_init(&vt, 1u << 0 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 8,
		   "VMO", "KEY", "SIZE", "RESIDENT", "DIRTY", "AWAITING-CLEAN", "OPTIONS",
		   "DETACHED", "REQUESTS", NULL);
	for (i = 0; i < l->n; i++) {
		struct pager *p = &l->p[i];

		snprintf(b[0], sizeof(b[0]), "%" PRIu64, p->koid);
		snprintf(b[1], sizeof(b[1]), "%" PRIu32, p->pid);
		snprintf(b[2], sizeof(b[2]), "%" PRIu32, p->nr_vmos);
		table_row(&pt, b[0], b[1], printable(b[3], sizeof(b[3]), p->comm), b[2],
			  p->closed ? "closed" : "open");
		for (j = 0; j < p->nr; j++) {
			struct vmo *v = &p->vmos[j];

			snprintf(b[0], sizeof(b[0]), "%" PRIu64, v->koid);
			snprintf(b[1], sizeof(b[1]), "%#" PRIx64, v->key);
			snprintf(b[2], sizeof(b[2]), "%" PRIu32, v->nr_requests);
			table_row(&vt, b[0], b[1], fmt_size(b[3], sizeof(b[3]), v->size, " "),
				  fmt_size(b[4], sizeof(b[4]), v->resident * pagesize, " "),
				  fmt_size(b[5], sizeof(b[5]), v->dirty * pagesize, " "),
				  fmt_size(b[6], sizeof(b[6]), v->awaiting_clean * pagesize, " "),
				  fmt_options(b[7], sizeof(b[7]), v->options),
				  v->detached ? "yes" : "no", b[2]);
		}
	}

	/* The VMO tables sit under the pager's COMM column. */
	indent = pt.width[0] + 2 + pt.width[1] + 2;
	table_print_head(&pt, 0);
	for (i = 0; i < l->n; i++) {
		table_print_row(&pt, 0, i);
		if (!l->p[i].nr)
			continue;
		table_print_head(&vt, indent);
		for (j = 0; j < l->p[i].nr; j++)
			table_print_row(&vt, indent, row++);
	}
}

static void free_pagers(struct pager_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->p[i].vmos);
	free(l->p);
	l->p = NULL;
	l->n = 0;
}

static void cmd_pagers(struct conn *c)
{
	struct pager_list l = { 0 };
	bool interrupted;
	int tries = 0;
	size_t i;

	/* Dump again while the lists change under the dump. */
	for (;;) {
		interrupted = request(c, ZXPAGER_CMD_GET_PAGER, NLM_F_DUMP, add_pager, &l,
				      "listing pagers");
		qsort(l.p, l.n, sizeof(*l.p), pager_cmp);
		interrupted |= request(c, ZXPAGER_CMD_GET_VMO, NLM_F_DUMP, add_vmo, &l,
				       "listing VMOs");
		if (!interrupted || ++tries == DUMP_TRIES)
			break;
		free_pagers(&l);
	}
	if (interrupted)
		warn_inconsistent("pagers and VMOs");
	for (i = 0; i < l.n; i++)
		qsort(l.p[i].vmos, l.p[i].nr, sizeof(struct vmo), vmo_cmp);
	if (json)
		print_pagers_json(&l);
	else
		print_pagers_human(&l);
}

/* ---- zxstat requests --------------------------------------------------- */

struct request_list {
	struct request *r;
	size_t n;
};

static void add_request(struct nlattr **tb, void *arg)
{
	struct request_list *l = arg;

	parse_request(tb, push(&l->r, &l->n, sizeof(*l->r)));
}

/* Oldest first: the one a stuck client has waited on longest leads. */
static int request_cmp(const void *a, const void *b)
{
	const struct request *x = a, *y = b;

	if (x->age_ms != y->age_ms)
		return x->age_ms < y->age_ms ? 1 : -1;
	if (x->pager_koid != y->pager_koid)
		return x->pager_koid < y->pager_koid ? -1 : 1;
	if (x->vmo_koid != y->vmo_koid)
		return x->vmo_koid < y->vmo_koid ? -1 : 1;
	return (x->offset > y->offset) - (x->offset < y->offset);
}

static void print_request_json_fields(const struct request *r)
{
	char b[16];
	size_t i;

	printf("\"pager\":%" PRIu64 ",\"vmo\":%" PRIu64 ",\"key\":%" PRIu64 ",\"command\":",
	       r->pager_koid, r->vmo_koid, r->key);
	json_str(name_or_number(b, sizeof(b), command_name(r->command), r->command));
	printf(",\"offset\":%" PRIu64 ",\"length\":%" PRIu64 ",\"state\":", r->offset, r->length);
	json_str(name_or_number(b, sizeof(b), state_name(r->state), r->state));
	printf(",\"age_ms\":%" PRIu64 ",\"waiters\":[", r->age_ms);
	for (i = 0; i < r->nr_tids; i++)
		printf("%s%" PRIu32, i ? "," : "", r->tids[i]);
	putchar(']');
}

/* "412,413", or "-" for none. */
static const char *fmt_tids(char *buf, size_t n, const struct request *r)
{
	size_t i, len = 0;

	if (!r->nr_tids)
		return "-";
	buf[0] = 0;
	for (i = 0; i < r->nr_tids && len < n; i++)
		len += snprintf(buf + len, n - len, "%s%" PRIu32, i ? "," : "", r->tids[i]);
	return buf;
}

static void cmd_requests(struct conn *c)
{
	struct request_list l = { 0 };
	char b[9][64], tids[256];
	bool interrupted;
	struct table t;
	int tries = 0;
	size_t i;

	for (;;) {
		interrupted = request(c, ZXPAGER_CMD_GET_REQUEST, NLM_F_DUMP, add_request, &l,
				      "listing requests");
		if (!interrupted || ++tries == DUMP_TRIES)
			break;
		for (i = 0; i < l.n; i++)
			free(l.r[i].tids);
		free(l.r);
		l.r = NULL;
		l.n = 0;
	}
	if (interrupted)
		warn_inconsistent("VMOs");
	qsort(l.r, l.n, sizeof(*l.r), request_cmp);

	if (json) {
		fputs("{\"requests\":[", stdout);
		for (i = 0; i < l.n; i++) {
			fputs(i ? ",{" : "{", stdout);
			print_request_json_fields(&l.r[i]);
			putchar('}');
		}
		fputs("]}\n", stdout);
		return;
	}
	if (!l.n) {
		puts("no outstanding requests");
		if (!have_sys_admin())
			fputs("zxstat: note: without CAP_SYS_ADMIN, only the requests of pagers this process created are visible\n",
			      stderr);
		return;
	}
	table_init(&t, 1u << 0 | 1u << 1 | 1u << 4 | 1u << 5 | 1u << 7,
		   "PAGER", "VMO", "KEY", "COMMAND", "OFFSET", "LENGTH", "STATE", "AGE",
		   "WAITERS", NULL);
	for (i = 0; i < l.n; i++) {
		struct request *r = &l.r[i];

		snprintf(b[0], sizeof(b[0]), "%" PRIu64, r->pager_koid);
		snprintf(b[1], sizeof(b[1]), "%" PRIu64, r->vmo_koid);
		snprintf(b[2], sizeof(b[2]), "%#" PRIx64, r->key);
		snprintf(b[3], sizeof(b[3]), "%#" PRIx64, r->offset);
		table_row(&t, b[0], b[1], b[2],
			  name_or_number(b[4], sizeof(b[4]), command_name(r->command), r->command),
			  b[3], fmt_size(b[5], sizeof(b[5]), r->length, " "),
			  name_or_number(b[6], sizeof(b[6]), state_name(r->state), r->state),
			  fmt_age(b[7], sizeof(b[7]), r->age_ms, " "),
			  fmt_tids(tids, sizeof(tids), r));
	}
	table_print_head(&t, 0);
	for (i = 0; i < t.nrows; i++)
		table_print_row(&t, 0, i);
}

/* ---- zxstat counters --------------------------------------------------- */

static const struct {
	int type;
	const char *name;	/* JSON */
	const char *label;	/* human */
	bool bytes;
} counters[] = {
	{ ZXPAGER_A_CNT_REQUESTS, "requests", "requests made", false },
	{ ZXPAGER_A_CNT_SUCCEEDED, "succeeded", "requests succeeded", false },
	{ ZXPAGER_A_CNT_FAILED, "failed", "requests failed", false },
	{ ZXPAGER_A_CNT_TIMED_OUT, "timed_out", "requests timed out", false },
	{ ZXPAGER_A_CNT_OVERTIME, "overtime", "requests overtime", false },
	{ ZXPAGER_A_CNT_PAGES_SUPPLIED, "pages_supplied", "pages supplied", false },
	{ ZXPAGER_A_CNT_BYTES_MOVED, "bytes_moved", "bytes moved", true },
	{ ZXPAGER_A_CNT_PAGES_EVICTED, "pages_evicted", "pages evicted", false },
};

struct counter_values {
	bool have[ARRAY_SIZE(counters)];
	uint64_t v[ARRAY_SIZE(counters)];
};

static void get_counters(struct nlattr **tb, void *arg)
{
	struct counter_values *cv = arg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		cv->have[i] = tb[counters[i].type] != NULL;
		cv->v[i] = get_u64(tb, counters[i].type);
	}
}

static void cmd_counters(struct conn *c)
{
	struct counter_values cv = { 0 };
	char num[32], size[32];
	struct table t;
	size_t i;
	bool first = true;

	request(c, ZXPAGER_CMD_GET_COUNTERS, 0, get_counters, &cv, "reading counters");
	if (json) {
		fputs("{\"counters\":{", stdout);
		/* A counter an older module lacks is left out, not made 0. */
		for (i = 0; i < ARRAY_SIZE(counters); i++) {
			if (!cv.have[i])
				continue;
			printf("%s\"%s\":%" PRIu64, first ? "" : ",", counters[i].name, cv.v[i]);
			first = false;
		}
		fputs("}}\n", stdout);
		return;
	}
	table_init(&t, 1u << 1 | 1u << 2, "COUNTER", "VALUE", "", NULL);
	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		if (!cv.have[i])
			continue;
		snprintf(num, sizeof(num), "%" PRIu64, cv.v[i]);
		if (counters[i].bytes && cv.v[i] >= 1024) {
			char s[24];

			snprintf(size, sizeof(size), "(%s)", fmt_size(s, sizeof(s), cv.v[i], " "));
		} else {
			size[0] = 0;
		}
		table_row(&t, counters[i].label, num, size);
	}
	/* The third column only carries units: print it without a heading. */
	printf("%-*s  %*s\n", t.width[0], t.head[0], t.width[1], t.head[1]);
	for (i = 0; i < t.nrows; i++) {
		char **row = &t.cells[i * t.ncols];

		printf("%-*s  %*s%s%s\n", t.width[0], row[0], t.width[1], row[1],
		       row[2][0] ? "  " : "", row[2]);
	}
}

/* ---- zxstat watch ------------------------------------------------------ */

struct watch {
	struct conn *c;
	int ctrl_family;
};

static void print_event(uint8_t cmd, struct nlattr **tb)
{
	const char *what = cmd == ZXPAGER_CMD_EVENT_OVERTIME ? "overtime" : "timeout";
	struct request r = { 0 };
	struct timespec ts;
	char b[6][64], tids[256];
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	parse_request(tb, &r);
	if (json) {
		printf("{\"event\":\"%s\",\"time_ms\":%lld,", what,
		       (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
		print_request_json_fields(&r);
		puts("}");
	} else {
		localtime_r(&ts.tv_sec, &tm);
		strftime(b[0], sizeof(b[0]), "%H:%M:%S", &tm);
		printf("%s.%03ld %-8s pager=%" PRIu64 " vmo=%" PRIu64 " key=%#" PRIx64
		       " command=%s offset=%#" PRIx64 " length=%s state=%s age=%s waiters=%s\n",
		       b[0], ts.tv_nsec / 1000000, what, r.pager_koid, r.vmo_koid, r.key,
		       name_or_number(b[1], sizeof(b[1]), command_name(r.command), r.command),
		       r.offset, fmt_size(b[2], sizeof(b[2]), r.length, ""),
		       name_or_number(b[3], sizeof(b[3]), state_name(r.state), r.state),
		       fmt_age(b[4], sizeof(b[4]), r.age_ms, ""), fmt_tids(tids, sizeof(tids), &r));
	}
	free(r.tids);
	/* One line at a time, even into a pipe: a reader acts on each. */
	if (fflush(stdout) || ferror(stdout))
		die("writing the output: %s", strerror(errno));
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = genlmsg_hdr(nlh);
	struct watch *w = arg;

	if (nlh->nlmsg_type == w->ctrl_family) {
		struct nlattr *tb[CTRL_ATTR_MAX + 1];

		/* The module going away takes its family: nothing more will come. */
		if (gh->cmd == CTRL_CMD_DELFAMILY &&
		    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) >= 0 &&
		    tb[CTRL_ATTR_FAMILY_ID] && nla_len(tb[CTRL_ATTR_FAMILY_ID]) >= 2 &&
		    nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]) == w->c->family)
			die("the zxpager module was unloaded");
		return NL_OK;
	}
	if (nlh->nlmsg_type != w->c->family)
		return NL_OK;
	if (gh->cmd == ZXPAGER_CMD_EVENT_OVERTIME || gh->cmd == ZXPAGER_CMD_EVENT_TIMEOUT) {
		struct nlattr *tb[ZXPAGER_A_MAX + 1];

		if (genlmsg_parse(nlh, 0, tb, ZXPAGER_A_MAX, policy) < 0) {
			fprintf(stderr, "zxstat: skipping a malformed event\n");
			return NL_OK;
		}
		print_event(gh->cmd, tb);
	}
	return NL_OK;
}

static void cmd_watch(struct conn *c)
{
	struct watch w = { .c = c, .ctrl_family = GENL_ID_CTRL };
	struct signalfd_siginfo si;
	struct pollfd pfd[2];
	struct nl_cb *cb;
	sigset_t mask;
	int grp, ctrl_grp, err;

	/*
	 * SIGINT and SIGTERM end the watch with status 0. They are taken
	 * through a signalfd polled with the socket: libnl retries recvmsg on
	 * EINTR, so a handler could not interrupt a wait for the next event.
	 */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		die("sigprocmask: %s", strerror(errno));
	pfd[1].fd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (pfd[1].fd < 0)
		die("signalfd: %s", strerror(errno));

	grp = genl_ctrl_resolve_grp(c->sk, ZXPAGER_GENL_NAME, ZXPAGER_GENL_MCGRP_EVENTS);
	if (grp == -NLE_OBJ_NOTFOUND)
		die("this zxpager module has no \"%s\" group: events need a kernel with GENL_MCAST_CAP_SYS_ADMIN",
		    ZXPAGER_GENL_MCGRP_EVENTS);
	if (grp < 0)
		die("cannot look up the \"%s\" group: %s", ZXPAGER_GENL_MCGRP_EVENTS,
		    nl_geterror(grp));
	err = nl_socket_add_membership(c->sk, grp);
	if (err == -NLE_PERM)
		die("permission denied: watching zxpager events needs CAP_SYS_ADMIN");
	if (err < 0)
		die("cannot join the \"%s\" group: %s", ZXPAGER_GENL_MCGRP_EVENTS,
		    nl_geterror(err));
	/* Optional: without it, an unloaded module just means silence. */
	ctrl_grp = genl_ctrl_resolve_grp(c->sk, "nlctrl", "notify");
	if (ctrl_grp >= 0)
		nl_socket_add_membership(c->sk, ctrl_grp);

	/* Events bursts while a pager hangs: room for many before any loss. */
	nl_socket_set_buffer_size(c->sk, 1 << 20, 0);
	nl_socket_disable_seq_check(c->sk);
	if (nl_socket_set_nonblocking(c->sk) < 0)
		die("cannot make the netlink socket non-blocking");
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		die("out of memory");
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &w);

	pfd[0].fd = nl_socket_get_fd(c->sk);
	pfd[0].events = POLLIN;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		if (pfd[1].revents & POLLIN) {
			if (read(pfd[1].fd, &si, sizeof(si)) == sizeof(si))
				exit(0);
		}
		if (!(pfd[0].revents & (POLLIN | POLLERR)))
			continue;
		err = nl_recvmsgs(c->sk, cb);
		/* ENOBUFS (as NLE_NOMEM): the kernel dropped events for us. */
		if (err == -NLE_NOMEM)
			fprintf(stderr, "zxstat: some events were lost (socket buffer overflow)\n");
		else if (err < 0 && err != -NLE_AGAIN)
			die("receiving events: %s", nl_geterror(err));
	}
}

/* ---- main -------------------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("usage: zxstat [--json] [COMMAND]\n"
	      "\n"
	      "Show what the zxpager module is doing (generic netlink family \"zxpager\").\n"
	      "\n"
	      "Commands:\n"
	      "  (none)     the pagers and, under each, its VMOs\n"
	      "  requests   the outstanding page requests, oldest first\n"
	      "  counters   the module-wide counters since it was loaded\n"
	      "  watch      print overtime and timeout events until interrupted\n"
	      "             (needs CAP_SYS_ADMIN)\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json     one JSON document (watch: one JSON object per line)\n"
	      "  -h, --help     this help\n"
	      "  -V, --version  the version\n"
	      "\n"
	      "Without CAP_SYS_ADMIN only the pagers the calling process created are\n"
	      "visible; the counters are visible to all.\n", f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	const char *cmd = NULL;
	struct conn c;
	int o;

	while ((o = getopt_long(argc, argv, "jhV", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("zxstat %s (zxpager generic netlink version %d)\n", ZXSTAT_VERSION,
			       ZXPAGER_GENL_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		cmd = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "zxstat: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (cmd && strcmp(cmd, "requests") && strcmp(cmd, "counters") && strcmp(cmd, "watch")) {
		fprintf(stderr, "zxstat: unknown command '%s'\n", cmd);
		usage(stderr);
		return 2;
	}

	conn_open(&c);
	if (!cmd)
		cmd_pagers(&c);
	else if (!strcmp(cmd, "requests"))
		cmd_requests(&c);
	else if (!strcmp(cmd, "counters"))
		cmd_counters(&c);
	else
		cmd_watch(&c);
	/* A full disk or a closed pipe must not pass for success. */
	if (fflush(stdout) || ferror(stdout))
		die("writing the output: %s", strerror(errno));
	return 0;
}
