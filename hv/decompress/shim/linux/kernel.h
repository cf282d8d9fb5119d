/* Shim for Linux's lib/ decompressors: the bits of <linux/kernel.h> used. */
#ifndef SHIM_LINUX_KERNEL_H
#define SHIM_LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/limits.h>

#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))
#define min(a, b)      ((a) < (b) ? (a) : (b))
#define max(a, b)      ((a) > (b) ? (a) : (b))
#define min_t(T, a, b) ((T)(a) < (T)(b) ? (T)(a) : (T)(b))
#define max_t(T, a, b) ((T)(a) > (T)(b) ? (T)(a) : (T)(b))
#define le32_to_cpup(p) (*(const u32 *)(p))
#define le32_to_cpu(x) (x)
#define cpu_to_le32(x) (x)

#endif
