/* xenstored for the host: the store served on a Unix socket (dom0's rights). */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "xs_store.h"

#define MAX_CLIENTS 1024

struct client {
	int fd;
	struct xs_conn *conn;
	char in[4096];               /* read but not yet taken by the conn */
	unsigned int in_len;
	char out[8192];              /* taken from the conn, not yet sent */
	unsigned int out_len, out_off;
};

static volatile sig_atomic_t stop;
static struct client *clients[MAX_CLIENTS];
static unsigned int nclients;

static void on_signal(int sig)
{
	stop = 1;
}

static void log_stderr(void *opaque, const char *msg)
{
	fprintf(stderr, "xenstored: %s\n", msg);
}

static int listen_on(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char dir[sizeof(addr.sun_path)];
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "xenstored: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(addr.sun_path, path);
	strcpy(dir, path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		mkdir(dir, 0755);  /* like /run/xenstored; fine if it exists */
	}
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    chmod(path, 0600) < 0 || listen(fd, 64) < 0) {
		fprintf(stderr, "xenstored: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void drop(unsigned int i)
{
	close(clients[i]->fd);
	xs_conn_free(clients[i]->conn);
	free(clients[i]);
	clients[i] = clients[--nclients];
}

static void accept_client(struct xs_store *s, int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	struct client *c;

	if (fd < 0)
		return;
	c = calloc(1, sizeof(*c));
	if (nclients == MAX_CLIENTS || !c || !(c->conn = xs_conn_new(s, 0))) {
		free(c);
		close(fd);
		return;
	}
	c->fd = fd;
	clients[nclients++] = c;
}

/* Hands buffered input to the store; false if the client must go. */
static int feed(struct client *c)
{
	int used = xs_conn_feed(c->conn, c->in, c->in_len);

	if (used < 0)
		return 0;
	memmove(c->in, c->in + used, c->in_len - (unsigned int)used);
	c->in_len -= (unsigned int)used;
	return 1;
}

/*
 * Sends what the client can take without blocking: the daemon never waits
 * on one client. Returns 0 if the connection failed.
 */
static int flush(struct client *c)
{
	for (;;) {
		if (c->out_off == c->out_len) {
			c->out_off = 0;
			c->out_len = xs_conn_drain(c->conn, c->out,
						   sizeof(c->out));
			if (!c->out_len)
				return 1;
		}
		ssize_t n = send(c->fd, c->out + c->out_off,
				 c->out_len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 1;
		if (n <= 0)
			return 0;
		c->out_off += (unsigned int)n;
	}
}

static int backlogged(const struct client *c)
{
	return c->out_off < c->out_len || xs_conn_has_output(c->conn);
}

/* Reads, handles and answers what it can; 0 if the client must go. */
static int service(struct client *c, short revents)
{
	if (revents & POLLIN) {
		ssize_t n = read(c->fd, c->in + c->in_len,
				 sizeof(c->in) - c->in_len);
		if (n <= 0 && !(n < 0 && errno == EINTR))
			return 0;
		if (n > 0)
			c->in_len += (unsigned int)n;
	}
	if (revents & (POLLERR | POLLHUP) && !(revents & POLLIN))
		return 0;
	if (!flush(c))
		return 0;
	/* New requests only once earlier answers are on their way. */
	while (c->in_len && !backlogged(c)) {
		unsigned int before = c->in_len;
		if (!feed(c) || !flush(c))
			return 0;
		if (c->in_len == before)
			break;  /* a partial message: wait for the rest */
	}
	return !c->conn->dead;
}

static void usage(const char *prog, int status)
{
	fprintf(status ? stderr : stdout,
		"Usage: %s [--socket PATH] [--verbose] [--help]\n"
		"  --socket PATH  listen on PATH (default /run/xenstored/socket)\n"
		"  --verbose      log every request to stderr\n", prog);
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = "/run/xenstored/socket";
	struct pollfd pfd[MAX_CLIENTS + 1];
	struct xs_store s;
	int c, lfd, verbose = 0;

	while ((c = getopt_long(argc, argv, "s:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 's': path = optarg; break;
		case 'V': verbose = 1; break;
		case 'h': usage(argv[0], 0); break;
		default: usage(argv[0], 1);
		}
	}
	if (xs_store_init(&s) < 0)
		return 1;
	s.log = log_stderr;
	s.log_on = verbose;
	lfd = listen_on(path);
	if (lfd < 0)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	while (!stop) {
		pfd[0] = (struct pollfd){ lfd, POLLIN, 0 };
		for (unsigned int i = 0; i < nclients; i++) {
			struct client *cl = clients[i];
			short ev = cl->in_len < sizeof(cl->in) &&
				   !backlogged(cl) ? POLLIN : 0;
			if (backlogged(cl))
				ev |= POLLOUT;  /* also: another client's watch */
			pfd[i + 1] = (struct pollfd){ cl->fd, ev, 0 };
		}
		if (poll(pfd, nclients + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		unsigned int n = nclients;
		for (unsigned int i = n; i-- > 0;) {
			if (pfd[i + 1].revents &&
			    !service(clients[i], pfd[i + 1].revents))
				drop(i);
		}
		if (pfd[0].revents & POLLIN)
			accept_client(&s, lfd);
	}
	while (nclients)
		drop(nclients - 1);
	close(lfd);
	unlink(path);
	xs_store_free(&s);
	return 0;
}
