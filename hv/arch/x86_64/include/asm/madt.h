/* ACPI tables the hypervisor reads: RSDP, RSDT or XSDT, and the MADT (pure parsers). */
#ifndef ASM_MADT_H
#define ASM_MADT_H

#include "types.h"

#define ACPI_HDR_LEN   36          /* signature .. creator revision */
#define MADT_LAPIC     0           /* Processor Local APIC structure */
#define MADT_LAPIC_ENABLED 1u      /* its flags: bit 0 */
#define MADT_IOAPIC    1           /* I/O APIC structure */
#define MADT_ISO       2           /* Interrupt Source Override */

/* MPS INTI flags of an override: polarity bits 1:0, trigger bits 3:2. */
#define MPS_INTI_POLARITY_MASK   0x3
#define MPS_INTI_POLARITY_HIGH   0x1
#define MPS_INTI_POLARITY_LOW    0x3
#define MPS_INTI_TRIGGER_MASK    0xc
#define MPS_INTI_TRIGGER_EDGE    0x4
#define MPS_INTI_TRIGGER_LEVEL   0xc

#define NR_ISA_IRQS 16

/* An I/O APIC the MADT lists: {1, 12, id, 0, address, GSI base}. */
struct madt_ioapic {
	uint8_t id;
	uint32_t addr;
	uint32_t gsi_base;
};

/* An override {2, 10, bus, source IRQ, GSI (4), MPS INTI flags (2)}. */
struct madt_iso {
	uint8_t bus, irq;
	uint32_t gsi;
	uint16_t flags;
};

/* How a GSI is wired: trigger and polarity. */
struct gsi_mode {
	bool level;
	bool active_low;
};

/*
 * An RSDP candidate of len bytes: 0 and *root and *is_xsdt set if it has the
 * "RSD PTR " signature and a valid checksum (the 20-byte ACPI 1.0 part;
 * the extended one too for revision >= 2, which gives the XSDT).
 */
int acpi_rsdp_parse(const void *p, size_t len, uint64_t *root, bool *is_xsdt);

/* A table header: its length, or 0 unless the signature matches. */
uint32_t acpi_table_len(const void *hdr, const char sig[4]);

/*
 * A whole table of len bytes (len from acpi_table_len): true if its
 * checksum is good.
 */
bool acpi_table_ok(const void *t, uint32_t len);

/* Entry i of an RSDT (4-byte) or XSDT (8-byte) of len bytes, or 0. */
uint64_t acpi_root_entry(const void *t, uint32_t len, bool is_xsdt,
			 unsigned int i);

/*
 * The MADT t (checked with acpi_table_ok) of len bytes: the local APIC
 * ids of the enabled processors, in table order, into ids[0..max). Returns
 * how many enabled processors the table lists (may exceed max), or
 * -EINVAL if an entry runs past the end or has a length below 2.
 */
int madt_parse(const void *t, uint32_t len, uint32_t *ids, unsigned int max);

/*
 * The same MADT's I/O APICs into io[0..max_io) and its interrupt source
 * overrides into iso[0..max_iso), in table order; *nr_iso is how many
 * overrides it lists (may exceed max_iso). Returns how many I/O APICs it
 * lists (may exceed max_io), or -EINVAL as madt_parse. Entries too short
 * for their type are skipped.
 */
int madt_parse_ioapics(const void *t, uint32_t len, struct madt_ioapic *io,
		       unsigned int max_io, struct madt_iso *iso,
		       unsigned int max_iso, unsigned int *nr_iso);

/*
 * The GSI an ISA IRQ (0-15) arrives on: its override's, or the IRQ number
 * itself (identity, as ACPI says when no override names it).
 */
uint32_t isa_irq_to_gsi(const struct madt_iso *iso, unsigned int nr_iso,
			unsigned int irq);

/*
 * The trigger and polarity of a GSI before any driver says otherwise: an
 * override naming it gives its INTI flags (a "conforms" field takes the
 * bus default); otherwise ISA IRQs (GSI < 16) are edge/active-high and
 * the rest level/active-low, as for PCI.
 */
struct gsi_mode gsi_default_mode(const struct madt_iso *iso,
				 unsigned int nr_iso, uint32_t gsi);

/* The firmware's MADT, mapped and checked, and its length; NULL without
 * ACPI (smpboot.c, which finds the RSDP in the BIOS area). */
const void *acpi_find_madt(uint32_t *len);

/* Any table the RSDT/XSDT lists by signature (the first), mapped and
 * checked; NULL if none. */
const void *acpi_find_table(const char sig[4], uint32_t *len);

#endif
