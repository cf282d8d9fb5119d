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

#endif
