/* Unit tests: rangesets, the I/O permission decisions, the machine memory map and dom0_mem= (hv/rangeset.c, hv/iomem.c, hv/dom0_mem.c). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "boot.h"
#include "dom0_mem.h"
#include "errno.h"
#include "iomem.h"
#include "rangeset.h"

/* hv/cmdline.c needs strlcpy, which glibc before 2.38 lacks. */
__attribute__((weak)) size_t strlcpy(char *dst, const char *src, size_t size)
{
	return (size_t)snprintf(dst, size, "%s", src);
}

START_TEST(rangeset_merges_and_splits)
{
	struct rangeset rs;

	rangeset_init(&rs);
	ck_assert(rangeset_is_empty(&rs));
	ck_assert_int_eq(rangeset_add_range(&rs, 10, 20), 0);
	ck_assert_int_eq(rangeset_add_range(&rs, 30, 40), 0);
	ck_assert_uint_eq(rs.nr, 2);
	/* Adjacent ranges merge; an overlapping one swallows both. */
	ck_assert_int_eq(rangeset_add_range(&rs, 21, 25), 0);
	ck_assert_uint_eq(rs.nr, 2);
	ck_assert(rangeset_contains_range(&rs, 10, 25));
	ck_assert(!rangeset_contains_range(&rs, 10, 26));
	ck_assert_int_eq(rangeset_add_range(&rs, 24, 31), 0);
	ck_assert_uint_eq(rs.nr, 1);
	ck_assert(rangeset_contains_range(&rs, 10, 40));
	/* A hole in the middle splits it; removing past the ends trims. */
	ck_assert_int_eq(rangeset_remove_range(&rs, 15, 16), 0);
	ck_assert_uint_eq(rs.nr, 2);
	ck_assert(!rangeset_overlaps_range(&rs, 15, 16));
	ck_assert(rangeset_overlaps_range(&rs, 16, 17));
	ck_assert_int_eq(rangeset_remove_range(&rs, 0, 11), 0);
	ck_assert(!rangeset_contains_range(&rs, 11, 11));
	ck_assert(rangeset_contains_range(&rs, 12, 14));
	ck_assert_int_eq(rangeset_remove_range(&rs, 12, 100), 0);
	ck_assert(rangeset_is_empty(&rs));
	ck_assert_int_eq(rangeset_add_range(&rs, 5, 4), -EINVAL);
	/* The whole 64-bit space, then a single value out of it. */
	ck_assert_int_eq(rangeset_add_range(&rs, 0, UINT64_MAX), 0);
	ck_assert_int_eq(rangeset_remove_range(&rs, 7, 7), 0);
	ck_assert(rangeset_contains_range(&rs, 8, UINT64_MAX));
	ck_assert(!rangeset_contains_range(&rs, 6, 8));
}
END_TEST

START_TEST(rangeset_full)
{
	struct rangeset rs;
	unsigned int i;

	rangeset_init(&rs);
	for (i = 0; i < RANGESET_MAX; i++)
		ck_assert_int_eq(rangeset_add_range(&rs, i * 10, i * 10 + 1), 0);
	ck_assert_int_eq(rangeset_add_range(&rs, 5000, 5001), -ENOSPC);
	ck_assert_int_eq(rangeset_remove_range(&rs, 10, 11), 0);
	ck_assert_uint_eq(rs.nr, RANGESET_MAX - 1);
	/* Splitting a range needs a free slot. */
	ck_assert_int_eq(rangeset_add_range(&rs, 2000, 2005), 0);
	ck_assert_int_eq(rangeset_remove_range(&rs, 2002, 2002), -ENOSPC);
	ck_assert(rangeset_contains_range(&rs, 2000, 2005));
}
END_TEST

static void dom0_like(struct io_perms *io)
{
	rangeset_init(&io->iomem);
	rangeset_init(&io->iomem_ro);
	rangeset_init(&io->iomem_map);
	rangeset_init(&io->ioport);
	rangeset_add_range(&io->iomem, 0, 0xfffffff);
	rangeset_remove_range(&io->iomem, 8, 8);
	rangeset_add_range(&io->iomem_ro, 0xfec00, 0xfec00);
	rangeset_add_range(&io->iomem_ro, 0xfee00, 0xfeeff);
	io->iomem_map = io->iomem;
	rangeset_remove_range(&io->iomem_map, 0xfec00, 0xfec00);
	rangeset_remove_range(&io->iomem_map, 0xfee00, 0xfeeff);
	rangeset_add_range(&io->ioport, 0, 0xffff);
	rangeset_remove_range(&io->ioport, 0x3f8, 0x3ff);
	rangeset_remove_range(&io->ioport, 0x70, 0x71);
}

START_TEST(iomem_decisions)
{
	static struct io_perms io;

	dom0_like(&io);
	/* No permissions (a domU): every I/O frame refused. */
	ck_assert_int_eq(iomem_l1e_access(NULL, 0xf0), IOMEM_DENY);
	ck_assert_int_eq(iomem_l1e_access(&io, 0xf0), IOMEM_RW);
	ck_assert_int_eq(iomem_l1e_access(&io, 0xfebc0), IOMEM_RW);
	ck_assert_int_eq(iomem_l1e_access(&io, 0xfec00), IOMEM_RO);
	ck_assert_int_eq(iomem_l1e_access(&io, 0xfee00), IOMEM_RO);
	ck_assert_int_eq(iomem_l1e_access(&io, 0xfeeff), IOMEM_RO);
	ck_assert_int_eq(iomem_l1e_access(&io, 0xfef00), IOMEM_RW);
	ck_assert_int_eq(iomem_l1e_access(&io, 8), IOMEM_DENY);
	ck_assert_int_eq(iomem_l1e_access(&io, 0x10000000), IOMEM_DENY);
	/* Ports: whole accesses only, never past 0xffff. */
	ck_assert(!ioport_access_ok(NULL, 0x80, 1));
	ck_assert(ioport_access_ok(&io, 0x80, 1));
	ck_assert(ioport_access_ok(&io, 0xcf8, 4));
	ck_assert(!ioport_access_ok(&io, 0x3f8, 1));
	ck_assert(!ioport_access_ok(&io, 0x3f6, 4));
	ck_assert(!ioport_access_ok(&io, 0x70, 1));
	ck_assert(!ioport_access_ok(&io, 0xfffe, 4));
	ck_assert(!ioport_access_ok(&io, 0x80, 0));
	/* Only the hardware domain's id has them. */
	iomem_set_hwdom(0, &io);
	ck_assert_ptr_eq(iomem_perms_of(0), &io);
	ck_assert_ptr_null(iomem_perms_of(1));
	iomem_set_hwdom(0, NULL);
	ck_assert_ptr_null(iomem_perms_of(0));
}
END_TEST

/* QEMU pc with 1 GiB (ABI-DOM0.md 3.1). */
static const struct boot_mem qemu_map[] = {
	{ 0, 0x9fc00, E820_RAM },
	{ 0x9fc00, 0x400, E820_RESERVED },
	{ 0xf0000, 0x10000, E820_RESERVED },
	{ 0x100000, 0x3fee0000, E820_RAM },
	{ 0x3ffe0000, 0x20000, E820_RESERVED },
	{ 0xfffc0000, 0x40000, E820_RESERVED },
	{ 0xfd00000000ULL, 0x300000000ULL, E820_RESERVED },
};

START_TEST(machine_map_reports_denied_holes)
{
	static struct io_perms io;
	struct e820_entry e[32];
	unsigned int n = sizeof(qemu_map) / sizeof(qemu_map[0]);
	int got;

	dom0_like(&io);
	got = e820_machine_map(qemu_map, n, &io.iomem_map, e, 32);
	/* The raw map plus two holes: the I/O APIC page and the MSI window. */
	ck_assert_int_eq(got, (int)n + 2);
	ck_assert_uint_eq(e[0].addr, 0);
	ck_assert_uint_eq(e[0].size, 0x9fc00);
	ck_assert_uint_eq(e[0].type, E820_RAM);
	ck_assert_uint_eq(e[3].addr, 0x100000);
	ck_assert_uint_eq(e[3].type, E820_RAM);
	ck_assert_uint_eq(e[5].addr, 0xfec00000);
	ck_assert_uint_eq(e[5].size, 0x1000);
	ck_assert_uint_eq(e[5].type, E820_RESERVED);
	ck_assert_uint_eq(e[6].addr, 0xfee00000);
	ck_assert_uint_eq(e[6].size, 0x100000);
	ck_assert_uint_eq(e[6].type, E820_RESERVED);
	ck_assert_uint_eq(e[7].addr, 0xfffc0000);
	/* 0x100000000 up to 0xfd00000000 is permitted (below 2^40): no entry. */
	ck_assert_uint_eq(e[8].addr, 0xfd00000000ULL);
	/* Room for the map plus one at least, and for every hole. */
	ck_assert_int_eq(e820_machine_map(qemu_map, n, &io.iomem_map, e, n),
			 -EINVAL);
	ck_assert_int_eq(e820_machine_map(qemu_map, n, &io.iomem_map, e, n + 1),
			 -EINVAL);
	/* Nothing permitted: every hole below an entry is reserved. */
	{
		struct rangeset none;

		rangeset_init(&none);
		got = e820_machine_map(qemu_map, 4, &none, e, 32);
		ck_assert_int_eq(got, 5);
		ck_assert_uint_eq(e[2].addr, 0xa0000);
		ck_assert_uint_eq(e[2].size, 0x50000);
		ck_assert_uint_eq(e[2].type, E820_RESERVED);
		ck_assert_uint_eq(e[3].addr, 0xf0000);
	}
}
END_TEST

START_TEST(dom0_mem_syntax)
{
	struct dom0_mem_spec s;
	uint64_t nr, max;
	const uint64_t avail = 262144;          /* 1 GiB of 4 KiB pages */

	/* Default: all but min(avail / 16, 128 MiB). */
	memset(&s, 0, sizeof(s));
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, avail - avail / 16);
	ck_assert_uint_eq(max, nr);
	dom0_mem_compute(&s, 8 * avail, &nr, &max);
	ck_assert_uint_eq(nr, 8 * avail - 32768);

	ck_assert_int_eq(dom0_mem_parse("512M", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, 131072);
	ck_assert_uint_eq(max, 131072);
	/* KiB without a suffix, as Xen. */
	ck_assert_int_eq(dom0_mem_parse("65536", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, 16384);
	ck_assert_int_eq(dom0_mem_parse("256M,max:768M", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, 65536);
	ck_assert_uint_eq(max, 196608);
	ck_assert_int_eq(dom0_mem_parse("-256M", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, avail - 65536);
	ck_assert_int_eq(dom0_mem_parse("25%", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, avail / 4);
	ck_assert_int_eq(dom0_mem_parse("64M+25%", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, 16384 + avail / 4);
	/* min: and max: clamp the default and the size. */
	ck_assert_int_eq(dom0_mem_parse("max:128M", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, 32768);
	ck_assert_uint_eq(max, 32768);
	ck_assert_int_eq(dom0_mem_parse("min:300M,16M", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, 76800);
	/* Never more than is free. */
	ck_assert_int_eq(dom0_mem_parse("4G", &s), 0);
	dom0_mem_compute(&s, avail, &nr, &max);
	ck_assert_uint_eq(nr, avail);
	/* Malformed. */
	ck_assert_int_eq(dom0_mem_parse("", &s), -EINVAL);
	ck_assert_int_eq(dom0_mem_parse("lots", &s), -EINVAL);
	ck_assert_int_eq(dom0_mem_parse("100%", &s), -EINVAL);
	ck_assert_int_eq(dom0_mem_parse("1G+", &s), -EINVAL);
	ck_assert_int_eq(dom0_mem_parse("512M;max:1G", &s), -EINVAL);
	ck_assert_int_eq(dom0_mem_parse("512M,", &s), -EINVAL);
}
END_TEST

static Suite *iomem_suite(void)
{
	Suite *s = suite_create("iomem");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, rangeset_merges_and_splits);
	tcase_add_test(tc, rangeset_full);
	tcase_add_test(tc, iomem_decisions);
	tcase_add_test(tc, machine_map_reports_denied_holes);
	tcase_add_test(tc, dom0_mem_syntax);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { iomem_suite, NULL };

	return harness_run(suites);
}
