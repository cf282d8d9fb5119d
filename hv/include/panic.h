/* panic(), BUG_ON() and ASSERT(): the hypervisor's fatal-error paths. */
#ifndef HV_PANIC_H
#define HV_PANIC_H

#include "types.h"

/*
 * Prints the message, the registers and a backtrace, then powers the
 * machine off with a failure code. Never returns. (Host unit tests link
 * a version in tests/unit/harness.c that fails the running test.)
 */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c) do { if (unlikely(c)) \
	panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); } while (0)

#ifdef CONFIG_DEBUG
#define ASSERT(c) do { if (unlikely(!(c))) \
	panic("ASSERT(%s) failed at %s:%d", #c, __FILE__, __LINE__); } while (0)
#else
#define ASSERT(c) do { (void)sizeof(c); } while (0)
#endif

#endif
