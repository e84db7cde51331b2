// SPDX-License-Identifier: MIT
/*
 * Handing a handle to another process: on Linux a handle is an fd, so it
 * travels over a unix socket as SCM_RIGHTS, one handle with one byte.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <zircon/syscalls.h>
#include <zxp.h>

zx_status_t zxp_handle_send(int sock, zx_handle_t handle)
{
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	char byte = 'h';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	int fd = (int)handle;
	zx_status_t st;

	/* Only zxpager handles: never some other fd by mistake. */
	st = zx_object_get_info(handle, ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL);
	if (st != ZX_OK)
		return st;
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(fd));
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) != 1)
		return errno == EPIPE ? ZX_ERR_PEER_CLOSED : ZX_ERR_IO;
	return ZX_OK;
}

zx_status_t zxp_handle_recv(int sock, zx_handle_t *out)
{
	union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm;
	ssize_t n;
	int fd;

	if (!out)
		return ZX_ERR_INVALID_ARGS;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return ZX_ERR_PEER_CLOSED;
	if (n < 0)
		return ZX_ERR_IO;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return ZX_ERR_IO;
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	*out = (zx_handle_t)fd;
	return ZX_OK;
}
