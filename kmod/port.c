// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: Zircon's packet queues.
 *
 * A port is a FIFO of 48-byte packets (struct zxpager_port_packet, the
 * layout of zx_port_packet_t). zx_port_queue adds user packets; the kernel
 * will add page requests. zx_port_wait removes the first packet, sleeping
 * interruptibly until one arrives or an absolute CLOCK_MONOTONIC deadline
 * passes; a signal restarts the call with the same deadline. The fd polls
 * readable while a packet is queued, so a Linux service can put a port in
 * its own epoll loop.
 *
 * Capacity: user packets are bounded per port (port_max_user_packets);
 * past the bound zx_port_queue returns SHOULD_WAIT and queues nothing, so
 * nothing is ever dropped silently. Kernel packets are not bounded: each
 * lives inside the request it describes, so queueing one cannot fail.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "zxpager.h"

/* ZX_PKT_TYPE_USER */
#define ZXP_PKT_TYPE_USER	0
/* zx_port_create's ZX_PORT_BIND_TO_INTERRUPT, which Linux has no use for */
#define ZXP_PORT_BIND_TO_INTERRUPT	1
#define ZXP_DEFAULT_PORT_RIGHTS	(ZXPAGER_RIGHT_TRANSFER | ZXPAGER_RIGHT_READ | \
				 ZXPAGER_RIGHT_WRITE | ZXPAGER_RIGHT_DUPLICATE | \
				 ZXPAGER_RIGHT_INSPECT)

unsigned int zxp_port_max_user_packets = 2048;
module_param_named(port_max_user_packets, zxp_port_max_user_packets, uint, 0644);
MODULE_PARM_DESC(port_max_user_packets,
		 "user packets a port holds before zx_port_queue says SHOULD_WAIT");

static struct zxp_port *to_port(struct zxp_object *obj)
{
	return container_of(obj, struct zxp_port, obj);
}

/*
 * The last handle is gone: nobody can wait on the port any more. Drop every
 * packet, giving kernel packets back to their senders, and take no more.
 * This also breaks the cycle a kernel packet would make: a pager VMO holds
 * its port, and its queued request holds the VMO.
 */
static void zxp_port_last_handle(struct zxp_object *obj)
{
	struct zxp_port *port = to_port(obj);
	struct zxp_port_entry *e, *tmp;
	LIST_HEAD(dropped);

	spin_lock(&port->lock);
	port->closed = true;
	list_splice_init(&port->packets, &dropped);
	port->nr_user = 0;
	list_for_each_entry(e, &dropped, node)
		e->queued = false;
	spin_unlock(&port->lock);
	list_for_each_entry_safe(e, tmp, &dropped, node) {
		list_del(&e->node);
		if (e->user)
			kfree(e);
		else
			e->done(e, false);
	}
}

static void zxp_port_destroy(struct zxp_object *obj)
{
	/* Only possible after zxp_port_last_handle(): the queue is empty. */
	kfree(to_port(obj));
}

void zxp_port_get(struct zxp_port *port)
{
	zxp_object_get(&port->obj);
}

void zxp_port_put(struct zxp_port *port)
{
	zxp_object_put(&port->obj);
}

/*
 * Queue a kernel packet. It never fails for lack of room; it returns false
 * only when the port has no handle left, and then @e is not queued.
 */
bool zxp_port_queue_kernel(struct zxp_port *port, struct zxp_port_entry *e)
{
	bool ok;

	spin_lock(&port->lock);
	ok = !port->closed;
	if (ok) {
		e->user = false;
		e->queued = true;
		list_add_tail(&e->node, &port->packets);
	}
	spin_unlock(&port->lock);
	if (ok)
		wake_up_interruptible(&port->wait);
	return ok;
}

/* Pull a kernel packet back before anyone reads it: true if it was queued. */
bool zxp_port_cancel(struct zxp_port *port, struct zxp_port_entry *e)
{
	bool was;

	spin_lock(&port->lock);
	was = e->queued;
	if (was) {
		list_del(&e->node);
		e->queued = false;
	}
	spin_unlock(&port->lock);
	return was;
}

static struct file *zxp_port_open_file(struct zxp_object *obj, void *h)
{
	return anon_inode_getfile("[zx_port]", &zxp_port_fops, h, O_RDWR);
}

static const struct zxp_object_ops zxp_port_ops = {
	.name = "[zx_port]",
	.fops = &zxp_port_fops,
	.open_file = zxp_port_open_file,
	.last_handle = zxp_port_last_handle,
	.destroy = zxp_port_destroy,
};

static __poll_t zxp_port_poll(struct file *file, poll_table *pt)
{
	struct zxp_handle *h = file->private_data;
	struct zxp_port *port = to_port(h->obj);
	__poll_t mask = 0;

	poll_wait(file, &port->wait, pt);
	spin_lock(&port->lock);
	if (!list_empty(&port->packets))
		mask = EPOLLIN | EPOLLRDNORM;
	spin_unlock(&port->lock);
	return mask;
}

const struct file_operations zxp_port_fops = {
	.owner		= THIS_MODULE,
	.release	= zxp_handle_release,
	.poll		= zxp_port_poll,
	.llseek		= noop_llseek,
	.show_fdinfo	= zxp_handle_show_fdinfo,
};

int zxp_port_create(struct zxp_ucmd *ucmd)
{
	struct zxpager_port_create *cmd = ucmd->cmd;
	struct zxp_port *port;
	int ret;

	if (cmd->options == ZXP_PORT_BIND_TO_INTERRUPT)
		return -EOPNOTSUPP;
	if (cmd->options)
		return -EINVAL;

	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		return -ENOMEM;
	zxp_object_init(&port->obj, ZXPAGER_OBJ_PORT, &zxp_port_ops);
	spin_lock_init(&port->lock);
	INIT_LIST_HEAD(&port->packets);
	init_waitqueue_head(&port->wait);

	ret = zxp_handle_publish(ucmd, sizeof(*cmd), &port->obj, ZXP_DEFAULT_PORT_RIGHTS,
				 &cmd->out_handle);
	/* The handle holds its own reference; drop the creation one. */
	zxp_object_put(&port->obj);
	return ret;
}

int zxp_port_queue(struct zxp_ucmd *ucmd)
{
	struct zxpager_port_queue *cmd = ucmd->cmd;
	struct zxp_port_entry *e;
	struct zxp_handle *h;
	struct zxp_port *port;
	struct file *file;
	int ret = 0;

	if (cmd->__reserved)
		return -EINVAL;
	file = zxp_handle_fget(cmd->handle, ZXPAGER_OBJ_PORT,
			       ZXPAGER_RIGHT_WRITE, &h);
	if (IS_ERR(file))
		return PTR_ERR(file);
	port = to_port(h->obj);

	e = kmalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e) {
		ret = -ENOMEM;
		goto out;
	}
	e->user = true;
	e->packet = cmd->packet;
	e->packet.type = ZXP_PKT_TYPE_USER;

	spin_lock(&port->lock);
	if (port->nr_user >= READ_ONCE(zxp_port_max_user_packets)) {
		spin_unlock(&port->lock);
		kfree(e);
		ret = -EAGAIN;
		goto out;
	}
	port->nr_user++;
	list_add_tail(&e->node, &port->packets);
	spin_unlock(&port->lock);
	wake_up_interruptible(&port->wait);
out:
	fput(file);
	return ret;
}

/* Take the first packet, if any. */
static bool zxp_port_pop(struct zxp_port *port, struct zxpager_port_packet *pkt)
{
	struct zxp_port_entry *e;

	spin_lock(&port->lock);
	e = list_first_entry_or_null(&port->packets, struct zxp_port_entry, node);
	if (e) {
		list_del(&e->node);
		if (e->user)
			port->nr_user--;
		else
			e->queued = false;
		/* Copied under the lock: a kernel packet's owner may change it. */
		*pkt = e->packet;
	}
	spin_unlock(&port->lock);
	if (!e)
		return false;
	if (e->user)
		kfree(e);
	else
		e->done(e, true);
	return true;
}

int zxp_port_wait(struct zxp_ucmd *ucmd)
{
	struct zxpager_port_wait *cmd = ucmd->cmd;
	struct zxp_handle *h;
	struct zxp_port *port;
	struct file *file;
	int ret;

	if (cmd->__reserved)
		return -EINVAL;
	file = zxp_handle_fget(cmd->handle, ZXPAGER_OBJ_PORT,
			       ZXPAGER_RIGHT_READ, &h);
	if (IS_ERR(file))
		return PTR_ERR(file);
	port = to_port(h->obj);

	for (;;) {
		s64 now;

		if (zxp_port_pop(port, &cmd->packet)) {
			ret = zxp_ucmd_respond(ucmd, sizeof(*cmd));
			/*
			 * The packet is gone from the port either way; a
			 * caller that gave an unwritable buffer loses it, as
			 * with read(2) into a bad buffer.
			 */
			break;
		}
		if (cmd->deadline == S64_MAX) {
			ret = wait_event_interruptible(port->wait,
					!list_empty_careful(&port->packets));
		} else {
			now = ktime_get_ns();
			if (now >= cmd->deadline) {
				ret = -ETIMEDOUT;
				break;
			}
			ret = wait_event_interruptible_hrtimeout(port->wait,
					!list_empty_careful(&port->packets),
					ns_to_ktime(cmd->deadline - now));
			if (ret == -ETIME)
				ret = 0;	/* check once more, then time out */
		}
		/* The deadline is absolute: restarting after a signal is exact. */
		if (ret)
			break;
	}
	fput(file);
	return ret;
}
