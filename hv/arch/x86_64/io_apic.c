/* I/O APICs: found in the MADT with their overrides, every pin masked at boot. */
#include "types.h"
#include "lib.h"
#include "errno.h"
#include "log.h"
#include "pirq.h"
#include "spinlock.h"
#include "asm/io_apic.h"
#include "asm/madt.h"
#include "asm/paging.h"
#include "asm/percpu.h"

/* I/O APIC routing of GSIs to dom0's pirqs: see pirq.c for the state machine. */

/* Registers behind the index/data window (IOREGSEL at 0, IOWIN at 0x10). */
#define IO_APIC_REGSEL   0x00
#define IO_APIC_WIN      0x10
#define IO_APIC_ID       0x00
#define IO_APIC_VERSION  0x01
#define IO_APIC_RTE(pin) (0x10 + 2 * (pin))    /* low dword; high at +1 */

/* The FADT's SCI_INT (a 16-bit ISA IRQ or GSI) at byte 46. */
#define FADT_SCI_INT     46

/* The boot CPU's APIC id: every routed GSI goes there. */
#define BOOT_APIC_ID     (boot_apic_id)

struct io_apic {
	struct madt_ioapic madt;
	volatile uint32_t *regs;
	unsigned int nr_pins;
	uint32_t version;
};

static struct io_apic io_apics[MAX_IO_APICS];
static DEFINE_SPINLOCK(io_apic_lock);    /* the index/data window */
static uint32_t boot_apic_id;
static unsigned int nr_io_apics;
static struct madt_iso isos[MAX_ISOS];
static unsigned int nr_isos;

static uint32_t io_apic_read(const struct io_apic *a, unsigned int reg)
{
	a->regs[IO_APIC_REGSEL / 4] = reg;
	return a->regs[IO_APIC_WIN / 4];
}

static void io_apic_write(const struct io_apic *a, unsigned int reg,
			  uint32_t v)
{
	a->regs[IO_APIC_REGSEL / 4] = reg;
	a->regs[IO_APIC_WIN / 4] = v;
}

/* The I/O APIC and pin of a GSI, or NULL. */
static const struct io_apic *gsi_pin(unsigned int gsi, unsigned int *pin)
{
	for (unsigned int i = 0; i < nr_io_apics; i++) {
		const struct io_apic *a = &io_apics[i];

		if (gsi >= a->madt.gsi_base && gsi < a->madt.gsi_base + a->nr_pins) {
			*pin = gsi - a->madt.gsi_base;
			return a;
		}
	}
	return NULL;
}

/*
 * Contract in pirq.h. The high dword (destination) first, then the low
 * one with the mask bit, so the pin never fires half programmed.
 */
void arch_gsi_write(unsigned int gsi, bool level, bool active_low, bool masked)
{
	unsigned int pin;
	const struct io_apic *a = gsi_pin(gsi, &pin);
	uint64_t rte = io_apic_rte(GSI_VECTOR(gsi), BOOT_APIC_ID, level,
				   active_low, masked);
	unsigned long flags;

	if (!a)
		return;
	flags = spin_lock_irqsave(&io_apic_lock);
	if (masked)
		io_apic_write(a, IO_APIC_RTE(pin), (uint32_t)rte);
	io_apic_write(a, IO_APIC_RTE(pin) + 1, rte >> 32);
	io_apic_write(a, IO_APIC_RTE(pin), (uint32_t)rte);
	spin_unlock_irqrestore(&io_apic_lock, flags);
}

uint64_t io_apic_read_rte(unsigned int gsi)
{
	unsigned int pin;
	const struct io_apic *a = gsi_pin(gsi, &pin);
	unsigned long flags;
	uint64_t v;

	if (!a)
		return 0;
	flags = spin_lock_irqsave(&io_apic_lock);
	v = io_apic_read(a, IO_APIC_RTE(pin)) |
	    (uint64_t)io_apic_read(a, IO_APIC_RTE(pin) + 1) << 32;
	spin_unlock_irqrestore(&io_apic_lock, flags);
	return v;
}

/* The ACPI SCI's GSI from the FADT (an ISA IRQ goes through the
 * overrides), or -1. */
static int find_sci(void)
{
	uint32_t len;
	const uint8_t *f = acpi_find_table("FACP", &len);
	unsigned int irq;

	if (!f || len < FADT_SCI_INT + 2)
		return -1;
	irq = f[FADT_SCI_INT] | f[FADT_SCI_INT + 1] << 8;
	return irq < NR_ISA_IRQS ? (int)isa_irq_to_gsi(isos, nr_isos, irq) :
				   (int)irq;
}

/*
 * The pirq table from the pins found: every GSI with its MADT mode, the
 * ones the hypervisor keeps (Xen: IRQ 0's pin, the cascade, its UART)
 * and the SCI.
 */
static void pirq_table_init(void)
{
	unsigned int nr = 0;
	int sci;

	for (unsigned int i = 0; i < nr_io_apics; i++)
		if (io_apics[i].madt.gsi_base + io_apics[i].nr_pins > nr)
			nr = io_apics[i].madt.gsi_base + io_apics[i].nr_pins;
	if (nr > NR_GSIS) {
		printk(KERN_WARNING "IOAPIC: %u GSIs, only %u routable\n", nr,
		       NR_GSIS);
		nr = NR_GSIS;
	}
	pirq_init(nr);
	for (unsigned int g = 0; g < nr; g++) {
		struct gsi_mode m = gsi_default_mode(isos, nr_isos, g);

		pirq_set_default_mode(g, m.level, m.active_low);
	}
	pirq_reserve(2, "cascade");
	pirq_reserve(isa_irq_to_gsi(isos, nr_isos, 0), "timer");
	pirq_reserve(isa_irq_to_gsi(isos, nr_isos, 4), "COM1");
	sci = find_sci();
	pirq_set_sci(sci);
	printk("IOAPIC: %u GSIs routable to dom0 (vectors %#x-%#x), ACPI SCI "
	       "GSI %d\n", nr, GSI_VECTOR(0), GSI_VECTOR(nr ? nr - 1 : 0), sci);
}

static const char *mode_name(struct gsi_mode m)
{
	return m.level ? (m.active_low ? "level, low" : "level, high") :
			 (m.active_low ? "edge, low" : "edge, high");
}

/*
 * Every pin masked, with the trigger and polarity the MADT gives it (so
 * that whoever unmasks a pin later starts from the firmware's wiring):
 * nothing reaches a CPU through an I/O APIC until a pin is routed.
 */
static void mask_all(const struct io_apic *a)
{
	for (unsigned int pin = 0; pin < a->nr_pins; pin++) {
		struct gsi_mode m = gsi_default_mode(isos, nr_isos,
						     a->madt.gsi_base + pin);
		uint32_t lo = RTE_MASKED | (m.level ? RTE_LEVEL : 0) |
			      (m.active_low ? RTE_ACTIVE_LOW : 0);

		io_apic_write(a, IO_APIC_RTE(pin), lo);
		io_apic_write(a, IO_APIC_RTE(pin) + 1, 0);
	}
}

void io_apic_init(void)
{
	struct madt_ioapic found[MAX_IO_APICS];
	uint32_t len;
	const void *madt = acpi_find_madt(&len);
	int n;

	if (!madt) {
		printk("IOAPIC: none (no ACPI MADT)\n");
		return;
	}
	n = madt_parse_ioapics(madt, len, found, MAX_IO_APICS, isos,
			       MAX_ISOS, &nr_isos);
	if (n < 0) {
		printk(KERN_WARNING "IOAPIC: the MADT is malformed, I/O APICs "
		       "not used\n");
		nr_isos = 0;
		return;
	}
	if (n > MAX_IO_APICS)
		printk(KERN_WARNING "IOAPIC: %d in the MADT, only %u used\n", n,
		       MAX_IO_APICS);
	if (nr_isos > MAX_ISOS) {
		printk(KERN_WARNING "IOAPIC: %u interrupt overrides, only %u "
		       "used\n", nr_isos, MAX_ISOS);
		nr_isos = MAX_ISOS;
	}
	for (int i = 0; i < n && i < MAX_IO_APICS; i++) {
		struct io_apic *a = &io_apics[nr_io_apics];

		a->madt = found[i];
		a->regs = ioremap(found[i].addr & ~0xfffUL, 4096);
		if (!a->regs)
			continue;
		a->regs = (volatile uint32_t *)((uintptr_t)a->regs +
						(found[i].addr & 0xfff));
		a->version = io_apic_read(a, IO_APIC_VERSION);
		if (a->version == ~0u) {
			printk(KERN_WARNING "IOAPIC[%d]: nothing answers at %#x\n",
			       i, found[i].addr);
			continue;
		}
		a->nr_pins = ((a->version >> 16) & 0xff) + 1;
		mask_all(a);
		printk("IOAPIC[%u]: apic_id %u, version %#x, address %#x, "
		       "GSI %u-%u, all pins masked\n", nr_io_apics,
		       (io_apic_read(a, IO_APIC_ID) >> 24) & 0xf,
		       a->version & 0xff, found[i].addr, found[i].gsi_base,
		       found[i].gsi_base + a->nr_pins - 1);
		nr_io_apics++;
	}
	boot_apic_id = this_cpu()->apic_id;
	pirq_table_init();
	for (unsigned int i = 0; i < nr_isos; i++)
		printk("IOAPIC: override bus %u IRQ %u -> GSI %u (%s)\n",
		       isos[i].bus, isos[i].irq, isos[i].gsi,
		       mode_name(gsi_default_mode(isos, nr_isos, isos[i].gsi)));
}

unsigned int io_apic_addresses(uint64_t *out, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_io_apics && n < max; i++)
		out[n++] = io_apics[i].madt.addr;
	return n;
}

int io_apic_guest_read(uint64_t physbase, unsigned int reg, uint32_t *val)
{
	for (unsigned int i = 0; i < nr_io_apics; i++) {
		unsigned long flags;

		if (io_apics[i].madt.addr != physbase)
			continue;
		flags = spin_lock_irqsave(&io_apic_lock);
		*val = io_apic_read(&io_apics[i], reg);
		spin_unlock_irqrestore(&io_apic_lock, flags);
		return 0;
	}
	return -EINVAL;
}
