/* rdtscp: on every vCPU, TSC_AUX read by rdtscp (and rdpid where the CPU has it) names the CPU that sched_getcpu, getcpu (vDSO) and the getcpu syscall name. */
#define _GNU_SOURCE
#include "xltest.h"
#include <cpuid.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>

#define MAXCPU 64
#define ROUNDS 200

struct result { int cpu, rc, bad, bad_aux, bad_pid, bad_vdso, bad_sys; unsigned long long tsc_back; };

static int has_rdtscp, has_rdpid;

static unsigned int rdtscp_aux(unsigned long long *tsc)
{
	unsigned int lo, hi, aux;

	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	*tsc = ((unsigned long long)hi << 32) | lo;
	return aux;
}

static unsigned long rdpid(void)
{
	unsigned long v;

	__asm__ volatile(".byte 0xf3, 0x0f, 0xc7, 0xf8" : "=a"(v)); /* rdpid %rax */
	return v;
}

static void *on_cpu(void *arg)
{
	struct result *r = arg;
	cpu_set_t set;
	unsigned long long last = 0;

	CPU_ZERO(&set);
	CPU_SET(r->cpu, &set);
	r->rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (r->rc)
		return NULL;
	for (int i = 0; i < ROUNDS; i++) {
		unsigned int c = ~0u, node = ~0u, sc = ~0u;
		unsigned long long tsc;
		unsigned int aux = has_rdtscp ? rdtscp_aux(&tsc) : 0;

		if (has_rdtscp) {
			/* Linux writes (node << 12) | cpu */
			if (aux != (unsigned int)r->cpu && !r->bad_aux)
				r->bad_aux = (int)aux + 1;
			if (tsc < last)
				r->tsc_back++;
			last = tsc;
		}
		if (has_rdpid && rdpid() != (unsigned long)r->cpu && !r->bad_pid)
			r->bad_pid = (int)rdpid() + 1;
		if (getcpu(&c, &node) || c != (unsigned int)r->cpu)
			r->bad_vdso = (int)c + 1;
		if (syscall(SYS_getcpu, &sc, NULL, NULL) || sc != (unsigned int)r->cpu)
			r->bad_sys = (int)sc + 1;
		if (sched_getcpu() != r->cpu)
			r->bad = sched_getcpu() + 1;
		if ((i & 15) == 0)
			sched_yield();
	}
	return NULL;
}

int main(void)
{
	unsigned int a, b, c, d;
	pthread_t t[MAXCPU];
	struct result r[MAXCPU];
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);

	xl_start("rdtscp");
	if (__get_cpuid(0x80000001, &a, &b, &c, &d))
		has_rdtscp = !!(d & (1u << 27));
	if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
		has_rdpid = !!(c & (1u << 22));
	xl_note("%d CPUs; CPUID: rdtscp %d, rdpid %d", ncpu, has_rdtscp, has_rdpid);
	if (!has_rdtscp)
		xl_note("no rdtscp in CPUID: only getcpu is compared");
	if (ncpu < 1 || ncpu > MAXCPU) {
		xl_fail("CPU count %d out of range", ncpu);
		return xl_end();
	}
	for (int i = 0; i < ncpu; i++) {
		r[i] = (struct result){ .cpu = i };
		pthread_create(&t[i], NULL, on_cpu, &r[i]);
	}
	for (int i = 0; i < ncpu; i++) {
		pthread_join(t[i], NULL);
		if (r[i].rc)
			xl_fail("pin to CPU %d: error %d", i, r[i].rc);
		if (r[i].bad_aux)
			xl_fail("CPU %d: expected rdtscp TSC_AUX %d, saw %#x", i, i, r[i].bad_aux - 1);
		if (r[i].bad_pid)
			xl_fail("CPU %d: expected rdpid %d, saw %#x", i, i, r[i].bad_pid - 1);
		if (r[i].bad_vdso)
			xl_fail("CPU %d: expected getcpu() (vDSO) %d, saw %d", i, i, r[i].bad_vdso - 1);
		if (r[i].bad_sys)
			xl_fail("CPU %d: expected the getcpu syscall to say %d, saw %d", i, i,
				r[i].bad_sys - 1);
		if (r[i].bad)
			xl_fail("CPU %d: expected sched_getcpu() %d, saw %d", i, i, r[i].bad - 1);
		if (r[i].tsc_back)
			xl_fail("CPU %d: the TSC went backwards %llu times on one CPU", i, r[i].tsc_back);
	}
	return xl_end();
}
