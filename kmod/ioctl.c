// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl front door: one dispatch table, one generic copy-in path.
 *
 * Each command has an entry giving its struct's kernel size and its minimum
 * size (the end of the command's first version). zxp_ioctl() reads the
 * caller's @size, refuses anything below the minimum, copies the struct in
 * with copy_struct_from_user() (shorter structs are zero-extended; a longer
 * one must have an all-zero tail), refuses flags the entry does not list,
 * and hands the handler a kernel copy.
 * Handlers never touch the user struct; they answer through
 * zxp_ucmd_respond(), which writes back at most the caller's @size bytes of
 * a fully initialised struct. The errno contract is in the uapi header.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/nospec.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>

#include "zxpager.h"

#include "ioctl.h"

int zxp_ucmd_respond(struct zxp_ucmd *ucmd, size_t cmd_len)
{
	if (copy_to_user(ucmd->ubuffer, ucmd->cmd,
			 min_t(size_t, ucmd->user_size, cmd_len)))
		return -EFAULT;
	return 0;
}

static int zxp_api(struct zxp_ucmd *ucmd)
{
	struct zxpager_api *cmd = ucmd->cmd;

	if (cmd->__reserved)
		return -EINVAL;
	cmd->abi_version = ZXPAGER_ABI_VERSION;
	cmd->features = ZXPAGER_FEATURES_ALL;
	cmd->ioctls = zxp_ioctl_mask();
	return zxp_ucmd_respond(ucmd, sizeof(*cmd));
}

/* Every command struct, so the generic path can hold any of them. */
union zxp_ucmd_buffer {
	struct {
		u32 size;
		u32 flags;
	} header;
	struct zxpager_api api;
	struct zxpager_handle_duplicate handle_duplicate;
	struct zxpager_object_get_info object_get_info;
	struct zxpager_port_create port_create;
	struct zxpager_port_queue port_queue;
	struct zxpager_port_wait port_wait;
	struct zxpager_vmo_create vmo_create;
	struct zxpager_vmo_rw vmo_rw;
	struct zxpager_vmo_size vmo_size;
	struct zxpager_vmo_op_range vmo_op_range;
	struct zxpager_pager_create pager_create;
	struct zxpager_pager_create_vmo pager_create_vmo;
	struct zxpager_pager_detach_vmo pager_detach_vmo;
	struct zxpager_pager_supply_pages pager_supply_pages;
	struct zxpager_pager_op_range pager_op_range;
	struct zxpager_pager_query_dirty_ranges pager_query_dirty_ranges;
	struct zxpager_pager_query_vmo_stats pager_query_vmo_stats;
	struct zxpager_vmar_op_range vmar_op_range;
};

#define ZXP_IOCTL_OP(_ioctl, _fn, _struct, _last)                           \
	ZXP_IOCTL_OP_FLAGS(_ioctl, _fn, _struct, _last, 0)

#define ZXP_IOCTL_OP_FLAGS(_ioctl, _fn, _struct, _last, _flags)             \
	[_IOC_NR(_ioctl) - ZXPAGER_CMD_BASE] = {                           \
		.size = sizeof(_struct) +                                   \
			BUILD_BUG_ON_ZERO(sizeof(union zxp_ucmd_buffer) <   \
					  sizeof(_struct)) +                \
			BUILD_BUG_ON_ZERO(sizeof(_struct) % 8),             \
		.min_size = offsetofend(_struct, _last),                    \
		.flags = _flags,                                            \
		.ioctl_num = _ioctl,                                        \
		.execute = _fn,                                             \
	}

static const struct zxp_ioctl_op zxp_ioctl_ops[] = {
	ZXP_IOCTL_OP(ZXPAGER_IOC_API, zxp_api, struct zxpager_api, ioctls),
	ZXP_IOCTL_OP_FLAGS(ZXPAGER_IOC_HANDLE_DUPLICATE, zxp_handle_duplicate,
			   struct zxpager_handle_duplicate, __reserved,
			   ZXPAGER_HANDLE_DUPLICATE_FLAG_REPLACE),
	ZXP_IOCTL_OP(ZXPAGER_IOC_OBJECT_GET_INFO, zxp_object_get_info,
		     struct zxpager_object_get_info, avail),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PORT_CREATE, zxp_port_create,
		     struct zxpager_port_create, out_handle),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PORT_QUEUE, zxp_port_queue,
		     struct zxpager_port_queue, packet),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PORT_WAIT, zxp_port_wait,
		     struct zxpager_port_wait, packet),
	ZXP_IOCTL_OP(ZXPAGER_IOC_VMO_CREATE, zxp_vmo_create,
		     struct zxpager_vmo_create, vmo_size),
	ZXP_IOCTL_OP(ZXPAGER_IOC_VMO_READ, zxp_vmo_read, struct zxpager_vmo_rw, length),
	ZXP_IOCTL_OP(ZXPAGER_IOC_VMO_WRITE, zxp_vmo_write, struct zxpager_vmo_rw, length),
	ZXP_IOCTL_OP(ZXPAGER_IOC_VMO_GET_SIZE, zxp_vmo_get_size,
		     struct zxpager_vmo_size, vmo_size),
	ZXP_IOCTL_OP(ZXPAGER_IOC_VMO_SET_SIZE, zxp_vmo_set_size,
		     struct zxpager_vmo_size, vmo_size),
	ZXP_IOCTL_OP(ZXPAGER_IOC_VMO_OP_RANGE, zxp_vmo_op_range,
		     struct zxpager_vmo_op_range, length),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PAGER_CREATE, zxp_pager_create,
		     struct zxpager_pager_create, out_handle),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PAGER_CREATE_VMO, zxp_pager_create_vmo,
		     struct zxpager_pager_create_vmo, vmo_size),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PAGER_DETACH_VMO, zxp_pager_detach_vmo,
		     struct zxpager_pager_detach_vmo, vmo),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PAGER_SUPPLY_PAGES, zxp_pager_supply_pages,
		     struct zxpager_pager_supply_pages, aux_offset),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PAGER_OP_RANGE, zxp_pager_op_range,
		     struct zxpager_pager_op_range, data),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PAGER_QUERY_DIRTY_RANGES, zxp_pager_query_dirty_ranges,
		     struct zxpager_pager_query_dirty_ranges, out_avail),
	ZXP_IOCTL_OP(ZXPAGER_IOC_PAGER_QUERY_VMO_STATS, zxp_pager_query_vmo_stats,
		     struct zxpager_pager_query_vmo_stats, buffer_size),
	ZXP_IOCTL_OP(ZXPAGER_IOC_VMAR_OP_RANGE, zxp_vmar_op_range,
		     struct zxpager_vmar_op_range, length),
};

VISIBLE_IF_KUNIT const struct zxp_ioctl_op *zxp_ioctl_op(unsigned int cmd)
{
	unsigned int nr = _IOC_NR(cmd);

	if (nr < ZXPAGER_CMD_BASE ||
	    nr - ZXPAGER_CMD_BASE >= ARRAY_SIZE(zxp_ioctl_ops))
		return NULL;
	nr = array_index_nospec(nr - ZXPAGER_CMD_BASE, ARRAY_SIZE(zxp_ioctl_ops));
	/* The whole number must match: type byte, direction and size bits. */
	if (zxp_ioctl_ops[nr].ioctl_num != cmd || !zxp_ioctl_ops[nr].execute)
		return NULL;
	return &zxp_ioctl_ops[nr];
}
EXPORT_SYMBOL_IF_KUNIT(zxp_ioctl_op);

u64 zxp_ioctl_mask(void)
{
	u64 mask = 0;
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(zxp_ioctl_ops) > 64);
	for (i = 0; i < ARRAY_SIZE(zxp_ioctl_ops); i++)
		if (zxp_ioctl_ops[i].execute)
			mask |= BIT_ULL(i);
	return mask;
}
EXPORT_SYMBOL_IF_KUNIT(zxp_ioctl_mask);

long zxp_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	union zxp_ucmd_buffer buf;
	const struct zxp_ioctl_op *op;
	struct zxp_ucmd ucmd = {
		.file = file,
		.ubuffer = (void __user *)arg,
		.cmd = &buf,
	};
	int ret;

	op = zxp_ioctl_op(cmd);
	if (!op)
		return -ENOTTY;
	if (get_user(ucmd.user_size, (u32 __user *)ucmd.ubuffer))
		return -EFAULT;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;
	ret = copy_struct_from_user(&buf, op->size, ucmd.ubuffer,
				    ucmd.user_size);
	if (ret)
		return ret;
	/* Every struct starts with size and flags: unknown flags stop here. */
	if (buf.header.flags & ~op->flags)
		return -EOPNOTSUPP;
	return op->execute(&ucmd);
}
EXPORT_SYMBOL_IF_KUNIT(zxp_ioctl);
