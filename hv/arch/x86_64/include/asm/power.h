/* Powering the machine off with a result code. */
#ifndef ASM_POWER_H
#define ASM_POWER_H

#include "types.h"

/* Result codes: under QEMU, scripts/run exits with the same number. */
#define HV_EXIT_OK        0   /* clean power-off */
#define HV_EXIT_PANIC     1   /* hypervisor panic or fatal fault */
#define HV_EXIT_DOMAIN    2   /* a domain did not shut down cleanly */

/*
 * Under QEMU, writes code to the isa-debug-exit port (0xf4), which ends
 * QEMU with status (code << 1) | 1. On hardware without that device the
 * write does nothing: interrupts stay off and the CPU halts for good,
 * after saying so on the console.
 */
void __noreturn machine_poweroff(unsigned int code);
void show_backtrace(uint64_t rip, uint64_t rbp);

#endif
