/* pipes: many MiB through pipes between processes with odd chunk sizes, checksummed, and a two-way pipe ping-pong. */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>
#include <sys/wait.h>

#define TOTAL (32UL << 20)   /* bytes through the one-way pipe */
#define PINGS 2000

static int write_all(int fd, const unsigned char *b, size_t n)
{
	while (n) {
		ssize_t w = write(fd, b, n);

		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(void)
{
	int p[2], q[2], st;
	unsigned char buf[65536];
	unsigned long long seed = 88172645463325252ULL, rseed = seed;
	size_t got = 0, bad_at = (size_t)-1;
	pid_t child;

	xl_start("pipes");
	if (pipe(p)) {
		xl_fail("pipe: errno %d", errno);
		return xl_end();
	}
	child = fork();
	if (child == 0) {
		size_t sent = 0;

		close(p[0]);
		while (sent < TOTAL) {
			/* odd chunk sizes from 1 byte to 64 KiB */
			size_t n = 1 + xl_rand(&seed) % sizeof(buf);

			if (n > TOTAL - sent)
				n = TOTAL - sent;
			for (size_t i = 0; i < n; i++)
				buf[i] = (unsigned char)((sent + i) * 131 + ((sent + i) >> 13));
			if (write_all(p[1], buf, n))
				_exit(2);
			sent += n;
		}
		_exit(0);
	}
	close(p[1]);
	for (;;) {
		size_t want = 1 + xl_rand(&rseed) % sizeof(buf);
		ssize_t r = read(p[0], buf, want);

		if (r < 0) {
			xl_fail("read: errno %d after %zu bytes", errno, got);
			break;
		}
		if (r == 0)
			break;
		for (ssize_t i = 0; i < r && bad_at == (size_t)-1; i++)
			if (buf[i] != (unsigned char)((got + i) * 131 + ((got + i) >> 13)))
				bad_at = got + i;
		got += (size_t)r;
	}
	close(p[0]);
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st))
		xl_fail("writer: expected exit 0, saw status %#x", st);
	if (got != TOTAL)
		xl_fail("expected %lu bytes, saw %zu", TOTAL, got);
	if (bad_at != (size_t)-1)
		xl_fail("byte %zu of the stream is wrong", bad_at);

	/* ping-pong: a counter goes back and forth PINGS times, +1 each way */
	if (pipe(p) || pipe(q)) {
		xl_fail("pipe: errno %d", errno);
		return xl_end();
	}
	child = fork();
	if (child == 0) {
		unsigned long v;

		for (int i = 0; i < PINGS; i++) {
			if (read(p[0], &v, 8) != 8)
				_exit(2);
			v++;
			if (write(q[1], &v, 8) != 8)
				_exit(3);
		}
		_exit(0);
	}
	{
		unsigned long v = 0;

		for (int i = 0; i < PINGS; i++) {
			v++;
			if (write(p[1], &v, 8) != 8 || read(q[0], &v, 8) != 8) {
				xl_fail("ping-pong: I/O error at round %d, errno %d", i, errno);
				break;
			}
		}
		if (v != 2UL * PINGS)
			xl_fail("ping-pong: expected counter %d, saw %lu", 2 * PINGS, v);
	}
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st))
		xl_fail("ping-pong child: expected exit 0, saw status %#x", st);
	if (!xl_failed)
		xl_note("%lu MiB one way, %d round trips", TOTAL >> 20, PINGS);
	return xl_end();
}
