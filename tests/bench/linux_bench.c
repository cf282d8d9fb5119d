/* linux_bench: Linux system-call and memory microbenchmarks, run in the PV guest and natively; prints "XL-BENCH <op> <median ns> <iterations>". */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *self;

static int64_t now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Time `batches` batches of `per` operations (fn runs one batch) and
 * print the median per-operation time in ns.
 */
static void bench(const char *name, int batches, int per, void (*fn)(int))
{
	double v[256];

	fn(per);                        /* warm up */
	for (int i = 0; i < batches; i++) {
		int64_t t0 = now();

		fn(per);
		v[i] = (double)(now() - t0) / per;
	}
	qsort(v, (size_t)batches, sizeof(v[0]), cmp);
	printf("XL-BENCH %s %.0f %d\n", name, v[batches / 2], batches * per);
	fflush(stdout);
}

static void do_getppid(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getppid);   /* not cached by libc */
}

static void do_clock(int n)
{
	struct timespec t;

	for (int i = 0; i < n; i++)
		clock_gettime(CLOCK_MONOTONIC, &t);
}

static void do_fork(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(0);
		waitpid(p, NULL, 0);
	}
}

static void do_exec(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0) {
			char *av[] = { self, "--exit", NULL };

			execve(self, av, (char *[]){ NULL });
			_exit(1);
		}
		waitpid(p, NULL, 0);
	}
}

/* One batch of page faults: n fresh pages of an anonymous mapping. */
static char *fault_area;
static void do_fault(int n)
{
	for (int i = 0; i < n; i++)
		fault_area[(size_t)i * 4096] = 1;
}

static void fault_batches(int batches, int per)
{
	double v[256];

	for (int b = -1; b < batches; b++) {
		int64_t t0;

		fault_area = mmap(NULL, (size_t)per * 4096, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		t0 = now();
		do_fault(per);
		if (b >= 0)
			v[b] = (double)(now() - t0) / per;
		munmap(fault_area, (size_t)per * 4096);
	}
	qsort(v, (size_t)batches, sizeof(v[0]), cmp);
	printf("XL-BENCH page_fault_4k %.0f %d\n", v[batches / 2], batches * per);
	fflush(stdout);
}

static int to_child[2], to_parent[2];
static void do_pipe(int n)
{
	char c = 'x';

	for (int i = 0; i < n; i++) {
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
			exit(3);
	}
}

int main(int argc, char **argv)
{
	int quick = argc > 1 && !strcmp(argv[1], "--quick");
	int k = quick ? 5 : 21;
	pid_t echo;

	if (argc > 1 && !strcmp(argv[1], "--exit"))
		return 0;
	self = "/proc/self/exe";
	{
		static char path[4096];
		ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

		if (n > 0) {
			path[n] = 0;
			self = path;
		}
	}
	printf("XL-BENCH start %ld cpus\n", sysconf(_SC_NPROCESSORS_ONLN));
	bench("getppid", k, 1000, do_getppid);
	bench("clock_gettime", k, 1000, do_clock);
	bench("fork_exit_wait", k, 10, do_fork);
	bench("fork_execve_wait", k, 4, do_exec);
	fault_batches(k, 256);
	if (pipe(to_child) || pipe(to_parent))
		return 2;
	echo = fork();
	if (echo == 0) {
		char c;

		close(to_child[1]);     /* or its read never sees the end */
		close(to_parent[0]);

		while (read(to_child[0], &c, 1) == 1)
			if (write(to_parent[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	bench("pipe_round_trip", k, 200, do_pipe);
	close(to_child[1]);
	waitpid(echo, NULL, 0);
	printf("XL-BENCH done\n");
	return 0;
}
