/* TSC calibration and busy-wait delays. */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include "types.h"

extern uint64_t tsc_hz;

/* Measures the TSC against PIT channel 2 over ms milliseconds. */
uint64_t tsc_calibrate(unsigned int ms);
void udelay(uint64_t us);
uint64_t tsc_to_ns(uint64_t ticks);

#endif
