/* grant_table_op(cmd, uop, count): copy in, call the grant core, copy out. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "grant.h"
#include "hypercall.h"
#include "lib.h"
#include "mm.h"
#include "preempt.h"
#include "asm/layout.h"
#include "asm/m2p.h"
#include "asm/percpu.h"
#include "asm/pv_mm.h"
#include "asm/uaccess.h"

/*
 * Budget units (preempt.h) one map, unmap, copy or swap costs: a 4 KiB
 * copy or a map and its flush take some 8 us under TCG (make bench),
 * about 160 units of 50 ns; 256 covers them.
 */
#define GNTTAB_OP_COST 256

/* ---- the grant core's hooks (grant.h) ---- */

mfn_t gnttab_alloc_frame(void)
{
	void *va = alloc_xenheap_pages(0);
	mfn_t mfn;

	if (!va)
		return INVALID_MFN;
	memset(va, 0, PAGE_SIZE);
	mfn = virt_to_maddr(va) >> PAGE_SHIFT;
	m2p_set(mfn, INVALID_M2P_ENTRY);        /* as Xen's sharing does */
	return mfn;
}

mfn_t gnttab_guest_l1(struct domain *d, uint64_t va, unsigned int *index)
{
	struct vcpu *v = current_vcpu();

	if (v->domain != d)
		return INVALID_MFN;
	return pv_guest_l1_mfn(v, va, index);
}

/* ---- batches ---- */

_Static_assert(sizeof(struct gnttab_map_grant_ref) <= 64 &&
	       sizeof(struct gnttab_copy) <= 64, "batch buffer too small");

#define OUT(f) offsetof(__typeof__(op), f), sizeof(op.f)

/*
 * Run count ops of struct size sz at uop: copy each in, apply fn, copy
 * back the bytes [off, off + len) of it. 0, or -EFAULT when the array is
 * not all guest memory or an element can not be read or written (Xen
 * stops there too). Any count is accepted: once the hypercall's budget
 * is spent (after one op at least) the rest becomes a continuation, as
 * Xen's do_grant_table_op: (cmd, uop advanced, count left).
 */
static long batch(unsigned int cmd, unsigned long uop, unsigned int count,
		  size_t sz, size_t off, size_t len,
		  void (*fn)(struct domain *, void *))
{
	struct vcpu *v = current_vcpu();
	struct domain *d = v->domain;
	uint8_t buf[64];

	if (!guest_range_ok(uop, (uint64_t)count * sz))
		return -EFAULT;
	for (unsigned int i = 0; i < count; i++) {
		unsigned long at = uop + (unsigned long)i * sz;

		if (i && hcall_preempt_check(&v->hcall)) {
			unsigned long cont[3] = { cmd, at, count - i };

			return hcall_create_continuation(&v->hcall,
				__HYPERVISOR_grant_table_op, 3, cont);
		}
		if (copy_from_guest(buf, at, sz))
			return -EFAULT;
		fn(d, buf);
		hcall_charge(&v->hcall, GNTTAB_OP_COST);
		if (copy_to_guest(at + off, buf + off, len))
			return -EFAULT;
	}
	return 0;
}

static void do_map(struct domain *d, void *op)   { gnttab_map_grant_ref(d, op); }
/*
 * An unmap may free the frame (its granter died): flush every CPU running
 * d right away, before a later op of the batch can allocate it again
 * while another vCPU of d still reaches it through its TLB.
 */
static void do_unmap(struct domain *d, void *op)
{
	gnttab_unmap_grant_ref(d, op);
	pv_flush_tlb_domain(d);
}

static void do_replace(struct domain *d, void *op)
{
	gnttab_unmap_and_replace(d, op);
	pv_flush_tlb_domain(d);
}
static void do_copy(struct domain *d, void *op)  { gnttab_copy_one(d, op); }
static void do_swap(struct domain *d, void *p)
{
	struct gnttab_swap_grant_ref *op = p;

	op->status = gnttab_swap_grant_ref(d, op->ref_a, op->ref_b);
}

/* Xen's gnttab_setup_table(): count must be 1; status (and frames) out. */
static long setup_table(struct domain *d, unsigned long uop, unsigned int count)
{
	xen_pfn_t frames[GNTTAB_MAX_FRAMES];          /* Kconfig: at most 64 */
	struct gnttab_setup_table op;
	unsigned long list;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	list = (unsigned long)op.frame_list.p;
	if (!guest_range_ok(list, (uint64_t)op.nr_frames * sizeof(xen_pfn_t)))
		return -EFAULT;
	op.status = gnttab_setup_table(d, op.dom, op.nr_frames, frames);
	if (op.status == GNTST_okay &&
	    copy_to_guest(list, frames, op.nr_frames * sizeof(xen_pfn_t)))
		op.status = GNTST_bad_virt_addr;
	if (copy_to_guest(uop + offsetof(__typeof__(op), status), &op.status,
			  sizeof(op.status)))
		return -EFAULT;
	return 0;
}

static long query_size(struct domain *d, unsigned long uop, unsigned int count)
{
	struct gnttab_query_size op;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	op.status = gnttab_query_size(d, op.dom, &op.nr_frames,
				      &op.max_nr_frames);
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Xen's gnttab_get_status_frames(): count must be 1; only status out. */
static long get_status_frames(struct domain *d, unsigned long uop,
			      unsigned int count)
{
	struct gnttab_get_status_frames op;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	op.status = gnttab_get_status_frames(d, op.dom, op.nr_frames);
	return copy_to_guest(uop + offsetof(__typeof__(op), status), &op.status,
			     sizeof(op.status)) ? -EFAULT : 0;
}

static long set_version(struct domain *d, unsigned long uop)
{
	struct gnttab_set_version op;
	long rc;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	rc = gnttab_set_version(d, &op.version);
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

static long get_version(struct domain *d, unsigned long uop)
{
	struct gnttab_get_version op;
	long rc;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	rc = gnttab_get_version(d, op.dom, &op.version);
	if (rc)
		return rc;
	return copy_to_guest(uop + offsetof(__typeof__(op), version), &op.version,
			     sizeof(op.version)) ? -EFAULT : 0;
}

/* grant_table_op(cmd, uop, count), Xen's do_grant_table_op(). */
HYPERCALL(grant_table_op)
{
	struct domain *d = current_vcpu()->domain;
	unsigned int cmd = a1, count = a3;
	unsigned long uop = a2;
	long rc;

	if ((int)count < 0)
		return -EINVAL;
	if (cmd & GNTTABOP_ARG_MASK)
		return -EINVAL;             /* only cache_flush takes them */

	switch (cmd) {
	case GNTTABOP_setup_table:
		return setup_table(d, uop, count);
	case GNTTABOP_query_size:
		return query_size(d, uop, count);
	case GNTTABOP_set_version:
		return set_version(d, uop);
	case GNTTABOP_get_version:
		return get_version(d, uop);
	case GNTTABOP_get_status_frames:
		return get_status_frames(d, uop, count);
	}
	switch (cmd) {
	case GNTTABOP_map_grant_ref: {
		struct gnttab_map_grant_ref op;

		rc = batch(cmd, uop, count, sizeof(op), 0, sizeof(op), do_map);
		break;
	}
	case GNTTABOP_unmap_grant_ref: {
		struct gnttab_unmap_grant_ref op;

		return batch(cmd, uop, count, sizeof(op), OUT(status), do_unmap);
	}
	case GNTTABOP_unmap_and_replace: {
		struct gnttab_unmap_and_replace op;

		return batch(cmd, uop, count, sizeof(op), OUT(status), do_replace);
	}
	case GNTTABOP_copy: {
		struct gnttab_copy op;

		return batch(cmd, uop, count, sizeof(op), OUT(status), do_copy);
	}
	case GNTTABOP_swap_grant_ref: {
		struct gnttab_swap_grant_ref op;

		return batch(cmd, uop, count, sizeof(op), OUT(status), do_swap);
	}
	default:
		/* transfer, cache_flush; dump_table is gone from Xen too */
		return -ENOSYS;
	}
	/* Mappings came (an old entry they replaced may have gone): no stale
	 * translation may survive on any CPU running this domain. Unmaps
	 * flushed op by op (do_unmap, do_replace). */
	pv_flush_tlb_domain(current_vcpu()->domain);
	return rc;
}
