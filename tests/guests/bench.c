/* Benchmark kernel: TSC cycles (median of many) of PV guest transitions. */
#include "rt.h"
#include <xen/version.h>

#define SAMPLES 100000

extern volatile unsigned long trap_count, trap_resume;
void handle_ud(void);

static uint64_t samples[SAMPLES];

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

/* Quickselect: the k-th smallest of a[0..n). */
static uint64_t select_kth(uint64_t *a, long n, long k)
{
	long lo = 0, hi = n - 1;

	while (lo < hi) {
		uint64_t pivot = a[(lo + hi) / 2];
		long i = lo, j = hi;

		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				uint64_t t = a[i];

				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return a[k];
}

static uint64_t median(void)
{
	return select_kth(samples, SAMPLES, SAMPLES / 2);
}

static void row(const char *name, uint64_t cycles, uint64_t base)
{
	rt_printf("bench: %-34s %8lu cycles  %6lu.%lux\n", name, cycles,
		  cycles / base, cycles * 10 / base % 10);
}

static struct trap_info table[] = {
	{ 6, 0, 0xe033, (unsigned long)handle_ud }, { 0, 0, 0, 0 },
};

void test_main(void)
{
	uint64_t t0, base;

	/* Baseline: the cost of reading the TSC around nothing. */
	for (long i = 0; i < SAMPLES; i++) {
		t0 = tsc();
		samples[i] = tsc() - t0;
	}
	base = median() ? median() : 1;
	rt_printf("bench: %-34s %8s %8s\n", "operation (median of 100000)",
		  "TSC", "x empty");
	row("empty (rdtsc pair)", base, base);

	for (long i = 0; i < SAMPLES; i++) {
		t0 = tsc();
		HYPERCALL2(__HYPERVISOR_xen_version, 0, 0);
		samples[i] = tsc() - t0;
	}
	row("null hypercall (xen_version 0)", median(), base);

	HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0);
	for (long i = 0; i < SAMPLES; i++) {
		t0 = tsc();
		asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
			     "ud2; 2:" ::: "rax", "rcx", "r11", "memory");
		samples[i] = tsc() - t0;
	}
	row("exception bounce + iret (#UD)", median(), base);
	rt_check(trap_count == SAMPLES, "%lu bounces, expected %d", trap_count,
		 SAMPLES);
}
