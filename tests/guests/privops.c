/* Test kernel: privileged instructions in the guest kernel, emulated as Xen does. */
#include "rt.h"
#include "rt_mm.h"
#include <xen/physdev.h>

extern volatile unsigned long trap_vector, trap_error_code, trap_count;
extern volatile unsigned long trap_resume;
void handle_gp(void);

#define MSR_EFER           0xc0000080
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_IA32_CR_PAT    0x00000277
#define M2P ((const unsigned long *)0xffff800000000000UL)
#define VIRT_BASE 0xffffffff80000000UL

struct regs4 {
	uint32_t a, b, c, d;
};

static struct regs4 xen_cpuid(uint32_t leaf, uint32_t sub)
{
	struct regs4 r;

	asm volatile("ud2; .ascii \"xen\"; cpuid"
		     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
		     : "a"(leaf), "c"(sub) : "memory");
	return r;
}

static struct regs4 raw_cpuid(uint32_t leaf, uint32_t sub)
{
	struct regs4 r;

	asm volatile("cpuid" : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
		     : "a"(leaf), "c"(sub));
	return r;
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v),
		     "d"((uint32_t)(v >> 32)) : "memory");
}

static unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v) :: "memory");
	return v;
}

static void check_cpuid(void)
{
	struct regs4 r = xen_cpuid(0x40000000, 0);
	struct regs4 raw = raw_cpuid(1, 0);
	char sig[13];

	__builtin_memcpy(sig, &r.b, 4);
	__builtin_memcpy(sig + 4, &r.c, 4);
	__builtin_memcpy(sig + 8, &r.d, 4);
	sig[12] = 0;
	rt_check(__builtin_memcmp(sig, "XenVMMXenVMM", 12) == 0,
		 "cpuid 0x40000000 signature \"%s\"", sig);
	rt_check(r.a >= 0x40000002, "cpuid 0x40000000 eax %#x", r.a);
	r = xen_cpuid(0x40000001, 0);
	rt_check(r.a >> 16 == 4, "cpuid 0x40000001 eax %#x, expected 4.x", r.a);
	r = xen_cpuid(0x40000002, 0);
	rt_check(r.a == 1 && r.b == 0x40000000, "cpuid 0x40000002 %#x %#x",
		 r.a, r.b);
	r = xen_cpuid(1, 0);
	rt_check(r.c & (1u << 31), "leaf 1 ecx %#x lacks the hypervisor bit", r.c);
	/* VME PSE MCE APIC MTRR PGE MCA PSE36 */
	rt_check(!(r.d & 0x0002728a), "leaf 1 edx %#x shows VME/PSE/MCE/APIC/"
		 "MTRR/PGE/MCA/PSE36", r.d);
	/* MONITOR VMX PCID X2APIC TSC_DEADLINE */
	rt_check(!(r.c & 0x01220028), "leaf 1 ecx %#x shows MONITOR/VMX/PCID/"
		 "X2APIC/TSC_DEADLINE", r.c);
	rt_check(raw.d & (1u << 3), "the real CPU has no PSE: the mask is "
		 "not tested");
	rt_check((r.d & (1u << 26)) == (raw.d & (1u << 26)),
		 "SSE2 should pass through: %#x vs %#x", r.d, raw.d);
	r = xen_cpuid(7, 0);
	/* FSGSBASE SMEP SMAP; UMIP PKU LA57 */
	rt_check(!(r.b & 0x00100081) && !(r.c & 0x0001000c),
		 "leaf 7 ebx %#x ecx %#x show hidden features", r.b, r.c);
	r = xen_cpuid(0x80000001, 0);
	rt_check(!(r.d & (1u << 26)), "0x80000001 edx %#x shows PAGE1GB", r.d);
	rt_check(r.d & (1u << 29), "0x80000001 edx %#x lacks LM", r.d);
}

static unsigned long fs_area[2] = { 0x1111222233334444UL, 7 };
static unsigned long gs_area[2] = { 0x5555666677778888UL, 9 };

static void check_msrs(void)
{
	unsigned long v;

	wrmsr(MSR_FS_BASE, (unsigned long)fs_area);
	rt_check(rdmsr(MSR_FS_BASE) == (unsigned long)fs_area,
		 "FS_BASE reads %#lx", (unsigned long)rdmsr(MSR_FS_BASE));
	asm volatile("mov %%fs:8, %0" : "=r"(v) :: "memory");
	rt_check(v == 7, "%%fs:8 after wrmsr FS_BASE is %lu", v);
	asm volatile("mov %%fs:0, %0" : "=r"(v) :: "memory");
	rt_check(v == fs_area[0], "%%fs:0 is %#lx", v);

	wrmsr(MSR_GS_BASE, (unsigned long)gs_area);
	rt_check(rdmsr(MSR_GS_BASE) == (unsigned long)gs_area,
		 "GS_BASE reads %#lx", (unsigned long)rdmsr(MSR_GS_BASE));
	asm volatile("mov %%gs:8, %0" : "=r"(v) :: "memory");
	rt_check(v == 9, "%%gs:8 after wrmsr GS_BASE is %lu", v);
	/* A hypercall in between must not lose it. */
	HYPERCALL2(__HYPERVISOR_xen_version, 0, 0);
	asm volatile("mov %%gs:0, %0" : "=r"(v) :: "memory");
	rt_check(v == gs_area[0], "%%gs:0 after a hypercall is %#lx", v);

	wrmsr(MSR_SHADOW_GS_BASE, 0x12345000UL);
	rt_check(rdmsr(MSR_SHADOW_GS_BASE) == 0x12345000UL,
		 "SHADOW_GS_BASE reads %#lx",
		 (unsigned long)rdmsr(MSR_SHADOW_GS_BASE));
	rt_check(rdmsr(MSR_GS_BASE) == (unsigned long)gs_area,
		 "GS_BASE changed by a SHADOW_GS_BASE write");

	v = rdmsr(MSR_EFER);
	rt_check((v & 0xd01) == 0xd01, "EFER %#lx lacks SCE|LME|LMA|NXE", v);
	wrmsr(MSR_EFER, v);             /* unchanged: accepted */
	v = rdmsr(MSR_IA32_CR_PAT);
	rt_check((v & 0xff) == 6, "PAT %#lx: entry 0 is not WB", v);
	/* An unknown MSR would #GP the guest: with no trap table that is a
	 * crash, so the unit test covers it (test_emulate msr_policy). */
}

static void check_crs(void)
{
	unsigned long cr0, cr2, cr3, cr4;
	unsigned long pfn = (rt_start_info->pt_base - VIRT_BASE) >> 12;

	cr0 = read_cr0();
	rt_check((cr0 & 0x80000001) == 0x80000001, "CR0 %#lx lacks PE|PG", cr0);
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	rt_check((cr4 & ~(1UL << 18)) == 0x620, "CR4 %#lx, expected "
		 "PAE|OSFXSR|OSXMMEXCPT[|OSXSAVE]", cr4);
	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	rt_check(!(cr3 & 0xfff) && M2P[cr3 >> 12] == pfn,
		 "CR3 %#lx: M2P says pfn %#lx, pt_base is pfn %#lx", cr3,
		 M2P[cr3 >> 12], pfn);
	asm volatile("mov %0, %%r9; mov %%r9, %%cr2; xor %%r9, %%r9; "
		     "mov %%cr2, %%r9; mov %%r9, %0"
		     : "=r"(cr2) : "r"(0xdead000UL) : "r9", "memory");
	rt_check(cr2 == 0xdead000UL, "CR2 reads %#lx after writing 0xdead000",
		 cr2);
	asm volatile("mov %%cr4, %%rax; mov %%rax, %%cr4" ::: "rax");

	/* Lazy FPU: TS as fpu_taskswitch and clts leave it. */
	rt_expect(HYPERCALL2(__HYPERVISOR_fpu_taskswitch, 1, 0), 0);
	rt_check(read_cr0() & 8, "CR0 %#lx: TS clear after fpu_taskswitch(1)",
		 read_cr0());
	asm volatile("clts" ::: "memory");
	rt_check(!(read_cr0() & 8), "CR0 %#lx: TS set after clts", read_cr0());
	asm volatile("mov %0, %%cr0" :: "r"(read_cr0() | 8) : "memory");
	rt_check(read_cr0() & 8, "CR0 %#lx: TS clear after mov to CR0",
		 read_cr0());
	asm volatile("clts" ::: "memory");
}

static void check_io(void)
{
	uint8_t b;
	uint16_t w;
	uint32_t l;
	unsigned char buf[16] = { 0 };
	void *p = buf;
	unsigned long n = 8;
	struct physdev_set_iopl iopl = { 1 };

	/* As Linux: port I/O from the kernel needs virtual IOPL 1 (the
	 * iopl test kernel covers the rules). */
	rt_expect(HYPERCALL2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &iopl),
		  0);
	asm volatile("inb %w1, %b0" : "=a"(b) : "d"(0x3f8));
	rt_check(b == 0xff, "inb 0x3f8 = %#x", b);
	asm volatile("inw $0x60, %w0" : "=a"(w));
	rt_check(w == 0xffff, "inw 0x60 = %#x", w);
	asm volatile("inl %w1, %0" : "=a"(l) : "d"(0xcfc));
	rt_check(l == 0xffffffff, "inl 0xcfc = %#x", l);
	asm volatile("outb %b0, %w1" :: "a"('!'), "d"(0x3f8));
	asm volatile("outb %b0, $0x80" :: "a"(0));
	asm volatile("rep insb" : "+D"(p), "+c"(n) : "d"(0x3f8) : "memory");
	rt_check(n == 0 && p == buf + 8, "rep insb left rcx %lu, rdi +%ld", n,
		 (long)((unsigned char *)p - buf));
	rt_check(buf[0] == 0xff && buf[7] == 0xff && buf[8] == 0,
		 "rep insb wrote %#x..%#x, %#x after", buf[0], buf[7], buf[8]);
	p = buf;
	n = 3;
	asm volatile("rep outsw" : "+S"(p), "+c"(n) : "d"(0x3f8) : "memory");
	rt_check(n == 0 && p == buf + 6, "rep outsw left rcx %lu, rsi +%ld", n,
		 (long)((unsigned char *)p - buf));
}

static struct trap_info gp_table[] = {
	{ 13, 0, 0xe033, (unsigned long)handle_gp },
	{ 0, 0, 0, 0 },
};

/* mov v to %cr3; returns the number of #GP(0) the guest received. */
static unsigned long cr3_write(unsigned long v)
{
	unsigned long c = trap_count;

	asm volatile("lea 1f(%%rip), %%rax; mov %%rax, trap_resume(%%rip); "
		     "mov %0, %%cr3; 1:" :: "r"(v) : "rax", "memory");
	trap_resume = 0;
	if (trap_count != c)
		rt_check(trap_vector == 13 && trap_error_code == 0, "mov %#lx to "
			 "CR3: vector %lu error code %#lx, expected #GP(0)", v,
			 trap_vector, trap_error_code);
	return trap_count - c;
}

static unsigned long cr3_read(void)
{
	unsigned long v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* mov to %cr3 as MMUEXT_NEW_BASEPTR; MSR_IA32_CR_PAT as Xen's PV. */
static void check_cr3_and_pat(void)
{
	start_info_t *si = rt_start_info;
	uint64_t *kl4 = (uint64_t *)si->pt_base, old_pte;
	unsigned long F = si->nr_pages - 1, S = rt_va_of(rt_region_pages() - 1);
	unsigned long cr3 = cr3_read(), copy = rt_mfn(F) << 12, c;

	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, gp_table, 0), 0);
	rt_check(F >= rt_region_pages(), "no free frame past the region");
	/* An L4 copy in a free frame, pinned. */
	rt_l1e_maddr(S, &old_pte);
	rt_expect(rt_uvm(S, copy | 3, UVMF_INVLPG | UVMF_LOCAL), 0);
	for (int i = 0; i < 512; i++)
		((uint64_t *)S)[i] = kl4[i];
	/* Still writable: cannot become the base pointer. */
	rt_check(cr3_write(copy) == 1, "CR3 to a writable frame: no #GP");
	rt_expect(rt_uvm(S, old_pte, UVMF_INVLPG | UVMF_LOCAL), 0);
	rt_expect(rt_mmuext(MMUEXT_PIN_L4_TABLE, rt_mfn(F), 0), 0);

	rt_check(cr3_write(copy | 0x18) == 0, "CR3 to the pinned copy: #GP");
	rt_check(cr3_read() == copy, "CR3 reads %#lx, expected the copy %#lx",
		 cr3_read(), copy);
	rt_check(cr3_write(cr3) == 0, "CR3 back to the original: #GP");
	rt_check(cr3_read() == cr3, "CR3 reads %#lx, expected %#lx", cr3_read(),
		 cr3);

	/* Hostile values: #GP(0), CR3 unchanged. */
	c = rt_mfn(0) << 12;                         /* the kernel's text */
	rt_check(cr3_write(c) == 1, "CR3 to a data frame %#lx: no #GP", c);
	rt_check(cr3_write(0x200000) == 1, "CR3 to the hypervisor: no #GP");
	rt_check(cr3_write(0) == 1, "CR3 to frame 0: no #GP");
	rt_check(cr3_write(cr3 | (1UL << 63)) == 1, "CR3 with bit 63: no #GP");
	rt_check(cr3_write(0x000ffffffffff000UL) == 1, "CR3 past RAM: no #GP");
	rt_check(cr3_read() == cr3, "CR3 changed to %#lx by refused writes",
		 cr3_read());
	rt_expect(rt_mmuext(MMUEXT_UNPIN_TABLE, rt_mfn(F), 0), 0);

	/* PAT: Xen's value, and no writes, not even of that value. */
	rt_check(rdmsr(MSR_IA32_CR_PAT) == 0x0000050100070406UL, "PAT reads "
		 "%#lx, expected Xen's 0x50100070406",
		 (unsigned long)rdmsr(MSR_IA32_CR_PAT));
	c = trap_count;
	asm volatile("lea 1f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); "
		     "wrmsr; 1:" :: "c"(MSR_IA32_CR_PAT), "a"(0x00070406),
		     "d"(0x501) : "r8", "memory");
	trap_resume = 0;
	rt_check(trap_count == c + 1 && trap_vector == 13, "wrmsr PAT: %lu "
		 "traps (vector %lu), expected one #GP", trap_count - c,
		 trap_vector);

	/* CPUID faulting as Xen shows it on hardware without it: both MSRs
	 * readable (no #GP), zero; setting the enable bit is a #GP. */
	c = trap_count;
	rt_check(rdmsr(0xce) == 0 && rdmsr(0x140) == 0 && trap_count == c,
		 "PLATFORM_INFO / MISC_FEATURES_ENABLES: %lu traps, expected "
		 "both readable as 0", trap_count - c);
	wrmsr(0x140, 0);
	asm volatile("lea 1f(%%rip), %%r8; mov %%r8, trap_resume(%%rip); "
		     "wrmsr; 1:" :: "c"(0x140), "a"(1), "d"(0) : "r8", "memory");
	trap_resume = 0;
	rt_check(trap_count == c + 1 && trap_vector == 13, "wrmsr "
		 "MISC_FEATURES_ENABLES 1: %lu traps, expected one #GP",
		 trap_count - c);
	rt_expect(HYPERCALL2(__HYPERVISOR_set_trap_table, 0, 0), 0);
}

void test_main(void)
{
	uint64_t t0, t1;

	rt_printf("privops: forced cpuid, MSRs, CRs, ports, hlt\n");
	check_cpuid();
	check_msrs();
	check_crs();
	check_io();
	check_cr3_and_pat();
	t0 = rt_rdtsc();
	asm volatile("hlt; wbinvd" ::: "memory");
	t1 = rt_rdtsc();
	rt_check(t1 > t0, "rdtsc went from %lu to %lu", (unsigned long)t0,
		 (unsigned long)t1);
}
