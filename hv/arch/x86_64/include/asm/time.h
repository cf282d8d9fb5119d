/* TSC calibration, system time scale, pvclock records, delays, the RTC. */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include "types.h"

struct vcpu_time_info;

extern uint64_t tsc_hz;
/* Seconds since 1970 at system time 0 (the guests' wallclock base). */
extern uint64_t boot_wallclock;

/* Measures the TSC against PIT channel 2 over ms milliseconds. */
uint64_t tsc_calibrate(unsigned int ms);
void udelay(uint64_t us);

/* Start system time (NOW() = 0) on the calibrated TSC. */
void time_init_scale(void);

/*
 * Rewrite a pvclock record with the version protocol (odd while writing);
 * copy, if not NULL, gets the record as it was while odd.
 */
void pvclock_update(struct vcpu_time_info *t, struct vcpu_time_info *copy);

struct vcpu;
/*
 * Refresh v's vcpu_info time and, if v runs here on its own page tables
 * (the current vCPU), its secondary area (pv_update_vcpu_time).
 * pv_time_area_kernel_entry: v just switched to guest kernel mode with
 * a secondary record pending (its write failed in user mode): write it.
 */
void pv_update_vcpu_time(struct vcpu *v);
void pv_time_area_kernel_entry(struct vcpu *v);

/* Seconds since 1970 from the CMOS RTC (UTC), or 0 if it reads badly. */
uint64_t rtc_read_epoch(void);

/* Interrupt at deadline (ns of system time) with the APIC one-shot timer. */
void apic_timer_oneshot(uint64_t delta_ns);

#endif
