/* Unit tests: the ACPI RSDP, root table and MADT parsers (hv/arch/x86_64/madt.c). */
#include <stdint.h>
#include <string.h>
#include "harness.h"
#include "errno.h"
#include "asm/madt.h"

static uint8_t buf[256];

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s += p[i];
	p[at] = -s;
}

/* A MADT with the given local APIC entries {apic id, flags}; its length. */
static uint32_t make_madt(const uint8_t (*cpus)[2], unsigned int n)
{
	uint32_t len = ACPI_HDR_LEN + 8;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, "APIC", 4);
	put32(buf + ACPI_HDR_LEN, 0xfee00000);
	/* An I/O APIC entry (type 1, 12 bytes) first: skipped. */
	buf[len] = 1;
	buf[len + 1] = 12;
	len += 12;
	for (unsigned int i = 0; i < n; i++, len += 8) {
		buf[len] = MADT_LAPIC;
		buf[len + 1] = 8;
		buf[len + 2] = i;
		buf[len + 3] = cpus[i][0];
		put32(buf + len + 4, cpus[i][1]);
	}
	put32(buf + 4, len);
	fix_sum(buf, len, 9);
	return len;
}

START_TEST(madt_lists_enabled_cpus)
{
	static const uint8_t cpus[][2] = { { 0, 1 }, { 1, 1 }, { 5, 0 }, { 7, 1 } };
	uint32_t ids[8], len = make_madt(cpus, 4);
	int n;

	ck_assert_uint_eq(acpi_table_len(buf, "APIC"), len);
	ck_assert(acpi_table_ok(buf, len));
	n = madt_parse(buf, len, ids, 8);
	ck_assert_msg(n == 3, "4 entries, one disabled: expected 3, saw %d", n);
	ck_assert_uint_eq(ids[0], 0);
	ck_assert_uint_eq(ids[1], 1);
	ck_assert_uint_eq(ids[2], 7);
	/* More CPUs than room: counted, not written past max. */
	ids[1] = 99;
	ck_assert_int_eq(madt_parse(buf, len, ids, 1), 3);
	ck_assert_uint_eq(ids[1], 99);
}
END_TEST

START_TEST(madt_hostile_tables)
{
	static const uint8_t cpus[][2] = { { 0, 1 }, { 1, 1 } };
	uint32_t ids[8], len = make_madt(cpus, 2);

	ck_assert_uint_eq(acpi_table_len(buf, "FACP"), 0);  /* other table */
	buf[20] ^= 1;
	ck_assert_msg(!acpi_table_ok(buf, len), "a bad checksum must fail");
	buf[20] ^= 1;
	/* An entry running past the end. */
	ck_assert_int_eq(madt_parse(buf, len - 1, ids, 8), -EINVAL);
	/* An entry of length 0 would loop for ever. */
	buf[ACPI_HDR_LEN + 8 + 12 + 1] = 0;
	ck_assert_int_eq(madt_parse(buf, len, ids, 8), -EINVAL);
	ck_assert_int_eq(madt_parse(buf, 10, ids, 8), -EINVAL);
}
END_TEST

/* Append an entry of type/len with body bytes at *len; returns the entry. */
static uint8_t *add_entry(uint32_t *len, uint8_t type, uint8_t elen)
{
	uint8_t *e = buf + *len;

	e[0] = type;
	e[1] = elen;
	*len += elen;
	put32(buf + 4, *len);
	return e;
}

static void add_iso(uint32_t *len, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	uint8_t *e = add_entry(len, MADT_ISO, 10);

	e[2] = 0;
	e[3] = irq;
	put32(e + 4, gsi);
	e[8] = flags & 0xff;
	e[9] = flags >> 8;
}

/* QEMU pc's MADT: one I/O APIC, ISOs 0->2 (edge high), 5/9/10/11 level
 * high, and CPUs around them. */
START_TEST(madt_ioapics_and_overrides)
{
	static const uint8_t cpus[][2] = { { 0, 1 } };
	struct madt_ioapic io[2];
	struct madt_iso iso[8];
	unsigned int n_iso;
	uint32_t len = make_madt(cpus, 1);
	uint8_t *e = buf + ACPI_HDR_LEN + 8;       /* make_madt's I/O APIC */
	struct gsi_mode m;

	e[2] = 0;
	put32(e + 4, 0xfec00000);
	put32(e + 8, 0);
	add_iso(&len, 0, 2, 0);
	add_iso(&len, 5, 5, 0xd);
	add_iso(&len, 9, 9, 0xd);
	e = add_entry(&len, MADT_IOAPIC, 12);      /* a second one at GSI 24 */
	e[2] = 1;
	put32(e + 4, 0xfec01000);
	put32(e + 8, 24);
	add_iso(&len, 10, 10, 0xf);                  /* level, active low */
	add_entry(&len, 4, 6);                       /* LAPIC NMI: ignored */
	add_entry(&len, MADT_ISO, 6);                /* too short: skipped */
	fix_sum(buf, len, 9);

	ck_assert_int_eq(madt_parse_ioapics(buf, len, io, 2, iso, 8, &n_iso), 2);
	ck_assert_uint_eq(n_iso, 4);
	ck_assert_uint_eq(io[0].id, 0);
	ck_assert_uint_eq(io[0].addr, 0xfec00000);
	ck_assert_uint_eq(io[1].id, 1);
	ck_assert_uint_eq(io[1].gsi_base, 24);
	ck_assert_uint_eq(iso[1].irq, 5);
	ck_assert_uint_eq(iso[1].flags, 0xd);
	/* The CPU walk is not disturbed by the new entries. */
	ck_assert_int_eq(madt_parse(buf, len, (uint32_t[4]){ 0 }, 4), 1);

	/* IRQ -> GSI: the override, else identity. */
	ck_assert_uint_eq(isa_irq_to_gsi(iso, n_iso, 0), 2);
	ck_assert_uint_eq(isa_irq_to_gsi(iso, n_iso, 1), 1);
	ck_assert_uint_eq(isa_irq_to_gsi(iso, n_iso, 9), 9);
	/* Modes: conforming flags keep ISA's edge/high, 0xd is level/high,
	 * 0xf level/low; no override: ISA edge/high, PCI level/low. */
	m = gsi_default_mode(iso, n_iso, 2);
	ck_assert(!m.level && !m.active_low);
	m = gsi_default_mode(iso, n_iso, 9);
	ck_assert(m.level && !m.active_low);
	m = gsi_default_mode(iso, n_iso, 10);
	ck_assert(m.level && m.active_low);
	m = gsi_default_mode(iso, n_iso, 4);
	ck_assert(!m.level && !m.active_low);
	m = gsi_default_mode(iso, n_iso, 21);
	ck_assert(m.level && m.active_low);

	/* Room for fewer: counted, not written past max. */
	io[1].id = 99;
	ck_assert_int_eq(madt_parse_ioapics(buf, len, io, 1, iso, 2, &n_iso), 2);
	ck_assert_uint_eq(io[1].id, 99);
	ck_assert_uint_eq(n_iso, 4);
	/* Hostile lengths as for the CPUs. */
	ck_assert_int_eq(madt_parse_ioapics(buf, len - 1, io, 2, iso, 8, &n_iso),
			 -EINVAL);
	ck_assert_int_eq(madt_parse_ioapics(buf, 10, io, 2, iso, 8, &n_iso),
			 -EINVAL);
}
END_TEST

START_TEST(rsdp_and_root_tables)
{
	uint64_t root;
	bool x;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, "RSD PTR ", 8);
	put32(buf + 16, 0x7fe0000);
	fix_sum(buf, 20, 8);
	ck_assert_int_eq(acpi_rsdp_parse(buf, 36, &root, &x), 0);
	ck_assert(!x);
	ck_assert_uint_eq(root, 0x7fe0000);
	/* Revision 2 with a valid extended checksum: the XSDT. */
	buf[15] = 2;
	fix_sum(buf, 20, 8);
	put32(buf + 20, 36);
	put32(buf + 24, 0x12345000);
	put32(buf + 28, 1);
	fix_sum(buf, 36, 32);
	ck_assert_int_eq(acpi_rsdp_parse(buf, 36, &root, &x), 0);
	ck_assert(x);
	ck_assert_uint_eq(root, 0x112345000ULL);
	buf[0] = 'X';
	ck_assert_int_eq(acpi_rsdp_parse(buf, 36, &root, &x), -EINVAL);
	/* RSDT entries are 4 bytes, XSDT 8; none past the length. */
	memset(buf, 0, sizeof(buf));
	put32(buf + ACPI_HDR_LEN, 0x1000);
	put32(buf + ACPI_HDR_LEN + 4, 0x2000);
	ck_assert_uint_eq(acpi_root_entry(buf, ACPI_HDR_LEN + 8, false, 1), 0x2000);
	ck_assert_uint_eq(acpi_root_entry(buf, ACPI_HDR_LEN + 8, false, 2), 0);
	ck_assert_uint_eq(acpi_root_entry(buf, ACPI_HDR_LEN + 8, true, 0),
			  0x200000001000ULL);
	ck_assert_uint_eq(acpi_root_entry(buf, ACPI_HDR_LEN + 8, true, 1), 0);
}
END_TEST

static Suite *madt_suite(void)
{
	Suite *s = suite_create("madt");
	TCase *tc = tcase_create("acpi");

	tcase_add_test(tc, madt_lists_enabled_cpus);
	tcase_add_test(tc, madt_hostile_tables);
	tcase_add_test(tc, rsdp_and_root_tables);
	tcase_add_test(tc, madt_ioapics_and_overrides);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	static Suite *(*const suites[])(void) = { madt_suite, NULL };

	return harness_run(suites);
}
