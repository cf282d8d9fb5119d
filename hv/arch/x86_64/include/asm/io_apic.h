/* I/O APICs (io_apic.c): discovery from the MADT and their pins. */
#ifndef ASM_IO_APIC_H
#define ASM_IO_APIC_H

#define MAX_IO_APICS 8
#define MAX_ISOS     16

/*
 * Find the I/O APICs and interrupt source overrides in the MADT, program
 * every pin masked with the MADT's trigger and polarity, and log them
 * (once, on the boot CPU).
 */
void io_apic_init(void);

/* The physical addresses of the I/O APICs in use (at most max). */
unsigned int io_apic_addresses(uint64_t *out, unsigned int max);

/*
 * PHYSDEVOP_apic_read: register reg of the I/O APIC at physbase, read
 * from the hardware (Xen's ioapic_guest_read). 0, or -EINVAL if no I/O
 * APIC in use is there.
 */
int io_apic_guest_read(uint64_t physbase, unsigned int reg, uint32_t *val);

#endif
