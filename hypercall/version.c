/* xen_version: which Xen ABI we speak, and the feature bits guests test. */
#include "types.h"
#include "errno.h"
#include "hypercall.h"
#include "lib.h"
#include "version.h"
#include "asm/layout.h"
#include "asm/uaccess.h"
#include <xen/features.h>
#include <xen/version.h>

/* The Xen release whose PV ABI we follow (Linux prints it). */
#define XEN_COMPAT_MAJOR 4
#define XEN_COMPAT_MINOR 17

/* Submap 0: what Linux requires, nothing that changes its paths. */
static uint32_t features_submap0(void)
{
	return (1u << XENFEAT_mmu_pt_update_preserve_ad) |
	       (1u << XENFEAT_gnttab_map_avail_bits);
}

static long put(unsigned long dst, const void *src, size_t len)
{
	return copy_to_guest(dst, src, len) ? -EFAULT : 0;
}

/* The commands that write a structure to the guest at arg. */
static long __attribute__((noinline)) version_info(unsigned long cmd,
						   unsigned long arg)
{
	switch (cmd) {
	case XENVER_extraversion: {
		xen_extraversion_t ev = { 0 };

		strlcpy(ev, ".0-xenolith", sizeof(ev));
		return put(arg, ev, sizeof(ev));
	}
	case XENVER_compile_info: {
		struct xen_compile_info ci;

		memset(&ci, 0, sizeof(ci));
		strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
		strlcpy(ci.compile_by, "xenolith", sizeof(ci.compile_by));
		strlcpy(ci.compile_domain, "xenolith", sizeof(ci.compile_domain));
		strlcpy(ci.compile_date, "Xenolith " XENOLITH_VERSION,
			sizeof(ci.compile_date));
		return put(arg, &ci, sizeof(ci));
	}
	case XENVER_capabilities: {
		xen_capabilities_info_t caps = { 0 };

		strlcpy(caps, "xen-3.0-x86_64", sizeof(caps));
		return put(arg, caps, sizeof(caps));
	}
	case XENVER_changeset: {
		xen_changeset_info_t cs = { 0 };

		strlcpy(cs, "xenolith-" XENOLITH_VERSION, sizeof(cs));
		return put(arg, cs, sizeof(cs));
	}
	case XENVER_platform_parameters: {
		struct xen_platform_parameters pp = {
			.virt_start = HYPERVISOR_VIRT_START,
		};

		return put(arg, &pp, sizeof(pp));
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(&fi, arg, sizeof(fi)))
			return -EFAULT;
		fi.submap = fi.submap_idx == 0 ? features_submap0() : 0;
		return put(arg, &fi, sizeof(fi));
	}
	case XENVER_guest_handle: {
		uint8_t handle[16] = { 0 };

		return put(arg, handle, sizeof(handle));
	}
	default:
		return -ENOSYS;
	}
}

/*
 * XENVER_version is the null hypercall guests and benchmarks make (Linux
 * at boot, the bench's first row): answered before any frame is set up.
 */
HYPERCALL(xen_version)
{
	unsigned long cmd = a1, arg = a2;

	if (cmd == XENVER_version)
		return (XEN_COMPAT_MAJOR << 16) | XEN_COMPAT_MINOR;
	if (cmd == XENVER_pagesize)
		return PAGE_SIZE;
	return version_info(cmd, arg);
}
