/* The runtime of Xenolith's PV test kernels: hypercalls, console, result. */
#ifndef PVGUEST_RT_H
#define PVGUEST_RT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <xen/xen.h>
#include <xen/errno.h>
#include <xen/sched.h>

/* One hypercall (raw syscall or hypercall page, as the kernel links). */
long rt_hypercall(unsigned long nr, unsigned long a1, unsigned long a2,
		  unsigned long a3, unsigned long a4, unsigned long a5);

#define HYPERCALL2(nr, a, b) rt_hypercall(nr, (unsigned long)(a), \
					  (unsigned long)(b), 0, 0, 0)
#define HYPERCALL3(nr, a, b, c) rt_hypercall(nr, (unsigned long)(a), \
	(unsigned long)(b), (unsigned long)(c), 0, 0)

extern start_info_t *rt_start_info;

/* Each test kernel defines this; it reports through rt_check/rt_fail. */
void test_main(void);

/* printf to the hypervisor console (console_io). */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Record a failed check (the first one becomes the result's reason). */
void rt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define rt_check(cond, fmt, ...) do { if (!(cond)) \
	rt_fail("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__); } while (0)

/* Expect a hypercall result: prints the call, expected and seen values. */
#define rt_expect(expr, want) do { long _got = (long)(expr), _want = (want); \
	if (_got != _want) rt_fail("%s:%d: %s = %ld, expected %ld", \
				   __FILE__, __LINE__, #expr, _got, _want); \
	} while (0)

/* The command line (cmdline.c): a whole word of it; the number after
 * "key=" (-1 if absent or not a number); whether "key=" is word. */
bool rt_cmdline_has(const char *word);
long rt_cmdline_number(const char *key);
bool rt_cmdline_is(const char *key, const char *word);

static inline uint64_t rt_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* SCHEDOP_shutdown with reason; never returns. If rt_shutdown_with is
 * set, that call and the shutdown go in one multicall (one entry). */
void rt_shutdown(unsigned int reason) __attribute__((noreturn));
extern const struct multicall_entry *rt_shutdown_with;

/* Print "Test result: ..." now, then rt_shutdown(reason) (a test_main
 * that returns gets this with SHUTDOWN_poweroff). */
void rt_finish(unsigned int reason) __attribute__((noreturn));

#endif
