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

/*
 * The widths mode: each form Linux 6.1 uses, at 1, 2, 4 and 8 bytes, on
 * a pinned L1 of our own (hooked into a free L2 slot, mapped read-only
 * at S1), and the narrow writes Xen refuses.
 */
#define F    0x067UL          /* P RW US A D: what the entry reads back */
#define FRO  0x065UL          /* the same, read-only */
#define PRE  "lea 2f(%%rip), %%r11; mov %%r11, trap_resume(%%rip); "
#define POST "; 2: movq $0, trap_resume(%%rip)"
#define B8(t, i, off) (*(volatile uint8_t *)((uintptr_t)&(t)[i] + (off)))
#define W16(t, i, off) (*(volatile uint16_t *)((uintptr_t)&(t)[i] + (off)))
#define D32(t, i, off) (*(volatile uint32_t *)((uintptr_t)&(t)[i] + (off)))

/* Write va's first quadword back: no trap (rw) or a #PF with code 3. */
static void expect_writable(const char *what, unsigned long va, bool rw)
{
	unsigned long c = trap_count;
	uint64_t v = RD(va);

	GUARDED("movq %1, %0", RD(va), v);
	if (rw)
		expect_no_trap(what, c);
	else
		expect_pf(what, c, 3);
}

/* One entry's check: value exp, and what (named) failing says why. */
static void expect_entry(const char *what, volatile uint64_t *t, uint64_t exp)
{
	rt_check(*t == exp, "%s: entry %#lx, expected %#lx", what, *t, exp);
}

#define PTWR_FLOOD 3000

static void test_widths(unsigned long region, unsigned long slot)
{
	start_info_t *si = rt_start_info;
	unsigned long A = si->nr_pages - 1, B = A - 1, L = A - 2;
	unsigned long S1 = va_of(region - 2), W = VIRT_BASE + (slot << 21), c;
	uint64_t old1 = *l1e_of(S1), l3e, a = PTE(A, F), b = PTE(B, F), v;
	volatile uint64_t *t = (volatile uint64_t *)S1;
	struct mmu_update u;
	unsigned char cf, zf;

	rt_check(!(a >> 32) && !(b >> 32), "frames above 4 GiB");
	/* Markers, our L1 zeroed, pinned, hooked at slot, mapped at S1. */
	rt_fill_frame(A, "\xaa\xaa", 2, 0, -1, 0);
	rt_fill_frame(B, "\xbb\xbb", 2, 0, -1, 0);
	rt_fill_frame(L, NULL, 0, 0, -1, 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L1_TABLE, p2m[L], 0), 0);
	l3e = rt_table_of(((uint64_t *)si->pt_base)[(VIRT_BASE >> 39) & 511])
		[(VIRT_BASE >> 30) & 511];
	u.ptr = (l3e & ADDR_MASK) + slot * 8 + MMU_NORMAL_PT_UPDATE;
	u.val = PTE(L, P | RW | 4 | ACC);
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);
	rt_expect(uvm(S1, PTE(L, FRO), UVMF_INVLPG), 0);
	rt_printf("ptwr widths: own L1 %#lx at %#lx maps %#lx\n", p2m[L], S1, W);

	c = trap_count;
	/* qword mov (a C store) */
	t[0] = a;
	invlpg(W);
	expect_no_trap("qword mov", c);
	expect_entry("qword mov", t, a);
	rt_check(marker(W) == 0xaaaa, "after a qword mov: %#lx", marker(W));
	/* dword mov: the low half switches the frame */
	asm volatile(PRE "movl %k1, %0" POST : "+m"(D32(t, 0, 0)) : "r"(b)
		     : "r11", "memory");
	invlpg(W);
	expect_no_trap("dword mov", c);
	expect_entry("dword mov", t, b);
	rt_check(marker(W) == 0xbbbb, "after a dword mov: %#lx", marker(W));
	/* ds andb $0xfd (lock patched out on one vCPU): read-only */
	asm volatile(PRE "ds andb $0xfd, %0" POST "; setz %1"
		     : "+m"(B8(t, 0, 0)), "=r"(zf) :: "r11", "cc", "memory");
	invlpg(W);
	expect_no_trap("ds andb", c);
	expect_entry("ds andb $0xfd", t, PTE(B, FRO));
	rt_check(!zf, "ds andb: ZF set for a nonzero result");
	expect_writable("write after ds andb", W, false);
	c = trap_count;
	/* lock orb $2, lock andb $0xfd, lock xorb $2 */
	asm volatile(PRE "lock orb $2, %0" POST : "+m"(B8(t, 0, 0)) :: "r11",
		     "cc", "memory");
	invlpg(W);
	expect_entry("lock orb $2", t, b);
	expect_writable("write after lock orb", W, true);
	asm volatile(PRE "lock andb $0xfd, %0" POST : "+m"(B8(t, 0, 0)) ::
		     "r11", "cc", "memory");
	invlpg(W);
	expect_entry("lock andb $0xfd", t, PTE(B, FRO));
	expect_writable("write after lock andb", W, false);
	c = trap_count;
	asm volatile(PRE "lock xorb $2, %0" POST : "+m"(B8(t, 0, 0)) :: "r11",
		     "cc", "memory");
	invlpg(W);
	expect_entry("lock xorb $2", t, b);
	expect_writable("write after lock xorb", W, true);
	/* word mov, lock orw imm16, lock xorl imm32 */
	asm volatile(PRE "movw %w1, %0" POST : "+m"(W16(t, 0, 0))
		     : "r"(PTE(B, FRO)) : "r11", "memory");
	invlpg(W);
	expect_entry("word mov", t, PTE(B, FRO));
	expect_writable("write after a word mov", W, false);
	c = trap_count;
	asm volatile(PRE "lock orw $0x202, %0" POST : "+m"(W16(t, 0, 0)) ::
		     "r11", "cc", "memory");
	expect_entry("lock orw $0x202", t, b | AVAIL9);
	asm volatile(PRE "lock xorl $0x200, %0" POST : "+m"(D32(t, 0, 0)) ::
		     "r11", "cc", "memory");
	expect_entry("lock xorl $0x200", t, b);
	expect_no_trap("word and dword or/xor", c);
	/* lock btr/bts: imm8 at 8, 2 and 4 bytes, register at 4 and 8 */
	asm volatile(PRE "lock btrq $5, %0" POST "; setc %1"
		     : "+m"(t[0]), "=r"(cf) :: "r11", "cc", "memory");
	rt_check(cf == 1, "lock btrq $5: CF %u", cf);
	expect_entry("lock btrq $5", t, b & ~ACC);
	asm volatile(PRE "lock btsw $5, %0" POST "; setc %1"
		     : "+m"(W16(t, 0, 0)), "=r"(cf) :: "r11", "cc", "memory");
	rt_check(cf == 0, "lock btsw $5: CF %u", cf);
	expect_entry("lock btsw $5", t, b);
	asm volatile(PRE "lock btrl %k2, %0" POST "; setc %1"
		     : "+m"(D32(t, 0, 0)), "=r"(cf) : "r"(1UL) : "r11", "cc",
		     "memory");
	rt_check(cf == 1, "lock btrl %%reg: CF %u", cf);
	invlpg(W);
	expect_entry("lock btrl %reg", t, PTE(B, FRO));
	expect_writable("write after lock btrl", W, false);
	c = trap_count;
	asm volatile(PRE "lock btsq %2, %0" POST "; setc %1"
		     : "+m"(t[0]), "=r"(cf) : "r"(1UL) : "r11", "cc", "memory");
	rt_check(cf == 0, "lock btsq %%reg: CF %u", cf);
	expect_entry("lock btsq %reg", t, b);
	/* xchg: dword switches the frame back, byte the flags */
	v = a;
	asm volatile(PRE "xchgl %k1, %0" POST : "+m"(D32(t, 0, 0)), "+r"(v) ::
		     "r11", "memory");
	invlpg(W);
	rt_check(v == (uint32_t)b, "xchgl returned %#lx, expected %#lx", v,
		 (uint64_t)(uint32_t)b);
	expect_entry("xchgl", t, a);
	rt_check(marker(W) == 0xaaaa, "after xchgl: %#lx", marker(W));
	v = 0xffffff00UL | FRO;
	asm volatile(PRE "xchgb %b1, %0" POST : "+m"(B8(t, 0, 0)), "+q"(v) ::
		     "r11", "memory");
	rt_check(v == (0xffffff00UL | F), "xchgb returned %#lx", v);
	expect_entry("xchgb", t, PTE(A, FRO));
	/* lock cmpxchg: byte mismatch (al loaded), byte match, dword match */
	v = 0x1200 | F;
	asm volatile(PRE "lock cmpxchgb %b3, %0" POST "; setz %1"
		     : "+m"(B8(t, 0, 0)), "=r"(zf), "+a"(v) : "q"(0UL) : "r11",
		     "cc", "memory");
	rt_check(!zf && v == (0x1200 | FRO), "cmpxchgb mismatch: ZF %u al %#lx",
		 zf, v);
	expect_entry("cmpxchgb mismatch", t, PTE(A, FRO));
	asm volatile(PRE "lock cmpxchgb %b3, %0" POST "; setz %1"
		     : "+m"(B8(t, 0, 0)), "=r"(zf), "+a"(v) : "q"(F) : "r11",
		     "cc", "memory");
	rt_check(zf, "cmpxchgb match: ZF clear");
	expect_entry("cmpxchgb match", t, a);
	v = 0xabcd000000000000UL | (uint32_t)a;
	asm volatile(PRE "lock cmpxchgl %k3, %0" POST "; setz %1"
		     : "+m"(D32(t, 0, 0)), "=r"(zf), "+a"(v) : "r"(b) : "r11",
		     "cc", "memory");
	invlpg(W);
	rt_check(zf && v == (0xabcd000000000000UL | (uint32_t)a),
		 "cmpxchgl match: ZF %u rax %#lx", zf, v);
	expect_entry("cmpxchgl match", t, b);
	rt_check(marker(W) == 0xbbbb, "after cmpxchgl: %#lx", marker(W));
	v = 0xabcd000000000000UL;
	asm volatile(PRE "lock cmpxchgl %k3, %0" POST "; setz %1"
		     : "+m"(D32(t, 0, 0)), "=r"(zf), "+a"(v) : "r"(a) : "r11",
		     "cc", "memory");
	rt_check(!zf && v == (uint32_t)b, "cmpxchgl mismatch: ZF %u rax %#lx "
		 "(a 32-bit load zero-extends)", zf, v);
	expect_entry("cmpxchgl mismatch", t, b);
	/* byte movs: the flags byte and NX in the top byte */
	asm volatile(PRE "movb $0x65, %0" POST : "+m"(B8(t, 0, 0)) :: "r11",
		     "memory");
	expect_entry("movb $0x65", t, PTE(B, FRO));
	asm volatile(PRE "movb $0x80, %0" POST : "+m"(B8(t, 0, 7)) :: "r11",
		     "memory");
	expect_entry("movb $0x80 to byte 7 (NX)", t, PTE(B, FRO) | (1UL << 63));
	asm volatile(PRE "movb $0, %0; movb $0x67, %1" POST
		     : "+m"(B8(t, 0, 7)), "+m"(B8(t, 0, 0)) :: "r11", "memory");
	expect_entry("movb back", t, b);
	expect_no_trap("the forms above", c);

	/* Refused as Xen refuses them: a #PF (code 3), entries unchanged. */
	t[1] = PTE(L, FRO);                 /* our L1, read-only: allowed */
	expect_entry("a read-only mapping of our L1", t + 1, PTE(L, FRO));
	c = trap_count;
	asm volatile(PRE "lock orb $2, %0" POST : "+m"(B8(t, 1, 0)) :: "r11",
		     "cc", "memory");
	expect_pf("lock orb $2 on a mapping of a page table", c, 3);
	c = trap_count;
	asm volatile(PRE "ds orb $2, %0" POST : "+m"(B8(t, 1, 0)) :: "r11",
		     "cc", "memory");
	expect_pf("ds orb $2 on a mapping of a page table", c, 3);
	c = trap_count;
	asm volatile(PRE "lock orb $0x80, %0" POST : "+m"(B8(t, 0, 0)) ::
		     "r11", "cc", "memory");
	expect_pf("PSE/PAT (bit 7) in an L1 entry", c, 3);
	c = trap_count;
	asm volatile(PRE "movb $0xff, %0" POST : "+m"(B8(t, 0, 4)) :: "r11",
		     "memory");
	expect_pf("a byte making a frame beyond RAM", c, 3);
	c = trap_count;
	asm volatile(PRE "lock btsl %k1, %0" POST : "+m"(D32(t, 0, 0))
		     : "r"(32UL + 7) : "r11", "cc", "memory");
	expect_pf("btsl into the upper half (bit 39)", c, 3);
	c = trap_count;
	asm volatile(PRE "movw %w1, %0" POST : "+m"(W16(t, 0, 1)) : "r"(0UL)
		     : "r11", "memory");
	expect_pf("a word not naturally aligned", c, 3);
	c = trap_count;
	asm volatile(PRE "movl %k1, %0" POST : "+m"(D32(t, 0, 6)) : "r"(0UL)
		     : "r11", "memory");
	expect_pf("a dword straddling two entries", c, 3);
	expect_entry("after the refused writes", t, b);
	expect_entry("after the refused writes (entry 1)", t + 1, PTE(L, FRO));
	rt_printf("ptwr widths: %lu page faults delivered\n", trap_count);

	/* A flood of refused writes: every one the guest's #PF; the
	 * hypervisor's log lines about them are rate-limited. */
	c = trap_count;
	for (unsigned int i = 0; i < PTWR_FLOOD; i++)
		asm volatile(PRE "movw %w1, %0" POST : "+m"(W16(t, 0, 1))
			     : "r"(0UL) : "r11", "memory");
	rt_check(trap_count == c + PTWR_FLOOD, "flood: %lu page faults, "
		 "expected %u", trap_count - c, PTWR_FLOOD);
	expect_entry("after the flood", t, b);
	rt_printf("ptwr widths: a flood of %u refused writes faulted\n",
		  PTWR_FLOOD);

	/* Undo: entries, the slot, the mapping, the pin. */
	t[0] = 0, t[1] = 0;
	u.val = 0;
	rt_expect(rt_hypercall(__HYPERVISOR_mmu_update, (unsigned long)&u, 1, 0,
			       DOMID_SELF, 0), 0);
	rt_expect(uvm(S1, old1, UVMF_INVLPG), 0);
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, p2m[L], 0), 0);
}

void test_main(void)
{
	start_info_t *si = rt_start_info;
	unsigned long region = 0, A, B, S0, S1, c, slot;
	volatile uint64_t *pte;
	uint64_t old0, old1, e, e1, exp;
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
	if (rt_cmdline_has("widths")) {
		test_widths(region, slot);
		return;
	}
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
	e = *pte, e1 = pte[1];
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
	GUARDED("movl %k1, %0", *(volatile uint32_t *)((uintptr_t)pte + 4),
		0xfffffUL);
	expect_pf("a 4-byte write making a frame beyond RAM", c, 3);
	c = trap_count;
	GUARDED("movq %1, %0", *(volatile uint64_t *)((uintptr_t)pte + 4), 0UL);
	expect_pf("a write across two entries", c, 3);
	c = trap_count;
	GUARDED("movw %w1, %0", *(volatile uint16_t *)((uintptr_t)pte + 1), 0UL);
	expect_pf("a 2-byte write not naturally aligned", c, 3);
	c = trap_count;
	GUARDED("lock btsq %1, %0", *pte, 64UL + 7);  /* PAT in the next entry */
	expect_pf("bts past the entry", c, 3);
	rt_check(*pte == e, "hostile writes changed the entry: %#lx, was %#lx",
		 *pte, e);
	rt_check(pte[1] == e1, "bts past the entry changed the next one: "
		 "%#lx, was %#lx", pte[1], e1);
	/* An L2 entry: Xen emulates L1 writes only. */
	c = trap_count;
	GUARDED("movq %1, %0", l2[slot], 0UL);
	expect_pf("a direct write to an L2 table", c, 3);

	rt_expect(uvm(S1, old1, UVMF_INVLPG), 0);
	rt_printf("ptwr: %lu page faults delivered\n", trap_count);
}
