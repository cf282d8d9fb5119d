/* Unit tests: privileged-instruction decoder, MSR policy, CPUID policy (hv/arch/x86_64). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "asm/emulate.h"
#include "asm/processor.h"

/* Decode bytes (as a string literal) with regs; returns the result. */
static struct x86_priv_insn dec(const char *bytes, size_t n,
				const struct cpu_regs *regs, int want_rc)
{
	struct x86_priv_insn in;
	struct cpu_regs zero = { 0 };
	int rc = x86_decode_priv((const uint8_t *)bytes, n, regs ? regs : &zero,
				 &in);

	ck_assert_msg(rc == want_rc, "decode rc %d, expected %d", rc, want_rc);
	return in;
}
#define DEC(lit, regs) dec(lit, sizeof(lit) - 1, regs, 0)
#define BAD(lit) dec(lit, sizeof(lit) - 1, NULL, -1)

START_TEST(forced_cpuid)
{
	struct x86_priv_insn in = DEC("\x0f\x0b" "xen" "\x0f\xa2" "\x90\x90", NULL);

	ck_assert_int_eq(in.op, X86_OP_CPUID);
	ck_assert_int_eq(in.len, 7);
	/* plain ud2, wrong signature, or cut short: not ours */
	ck_assert_int_eq(BAD("\x0f\x0b").op, X86_OP_NONE);
	BAD("\x0f\x0b" "xem" "\x0f\xa2");
	BAD("\x0f\x0b" "xen" "\x0f");
	BAD("\x0f\xa2");
}
END_TEST

START_TEST(msr_and_misc)
{
	ck_assert_int_eq(DEC("\x0f\x32", NULL).op, X86_OP_RDMSR);
	ck_assert_int_eq(DEC("\x0f\x30", NULL).op, X86_OP_WRMSR);
	ck_assert_int_eq(DEC("\x0f\x30", NULL).len, 2);
	ck_assert_int_eq(DEC("\x48\x0f\x30", NULL).len, 3);     /* REX.W */
	ck_assert_int_eq(DEC("\x0f\x06", NULL).op, X86_OP_CLTS);
	ck_assert_int_eq(DEC("\x0f\x09", NULL).op, X86_OP_WBINVD);
	ck_assert_int_eq(DEC("\x0f\x08", NULL).op, X86_OP_WBINVD);
	ck_assert_int_eq(DEC("\xf4", NULL).op, X86_OP_HLT);
	ck_assert_int_eq(DEC("\xf4", NULL).len, 1);
	BAD("\x0f\x33");        /* rdpmc: the guest's #GP */
	BAD("\x0f\x31");        /* rdtsc never faults here */
	BAD("\xf0\x0f\x32");    /* lock: #UD */
	BAD("");
	BAD("\x0f");
}
END_TEST

START_TEST(mov_dr)
{
	struct x86_priv_insn in;

	in = DEC("\x0f\x21\xf8", NULL);           /* mov %db7, %rax */
	ck_assert_int_eq(in.op, X86_OP_MOV_FROM_DR);
	ck_assert_int_eq(in.cr, 7);
	ck_assert_int_eq(in.gpr, 0);
	ck_assert_int_eq(in.len, 3);
	in = DEC("\x41\x0f\x23\xc1", NULL);       /* mov %r9, %db0 */
	ck_assert_int_eq(in.op, X86_OP_MOV_TO_DR);
	ck_assert_int_eq(in.cr, 0);
	ck_assert_int_eq(in.gpr, 9);
	ck_assert_int_eq(in.len, 4);
	in = DEC("\x44\x0f\x21\x01", NULL);       /* mod ignored; REX.R: DR8 */
	ck_assert_int_eq(in.op, X86_OP_MOV_FROM_DR);
	ck_assert_int_eq(in.cr, 8);
	ck_assert_int_eq(in.gpr, 1);
	BAD("\x0f\x21");                          /* no modrm */
}
END_TEST

START_TEST(mov_cr)
{
	struct x86_priv_insn in;
	struct cpu_regs r;

	in = DEC("\x0f\x20\xc0", NULL);           /* mov %cr0, %rax */
	ck_assert_int_eq(in.op, X86_OP_MOV_FROM_CR);
	ck_assert_int_eq(in.cr, 0);
	ck_assert_int_eq(in.gpr, 0);
	ck_assert_int_eq(in.len, 3);
	in = DEC("\x0f\x20\xe3", NULL);           /* mov %cr4, %rbx */
	ck_assert_int_eq(in.cr, 4);
	ck_assert_int_eq(in.gpr, 3);
	in = DEC("\x41\x0f\x22\xdf", NULL);       /* mov %r15, %cr3 */
	ck_assert_int_eq(in.op, X86_OP_MOV_TO_CR);
	ck_assert_int_eq(in.cr, 3);
	ck_assert_int_eq(in.gpr, 15);
	ck_assert_int_eq(in.len, 4);
	in = DEC("\x44\x0f\x20\xc1", NULL);       /* mov %cr8, %rcx (REX.R) */
	ck_assert_int_eq(in.cr, 8);
	ck_assert_int_eq(in.gpr, 1);
	in = DEC("\x66\x0f\x20\x10", NULL);       /* mod ignored, 66 ignored */
	ck_assert_int_eq(in.cr, 2);
	ck_assert_int_eq(in.gpr, 0);
	ck_assert_int_eq(in.len, 4);
	in = DEC("\x48\x66\x0f\x22\xd0", NULL);   /* REX before 66: dropped */
	ck_assert_int_eq(in.cr, 2);
	ck_assert_int_eq(in.gpr, 0);
	BAD("\x0f\x20");
	ck_assert_ptr_eq(x86_gpr(&r, 0), &r.rax);       /* ModRM numbering */
	ck_assert_ptr_eq(x86_gpr(&r, 4), &r.rsp);
	ck_assert_ptr_eq(x86_gpr(&r, 7), &r.rdi);
	ck_assert_ptr_eq(x86_gpr(&r, 8), &r.r8);
	ck_assert_ptr_eq(x86_gpr(&r, 15), &r.r15);
}
END_TEST

/* cli and sti: IOPL-sensitive, one byte, with or without prefixes. */
START_TEST(cli_sti)
{
	struct x86_priv_insn in = DEC("\xfa\x9d", NULL);

	ck_assert_int_eq(in.op, X86_OP_CLI);
	ck_assert_int_eq(in.len, 1);
	in = DEC("\xfb", NULL);
	ck_assert_int_eq(in.op, X86_OP_STI);
	ck_assert_int_eq(in.len, 1);
	in = DEC("\x3e\xfa", NULL);             /* ds: cli */
	ck_assert_int_eq(in.op, X86_OP_CLI);
	ck_assert_int_eq(in.len, 2);
	ck_assert(!DEC("\xf3\xfb", NULL).rep);
	BAD("\xf0\xfa");                        /* lock: #UD */
	BAD("\x9c");                             /* pushf never faults */
	BAD("\x9d");                             /* nor popf */
}
END_TEST

/* Xen's iopl_ok: kernel vCPL 1 (0 with architectural_iopl), user 3. */
START_TEST(iopl_rules)
{
	ck_assert_uint_eq(pv_vcpl(true, false), 1);
	ck_assert_uint_eq(pv_vcpl(true, true), 0);
	ck_assert_uint_eq(pv_vcpl(false, false), 3);
	ck_assert_uint_eq(pv_vcpl(false, true), 3);
	/* the XTF pv-iopl table, PHYSDEVOP_set_iopl flavour */
	ck_assert(!pv_iopl_ok(0, pv_vcpl(true, false)));
	ck_assert(pv_iopl_ok(1, pv_vcpl(true, false)));
	ck_assert(pv_iopl_ok(2, pv_vcpl(true, false)));
	ck_assert(pv_iopl_ok(3, pv_vcpl(true, false)));
	ck_assert(!pv_iopl_ok(0, pv_vcpl(false, false)));
	ck_assert(!pv_iopl_ok(1, pv_vcpl(false, false)));
	ck_assert(!pv_iopl_ok(2, pv_vcpl(false, false)));
	ck_assert(pv_iopl_ok(3, pv_vcpl(false, false)));
	/* architectural_iopl: the kernel never faults, user only below 3 */
	for (unsigned int i = 0; i < 4; i++) {
		ck_assert(pv_iopl_ok(i, pv_vcpl(true, true)));
		ck_assert(pv_iopl_ok(i, pv_vcpl(false, true)) == (i == 3));
	}
}
END_TEST

/* PHYSDEVOP_set_iobitmap lookups: range, then the bits (set = denied). */
START_TEST(io_bitmap)
{
	const uint8_t none[2] = { 0xff, 0xff }, all[2] = { 0, 0 };
	const uint8_t only_0x81[2] = { 0xfd, 0xff };   /* port 0x80 + 1 */
	const uint8_t low3[2] = { 0x07, 0x00 };        /* ports 8n..8n+2 denied */
	const uint8_t b8[2] = { 0x00, 0x01 };          /* bit 8: next byte's first */

	ck_assert(pv_iobmp_covers(0x100, 0x80, 1));
	ck_assert(pv_iobmp_covers(0x100, 0xfc, 4));
	ck_assert(!pv_iobmp_covers(0x100, 0xfd, 4));   /* runs past nr_ports */
	ck_assert(!pv_iobmp_covers(0x100, 0x100, 1));
	ck_assert(!pv_iobmp_covers(0, 0, 1));          /* no bitmap */
	ck_assert(pv_iobmp_covers(65536, 0xfffc, 4));
	ck_assert(!pv_iobmp_covers(65536, 0xffff, 2));

	ck_assert(!pv_iobmp_allows(none, 0x80, 1));
	ck_assert(pv_iobmp_allows(all, 0x80, 4));
	ck_assert(pv_iobmp_allows(only_0x81, 0x81, 1));
	ck_assert(!pv_iobmp_allows(only_0x81, 0x80, 1));
	ck_assert(!pv_iobmp_allows(only_0x81, 0x82, 1));
	ck_assert(!pv_iobmp_allows(only_0x81, 0x81, 2));   /* 0x82 denied */
	ck_assert(!pv_iobmp_allows(low3, 0x40, 1));
	ck_assert(!pv_iobmp_allows(low3, 0x41, 2));
	ck_assert(pv_iobmp_allows(low3, 0x43, 4));         /* 0x43-0x46 */
	/* bits count from port & ~7: an access crossing into the next
	 * byte reads its bits too (port 0x48 is bit 8 for ports 0x40-0x47) */
	ck_assert(pv_iobmp_allows(b8, 0x44, 4));           /* 0x44-0x47 */
	ck_assert(!pv_iobmp_allows(b8, 0x45, 4));          /* 0x45-0x48 */
	ck_assert(!pv_iobmp_allows(b8, 0x47, 2));          /* 0x47-0x48 */
	ck_assert(pv_iobmp_allows(b8, 0x47, 1));
}
END_TEST

START_TEST(port_io)
{
	struct cpu_regs r = { .rdx = 0x123403f8 };
	struct x86_priv_insn in;

	in = DEC("\xe4\x60", &r);
	ck_assert_int_eq(in.op, X86_OP_IN);
	ck_assert_int_eq(in.size, 1);
	ck_assert_int_eq(in.port, 0x60);
	ck_assert_int_eq(in.len, 2);
	in = DEC("\x66\xe5\x71", &r);
	ck_assert_int_eq(in.size, 2);
	ck_assert_int_eq(in.len, 3);
	in = DEC("\xe7\x80", &r);
	ck_assert_int_eq(in.op, X86_OP_OUT);
	ck_assert_int_eq(in.size, 4);
	in = DEC("\xec", &r);
	ck_assert_int_eq(in.op, X86_OP_IN);
	ck_assert_int_eq(in.port, 0x3f8);
	ck_assert_int_eq(in.len, 1);
	in = DEC("\x48\xed", &r);                /* REX.W: still 4 bytes */
	ck_assert_int_eq(in.size, 4);
	in = DEC("\xee", &r);
	ck_assert_int_eq(in.op, X86_OP_OUT);
	ck_assert_int_eq(in.size, 1);
	in = DEC("\x66\xef", &r);
	ck_assert_int_eq(in.size, 2);
	in = DEC("\xf3\x6c", &r);
	ck_assert_int_eq(in.op, X86_OP_INS);
	ck_assert(in.rep);
	ck_assert_int_eq(in.size, 1);
	in = DEC("\xf3\x67\x66\x6f", &r);
	ck_assert_int_eq(in.op, X86_OP_OUTS);
	ck_assert(in.rep && in.addr32);
	ck_assert_int_eq(in.size, 2);
	ck_assert_int_eq(in.len, 4);
	in = DEC("\x64\x6e", &r);                /* fs: outsb */
	ck_assert(!in.rep);
	ck_assert_int_eq(DEC("\xf3\xec", &r).rep, false);
	BAD("\xe4");
	/* 15 bytes of prefixes leave no room for the opcode */
	BAD("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\xec");
	in = DEC("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\xec", &r);
	ck_assert_int_eq(in.len, 15);
}
END_TEST

START_TEST(io_effects)
{
	struct cpu_regs r = { .rax = 0x1122334455667788 };
	struct x86_priv_insn in = { .op = X86_OP_IN, .size = 1 };

	ck_assert(x86_emul_io(&r, &in, 1));
	ck_assert_uint_eq(r.rax, 0x11223344556677ff);
	in.size = 2;
	ck_assert(x86_emul_io(&r, &in, 1));
	ck_assert_uint_eq(r.rax, 0x112233445566ffff);
	in.size = 4;
	ck_assert(x86_emul_io(&r, &in, 1));
	ck_assert_uint_eq(r.rax, 0xffffffff);
	in.op = X86_OP_OUT;
	ck_assert(x86_emul_io(&r, &in, 1));
	ck_assert_uint_eq(r.rax, 0xffffffff);

	/* rep outsw, 5 iterations forward, then backward (DF) */
	r = (struct cpu_regs){ .rsi = 0x1000, .rcx = 5 };
	in = (struct x86_priv_insn){ .op = X86_OP_OUTS, .size = 2, .rep = true };
	ck_assert_uint_eq(x86_io_count(&r, &in), 5);
	ck_assert(x86_emul_io(&r, &in, 5));
	ck_assert_uint_eq(r.rsi, 0x100a);
	ck_assert_uint_eq(r.rcx, 0);
	r = (struct cpu_regs){ .rsi = 0x1000, .rcx = 5, .rflags = 1 << 10 };
	ck_assert(x86_emul_io(&r, &in, 5));
	ck_assert_uint_eq(r.rsi, 0x1000 - 10);
	/* rep insd interrupted after 3 of 10: not complete */
	r = (struct cpu_regs){ .rdi = 0x2000, .rcx = 10 };
	in = (struct x86_priv_insn){ .op = X86_OP_INS, .size = 4, .rep = true };
	ck_assert(!x86_emul_io(&r, &in, 3));
	ck_assert_uint_eq(r.rdi, 0x200c);
	ck_assert_uint_eq(r.rcx, 7);
	ck_assert(x86_emul_io(&r, &in, 7));
	ck_assert_uint_eq(r.rcx, 0);
	/* addr32: ecx counts, edi wraps, upper halves cleared */
	r = (struct cpu_regs){ .rdi = 0xffffffffffffffff, .rcx = 0xabcd00000002 };
	in = (struct x86_priv_insn){ .op = X86_OP_INS, .size = 1, .rep = true,
				     .addr32 = true };
	ck_assert_uint_eq(x86_io_count(&r, &in), 2);
	ck_assert(x86_emul_io(&r, &in, 2));
	ck_assert_uint_eq(r.rdi, 1);
	ck_assert_uint_eq(r.rcx, 0);
	/* rep with rcx 0: nothing to do, complete */
	r = (struct cpu_regs){ .rdi = 0x3000 };
	in.addr32 = false;
	ck_assert_uint_eq(x86_io_count(&r, &in), 0);
	ck_assert(x86_emul_io(&r, &in, 0));
	ck_assert_uint_eq(r.rdi, 0x3000);
	/* no rep: one iteration, rcx untouched */
	r = (struct cpu_regs){ .rsi = 8, .rcx = 99 };
	in = (struct x86_priv_insn){ .op = X86_OP_OUTS, .size = 1 };
	ck_assert_uint_eq(x86_io_count(&r, &in), 1);
	ck_assert(x86_emul_io(&r, &in, 1));
	ck_assert_uint_eq(r.rsi, 9);
	ck_assert_uint_eq(r.rcx, 99);
}
END_TEST

START_TEST(int_vector)
{
#define IV(lit, ec) x86_decode_int_vector((const uint8_t *)lit, sizeof(lit) - 1, ec)
	/* CPU form (n << 3) | 2 and QEMU 7.2 TCG's (n << 4) | 2 */
	ck_assert_int_eq(IV("\xcd\x80", (0x80 << 3) | 2), 0x80);
	ck_assert_int_eq(IV("\xcd\x80", (0x80 << 4) | 2), 0x80);
	ck_assert_int_eq(IV("\xcd\x20", (0x20 << 4) | 2), 0x20);
	ck_assert_int_eq(IV("\xcd\xff", (0xff << 4) | 2), 0xff);
	ck_assert_int_eq(IV("\xcc", (3 << 3) | 2), 3);
	ck_assert_int_eq(IV("\xcc", (3 << 4) | 2), 3);
	ck_assert_int_eq(IV("\xce", (4 << 3) | 2), 4);
	/* not the IDT, external, another vector, not an int, cut short */
	ck_assert_int_eq(IV("\xcd\x80", 0), -1);
	ck_assert_int_eq(IV("\xcd\x80", (0x80 << 3) | 3), -1);
	ck_assert_int_eq(IV("\xcd\x81", (0x80 << 3) | 2), -1);
	ck_assert_int_eq(IV("\x0f\x05", (0x80 << 3) | 2), -1);
	ck_assert_int_eq(IV("\xcd", (0x80 << 3) | 2), -1);
	ck_assert_int_eq(IV("", 2), -1);
#undef IV
}
END_TEST

START_TEST(msr_policy)
{
	struct pv_msr_state s = {
		.fs_base = 1, .gs_base_kernel = 2, .gs_base_user = 3,
		.efer = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | (1 << 12),
		.tsc = 12345,
	};
	uint64_t v;

	ck_assert_int_eq(pv_msr_read(&s, MSR_FS_BASE, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(pv_msr_read(&s, MSR_GS_BASE, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(pv_msr_read(&s, MSR_SHADOW_GS_BASE, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 3);
	ck_assert_int_eq(pv_msr_read(&s, MSR_EFER, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE);
	ck_assert_int_eq(pv_msr_read(&s, MSR_IA32_CR_PAT, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 0x0000050100070406);
	ck_assert_int_eq(pv_msr_read(&s, MSR_IA32_MISC_ENABLE, &v), PV_MSR_OK);
	ck_assert(v & 1);
	ck_assert_int_eq(pv_msr_read(&s, MSR_IA32_TSC, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 12345);
	/* unknown MSRs and the APIC base: #GP, as Xen's default */
	ck_assert_int_eq(pv_msr_read(&s, MSR_APIC_BASE, &v), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_read(&s, 0x12345678, &v), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_read(&s, MSR_LSTAR, &v), PV_MSR_GP);

	ck_assert_int_eq(pv_msr_write(&s, MSR_FS_BASE, 0x7000), PV_MSR_FS_BASE);
	ck_assert_uint_eq(s.fs_base, 0x7000);
	ck_assert_int_eq(pv_msr_write(&s, MSR_GS_BASE, 0xffff888000001000),
			 PV_MSR_GS_BASE);
	ck_assert_uint_eq(s.gs_base_kernel, 0xffff888000001000);
	ck_assert_int_eq(pv_msr_write(&s, MSR_SHADOW_GS_BASE, 0x5000), PV_MSR_OK);
	ck_assert_uint_eq(s.gs_base_user, 0x5000);
	ck_assert_int_eq(pv_msr_write(&s, MSR_GS_BASE, 0x0000800000000000),
			 PV_MSR_GP);
	ck_assert_int_eq(pv_msr_write(&s, MSR_FS_BASE, 0xffff7fffffffffff),
			 PV_MSR_GP);
	ck_assert_uint_eq(s.fs_base, 0x7000);
	ck_assert_int_eq(pv_msr_write(&s, MSR_EFER, EFER_SCE | EFER_LME |
				      EFER_LMA | EFER_NXE), PV_MSR_OK);
	ck_assert_int_eq(pv_msr_write(&s, MSR_EFER, EFER_LME | EFER_LMA), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_write(&s, MSR_IA32_CR_PAT, 0), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_write(&s, MSR_IA32_CR_PAT, XEN_MSR_PAT),
			 PV_MSR_GP);
	ck_assert_int_eq(pv_msr_write(&s, MSR_LSTAR, 0), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_write(&s, MSR_APIC_BASE, 0), PV_MSR_GP);
}
END_TEST

/* TSC_AUX: per vCPU when CPUID offers RDTSCP/RDPID, 32 bits (Xen's msr.c). */
START_TEST(msr_vendor)
{
	struct pv_msr_state intel = { 0 }, amd = { .amd = true };
	uint64_t v = 99;

	/* Xen 4.17 guest_rdmsr: HWCR reads 0 and DE_CFG says lfence is
	 * serialising on AMD/Hygon; DE_CFG writes dropped there; both #GP
	 * elsewhere. PLATFORM_ID is Intel's. */
	ck_assert_int_eq(pv_msr_read(&amd, MSR_K8_HWCR, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(pv_msr_read(&amd, MSR_AMD64_DE_CFG, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(pv_msr_write(&amd, MSR_AMD64_DE_CFG, 0), PV_MSR_OK);
	ck_assert_int_eq(pv_msr_write(&amd, MSR_K8_HWCR, 0), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_read(&amd, MSR_IA32_PLATFORM_ID, &v), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_read(&intel, MSR_K8_HWCR, &v), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_read(&intel, MSR_AMD64_DE_CFG, &v), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_write(&intel, MSR_AMD64_DE_CFG, 0), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_read(&intel, MSR_IA32_PLATFORM_ID, &v),
			 PV_MSR_OK);
}
END_TEST

START_TEST(msr_cpuid_faulting)
{
	struct pv_msr_state intel = { 0 }, amd = { .amd = true };
	uint64_t v = 99;

	/* Readable on any vendor; faulting not offered, so MISC_FEATURES
	 * takes only 0. */
	ck_assert_int_eq(pv_msr_read(&amd, MSR_INTEL_PLATFORM_INFO, &v),
			 PV_MSR_OK);
	ck_assert_uint_eq(v, 0);
	v = 99;
	ck_assert_int_eq(pv_msr_read(&intel, MSR_INTEL_MISC_FEATURES_ENABLES,
				     &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(pv_msr_write(&intel, MSR_INTEL_MISC_FEATURES_ENABLES,
				      0), PV_MSR_OK);
	ck_assert_int_eq(pv_msr_write(&intel, MSR_INTEL_MISC_FEATURES_ENABLES,
				      1), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_write(&intel, MSR_INTEL_PLATFORM_INFO, 0),
			 PV_MSR_GP);
}
END_TEST

START_TEST(msr_tsc_aux)
{
	struct pv_msr_state s = { .tsc_aux = 7, .has_tsc_aux = false };
	uint64_t v = 99;

	ck_assert_int_eq(pv_msr_read(&s, MSR_TSC_AUX, &v), PV_MSR_GP);
	ck_assert_uint_eq(v, 99);
	ck_assert_int_eq(pv_msr_write(&s, MSR_TSC_AUX, 1), PV_MSR_GP);
	ck_assert_uint_eq(s.tsc_aux, 7);

	s.has_tsc_aux = true;
	ck_assert_int_eq(pv_msr_read(&s, MSR_TSC_AUX, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(pv_msr_write(&s, MSR_TSC_AUX, 0xfeedbeef),
			 PV_MSR_TSC_AUX);
	ck_assert_uint_eq(s.tsc_aux, 0xfeedbeef);
	ck_assert_int_eq(pv_msr_read(&s, MSR_TSC_AUX, &v), PV_MSR_OK);
	ck_assert_uint_eq(v, 0xfeedbeef);
	/* upper 32 bits: #GP, value kept */
	ck_assert_int_eq(pv_msr_write(&s, MSR_TSC_AUX, 1ULL << 32), PV_MSR_GP);
	ck_assert_int_eq(pv_msr_write(&s, MSR_TSC_AUX, ~0ULL), PV_MSR_GP);
	ck_assert_uint_eq(s.tsc_aux, 0xfeedbeef);
	ck_assert_int_eq(pv_msr_write(&s, MSR_TSC_AUX, 0), PV_MSR_TSC_AUX);
	ck_assert_uint_eq(s.tsc_aux, 0);
}
END_TEST

static const struct cpuid_host host = {
	.max_basic = 0x1f, .max_extd = 0x80000021, .xsave_enabled = false,
	.tsc_khz = 2000000,
};

static struct cpuid_leaf policy(uint32_t leaf, uint32_t sub,
				const struct cpuid_host *h)
{
	const struct cpuid_leaf raw = { ~0u, ~0u, ~0u, ~0u };
	struct cpuid_leaf res;

	pv_cpuid_policy(leaf, sub, h, &raw, &res);
	return res;
}

START_TEST(cpuid_xen_leaves)
{
	struct cpuid_leaf r = policy(0x40000000, 0, &host);
	char sig[13] = { 0 };

	ck_assert_uint_ge(r.a, 0x40000002);
	memcpy(sig, &r.b, 4);
	memcpy(sig + 4, &r.c, 4);
	memcpy(sig + 8, &r.d, 4);
	ck_assert_str_eq(sig, "XenVMMXenVMM");
	ck_assert_uint_eq(policy(0x40000001, 0, &host).a, (4 << 16) | 17);
	r = policy(0x40000002, 0, &host);
	ck_assert_uint_eq(r.a, 1);
	ck_assert_uint_eq(r.b, 0x40000000);
	ck_assert_uint_eq(r.c | r.d, 0);
	ck_assert_uint_eq(policy(0x40000003, 0, &host).c, 2000000);
	ck_assert_uint_eq(policy(0x40000005, 0, &host).b & 0xff, 0);
	r = policy(0x40000100, 0, &host);
	ck_assert_uint_eq(r.a | r.b | r.c | r.d, 0);
}
END_TEST

START_TEST(cpuid_leaf1_masks)
{
	struct cpuid_host xs = host;
	struct cpuid_leaf r = policy(1, 0, &host);
	/* VME PSE MCE APIC MTRR PGE MCA PSE36 DS ACPI TM */
	uint32_t d_hidden = 0x2 | 0x8 | 0x80 | 0x200 | 0x1000 | 0x2000 |
			    0x4000 | 0x20000 | 0x200000 | 0x400000 | 0x20000000;
	/* DTES64 MONITOR DS_CPL VMX SMX EST TM2 PDCM PCID X2APIC TSC_DEADLINE
	 * XSAVE OSXSAVE (no CR4.OSXSAVE here) */
	uint32_t c_hidden = 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x100 |
			    0x8000 | 0x20000 | 0x200000 | 0x1000000 |
			    0x4000000 | 0x8000000;

	ck_assert_uint_eq(r.c & c_hidden, 0);
	ck_assert_uint_eq(r.d & d_hidden, 0);
	ck_assert(r.c & (1u << 31));                  /* hypervisor */
	ck_assert(r.c & 1);                           /* SSE3 passes */
	ck_assert(r.d & (1u << 25));                  /* SSE passes */
	ck_assert_uint_eq(r.b >> 24, 0);              /* APIC id */
	xs.xsave_enabled = true;
	r = policy(1, 0, &xs);
	ck_assert(r.c & (1u << 26) && r.c & (1u << 27));
}
END_TEST

START_TEST(cpuid_other_leaves)
{
	struct cpuid_leaf r = policy(7, 0, &host);
	/* FSGSBASE TSC_ADJUST SMEP SMAP / UMIP PKU LA57 */
	ck_assert_uint_eq(r.b & (0x1 | 0x2 | 0x80 | 0x100000), 0);
	ck_assert_uint_eq(r.c & (0x4 | 0x8 | 0x10000), 0);
	ck_assert(r.b & (1u << 3));                   /* BMI1 passes */
	ck_assert_uint_eq(r.a, 1);
	r = policy(0x80000001, 0, &host);
	ck_assert_uint_eq(r.d & (1u << 26), 0);       /* PAGE1GB */
	ck_assert(r.d & (1u << 29));                  /* LM passes */
	ck_assert(r.d & (1u << 20));                  /* NX passes */
	ck_assert_uint_eq(r.c & (1u << 2), 0);        /* SVM */
	ck_assert_uint_eq(policy(0, 0, &host).a, 0xd);
	ck_assert_uint_eq(policy(0x80000000, 0, &host).a, 0x80000008);
	r = policy(0x1f, 0, &host);                   /* past the limit */
	ck_assert_uint_eq(r.a | r.b | r.c | r.d, 0);
	r = policy(0x80000009, 0, &host);
	ck_assert_uint_eq(r.a | r.b | r.c | r.d, 0);
	r = policy(5, 0, &host);                      /* MONITOR leaf */
	ck_assert_uint_eq(r.a | r.b | r.c | r.d, 0);
	r = policy(0xd, 0, &host);                    /* no XSAVE */
	ck_assert_uint_eq(r.a | r.b | r.c | r.d, 0);
	for (uint32_t sub = 0; sub < 3; sub++) {       /* no topology */
		r = policy(0xb, sub, &host);
		ck_assert_uint_eq(r.a | r.b | r.c | r.d, 0);
	}
	/* a CPU with fewer leaves: clamp to its own */
	struct cpuid_host small = host;
	small.max_basic = 7;
	ck_assert_uint_eq(policy(0, 0, &small).a, 7);
	r = policy(0xb, 0, &small);
	ck_assert_uint_eq(r.a | r.b | r.c | r.d, 0);
}
END_TEST

static Suite *emulate_suite(void)
{
	Suite *s = suite_create("emulate");
	TCase *tc = tcase_create("decode");
	TCase *tp = tcase_create("policy");

	tcase_add_test(tc, forced_cpuid);
	tcase_add_test(tc, msr_and_misc);
	tcase_add_test(tc, mov_cr);
	tcase_add_test(tc, mov_dr);
	tcase_add_test(tc, cli_sti);
	tcase_add_test(tc, iopl_rules);
	tcase_add_test(tc, io_bitmap);
	tcase_add_test(tc, port_io);
	tcase_add_test(tc, io_effects);
	tcase_add_test(tc, int_vector);
	tcase_add_test(tp, msr_policy);
	tcase_add_test(tp, msr_tsc_aux);
	tcase_add_test(tp, msr_vendor);
	tcase_add_test(tp, msr_cpuid_faulting);
	tcase_add_test(tp, cpuid_xen_leaves);
	tcase_add_test(tp, cpuid_leaf1_masks);
	tcase_add_test(tp, cpuid_other_leaves);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tp);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { emulate_suite, NULL };

	return harness_run(suites);
}
