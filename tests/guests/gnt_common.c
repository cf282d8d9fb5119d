/* Shared helpers of the grant-table test kernels (see gnt_common.h). */
#include "gnt_common.h"

long gnt_op(unsigned int cmd, const void *uop, unsigned long count)
{
	return rt_hypercall(__HYPERVISOR_grant_table_op, cmd,
			    (unsigned long)uop, count, 0, 0);
}

grant_entry_v1_t *gnt_table_at(unsigned long va, unsigned int nr)
{
	xen_pfn_t frames[8];
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = nr };

	if (nr > 8)
		return NULL;
	st.frame_list.p = frames;
	rt_expect(gnt_op(GNTTABOP_setup_table, &st, 1), 0);
	rt_expect(st.status, GNTST_okay);
	if (st.status != GNTST_okay)
		return NULL;
	for (unsigned int i = 0; i < nr; i++)
		rt_expect(rt_uvm(va + i * 4096UL, (frames[i] << 12) | GNT_P | GNT_RW,
				 UVMF_INVLPG), 0);
	return (grant_entry_v1_t *)va;
}

void gnt_grant(grant_entry_v1_t *gt, grant_ref_t ref, domid_t to,
	       unsigned long mfn, uint16_t flags)
{
	gt[ref].frame = (uint32_t)mfn;
	gt[ref].domid = to;
	__atomic_store_n(&gt[ref].flags, flags, __ATOMIC_RELEASE);
}

int16_t gnt_map(domid_t dom, grant_ref_t ref, uint32_t flags,
		uint64_t host_addr, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = { .host_addr = host_addr,
					   .flags = flags, .ref = ref, .dom = dom };

	rt_expect(gnt_op(GNTTABOP_map_grant_ref, &op, 1), 0);
	if (op.status == GNTST_okay && h)
		*h = op.handle;
	return op.status;
}

int16_t gnt_unmap(grant_handle_t h, uint64_t host_addr)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = host_addr,
					     .handle = h };

	rt_expect(gnt_op(GNTTABOP_unmap_grant_ref, &op, 1), 0);
	return op.status;
}

int16_t gnt_copy(domid_t sdom, uint64_t src, uint16_t soff, domid_t ddom,
		 uint64_t dst, uint16_t doff, uint16_t len, uint16_t flags)
{
	struct gnttab_copy op = { .len = len, .flags = flags };

	op.source.domid = sdom, op.source.offset = soff;
	op.dest.domid = ddom, op.dest.offset = doff;
	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = (grant_ref_t)src;
	else
		op.source.u.gmfn = src;
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = (grant_ref_t)dst;
	else
		op.dest.u.gmfn = dst;
	rt_expect(gnt_op(GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

bool gnt_wait_word(unsigned long va, unsigned int i, uint64_t want)
{
	for (int n = 0; n < GNT_WAIT_LIMIT; n++) {
		if (__atomic_load_n((uint64_t *)va + i, __ATOMIC_ACQUIRE) == want)
			return true;
		rt_yield();
	}
	return false;
}
