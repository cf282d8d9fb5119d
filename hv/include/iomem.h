/* I/O resources of privileged domains: memory frames and ports (Xen's iomem_caps, ioport_caps). */
#ifndef HV_IOMEM_H
#define HV_IOMEM_H

#include "types.h"
#include "rangeset.h"

struct boot_mem;

/*
 * A domain's I/O permissions (d->io, NULL for a domain with none, which
 * is every domU). Written once when dom0 is built, read-only afterwards.
 *   iomem:       machine frames that are not RAM the domain may map
 *                (Xen's iomem_caps);
 *   iomem_ro:    of those, the frames mapped with _PAGE_RW stripped, writes
 *                to them dropped (Xen's mmio_ro_ranges: here what the
 *                hypervisor itself drives, LAPIC, I/O APICs, MSI window);
 *   iomem_map:   the permitted set the machine memory map reports (iomem
 *                less the hypervisor's devices, which Xen keeps from dom0
 *                and so reports as reserved holes);
 *   ioport:      ports the domain's in/out reach on the hardware
 *                (Xen's ioport_caps).
 */
struct io_perms {
	struct rangeset iomem, iomem_ro, iomem_map, ioport;
};

/*
 * The permissions of domain d (NULL if it has none). Only the hardware
 * domain has any: iomem_set_hwdom() names it, at its build.
 */
const struct io_perms *iomem_perms_of(uint16_t d);
void iomem_set_hwdom(uint16_t d, const struct io_perms *io);

/* What an L1 entry mapping a non-RAM frame gets (iomem_l1e_access). */
enum iomem_access {
	IOMEM_DENY,          /* refused: -EPERM, as Xen's get_page_from_l1e */
	IOMEM_RW,            /* mapped as asked */
	IOMEM_RO,            /* mapped without _PAGE_RW, writes dropped */
};

/*
 * The decision for mapping I/O frame mfn (a frame that is not RAM, or
 * RAM the machine gives the I/O pseudo-domain: below 1 MiB) by a domain
 * with permissions io (NULL: none). Pure.
 */
enum iomem_access iomem_l1e_access(const struct io_perms *io, uint64_t mfn);

/* An I/O access of size bytes at port is wholly permitted. Pure. */
bool ioport_access_ok(const struct io_perms *io, unsigned int port,
		      unsigned int size);

/* The E820 entry of the guest ABI: packed, 20 bytes. */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

/*
 * XENMEM_machine_memory_map's answer (Xen's, arch/x86/mm.c): the machine
 * map raw[0..n) as the firmware gave it, and in every hole before an
 * entry the pieces (whole frames) that permitted does not contain, as
 * E820_RESERVED entries, so the domain never treats them as its own I/O
 * space. Holes above the last entry are not reported (as Xen). out has
 * room for max entries; Xen asks for n + 1 at least, and more for every
 * reserved entry. Returns the number of entries, or -EINVAL when they do
 * not fit. Pure.
 */
int e820_machine_map(const struct boot_mem *raw, unsigned int n,
		     const struct rangeset *permitted, struct e820_entry *out,
		     unsigned int max);

#endif
