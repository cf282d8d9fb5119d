/* fault_storm: several processes at once touch fresh anonymous memory page by page (zero on first read), write and checksum it, unmap it and do it again. */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define NPROC 4
#define PG 4096UL

/* One process's storm; the exit code says what went wrong (0: nothing). */
static int storm(int id, size_t mib)
{
	size_t len = mib << 20, pages = len / PG;
	unsigned long *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long sum = 0, want = 0;

	if (m == MAP_FAILED)
		return 10;
	for (int round = 0; round < 2; round++) {
		for (size_t pg = 0; pg < pages; pg++) {
			unsigned long *w = m + pg * (PG / 8);

			if (w[0] != 0 || w[PG / 8 - 1] != 0)
				return 11 + round;      /* a fresh page not zero */
			for (size_t k = 0; k < PG / 8; k += 64)
				w[k] = (id * 1000003UL + round) ^ (pg * 4096 + k);
		}
		sum = want = 0;
		for (size_t pg = 0; pg < pages; pg++)
			for (size_t k = 0; k < PG / 8; k += 64) {
				sum += m[pg * (PG / 8) + k] * (k + 1);
				want += ((id * 1000003UL + round) ^ (pg * 4096 + k)) * (k + 1);
			}
		if (sum != want)
			return 13 + round;
		/* drop it and map fresh memory (tinyconfig has no madvise) */
		munmap(m, len);
		m = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return 15;
	}
	munmap(m, len);
	return 0;
}

int main(void)
{
	long mem = xl_cmdline_long("xenolith.expect_mem", 128);
	size_t mib = mem >= 128 ? 8 : 4;
	pid_t pids[NPROC];
	int st;

	xl_start("fault_storm");
	for (int i = 0; i < NPROC; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(storm(i, mib));
		if (pids[i] < 0)
			xl_fail("fork: errno %d", errno);
	}
	for (int i = 0; i < NPROC; i++) {
		if (pids[i] <= 0)
			continue;
		if (waitpid(pids[i], &st, 0) != pids[i] || !WIFEXITED(st))
			xl_fail("storm %d: expected a normal exit, saw status %#x", i, st);
		else if (WEXITSTATUS(st))
			xl_fail("storm %d: expected 0, saw %d (10 mmap, 11/12 fresh page "
				"not zero, 13/14 checksum, 15 second mmap)", i, WEXITSTATUS(st));
	}
	if (!xl_failed)
		xl_note("%d processes x %zu MiB x 2 rounds = %zu page faults", NPROC,
			mib, NPROC * 2 * (mib << 20) / PG);
	return xl_end();
}
