/* Decompression for the domain builder: gzip, xz, LZ4 legacy, zstd. */
#ifndef HV_DECOMPRESS_H
#define HV_DECOMPRESS_H

#include "types.h"
#include "../../pvguest/builder/builder.h"

/*
 * Decompresses in_len bytes of format fmt into exactly out_len bytes at
 * out, with Linux's lib/ decoders (every write bounded by out_len). gzip:
 * one member, header flags read, ISIZE checked; lz4: the legacy frame
 * (8 MiB blocks, a repeated magic allowed). Returns 0 or -EINVAL with
 * *why (corrupt, truncated, more or fewer bytes than out_len) or -ENOMEM.
 * Decoder state comes from decomp_alloc() (lx.h), which the environment
 * supplies. The signature is struct builder_decomp's, ctx unused.
 */
int decompress_image(void *ctx, enum builder_comp fmt, const void *in,
		     size_t in_len, void *out, size_t out_len,
		     const char **why);

/*
 * The hypervisor's hook: decompression buffers from the xenheap
 * (physically contiguous, a power of two of pages), decoder state from
 * xmalloc. A failed allocation is a refusal, never a panic.
 */
extern const struct builder_decomp hv_builder_decomp;

#endif
