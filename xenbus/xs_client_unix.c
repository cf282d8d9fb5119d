/* xenstore client over the daemon's Unix socket (host only). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "xenstore.h"

#define XS_DEFAULT_SOCKET "/run/xenstored/socket"

static int sock_write(void *priv, const void *buf, unsigned int len)
{
	int fd = (int)(long)priv;

	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf = (const char *)buf + n;
		len -= (unsigned int)n;
	}
	return 0;
}

static int sock_read(void *priv, void *buf, unsigned int len, int timeout_ms)
{
	int fd = (int)(long)priv;
	struct pollfd p = { fd, POLLIN, 0 };

	for (;;) {
		int r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return 0;
		ssize_t n = read(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		return n == 0 ? -ECONNRESET : (int)n;
	}
}

static void sock_close(void *priv)
{
	close((int)(long)priv);
}

/* The socket named by $XENSTORED_PATH, else Xen's default path. */
struct xs_handle *xs_open(unsigned long flags)
{
	const char *path = getenv("XENSTORED_PATH");
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct xs_transport t = { sock_write, sock_read, sock_close, -1 };
	struct xs_handle *h;
	int fd, saved;

	if (!path || !*path)
		path = XS_DEFAULT_SOCKET;
	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return NULL;
	}
	t.fd = fd;
	h = xs_open_transport(&t, (void *)(long)fd);
	if (!h)
		close(fd);
	return h;
}
