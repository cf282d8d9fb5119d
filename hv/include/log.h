/* printk(): the hypervisor log, with levels, a ring and the console. */
#ifndef HV_LOG_H
#define HV_LOG_H

#include "types.h"

#define KERN_EMERG   "<0>"
#define KERN_ALERT   "<1>"
#define KERN_CRIT    "<2>"
#define KERN_ERR     "<3>"
#define KERN_WARNING "<4>"
#define KERN_NOTICE  "<5>"
#define KERN_INFO    "<6>"
#define KERN_DEBUG   "<7>"

#define LOG_DEFAULT_LEVEL 6     /* KERN_INFO */
#define LOG_LINE_PREFIX   "(XEN) "
#define LOG_MSG_MAX       512   /* longest output of one printk call */

/*
 * Formats the message (at most LOG_MSG_MAX - 1 bytes; longer output is
 * cut and ends with "[...]\n") and logs it. A leading "<N>" sets the
 * level; without one the level is KERN_INFO, except that a continuation
 * of a line left unfinished by the previous call keeps that call's level.
 * A level prefix in the middle of a line ends that line first. Every line
 * starts with "(XEN) ". All of it goes to the ring; lines of level <= the
 * console level also go to console_write(). Takes the log lock (irqsave).
 */
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap);

void log_set_console_level(int level);   /* clamped to 0..7 */
int log_console_level(void);

/* Copies the newest min(len, stored) bytes, oldest first; returns that count. */
size_t log_ring_read(char *buf, size_t len);
/* Capacity of the ring in bytes (1 << CONFIG_LOG_RING_SHIFT). */
size_t log_ring_size(void);
/*
 * Whether the ring grew since the last call (and forget it). The event
 * code polls it from the scheduler tick to raise VIRQ_CON_RING: nothing
 * is raised from inside printk, which runs under any lock.
 */
bool log_ring_take_grown(void);

/*
 * For the fatal paths only (panic, a fault in the hypervisor): forget
 * whoever held the log lock, so the report cannot deadlock on a lock
 * taken by the code that faulted. Other CPUs must already be stopped.
 */
void log_force_unlock(void);

/* The console sink: the UART (hv) or the test harness's capture buffer. */
void console_write(const char *s, size_t len);

#endif
