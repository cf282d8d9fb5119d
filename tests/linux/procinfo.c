/* procinfo: /proc/cpuinfo, sysconf and /sys CPU lists and /proc/meminfo agree with the vCPUs and memory the domain was given (xenolith.expect_cpus/expect_mem on the command line). */
#define _GNU_SOURCE
#include "xltest.h"
#include <errno.h>

/* The value in kB of a /proc/meminfo field, or -1. */
static long meminfo_kb(const char *field)
{
	char line[256];
	long v = -1;
	size_t n = strlen(field);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = 0;
	if (f) {
		if (!fgets(buf, (int)len, f))
			buf[0] = 0;
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = 0;
}

int main(void)
{
	long cpus = xl_cmdline_long("xenolith.expect_cpus", -1);
	long mem = xl_cmdline_long("xenolith.expect_mem", -1);
	char line[512], want[64];
	int processors = 0, ids_ok = 1;
	FILE *f;

	xl_start("procinfo");
	if (cpus < 1 || mem < 1) {
		xl_fail("expected xenolith.expect_cpus= and xenolith.expect_mem= on the "
			"kernel command line, saw cpus %ld mem %ld", cpus, mem);
		return xl_end();
	}
	f = fopen("/proc/cpuinfo", "r");
	if (!f) {
		xl_fail("open /proc/cpuinfo: errno %d", errno);
		return xl_end();
	}
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "processor", 9)) {
			long id = strtol(strchr(line, ':') + 1, NULL, 10);

			if (id != processors)
				ids_ok = 0;
			processors++;
		}
	fclose(f);
	if (processors != cpus || !ids_ok)
		xl_fail("/proc/cpuinfo: expected processors 0..%ld, saw %d entries%s",
			cpus - 1, processors, ids_ok ? "" : " numbered out of order");
	if (sysconf(_SC_NPROCESSORS_ONLN) != cpus || sysconf(_SC_NPROCESSORS_CONF) != cpus)
		xl_fail("sysconf: expected %ld CPUs online and configured, saw %ld and %ld",
			cpus, sysconf(_SC_NPROCESSORS_ONLN), sysconf(_SC_NPROCESSORS_CONF));
	if (cpus == 1)
		snprintf(want, sizeof(want), "0");
	else
		snprintf(want, sizeof(want), "0-%ld", cpus - 1);
	read_line("/sys/devices/system/cpu/online", line, sizeof(line));
	if (strcmp(line, want))
		xl_fail("/sys/devices/system/cpu/online: expected \"%s\", saw \"%s\"", want, line);

	/*
	 * MemTotal is the domain's memory less what the kernel keeps for its
	 * image and early allocations: below mem, and not by more than a
	 * quarter plus 16 MiB (a 64 MiB domain loses a larger share).
	 */
	{
		long total = meminfo_kb("MemTotal"), free = meminfo_kb("MemFree");
		long hi = mem * 1024, lo = mem * 1024 * 3 / 4 - 16384;

		xl_note("MemTotal %ld kB, MemFree %ld kB of %ld MiB given", total, free, mem);
		if (total > hi || total < lo)
			xl_fail("MemTotal: expected %ld..%ld kB for a %ld MiB domain, saw %ld kB",
				lo, hi, mem, total);
		if (free <= 0 || free > total)
			xl_fail("MemFree: expected 0 < MemFree <= MemTotal %ld, saw %ld", total, free);
	}
	return xl_end();
}
