/* Test kernel: start of day, console, version, and hostile hypercalls. */
#include "rt.h"
#include <xen/features.h>
#include <xen/version.h>
#include <xen/memory.h>
#include <xen/physdev.h>

#define HV_ADDRESS 0xffff830000000000UL   /* the hypervisor's direct map */

void test_main(void)
{
	start_info_t *si = rt_start_info;
	struct xen_feature_info fi = { .submap_idx = 0 };
	char extra[16];
	const char *m = "xen-3.0-x86_64";

	rt_printf("boot_console: start_info at %p, %lu pages\n", (void *)si,
		  si->nr_pages);
	for (int i = 0; m[i]; i++)
		rt_check(si->magic[i] == m[i], "start_info magic is \"%s\", "
			 "expected \"%s\"", si->magic, m);
	rt_printf("boot_console: command line \"%s\"\n", (char *)si->cmd_line);
	rt_check(rt_cmdline_number("pages") > 0, "no pages=N on the command line "
		 "\"%s\"", (char *)si->cmd_line);
	rt_check((long)si->nr_pages == rt_cmdline_number("pages"),
		 "nr_pages %lu, expected %ld", si->nr_pages, rt_cmdline_number("pages"));
	rt_check(si->shared_info && !(si->shared_info & 0xfff),
		 "shared_info machine address %#lx", si->shared_info);
	rt_check(si->pt_base >= 0xffffffff80000000UL,
		 "pt_base %#lx outside the kernel's region", si->pt_base);
	rt_check(si->nr_pt_frames >= 4, "nr_pt_frames %lu", si->nr_pt_frames);

	/* xen_version as Linux asks for it. */
	long v = HYPERCALL2(__HYPERVISOR_xen_version, XENVER_version, 0);
	rt_check(v >> 16 == 4, "XENVER_version %#lx, expected 4.x", v);
	rt_expect(HYPERCALL2(__HYPERVISOR_xen_version, XENVER_extraversion, extra), 0);
	rt_expect(HYPERCALL2(__HYPERVISOR_xen_version, XENVER_get_features, &fi), 0);
	rt_check(fi.submap & (1u << XENFEAT_mmu_pt_update_preserve_ad),
		 "get_features submap %#x lacks mmu_pt_update_preserve_ad", fi.submap);
	rt_check(fi.submap & (1u << XENFEAT_gnttab_map_avail_bits),
		 "get_features submap %#x lacks gnttab_map_avail_bits", fi.submap);
	rt_expect(HYPERCALL2(__HYPERVISOR_xen_version, XENVER_pagesize, 0), 4096);
	rt_printf("boot_console: Xen %ld.%ld%s\n", v >> 16, v & 0xffff, extra);

	/* memory_op and physdev_op as Linux uses them. */
	struct xen_machphys_mapping mm;
	struct { unsigned long addr, size; unsigned int type; } __attribute__((packed)) e820[2];
	struct xen_memory_map map = { .nr_entries = 2 };
	domid_t self = DOMID_SELF, other = 5;

	set_xen_guest_handle(map.buffer, e820);
	rt_expect(HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_machphys_mapping, &mm), 0);
	rt_check(mm.v_start == 0xffff800000000000UL && mm.v_end > mm.v_start,
		 "machphys_mapping [%#lx, %#lx)", mm.v_start, mm.v_end);
	rt_expect(HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_memory_map, &map), 0);
	rt_check(map.nr_entries == 1 && e820[0].addr == 0 && e820[0].type == 1 &&
		 e820[0].size == si->nr_pages * 4096, "memory_map: %u entries, "
		 "first [%#lx +%#lx] type %u", map.nr_entries, e820[0].addr,
		 e820[0].size, e820[0].type);
	rt_expect(HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_current_reservation,
			     &self), (long)si->nr_pages + 1);
	/* No domain 5 (Xen's rcu_lock_domain_by_any_id fails first). */
	rt_expect(HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_current_reservation,
			     &other), -XEN_ESRCH);
	rt_check(HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_maximum_ram_page, 0) >
		 (long)si->nr_pages, "maximum_ram_page too small");
	rt_expect(HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_memory_map, HV_ADDRESS),
		  -XEN_EFAULT);
	map.nr_entries = 1;
	set_xen_guest_handle(map.buffer, (void *)HV_ADDRESS);
	rt_expect(HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_memory_map, &map),
		  -XEN_EFAULT);
	map.nr_entries = 0;
	rt_expect(HYPERCALL2(__HYPERVISOR_memory_op, XENMEM_memory_map, &map),
		  -XEN_EINVAL);
	rt_expect(HYPERCALL2(__HYPERVISOR_memory_op, 9999, 0), -XEN_ENOSYS);
	struct physdev_set_iopl iopl = { 1 };
	rt_expect(HYPERCALL2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &iopl), 0);
	iopl.iopl = 4;
	rt_expect(HYPERCALL2(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl, &iopl),
		  -XEN_EINVAL);

	/* Hostile: numbers past the table and empty slots. */
	rt_expect(HYPERCALL2(1000, 0, 0), -XEN_ENOSYS);
	rt_expect(HYPERCALL2(~0UL, 0, 0), -XEN_ENOSYS);
	rt_expect(HYPERCALL2(__HYPERVISOR_xen_version, 0x7fff, 0), -XEN_ENOSYS);
	/* Hostile: bad guest pointers for every pointer argument used here. */
	rt_expect(HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_write, 16, HV_ADDRESS),
		  -XEN_EFAULT);
	rt_expect(HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_write, 16,
			     0x8000000000000000UL), -XEN_EFAULT);
	rt_expect(HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_write, 16, 0x1000),
		  -XEN_EFAULT);           /* unmapped */
	rt_expect(HYPERCALL3(__HYPERVISOR_console_io, CONSOLEIO_write, 0x10,
			     0xffff7ffffffffff8UL), -XEN_EFAULT); /* runs into hv */
	rt_expect(HYPERCALL2(__HYPERVISOR_xen_version, XENVER_extraversion,
			     HV_ADDRESS), -XEN_EFAULT);
	rt_expect(HYPERCALL2(__HYPERVISOR_xen_version, XENVER_get_features,
			     HV_ADDRESS + 0x1000), -XEN_EFAULT);
	rt_expect(HYPERCALL2(__HYPERVISOR_xen_version, XENVER_compile_info,
			     si->pt_base), -XEN_EFAULT);   /* read-only page table */
	rt_expect(HYPERCALL2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, HV_ADDRESS),
		  -XEN_EFAULT);
	rt_expect(HYPERCALL2(__HYPERVISOR_sched_op, 99, 0), -XEN_ENOSYS);
	rt_expect(HYPERCALL3(__HYPERVISOR_console_io, 77, 0, 0), -XEN_ENOSYS);
}
