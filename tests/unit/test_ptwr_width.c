/* Unit tests: page-table writes of 1, 2, 4 and 8 bytes merged into their entry (hv/arch/x86_64/ptwr_insn.c). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "asm/emulate.h"
#include "asm/ptwr.h"

#define CF 0x001UL
#define PF 0x004UL
#define ZF 0x040UL
#define SF 0x080UL
#define OF 0x800UL
#define ENTRY 0x1234567000UL          /* the entry's address: 8-aligned */
#define RIP0  0xffffffff80001000UL
#define PTE   0x800000012345f067UL    /* NX, frame 0x12345f, D A U RW P */

static struct cpu_regs regs0(void)
{
	struct cpu_regs r;

	memset(&r, 0, sizeof(r));
	r.rdi = ENTRY, r.r12 = ENTRY;
	r.rip = RIP0;
	r.rflags = 0x202;
	return r;
}

static struct ptwr_insn decode(const char *bytes, size_t n, int want_rc)
{
	struct ptwr_insn in;
	int rc = x86_decode_ptwr((const uint8_t *)bytes, n, &in);

	ck_assert_msg(rc == want_rc, "decode rc %d, expected %d", rc, want_rc);
	if (!rc)
		ck_assert_uint_eq(in.len, n);
	return in;
}
#define DEC(lit) decode(lit, sizeof(lit) - 1, 0)
#define BAD(lit) decode(lit, sizeof(lit) - 1, -1)

/*
 * Decode lit, check its operand is at ENTRY + off and bytes wide, and
 * update entry with it as pv_ptwr does: rc, *ne the merged entry.
 */
static int upd(const char *bytes, size_t n, unsigned int width,
	       struct cpu_regs *r, uint64_t off, uint64_t entry, uint64_t *ne)
{
	struct ptwr_insn in = decode(bytes, n, 0);
	uint64_t addr = x86_ptwr_addr(&in, r, 0), rip = r->rip;
	int rc;

	ck_assert_uint_eq(in.bytes, width);
	ck_assert_uint_eq(addr, ENTRY + off);
	*ne = 0xdeadUL;
	rc = x86_ptwr_update(&in, r, addr, entry, ne);
	if (rc != PTWR_REFUSE)
		ck_assert_uint_eq(r->rip, rip + n);
	return rc;
}
#define UPD(lit, w, r, off, e, ne) upd(lit, sizeof(lit) - 1, w, r, off, e, ne)

/* clear_bit(_PAGE_BIT_RW) in ptep_set_wrprotect, as Linux 6.1 emits it. */
START_TEST(linux_clear_bit_rw)
{
	static const char *const forms[] = {
		"\xf0\x41\x80\x24\x24\xfd",   /* lock andb $0xfd,(%r12) */
		"\x3e\x41\x80\x24\x24\xfd",   /* ds andb (lock patched, UP) */
		"\x41\x80\x24\x24\xfd",       /* andb */
	};
	static const unsigned int lens[] = { 6, 6, 5 };

	for (unsigned int k = 0; k < 3; k++) {
		struct cpu_regs r = regs0();
		uint64_t ne;

		r.rflags |= CF | OF | ZF;
		ck_assert_int_eq(upd(forms[k], lens[k], 1, &r, 0, PTE, &ne),
				 PTWR_WRITE);
		ck_assert_uint_eq(ne, PTE & ~2UL);
		/* 0x65: four bits, PF; CF, OF, ZF, SF clear */
		ck_assert_uint_eq(r.rflags & (CF | OF | ZF | SF | PF), PF);
	}
	/* lock andb $0xfd,0x8(%rbx,%rcx,8) */
	{
		struct cpu_regs r = regs0();
		uint64_t ne;

		r.rbx = ENTRY - 8 - 16, r.rcx = 2;
		ck_assert_int_eq(UPD("\xf0\x80\x64\xcb\x08\xfd", 1, &r, 0, PTE,
				     &ne), PTWR_WRITE);
		ck_assert_uint_eq(ne, PTE & ~2UL);
	}
}
END_TEST

START_TEST(byte_forms)
{
	struct cpu_regs r = regs0();
	uint64_t ne;

	/* lock orb $0x80 (PAT/PSE): merged, validation is the caller's */
	ck_assert_int_eq(UPD("\xf0\x80\x0f\x80", 1, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE | 0x80);
	ck_assert_uint_eq(r.rflags & (SF | ZF), SF);          /* 0xe7 */
	/* lock xorb $0x40,1(%rdi): bit 14 of the entry */
	r = regs0();
	ck_assert_int_eq(UPD("\xf0\x80\x77\x01\x40", 1, &r, 1, PTE, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE ^ 0x4000);
	/* movb $0x80,7(%rdi) on an entry without NX: the top byte */
	r = regs0();
	ck_assert_int_eq(UPD("\xc6\x47\x07\x80", 1, &r, 7, 0x1067, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, 0x8000000000001067UL);
	/* mov %ah; mov %sil (REX: not dh); mov %r9b */
	r = regs0();
	r.rax = 0x1234, r.rsi = 0xffff00ab, r.r9 = 0x1cd;
	ck_assert_int_eq(UPD("\x88\x27", 1, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, (PTE & ~0xffUL) | 0x12);
	ck_assert_int_eq(UPD("\x40\x88\x37", 1, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, (PTE & ~0xffUL) | 0xab);
	ck_assert_int_eq(UPD("\x44\x88\x0f", 1, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, (PTE & ~0xffUL) | 0xcd);
	/* xorb %dh; lock orb %cl */
	r = regs0();
	r.rdx = 0x0300, r.rcx = 0x80;
	ck_assert_int_eq(UPD("\x30\x37", 1, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE ^ 3);
	ck_assert_int_eq(UPD("\xf0\x08\x0f", 1, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE | 0x80);
	/* xchg %cl: cl gets the old byte, the rest of rcx stays */
	r = regs0();
	r.rcx = 0xaaaaaaaaaaaaaa00UL;
	ck_assert_int_eq(UPD("\x86\x0f", 1, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~0xffUL);
	ck_assert_uint_eq(r.rcx, 0xaaaaaaaaaaaaaa67UL);
	/* lock cmpxchg %dl: a match compares al only; a mismatch loads al */
	r = regs0();
	r.rax = 0xffffffffffffff67UL, r.rdx = 0x65;
	ck_assert_int_eq(UPD("\xf0\x0f\xb0\x17", 1, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~2UL);
	ck_assert_uint_eq(r.rflags & ZF, ZF);
	r = regs0();
	r.rax = 0xffffffffffffff65UL, r.rdx = 0x61;
	ck_assert_int_eq(UPD("\xf0\x0f\xb0\x17", 1, &r, 0, PTE, &ne),
			 PTWR_NO_WRITE);
	ck_assert_uint_eq(ne, PTE);
	ck_assert_uint_eq(r.rax, 0xffffffffffffff67UL);
	ck_assert_uint_eq(r.rflags & (ZF | CF | SF), CF | SF);    /* 65 - 67 */
}
END_TEST

START_TEST(word_forms)
{
	struct cpu_regs r = regs0();
	uint64_t ne;

	r.rsi = 0xffff0000ffff1067UL;
	ck_assert_int_eq(UPD("\x66\x89\x37", 2, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, (PTE & ~0xffffUL) | 0x1067);
	ck_assert_int_eq(UPD("\x66\xc7\x47\x02\x34\x12", 2, &r, 2, PTE, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, (PTE & ~0xffff0000UL) | 0x12340000);
	ck_assert_int_eq(UPD("\x66\xf0\x81\x0f\x34\x12", 2, &r, 0, 0, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, 0x1234);
	ck_assert_int_eq(UPD("\x66\xf0\x83\x27\xfd", 2, &r, 0, PTE, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~2UL);
	ck_assert_uint_eq(r.rflags & SF, SF);                 /* bit 15 */
	/* lock btrw $21: the bit number is taken modulo 16 -> bit 5 */
	r = regs0();
	ck_assert_int_eq(UPD("\x66\xf0\x0f\xba\x37\x15", 2, &r, 0, PTE, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~0x20UL);
	ck_assert_uint_eq(r.rflags & CF, CF);
	/* lock bts %si with si = 17: the next word, bit 1 */
	r = regs0();
	r.rsi = 17;
	ck_assert_int_eq(UPD("\x66\xf0\x0f\xab\x37", 2, &r, 2, 0x1065, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, 0x21065);
	ck_assert_uint_eq(r.rflags & CF, 0);
	/* si = -1 (0xffff): the word before, bit 15 */
	r = regs0();
	r.rsi = 0xffff;
	{
		struct ptwr_insn in = DEC("\x66\xf0\x0f\xab\x37");

		ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), ENTRY - 2);
	}
	/* xchg %ax,6(%rdi): the top word, ax gets the old one */
	r = regs0();
	r.rax = 0x1111111111110000UL;
	ck_assert_int_eq(UPD("\x66\x87\x47\x06", 2, &r, 6, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & 0x0000ffffffffffffUL);
	ck_assert_uint_eq(r.rax, 0x1111111111118000UL);
	/* lock cmpxchg %dx: a mismatch loads ax only */
	r = regs0();
	r.rax = 0x5555555555550000UL, r.rdx = 0;
	ck_assert_int_eq(UPD("\x66\xf0\x0f\xb1\x17", 2, &r, 0, PTE, &ne),
			 PTWR_NO_WRITE);
	ck_assert_uint_eq(r.rax, 0x555555555555f067UL);
}
END_TEST

START_TEST(dword_forms)
{
	struct cpu_regs r = regs0();
	uint64_t ne;

	/* mov %esi to either half */
	r.rsi = 0xffffffff00002067UL;
	ck_assert_int_eq(UPD("\x89\x37", 4, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, 0x8000000100002067UL);
	ck_assert_int_eq(UPD("\x89\x77\x04", 4, &r, 4, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, 0x000020672345f067UL);
	ck_assert_int_eq(UPD("\xc7\x07\x67\x00\x00\x80", 4, &r, 0, 0, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, 0x80000067UL);              /* not sign-extended */
	/* xchg %eax: rax gets the old low half, zero-extended */
	r = regs0();
	r.rax = 0xffffffff00000000UL;
	ck_assert_int_eq(UPD("\x87\x07", 4, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, 0x8000000100000000UL);
	ck_assert_uint_eq(r.rax, 0x2345f067UL);
	/* lock cmpxchg %edx: match leaves rax whole; mismatch zero-extends */
	r = regs0();
	r.rax = 0xabcd00002345f067UL, r.rdx = 0x2345f065;
	ck_assert_int_eq(UPD("\xf0\x0f\xb1\x17", 4, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~2UL);
	ck_assert_uint_eq(r.rax, 0xabcd00002345f067UL);
	r.rax = 0xabcd000000000067UL;
	ck_assert_int_eq(UPD("\xf0\x0f\xb1\x17", 4, &r, 0, PTE, &ne),
			 PTWR_NO_WRITE);
	ck_assert_uint_eq(r.rax, 0x2345f067UL);
	/* and/xor; btcl $33 -> bit 1; bts %esi with esi = 32 -> next dword */
	r = regs0();
	r.rsi = ~2UL;
	ck_assert_int_eq(UPD("\xf0\x21\x37", 4, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~2UL);
	ck_assert_int_eq(UPD("\xf0\x83\x37\x02", 4, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~2UL);
	ck_assert_int_eq(UPD("\xf0\x0f\xba\x3f\x21", 4, &r, 0, PTE, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~2UL);
	ck_assert_uint_eq(r.rflags & CF, CF);
	r.rsi = 32;
	ck_assert_int_eq(UPD("\xf0\x0f\xab\x37", 4, &r, 4, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE | (1UL << 32));
}
END_TEST

START_TEST(qword_forms)
{
	struct cpu_regs r = regs0();
	uint64_t ne;

	ck_assert_int_eq(UPD("\xf0\x48\x0f\xba\x3f\x01", 8, &r, 0, PTE, &ne),
			 PTWR_WRITE);
	ck_assert_uint_eq(ne, PTE & ~2UL);                 /* lock btcq $1 */
	r.rsi = PTE;
	ck_assert_int_eq(UPD("\xf0\x48\x31\x37", 8, &r, 0, PTE, &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, 0);
	ck_assert_uint_eq(r.rflags & (ZF | PF | SF), ZF | PF);
	/* 66 with REX.W: 64 bits, imm32 */
	r = regs0();
	ck_assert_int_eq(UPD("\x66\x48\xc7\x07\xff\xff\xff\xff", 8, &r, 0, PTE,
			     &ne), PTWR_WRITE);
	ck_assert_uint_eq(ne, ~0UL);
}
END_TEST

/* A write that is not naturally aligned, straddling entries or not. */
START_TEST(misaligned)
{
	static const struct { uint64_t off; const char *insn; unsigned int n, w; }
	cases[] = {
		{ 4, "\x48\x89\x37", 3, 8 },          /* across two entries */
		{ 6, "\x89\x37", 2, 4 },              /* across two entries */
		{ 7, "\x66\x89\x37", 3, 2 },          /* across two entries */
		{ 2, "\x89\x37", 2, 4 },              /* inside one entry */
		{ 1, "\x66\x89\x37", 3, 2 },          /* inside one entry */
		{ 3, "\xf0\x0f\xb1\x17", 4, 4 },      /* cmpxchg */
	};

	for (unsigned int k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct cpu_regs r = regs0();
		uint64_t ne;

		r.rdi += cases[k].off;
		ck_assert_int_eq(upd(cases[k].insn, cases[k].n, cases[k].w, &r,
				     cases[k].off, PTE, &ne), PTWR_REFUSE);
		ck_assert_uint_eq(r.rip, RIP0);          /* regs untouched */
	}
}
END_TEST

START_TEST(addressing)
{
	struct cpu_regs r = regs0();
	struct ptwr_insn in;

	/* rip-relative counts from the end, immediate included */
	in = DEC("\xc6\x05\x10\x00\x00\x00\x01");
	ck_assert_int_eq(in.base, PTWR_RIP);
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), RIP0 + 7 + 0x10);
	in = DEC("\x66\xc7\x05\x10\x00\x00\x00\x01\x00");
	ck_assert_uint_eq(in.bytes, 2);
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), RIP0 + 9 + 0x10);
	/* 67: 32-bit addressing (no 16-bit one in long mode); wraps at 4G */
	r.rdi = 0xffffffff00001000UL;
	in = DEC("\x67\x89\x37");
	ck_assert(in.addr32);
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), 0x1000);
	r.rdi = 0xfffffff8;
	in = DEC("\x67\x48\x89\x77\x10");            /* 0x10(%edi) */
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), 0x8);
	in = DEC("\x67\x89\x35\x10\x00\x00\x00");    /* 0x10(%eip) */
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0),
			  (uint32_t)(RIP0 + 7 + 0x10));
	/* segment overrides: es, cs, ss and ds have base 0, fs/gs theirs
	 * (the caller passes the base) */
	r = regs0();
	in = DEC("\x64\x88\x07");
	ck_assert_uint_eq(in.seg, 0x64);
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0x10000), ENTRY + 0x10000);
	in = DEC("\x26\x88\x07");
	ck_assert_uint_eq(in.seg, 0x26);
	in = DEC("\x2e\x88\x07");
	ck_assert_uint_eq(in.seg, 0x2e);
	in = DEC("\x36\x88\x07");
	ck_assert_uint_eq(in.seg, 0x36);
	in = DEC("\x65\x3e\x88\x07");                 /* the last one counts */
	ck_assert_uint_eq(in.seg, 0x3e);
}
END_TEST

START_TEST(prefixes_and_hostile_bytes)
{
	struct ptwr_insn in;

	/* repeated prefixes are legal */
	in = DEC("\xf0\xf0\x80\x27\xfd");
	ck_assert(in.lock);
	in = DEC("\x3e\x3e\x3e\x80\x27\xfd");
	ck_assert(!in.lock && in.bytes == 1);
	in = DEC("\x66\x66\x89\x37");
	ck_assert_uint_eq(in.bytes, 2);
	/* a REX not last before the opcode is ignored: 4 bytes, and dh */
	in = DEC("\x48\x3e\x89\x37");
	ck_assert_uint_eq(in.bytes, 4);
	in = DEC("\x40\x3e\x88\x37");
	ck_assert(in.reg_high && in.reg == 2);
	/* fifteen bytes exactly decode; sixteen do not */
	in = DEC("\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x89\x37");
	ck_assert_uint_eq(in.len, 15);
	BAD("\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x89\x37");
	/* rep/xacquire/xrelease, lock mov, reads and other ALU ops */
	BAD("\xf3\x88\x37");
	BAD("\xf2\xf0\x80\x27\xfd");
	BAD("\xf0\x88\x37");
	BAD("\xf0\xc6\x07\x00");
	BAD("\xf0\x66\x89\x37");
	BAD("\xc6\x0f\x00");                        /* c6 /1 */
	BAD("\xf0\x80\x07\x01");                    /* add */
	BAD("\xf0\x80\x1f\x01");                    /* sbb */
	BAD("\xf0\x80\x3f\x01");                    /* cmp (a read) */
	BAD("\x82\x27\x01");                        /* invalid in 64-bit */
	BAD("\x8a\x37");                            /* a load */
	BAD("\xf0\x0f\xc0\x37");                    /* xadd */
	BAD("\x66\x0f\xba\x27\x05");                /* bt (a read) */
	BAD("\xf0\x0f\xc7\x0f");                    /* cmpxchg8b: not Linux's */
	BAD("\x88\xc7");                            /* register destination */
	/* truncated at every point */
	BAD("\x66");
	BAD("\xf0\x41\x80");
	BAD("\xf0\x41\x80\x24");
	BAD("\xf0\x41\x80\x24\x24");
	BAD("\x66\xc7\x47\x02\x34");
	BAD("\x66\xc7\x05\x10\x00\x00\x00\x01");
	BAD("\x66\xf0\x0f\xba\x37");
	BAD("\x66\x0f");
	BAD("\xf0\x0f\xb0");
	BAD("\x67\x89\x35\x10\x00\x00");
}
END_TEST

static Suite *ptwr_width_suite(void)
{
	Suite *s = suite_create("ptwr_width");
	TCase *tc = tcase_create("merge");

	tcase_add_test(tc, linux_clear_bit_rw);
	tcase_add_test(tc, byte_forms);
	tcase_add_test(tc, word_forms);
	tcase_add_test(tc, dword_forms);
	tcase_add_test(tc, qword_forms);
	tcase_add_test(tc, misaligned);
	tcase_add_test(tc, addressing);
	tcase_add_test(tc, prefixes_and_hostile_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { ptwr_width_suite, NULL };

	return harness_run(suites);
}
