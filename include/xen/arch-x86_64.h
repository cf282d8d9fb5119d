/* x86-64 part of the PV ABI: handles, selectors, layout, register frames. */
#ifndef __XEN_PUBLIC_ARCH_X86_64_H__
#define __XEN_PUBLIC_ARCH_X86_64_H__

/*
 * Xen splits this into arch-x86/xen.h (common x86) and
 * arch-x86/xen-x86_64.h (64-bit only); we only speak 64-bit PV, so both
 * halves live here. Included by xen.h; usable from assembly (the
 * __ASSEMBLY__ parts are numbers only).
 */

#ifndef __ASSEMBLY__
#ifdef __KERNEL__
#include <linux/types.h>   /* Linux builds against these headers (README) */
#else
#include <stdint.h>
#endif
#endif

/* ---- guest handles ----------------------------------------------------
 * A guest handle is a guest virtual address the hypervisor copies through.
 * Wrapping the pointer in a one-member struct (8 bytes on x86-64) keeps it
 * from being dereferenced by accident. Every handle type also gets a
 * const_ variant.
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
	typedef struct { type *p; } __guest_handle_ ## name
#define __DEFINE_XEN_GUEST_HANDLE(name, type) \
	___DEFINE_XEN_GUEST_HANDLE(name, type); \
	___DEFINE_XEN_GUEST_HANDLE(const_ ## name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name)   __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)        __guest_handle_ ## name
#define XEN_GUEST_HANDLE(name)          __XEN_GUEST_HANDLE(name)
/* Handles are 64 bits wide already; the _64 spelling is the same type. */
#define XEN_GUEST_HANDLE_64(name)       XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle_raw(hnd, val) do { (hnd).p = (val); } while (0)
#define set_xen_guest_handle(hnd, val)  set_xen_guest_handle_raw(hnd, val)

#ifndef __ASSEMBLY__
/* Page frame numbers and register-sized values are 64 bits. */
typedef unsigned long xen_pfn_t;
#define PRI_xen_pfn   "lx"
#define PRI_xen_pfn_t "lx"
typedef unsigned long xen_ulong_t;
#define PRI_xen_ulong "lx"
/* 64-bit fields are naturally aligned on x86-64 already. */
typedef uint64_t uint64_aligned_t;
#endif

/* ---- segment selectors ---------------------------------------------------
 * The GDT entries from byte 0xe000 (page 14) on belong to the hypervisor.
 * Guest kernel and guest user both run in ring 3, so they share the ring-3
 * flat selectors; a 64-bit data segment is the null selector.
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

#define FLAT_RING3_CS32     0xe023  /* entry 0x1c04 */
#define FLAT_RING3_CS64     0xe033  /* entry 0x1c06 */
#define FLAT_RING3_DS32     0xe02b  /* entry 0x1c05 */
#define FLAT_RING3_DS64     0x0000
#define FLAT_RING3_SS32     0xe02b
#define FLAT_RING3_SS64     0xe02b

#define FLAT_KERNEL_DS64    FLAT_RING3_DS64
#define FLAT_KERNEL_DS32    FLAT_RING3_DS32
#define FLAT_KERNEL_DS      FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64    FLAT_RING3_CS64
#define FLAT_KERNEL_CS32    FLAT_RING3_CS32
#define FLAT_KERNEL_CS      FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64    FLAT_RING3_SS64
#define FLAT_KERNEL_SS32    FLAT_RING3_SS32
#define FLAT_KERNEL_SS      FLAT_KERNEL_SS64

#define FLAT_USER_DS64      FLAT_RING3_DS64
#define FLAT_USER_DS32      FLAT_RING3_DS32
#define FLAT_USER_DS        FLAT_USER_DS64
#define FLAT_USER_CS64      FLAT_RING3_CS64
#define FLAT_USER_CS32      FLAT_RING3_CS32
#define FLAT_USER_CS        FLAT_USER_CS64
#define FLAT_USER_SS64      FLAT_RING3_SS64
#define FLAT_USER_SS32      FLAT_RING3_SS32
#define FLAT_USER_SS        FLAT_USER_SS64

/*
 * The hypervisor's own ring-0 selectors (Xen keeps these in a private
 * header; no guest may load them). Spelled as in hv's asm/desc.h.
 */
#define __HYPERVISOR_CS64   0xe008
#define __HYPERVISOR_CS32   0xe038
#define __HYPERVISOR_DS64   0x0000
#define __HYPERVISOR_DS32   0xe010
#define __HYPERVISOR_CS     0xe008
#define __HYPERVISOR_DS     0xe010

/* ---- address-space layout ----------------------------------------------
 * L4 slots 256-271 are the hypervisor's in every guest; the read-only
 * machine-to-phys table (one unsigned long per MFN) starts the range.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000
#define __MACH2PHYS_SHIFT       3

#ifdef __ASSEMBLY__
#define mk_unsigned_long(x) x
#else
#define __mk_unsigned_long(x) x ## UL
#define mk_unsigned_long(x) __mk_unsigned_long(x)
#endif

/* Spelled as in hv's asm/layout.h so that both may be included. */
#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START   0xffff800000000000
#endif
#ifndef HYPERVISOR_VIRT_END
#define HYPERVISOR_VIRT_END     0xffff880000000000
#endif
#define MACH2PHYS_VIRT_START  mk_unsigned_long(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END    mk_unsigned_long(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES  \
	((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> __MACH2PHYS_SHIFT)

/* vCPUs whose vcpu_info sits in shared_info (more need register_vcpu_info). */
#define XEN_LEGACY_MAX_VCPUS  32
#define MAX_VIRT_CPUS         XEN_LEGACY_MAX_VCPUS

/* set_segment_base: which base the 64-bit guest sets. */
#define SEGBASE_FS           0
#define SEGBASE_GS_USER      1
#define SEGBASE_GS_KERNEL    2
#define SEGBASE_GS_USER_SEL  3  /* load user %gs selector, base from GDT/LDT */

/* trap_info.flags: bits 0-1 the DPL, bit 2 "mask events on entry". */
#define TI_GET_DPL(_ti)       ((_ti)->flags & 3)
#define TI_GET_IF(_ti)        ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if)   ((_ti)->flags |= ((!!(_if)) << 2))

/* vcpu_guest_context.flags */
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1 << _VGCF_i387_valid)
#define VGCF_I387_VALID                VGCF_i387_valid
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)
#define VGCF_IN_KERNEL                 VGCF_in_kernel
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                   5
#define VGCF_online                    (1 << _VGCF_online)
/* iret_context.flags: return with sysret semantics (rcx/r11 not restored). */
#define _VGCF_in_syscall               8
#define VGCF_in_syscall                (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL                VGCF_in_syscall

/* Guest CR3 values carry the frame number in bits 12 and up. */
#define xen_pfn_to_cr3(pfn)  ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3)  ((unsigned long)(cr3) >> 12)

#ifndef __ASSEMBLY__

/* One entry of set_trap_table's array; a zero address ends the array. */
struct trap_info {
	uint8_t       vector;   /* exception or interrupt vector */
	uint8_t       flags;    /* TI_* above */
	uint16_t      cs;       /* code selector of the handler */
	unsigned long address;  /* handler entry point */
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

/*
 * The frame the iret hypercall pops from the guest stack (lowest address
 * first). An RPL-3 cs returns to guest user mode, RPL 0 to guest kernel.
 */
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/* A 64-bit register readable by its r, e and 32-bit _e names. */
#if defined(__GNUC__) && !defined(__STRICT_ANSI__)
#define __DECL_REG(n) union { uint64_t r ## n, e ## n; uint32_t _e ## n; }
#else
#define __DECL_REG(n) uint64_t r ## n
#endif

/* A vCPU's general registers, as saved by the hypervisor (200 bytes). */
struct cpu_user_regs {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	__DECL_REG(bp);
	__DECL_REG(bx);
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	__DECL_REG(ax);
	__DECL_REG(cx);
	__DECL_REG(dx);
	__DECL_REG(si);
	__DECL_REG(di);
	uint32_t error_code;        /* private to the hypervisor */
	uint32_t entry_vector;      /* private to the hypervisor */
	__DECL_REG(ip);
	uint16_t cs, _pad0[1];
	uint8_t  saved_upcall_mask;
	uint8_t  _pad1[3];
	__DECL_REG(flags);          /* rflags.IF == !saved_upcall_mask */
	__DECL_REG(sp);
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);
#undef __DECL_REG

/* Where the event callback etc. go: a 64-bit rip (cs is implied). */
typedef unsigned long xen_callback_t;

/* A vCPU's whole state, for VCPUOP_initialise and domctl get/set. */
struct vcpu_guest_context {
	struct { char x[512]; } fpu_ctxt;   /* FXSAVE image */
	unsigned long flags;                /* VGCF_* */
	struct cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256];
	unsigned long ldt_base, ldt_ents;   /* LDT linear address, entries */
	unsigned long gdt_frames[16], gdt_ents;
	unsigned long kernel_ss, kernel_sp; /* stack_switch values */
	unsigned long ctrlreg[8];           /* cr3 as xen_pfn_to_cr3() */
	unsigned long debugreg[8];
	unsigned long event_callback_eip;
	unsigned long failsafe_callback_eip;
	union {
		unsigned long syscall_callback_eip;
		struct {
			unsigned int event_callback_cs;    /* 32-bit PV only */
			unsigned int failsafe_callback_cs;
		};
	};
	unsigned long vm_assist;            /* VMASST_TYPE_* bits */
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/* The x86 part of shared_info: how tools find the guest's p2m. */
struct arch_shared_info {
	unsigned long max_pfn;                   /* p2m entries */
	xen_pfn_t     pfn_to_mfn_frame_list_list;
	unsigned long nmi_reason;
	unsigned long p2m_cr3;                   /* cr3 of a linear p2m, or 0 */
	unsigned long p2m_vaddr;                 /* its virtual address */
	unsigned long p2m_generation;            /* bumped on each change */
};
typedef struct arch_shared_info arch_shared_info_t;

/* The x86 part of vcpu_info: the faulting address of a bounced #PF. */
struct arch_vcpu_info {
	unsigned long cr2;
	unsigned long pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_ARCH_X86_64_H__ */
