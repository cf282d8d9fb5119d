/* Test kernel: mmu_update, mmuext_op, update_va_mapping, multicall, and hostile use of each. */
#include "rt_mm.h"

#define VIRT_BASE  0xffffffff80000000UL
#define M2P        ((const unsigned long *)0xffff800000000000UL)
#define HV_ADDRESS 0xffff830000000000UL      /* the hypervisor's direct map */
#define HV_MFN     0x200UL                   /* the hypervisor's image */
#define P   0x001UL
#define RW  0x002UL
#define PWT 0x008UL
#define PCD 0x010UL
#define PSE 0x080UL
#define ADDR_MASK 0x000ffffffffff000UL
#define MMU_UPDATE_PREEMPTED 0x80000000U
#define va_of(pfn) (VIRT_BASE + ((unsigned long)(pfn) << 12))

static unsigned long *p2m;
static unsigned long region;     /* pfns the bootstrap tables map */
static unsigned long mask1 = 1;  /* vCPU 0 */

static uint64_t maddr_of_va(unsigned long va)   /* of the table page at va */
{
	uint64_t e;

	rt_l1e_maddr(va, &e);
	return e & ADDR_MASK;
}

static long mmu1(uint64_t ptr, uint64_t val, unsigned int *done)
{
	struct mmu_update u = { ptr, val };

	return rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1,
			    (unsigned long)done, DOMID_SELF, 0);
}

#define PTE(pfn, fl) ((p2m[pfn] << 12) | (fl))
#define RD(va, i) (((volatile uint64_t *)(va))[i])

void test_main(void)
{
	start_info_t *si = rt_start_info;
	uint64_t *l4 = (uint64_t *)si->pt_base;
	uint64_t *l2 = rt_table_of(rt_table_of(l4[511])[510]);
	unsigned long F0, F1, F2, F3, F4, F5, S0, S1, S2, S3, HI;
	uint64_t old[4], l2_maddr, l3_maddr, l4_mfn, data_mfn, e;
	unsigned int done, slot;

	p2m = (unsigned long *)si->mfn_list;
	for (slot = 0; slot < 512 && (l2[slot] & P); slot++)
		region += 512;
	rt_printf("pagetables: %lu pages, bootstrap region %lu pfns, L2 slot %u "
		  "free\n", si->nr_pages, region, slot);
	rt_check(region && region + 8 < si->nr_pages && slot < 512,
		 "need free frames past the region and a free L2 slot");
	/* Free frames past the region; scratch VAs in the region's padding. */
	F0 = si->nr_pages - 1, F1 = F0 - 1, F2 = F0 - 2, F3 = F0 - 3;
	F4 = F0 - 4, F5 = F0 - 5;
	S0 = va_of(region - 1), S1 = va_of(region - 2);
	S2 = va_of(region - 3), S3 = va_of(region - 4);
	HI = VIRT_BASE + ((unsigned long)slot << 21);   /* a new 2 MiB range */
	l2_maddr = maddr_of_va((unsigned long)l2) | slot * 8;
	l3_maddr = maddr_of_va((unsigned long)rt_table_of(l4[511]));
	l4_mfn = maddr_of_va((unsigned long)l4) >> 12;
	data_mfn = maddr_of_va((unsigned long)&mask1) >> 12;  /* mapped writable */
	for (int i = 0; i < 4; i++)
		rt_l1e_maddr(va_of(region - 1 - i), &old[i]);

	/* update_va_mapping: a free frame at a scratch VA, read and write. */
	rt_expect(rt_uvm(S0, PTE(F0, P | RW), UVMF_INVLPG | UVMF_LOCAL), 0);
	RD(S0, 0) = 0x1111, RD(S0, 1) = 0x2222;
	rt_l1e_maddr(S0, &e);
	rt_check((e & ADDR_MASK) >> 12 == p2m[F0], "L1 entry %#lx, mfn %#lx",
		 e, p2m[F0]);
	rt_expect(rt_uvm(S1, PTE(F0, P), UVMF_TLB_FLUSH | UVMF_ALL), 0);
	rt_check(RD(S1, 0) == 0x1111, "second mapping reads %#lx", RD(S1, 0));
	/* mmu_update of that L1 entry, plain and PRESERVE_AD. */
	done = 77;
	rt_expect(mmu1(rt_l1e_maddr(S1, NULL), PTE(F1, P | RW), &done), 0);
	rt_expect(done, 1);
	rt_mmuext(MMUEXT_INVLPG_LOCAL, S1, 0);
	RD(S1, 0) = 0x3333;
	rt_expect(mmu1(rt_l1e_maddr(S1, NULL) | MMU_PT_UPDATE_PRESERVE_AD,
		       PTE(F1, P | RW), NULL), 0);
	/* mmu_update on a data frame of ours is a plain write (Xen). */
	rt_expect(mmu1((p2m[F0] << 12) | 16, 0xabcd, NULL), 0);
	rt_check(RD(S0, 2) == 0xabcd, "plain write through mmu_update: %#lx",
		 RD(S0, 2));
	/* MACHPHYS_UPDATE and the M2P. */
	rt_expect(mmu1((p2m[F1] << 12) | MMU_MACHPHYS_UPDATE, 0x12345, NULL), 0);
	rt_check(M2P[p2m[F1]] == 0x12345, "M2P[%#lx] = %#lx", p2m[F1], M2P[p2m[F1]]);
	rt_expect(mmu1((p2m[F1] << 12) | MMU_MACHPHYS_UPDATE, F1, NULL), 0);
	rt_expect(mmu1((HV_MFN << 12) | MMU_MACHPHYS_UPDATE, 0, NULL), -XEN_EINVAL);

	/* TLB flush variants. */
	rt_expect(rt_uvm(S1, PTE(F0, P), UVMF_NONE), 0);
	rt_expect(rt_mmuext(MMUEXT_INVLPG_LOCAL, S1, 0), 0);
	rt_check(RD(S1, 0) == 0x1111, "after INVLPG_LOCAL: %#lx", RD(S1, 0));
	rt_expect(rt_uvm(S1, PTE(F1, P), UVMF_NONE), 0);
	rt_expect(rt_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	rt_check(RD(S1, 0) == 0x3333, "after TLB_FLUSH_LOCAL: %#lx", RD(S1, 0));
	rt_expect(rt_mmuext(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_INVLPG_ALL, S1, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_TLB_FLUSH_MULTI, 0, (unsigned long)&mask1), 0);
	rt_expect(rt_mmuext(MMUEXT_INVLPG_MULTI, S1, (unsigned long)&mask1), 0);
	rt_expect(rt_mmuext(MMUEXT_TLB_FLUSH_MULTI, 0, HV_ADDRESS), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_INVLPG_MULTI, S1, 0x1000), -XEN_EINVAL);
	rt_expect(rt_uvm(S1, PTE(F1, P), UVMF_INVLPG | (unsigned long)&mask1), 0);
	rt_expect(rt_uvm(S1, PTE(F1, P), UVMF_TLB_FLUSH | HV_ADDRESS), -XEN_EFAULT);

	/* Multicall: two update_va_mappings, then hostile batches. */
	multicall_entry_t mc[3] = {
		{ __HYPERVISOR_update_va_mapping, 99, { S0, PTE(F1, P), 0 } },
		{ __HYPERVISOR_update_va_mapping, 99,
		  { S1, PTE(F0, P), UVMF_TLB_FLUSH | UVMF_LOCAL } },
		{ __HYPERVISOR_multicall, 99, { 0, 0 } },
	};
	rt_expect(HYPERCALL2(__HYPERVISOR_multicall, mc, 2), 0);
	rt_expect(mc[0].result, 0);
	rt_expect(mc[1].result, 0);
	rt_check(RD(S0, 0) == 0x3333 && RD(S1, 0) == 0x1111,
		 "after multicall: %#lx %#lx", RD(S0, 0), RD(S1, 0));
	mc[0].op = 1000;
	rt_expect(HYPERCALL2(__HYPERVISOR_multicall, mc, 3), 0);
	rt_expect(mc[0].result, -XEN_ENOSYS);
	rt_expect(mc[1].result, 0);
	rt_expect(mc[2].result, -XEN_EINVAL);    /* nested multicall */
	mc[0].op = __HYPERVISOR_iret, mc[1].result = 99;
	rt_check(HYPERCALL2(__HYPERVISOR_multicall, mc, 2) != 0, "iret in a batch");
	rt_expect(mc[1].result, 99);               /* the batch stopped */
	rt_expect(HYPERCALL2(__HYPERVISOR_multicall, HV_ADDRESS, 1), -XEN_EFAULT);
	rt_expect(HYPERCALL2(__HYPERVISOR_multicall, 0x1000, 1), -XEN_EFAULT);
	rt_expect(HYPERCALL2(__HYPERVISOR_multicall, mc, 0xffffffffU), -XEN_EFAULT);
	rt_expect(HYPERCALL2(__HYPERVISOR_multicall, si->pt_base, 1), -XEN_EFAULT);

	/* Pin an L1 built in a free frame, hook it into the L2, use it. */
	rt_expect(rt_uvm(S2, PTE(F2, P | RW), UVMF_INVLPG), 0);
	for (int i = 0; i < 512; i++)
		RD(S2, i) = 0;
	RD(S2, 0) = PTE(F3, P | RW);
	RD(S2, 1) = PTE(F0, P);
	rt_expect(rt_mmuext(MMUEXT_PIN_L1_TABLE, p2m[F2], 0), -XEN_EINVAL); /* writable */
	rt_expect(rt_uvm(S2, PTE(F2, P), UVMF_INVLPG), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L1_TABLE, p2m[F2], 0), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L1_TABLE, p2m[F2], 0), -XEN_EINVAL); /* again */
	rt_expect(rt_uvm(S2, PTE(F2, P | RW), 0), -XEN_EBUSY);  /* table writable */
	rt_expect(mmu1(l2_maddr, PTE(F2, P | RW), NULL), 0);
	RD(HI, 0) = 0x4444;
	rt_check(RD(HI, 0) == 0x4444 && RD(HI + 4096, 0) == 0x1111,
		 "through the new L1: %#lx %#lx", RD(HI, 0), RD(HI + 4096, 0));
	rt_expect(rt_uvm(HI + 2 * 4096, PTE(F3, P), UVMF_INVLPG), 0);
	rt_check(RD(HI + 2 * 4096, 0) == 0x4444, "update_va_mapping in new L1");
	rt_expect(mmu1((p2m[F2] << 12) | 3 * 8, PTE(F0, P), NULL), 0);
	rt_check(RD(S2, 3) == (PTE(F0, P) | 4 | (1UL << 52)),
		 "L1 entry written through mmu_update: %#lx", RD(S2, 3));
	/* Hostile: reserved bits, frames not ours, tables writable. */
	rt_expect(mmu1(l2_maddr, PTE(F2, P | PSE), NULL), -XEN_EINVAL);
	rt_expect(mmu1(l2_maddr, PTE(F2, P | PCD), NULL), -XEN_EINVAL);
	rt_expect(mmu1(l2_maddr, (data_mfn << 12) | P, NULL), -XEN_EINVAL);
	rt_expect(rt_uvm(HI, PTE(F3, P | PWT), 0), -XEN_EINVAL);
	rt_expect(rt_uvm(HI, PTE(F3, P | PCD), 0), -XEN_EINVAL);
	rt_expect(rt_uvm(HI, (HV_MFN << 12) | P, 0), -XEN_EBUSY);
	rt_expect(rt_uvm(HI, (HV_MFN << 12) | P | RW, 0), -XEN_EBUSY);
	rt_expect(rt_uvm(HI, (0xfffffffUL << 12) | P, 0), -XEN_EPERM);   /* no RAM */
	rt_expect(rt_uvm(HI, (l3_maddr) | P | RW, 0), -XEN_EBUSY);
	rt_expect(rt_uvm(HI, PTE(F2, P | RW), 0), -XEN_EBUSY);  /* itself, writable */
	rt_expect(mmu1(l2_maddr, 0, NULL), 0);                /* unhook */
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, p2m[F2], 0), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, p2m[F2], 0), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, p2m[F0], 0), -XEN_EINVAL);
	/* A table that maps itself writable cannot be pinned. */
	rt_expect(rt_uvm(S3, PTE(F4, P | RW), UVMF_INVLPG), 0);
	RD(S3, 0) = PTE(F4, P | RW);
	rt_expect(rt_uvm(S3, PTE(F4, P), UVMF_INVLPG), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L1_TABLE, p2m[F4], 0), -XEN_EBUSY);
	rt_expect(rt_mmuext(MMUEXT_PIN_L2_TABLE, p2m[F4], 0), -XEN_EINVAL);

	/* NEW_BASEPTR to a copy of the L4 and back; user base pointer. */
	rt_expect(rt_uvm(S3, PTE(F5, P | RW), UVMF_INVLPG), 0);
	for (int i = 0; i < 512; i++)
		RD(S3, i) = l4[i];
	rt_expect(rt_mmuext(MMUEXT_NEW_BASEPTR, p2m[F5], 0), -XEN_EINVAL); /* writable */
	rt_expect(rt_uvm(S3, PTE(F5, P), UVMF_INVLPG), 0);
	rt_expect(rt_mmuext(MMUEXT_NEW_BASEPTR, p2m[F5], 0), 0);
	rt_check(RD(S1, 0) == 0x1111, "on the copied L4: %#lx", RD(S1, 0));
	rt_expect(rt_mmuext(MMUEXT_NEW_USER_BASEPTR, p2m[F5], 0), 0);
	rt_expect(rt_mmuext(MMUEXT_NEW_BASEPTR, l4_mfn, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_NEW_BASEPTR, l3_maddr >> 12, 0), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_NEW_BASEPTR, data_mfn, 0), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_NEW_BASEPTR, HV_MFN, 0), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_NEW_USER_BASEPTR, 0xfffffffUL, 0), -XEN_EINVAL);
	rt_expect(rt_uvm(S3, PTE(F5, P | RW), UVMF_INVLPG), 0);  /* no table now */

	/* CLEAR_PAGE, COPY_PAGE, SET_LDT. */
	rt_expect(rt_mmuext(MMUEXT_COPY_PAGE, p2m[F0], p2m[F1]), 0);
	rt_check(RD(S1, 0) == 0x3333, "copied page: %#lx", RD(S1, 0));
	rt_expect(rt_mmuext(MMUEXT_CLEAR_PAGE, p2m[F0], 0), 0);
	rt_check(RD(S1, 0) == 0, "cleared page: %#lx", RD(S1, 0));
	rt_expect(rt_mmuext(MMUEXT_CLEAR_PAGE, l4_mfn, 0), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_CLEAR_PAGE, HV_MFN, 0), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_COPY_PAGE, l4_mfn, p2m[F1]), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_COPY_PAGE, p2m[F0], HV_MFN), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_SET_LDT, 0, 0), 0);
	rt_expect(rt_mmuext(MMUEXT_SET_LDT, S0 + 8, 1), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_SET_LDT, HV_ADDRESS, 1), -XEN_EINVAL);
	rt_expect(rt_mmuext(MMUEXT_SET_LDT, S0, 8193), -XEN_EINVAL);

	/* Hostile mmu_update: hypervisor frames, L4 slots, bad arrays. */
	rt_expect(mmu1(HV_MFN << 12, 0, NULL), -XEN_EINVAL);
	rt_expect(mmu1(0xfffffffUL << 12, 0, NULL), -XEN_EINVAL);
	rt_expect(mmu1((l4_mfn << 12) | 256 * 8, 0, NULL), -XEN_EINVAL);
	rt_expect(mmu1(l3_maddr | 5 * 8, (data_mfn << 12) | P | RW, NULL),
		  -XEN_EINVAL);                   /* a data page as an L2 */
	rt_expect(mmu1((p2m[F0] << 12) | 5, 0, NULL), -XEN_ENOSYS);
	struct mmu_update batch[3] = {
		{ rt_l1e_maddr(S0, NULL), PTE(F0, P | RW) },
		{ rt_l1e_maddr(S1, NULL), PTE(F1, P | PCD) },
		{ rt_l1e_maddr(S2, NULL), PTE(F1, P) },
	};
	done = 0;
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)batch, 3,
			       (unsigned long)&done, DOMID_SELF, 0), -XEN_EINVAL);
	rt_expect(done, 1);                        /* stopped at the bad one */
	done = 5;
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)batch,
			       1 | MMU_UPDATE_PREEMPTED, (unsigned long)&done,
			       DOMID_SELF, 0), 0);
	rt_expect(done, 6);
	done = 9;
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, HV_ADDRESS, 1,
			       (unsigned long)&done, DOMID_SELF, 0), -XEN_EFAULT);
	rt_expect(done, 0);
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, 0x1000, 1, 0,
			       DOMID_SELF, 0), -XEN_EFAULT);
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)batch, 1,
			       HV_ADDRESS, DOMID_SELF, 0), 0);  /* done ignored */
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)batch,
			       0x7fffffff, 0, DOMID_SELF, 0), -XEN_EFAULT);
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, 0x1000, 100000, 0,
			       DOMID_SELF, 0), -XEN_EFAULT);  /* no bound: Xen's */
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)batch, 1,
			       0, DOMID_XEN, 0), -XEN_EPERM);
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)batch, 1,
			       0, DOMID_COW, 0), -XEN_ESRCH);
	/* Hostile mmuext_op and update_va_mapping. */
	rt_expect(rt_mmuext(99, 0, 0), -XEN_ENOSYS);
	rt_expect(rt_mmuext(MMUEXT_MARK_SUPER, p2m[F0], 0), -XEN_EOPNOTSUPP);
	rt_expect(rt_mmuext(MMUEXT_FLUSH_CACHE, 0, 0), -XEN_EACCES);
	rt_expect(rt_mmuext(MMUEXT_PIN_L4_TABLE, HV_MFN, 0), -XEN_EINVAL);
	rt_expect(rt_hypercall(__HYPERVISOR_mmuext_op, HV_ADDRESS, 1, 0,
			       DOMID_SELF, 0), -XEN_EFAULT);
	rt_expect(rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)batch, 1,
			       0, DOMID_XEN, 0), -XEN_EPERM);
	rt_expect(rt_uvm(HV_ADDRESS, PTE(F0, P), 0), -XEN_EINVAL);
	rt_expect(rt_uvm(0x8000000000000000UL, PTE(F0, P), 0), -XEN_EINVAL);
	rt_expect(rt_uvm(0x1000, PTE(F0, P), 0), -XEN_EINVAL);   /* no L1 there */
	rt_expect(rt_hypercall(__HYPERVISOR_update_va_mapping_otherdomain, S0,
			       PTE(F0, P), 0, DOMID_XEN, 0), -XEN_EPERM);
	rt_expect(rt_hypercall(__HYPERVISOR_update_va_mapping_otherdomain, S0,
			       PTE(F0, P), UVMF_INVLPG, DOMID_SELF, 0), 0);

	/* Put the scratch VAs back as the builder left them. */
	for (int i = 0; i < 4; i++)
		rt_expect(rt_uvm(va_of(region - 1 - i), old[i], UVMF_INVLPG), 0);
	rt_expect(rt_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
}
