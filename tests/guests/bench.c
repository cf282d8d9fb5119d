/* Benchmark kernel: TSC cycles (median of many) of PV guest transitions. */
#include "bench.h"
#include <xen/callback.h>
#include <xen/version.h>

/*
 * Command line: "role=main peer=N [samples=S]" times every row (the
 * two-domain rows against domain N), "role=peer peer=M [samples=S]" is
 * the other end for main domain M (bench_pair.c). S (default and at most
 * BENCH_MAX_SAMPLES) timings per row, the same on both sides.
 */
extern volatile unsigned long trap_count, trap_resume;
void handle_ud(void);
void bench_user(uint64_t *samples, long n, unsigned long user_rsp);
void bench_syscall_entry(void);

static uint8_t user_stack[4096] __attribute__((aligned(16)));
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));

uint64_t bench_samples[BENCH_MAX_SAMPLES];
long bench_n = BENCH_MAX_SAMPLES;
static uint64_t base = 1;

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

uint64_t bench_median(void)
{
	return select_kth(bench_samples, bench_n, bench_n / 2);
}

void bench_row(const char *name, uint64_t cycles)
{
	rt_printf("bench: %-38s %8lu cycles  %6lu.%lux\n", name, cycles,
		  cycles / base, cycles * 10 / base % 10);
}

static struct trap_info table[] = {
	{ 6, 0, 0xe033, (unsigned long)handle_ud }, { 0, 0, 0, 0 },
};

/* The single-domain rows: hypercall, bounce, page-table updates, syscall. */
static void transition_rows(void)
{
	uint64_t t0;
	uint64_t *samples = bench_samples;
	long n = bench_n, bad = 0, rc;

	/* Baseline: the cost of reading the TSC around nothing. */
	for (long i = 0; i < n; i++) {
		t0 = bench_tsc();
		samples[i] = bench_tsc() - t0;
	}
	base = bench_median() ? bench_median() : 1;
	bench_row("empty (rdtsc pair)", base);

	for (long i = 0; i < n; i++) {
		t0 = bench_tsc();
		rc = HYPERCALL2(__HYPERVISOR_xen_version, 0, 0);
		samples[i] = bench_tsc() - t0;
		bad += rc <= 0;
	}
	bench_row("null hypercall (xen_version 0)", bench_median());
	rt_check(!bad, "xen_version failed %ld times of %ld", bad, n);

	HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0);
	for (long i = 0; i < n; i++) {
		t0 = bench_tsc();
		asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
			     "ud2; 2:" ::: "rax", "rcx", "r11", "memory");
		samples[i] = bench_tsc() - t0;
	}
	bench_row("exception bounce + iret (#UD)", bench_median());
	rt_check(trap_count == (unsigned long)n, "%lu bounces, expected %ld",
		 trap_count, n);

	/* One L1 entry: a scratch VA past the kernel, two frames in turn. */
	unsigned long va = rt_va_of(rt_region_pages() - 1);
	unsigned long f[2] = { rt_mfn(rt_start_info->nr_pages - 1),
			       rt_mfn(rt_start_info->nr_pages - 2) };
	uint64_t old, ptr = rt_l1e_maddr(va, &old);

	for (long i = 0; i < n; i++) {
		struct mmu_update u = { ptr, (f[i & 1] << 12) | 3 };

		t0 = bench_tsc();
		rc = rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1,
				  0, DOMID_SELF, 0);
		samples[i] = bench_tsc() - t0;
		bad += rc != 0;
	}
	bench_row("mmu_update (one L1 entry)", bench_median());
	for (long i = 0; i < n; i++) {
		t0 = bench_tsc();
		rc = rt_uvm(va, (f[i & 1] << 12) | 3, UVMF_INVLPG | UVMF_LOCAL);
		samples[i] = bench_tsc() - t0;
		bad += rc != 0;
	}
	bench_row("update_va_mapping (+ invlpg)", bench_median());
	rt_check(!bad, "mmu_update/update_va_mapping failed %ld times", bad);
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
	bench_user(samples, n, (unsigned long)user_stack + sizeof(user_stack));
	bench_row("user syscall -> guest kernel -> iret", bench_median());
}

void test_main(void)
{
	long n = rt_cmdline_number("samples"), peer = rt_cmdline_number("peer");

	if (n > 0 && n < BENCH_MAX_SAMPLES)
		bench_n = n;
	if (peer <= 0 || peer >= DOMID_FIRST_RESERVED ||
	    !(rt_cmdline_is("role", "main") || rt_cmdline_is("role", "peer"))) {
		rt_fail("command line needs role=main|peer peer=N, saw \"%s\"",
			(char *)rt_start_info->cmd_line);
		return;
	}
	if (rt_cmdline_is("role", "peer")) {
		bench_peer((domid_t)peer);
		return;
	}
	/* The peer is ready and waits blocked while the other rows run. */
	if (!bench_pair_open((domid_t)peer))
		return;
	rt_printf("bench: %-38s %8s %8s\n", "operation", "TSC", "x empty");
	transition_rows();
	bench_vcpu_rows();
	bench_grant_rows((domid_t)peer);
	bench_evtchn_rows();
	rt_printf("bench: (each row the median of %ld timings)\n", bench_n);
}
