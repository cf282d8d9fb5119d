/* ACPI: the processors, I/O APICs and interrupt overrides of the MADT (pure parsers). */
#include "types.h"
#include "errno.h"
#include "lib.h"
#include "asm/madt.h"

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Contract in asm/madt.h. RSDP: sig 0, checksum 8, rev 15, rsdt 16,
 * length 20, xsdt 24, extended checksum 32 (36 bytes in all). */
int acpi_rsdp_parse(const void *p, size_t len, uint64_t *root, bool *is_xsdt)
{
	const uint8_t *b = p;

	if (len < 20 || memcmp(b, "RSD PTR ", 8) || sum(b, 20))
		return -EINVAL;
	if (b[15] >= 2 && len >= 36 && get32(b + 20) >= 36 &&
	    get32(b + 20) <= len && !sum(b, get32(b + 20)) && get64(b + 24)) {
		*root = get64(b + 24);
		*is_xsdt = true;
		return 0;
	}
	*root = get32(b + 16);
	*is_xsdt = false;
	return *root ? 0 : -EINVAL;
}

uint32_t acpi_table_len(const void *hdr, const char sig[4])
{
	const uint8_t *b = hdr;
	uint32_t len = get32(b + 4);

	if (memcmp(b, sig, 4) || len < ACPI_HDR_LEN)
		return 0;
	return len;
}

bool acpi_table_ok(const void *t, uint32_t len)
{
	return len >= ACPI_HDR_LEN && !sum(t, len);
}

uint64_t acpi_root_entry(const void *t, uint32_t len, bool is_xsdt,
			 unsigned int i)
{
	const uint8_t *b = t;
	size_t size = is_xsdt ? 8 : 4;
	size_t off = ACPI_HDR_LEN + (size_t)i * size;

	if (off + size > len)
		return 0;
	return is_xsdt ? get64(b + off) : get32(b + off);
}

/* Contract in asm/madt.h. After the header: local APIC address (4),
 * flags (4), then entries {type, length, ...}; a local APIC entry is
 * {0, 8, ACPI processor id, APIC id, flags (4)}. */
int madt_parse(const void *t, uint32_t len, uint32_t *ids, unsigned int max)
{
	const uint8_t *b = t;
	uint32_t off = ACPI_HDR_LEN + 8;
	int n = 0;

	if (len < off)
		return -EINVAL;
	while (off < len) {
		uint8_t type, elen;

		if (len - off < 2)
			return -EINVAL;
		type = b[off];
		elen = b[off + 1];
		if (elen < 2 || elen > len - off)
			return -EINVAL;
		if (type == MADT_LAPIC && elen >= 8 &&
		    (get32(b + off + 4) & MADT_LAPIC_ENABLED)) {
			if ((unsigned int)n < max)
				ids[n] = b[off + 3];
			n++;
		}
		off += elen;
	}
	return n;
}

static uint16_t get16(const uint8_t *p)
{
	return p[0] | (uint16_t)p[1] << 8;
}

/* Contract in asm/madt.h. The same walk as madt_parse. */
int madt_parse_ioapics(const void *t, uint32_t len, struct madt_ioapic *io,
		       unsigned int max_io, struct madt_iso *iso,
		       unsigned int max_iso, unsigned int *nr_iso)
{
	const uint8_t *b = t;
	uint32_t off = ACPI_HDR_LEN + 8;
	int n = 0;

	*nr_iso = 0;
	if (len < off)
		return -EINVAL;
	while (off < len) {
		const uint8_t *e = b + off;

		if (len - off < 2 || e[1] < 2 || e[1] > len - off)
			return -EINVAL;
		if (e[0] == MADT_IOAPIC && e[1] >= 12) {
			if ((unsigned int)n < max_io)
				io[n] = (struct madt_ioapic){
					.id = e[2], .addr = get32(e + 4),
					.gsi_base = get32(e + 8) };
			n++;
		} else if (e[0] == MADT_ISO && e[1] >= 10) {
			if (*nr_iso < max_iso)
				iso[*nr_iso] = (struct madt_iso){
					.bus = e[2], .irq = e[3],
					.gsi = get32(e + 4),
					.flags = get16(e + 8) };
			(*nr_iso)++;
		}
		off += e[1];
	}
	return n;
}

/* The override of ISA IRQ irq, or NULL. */
static const struct madt_iso *iso_of_irq(const struct madt_iso *iso,
					 unsigned int nr_iso, unsigned int irq)
{
	for (unsigned int i = 0; i < nr_iso; i++)
		if (iso[i].bus == 0 && iso[i].irq == irq)
			return &iso[i];
	return NULL;
}

uint32_t isa_irq_to_gsi(const struct madt_iso *iso, unsigned int nr_iso,
			unsigned int irq)
{
	const struct madt_iso *o = iso_of_irq(iso, nr_iso, irq);

	return o ? o->gsi : irq;
}

struct gsi_mode gsi_default_mode(const struct madt_iso *iso,
				 unsigned int nr_iso, uint32_t gsi)
{
	/* Bus defaults: ISA edge/high, PCI level/low. */
	struct gsi_mode m = { .level = gsi >= NR_ISA_IRQS,
			      .active_low = gsi >= NR_ISA_IRQS };

	for (unsigned int i = 0; i < nr_iso; i++) {
		if (iso[i].gsi != gsi)
			continue;
		/* An override makes the GSI an ISA one: ISA's defaults. */
		m = (struct gsi_mode){ false, false };
		switch (iso[i].flags & MPS_INTI_POLARITY_MASK) {
		case MPS_INTI_POLARITY_HIGH: m.active_low = false; break;
		case MPS_INTI_POLARITY_LOW: m.active_low = true; break;
		}
		switch (iso[i].flags & MPS_INTI_TRIGGER_MASK) {
		case MPS_INTI_TRIGGER_EDGE: m.level = false; break;
		case MPS_INTI_TRIGGER_LEVEL: m.level = true; break;
		}
		break;
	}
	return m;
}
