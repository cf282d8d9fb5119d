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

/*
 * One mapping from the L4: its first VA and the first frame (pfn) of its
 * L3s, L2s and L1s, which cover consecutive slots from va on.
 */
struct pt_map {
	uint64_t va;
	unsigned long pfn[4];           /* [1] L1s, [2] L2s, [3] L3s */
	unsigned int n[4];
};

static unsigned int level_shift(unsigned int lvl)
{
	return PAGE_SHIFT + 9 * lvl;    /* the VA span of one table at lvl */
}

/*
 * Writes one entry: slot of va in the table at level lvl of m that
 * covers va (the L4 is the layout's first table), pointing at mfn.
 */
static int set_entry(struct build_ctx *c, const struct pt_map *m,
		     unsigned int lvl, uint64_t va, uint64_t mfn, uint64_t flags)
{
	unsigned int shift = level_shift(lvl);
	unsigned long table = lvl == 4 ? c->l->pt_pfn : m->pfn[lvl] +
		(unsigned long)((va >> shift) - (m->va >> shift));
	uint64_t *t = build_map(c, table);

	if (!t)
		return -EFAULT;
	t[(va >> (shift - 9)) & 511] = (mfn << PAGE_SHIFT) | flags;
	return 0;
}

/* L4..L2 of m: each lower table is entered in the one above it. */
static int link_tables(struct build_ctx *c, const struct pt_map *m)
{
	uint64_t va, mfn;
	int rc;

	for (unsigned int lvl = 3; lvl >= 1; lvl--) {
		unsigned int shift = level_shift(lvl);

		for (unsigned int i = 0; i < m->n[lvl]; i++) {
			va = ((m->va >> shift) + i) << shift;
			rc = build_mfn(c, m->pfn[lvl] + i, &mfn);
			if (!rc)
				rc = set_entry(c, m, lvl + 1, va, mfn, PT_TABLE);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Maps n pages of pfns from pfn on at va in m; frames of [ro, ro_end) RO. */
static int map_pages(struct build_ctx *c, const struct pt_map *m,
		     uint64_t va, unsigned long pfn, unsigned long n,
		     unsigned long ro, unsigned long ro_end)
{
	uint64_t mfn;
	int rc;

	for (; n; n--, pfn++, va += PAGE_SIZE) {
		uint64_t flags = PT_TABLE;

		if (pfn >= ro && pfn < ro_end)
			flags &= ~PT_RW;
		rc = build_mfn(c, pfn, &mfn);
		if (!rc)
			rc = set_entry(c, m, 1, va, mfn, flags);
		if (rc)
			return rc;
	}
	return 0;
}

/* Contract in build_internal.h. */
int build_page_tables(struct build_ctx *c)
{
	const struct builder_layout *l = c->l;
	unsigned long ro = l->pt_pfn, ro_end = l->pt_pfn + l->nr_pt_frames;
	struct pt_map region = { .va = l->virt_base,
		.pfn = { 0, ro + l->nr_l4 + l->nr_l3 + l->nr_l2,
			 ro + l->nr_l4 + l->nr_l3, ro + l->nr_l4 },
		.n = { 0, l->nr_l1, l->nr_l2, l->nr_l3 } };
	struct pt_map p2m = { .va = l->p2m_va,
		.pfn = { 0, l->p2m_pt_pfn + l->p2m_nr_l3 + l->p2m_nr_l2,
			 l->p2m_pt_pfn + l->p2m_nr_l3, l->p2m_pt_pfn },
		.n = { 0, l->p2m_nr_l1, l->p2m_nr_l2, l->p2m_nr_l3 } };
	int rc;

	/* The region: every page; page-table frames read-only. */
	rc = link_tables(c, &region);
	if (!rc)
		rc = map_pages(c, &region, l->virt_base, 0, l->nr_region_pages,
			       ro, ro_end);
	/* A p2m apart: its frames at p2m_va, its tables mapped nowhere. */
	if (!rc && l->p2m_apart)
		rc = link_tables(c, &p2m);
	if (!rc && l->p2m_apart)
		rc = map_pages(c, &p2m, l->p2m_va, l->p2m_pfn, l->p2m_pages, 0, 0);
	return rc;
}
