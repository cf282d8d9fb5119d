/* .xz (LZMA2 + x86 BCJ) by Linux's lib/xz, single call, bounded output. */

/*
 * Linux's preboot build of its XZ decoder (lib/decompress_unxz.c with
 * STATIC), from the linux-source tarball at build time; we call the
 * native single-call API (xz_dec_run with XZ_SINGLE) with an output
 * limit, which its unxz() wrapper does not set.
 */
#define STATIC static
#define CONFIG_X86 1
#include "decompress_unxz.c"
#include "lx.h"

int lx_unxz(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
	    size_t *produced, const char **why)
{
	struct xz_buf b = {
		.in = in, .in_pos = 0, .in_size = in_len,
		.out = out, .out_pos = 0, .out_size = out_len,
	};
	struct xz_dec *s;
	enum xz_ret ret;

	*produced = 0;
	xz_crc32_init();
	s = xz_dec_init(XZ_SINGLE, 0);
	if (!s) {
		*why = "xz: no memory for the decoder state";
		return -1;
	}
	ret = xz_dec_run(s, &b);
	xz_dec_end(s);
	*produced = b.out_pos;
	switch (ret) {
	case XZ_STREAM_END:
		return 0;
	case XZ_OPTIONS_ERROR:
		*why = "xz: unsupported options (filter or check)";
		break;
	case XZ_FORMAT_ERROR:
		*why = "xz: not an .xz stream (bad magic)";
		break;
	case XZ_DATA_ERROR:
		*why = "xz: corrupt data";
		break;
	case XZ_MEMLIMIT_ERROR:
	case XZ_MEM_ERROR:
		*why = "xz: no memory";
		break;
	case XZ_BUF_ERROR:
		/* Input left over: the output buffer filled up first. */
		*why = b.in_pos < b.in_size ?
		       "xz: output larger than the size the image declares" :
		       "xz: stream truncated";
		break;
	default:
		*why = "xz: decoder error";
		break;
	}
	return -1;
}
