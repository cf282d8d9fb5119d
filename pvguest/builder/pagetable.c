/* The bootstrap page tables of a PV domain: 4 KiB pages, MFNs, RO tables. */
#include "build_internal.h"
#include "errno.h"
#include "lib.h"

/* x86-64 entry bits (Xen's names). */
#define PT_PRESENT   0x001UL    /* _PAGE_PRESENT */
#define PT_RW        0x002UL    /* _PAGE_RW */
#define PT_USER      0x004UL    /* _PAGE_USER: PV kernels run in ring 3 */
#define PT_ACCESSED  0x020UL    /* _PAGE_ACCESSED */
#define PT_DIRTY     0x040UL    /* _PAGE_DIRTY */
#define PT_TABLE     (PT_PRESENT | PT_RW | PT_USER | PT_ACCESSED | PT_DIRTY)

/* First page-table frame (pfn) of each level, and its slot shift. */
static unsigned long level_pfn(const struct builder_layout *l, unsigned int lvl)
{
	unsigned long pfn = l->pt_pfn;

	if (lvl < 4)
		pfn += l->nr_l4;
	if (lvl < 3)
		pfn += l->nr_l3;
	if (lvl < 2)
		pfn += l->nr_l2;
	return pfn;
}

static unsigned int level_shift(unsigned int lvl)
{
	return PAGE_SHIFT + 9 * lvl;    /* the VA span of one table at lvl */
}

/*
 * Writes one entry: slot of va in the table at level lvl that covers va,
 * pointing at target (an mfn) with flags.
 */
static int set_entry(struct build_ctx *c, unsigned int lvl, uint64_t va,
		     uint64_t mfn, uint64_t flags)
{
	const struct builder_layout *l = c->l;
	unsigned int shift = level_shift(lvl);
	unsigned long table = level_pfn(l, lvl) +
		(unsigned long)((va >> shift) - (l->virt_base >> shift));
	uint64_t *t = build_map(c, table);

	if (!t)
		return -EFAULT;
	t[(va >> (shift - 9)) & 511] = (mfn << PAGE_SHIFT) | flags;
	return 0;
}

/* Contract in build_internal.h. */
int build_page_tables(struct build_ctx *c)
{
	const struct builder_layout *l = c->l;
	uint64_t first = l->virt_base, va, mfn;
	unsigned long pfn;
	int rc;

	/* L4..L2: each lower table is entered in the one above it. */
	for (unsigned int lvl = 3; lvl >= 1; lvl--) {
		unsigned int shift = level_shift(lvl);
		unsigned int n = lvl == 3 ? l->nr_l3 : lvl == 2 ? l->nr_l2 : l->nr_l1;

		for (unsigned int i = 0; i < n; i++) {
			va = ((first >> shift) + i) << shift;
			rc = build_mfn(c, level_pfn(l, lvl) + i, &mfn);
			if (!rc)
				rc = set_entry(c, lvl + 1, va, mfn, PT_TABLE);
			if (rc)
				return rc;
		}
	}
	/* L1: every page of the region; page-table frames read-only. */
	for (pfn = 0; pfn < l->nr_region_pages; pfn++) {
		uint64_t flags = PT_TABLE;

		if (pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt_frames)
			flags &= ~PT_RW;
		rc = build_mfn(c, pfn, &mfn);
		if (!rc)
			rc = set_entry(c, 1, first + ((uint64_t)pfn << PAGE_SHIFT),
				       mfn, flags);
		if (rc)
			return rc;
	}
	return 0;
}
