/* Unit tests: decoding and executing writes to page-table entries (Xen's ptwr, hv/arch/x86_64/ptwr_insn.c). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "asm/emulate.h"
#include "asm/ptwr.h"

#define CF 0x001UL
#define PF 0x004UL
#define AF 0x010UL
#define ZF 0x040UL
#define SF 0x080UL
#define OF 0x800UL
#define ENTRY 0x1234567000UL
#define RIP0  0xffffffff80001000UL

static struct ptwr_insn decode(const char *bytes, size_t n, int want_rc)
{
	struct ptwr_insn in;
	int rc = x86_decode_ptwr((const uint8_t *)bytes, n, &in);

	ck_assert_msg(rc == want_rc, "decode rc %d, expected %d", rc, want_rc);
	return in;
}
#define DEC(lit) decode(lit, sizeof(lit) - 1, 0)
#define BAD(lit) decode(lit, sizeof(lit) - 1, -1)

/* Registers: rdi points at the entry, rip at the instruction. */
static struct cpu_regs regs0(void)
{
	struct cpu_regs r;

	memset(&r, 0, sizeof(r));
	r.rdi = ENTRY;
	r.rip = RIP0;
	r.rflags = 0x202;
	return r;
}

/* Decode lit, check it addresses ENTRY, execute it on old with *r. */
static int run(const char *bytes, size_t n, struct cpu_regs *r, uint64_t old,
	       uint64_t *new_val)
{
	struct ptwr_insn in = decode(bytes, n, 0);
	uint64_t rip = r->rip;
	int rc;

	ck_assert_uint_eq(x86_ptwr_addr(&in, r, 0), ENTRY);
	ck_assert_uint_eq(in.len, n);
	rc = x86_ptwr_execute(&in, r, old, new_val);
	if (rc != PTWR_REFUSE)
		ck_assert_uint_eq(r->rip, rip + n);
	return rc;
}
#define RUN(lit, r, old, nv) run(lit, sizeof(lit) - 1, r, old, nv)

START_TEST(mov_forms)
{
	struct cpu_regs r = regs0();
	uint64_t nv = 0;

	r.rsi = 0x8000000012345067UL;
	ck_assert_int_eq(RUN("\x48\x89\x37", &r, 0, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x8000000012345067UL);
	ck_assert_uint_eq(r.rflags, 0x202);                    /* no flags */
	r = regs0();
	ck_assert_int_eq(RUN("\x48\xc7\x07\xfe\xff\xff\xff", &r, 5, &nv),
			 PTWR_WRITE);
	ck_assert_uint_eq(nv, 0xfffffffffffffffeUL);           /* sign-extended */
	r = regs0();
	ck_assert_int_eq(RUN("\x48\xc7\x07\x67\x50\x34\x12", &r, 5, &nv),
			 PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x12345067);
	/* ds and cs overrides: base 0 */
	r = regs0();
	ck_assert_int_eq(RUN("\x3e\x48\x89\x37", &r, 0, &nv), PTWR_WRITE);
}
END_TEST

START_TEST(xchg_forms)
{
	struct cpu_regs r = regs0();
	struct ptwr_insn in;
	uint64_t nv;

	r.rax = 0x1111;
	ck_assert_int_eq(RUN("\x48\x87\x07", &r, 0x2222, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x1111);
	ck_assert_uint_eq(r.rax, 0x2222);
	/* xchg %r9,0x18(%rbx,%rcx,8) */
	r = regs0();
	r.rbx = ENTRY - 0x18 - 3 * 8, r.rcx = 3, r.r9 = 7;
	in = DEC("\x4c\x87\x4c\xcb\x18");
	ck_assert_uint_eq(in.len, 5);
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), ENTRY);
	ck_assert_int_eq(x86_ptwr_execute(&in, &r, 9, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 7);
	ck_assert_uint_eq(r.r9, 9);
}
END_TEST

START_TEST(cmpxchg_forms)
{
	struct cpu_regs r = regs0();
	uint64_t nv;

	/* match: write rdx, ZF set, rax kept */
	r.rax = 0x5067, r.rdx = 0x6067;
	ck_assert_int_eq(RUN("\xf0\x48\x0f\xb1\x17", &r, 0x5067, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x6067);
	ck_assert_uint_eq(r.rax, 0x5067);
	ck_assert_uint_eq(r.rflags & (CF | ZF | SF | OF | PF | AF), ZF | PF);
	/* mismatch: no write, rax = old, ZF clear, flags as cmp rax, old */
	r = regs0();
	r.rax = 1, r.rdx = 0x6067, r.rflags |= ZF;
	ck_assert_int_eq(RUN("\xf0\x48\x0f\xb1\x17", &r, 2, &nv), PTWR_NO_WRITE);
	ck_assert_uint_eq(nv, 2);
	ck_assert_uint_eq(r.rax, 2);
	ck_assert_uint_eq(r.rflags & ZF, 0);
	ck_assert_uint_eq(r.rflags & (CF | SF), CF | SF);      /* 1 - 2 */
	/* signed overflow: INT64_MIN - 1 */
	r = regs0();
	r.rax = 0x8000000000000000UL;
	ck_assert_int_eq(RUN("\x48\x0f\xb1\x17", &r, 1, &nv), PTWR_NO_WRITE);
	ck_assert_uint_eq(r.rflags & (OF | CF | SF), OF);
}
END_TEST

START_TEST(and_or_forms)
{
	struct cpu_regs r = regs0();
	uint64_t nv;

	r.rsi = ~2UL, r.rflags |= CF | OF;
	ck_assert_int_eq(RUN("\xf0\x48\x21\x37", &r, 0x8000000000000067UL, &nv),
			 PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x8000000000000065UL);
	ck_assert_uint_eq(r.rflags & (CF | OF | ZF | SF | PF), SF | PF);
	r = regs0();
	r.rsi = 0;
	ck_assert_int_eq(RUN("\xf0\x48\x09\x37", &r, 0, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0);
	ck_assert_uint_eq(r.rflags & (ZF | PF | SF), ZF | PF);
	r = regs0();
	ck_assert_int_eq(RUN("\xf0\x48\x83\x27\xfd", &r, 0x67, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x65);
	ck_assert_uint_eq(r.rflags & (ZF | PF | SF), PF);      /* 0x65: 4 bits */
	r = regs0();
	ck_assert_int_eq(RUN("\xf0\x48\x83\x0f\x40", &r, 0x25, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x65);
	r = regs0();
	ck_assert_int_eq(RUN("\xf0\x48\x81\x27\xfe\xff\xff\x7f", &r, ~0UL, &nv),
			 PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x7ffffffe);                     /* imm32 > 0 */
	r = regs0();
	ck_assert_int_eq(RUN("\xf0\x48\x81\x0f\x00\x00\x00\x40", &r, 1, &nv),
			 PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x40000001);
	r = regs0();
	ck_assert_int_eq(RUN("\xf0\x48\x81\x27\x00\x00\x00\x80", &r, ~0UL, &nv),
			 PTWR_WRITE);
	ck_assert_uint_eq(nv, 0xffffffff80000000UL);           /* imm32 < 0 */
}
END_TEST

START_TEST(bit_forms)
{
	struct cpu_regs r = regs0();
	struct ptwr_insn in;
	uint64_t nv;

	r.rsi = 5;                  /* lock btr %rsi: the Accessed bit */
	ck_assert_int_eq(RUN("\xf0\x48\x0f\xb3\x37", &r, 0x67, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x47);
	ck_assert_uint_eq(r.rflags & CF, CF);
	ck_assert_int_eq(RUN("\xf0\x48\x0f\xb3\x37", &r, 0x47, &nv), PTWR_WRITE);
	ck_assert_uint_eq(r.rflags & CF, 0);
	r = regs0();
	r.rsi = 63, r.rflags |= CF;
	ck_assert_int_eq(RUN("\xf0\x48\x0f\xab\x37", &r, 1, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x8000000000000001UL);
	ck_assert_uint_eq(r.rflags & CF, 0);
	r = regs0();
	ck_assert_int_eq(RUN("\xf0\x48\x0f\xba\x37\x05", &r, 0x27, &nv),
			 PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x07);
	ck_assert_uint_eq(r.rflags & CF, CF);
	r = regs0();
	ck_assert_int_eq(RUN("\xf0\x48\x0f\xba\x2f\x3f", &r, 0, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x8000000000000000UL);
	ck_assert_uint_eq(r.rflags & CF, 0);
	/* imm8 is masked to 0-63 by a 64-bit operand, as the CPU does */
	r = regs0();
	ck_assert_int_eq(RUN("\xf0\x48\x0f\xba\x2f\x41", &r, 0, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 2);
	/* a register offset outside 0-63 addresses another quadword (the
	 * address moves by offset >> 6 quadwords, signed; x86_ptwr_update()
	 * then works on that entry) */
	r = regs0();
	r.rsi = 64;
	in = DEC("\xf0\x48\x0f\xb3\x37");
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), ENTRY + 8);
	ck_assert_int_eq(x86_ptwr_execute(&in, &r, 0x67, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x66);                           /* bit 0 */
	ck_assert_uint_eq(r.rflags & CF, CF);
	r = regs0();
	r.rsi = (uint64_t)-1;
	in = DEC("\xf0\x48\x0f\xab\x37");
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), ENTRY - 8);
	ck_assert_int_eq(x86_ptwr_execute(&in, &r, 0x67, &nv), PTWR_WRITE);
	ck_assert_uint_eq(nv, 0x8000000000000067UL);           /* bit 63 */
}
END_TEST

START_TEST(addressing)
{
	struct cpu_regs r = regs0();
	struct ptwr_insn in;

	in = DEC("\x4c\x89\x25\x10\x00\x00\x00");      /* mov %r12,0x10(%rip) */
	ck_assert_int_eq(in.base, PTWR_RIP);
	ck_assert_uint_eq(in.reg, 12);
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), RIP0 + 7 + 0x10);
	in = DEC("\x64\x4a\x89\x04\xa5\x08\x00\x00\x00");  /* %fs:8(,%r12,4) */
	r.r12 = 2;
	ck_assert_uint_eq(in.seg, 0x64);
	ck_assert_int_eq(in.base, PTWR_NO_REG);
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0x10000), 0x10000 + 8 + 8);
	in = DEC("\x48\x89\x04\x25\x00\x10\x00\x00");  /* mov %rax,0x1000 */
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), 0x1000);
	in = DEC("\x49\x89\x45\x00");                  /* mov %rax,0(%r13) */
	r.r13 = 0x5000;
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), 0x5000);
	in = DEC("\x49\x89\x04\x24");                  /* mov %rax,(%r12) */
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), 2);
	in = DEC("\x48\x89\x47\xf8");                  /* mov %rax,-8(%rdi) */
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), ENTRY - 8);
	in = DEC("\x48\x89\x87\x00\x01\x00\x00");      /* disp32 */
	ck_assert_uint_eq(x86_ptwr_addr(&in, &r, 0), ENTRY + 0x100);
}
END_TEST

START_TEST(refusals)
{
	BAD("\xf3\x48\x89\x37");         /* rep / xrelease */
	BAD("\xf2\xf0\x48\x09\x37");     /* xacquire lock or */
	BAD("\x48\x89\xf7");             /* register destination */
	BAD("\xf0\x48\x89\x37");         /* lock mov: #UD */
	BAD("\xf0\x48\xc7\x07\x00\x00\x00\x00");
	BAD("\x48\xc7\x0f\x00\x00\x00\x00");   /* c7 /1 */
	BAD("\xf0\x48\x81\x07\x00\x00\x00\x00");  /* add */
	BAD("\xf0\x48\x83\x07\x01");    /* add */
	BAD("\xf0\x48\x01\x37");         /* add r64 */
	BAD("\xf0\x48\x0f\xba\x27\x05"); /* bt (no write) */
	BAD("\xf0\x48\x0f\xc1\x37");     /* xadd */
	BAD("\x48\x8b\x37");             /* a load */
	/* truncated */
	BAD("");
	BAD("\xf0\x48");
	BAD("\x48\x89");
	BAD("\x48\x89\x47");
	BAD("\x48\x89\x87\x00\x01\x00");
	BAD("\x48\x89\x04");
	BAD("\x48\xc7\x07\x00\x00\x00");
	BAD("\xf0\x48\x83\x27");
	BAD("\xf0\x48\x0f\xba\x37");
	BAD("\xf0\x48\x0f");
	/* fifteen prefixes and nothing else */
	BAD("\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x48\x89\x37");
}
END_TEST

START_TEST(prefixes)
{
	struct x86_prefixes p;

	ck_assert_uint_eq(x86_decode_prefixes((const uint8_t *)"\xf0\x65\x48\x87",
					      4, &p), 3);
	ck_assert(p.lock);
	ck_assert_uint_eq(p.seg, 0x65);
	ck_assert_uint_eq(p.rex, 0x48);
	ck_assert_uint_eq(x86_decode_prefixes((const uint8_t *)"\x48\x66\x89",
					      3, &p), 2);
	ck_assert_uint_eq(p.rex, 0);
	ck_assert(p.opsize);
	ck_assert_uint_eq(x86_decode_prefixes((const uint8_t *)"\xf3\x67", 2, &p),
			  2);
	ck_assert(p.rep && p.addr32);
}
END_TEST

static Suite *ptwr_suite(void)
{
	Suite *s = suite_create("ptwr");
	TCase *tc = tcase_create("decode_execute");

	tcase_add_test(tc, mov_forms);
	tcase_add_test(tc, xchg_forms);
	tcase_add_test(tc, cmpxchg_forms);
	tcase_add_test(tc, and_or_forms);
	tcase_add_test(tc, bit_forms);
	tcase_add_test(tc, addressing);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, prefixes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { ptwr_suite, NULL };

	return harness_run(suites);
}
