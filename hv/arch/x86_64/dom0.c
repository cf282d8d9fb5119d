/* dom0's hardware: I/O permission sets, real port I/O with the RTC latch, the machine memory map, restart. */
#include "types.h"
#include "boot.h"
#include "domain.h"
#include "errno.h"
#include "lib.h"
#include "log.h"
#include "mm.h"
#include "spinlock.h"
#include "asm/dom0.h"
#include "asm/io_apic.h"
#include "asm/power.h"
#include "asm/processor.h"
#include "asm/smp.h"
#include "asm/uart.h"
#include <xen/sched.h>

#define MSR_APIC_BASE_ADDR  0x1b
#define MSI_FIRST_FRAME     0xfee00UL
#define MSI_LAST_FRAME      0xfeeffUL
#define RTC_INDEX           0x70
#define RTC_DATA            0x71
#define DEBUG_EXIT_FIRST    0xf4       /* scripts/run: isa-debug-exit */
#define DEBUG_EXIT_LAST     0xf7

static struct io_perms dom0_io;
static struct boot_mem machine_map[BOOT_MAX_MEMMAP];
static unsigned int machine_map_nr;

/* The RTC index dom0 last wrote to 0x70, and the lock over 0x70/0x71. */
static uint8_t rtc_index;
static DEFINE_SPINLOCK(rtc_lock);

static unsigned int paddr_bits(void)
{
	uint32_t a, b, c, d;

	cpuid_count(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000008)
		return 36;
	cpuid_count(0x80000008, 0, &a, &b, &c, &d);
	return a & 0xff;
}

static bool e820_is_ram(const struct boot_info *bi, mfn_t mfn)
{
	uint64_t pa = (uint64_t)mfn << PAGE_SHIFT;

	for (unsigned int i = 0; i < bi->nr_mem; i++)
		if (bi->mem[i].type == E820_RAM && pa >= bi->mem[i].base &&
		    pa + PAGE_SIZE <= bi->mem[i].base + bi->mem[i].len)
			return true;
	return false;
}

static void check(int rc, const char *what)
{
	if (rc)
		printk(KERN_ERR "dom0: permission set %s: error %d\n", what, rc);
}

void dom0_setup_permissions(const struct boot_info *bi, uint16_t domid)
{
	struct io_perms *io = &dom0_io;
	uint64_t top = (1ULL << (paddr_bits() - PAGE_SHIFT)) - 1;
	uint64_t lapic = (rdmsr(MSR_APIC_BASE_ADDR) & ~0xfffULL) >> PAGE_SHIFT;
	uint64_t ioapic[MAX_IO_APICS];
	unsigned int nr_ioapic = io_apic_addresses(ioapic, MAX_IO_APICS);
	unsigned long nr_io = 0;

	rangeset_init(&io->iomem);
	rangeset_init(&io->iomem_ro);
	rangeset_init(&io->iomem_map);
	rangeset_init(&io->ioport);

	/* Memory: everything addressable, less what follows. */
	check(rangeset_add_range(&io->iomem, 0, top), "iomem");
	check(rangeset_remove_range(&io->iomem, TRAMPOLINE_PHYS >> PAGE_SHIFT,
				    TRAMPOLINE_PHYS >> PAGE_SHIFT), "iomem");
	for (unsigned int i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem *m = &bi->mem[i];

		if (m->type == E820_UNUSABLE && m->base + m->len > 0x100000)
			check(rangeset_remove_range(&io->iomem,
				MAX(m->base, 0x100000UL) >> PAGE_SHIFT,
				(m->base + m->len - 1) >> PAGE_SHIFT), "iomem");
	}
	io->iomem_map = io->iomem;
	/* The hypervisor's interrupt hardware: read-only, writes dropped. */
	check(rangeset_add_range(&io->iomem_ro, lapic, lapic), "iomem_ro");
	check(rangeset_add_range(&io->iomem_ro, MSI_FIRST_FRAME, MSI_LAST_FRAME),
	      "iomem_ro");
	check(rangeset_remove_range(&io->iomem_map, lapic, lapic), "iomem_map");
	check(rangeset_remove_range(&io->iomem_map, MSI_FIRST_FRAME,
				    MSI_LAST_FRAME), "iomem_map");
	for (unsigned int i = 0; i < nr_ioapic; i++) {
		uint64_t f = ioapic[i] >> PAGE_SHIFT;

		check(rangeset_add_range(&io->iomem_ro, f, f), "iomem_ro");
		check(rangeset_remove_range(&io->iomem_map, f, f), "iomem_map");
	}

	/* Ports: all, less the hypervisor's devices. */
	check(rangeset_add_range(&io->ioport, 0, 0xffff), "ioport");
	check(rangeset_remove_range(&io->ioport, 0x20, 0x21), "ioport");
	check(rangeset_remove_range(&io->ioport, 0xa0, 0xa1), "ioport");
	check(rangeset_remove_range(&io->ioport, 0x40, 0x43), "ioport");
	check(rangeset_remove_range(&io->ioport, 0x61, 0x61), "ioport");
	check(rangeset_remove_range(&io->ioport, RTC_INDEX, RTC_DATA), "ioport");
	check(rangeset_remove_range(&io->ioport, CONFIG_SERIAL_PORT,
				    CONFIG_SERIAL_PORT + 7), "ioport");
	check(rangeset_remove_range(&io->ioport, DEBUG_EXIT_FIRST,
				    DEBUG_EXIT_LAST), "ioport");

	/* Frames of the table that are not RAM, and 0-1 MiB: DOMID_IO's. */
	for (mfn_t mfn = 0; mfn < frame_table_size; mfn++) {
		struct page_info *pg = mfn_to_page(mfn);

		if (!(pg->flags & PGF_RESERVED) || pg->owner != DOMID_XEN ||
		    (pg->count_info & PGC_count_mask) ||
		    mfn == TRAMPOLINE_PHYS >> PAGE_SHIFT)
			continue;
		if (mfn < 0x100 || !e820_is_ram(bi, mfn)) {
			pg->owner = DOMID_IO;
			nr_io++;
		}
	}
	machine_map_nr = MIN(bi->nr_mem, (unsigned int)BOOT_MAX_MEMMAP);
	memcpy(machine_map, bi->mem, machine_map_nr * sizeof(machine_map[0]));
	iomem_set_hwdom(domid, io);
	printk("dom0: I/O memory: frames 0-%#lx but the AP start-up page and "
	       "unusable RAM; read-only: LAPIC %#lx, %u I/O APIC page(s), MSI "
	       "window %#lx-%#lx; %lu low or non-RAM frames given to DOMID_IO\n",
	       top, lapic, nr_ioapic, MSI_FIRST_FRAME, MSI_LAST_FRAME, nr_io);
	printk("dom0: I/O ports: all but PIC 0x20-0x21/0xa0-0xa1, PIT 0x40-0x43, "
	       "0x61, RTC 0x70-0x71 (latched index), UART %#x-%#x, debug exit "
	       "%#x-%#x\n", CONFIG_SERIAL_PORT, CONFIG_SERIAL_PORT + 7,
	       DEBUG_EXIT_FIRST, DEBUG_EXIT_LAST);
}

int dom0_machine_memory_map(struct e820_entry *out, unsigned int max)
{
	return e820_machine_map(machine_map, machine_map_nr, &dom0_io.iomem_map,
				out, max);
}

/* One byte of the RTC pair (Xen's rtc_guest_read/write). */
static uint8_t rtc_read(unsigned int port)
{
	unsigned long flags;
	uint8_t v;

	if (port == RTC_INDEX)
		return rtc_index;
	flags = spin_lock_irqsave(&rtc_lock);
	outb(RTC_INDEX, rtc_index & 0x7f);
	v = inb(RTC_DATA);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return v;
}

static void rtc_write(unsigned int port, uint8_t v)
{
	unsigned long flags;

	if (port == RTC_INDEX) {
		rtc_index = v;
		return;
	}
	flags = spin_lock_irqsave(&rtc_lock);
	outb(RTC_INDEX, rtc_index & 0x7f);
	outb(RTC_DATA, v);
	spin_unlock_irqrestore(&rtc_lock, flags);
}

static bool is_rtc(unsigned int port)
{
	return port == RTC_INDEX || port == RTC_DATA;
}

uint32_t dom0_port_read(const struct io_perms *io, unsigned int port,
			unsigned int size)
{
	uint32_t v = 0;

	if (ioport_access_ok(io, port, size)) {
		switch (size) {
		case 1: return inb(port);
		case 2: return inw(port);
		default: return inl(port);
		}
	}
	/* Byte by byte: the RTC pair, all-ones for the rest. */
	for (unsigned int i = 0; i < size; i++) {
		unsigned int p = (port + i) & 0xffff;
		uint8_t b = 0xff;

		if (is_rtc(p))
			b = rtc_read(p);
		else if (ioport_access_ok(io, p, 1))
			b = inb(p);
		v |= (uint32_t)b << (8 * i);
	}
	return v;
}

void dom0_port_write(const struct io_perms *io, unsigned int port,
		     unsigned int size, uint32_t val)
{
	if (ioport_access_ok(io, port, size)) {
		switch (size) {
		case 1: outb(port, val); return;
		case 2: outw(port, val); return;
		default: outl(port, val); return;
		}
	}
	for (unsigned int i = 0; i < size; i++) {
		unsigned int p = (port + i) & 0xffff;
		uint8_t b = val >> (8 * i);

		if (is_rtc(p))
			rtc_write(p, b);
		else if (ioport_access_ok(io, p, 1))
			outb(p, b);
	}
}

/*
 * Reset: the PCI reset control register (0xcf9), then the keyboard
 * controller; QEMU with -no-reboot exits instead of resetting.
 */
void __noreturn machine_restart(void)
{
	local_irq_disable();
	printk("Restarting the machine\n");
	uart_flush();
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);
	for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		;
	outb(0x64, 0xfe);
	printk(KERN_EMERG "Restart failed: halting\n");
	machine_poweroff(HV_EXIT_DOMAIN);
}

void __noreturn hwdom_shutdown(unsigned int reason)
{
	unsigned int code = domains_all_powered_off() ? HV_EXIT_OK :
							HV_EXIT_DOMAIN;

	switch (reason) {
	case SHUTDOWN_poweroff:
		printk("Hardware domain powered off: powering the machine off "
		       "(result code %u)\n", code);
		machine_poweroff(code);
	case SHUTDOWN_reboot:
		printk("Hardware domain rebooted: restarting the machine\n");
		machine_restart();
	default:
		printk(KERN_ERR "Hardware domain shut down (reason %u): powering "
		       "the machine off (result code %u)\n", reason,
		       HV_EXIT_DOMAIN);
		machine_poweroff(HV_EXIT_DOMAIN);
	}
}
