/* The TSC: PIT calibration, system time, pvclock records and delays. */
#include "types.h"
#include "timer.h"
#include "asm/processor.h"
#include "asm/time.h"
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

void time_init_scale(void)
{
	time_scale_for(tsc_hz, &tsc_mul, &tsc_shift);
	tsc_base = rdtsc();
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

void pvclock_update(struct vcpu_time_info *t)
{
	uint64_t tsc = rdtsc();

	t->version = (t->version + 1) | 1;        /* odd: being written */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = tsc;
	t->system_time = scale_delta(tsc - tsc_base);
	t->tsc_to_system_mul = tsc_mul;
	t->tsc_shift = tsc_shift;
	t->flags = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->version++;                             /* even: consistent */
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + tsc_hz / 1000000 * us;

	while (rdtsc() < end)
		cpu_relax();
}
