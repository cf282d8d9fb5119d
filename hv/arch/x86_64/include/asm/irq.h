/* Interrupt vectors, the legacy PIC and the local APIC timer. */
#ifndef ASM_IRQ_H
#define ASM_IRQ_H

#include "types.h"
#include "asm/regs.h"

#define FIRST_IRQ_VECTOR     0x20
#define PIC_VECTOR_BASE      0x20     /* 0x20-0x2f: legacy IRQs, masked */
#define TIMER_VECTOR         0xf0
#define EVENT_CHECK_VECTOR   0xf1     /* IPI: enter the hypervisor (kick) */
#define INVALIDATE_VECTOR    0xf2     /* IPI: TLB shootdown (no lock) */
#define SPURIOUS_VECTOR      0xff

void pic_init(void);
void apic_init(void);
/* An AP's local APIC (apic_init ran on the boot CPU). */
void apic_init_ap(void);
void apic_eoi(void);
/* Measure the APIC timer against the TSC; it then runs one-shot. */
void apic_timer_calibrate(void);
uint64_t apic_timer_hz(void);
void do_irq(struct cpu_regs *regs);

#endif
