/* dom0 on x86-64: its I/O permissions, real port I/O, the machine map, restart. */
#ifndef ASM_DOM0_H
#define ASM_DOM0_H

#include "types.h"
#include "iomem.h"

struct boot_info;
struct domain;

/*
 * Xen's dom0_setup_permissions() for domain id domid: every frame below
 * 2^paddr_bits that is not RAM (and all of machine 0-1 MiB but the AP
 * start-up page) may be mapped; LAPIC, I/O APIC pages and the MSI window
 * read-only with writes dropped (they are the hypervisor's); E820
 * unusable ranges above 1 MiB not at all. Every port but the ones the
 * hypervisor drives: PIC 0x20-0x21 and 0xa0-0xa1, PIT 0x40-0x43 and 0x61,
 * its UART's 8 ports, QEMU's isa-debug-exit 0xf4-0xf7, and the RTC
 * 0x70-0x71 which is reached through a latched index (dom0_port_*).
 * The frame table's non-RAM and low frames become DOMID_IO's. Once, at
 * dom0's build, before it runs.
 */
void dom0_setup_permissions(const struct boot_info *bi, uint16_t domid);

/* XENMEM_machine_memory_map for the hardware domain (iomem.h). */
int dom0_machine_memory_map(struct e820_entry *out, unsigned int max);

/*
 * Port I/O of a domain with I/O permissions, after the virtual IOPL
 * check: size bytes (1, 2, 4) at port on the hardware if permitted, the
 * RTC through the domain's latched index, all-ones / dropped otherwise.
 */
uint32_t dom0_port_read(const struct io_perms *io, unsigned int port,
			unsigned int size);
void dom0_port_write(const struct io_perms *io, unsigned int port,
		     unsigned int size, uint32_t val);

/* Reset the machine (the hardware domain asked for SHUTDOWN_reboot). */
void __noreturn machine_restart(void);

#endif
