/* The TSC, calibrated against the PIT, and delays built on it. */
#include "types.h"
#include "asm/processor.h"
#include "asm/time.h"

#define PIT_HZ        1193182
#define PIT_CH2       0x42
#define PIT_CMD       0x43
#define PIT_GATE      0x61

uint64_t tsc_hz;

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

uint64_t tsc_to_ns(uint64_t ticks)
{
	/* Split so nothing overflows 64 bits while tsc_hz < 18 GHz. */
	return ticks / tsc_hz * 1000000000ULL +
	       ticks % tsc_hz * 1000000000ULL / tsc_hz;
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + tsc_hz / 1000000 * us;

	while (rdtsc() < end)
		cpu_relax();
}
