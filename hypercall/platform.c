/* platform_op: the hardware domain's platform requests (Xen's do_platform_op), answered or refused. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "hypercall.h"
#include "lib.h"
#include "log.h"
#include "asm/layout.h"
#include "asm/percpu.h"
#include "asm/pv.h"
#include "asm/smp.h"
#include "asm/uaccess.h"
#include <xen/platform.h>

/* The BIOS data area's keyboard shift flags (0x417), as GRUB left them. */
#define BDA_KBD_SHIFT_FLAGS 0x417

/*
 * XENPF_firmware_info. Xenolith gathers no BIOS EDD or VBE DDC data
 * (Xen does it in real mode before it starts): every index is past the
 * end, -ESRCH, which ends Linux's loops at index 0. The EFI information
 * is -ENOSYS, as Xen built without EFI: Linux must learn it was not
 * EFI-booted (a 0 here would make it think it was). The shift flags are
 * read from the BIOS data area.
 */
static long firmware_info(struct xenpf_firmware_info *fw, bool *copy_back)
{
	switch (fw->type) {
	case XEN_FW_DISK_INFO:
	case XEN_FW_DISK_MBR_SIGNATURE:
	case XEN_FW_VBEDDC_INFO:
		return -ESRCH;
	case XEN_FW_EFI_INFO:
		return -ENOSYS;
	case XEN_FW_KBD_SHIFT_FLAGS:
		if (fw->index)
			return -EINVAL;
		fw->u.kbd_shift_flags =
			*(const volatile uint8_t *)maddr_to_virt(BDA_KBD_SHIFT_FLAGS);
		*copy_back = true;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * XENPF_get_cpuinfo: physical CPU xen_cpuid by the hypervisor's number.
 * Absent numbers are flagged INVALID (still 0, as Xen). acpi_id is the
 * CPU's number: CPUs are numbered in MADT order, which on QEMU is the
 * ACPI processor UID order.
 */
static long get_cpuinfo(struct xenpf_pcpuinfo *p)
{
	unsigned int last = 0;

	for (unsigned int c = 0; c < SMP_MAX_CPUS; c++)
		if (cpu_online_mask & (1ULL << c))
			last = c;
	p->max_present = last;
	p->flags = 0;
	p->apic_id = p->acpi_id = 0;
	if (p->xen_cpuid >= SMP_MAX_CPUS ||
	    !(cpu_online_mask & (1ULL << p->xen_cpuid))) {
		p->flags = XEN_PCPU_FLAGS_INVALID;
		return 0;
	}
	p->flags = XEN_PCPU_FLAGS_ONLINE;
	p->apic_id = cpu_info_of(p->xen_cpuid)->apic_id;
	p->acpi_id = p->xen_cpuid;
	return 0;
}

static const char *op_name(uint32_t cmd)
{
	switch (cmd) {
	case XENPF_settime32: return "settime32";
	case XENPF_settime64: return "settime64";
	case XENPF_firmware_info: return "firmware_info";
	case XENPF_enter_acpi_sleep: return "enter_acpi_sleep";
	case XENPF_set_processor_pminfo: return "set_processor_pminfo";
	case XENPF_get_cpuinfo: return "get_cpuinfo";
	case XENPF_core_parking: return "core_parking";
	case XENPF_microcode_update: return "microcode_update";
	case XENPF_efi_runtime_call: return "efi_runtime_call";
	default: return "?";
	}
}

/*
 * The version is checked first (-EACCES), then the privilege (-EPERM for
 * any domain but the privileged one, Xen's XSM_PRIV), as Xen. settime
 * sets every domain's wallclock (Xen's do_settime). What Xenolith does
 * not do (processor power
 * management, ACPI sleep, microcode, memory types, EFI runtime calls,
 * CPU/memory hotplug, core parking) is -ENOSYS, never a silent 0.
 */
HYPERCALL(platform_op)
{
	struct domain *d = current_vcpu()->domain;
	unsigned long arg = a1;
	struct xen_platform_op op;
	bool copy_back = false;
	long rc;

	if (copy_from_guest(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;
	if (!d->is_privileged) {
		printk(KERN_DEBUG "d%u: platform_op %s (%u) refused: not "
		       "privileged\n", d->domain_id, op_name(op.cmd), op.cmd);
		return -EPERM;
	}
	switch (op.cmd) {
	case XENPF_settime32:
		pv_settime(op.u.settime32.secs, op.u.settime32.nsecs,
			   op.u.settime32.system_time);
		rc = 0;
		break;
	case XENPF_settime64:
		if (op.u.settime64.mbz) {
			rc = -EINVAL;
			break;
		}
		pv_settime(op.u.settime64.secs, op.u.settime64.nsecs,
			   op.u.settime64.system_time);
		rc = 0;
		break;
	case XENPF_firmware_info:
		rc = firmware_info(&op.u.firmware_info, &copy_back);
		break;
	case XENPF_get_cpuinfo:
		rc = get_cpuinfo(&op.u.pcpu_info);
		copy_back = true;
		break;
	case XENPF_set_processor_pminfo:
		switch (op.u.set_pminfo.type) {
		case XEN_PM_CX:
		case XEN_PM_PX:
		case XEN_PM_PDC:
			rc = -ENOSYS;     /* no processor power management */
			break;
		default:
			rc = -EINVAL;
		}
		break;
	default:
		rc = -ENOSYS;
	}
	if (rc)
		printk(KERN_DEBUG "d%u: platform_op %s (%u): %ld\n", d->domain_id,
		       op_name(op.cmd), op.cmd, rc);
	if (!rc && copy_back && copy_to_guest(arg, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}
