// SPDX-License-Identifier: GPL-2.0
/*
 * Handles: Zircon's handles as Linux file descriptors.
 *
 * A handle is an fd whose struct file carries a struct zxp_handle: one
 * reference to the object and the rights of this handle. Duplicating makes
 * a new file (same object, same inode for VMOs so mappings agree) with a
 * subset of the rights; closing the last fd, and unmapping the last mapping,
 * destroys the object. Every fd is created O_CLOEXEC and installed only
 * after its number has reached userspace, so a failing ioctl leaks nothing.
 *
 * A handle value is an fd number; 0 is ZX_HANDLE_INVALID whatever fd 0 is.
 * A lookup refuses, in this order: a dead or foreign fd (EBADF), an object
 * of the wrong type (EPROTOTYPE), missing rights (EACCES).
 */
#include <linux/atomic.h>
#include <linux/file.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "zxpager.h"

atomic_long_t zxp_nr_objects;
atomic_long_t zxp_nr_pages;

/* Koids are never reused while the module is loaded; 0 is invalid. */
static atomic64_t zxp_next_koid = ATOMIC64_INIT(1024);

void zxp_object_init(struct zxp_object *obj, u32 type,
		     const struct zxp_object_ops *ops)
{
	kref_init(&obj->ref);
	obj->koid = atomic64_inc_return(&zxp_next_koid);
	obj->type = type;
	obj->ops = ops;
	atomic_set(&obj->nr_handles, 0);
	atomic_long_inc(&zxp_nr_objects);
}

static void zxp_object_release(struct kref *ref)
{
	struct zxp_object *obj = container_of(ref, struct zxp_object, ref);

	obj->ops->destroy(obj);
	atomic_long_dec(&zxp_nr_objects);
}

void zxp_object_put(struct zxp_object *obj)
{
	kref_put(&obj->ref, zxp_object_release);
}

struct zxp_handle *zxp_file_handle(struct file *file)
{
	if (file->f_op != &zxp_port_fops && file->f_op != &zxp_vmo_fops &&
	    file->f_op != &zxp_pager_fops)
		return NULL;
	return file->private_data;
}

/* Reserve an fd and make the handle's file: the fd, or a negative errno. */
static int zxp_handle_open(struct zxp_object *obj, u32 rights, struct file **filep)
{
	struct zxp_handle *h;
	struct file *file;
	int fd;

	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	h->obj = obj;
	h->rights = rights;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		goto out_free;
	zxp_object_get(obj);
	atomic_inc(&obj->nr_handles);
	file = obj->ops->open_file(obj, h);
	if (IS_ERR(file)) {
		atomic_dec(&obj->nr_handles);
		zxp_object_put(obj);
		put_unused_fd(fd);
		fd = PTR_ERR(file);
		goto out_free;
	}
	*filep = file;
	return fd;

out_free:
	kfree(h);
	return fd;
}

/*
 * Give userspace a new handle to @obj: store its fd in *@out_handle inside
 * the command struct, write the struct back, and only then install the fd,
 * so that a failed write-back leaves no fd behind.
 */
int zxp_handle_publish(struct zxp_ucmd *ucmd, size_t cmd_len, struct zxp_object *obj,
		       u32 rights, u32 *out_handle)
{
	struct file *file;
	int fd, ret;

	fd = zxp_handle_open(obj, rights, &file);
	if (fd < 0)
		return fd;
	*out_handle = fd;
	ret = zxp_ucmd_respond(ucmd, cmd_len);
	if (ret) {
		put_unused_fd(fd);
		fput(file);	/* its release undoes the rest */
		return ret;
	}
	fd_install(fd, file);
	return 0;
}

int zxp_handle_release(struct inode *inode, struct file *file)
{
	struct zxp_handle *h = file->private_data;

	if (atomic_dec_and_test(&h->obj->nr_handles) && h->obj->ops->last_handle)
		h->obj->ops->last_handle(h->obj);
	zxp_object_put(h->obj);
	kfree(h);
	return 0;
}

void zxp_handle_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct zxp_handle *h = file->private_data;

	seq_printf(m, "zx_koid:\t%llu\nzx_type:\t%u\nzx_rights:\t%#x\n",
		   h->obj->koid, h->obj->type, h->rights);
}

/*
 * Look a handle up: returns its file with a reference (fput() it when done)
 * and the handle in *hp. @type 0 accepts any object.
 */
struct file *zxp_handle_fget(u32 hval, u32 type, u32 rights,
			     struct zxp_handle **hp)
{
	struct zxp_handle *h;
	struct file *file;

	if (hval == 0 || hval > INT_MAX)
		return ERR_PTR(-EBADF);
	file = fget(hval);
	if (!file)
		return ERR_PTR(-EBADF);
	h = zxp_file_handle(file);
	if (!h) {
		fput(file);
		return ERR_PTR(-EBADF);
	}
	if (type && h->obj->type != type) {
		fput(file);
		return ERR_PTR(-EPROTOTYPE);
	}
	if ((h->rights & rights) != rights) {
		fput(file);
		return ERR_PTR(-EACCES);
	}
	*hp = h;
	return file;
}

int zxp_handle_duplicate(struct zxp_ucmd *ucmd)
{
	struct zxpager_handle_duplicate *cmd = ucmd->cmd;
	struct file *src;
	struct zxp_handle *h;
	u32 rights;
	int ret;

	if (cmd->__reserved)
		return -EINVAL;
	/* Zircon's replace needs no right: the old handle goes away. */
	src = zxp_handle_fget(cmd->handle, 0,
			      cmd->flags & ZXPAGER_HANDLE_DUPLICATE_FLAG_REPLACE ?
			      0 : ZXPAGER_RIGHT_DUPLICATE, &h);
	if (IS_ERR(src))
		return PTR_ERR(src);
	rights = cmd->rights;
	if (rights == ZXPAGER_RIGHT_SAME_RIGHTS) {
		rights = h->rights;
	} else if (rights & ~h->rights) {
		/* Rights may only shrink. */
		ret = -EINVAL;
		goto out;
	}
	ret = zxp_handle_publish(ucmd, sizeof(*cmd), h->obj, rights, &cmd->out_handle);
out:
	fput(src);
	return ret;
}

int zxp_object_get_info(struct zxp_ucmd *ucmd)
{
	struct zxpager_object_get_info *cmd = ucmd->cmd;
	union {
		struct zxpager_info_handle handle;
		struct zxpager_info_vmo vmo;
	} rec;
	size_t len;
	struct zxp_handle *h;
	struct file *file;
	int ret;

	memset(&rec, 0, sizeof(rec));
	switch (cmd->topic) {
	case ZXPAGER_INFO_HANDLE_BASIC:
		file = zxp_handle_fget(cmd->handle, 0, 0, &h);
		if (IS_ERR(file))
			return PTR_ERR(file);
		rec.handle.koid = h->obj->koid;
		rec.handle.rights = h->rights;
		rec.handle.type = h->obj->type;
		len = sizeof(rec.handle);
		break;
	case ZXPAGER_INFO_VMO:
		file = zxp_handle_fget(cmd->handle, ZXPAGER_OBJ_VMO,
				       ZXPAGER_RIGHT_INSPECT, &h);
		if (IS_ERR(file))
			return PTR_ERR(file);
		zxp_vmo_info(container_of(h->obj, struct zxp_vmo, obj), &rec.vmo);
		rec.vmo.handle_rights = h->rights;
		len = sizeof(rec.vmo);
		break;
	default:
		return -EINVAL;
	}
	fput(file);

	cmd->avail = 1;
	cmd->actual = 0;
	if (cmd->buffer_size < len) {
		ret = zxp_ucmd_respond(ucmd, sizeof(*cmd));
		return ret ?: -ENOBUFS;
	}
	if (copy_to_user(u64_to_user_ptr(cmd->buffer), &rec, len))
		return -EFAULT;
	cmd->actual = 1;
	return zxp_ucmd_respond(ucmd, sizeof(*cmd));
}
