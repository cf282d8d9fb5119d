/*
 * xenstore benchmark: READ and WRITE round trips per second through the
 * host daemon's Unix socket (1 and 8 concurrent clients) and through the
 * ring transport to an in-process store. Prints figures, asserts nothing.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "xenstore.h"
#include "xs_store.h"

#define RUN_SECONDS 0.5
#define CLIENTS 8

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Round trips per second of READ (do_write=0) or WRITE (1) on h. */
static double rate(struct xs_handle *h, const char *path, int do_write)
{
	double start = now(), t;
	unsigned long n = 0;

	do {
		for (int i = 0; i < 200; i++, n++) {
			if (do_write) {
				if (!xs_write(h, XBT_NULL, path, "value", 5))
					return -1;
			} else {
				char *v = xs_read(h, XBT_NULL, path, NULL);
				if (!v)
					return -1;
				free(v);
			}
		}
		t = now() - start;
	} while (t < RUN_SECONDS);
	return n / t;
}

/* Aggregate rate of `clients` processes, each on its own connection,
 * released together once all have connected. */
static double socket_rate(int clients, int do_write)
{
	int ready[2], go[2], res[2];
	pid_t kids[CLIENTS];
	double total = 0, r;
	char c = 0;

	if (pipe(ready) || pipe(go) || pipe(res))
		return -1;
	for (int k = 0; k < clients; k++) {
		if ((kids[k] = fork()) == 0) {
			char path[32];
			struct xs_handle *h = xs_open(0);
			snprintf(path, sizeof(path), "/bench/%d", k);
			r = h && xs_write(h, XBT_NULL, path, "value", 5) ? 0 : -1;
			close(go[1]);
			if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) < 0)
				_exit(1);
			if (r == 0)
				r = rate(h, path, do_write);
			_exit(write(res[1], &r, sizeof(r)) != sizeof(r));
		}
	}
	close(ready[1]);
	close(go[0]);
	close(res[1]);
	for (int k = 0; k < clients; k++)
		if (read(ready[0], &c, 1) != 1)
			total = -1;
	close(go[1]);  /* everyone starts */
	for (int k = 0; k < clients; k++) {
		if (read(res[0], &r, sizeof(r)) != sizeof(r) || r < 0)
			total = -1;
		else if (total >= 0)
			total += r;
	}
	close(ready[0]);
	close(res[0]);
	for (int k = 0; k < clients; k++)
		waitpid(kids[k], NULL, 0);
	return total;
}

static pid_t start_daemon(const char *sock)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execl(HOST_BIN_DIR "/xenstored", "xenstored", "--socket", sock,
		      (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {  /* up to 5 s */
		struct xs_handle *h = xs_open(0);
		if (h) {
			xs_close(h);
			return pid;
		}
		usleep(10000);
	}
	kill(pid, SIGKILL);
	return -1;
}

static void row(const char *what, int clients, double rd, double wr)
{
	printf("%-22s %7d %12.0f %12.0f\n", what, clients, rd, wr);
}

int main(void)
{
	char dir[] = "/tmp/xenstore-bench.XXXXXX", sock[64];
	double s1r, s1w, s8r, s8w, rr, rw;
	struct xs_store store;
	struct xs_handle *h;
	pid_t pid;

	if (!mkdtemp(dir))
		return 1;
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	setenv("XENSTORED_PATH", sock, 1);
	pid = start_daemon(sock);
	if (pid < 0) {
		fprintf(stderr, "xenstore_bench: xenstored did not start\n");
		rmdir(dir);
		return 1;
	}
	s1r = socket_rate(1, 0);
	s1w = socket_rate(1, 1);
	s8r = socket_rate(CLIENTS, 0);
	s8w = socket_rate(CLIENTS, 1);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	rmdir(dir);

	if (xs_store_init(&store) < 0 || !(h = xs_open_store_ring(&store, 0)))
		return 1;
	xs_write(h, XBT_NULL, "/bench/ring", "value", 5);
	rr = rate(h, "/bench/ring", 0);
	rw = rate(h, "/bench/ring", 1);
	xs_close(h);
	xs_store_free(&store);

	printf("xenstore round trips per second (%.1f s per figure)\n",
	       RUN_SECONDS);
	printf("%-22s %7s %12s %12s\n", "transport", "clients", "READ/s",
	       "WRITE/s");
	row("unix socket", 1, s1r, s1w);
	row("unix socket", CLIENTS, s8r, s8w);
	row("ring, in-process", 1, rr, rw);
	printf("ratios: %d clients / 1 client: READ %.2fx WRITE %.2fx; "
	       "ring / socket: READ %.2fx WRITE %.2fx\n", CLIENTS, s8r / s1r,
	       s8w / s1w, rr / s1r, rw / s1w);
	return s1r < 0 || s1w < 0 || s8r < 0 || s8w < 0 || rr < 0 || rw < 0;
}
