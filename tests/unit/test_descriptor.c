/* Unit tests: Xen's check_descriptor and alloc_segdesc_page (hv/arch/x86_64/descriptor.c). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "errno.h"
#include "page_type.h"
#include "asm/desc.h"
#include "asm/descriptor.h"

/* A fake frame table of four frames for alloc_segdesc_page(). */
static struct page_info ft[4];
static uint64_t ram[4][512] __attribute__((aligned(4096)));
static long maps_out;
struct page_info *frame_table = ft;
unsigned long frame_table_size = 4;

void *map_domain_page(mfn_t mfn)
{
	ck_assert_uint_lt(mfn, 4);
	maps_out++;
	return ram[mfn];
}

void unmap_domain_page(const void *va)
{
	(void)va;
	maps_out--;
}

/* A segment descriptor: type/S/DPL/P in access, G/DB/L in flags. */
static uint64_t seg(uint32_t base, uint32_t limit, unsigned int access,
		    unsigned int flags)
{
	return (limit & 0xffff) | ((uint64_t)(base & 0xffffff) << 16) |
	       ((uint64_t)access << 40) | ((uint64_t)(limit >> 16 & 0xf) << 48) |
	       ((uint64_t)flags << 52) | ((uint64_t)(base >> 24) << 56);
}

/* The low 8 bytes of a 64-bit gate (call, interrupt, trap). */
static uint64_t gate(uint16_t sel, uint32_t off, unsigned int access)
{
	return (off & 0xffff) | ((uint64_t)sel << 16) |
	       ((uint64_t)access << 40) | ((uint64_t)(off >> 16) << 48);
}

static bool check(uint64_t in, uint64_t *out)
{
	*out = in;
	return check_descriptor(out);
}

#define DPL(d) (((d) >> 45) & 3)

START_TEST(code_and_data)
{
	uint64_t d;

	/* DPL 0 code and data are raised to 3, nothing else changes. */
	ck_assert(check(seg(0, 0xfffff, 0x9a, 0xa), &d));   /* 64-bit code */
	ck_assert_uint_eq(d, seg(0, 0xfffff, 0xfa, 0xa));
	ck_assert(check(seg(0, 0xfffff, 0x92, 0xc), &d));   /* data */
	ck_assert_uint_eq(d, seg(0, 0xfffff, 0xf2, 0xc));
	ck_assert(check(seg(0x12345678, 0xfff, 0xb2, 0x4), &d));   /* DPL 1 */
	ck_assert_uint_eq(d, seg(0x12345678, 0xfff, 0xf2, 0x4));
	/* DPL 3, any base and limit, 32-bit or 64-bit, conforming: as is. */
	ck_assert(check(seg(0xfff00000, 0xfffff, 0xfb, 0xc), &d));
	ck_assert_uint_eq(d, seg(0xfff00000, 0xfffff, 0xfb, 0xc));
	ck_assert(check(seg(0, 0, 0xfe, 0xa), &d));
	ck_assert_uint_eq(d, seg(0, 0, 0xfe, 0xa));
	ck_assert(check(0, &d));
	ck_assert_uint_eq(d, 0);
}
END_TEST

START_TEST(not_present_anything)
{
	uint64_t d;

	/* A not-present descriptor of any type is kept unchanged. */
	ck_assert(check(seg(0xffff, 0x67, 0x09, 0), &d));          /* TSS */
	ck_assert_uint_eq(d, seg(0xffff, 0x67, 0x09, 0));
	ck_assert(check(gate(0xe008, 0x1000, 0x0e), &d));          /* int gate */
	ck_assert_uint_eq(d, gate(0xe008, 0x1000, 0x0e));
	ck_assert(check(seg(0, 0xfffff, 0x1a, 0xa), &d));          /* DPL 0 code */
	ck_assert_uint_eq(d, seg(0, 0xfffff, 0x1a, 0xa));
}
END_TEST

START_TEST(system_refused)
{
	uint64_t d;
	static const unsigned int refused[] = {
		0x82, 0xe2, 0x89, 0x8b, 0xe9, 0x85, 0x8e, 0xee, 0x8f, 0xef,
		0x81, 0x83, 0x84, 0x86, 0x87, 0x8a, 0x8d,
	};

	for (unsigned int i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		ck_assert_msg(!check(gate(0x10, 0x1000, refused[i]), &d),
			      "access %#x accepted", refused[i]);
	/* Present type 0: the upper half of a call gate, kept as is. */
	ck_assert(check(0x0000800000001234ULL, &d));
	ck_assert_uint_eq(d, 0x0000800000001234ULL);
}
END_TEST

START_TEST(call_gates)
{
	uint64_t d;

	/* Guest GDT target: DPL forced to 0, RPL 3 in the target selector. */
	ck_assert(check(gate(0x10, 0x12345678, 0xec), &d));
	ck_assert_uint_eq(d, gate(0x13, 0x12345678, 0x8c));
	ck_assert_uint_eq(DPL(d), 0);
	ck_assert(check(gate(0x10, 0x12345678, 0x8c), &d));
	ck_assert_uint_eq(d, gate(0x13, 0x12345678, 0x8c));
	/* LDT selectors (TI set) and the flat ring-3 CS are guest targets. */
	ck_assert(check(gate(0xe00c, 0, 0xec), &d));
	ck_assert_uint_eq(d >> 16 & 0xffff, 0xe00f);
	ck_assert(check(gate(FLAT_RING3_CS64, 0, 0xec), &d));
	ck_assert_uint_eq(d >> 16 & 0xffff, FLAT_RING3_CS64);
	/* Hypervisor selectors are not. */
	ck_assert(!check(gate(__HYPERVISOR_CS, 0, 0xec), &d));
	ck_assert(!check(gate(__HYPERVISOR_CS32, 0, 0xec), &d));
	ck_assert(!check(gate(FLAT_RING3_CS32, 0, 0xec), &d));
	ck_assert(!check(gate(TSS_SELECTOR, 0, 0xec), &d));
	/* Reserved bits 0-7 of the high dword (32-bit parameter count). */
	ck_assert(!check(gate(0x10, 0, 0xec) | (1ULL << 32), &d));
	ck_assert(!check(gate(0x10, 0, 0xec) | (0x80ULL << 32), &d));
}
END_TEST

START_TEST(segdesc_page)
{
	memset(ram, 0, sizeof(ram));
	ram[1][0] = 0;
	ram[1][2] = seg(0, 0xfffff, 0x9a, 0xa);
	ram[1][3] = seg(0, 0xfffff, 0x92, 0xc);
	ram[1][4] = gate(0x10, 0x1000, 0xec);
	ram[1][5] = 0;
	ram[1][511] = seg(0, 0xfffff, 0xf2, 0xc);
	ck_assert_int_eq(alloc_segdesc_page(&ft[1]), 0);
	ck_assert_int_eq(maps_out, 0);
	/* Fixed up in place. */
	ck_assert_uint_eq(ram[1][2], seg(0, 0xfffff, 0xfa, 0xa));
	ck_assert_uint_eq(ram[1][3], seg(0, 0xfffff, 0xf2, 0xc));
	ck_assert_uint_eq(ram[1][4], gate(0x13, 0x1000, 0x8c));
	ck_assert_uint_eq(ram[1][511], seg(0, 0xfffff, 0xf2, 0xc));

	/* One bad descriptor anywhere refuses the frame. */
	ram[2][511] = gate(0xe008, 0x1000, 0x89);    /* TSS */
	ck_assert_int_eq(alloc_segdesc_page(&ft[2]), -EINVAL);
	ram[3][0] = gate(0x10, 0x1000, 0x8e);        /* interrupt gate */
	ck_assert_int_eq(alloc_segdesc_page(&ft[3]), -EINVAL);
	ck_assert_int_eq(maps_out, 0);
	/* An all-zero frame is fine. */
	ck_assert_int_eq(alloc_segdesc_page(&ft[0]), 0);
}
END_TEST

static Suite *descriptor_suite(void)
{
	Suite *s = suite_create("descriptor");
	TCase *tc = tcase_create("check_descriptor");

	tcase_add_test(tc, code_and_data);
	tcase_add_test(tc, not_present_anything);
	tcase_add_test(tc, system_refused);
	tcase_add_test(tc, call_gates);
	tcase_add_test(tc, segdesc_page);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { descriptor_suite, NULL };

	return harness_run(suites);
}
