/* zstd frames by Linux's lib/zstd, one call, bounded output. */

/*
 * Linux's preboot build of lib/zstd and lib/xxhash.c (lib/decompress_unzstd.c
 * with STATIC), from the linux-source tarball at build time. We call the
 * single-pass API (zstd_decompress_dctx) with the output limit ourselves.
 */
#define STATIC static
#define __DISABLE_EXPORTS
#include "decompress_unzstd.c"
#include "lx.h"

int lx_unzstd(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
	      size_t *produced, const char **why)
{
	size_t ws_len = zstd_dctx_workspace_bound(), n;
	void *ws = decomp_alloc(ws_len);
	zstd_dctx *dctx;

	*produced = 0;
	if (!ws) {
		*why = "zstd: no memory for the decoder workspace";
		return -1;
	}
	dctx = zstd_init_dctx(ws, ws_len);
	if (!dctx) {
		decomp_free(ws);
		*why = "zstd: cannot set up the decoder";
		return -1;
	}
	n = zstd_decompress_dctx(dctx, out, out_len, in, in_len);
	decomp_free(ws);
	if (zstd_is_error(n)) {
		switch (zstd_get_error_code(n)) {
		case ZSTD_error_dstSize_tooSmall:
			*why = "zstd: output larger than the size the image "
			       "declares";
			break;
		case ZSTD_error_srcSize_wrong:
			*why = "zstd: stream truncated";
			break;
		case ZSTD_error_prefix_unknown:
			*why = "zstd: not a zstd frame (bad magic)";
			break;
		case ZSTD_error_checksum_wrong:
			*why = "zstd: checksum mismatch";
			break;
		case ZSTD_error_corruption_detected:
			*why = "zstd: corrupt data";
			break;
		default:
			*why = "zstd: decoder error";
			break;
		}
		return -1;
	}
	*produced = n;
	return 0;
}
