/* I/O APICs (io_apic.c): discovery from the MADT and their pins. */
#ifndef ASM_IO_APIC_H
#define ASM_IO_APIC_H

#include "types.h"

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

/*
 * The IDT vector of a GSI routed to a guest: one per GSI, 0x30 up (the
 * legacy PIC has 0x20-0x2f; pirq.h's NR_GSIS keeps them below 0x60).
 */
#define GSI_VECTOR_BASE 0x30
#define GSI_VECTOR(gsi) (GSI_VECTOR_BASE + (gsi))

/* A redirection table entry's bits (low dword; destination in 63:56). */
#define RTE_MASKED       (1u << 16)
#define RTE_LEVEL        (1u << 15)
#define RTE_ACTIVE_LOW   (1u << 13)
#define RTE_DEST_SHIFT   56

/*
 * A redirection table entry: fixed delivery, physical destination
 * apic_id, the vector, trigger, polarity and mask (pure: unit tested).
 */
static inline uint64_t io_apic_rte(unsigned int vector, uint32_t apic_id,
				   bool level, bool active_low, bool masked)
{
	return (uint64_t)(vector & 0xff) | (level ? RTE_LEVEL : 0) |
	       (active_low ? RTE_ACTIVE_LOW : 0) | (masked ? RTE_MASKED : 0) |
	       ((uint64_t)(apic_id & 0xff) << RTE_DEST_SHIFT);
}

/* The pin's RTE as last read from the hardware (tests, the 'i' key). */
uint64_t io_apic_read_rte(unsigned int gsi);

#endif
