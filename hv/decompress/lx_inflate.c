/* Raw deflate by Linux's lib/zlib_inflate, one call, bounded output. */

/*
 * Linux's preboot build of zlib_inflate (lib/decompress_inflate.c with
 * STATIC), from the linux-source tarball at build time. The gzip header
 * and trailer are read by decompress.c; this unit inflates the body.
 */
#define STATIC static
#include "decompress_inflate.c"
#include "lx.h"

int lx_inflate(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
	       size_t *in_used, size_t *produced, const char **why)
{
	z_stream s;
	int rc;

	*produced = 0;
	*in_used = 0;
	if (in_len > UINT_MAX || out_len > UINT_MAX) {
		*why = "gzip: more than 4 GiB";
		return -1;
	}
	memset(&s, 0, sizeof(s));
	s.workspace = decomp_alloc(zlib_inflate_workspacesize());
	if (!s.workspace) {
		*why = "gzip: no memory for the inflate workspace";
		return -1;
	}
	rc = zlib_inflateInit2(&s, -MAX_WBITS);
	if (rc == Z_OK) {
		s.next_in = in;
		s.avail_in = (uInt)in_len;
		s.next_out = out;
		s.avail_out = (uInt)out_len;
		rc = zlib_inflate(&s, Z_FINISH);
		zlib_inflateEnd(&s);
	}
	decomp_free(s.workspace);
	*produced = out_len - s.avail_out;
	*in_used = in_len - s.avail_in;
	if (rc == Z_STREAM_END)
		return 0;
	if (rc == Z_DATA_ERROR)
		*why = "gzip: corrupt deflate data";
	else if (rc == Z_BUF_ERROR || rc == Z_OK)
		*why = s.avail_out == 0 ?
		       "gzip: output larger than the size the image declares" :
		       "gzip: stream truncated";
	else
		*why = "gzip: inflate error";
	return -1;
}
