// SPDX-License-Identifier: MIT
/*
 * Status codes: the one table from the module's errnos to zx_status_t, and
 * zx_status_get_string.
 */
#include <errno.h>
#include <stddef.h>

#include <zircon/status.h>
#include <zxp.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The errno contract of <linux/zxpager.h>, read backwards. A size or flag
 * the module does not know means the caller is newer than the module:
 * NOT_SUPPORTED, as Zircon says for an option it lacks.
 */
static const struct {
	int err;
	zx_status_t status;
} errno_table[] = {
	{ ENOTTY, ZX_ERR_NOT_SUPPORTED },
	{ EOPNOTSUPP, ZX_ERR_NOT_SUPPORTED },
	{ E2BIG, ZX_ERR_NOT_SUPPORTED },
	{ ENODEV, ZX_ERR_NOT_SUPPORTED },	/* module not loaded */
	{ EINVAL, ZX_ERR_INVALID_ARGS },
	{ EFAULT, ZX_ERR_INVALID_ARGS },
	{ ERANGE, ZX_ERR_OUT_OF_RANGE },
	{ EOVERFLOW, ZX_ERR_OUT_OF_RANGE },
	{ EBADF, ZX_ERR_BAD_HANDLE },
	{ EPROTOTYPE, ZX_ERR_WRONG_TYPE },
	{ EACCES, ZX_ERR_ACCESS_DENIED },
	{ EPERM, ZX_ERR_ACCESS_DENIED },	/* mmap/mprotect refusals */
	{ ENOMEM, ZX_ERR_NO_MEMORY },
	{ EMFILE, ZX_ERR_NO_RESOURCES },	/* no fd left for a new handle */
	{ ENFILE, ZX_ERR_NO_RESOURCES },
	{ EBUSY, ZX_ERR_UNAVAILABLE },
	{ EAGAIN, ZX_ERR_SHOULD_WAIT },
	{ ETIMEDOUT, ZX_ERR_TIMED_OUT },
	{ EBADFD, ZX_ERR_BAD_STATE },
	{ ENOBUFS, ZX_ERR_BUFFER_TOO_SMALL },
	{ ENOENT, ZX_ERR_NOT_FOUND },
	{ EIO, ZX_ERR_IO },
	{ EBADMSG, ZX_ERR_IO_DATA_INTEGRITY },
	{ ENOSPC, ZX_ERR_NO_SPACE },
	{ EEXIST, ZX_ERR_ALREADY_EXISTS },	/* a fixed mapping overlaps */
	{ ECANCELED, ZX_ERR_CANCELED },
};

zx_status_t zxp_status_from_errno(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errno_table); i++)
		if (errno_table[i].err == err)
			return errno_table[i].status;
	return ZX_ERR_INTERNAL;
}

static const struct {
	zx_status_t status;
	const char *name;
} status_names[] = {
	{ ZX_OK, "ZX_OK" },
	{ ZX_ERR_INTERNAL, "ZX_ERR_INTERNAL" },
	{ ZX_ERR_NOT_SUPPORTED, "ZX_ERR_NOT_SUPPORTED" },
	{ ZX_ERR_NO_RESOURCES, "ZX_ERR_NO_RESOURCES" },
	{ ZX_ERR_NO_MEMORY, "ZX_ERR_NO_MEMORY" },
	{ ZX_ERR_INTERNAL_INTR_RETRY, "ZX_ERR_INTERNAL_INTR_RETRY" },
	{ ZX_ERR_INVALID_ARGS, "ZX_ERR_INVALID_ARGS" },
	{ ZX_ERR_BAD_HANDLE, "ZX_ERR_BAD_HANDLE" },
	{ ZX_ERR_WRONG_TYPE, "ZX_ERR_WRONG_TYPE" },
	{ ZX_ERR_BAD_SYSCALL, "ZX_ERR_BAD_SYSCALL" },
	{ ZX_ERR_OUT_OF_RANGE, "ZX_ERR_OUT_OF_RANGE" },
	{ ZX_ERR_BUFFER_TOO_SMALL, "ZX_ERR_BUFFER_TOO_SMALL" },
	{ ZX_ERR_BAD_STATE, "ZX_ERR_BAD_STATE" },
	{ ZX_ERR_TIMED_OUT, "ZX_ERR_TIMED_OUT" },
	{ ZX_ERR_SHOULD_WAIT, "ZX_ERR_SHOULD_WAIT" },
	{ ZX_ERR_CANCELED, "ZX_ERR_CANCELED" },
	{ ZX_ERR_PEER_CLOSED, "ZX_ERR_PEER_CLOSED" },
	{ ZX_ERR_NOT_FOUND, "ZX_ERR_NOT_FOUND" },
	{ ZX_ERR_ALREADY_EXISTS, "ZX_ERR_ALREADY_EXISTS" },
	{ ZX_ERR_ALREADY_BOUND, "ZX_ERR_ALREADY_BOUND" },
	{ ZX_ERR_UNAVAILABLE, "ZX_ERR_UNAVAILABLE" },
	{ ZX_ERR_ACCESS_DENIED, "ZX_ERR_ACCESS_DENIED" },
	{ ZX_ERR_IO, "ZX_ERR_IO" },
	{ ZX_ERR_IO_REFUSED, "ZX_ERR_IO_REFUSED" },
	{ ZX_ERR_IO_DATA_INTEGRITY, "ZX_ERR_IO_DATA_INTEGRITY" },
	{ ZX_ERR_IO_DATA_LOSS, "ZX_ERR_IO_DATA_LOSS" },
	{ ZX_ERR_IO_NOT_PRESENT, "ZX_ERR_IO_NOT_PRESENT" },
	{ ZX_ERR_IO_OVERRUN, "ZX_ERR_IO_OVERRUN" },
	{ ZX_ERR_IO_MISSED_DEADLINE, "ZX_ERR_IO_MISSED_DEADLINE" },
	{ ZX_ERR_IO_INVALID, "ZX_ERR_IO_INVALID" },
	{ ZX_ERR_BAD_PATH, "ZX_ERR_BAD_PATH" },
	{ ZX_ERR_NOT_DIR, "ZX_ERR_NOT_DIR" },
	{ ZX_ERR_NOT_FILE, "ZX_ERR_NOT_FILE" },
	{ ZX_ERR_FILE_BIG, "ZX_ERR_FILE_BIG" },
	{ ZX_ERR_NO_SPACE, "ZX_ERR_NO_SPACE" },
	{ ZX_ERR_NOT_EMPTY, "ZX_ERR_NOT_EMPTY" },
	{ ZX_ERR_STOP, "ZX_ERR_STOP" },
	{ ZX_ERR_NEXT, "ZX_ERR_NEXT" },
	{ ZX_ERR_ASYNC, "ZX_ERR_ASYNC" },
	{ ZX_ERR_PROTOCOL_NOT_SUPPORTED, "ZX_ERR_PROTOCOL_NOT_SUPPORTED" },
	{ ZX_ERR_ADDRESS_UNREACHABLE, "ZX_ERR_ADDRESS_UNREACHABLE" },
	{ ZX_ERR_ADDRESS_IN_USE, "ZX_ERR_ADDRESS_IN_USE" },
	{ ZX_ERR_NOT_CONNECTED, "ZX_ERR_NOT_CONNECTED" },
	{ ZX_ERR_CONNECTION_REFUSED, "ZX_ERR_CONNECTION_REFUSED" },
	{ ZX_ERR_CONNECTION_RESET, "ZX_ERR_CONNECTION_RESET" },
	{ ZX_ERR_CONNECTION_ABORTED, "ZX_ERR_CONNECTION_ABORTED" },
	{ ZX_ERR_INTERNAL_INTR_KILLED, "ZX_ERR_INTERNAL_INTR_KILLED" },
};

const char *zx_status_get_string(zx_status_t status)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(status_names); i++)
		if (status_names[i].status == status)
			return status_names[i].name;
	return "(UNKNOWN)";
}
