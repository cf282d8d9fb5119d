/* The TSC: PIT calibration, system time, pvclock records and delays. */
#include "types.h"
#include "domain.h"
#include "lib.h"
#include "log.h"
#include "timer.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/pvclock.h"
#include "asm/time.h"
#include "asm/uaccess.h"
#include <xen/xen.h>

#define PIT_HZ        1193182
#define PIT_CH2       0x42
#define PIT_CMD       0x43
#define PIT_GATE      0x61

uint64_t tsc_hz;

/*
 * System time is ns since time_init_scale(), computed from the TSC with
 * the same fixed-point scale guests get in their pvclock records, so the
 * hypervisor's NOW() and a guest's clock agree to the nanosecond:
 * ns = ((tsc - base) shifted by tsc_shift) * tsc_mul >> 32.
 */
static uint64_t tsc_base;
static uint32_t tsc_mul;
static int8_t tsc_shift;
/* XEN_PVCLOCK_TSC_STABLE_BIT or 0, for every record (time_init_scale). */
static uint8_t pvclock_flags;

/*
 * Runs PIT channel 2 in one-shot mode for ms milliseconds (ms <= 54) and
 * counts TSC ticks until its output goes high.
 */
uint64_t tsc_calibrate(unsigned int ms)
{
	uint32_t latch = PIT_HZ * ms / 1000;
	uint64_t t0, t1;

	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);
	outb(PIT_CMD, 0xb0);                  /* ch2, lo/hi byte, mode 0 */
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, latch >> 8);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & 0x20))
		cpu_relax();
	t1 = rdtsc();
	tsc_hz = (t1 - t0) * PIT_HZ / latch;
	return tsc_hz;
}

/*
 * The pvclock scale for a clock of hz: ns = (ticks << shift, or >> -shift)
 * * mul >> 32, with mul normalised into [2^31, 2^32) as Xen does.
 */
static void time_scale_for(uint64_t hz, uint32_t *mul, int8_t *shift)
{
	uint64_t m = (1000000000ULL << 32) / hz;
	int8_t s = 0;

	while (m >= (1ULL << 32)) {
		m >>= 1;
		s++;
	}
	while (m < (1ULL << 31)) {
		m <<= 1;
		s--;
	}
	*mul = (uint32_t)m;
	*shift = s;
}

/* CPUID: is the TSC constant-rate and in step on every CPU? */
static bool tsc_is_stable(void)
{
	uint32_t a, b, c, d, max_extd, e7 = 0;
	char sig[12];
	bool hv;

	cpuid_count(0x80000000, 0, &max_extd, &b, &c, &d);
	if (max_extd >= 0x80000007 && max_extd < 0x8000ffff)
		cpuid_count(0x80000007, 0, &a, &b, &c, &e7);
	cpuid_count(1, 0, &a, &b, &c, &d);
	hv = c & (1u << 31);
	if (hv) {
		cpuid_count(0x40000000, 0, &a, &b, &c, &d);
		memcpy(sig, &b, 4);
		memcpy(sig + 4, &c, 4);
		memcpy(sig + 8, &d, 4);
	}
	return pvclock_tsc_stable(max_extd, e7, hv ? sig : NULL);
}

void time_init_scale(void)
{
	time_scale_for(tsc_hz, &tsc_mul, &tsc_shift);
	tsc_base = rdtsc();
	pvclock_flags = tsc_is_stable() ? XEN_PVCLOCK_TSC_STABLE_BIT : 0;
	printk("pvclock: TSC %s: guests are%s told XEN_PVCLOCK_TSC_STABLE_BIT\n",
	       pvclock_flags ? "constant and in step on all CPUs (invariant, or QEMU TCG)" : "not known to be invariant",
	       pvclock_flags ? "" : " not");
}

static uint64_t scale_delta(uint64_t delta)
{
	if (tsc_shift < 0)
		delta >>= -tsc_shift;
	else
		delta <<= tsc_shift;
	return (uint64_t)(((unsigned __int128)delta * tsc_mul) >> 32);
}

s_time_t NOW(void)
{
	return (s_time_t)scale_delta(rdtsc() - tsc_base);
}

void pvclock_update(struct vcpu_time_info *t, struct vcpu_time_info *copy)
{
	uint64_t tsc = rdtsc();

	t->version = (t->version + 1) | 1;        /* odd: being written */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = tsc;
	t->system_time = scale_delta(tsc - tsc_base);
	t->tsc_to_system_mul = tsc_mul;
	t->tsc_shift = tsc_shift;
	t->flags = pvclock_flags;
	if (copy)
		*copy = *t;                       /* still odd */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->version++;                             /* even: consistent */
}

/*
 * The secondary area (VCPUOP_register_vcpu_time_memory_area) is a guest
 * virtual address, resolved again at every write through the page
 * tables CR3 holds, which must be v's: only the running vCPU's area is
 * written, like any copy_to_guest, so a bad, unmapped, read-only (a page
 * table), or hypervisor address only makes the write fail. If the first
 * write fails while v is in guest user mode (the area is a kernel
 * address its user L4 does not map), the record waits for the switch
 * to guest kernel mode (Xen 4.17's pending_system_time).
 */
static int time_area_copy(uint64_t va, const void *src, unsigned long len)
{
	return copy_to_guest(va, src, len);
}

static void write_time_area(struct vcpu *v, const struct vcpu_time_info *u)
{
	struct arch_vcpu *a = arch_of(v);

	if (pvclock_write_secondary(a->time_area, u, time_area_copy))
		return;
	if (!a->kernel_mode) {
		a->time_pending = *u;
		a->time_pending_valid = true;
	}
}

void pv_update_vcpu_time(struct vcpu *v)
{
	struct vcpu_time_info u;
	struct arch_vcpu *a = arch_of(v);

	pvclock_update(&v->vcpu_info->time, &u);
	a->time_pending_valid = false;
	if (a->time_area && v == current_vcpu())
		write_time_area(v, &u);
}

void pv_time_area_kernel_entry(struct vcpu *v)
{
	struct arch_vcpu *a = arch_of(v);

	if (!a->time_pending_valid)
		return;
	a->time_pending_valid = false;
	if (a->time_area && a->kernel_mode)
		write_time_area(v, &a->time_pending);
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + tsc_hz / 1000000 * us;

	while (rdtsc() < end)
		cpu_relax();
}
