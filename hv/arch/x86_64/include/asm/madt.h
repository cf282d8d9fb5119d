/* ACPI tables the hypervisor reads: RSDP, RSDT or XSDT, and the MADT (pure parsers). */
#ifndef ASM_MADT_H
#define ASM_MADT_H

#include "types.h"

#define ACPI_HDR_LEN   36          /* signature .. creator revision */
#define MADT_LAPIC     0           /* Processor Local APIC structure */
#define MADT_LAPIC_ENABLED 1u      /* its flags: bit 0 */

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

#endif
