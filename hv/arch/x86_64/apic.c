/* Local APIC: enable, EOI, and a periodic timer calibrated on the TSC. */
#include "types.h"
#include "log.h"
#include "panic.h"
#include "asm/irq.h"
#include "asm/paging.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/time.h"
#include "timer.h"

#define APIC_ID       0x020
#define APIC_VERSION  0x030
#define APIC_TPR      0x080
#define APIC_EOI      0x0b0
#define APIC_SVR      0x0f0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR  0x390
#define APIC_TIMER_DIV  0x3e0
#define APIC_ICR_LO     0x300
#define APIC_ICR_HI     0x310

#define ICR_INIT        0x00000500u
#define ICR_STARTUP     0x00000600u
#define ICR_ASSERT      0x00004000u
#define ICR_BUSY        0x00001000u   /* delivery status: send pending */

#define LVT_MASKED    (1u << 16)
#define LVT_PERIODIC  (1u << 17)
#define LVT_DM_NMI    (4u << 8)
#define APIC_BASE_ENABLE (1u << 11)

static volatile uint32_t *apic_regs;
static uint64_t apic_bus_hz;

static inline uint32_t apic_read(unsigned int reg)
{
	return apic_regs[reg / 4];
}

static inline void apic_write(unsigned int reg, uint32_t v)
{
	apic_regs[reg / 4] = v;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

uint64_t apic_timer_hz(void)
{
	return apic_bus_hz;
}

/*
 * This CPU's local APIC on, every LVT masked but LINT1 on the boot CPU,
 * which takes the board's NMI (as Xen and Linux set it: delivery mode
 * NMI; the APs keep it masked). cpu_info.apic_id set. Every CPU's APIC
 * answers at the same address (apic_regs).
 */
static void apic_setup_local(bool boot_cpu)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	apic_write(APIC_LVT_LINT0, LVT_MASKED);
	apic_write(APIC_LVT_LINT1, boot_cpu ? LVT_DM_NMI : LVT_MASKED);
	apic_write(APIC_LVT_ERROR, LVT_MASKED);
	apic_write(APIC_SVR, 0x100 | SPURIOUS_VECTOR);
	this_cpu()->apic_id = apic_read(APIC_ID) >> 24;
}

/* Enable the local APIC at its MSR-given base, everything masked. */
void apic_init(void)
{
	uint32_t a, b, c, d;
	uint64_t base;

	cpuid_count(1, 0, &a, &b, &c, &d);
	if (!(d & (1u << 9)))
		panic("no local APIC on this CPU");
	base = rdmsr(MSR_APIC_BASE);
	apic_regs = ioremap(base & 0xfffff000UL, 4096);
	BUG_ON(!apic_regs);
	apic_setup_local(true);
	printk("APIC: local APIC at %#lx, id %u, version %#x\n",
	       base & 0xfffff000UL, this_cpu()->apic_id,
	       apic_read(APIC_VERSION) & 0xff);
}

/*
 * Count APIC timer ticks (divide by 16) over 10 ms of TSC time; the timer
 * is then used in one-shot mode for the next software-timer deadline.
 */
void apic_timer_calibrate(void)
{
	uint64_t t_end;
	uint32_t elapsed;

	apic_write(APIC_TIMER_DIV, 0x3);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | TIMER_VECTOR);
	apic_write(APIC_TIMER_INIT, 0xffffffff);
	t_end = rdtsc() + tsc_hz / 100;
	while (rdtsc() < t_end)
		cpu_relax();
	elapsed = 0xffffffff - apic_read(APIC_TIMER_CUR);
	apic_bus_hz = (uint64_t)elapsed * 100 * 16;
	apic_write(APIC_TIMER_INIT, 0);
	apic_write(APIC_LVT_TIMER, TIMER_VECTOR);      /* one-shot */
}

void apic_timer_oneshot(uint64_t delta_ns)
{
	/* Ten seconds at most: the product stays inside 64 bits, and a
	 * longer wait is simply re-armed when it ends. */
	uint64_t count = MIN(delta_ns, 10000000000ULL) * (apic_bus_hz / 16) /
			 1000000000ULL;

	apic_write(APIC_TIMER_INIT, (uint32_t)MAX(1, MIN(count, 0xffffffffULL)));
}

/* The timer core's hook: the earliest deadline, or nothing. */
void arch_timer_program(s_time_t deadline)
{
	s_time_t delta;

	if (deadline == STIME_MAX) {
		apic_write(APIC_TIMER_INIT, 0);
		return;
	}
	delta = deadline - NOW();
	apic_timer_oneshot(delta > 0 ? (uint64_t)delta : 0);
}

/* An AP's local APIC: as the boot CPU's, its timer one-shot and idle. */
void apic_init_ap(void)
{
	apic_setup_local(false);
	apic_write(APIC_TIMER_DIV, 0x3);
	apic_write(APIC_TIMER_INIT, 0);
	apic_write(APIC_LVT_TIMER, TIMER_VECTOR);
}

/* Write the ICR and wait until the APIC has sent it (interrupts off). */
static void apic_icr(uint32_t apic_id, uint32_t lo)
{
	apic_write(APIC_ICR_HI, apic_id << 24);
	apic_write(APIC_ICR_LO, lo);
	while (apic_read(APIC_ICR_LO) & ICR_BUSY)
		cpu_relax();
}

void apic_send_ipi(uint32_t apic_id, unsigned int vector)
{
	apic_icr(apic_id, ICR_ASSERT | (vector & 0xff));
}

void apic_send_init(uint32_t apic_id)
{
	apic_icr(apic_id, ICR_INIT | ICR_ASSERT);
}

void apic_send_startup(uint32_t apic_id, unsigned int page)
{
	apic_icr(apic_id, ICR_STARTUP | ICR_ASSERT | (page & 0xff));
}
