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

/* Rewrite a pvclock record with the version protocol (odd while writing). */
void pvclock_update(struct vcpu_time_info *t);

/* Seconds since 1970 from the CMOS RTC (UTC), or 0 if it reads badly. */
uint64_t rtc_read_epoch(void);

/* Interrupt at deadline (ns of system time) with the APIC one-shot timer. */
void apic_timer_oneshot(uint64_t delta_ns);

#endif
