/* Kernel image containers: ELF, gzip'd ELF, bzImage (boot protocol >= 2.08). */
#include "builder.h"
#include "errno.h"
#include "lib.h"

/*
 * Linux's x86 boot protocol (Documentation/x86/boot.rst): the setup
 * header's fields the builder reads, as offsets into the image.
 */
#define BZ_SETUP_SECTS   0x1f1   /* u8: 512-byte setup sectors, 0 means 4 */
#define BZ_HEADER        0x202   /* "HdrS" */
#define BZ_VERSION       0x206   /* u16: protocol version, 0x208 = 2.08 */
#define BZ_PAYLOAD_OFF   0x248   /* u32: payload, from the protected-mode code */
#define BZ_PAYLOAD_LEN   0x24c   /* u32 */
#define BZ_HDR_END       0x250
#define BZ_MIN_VERSION   0x208   /* the first with payload_offset/length */

#define ELF_HDR_LEN      64      /* an ELF64 header */

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static bool has_magic(const uint8_t *p, size_t len, const char *m, size_t n)
{
	return len >= n && !memcmp(p, m, n);
}

const char *builder_comp_name(enum builder_comp c)
{
	switch (c) {
	case BUILDER_COMP_NONE: return "uncompressed";
	case BUILDER_COMP_GZIP: return "gzip";
	case BUILDER_COMP_XZ:   return "xz";
	case BUILDER_COMP_LZ4:  return "lz4";
	case BUILDER_COMP_ZSTD: return "zstd";
	}
	return "?";
}

static int refuse(const char **why, const char *reason, int err)
{
	*why = reason;
	return err;
}

/*
 * The compression of a payload, by its magic (as Linux's
 * decompress_method() and Xen's loaders tell them). Formats Linux can
 * build but the builder does not take are refused by name.
 */
static int payload_comp(const uint8_t *p, size_t len, enum builder_comp *c,
			const char **why)
{
	if (has_magic(p, len, "\x7f" "ELF", 4))
		*c = BUILDER_COMP_NONE;
	else if (has_magic(p, len, "\x1f\x8b", 2))
		*c = BUILDER_COMP_GZIP;
	else if (has_magic(p, len, "\xfd" "7zXZ\0", 6))
		*c = BUILDER_COMP_XZ;
	else if (has_magic(p, len, "\x02\x21\x4c\x18", 4))
		*c = BUILDER_COMP_LZ4;
	else if (has_magic(p, len, "\x28\xb5\x2f\xfd", 4))
		*c = BUILDER_COMP_ZSTD;
	else if (has_magic(p, len, "BZh", 3))
		return refuse(why, "bzImage payload is bzip2-compressed: not "
			      "supported (gzip, xz, lz4, zstd are)", -EINVAL);
	else if (has_magic(p, len, "\x5d\x00\x00", 3))
		return refuse(why, "bzImage payload is lzma-compressed: not "
			      "supported (gzip, xz, lz4, zstd are)", -EINVAL);
	else if (has_magic(p, len, "\x89LZO", 4))
		return refuse(why, "bzImage payload is lzo-compressed: not "
			      "supported (gzip, xz, lz4, zstd are)", -EINVAL);
	else
		return refuse(why, "bzImage payload: unknown compression "
			      "(bad magic)", -EINVAL);
	return 0;
}

/*
 * Decompresses in (format c, in_len bytes) into a buffer of size bytes
 * from dc and points bi at it.
 */
static int unpack(const struct builder_decomp *dc, enum builder_comp c,
		  const uint8_t *in, size_t in_len, uint32_t size,
		  struct builder_image *bi, const char **why)
{
	void *buf;
	int rc;

	if (size < ELF_HDR_LEN)
		return refuse(why, "compressed kernel: declared size is too "
			      "small for an ELF image", -EINVAL);
	if (size > BUILDER_MAX_IMAGE)
		return refuse(why, "compressed kernel: declared size is over "
			      "1 GiB", -E2BIG);
	if (!dc || !dc->decompress || !dc->alloc)
		return refuse(why, "compressed kernel, and no decompressor "
			      "here", -EINVAL);
	buf = dc->alloc(dc->ctx, size);
	if (!buf)
		return refuse(why, "not enough memory to decompress the "
			      "kernel", -ENOMEM);
	rc = dc->decompress(dc->ctx, c, in, in_len, buf, size, why);
	if (!rc && !has_magic(buf, size, "\x7f" "ELF", 4)) {
		*why = "the decompressed kernel is not an ELF image";
		rc = -EINVAL;
	}
	if (rc) {
		if (dc->free)
			dc->free(dc->ctx, buf, size);
		return rc < 0 ? rc : -EINVAL;
	}
	bi->buf = buf;
	bi->elf = buf;
	bi->elf_len = size;
	bi->comp = c;
	bi->packed_len = in_len;
	return 0;
}

/* A bzImage: the setup header, then its payload. */
static int open_bzimage(const uint8_t *img, size_t len,
			const struct builder_decomp *dc,
			struct builder_image *bi, const char **why)
{
	unsigned int setup_sects;
	uint64_t start, plen;
	const uint8_t *payload;
	enum builder_comp c;
	int rc;

	bi->bzimage = true;
	if (len < BZ_VERSION + 2)
		return refuse(why, "bzImage cut short inside its setup header",
			      -EINVAL);
	bi->boot_version = le16(img + BZ_VERSION);
	if (bi->boot_version < BZ_MIN_VERSION)
		return refuse(why, "bzImage boot protocol older than 2.08 "
			      "(no payload fields)", -EINVAL);
	if (len < BZ_HDR_END)
		return refuse(why, "bzImage cut short inside its setup header",
			      -EINVAL);
	setup_sects = img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : 4;
	start = (uint64_t)(setup_sects + 1) * 512 + le32(img + BZ_PAYLOAD_OFF);
	plen = le32(img + BZ_PAYLOAD_LEN);
	if (start > len || plen > len - start)
		return refuse(why, "bzImage payload lies past the end of the "
			      "image (truncated?)", -EINVAL);
	if (plen < 8)
		return refuse(why, "bzImage payload is too short", -EINVAL);
	payload = img + start;
	rc = payload_comp(payload, plen, &c, why);
	if (rc)
		return rc;
	if (c == BUILDER_COMP_NONE) {
		bi->elf = payload;
		bi->elf_len = plen;
		bi->packed_len = plen;
		return 0;
	}
	/*
	 * The size after the payload: for gzip it is the member's own ISIZE
	 * (its last 4 bytes, part of the stream); the others have it
	 * appended after theirs.
	 */
	return unpack(dc, c, payload,
		      c == BUILDER_COMP_GZIP ? plen : plen - 4,
		      le32(payload + plen - 4), bi, why);
}

/* Contract in builder.h. */
int builder_image_open(const void *img, size_t len,
		       const struct builder_decomp *dc,
		       struct builder_image *bi, const char **why)
{
	const uint8_t *p = img;

	memset(bi, 0, sizeof(*bi));
	bi->elf = img;
	bi->elf_len = len;
	if (!img)
		return refuse(why, "no kernel image", -EINVAL);
	if (len >= BZ_HEADER + 4 && !memcmp(p + BZ_HEADER, "HdrS", 4) &&
	    !has_magic(p, len, "\x7f" "ELF", 4))
		return open_bzimage(p, len, dc, bi, why);
	if (has_magic(p, len, "\x1f\x8b", 2)) {
		/* A gzip'd ELF: ISIZE, the member's last 4 bytes, is its size. */
		if (len < 18)
			return refuse(why, "gzip'd kernel is too short", -EINVAL);
		return unpack(dc, BUILDER_COMP_GZIP, p, len, le32(p + len - 4),
			      bi, why);
	}
	return 0;               /* an ELF, or not: xen_guest_parse says */
}

void builder_image_close(const struct builder_decomp *dc,
			 struct builder_image *bi)
{
	if (bi->buf && dc && dc->free)
		dc->free(dc->ctx, bi->buf, bi->elf_len);
	bi->buf = NULL;
}
