/* LZ4 blocks by Linux's lib/lz4, with LZ4_decompress_safe (bounded). */

/*
 * Linux's preboot build of lib/lz4 (lib/decompress_unlz4.c with STATIC),
 * from the linux-source tarball at build time. Its preboot wrapper trusts
 * the stream (LZ4_decompress_fast); decompress.c reads the legacy framing
 * itself and hands each block here, to the safe decoder.
 */
#define STATIC static
#include "decompress_unlz4.c"
#include "lx.h"

int lx_lz4_block(const uint8_t *in, size_t in_len, uint8_t *out,
		 size_t out_len, size_t *produced, const char **why)
{
	int n;

	*produced = 0;
	if (in_len > INT_MAX || out_len > INT_MAX) {
		*why = "lz4: block larger than 2 GiB";
		return -1;
	}
	n = LZ4_decompress_safe((const char *)in, (char *)out, (int)in_len,
				(int)out_len);
	if (n < 0) {
		*why = "lz4: corrupt block";
		return -1;
	}
	*produced = (size_t)n;
	return 0;
}
