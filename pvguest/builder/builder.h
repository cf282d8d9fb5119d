/* The PV domain builder: Xen ELF notes, start-of-day layout, guest memory. */
#ifndef PVGUEST_BUILDER_H
#define PVGUEST_BUILDER_H

#include <xen/features.h>
#include "types.h"

/*
 * Everything here is pure: no allocation, no globals. Guest memory is
 * reached through the caller's callbacks (struct builder_mem). Errors are
 * negative errno values with a static reason string in *why.
 */

#define BUILDER_FEAT_WORDS   XENFEAT_NR_SUBMAPS  /* 32 bits each */
#define BUILDER_MAX_REGION   (1UL << 30)       /* bootstrap region limit */
#define BUILDER_MIN_PADDING  (512UL << 10)     /* after the boot stack */
#define BUILDER_REGION_ALIGN (4UL << 20)       /* end of the region */

/* What a kernel image declares: its Xen notes and its virtual extent. */
struct xen_guest_info {
	uint64_t entry;          /* ENTRY, else e_entry if inside the image */
	uint64_t virt_base;      /* VIRT_BASE: VA of pseudo-physical 0 */
	uint64_t paddr_offset;   /* PADDR_OFFSET */
	uint64_t hypercall_page; /* HYPERCALL_PAGE VA, 0 if none */
	uint64_t init_p2m;       /* INIT_P2M VA, 0 if none */
	uint64_t hv_start_low;   /* HV_START_LOW, 0 if none */
	uint64_t l1_mfn_valid[2];/* L1_MFN_VALID mask, value (0 if none) */
	bool has_l1_mfn_valid;
	bool suspend_cancel;     /* SUSPEND_CANCEL != 0 */
	bool mod_start_pfn;      /* MOD_START_PFN != 0 */
	bool bsd_symtab;         /* BSD_SYMTAB "yes" (symbols not loaded) */
	/*
	 * Strings point into the image (NUL-terminated); "" when absent.
	 * As in Xen, a string may end past its note's descsz (Linux's
	 * FEATURES ends in the note's padding).
	 */
	const char *guest_os, *guest_version, *xen_version, *loader;
	const char *pae_mode, *features;
	/* XENFEAT_* bitmaps: '!' names, and every named or SUPPORTED bit. */
	uint32_t features_required[BUILDER_FEAT_WORDS];
	uint32_t features_supported[BUILDER_FEAT_WORDS];
	/* Xen's "broken ELF" warning (a note ignored), else NULL. */
	const char *broken;
	/* [v_start, v_end): the loadable segments at their load VAs. */
	uint64_t v_start, v_end;
};

/*
 * Parses and checks a PV kernel ELF image: headers, segments (loaded at
 * p_paddr - PADDR_OFFSET + VIRT_BASE, inside [VIRT_BASE, VIRT_BASE +
 * 1 GiB), canonical, outside the hypervisor's L4 slots 256-271, never
 * overlapping), Xen notes from PT_NOTE segments or else SHT_NOTE sections.
 * Returns 0, -EINVAL (malformed or unsupported) or -E2BIG (too large),
 * with *why saying why. gi's strings point into img.
 */
int xen_guest_parse(const void *img, size_t len, struct xen_guest_info *gi,
		    const char **why);

/*
 * Checks that every feature the kernel requires is in hv_features (n
 * words of XENFEAT_* bits). Returns 0, or -EOPNOTSUPP with *missing naming
 * the first feature lacking.
 */
int xen_guest_check_features(const struct xen_guest_info *gi,
			     const uint32_t *hv_features, size_t n,
			     const char **missing);

/* Xen's name of XENFEAT_* number nr, or NULL. */
const char *xen_feature_name(unsigned int nr);

/*
 * The start-of-day layout, in pseudo-physical frames counted from
 * VIRT_BASE (VA = virt_base + pfn * 4 KiB), in Xen's order: kernel,
 * ramdisk, p2m, start_info, xenstore, console, page tables [L4][L3s][L2s]
 * [L1s], boot stack, padding; end aligned to 4 MiB.
 *
 * A kernel with a usable INIT_P2M note (page aligned, below VIRT_BASE, in
 * L4 slots of its own: Linux's 0x8000000000) gets its p2m apart, as Xen's
 * builders do: the region then holds no p2m, and after it come the p2m
 * frames and the tables [L3s][L2s][L1s] that map them at INIT_P2M (from
 * the one L4). Linux's cleanup_highmap then unmaps every region page
 * past the kernel, since it cleans up to first_p2m_pfn.
 */
struct builder_layout {
	uint64_t virt_base;
	unsigned long kernel_pfn, kernel_pages;
	unsigned long ramdisk_pfn, ramdisk_pages;
	unsigned long p2m_pfn, p2m_pages;
	uint64_t p2m_va;                 /* start_info.mfn_list */
	bool p2m_apart;                  /* at INIT_P2M, after the region */
	unsigned long p2m_pt_pfn;        /* apart: its tables, after it */
	unsigned int p2m_nr_l3, p2m_nr_l2, p2m_nr_l1;
	unsigned long start_info_pfn, store_pfn, console_pfn;
	unsigned long pt_pfn, nr_pt_frames;
	unsigned int nr_l4, nr_l3, nr_l2, nr_l1;
	unsigned long stack_pfn;
	unsigned long nr_region_pages;   /* mapped: pfns [0, nr_region_pages) */
	unsigned long nr_pages_used;     /* the region, and a p2m apart */
};

/*
 * Computes the layout for gi with a ramdisk of ramdisk_len bytes in a
 * domain of nr_pages pages. Returns 0, -E2BIG (region over 1 GiB or out
 * of the address space) or -ENOMEM (nr_pages too small), with *why.
 */
int builder_layout(const struct xen_guest_info *gi, size_t ramdisk_len,
		   unsigned long nr_pages, struct builder_layout *l,
		   const char **why);

/* Level (4..1) of page-table frame i (< nr_pt_frames), at pt_pfn + i. */
unsigned int builder_pt_level(const struct builder_layout *l, unsigned long i);

struct builder_params {
	unsigned long nr_pages;         /* pages the domain owns */
	const void *ramdisk;            /* NULL or ramdisk_len bytes */
	size_t ramdisk_len;
	const char *cmdline;            /* NULL = empty; truncated to 1023 */
	uint16_t domid;
	uint32_t flags;                 /* SIF_* for start_info */
	uint32_t store_evtchn, console_evtchn;
	uint64_t shared_info_maddr;     /* machine address */
};

/* Guest memory, as the caller sees it. */
struct builder_mem {
	void *ctx;
	/* A writable pointer to the 4 KiB of guest pfn, or NULL. */
	void *(*map)(void *ctx, unsigned long pfn);
	/* The machine frame backing guest pfn. */
	uint64_t (*pfn_to_mfn)(void *ctx, unsigned long pfn);
};

struct builder_result {
	struct builder_layout layout;
	uint64_t entry;                 /* rip */
	uint64_t stack_top;             /* rsp: top of the boot stack */
	uint64_t start_info_va;         /* rsi */
	uint64_t pt_base_va;            /* the L4 (CR3) */
	uint64_t pt_base_mfn;
	uint64_t store_mfn, console_mfn;
	unsigned long nr_pages_used;    /* pages of the bootstrap region */
};

/*
 * Writes the start-of-day state of a PV domain into its memory: segments
 * (bss zeroed), hypercall page, ramdisk, p2m, start_info, zeroed xenstore
 * and console pages, page tables (MFNs, _PAGE_USER everywhere, page-table
 * frames read-only, L4 slots 256-271 left zero) and the boot stack. gi
 * comes from xen_guest_parse of the same image. Pages of the region before
 * the kernel and after the stack are not written: the caller gives scrubbed
 * memory. The page-table frames to type and pin are layout.pt_pfn + i,
 * level builder_pt_level(&layout, i). Returns 0 or a negative errno with
 * *why (-EINVAL, -E2BIG, -ENOMEM, -EFAULT when map fails).
 */
int xen_guest_build(const struct xen_guest_info *gi, const void *img,
		    size_t len, const struct builder_params *p,
		    const struct builder_mem *mem, struct builder_result *out,
		    const char **why);

/*
 * Kernel images as users have them: an ELF vmlinux, a gzip-compressed
 * ELF, or a bzImage (Linux's x86 boot protocol >= 2.08) whose payload is
 * the ELF compressed with gzip, xz (x86 BCJ), LZ4 (legacy frame) or zstd,
 * with its uncompressed size as the little-endian u32 after it (Linux's
 * build appends it; gzip's own trailer ends in it). The builder reads the
 * container; decompression is the environment's (struct builder_decomp).
 */
enum builder_comp {
	BUILDER_COMP_NONE,      /* the ELF as it is */
	BUILDER_COMP_GZIP,      /* one gzip member */
	BUILDER_COMP_XZ,        /* one .xz stream */
	BUILDER_COMP_LZ4,       /* LZ4 legacy frame (magic 02 21 4c 18) */
	BUILDER_COMP_ZSTD,      /* zstd frames */
};

/* Largest decompressed image accepted (the bootstrap region's limit). */
#define BUILDER_MAX_IMAGE    BUILDER_MAX_REGION

/* "gzip", "xz", ...: the name of c, for logs. */
const char *builder_comp_name(enum builder_comp c);

/* What the environment supplies to unpack compressed images. */
struct builder_decomp {
	void *ctx;
	/* len bytes for the decompressed image, or NULL (memory short). */
	void *(*alloc)(void *ctx, size_t len);
	void (*free)(void *ctx, void *p, size_t len);
	/*
	 * Decompresses in_len bytes of format fmt into exactly out_len
	 * bytes at out: a stream that is corrupt, truncated, or that gives
	 * more or fewer bytes is an error. Returns 0 or a negative errno
	 * with *why.
	 */
	int (*decompress)(void *ctx, enum builder_comp fmt, const void *in,
			  size_t in_len, void *out, size_t out_len,
			  const char **why);
};

/* An opened kernel image: the ELF to give xen_guest_parse/_build. */
struct builder_image {
	const void *elf;
	size_t elf_len;
	void *buf;                      /* decompression buffer, or NULL */
	enum builder_comp comp;
	bool bzimage;
	uint16_t boot_version;          /* bzImage: 0x20f for 2.15 */
	size_t packed_len;              /* compressed bytes read */
};

/*
 * Opens img: an ELF is used in place; a gzip'd ELF or a bzImage's payload
 * is decompressed into a buffer from dc->alloc (dc may be NULL: then
 * compressed images are refused). Returns 0, or -EINVAL (malformed,
 * unsupported, decompression failed, not an ELF inside), -E2BIG (declared
 * size over BUILDER_MAX_IMAGE) or -ENOMEM (dc->alloc failed), with *why.
 * On success, builder_image_close() frees the buffer after the build.
 */
int builder_image_open(const void *img, size_t len,
		       const struct builder_decomp *dc,
		       struct builder_image *bi, const char **why);
void builder_image_close(const struct builder_decomp *dc,
			 struct builder_image *bi);

#endif
