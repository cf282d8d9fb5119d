/* Shim for Linux's lib/ decompressors: unaligned little-endian access. */
#ifndef SHIM_ASM_UNALIGNED_H
#define SHIM_ASM_UNALIGNED_H

#include <linux/types.h>
#include <linux/string.h>

#define SHIM_GET(T, name) \
	static inline T name(const void *p) { T v; __builtin_memcpy(&v, p, sizeof(v)); return v; }
#define SHIM_PUT(T, name) \
	static inline void name(T v, void *p) { __builtin_memcpy(p, &v, sizeof(v)); }
SHIM_GET(u16, get_unaligned_le16)
SHIM_GET(u32, get_unaligned_le32)
SHIM_GET(u64, get_unaligned_le64)
SHIM_PUT(u16, put_unaligned_le16)
SHIM_PUT(u32, put_unaligned_le32)
SHIM_PUT(u64, put_unaligned_le64)
static inline u32 get_unaligned_be32(const void *p)
{
	return __builtin_bswap32(get_unaligned_le32(p));
}
static inline void put_unaligned_be32(u32 v, void *p)
{
	put_unaligned_le32(__builtin_bswap32(v), p);
}
static inline u64 get_unaligned_be64(const void *p)
{
	return __builtin_bswap64(get_unaligned_le64(p));
}
static inline void put_unaligned_be64(u64 v, void *p)
{
	put_unaligned_le64(__builtin_bswap64(v), p);
}

/* x86-64 is little-endian and takes unaligned accesses. */
#define get_unaligned(p) \
	(((const struct { __typeof__(*(p)) v; } __attribute__((packed)) *)(p))->v)
#define put_unaligned(val, p) \
	((void)(((struct { __typeof__(*(p)) v; } __attribute__((packed)) *)(p))->v = (val)))

#endif
