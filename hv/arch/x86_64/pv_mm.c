/* PV MMU arch helpers: guest base pointers, local TLB flushes, guest L1 lookup. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "page_type.h"
#include "asm/layout.h"
#include "asm/processor.h"
#include "asm/pv.h"
#include "asm/pv_mm.h"
#include "asm/smp.h"
#include "asm/uaccess.h"

#define L4_INDEX(va) (((va) >> 39) & 511)
#define L3_INDEX(va) (((va) >> 30) & 511)
#define L2_INDEX(va) (((va) >> 21) & 511)
#define L1_INDEX(va) (((va) >> 12) & 511)

bool pv_addr_ok(unsigned long va)
{
	return guest_range_ok(va, 1);
}

void pv_flush_tlb_local(void)
{
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		/* Toggling PGE drops global entries as well. */
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

void pv_invlpg_local(unsigned long va)
{
	if (pv_addr_ok(va))
		invlpg((const void *)va);
}

int pv_vcpumask_to_pcpumask(const struct domain *d, unsigned long mask,
			    uint64_t *pmask)
{
	unsigned long word = 0;

	*pmask = 0;
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpu[i];

		if (!(i % 64) && copy_from_guest(&word, mask + (i / 64) *
						 sizeof(word), sizeof(word)))
			return -EFAULT;
		if (v && v->is_running && (word & (1UL << (i % 64))))
			*pmask |= 1ULL << v->processor;
	}
	return 0;
}

void pv_flush_tlb_mask(uint64_t pmask)
{
	flush_tlb_mask(pmask);
}

void pv_invlpg_mask(uint64_t pmask, unsigned long va)
{
	if (pv_addr_ok(va))
		flush_tlb_one_mask(pmask, va);
}

void pv_flush_tlb_domain(const struct domain *d)
{
	flush_tlb_mask(__atomic_load_n(&d->dirty_cpumask, __ATOMIC_SEQ_CST));
}

/*
 * The page-type core's hook: pg now has a type other than writable (a
 * page table, a descriptor page). Before anything trusts its contents,
 * no CPU may keep a writable translation from an old mapping of it: flush
 * every CPU that holds the owner's tables (Xen flushes the owner's
 * dirty_cpumask, filtered by its TLB clock, in _get_page_type).
 */
void page_type_retyped(struct page_info *pg)
{
	struct domain *d = domain_lookup(pg->owner);

	if (d)
		pv_flush_tlb_domain(d);
}

/*
 * The page-table core's hook: d overwrote its L1 entry of pg, another
 * domain's frame (Xen relies on its TLB-flush clock here). Before pg's
 * references drop, letting its owner retype it or the heap reuse it, every
 * CPU that holds d's tables forgets the translation; the entry's own CPU
 * flushes too, or d could keep reaching the frame until its next CR3 load.
 */
void page_table_foreign_dropped(struct domain *d, struct page_info *pg)
{
	(void)pg;
	pv_flush_tlb_domain(d);
}

/* Entry index of the table at mfn, or 0 (not present) for a superpage. */
static uint64_t read_entry(mfn_t mfn, unsigned int index)
{
	const uint64_t *t = map_domain_page(mfn);
	uint64_t e = __atomic_load_n(&t[index], __ATOMIC_ACQUIRE);

	unmap_domain_page(t);
	return (e & (_PAGE_PRESENT | _PAGE_PSE)) == _PAGE_PRESENT ? e : 0;
}

mfn_t pv_guest_l1_mfn(struct vcpu *v, unsigned long va, unsigned int *index)
{
	struct arch_vcpu *a = arch_of(v);
	uint64_t e;

	if (!pv_addr_ok(va) || !a->guest_table)
		return INVALID_MFN;
	/* Entries of a validated table reference frames of the frame table. */
	e = read_entry(a->guest_table, L4_INDEX(va));
	if (e)
		e = read_entry(pte_mfn(e), L3_INDEX(va));
	if (e)
		e = read_entry(pte_mfn(e), L2_INDEX(va));
	if (!e)
		return INVALID_MFN;
	*index = L1_INDEX(va);
	return pte_mfn(e);
}

/* Install mfn (0: none) in *slot with an L4 reference; drop the old one. */
static int new_base(struct domain *d, mfn_t *slot, mfn_t mfn, bool load)
{
	mfn_t old = *slot;
	int rc;

	if (mfn == old) {
		if (load && mfn)
			write_cr3((uint64_t)mfn << PAGE_SHIFT);
		return 0;
	}
	if (mfn) {
		rc = get_page_and_type_from_mfn(mfn, d, PGT_l4_page_table);
		if (rc)
			return rc;
	}
	*slot = mfn;
	if (load)
		write_cr3((uint64_t)mfn << PAGE_SHIFT);
	if (old)
		put_page_and_type(mfn_to_page(old));
	return 0;
}

int pv_new_guest_cr3(struct vcpu *v, mfn_t mfn)
{
	struct arch_vcpu *a = arch_of(v);

	if (!mfn)
		return -EINVAL;
	return new_base(v->domain, &a->guest_table, mfn, a->kernel_mode);
}

int pv_new_guest_user_cr3(struct vcpu *v, mfn_t mfn)
{
	struct arch_vcpu *a = arch_of(v);

	return new_base(v->domain, &a->guest_table_user, mfn, false);
}
