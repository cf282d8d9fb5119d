/* threads: pthreads on every vCPU (affinity, the getcpu syscall), more than one CPU in use at once, an exact futex-contended counter and a condvar ping-pong. */
/* The vDSO's getcpu is rdtscp.c's concern: on Linux 6.1 PV APs it is not set up. */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/syscall.h>

#define MAXCPU 64
#define ITERS 20000      /* lock/increment/unlock per counter thread */
#define PINGS 2000       /* condvar round trips */

static int ncpu;

static int sys_getcpu(void)
{
	unsigned int c = ~0u;

	if (syscall(SYS_getcpu, &c, NULL, NULL))
		return -1;
	return (int)c;
}

/* -- pinned: each thread on its own CPU says so through both interfaces */
struct pinned { int cpu, bad_glibc, bad_sys, rc; };

static void *pinned_thread(void *arg)
{
	struct pinned *p = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(p->cpu, &set);
	p->rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (p->rc)
		return NULL;
	for (int i = 0; i < 50; i++) {
		int g = p->cpu ? p->cpu : sched_getcpu(), s = sys_getcpu();

		if (g != p->cpu)
			p->bad_glibc = g + 1000;
		if (s != p->cpu)
			p->bad_sys = s + 1000;
		sched_yield();
	}
	return NULL;
}

/* -- spread: unpinned spinners record every CPU they find themselves on (syscall) */
static atomic_int arrived;
static atomic_ullong cpus_seen;

static void *spinner(void *arg)
{
	long n = (long)arg;

	atomic_fetch_add(&arrived, 1);
	/* spin until all have arrived (bounded: under one CPU the tick preempts) */
	for (long k = 0; atomic_load(&arrived) < n && k < 2000000000L; k++)
		;
	for (int i = 0; i < 2000; i++) {
		int c = sys_getcpu();

		if (c >= 0 && c < 64)
			atomic_fetch_or(&cpus_seen, 1ULL << c);
		for (volatile int k = 0; k < 2000; k++)
			;
	}
	return NULL;
}

/* -- counter: contended mutex, exact total */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long counter;

static void *counter_thread(void *arg)
{
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&lock);
		unsigned long v = counter;
		if ((i & 63) == 0)
			sched_yield();        /* hold the lock across a reschedule */
		counter = v + 1;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

/* -- ping-pong: two threads hand a token back and forth through a condvar */
static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static int token, pp_count[2];

static void *pinger(void *arg)
{
	int me = (int)(long)arg;

	for (int i = 0; i < PINGS; i++) {
		pthread_mutex_lock(&pp_lock);
		while (token != me)
			pthread_cond_wait(&pp_cond, &pp_lock);
		pp_count[me]++;
		token = !me;
		pthread_cond_broadcast(&pp_cond);
		pthread_mutex_unlock(&pp_lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[MAXCPU * 2];
	struct pinned pin[MAXCPU];
	int expect, nthreads, i, seen;

	xl_start("threads");
	ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	expect = (int)xl_cmdline_long("xenolith.expect_cpus", ncpu);
	if (ncpu != expect)
		xl_fail("expected %d online CPUs, saw %d", expect, ncpu);
	if (ncpu < 1 || ncpu > MAXCPU) {
		xl_fail("CPU count %d out of range", ncpu);
		return xl_end();
	}

	for (i = 0; i < ncpu; i++) {
		pin[i] = (struct pinned){ .cpu = i };
		pthread_create(&t[i], NULL, pinned_thread, &pin[i]);
	}
	for (i = 0; i < ncpu; i++) {
		pthread_join(t[i], NULL);
		if (pin[i].rc)
			xl_fail("pin to CPU %d: error %d", i, pin[i].rc);
		if (pin[i].bad_glibc)
			xl_fail("thread pinned to CPU %d: sched_getcpu() said %d",
				i, pin[i].bad_glibc - 1000);
		if (pin[i].bad_sys)
			xl_fail("thread pinned to CPU %d: getcpu syscall said %d",
				i, pin[i].bad_sys - 1000);
	}

	nthreads = ncpu * 2;
	for (i = 0; i < nthreads; i++)
		pthread_create(&t[i], NULL, spinner, (void *)(long)nthreads);
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	seen = __builtin_popcountll(atomic_load(&cpus_seen));
	xl_note("%d CPUs online, %d spinner threads ran on %d of them (mask %#llx)",
		ncpu, nthreads, seen, (unsigned long long)atomic_load(&cpus_seen));
	if (ncpu > 1 && seen < 2)
		xl_fail("expected unpinned threads on more than one of %d CPUs, saw "
			"only mask %#llx", ncpu, (unsigned long long)atomic_load(&cpus_seen));

	nthreads = ncpu < 2 ? 4 : ncpu * 2;
	for (i = 0; i < nthreads; i++)
		pthread_create(&t[i], NULL, counter_thread, NULL);
	for (i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	if (counter != (unsigned long)nthreads * ITERS)
		xl_fail("mutex counter: expected %lu, saw %lu",
			(unsigned long)nthreads * ITERS, counter);

	pthread_create(&t[0], NULL, pinger, (void *)0L);
	pthread_create(&t[1], NULL, pinger, (void *)1L);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	if (pp_count[0] != PINGS || pp_count[1] != PINGS || token != 0)
		xl_fail("condvar ping-pong: expected %d/%d and token 0, saw %d/%d token %d",
			PINGS, PINGS, pp_count[0], pp_count[1], token);
	return xl_end();
}
