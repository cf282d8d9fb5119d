/* mmu_update, mmuext_op, update_va_mapping(_otherdomain): the PV MMU hypercalls. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "lib.h"
#include "page_type.h"
#include "preempt.h"
#include "asm/descriptor.h"
#include "asm/m2p.h"
#include "asm/percpu.h"
#include "asm/pv_mm.h"
#include "asm/uaccess.h"
#include <xen/xen.h>


/*
 * Xen's get_pg_owner() followed by its XSM check for a caller without
 * privileges: 0 for DOMID_SELF, -ESRCH for the caller's own id (Xen
 * refuses it as a foreign domain) or an id no domain can have, -EPERM
 * for any other domain (DOMID_XEN, DOMID_IO or an ordinary id).
 */
static int foreign_owner(const struct domain *d, unsigned int domid)
{
	domid &= 0xffff;
	if (domid == DOMID_SELF)
		return 0;
	if (domid == d->domain_id)
		return -ESRCH;
	if (domid < DOMID_FIRST_RESERVED || domid == DOMID_XEN ||
	    domid == DOMID_IO)
		return -EPERM;
	return -ESRCH;
}

/*
 * mmu_update's foreigndom: low 16 bits the owner of the pages mapped,
 * high 16 bits (plus one) the owner of the tables. Up-front errors are
 * -ESRCH; *per_req is the error of every request (-EPERM if foreign).
 */
static int mmu_owners(const struct domain *d, unsigned int foreigndom,
		      int *per_req)
{
	unsigned int pt_dom = foreigndom >> 16;
	int pg = foreign_owner(d, foreigndom), pt = 0;

	if (pt_dom && pt_dom - 1 != d->domain_id)
		pt = pt_dom - 1 < DOMID_FIRST_RESERVED ? -EPERM : -ESRCH;
	if (pt == -ESRCH || pg == -ESRCH)
		return -ESRCH;
	*per_req = pg ? pg : pt;
	return 0;
}

/*
 * MMU_NORMAL_PT_UPDATE: the entry at machine address ptr of d's frame.
 * A validated table is updated through mod_lN_entry(); any other frame
 * of d that can be typed writable gets a plain 8-byte write (as Xen).
 * *flush is set when an L2-L4 update may have retyped a frame.
 */
static int pt_update(struct domain *d, uint64_t ptr, uint64_t val,
		     bool preserve_ad, bool *flush)
{
	mfn_t mfn = ptr >> PAGE_SHIFT;
	unsigned int index = (ptr & (PAGE_SIZE - 1)) / sizeof(uint64_t);
	struct page_info *pg = get_page_from_mfn(mfn, d);
	unsigned long type;
	int rc = -EINVAL;

	if (!pg)
		return -EINVAL;
	type = __atomic_load_n(&pg->type_info, __ATOMIC_ACQUIRE);
	if ((type & PGT_count_mask) && (type & PGT_validated) &&
	    (type & PGT_type_mask) >= PGT_l1_page_table &&
	    (type & PGT_type_mask) <= PGT_l4_page_table) {
		switch (type & PGT_type_mask) {
		case PGT_l1_page_table:
			rc = mod_l1_entry(d, mfn, index, val, preserve_ad);
			break;
		case PGT_l2_page_table:
			rc = mod_l2_entry(d, mfn, index, val, preserve_ad);
			break;
		case PGT_l3_page_table:
			rc = mod_l3_entry(d, mfn, index, val, preserve_ad);
			break;
		default:
			rc = mod_l4_entry(d, mfn, index, val, preserve_ad);
			break;
		}
		if (!rc && (type & PGT_type_mask) != PGT_l1_page_table)
			*flush = true;
	} else if (!get_page_type(pg, PGT_writable_page)) {
		uint64_t *t = map_domain_page(mfn);

		__atomic_store_n(&t[index], val, __ATOMIC_RELEASE);
		unmap_domain_page(t);
		put_page_type(pg);
		rc = 0;
	}
	put_page(pg);
	return rc;
}

/* MMU_MACHPHYS_UPDATE: M2P[mfn] = pfn for a frame d owns. */
static int machphys_update(struct domain *d, uint64_t ptr, uint64_t pfn)
{
	struct page_info *pg = get_page_from_mfn(ptr >> PAGE_SHIFT, d);

	if (!pg)
		return -EINVAL;
	m2p_set(ptr >> PAGE_SHIFT, pfn);
	put_page(pg);
	return 0;
}

/*
 * Start of a batch (Xen's): strip MMU_UPDATE_PREEMPTED (a continuation:
 * then *done counts on from the guest's value, else from 0), check the
 * array's range. Any count is accepted: long batches are preempted.
 */
static int batch_start(unsigned int *count, unsigned long arr, size_t size,
		       unsigned long pdone, unsigned int *done)
{
	if (*count & MMU_UPDATE_PREEMPTED) {
		*count &= ~MMU_UPDATE_PREEMPTED;
		if (pdone)
			(void)copy_from_guest(done, pdone, sizeof(*done));
	}
	if (!guest_range_ok(arr, (uint64_t)*count * size))
		return -EFAULT;
	return 0;
}

/*
 * Before element i of a batch: true if the budget is spent and i > 0
 * (every call does at least one element, as Xen). Then the caller stops
 * and makes the continuation.
 */
static bool batch_preempt(const struct hcall_state *h, unsigned int i)
{
	return i && hcall_preempt_check(h);
}

static unsigned long work_now(void)
{
	return __atomic_load_n(&page_table_work, __ATOMIC_RELAXED);
}

/* After one element: one unit, and the table entries it walked. */
static void batch_charge(struct hcall_state *h, unsigned long work_before)
{
	hcall_charge(h, 1 + (work_now() - work_before));
}

/*
 * Budget units (preempt.h) for what an operation does besides walking
 * tables: a page copied or cleared, or a TLB shootdown that waits for
 * the other CPUs, some 10 us under TCG each, like a grant copy.
 */
#define PAGE_OP_COST 256

/* What mmuext op costs beyond its unit and its table walks. */
static unsigned long mmuext_cost(const struct mmuext_op *op)
{
	switch (op->cmd) {
	case MMUEXT_SET_LDT:
		/* Frames copied into a fresh buffer (pv_set_ldt). */
		return ((unsigned long)MIN(op->arg2.nr_ents, 8192U) * 8 +
			PAGE_SIZE - 1) / PAGE_SIZE * PAGE_OP_COST;
	case MMUEXT_CLEAR_PAGE:
	case MMUEXT_COPY_PAGE:
	case MMUEXT_TLB_FLUSH_ALL:
	case MMUEXT_INVLPG_ALL:
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
		return PAGE_OP_COST;
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_INVLPG_LOCAL:
		return PAGE_OP_COST / 4;
	default:
		return 0;
	}
}

/* End of a batch: flush if needed, then *pdone += i (errors ignored). */
static void batch_end(const struct domain *d, bool flush, unsigned long pdone,
		      unsigned int done, unsigned int i)
{
	/* No stale translation through a changed upper-level entry may
	 * survive on any CPU running d. */
	if (flush)
		pv_flush_tlb_domain(d);
	done += i;
	if (pdone)
		(void)copy_to_guest(pdone, &done, sizeof(done));
}

/*
 * mmu_update(req[], count, done*, foreigndom): contract in xen.h. A long
 * batch is preempted between requests with a continuation on the rest
 * (count | MMU_UPDATE_PREEMPTED); *done counts every request done.
 */
HYPERCALL(mmu_update)
{
	struct vcpu *v = current_vcpu();
	struct domain *d = v->domain;
	unsigned long ureqs = a1, pdone = a3;
	unsigned int count = a2, done = 0, i = 0;
	long rc;
	int per_req = 0;
	bool flush = false;

	rc = batch_start(&count, ureqs, sizeof(struct mmu_update), pdone, &done);
	if (!rc)
		rc = mmu_owners(d, a4, &per_req);
	for (; !rc && i < count; i++) {
		unsigned long work = work_now();
		struct mmu_update req;
		unsigned int cmd;

		if (batch_preempt(&v->hcall, i)) {
			rc = hcall_continue_batch(&v->hcall,
						  __HYPERVISOR_mmu_update, ureqs,
						  sizeof(req), count, i, pdone,
						  a4);
			break;
		}
		if (per_req) {
			rc = per_req;
			break;
		}
		if (copy_from_guest(&req, ureqs + i * sizeof(req), sizeof(req))) {
			rc = -EFAULT;
			break;
		}
		cmd = req.ptr & (sizeof(uint64_t) - 1);
		switch (cmd) {
		case MMU_NORMAL_PT_UPDATE:
		case MMU_PT_UPDATE_PRESERVE_AD:
		case MMU_PT_UPDATE_NO_TRANSLATE:
			rc = pt_update(d, req.ptr - cmd, req.val,
				       cmd == MMU_PT_UPDATE_PRESERVE_AD, &flush);
			break;
		case MMU_MACHPHYS_UPDATE:
			rc = machphys_update(d, req.ptr, req.val);
			break;
		default:
			rc = -ENOSYS;
			break;
		}
		batch_charge(&v->hcall, work);
		if (rc)
			break;
	}
	batch_end(d, flush, pdone, done, i);
	return rc;
}

/* MMUEXT_CLEAR_PAGE / MMUEXT_COPY_PAGE: dst writable, src readable, d's. */
static int clear_or_copy(struct domain *d, mfn_t dst, const mfn_t *src)
{
	struct page_info *sp = NULL, *dp;
	int rc = -EINVAL;

	if (src && !(sp = get_page_from_mfn(*src, d)))
		return -EINVAL;
	dp = get_page_from_mfn(dst, d);
	if (dp && !get_page_type(dp, PGT_writable_page)) {
		if (sp)
			memcpy(map_domain_page(dst), map_domain_page(*src),
			       PAGE_SIZE);
		else
			memset(map_domain_page(dst), 0, PAGE_SIZE);
		put_page_type(dp);
		rc = 0;
	}
	if (dp)
		put_page(dp);
	if (sp)
		put_page(sp);
	return rc;
}

/*
 * A flush that reaches only some of d's CPUs: no CPU may hand what its
 * TLB still holds to another of d's vCPUs any more (pv_run_vcpu).
 */
static void flush_some(struct domain *d)
{
	d->tlb_flush_gen++;
}

/* One mmuext_op of the current vCPU; *flush as for pt_update(). */
static int mmuext_one(struct vcpu *v, const struct mmuext_op *op, bool *flush)
{
	struct domain *d = v->domain;
	uint64_t pmask;
	int rc;

	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		rc = pin_table(d, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
		*flush |= !rc;
		return rc;
	case MMUEXT_UNPIN_TABLE:
		return unpin_table(d, op->arg1.mfn);
	case MMUEXT_NEW_BASEPTR:
		rc = pv_new_guest_cr3(v, op->arg1.mfn);
		*flush |= !rc;
		return rc;
	case MMUEXT_NEW_USER_BASEPTR:
		rc = pv_new_guest_user_cr3(v, op->arg1.mfn);
		*flush |= !rc;
		return rc;
	case MMUEXT_TLB_FLUSH_LOCAL:
		flush_some(d);
		pv_flush_tlb_local();
		return 0;
	case MMUEXT_TLB_FLUSH_ALL:
		pv_flush_tlb_domain(d);
		return 0;
	case MMUEXT_INVLPG_LOCAL:
		flush_some(d);
		pv_invlpg_local(op->arg1.linear_addr);
		return 0;
	case MMUEXT_INVLPG_ALL:
		pv_invlpg_mask(d->dirty_cpumask, op->arg1.linear_addr);
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
		if (pv_vcpumask_to_pcpumask(d, (unsigned long)
					    op->arg2.vcpumask.p, &pmask))
			return -EINVAL;
		flush_some(d);
		if (op->cmd == MMUEXT_TLB_FLUSH_MULTI)
			pv_flush_tlb_mask(pmask);
		else
			pv_invlpg_mask(pmask, op->arg1.linear_addr);
		return 0;
	case MMUEXT_FLUSH_CACHE:
		return -EACCES;          /* no domain may flush caches yet */
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		return -EINVAL;
	case MMUEXT_SET_LDT:
		return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
	case MMUEXT_CLEAR_PAGE:
		return clear_or_copy(d, op->arg1.mfn, NULL);
	case MMUEXT_COPY_PAGE: {
		mfn_t src = op->arg2.src_mfn;

		return clear_or_copy(d, op->arg1.mfn, &src);
	}
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -EOPNOTSUPP;
	default:
		return -ENOSYS;
	}
}

/*
 * mmuext_op(op[], count, done*, foreigndom), preempted as mmu_update. A
 * single pin or unpin is never split (no PGT_partial): it validates or
 * de-validates the whole tree under it, at most the domain's frames.
 */
HYPERCALL(mmuext_op)
{
	struct vcpu *v = current_vcpu();
	unsigned long uops = a1, pdone = a3;
	unsigned int count = a2, done = 0, i = 0;
	bool flush = false;
	long rc;

	rc = batch_start(&count, uops, sizeof(struct mmuext_op), pdone, &done);
	if (!rc)
		rc = foreign_owner(v->domain, a4);
	for (; !rc && i < count; i++) {
		unsigned long work = work_now();
		struct mmuext_op op;

		if (batch_preempt(&v->hcall, i)) {
			rc = hcall_continue_batch(&v->hcall,
						  __HYPERVISOR_mmuext_op, uops,
						  sizeof(op), count, i, pdone, a4);
			break;
		}
		if (copy_from_guest(&op, uops + i * sizeof(op), sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		rc = mmuext_one(v, &op, &flush);
		batch_charge(&v->hcall, work);
		hcall_charge(&v->hcall, mmuext_cost(&op));
		if (rc)
			break;
	}
	batch_end(v->domain, flush, pdone, done, i);
	return rc;
}

/*
 * Xen's __do_update_va_mapping(): set the L1 entry that maps va in the
 * kernel page tables, then flush as flags ask: this CPU (UVMF_LOCAL),
 * every CPU running the domain (UVMF_ALL) or those of the vCPUs in the
 * mask the flags point to (-EFAULT if it cannot be read).
 */
static long update_va_mapping(unsigned long va, uint64_t val,
			      unsigned long flags, int owner)
{
	struct vcpu *v = current_vcpu();
	unsigned long bmap = flags & ~UVMF_FLUSHTYPE_MASK;
	uint64_t pmask;
	unsigned int index;
	mfn_t l1;
	long rc;

	if (owner)
		return owner;
	l1 = pv_guest_l1_mfn(v, va, &index);
	rc = l1 == INVALID_MFN ? -EINVAL :
	     mod_l1_entry(v->domain, l1, index, val, false);
	if (!(flags & UVMF_FLUSHTYPE_MASK))
		return rc;
	/* A flush may wait for other CPUs (a multicall of these). */
	hcall_charge(&v->hcall, bmap == UVMF_LOCAL ? PAGE_OP_COST / 4 :
						     PAGE_OP_COST);
	if (bmap != UVMF_ALL)
		flush_some(v->domain);
	if (bmap == UVMF_LOCAL) {
		pmask = 1ULL << v->processor;
	} else if (bmap == UVMF_ALL) {
		pmask = v->domain->dirty_cpumask;
	} else {
		int mrc = pv_vcpumask_to_pcpumask(v->domain, bmap, &pmask);

		if (mrc && !rc)
			rc = mrc;
		pmask |= 1ULL << v->processor;     /* as before: local too */
	}
	if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG)
		pv_invlpg_mask(pmask, va);
	else
		pv_flush_tlb_mask(pmask);
	return rc;
}

HYPERCALL(update_va_mapping)
{
	return update_va_mapping(a1, a2, a3, 0);
}

HYPERCALL(update_va_mapping_otherdomain)
{
	struct domain *d = current_vcpu()->domain;
	int owner = foreign_owner(d, a4);

	return update_va_mapping(a1, a2, a3, owner);
}
