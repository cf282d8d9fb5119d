/* Xen ELF notes of a PV kernel: strings, numbers and the FEATURES string. */
#include <xen/elfnote.h>
#include <xen/features.h>
#include "internal.h"
#include "errno.h"
#include "lib.h"

/* Xen's XENFEAT_* names; 12 and 18-20 are Xen's too (not in features.h). */
#define F(name) [XENFEAT_##name] = #name
static const char *const feature_names[] = {
	F(writable_page_tables),
	F(writable_descriptor_tables),
	F(auto_translated_physmap),
	F(supervisor_mode_kernel),
	F(pae_pgdir_above_4gb),
	F(mmu_pt_update_preserve_ad),
	F(highmem_assist),
	F(gnttab_map_avail_bits),
	F(hvm_callback_vector),
	F(hvm_safe_pvclock),
	F(hvm_pirqs),
	F(dom0),
	[12] = "grant_map_identity",
	F(memory_op_vnode_supported),
	F(ARM_SMCCC_supported),
	F(linux_rsdp_unrestricted),
	F(not_direct_mapped),
	F(direct_mapped),
	[18] = "runstate_phys_area",
	[19] = "vcpu_time_phys_area",
	[20] = "dm_msix_all_writes",
};
#undef F

const char *xen_feature_name(unsigned int nr)
{
	return nr < ARRAY_SIZE(feature_names) ? feature_names[nr] : NULL;
}

static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

static void set_bit32(uint32_t *map, unsigned int nr)
{
	map[nr / 32] |= 1u << (nr % 32);
}

/*
 * Parses "a|b|!c": every name is supported, '!' names are also required.
 * Unknown optional names are ignored (Xen does the same); an unknown
 * required one refuses the image.
 */
static int parse_features(struct xen_guest_info *gi, const char *s,
			  const char **why)
{
	while (*s) {
		const char *end = s;
		bool required = false;
		size_t n;
		unsigned int nr;

		while (*end && *end != '|')
			end++;
		if (*s == '!') {
			required = true;
			s++;
		}
		n = (size_t)(end - s);
		for (nr = 0; nr < ARRAY_SIZE(feature_names); nr++) {
			const char *name = feature_names[nr];

			if (nr < 32 * BUILDER_FEAT_WORDS && n &&
			    strlen(name) == n && !strncmp(name, s, n))
				break;
		}
		if (nr < ARRAY_SIZE(feature_names)) {
			set_bit32(gi->features_supported, nr);
			if (required)
				set_bit32(gi->features_required, nr);
		} else if (required) {
			return refuse(why, "FEATURES requires a feature unknown to this hypervisor");
		}
		s = *end ? end + 1 : end;
	}
	return 0;
}

/* A little-endian number of 1, 2, 4 or 8 bytes, as Xen accepts. */
static int note_number(const uint8_t *desc, uint32_t size, uint64_t *v,
		       const char **why)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return refuse(why, "numeric Xen note is not 1, 2, 4 or 8 bytes");
	*v = 0;
	for (uint32_t i = 0; i < size; i++)
		*v |= (uint64_t)desc[i] << (8 * i);
	return 0;
}

/* libelf's ELF_MAX_STRING_LENGTH: the longest string Xen reads. */
#define XEN_MAX_STRING_LENGTH 4096

/*
 * A string as Xen's loader reads one (libelf's elf_strval): it starts at
 * img[off] and ends at the first NUL anywhere in the image, which may lie
 * past the note's descsz: Linux emits FEATURES with .ascii, and its NUL
 * is the note's padding. At most XEN_MAX_STRING_LENGTH characters.
 * Returns NULL when no NUL follows within the image or that length.
 */
static const char *image_string(const struct elf_image *e, uint64_t off)
{
	for (uint64_t n = 0; n <= XEN_MAX_STRING_LENGTH && off + n < e->len; n++)
		if (!e->img[off + n])
			return (const char *)e->img + off;
	return NULL;
}

/*
 * One Xen note of type t, its descriptor at image offset off. A string
 * note without a NUL is ignored and gi->broken says so, as Xen's loader
 * marks the ELF broken (a warning) and goes on without the note.
 */
static int take_note(struct xen_guest_info *gi, const struct elf_image *e,
		     uint32_t t, uint64_t off, uint32_t size, const char **why)
{
	const uint8_t *desc = e->img + off;
	const char *str = NULL;
	uint64_t v = 0;
	int rc = 0;

	switch (t) {
	case XEN_ELFNOTE_XEN_VERSION: case XEN_ELFNOTE_GUEST_OS:
	case XEN_ELFNOTE_GUEST_VERSION: case XEN_ELFNOTE_LOADER:
	case XEN_ELFNOTE_PAE_MODE: case XEN_ELFNOTE_FEATURES:
	case XEN_ELFNOTE_BSD_SYMTAB:
		str = image_string(e, off);
		if (!str) {
			gi->broken = "a string Xen note has no NUL within the image or 4096 bytes: note ignored";
			return 0;
		}
		break;
	case XEN_ELFNOTE_ENTRY: case XEN_ELFNOTE_HYPERCALL_PAGE:
	case XEN_ELFNOTE_VIRT_BASE: case XEN_ELFNOTE_PADDR_OFFSET:
	case XEN_ELFNOTE_HV_START_LOW: case XEN_ELFNOTE_SUSPEND_CANCEL:
	case XEN_ELFNOTE_INIT_P2M: case XEN_ELFNOTE_MOD_START_PFN:
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		rc = note_number(desc, size, &v, why);
		break;
	case XEN_ELFNOTE_L1_MFN_VALID:
		/* Pairs of (mask, value); Linux gives one of 8-byte numbers. */
		if (size != 8 && size != 16)
			return refuse(why, "L1_MFN_VALID note is not 8 or 16 bytes");
		memcpy(gi->l1_mfn_valid, desc, size);
		if (size == 8)
			gi->l1_mfn_valid[1] = gi->l1_mfn_valid[0];
		gi->has_l1_mfn_valid = true;
		return 0;
	default:
		return 0;               /* INFO, PHYS32_*, unknown: not ours */
	}
	if (rc)
		return rc;
	switch (t) {
	case XEN_ELFNOTE_XEN_VERSION:   gi->xen_version = str; break;
	case XEN_ELFNOTE_GUEST_OS:      gi->guest_os = str; break;
	case XEN_ELFNOTE_GUEST_VERSION: gi->guest_version = str; break;
	case XEN_ELFNOTE_LOADER:        gi->loader = str; break;
	case XEN_ELFNOTE_PAE_MODE:      gi->pae_mode = str; break;
	case XEN_ELFNOTE_BSD_SYMTAB:    gi->bsd_symtab = !strcmp(str, "yes"); break;
	case XEN_ELFNOTE_FEATURES:
		gi->features = str;
		return parse_features(gi, str, why);
	case XEN_ELFNOTE_ENTRY:          gi->entry = v; break;
	case XEN_ELFNOTE_HYPERCALL_PAGE: gi->hypercall_page = v; break;
	case XEN_ELFNOTE_VIRT_BASE:      gi->virt_base = v; break;
	case XEN_ELFNOTE_PADDR_OFFSET:   gi->paddr_offset = v; break;
	case XEN_ELFNOTE_HV_START_LOW:   gi->hv_start_low = v; break;
	case XEN_ELFNOTE_SUSPEND_CANCEL: gi->suspend_cancel = v != 0; break;
	case XEN_ELFNOTE_INIT_P2M:       gi->init_p2m = v; break;
	case XEN_ELFNOTE_MOD_START_PFN:  gi->mod_start_pfn = v != 0; break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		gi->features_supported[0] |= (uint32_t)v;
		break;
	}
	return 0;
}

/*
 * Walks the notes in img[off, off + size) with the given alignment (4,
 * or 8 for 8-aligned note areas), taking those named "Xen". The area was
 * checked to lie in the image. *count gets the number of Xen notes.
 */
static int walk_notes(struct xen_guest_info *gi, const struct elf_image *e,
		      uint64_t off, uint64_t size, uint64_t align,
		      unsigned int *count, const char **why)
{
	const uint8_t *p = e->img + off;
	uint64_t pos = 0;
	const char *name;

	align = align == 8 ? 8 : 4;
	while (size - pos >= sizeof(struct elf64_nhdr)) {
		struct elf64_nhdr nh;
		uint64_t name_at, desc_at, next;
		int rc;

		memcpy(&nh, p + pos, sizeof(nh));
		name_at = pos + sizeof(nh);
		desc_at = name_at + ALIGN_UP((uint64_t)nh.n_namesz, align);
		next = desc_at + ALIGN_UP((uint64_t)nh.n_descsz, align);
		if (desc_at + nh.n_descsz > size)
			return refuse(why, "ELF note runs past the end of its segment or section");
		/* The name is a string too, read the same way (as Xen does). */
		name = image_string(e, off + name_at);
		if (name && !strcmp(name, "Xen")) {
			rc = take_note(gi, e, nh.n_type, off + desc_at,
				       nh.n_descsz, why);
			if (rc)
				return rc;
			(*count)++;
		}
		if (next >= size)
			break;
		pos = next;
	}
	return 0;
}

/* Contract in internal.h. */
int xen_notes_parse(const struct elf_image *e, struct xen_guest_info *gi,
		    const char **why)
{
	unsigned int count = 0, i;
	bool in_segments;
	int rc;

	for (i = 0; i < e->eh.e_phnum; i++) {
		struct elf64_phdr ph;

		elf_phdr(e, i, &ph);
		if (ph.p_type != ELF_PT_NOTE)
			continue;
		rc = walk_notes(gi, e, ph.p_offset, ph.p_filesz, ph.p_align,
				&count, why);
		if (rc)
			return rc;
	}
	in_segments = count != 0;
	for (i = 0; !in_segments && i < e->eh.e_shnum; i++) {
		struct elf64_shdr sh;

		elf_shdr(e, i, &sh);
		if (sh.sh_type != ELF_SHT_NOTE)
			continue;
		if (!elf_range_ok(e, sh.sh_offset, sh.sh_size))
			return refuse(why, "note section lies past the end of the image");
		rc = walk_notes(gi, e, sh.sh_offset, sh.sh_size,
				sh.sh_addralign, &count, why);
		if (rc)
			return rc;
	}
	if (!count)
		return refuse(why, "no Xen ELF notes: not a Xen PV kernel");
	return 0;
}
