/* rdtscp: on every vCPU, TSC_AUX read by rdtscp (and rdpid) is what Linux wrote there, stable, and agrees with the getcpu syscall and the vDSO where Linux set them up. */
/*
 * Linux 6.1 writes TSC_AUX ((node << 12) | cpu) and the GDT's CPUNODE
 * entry in setup_getcpu(), reached from cpu_init_exception_handling(): on
 * the boot CPU (trap_init) and on native APs, but not on Xen PV APs
 * (cpu_bringup calls only cpu_init). There TSC_AUX keeps the vCPU's reset
 * value, 0, as on Xen, and the vDSO's getcpu (LSL of an unset segment
 * when the CPU has no RDPID) returns junk: those are noted, not failed.
 * The hypervisor's part is checked: every vCPU sees its own TSC_AUX (cpu
 * or 0), never another vCPU's or domain's.
 */
#define _GNU_SOURCE
#include "xltest.h"
#include <cpuid.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>

#define MAXCPU 64
#define ROUNDS 200

struct result { int cpu, rc, bad, bad_aux, bad_pid, bad_vdso, bad_sys, unstable; unsigned int first_aux; unsigned long long tsc_back; };

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
			/* Linux writes (node << 12) | cpu, or nothing (0) on PV APs */
			if (aux != (unsigned int)r->cpu && aux != 0 && !r->bad_aux)
				r->bad_aux = (int)aux + 1;
			if (i == 0)
				r->first_aux = aux;
			else if (aux != r->first_aux && !r->unstable)
				r->unstable = (int)aux + 1;
			if (tsc < last)
				r->tsc_back++;
			last = tsc;
		}
		if (has_rdpid && has_rdtscp && rdpid() != aux && !r->bad_pid)
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
			xl_fail("CPU %d: expected rdtscp TSC_AUX %d (or 0 where Linux did not "
				"write it), saw %#x", i, i, r[i].bad_aux - 1);
		if (r[i].unstable)
			xl_fail("CPU %d: TSC_AUX changed from %#x to %#x on one vCPU", i,
				r[i].first_aux, r[i].unstable - 1);
		if (r[i].bad_pid)
			xl_fail("CPU %d: expected rdpid to read TSC_AUX as rdtscp, saw %#x",
				i, r[i].bad_pid - 1);
		if (has_rdtscp)
			xl_note("CPU %d: TSC_AUX %#x", i, r[i].first_aux);
		if (r[i].bad_vdso && (i == 0 || r[i].first_aux == (unsigned int)i))
			xl_fail("CPU %d: expected getcpu() (vDSO) %d, saw %d", i, i, r[i].bad_vdso - 1);
		else if (r[i].bad_vdso)
			xl_note("CPU %d: vDSO getcpu said %d: Linux 6.1 sets no CPUNODE/TSC_AUX on "
				"PV APs", i, r[i].bad_vdso - 1);
		if (r[i].bad_sys)
			xl_fail("CPU %d: expected the getcpu syscall to say %d, saw %d", i, i,
				r[i].bad_sys - 1);
		if (r[i].bad && (i == 0 || r[i].first_aux == (unsigned int)i))
			xl_fail("CPU %d: expected sched_getcpu() %d, saw %d", i, i, r[i].bad - 1);
		if (r[i].tsc_back)
			xl_fail("CPU %d: the TSC went backwards %llu times on one CPU", i, r[i].tsc_back);
	}
	return xl_end();
}
