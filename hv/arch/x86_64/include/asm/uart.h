/* 16550 UART: the hypervisor's serial console. */
#ifndef ASM_UART_H
#define ASM_UART_H

#include "types.h"

void uart_init(uint16_t port, unsigned int baud);
void uart_putc(char c);
void uart_write(const char *s, size_t len);
int uart_getc(void);        /* a received byte, or -1 if none */
void uart_flush(void);      /* wait until everything is on the wire */
bool uart_present(void);

#endif
