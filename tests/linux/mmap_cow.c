/* mmap_cow: mmap/munmap/mprotect faults with their addresses, copy-on-write after fork, shared anonymous and tmpfs file mappings, mremap. */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGES 256
#define PG 4096UL

static siginfo_t fault_info;
static sigjmp_buf fault_jmp;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	fault_info = *si;
	siglongjmp(fault_jmp, 1);
}

/* Access *p (write when wr); expect SIGSEGV at p with code. */
static void expect_segv(const char *what, volatile unsigned char *p, int wr, int code)
{
	memset(&fault_info, 0, sizeof(fault_info));
	if (sigsetjmp(fault_jmp, 1) == 0) {
		if (wr)
			*p = 0x5a;
		else
			(void)*p;
		xl_fail("%s: expected SIGSEGV at %p, the access succeeded", what, (void *)p);
		return;
	}
	if (fault_info.si_addr != (void *)p || fault_info.si_code != code)
		xl_fail("%s: expected SIGSEGV at %p code %d, saw %p code %d", what,
			(void *)p, code, fault_info.si_addr, fault_info.si_code);
}

static void fill(unsigned long *a, size_t words, unsigned long seed)
{
	for (size_t i = 0; i < words; i++)
		a[i] = seed ^ (i * 0x9e3779b97f4a7c15UL);
}

/* The index of the first word that differs from the pattern, or -1. */
static long check(const unsigned long *a, size_t words, unsigned long seed)
{
	for (size_t i = 0; i < words; i++)
		if (a[i] != (seed ^ (i * 0x9e3779b97f4a7c15UL)))
			return (long)i;
	return -1;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	size_t len = PAGES * PG, words = len / 8;
	int sync1[2], sync2[2], st, fd;
	unsigned long *priv, *shared;
	unsigned char *p;
	char c;
	long bad;
	pid_t child;

	xl_start("mmap_cow");
	sigaction(SIGSEGV, &sa, NULL);

	priv = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (priv == MAP_FAILED || shared == MAP_FAILED) {
		xl_fail("mmap of %zu bytes: errno %d", len, errno);
		return xl_end();
	}
	fill(priv, words, 1);
	fill(shared, words, 2);

	/* copy-on-write: each side writes its private copy, sees only its own */
	if (pipe(sync1) || pipe(sync2)) {
		xl_fail("pipe: errno %d", errno);
		return xl_end();
	}
	child = fork();
	if (child == 0) {
		int rc = 0;

		if (check(priv, words, 1) >= 0)
			rc |= 1;             /* inherited data wrong */
		fill(priv, words, 3);        /* child's own copy */
		fill(shared, words, 4);      /* visible to the parent */
		write(sync1[1], "x", 1);
		read(sync2[0], &c, 1);       /* parent has written its copy */
		if (check(priv, words, 3) >= 0)
			rc |= 2;             /* parent's write leaked in */
		if (check(shared, words, 5) >= 0)
			rc |= 4;             /* parent's shared write not seen */
		_exit(rc);
	}
	read(sync1[0], &c, 1);
	if ((bad = check(priv, words, 1)) >= 0)
		xl_fail("COW: parent's private word %ld changed by the child's write", bad);
	if ((bad = check(shared, words, 4)) >= 0)
		xl_fail("MAP_SHARED: the child's write not seen by the parent at word %ld", bad);
	fill(priv, words, 6);
	fill(shared, words, 5);
	write(sync2[1], "y", 1);
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st))
		xl_fail("COW child: expected exit 0, saw status %#x (1 inherited data, "
			"2 parent's private write seen, 4 shared write missed)", st);
	if ((bad = check(priv, words, 6)) >= 0)
		xl_fail("COW: parent's own write lost at word %ld", bad);

	/* mprotect: read-only faults on write, reads still work, RW restores */
	p = (unsigned char *)priv;
	if (mprotect(p + 8 * PG, 4 * PG, PROT_READ))
		xl_fail("mprotect PROT_READ: errno %d", errno);
	expect_segv("write to PROT_READ page", p + 9 * PG + 123, 1, SEGV_ACCERR);
	if ((bad = check(priv, words, 6)) >= 0)
		xl_fail("read of a PROT_READ page: word %ld wrong", bad);
	if (mprotect(p + 8 * PG, 4 * PG, PROT_NONE))
		xl_fail("mprotect PROT_NONE: errno %d", errno);
	expect_segv("read of PROT_NONE page", p + 10 * PG, 0, SEGV_ACCERR);
	if (mprotect(p + 8 * PG, 4 * PG, PROT_READ | PROT_WRITE))
		xl_fail("mprotect RW: errno %d", errno);
	p[9 * PG + 123] = 0x77;
	if (p[9 * PG + 123] != 0x77)
		xl_fail("write after mprotect RW: expected 0x77, saw %#x", p[9 * PG + 123]);

	/* munmap: the hole faults, its neighbours keep their data */
	fill(priv, words, 7);
	if (munmap(p + 16 * PG, 2 * PG))
		xl_fail("munmap: errno %d", errno);
	expect_segv("read of munmap'd page", p + 16 * PG + 8, 0, SEGV_MAPERR);
	expect_segv("write of munmap'd page", p + 17 * PG + 4000, 1, SEGV_MAPERR);
	if (priv[15 * PG / 8] != (7 ^ (15 * PG / 8 * 0x9e3779b97f4a7c15UL)) ||
	    priv[18 * PG / 8] != (7 ^ (18 * PG / 8 * 0x9e3779b97f4a7c15UL)))
		xl_fail("pages beside the munmap'd hole lost their data");

	/* tmpfs file: write(2) then mmap sees it; a MAP_SHARED store reaches read(2) */
	fd = open("/tmp/xl-mmap", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, shared, len) != (ssize_t)len) {
		xl_fail("tmpfs file: errno %d", errno);
	} else {
		unsigned long *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		unsigned long v = 0;

		if (m == MAP_FAILED) {
			xl_fail("mmap of tmpfs file: errno %d", errno);
		} else {
			if ((bad = check(m, words, 5)) >= 0)
				xl_fail("tmpfs mapping: word %ld differs from what was written", bad);
			m[1000] = 0x1234567890abcdefUL;
			pread(fd, &v, 8, 8000);
			if (v != 0x1234567890abcdefUL)
				xl_fail("MAP_SHARED store not seen by pread: saw %#lx", v);
			munmap(m, len);
		}
		close(fd);
		unlink("/tmp/xl-mmap");
	}

	/* mremap: growing keeps the data */
	{
		unsigned long *g = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		fill(g, 16 * PG / 8, 9);
		g = mremap(g, 16 * PG, 1024 * PG, MREMAP_MAYMOVE);
		if (g == MAP_FAILED)
			xl_fail("mremap: errno %d", errno);
		else if ((bad = check(g, 16 * PG / 8, 9)) >= 0)
			xl_fail("mremap: word %ld lost", bad);
		else
			g[1024 * PG / 8 - 1] = 1;  /* the new tail is usable */
	}
	return xl_end();
}
