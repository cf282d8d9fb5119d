/* kernel_log: the kernel's own log (syslog READ_ALL) has no Oops, BUG, WARNING, panic, "unchecked MSR access error" (a wrmsr the hypervisor refused) or failed W+X check (CONFIG_DEBUG_WX) so far. */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>
#include <sys/klog.h>

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

static const char *const bad[] = {
	"Oops", "BUG:", "WARNING:", "Kernel panic", "W+X mappings: FAILED",
	"general protection fault", "invalid opcode:",
	"Unable to handle", "stack segment:", "double fault",
	"unchecked MSR access error",
};

int main(void)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0), n, found = 0;
	char *buf, *line, *save;

	xl_start("kernel_log");
	if (size <= 0) {
		xl_fail("expected the kernel log size, saw %d (errno %d)", size, errno);
		return xl_end();
	}
	buf = malloc((size_t)size + 1);
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n <= 0) {
		xl_fail("expected the kernel log, read %d (errno %d)", n, errno);
		return xl_end();
	}
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "W+X mappings: passed"))
			found = 1;
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			if (strstr(line, bad[i])) {
				xl_fail("expected no \"%s\" in the kernel log, saw: %s", bad[i], line);
				break;
			}
	}
	if (!found)
		xl_note("no W+X check in the log (kernel without CONFIG_DEBUG_WX)");
	return xl_end();
}
