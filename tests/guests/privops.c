/* Test kernel: privileged instructions in the guest kernel, emulated as Xen does. */
#include "rt.h"

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

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
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

void test_main(void)
{
	uint64_t t0, t1;

	rt_printf("privops: forced cpuid, MSRs, CRs, ports, hlt\n");
	check_cpuid();
	check_msrs();
	check_crs();
	check_io();
	t0 = rdtsc();
	asm volatile("hlt; wbinvd" ::: "memory");
	t1 = rdtsc();
	rt_check(t1 > t0, "rdtsc went from %lu to %lu", (unsigned long)t0,
		 (unsigned long)t1);
}
