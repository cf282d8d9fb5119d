/* The entry points of the units that compile Linux's lib/ decompressors. */
#ifndef HV_DECOMPRESS_LX_H
#define HV_DECOMPRESS_LX_H

/*
 * These units see only Linux's headers and our shim/, never hv/include,
 * so this header uses compiler types alone. Every call is bounded by
 * out_len: a stream that would write past it is an error. Each returns 0
 * with *produced set, or -1 with *why saying why (a static string).
 */
#include <stddef.h>
#include <stdint.h>

/* Memory for the decompressors' state, from the environment (env.c). */
void *decomp_alloc(size_t len);
void decomp_free(void *p);

/* Raw deflate (a gzip member's body); *in_used: bytes of it consumed. */
int lx_inflate(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
	       size_t *in_used, size_t *produced, const char **why);
/* One .xz stream (LZMA2, with or without the x86 BCJ filter). */
int lx_unxz(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
	    size_t *produced, const char **why);
/* One LZ4 block into at most out_len bytes (LZ4_decompress_safe). */
int lx_lz4_block(const uint8_t *in, size_t in_len, uint8_t *out,
		 size_t out_len, size_t *produced, const char **why);
/* zstd frames, one after the other. */
int lx_unzstd(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
	      size_t *produced, const char **why);

#endif
