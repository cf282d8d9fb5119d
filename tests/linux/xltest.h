/* xltest.h: shared helpers of the Linux guest's test programs (tests/linux/). */
#ifndef XLTEST_H
#define XLTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Every program prints exactly one verdict line, "XL-TEST <name>: PASS" or
 * "XL-TEST <name>: FAIL <what was expected, what was seen>", and exits 0 or
 * 1. Detail lines before it start with "XL-TEST <name>: note".
 */
static const char *xl_name = "?";
static int xl_failed;

static void xl_start(const char *name)
{
	xl_name = name;
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static void xl_note(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void xl_note(const char *fmt, ...)
{
	va_list ap;

	printf("XL-TEST %s: note ", xl_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* The first failure is the verdict; later ones are notes. */
static void xl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void xl_fail(const char *fmt, ...)
{
	va_list ap;

	printf("XL-TEST %s: %s", xl_name, xl_failed ? "note also failed: " : "FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	xl_failed = 1;
}

/* Print the verdict (PASS unless xl_fail was called) and exit. */
static int xl_end(void)
{
	if (!xl_failed)
		printf("XL-TEST %s: PASS\n", xl_name);
	fflush(stdout);
	exit(xl_failed);
}

/*
 * The value of "key=N" on the kernel command line (/proc/cmdline), or
 * dflt when it is absent.
 */
static __attribute__((unused)) long xl_cmdline_long(const char *key, long dflt)
{
	char buf[4096], *p;
	size_t klen = strlen(key);
	FILE *f = fopen("/proc/cmdline", "r");
	size_t n;

	if (!f)
		return dflt;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	for (p = buf; (p = strstr(p, key)) != NULL; p += klen)
		if ((p == buf || p[-1] == ' ') && p[klen] == '=')
			return strtol(p + klen + 1, NULL, 0);
	return dflt;
}

/* A small deterministic generator (xorshift64*) for test patterns. */
static inline unsigned long long xl_rand(unsigned long long *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

#endif
