// SPDX-License-Identifier: GPL-2.0
/*
 * Introspection over generic netlink: the "zxpager" family (the contract is
 * uapi/linux/zxpager_genl.h). When a client hangs on a page fault this
 * answers "which pager, which VMO, which range, waiting since when, who is
 * waiting" the way ethtool or devlink answer questions: dumps read with
 * libnl (tools/zxstat), and an "events" multicast group for requests that
 * go overtime or time out.
 *
 * Dumps walk the module-wide lists under their locks, one message per
 * object, and resume by position (cb->args[0]). When a list changed
 * between two parts of a dump, the messages after the change carry
 * NLM_F_DUMP_INTR: the reader should dump again (libnl returns
 * -NLE_DUMP_INTR). Requests come and go with every fault, so a request
 * dump is flagged only when the VMOs change, not its requests. A process sees the pagers it created, with their
 * VMOs and requests; CAP_SYS_ADMIN sees all.
 */
#include <linux/jiffies.h>
#include <net/genetlink.h>

#include "zxpager.h"

static const struct nla_policy zxp_genl_policy[ZXPAGER_A_MAX + 1] = {
	[ZXPAGER_A_PAGER_KOID]		= { .type = NLA_U64 },
	[ZXPAGER_A_PAGER_PID]		= { .type = NLA_U32 },
	[ZXPAGER_A_PAGER_COMM]		= { .type = NLA_NUL_STRING, .len = TASK_COMM_LEN - 1 },
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
	[ZXPAGER_A_WAITER_TID]		= { .type = NLA_U32 },
	[ZXPAGER_A_CNT_REQUESTS]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_SUCCEEDED]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_FAILED]		= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_TIMED_OUT]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_OVERTIME]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_PAGES_SUPPLIED]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_BYTES_MOVED]	= { .type = NLA_U64 },
	[ZXPAGER_A_CNT_PAGES_EVICTED]	= { .type = NLA_U64 },
};

static struct genl_family zxp_genl_family;

static int zxp_put_u64(struct sk_buff *skb, int attr, u64 value)
{
	return nla_put_u64_64bit(skb, attr, value, ZXPAGER_A_PAD);
}

/* Waiters reported per request: a stuck fault has few, a storm many. */
#define ZXP_GENL_MAX_WAITERS	64

static int zxp_genl_put_request(struct sk_buff *skb, struct zxp_request *req)
{
	struct zxp_page_source *src = req->src;
	pid_t tids[ZXP_GENL_MAX_WAITERS];
	struct nlattr *nest;
	unsigned int n, i;

	lockdep_assert_held(&src->vmo->lock);
	if (zxp_put_u64(skb, ZXPAGER_A_PAGER_KOID, src->pager->obj.koid) ||
	    zxp_put_u64(skb, ZXPAGER_A_VMO_KOID, src->vmo->obj.koid) ||
	    zxp_put_u64(skb, ZXPAGER_A_VMO_KEY, src->key) ||
	    nla_put_u32(skb, ZXPAGER_A_REQ_COMMAND, 0 /* ZX_PAGER_VMO_READ */) ||
	    zxp_put_u64(skb, ZXPAGER_A_REQ_OFFSET, (u64)req->start << PAGE_SHIFT) ||
	    zxp_put_u64(skb, ZXPAGER_A_REQ_LENGTH, (u64)(req->end - req->start) << PAGE_SHIFT) ||
	    zxp_put_u64(skb, ZXPAGER_A_REQ_AGE_MS, jiffies_to_msecs(jiffies - req->since)) ||
	    nla_put_u32(skb, ZXPAGER_A_REQ_STATE, req->state))
		return -EMSGSIZE;
	n = zxp_request_waiters(req, tids, ARRAY_SIZE(tids));
	nest = nla_nest_start(skb, ZXPAGER_A_REQ_WAITERS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < min_t(unsigned int, n, ARRAY_SIZE(tids)); i++) {
		if (nla_put_u32(skb, ZXPAGER_A_WAITER_TID, tids[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* One dump message; -EMSGSIZE when @skb is full (the dump resumes there). */
#define ZXP_GENL_MSG(skb, cb, cmd, fill)					\
({										\
	void *_hdr = genlmsg_put(skb, NETLINK_CB((cb)->skb).portid,		\
				 (cb)->nlh->nlmsg_seq, &zxp_genl_family,	\
				 NLM_F_MULTI, cmd);				\
	int _ret = -EMSGSIZE;							\
	if (_hdr) {								\
		nl_dump_check_consistent(cb, genlmsg_nlhdr(_hdr));		\
		_ret = (fill);							\
		if (_ret)							\
			genlmsg_cancel(skb, _hdr);				\
		else								\
			genlmsg_end(skb, _hdr);					\
	}									\
	_ret;									\
})

static int zxp_genl_put_pager(struct sk_buff *skb, struct zxp_pager *pager)
{
	struct zxp_page_source *src;
	u32 nr = 0;
	bool closed;

	mutex_lock(&pager->lock);
	list_for_each_entry(src, &pager->sources, pager_node)
		nr++;
	closed = pager->closed;
	mutex_unlock(&pager->lock);
	if (zxp_put_u64(skb, ZXPAGER_A_PAGER_KOID, pager->obj.koid) ||
	    nla_put_u32(skb, ZXPAGER_A_PAGER_PID, pid_vnr(pager->owner)) ||
	    nla_put_string(skb, ZXPAGER_A_PAGER_COMM, pager->comm) ||
	    nla_put_u32(skb, ZXPAGER_A_PAGER_NR_VMOS, nr) ||
	    nla_put_u8(skb, ZXPAGER_A_PAGER_CLOSED, closed))
		return -EMSGSIZE;
	return 0;
}

static int zxp_genl_dump_pagers(struct sk_buff *skb, struct netlink_callback *cb)
{
	bool admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	struct zxp_pager *pager;
	long i = 0;

	mutex_lock(&zxp_all_pagers_lock);
	cb->seq = zxp_all_pagers_gen;
	list_for_each_entry(pager, &zxp_all_pagers, all_node) {
		if (!zxp_pager_visible(pager, admin))
			continue;
		if (i++ < cb->args[0])
			continue;
		if (ZXP_GENL_MSG(skb, cb, ZXPAGER_CMD_GET_PAGER, zxp_genl_put_pager(skb, pager))) {
			i--;
			break;
		}
	}
	mutex_unlock(&zxp_all_pagers_lock);
	cb->args[0] = i;
	return skb->len;
}

static int zxp_genl_put_vmo(struct sk_buff *skb, struct zxp_page_source *src)
{
	u64 not_clean = 0, awaiting = 0;
	struct zxp_vmo *vmo = src->vmo;
	struct zxp_request *req;
	unsigned long idx;
	void *entry;
	u32 nr = 0;

	lockdep_assert_held(&vmo->lock);
	list_for_each_entry(req, &src->requests, node)
		nr++;
	xa_for_each_marked(&vmo->pages, idx, entry, ZXP_MARK_NOT_CLEAN)
		not_clean++;
	xa_for_each_marked(&vmo->pages, idx, entry, ZXP_MARK_AWAITING_CLEAN)
		awaiting++;
	if (zxp_put_u64(skb, ZXPAGER_A_PAGER_KOID, src->pager->obj.koid) ||
	    zxp_put_u64(skb, ZXPAGER_A_VMO_KOID, vmo->obj.koid) ||
	    zxp_put_u64(skb, ZXPAGER_A_VMO_KEY, src->key) ||
	    zxp_put_u64(skb, ZXPAGER_A_VMO_SIZE, vmo->size) ||
	    zxp_put_u64(skb, ZXPAGER_A_VMO_RESIDENT, vmo->nr_pages) ||
	    zxp_put_u64(skb, ZXPAGER_A_VMO_DIRTY, not_clean - awaiting) ||
	    zxp_put_u64(skb, ZXPAGER_A_VMO_AWAITING_CLEAN, awaiting) ||
	    nla_put_u32(skb, ZXPAGER_A_VMO_OPTIONS, vmo->options) ||
	    nla_put_u8(skb, ZXPAGER_A_VMO_DETACHED, src->detached) ||
	    nla_put_u32(skb, ZXPAGER_A_VMO_NR_REQUESTS, nr))
		return -EMSGSIZE;
	return 0;
}

/*
 * VMOs (@requests false) or their requests: the sources' list lock is
 * held, so no source is freed meanwhile (destruction takes that lock).
 */
static int zxp_genl_dump_sources(struct sk_buff *skb, struct netlink_callback *cb,
				 bool requests)
{
	bool admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	struct zxp_page_source *src;
	struct zxp_request *req;
	bool full = false;
	long i = 0;

	mutex_lock(&zxp_all_sources_lock);
	cb->seq = zxp_all_sources_gen;
	list_for_each_entry(src, &zxp_all_sources, all_node) {
		if (!zxp_pager_visible(src->pager, admin))
			continue;
		mutex_lock(&src->vmo->lock);
		if (!requests) {
			if (i++ >= cb->args[0] &&
			    ZXP_GENL_MSG(skb, cb, ZXPAGER_CMD_GET_VMO, zxp_genl_put_vmo(skb, src))) {
				i--;
				full = true;
			}
		} else {
			list_for_each_entry(req, &src->requests, node) {
				if (i++ < cb->args[0])
					continue;
				if (ZXP_GENL_MSG(skb, cb, ZXPAGER_CMD_GET_REQUEST,
						 zxp_genl_put_request(skb, req))) {
					i--;
					full = true;
					break;
				}
			}
		}
		mutex_unlock(&src->vmo->lock);
		if (full)
			break;
	}
	mutex_unlock(&zxp_all_sources_lock);
	cb->args[0] = i;
	return skb->len;
}

static int zxp_genl_dump_vmos(struct sk_buff *skb, struct netlink_callback *cb)
{
	return zxp_genl_dump_sources(skb, cb, false);
}

static int zxp_genl_dump_requests(struct sk_buff *skb, struct netlink_callback *cb)
{
	return zxp_genl_dump_sources(skb, cb, true);
}

static int zxp_genl_get_counters(struct sk_buff *skb, struct genl_info *info)
{
	struct zxp_counters *c = &zxp_counters;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &zxp_genl_family, 0, ZXPAGER_CMD_GET_COUNTERS);
	if (!hdr ||
	    zxp_put_u64(msg, ZXPAGER_A_CNT_REQUESTS, atomic64_read(&c->requests)) ||
	    zxp_put_u64(msg, ZXPAGER_A_CNT_SUCCEEDED, atomic64_read(&c->succeeded)) ||
	    zxp_put_u64(msg, ZXPAGER_A_CNT_FAILED, atomic64_read(&c->failed)) ||
	    zxp_put_u64(msg, ZXPAGER_A_CNT_TIMED_OUT, atomic64_read(&c->timed_out)) ||
	    zxp_put_u64(msg, ZXPAGER_A_CNT_OVERTIME, atomic64_read(&c->overtime)) ||
	    zxp_put_u64(msg, ZXPAGER_A_CNT_PAGES_SUPPLIED, atomic64_read(&c->pages_supplied)) ||
	    zxp_put_u64(msg, ZXPAGER_A_CNT_BYTES_MOVED, atomic64_read(&c->bytes_moved)) ||
	    zxp_put_u64(msg, ZXPAGER_A_CNT_PAGES_EVICTED, atomic64_read(&c->pages_evicted))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* Report @req (overtime or timing out) to the events group, if anyone listens. */
void zxp_genl_request_event(u8 cmd, struct zxp_request *req)
{
	struct sk_buff *msg;
	void *hdr;

	if (!zxp_genl_family.n_mcgrps || !genl_has_listeners(&zxp_genl_family, &init_net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &zxp_genl_family, 0, cmd);
	if (!hdr || zxp_genl_put_request(msg, req)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&zxp_genl_family, msg, 0, 0, GFP_KERNEL);
}

static const struct genl_small_ops zxp_genl_ops[] = {
	{ .cmd = ZXPAGER_CMD_GET_PAGER, .dumpit = zxp_genl_dump_pagers },
	{ .cmd = ZXPAGER_CMD_GET_VMO, .dumpit = zxp_genl_dump_vmos },
	{ .cmd = ZXPAGER_CMD_GET_REQUEST, .dumpit = zxp_genl_dump_requests },
	{ .cmd = ZXPAGER_CMD_GET_COUNTERS, .doit = zxp_genl_get_counters },
};

/* Events name other processes' pagers and tids: administrators only. */
#ifdef GENL_MCAST_CAP_SYS_ADMIN
static const struct genl_multicast_group zxp_genl_mcgrps[] = {
	{ .name = ZXPAGER_GENL_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_SYS_ADMIN },
};
#define ZXP_GENL_NR_MCGRPS	ARRAY_SIZE(zxp_genl_mcgrps)
#else
static const struct genl_multicast_group zxp_genl_mcgrps[1];
#define ZXP_GENL_NR_MCGRPS	0
#endif

static struct genl_family zxp_genl_family __ro_after_init = {
	.name		= ZXPAGER_GENL_NAME,
	.version	= ZXPAGER_GENL_VERSION,
	.maxattr	= ZXPAGER_A_MAX,
	.policy		= zxp_genl_policy,
	.module		= THIS_MODULE,
	.small_ops	= zxp_genl_ops,
	.n_small_ops	= ARRAY_SIZE(zxp_genl_ops),
	/* Strict validation for every command: none predates it. */
	.resv_start_op	= ZXPAGER_CMD_GET_PAGER,
	.mcgrps		= zxp_genl_mcgrps,
	.n_mcgrps	= ZXP_GENL_NR_MCGRPS,
};

int __init zxp_genl_init(void)
{
	return genl_register_family(&zxp_genl_family);
}

void zxp_genl_exit(void)
{
	genl_unregister_family(&zxp_genl_family);
}
