/* Writing a PV domain's start-of-day state into its memory. */
#include <xen/xen.h>
#include "build_internal.h"
#include "errno.h"
#include "lib.h"

/* The start_info offsets Linux reads (ABI-LINUX.md section 1). */
_Static_assert(offsetof(struct start_info, nr_pages) == 32, "start_info");
_Static_assert(offsetof(struct start_info, flags) == 48, "start_info");
_Static_assert(offsetof(struct start_info, store_evtchn) == 64, "start_info");
_Static_assert(offsetof(struct start_info, console.domU.mfn) == 72, "start_info");
_Static_assert(offsetof(struct start_info, console.domU.evtchn) == 80, "start_info");
_Static_assert(offsetof(struct start_info, pt_base) == 88, "start_info");
_Static_assert(offsetof(struct start_info, mod_len) == 120, "start_info");
_Static_assert(offsetof(struct start_info, cmd_line) == 128, "start_info");
_Static_assert(offsetof(struct start_info, first_p2m_pfn) == 1152, "start_info");
_Static_assert(offsetof(struct start_info, nr_p2m_frames) == 1160, "start_info");

#define SI_MAGIC "xen-3.0-x86_64"

void *build_map(struct build_ctx *c, unsigned long pfn)
{
	void *p = c->mem->map(c->mem->ctx, pfn);

	if (!p)
		*c->why = "cannot map a guest page";
	return p;
}

int build_mfn(struct build_ctx *c, unsigned long pfn, uint64_t *mfn)
{
	*mfn = c->mem->pfn_to_mfn(c->mem->ctx, pfn);
	if (*mfn >> 40) {       /* 52-bit machine addresses */
		*c->why = "pfn_to_mfn gave an invalid MFN";
		return -EINVAL;
	}
	return 0;
}

static uint64_t pfn_va(const struct builder_layout *l, unsigned long pfn)
{
	return l->virt_base + ((uint64_t)pfn << PAGE_SHIFT);
}

/* Copies n bytes to guest VA va (inside the region, pages mapped). */
static int copy_to_va(struct build_ctx *c, uint64_t va, const uint8_t *src,
		      uint64_t n)
{
	while (n) {
		uint64_t off = va - c->l->virt_base;
		uint64_t in_page = off & (PAGE_SIZE - 1);
		uint64_t chunk = MIN(n, PAGE_SIZE - in_page);
		uint8_t *p = build_map(c, (unsigned long)(off >> PAGE_SHIFT));

		if (!p)
			return -EFAULT;
		memcpy(p + in_page, src, chunk);
		va += chunk;
		src += chunk;
		n -= chunk;
	}
	return 0;
}

static int zero_pages(struct build_ctx *c, unsigned long pfn, unsigned long n)
{
	for (; n; n--, pfn++) {
		void *p = build_map(c, pfn);

		if (!p)
			return -EFAULT;
		memset(p, 0, PAGE_SIZE);
	}
	return 0;
}

/*
 * Xen's 64-bit PV hypercall page: 32-byte stubs that save rcx/r11 around
 * `syscall`; the iret stub pushes rcx, r11, rax (completing the
 * iret_context the guest built) and never returns. Unused bytes int3.
 */
static void fill_hypercall_page(uint8_t *p)
{
	memset(p, 0xcc, PAGE_SIZE);
	for (uint32_t i = 0; i < PAGE_SIZE / 32; i++, p += 32) {
		uint8_t *q = p;

		*q++ = 0x51;                            /* push %rcx */
		*q++ = 0x41; *q++ = 0x53;               /* push %r11 */
		if (i == __HYPERVISOR_iret)
			*q++ = 0x50;                    /* push %rax */
		*q++ = 0xb8;                            /* mov $i, %eax */
		memcpy(q, &i, 4);
		q += 4;
		*q++ = 0x0f; *q++ = 0x05;               /* syscall */
		if (i == __HYPERVISOR_iret)
			continue;
		*q++ = 0x41; *q++ = 0x5b;               /* pop %r11 */
		*q++ = 0x59;                            /* pop %rcx */
		*q = 0xc3;                              /* ret */
	}
}

/* The PT_LOAD segments' file bytes, each where gi says it belongs. */
static int load_segments(struct build_ctx *c, const struct xen_guest_info *gi,
			 const struct elf_image *e)
{
	for (unsigned int i = 0; i < e->eh.e_phnum; i++) {
		struct elf64_phdr ph;
		uint64_t va;
		int rc;

		elf_phdr(e, i, &ph);
		if (ph.p_type != ELF_PT_LOAD || !ph.p_memsz)
			continue;
		va = seg_load_va(gi, &ph);
		if (va < gi->v_start || va > gi->v_end ||
		    ph.p_memsz > gi->v_end - va) {
			*c->why = "guest info does not match the image";
			return -EINVAL;
		}
		rc = copy_to_va(c, va, e->img + ph.p_offset, ph.p_filesz);
		if (rc)
			return rc;
	}
	return 0;
}

/* The p2m: nr_pages MFNs, the rest of its last page INVALID_MFN. */
static int write_p2m(struct build_ctx *c, unsigned long nr_pages)
{
	const struct builder_layout *l = c->l;
	unsigned long pfn = 0;

	for (unsigned long pg = 0; pg < l->p2m_pages; pg++) {
		uint64_t *p = build_map(c, l->p2m_pfn + pg);

		if (!p)
			return -EFAULT;
		for (unsigned int i = 0; i < PAGE_SIZE / 8; i++, pfn++) {
			p[i] = ~0UL;
			if (pfn < nr_pages && build_mfn(c, pfn, &p[i]))
				return -EINVAL;
		}
	}
	return 0;
}

static int write_start_info(struct build_ctx *c, const struct xen_guest_info *gi,
			    const struct builder_params *p,
			    struct builder_result *out)
{
	const struct builder_layout *l = c->l;
	struct start_info *si = build_map(c, l->start_info_pfn);
	size_t n = p->cmdline ? strnlen(p->cmdline, MAX_GUEST_CMDLINE) : 0;

	if (!si)
		return -EFAULT;
	memcpy(si->magic, SI_MAGIC, sizeof(SI_MAGIC));
	si->nr_pages = p->nr_pages;
	si->shared_info = p->shared_info_maddr;
	si->flags = p->flags;
	if (!gi->mod_start_pfn)
		si->flags &= ~SIF_MOD_START_PFN;
	if (!(p->flags & SIF_INITDOMAIN)) {
		/* dom0 has no xenstore yet and console.dom0 is VGA info. */
		si->store_mfn = out->store_mfn;
		si->store_evtchn = p->store_evtchn;
		si->console.domU.mfn = out->console_mfn;
		si->console.domU.evtchn = p->console_evtchn;
	}
	si->pt_base = out->pt_base_va;
	si->nr_pt_frames = l->nr_pt_frames;
	si->mfn_list = l->p2m_va;
	if (p->ramdisk_len) {
		si->mod_start = (si->flags & SIF_MOD_START_PFN) ?
			l->ramdisk_pfn : pfn_va(l, l->ramdisk_pfn);
		si->mod_len = p->ramdisk_len;
	}
	n = MIN(n, sizeof(si->cmd_line) - 1);
	memcpy(si->cmd_line, p->cmdline ? p->cmdline : "", n);
	if (l->p2m_apart) {
		/* As libxc: the p2m frames and the tables mapping them. */
		si->first_p2m_pfn = l->p2m_pfn;
		si->nr_p2m_frames = l->nr_pages_used - l->p2m_pfn;
	}
	return 0;
}

/* Contract in builder.h. */
int xen_guest_build(const struct xen_guest_info *gi, const void *img,
		    size_t len, const struct builder_params *p,
		    const struct builder_mem *mem, struct builder_result *out,
		    const char **why)
{
	struct builder_layout *l = &out->layout;
	struct build_ctx c = { .mem = mem, .l = l, .why = why };
	struct elf_image e;
	int rc;

	memset(out, 0, sizeof(*out));
	if (p->ramdisk_len && !p->ramdisk) {
		*why = "ramdisk length without a ramdisk";
		return -EINVAL;
	}
	rc = builder_layout(gi, p->ramdisk_len, p->nr_pages, l, why);
	if (!rc)
		rc = elf_open(&e, img, len, why);
	/* Everything from the kernel to the boot stack starts zeroed. */
	if (!rc)
		rc = zero_pages(&c, l->kernel_pfn, l->stack_pfn + 1 - l->kernel_pfn);
	if (!rc && l->p2m_apart)        /* the tables mapping the p2m */
		rc = zero_pages(&c, l->p2m_pt_pfn, l->nr_pages_used - l->p2m_pt_pfn);
	if (!rc)
		rc = load_segments(&c, gi, &e);
	if (!rc && gi->hypercall_page) {
		uint8_t *hp = build_map(&c, (unsigned long)
			((gi->hypercall_page - gi->virt_base) >> PAGE_SHIFT));

		if (!hp)
			return -EFAULT;
		fill_hypercall_page(hp);
	}
	if (!rc && p->ramdisk_len)
		rc = copy_to_va(&c, pfn_va(l, l->ramdisk_pfn), p->ramdisk,
				p->ramdisk_len);
	if (!rc)
		rc = write_p2m(&c, p->nr_pages);
	if (!rc)
		rc = build_mfn(&c, l->store_pfn, &out->store_mfn);
	if (!rc)
		rc = build_mfn(&c, l->console_pfn, &out->console_mfn);
	if (!rc)
		rc = build_mfn(&c, l->pt_pfn, &out->pt_base_mfn);
	if (rc)
		return rc;
	out->entry = gi->entry;
	out->stack_top = pfn_va(l, l->stack_pfn + 1);
	out->start_info_va = pfn_va(l, l->start_info_pfn);
	out->pt_base_va = pfn_va(l, l->pt_pfn);
	out->nr_pages_used = l->nr_pages_used;
	rc = write_start_info(&c, gi, p, out);
	if (!rc)
		rc = build_page_tables(&c);
	return rc;
}
