/* Test kernel: set_gdt, update_descriptor, MMUEXT_SET_LDT, segments loaded from them, and hostile use. */
#include "rt.h"

extern volatile unsigned long trap_vector, trap_error_code, trap_count;
extern volatile unsigned long trap_resume;
void handle_gp(void), handle_pf(void);

#define VIRT_BASE  0xffffffff80000000UL
#define M2P        ((const unsigned long *)0xffff800000000000UL)
#define HV_ADDRESS 0xffff830000000000UL      /* the hypervisor's direct map */
#define HV_MFN     0x200UL                   /* the hypervisor's image */
#define P   0x001UL
#define RW  0x002UL
#define ADDR_MASK 0x000ffffffffff000UL
#define va_of(pfn) (VIRT_BASE + ((unsigned long)(pfn) << 12))
#define PTE(pfn, fl) ((p2m[pfn] << 12) | (fl))
#define RD(va, i) (((volatile uint64_t *)(va))[i])

/* Descriptors: flat 64-bit code DPL 0 (raised to 3), data, a TLS base. */
#define CODE64_DPL0 0x00af9a000000ffffULL
#define CODE64_DPL3 0x00affa000000ffffULL
#define DATA_DPL3   0x00cff2000000ffffULL
#define DATA_BASE_1000 0x00cff2001000ffffULL    /* base 0x1000 */
#define TSS64       0x0000890000000067ULL
#define INT_GATE    0x00008e0000101000ULL       /* target 0x10 */
#define CALL_GATE(sel, dpl) (0x00008c0000001000ULL | ((uint64_t)(sel) << 16) | \
			     ((uint64_t)(dpl) << 45))

static struct trap_info table[] = {
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 14, 0, 0xe033, (unsigned long)handle_pf },
	{ 0, 0, 0, 0 },
};

static unsigned long *p2m;
static uint64_t tls[1024] __attribute__((aligned(4096)));

static uint64_t table_of_mfn(uint64_t e)
{
	return va_of(M2P[(e & ADDR_MASK) >> 12]);
}

/* The pfn-space region the bootstrap tables map (as pagetables.c). */
static unsigned long region_pfns(void)
{
	uint64_t *l4 = (uint64_t *)rt_start_info->pt_base;
	uint64_t *l3 = (uint64_t *)table_of_mfn(l4[511]);
	uint64_t *l2 = (uint64_t *)table_of_mfn(l3[510]);
	unsigned long n = 0;

	for (unsigned int s = 0; s < 512 && (l2[s] & P); s++)
		n += 512;
	return n;
}

static long uvm(unsigned long va, uint64_t val)
{
	return HYPERCALL3(__HYPERVISOR_update_va_mapping, va, val,
			  UVMF_INVLPG | UVMF_LOCAL);
}

static long upd(uint64_t maddr, uint64_t desc)
{
	return HYPERCALL2(__HYPERVISOR_update_descriptor, maddr, desc);
}

static long set_gdt(const unsigned long *frames, unsigned long entries)
{
	return HYPERCALL2(__HYPERVISOR_set_gdt, frames, entries);
}

static long set_ldt(unsigned long va, unsigned long ents)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

	op.arg1.linear_addr = va;
	op.arg2.nr_ents = ents;
	return rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
			    DOMID_SELF, 0);
}

/* mov sel to a data segment register; the #GP error code, or -1. */
#define LOAD_SEG(reg, sel) ({ unsigned long _c = trap_count;		\
	asm volatile("lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip);" \
		     "mov %0, %%" reg "; movq $0, trap_resume(%%rip); 2:"	\
		     :: "r"((unsigned long)(sel)) : "rax", "memory");	\
	trap_count == _c ? -1L : (long)trap_error_code; })

/* Read the quadword at %fs:addr / %gs:addr. */
static uint64_t fs_read(const void *addr)
{
	uint64_t v;

	asm volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static uint64_t gs_read(const void *addr)
{
	uint64_t v;

	asm volatile("mov %%gs:(%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

/* Far return to sel:here, read %cs there, far return to 0xe033. */
static unsigned long run_in_cs(unsigned long sel)
{
	unsigned long cs;

	asm volatile("pushq %1; lea 1f(%%rip), %%rax; pushq %%rax; lretq\n"
		     "1: mov %%cs, %0\n\t"
		     "pushq $0xe033; lea 2f(%%rip), %%rax; pushq %%rax; lretq\n"
		     "2:" : "=&r"(cs) : "r"(sel) : "rax", "memory");
	return cs;
}

void test_main(void)
{
	start_info_t *si = rt_start_info;
	unsigned long region = region_pfns(), G, L, W, X, S0, S1, S2, S3;
	unsigned long frame[2];
	uint64_t gm, lm;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);
	p2m = (unsigned long *)si->mfn_list;
	rt_check(region && region + 8 < si->nr_pages, "need free frames");
	G = si->nr_pages - 1, L = G - 1, W = G - 2, X = G - 3;
	S0 = va_of(region - 1), S1 = va_of(region - 2);
	S2 = va_of(region - 3), S3 = va_of(region - 4);
	gm = p2m[G] << 12, lm = p2m[L] << 12;
	tls[0] = 0xa0a0, tls[512] = 0xb1b1;

	/* Like Linux: the GDT frame read-only, filled by update_descriptor. */
	rt_expect(uvm(S0, PTE(G, P)), 0);
	for (int i = 0; i < 16; i++)
		rt_expect(upd(gm + i * 8, 0), 0);
	rt_expect(upd(gm + 2 * 8, CODE64_DPL0), 0);
	rt_expect(upd(gm + 3 * 8, DATA_DPL3), 0);
	rt_check(RD(S0, 2) == CODE64_DPL3, "code descriptor %#lx: DPL not "
		 "raised to 3", RD(S0, 2));
	frame[0] = p2m[G];
	rt_expect(set_gdt(frame, 16), 0);

	/* Segments from our GDT: data into ds/es/fs, code through lretq. */
	rt_expect(LOAD_SEG("ds", 0x1b), -1);
	rt_expect(LOAD_SEG("es", 0x1b), -1);
	rt_expect(LOAD_SEG("fs", 0x1b), -1);
	rt_check(*(volatile uint64_t *)&tls[0] == 0xa0a0, "read through %%ds");
	rt_expect(run_in_cs(0x13), 0x13);
	/* Entries never filled, past the limit, Xen's ring-0 ones: #GP. */
	rt_expect(LOAD_SEG("ds", 0x23), 0x20);
	rt_expect(LOAD_SEG("ds", 0x83), 0x80);
	rt_expect(LOAD_SEG("ds", 0xe013), 0xe010);
	rt_expect(LOAD_SEG("ds", 0x1b), -1);

	/* A TLS-style update of the live GDT: the base shows through %fs. */
	rt_expect(upd(gm + 5 * 8, DATA_BASE_1000), 0);
	rt_expect(LOAD_SEG("fs", 0x2b), -1);
	rt_check(fs_read(tls) == 0xb1b1, "%%fs base 0x1000 from the GDT: read "
		 "%#lx", fs_read(tls));
	rt_expect(LOAD_SEG("fs", 0x1b), -1);
	rt_check(fs_read(tls) == 0xa0a0, "%%fs base 0: read %#lx", fs_read(tls));
	/* DPL 0 code is raised to 3, as Xen; system descriptors refused. */
	rt_expect(upd(gm + 6 * 8, CODE64_DPL0), 0);
	rt_check(RD(S0, 6) == CODE64_DPL3, "DPL 0 code stored as %#lx", RD(S0, 6));
	rt_expect(run_in_cs(0x33), 0x33);
	rt_expect(upd(gm + 7 * 8, TSS64), -XEN_EINVAL);
	rt_expect(upd(gm + 7 * 8, INT_GATE), -XEN_EINVAL);
	rt_expect(upd(gm + 7 * 8, CALL_GATE(0xe008, 3)), -XEN_EINVAL);
	/* A call gate to a guest selector gets DPL 0: using it #GPs. */
	rt_expect(upd(gm + 8 * 8, CALL_GATE(0x10, 3)), 0);
	rt_check(((RD(S0, 8) >> 45) & 3) == 0, "call gate DPL %lu",
		 (RD(S0, 8) >> 45) & 3);
	rt_expect(upd(gm + 8 * 8, 0), 0);
	/* Bad addresses. */
	rt_expect(upd(gm + 4, DATA_DPL3), -XEN_EINVAL);
	rt_expect(upd(HV_MFN << 12, DATA_DPL3), -XEN_EINVAL);
	rt_expect(upd(0xffffffff000UL, DATA_DPL3), -XEN_EINVAL);
	rt_expect(upd(p2m[(si->pt_base - VIRT_BASE) >> 12] << 12, 0), -XEN_EINVAL);
	rt_printf("descriptors: GDT and update_descriptor done\n");

	/* The GDT frame cannot be mapped writable nor written via mmu_update. */
	rt_check(uvm(S3, PTE(G, P | RW)) < 0, "GDT frame mapped writable");
	{
		struct mmu_update u = { gm + 16, 0x00cffa000000ffffULL | (1ULL << 40) };

		rt_check(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1,
				      0, DOMID_SELF, 0) < 0, "GDT written by mmu_update");
		rt_check(RD(S0, 2) == CODE64_DPL3, "GDT entry changed: %#lx", RD(S0, 2));
	}

	/* Hostile set_gdt. */
	rt_expect(uvm(S2, PTE(W, P | RW)), 0);          /* still writable */
	frame[0] = p2m[W];
	rt_expect(set_gdt(frame, 16), -XEN_EINVAL);
	frame[0] = HV_MFN;
	rt_expect(set_gdt(frame, 16), -XEN_EINVAL);
	frame[0] = p2m[G];
	rt_expect(set_gdt(frame, 0xe000 / 8 + 1), -XEN_EINVAL);
	rt_expect(set_gdt((unsigned long *)HV_ADDRESS, 16), -XEN_EFAULT);
	rt_expect(set_gdt((unsigned long *)0x1000, 16), -XEN_EFAULT);
	/* A frame holding a TSS descriptor (written while writable). */
	RD(S2, 5) = TSS64;
	rt_expect(uvm(S2, PTE(W, P)), 0);
	frame[0] = p2m[W];
	rt_expect(set_gdt(frame, 16), -XEN_EINVAL);
	rt_expect(uvm(S2, PTE(W, P | RW)), 0);          /* was left untyped */
	RD(S2, 5) = 0;
	/* The failed calls left our GDT in place. */
	rt_expect(LOAD_SEG("ds", 0x1b), -1);

	/* LDT: one data descriptor, then a second through update_descriptor. */
	rt_expect(uvm(S1, PTE(L, P)), 0);
	for (int i = 0; i < 512; i++)
		rt_expect(upd(lm + i * 8, 0), 0);
	rt_expect(upd(lm, DATA_DPL3), 0);
	rt_expect(LOAD_SEG("gs", 0x7), 0x4);            /* no LDT yet */
	rt_expect(set_ldt(S1, 2), 0);
	rt_expect(LOAD_SEG("gs", 0x7), -1);
	rt_check(gs_read(tls) == 0xa0a0, "%%gs from the LDT: read %#lx",
		 gs_read(tls));
	rt_expect(LOAD_SEG("gs", 0xf), 0xc);            /* entry 1 is empty */
	rt_expect(upd(lm + 8, DATA_BASE_1000), 0);
	rt_expect(LOAD_SEG("gs", 0xf), -1);
	rt_check(gs_read(tls) == 0xb1b1, "%%gs base 0x1000 from the LDT: read "
		 "%#lx", gs_read(tls));
	rt_expect(LOAD_SEG("gs", 0x17), 0x14);          /* past 2 entries */
	rt_check(uvm(S3, PTE(L, P | RW)) < 0, "LDT frame mapped writable");
	/* Hostile SET_LDT: not mapped, mapped writable, bad contents. */
	rt_expect(set_ldt(0x1000, 1), -XEN_EINVAL);
	rt_expect(set_ldt(S2, 1), -XEN_EINVAL);
	rt_expect(set_ldt(HV_ADDRESS, 1), -XEN_EINVAL);
	RD(S2, 0) = INT_GATE;
	rt_expect(uvm(S2, PTE(W, P)), 0);
	rt_expect(set_ldt(S2, 1), -XEN_EINVAL);
	/* Still the old LDT. */
	rt_expect(LOAD_SEG("gs", 0x7), -1);
	rt_expect(LOAD_SEG("gs", 0), -1);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, SEGBASE_GS_KERNEL,
			     0), 0);

	/* Tear down: the frames are free to be mapped writable again. */
	rt_expect(set_ldt(0, 0), 0);
	rt_expect(LOAD_SEG("gs", 0x7), 0x4);
	rt_expect(uvm(S3, PTE(L, P | RW)), 0);
	rt_expect(LOAD_SEG("ds", 0xe02b), -1);
	rt_expect(LOAD_SEG("es", 0xe02b), -1);
	rt_expect(LOAD_SEG("fs", 0), -1);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_segment_base, SEGBASE_FS, 0), 0);
	rt_expect(set_gdt(frame, 0), 0);
	rt_expect(LOAD_SEG("ds", 0x1b), 0x18);
	rt_expect(uvm(S3, PTE(G, P | RW)), 0);

	/*
	 * Validation fixes a frame up in place. Leave a GDT and an LDT set:
	 * domain teardown must drop their references (no leak).
	 */
	rt_expect(uvm(S3, PTE(X, P | RW)), 0);
	for (int i = 0; i < 512; i++)
		RD(S3, i) = 0;
	RD(S3, 2) = CODE64_DPL0;
	rt_expect(uvm(S3, PTE(X, P)), 0);
	frame[0] = p2m[X];
	rt_expect(set_gdt(frame, 512), 0);
	rt_check(RD(S3, 2) == CODE64_DPL3, "validated GDT entry %#lx", RD(S3, 2));
	rt_expect(run_in_cs(0x13), 0x13);
	rt_expect(uvm(S2, PTE(W, P | RW)), 0);
	RD(S2, 0) = 0;
	rt_expect(uvm(S2, PTE(W, P)), 0);
	rt_expect(set_ldt(S2, 1), 0);
	rt_printf("descriptors: LDT and teardown set up\n");
}
