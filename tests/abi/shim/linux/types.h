/* ABI test shim: the kernel's fixed-width types for Linux's Xen headers. */
#ifndef ABI_SHIM_LINUX_TYPES_H
#define ABI_SHIM_LINUX_TYPES_H

#include <stdint.h>

typedef uint8_t  u8;
typedef int8_t   s8;
typedef uint16_t u16;
typedef int16_t  s16;
typedef uint32_t u32;
typedef int32_t  s32;
typedef uint64_t u64;
typedef int64_t  s64;
typedef u8  __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef u64 aligned_u64 __attribute__((aligned(8)));

#endif
