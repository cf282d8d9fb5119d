/* Shim for Linux's lib/ decompressors: compiler attributes. */
#ifndef SHIM_LINUX_COMPILER_H
#define SHIM_LINUX_COMPILER_H

#define likely(x)        __builtin_expect(!!(x), 1)
#define unlikely(x)      __builtin_expect(!!(x), 0)
#define __always_inline  inline __attribute__((always_inline))
#define noinline         __attribute__((noinline))
#define __maybe_unused   __attribute__((unused))
#define __force
#define __init
#define __initdata
#define __aligned(n)     __attribute__((aligned(n)))
#define __packed         __attribute__((packed))
#define fallthrough      __attribute__((fallthrough))
#define BUILD_BUG_ON(c)  ((void)sizeof(char[1 - 2 * !!(c)]))
/* IS_ENABLED(CONFIG_X): the options the lib/ code asks about, x86-64's. */
#define IS_ENABLED(opt) SHIM_##opt
#define SHIM_CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS 1
#define SHIM_CONFIG_ZLIB_DFLTCC 0
#ifndef __has_attribute
#define __has_attribute(x) 0
#endif

#endif
