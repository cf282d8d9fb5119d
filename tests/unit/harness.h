/* Unit-test harness: Check helpers shared by every host suite. */
#ifndef XENOLITH_TEST_HARNESS_H
#define XENOLITH_TEST_HARNESS_H

#include <check.h>

/*
 * Runs every suite in the NULL-terminated array, prints each failure
 * (file, line, what was expected and what was seen, as the test said it)
 * and ends with the line "N passed, N failed". Returns the process exit
 * status: 0 when nothing failed.
 */
int harness_run(Suite *(*const suites[])(void));

/* Everything the hypervisor's log path prints goes here in host tests. */
extern char harness_console[65536];
extern unsigned long harness_console_len;
void harness_console_reset(void);

#endif
