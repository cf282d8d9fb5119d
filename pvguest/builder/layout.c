/* The start-of-day layout of a PV domain: Xen's order, sizes, page tables. */
#include "internal.h"
#include "errno.h"
#include "lib.h"

static int refuse(const char **why, int err, const char *reason)
{
	*why = reason;
	return err;
}

static unsigned long pages_of(uint64_t bytes)
{
	return (unsigned long)((bytes + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

/* Distinct slots of 2^shift bytes that [first, last] touches. */
static unsigned int slots(uint64_t first, uint64_t last, unsigned int shift)
{
	return (unsigned int)((last >> shift) - (first >> shift) + 1);
}

/*
 * The region [virt_base, virt_base + *size) that ends after the boot
 * stack at stack_pfn with >= 512 KiB of padding, its end 4 MiB aligned.
 */
static int region_size(uint64_t virt_base, unsigned long stack_pfn,
		       uint64_t *size, const char **why)
{
	uint64_t used, pad;

	if (stack_pfn >= BUILDER_MAX_REGION >> PAGE_SHIFT)
		return refuse(why, -E2BIG, "bootstrap region larger than 1 GiB");
	used = ((uint64_t)stack_pfn + 1) << PAGE_SHIFT;
	pad = (0 - (virt_base + used)) & (BUILDER_REGION_ALIGN - 1);
	if (pad < BUILDER_MIN_PADDING)
		pad += BUILDER_REGION_ALIGN;
	*size = used + pad;
	if (*size > BUILDER_MAX_REGION)
		return refuse(why, -E2BIG, "bootstrap region larger than 1 GiB");
	if (!va_range_ok(virt_base, *size))
		return refuse(why, -E2BIG,
			      "bootstrap region leaves the guest's address space");
	return 0;
}

/*
 * Whether the p2m of p2m_pages goes apart at INIT_P2M, as in Xen (libxc
 * ignores a p2m_base that is unaligned or not below virt_base): it must
 * also be canonical, clear of the hypervisor, and end in an L4 slot
 * below the region's, so that the two mappings share only the L4.
 */
static bool p2m_apart(const struct xen_guest_info *gi, unsigned long p2m_pages)
{
	uint64_t va = gi->init_p2m, size = (uint64_t)p2m_pages << PAGE_SHIFT;

	if (!va || !IS_ALIGNED(va, PAGE_SIZE) || va >= gi->virt_base)
		return false;
	if (!va_range_ok(va, size) || size > gi->virt_base - va)
		return false;
	return (va + size - 1) >> 39 < gi->virt_base >> 39;
}

/* Contract in builder.h. */
int builder_layout(const struct xen_guest_info *gi, size_t ramdisk_len,
		   unsigned long nr_pages, struct builder_layout *l,
		   const char **why)
{
	uint64_t kend, size = 0, first, last;
	unsigned long pfn, nr_pt = 0;
	int rc;

	memset(l, 0, sizeof(*l));
	l->virt_base = gi->virt_base;
	if (gi->v_end <= gi->v_start || gi->v_start < gi->virt_base ||
	    gi->v_end - gi->virt_base > BUILDER_MAX_REGION)
		return refuse(why, -EINVAL, "guest info has no valid image extent");
	if (ramdisk_len > BUILDER_MAX_REGION)
		return refuse(why, -E2BIG, "ramdisk larger than 1 GiB");
	if (nr_pages > BUILDER_MAX_REGION / sizeof(uint64_t))
		return refuse(why, -E2BIG, "p2m of nr_pages larger than 1 GiB");
	l->kernel_pfn = (unsigned long)((gi->v_start - gi->virt_base) >> PAGE_SHIFT);
	kend = pages_of(gi->v_end - gi->virt_base);
	l->kernel_pages = (unsigned long)kend - l->kernel_pfn;
	pfn = (unsigned long)kend;
	l->ramdisk_pfn = pfn;
	l->ramdisk_pages = pages_of(ramdisk_len);
	pfn += l->ramdisk_pages;
	l->p2m_pages = pages_of((uint64_t)nr_pages * sizeof(uint64_t));
	l->p2m_apart = p2m_apart(gi, l->p2m_pages);
	if (!l->p2m_apart) {
		l->p2m_pfn = pfn;
		pfn += l->p2m_pages;
	}
	l->start_info_pfn = pfn++;
	l->store_pfn = pfn++;
	l->console_pfn = pfn++;
	l->pt_pfn = pfn;

	/* Tables covering the region, which grows with them: to a fixpoint. */
	for (;;) {
		unsigned long need;

		rc = region_size(gi->virt_base, l->pt_pfn + nr_pt, &size, why);
		if (rc)
			return rc;
		first = gi->virt_base;
		last = first + size - 1;
		l->nr_l4 = 1;
		l->nr_l3 = slots(first, last, 39);
		l->nr_l2 = slots(first, last, 30);
		l->nr_l1 = slots(first, last, 21);
		need = l->nr_l4 + l->nr_l3 + l->nr_l2 + l->nr_l1;
		if (need <= nr_pt)
			break;
		nr_pt = need;
	}
	l->nr_pt_frames = nr_pt;
	l->stack_pfn = l->pt_pfn + nr_pt;
	l->nr_region_pages = (unsigned long)(size >> PAGE_SHIFT);
	l->nr_pages_used = l->nr_region_pages;
	if (l->p2m_apart) {
		first = gi->init_p2m;
		last = first + ((uint64_t)l->p2m_pages << PAGE_SHIFT) - 1;
		l->p2m_va = first;
		l->p2m_pfn = l->nr_region_pages;
		l->p2m_pt_pfn = l->p2m_pfn + l->p2m_pages;
		l->p2m_nr_l3 = slots(first, last, 39);
		l->p2m_nr_l2 = slots(first, last, 30);
		l->p2m_nr_l1 = slots(first, last, 21);
		l->nr_pages_used = l->p2m_pt_pfn + l->p2m_nr_l3 +
				   l->p2m_nr_l2 + l->p2m_nr_l1;
	} else {
		l->p2m_va = gi->virt_base + ((uint64_t)l->p2m_pfn << PAGE_SHIFT);
	}
	if (l->nr_pages_used > nr_pages)
		return refuse(why, -ENOMEM,
			      "nr_pages too small for the bootstrap layout");
	return 0;
}

/* Contract in builder.h. */
unsigned int builder_pt_level(const struct builder_layout *l, unsigned long i)
{
	if (i < l->nr_l4)
		return 4;
	i -= l->nr_l4;
	if (i < l->nr_l3)
		return 3;
	i -= l->nr_l3;
	return i < l->nr_l2 ? 2 : 1;
}
