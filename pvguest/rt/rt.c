/* Test-kernel runtime: start, console printf, checks, result, shutdown. */
#include <stdarg.h>
#include "rt.h"
#include <xen/sched.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

start_info_t *rt_start_info;
static int failures;
static char first_failure[200];

static void console_write(const char *s, size_t n)
{
	HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_write, n, s);
}

void rt_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void rt_fail(const char *fmt, ...)
{
	va_list ap;
	char buf[200];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	rt_printf("check failed: %s\n", buf);
	if (!failures++) {
		for (size_t i = 0; i < sizeof(buf); i++)
			if (!(first_failure[i] = buf[i]))
				break;
	}
}

const struct multicall_entry *rt_shutdown_with;

void rt_shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	if (rt_shutdown_with) {
		struct multicall_entry mc[2] = {
			*rt_shutdown_with,
			{ .op = __HYPERVISOR_sched_op,
			  .args = { SCHEDOP_shutdown, (unsigned long)&sd } },
		};

		HYPERCALL2(__HYPERVISOR_multicall, mc, 2);
	}
	HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &sd);
	for (;;)
		;
}

void rt_finish(unsigned int reason)
{
	if (failures)
		rt_printf("Test result: FAILURE: %s (%d failed checks)\n",
			  first_failure, failures);
	else
		rt_printf("Test result: SUCCESS\n");
	rt_shutdown(reason);
}

void rt_start(start_info_t *si)
{
	rt_start_info = si;
	test_main();
	rt_finish(SHUTDOWN_poweroff);
}
