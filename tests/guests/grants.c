/* Test kernel: grant tables with one domain granting to itself, and hostile grant_table_op use. */
#include "gnt_common.h"

#define HV_ADDRESS 0xffff830000000000UL      /* the hypervisor's direct map */
#define NONCANON   0x0000800000000000UL
#define RD(va, i)  (((volatile uint64_t *)(va))[i])

extern volatile unsigned long trap_vector, trap_error_code, trap_rip;
extern volatile unsigned long trap_count, trap_resume;
void handle_gp(void), handle_pf(void);

static struct trap_info traps[] = {
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 14, 0, 0xe033, (unsigned long)handle_pf },
	{ 0, 0, 0, 0 },
};

/* Run one instruction (operands %0 memory, %1 register); resume after it. */
#define GUARDED(insn, mem, val) asm volatile( \
	"lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); " insn "; 2: " \
	"movq $0, trap_resume(%%rip)" : "+m"(mem) : "r"(val) : "rax", "memory")

/* The quadword at va, or -1 if reading it faults. */
static uint64_t peek(unsigned long va)
{
	uint64_t v = (uint64_t)-1;

	GUARDED("mov %0, %%rax; mov %%rax, (%1)", *(volatile uint64_t *)va, &v);
	asm volatile("" ::: "memory");
	return v;
}

/* Write val at va; true if it did not fault. */
static bool poke(unsigned long va, uint64_t val)
{
	unsigned long c = trap_count;

	GUARDED("mov %1, %0", *(volatile uint64_t *)va, val);
	return trap_count == c;
}

static int16_t copy(uint32_t src, domid_t sdom, uint16_t soff, uint32_t dst,
		    domid_t ddom, uint16_t doff, uint16_t len, uint16_t flags)
{
	struct gnttab_copy op = { .len = len, .flags = flags };

	op.source.domid = sdom, op.source.offset = soff;
	op.dest.domid = ddom, op.dest.offset = doff;
	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = src;
	else
		op.source.u.gmfn = src;
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = dst;
	else
		op.dest.u.gmfn = dst;
	rt_expect(gnt_op(GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

static void versions_and_sizes(void)
{
	struct gnttab_set_version sv = { 1 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_query_size qs = { .dom = DOMID_SELF };

	rt_expect(gnt_op(GNTTABOP_set_version, &sv, 1), 0);
	rt_expect(sv.version, 1);
	sv.version = 2;                                /* no v2, as Xen max-ver 1 */
	rt_expect(gnt_op(GNTTABOP_set_version, &sv, 1), -XEN_ENOSYS);
	rt_expect(sv.version, 1);
	sv.version = 7;
	rt_expect(gnt_op(GNTTABOP_set_version, &sv, 1), -XEN_EINVAL);
	rt_expect(gnt_op(GNTTABOP_get_version, &gv, 1), 0);
	rt_expect(gv.version, 1);
	gv.dom = 500;
	rt_expect(gnt_op(GNTTABOP_get_version, &gv, 1), -XEN_ESRCH);
	rt_expect(gnt_op(GNTTABOP_query_size, &qs, 1), 0);
	rt_expect(qs.status, GNTST_okay);
	rt_expect(qs.nr_frames, 1);
	rt_expect(qs.max_nr_frames, 32);
}

static void hostile_calls(domid_t self, unsigned long scratch)
{
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 33 };
	struct gnttab_query_size qs = { .dom = 500 };
	struct gnttab_map_grant_ref two[2] = {
		{ .host_addr = scratch, .flags = GNTMAP_host_map, .ref = 9999,
		  .dom = self },
		{ .host_addr = scratch, .flags = GNTMAP_host_map, .ref = 8,
		  .dom = self },
	};
	xen_pfn_t fr[1];

	st.frame_list.p = fr;
	rt_expect(gnt_op(GNTTABOP_setup_table, &st, 1), 0);
	rt_expect(st.status, GNTST_general_error);     /* more than the max */
	st.nr_frames = 1;
	rt_expect(gnt_op(GNTTABOP_setup_table, &st, 2), -XEN_EINVAL);
	st.frame_list.p = (xen_pfn_t *)HV_ADDRESS;
	rt_expect(gnt_op(GNTTABOP_setup_table, &st, 1), -XEN_EFAULT);
	st.frame_list.p = (xen_pfn_t *)0x1000;         /* unmapped: per-op */
	rt_expect(gnt_op(GNTTABOP_setup_table, &st, 1), 0);
	rt_expect(st.status, GNTST_bad_virt_addr);
	st.frame_list.p = fr;
	st.dom = 500;
	rt_expect(gnt_op(GNTTABOP_setup_table, &st, 1), 0);
	rt_expect(st.status, GNTST_bad_domain);
	rt_expect(gnt_op(GNTTABOP_query_size, &qs, 1), 0);
	rt_expect(qs.status, GNTST_bad_domain);
	/* Bad argument arrays: -EFAULT; bad commands and counts. */
	rt_expect(gnt_op(GNTTABOP_map_grant_ref, (void *)HV_ADDRESS, 1), -XEN_EFAULT);
	rt_expect(gnt_op(GNTTABOP_unmap_grant_ref, (void *)NONCANON, 1), -XEN_EFAULT);
	rt_expect(gnt_op(GNTTABOP_copy, (void *)0x1000, 1), -XEN_EFAULT);
	rt_expect(gnt_op(GNTTABOP_query_size, (void *)HV_ADDRESS, 1), -XEN_EFAULT);
	rt_expect(gnt_op(GNTTABOP_map_grant_ref, two, -1UL), -XEN_EINVAL);
	rt_expect(gnt_op(GNTTABOP_map_grant_ref | (1 << 12), two, 1), -XEN_EINVAL);
	rt_expect(gnt_op(99, two, 1), -XEN_ENOSYS);
	rt_expect(gnt_op(GNTTABOP_transfer, two, 0), -XEN_ENOSYS);
	rt_expect(gnt_op(GNTTABOP_map_grant_ref, two, 0), 0);
	/* A batch: each op its own status, the call succeeds. */
	rt_expect(gnt_op(GNTTABOP_map_grant_ref, two, 2), 0);
	rt_expect(two[0].status, GNTST_bad_gntref);
	rt_expect(two[1].status, GNTST_okay);
	rt_expect(gnt_unmap(two[1].handle, scratch), GNTST_okay);
}

void test_main(void)
{
	start_info_t *si = rt_start_info;
	unsigned long *p2m = (unsigned long *)si->mfn_list;
	unsigned long region = rt_region_pages(), D, E, R, SD, SE, SR, SM, SO, GT;
	long self = rt_cmdline_number("self");
	grant_entry_v1_t *gt;
	grant_handle_t h, h2;
	unsigned long c;
	uint64_t e;
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE };

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, traps, 0), 0);
	rt_check(self > 0, "no self=N (my domain id) on the command line \"%s\"",
		 (char *)si->cmd_line);
	rt_check(region && region + 4 < si->nr_pages, "need free frames");
	if (self <= 0)
		return;
	/* Free frames past the region; scratch VAs in its padding. */
	D = si->nr_pages - 1, E = D - 1, R = D - 2;
	SD = rt_va_of(region - 1), SE = rt_va_of(region - 2);
	SR = rt_va_of(region - 3), SM = rt_va_of(region - 4);
	SO = rt_va_of(region - 5), GT = rt_va_of(region - 12);
	rt_expect(rt_uvm(SD, (p2m[D] << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
	rt_expect(rt_uvm(SE, (p2m[E] << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
	rt_expect(rt_uvm(SR, (p2m[R] << 12) | GNT_P | GNT_RW, UVMF_INVLPG), 0);
	RD(SD, 0) = 0x6772616e74656421UL, RD(SD, 1) = 0;
	RD(SR, 0) = 0x726f;

	versions_and_sizes();
	gt = gnt_table_at(GT, 4);
	if (!gt)
		return;
	rt_check(gt[8].flags == 0, "fresh table: flags %#x", gt[8].flags);
	rt_l1e_maddr(GT, &e);
	pin.arg1.mfn = (e & RT_ADDR_MASK) >> 12;
	/* A table frame is shared writable: never a page table. */
	rt_expect(rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&pin, 1, 0,
			       DOMID_SELF, 0), -XEN_EINVAL);

	/* Grant D to myself, map it writable at SM, write through it. */
	gnt_grant(gt, 8, self, p2m[D], GTF_permit_access);
	rt_expect(gnt_map(self, 8, GNTMAP_host_map, SM, &h), GNTST_okay);
	rt_check(gt[8].flags == (GTF_permit_access | GTF_reading | GTF_writing),
		 "mapped: flags %#x", gt[8].flags);
	rt_check(RD(SM, 0) == RD(SD, 0), "through the grant %#lx, original %#lx",
		 RD(SM, 0), RD(SD, 0));
	RD(SM, 1) = 0x5151;
	rt_check(RD(SD, 1) == 0x5151, "write through the grant: original %#lx",
		 RD(SD, 1));
	rt_expect(gnt_unmap(h, SM), GNTST_okay);
	rt_check(gt[8].flags == GTF_permit_access, "unmapped: flags %#x",
		 gt[8].flags);
	c = trap_count;
	rt_check(peek(SM) == (uint64_t)-1 && trap_count == c + 1,
		 "after unmap the address still reads (%lu traps)", trap_count - c);
	rt_expect(gnt_unmap(h, SM), GNTST_bad_handle);
	rt_expect(gnt_unmap(4000000, SM), GNTST_bad_handle);

	/* A read-only grant: a writable map is refused, a write faults. */
	gnt_grant(gt, 9, self, p2m[R], GTF_permit_access | GTF_readonly);
	rt_expect(gnt_map(self, 9, GNTMAP_host_map, SO, &h2), GNTST_general_error);
	rt_check(gt[9].flags == (GTF_permit_access | GTF_readonly),
		 "refused map left flags %#x", gt[9].flags);
	rt_expect(gnt_map(self, 9, GNTMAP_host_map | GNTMAP_readonly, SO, &h2),
		  GNTST_okay);
	rt_check(gt[9].flags == (GTF_permit_access | GTF_readonly | GTF_reading),
		 "read-only map: flags %#x", gt[9].flags);
	rt_check(peek(SO) == 0x726f, "read-only mapping reads %#lx", peek(SO));
	c = trap_count;
	rt_check(!poke(SO, 1), "a write to a read-only grant mapping did not fault");
	rt_check(trap_vector == 14 && (trap_error_code & 3) == 3,
		 "write fault: vector %lu error code %#lx", trap_vector,
		 trap_error_code);
	rt_check(RD(SR, 0) == 0x726f, "the read-only page changed: %#lx", RD(SR, 0));
	rt_expect(gnt_unmap(h2, SO), GNTST_okay);

	/* Copy both ways between grant 8 and my own frame E. */
	rt_expect(copy(8, self, 0, p2m[E], DOMID_SELF, 100, 16,
		       GNTCOPY_source_gref), GNTST_okay);
	rt_check(RD(SE + 100, 0) == RD(SD, 0), "copied from the grant: %#lx",
		 RD(SE + 100, 0));
	RD(SE, 0) = 0xc0ffee;
	rt_expect(copy(p2m[E], DOMID_SELF, 0, 8, self, 64, 8, GNTCOPY_dest_gref),
		  GNTST_okay);
	rt_check(RD(SD + 64, 0) == 0xc0ffee, "copied into the grant: %#lx",
		 RD(SD + 64, 0));
	rt_check(gt[8].flags == GTF_permit_access, "after copies: flags %#x",
		 gt[8].flags);
	rt_expect(copy(8, self, 4000, p2m[E], DOMID_SELF, 0, 200,
		       GNTCOPY_source_gref), GNTST_bad_copy_arg);
	rt_expect(copy(p2m[E], self, 0, 8, self, 0, 8, GNTCOPY_dest_gref),
		  GNTST_permission_denied);            /* a frame by domain id */
	rt_expect(copy(p2m[E], DOMID_SELF, 0, 9, self, 0, 8, GNTCOPY_dest_gref),
		  GNTST_general_error);                /* read-only grant */
	rt_expect(copy(0x200, DOMID_SELF, 0, 8, self, 0, 8, GNTCOPY_dest_gref),
		  GNTST_bad_page);                     /* not my frame */

	/* Refusals of map_grant_ref. */
	gnt_grant(gt, 10, self + 5, p2m[D], GTF_permit_access);
	rt_expect(gnt_map(self, 10, GNTMAP_host_map, SM, NULL), GNTST_general_error);
	rt_expect(gnt_map(self, 11, GNTMAP_host_map, SM, NULL), GNTST_general_error);
	rt_expect(gnt_map(self, 4 * 512, GNTMAP_host_map, SM, NULL), GNTST_bad_gntref);
	rt_expect(gnt_map(500, 8, GNTMAP_host_map, SM, NULL), GNTST_bad_domain);
	rt_expect(gnt_map(DOMID_SELF, 8, GNTMAP_host_map, SM, NULL), GNTST_bad_domain);
	rt_expect(gnt_map(self, 8, 0, SM, NULL), GNTST_bad_gntref);
	rt_expect(gnt_map(self, 8, GNTMAP_host_map, HV_ADDRESS, NULL),
		  GNTST_general_error);
	rt_expect(gnt_map(self, 8, GNTMAP_host_map, NONCANON, NULL),
		  GNTST_general_error);
	rt_expect(gnt_map(self, 8, GNTMAP_host_map | GNTMAP_contains_pte,
			  (uint64_t)p2m[D] << 12, NULL), GNTST_general_error);
	rt_check(gt[8].flags == GTF_permit_access, "refused maps left flags %#x",
		 gt[8].flags);
	/* contains_pte: host_addr is the L1 entry's machine address. */
	rt_expect(gnt_map(self, 8, GNTMAP_host_map | GNTMAP_contains_pte,
			  rt_l1e_maddr(SM, NULL), &h), GNTST_okay);
	rt_expect(rt_mmuext(MMUEXT_INVLPG_LOCAL, SM, 0), 0);
	rt_check(RD(SM, 1) == 0x5151, "contains_pte mapping reads %#lx", RD(SM, 1));
	/* The mapping's own flags say what host_addr is: here the PTE's MA. */
	rt_expect(gnt_unmap(h, SM), GNTST_general_error);
	rt_expect(gnt_unmap(h, rt_l1e_maddr(SM, NULL)), GNTST_okay);
	/* device_map: the frame's bus address, unmapped by it. */
	{
		struct gnttab_map_grant_ref m = { .flags = GNTMAP_device_map,
						  .ref = 8, .dom = self };
		struct gnttab_unmap_grant_ref u = { 0 };

		rt_expect(gnt_op(GNTTABOP_map_grant_ref, &m, 1), 0);
		rt_expect(m.status, GNTST_okay);
		rt_check(m.dev_bus_addr == p2m[D] << 12, "dev_bus_addr %#lx",
			 (unsigned long)m.dev_bus_addr);
		u.handle = m.handle, u.dev_bus_addr = m.dev_bus_addr;
		rt_expect(gnt_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
		rt_expect(u.status, GNTST_okay);
	}
	hostile_calls(self, SM);
	rt_check(gt[8].flags == GTF_permit_access, "at the end: flags %#x",
		 gt[8].flags);
	rt_printf("grants: self %ld, %lu page faults delivered\n", self, trap_count);
}
