/* Power-off through QEMU's isa-debug-exit, with a halting fallback. */
#include "types.h"
#include "lib.h"
#include "log.h"
#include "panic.h"
#include "asm/power.h"
#include "asm/processor.h"
#include "asm/uart.h"

#define DEBUG_EXIT_PORT 0xf4

void __noreturn machine_poweroff(unsigned int code)
{
	local_irq_disable();
	uart_flush();
	outb(DEBUG_EXIT_PORT, code);
	/* Still here: no isa-debug-exit device (real hardware). */
	printk(KERN_EMERG "System halted (result code %u); it is safe to "
	       "switch the machine off.\n", code);
	uart_flush();
	for (;;)
		halt();
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	uint64_t rbp;

	local_irq_disable();
	log_force_unlock();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "****************************************\n");
	printk(KERN_EMERG "Panic: %s\n", buf);
	asm volatile("mov %%rbp, %0" : "=r"(rbp));
	show_backtrace((uint64_t)__builtin_return_address(0), rbp);
	printk(KERN_EMERG "****************************************\n");
	machine_poweroff(HV_EXIT_PANIC);
}
