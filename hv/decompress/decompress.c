/* Decompression formats for the builder: framing ours, decoding Linux's. */
#include "decompress.h"
#include "errno.h"
#include "lib.h"
#include "lx.h"

/* RFC 1952: a gzip member's header flags. */
#define GZ_FHCRC    0x02
#define GZ_FEXTRA   0x04
#define GZ_FNAME    0x08
#define GZ_FCOMMENT 0x10
#define GZ_RESERVED 0xe0
#define GZ_DEFLATE  8

/* LZ4's legacy frame: magic, then blocks of [le32 size][data]. */
#define LZ4_LEGACY_MAGIC 0x184c2102u
#define LZ4_LEGACY_BLOCK (8u << 20)     /* uncompressed bytes per block */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int bad(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

/* Skips a NUL-terminated header field from *pos; false if it runs out. */
static bool skip_string(const uint8_t *p, size_t len, size_t *pos)
{
	while (*pos < len)
		if (!p[(*pos)++])
			return true;
	return false;
}

static int gunzip(const uint8_t *in, size_t len, uint8_t *out, size_t out_len,
		  const char **why)
{
	size_t pos = 10, used, produced;
	uint8_t flg;

	if (len < 18 || in[0] != 0x1f || in[1] != 0x8b)
		return bad(why, "gzip: not a gzip member (bad magic)");
	if (in[2] != GZ_DEFLATE)
		return bad(why, "gzip: compression method is not deflate");
	flg = in[3];
	if (flg & GZ_RESERVED)
		return bad(why, "gzip: reserved header flags set");
	if (flg & GZ_FEXTRA) {
		if (len - pos < 2 || len - pos - 2 < (size_t)(in[pos] | in[pos + 1] << 8))
			return bad(why, "gzip: header truncated (FEXTRA)");
		pos += 2 + (size_t)(in[pos] | in[pos + 1] << 8);
	}
	if ((flg & GZ_FNAME) && !skip_string(in, len, &pos))
		return bad(why, "gzip: header truncated (FNAME)");
	if ((flg & GZ_FCOMMENT) && !skip_string(in, len, &pos))
		return bad(why, "gzip: header truncated (FCOMMENT)");
	if ((flg & GZ_FHCRC) && (pos += 2) > len)
		return bad(why, "gzip: header truncated (FHCRC)");
	if (len - pos < 8)
		return bad(why, "gzip: stream truncated");
	if (lx_inflate(in + pos, len - pos, out, out_len, &used, &produced, why))
		return -EINVAL;
	if (produced != out_len)
		return bad(why, "gzip: stream ends before the size the image "
			   "declares");
	pos += used;
	/* The trailer: CRC32 (not checked, as Linux's boot), then ISIZE. */
	if (len - pos < 8)
		return bad(why, "gzip: trailer truncated");
	if (le32(in + pos + 4) != (uint32_t)out_len)
		return bad(why, "gzip: ISIZE disagrees with the data");
	return 0;
}

static int unlz4(const uint8_t *in, size_t len, uint8_t *out, size_t out_len,
		 const char **why)
{
	size_t pos = 4, done = 0, n, cap;

	if (len < 4 || le32(in) != LZ4_LEGACY_MAGIC)
		return bad(why, "lz4: not a legacy frame (bad magic)");
	while (len - pos >= 4) {
		uint32_t bsize = le32(in + pos);

		pos += 4;
		if (bsize == LZ4_LEGACY_MAGIC)
			continue;               /* frames one after another */
		if (bsize == 0)
			break;
		if (bsize > len - pos)
			return bad(why, "lz4: stream truncated (block past the end)");
		cap = MIN((size_t)LZ4_LEGACY_BLOCK, out_len - done);
		if (lx_lz4_block(in + pos, bsize, out + done, cap, &n, why))
			/* A block cut by out_len: the declared size lies. */
			return cap < LZ4_LEGACY_BLOCK ?
			       bad(why, "lz4: corrupt block, or output larger "
				   "than the size the image declares") : -EINVAL;
		done += n;
		pos += bsize;
	}
	if (pos != len && len - pos < 4)
		return bad(why, "lz4: stream truncated (block size cut)");
	if (done != out_len)
		return bad(why, "lz4: stream ends before the size the image "
			   "declares");
	return 0;
}

/* Contract in decompress.h. */
int decompress_image(void *ctx, enum builder_comp fmt, const void *in,
		     size_t in_len, void *out, size_t out_len,
		     const char **why)
{
	size_t produced;

	switch (fmt) {
	case BUILDER_COMP_GZIP:
		return gunzip(in, in_len, out, out_len, why);
	case BUILDER_COMP_LZ4:
		return unlz4(in, in_len, out, out_len, why);
	case BUILDER_COMP_XZ:
		if (lx_unxz(in, in_len, out, out_len, &produced, why))
			return -EINVAL;
		break;
	case BUILDER_COMP_ZSTD:
		if (lx_unzstd(in, in_len, out, out_len, &produced, why))
			return -EINVAL;
		break;
	default:
		return bad(why, "unknown compression");
	}
	if (produced != out_len)
		return bad(why, fmt == BUILDER_COMP_XZ ?
			   "xz: stream ends before the size the image declares" :
			   "zstd: stream ends before the size the image declares");
	return 0;
}
