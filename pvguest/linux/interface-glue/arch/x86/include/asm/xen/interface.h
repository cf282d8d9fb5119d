/* Xenolith glue: Linux's asm/xen/interface.h, over our include/xen headers. */
#ifndef _ASM_X86_XEN_INTERFACE_H
#define _ASM_X86_XEN_INTERFACE_H

/*
 * scripts/linux-build puts this file in place of Linux's own
 * arch/x86/include/asm/xen/interface.h in the build tree (never in the
 * Debian package). The ABI itself (handles, xen_pfn_t, trap_info,
 * cpu_user_regs, vcpu_guest_context, arch_shared_info, the selectors and
 * the address-space layout) comes from Xenolith's arch-x86_64.h, which the
 * build tree carries as include/xen/interface/arch-x86_64.h. What is left
 * here is what only Linux spells this way.
 */
#include <xen/interface/arch-x86_64.h>

/*
 * Linux's names for guest handles. Xen's header declares a handle for
 * "foo_t" with DEFINE_XEN_GUEST_HANDLE(foo_t); Linux's for "struct foo"
 * with DEFINE_GUEST_HANDLE_STRUCT(foo). Both are the same 8-byte pointer
 * wrapper from arch-x86_64.h; Linux only ever fills them through
 * set_xen_guest_handle(), which arch-x86_64.h defines.
 */
#define __DEFINE_GUEST_HANDLE(name, type)  __DEFINE_XEN_GUEST_HANDLE(name, type)
#define DEFINE_GUEST_HANDLE_STRUCT(name)   __DEFINE_XEN_GUEST_HANDLE(name, struct name)
#define DEFINE_GUEST_HANDLE(name)          DEFINE_XEN_GUEST_HANDLE(name)
#define GUEST_HANDLE(name)                 XEN_GUEST_HANDLE(name)

/* Linux's pvclock structures, which its time code reads vcpu_info.time as. */
#include <asm/pvclock-abi.h>

/* Linux's spelling of a callback address (64-bit: the rip alone). */
#define XEN_CALLBACK(cs, rip)  ((unsigned long)(rip))

/* The forced-emulation prefix (ud2a; .ascii "xen") before cpuid. */
#include <asm/emulate_prefix.h>
#define XEN_EMULATE_PREFIX __ASM_FORM(.byte __XEN_EMULATE_PREFIX ;)
#define XEN_CPUID          XEN_EMULATE_PREFIX __ASM_FORM(cpuid)

#endif /* _ASM_X86_XEN_INTERFACE_H */
