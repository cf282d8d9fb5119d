/* 16550 UART driver: polled output, polled or interrupt-driven input. */
#include "types.h"
#include "asm/processor.h"
#include "asm/uart.h"

#define UART_RBR 0   /* receive buffer (read) */
#define UART_THR 0   /* transmit holding (write) */
#define UART_DLL 0   /* divisor low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7

#define LSR_DR   0x01   /* data ready */
#define LSR_THRE 0x20   /* transmit holding register empty */
#define LSR_TEMT 0x40   /* transmitter empty */

static uint16_t uart_port;

/* Probe with the scratch register, then 8n1 at baud with FIFOs on. */
void uart_init(uint16_t port, unsigned int baud)
{
	unsigned int div = 115200 / (baud ? baud : 115200);

	outb(port + UART_SCR, 0x5a);
	if (inb(port + UART_SCR) != 0x5a)
		return;
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, 0x80);
	outb(port + UART_DLL, div & 0xff);
	outb(port + UART_DLM, div >> 8);
	outb(port + UART_LCR, 0x03);
	outb(port + UART_FCR, 0x07);
	outb(port + UART_MCR, 0x03);    /* DTR, RTS */
	uart_port = port;
}

bool uart_present(void)
{
	return uart_port != 0;
}

void uart_putc(char c)
{
	if (!uart_port)
		return;
	while (!(inb(uart_port + UART_LSR) & LSR_THRE))
		cpu_relax();
	outb(uart_port + UART_THR, c);
}

void uart_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

int uart_getc(void)
{
	if (!uart_port || !(inb(uart_port + UART_LSR) & LSR_DR))
		return -1;
	return inb(uart_port + UART_RBR);
}

void uart_flush(void)
{
	if (!uart_port)
		return;
	while (!(inb(uart_port + UART_LSR) & LSR_TEMT))
		cpu_relax();
}
