/* Test kernel: writable page tables (ptwr), direct writes to its own L1 entries, and hostile ones. */
#include "rt_mm.h"

#define VIRT_BASE  0xffffffff80000000UL
#define M2P        ((const unsigned long *)0xffff800000000000UL)
#define P   0x001UL
#define RW  0x002UL
#define ACC 0x020UL
#define AVAIL9 0x200UL
#define ADDR_MASK 0x000ffffffffff000UL
#define va_of(pfn) (VIRT_BASE + ((unsigned long)(pfn) << 12))
#define PTE(pfn, fl) ((p2m[pfn] << 12) | (fl))
#define RD(va) (*(volatile uint64_t *)(va))

extern volatile unsigned long trap_vector, trap_error_code, trap_rip;
extern volatile unsigned long trap_count, trap_resume;
void handle_gp(void), handle_pf(void), handle_ud(void);

static struct trap_info table[] = {
	{ 6, 0, 0xe033, (unsigned long)handle_ud },
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 14, 0, 0xe033, (unsigned long)handle_pf },
	{ 0, 0, 0, 0 },
};

static unsigned long *p2m;

/* The L2 table and the L1 entry that map va in the bootstrap tables. */
static uint64_t *l2_of(unsigned long va)
{
	uint64_t *l4 = (uint64_t *)rt_start_info->pt_base;

	return rt_table_of(rt_table_of(l4[(va >> 39) & 511])[(va >> 30) & 511]);
}

static volatile uint64_t *l1e_of(unsigned long va)
{
	return &rt_table_of(l2_of(va)[(va >> 21) & 511])[(va >> 12) & 511];
}

static long uvm(unsigned long va, uint64_t val, unsigned long flags)
{
	return HYPERCALL3(__HYPERVISOR_update_va_mapping, va, val, flags);
}

static void invlpg(unsigned long va)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL };

	op.arg1.linear_addr = va;
	rt_expect(rt_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
			       DOMID_SELF, 0), 0);
}

/* Run one instruction (operands %0 memory, %1 register); resume after it. */
#define GUARDED(insn, mem, val) asm volatile( \
	"lea 2f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); " insn "; 2: " \
	"movq $0, trap_resume(%%rip)" : "+m"(mem) : "r"(val) : "rax", "memory")

/* Exactly one #PF (vector 14) with error code ec since count c. */
static void expect_pf(const char *what, unsigned long c, unsigned long ec)
{
	rt_check(trap_count == c + 1, "%s: %lu traps, expected 1", what,
		 trap_count - c);
	rt_check(trap_vector == 14 && trap_error_code == ec,
		 "%s: vector %lu error code %#lx, expected 14 and %#lx", what,
		 trap_vector, trap_error_code, ec);
}

static void expect_no_trap(const char *what, unsigned long c)
{
	rt_check(trap_count == c, "%s: %lu unexpected traps (last vector %lu, "
		 "error code %#lx, rip %#lx)", what, trap_count - c, trap_vector,
		 trap_error_code, trap_rip);
}

/* The quadword at va, or -1 if reading it faults. */
static uint64_t marker(unsigned long va)
{
	uint64_t v = (uint64_t)-1;

	GUARDED("mov %0, %%rax; mov %%rax, (%1)", *(volatile uint64_t *)va, &v);
	asm volatile("" ::: "memory");
	return v;
}

void test_main(void)
{
	start_info_t *si = rt_start_info;
	unsigned long region = 0, A, B, S0, S1, c, slot;
	volatile uint64_t *pte;
	uint64_t old0, old1, e, exp;
	uint64_t *l2;
	unsigned char cf;
	bool ok;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, table, 0), 0);
	p2m = (unsigned long *)si->mfn_list;
	l2 = l2_of(VIRT_BASE);
	for (slot = 0; slot < 512 && (l2[slot] & P); slot++)
		region += 512;
	rt_check(region && region + 4 < si->nr_pages && slot < 512,
		 "need free frames past the region and a free L2 slot");
	A = si->nr_pages - 1, B = A - 1;
	S0 = va_of(region - 1), S1 = va_of(region - 2);
	old0 = *l1e_of(S0), old1 = *l1e_of(S1);
	/* Markers in the two target frames. */
	rt_expect(uvm(S0, PTE(A, P | RW), UVMF_INVLPG), 0);
	RD(S0) = 0xaaaa;
	rt_expect(uvm(S0, PTE(B, P | RW), UVMF_INVLPG), 0);
	RD(S0) = 0xbbbb;
	rt_expect(uvm(S0, old0, UVMF_INVLPG), 0);
	pte = l1e_of(S1);
	rt_printf("ptwr: L1 entry of %#lx at %p (read-only), frames %#lx %#lx\n",
		  S1, (void *)pte, p2m[A], p2m[B]);

	/* Not emulated at all: fail now rather than fault for ever below. */
	c = trap_count;
	GUARDED("movq %1, %0", *pte, old1);
	if (trap_count != c) {
		expect_no_trap("rewriting an L1 entry unchanged", c);
		return;
	}
	/* mov r64 (a plain C store) */
	*pte = PTE(A, P);
	invlpg(S1);
	expect_no_trap("mov", c);
	rt_check(marker(S1) == 0xaaaa, "after mov: %#lx", marker(S1));
	rt_check((*pte & ADDR_MASK) == p2m[A] << 12, "entry %#lx", *pte);
	/* mov imm32: clear the entry; S1 then faults as not present */
	GUARDED("movq $0, %0", *pte, 0UL);
	invlpg(S1);
	expect_no_trap("movq $0", c);
	rt_check(*pte == 0, "after movq $0: %#lx", *pte);
	rt_check(marker(S1) == (uint64_t)-1, "not-present entry still maps");
	expect_pf("read through a cleared entry", c, 0);
	/* xchg */
	c = trap_count;
	e = __atomic_exchange_n(pte, PTE(B, P), __ATOMIC_SEQ_CST);
	invlpg(S1);
	rt_check(e == 0, "xchg returned %#lx, expected 0", e);
	rt_check(marker(S1) == 0xbbbb, "after xchg: %#lx", marker(S1));
	/* lock cmpxchg: a mismatch loads rax and writes nothing, a match writes */
	exp = PTE(A, P);
	ok = __atomic_compare_exchange_n(pte, &exp, PTE(A, P), false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	rt_check(!ok && exp == *pte, "cmpxchg mismatch: ok %d, loaded %#lx, entry "
		 "%#lx", ok, exp, *pte);
	rt_check(marker(S1) == 0xbbbb, "after a failed cmpxchg: %#lx",
		 marker(S1));
	exp = *pte;
	ok = __atomic_compare_exchange_n(pte, &exp, PTE(A, P), false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	invlpg(S1);
	rt_check(ok, "cmpxchg with the current value failed (%#lx)", exp);
	rt_check(marker(S1) == 0xaaaa, "after cmpxchg: %#lx", marker(S1));
	/* lock and/or, register and both immediate sizes */
	rt_check(*pte & ACC, "hardware did not set Accessed: %#lx", *pte);
	GUARDED("lock andq $-33, %0", *pte, 0UL);                /* 83 /4 */
	rt_check(!(*pte & ACC), "lock and imm8 left Accessed: %#lx", *pte);
	__atomic_fetch_or(pte, AVAIL9, __ATOMIC_SEQ_CST);
	GUARDED("lock or %1, %0", *pte, AVAIL9);                 /* 09 /r */
	rt_check(*pte & AVAIL9, "lock or left bit 9 clear: %#lx", *pte);
	GUARDED("lock andq $-0x201, %0", *pte, 0UL);             /* 81 /4 */
	rt_check(!(*pte & AVAIL9), "lock and imm32 left bit 9: %#lx", *pte);
	GUARDED("lock orq $0x400, %0", *pte, 0UL);               /* 81 /1 */
	GUARDED("lock and %1, %0", *pte, ~0x400UL);              /* 21 /r */
	GUARDED("lock orq $0x20, %0", *pte, 0UL);                /* 83 /1 */
	rt_check((*pte & (0x400 | ACC)) == ACC, "lock or/and: %#lx", *pte);
	/* lock btr/bts with CF, imm8 and register */
	asm volatile("lock btrq $5, %0; setc %1" : "+m"(*pte), "=r"(cf));
	rt_check(cf == 1 && !(*pte & ACC), "btr $5: CF %u entry %#lx", cf, *pte);
	asm volatile("lock btr %2, %0; setc %1" : "+m"(*pte), "=r"(cf)
		     : "r"(5UL));
	rt_check(cf == 0, "btr %%reg of a clear bit: CF %u", cf);
	asm volatile("lock bts %2, %0; setc %1" : "+m"(*pte), "=r"(cf)
		     : "r"(9UL));
	rt_check(cf == 0 && (*pte & AVAIL9), "bts %%reg: CF %u entry %#lx", cf,
		 *pte);
	/* bts $1 makes the mapping writable, btr $1 read-only again */
	asm volatile("lock btsq $1, %0; setc %1" : "+m"(*pte), "=r"(cf));
	invlpg(S1);
	rt_check(cf == 0, "bts $1: CF %u", cf);
	c = trap_count;
	GUARDED("movq %1, %0", RD(S1), 0xa1a1UL);
	expect_no_trap("write through the now writable mapping", c);
	asm volatile("lock btrq $1, %0; setc %1" : "+m"(*pte), "=r"(cf));
	rt_check(cf == 1, "btr $1: CF %u", cf);
	GUARDED("movq %1, %0", RD(S1), 0xdeadUL);
	expect_pf("write to a read-only data page", c, 3);
	rt_check(marker(S1) == 0xa1a1, "read-only page was written: %#lx",
		 marker(S1));

	/* Hostile: each a #PF for the guest, the entry unchanged. */
	e = *pte;
	c = trap_count;
	GUARDED("movq %1, %0", *pte, (uint64_t)(uintptr_t)pte | P);  /* no frame */
	expect_pf("a kernel address as an entry", c, 3);
	c = trap_count;
	GUARDED("movq %1, %0", *pte,
		(l2_of(S1)[(S1 >> 21) & 511] & ADDR_MASK) | P | RW);
	expect_pf("mapping an L1 table writable", c, 3);
	c = trap_count;
	GUARDED("movq %1, %0", *pte, (0xfffffffUL << 12) | P);
	expect_pf("a frame beyond RAM", c, 3);
	c = trap_count;
	GUARDED("movl %k1, %0", *(volatile uint32_t *)pte, 0x67UL);
	expect_pf("a 4-byte write", c, 3);
	c = trap_count;
	GUARDED("movq %1, %0", *(volatile uint64_t *)((uintptr_t)pte + 4), 0UL);
	expect_pf("a write across two entries", c, 3);
	c = trap_count;
	GUARDED("lock cmpxchg %k1, %0", *(volatile uint32_t *)pte, 0UL);
	expect_pf("a 32-bit cmpxchg", c, 3);
	c = trap_count;
	GUARDED("lock btsq %1, %0", *pte, 64UL);   /* the next quadword */
	expect_pf("bts past the entry", c, 3);
	rt_check(*pte == e, "hostile writes changed the entry: %#lx, was %#lx",
		 *pte, e);
	/* An L2 entry: Xen emulates L1 writes only. */
	c = trap_count;
	GUARDED("movq %1, %0", l2[slot], 0UL);
	expect_pf("a direct write to an L2 table", c, 3);

	rt_expect(uvm(S1, old1, UVMF_INVLPG), 0);
	rt_printf("ptwr: %lu page faults delivered\n", trap_count);
}
