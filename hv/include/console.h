/* The hypervisor console: where log output goes and input comes from. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include "types.h"

/* Console sinks, chosen with "console=" (Xen's syntax, comma-separated). */
#define CONSOLE_COM1  0x1

/*
 * Parse a "console=" value ("com1", "none"); 0 or -EINVAL for a name we
 * do not drive.
 */
int console_parse(const char *val);

/* Bring up the serial port (early: before anything is printed). */
void console_init(uint16_t port, unsigned int baud);

/* One byte of serial input, or -1 if none is waiting (polled). */
int console_getc(void);

#endif
