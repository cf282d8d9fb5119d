/* Test kernel: dom0's privileges (booted with --dom0) and their refusal to a domU (the same kernel as a boot domain). */
#include "rt.h"
#include "rt_mm.h"
#include "lib.h"
#include <xen/event_channel.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/platform.h>
#include <xen/sched.h>

/*
 * As dom0 (start_info says SIF_INITDOMAIN): the start-of-day state Xen
 * gives dom0, console_io input, the machine memory map, identity
 * mappings of I/O frames (BIOS, the I/O APIC and LAPIC read-only with
 * writes dropped, never hypervisor RAM or the AP start-up page), real
 * port I/O with the hypervisor's ports denied and the RTC through its
 * latch, platform_op answers and refusals, PHYSDEVOP_apic_read, the local
 * xenstore channel, the RTC's interrupt as a GSI pirq (edge, then level
 * masked until PHYSDEVOP_eoi) and the IRQs the hypervisor keeps. With "peer=N" dom0 waits until domain N is gone
 * before it powers the machine off (the hostile peer must finish first);
 * with "reboot" it only reboots (so the machine resets); with "virq"
 * only the dom0-only event paths, beside "virq-peer" (dom0_virq).
 * As a domU: every one of those refused with Xen's error codes.
 */

#define E820_RAM       1
#define E820_RESERVED  2
#define BIOS_FRAME     0xf0
#define HV_RAM_FRAME   0x200        /* the hypervisor image (XEN_PHYS_START) */
#define AP_START_FRAME 0x8          /* the hypervisor's AP start-up page */
#define IOAPIC_FRAME   0xfec00
#define LAPIC_FRAME    0xfee00
#define PTE_RW         0x2UL
#define PTE_PWT        0x8UL
#define PTE_PCD        0x10UL
#define NR_PIRQS_HINT  256          /* the hypervisor's pirq space */

struct e820 {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" :: "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" :: "a"(v), "Nd"(port));
}

static long memop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_memory_op, cmd, arg);
}

static long physop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_physdev_op, cmd, arg);
}

static long platform(struct xen_platform_op *op)
{
	if (!op->interface_version)
		op->interface_version = XENPF_INTERFACE_VERSION;
	return HYPERCALL2(__HYPERVISOR_platform_op, op, 0);
}

/* A scratch VA in the region's padding, with an L1 of its own. */
static unsigned long scratch(void)
{
	return rt_va_of(rt_region_pages() - 2);
}

static long map_frame(unsigned long mfn, uint64_t flags)
{
	return rt_uvm(scratch(), (mfn << 12) | flags, UVMF_INVLPG);
}

static uint64_t scratch_pte(void)
{
	uint64_t val = 0;

	rt_l1e_maddr(scratch(), &val);
	return val;
}

static void unmap_scratch(void)
{
	rt_expect(rt_uvm(scratch(), 0, UVMF_INVLPG), 0);
}

/* "RSD PTR " in the BIOS's E and F segments, read through identity maps. */
static bool find_rsdp(unsigned long *where)
{
	for (unsigned long f = 0xe0; f < 0x100; f++) {
		const volatile char *p = (const volatile char *)scratch();

		if (map_frame(f, 1))
			return false;
		for (unsigned int o = 0; o < 4096; o += 16) {
			if (p[o] == 'R' && p[o + 1] == 'S' && p[o + 2] == 'D' &&
			    p[o + 3] == ' ' && p[o + 4] == 'P' && p[o + 5] == 'T' &&
			    p[o + 6] == 'R' && p[o + 7] == ' ') {
				*where = (f << 12) + o;
				return true;
			}
		}
	}
	return false;
}

static void dom0_memory(void)
{
	static struct e820 e[64];
	struct xen_memory_map map = { .nr_entries = 64 };
	domid_t self = DOMID_SELF, zero = 0, none = 77;
	bool ioapic_reserved = false;
	unsigned long rsdp = 0;
	long max;

	set_xen_guest_handle(map.buffer, e);
	rt_expect(memop(XENMEM_machine_memory_map, &map), 0);
	rt_check(map.nr_entries >= 3 && e[0].addr == 0 && e[0].type == E820_RAM,
		 "machine map: %u entries, first [%#lx +%#lx] type %u",
		 map.nr_entries, e[0].addr, e[0].size, e[0].type);
	for (unsigned int i = 0; i < map.nr_entries; i++) {
		rt_printf("dom0: machine map [%#lx, %#lx) type %u\n", e[i].addr,
			  e[i].addr + e[i].size, e[i].type);
		if (e[i].addr <= 0xfec00000UL && e[i].addr + e[i].size > 0xfec00000UL)
			ioapic_reserved = e[i].type == E820_RESERVED;
	}
	rt_check(ioapic_reserved, "the I/O APIC page is not reserved in the "
		 "machine map");
	map.nr_entries = 1;
	rt_expect(memop(XENMEM_machine_memory_map, &map), -XEN_EINVAL);

	max = memop(XENMEM_maximum_reservation, &self);
	rt_check(max >= (long)rt_start_info->nr_pages, "maximum_reservation %ld "
		 "below nr_pages %lu", max, rt_start_info->nr_pages);
	rt_expect(memop(XENMEM_maximum_reservation, &zero), max);
	rt_expect(memop(XENMEM_current_reservation, &none), -XEN_ESRCH);

	/* Identity mappings of I/O frames: the ACPI RSDP in the BIOS. */
	rt_check(find_rsdp(&rsdp), "no ACPI RSDP found through identity maps of "
		 "0xe0000-0xfffff");
	rt_printf("dom0: RSDP at %#lx through an identity mapping\n", rsdp);
	/* Cache attributes are an I/O-capable domain's right. */
	rt_expect(map_frame(BIOS_FRAME, 1 | PTE_PCD | PTE_PWT), 0);
	/* Never the hypervisor's RAM, nor its AP start-up page (which it
	 * keeps out of the I/O frames of 0-1 MiB). */
	rt_expect(map_frame(HV_RAM_FRAME, 1), -XEN_EBUSY);
	rt_expect(map_frame(HV_RAM_FRAME, 1 | PTE_RW), -XEN_EBUSY);
	rt_expect(map_frame(AP_START_FRAME, 1), -XEN_EBUSY);
	/* The I/O APIC and LAPIC: mapped read-only, a store dropped. */
	rt_expect(map_frame(IOAPIC_FRAME, 1 | PTE_RW), 0);
	rt_check(!(scratch_pte() & PTE_RW), "I/O APIC mapped writable: pte %#lx",
		 scratch_pte());
	*(volatile uint32_t *)scratch() = 0x10;          /* dropped, no fault */
	(void)*(volatile uint32_t *)(scratch() + 0x10);
	rt_expect(map_frame(LAPIC_FRAME, 1 | PTE_RW), 0);
	rt_check(!(scratch_pte() & PTE_RW), "LAPIC mapped writable: pte %#lx",
		 scratch_pte());
	*(volatile uint32_t *)(scratch() + 0xb0) = 0;    /* EOI: dropped */
	unmap_scratch();
}

static void dom0_ports(void)
{
	struct physdev_set_iopl iopl = { 1 };
	uint8_t d, a, lsr, pic;
	uint32_t id;

	rt_expect(physop(PHYSDEVOP_set_iopl, &iopl), 0);
	/* The hypervisor's UART, PIC and QEMU's exit port: denied. */
	lsr = inb(0x3fd);
	pic = inb(0x21);
	rt_check(lsr == 0xff, "UART LSR read %#x, expected all-ones (denied)", lsr);
	rt_check(pic == 0xff, "PIC mask read %#x, expected all-ones (denied)", pic);
	rt_check(inb(0x43) == 0xff, "PIT port readable");
	outb(0xf4, 0x10);           /* would end QEMU if it got through */
	/* The RTC through the latched index: real registers. */
	outb(0x70, 0x0d);
	rt_check(inb(0x70) == 0x0d, "RTC index latch reads %#x", inb(0x70));
	d = inb(0x71);
	outb(0x70, 0x0a);
	a = inb(0x71);
	rt_check(d == 0x80 && a != 0xff, "RTC status D %#x (expected 0x80), A %#x",
		 d, a);
	rt_printf("dom0: RTC status A %#x D %#x\n", a, d);
	/* A permitted port reaches the hardware: the host bridge's id. */
	outl(0xcf8, 0x80000000);
	id = inl(0xcfc);
	rt_check((id & 0xffff) == 0x8086, "PCI 00:00.0 id %#x, expected Intel", id);
	rt_printf("dom0: PCI 00:00.0 is %04x:%04x\n", id & 0xffff, id >> 16);
}

static void dom0_platform(void)
{
	struct xen_platform_op op = { .cmd = XENPF_firmware_info };
	struct physdev_apic apic = { .apic_physbase = 0xfec00000, .reg = 1 };
	struct physdev_pci_device_add add = { .bus = 0, .devfn = 0 };

	op.u.firmware_info.type = XEN_FW_EFI_INFO;
	rt_check(platform(&op) < 0, "firmware_info EFI_INFO succeeded: Linux "
		 "would think it was EFI-booted");
	op.u.firmware_info.type = XEN_FW_DISK_INFO;
	rt_expect(platform(&op), -XEN_ESRCH);
	op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
	rt_expect(platform(&op), 0);
	op.interface_version = 0x03000000;
	rt_expect(platform(&op), -XEN_EACCES);
	memset(&op, 0, sizeof(op));
	op.cmd = XENPF_get_cpuinfo;
	rt_expect(platform(&op), 0);
	rt_check(op.u.pcpu_info.flags == XEN_PCPU_FLAGS_ONLINE,
		 "CPU 0 flags %#x", op.u.pcpu_info.flags);
	op.u.pcpu_info.xen_cpuid = 200;
	op.interface_version = 0;
	rt_expect(platform(&op), 0);
	rt_check(op.u.pcpu_info.flags == XEN_PCPU_FLAGS_INVALID,
		 "CPU 200 flags %#x", op.u.pcpu_info.flags);
	memset(&op, 0, sizeof(op));
	op.cmd = XENPF_settime64;
	op.u.settime64.mbz = 1;
	rt_expect(platform(&op), -XEN_EINVAL);
	op.u.settime64.mbz = 0;
	op.u.settime64.secs = 1800000000;
	op.u.settime64.system_time = rt_system_time(
		&rt_map_shared_info()->vcpu_info[0].time);
	op.interface_version = 0;
	rt_expect(platform(&op), 0);
	memset(&op, 0, sizeof(op));
	op.cmd = XENPF_enter_acpi_sleep;
	rt_expect(platform(&op), -XEN_ENOSYS);
	rt_expect(HYPERCALL2(48, 0, 0), -XEN_ENOSYS);             /* mca */

	/* The real I/O APIC behind PHYSDEVOP_apic_read. */
	rt_expect(physop(PHYSDEVOP_apic_read, &apic), 0);
	rt_check((apic.value & 0xff) >= 0x10 && apic.value != ~0u,
		 "I/O APIC version register %#x", apic.value);
	rt_printf("dom0: I/O APIC version %#x, %u pins\n", apic.value & 0xff,
		  ((apic.value >> 16) & 0xff) + 1);
	apic.apic_physbase = 0xfed00000;
	rt_expect(physop(PHYSDEVOP_apic_read, &apic), -XEN_EINVAL);
	rt_expect(physop(PHYSDEVOP_pci_device_add, &add), 0);
}

static void dom0_events(void)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = DOMID_SELF };
	struct evtchn_bind_virq cv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
	char buf[16];

	/* Linux's local xenstore channel (XS_LOCAL). */
	rt_expect(HYPERCALL2(__HYPERVISOR_event_channel_op,
			     EVTCHNOP_alloc_unbound, &au), 0);
	rt_check(au.port > 0, "alloc_unbound(self, self) port %u", au.port);
	/* Serial input: dom0 has the focus; nothing typed, nothing read. */
	rt_expect(HYPERCALL2(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
			     &cv), 0);
	rt_expect(HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_read,
			     sizeof(buf), buf), 0);
}

#define RTC_GSI      8           /* ISA IRQ 8, no override on QEMU's pc */
#define RTC_VECTOR   0x38        /* the hypervisor's vector for GSI 8 */
#define RTE_MASK     (1u << 16)
#define RTE_LEVEL    (1u << 15)

static long evop(unsigned int cmd, void *arg)
{
	return HYPERCALL2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	outb(0x70, reg);
	outb(0x71, v);
}

/* The low dword of a GSI's RTE, read back through PHYSDEVOP_apic_read. */
static uint32_t rte(unsigned int gsi)
{
	struct physdev_apic a = { .apic_physbase = 0xfec00000,
				  .reg = 0x10 + 2 * gsi };

	rt_expect(physop(PHYSDEVOP_apic_read, &a), 0);
	return a.value;
}

/*
 * Has port become pending within ms milliseconds of system time? Clears
 * it. (A bound for liveness: the RTC ticks at 1024 Hz.)
 */
static bool port_within(uint32_t port, unsigned int ms)
{
	volatile struct shared_info *si = rt_map_shared_info();
	volatile struct vcpu_time_info *t = &si->vcpu_info[0].time;
	uint64_t end = rt_system_time(t) + ms * 1000000ull;
	volatile uint64_t *w = &si->evtchn_pending[port / 64];
	uint64_t bit = 1ull << (port % 64);

	while (rt_system_time(t) < end) {
		if (*w & bit) {
			__atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
			return true;
		}
		rt_yield();
	}
	return false;
}

static uint32_t bind_pirq(uint32_t pirq, uint32_t flags, long want)
{
	struct evtchn_bind_pirq b = { .pirq = pirq, .flags = flags };

	rt_expect(evop(EVTCHNOP_bind_pirq, &b), want);
	return b.port;
}

/*
 * The RTC's periodic interrupt (register B's PIE, 1024 Hz; the line
 * is lowered when register C is read) on GSI 8. Edge (the MADT's
 * mode): events keep coming with no PHYSDEVOP_eoi. Then level
 * (PHYSDEVOP_setup_gsi): the pin is masked when one arrives and
 * nothing more comes, however often the device raises the line, until
 * the EOI unmasks it.
 */
static void dom0_irq(void)
{
	struct physdev_map_pirq m = { .domid = DOMID_SELF,
				      .type = MAP_PIRQ_TYPE_GSI,
				      .index = RTC_GSI, .pirq = RTC_GSI };
	struct physdev_irq vec = { .irq = RTC_GSI };
	struct physdev_irq_status_query q = { .irq = RTC_GSI };
	struct physdev_setup_gsi g = { .gsi = RTC_GSI, .triggering = 1 };
	struct physdev_eoi eoi = { .irq = RTC_GSI };
	struct physdev_unmap_pirq um = { .domid = DOMID_SELF, .pirq = RTC_GSI };
	struct evtchn_status st = { .dom = DOMID_SELF };
	struct evtchn_close cl;
	unsigned int edge = 0, level = 0;
	uint32_t port;

	/* Refusals first: the hypervisor's IRQs, bad numbers. */
	m.index = m.pirq = 0;
	rt_expect(physop(PHYSDEVOP_map_pirq, &m), -XEN_EPERM);     /* timer */
	m.index = m.pirq = 24;
	rt_expect(physop(PHYSDEVOP_map_pirq, &m), -XEN_EINVAL);
	m.type = MAP_PIRQ_TYPE_MSI;
	rt_expect(physop(PHYSDEVOP_map_pirq, &m), -XEN_EINVAL);
	m.type = MAP_PIRQ_TYPE_GSI;
	for (int irq = 2; irq <= 4; irq += 2) {
		m.index = m.pirq = irq;
		rt_expect(physop(PHYSDEVOP_map_pirq, &m), 0);
		bind_pirq(irq, BIND_PIRQ__WILL_SHARE, -XEN_EBUSY);
	}
	bind_pirq(7, 0, -XEN_EPERM);                 /* not mapped */
	bind_pirq(NR_PIRQS_HINT, 0, -XEN_EINVAL);
	eoi.irq = 7;
	rt_expect(physop(PHYSDEVOP_eoi, &eoi), -XEN_EINVAL);
	eoi.irq = RTC_GSI;
	rt_expect(physop(PHYSDEVOP_pirq_eoi_gmfn_v2, &vec), -XEN_ENOSYS);
	g.gsi = 9;
	rt_expect(physop(PHYSDEVOP_setup_gsi, &g), 9);   /* the ACPI SCI */
	g.gsi = RTC_GSI;

	/* Map, vector, status, bind: the first binder unmasks the pin. */
	m.index = m.pirq = RTC_GSI;
	rt_check(rte(RTC_GSI) & RTE_MASK, "GSI 8 unmasked before any bind: "
		 "%#x", rte(RTC_GSI));
	m.pirq = -1;
	rt_expect(physop(PHYSDEVOP_map_pirq, &m), 0);
	rt_expect(m.pirq, RTC_GSI);
	rt_expect(physop(PHYSDEVOP_alloc_irq_vector, &vec), 0);
	rt_expect(vec.vector, RTC_GSI);
	rt_expect(physop(PHYSDEVOP_irq_status_query, &q), 0);
	rt_check(q.flags & XENIRQSTAT_needs_eoi, "irq_status flags %#x", q.flags);
	port = bind_pirq(RTC_GSI, 0, 0);
	bind_pirq(RTC_GSI, 0, -XEN_EEXIST);
	st.port = port;
	rt_expect(evop(EVTCHNOP_status, &st), 0);
	rt_check(st.status == EVTCHNSTAT_pirq && st.u.pirq == RTC_GSI,
		 "status %u pirq %u", st.status, st.u.pirq);
	rt_check((rte(RTC_GSI) & (RTE_MASK | RTE_LEVEL | 0xff)) == RTC_VECTOR,
		 "GSI 8 RTE after bind %#x, expected unmasked edge vector %#x",
		 rte(RTC_GSI), RTC_VECTOR);
	rt_expect(physop(PHYSDEVOP_setup_gsi, &g), -XEN_EEXIST);   /* bound */

	/* Edge: periodic interrupts, acked by reading register C only. */
	cmos(0x0c);
	cmos_write(0x0b, cmos(0x0b) | 0x40);
	while (edge < 20 && port_within(port, 1000)) {
		edge++;
		cmos(0x0c);
	}
	rt_check(edge == 20, "edge: %u RTC interrupts without an EOI, "
		 "expected 20", edge);
	rt_check(!(rte(RTC_GSI) & RTE_MASK), "edge: pin masked after an "
		 "interrupt: %#x", rte(RTC_GSI));
	cl.port = port;
	rt_expect(evop(EVTCHNOP_close, &cl), 0);
	rt_check(rte(RTC_GSI) & RTE_MASK, "GSI 8 unmasked after close: %#x",
		 rte(RTC_GSI));

	/* Level: masked on arrival until PHYSDEVOP_eoi. */
	rt_expect(physop(PHYSDEVOP_setup_gsi, &g), 0);
	rt_expect(physop(PHYSDEVOP_setup_gsi, &g), -XEN_EEXIST);
	cmos(0x0c);
	port = bind_pirq(RTC_GSI, BIND_PIRQ__WILL_SHARE, 0);
	for (unsigned int i = 0; i < 10; i++) {
		if (!port_within(port, 1000))
			break;
		cmos(0x0c);     /* the device lowers its line ... */
		rt_check(rte(RTC_GSI) & RTE_MASK, "level: pin unmasked before "
			 "the EOI: %#x", rte(RTC_GSI));
		/* ... and raises it again each tick: still nothing. */
		rt_check(!port_within(port, 10), "level: an interrupt before "
			 "the EOI");
		rt_expect(physop(PHYSDEVOP_eoi, &eoi), 0);
		level++;
	}
	rt_check(level == 10, "level: %u interrupts with EOIs, expected 10",
		 level);
	rt_check(rte(RTC_GSI) & RTE_LEVEL, "GSI 8 not level: %#x", rte(RTC_GSI));
	cmos_write(0x0b, cmos(0x0b) & ~0x40);
	cmos(0x0c);
	cl.port = port;
	rt_expect(evop(EVTCHNOP_close, &cl), 0);
	rt_expect(physop(PHYSDEVOP_unmap_pirq, &um), 0);
	rt_expect(physop(PHYSDEVOP_unmap_pirq, &um), -XEN_EINVAL);
	rt_printf("dom0: RTC on pirq 8: %u edge interrupts, %u level ones each "
		  "held masked until PHYSDEVOP_eoi\n", edge, level);
}

/* A domU: every physical-IRQ command refused, as Xen. */
static void domu_irq(void)
{
	struct physdev_map_pirq m = { .domid = DOMID_SELF,
				      .type = MAP_PIRQ_TYPE_GSI,
				      .index = RTC_GSI, .pirq = RTC_GSI };
	struct physdev_unmap_pirq um = { .domid = DOMID_SELF, .pirq = RTC_GSI };
	struct physdev_irq vec = { .irq = RTC_GSI };
	struct physdev_setup_gsi g = { .gsi = RTC_GSI };
	struct physdev_eoi eoi = { .irq = RTC_GSI };
	struct physdev_irq_status_query q = { .irq = NR_PIRQS_HINT };

	rt_expect(physop(PHYSDEVOP_map_pirq, &m), -XEN_EPERM);
	rt_expect(physop(PHYSDEVOP_unmap_pirq, &um), -XEN_EPERM);
	rt_expect(physop(PHYSDEVOP_alloc_irq_vector, &vec), -XEN_EPERM);
	rt_expect(physop(PHYSDEVOP_setup_gsi, &g), -XEN_EPERM);
	rt_expect(physop(PHYSDEVOP_eoi, &eoi), -XEN_EINVAL);
	rt_expect(physop(PHYSDEVOP_irq_status_query, &q), -XEN_EINVAL);
	bind_pirq(RTC_GSI, 0, -XEN_EPERM);
	bind_pirq(4, 0, -XEN_EPERM);
}

/* Was port pending? Clears it. */
static bool take_pending(uint32_t port)
{
	volatile struct shared_info *si = rt_map_shared_info();
	uint64_t bit = 1ull << (port % 64);

	return __atomic_fetch_and(&si->evtchn_pending[port / 64], ~bit,
				  __ATOMIC_SEQ_CST) & bit;
}

static void expect_status(uint32_t port, uint32_t status, domid_t dom,
			  uint32_t peer)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

	rt_expect(evop(EVTCHNOP_status, &st), 0);
	rt_check(st.status == status && st.u.interdomain.dom == dom &&
		 (status != EVTCHNSTAT_interdomain ||
		  st.u.interdomain.port == peer),
		 "port %u: status %u dom %u port %u, expected %u dom %u port %u",
		 port, st.status, st.u.interdomain.dom, st.u.interdomain.port,
		 status, dom, peer);
}

static long send_port(uint32_t port)
{
	struct evtchn_send snd = { .port = port };

	return evop(EVTCHNOP_send, &snd);
}

/*
 * An interdomain channel whose two ends are dom0's (xenstored's link to
 * the kernel, ABI-DOM0 §6.5), the remote end named `name` (DOMID_SELF
 * or 0): events cross, a close leaves the other end unbound, offered to
 * dom0 again, and it binds again.
 */
static void self_channel(domid_t name)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = DOMID_SELF };
	struct evtchn_bind_interdomain bi = { .remote_dom = name };
	struct evtchn_close cl;
	uint32_t u, l;

	rt_expect(evop(EVTCHNOP_alloc_unbound, &au), 0);
	u = au.port;
	expect_status(u, EVTCHNSTAT_unbound, 0, 0);
	bi.remote_port = u;
	rt_expect(evop(EVTCHNOP_bind_interdomain, &bi), 0);
	l = bi.local_port;
	rt_check(l != u && l > 0, "self bind: local port %u, remote %u", l, u);
	expect_status(l, EVTCHNSTAT_interdomain, 0, u);
	expect_status(u, EVTCHNSTAT_interdomain, 0, l);
	/* As Xen, the new local end is raised at once. */
	rt_check(take_pending(l), "port %u not raised by its bind", l);
	take_pending(u);
	rt_expect(send_port(l), 0);
	rt_check(take_pending(u) && !take_pending(l), "send on %u: not "
		 "(only) on its peer %u", l, u);
	rt_expect(send_port(u), 0);
	rt_check(take_pending(l) && !take_pending(u), "send on %u: not "
		 "(only) on its peer %u", u, l);
	/* Bound already: a second bind to u is refused. */
	rt_expect(evop(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);
	cl.port = l;
	rt_expect(evop(EVTCHNOP_close, &cl), 0);
	expect_status(u, EVTCHNSTAT_unbound, 0, 0);
	rt_expect(send_port(u), 0);              /* unbound: dropped */
	rt_expect(evop(EVTCHNOP_bind_interdomain, &bi), 0);
	expect_status(bi.local_port, EVTCHNSTAT_interdomain, 0, u);
	cl.port = u;
	rt_expect(evop(EVTCHNOP_close, &cl), 0);
	expect_status(bi.local_port, EVTCHNSTAT_unbound, 0, 0);
	cl.port = bi.local_port;
	rt_expect(evop(EVTCHNOP_close, &cl), 0);
	take_pending(bi.local_port);
}

/*
 * Domain id waits for an event from dom0: nothing has gone yet. Wake it
 * through a port of its own offered to dom0, bound and sent; then
 * VIRQ_DOM_EXC must arrive once it has powered off or crashed; false
 * (a failure) if it does not.
 */
static bool wake_and_watch(domid_t id, uint32_t dom_exc)
{
	struct evtchn_alloc_unbound au = { .dom = id, .remote_dom = DOMID_SELF };
	struct evtchn_bind_interdomain bi = { .remote_dom = id };

	rt_check(memop(XENMEM_current_reservation, &id) > 0,
		 "domain %u not running before dom0 woke it", id);
	rt_check(!take_pending(dom_exc), "VIRQ_DOM_EXC before domain %u went",
		 id);
	rt_expect(evop(EVTCHNOP_alloc_unbound, &au), 0);
	bi.remote_port = au.port;
	rt_expect(evop(EVTCHNOP_bind_interdomain, &bi), 0);
	rt_expect(send_port(bi.local_port), 0);
	if (!port_within(dom_exc, 20000)) {
		rt_fail("no VIRQ_DOM_EXC within 20 s of waking domain %u", id);
		return false;
	}
	rt_expect(memop(XENMEM_current_reservation, &id), -XEN_ESRCH);
	/* Its end closed with it: ours is unbound, offered to it. */
	expect_status(bi.local_port, EVTCHNSTAT_unbound, id, 0);
	rt_printf("dom0: VIRQ_DOM_EXC (port %u) when domain %u went\n",
		  dom_exc, id);
	return true;
}

/*
 * "virq" (issue 12 D6): VIRQ_DOM_EXC and VIRQ_CON_RING, dom0's alone,
 * and channels to itself. Domains 1 to "peers=N" ("virq-peer") wait for
 * an event from dom0, then power off (or crash, "crash"): VIRQ_DOM_EXC
 * must follow each. Then, once the log is quiet, a console line raises
 * VIRQ_CON_RING.
 */
static void dom0_virq(void)
{
	struct evtchn_bind_virq x = { .virq = VIRQ_DOM_EXC, .vcpu = 1 };
	struct evtchn_bind_virq c = { .virq = VIRQ_CON_RING };
	struct evtchn_status st = { .dom = DOMID_SELF };
	long peers = rt_cmdline_number("peers");
	uint32_t dom_exc, con_ring;
	unsigned int busy = 0;

	rt_check(peers >= 1, "virq: peers=%ld", peers);
	rt_expect(evop(EVTCHNOP_bind_virq, &x), -XEN_EINVAL);  /* global */
	x.vcpu = 0;
	rt_expect(evop(EVTCHNOP_bind_virq, &x), 0);
	dom_exc = x.port;
	rt_expect(evop(EVTCHNOP_bind_virq, &x), -XEN_EEXIST);
	rt_expect(evop(EVTCHNOP_bind_virq, &c), 0);
	con_ring = c.port;
	rt_expect(evop(EVTCHNOP_bind_virq, &c), -XEN_EEXIST);
	st.port = dom_exc;
	rt_expect(evop(EVTCHNOP_status, &st), 0);
	rt_check(st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_DOM_EXC &&
		 st.vcpu == 0, "DOM_EXC port %u: status %u virq %u vcpu %u",
		 dom_exc, st.status, st.u.virq, st.vcpu);

	self_channel(DOMID_SELF);
	self_channel(0);
	rt_printf("dom0: channels to itself: events cross both ways\n");

	/* Each peer (1, 2, ...) waits for us; wake them one by one. */
	for (domid_t id = 1; id <= peers; id++)
		if (!wake_and_watch(id, dom_exc))
			return;     /* dom0's poweroff ends the machine */

	/* The log ring: quiet first (what came before has been told). */
	while (port_within(con_ring, 200))
		rt_check(++busy < 50, "the log never went quiet for 200 ms");
	rt_printf("dom0: a line for the log ring\n");
	rt_check(port_within(con_ring, 5000), "no VIRQ_CON_RING within 5 s "
		 "of a logged console line");
	rt_printf("dom0: VIRQ_CON_RING (port %u) after a logged line\n",
		  con_ring);
}

/* "virq-peer": the global VIRQs refused; power off (or with "crash",
 * crash) once dom0 sends. */
static void domu_virq_peer(void)
{
	volatile struct shared_info *si = rt_map_shared_info();
	volatile struct vcpu_time_info *t = &si->vcpu_info[0].time;
	struct evtchn_bind_virq b = { .virq = VIRQ_DOM_EXC };
	uint64_t end = rt_system_time(t) + 60000000000ull;
	int port = -1;

	rt_expect(evop(EVTCHNOP_bind_virq, &b), -XEN_EBUSY);
	b.virq = VIRQ_CON_RING;
	rt_expect(evop(EVTCHNOP_bind_virq, &b), -XEN_EBUSY);
	while (port < 0 && rt_system_time(t) < end) {
		for (unsigned int p = 1; p < 256 && port < 0; p++)
			if (p != rt_start_info->console.domU.evtchn &&
			    p != rt_start_info->store_evtchn &&
			    (si->evtchn_pending[p / 64] >> (p % 64) & 1))
				port = (int)p;      /* not the hypervisor's */
		rt_yield();
	}
	rt_check(port > 0, "no event from dom0 within 60 s");
	rt_printf("virq-peer: woken by dom0 on port %d\n", port);
	if (rt_cmdline_has("crash")) {
		rt_printf("virq-peer: ud2 with no trap table\n");
		asm volatile("ud2");
	}
}

/* Wait (yielding) until domain id is gone: its reservation is -ESRCH. */
static void wait_for(domid_t id)
{
	for (unsigned long i = 0; i < 2000000; i++) {
		if (memop(XENMEM_current_reservation, &id) == -XEN_ESRCH)
			return;
		rt_yield();
	}
	rt_fail("domain %u still runs", id);
}

static void as_dom0(void)
{
	start_info_t *si = rt_start_info;
	long peer = rt_cmdline_number("peer");

	rt_check((si->flags & (SIF_INITDOMAIN | SIF_PRIVILEGED)) ==
		 (SIF_INITDOMAIN | SIF_PRIVILEGED), "start_info flags %#x", si->flags);
	rt_check(!si->store_mfn && !si->store_evtchn, "store mfn %#lx evtchn %u",
		 si->store_mfn, si->store_evtchn);
	rt_check(!si->console.dom0.info_off && !si->console.dom0.info_size,
		 "console.dom0 %u/%u", si->console.dom0.info_off,
		 si->console.dom0.info_size);
	dom0_memory();
	dom0_ports();
	dom0_platform();
	dom0_events();
	dom0_irq();
	if (peer > 0) {
		domid_t p = (domid_t)peer;
		long r = memop(XENMEM_current_reservation, &p);

		/* A privileged domain may ask about another one. */
		rt_check(r > 0 || r == -XEN_ESRCH, "current_reservation of "
			 "domain %u: %ld", p, r);
		wait_for(p);
	}
}

static void as_domu(void)
{
	static struct e820 e[8];
	struct xen_memory_map map = { .nr_entries = 8 };
	struct xen_platform_op op = { .cmd = XENPF_get_cpuinfo };
	struct physdev_apic apic = { .apic_physbase = 0xfec00000, .reg = 1 };
	struct physdev_pci_device_add add = { .bus = 0 };
	struct physdev_set_iopl iopl = { 1 };
	struct evtchn_alloc_unbound au = { .dom = 0, .remote_dom = DOMID_SELF };
	domid_t zero = 0;

	rt_check(!(rt_start_info->flags & (SIF_INITDOMAIN | SIF_PRIVILEGED)),
		 "a domU with start_info flags %#x", rt_start_info->flags);
	set_xen_guest_handle(map.buffer, e);
	rt_expect(memop(XENMEM_machine_memory_map, &map), -XEN_EPERM);
	rt_expect(platform(&op), -XEN_EPERM);
	op.interface_version = 1;
	rt_expect(platform(&op), -XEN_EACCES);
	rt_expect(HYPERCALL2(48, 0, 0), -XEN_ENOSYS);             /* mca */
	rt_expect(physop(PHYSDEVOP_apic_read, &apic), -XEN_EPERM);
	rt_expect(physop(PHYSDEVOP_pci_device_add, &add), -XEN_EPERM);
	/* No I/O memory at all, and no cache attributes. */
	rt_expect(map_frame(BIOS_FRAME, 1), -XEN_EPERM);
	rt_expect(map_frame(IOAPIC_FRAME, 1), -XEN_EPERM);
	rt_expect(map_frame(LAPIC_FRAME, 1), -XEN_EPERM);
	rt_expect(map_frame(0xfebc0, 1 | PTE_RW), -XEN_EPERM);
	rt_expect(map_frame(HV_RAM_FRAME, 1), -XEN_EBUSY);
	rt_expect(map_frame(rt_mfn(0), 1 | PTE_PCD), -XEN_EINVAL);
	domu_irq();
	/* Ports: nothing real; the RTC reads all-ones. */
	rt_expect(physop(PHYSDEVOP_set_iopl, &iopl), 0);
	outb(0x70, 0x0d);
	rt_check(inb(0x71) == 0xff, "a domU read the RTC: %#x", inb(0x71));
	outl(0xcf8, 0x80000000);
	rt_check(inl(0xcfc) == 0xffffffffu, "a domU read PCI config space");
	/* Another domain's memory and event channels. */
	if (rt_cmdline_has("beside-dom0")) {
		rt_expect(memop(XENMEM_maximum_reservation, &zero), -XEN_EPERM);
		rt_expect(HYPERCALL2(__HYPERVISOR_event_channel_op,
				     EVTCHNOP_alloc_unbound, &au), -XEN_EPERM);
	}
}

void test_main(void)
{
	if (rt_start_info->flags & SIF_INITDOMAIN) {
		if (rt_cmdline_has("reboot"))
			rt_finish(SHUTDOWN_reboot);    /* the machine resets */
		if (rt_cmdline_has("virq"))
			dom0_virq();
		else
			as_dom0();
	} else if (rt_cmdline_has("virq-peer")) {
		domu_virq_peer();
	} else {
		as_domu();
	}
}
