/* Unit-test harness: runs Check suites and prints the closing tally. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

char harness_console[65536];
unsigned long harness_console_len;

void harness_console_reset(void)
{
	harness_console_len = 0;
	harness_console[0] = 0;
}

int harness_run(Suite *(*const suites[])(void))
{
	SRunner *sr = NULL;
	int passed = 0, failed = 0;

	for (int i = 0; suites[i]; i++) {
		if (!sr)
			sr = srunner_create(suites[i]());
		else
			srunner_add_suite(sr, suites[i]());
	}
	if (!sr) {
		printf("0 passed, 0 failed\n");
		return 1;
	}
	srunner_set_fork_status(sr, getenv("CK_FORK") ? CK_FORK_GETENV : CK_FORK);
	srunner_run_all(sr, CK_SILENT);

	TestResult **res = srunner_results(sr);
	int n = srunner_ntests_run(sr);
	for (int i = 0; i < n; i++) {
		TestResult *r = res[i];
		if (tr_rtype(r) == CK_PASS) {
			passed++;
			continue;
		}
		failed++;
		printf("FAIL %s:%d: %s: %s\n", tr_lfile(r), tr_lno(r),
		       tr_tcname(r), tr_msg(r));
	}
	free(res);
	srunner_free(sr);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

/* ---- stubs for what the hypervisor's architecture code provides ---- */
#include <stdarg.h>
#include <stddef.h>

unsigned long arch_local_irq_save(void)
{
	return 0;
}

void arch_local_irq_restore(unsigned long flags)
{
	(void)flags;
}

/* A panic in code under test fails the current test with its message. */
void panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ck_abort_msg("hypervisor panic: %s", buf);
	abort();
}

/* The log's console sink: captured so tests can look at it. */
void console_write(const char *s, size_t len)
{
	size_t room = sizeof(harness_console) - 1 - harness_console_len;

	if (len > room)
		len = room;
	memcpy(harness_console + harness_console_len, s, len);
	harness_console_len += len;
	harness_console[harness_console_len] = 0;
}

/* ---- scheduler hooks the event-channel core calls (hv/include/sched_if.h) ---- */
#include "harness_sched.h"

struct harness_hook_call harness_hook_calls[HARNESS_MAX_HOOK_CALLS];
unsigned int harness_nr_hook_calls;

static void record_hook(int kind, struct vcpu *v, struct domain *d,
			unsigned int port)
{
	if (harness_nr_hook_calls < HARNESS_MAX_HOOK_CALLS)
		harness_hook_calls[harness_nr_hook_calls] =
			(struct harness_hook_call){ kind, v, d, port };
	harness_nr_hook_calls++;
}

void vcpu_wake(struct vcpu *v)
{
	record_hook(HOOK_VCPU_WAKE, v, NULL, 0);
}

void sched_port_pending(struct domain *d, unsigned int port)
{
	record_hook(HOOK_PORT_PENDING, NULL, d, port);
}
