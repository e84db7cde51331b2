// SPDX-License-Identifier: GPL-2.0
/*
 * The errno contract of <linux/zxpager.h>, for every ioctl, from one table.
 *
 * Each row describes a command: its number, its struct's size and minimum
 * size, the fields that must be zero on input (reserved ones and output-only
 * ones the kernel refuses when set), the output-only fields that may hold
 * anything, its handle field and the object type that handle must be, and a
 * function that fills an otherwise valid request, creating the objects it
 * needs (a VMO, a port), so that the unmodified request succeeds. Every case
 * starts from that valid request and changes one thing.
 *
 * A refused call must leave no trace: the struct is compared byte for byte
 * before and after, the user buffer the request points to too, the objects'
 * observable state (VMO size, committed bytes, handle count and contents;
 * the packets queued on the port) is hashed before and after, and the
 * lowest free fd must not move (no handle created or leaked).
 *
 * File descriptors are allocated lowest first, so re-creating a request's
 * objects after closing the previous ones gives the same fd numbers: the
 * answer to a valid request is deterministic and can be compared whole with
 * the answer to a variant of it (a longer struct, garbage in output fields).
 *
 * Raw ioctl(2) on /dev/zxpager, no libzx.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include <linux/zxpager.h>

#define DEVICE_PATH	"/dev/" ZXPAGER_DEVICE_NAME

#ifndef offsetofend
#define offsetofend(T, m)	(offsetof(T, m) + sizeof(((T *)0)->m))
#endif
#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))

/* Room for the largest struct plus the longest tail a case appends. */
#define TAIL_MAX	256
#define REQ_MAX		(128 + TAIL_MAX)

/* How many pages of a VMO the state hash reads. */
#define STATE_PAGES	4

/* One field of a command struct. */
struct abi_field {
	const char *name;	/* NULL: no field (ends a list) */
	size_t off;
	size_t len;		/* 4 or 8, or a whole sub-struct */
};

#define FIELD(T, m)	{ #m, offsetof(T, m), sizeof(((T *)0)->m) }

/* What a valid call changes, besides the struct it writes back. */
#define EFFECT_OBJECTS	(1u << 0)	/* the state of the request's objects */
#define EFFECT_BUF	(1u << 1)	/* the user buffer the request points to */
#define EFFECT_FD	(1u << 2)	/* a new handle (fd) */

struct abi_ctx {
	int dev;		/* /dev/zxpager */
	long page;
	/* Objects fill() created for the request; 0 when none. */
	int vmo;
	int port;
	/* Objects a case made (substitute handles); closed with the rest. */
	int extra[4];
	/*
	 * A pager and one of its VMOs (both in extra) whose dirty ranges and
	 * modified flag are part of the observable state; 0 when none.
	 */
	int pager, pvmo;
	/* User memory a request points to (VMO read/write, object info). */
	uint8_t buf[256] __attribute__((aligned(8)));
};

struct abi_cmd {
	const char *name;
	unsigned int nr;
	unsigned long ioctl;
	uint32_t size;		/* sizeof(struct) */
	uint32_t min_size;	/* offsetofend of the first version's last field */
	uint32_t known_flags;	/* flag bits the command accepts */
	/* Must be zero on input: EINVAL otherwise. */
	struct abi_field zero[4];
	/* Output only, and accepted with any value on input. */
	struct abi_field garbage[4];
	struct abi_field handle;	/* the object the call acts on */
	uint32_t handle_type;		/* ZXPAGER_OBJ_* it must be, 0: any */
	bool handle_needs_rights;	/* a handle without rights: EACCES */
	struct abi_field out_handle;	/* a handle the call creates */
	uint32_t out_type;
	unsigned int effects;		/* EFFECT_* */
	bool buf_koid;			/* the record in buf starts with a koid */
	int (*fill)(struct abi_ctx *ctx, void *req);
	/* Checks the answer of the valid request: NULL, or what is wrong. */
	const char *(*check)(struct abi_ctx *ctx, const void *req);
};

/* ---- raw helpers ---- */

static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? errno : 0;
}

static int new_vmo(struct abi_ctx *ctx, uint32_t options, uint64_t size, int *out)
{
	struct zxpager_vmo_create c = {
		.size = sizeof(c), .options = options, .vmo_size = size,
	};
	int err = xioctl(ctx->dev, ZXPAGER_IOC_VMO_CREATE, &c);

	if (!err)
		*out = c.out_handle;
	return err;
}

static int new_port(struct abi_ctx *ctx, int *out)
{
	struct zxpager_port_create c = { .size = sizeof(c) };
	int err = xioctl(ctx->dev, ZXPAGER_IOC_PORT_CREATE, &c);

	if (!err)
		*out = c.out_handle;
	return err;
}

static int queue_packet(struct abi_ctx *ctx, int port,
			const struct zxpager_port_packet *pkt)
{
	struct zxpager_port_queue q = {
		.size = sizeof(q), .handle = port, .packet = *pkt,
	};

	return xioctl(ctx->dev, ZXPAGER_IOC_PORT_QUEUE, &q);
}

static int vmo_rw(struct abi_ctx *ctx, unsigned long cmd, int vmo, void *buf,
		  uint64_t offset, uint64_t length)
{
	struct zxpager_vmo_rw rw = {
		.size = sizeof(rw), .handle = vmo, .buffer = (uintptr_t)buf,
		.offset = offset, .length = length,
	};

	return xioctl(ctx->dev, cmd, &rw);
}

static int handle_type(struct abi_ctx *ctx, int handle, uint32_t *type)
{
	struct zxpager_info_handle info;
	struct zxpager_object_get_info gi = {
		.size = sizeof(gi), .handle = handle,
		.topic = ZXPAGER_INFO_HANDLE_BASIC,
		.buffer = (uintptr_t)&info, .buffer_size = sizeof(info),
	};
	int err = xioctl(ctx->dev, ZXPAGER_IOC_OBJECT_GET_INFO, &gi);

	if (!err)
		*type = info.type;
	return err;
}

/* The fd number the next handle would get. */
static int lowest_free_fd(struct abi_ctx *ctx)
{
	int fd = fcntl(ctx->dev, F_DUPFD_CLOEXEC, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}

static int add_extra(struct abi_ctx *ctx, int fd)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(ctx->extra); i++) {
		if (!ctx->extra[i]) {
			ctx->extra[i] = fd;
			return 0;
		}
	}
	return ENOSPC;
}

static void ctx_cleanup(struct abi_ctx *ctx)
{
	size_t i;

	if (ctx->vmo)
		close(ctx->vmo);
	if (ctx->port)
		close(ctx->port);
	ctx->vmo = ctx->port = 0;
	ctx->pager = ctx->pvmo = 0;
	for (i = 0; i < ARRAY_LEN(ctx->extra); i++) {
		if (ctx->extra[i])
			close(ctx->extra[i]);
		ctx->extra[i] = 0;
	}
}

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

/*
 * A hash of what can be observed of the request's objects: a VMO's size,
 * committed bytes, flags, mappings, handle count and contents; a port's
 * queued packets (taken off and queued again, in order). Returns an errno.
 */
static int state_hash(struct abi_ctx *ctx, uint64_t *hash)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int err;

	if (ctx->vmo) {
		struct zxpager_info_vmo info;
		struct zxpager_object_get_info gi = {
			.size = sizeof(gi), .handle = ctx->vmo,
			.topic = ZXPAGER_INFO_VMO,
			.buffer = (uintptr_t)&info, .buffer_size = sizeof(info),
		};
		uint8_t data[4096];
		uint64_t off, end;

		err = xioctl(ctx->dev, ZXPAGER_IOC_OBJECT_GET_INFO, &gi);
		if (err)
			return err;
		/* Not the koid: the hash is compared between objects. */
		h = fnv(h, &info.size_bytes, sizeof(info.size_bytes));
		h = fnv(h, &info.committed_bytes, sizeof(info.committed_bytes));
		h = fnv(h, &info.flags, sizeof(info.flags));
		h = fnv(h, &info.handle_rights, sizeof(info.handle_rights));
		h = fnv(h, &info.num_mappings, sizeof(info.num_mappings));
		h = fnv(h, &info.share_count, sizeof(info.share_count));
		end = info.size_bytes;
		if (end > (uint64_t)STATE_PAGES * ctx->page)
			end = (uint64_t)STATE_PAGES * ctx->page;
		for (off = 0; off < end; off += sizeof(data)) {
			uint64_t n = end - off < sizeof(data) ? end - off : sizeof(data);

			err = vmo_rw(ctx, ZXPAGER_IOC_VMO_READ, ctx->vmo, data, off, n);
			if (err)
				return err;
			h = fnv(h, data, n);
		}
	}
	if (ctx->pvmo) {
		struct zxpager_dirty_range ranges[8];
		struct zxpager_pager_query_dirty_ranges q = {
			.size = sizeof(q), .pager = ctx->pager, .vmo = ctx->pvmo,
			.length = STATE_PAGES * ctx->page,
			.buffer = (uintptr_t)ranges, .buffer_size = sizeof(ranges),
		};
		struct zxpager_pager_query_vmo_stats vs = {
			.size = sizeof(vs), .pager = ctx->pager, .vmo = ctx->pvmo,
			.buffer_size = sizeof(uint32_t),
		};

		memset(ranges, 0, sizeof(ranges));
		err = xioctl(ctx->dev, ZXPAGER_IOC_PAGER_QUERY_DIRTY_RANGES, &q) ?:
		      xioctl(ctx->dev, ZXPAGER_IOC_PAGER_QUERY_VMO_STATS, &vs);
		if (err)
			return err;
		h = fnv(h, &q.out_avail, sizeof(q.out_avail));
		h = fnv(h, ranges, sizeof(ranges));
		h = fnv(h, &vs.out_modified, sizeof(vs.out_modified));
	}
	if (ctx->port) {
		struct zxpager_port_packet pkts[8];
		unsigned int n, i;

		for (n = 0;; n++) {
			struct zxpager_port_wait w = {
				.size = sizeof(w), .handle = ctx->port, .deadline = 0,
			};

			err = xioctl(ctx->dev, ZXPAGER_IOC_PORT_WAIT, &w);
			if (err == ETIMEDOUT)
				break;
			if (err)
				return err;
			if (n == ARRAY_LEN(pkts))
				return ENOSPC;
			pkts[n] = w.packet;
		}
		h = fnv(h, &n, sizeof(n));
		for (i = 0; i < n; i++) {
			h = fnv(h, &pkts[i], sizeof(pkts[i]));
			err = queue_packet(ctx, ctx->port, &pkts[i]);
			if (err)
				return err;
		}
	}
	*hash = h;
	return 0;
}

/* ---- valid requests ---- */

static const struct zxpager_port_packet test_packet = {
	.key = 0x1122334455667788ull,
	.type = 0,
	.status = -3,
	.payload = { 1, 0x8000000000000000ull, 3, ~0ull },
};

static int fill_api(struct abi_ctx *ctx, void *req)
{
	(void)ctx;
	(void)req;
	return 0;
}

static int fill_handle_duplicate(struct abi_ctx *ctx, void *req)
{
	struct zxpager_handle_duplicate *r = req;

	int err = new_vmo(ctx, 0, ctx->page, &ctx->vmo);

	r->handle = ctx->vmo;
	r->rights = ZXPAGER_RIGHT_SAME_RIGHTS;
	return err;
}

static int fill_object_get_info(struct abi_ctx *ctx, void *req)
{
	struct zxpager_object_get_info *r = req;
	int err = new_vmo(ctx, 0, ctx->page, &ctx->vmo);

	/* The VMO topic, which takes VMOs only: a port is the wrong type. */
	r->handle = ctx->vmo;
	r->topic = ZXPAGER_INFO_VMO;
	r->buffer = (uintptr_t)ctx->buf;
	r->buffer_size = sizeof(struct zxpager_info_vmo);
	return err;
}

static int fill_port_create(struct abi_ctx *ctx, void *req)
{
	struct zxpager_port_create *r = req;

	(void)ctx;
	r->options = 0;
	return 0;
}

static int fill_port_queue(struct abi_ctx *ctx, void *req)
{
	struct zxpager_port_queue *r = req;
	int err = new_port(ctx, &ctx->port);

	r->handle = ctx->port;
	r->packet = test_packet;
	return err;
}

static int fill_port_wait(struct abi_ctx *ctx, void *req)
{
	struct zxpager_port_wait *r = req;
	int err = new_port(ctx, &ctx->port) ?:
		  queue_packet(ctx, ctx->port, &test_packet);

	r->handle = ctx->port;
	r->deadline = 0;	/* in the past: only checks, never sleeps */
	return err;
}

static int fill_vmo_create(struct abi_ctx *ctx, void *req)
{
	struct zxpager_vmo_create *r = req;

	r->options = 0;
	r->vmo_size = ctx->page + 1;
	return 0;
}

static int fill_vmo_read(struct abi_ctx *ctx, void *req)
{
	struct zxpager_vmo_rw *r = req;
	uint8_t data[200];
	size_t i;
	int err;

	for (i = 0; i < sizeof(data); i++)
		data[i] = i + 1;
	err = new_vmo(ctx, 0, ctx->page, &ctx->vmo) ?:
	      vmo_rw(ctx, ZXPAGER_IOC_VMO_WRITE, ctx->vmo, data, 0, sizeof(data));
	r->handle = ctx->vmo;
	r->buffer = (uintptr_t)ctx->buf;
	r->offset = 3;
	r->length = 100;
	return err;
}

static int fill_vmo_write(struct abi_ctx *ctx, void *req)
{
	struct zxpager_vmo_rw *r = req;
	int err = new_vmo(ctx, 0, ctx->page, &ctx->vmo);
	size_t i;

	for (i = 0; i < sizeof(ctx->buf); i++)
		ctx->buf[i] = 0x40 + i % 64;
	r->handle = ctx->vmo;
	r->buffer = (uintptr_t)ctx->buf;
	r->offset = 5;
	r->length = 150;
	return err;
}

static int fill_vmo_get_size(struct abi_ctx *ctx, void *req)
{
	struct zxpager_vmo_size *r = req;
	int err = new_vmo(ctx, 0, 3 * ctx->page, &ctx->vmo);

	r->handle = ctx->vmo;
	return err;
}

static int fill_vmo_set_size(struct abi_ctx *ctx, void *req)
{
	struct zxpager_vmo_size *r = req;
	int err = new_vmo(ctx, ZXPAGER_VMO_RESIZABLE, ctx->page, &ctx->vmo);

	r->handle = ctx->vmo;
	r->vmo_size = 2 * ctx->page;
	return err;
}

static int fill_vmo_op_range(struct abi_ctx *ctx, void *req)
{
	struct zxpager_vmo_op_range *r = req;
	int err = new_vmo(ctx, 0, 2 * ctx->page, &ctx->vmo);

	r->handle = ctx->vmo;
	r->op = ZXPAGER_VMO_OP_COMMIT;
	r->offset = 1;
	r->length = ctx->page;	/* touches both pages */
	return err;
}

static int fill_pager_create(struct abi_ctx *ctx, void *req)
{
	(void)ctx;
	(void)req;
	return 0;
}

/* A pager (kept in ctx->extra) and, with @vmo, one of its VMOs of @pages pages. */
static int new_pager_sized(struct abi_ctx *ctx, int *pager, int *vmo, uint64_t pages)
{
	struct zxpager_pager_create pc = { .size = sizeof(pc) };
	struct zxpager_pager_create_vmo cv = { .size = sizeof(cv), .key = 7 };
	int err;

	err = xioctl(ctx->dev, ZXPAGER_IOC_PAGER_CREATE, &pc);
	if (!err)
		err = add_extra(ctx, pc.out_handle);
	if (err)
		return err;
	*pager = pc.out_handle;
	if (!vmo)
		return 0;
	/* Its requests would go to ctx->port; none is made here. */
	err = new_port(ctx, &ctx->port);
	if (err)
		return err;
	cv.pager = pc.out_handle;
	cv.port = ctx->port;
	cv.vmo_size = pages * ctx->page;
	err = xioctl(ctx->dev, ZXPAGER_IOC_PAGER_CREATE_VMO, &cv);
	if (!err)
		err = add_extra(ctx, cv.out_handle);
	*vmo = cv.out_handle;
	return err;
}

static int new_pager(struct abi_ctx *ctx, int *pager, int *vmo)
{
	return new_pager_sized(ctx, pager, vmo, 1);
}

/*
 * A pager and its STATE_PAGES-page VMO, supplied, with pages 0 and 2
 * written (dirty, and the VMO modified); both observed by state_hash.
 */
static int new_dirty_pager_vmo(struct abi_ctx *ctx, int *pager, int *vmo)
{
	struct zxpager_pager_supply_pages sp = { .size = sizeof(sp) };
	uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	int aux = 0, err;

	err = new_pager_sized(ctx, pager, vmo, STATE_PAGES);
	if (!err)
		err = new_vmo(ctx, 0, STATE_PAGES * ctx->page, &aux);
	if (!err)
		err = vmo_rw(ctx, ZXPAGER_IOC_VMO_WRITE, aux, data, 100, sizeof(data));
	if (!err) {
		sp.pager = *pager;
		sp.vmo = *vmo;
		sp.length = STATE_PAGES * ctx->page;
		sp.aux_vmo = aux;
		err = xioctl(ctx->dev, ZXPAGER_IOC_PAGER_SUPPLY_PAGES, &sp);
	}
	if (aux)
		close(aux);
	if (!err)
		err = vmo_rw(ctx, ZXPAGER_IOC_VMO_WRITE, *vmo, data, 0, 1);
	if (!err)
		err = vmo_rw(ctx, ZXPAGER_IOC_VMO_WRITE, *vmo, data, 2 * ctx->page + 5, 3);
	ctx->pager = *pager;
	ctx->pvmo = *vmo;
	return err;
}

static int fill_pager_create_vmo(struct abi_ctx *ctx, void *req)
{
	struct zxpager_pager_create_vmo *r = req;
	int pager, err = new_pager(ctx, &pager, NULL);

	if (!err)
		err = new_port(ctx, &ctx->port);
	r->pager = pager;
	r->port = ctx->port;
	r->key = 42;
	r->vmo_size = ctx->page;
	return err;
}

static int fill_pager_detach_vmo(struct abi_ctx *ctx, void *req)
{
	struct zxpager_pager_detach_vmo *r = req;
	int pager, vmo, err = new_pager(ctx, &pager, &vmo);

	r->pager = pager;
	r->vmo = vmo;
	return err;
}

static int fill_pager_supply_pages(struct abi_ctx *ctx, void *req)
{
	struct zxpager_pager_supply_pages *r = req;
	int pager, vmo, err = new_pager(ctx, &pager, &vmo);

	if (!err)
		err = new_vmo(ctx, 0, ctx->page, &ctx->vmo);
	if (!err)
		err = vmo_rw(ctx, ZXPAGER_IOC_VMO_WRITE, ctx->vmo, ctx->buf, 0, 8);
	r->pager = pager;
	r->vmo = vmo;
	r->length = ctx->page;
	r->aux_vmo = ctx->vmo;
	return err;
}

static int fill_pager_op_range(struct abi_ctx *ctx, void *req)
{
	struct zxpager_pager_op_range *r = req;
	int pager, vmo, err = new_pager(ctx, &pager, &vmo);

	r->pager = pager;
	r->op = ZXPAGER_PAGER_OP_FAIL;
	r->vmo = vmo;
	r->length = ctx->page;
	r->data = (uint64_t)(int64_t)-40;	/* ZX_ERR_IO */
	return err;
}

static int fill_pager_query_dirty_ranges(struct abi_ctx *ctx, void *req)
{
	struct zxpager_pager_query_dirty_ranges *r = req;
	int pager, vmo, err = new_dirty_pager_vmo(ctx, &pager, &vmo);

	r->pager = pager;
	r->vmo = vmo;
	r->offset = 1;			/* rounded out to pages */
	r->length = STATE_PAGES * ctx->page - 1;
	r->buffer = (uintptr_t)ctx->buf;
	r->buffer_size = sizeof(ctx->buf);
	return err;
}

static int fill_pager_query_vmo_stats(struct abi_ctx *ctx, void *req)
{
	struct zxpager_pager_query_vmo_stats *r = req;
	int pager, vmo, err = new_dirty_pager_vmo(ctx, &pager, &vmo);

	r->pager = pager;
	r->vmo = vmo;
	r->options = ZXPAGER_RESET_VMO_STATS;	/* observable: the flag is cleared */
	r->buffer_size = sizeof(uint32_t);
	return err;
}

static int fill_vmar_op_range(struct abi_ctx *ctx, void *req)
{
	struct zxpager_vmar_op_range *r = req;

	/* A hint on the test's own memory (no VMO's): accepted, changes nothing. */
	r->op = ZXPAGER_VMAR_OP_DONT_NEED;
	r->address = (uintptr_t)ctx->buf & ~(uint64_t)(ctx->page - 1);
	r->length = ctx->page;
	return 0;
}

/* ---- answers of the valid requests ---- */

static const char *check_api(struct abi_ctx *ctx, const void *req)
{
	const struct zxpager_api *r = req;

	(void)ctx;
	if (r->abi_version != ZXPAGER_ABI_VERSION)
		return "abi_version";
	if (r->features != ZXPAGER_FEATURES_ALL)
		return "features";
	if (!(r->ioctls & 1))
		return "ioctls";
	return NULL;
}

static const char *check_object_get_info(struct abi_ctx *ctx, const void *req)
{
	const struct zxpager_object_get_info *r = req;
	struct zxpager_info_vmo info;

	memcpy(&info, ctx->buf, sizeof(info));
	if (r->actual != 1 || r->avail != 1)
		return "actual and avail must be 1";
	if (!info.koid || info.size_bytes != (uint64_t)ctx->page ||
	    info.committed_bytes || info.flags || info.num_mappings ||
	    info.share_count != 1 || !(info.handle_rights & ZXPAGER_RIGHT_INSPECT))
		return "the VMO record";
	return NULL;
}

static const char *check_port_wait(struct abi_ctx *ctx, const void *req)
{
	const struct zxpager_port_wait *r = req;

	(void)ctx;
	if (memcmp(&r->packet, &test_packet, sizeof(test_packet)))
		return "not the queued packet";
	return NULL;
}

static const char *check_vmo_read(struct abi_ctx *ctx, const void *req)
{
	const struct zxpager_vmo_rw *r = req;
	size_t i;

	for (i = 0; i < sizeof(ctx->buf); i++) {
		/* The VMO holds 1, 2, ... from offset 0. */
		uint8_t want = i < r->length ? (uint8_t)(r->offset + i + 1) : 0xa5;

		if (ctx->buf[i] != want)
			return "the data read";
	}
	return NULL;
}

static const char *check_vmo_get_size(struct abi_ctx *ctx, const void *req)
{
	const struct zxpager_vmo_size *r = req;

	return r->vmo_size == 3 * (uint64_t)ctx->page ? NULL : "vmo_size";
}

static const char *check_pager_query_dirty_ranges(struct abi_ctx *ctx, const void *req)
{
	const struct zxpager_pager_query_dirty_ranges *r = req;
	const struct zxpager_dirty_range want[2] = {
		{ .offset = 0, .length = ctx->page },
		{ .offset = 2 * ctx->page, .length = ctx->page },
	};
	size_t i;

	if (r->out_actual != 2 || r->out_avail != 2)
		return "out_actual and out_avail must be 2";
	if (memcmp(ctx->buf, want, sizeof(want)))
		return "the ranges";
	for (i = sizeof(want); i < sizeof(ctx->buf); i++)
		if (ctx->buf[i] != 0xa5)
			return "wrote beyond the ranges";
	return NULL;
}

static const char *check_pager_query_vmo_stats(struct abi_ctx *ctx, const void *req)
{
	const struct zxpager_pager_query_vmo_stats *r = req;

	(void)ctx;
	return r->out_modified == 1 ? NULL : "out_modified must be 1";
}

/* ---- the table ---- */

#define CMD(_ioctl, T, _last)                                                \
	.name = #_ioctl, .nr = _IOC_NR(_ioctl), .ioctl = _ioctl,             \
	.size = sizeof(T), .min_size = offsetofend(T, _last)

static const struct abi_cmd cmds[] = {
	{
		CMD(ZXPAGER_IOC_API, struct zxpager_api, ioctls),
		.zero = { FIELD(struct zxpager_api, __reserved) },
		.garbage = {
			FIELD(struct zxpager_api, abi_version),
			FIELD(struct zxpager_api, features),
			FIELD(struct zxpager_api, ioctls),
		},
		.fill = fill_api,
		.check = check_api,
	},
	{
		CMD(ZXPAGER_IOC_HANDLE_DUPLICATE, struct zxpager_handle_duplicate,
		    __reserved),
		.known_flags = ZXPAGER_HANDLE_DUPLICATE_FLAG_REPLACE,
		.zero = { FIELD(struct zxpager_handle_duplicate, __reserved) },
		.garbage = { FIELD(struct zxpager_handle_duplicate, out_handle) },
		.handle = FIELD(struct zxpager_handle_duplicate, handle),
		.handle_type = 0,
		.handle_needs_rights = true,
		.out_handle = FIELD(struct zxpager_handle_duplicate, out_handle),
		.out_type = ZXPAGER_OBJ_VMO,
		.effects = EFFECT_FD | EFFECT_OBJECTS,	/* share_count */
		.fill = fill_handle_duplicate,
	},
	{
		CMD(ZXPAGER_IOC_OBJECT_GET_INFO, struct zxpager_object_get_info, avail),
		.garbage = {
			FIELD(struct zxpager_object_get_info, actual),
			FIELD(struct zxpager_object_get_info, avail),
		},
		.handle = FIELD(struct zxpager_object_get_info, handle),
		.handle_type = ZXPAGER_OBJ_VMO,
		.handle_needs_rights = true,
		.effects = EFFECT_BUF,
		.buf_koid = true,
		.fill = fill_object_get_info,
		.check = check_object_get_info,
	},
	{
		CMD(ZXPAGER_IOC_PORT_CREATE, struct zxpager_port_create, out_handle),
		.garbage = { FIELD(struct zxpager_port_create, out_handle) },
		.out_handle = FIELD(struct zxpager_port_create, out_handle),
		.out_type = ZXPAGER_OBJ_PORT,
		.effects = EFFECT_FD,
		.fill = fill_port_create,
	},
	{
		CMD(ZXPAGER_IOC_PORT_QUEUE, struct zxpager_port_queue, packet),
		.zero = { FIELD(struct zxpager_port_queue, __reserved) },
		.handle = FIELD(struct zxpager_port_queue, handle),
		.handle_type = ZXPAGER_OBJ_PORT,
		.handle_needs_rights = true,
		.effects = EFFECT_OBJECTS,
		.fill = fill_port_queue,
	},
	{
		CMD(ZXPAGER_IOC_PORT_WAIT, struct zxpager_port_wait, packet),
		.zero = { FIELD(struct zxpager_port_wait, __reserved) },
		.garbage = { FIELD(struct zxpager_port_wait, packet) },
		.handle = FIELD(struct zxpager_port_wait, handle),
		.handle_type = ZXPAGER_OBJ_PORT,
		.handle_needs_rights = true,
		.effects = EFFECT_OBJECTS,
		.fill = fill_port_wait,
		.check = check_port_wait,
	},
	{
		CMD(ZXPAGER_IOC_VMO_CREATE, struct zxpager_vmo_create, vmo_size),
		.garbage = { FIELD(struct zxpager_vmo_create, out_handle) },
		.out_handle = FIELD(struct zxpager_vmo_create, out_handle),
		.out_type = ZXPAGER_OBJ_VMO,
		.effects = EFFECT_FD,
		.fill = fill_vmo_create,
	},
	{
		CMD(ZXPAGER_IOC_VMO_READ, struct zxpager_vmo_rw, length),
		.zero = { FIELD(struct zxpager_vmo_rw, __reserved) },
		.handle = FIELD(struct zxpager_vmo_rw, handle),
		.handle_type = ZXPAGER_OBJ_VMO,
		.handle_needs_rights = true,
		.effects = EFFECT_BUF,
		.fill = fill_vmo_read,
		.check = check_vmo_read,
	},
	{
		CMD(ZXPAGER_IOC_VMO_WRITE, struct zxpager_vmo_rw, length),
		.zero = { FIELD(struct zxpager_vmo_rw, __reserved) },
		.handle = FIELD(struct zxpager_vmo_rw, handle),
		.handle_type = ZXPAGER_OBJ_VMO,
		.handle_needs_rights = true,
		.effects = EFFECT_OBJECTS,
		.fill = fill_vmo_write,
	},
	{
		CMD(ZXPAGER_IOC_VMO_GET_SIZE, struct zxpager_vmo_size, vmo_size),
		.zero = { FIELD(struct zxpager_vmo_size, __reserved) },
		.garbage = { FIELD(struct zxpager_vmo_size, vmo_size) },
		.handle = FIELD(struct zxpager_vmo_size, handle),
		.handle_type = ZXPAGER_OBJ_VMO,
		.handle_needs_rights = false,	/* needs no right */
		.fill = fill_vmo_get_size,
		.check = check_vmo_get_size,
	},
	{
		CMD(ZXPAGER_IOC_VMO_SET_SIZE, struct zxpager_vmo_size, vmo_size),
		.zero = { FIELD(struct zxpager_vmo_size, __reserved) },
		.handle = FIELD(struct zxpager_vmo_size, handle),
		.handle_type = ZXPAGER_OBJ_VMO,
		.handle_needs_rights = true,
		.effects = EFFECT_OBJECTS,
		.fill = fill_vmo_set_size,
	},
	{
		CMD(ZXPAGER_IOC_VMO_OP_RANGE, struct zxpager_vmo_op_range, length),
		/* No reserved field: op, offset and length are all input. */
		.handle = FIELD(struct zxpager_vmo_op_range, handle),
		.handle_type = ZXPAGER_OBJ_VMO,
		.handle_needs_rights = true,
		.effects = EFFECT_OBJECTS,
		.fill = fill_vmo_op_range,
	},
	{
		CMD(ZXPAGER_IOC_PAGER_CREATE, struct zxpager_pager_create, out_handle),
		.garbage = { FIELD(struct zxpager_pager_create, out_handle) },
		.out_handle = FIELD(struct zxpager_pager_create, out_handle),
		.out_type = ZXPAGER_OBJ_PAGER,
		.effects = EFFECT_FD,
		.fill = fill_pager_create,
	},
	{
		CMD(ZXPAGER_IOC_PAGER_CREATE_VMO, struct zxpager_pager_create_vmo, vmo_size),
		.garbage = { FIELD(struct zxpager_pager_create_vmo, out_handle) },
		.handle = FIELD(struct zxpager_pager_create_vmo, pager),
		.handle_type = ZXPAGER_OBJ_PAGER,
		.handle_needs_rights = true,
		.out_handle = FIELD(struct zxpager_pager_create_vmo, out_handle),
		.out_type = ZXPAGER_OBJ_VMO,
		.effects = EFFECT_FD,
		.fill = fill_pager_create_vmo,
	},
	{
		CMD(ZXPAGER_IOC_PAGER_DETACH_VMO, struct zxpager_pager_detach_vmo, vmo),
		.handle = FIELD(struct zxpager_pager_detach_vmo, pager),
		.handle_type = ZXPAGER_OBJ_PAGER,
		.handle_needs_rights = true,
		.effects = EFFECT_OBJECTS,	/* the COMPLETE packet */
		.fill = fill_pager_detach_vmo,
	},
	{
		CMD(ZXPAGER_IOC_PAGER_SUPPLY_PAGES, struct zxpager_pager_supply_pages, aux_offset),
		.zero = { FIELD(struct zxpager_pager_supply_pages, __reserved) },
		.handle = FIELD(struct zxpager_pager_supply_pages, pager),
		.handle_type = ZXPAGER_OBJ_PAGER,
		.handle_needs_rights = true,
		.effects = EFFECT_OBJECTS,	/* the aux VMO is decommitted */
		.fill = fill_pager_supply_pages,
	},
	{
		CMD(ZXPAGER_IOC_PAGER_OP_RANGE, struct zxpager_pager_op_range, data),
		.zero = { FIELD(struct zxpager_pager_op_range, __reserved) },
		.handle = FIELD(struct zxpager_pager_op_range, pager),
		.handle_type = ZXPAGER_OBJ_PAGER,
		.handle_needs_rights = true,
		.fill = fill_pager_op_range,
	},
	{
		CMD(ZXPAGER_IOC_PAGER_QUERY_DIRTY_RANGES, struct zxpager_pager_query_dirty_ranges,
		    out_avail),
		/* No reserved field. */
		.garbage = {
			FIELD(struct zxpager_pager_query_dirty_ranges, out_actual),
			FIELD(struct zxpager_pager_query_dirty_ranges, out_avail),
		},
		.handle = FIELD(struct zxpager_pager_query_dirty_ranges, pager),
		.handle_type = ZXPAGER_OBJ_PAGER,
		.handle_needs_rights = true,
		.effects = EFFECT_BUF,
		.fill = fill_pager_query_dirty_ranges,
		.check = check_pager_query_dirty_ranges,
	},
	{
		CMD(ZXPAGER_IOC_PAGER_QUERY_VMO_STATS, struct zxpager_pager_query_vmo_stats,
		    buffer_size),
		.garbage = { FIELD(struct zxpager_pager_query_vmo_stats, out_modified) },
		.handle = FIELD(struct zxpager_pager_query_vmo_stats, pager),
		.handle_type = ZXPAGER_OBJ_PAGER,
		.handle_needs_rights = true,
		.effects = EFFECT_OBJECTS,	/* RESET clears the modified flag */
		.fill = fill_pager_query_vmo_stats,
		.check = check_pager_query_vmo_stats,
	},
	{
		CMD(ZXPAGER_IOC_VMAR_OP_RANGE, struct zxpager_vmar_op_range, length),
		.zero = { FIELD(struct zxpager_vmar_op_range, __reserved) },
		.fill = fill_vmar_op_range,
	},
};

#define for_each_cmd(c)	for (c = cmds; c < cmds + ARRAY_LEN(cmds); c++)

/* ---- field access ---- */

static uint64_t get_field(const void *req, const struct abi_field *f)
{
	const uint8_t *p = (const uint8_t *)req + f->off;
	uint32_t v32;
	uint64_t v64;

	if (f->len == sizeof(v32)) {
		memcpy(&v32, p, sizeof(v32));
		return v32;
	}
	memcpy(&v64, p, sizeof(v64));
	return v64;
}

static void set_field(void *req, const struct abi_field *f, uint64_t v)
{
	uint8_t *p = (uint8_t *)req + f->off;
	uint32_t v32 = v;

	if (f->len == sizeof(v32))
		memcpy(p, &v32, sizeof(v32));
	else if (f->len == sizeof(v))
		memcpy(p, &v, sizeof(v));
	else
		memset(p, (uint8_t)v, f->len);
}

static void set_size(void *req, uint32_t size)
{
	memcpy(req, &size, sizeof(size));
}

static uint32_t get_size(const void *req)
{
	uint32_t size;

	memcpy(&size, req, sizeof(size));
	return size;
}

/*
 * A valid request for @c in @req (REQ_MAX bytes, zero beyond the struct),
 * with its objects in @ctx and ctx->buf poisoned.
 */
static int prepare(struct abi_ctx *ctx, const struct abi_cmd *c, void *req)
{
	memset(req, 0, REQ_MAX);
	memset(ctx->buf, 0xa5, sizeof(ctx->buf));
	set_size(req, c->size);
	return c->fill(ctx, req);
}

static void prepare_valid(struct __test_metadata *_metadata, struct abi_ctx *ctx,
			  const struct abi_cmd *c, void *req)
{
	int err = prepare(ctx, c, req);

	ASSERT_EQ(0, err) TH_LOG("%s: cannot make a valid request: %s",
				 c->name, strerror(err));
}

/* A snapshot of everything a call could change besides its struct. */
struct abi_trace {
	uint64_t state;
	int next_fd;
	uint8_t buf[sizeof(((struct abi_ctx *)0)->buf)];
};

static void trace(struct __test_metadata *_metadata, struct abi_ctx *ctx,
		  const struct abi_cmd *c, struct abi_trace *t)
{
	int err = state_hash(ctx, &t->state);

	ASSERT_EQ(0, err) TH_LOG("%s: cannot observe the objects: %s",
				 c->name, strerror(err));
	memcpy(t->buf, ctx->buf, sizeof(t->buf));
	t->next_fd = lowest_free_fd(ctx);
	ASSERT_LE(0, t->next_fd);
}

/* The handle a successful call of @c created, or 0. */
static int out_handle(const struct abi_cmd *c, const void *req)
{
	return c->out_handle.name ? (int)get_field(req, &c->out_handle) : 0;
}

/*
 * Call @cmd on @req (@len bytes of it are the caller's struct; a bad
 * pointer is passed as is, with @len 0) and expect it to fail with @want,
 * leaving everything as it was: the struct, the user buffer, the objects,
 * the fd table.
 */
static void expect_refused(struct __test_metadata *_metadata, struct abi_ctx *ctx,
			   const struct abi_cmd *c, unsigned long cmd, void *req,
			   size_t len, int want, const char *what)
{
	uint8_t before[REQ_MAX];
	struct abi_trace t0, t1;
	int err;

	if (len)
		memcpy(before, req, len);
	trace(_metadata, ctx, c, &t0);
	err = xioctl(ctx->dev, cmd, req);
	/* A handle the call should not have created: not ours to keep. */
	if (!err && len >= c->size && out_handle(c, req) != out_handle(c, before) &&
	    out_handle(c, req) >= t0.next_fd)
		close(out_handle(c, req));
	trace(_metadata, ctx, c, &t1);

	EXPECT_EQ(want, err)
		TH_LOG("%s: %s (ioctl %#lx): got %d (%s), want %d (%s)", c->name,
		       what, cmd, err, strerror(err), want, strerror(want));
	if (len) {
		EXPECT_EQ(0, memcmp(before, req, len))
			TH_LOG("%s: %s: the refused call wrote to the struct",
			       c->name, what);
	}
	EXPECT_EQ(0, memcmp(t0.buf, t1.buf, sizeof(t0.buf)))
		TH_LOG("%s: %s: the refused call wrote to the user buffer",
		       c->name, what);
	EXPECT_EQ(t0.state, t1.state)
		TH_LOG("%s: %s: the refused call changed the objects",
		       c->name, what);
	EXPECT_EQ(t0.next_fd, t1.next_fd)
		TH_LOG("%s: %s: the refused call created or closed an fd",
		       c->name, what);
}

/* The answer to the valid request, and what it left behind. */
struct abi_answer {
	uint8_t req[REQ_MAX];
	struct abi_trace after;
};

/*
 * Call @c on @req (@len bytes) and expect success; record the answer in
 * @ans; close the handle the call created. Does not clean the objects up.
 */
static void expect_accepted(struct __test_metadata *_metadata, struct abi_ctx *ctx,
			    const struct abi_cmd *c, void *req, size_t len,
			    struct abi_answer *ans, const char *what)
{
	int err = xioctl(ctx->dev, c->ioctl, req);

	EXPECT_EQ(0, err)
		TH_LOG("%s: %s: got %d (%s), want success", c->name, what,
		       err, strerror(err));
	memcpy(ans->req, req, len);
	trace(_metadata, ctx, c, &ans->after);
	if (!err && out_handle(c, req) > 0)
		close(out_handle(c, req));
}

/* The valid request's answer, on fresh objects, cleaned up after. */
static void valid_answer(struct __test_metadata *_metadata, struct abi_ctx *ctx,
			 const struct abi_cmd *c, struct abi_answer *ans)
{
	uint64_t req[REQ_MAX / 8];

	prepare_valid(_metadata, ctx, c, req);
	expect_accepted(_metadata, ctx, c, req, REQ_MAX, ans, "valid request");
	ctx_cleanup(ctx);
}

/*
 * A variant that was accepted must have answered as the valid request did
 * (@a, from an identical set of objects): the same struct but its size, the
 * same buffer (but a koid) and object state, the same handle.
 */
static void expect_same_answer(struct __test_metadata *_metadata,
			       const struct abi_cmd *c, const struct abi_answer *a,
			       const struct abi_answer *b, const char *what)
{
	size_t skip = c->buf_koid ? sizeof(uint64_t) : 0;

	/* Bytes 0-3 are @size, which the variant may have changed. */
	EXPECT_EQ(0, memcmp(a->req + 4, b->req + 4, c->size - 4))
		TH_LOG("%s: %s: answered differently from the valid request",
		       c->name, what);
	EXPECT_EQ(0, memcmp(a->after.buf + skip, b->after.buf + skip,
			    sizeof(a->after.buf) - skip))
		TH_LOG("%s: %s: wrote a different buffer", c->name, what);
	EXPECT_EQ(a->after.state, b->after.state)
		TH_LOG("%s: %s: left the objects in another state", c->name, what);
	EXPECT_EQ(a->after.next_fd, b->after.next_fd)
		TH_LOG("%s: %s: left another fd table", c->name, what);
}

/* ---- the tests ---- */

FIXTURE(abi) {
	struct abi_ctx ctx;
};

FIXTURE_SETUP(abi)
{
	memset(&self->ctx, 0, sizeof(self->ctx));
	self->ctx.page = sysconf(_SC_PAGESIZE);
	self->ctx.dev = open(DEVICE_PATH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->ctx.dev) TH_LOG("open %s: %s", DEVICE_PATH, strerror(errno));
}

FIXTURE_TEARDOWN(abi)
{
	ctx_cleanup(&self->ctx);
	if (self->ctx.dev >= 0)
		close(self->ctx.dev);
}

static struct zxpager_api get_api(struct __test_metadata *_metadata, int dev)
{
	struct zxpager_api api = { .size = sizeof(api) };

	EXPECT_EQ(0, xioctl(dev, ZXPAGER_IOC_API, &api))
		TH_LOG("ZXPAGER_IOC_API: %s", strerror(errno));
	return api;
}

/* The table is well formed, and has a row for every command the module has. */
TEST_F(abi, table_matches_api_ioctls)
{
	struct zxpager_api api = get_api(_metadata, self->ctx.dev);
	const struct abi_cmd *c, *d;
	uint64_t mask = 0;
	unsigned int nr;

	for_each_cmd(c) {
		ASSERT_GT(64, c->nr - ZXPAGER_CMD_BASE) TH_LOG("%s", c->name);
		EXPECT_EQ(_IO(ZXPAGER_TYPE, c->nr), c->ioctl) TH_LOG("%s", c->name);
		EXPECT_LE(8, c->min_size) TH_LOG("%s", c->name);
		EXPECT_LE(c->min_size, c->size) TH_LOG("%s", c->name);
		EXPECT_EQ(0, c->size % 8) TH_LOG("%s", c->name);
		EXPECT_GE(REQ_MAX, c->size + TAIL_MAX) TH_LOG("%s", c->name);
		for (d = cmds; d < c; d++) {
			EXPECT_NE(d->nr, c->nr) TH_LOG("%s and %s", d->name, c->name);
		}
		mask |= 1ull << (c->nr - ZXPAGER_CMD_BASE);
	}
	for (nr = 0; nr < 64; nr++) {
		uint64_t bit = 1ull << nr;

		EXPECT_EQ(mask & bit, api.ioctls & bit)
			TH_LOG("command %#x (ZXPAGER_CMD_BASE + %u): %s", ZXPAGER_CMD_BASE + nr, nr,
			       mask & bit ? "in the table, not in the module" :
					    "in the module, no row in the table");
	}
	EXPECT_EQ(mask, api.ioctls);
}

TEST_F(abi, features_all_reported)
{
	struct zxpager_api api = get_api(_metadata, self->ctx.dev);
	unsigned int bit;

	EXPECT_EQ(ZXPAGER_ABI_VERSION, api.abi_version);
	EXPECT_NE(0, ZXPAGER_FEATURES_ALL);
	for (bit = 0; bit < 64; bit++) {
		uint64_t f = 1ull << bit;

		if (ZXPAGER_FEATURES_ALL & f) {
			EXPECT_EQ(f, api.features & f)
				TH_LOG("feature bit %u not reported", bit);
		} else {
			EXPECT_EQ(0, api.features & f)
				TH_LOG("unknown feature bit %u reported", bit);
		}
	}
	EXPECT_EQ(ZXPAGER_FEATURES_ALL, api.features);
}

/*
 * The baseline: every valid request succeeds, has exactly its effects, and
 * leaves size and flags alone. The other tests mean something because of it.
 */
TEST_F(abi, valid_requests_succeed)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;

	for_each_cmd(c) {
		uint64_t req[REQ_MAX / 8], orig[REQ_MAX / 8];
		struct abi_trace t0, t1;
		uint32_t type = 0;
		int err, h;

		prepare_valid(_metadata, ctx, c, req);
		memcpy(orig, req, sizeof(req));
		trace(_metadata, ctx, c, &t0);
		err = xioctl(ctx->dev, c->ioctl, req);
		EXPECT_EQ(0, err) TH_LOG("%s: %s", c->name, strerror(err));
		trace(_metadata, ctx, c, &t1);
		h = out_handle(c, req);
		if (!err && c->check) {
			const char *wrong = c->check(ctx, req);

			EXPECT_EQ(NULL, wrong) TH_LOG("%s: wrong answer: %s", c->name, wrong);
		}

		EXPECT_EQ(0, memcmp(orig, req, 8)) TH_LOG("%s: size or flags written", c->name);
		EXPECT_EQ(0, memcmp((uint8_t *)orig + c->size, (uint8_t *)req + c->size,
				    REQ_MAX - c->size))
			TH_LOG("%s: wrote beyond its struct", c->name);
		if (c->effects & EFFECT_OBJECTS) {
			EXPECT_NE(t0.state, t1.state)
				TH_LOG("%s: no effect on the objects", c->name);
		} else {
			EXPECT_EQ(t0.state, t1.state)
				TH_LOG("%s: changed the objects", c->name);
		}
		if (c->effects & EFFECT_BUF) {
			EXPECT_NE(0, memcmp(t0.buf, t1.buf, sizeof(t0.buf)))
				TH_LOG("%s: did not write the buffer", c->name);
		} else {
			EXPECT_EQ(0, memcmp(t0.buf, t1.buf, sizeof(t0.buf)))
				TH_LOG("%s: wrote the buffer", c->name);
		}
		if (c->effects & EFFECT_FD) {
			/* The new handle is the lowest free fd, and is ours. */
			EXPECT_EQ(t0.next_fd, h) TH_LOG("%s: out_handle %d", c->name, h);
			EXPECT_NE(t0.next_fd, t1.next_fd) TH_LOG("%s: no fd", c->name);
			EXPECT_EQ(FD_CLOEXEC, fcntl(h, F_GETFD) & FD_CLOEXEC)
				TH_LOG("%s: handle %d not close-on-exec", c->name, h);
			EXPECT_EQ(0, handle_type(ctx, h, &type)) TH_LOG("%s", c->name);
			EXPECT_EQ(c->out_type, type) TH_LOG("%s", c->name);
			if (h > 0)
				close(h);
		} else {
			EXPECT_EQ(t0.next_fd, t1.next_fd) TH_LOG("%s: created an fd", c->name);
		}
		ctx_cleanup(ctx);
	}
}

/* Sizes from the first version's end to the kernel's struct: accepted. */
TEST_F(abi, min_size_accepted)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;

	for_each_cmd(c) {
		struct abi_answer valid, ans;
		uint32_t size, j;

		valid_answer(_metadata, ctx, c, &valid);
		for (size = c->min_size; size <= c->size; size++) {
			uint64_t req[REQ_MAX / 8];
			char what[64];

			prepare_valid(_metadata, ctx, c, req);
			set_size(req, size);
			/* The caller's struct ends at @size: nothing after it. */
			memset((uint8_t *)req + size, 0, c->size - size);
			snprintf(what, sizeof(what), "size %u (min %u)", size, c->min_size);
			expect_accepted(_metadata, ctx, c, req, REQ_MAX, &ans, what);
			if (size == c->size)
				expect_same_answer(_metadata, c, &valid, &ans, what);
			/* At most @size bytes are written back. */
			for (j = size; j < REQ_MAX; j++) {
				ASSERT_EQ(0, ((uint8_t *)req)[j])
					TH_LOG("%s: %s: byte %u written", c->name, what, j);
			}
			ctx_cleanup(ctx);
		}
	}
}

/* Numbers next to the table's: other type byte, direction or size bits. */
TEST_F(abi, unknown_commands_enotty)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;
	unsigned int next_free = 0;

	for_each_cmd(c)
		if (c->nr + 1 > next_free)
			next_free = c->nr + 1;

	for_each_cmd(c) {
		const struct {
			unsigned long cmd;
			const char *what;
		} variants[] = {
			{ _IO(ZXPAGER_TYPE + 1, c->nr), "type byte + 1" },
			{ _IO(ZXPAGER_TYPE - 1, c->nr), "type byte - 1" },
			{ _IOC(_IOC_READ | _IOC_WRITE, ZXPAGER_TYPE, c->nr, c->size), "_IOWR" },
			{ _IOC(_IOC_READ, ZXPAGER_TYPE, c->nr, c->size), "_IOR" },
			{ _IOC(_IOC_WRITE, ZXPAGER_TYPE, c->nr, c->size), "_IOW" },
			{ _IOC(_IOC_NONE, ZXPAGER_TYPE, c->nr, c->size), "_IO with size bits" },
			{ _IOC(_IOC_NONE, ZXPAGER_TYPE, c->nr, 1), "_IO with size 1" },
			{ _IO(ZXPAGER_TYPE, next_free), "next free number" },
			{ _IOC(_IOC_READ | _IOC_WRITE, ZXPAGER_TYPE, next_free, c->size),
			  "next free number, _IOWR" },
			{ _IO(ZXPAGER_TYPE, ZXPAGER_CMD_BASE + 63), "number 63" },
			{ _IO(ZXPAGER_TYPE, ZXPAGER_CMD_BASE + 64), "number 64" },
			{ _IO(ZXPAGER_TYPE, 0xff), "number 0xff" },
			{ c->ioctl | 0x80000000ul, "top bit" },
		};
		size_t i;

		for (i = 0; i < ARRAY_LEN(variants); i++) {
			uint64_t req[REQ_MAX / 8];

			prepare_valid(_metadata, ctx, c, req);
			expect_refused(_metadata, ctx, c, variants[i].cmd, req, REQ_MAX,
				       ENOTTY, variants[i].what);
			ctx_cleanup(ctx);
		}
	}
}

/* Every size below the minimum, 0, 4 and 8 among them. */
TEST_F(abi, short_size_einval)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;

	for_each_cmd(c) {
		uint32_t size;

		for (size = 0; size < c->min_size; size++) {
			uint64_t req[REQ_MAX / 8];
			char what[64];

			prepare_valid(_metadata, ctx, c, req);
			set_size(req, size);
			snprintf(what, sizeof(what), "size %u (min %u)", size, c->min_size);
			expect_refused(_metadata, ctx, c, c->ioctl, req, REQ_MAX, EINVAL, what);
			ctx_cleanup(ctx);
		}
	}
}

static const uint32_t long_tails[] = { 1, 4, 8, 64, TAIL_MAX };

/* A newer caller's longer struct with a zero tail: the valid call's answer,
 * and nothing written beyond the kernel's struct.
 */
TEST_F(abi, long_size_zero_tail_accepted)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;

	for_each_cmd(c) {
		struct abi_answer valid, ans;
		size_t i, j;

		valid_answer(_metadata, ctx, c, &valid);
		for (i = 0; i < ARRAY_LEN(long_tails); i++) {
			uint64_t req[REQ_MAX / 8];
			uint32_t size = c->size + long_tails[i];
			const uint8_t *bytes = (const uint8_t *)req;
			char what[64];

			prepare_valid(_metadata, ctx, c, req);
			set_size(req, size);
			snprintf(what, sizeof(what), "size %u, zero tail", size);
			expect_accepted(_metadata, ctx, c, req, REQ_MAX, &ans, what);
			expect_same_answer(_metadata, c, &valid, &ans, what);
			EXPECT_EQ(size, get_size(req)) TH_LOG("%s: %s", c->name, what);
			for (j = c->size; j < REQ_MAX; j++) {
				ASSERT_EQ(0, bytes[j])
					TH_LOG("%s: %s: byte %zu written", c->name, what, j);
			}
			ctx_cleanup(ctx);
		}
	}
}

/*
 * A longer struct with any non-zero byte past the kernel's: E2BIG. Some
 * 250 cases per command: more than the default 30 s on the debug kernel.
 */
TEST_F_TIMEOUT(abi, long_size_nonzero_tail_e2big, 120)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;
	const uint8_t values[] = { 0x01, 0x80, 0xff };

	for_each_cmd(c) {
		size_t t, pos, v;

		for (t = 0; t < ARRAY_LEN(long_tails); t++) {
			uint32_t size = c->size + long_tails[t];

			for (pos = c->size; pos < size; pos++) {
				/* Every byte of short tails; the ends and words of long ones. */
				if (long_tails[t] > 16 && pos > c->size + 8 &&
				    pos < size - 8 && pos % 8)
					continue;
				for (v = 0; v < ARRAY_LEN(values); v++) {
					uint64_t req[REQ_MAX / 8];
					char what[64];

					prepare_valid(_metadata, ctx, c, req);
					set_size(req, size);
					((uint8_t *)req)[pos] = values[v];
					snprintf(what, sizeof(what), "size %u, byte %zu = %#x",
						 size, pos, values[v]);
					expect_refused(_metadata, ctx, c, c->ioctl, req, REQ_MAX,
						       E2BIG, what);
					ctx_cleanup(ctx);
				}
			}
		}
	}
}

/* Every flag bit a command does not know. */
TEST_F(abi, flag_bits_eopnotsupp)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;

	for_each_cmd(c) {
		unsigned int bit;

		for (bit = 0; bit < 32; bit++) {
			uint64_t req[REQ_MAX / 8];
			uint32_t flags = 1u << bit;
			char what[64];

			if (c->known_flags & flags)
				continue;
			prepare_valid(_metadata, ctx, c, req);
			memcpy((uint8_t *)req + 4, &flags, sizeof(flags));
			snprintf(what, sizeof(what), "flag bit %u", bit);
			expect_refused(_metadata, ctx, c, c->ioctl, req, REQ_MAX,
				       EOPNOTSUPP, what);
			ctx_cleanup(ctx);
		}
	}
}

/* Reserved fields and output-only fields the kernel refuses when set. */
TEST_F(abi, must_be_zero_fields_einval)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;

	for_each_cmd(c) {
		const struct abi_field *f;

		for (f = c->zero; f < c->zero + ARRAY_LEN(c->zero) && f->name; f++) {
			/* The low bit, the top bit of each half, all bits. */
			const uint64_t values32[] = { 1, 1ull << 31, 0xffffffffull };
			const uint64_t values64[] = {
				1, 1ull << 31, 1ull << 32, 1ull << 63, ~0ull,
			};
			const uint64_t *values = f->len == 4 ? values32 : values64;
			size_t v, n = f->len == 4 ? ARRAY_LEN(values32) : ARRAY_LEN(values64);

			for (v = 0; v < n; v++) {
				uint64_t req[REQ_MAX / 8];
				char what[64];

				prepare_valid(_metadata, ctx, c, req);
				ASSERT_EQ(0, get_field(req, f)) TH_LOG("%s: %s", c->name, f->name);
				set_field(req, f, values[v]);
				snprintf(what, sizeof(what), "%s = %#llx", f->name,
					 (unsigned long long)get_field(req, f));
				expect_refused(_metadata, ctx, c, c->ioctl, req, REQ_MAX,
					       EINVAL, what);
				ctx_cleanup(ctx);
			}
		}
	}
}

/* Output-only fields that are not checked: overwritten, whatever they held. */
TEST_F(abi, garbage_in_output_fields_overwritten)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;

	for_each_cmd(c) {
		const struct abi_field *f;
		struct abi_answer valid, ans;

		if (!c->garbage[0].name)
			continue;
		valid_answer(_metadata, ctx, c, &valid);
		for (f = c->garbage; f < c->garbage + ARRAY_LEN(c->garbage) && f->name; f++) {
			uint64_t req[REQ_MAX / 8];
			char what[64];

			prepare_valid(_metadata, ctx, c, req);
			memset((uint8_t *)req + f->off, 0xa5, f->len);
			snprintf(what, sizeof(what), "garbage in %s", f->name);
			expect_accepted(_metadata, ctx, c, req, REQ_MAX, &ans, what);
			expect_same_answer(_metadata, c, &valid, &ans, what);
			ctx_cleanup(ctx);
		}
	}
}

TEST_F(abi, bad_argument_pointer_efault)
{
	struct abi_ctx *ctx = &self->ctx;
	const struct abi_cmd *c;
	void *unmapped;

	unmapped = mmap(NULL, ctx->page, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, unmapped);
	ASSERT_EQ(0, munmap(unmapped, ctx->page));

	for_each_cmd(c) {
		uint64_t req[REQ_MAX / 8];

		/* The objects of a valid request exist: only the pointer is bad. */
		prepare_valid(_metadata, ctx, c, req);
		expect_refused(_metadata, ctx, c, c->ioctl, NULL, 0, EFAULT, "NULL argument");
		expect_refused(_metadata, ctx, c, c->ioctl, unmapped, 0, EFAULT,
			       "unmapped argument");
		ctx_cleanup(ctx);
	}
}

/* ---- handles ---- */

enum bad_handle {
	BAD_ZERO,
	BAD_CLOSED,
	BAD_PIPE,
	BAD_DEVICE,
	BAD_NEGATIVE,
	BAD_INT_MAX_PLUS_1,
	BAD_UNUSED,
	BAD_WRONG_TYPE,
	BAD_NO_RIGHTS,
};

static const char *const bad_handle_names[] = {
	[BAD_ZERO] = "handle 0",
	[BAD_CLOSED] = "closed handle",
	[BAD_PIPE] = "pipe fd as handle",
	[BAD_DEVICE] = "the /dev/zxpager fd as handle",
	[BAD_NEGATIVE] = "handle 0xffffffff",
	[BAD_INT_MAX_PLUS_1] = "handle 0x80000000",
	[BAD_UNUSED] = "handle never opened",
	[BAD_WRONG_TYPE] = "object of the wrong type",
	[BAD_NO_RIGHTS] = "handle without rights",
};

/* Make the substitute handle of @kind for @c's request, 0: not applicable. */
static int bad_handle(struct __test_metadata *_metadata, struct abi_ctx *ctx,
		      const struct abi_cmd *c, const void *req, enum bad_handle kind,
		      uint32_t *hval)
{
	int fds[2], h = 0, err;

	switch (kind) {
	case BAD_ZERO:
		*hval = 0;
		return 1;
	case BAD_CLOSED:
		/* The right type, then gone: the lowest free fd, unused. */
		err = c->handle_type == ZXPAGER_OBJ_PORT ? new_port(ctx, &h) :
			new_vmo(ctx, 0, ctx->page, &h);
		ASSERT_EQ(0, err);
		ASSERT_EQ(0, close(h));
		*hval = h;
		return 1;
	case BAD_PIPE:
		ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
		ASSERT_EQ(0, add_extra(ctx, fds[0]));
		ASSERT_EQ(0, add_extra(ctx, fds[1]));
		*hval = fds[0];
		return 1;
	case BAD_DEVICE:
		*hval = ctx->dev;
		return 1;
	case BAD_NEGATIVE:
		*hval = 0xffffffffu;
		return 1;
	case BAD_INT_MAX_PLUS_1:
		*hval = (uint32_t)INT_MAX + 1;
		return 1;
	case BAD_UNUSED:
		/* Below any fd limit, above any fd this test opens. */
		ASSERT_EQ(-1, fcntl(1000, F_GETFD));
		*hval = 1000;
		return 1;
	case BAD_WRONG_TYPE:
		if (!c->handle_type)
			return 0;	/* any type will do */
		err = c->handle_type == ZXPAGER_OBJ_PORT ?
			new_vmo(ctx, 0, ctx->page, &h) : new_port(ctx, &h);
		ASSERT_EQ(0, err);
		ASSERT_EQ(0, add_extra(ctx, h));
		*hval = h;
		return 1;
	case BAD_NO_RIGHTS:
		if (!c->handle_needs_rights)
			return 0;
		{
			/* The replace flag: pagers lack ZX_RIGHT_DUPLICATE. */
			struct zxpager_handle_duplicate d = {
				.size = sizeof(d),
				.flags = ZXPAGER_HANDLE_DUPLICATE_FLAG_REPLACE,
				.handle = get_field(req, &c->handle),
			};

			ASSERT_EQ(0, xioctl(ctx->dev, ZXPAGER_IOC_HANDLE_DUPLICATE, &d));
			h = d.out_handle;
		}
		ASSERT_EQ(0, add_extra(ctx, h));
		*hval = h;
		return 1;
	}
	return 0;
}

static void bad_handle_cases(struct __test_metadata *_metadata, struct abi_ctx *ctx,
			     enum bad_handle kind, int want)
{
	const struct abi_cmd *c;
	int tested = 0;

	for_each_cmd(c) {
		uint64_t req[REQ_MAX / 8];
		uint32_t hval = 0;
		char what[80];

		if (!c->handle.name)
			continue;
		prepare_valid(_metadata, ctx, c, req);
		if (!bad_handle(_metadata, ctx, c, req, kind, &hval)) {
			ctx_cleanup(ctx);
			continue;
		}
		set_field(req, &c->handle, hval);
		snprintf(what, sizeof(what), "%s (%#x)", bad_handle_names[kind], hval);
		expect_refused(_metadata, ctx, c, c->ioctl, req, REQ_MAX, want, what);
		ctx_cleanup(ctx);
		tested++;
	}
	EXPECT_LT(0, tested);
}

TEST_F(abi, handle_zero_ebadf)
{
	bad_handle_cases(_metadata, &self->ctx, BAD_ZERO, EBADF);
}

TEST_F(abi, handle_closed_ebadf)
{
	bad_handle_cases(_metadata, &self->ctx, BAD_CLOSED, EBADF);
}

TEST_F(abi, handle_never_opened_ebadf)
{
	bad_handle_cases(_metadata, &self->ctx, BAD_UNUSED, EBADF);
}

TEST_F(abi, handle_beyond_int_max_ebadf)
{
	bad_handle_cases(_metadata, &self->ctx, BAD_NEGATIVE, EBADF);
	bad_handle_cases(_metadata, &self->ctx, BAD_INT_MAX_PLUS_1, EBADF);
}

TEST_F(abi, handle_pipe_ebadf)
{
	bad_handle_cases(_metadata, &self->ctx, BAD_PIPE, EBADF);
}

TEST_F(abi, handle_device_fd_ebadf)
{
	bad_handle_cases(_metadata, &self->ctx, BAD_DEVICE, EBADF);
}

TEST_F(abi, handle_wrong_type_eprototype)
{
	bad_handle_cases(_metadata, &self->ctx, BAD_WRONG_TYPE, EPROTOTYPE);
}

TEST_F(abi, handle_without_rights_eacces)
{
	bad_handle_cases(_metadata, &self->ctx, BAD_NO_RIGHTS, EACCES);
}

TEST_HARNESS_MAIN
