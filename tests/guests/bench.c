/* Benchmark kernel: TSC cycles (median of many) of PV guest transitions. */
#include "rt_mm.h"
#include <xen/callback.h>
#include <xen/version.h>

#define SAMPLES 100000

extern volatile unsigned long trap_count, trap_resume;
void handle_ud(void);
void bench_user(uint64_t *samples, long n, unsigned long user_rsp);
void bench_syscall_entry(void);

static uint8_t user_stack[4096] __attribute__((aligned(16)));
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));

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

	/* One L1 entry: a scratch VA past the kernel, two frames in turn. */
	unsigned long va = rt_va_of(rt_region_pages() - 1);
	unsigned long f[2] = { rt_mfn(rt_start_info->nr_pages - 1),
			       rt_mfn(rt_start_info->nr_pages - 2) };
	uint64_t old, ptr = rt_l1e_maddr(va, &old);

	for (long i = 0; i < SAMPLES; i++) {
		struct mmu_update u = { ptr, (f[i & 1] << 12) | 3 };

		t0 = tsc();
		rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			     DOMID_SELF, 0);
		samples[i] = tsc() - t0;
	}
	row("mmu_update (one L1 entry)", median(), base);
	for (long i = 0; i < SAMPLES; i++) {
		t0 = tsc();
		rt_uvm(va, (f[i & 1] << 12) | 3, UVMF_INVLPG | UVMF_LOCAL);
		samples[i] = tsc() - t0;
	}
	row("update_va_mapping (+ invlpg)", median(), base);
	rt_expect(rt_uvm(va, old, UVMF_INVLPG | UVMF_LOCAL), 0);

	/* Guest user syscall bounced to the guest kernel and back (iret),
	 * on its own user L4: two L4 switches per round trip. */
	unsigned long F = rt_start_info->nr_pages - 3;
	uint64_t *kl4 = (uint64_t *)rt_start_info->pt_base;
	struct callback_register cb = { CALLBACKTYPE_syscall, CALLBACKF_mask_events,
					(unsigned long)bench_syscall_entry };

	rt_expect(rt_uvm(va, (rt_mfn(F) << 12) | 3, UVMF_INVLPG | UVMF_LOCAL), 0);
	for (int i = 0; i < 512; i++)
		((uint64_t *)va)[i] = i == 511 ? kl4[511] : 0;
	rt_expect(rt_uvm(va, old, UVMF_INVLPG | UVMF_LOCAL), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L4_TABLE, rt_mfn(F), 0), 0);
	rt_expect(rt_mmuext(MMUEXT_NEW_USER_BASEPTR, rt_mfn(F), 0), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_stack_switch, 0xe02b,
			     (unsigned long)kernel_stack + sizeof(kernel_stack)), 0);
	bench_user(samples, SAMPLES, (unsigned long)user_stack + sizeof(user_stack));
	row("user syscall -> guest kernel -> iret", median(), base);
}
