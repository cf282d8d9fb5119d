/* Interrupt masking, the legacy PIC (remapped, masked) and IRQ dispatch (timer, IPIs, GSIs). */
#include "types.h"
#include "domain.h"
#include "log.h"
#include "pirq.h"
#include "spinlock.h"
#include "timer.h"
#include "asm/io_apic.h"
#include "asm/irq.h"
#include "asm/percpu.h"
#include "asm/processor.h"

unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	asm volatile("pushf; pop %0; cli" : "=r"(flags) :: "memory");
	return flags;
}

void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

/*
 * The 8259 pair is remapped away from the exception vectors and fully
 * masked: the local APIC delivers the timer, and a stray legacy IRQ lands
 * on a vector we recognise instead of looking like a fault.
 */
void pic_init(void)
{
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, PIC_VECTOR_BASE);
	outb(0xa1, PIC_VECTOR_BASE + 8);
	outb(0x21, 4);
	outb(0xa1, 2);
	outb(0x21, 1);
	outb(0xa1, 1);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

void do_irq(struct cpu_regs *regs)
{
	unsigned int v = regs->entry_vector;

	if (v == TIMER_VECTOR) {
		apic_eoi();
		timer_softirq(NOW());
	} else if (v == EVENT_CHECK_VECTOR) {
		/* A kick: the exit path does the work (schedule, events). */
		apic_eoi();
	} else if (v == SPURIOUS_VECTOR) {
		/* no EOI for spurious interrupts */
	} else if (v >= GSI_VECTOR_BASE && v < GSI_VECTOR_BASE + NR_GSIS) {
		/* A routed GSI: a level pin is masked (until the guest's
		 * PHYSDEVOP_eoi) before the local APIC's EOI, whose broadcast
		 * clears the pin's remote IRR; an edge one is acked at once. */
		pirq_interrupt(v - GSI_VECTOR_BASE);
		apic_eoi();
	} else if (v >= PIC_VECTOR_BASE && v < PIC_VECTOR_BASE + 16) {
		printk(KERN_WARNING "spurious legacy IRQ %u\n", v - PIC_VECTOR_BASE);
		if (v >= PIC_VECTOR_BASE + 8)
			outb(0xa0, 0x20);
		outb(0x20, 0x20);
	} else {
		printk(KERN_WARNING "unexpected interrupt vector %#x\n", v);
		apic_eoi();
	}
}
