/* The hypervisor console: log output to the enabled sinks. */
#include "types.h"
#include "console.h"
#include "errno.h"
#include "lib.h"
#include "log.h"
#include "asm/uart.h"

static unsigned int console_sinks = CONSOLE_COM1;

int console_parse(const char *val)
{
	unsigned int sinks = 0;

	while (*val) {
		const char *end = strchr(val, ',');
		size_t n = end ? (size_t)(end - val) : strlen(val);

		if (n == 4 && !strncmp(val, "com1", 4))
			sinks |= CONSOLE_COM1;
		else if (!(n == 4 && !strncmp(val, "none", 4)))
			return -EINVAL;
		val += n + (end ? 1 : 0);
	}
	console_sinks = sinks;
	return 0;
}

void console_init(uint16_t port, unsigned int baud)
{
	uart_init(port, baud);
}

/* The sink the log writes every console-level line to. */
void console_write(const char *s, size_t len)
{
	if (console_sinks & CONSOLE_COM1)
		uart_write(s, len);
}

/* A byte received on the serial console, or -1 (also with console=none). */
int console_getc(void)
{
	return (console_sinks & CONSOLE_COM1) ? uart_getc() : -1;
}
