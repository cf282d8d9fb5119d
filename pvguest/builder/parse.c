/* A PV kernel image as a whole: ELF checks, Xen notes, extent and entry. */
#include "internal.h"
#include "errno.h"
#include "lib.h"

#define NO_ENTRY (~0UL)        /* never inside an image */

static int refuse(const char **why, int err, const char *reason)
{
	*why = reason;
	return err;
}

/*
 * Sets gi->v_start/v_end from the PT_LOAD segments at their load VAs,
 * each inside [virt_base, virt_base + 1 GiB), canonical, outside the
 * hypervisor's slots and overlapping no other.
 */
static int load_extent(const struct elf_image *e, struct xen_guest_info *gi,
		       const char **why)
{
	struct elf64_phdr ph, other;
	unsigned int i, j;

	gi->v_start = ~0UL;
	gi->v_end = 0;
	for (i = 0; i < e->eh.e_phnum; i++) {
		uint64_t va, off;

		elf_phdr(e, i, &ph);
		if (ph.p_type != ELF_PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_memsz > BUILDER_MAX_REGION)
			return refuse(why, -E2BIG, "segment larger than 1 GiB");
		va = seg_load_va(gi, &ph);
		off = va - gi->virt_base;
		if (va < gi->virt_base || off > BUILDER_MAX_REGION ||
		    ph.p_memsz > BUILDER_MAX_REGION - off)
			return refuse(why, -EINVAL,
				      "segment outside [VIRT_BASE, VIRT_BASE + 1 GiB)");
		if (!va_range_ok(va, ph.p_memsz))
			return refuse(why, -EINVAL,
				      "segment in the hypervisor's range or not canonical");
		for (j = 0; j < i; j++) {
			uint64_t ova;

			elf_phdr(e, j, &other);
			if (other.p_type != ELF_PT_LOAD || !other.p_memsz)
				continue;
			ova = seg_load_va(gi, &other);
			if (va < ova + other.p_memsz && ova < va + ph.p_memsz)
				return refuse(why, -EINVAL, "segments overlap");
		}
		gi->v_start = MIN(gi->v_start, va);
		gi->v_end = MAX(gi->v_end, va + ph.p_memsz);
	}
	return 0;
}

/* Contract in builder.h. */
int xen_guest_parse(const void *img, size_t len, struct xen_guest_info *gi,
		    const char **why)
{
	struct elf_image e;
	int rc;

	memset(gi, 0, sizeof(*gi));
	gi->guest_os = gi->guest_version = gi->xen_version = "";
	gi->loader = gi->pae_mode = gi->features = "";
	gi->entry = NO_ENTRY;
	rc = elf_open(&e, img, len, why);
	if (!rc)
		rc = xen_notes_parse(&e, gi, why);
	if (rc)
		return rc;
	if (strncmp(gi->xen_version, "xen-3.0", 7))
		return refuse(why, -EINVAL, "XEN_VERSION is not xen-3.0");
	if (strncmp(gi->loader, "generic", 7) &&
	    strncmp(gi->guest_os, "linux", 5))
		return refuse(why, -EINVAL,
			      "neither LOADER \"generic\" nor GUEST_OS \"linux\"");
	if (!IS_ALIGNED(gi->virt_base, PAGE_SIZE))
		return refuse(why, -EINVAL, "VIRT_BASE is not page aligned");
	rc = load_extent(&e, gi, why);
	if (rc)
		return rc;
	if (gi->entry == NO_ENTRY) {
		if (e.eh.e_entry < gi->v_start || e.eh.e_entry >= gi->v_end)
			return refuse(why, -EINVAL,
				      "no ENTRY note and e_entry lies outside the image");
		gi->entry = e.eh.e_entry;
	}
	if (gi->entry < gi->v_start || gi->entry >= gi->v_end)
		return refuse(why, -EINVAL, "ENTRY lies outside the image");
	if (gi->hypercall_page &&
	    (!IS_ALIGNED(gi->hypercall_page, PAGE_SIZE) ||
	     gi->hypercall_page < gi->v_start ||
	     gi->hypercall_page >= gi->v_end ||
	     gi->v_end - gi->hypercall_page < PAGE_SIZE))
		return refuse(why, -EINVAL,
			      "HYPERCALL_PAGE is not a page inside the image");
	return 0;
}

/* Contract in builder.h. */
int xen_guest_check_features(const struct xen_guest_info *gi,
			     const uint32_t *hv_features, size_t n,
			     const char **missing)
{
	for (unsigned int w = 0; w < BUILDER_FEAT_WORDS; w++) {
		uint32_t have = w < n ? hv_features[w] : 0;
		uint32_t lack = gi->features_required[w] & ~have;

		if (lack) {
			unsigned int nr = w * 32 + (unsigned int)__builtin_ctz(lack);
			const char *name = xen_feature_name(nr);

			*missing = name ? name : "an unnamed feature";
			return -EOPNOTSUPP;
		}
	}
	return 0;
}
